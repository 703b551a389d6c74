//! egret's instruction set and code objects.
//!
//! This crate owns what the compiler produces and the interpreter consumes:
//! the [`Op`] instruction set (a stack machine close to CPython 3.11's), the
//! compile-time [`Const`] pool, the [`CodeObject`] with its line table and
//! zero-cost exception table, and a disassembler. It knows nothing about run-time
//! values: the runtime turns constants into objects when it loads a code object.
//!
//! Jump targets are absolute instruction indices. Every instruction owns a
//! feedback slot with the same index (the runtime allocates the slots), so the
//! JIT can ask "what types did instruction N see" without a side table.

use std::fmt::Write as _;
use std::rc::Rc;

pub use num_bigint::BigInt;

mod op;
pub use op::{Feedback, Flow, Jit, Op};

/// Binary operators of `BINARY_OP`, in-place forms included (`a += b`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum BinOp {
    #[default]
    Add,
    Sub,
    Mul,
    MatMul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    /// The operator as written in Python source (`+`, `//`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }

    /// The dunder method name (`__add__`), its reflected form (`__radd__`)
    /// and its in-place form (`__iadd__`).
    pub fn dunders(self) -> (&'static str, &'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__", "__iadd__"),
            BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
            BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
            BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            BinOp::And => ("__and__", "__rand__", "__iand__"),
            BinOp::Or => ("__or__", "__ror__", "__ior__"),
            BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
        }
    }

    pub const ALL: [BinOp; 13] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::MatMul,
        BinOp::TrueDiv,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::And,
        BinOp::Or,
        BinOp::Xor,
    ];
}

/// Rich comparison operators of `COMPARE_OP`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum CmpOp {
    #[default]
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    pub const ALL: [CmpOp; 6] = [
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
    /// The dunder method (`__lt__`) and the reflected one tried second (`__gt__`).
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
        }
    }
}

/// A compile-time constant.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Const]>),
    Code(Rc<CodeObject>),
    Ellipsis,
}

/// One entry of the exception table: an exception raised by an instruction
/// in `start..end` unwinds the value stack to `depth` items, pushes the
/// exception and continues at `handler`. Entries are ordered innermost first;
/// the first entry that covers the faulting instruction wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub depth: u32,
}

/// Code object flags (the subset of CPython's `co_flags` egret uses).
pub mod flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const COROUTINE: u32 = 0x80;
    /// A generator function that `await` accepts (`types.coroutine`).
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
    /// Calling the function creates a suspended frame (a generator,
    /// coroutine or async generator) instead of running it.
    pub const SUSPENDS: u32 = GENERATOR | COROUTINE | ASYNC_GENERATOR;
}

/// A compiled function, class body, module or comprehension.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct CodeObject {
    pub name: String,
    pub qualname: String,
    pub filename: Rc<str>,
    pub first_line: u32,
    pub flags: u32,
    /// Positional parameters (positional-only ones included).
    pub arg_count: u32,
    pub posonly_count: u32,
    pub kwonly_count: u32,
    /// The instructions (shared with the runtime's code object).
    pub code: std::rc::Rc<[Op]>,
    /// Source line of each instruction (parallel to `code`).
    pub lines: Vec<u32>,
    pub consts: Vec<Const>,
    /// Global, attribute and imported names.
    pub names: Vec<String>,
    /// Fast locals: parameters first, then `*args`, `**kwargs`, other locals.
    pub varnames: Vec<String>,
    /// Locals that inner functions capture (they live in cells).
    pub cellvars: Vec<String>,
    /// Variables captured from enclosing scopes.
    pub freevars: Vec<String>,
    /// For each cellvar that is also a parameter, the parameter's index.
    pub cell_params: Vec<(u32, u32)>,
    pub exception_table: Vec<ExceptionEntry>,
    pub max_stack: u32,
}

impl CodeObject {
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// The innermost exception-table entry covering instruction `pc`.
    pub fn handler_for(&self, pc: u32) -> Option<ExceptionEntry> {
        self.exception_table
            .iter()
            .copied()
            .find(|e| e.start <= pc && pc < e.end)
    }

    /// Number of parameters including `*args` and `**kwargs`.
    pub fn total_args(&self) -> usize {
        let mut n = (self.arg_count + self.kwonly_count) as usize;
        if self.has_flag(flags::VARARGS) {
            n += 1;
        }
        if self.has_flag(flags::VARKEYWORDS) {
            n += 1;
        }
        n
    }

    /// Human-readable listing of this code object and the ones nested in it.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.disassemble_into(&mut out);
        out
    }

    fn disassemble_into(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Disassembly of <code object {} (file {:?}, line {})>:",
            self.qualname, &*self.filename, self.first_line
        );
        let _ = writeln!(
            out,
            "  args={} posonly={} kwonly={} stacksize={} flags={:#x} varnames={:?} cellvars={:?} freevars={:?}",
            self.arg_count,
            self.posonly_count,
            self.kwonly_count,
            self.max_stack,
            self.flags,
            self.varnames,
            self.cellvars,
            self.freevars
        );
        let targets: std::collections::HashSet<u32> = self
            .code
            .iter()
            .filter_map(|op| op.jump_target())
            .chain(self.exception_table.iter().map(|e| e.handler))
            .collect();
        let mut last_line = 0;
        for (i, op) in self.code.iter().enumerate() {
            let line = self.lines.get(i).copied().unwrap_or(0);
            let line_col = if line != last_line {
                last_line = line;
                format!("{line:>5}")
            } else {
                "     ".to_string()
            };
            let mark = if targets.contains(&(i as u32)) {
                ">>"
            } else {
                "  "
            };
            let detail = self.describe(*op);
            let _ = writeln!(out, "{line_col} {mark} {i:>5} {op:?}{detail}");
        }
        if !self.exception_table.is_empty() {
            let _ = writeln!(out, "ExceptionTable:");
            for e in &self.exception_table {
                let _ = writeln!(
                    out,
                    "  {} to {} -> {} [{}]",
                    e.start, e.end, e.handler, e.depth
                );
            }
        }
        for c in &self.consts {
            if let Const::Code(inner) = c {
                out.push('\n');
                inner.disassemble_into(out);
            }
        }
    }

    fn describe(&self, op: Op) -> String {
        let name = |i: u32| self.names.get(i as usize).cloned().unwrap_or_default();
        let var = |i: u32| self.varnames.get(i as usize).cloned().unwrap_or_default();
        let deref = |i: u32| {
            let i = i as usize;
            if i < self.cellvars.len() {
                self.cellvars[i].clone()
            } else {
                self.freevars
                    .get(i - self.cellvars.len())
                    .cloned()
                    .unwrap_or_default()
            }
        };
        match op {
            Op::LoadConst(i) => format!(" ({})", const_repr(&self.consts[i as usize])),
            Op::LoadFast(i) | Op::StoreFast(i) | Op::DeleteFast(i) => format!(" ({})", var(i)),
            Op::LoadGlobal(i)
            | Op::StoreGlobal(i)
            | Op::DeleteGlobal(i)
            | Op::LoadName(i)
            | Op::StoreName(i)
            | Op::DeleteName(i)
            | Op::LoadAttr(i)
            | Op::StoreAttr(i)
            | Op::DeleteAttr(i)
            | Op::LoadMethod(i)
            | Op::ImportName(i)
            | Op::ImportFrom(i) => format!(" ({})", name(i)),
            Op::LoadDeref(i)
            | Op::StoreDeref(i)
            | Op::DeleteDeref(i)
            | Op::LoadClosure(i)
            | Op::LoadClassDeref(i) => format!(" ({})", deref(i)),
            _ => String::new(),
        }
    }
}

/// A short repr of a constant for the disassembler.
pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::Bool(b) => if *b { "True" } else { "False" }.into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(i) => i.to_string(),
        Const::Float(f) => format!("{f:?}"),
        Const::Complex(r, i) => format!("({r}+{i}j)"),
        Const::Str(s) => format!("{s:?}"),
        Const::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Const::Code(code) => format!("<code object {}>", code.name),
        Const::Ellipsis => "Ellipsis".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn innermost_handler_wins() {
        let code = CodeObject {
            exception_table: vec![
                ExceptionEntry {
                    start: 2,
                    end: 4,
                    handler: 10,
                    depth: 0,
                },
                ExceptionEntry {
                    start: 0,
                    end: 8,
                    handler: 20,
                    depth: 0,
                },
            ],
            ..CodeObject::default()
        };
        assert_eq!(code.handler_for(3).map(|e| e.handler), Some(10));
        assert_eq!(code.handler_for(5).map(|e| e.handler), Some(20));
        assert_eq!(code.handler_for(8), None);
    }

    #[test]
    fn retargeting_keeps_the_opcode() {
        assert_eq!(Op::ForIter(1).with_target(7), Op::ForIter(7));
        assert_eq!(Op::PopTop.with_target(7), Op::PopTop);
    }
}
