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

#[path = "patterns.rs"]
mod patterns;

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
    lines: LineIndex,
    table: SymbolTable,
    units: Vec<Unit<'a>>,
    interactive: bool,
}

pub fn compile_module(
    body: &[Stmt],
    source: &str,
    filename: &str,
    interactive: bool,
) -> CResult<Rc<CodeObject>> {
    let table = symtable::build(body)?;
    let mut c = Compiler {
        filename: filename.into(),
        lines: LineIndex::new(source),
        table,
        units: Vec::new(),
        interactive,
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
    let wrapper = [Stmt::Expr(ast::StmtExpr {
        node_index: Default::default(),
        range: body.range(),
        value: Box::new(body.clone()),
    })];
    let table = symtable::build(&wrapper)?;
    let mut c = Compiler {
        filename: filename.into(),
        lines: LineIndex::new(source),
        table,
        units: Vec::new(),
        interactive: false,
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
        for op in u.code.code.iter_mut() {
            if let Some(t) = op.jump_target() {
                *op = op.with_target(labels[t as usize]);
            }
        }
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
        self.unit().code.code.len() as u32
    }

    fn emit(&mut self, op: Op) {
        let u = self.unit();
        u.code.code.push(op);
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

    // ----- statements -----

    fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.set_line(s.range());
        // CPython's compiler allows 20 nested blocks (CO_MAXBLOCKS).
        if matches!(
            s,
            Stmt::For(_) | Stmt::While(_) | Stmt::With(_) | Stmt::Try(_)
        ) && self.unit().fblocks.len() >= MAX_BLOCKS
        {
            return Err(err(s.range(), "too many statically nested blocks"));
        }
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => {
                if !matches!(
                    self.scope().kind,
                    ScopeKind::Function | ScopeKind::Comprehension
                ) {
                    return Err(err(r.range, "'return' outside function"));
                }
                self.reject_in_except_star(r.range, 0)?;
                if r.value.is_some() && self.unit().code.flags & flags::ASYNC_GENERATOR != 0 {
                    return Err(err(r.range, "'return' with value in async generator"));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.unwind_all(true)?;
                self.emit(Op::ReturnValue);
                self.resume_protection(0);
                Ok(())
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                if let [target] = &a.targets[..]
                    && self.swap_assign(target, &a.value)?
                {
                    return Ok(());
                }
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Op::Copy(1));
                    }
                    self.assign(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.assign(&a.target)?;
                } else if let Expr::Attribute(at) = &*a.target {
                    self.expr(&at.value)?;
                    self.emit(Op::PopTop);
                }
                // Module and class bodies record `name: annotation`.
                let records = matches!(self.scope().kind, ScopeKind::Module | ScopeKind::Class);
                if records
                    && a.simple
                    && let Expr::Name(n) = &*a.target
                {
                    self.expr(&a.annotation)?;
                    self.load_name("__annotations__")?;
                    self.load_const(Const::Str(n.id.as_str().into()));
                    self.emit(Op::StoreSubscr);
                }
                Ok(())
            }
            Stmt::TypeAlias(t) => Err(err(t.range, "type aliases are Python 3.12 syntax")),
            Stmt::For(f) => self.for_stmt(f),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => self.with_stmt(&w.items, &w.body, w.is_async),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::RaiseVarargs(n));
                Ok(())
            }
            Stmt::Try(t) => {
                if t.finalbody.is_empty() && t.is_star {
                    self.try_star_parts(&t.body, &t.handlers, &t.orelse)
                } else if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Assert(a) => {
                let end = self.new_label();
                self.jump_if(&a.test, true, end)?;
                self.emit(Op::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.emit(Op::PushNull);
                    self.expr(m)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::RaiseVarargs(1));
                self.bind(end);
                Ok(())
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let full = a.name.as_str();
                    self.load_const(Const::Int(0));
                    self.load_const(Const::None);
                    let ni = self.name_index(full);
                    self.emit(Op::ImportName(ni));
                    match &a.asname {
                        Some(asname) => {
                            for part in full.split('.').skip(1) {
                                let pi = self.name_index(part);
                                self.emit(Op::ImportFrom(pi));
                                self.emit(Op::Swap(2));
                                self.emit(Op::PopTop);
                            }
                            self.store_name(asname.as_str())?;
                        }
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            self.store_name(top)?;
                        }
                    }
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                self.load_const(Const::Int(i64::from(i.level)));
                let names: Vec<Const> = i
                    .names
                    .iter()
                    .map(|a| Const::Str(a.name.as_str().into()))
                    .collect();
                self.load_const(Const::Tuple(names.into()));
                let mi = self.name_index(module);
                self.emit(Op::ImportName(mi));
                if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
                    self.emit(Op::ImportStar);
                    return Ok(());
                }
                for a in &i.names {
                    let ni = self.attr_index(a.name.as_str());
                    self.emit(Op::ImportFrom(ni));
                    self.store_name(a.asname.as_ref().unwrap_or(&a.name).as_str())?;
                }
                self.emit(Op::PopTop);
                Ok(())
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    // The REPL shows expression statements through sys.displayhook.
                    self.expr(&e.value)?;
                    self.emit(Op::PrintExpr);
                    return Ok(());
                }
                if let Expr::StringLiteral(_) | Expr::NumberLiteral(_) = &*e.value {
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.emit(Op::PopTop);
                Ok(())
            }
            Stmt::Break(b) => self.break_continue(b.range, true),
            Stmt::Continue(c) => self.break_continue(c.range, false),
            Stmt::IpyEscapeCommand(c) => Err(err(c.range, "invalid syntax")),
        }
    }

    /// Emits the unwinding code for every block, innermost first, for a
    /// `return` (`preserve_tos`: the return value stays on top).
    fn unwind_all(&mut self, preserve_tos: bool) -> CResult {
        let blocks = self.unit().fblocks.clone();
        let mut saved = Vec::new();
        for i in (0..blocks.len()).rev() {
            let b = self.pop_fblock();
            self.unwind_block(&b, preserve_tos)?;
            saved.push(b);
            let _ = i;
        }
        // Restore the blocks (their protection resumes after the jump/return).
        self.unit().fblocks.extend(saved.into_iter().rev());
        Ok(())
    }

    /// After a `return`/`break`/`continue`, the blocks it unwound (those from
    /// index `from` outward-in, whose protection it closed) protect what
    /// follows again. Blocks below `from` were not unwound: their protection
    /// is still open and keeps its start.
    fn resume_protection(&mut self, from: usize) {
        let p = self.pos();
        for b in self.unit().fblocks[from..].iter_mut() {
            if let Some(pr) = &mut b.protect {
                pr.start = p;
            }
        }
    }

    fn unwind_block(&mut self, b: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match &b.kind {
            FBlockKind::Loop { is_for, .. } => {
                if *is_for {
                    if preserve_tos {
                        self.emit(Op::Swap(2));
                    }
                    self.emit(Op::PopTop);
                }
            }
            FBlockKind::TryExcept => {}
            FBlockKind::FinallyTry(body) => {
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, None);
                }
                self.stmts(body)?;
                if preserve_tos {
                    self.pop_fblock();
                }
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop); // the exception
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopExcept);
            }
            FBlockKind::HandlerCleanup(name) => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopExcept);
                if let Some(n) = name {
                    self.load_const(Const::None);
                    self.store_name(n)?;
                    self.name_op(n, NameCtx::Del)?;
                }
            }
            FBlockKind::With => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::WithExit);
            }
            FBlockKind::AsyncWith => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.async_with_exit();
            }
            FBlockKind::ExceptStarHandler => {
                unreachable!("break, continue and return are rejected in except* bodies")
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.emit(Op::Swap(2));
                }
                self.emit(Op::PopTop);
            }
        }
        Ok(())
    }

    fn break_continue(&mut self, range: TextRange, is_break: bool) -> CResult {
        let blocks = self.unit().fblocks.clone();
        let Some(loop_at) = blocks
            .iter()
            .rposition(|b| matches!(b.kind, FBlockKind::Loop { .. }))
        else {
            return Err(err(
                range,
                if is_break {
                    "'break' outside loop"
                } else {
                    "'continue' not properly in loop"
                },
            ));
        };
        self.reject_in_except_star(range, loop_at + 1)?;
        let mut saved = Vec::new();
        for _ in (loop_at + 1)..blocks.len() {
            let b = self.pop_fblock();
            self.unwind_block(&b, false)?;
            saved.push(b);
        }
        let FBlockKind::Loop {
            continue_to,
            break_to,
            is_for,
        } = blocks[loop_at].kind
        else {
            unreachable!("found a loop above")
        };
        if is_break {
            if is_for {
                // Break leaves the iterator behind: pop it.
                self.emit(Op::PopTop);
            }
            self.jump(Op::Jump, break_to);
        } else {
            self.jump(Op::JumpBackward, continue_to);
        }
        self.unit().fblocks.extend(saved.into_iter().rev());
        self.resume_protection(loop_at + 1);
        Ok(())
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
            self.emit(Op::PushNull);
        }
        let scope = self.table.scope_of(f);
        let qualname = self.child_qualname(f.name.as_str());
        let first_line = self.lines.line_of(f.range.start().to_usize()) as u32;
        let mut flags = self.defaults(&f.parameters)?;
        if self.annotations(&f.parameters, f.returns.as_deref())? {
            flags |= 4;
        }
        self.push_unit(scope, f.name.as_str(), &qualname, first_line);
        self.set_arg_counts(&f.parameters);
        let body: &'a [Stmt] = &f.body;
        let body = if is_docstring(body) {
            if let Stmt::Expr(e) = &body[0]
                && let Expr::StringLiteral(s) = &*e.value
            {
                self.add_const(Const::Str(s.value.to_str().into()));
            }
            &body[1..]
        } else {
            self.add_const(Const::None);
            body
        };
        self.stmts(body)?;
        self.load_const(Const::None);
        self.emit(Op::ReturnValue);
        let code = self.finish_unit();
        self.make_closure(code, flags)?;
        for _ in &f.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(f.name.as_str())
    }

    fn child_qualname(&self, name: &str) -> String {
        let u = self.units.last().expect("a unit is open");
        match self.table.scopes[u.scope].kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{name}", u.qualname),
            _ => format!("{}.<locals>.{name}", u.qualname),
        }
    }

    /// Pushes defaults/kwdefaults and returns the MakeFunction flags.
    fn defaults(&mut self, p: &'a ast::Parameters) -> CResult<u32> {
        let mut flags = 0;
        let positional: Vec<&ast::ParameterWithDefault> =
            p.posonlyargs.iter().chain(p.args.iter()).collect();
        let defaults: Vec<&Expr> = positional
            .iter()
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(defaults.len() as u32));
            flags |= 1;
        }
        let kw: Vec<&ast::ParameterWithDefault> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            for a in &kw {
                self.load_const(Const::Str(a.parameter.name.as_str().into()));
                if let Some(d) = &a.default {
                    self.expr(d)?;
                }
            }
            self.emit(Op::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// Pushes a dict of the parameter and return annotations, if any.
    fn annotations(&mut self, p: &'a ast::Parameters, returns: Option<&'a Expr>) -> CResult<bool> {
        let mut n = 0;
        let params = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref());
        for param in params {
            if let Some(ann) = &param.annotation {
                self.load_const(Const::Str(param.name.as_str().into()));
                self.expr(ann)?;
                n += 1;
            }
        }
        if let Some(r) = returns {
            self.load_const(Const::Str("return".into()));
            self.expr(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit(Op::BuildMap(n));
        }
        Ok(n > 0)
    }

    /// The `SEND`/`YIELD_VALUE` loop of `yield from` and `await`: the
    /// delegated-to iterator is on the stack; its return value is left there.
    fn delegate_loop(&mut self) {
        self.load_const(Const::None);
        let top = self.new_label();
        let exit = self.new_label();
        self.bind(top);
        self.jump(Op::Send, exit);
        self.emit(Op::YieldValue);
        self.jump(Op::JumpBackward, top);
        self.bind(exit);
    }

    fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.unit();
        u.code.posonly_count = p.posonlyargs.len() as u32;
        u.code.arg_count = (p.posonlyargs.len() + p.args.len()) as u32;
        u.code.kwonly_count = p.kwonlyargs.len() as u32;
        if p.vararg.is_some() {
            u.code.flags |= flags::VARARGS;
        }
        if p.kwarg.is_some() {
            u.code.flags |= flags::VARKEYWORDS;
        }
    }

    /// Pushes the closure (if any) and the code, then MakeFunction.
    fn make_closure(&mut self, code: CodeObject, mut flags: u32) -> CResult {
        if !code.freevars.is_empty() {
            for fv in code.freevars.clone() {
                let i = self.deref_index(&fv);
                self.emit(Op::LoadClosure(i));
            }
            self.emit(Op::BuildTuple(code.freevars.len() as u32));
            flags |= 8;
        }
        let ci = self.unit().code.consts.len() as u32;
        self.unit().code.consts.push(Const::Code(Rc::new(code)));
        self.emit(Op::LoadConst(ci));
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
            self.emit(Op::PushNull);
        }
        self.emit(Op::LoadBuildClass);
        self.emit(Op::PushNull);
        let scope = self.table.scope_of(c);
        let qualname = self.child_qualname(c.name.as_str());
        let first_line = self.lines.line_of(c.range.start().to_usize()) as u32;
        self.push_unit(scope, c.name.as_str(), &qualname, first_line);
        self.load_name("__name__")?;
        self.store_name("__module__")?;
        self.load_const(Const::Str(qualname.as_str().into()));
        self.store_name("__qualname__")?;
        let body: &'a [Stmt] = &c.body;
        let body = if is_docstring(body) {
            if let Stmt::Expr(e) = &body[0] {
                self.set_line(e.range);
                self.expr(&e.value)?;
                self.store_name("__doc__")?;
            }
            &body[1..]
        } else {
            body
        };
        if has_annotations(body) {
            self.emit(Op::BuildMap(0));
            self.store_name("__annotations__")?;
        }
        self.stmts(body)?;
        if self.scope().needs_class_cell {
            let i = self.deref_index("__class__");
            self.emit(Op::LoadClosure(i));
            self.emit(Op::Copy(1));
            self.store_name("__classcell__")?;
        } else {
            self.load_const(Const::None);
        }
        self.emit(Op::ReturnValue);
        let code = self.finish_unit();
        self.make_closure(code, 0)?;
        self.load_const(Const::Str(c.name.as_str().into()));
        let (args, keywords): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.call_args(args, keywords, 2, None)?;
        for _ in &c.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(c.name.as_str())
    }

    fn assign(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => self.store_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_index(a.attr.as_str());
                self.emit(Op::StoreAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack(elts, t.range())?;
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.assign(&s.value)?,
                        _ => self.assign(e)?,
                    }
                }
                Ok(())
            }
            Expr::Starred(s) => Err(err(
                s.range,
                "starred assignment target must be in a list or tuple",
            )),
            _ => Err(err(t.range(), assign_error(t))),
        }
    }

    /// `a, b = x, y` and `a, b, c = x, y, z` without building a tuple (as
    /// CPython does): the values are evaluated in order, reordered on the
    /// stack with one SWAP, and stored left to right. Returns whether the
    /// assignment had that shape (and was compiled).
    fn swap_assign(&mut self, target: &'a Expr, value: &'a Expr) -> Result<bool, CompileError> {
        let targets = match target {
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts
            }
            _ => return Ok(false),
        };
        let Expr::Tuple(ast::ExprTuple { elts: values, .. }) = value else {
            return Ok(false);
        };
        let n = targets.len();
        if !(2..=3).contains(&n)
            || values.len() != n
            || targets
                .iter()
                .chain(values.iter())
                .any(|e| matches!(e, Expr::Starred(_)))
        {
            return Ok(false);
        }
        for v in values {
            self.expr(v)?;
        }
        // [v1, .., vn] becomes [vn, .., v1]: the first target's value on top.
        self.emit(Op::Swap(n as u32));
        for t in targets {
            self.assign(t)?;
        }
        Ok(true)
    }

    fn unpack(&mut self, elts: &[Expr], range: TextRange) -> CResult {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        match star {
            None => self.emit(Op::UnpackSequence(elts.len() as u32)),
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return Err(err(range, "multiple starred expressions in assignment"));
                }
                let after = elts.len() - i - 1;
                self.emit(Op::UnpackEx(i as u32 | (after as u32) << 8));
            }
        }
        Ok(())
    }

    fn delete(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => self.name_op(n.id.as_str(), NameCtx::Del),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_index(a.attr.as_str());
                self.emit(Op::DeleteAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::DeleteSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete(e)?;
                }
                Ok(())
            }
            _ => Err(err(t.range(), "cannot delete expression")),
        }
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(n.id.as_str())?;
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp(op, true));
                self.store_name(n.id.as_str())
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Copy(1));
                let i = self.attr_index(at.attr.as_str());
                self.emit(Op::LoadAttr(i));
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp(op, true));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::Copy(2));
                self.emit(Op::Copy(2));
                self.emit(Op::BinarySubscr);
                self.expr(&a.value)?;
                self.emit(Op::BinaryOp(op, true));
                self.emit(Op::Swap(3));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            t => Err(err(
                t.range(),
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_kind_name(t)
                ),
            )),
        }
    }

    /// `[aiter] -> [aiter next]` of an `async for` whose iterator sits at
    /// stack `depth`; StopAsyncIteration goes to `done`, the returned
    /// label, where the loop ends.
    fn async_for_next(&mut self, depth: u32) -> Label {
        let done = self.new_label();
        let start = self.pos();
        self.emit(Op::GetANext);
        self.delegate_loop();
        let end = self.pos();
        self.unit().entries.push((start, end, done, depth));
        done
    }

    /// `[aexit] -> []`: `await aexit(None, None, None)`.
    fn async_with_exit(&mut self) {
        self.emit(Op::PushNull);
        for _ in 0..3 {
            self.load_const(Const::None);
        }
        self.emit(Op::Call(3));
        self.emit(Op::GetAwaitable(2));
        self.delegate_loop();
        self.emit(Op::PopTop);
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult {
        let top = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        self.expr(&f.iter)?;
        self.emit(if f.is_async {
            Op::GetAIter
        } else {
            Op::GetIter
        });
        self.bind(top);
        self.set_line(f.range);
        let done = if f.is_async {
            let depth = self.stack_depth() + 1;
            Some(self.async_for_next(depth))
        } else {
            self.jump(Op::ForIter, orelse);
            None
        };
        self.push_fblock(
            FBlockKind::Loop {
                continue_to: top,
                break_to: end,
                is_for: true,
            },
            None,
        );
        self.assign(&f.target)?;
        self.stmts(&f.body)?;
        self.set_line(f.range);
        self.jump(Op::JumpBackward, top);
        self.pop_fblock();
        if let Some(done) = done {
            self.bind(done);
            self.emit(Op::EndAsyncFor);
        }
        self.bind(orelse);
        self.stmts(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let top = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.jump_if(&w.test, false, orelse)?;
        self.push_fblock(
            FBlockKind::Loop {
                continue_to: top,
                break_to: end,
                is_for: false,
            },
            None,
        );
        self.stmts(&w.body)?;
        self.set_line(w.range);
        self.jump(Op::JumpBackward, top);
        self.pop_fblock();
        self.bind(orelse);
        self.stmts(&w.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult {
        let end = self.new_label();
        let mut next = self.new_label();
        self.jump_if(&i.test, false, next)?;
        self.stmts(&i.body)?;
        for clause in &i.elif_else_clauses {
            self.jump(Op::Jump, end);
            self.bind(next);
            next = self.new_label();
            self.set_line(clause.range);
            if let Some(t) = &clause.test {
                self.jump_if(t, false, next)?;
            }
            self.stmts(&clause.body)?;
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        self.try_except_parts(&t.body, &t.handlers, &t.orelse)
    }

    fn try_except_parts(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let depth = self.stack_depth();
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.push_fblock(FBlockKind::TryExcept, Some((handler, depth)));
        self.stmts(body)?;
        self.pop_fblock();
        self.stmts(orelse)?;
        self.jump(Op::Jump, end);

        // [exc] -> [prev exc]
        self.bind(handler);
        self.emit(Op::PushExcInfo);
        // Everything until the handler finishes restores the previous
        // exception on the way out.
        let start = self.pos();
        let mut cleanup_ranges = vec![start];
        let n = handlers.len();
        for (idx, h) in handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h.range);
            let next = self.new_label();
            match &h.type_ {
                Some(ty) => {
                    self.expr(ty)?;
                    self.emit(Op::CheckExcMatch);
                    self.jump(Op::PopJumpIfFalse, next);
                }
                None if idx + 1 < n => {
                    return Err(err(h.range, "default 'except:' must be last"));
                }
                None => {}
            }
            match &h.name {
                Some(name) => {
                    let name = name.as_str().to_string();
                    self.store_name(&name)?;
                    // [prev]; the body is protected by a cleanup that unbinds the name.
                    let named_cleanup = self.new_label();
                    // Close the generic cleanup range while the named one is active.
                    let s = cleanup_ranges.pop().unwrap_or(start);
                    let here = self.pos();
                    self.unit().entries.push((s, here, cleanup, depth + 1));
                    self.push_fblock(
                        FBlockKind::HandlerCleanup(Some(name.clone())),
                        Some((named_cleanup, depth + 1)),
                    );
                    self.stmts(&h.body)?;
                    self.pop_fblock();
                    self.emit(Op::PopExcept);
                    self.load_const(Const::None);
                    self.store_name(&name)?;
                    self.name_op(&name, NameCtx::Del)?;
                    self.jump(Op::Jump, end);
                    // [prev exc2]: unbind the name, then the generic cleanup.
                    self.bind(named_cleanup);
                    let restart = self.pos();
                    cleanup_ranges.push(restart);
                    self.load_const(Const::None);
                    self.store_name(&name)?;
                    self.name_op(&name, NameCtx::Del)?;
                    self.emit(Op::Reraise);
                }
                None => {
                    self.emit(Op::PopTop);
                    self.push_fblock(FBlockKind::HandlerCleanup(None), None);
                    self.stmts(&h.body)?;
                    self.pop_fblock();
                    self.emit(Op::PopExcept);
                    self.jump(Op::Jump, end);
                }
            }
            self.bind(next);
        }
        // No handler matched: re-raise with the previous exception restored.
        self.emit(Op::Reraise);
        let s = cleanup_ranges.pop().unwrap_or(start);
        let here = self.pos();
        self.unit().entries.push((s, here, cleanup, depth + 1));
        // [prev exc] -> restore prev, re-raise exc.
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    /// `break`, `continue` and `return` may not leave an `except*` body
    /// (the blocks from `from` up are the ones they would leave).
    fn reject_in_except_star(&mut self, range: TextRange, from: usize) -> CResult {
        let blocks = &self.units.last().expect("a unit is open").fblocks;
        if blocks[from.min(blocks.len())..]
            .iter()
            .any(|b| matches!(b.kind, FBlockKind::ExceptStarHandler))
        {
            return Err(err(
                range,
                "'break', 'continue' and 'return' cannot appear in an except* block",
            ));
        }
        Ok(())
    }

    /// `try` with `except*` clauses (PEP 654). Each clause takes the part
    /// of the exception group its type matches; what the clauses raise and
    /// the unmatched rest are raised together at the end.
    fn try_star_parts(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let depth = self.stack_depth();
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise = self.new_label();
        self.push_fblock(FBlockKind::TryExcept, Some((handler, depth)));
        self.stmts(body)?;
        self.pop_fblock();
        self.stmts(orelse)?;
        self.jump(Op::Jump, end);

        // [exc] -> [prev orig list rest]
        self.bind(handler);
        self.emit(Op::PushExcInfo);
        let mut start = self.pos();
        self.emit(Op::BuildList(0));
        self.emit(Op::Copy(2));
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h.range);
            let no_match = self.new_label();
            let next = self.new_label();
            let Some(ty) = &h.type_ else {
                return Err(err(h.range, "expected one or more exception types"));
            };
            self.expr(ty)?;
            self.emit(Op::CheckEgMatch);
            self.emit(Op::Copy(1));
            self.load_const(Const::None);
            self.emit(Op::IsOp(false));
            self.jump(Op::PopJumpIfTrue, no_match);
            // [prev orig list rest match]
            let name = h.name.as_ref().map(|n| n.as_str().to_string());
            match &name {
                Some(n) => self.store_name(n)?,
                None => self.emit(Op::PopTop),
            }
            // The body has a handler of its own: what it raises is collected.
            let here = self.pos();
            self.unit().entries.push((start, here, cleanup, depth + 1));
            let raised = self.new_label();
            self.push_fblock(FBlockKind::ExceptStarHandler, Some((raised, depth + 4)));
            self.stmts(&h.body)?;
            self.pop_fblock();
            start = self.pos();
            if let Some(n) = &name {
                self.load_const(Const::None);
                self.store_name(n)?;
                self.name_op(n, NameCtx::Del)?;
            }
            self.jump(Op::Jump, next);
            // [prev orig list rest raised]
            self.bind(raised);
            if let Some(n) = &name {
                self.load_const(Const::None);
                self.store_name(n)?;
                self.name_op(n, NameCtx::Del)?;
            }
            self.emit(Op::ListAppend(2));
            self.jump(Op::Jump, next);
            self.bind(no_match);
            self.emit(Op::PopTop);
            self.bind(next);
        }
        // [prev orig list rest] -> [prev result]
        self.emit(Op::ListAppend(1));
        self.emit(Op::PrepReraiseStar);
        self.emit(Op::Copy(1));
        self.load_const(Const::None);
        self.emit(Op::IsOp(true));
        self.jump(Op::PopJumpIfTrue, reraise);
        let here = self.pos();
        self.unit().entries.push((start, here, cleanup, depth + 1));
        self.emit(Op::PopTop);
        self.emit(Op::PopExcept);
        self.jump(Op::Jump, end);
        self.bind(reraise);
        self.emit(Op::Swap(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        // [prev exc] -> restore prev, re-raise exc.
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult {
        let depth = self.stack_depth();
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.push_fblock(FBlockKind::FinallyTry(&t.finalbody), Some((handler, depth)));
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
            self.stmts(&t.orelse)?;
        } else if t.is_star {
            self.try_star_parts(&t.body, &t.handlers, &t.orelse)?;
        } else {
            // try/except/else nested inside the finally's protection.
            self.try_except_parts(&t.body, &t.handlers, &t.orelse)?;
        }
        self.pop_fblock();
        // Normal path.
        self.stmts(&t.finalbody)?;
        self.jump(Op::Jump, end);
        // Exception path: [exc] -> [prev exc], run the body, re-raise.
        self.bind(handler);
        self.emit(Op::PushExcInfo);
        self.push_fblock(FBlockKind::FinallyEnd, Some((cleanup, depth + 1)));
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    fn with_stmt(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
        is_async: bool,
    ) -> CResult {
        let Some((item, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let depth = self.stack_depth();
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let suppress = self.new_label();
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit(Op::BeforeAsyncWith);
            self.delegate_loop();
            self.push_fblock(FBlockKind::AsyncWith, Some((handler, depth + 1)));
        } else {
            self.emit(Op::BeforeWith);
            self.push_fblock(FBlockKind::With, Some((handler, depth + 1)));
        }
        match &item.optional_vars {
            Some(v) => self.assign(v)?,
            None => self.emit(Op::PopTop),
        }
        self.with_stmt(rest, body, is_async)?;
        self.pop_fblock();
        if is_async {
            self.async_with_exit();
        } else {
            self.emit(Op::WithExit);
        }
        self.jump(Op::Jump, end);
        // [exit exc] -> [exit prev exc]
        self.bind(handler);
        self.emit(Op::PushExcInfo);
        let start = self.pos();
        self.emit(Op::WithExceptStart);
        if is_async {
            self.emit(Op::GetAwaitable(2));
            self.delegate_loop();
        }
        self.jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise);
        let here = self.pos();
        self.unit().entries.push((start, here, cleanup, depth + 2));
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        // Suppressed: [exit prev exc]
        self.bind(suppress);
        self.emit(Op::PopTop);
        self.emit(Op::PopExcept);
        self.emit(Op::PopTop);
        self.bind(end);
        Ok(())
    }

    // ----- expressions -----

    /// Jumps to `target` when `e` is `cond`, falls through otherwise.
    fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.jump_if(&u.operand, !cond, target)
            }
            Expr::BoolOp(b) => {
                let is_and = b.op == ast::BoolOp::And;
                if is_and != cond {
                    // `a and b` jumping on false (or `a or b` on true): any operand decides.
                    for v in &b.values {
                        self.jump_if(v, cond, target)?;
                    }
                } else {
                    let skip = self.new_label();
                    let n = b.values.len();
                    for (i, v) in b.values.iter().enumerate() {
                        if i + 1 < n {
                            self.jump_if(v, !cond, skip)?;
                        } else {
                            self.jump_if(v, cond, target)?;
                        }
                    }
                    self.bind(skip);
                }
                Ok(())
            }
            _ => {
                self.expr(e)?;
                if cond {
                    self.jump(Op::PopJumpIfTrue, target);
                } else {
                    self.jump(Op::PopJumpIfFalse, target);
                }
                Ok(())
            }
        }
    }

    fn expr(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        match b.op {
                            ast::BoolOp::And => self.jump(Op::JumpIfFalseOrPop, end),
                            ast::BoolOp::Or => self.jump(Op::JumpIfTrueOrPop, end),
                        }
                    }
                }
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Copy(1));
                self.assign(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Op::BinaryOp(binop(b.op), false));
            }
            Expr::UnaryOp(u) => {
                // Fold negative number literals, as CPython's optimizer does.
                if u.op == ast::UnaryOp::USub
                    && let Expr::NumberLiteral(n) = &*u.operand
                {
                    match &n.value {
                        ast::Number::Int(i) => {
                            let v = parse_int(i, n.range)?;
                            self.load_const(int_const(-v));
                            return Ok(());
                        }
                        ast::Number::Float(f) => {
                            self.load_const(Const::Float(-f));
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                self.expr(&u.operand)?;
                self.emit(match u.op {
                    ast::UnaryOp::Invert => Op::UnaryInvert,
                    ast::UnaryOp::Not => Op::UnaryNot,
                    ast::UnaryOp::UAdd => Op::UnaryPositive,
                    ast::UnaryOp::USub => Op::UnaryNegative,
                });
            }
            Expr::Lambda(l) => {
                let scope = self.table.scope_of(l);
                let qualname = self.child_qualname("<lambda>");
                let first_line = self.lines.line_of(l.range.start().to_usize()) as u32;
                let flags = match &l.parameters {
                    Some(p) => self.defaults(p)?,
                    None => 0,
                };
                self.push_unit(scope, "<lambda>", &qualname, first_line);
                if let Some(p) = &l.parameters {
                    self.set_arg_counts(p);
                }
                self.add_const(Const::None);
                self.set_line(l.body.range());
                self.expr(&l.body)?;
                self.emit(Op::ReturnValue);
                let code = self.finish_unit();
                self.make_closure(code, flags)?;
            }
            Expr::If(i) => {
                let orelse = self.new_label();
                let end = self.new_label();
                self.jump_if(&i.test, false, orelse)?;
                self.expr(&i.body)?;
                self.jump(Op::Jump, end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => {
                let has_unpack = d.items.iter().any(|i| i.key.is_none());
                if !has_unpack {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Op::BuildMap(d.items.len() as u32));
                } else {
                    self.emit(Op::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Op::MapAdd(1));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Op::DictUpdate(1));
                            }
                        }
                    }
                }
            }
            Expr::Set(s) => self.sequence(&s.elts, SeqKind::Set)?,
            Expr::List(l) => self.sequence(&l.elts, SeqKind::List)?,
            Expr::Tuple(t) => {
                if let Some(c) = const_tuple(&t.elts) {
                    self.load_const(c);
                } else {
                    self.sequence(&t.elts, SeqKind::Tuple)?;
                }
            }
            Expr::ListComp(c) => {
                self.comprehension(c, "<listcomp>", &c.generators, CompKind::List(&c.elt))?
            }
            Expr::SetComp(c) => {
                self.comprehension(c, "<setcomp>", &c.generators, CompKind::Set(&c.elt))?
            }
            Expr::DictComp(c) => match &c.key {
                Some(k) => {
                    self.comprehension(c, "<dictcomp>", &c.generators, CompKind::Dict(k, &c.value))?
                }
                None => {
                    return Err(err(
                        c.range,
                        "dict unpacking cannot be used in dict comprehension",
                    ));
                }
            },
            Expr::Generator(c) => {
                self.comprehension(c, "<genexpr>", &c.generators, CompKind::Gen(&c.elt))?
            }
            Expr::Await(a) => {
                self.expr(&a.value)?;
                self.emit(Op::GetAwaitable(0));
                self.delegate_loop();
            }
            Expr::Yield(y) => {
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.yield_value();
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.emit(Op::GetYieldFromIter);
                self.delegate_loop();
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => {
                let mut n = 0;
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(s) => {
                            self.load_const(Const::Str(s.value.as_ref().into()));
                            n += 1;
                        }
                        ast::FStringPart::FString(fs) => {
                            n += self.fstring_elements(&fs.elements)?;
                        }
                    }
                }
                if n != 1 {
                    self.emit(Op::BuildString(n));
                }
            }
            Expr::TString(t) => return Err(err(t.range, "t-strings are Python 3.14 syntax")),
            Expr::StringLiteral(s) => self.load_const(Const::Str(s.value.to_str().into())),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                self.load_const(Const::Bytes(bytes.into()));
            }
            Expr::NumberLiteral(n) => {
                let c = number_const(&n.value, n.range)?;
                self.load_const(c);
            }
            Expr::BooleanLiteral(b) => self.load_const(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => self.load_const(Const::None),
            Expr::EllipsisLiteral(_) => self.load_const(Const::Ellipsis),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.attr_index(a.attr.as_str());
                self.emit(Op::LoadAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::BinarySubscr);
            }
            Expr::Starred(s) => return Err(err(s.range, "can't use starred expression here")),
            Expr::Name(n) => self.load_name(n.id.as_str())?,
            Expr::Slice(s) => {
                for v in [&s.lower, &s.upper] {
                    match v {
                        Some(v) => self.expr(v)?,
                        None => self.load_const(Const::None),
                    }
                }
                match &s.step {
                    Some(st) => {
                        self.expr(st)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => self.emit(Op::BuildSlice(2)),
                }
            }
            Expr::IpyEscapeCommand(c) => return Err(err(c.range, "invalid syntax")),
        }
        Ok(())
    }

    fn fstring_elements(&mut self, elements: &'a ast::InterpolatedStringElements) -> CResult<u32> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.load_const(Const::Str(l.value.as_ref().into()));
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conversion = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(debug) = &i.debug_text {
                        let text = format!(
                            "{}{}{}",
                            debug.leading(),
                            debug.expression(),
                            debug.trailing()
                        );
                        self.load_const(Const::Str(text.into()));
                        n += 1;
                        if conversion == 0 && i.format_spec.is_none() {
                            conversion = 2;
                        }
                    }
                    self.expr(&i.expression)?;
                    let mut flags = conversion;
                    if let Some(spec) = &i.format_spec {
                        let k = self.fstring_elements(&spec.elements)?;
                        if k != 1 {
                            self.emit(Op::BuildString(k));
                        }
                        flags |= 4;
                    }
                    self.emit(Op::FormatValue(flags));
                    n += 1;
                }
            }
        }
        if n == 0 {
            self.load_const(Const::Str("".into()));
            n = 1;
        }
        Ok(n)
    }

    fn sequence(&mut self, elts: &'a [Expr], kind: SeqKind) -> CResult {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred {
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(match kind {
                SeqKind::List => Op::BuildList(n),
                SeqKind::Tuple => Op::BuildTuple(n),
                SeqKind::Set => Op::BuildSet(n),
            });
            return Ok(());
        }
        match kind {
            SeqKind::Set => self.emit(Op::BuildSet(0)),
            _ => self.emit(Op::BuildList(0)),
        }
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(match kind {
                        SeqKind::Set => Op::SetUpdate(1),
                        _ => Op::ListExtend(1),
                    });
                }
                _ => {
                    self.expr(e)?;
                    self.emit(match kind {
                        SeqKind::Set => Op::SetAdd(1),
                        _ => Op::ListAppend(1),
                    });
                }
            }
        }
        if kind == SeqKind::Tuple {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            self.expr(&c.comparators[0])?;
            self.cmp_op(c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            if i + 1 < n {
                self.emit(Op::Swap(2));
                self.emit(Op::Copy(2));
                self.cmp_op(*op);
                self.jump(Op::JumpIfFalseOrPop, cleanup);
            } else {
                self.cmp_op(*op);
            }
        }
        self.jump(Op::Jump, end);
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::PopTop);
        self.bind(end);
        Ok(())
    }

    fn cmp_op(&mut self, op: ast::CmpOp) {
        self.emit(match op {
            ast::CmpOp::Eq => Op::CompareOp(CmpOp::Eq),
            ast::CmpOp::NotEq => Op::CompareOp(CmpOp::Ne),
            ast::CmpOp::Lt => Op::CompareOp(CmpOp::Lt),
            ast::CmpOp::LtE => Op::CompareOp(CmpOp::Le),
            ast::CmpOp::Gt => Op::CompareOp(CmpOp::Gt),
            ast::CmpOp::GtE => Op::CompareOp(CmpOp::Ge),
            ast::CmpOp::Is => Op::IsOp(false),
            ast::CmpOp::IsNot => Op::IsOp(true),
            ast::CmpOp::In => Op::ContainsOp(false),
            ast::CmpOp::NotIn => Op::ContainsOp(true),
        });
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> CResult {
        // Zero-argument super() becomes super(__class__, <first argument>).
        if let Expr::Name(n) = &*c.func
            && n.id.as_str() == "super"
            && c.arguments.args.is_empty()
            && c.arguments.keywords.is_empty()
            && matches!(
                self.scope().kind,
                ScopeKind::Function | ScopeKind::Comprehension
            )
            && self.scope().lookup("__class__") == NameScope::Free
            && let Some(first) = self.scope().params.first().cloned()
        {
            self.load_name("super")?;
            self.emit(Op::PushNull);
            let ci = self.deref_index("__class__");
            self.emit(Op::LoadDeref(ci));
            self.load_name(&first)?;
            self.emit(Op::Call(2));
            return Ok(());
        }
        let simple = !c
            .arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
            && !c.arguments.keywords.iter().any(|k| k.arg.is_none());
        if let Expr::Attribute(a) = &*c.func
            && simple
        {
            self.expr(&a.value)?;
            let i = self.attr_index(a.attr.as_str());
            self.set_line(c.range());
            self.emit(Op::LoadMethod(i));
        } else {
            self.expr(&c.func)?;
            self.emit(Op::PushNull);
        }
        self.call_args(&c.arguments.args, &c.arguments.keywords, 0, Some(c.range()))?;
        Ok(())
    }

    /// Compiles call arguments and the call itself; `extra` positional
    /// arguments are already on the stack (class creation uses 2).
    /// The arguments of a call and the call instruction, which has the
    /// line the call expression starts on (`at`, as in CPython: a call on a
    /// line of its own inside a longer statement is reported there).
    fn call_args(
        &mut self,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        extra: u32,
        at: Option<TextRange>,
    ) -> CResult {
        let simple = !args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && !keywords.iter().any(|k| k.arg.is_none());
        if simple {
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            let n = extra + args.len() as u32 + keywords.len() as u32;
            if keywords.is_empty() {
                self.emit_call(Op::Call(n), at);
            } else {
                let names: Vec<Const> = keywords
                    .iter()
                    .map(|k| Const::Str(k.arg.as_ref().map(|a| a.as_str()).unwrap_or("").into()))
                    .collect();
                self.load_const(Const::Tuple(names.into()));
                self.emit_call(Op::CallKw(n), at);
            }
            return Ok(());
        }
        // General form: build an args tuple and a kwargs dict.
        self.emit(Op::BuildList(extra));
        for a in args {
            match a {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(Op::ListExtend(1));
                }
                _ => {
                    self.expr(a)?;
                    self.emit(Op::ListAppend(1));
                }
            }
        }
        self.emit(Op::ListToTuple);
        if keywords.is_empty() {
            self.emit_call(Op::CallEx(0), at);
        } else {
            self.emit(Op::BuildMap(0));
            for k in keywords {
                match &k.arg {
                    Some(name) => {
                        self.load_const(Const::Str(name.as_str().into()));
                        self.expr(&k.value)?;
                        self.emit(Op::MapAdd(1));
                    }
                    None => {
                        self.expr(&k.value)?;
                        self.emit(Op::DictMerge(1));
                    }
                }
            }
            self.emit_call(Op::CallEx(1), at);
        }
        Ok(())
    }

    /// Emits a call instruction with the line of `at`; the instructions
    /// after it keep the line they had.
    fn emit_call(&mut self, op: Op, at: Option<TextRange>) {
        let saved = self.unit().line;
        if let Some(r) = at {
            self.set_line(r);
        }
        self.emit(op);
        self.unit().line = saved;
    }

    /// `YIELD_VALUE`, with the value marked as yielded in an async generator.
    fn yield_value(&mut self) {
        if self.unit().code.flags & flags::ASYNC_GENERATOR != 0 {
            self.emit(Op::AsyncGenWrap);
        }
        self.emit(Op::YieldValue);
    }

    fn comprehension<T>(
        &mut self,
        node: &'a T,
        name: &str,
        generators: &'a [ast::Comprehension],
        kind: CompKind<'a>,
    ) -> CResult {
        let scope = self.table.scope_of(node);
        let is_async = self.table.scopes[scope].is_async;
        let qualname = self.child_qualname(name);
        let first_line = self.unit().line;
        self.push_unit(scope, name, &qualname, first_line);
        self.unit().code.arg_count = 1;
        match kind {
            CompKind::List(_) => self.emit(Op::BuildList(0)),
            CompKind::Set(_) => self.emit(Op::BuildSet(0)),
            CompKind::Dict(..) => self.emit(Op::BuildMap(0)),
            CompKind::Gen(_) => {}
        }
        let base = u32::from(!matches!(kind, CompKind::Gen(_)));
        self.comp_level(generators, 0, base, kind)?;
        if let CompKind::Gen(_) = kind {
            self.load_const(Const::None);
        }
        self.emit(Op::ReturnValue);
        let code = self.finish_unit();
        self.make_closure(code, 0)?;
        self.emit(Op::PushNull);
        self.expr(&generators[0].iter)?;
        self.emit(if generators[0].is_async {
            Op::GetAIter
        } else {
            Op::GetIter
        });
        self.emit(Op::Call(1));
        if is_async && !matches!(kind, CompKind::Gen(_)) {
            self.emit(Op::GetAwaitable(0));
            self.delegate_loop();
        }
        Ok(())
    }

    fn comp_level(
        &mut self,
        generators: &'a [ast::Comprehension],
        level: usize,
        base: u32,
        kind: CompKind<'a>,
    ) -> CResult {
        let g = &generators[level];
        let top = self.new_label();
        let end = self.new_label();
        if level == 0 {
            self.emit(Op::LoadFast(0));
        } else {
            self.expr(&g.iter)?;
            self.emit(if g.is_async {
                Op::GetAIter
            } else {
                Op::GetIter
            });
        }
        self.bind(top);
        let done = if g.is_async {
            // The accumulator and the outer levels' iterators lie below.
            Some(self.async_for_next(base + level as u32 + 1))
        } else {
            self.jump(Op::ForIter, end);
            None
        };
        self.assign(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, top)?;
        }
        if level + 1 < generators.len() {
            self.comp_level(generators, level + 1, base, kind)?;
        } else {
            let depth = base + level as u32 + 1;
            match kind {
                CompKind::List(e) => {
                    self.expr(e)?;
                    self.emit(Op::ListAppend(depth));
                }
                CompKind::Set(e) => {
                    self.expr(e)?;
                    self.emit(Op::SetAdd(depth));
                }
                CompKind::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Op::MapAdd(depth));
                }
                CompKind::Gen(e) => {
                    self.expr(e)?;
                    self.yield_value();
                    self.emit(Op::PopTop);
                }
            }
        }
        self.jump(Op::JumpBackward, top);
        if let Some(done) = done {
            self.bind(done);
            self.emit(Op::EndAsyncFor);
        }
        self.bind(end);
        Ok(())
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
fn parse_int(i: &ast::Int, range: TextRange) -> CResult<BigInt> {
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
            Expr::StringLiteral(s) => Const::Str(s.value.to_str().into()),
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
