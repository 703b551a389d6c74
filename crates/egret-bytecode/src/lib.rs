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

/// Binary operators of `BINARY_OP`, in-place forms included (`a += b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum BinOp {
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum CmpOp {
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

/// One instruction. Stack effects are written `[before] -> [after]`, top of
/// stack rightmost. "Feedback" names what the instruction records in its slot;
/// "JIT" says how compiled code treats it once the JIT lands.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Op {
    /// `[] -> []`.
    Nop,
    /// `[a] -> []`.
    PopTop,
    /// `[.. a(n-th)] -> [.. a(n-th) a]`: push a copy of the n-th item (1 = top).
    Copy(u32),
    /// `[.. a(n-th) .. b] -> [.. b .. a]`: swap top and n-th item.
    Swap(u32),
    /// `[] -> [const]`.
    LoadConst(u32),
    /// `[] -> [local]`; UnboundLocalError if unset. Feedback: value type.
    LoadFast(u32),
    /// `[v] -> []`.
    StoreFast(u32),
    /// `[] -> []`: unbind a local (UnboundLocalError if unset).
    DeleteFast(u32),
    /// `[] -> [v]`: global, then builtins. Feedback: value type. JIT: guarded by the globals version.
    LoadGlobal(u32),
    /// `[v] -> []`.
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// `[] -> [v]`: locals mapping, globals, builtins (module and class bodies).
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    /// `[] -> [cell contents]`; index into cellvars ++ freevars.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// `[] -> [v]` in a class body: the class namespace first, then the cell.
    LoadClassDeref(u32),
    /// `[] -> [cell]`: the cell object itself, to build a closure.
    LoadClosure(u32),
    /// `[obj] -> [obj.name]`. Feedback: receiver type / shape.
    LoadAttr(u32),
    /// `[v obj] -> []`: `obj.name = v`.
    StoreAttr(u32),
    /// `[obj] -> []`.
    DeleteAttr(u32),
    /// `[obj] -> [func self]` when `name` is a plain function on the type,
    /// else `[attr NULL]`. Pairs with `Call`.
    LoadMethod(u32),
    /// `[] -> [NULL]`: the empty self slot of a plain call.
    PushNull,
    /// `[func self|NULL a1..an] -> [result]`. Feedback: callee.
    Call(u32),
    /// `[func self|NULL a1..an names] -> [result]`: the last `len(names)`
    /// arguments are keyword arguments named by the tuple `names`.
    CallKw(u32),
    /// `[func NULL args_tuple kwargs_dict?] -> [result]`; arg = 1 if kwargs present.
    CallEx(u32),
    /// `[a b] -> [a op b]`. Feedback: operand types. arg: operator, in-place flag.
    BinaryOp(BinOp, bool),
    /// `[a] -> [-a]`.
    UnaryNegative,
    UnaryPositive,
    UnaryInvert,
    /// `[a] -> [not a]`.
    UnaryNot,
    /// `[a b] -> [a op b]`. Feedback: operand types.
    CompareOp(CmpOp),
    /// `[a b] -> [a is b]` (arg 1: `is not`).
    IsOp(bool),
    /// `[a b] -> [a in b]` (arg 1: `not in`).
    ContainsOp(bool),
    /// `[container key] -> [container[key]]`. Feedback: container type.
    BinarySubscr,
    /// `[v container key] -> []`.
    StoreSubscr,
    /// `[container key] -> []`.
    DeleteSubscr,
    /// `[start stop (step)] -> [slice]`, arg 2 or 3.
    BuildSlice(u32),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `[k1 v1 .. kn vn] -> [dict]`.
    BuildMap(u32),
    /// `[s1 .. sn] -> [s1 + .. + sn]` (f-strings).
    BuildString(u32),
    /// `[list .. v] -> [list ..]`: `list.append(v)` where list is the n-th item under v.
    ListAppend(u32),
    SetAdd(u32),
    /// `[dict .. k v] -> [dict ..]`.
    MapAdd(u32),
    /// `[list .. it] -> [list ..]`: `list.extend(it)`.
    ListExtend(u32),
    SetUpdate(u32),
    /// `[dict .. m] -> [dict ..]`: `dict.update(m)` (dict displays with `**`).
    DictUpdate(u32),
    /// Like `DictUpdate` but duplicate keys are a TypeError (calls with `**`).
    DictMerge(u32),
    /// `[list] -> [tuple]`.
    ListToTuple,
    /// `[v (spec)] -> [str]`: arg bits 0-1 conversion (0 none, 1 str, 2 repr, 3 ascii), bit 2 spec present.
    FormatValue(u32),
    /// `[seq] -> [vn .. v1]`: exactly n items.
    UnpackSequence(u32),
    /// `[seq] -> [after.. list before..]`: arg = before | after << 8.
    UnpackEx(u32),
    /// `[obj] -> [iter(obj)]`.
    GetIter,
    /// `[obj] -> [iterator]` for `yield from`: generators are kept as they are.
    GetYieldFromIter,
    /// `[obj] -> [iterator]` for `await obj`: a coroutine itself, or what
    /// `obj.__await__()` returns. The argument names the source for error
    /// messages: 0 an `await`, 1 `__aenter__`, 2 `__aexit__`.
    GetAwaitable(u32),
    /// `[v] -> [aiter]`: `type(v).__aiter__(v)` for `async for`.
    GetAIter,
    /// `[aiter] -> [aiter awaitable]`: the awaitable of `__anext__()`.
    GetANext,
    /// `[aiter exc] -> []` when exc is StopAsyncIteration (the loop ends);
    /// re-raises exc otherwise.
    EndAsyncFor,
    /// `[mgr] -> [aexit awaitable]`: `async with` entry.
    BeforeAsyncWith,
    /// `[v] -> [wrapped]`: marks a value an async generator yields (as
    /// opposed to one an `await` in its body passes through).
    AsyncGenWrap,
    /// `[sub sent] -> [sub yielded]`: sends `sent` into the delegated-to
    /// iterator `sub` (`yield from`); when it finishes, `[sub sent] -> [result]`
    /// and jump to the target.
    Send(u32),
    /// `[it] -> [it next]`, or pops `it` and jumps to target when exhausted.
    /// Feedback: iterator type. JIT: `range` iterators become counted loops.
    ForIter(u32),
    /// Unconditional forward jump.
    Jump(u32),
    /// Backward jump closing a loop: counts back-edges (JIT: OSR entry point).
    JumpBackward(u32),
    /// `[v] -> []`, jump if falsy.
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// `[v] -> [v]` and jump if falsy, else `[v] -> []`.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// `[v] -> []`, leave the frame with v.
    ReturnValue,
    /// `[v] -> [sent]`: suspend the generator's frame, handing v to the caller;
    /// resumes with the value sent in (None for `next`).
    YieldValue,
    /// `[defaults? kwdefaults? closure? code] -> [function]`; arg bits:
    /// 1 defaults tuple, 2 kwdefaults dict, 8 closure tuple.
    MakeFunction(u32),
    /// `[] -> [__build_class__]`.
    LoadBuildClass,
    /// `[level fromlist] -> [module]`.
    ImportName(u32),
    /// `[module] -> [module attr]`.
    ImportFrom(u32),
    /// `[module] -> []`: `from m import *`.
    ImportStar,
    /// `[exc? cause?] -> !`: arg 0 re-raises the handled exception, 1 raises exc, 2 raises exc from cause.
    RaiseVarargs(u32),
    /// `[exc] -> !`: re-raise without adding a traceback entry.
    Reraise,
    /// `[exc] -> [prev_handled exc]`: start handling exc (sys.exc_info()).
    PushExcInfo,
    /// `[prev_handled] -> []`: stop handling, restore the previous one.
    PopExcept,
    /// `[exc type] -> [exc bool]`.
    CheckExcMatch,
    /// `[] -> [AssertionError]`.
    LoadAssertionError,
    /// `[mgr] -> [exit enter_result]`: `with` entry.
    BeforeWith,
    /// `[exit prev exc] -> [exit prev exc result]`: call `exit(type, exc, tb)`.
    WithExceptStart,
    /// `[exit] -> []`: call `exit(None, None, None)` on normal exit of a `with` body.
    WithExit,
    /// `[v] -> []`: show v through `sys.displayhook` (interactive statements).
    PrintExpr,
    /// `[exc type] -> [rest match]`: splits what is left of the exception an
    /// `except*` handles by a clause's type (match None: no match) and
    /// makes the match the handled exception.
    CheckEgMatch,
    /// `[orig list] -> [exc-or-None]`: what an `except*` statement raises,
    /// from what its clauses raised and the unhandled rest.
    PrepReraiseStar,
    /// `[subject] -> [subject bool]`: is the subject a sequence for `match`?
    MatchSequence,
    /// `[subject] -> [subject bool]`: is the subject a mapping for `match`?
    MatchMapping,
    /// `[v] -> [v len(v)]`.
    GetLen,
    /// `[subject keys] -> [subject keys values-or-None]`: look up a tuple of
    /// keys in a mapping pattern's subject.
    MatchKeys,
    /// `[subject cls names] -> [attrs-or-None]`: a class pattern with this
    /// many positional sub-patterns and the keyword names in `names`.
    MatchClass(u32),
    /// `[] -> []`: raise NotImplementedError naming a construct the
    /// compiler accepted but egret cannot run yet (const index of the message).
    NotImplemented(u32),
}

impl Op {
    /// The jump target, for instructions that have one.
    pub fn jump_target(self) -> Option<u32> {
        match self {
            Op::ForIter(t)
            | Op::Send(t)
            | Op::Jump(t)
            | Op::JumpBackward(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t) => Some(t),
            _ => None,
        }
    }

    /// Replaces the jump target (used when the compiler patches labels).
    pub fn with_target(self, t: u32) -> Op {
        match self {
            Op::ForIter(_) => Op::ForIter(t),
            Op::Send(_) => Op::Send(t),
            Op::Jump(_) => Op::Jump(t),
            Op::JumpBackward(_) => Op::JumpBackward(t),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(t),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(t),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(t),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(t),
            other => other,
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
    pub code: Vec<Op>,
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
            "  args={} posonly={} kwonly={} flags={:#x} varnames={:?} cellvars={:?} freevars={:?}",
            self.arg_count,
            self.posonly_count,
            self.kwonly_count,
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
