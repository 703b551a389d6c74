//! Symbol tables: which scope each name belongs to.
//!
//! A first pass over the AST builds one [`Scope`] per module, class, function,
//! lambda and comprehension, recording how each name is used. A second pass
//! resolves every name to local, cell, free, explicit global or implicit
//! global, following CPython's rules (class bodies are skipped when inner
//! functions look names up; `super` and `__class__` in a method make the class
//! body provide a `__class__` cell).
//!
//! Scopes are keyed by the address of their AST node, which is stable while the
//! compiler holds the parsed module.

use std::collections::HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::CompileError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Comprehension,
}

/// Where a name lives once resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    Cell,
    Free,
    GlobalExplicit,
    GlobalImplicit,
}

#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    assigned: bool,
    param: bool,
    used: bool,
    global: bool,
    nonlocal: bool,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    parent: Option<usize>,
    children: Vec<usize>,
    /// Names in first-use order, so varnames come out deterministic.
    order: Vec<String>,
    usage: HashMap<String, Usage>,
    /// Resolved scopes of every name this scope mentions.
    pub resolved: HashMap<String, NameScope>,
    /// Parameters in declaration order.
    pub params: Vec<String>,
    /// Cell variables (captured locals), in a stable order.
    pub cellvars: Vec<String>,
    /// Free variables (captured from outside), in a stable order.
    pub freevars: Vec<String>,
    /// Whether the scope mentions `super` or `__class__` (methods need a `__class__` cell).
    uses_class_cell: bool,
    /// For class scopes: whether some method needs `__class__`.
    pub needs_class_cell: bool,
    pub is_generator: bool,
    /// An `async def`.
    pub is_async: bool,
    /// The name of the innermost enclosing class: `__names` are mangled
    /// with it.
    pub private: Option<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: String, parent: Option<usize>) -> Self {
        Scope {
            kind,
            name,
            parent,
            children: Vec::new(),
            order: Vec::new(),
            usage: HashMap::new(),
            resolved: HashMap::new(),
            params: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            uses_class_cell: false,
            needs_class_cell: false,
            is_generator: false,
            is_async: false,
            private: None,
        }
    }

    fn note(&mut self, name: &str) -> &mut Usage {
        let name = mangle(self.private.as_deref(), name).into_owned();
        if !self.usage.contains_key(&name) {
            self.order.push(name.clone());
        }
        self.usage.entry(name).or_default()
    }

    /// Resolved scope of `name` (names never seen are implicit globals).
    pub fn lookup(&self, name: &str) -> NameScope {
        self.resolved
            .get(name)
            .copied()
            .unwrap_or(NameScope::GlobalImplicit)
    }

    /// Local (non-cell, non-free) names in first-use order, parameters first.
    pub fn fast_locals(&self) -> Vec<String> {
        let mut out = self.params.clone();
        for n in &self.order {
            if !out.contains(n) && self.resolved.get(n) == Some(&NameScope::Local) {
                out.push(n.clone());
            }
        }
        out
    }
}

/// All scopes of one module.
#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
}

impl SymbolTable {
    /// The scope created for an AST node (function, class, lambda, comprehension).
    pub fn scope_of<T>(&self, node: &T) -> usize {
        self.by_node[&(node as *const T as usize)]
    }
}

/// `future_annotations`: PEP 563 is on, so annotations are kept as text and
/// never evaluated (their names bind nothing in any scope).
pub fn build(module: &[Stmt], future_annotations: bool) -> Result<SymbolTable, CompileError> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, "<module>".into(), None)],
        by_node: HashMap::new(),
        current: 0,
        depth: 0,
        future_annotations,
    };
    for s in module {
        b.stmt(s)?;
    }
    let mut table = SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    };
    resolve(&mut table, 0, &[])?;
    Ok(table)
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    current: usize,
    /// How deeply the expression being visited is nested.
    depth: usize,
    /// PEP 563 (`from __future__ import annotations`) is on.
    future_annotations: bool,
}

/// Expressions nested deeper than this are refused, as CPython 3.11's
/// compiler refuses them (its C stack limit: three times the default
/// recursion limit), before the code generator's recursion meets them.
pub const MAX_EXPR_DEPTH: usize = 3000;

/// The message of that refusal (a `RecursionError` in CPython).
pub const TOO_DEEP: &str = "maximum recursion depth exceeded during compilation";

fn err(range: TextRange, msg: impl Into<String>) -> CompileError {
    CompileError {
        message: msg.into(),
        offset: range.start().to_usize(),
    }
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn push_scope<T>(&mut self, node: &T, kind: ScopeKind, name: &str) -> usize {
        let id = self.scopes.len();
        let mut scope = Scope::new(kind, name.to_string(), Some(self.current));
        scope.private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.scopes[self.current].private.clone()
        };
        self.scopes.push(scope);
        self.scopes[self.current].children.push(id);
        self.by_node.insert(node as *const T as usize, id);
        let prev = self.current;
        self.current = id;
        prev
    }

    fn assign(&mut self, name: &str, range: TextRange) -> Result<(), CompileError> {
        let u = self.cur().note(name);
        if u.param && (u.global || u.nonlocal) {
            return Err(err(range, format!("name '{name}' is parameter and global")));
        }
        u.assigned = true;
        Ok(())
    }

    fn use_name(&mut self, name: &str) {
        if name == "super" || name == "__class__" {
            self.cur().uses_class_cell = true;
        }
        self.cur().note(name).used = true;
    }

    fn params(&mut self, p: &ast::Parameters) -> Result<(), CompileError> {
        let names = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| &a.parameter)
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        // CPython's order: positional, keyword-only, then *args, **kwargs.
        let mut ordered: Vec<&ast::Parameter> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| &a.parameter)
            .collect();
        ordered.extend(p.kwonlyargs.iter().map(|a| &a.parameter));
        ordered.extend(p.vararg.as_deref());
        ordered.extend(p.kwarg.as_deref());
        let _ = names;
        for a in ordered {
            let name = a.name.id.as_str();
            let mangled = mangle(self.cur().private.as_deref(), name).into_owned();
            if self.cur().params.contains(&mangled) {
                return Err(err(
                    a.range,
                    format!("duplicate argument '{name}' in function definition"),
                ));
            }
            self.cur().params.push(mangled);
            let u = self.cur().note(name);
            u.param = true;
            u.assigned = true;
        }
        Ok(())
    }

    /// An annotation, evaluated in the current scope (a function's parameter
    /// and return annotations in the scope defining it) unless PEP 563 keeps
    /// it as text. Lambdas and comprehensions in it get scopes of their own.
    fn annotation(&mut self, ann: &Expr) -> Result<(), CompileError> {
        if self.future_annotations {
            return Ok(());
        }
        self.expr(ann)
    }

    /// The annotations of a function's parameters and its return annotation.
    fn param_annotations(
        &mut self,
        p: &ast::Parameters,
        returns: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let params = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in params {
            if let Some(ann) = &a.annotation {
                self.annotation(ann)?;
            }
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn param_defaults(&mut self, p: &ast::Parameters) -> Result<(), CompileError> {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.param_defaults(&f.parameters)?;
                self.param_annotations(&f.parameters, f.returns.as_deref())?;
                self.assign(f.name.as_str(), f.range)?;
                let prev = self.push_scope(f, ScopeKind::Function, f.name.as_str());
                self.cur().is_async = f.is_async;
                self.params(&f.parameters)?;
                self.stmts(&f.body)?;
                self.current = prev;
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a)?;
                    }
                    for k in args.keywords.iter() {
                        self.expr(&k.value)?;
                    }
                }
                self.assign(c.name.as_str(), c.range)?;
                let prev = self.push_scope(c, ScopeKind::Class, c.name.as_str());
                self.stmts(&c.body)?;
                self.current = prev;
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t)?;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for t in &a.targets {
                    self.target(t)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value)?;
                if let Expr::Name(n) = &*a.target {
                    self.use_name(n.id.as_str());
                }
                self.target(&a.target)?;
            }
            Stmt::AnnAssign(a) => {
                // As CPython: a simple name is local to the scope even
                // without a value; the annotation is visited where it
                // stands (it is evaluated only in module and class bodies).
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.target(&a.target)?;
                } else if a.simple || !matches!(&*a.target, Expr::Name(_)) {
                    self.target(&a.target)?;
                }
                self.annotation(&a.annotation)?;
            }
            Stmt::TypeAlias(t) => return Err(err(t.range, "type aliases are Python 3.12 syntax")),
            Stmt::For(f) => {
                if f.is_async {
                    self.require_async(f.range, "'async for' outside async function")?;
                }
                self.expr(&f.iter)?;
                self.target(&f.target)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.stmts(&w.body)?;
                self.stmts(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.stmts(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            Stmt::With(w) => {
                if w.is_async {
                    self.require_async(w.range, "'async with' outside async function")?;
                }
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.target(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                for case in &m.cases {
                    self.pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&case.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.expr(c)?;
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.assign(n.as_str(), n.range)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.orelse)?;
                self.stmts(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = match &a.asname {
                        Some(n) => n.as_str().to_string(),
                        None => a.name.as_str().split('.').next().unwrap_or("").to_string(),
                    };
                    self.assign(&bound, a.range)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        if self.cur().kind != ScopeKind::Module {
                            return Err(err(i.range, "import * only allowed at module level"));
                        }
                        continue;
                    }
                    let bound = a.asname.as_ref().unwrap_or(&a.name).as_str().to_string();
                    self.assign(&bound, a.range)?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let name = n.as_str();
                    let kind = self.cur().kind;
                    let u = self.cur().note(name);
                    if u.param && kind != ScopeKind::Module {
                        return Err(err(
                            n.range,
                            format!("name '{name}' is parameter and global"),
                        ));
                    }
                    if u.assigned || u.used {
                        return Err(err(
                            n.range,
                            format!(
                                "name '{name}' is {} prior to global declaration",
                                if u.assigned { "assigned to" } else { "used" }
                            ),
                        ));
                    }
                    u.global = true;
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let name = n.as_str();
                    if self.cur().kind == ScopeKind::Module {
                        return Err(err(
                            g.range,
                            "nonlocal declaration not allowed at module level",
                        ));
                    }
                    let u = self.cur().note(name);
                    if u.param {
                        return Err(err(
                            n.range,
                            format!("name '{name}' is parameter and nonlocal"),
                        ));
                    }
                    if u.assigned || u.used {
                        return Err(err(
                            n.range,
                            format!(
                                "name '{name}' is {} prior to nonlocal declaration",
                                if u.assigned { "assigned to" } else { "used" }
                            ),
                        ));
                    }
                    u.nonlocal = true;
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::IpyEscapeCommand(c) => return Err(err(c.range, "invalid syntax")),
        }
        Ok(())
    }

    /// A name, attribute, subscript, tuple or starred assignment target.
    /// The names a `case` pattern binds, and the expressions it evaluates.
    fn pattern(&mut self, p: &ast::Pattern) -> Result<(), CompileError> {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => self.expr(&v.value),
            P::MatchSingleton(_) => Ok(()),
            P::MatchSequence(s) => s.patterns.iter().try_for_each(|p| self.pattern(p)),
            P::MatchMapping(m) => {
                for k in &m.keys {
                    self.expr(k)?;
                }
                for p in &m.patterns {
                    self.pattern(p)?;
                }
                if let Some(r) = &m.rest {
                    self.assign(r.as_str(), r.range)?;
                }
                Ok(())
            }
            P::MatchClass(c) => {
                self.expr(&c.cls)?;
                for p in &c.arguments.patterns {
                    self.pattern(p)?;
                }
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern)?;
                }
                Ok(())
            }
            P::MatchStar(s) => match &s.name {
                Some(n) => self.assign(n.as_str(), n.range),
                None => Ok(()),
            },
            P::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.pattern(p)?;
                }
                match &a.name {
                    Some(n) => self.assign(n.as_str(), n.range),
                    None => Ok(()),
                }
            }
            P::MatchOr(o) => o.patterns.iter().try_for_each(|p| self.pattern(p)),
        }
    }

    fn target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match t {
            Expr::Name(n) => self.assign(n.id.as_str(), n.range),
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.target(e)?;
                }
                Ok(())
            }
            Expr::List(t) => {
                for e in &t.elts {
                    self.target(e)?;
                }
                Ok(())
            }
            Expr::Starred(s) => self.target(&s.value),
            other => self.expr(other),
        }
    }

    /// `async for` and `async with` belong in `async def`.
    fn require_async(&mut self, range: TextRange, msg: &str) -> Result<(), CompileError> {
        if self.cur().kind == ScopeKind::Function && self.cur().is_async {
            Ok(())
        } else {
            Err(err(range, msg))
        }
    }

    fn comprehension<T>(
        &mut self,
        node: &T,
        range: TextRange,
        name: &str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
        is_generator: bool,
    ) -> Result<(), CompileError> {
        // The first iterable is evaluated in the enclosing scope.
        self.expr(&generators[0].iter)?;
        let prev = self.push_scope(node, ScopeKind::Comprehension, name);
        self.cur().is_generator = is_generator;
        self.cur().is_async = generators.iter().any(|g| g.is_async);
        self.cur().params.push(".0".into());
        let u = self.cur().note(".0");
        u.param = true;
        u.assigned = true;
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
        }
        for e in elts {
            self.expr(e)?;
        }
        let is_async = self.cur().is_async;
        self.current = prev;
        // An asynchronous list, set or dict comprehension is awaited where
        // it stands (an asynchronous generator expression is not).
        if is_async && !is_generator {
            let kind = self.cur().kind;
            match kind {
                ScopeKind::Comprehension => self.cur().is_async = true,
                ScopeKind::Function if self.cur().is_async => {}
                _ => {
                    return Err(err(
                        range,
                        "asynchronous comprehension outside of an asynchronous function",
                    ));
                }
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        if self.depth >= MAX_EXPR_DEPTH {
            return Err(CompileError {
                message: TOO_DEEP.into(),
                offset: e.range().start().to_usize(),
            });
        }
        self.depth += 1;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<(), CompileError> {
        match e {
            Expr::BoolOp(b) => {
                for v in &b.values {
                    self.expr(v)?;
                }
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                // The walrus binds in the nearest non-comprehension scope.
                if let Expr::Name(name) = &*n.target {
                    let mut s = self.current;
                    while self.scopes[s].kind == ScopeKind::Comprehension {
                        s = self.scopes[s].parent.unwrap_or(0);
                    }
                    // A name the enclosing function declares global is
                    // global in the comprehension too (as in CPython, the
                    // declaration must come first).
                    let declared_global = self.scopes[s]
                        .usage
                        .get(&*mangle(
                            self.scopes[s].private.as_deref(),
                            name.id.as_str(),
                        ))
                        .is_some_and(|u| u.global);
                    let to_module = self.scopes[s].kind == ScopeKind::Module || declared_global;
                    let mut c = self.current;
                    while c != s {
                        let u = self.scopes[c].note(name.id.as_str());
                        if to_module {
                            u.global = true;
                        } else {
                            u.nonlocal = true;
                        }
                        c = self.scopes[c].parent.unwrap_or(0);
                    }
                    let prev = self.current;
                    self.current = s;
                    self.assign(name.id.as_str(), name.range)?;
                    self.current = prev;
                }
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_defaults(p)?;
                }
                let prev = self.push_scope(l, ScopeKind::Function, "<lambda>");
                if let Some(p) = &l.parameters {
                    self.params(p)?;
                }
                self.expr(&l.body)?;
                self.current = prev;
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.expr(k)?;
                    }
                    self.expr(&item.value)?;
                }
            }
            Expr::Set(s) => {
                for v in &s.elts {
                    self.expr(v)?;
                }
            }
            Expr::ListComp(c) => {
                self.comprehension(c, c.range, "<listcomp>", &c.generators, &[&c.elt], false)?
            }
            Expr::SetComp(c) => {
                self.comprehension(c, c.range, "<setcomp>", &c.generators, &[&c.elt], false)?
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(c, c.range, "<dictcomp>", &c.generators, &elts, false)?
            }
            Expr::Generator(c) => {
                self.comprehension(c, c.range, "<genexpr>", &c.generators, &[&c.elt], true)?
            }
            Expr::Await(a) => {
                let kind = self.cur().kind;
                match kind {
                    ScopeKind::Function if self.cur().is_async => {}
                    ScopeKind::Function => {
                        return Err(err(a.range, "'await' outside async function"));
                    }
                    // An await makes the comprehension a coroutine.
                    ScopeKind::Comprehension => self.cur().is_async = true,
                    _ => return Err(err(a.range, "'await' outside function")),
                }
                self.expr(&a.value)?
            }
            Expr::Yield(y) => {
                self.mark_generator(y.range)?;
                if let Some(v) = &y.value {
                    self.expr(v)?;
                }
            }
            Expr::YieldFrom(y) => {
                self.mark_generator(y.range)?;
                if self.cur().is_async {
                    return Err(err(y.range, "'yield from' inside async function"));
                }
                self.expr(&y.value)?;
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                for v in c.comparators.iter() {
                    self.expr(v)?;
                }
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                for a in c.arguments.args.iter() {
                    self.expr(a)?;
                }
                for k in c.arguments.keywords.iter() {
                    self.expr(&k.value)?;
                }
            }
            Expr::FString(f) => {
                for part in f.value.iter() {
                    if let ast::FStringPart::FString(fs) = part {
                        self.fstring_elements(&fs.elements)?;
                    }
                }
            }
            Expr::TString(t) => return Err(err(t.range, "t-strings are Python 3.14 syntax")),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::Name(n) => self.use_name(n.id.as_str()),
            Expr::List(l) => {
                for v in &l.elts {
                    self.expr(v)?;
                }
            }
            Expr::Tuple(t) => {
                for v in &t.elts {
                    self.expr(v)?;
                }
            }
            Expr::Slice(s) => {
                for v in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(v)?;
                }
            }
            Expr::IpyEscapeCommand(c) => return Err(err(c.range(), "invalid syntax")),
        }
        Ok(())
    }

    fn mark_generator(&mut self, range: TextRange) -> Result<(), CompileError> {
        match self.cur().kind {
            ScopeKind::Function => {
                self.cur().is_generator = true;
                Ok(())
            }
            ScopeKind::Comprehension => Err(err(range, "'yield' inside list comprehension")),
            _ => Err(err(range, "'yield' outside function")),
        }
    }

    fn fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
    ) -> Result<(), CompileError> {
        for el in elements.iter() {
            if let ast::InterpolatedStringElement::Interpolation(i) = el {
                self.expr(&i.expression)?;
                if let Some(spec) = &i.format_spec {
                    self.fstring_elements(&spec.elements)?;
                }
            }
        }
        Ok(())
    }
}

/// `_Class__name` for a private name used inside class `private`, as
/// CPython mangles them; other names are unchanged.
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> std::borrow::Cow<'n, str> {
    let Some(class) = private else {
        return name.into();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.into();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.into();
    }
    format!("_{stripped}{name}").into()
}

/// Resolves `scope` given the names bound by enclosing function scopes, and
/// returns the names this scope needs from outside (its free variables).
fn resolve(table: &mut SymbolTable, id: usize, enclosing: &[String]) -> Result<(), CompileError> {
    let kind = table.scopes[id].kind;
    let names = table.scopes[id].order.clone();
    for name in &names {
        let u = table.scopes[id].usage[name];
        let scope = match kind {
            ScopeKind::Module => {
                if u.global {
                    NameScope::GlobalExplicit
                } else {
                    NameScope::GlobalImplicit
                }
            }
            _ if u.global => NameScope::GlobalExplicit,
            _ if u.nonlocal => {
                if !enclosing.contains(name) {
                    return Err(CompileError {
                        message: format!("no binding for nonlocal '{name}' found"),
                        offset: 0,
                    });
                }
                NameScope::Free
            }
            ScopeKind::Class => {
                if u.assigned {
                    NameScope::Local
                } else if enclosing.contains(name) {
                    NameScope::Free
                } else {
                    NameScope::GlobalImplicit
                }
            }
            _ => {
                if u.assigned || u.param {
                    NameScope::Local
                } else if enclosing.contains(name) {
                    NameScope::Free
                } else {
                    NameScope::GlobalImplicit
                }
            }
        };
        table.scopes[id].resolved.insert(name.clone(), scope);
    }

    // Methods that use `super`/`__class__` get an implicit `__class__` free variable.
    let in_class = table.scopes[id]
        .parent
        .is_some_and(|p| table.scopes[p].kind == ScopeKind::Class);
    // A comprehension in a method reaches the method's `__class__` (CPython
    // passes it down, so super() there sees the comprehension's iterator).
    let in_method = kind == ScopeKind::Comprehension && enclosing.iter().any(|n| n == "__class__");
    if matches!(kind, ScopeKind::Function | ScopeKind::Comprehension)
        && table.scopes[id].uses_class_cell
        && (in_class || in_method)
    {
        table.scopes[id]
            .resolved
            .insert("__class__".into(), NameScope::Free);
        if !table.scopes[id].order.iter().any(|n| n == "__class__") {
            table.scopes[id].order.push("__class__".into());
        }
    }

    // Names visible to children: enclosing ones plus this function's locals.
    let mut child_env: Vec<String> = enclosing.to_vec();
    if matches!(kind, ScopeKind::Function | ScopeKind::Comprehension) {
        for (n, s) in &table.scopes[id].resolved {
            if matches!(s, NameScope::Local | NameScope::Free) && !child_env.contains(n) {
                child_env.push(n.clone());
            }
        }
    }
    if kind == ScopeKind::Class && !child_env.iter().any(|n| n == "__class__") {
        child_env.push("__class__".into());
    }
    // Globals declared here hide enclosing bindings from children.
    let hidden: Vec<String> = table.scopes[id]
        .resolved
        .iter()
        .filter(|(_, s)| **s == NameScope::GlobalExplicit)
        .map(|(n, _)| n.clone())
        .collect();
    child_env.retain(|n| !hidden.contains(n));

    let children = table.scopes[id].children.clone();
    for child in children {
        resolve(table, child, &child_env)?;
        // The child's free names, and the names a class child binds itself
        // but passes through to its methods (already in its `freevars`).
        let c = &table.scopes[child];
        let mut child_free: Vec<String> = c
            .order
            .iter()
            .filter(|n| c.resolved.get(*n) == Some(&NameScope::Free))
            .cloned()
            .collect();
        for n in &c.freevars {
            if !child_free.contains(n) {
                child_free.push(n.clone());
            }
        }
        for n in child_free {
            if kind == ScopeKind::Class && n == "__class__" {
                table.scopes[id].needs_class_cell = true;
                continue;
            }
            let mine = table.scopes[id].resolved.get(&n).copied();
            match mine {
                Some(NameScope::Local) if kind != ScopeKind::Class => {
                    table.scopes[id].resolved.insert(n.clone(), NameScope::Cell);
                }
                Some(NameScope::Cell) | Some(NameScope::Free) => {}
                _ => {
                    // Passes through this scope to an enclosing function.
                    if !table.scopes[id].order.contains(&n) {
                        table.scopes[id].order.push(n.clone());
                    }
                    if kind == ScopeKind::Class && mine == Some(NameScope::Local) {
                        // The class binds the name in its namespace but the
                        // method sees the enclosing function's variable.
                        let s = &mut table.scopes[id];
                        if !s.freevars.contains(&n) {
                            s.freevars.push(n.clone());
                        }
                        continue;
                    }
                    table.scopes[id].resolved.insert(n.clone(), NameScope::Free);
                }
            }
        }
    }

    let s = &mut table.scopes[id];
    if s.needs_class_cell {
        s.cellvars.push("__class__".into());
    }
    for n in s.order.clone() {
        match s.resolved.get(&n) {
            Some(NameScope::Cell) if !s.cellvars.contains(&n) => s.cellvars.push(n),
            Some(NameScope::Free) if !s.freevars.contains(&n) => s.freevars.push(n),
            _ => {}
        }
    }
    Ok(())
}
