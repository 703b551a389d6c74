//! Code generation: AST plus symbol table to [`CodeObject`]s.
//!
//! One [`Unit`] per code object being built. Control flow uses labels that are
//! patched when a unit is finished. Exception handling is zero-cost: protected
//! instruction ranges go into the code object's exception table, with the
//! value-stack depth a handler starts from. That depth is known statically at
//! statement boundaries: it is the sum of what the enclosing blocks keep on the
//! stack (a `for` loop's iterator, an `except` body's saved exception, ...),
//! which is what [`FBlock::stack_items`] records.

use std::collections::HashMap;
use std::rc::Rc;

use egret_bytecode::{BinOp, CmpOp, CodeObject, Const, ExceptionEntry, Op, flags};
use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::symtable::{self, NameScope, ScopeKind, SymbolTable};
use crate::{CompileError, LineIndex};

mod expr;
pub(crate) mod literals;
mod patterns;
mod stmt;

type CResult<T = ()> = Result<T, CompileError>;

fn err(range: TextRange, msg: impl Into<String>) -> CompileError {
    CompileError {
        message: msg.into(),
        offset: range.start().to_usize(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Label(u32);

/// A protected instruction range still open.
#[derive(Clone, Copy, Debug)]
struct Protect {
    handler: Label,
    depth: u32,
    start: u32,
}

/// A block that `return`, `break` and `continue` must unwind.
#[derive(Clone, Debug)]
enum FBlockKind<'a> {
    Loop {
        continue_to: Label,
        break_to: Label,
        is_for: bool,
    },
    TryExcept,
    /// The body of a `try` with a `finally`: leaving it runs the finally body.
    FinallyTry(&'a [Stmt]),
    /// The finally body on the exception path: `[prev exc]` on the stack.
    FinallyEnd,
    /// An `except` body: `[prev]` on the stack, `name` bound.
    HandlerCleanup(Option<String>),
    With,
    AsyncWith,
    /// An `except*` body: `[prev orig list rest]` on the stack.
    ExceptStarHandler,
    /// A value kept on the stack while a finally body runs for `return`.
    PopValue,
}

/// How many blocks (loops, `try`, `with`, handlers) may be nested in one
/// function, as in CPython.
const MAX_BLOCKS: usize = 20;

#[derive(Clone, Debug)]
struct FBlock<'a> {
    kind: FBlockKind<'a>,
    protect: Option<Protect>,
}

impl FBlock<'_> {
    /// Items this block keeps on the value stack.
    fn stack_items(&self) -> u32 {
        match self.kind {
            FBlockKind::Loop { is_for, .. } => u32::from(is_for),
            FBlockKind::TryExcept | FBlockKind::FinallyTry(_) => 0,
            FBlockKind::FinallyEnd => 2,
            FBlockKind::HandlerCleanup(_) => 1,
            FBlockKind::With | FBlockKind::AsyncWith => 1,
            FBlockKind::ExceptStarHandler => 4,
            FBlockKind::PopValue => 1,
        }
    }
}

struct Unit<'a> {
    code: CodeObject,
    /// The instructions emitted so far (`code.code` once finished).
    ops: Vec<Op>,
    scope: usize,
    labels: Vec<u32>,
    fblocks: Vec<FBlock<'a>>,
    entries: Vec<(u32, u32, Label, u32)>,
    line: u32,
    names: HashMap<String, u32>,
    varnames: HashMap<String, u32>,
    /// Set while compiling the class body of this name (for `__qualname__`).
    qualname: String,
    /// The innermost enclosing class's name, for mangling `__names`.
    private: Option<String>,
}

struct Compiler<'a> {
    filename: Rc<str>,
    /// The source text (literals are read again from it; see `literals`).
    source: &'a str,
    lines: LineIndex,
    table: SymbolTable,
    units: Vec<Unit<'a>>,
    interactive: bool,
    /// What the module's future statements turned on.
    future: crate::future::Features,
}

pub fn compile_module<'a>(
    body: &'a [Stmt],
    source: &'a str,
    filename: &str,
    interactive: bool,
    future: crate::future::Features,
) -> CResult<Rc<CodeObject>> {
    compile_module_with(
        body,
        source,
        LineIndex::new(source),
        filename,
        interactive,
        future,
    )
}

pub fn compile_module_with<'a>(
    body: &'a [Stmt],
    source: &'a str,
    lines: LineIndex,
    filename: &str,
    interactive: bool,
    future: crate::future::Features,
) -> CResult<Rc<CodeObject>> {
    let table = symtable::build(body, future.annotations)?;
    let mut c = Compiler {
        filename: filename.into(),
        source,
        lines,
        table,
        units: Vec::new(),
        interactive,
        future,
    };
    c.push_unit(0, "<module>", "<module>", 1);
    // A docstring becomes __doc__.
    let body = if let Some(Stmt::Expr(e)) = body.first()
        && let Expr::StringLiteral(_) = &*e.value
        && !interactive
    {
        c.set_line(e.range);
        c.expr(&e.value)?;
        c.store_name("__doc__")?;
        &body[1..]
    } else {
        body
    };
    if has_annotations(body) {
        c.emit(Op::BuildMap(0));
        c.store_name("__annotations__")?;
    }
    c.stmts(body)?;
    c.load_const(Const::None);
    c.emit(Op::ReturnValue);
    Ok(Rc::new(c.finish_unit()))
}

/// Whether a module or class body annotates a variable (and so gets an
/// `__annotations__` dict, as CPython's SETUP_ANNOTATIONS does).
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::If(i) => {
            has_annotations(&i.body) || i.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(w) => has_annotations(&w.body) || has_annotations(&w.orelse),
        Stmt::With(w) => has_annotations(&w.body),
        Stmt::Try(t) => {
            has_annotations(&t.body)
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
                || t.handlers.iter().any(|h| match h {
                    ast::ExceptHandler::ExceptHandler(h) => has_annotations(&h.body),
                })
        }
        _ => false,
    })
}

pub fn compile_eval(body: &Expr, source: &str, filename: &str) -> CResult<Rc<CodeObject>> {
    compile_eval_with(body, source, LineIndex::new(source), filename)
}

pub fn compile_eval_with(
    body: &Expr,
    source: &str,
    lines: LineIndex,
    filename: &str,
) -> CResult<Rc<CodeObject>> {
    let wrapper = [Stmt::Expr(ast::StmtExpr {
        node_index: Default::default(),
        range: body.range(),
        value: Box::new(body.clone()),
    })];
    let table = symtable::build(&wrapper, false)?;
    let mut c = Compiler {
        filename: filename.into(),
        source,
        lines,
        table,
        units: Vec::new(),
        interactive: false,
        future: crate::future::Features::default(),
    };
    c.push_unit(0, "<module>", "<module>", 1);
    let Stmt::Expr(e) = &wrapper[0] else {
        unreachable!("built above")
    };
    c.set_line(e.range);
    c.expr(&e.value)?;
    c.emit(Op::ReturnValue);
    Ok(Rc::new(c.finish_unit()))
}

fn is_docstring(body: &[Stmt]) -> bool {
    matches!(body.first(), Some(Stmt::Expr(e)) if matches!(&*e.value, Expr::StringLiteral(_)))
}

impl<'a> Compiler<'a> {
    // ----- units, labels, emission -----

    fn push_unit(&mut self, scope: usize, name: &str, qualname: &str, first_line: u32) {
        let s = &self.table.scopes[scope];
        let mut code = CodeObject {
            name: name.to_string(),
            qualname: qualname.to_string(),
            filename: self.filename.clone(),
            first_line,
            ..CodeObject::default()
        };
        let mut varnames = HashMap::new();
        if matches!(s.kind, ScopeKind::Function | ScopeKind::Comprehension) {
            code.flags |= flags::OPTIMIZED | flags::NEWLOCALS;
            code.varnames = s.fast_locals();
            for (i, v) in code.varnames.iter().enumerate() {
                varnames.insert(v.clone(), i as u32);
            }
            code.flags |= match (s.is_async, s.is_generator) {
                (true, true) => flags::ASYNC_GENERATOR,
                (true, false) => flags::COROUTINE,
                (false, true) => flags::GENERATOR,
                (false, false) => 0,
            };
        }
        code.cellvars = s.cellvars.clone();
        code.freevars = s.freevars.clone();
        for (ci, cell) in code.cellvars.iter().enumerate() {
            if let Some(pi) = s.params.iter().position(|p| p == cell) {
                code.cell_params.push((ci as u32, pi as u32));
            }
        }
        self.units.push(Unit {
            ops: Vec::new(),
            code,
            scope,
            labels: Vec::new(),
            fblocks: Vec::new(),
            entries: Vec::new(),
            line: first_line,
            names: HashMap::new(),
            varnames,
            qualname: qualname.to_string(),
            private: s.private.clone(),
        });
    }

    fn finish_unit(&mut self) -> CodeObject {
        let mut u = self.units.pop().expect("a unit is open");
        let labels = u.labels.clone();
        for op in u.ops.iter_mut() {
            if let Some(t) = op.jump_target() {
                *op = op.with_target(labels[t as usize]);
            }
        }
        u.code.code = std::mem::take(&mut u.ops).into();
        u.code.exception_table = u
            .entries
            .iter()
            .filter(|(s, e, _, _)| s < e)
            .map(|&(start, end, h, depth)| ExceptionEntry {
                start,
                end,
                handler: labels[h.0 as usize],
                depth,
            })
            .collect();
        let depth = crate::stackdepth::analyze(&u.code);
        debug_assert!(
            depth.error.is_none(),
            "stack depths of {}: {:?}",
            u.code.qualname,
            depth.error
        );
        u.code.max_stack = depth.max;
        u.code
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is open")
    }

    fn scope(&self) -> &symtable::Scope {
        let u = self.units.last().expect("a unit is open");
        &self.table.scopes[u.scope]
    }

    fn set_line(&mut self, range: TextRange) {
        let line = self.lines.line_of(range.start().to_usize()) as u32;
        self.unit().line = line;
    }

    fn pos(&mut self) -> u32 {
        self.unit().ops.len() as u32
    }

    fn emit(&mut self, op: Op) {
        let u = self.unit();
        u.ops.push(op);
        let line = u.line;
        u.code.lines.push(line);
    }

    fn new_label(&mut self) -> Label {
        let u = self.unit();
        u.labels.push(u32::MAX);
        Label(u.labels.len() as u32 - 1)
    }

    fn bind(&mut self, l: Label) {
        let p = self.pos();
        self.unit().labels[l.0 as usize] = p;
    }

    fn jump(&mut self, make: fn(u32) -> Op, l: Label) {
        self.emit(make(l.0));
    }

    fn add_const(&mut self, c: Const) -> u32 {
        let u = self.unit();
        // Reuse identical simple constants.
        let found = u.code.consts.iter().position(|e| match (e, &c) {
            (Const::None, Const::None) | (Const::Ellipsis, Const::Ellipsis) => true,
            (Const::Bool(a), Const::Bool(b)) => a == b,
            (Const::Int(a), Const::Int(b)) => a == b,
            (Const::Str(a), Const::Str(b)) => a == b,
            _ => false,
        });
        match found {
            Some(i) => i as u32,
            None => {
                u.code.consts.push(c);
                u.code.consts.len() as u32 - 1
            }
        }
    }

    fn load_const(&mut self, c: Const) {
        let i = self.add_const(c);
        self.emit(Op::LoadConst(i));
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.names.get(name) {
            return i;
        }
        let i = u.code.names.len() as u32;
        u.code.names.push(name.to_string());
        u.names.insert(name.to_string(), i);
        i
    }

    /// The name index of an attribute name, mangled inside a class.
    fn attr_index(&mut self, name: &str) -> u32 {
        let private = self.unit().private.clone();
        let name = symtable::mangle(private.as_deref(), name).into_owned();
        self.name_index(&name)
    }

    fn var_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.varnames.get(name) {
            return i;
        }
        let i = u.code.varnames.len() as u32;
        u.code.varnames.push(name.to_string());
        u.varnames.insert(name.to_string(), i);
        i
    }

    fn deref_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.code.cellvars.iter().position(|c| c == name) {
            return i as u32;
        }
        let n = u.code.cellvars.len();
        match u.code.freevars.iter().position(|c| c == name) {
            Some(i) => (n + i) as u32,
            None => {
                u.code.freevars.push(name.to_string());
                (n + u.code.freevars.len() - 1) as u32
            }
        }
    }

    // ----- exception-table protection -----

    fn stack_depth(&self) -> u32 {
        let u = self.units.last().expect("a unit is open");
        u.fblocks.iter().map(FBlock::stack_items).sum()
    }

    fn push_fblock(&mut self, kind: FBlockKind<'a>, handler: Option<(Label, u32)>) {
        let start = self.pos();
        let protect = handler.map(|(handler, depth)| Protect {
            handler,
            depth,
            start,
        });
        self.unit().fblocks.push(FBlock { kind, protect });
    }

    fn close_protection(&mut self, p: &Protect) {
        let end = self.pos();
        self.unit().entries.push((p.start, end, p.handler, p.depth));
    }

    fn pop_fblock(&mut self) -> FBlock<'a> {
        let b = self.unit().fblocks.pop().expect("fblock pushed");
        if let Some(p) = &b.protect {
            self.close_protection(p);
        }
        b
    }

    // ----- names -----

    fn name_op(&mut self, name: &str, ctx: NameCtx) -> CResult {
        let private = self.unit().private.clone();
        let mangled = symtable::mangle(private.as_deref(), name).into_owned();
        let name = mangled.as_str();
        let scope = self.scope().lookup(name);
        let kind = self.scope().kind;
        let optimized = matches!(kind, ScopeKind::Function | ScopeKind::Comprehension);
        let op = match scope {
            NameScope::Local if optimized => {
                let i = self.var_index(name);
                match ctx {
                    NameCtx::Load => Op::LoadFast(i),
                    NameCtx::Store => Op::StoreFast(i),
                    NameCtx::Del => Op::DeleteFast(i),
                }
            }
            NameScope::Cell | NameScope::Free => {
                let i = self.deref_index(name);
                match ctx {
                    NameCtx::Load if kind == ScopeKind::Class => Op::LoadClassDeref(i),
                    NameCtx::Load => Op::LoadDeref(i),
                    NameCtx::Store => Op::StoreDeref(i),
                    NameCtx::Del => Op::DeleteDeref(i),
                }
            }
            NameScope::GlobalExplicit => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => Op::LoadGlobal(i),
                    NameCtx::Store => Op::StoreGlobal(i),
                    NameCtx::Del => Op::DeleteGlobal(i),
                }
            }
            NameScope::GlobalImplicit if optimized => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => Op::LoadGlobal(i),
                    NameCtx::Store => Op::StoreGlobal(i),
                    NameCtx::Del => Op::DeleteGlobal(i),
                }
            }
            _ => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => Op::LoadName(i),
                    NameCtx::Store => Op::StoreName(i),
                    NameCtx::Del => Op::DeleteName(i),
                }
            }
        };
        self.emit(op);
        Ok(())
    }

    fn load_name(&mut self, name: &str) -> CResult {
        self.name_op(name, NameCtx::Load)
    }

    fn store_name(&mut self, name: &str) -> CResult {
        self.name_op(name, NameCtx::Store)
    }
}

#[derive(Clone, Copy)]
enum NameCtx {
    Load,
    Store,
    Del,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqKind {
    List,
    Tuple,
    Set,
}

#[derive(Clone, Copy)]
enum CompKind<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn int_const(v: BigInt) -> Const {
    match i64::try_from(&v) {
        Ok(i) => Const::Int(i),
        Err(_) => Const::BigInt(v),
    }
}

/// Parses an integer literal token (`0x_ff`, `1_000`, `0o17`, `0b1`).
pub(crate) fn parse_int(i: &ast::Int, range: TextRange) -> CResult<BigInt> {
    if let Some(v) = i.as_u64() {
        return Ok(BigInt::from(v));
    }
    let text = i.to_string().replace('_', "");
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
        .ok_or_else(|| err(range, "invalid integer literal"))
}

fn number_const(n: &ast::Number, range: TextRange) -> CResult<Const> {
    Ok(match n {
        ast::Number::Int(i) => int_const(parse_int(i, range)?),
        ast::Number::Float(f) => Const::Float(*f),
        ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
    })
}

/// A tuple display made only of constants becomes one constant.
fn const_tuple(elts: &[Expr]) -> Option<Const> {
    let mut out = Vec::with_capacity(elts.len());
    for e in elts {
        out.push(match e {
            Expr::NumberLiteral(n) => number_const(&n.value, n.range).ok()?,
            // Literals the parser may have misread are built one by one
            // (see `literals`).
            Expr::StringLiteral(s)
                if !s
                    .value
                    .to_str()
                    .chars()
                    .any(|c| c == '\u{fffd}' || ('\u{10d800}'..='\u{10dfff}').contains(&c)) =>
            {
                Const::Str(s.value.to_str().into())
            }
            Expr::BooleanLiteral(b) => Const::Bool(b.value),
            Expr::NoneLiteral(_) => Const::None,
            Expr::Tuple(t) => const_tuple(&t.elts)?,
            _ => return None,
        });
    }
    Some(Const::Tuple(out.into()))
}

fn expr_kind_name(e: &Expr) -> &'static str {
    match e {
        Expr::Tuple(_) => "tuple",
        Expr::List(_) => "list",
        Expr::Call(_) => "function call",
        Expr::BinOp(_) | Expr::UnaryOp(_) | Expr::BoolOp(_) => "expression",
        Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => "literal",
        _ => "expression",
    }
}

fn assign_error(e: &Expr) -> String {
    match e {
        Expr::Call(_) => {
            "cannot assign to function call here. Maybe you meant '==' instead of '='?".into()
        }
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::BytesLiteral(_) => {
            "cannot assign to literal here. Maybe you meant '==' instead of '='?".into()
        }
        Expr::NoneLiteral(_) => "cannot assign to None".into(),
        Expr::BooleanLiteral(b) => format!(
            "cannot assign to {}",
            if b.value { "True" } else { "False" }
        ),
        _ => "cannot assign to expression here. Maybe you meant '==' instead of '='?".into(),
    }
}
