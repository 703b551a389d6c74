//! `compile(ast_object, filename, mode)`: instances of the `_ast` classes
//! turned back into ruff's syntax tree (checked as CPython checks them:
//! TypeError for a missing field or a node of the wrong kind, ValueError
//! for a tree no source could give) and compiled by egret's compiler.
//! A node's line is its `lineno`; see `egret_compiler::compile_tree`.

use std::collections::HashMap;
use std::str::FromStr;

use egret_compiler::ruff_python_ast::{self as ast, Expr, Pattern, Stmt};
use egret_compiler::ruff_text_size::{TextRange, TextSize};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::CodeRt;
use crate::objects::str::as_str;
use crate::vm::{PyResult, Vm};

/// Whether `obj` is an instance of `_ast.AST`.
pub fn is_ast(vm: &mut Vm, obj: &Value) -> PyResult<bool> {
    let m = vm.import_module("_ast")?;
    let cls = vm.getattr_str(&m, "AST")?;
    Ok(crate::object::types::isinstance(obj, &cls))
}

/// `compile(tree, filename, mode, flags)`.
pub fn compile(vm: &mut Vm, tree: &Value, filename: &str, mode: &str, flags: i64) -> PyResult {
    if flags & 0x400 != 0 {
        // An AST asked for as an AST: itself, as CPython gives it.
        return Ok(tree.clone());
    }
    let module = vm.import_module("_ast")?;
    let mut c = FromPy {
        vm,
        module,
        classes: HashMap::new(),
    };
    let (want, cmode) = match mode {
        "exec" => ("Module", egret_compiler::Mode::Module),
        "eval" => ("Expression", egret_compiler::Mode::Eval),
        "single" => ("Interactive", egret_compiler::Mode::Interactive),
        "func_type" => {
            return Err(c
                .vm
                .value_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST"));
        }
        _ => {
            return Err(c
                .vm
                .value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'"));
        }
    };
    if !c.is_a(tree, want)? {
        return Err(c.vm.type_error(format!(
            "expected {want} node, got {}",
            tree.type_data().name
        )));
    }
    let tree_mod = match cmode {
        egret_compiler::Mode::Eval => {
            let body = c.req(tree, "body", "Expression")?;
            let body = c.expr(&body, Ctx::Load)?;
            ast::Mod::Expression(ast::ModExpression {
                node_index: Default::default(),
                range: TextRange::default(),
                body: Box::new(body),
            })
        }
        _ => {
            let body = c.stmt_list(tree, "body", want)?;
            if want == "Module" {
                c.list(tree, "type_ignores", "Module")?;
            }
            ast::Mod::Module(ast::ModModule {
                node_index: Default::default(),
                range: TextRange::default(),
                body: body.into(),
            })
        }
    };
    let vm = c.vm;
    let r = egret_compiler::compile_tree(&tree_mod, filename, cmode, flags as u32);
    let r = match r {
        Ok(code) => {
            let rt = CodeRt::new(vm, code);
            Ok(Value::alloc(
                &types().code,
                crate::objects::function::CodeData { code: rt },
            ))
        }
        Err(e) => Err(crate::exceptions_syntax(vm, &e)),
    };
    if r.as_ref().is_err_and(|_| crate::vm::stack_exhausted()) {
        std::mem::forget(tree_mod);
    }
    r
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Load,
    Store,
    Del,
}

impl Ctx {
    fn name(self) -> &'static str {
        match self {
            Ctx::Load => "Load",
            Ctx::Store => "Store",
            Ctx::Del => "Del",
        }
    }
}

const EXPRS: &[&str] = &[
    "BoolOp",
    "NamedExpr",
    "BinOp",
    "UnaryOp",
    "Lambda",
    "IfExp",
    "Dict",
    "Set",
    "ListComp",
    "SetComp",
    "DictComp",
    "GeneratorExp",
    "Await",
    "Yield",
    "YieldFrom",
    "Compare",
    "Call",
    "FormattedValue",
    "JoinedStr",
    "Constant",
    "Attribute",
    "Subscript",
    "Starred",
    "Name",
    "List",
    "Tuple",
    "Slice",
];

const STMTS: &[&str] = &[
    "FunctionDef",
    "AsyncFunctionDef",
    "ClassDef",
    "Return",
    "Delete",
    "Assign",
    "AugAssign",
    "AnnAssign",
    "For",
    "AsyncFor",
    "While",
    "If",
    "With",
    "AsyncWith",
    "Match",
    "Raise",
    "Try",
    "TryStar",
    "Assert",
    "Import",
    "ImportFrom",
    "Global",
    "Nonlocal",
    "Expr",
    "Pass",
    "Break",
    "Continue",
];

const PATTERNS: &[&str] = &[
    "MatchValue",
    "MatchSingleton",
    "MatchSequence",
    "MatchMapping",
    "MatchClass",
    "MatchStar",
    "MatchAs",
    "MatchOr",
];

const OPERATORS: &[&str] = &[
    "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift", "BitOr", "BitXor",
    "BitAnd", "FloorDiv",
];

const CMPOPS: &[&str] = &[
    "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
];

/// The highest line a node may name (offsets are 32-bit).
const MAX_LINE: i64 = (u32::MAX as i64) / (egret_compiler::TREE_LINE_WIDTH as i64) - 2;

struct FromPy<'a> {
    vm: &'a mut Vm,
    module: Value,
    classes: HashMap<&'static str, Value>,
}

fn ni() -> ast::AtomicNodeIndex {
    Default::default()
}

impl FromPy<'_> {
    fn class(&mut self, name: &'static str) -> PyResult {
        if let Some(c) = self.classes.get(name) {
            return Ok(c.clone());
        }
        let c = self.vm.getattr_str(&self.module, name)?;
        self.classes.insert(name, c.clone());
        Ok(c)
    }

    fn is_a(&mut self, obj: &Value, name: &'static str) -> PyResult<bool> {
        let cls = self.class(name)?;
        Ok(crate::object::types::isinstance(obj, &cls))
    }

    /// Which of `names` `obj` is an instance of, or the TypeError
    /// "expected some sort of {what}".
    fn which(&mut self, obj: &Value, names: &[&'static str], what: &str) -> PyResult<&'static str> {
        let own = obj.type_data().name.to_string();
        if let Some(n) = names.iter().find(|n| **n == own)
            && self.is_a(obj, n)?
        {
            return Ok(n);
        }
        for n in names {
            if self.is_a(obj, n)? {
                return Ok(n);
            }
        }
        let r = self.vm.repr_string(obj)?;
        Err(self
            .vm
            .type_error(format!("expected some sort of {what}, but got {r}")))
    }

    fn none(v: &Value) -> bool {
        v.is(&types().none)
    }

    /// A field that may be missing or None.
    fn opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(self.vm.lookup_attr(obj, name)?.filter(|v| !Self::none(v)))
    }

    /// A required field: TypeError when missing, ValueError when None.
    fn req(&mut self, obj: &Value, name: &str, owner: &str) -> PyResult {
        match self.vm.lookup_attr(obj, name)? {
            None => Err(self
                .vm
                .type_error(format!("required field \"{name}\" missing from {owner}"))),
            Some(v) if Self::none(&v) => Err(self
                .vm
                .value_error(format!("field '{name}' is required for {owner}"))),
            Some(v) => Ok(v),
        }
    }

    fn list(&mut self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Value>> {
        let v = match self.vm.lookup_attr(obj, name)? {
            None => {
                return Err(self
                    .vm
                    .type_error(format!("required field \"{name}\" missing from {owner}")));
            }
            Some(v) => v,
        };
        if v.kind() != Kind::List {
            return Err(self.vm.type_error(format!(
                "{owner} field \"{name}\" must be a list, not a {}",
                v.type_data().name
            )));
        }
        self.vm.iterate(&v)
    }

    fn int(&mut self, v: &Value) -> PyResult<i64> {
        if matches!(v.kind(), Kind::Int | Kind::Bool)
            && let Some(i) = crate::objects::int::to_i64(v)
        {
            return Ok(i);
        }
        let r = self.vm.repr_string(v)?;
        Err(self.vm.value_error(format!("invalid integer value: {r}")))
    }

    fn int_field(&mut self, obj: &Value, name: &str, owner: &str) -> PyResult<i64> {
        let v = match self.vm.lookup_attr(obj, name)? {
            Some(v) => v,
            None => {
                return Err(self
                    .vm
                    .type_error(format!("required field \"{name}\" missing from {owner}")));
            }
        };
        self.int(&v)
    }

    /// The node's position (`base` names the class in errors: `stmt`,
    /// `expr`, ...). Only lines count: see `compile_tree`.
    fn range(&mut self, obj: &Value, base: &str) -> PyResult<TextRange> {
        let line = self.int_field(obj, "lineno", base)?;
        let col = self.int_field(obj, "col_offset", base)?;
        let end_line = match self.opt(obj, "end_lineno")? {
            Some(v) => self.int(&v)?,
            None => line,
        };
        let end_col = match self.opt(obj, "end_col_offset")? {
            Some(v) => self.int(&v)?,
            None => col,
        };
        if matches!(base, "stmt" | "expr") {
            if line > end_line {
                return Err(self.vm.value_error(format!(
                    "AST node line range ({line}, {end_line}) is not valid"
                )));
            }
            if (line < 0 && end_line != line) || (col < 0 && col != end_col) {
                return Err(self.vm.value_error(format!(
                    "AST node column range ({col}, {end_col}) for line range ({line}, {end_line}) is not valid"
                )));
            }
            if line == end_line && col > end_col {
                return Err(self.vm.value_error(format!(
                    "line {line}, column {col}-{end_col} is not a valid range"
                )));
            }
        }
        let w = egret_compiler::TREE_LINE_WIDTH as i64;
        let start = (line.clamp(1, MAX_LINE) - 1) * w;
        let end = ((end_line.clamp(1, MAX_LINE) - 1) * w + 4).max(start + 4);
        Ok(TextRange::new(
            TextSize::new(start as u32),
            TextSize::new(end as u32),
        ))
    }

    fn identifier(&mut self, v: &Value, range: TextRange) -> PyResult<ast::Identifier> {
        match as_str(v) {
            Some(s) if v.kind() == Kind::Str => Ok(ast::Identifier {
                id: ast::name::Name::new(s),
                range,
                node_index: ni(),
            }),
            _ => Err(self.vm.type_error("AST identifier must be of type str")),
        }
    }

    fn ident_field(
        &mut self,
        obj: &Value,
        name: &str,
        owner: &str,
        range: TextRange,
    ) -> PyResult<ast::Identifier> {
        let v = self.req(obj, name, owner)?;
        self.identifier(&v, range)
    }

    fn opt_ident(
        &mut self,
        obj: &Value,
        name: &str,
        range: TextRange,
    ) -> PyResult<Option<ast::Identifier>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(self.identifier(&v, range)?)),
            None => Ok(None),
        }
    }

    fn guard(&mut self) -> PyResult<()> {
        if crate::vm::stack_exhausted() {
            return Err(self.vm.err(
                &types().exc.recursion_error,
                "maximum recursion depth exceeded during compilation",
            ));
        }
        Ok(())
    }

    // ----- statements -----

    fn stmt_list(&mut self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Stmt>> {
        let items = self.list(obj, name, owner)?;
        let mut out = Vec::with_capacity(items.len());
        for s in &items {
            if Self::none(s) {
                return Err(self.vm.value_error("None disallowed in statement list"));
            }
            out.push(self.stmt(s)?);
        }
        Ok(out)
    }

    fn body(&mut self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Stmt>> {
        let b = self.stmt_list(obj, name, owner)?;
        if b.is_empty() {
            return Err(self.vm.value_error(format!("empty {name} on {owner}")));
        }
        Ok(b)
    }

    fn expr_list(&mut self, obj: &Value, name: &str, owner: &str, ctx: Ctx) -> PyResult<Vec<Expr>> {
        let items = self.list(obj, name, owner)?;
        let mut out = Vec::with_capacity(items.len());
        for e in &items {
            if Self::none(e) {
                return Err(self.vm.value_error("None disallowed in expression list"));
            }
            out.push(self.expr(e, ctx)?);
        }
        Ok(out)
    }

    fn req_expr(&mut self, obj: &Value, name: &str, owner: &str, ctx: Ctx) -> PyResult<Box<Expr>> {
        let v = self.req(obj, name, owner)?;
        Ok(Box::new(self.expr(&v, ctx)?))
    }

    fn opt_expr(&mut self, obj: &Value, name: &str) -> PyResult<Option<Box<Expr>>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(Box::new(self.expr(&v, Ctx::Load)?))),
            None => Ok(None),
        }
    }

    fn stmt(&mut self, obj: &Value) -> PyResult<Stmt> {
        self.guard()?;
        let kind = self.which(obj, STMTS, "stmt")?;
        let range = self.range(obj, "stmt")?;
        let node_index = ni();
        Ok(match kind {
            "FunctionDef" | "AsyncFunctionDef" => {
                let name = self.ident_field(obj, "name", kind, range)?;
                let args = self.req(obj, "args", kind)?;
                let parameters = Box::new(self.arguments(&args, range)?);
                let body = self.body(obj, "body", kind)?;
                let decos = self.list(obj, "decorator_list", kind)?;
                let mut decorator_list = Vec::new();
                let mut start = range.start();
                for d in &decos {
                    let expression = self.expr(d, Ctx::Load)?;
                    let r = self.range(d, "expr")?;
                    start = start.min(r.start());
                    decorator_list.push(ast::Decorator {
                        range: r,
                        node_index: ni(),
                        expression,
                    });
                }
                let returns = self.opt_expr(obj, "returns")?;
                Stmt::FunctionDef(ast::StmtFunctionDef {
                    node_index,
                    range: TextRange::new(start, range.end()),
                    is_async: kind == "AsyncFunctionDef",
                    decorator_list: decorator_list.into(),
                    name,
                    type_params: None,
                    parameters,
                    returns,
                    body: body.into(),
                })
            }
            "ClassDef" => {
                let name = self.ident_field(obj, "name", kind, range)?;
                let bases = self.expr_list(obj, "bases", kind, Ctx::Load)?;
                let keywords = self.keywords(obj, kind)?;
                let body = self.body(obj, "body", kind)?;
                let decos = self.list(obj, "decorator_list", kind)?;
                let mut decorator_list = Vec::new();
                let mut start = range.start();
                for d in &decos {
                    let expression = self.expr(d, Ctx::Load)?;
                    let r = self.range(d, "expr")?;
                    start = start.min(r.start());
                    decorator_list.push(ast::Decorator {
                        range: r,
                        node_index: ni(),
                        expression,
                    });
                }
                let arguments = if bases.is_empty() && keywords.is_empty() {
                    None
                } else {
                    Some(Box::new(ast::Arguments {
                        range,
                        node_index: ni(),
                        args: bases.into(),
                        keywords: keywords.into(),
                    }))
                };
                Stmt::ClassDef(ast::StmtClassDef {
                    node_index,
                    range: TextRange::new(start, range.end()),
                    decorator_list: decorator_list.into(),
                    name,
                    type_params: None,
                    arguments,
                    body: body.into(),
                })
            }
            "Return" => Stmt::Return(ast::StmtReturn {
                node_index,
                range,
                value: self.opt_expr(obj, "value")?,
            }),
            "Delete" => {
                let targets = self.expr_list(obj, "targets", kind, Ctx::Del)?;
                if targets.is_empty() {
                    return Err(self.vm.value_error("empty targets on Delete"));
                }
                Stmt::Delete(ast::StmtDelete {
                    node_index,
                    range,
                    targets,
                })
            }
            "Assign" => {
                let targets = self.expr_list(obj, "targets", kind, Ctx::Store)?;
                if targets.is_empty() {
                    return Err(self.vm.value_error("empty targets on Assign"));
                }
                let value = self.req_expr(obj, "value", kind, Ctx::Load)?;
                Stmt::Assign(ast::StmtAssign {
                    node_index,
                    range,
                    targets,
                    value,
                })
            }
            "AugAssign" => {
                let target = self.req_expr(obj, "target", kind, Ctx::Store)?;
                let op = self.req(obj, "op", kind)?;
                let op = self.operator(&op)?;
                let value = self.req_expr(obj, "value", kind, Ctx::Load)?;
                Stmt::AugAssign(ast::StmtAugAssign {
                    node_index,
                    range,
                    target,
                    op,
                    value,
                })
            }
            "AnnAssign" => {
                let target = self.req_expr(obj, "target", kind, Ctx::Store)?;
                let annotation = self.req_expr(obj, "annotation", kind, Ctx::Load)?;
                let value = self.opt_expr(obj, "value")?;
                let simple = self.int_field(obj, "simple", kind)? != 0;
                if simple && !matches!(*target, Expr::Name(_)) {
                    return Err(self.vm.type_error("AnnAssign with simple non-Name target"));
                }
                Stmt::AnnAssign(ast::StmtAnnAssign {
                    node_index,
                    range,
                    target,
                    annotation,
                    value,
                    simple,
                })
            }
            "For" | "AsyncFor" => {
                let target = self.req_expr(obj, "target", kind, Ctx::Store)?;
                let iter = self.req_expr(obj, "iter", kind, Ctx::Load)?;
                let body = self.body(obj, "body", kind)?;
                let orelse = self.stmt_list(obj, "orelse", kind)?;
                Stmt::For(ast::StmtFor {
                    node_index,
                    range,
                    is_async: kind == "AsyncFor",
                    target,
                    iter,
                    body: body.into(),
                    orelse: orelse.into(),
                })
            }
            "While" => {
                let test = self.req_expr(obj, "test", kind, Ctx::Load)?;
                let body = self.body(obj, "body", kind)?;
                let orelse = self.stmt_list(obj, "orelse", kind)?;
                Stmt::While(ast::StmtWhile {
                    node_index,
                    range,
                    test,
                    body: body.into(),
                    orelse: orelse.into(),
                })
            }
            "If" => {
                let test = self.req_expr(obj, "test", kind, Ctx::Load)?;
                let body = self.body(obj, "body", kind)?;
                let orelse = self.stmt_list(obj, "orelse", kind)?;
                let elif_else_clauses = if orelse.is_empty() {
                    Vec::new()
                } else {
                    vec![ast::ElifElseClause {
                        range,
                        node_index: ni(),
                        test: None,
                        body: orelse.into(),
                    }]
                };
                Stmt::If(ast::StmtIf {
                    node_index,
                    range,
                    test,
                    body: body.into(),
                    elif_else_clauses,
                })
            }
            "With" | "AsyncWith" => {
                let items_v = self.list(obj, "items", kind)?;
                if items_v.is_empty() {
                    return Err(self.vm.value_error(format!("empty items on {kind}")));
                }
                let mut items = Vec::new();
                for it in &items_v {
                    if !self.is_a(it, "withitem")? {
                        let r = self.vm.repr_string(it)?;
                        return Err(self
                            .vm
                            .type_error(format!("expected some sort of withitem, but got {r}")));
                    }
                    let context_expr = *self.req_expr(it, "context_expr", "withitem", Ctx::Load)?;
                    let optional_vars = match self.opt(it, "optional_vars")? {
                        Some(v) => Some(Box::new(self.expr(&v, Ctx::Store)?)),
                        None => None,
                    };
                    items.push(ast::WithItem {
                        range,
                        node_index: ni(),
                        context_expr,
                        optional_vars,
                    });
                }
                let body = self.body(obj, "body", kind)?;
                Stmt::With(ast::StmtWith {
                    node_index,
                    range,
                    is_async: kind == "AsyncWith",
                    items,
                    body: body.into(),
                })
            }
            "Match" => {
                let subject = self.req_expr(obj, "subject", kind, Ctx::Load)?;
                let cases_v = self.list(obj, "cases", kind)?;
                if cases_v.is_empty() {
                    return Err(self.vm.value_error("empty cases on Match"));
                }
                let mut cases = Vec::new();
                for c in &cases_v {
                    if !self.is_a(c, "match_case")? {
                        let r = self.vm.repr_string(c)?;
                        return Err(self
                            .vm
                            .type_error(format!("expected some sort of match_case, but got {r}")));
                    }
                    let p = self.req(c, "pattern", "match_case")?;
                    let pattern = self.pattern(&p)?;
                    let guard = self.opt_expr(c, "guard")?;
                    let body = self.body(c, "body", "match_case")?;
                    cases.push(ast::MatchCase {
                        range,
                        node_index: ni(),
                        pattern,
                        guard,
                        body: body.into(),
                    });
                }
                Stmt::Match(ast::StmtMatch {
                    node_index,
                    range,
                    subject,
                    cases,
                })
            }
            "Raise" => {
                let exc = self.opt_expr(obj, "exc")?;
                let cause = self.opt_expr(obj, "cause")?;
                if exc.is_none() && cause.is_some() {
                    return Err(self.vm.value_error("Raise with cause but no exception"));
                }
                Stmt::Raise(ast::StmtRaise {
                    node_index,
                    range,
                    exc,
                    cause,
                })
            }
            "Try" | "TryStar" => {
                let body = self.body(obj, "body", kind)?;
                let hs = self.list(obj, "handlers", kind)?;
                let mut handlers = Vec::new();
                for h in &hs {
                    if !self.is_a(h, "ExceptHandler")? {
                        let r = self.vm.repr_string(h)?;
                        return Err(self.vm.type_error(format!(
                            "expected some sort of excepthandler, but got {r}"
                        )));
                    }
                    let hr = self.range(h, "excepthandler")?;
                    let type_ = self.opt_expr(h, "type")?;
                    let name = self.opt_ident(h, "name", hr)?;
                    let hbody = self.body(h, "body", "ExceptHandler")?;
                    handlers.push(ast::ExceptHandler::ExceptHandler(
                        ast::ExceptHandlerExceptHandler {
                            range: hr,
                            node_index: ni(),
                            type_,
                            name,
                            body: hbody.into(),
                        },
                    ));
                }
                let orelse = self.stmt_list(obj, "orelse", kind)?;
                let finalbody = self.stmt_list(obj, "finalbody", kind)?;
                if handlers.is_empty() && finalbody.is_empty() {
                    return Err(self
                        .vm
                        .value_error(format!("{kind} has neither except handlers nor finalbody")));
                }
                if handlers.is_empty() && !orelse.is_empty() {
                    return Err(self
                        .vm
                        .value_error(format!("{kind} has orelse but no except handlers")));
                }
                Stmt::Try(ast::StmtTry {
                    node_index,
                    range,
                    body: body.into(),
                    handlers,
                    orelse: orelse.into(),
                    finalbody: finalbody.into(),
                    is_star: kind == "TryStar",
                })
            }
            "Assert" => Stmt::Assert(ast::StmtAssert {
                node_index,
                range,
                test: self.req_expr(obj, "test", kind, Ctx::Load)?,
                msg: self.opt_expr(obj, "msg")?,
            }),
            "Import" => {
                let names = self.aliases(obj, kind)?;
                if names.is_empty() {
                    return Err(self.vm.value_error("empty names on Import"));
                }
                Stmt::Import(ast::StmtImport {
                    node_index,
                    range,
                    names,
                    is_lazy: false,
                })
            }
            "ImportFrom" => {
                let module = self.opt_ident(obj, "module", range)?;
                let names = self.aliases(obj, kind)?;
                let level = match self.opt(obj, "level")? {
                    Some(v) => self.int(&v)?,
                    None => 0,
                };
                if level < 0 {
                    return Err(self.vm.value_error("Negative ImportFrom level"));
                }
                if names.is_empty() {
                    return Err(self.vm.value_error("empty names on ImportFrom"));
                }
                Stmt::ImportFrom(ast::StmtImportFrom {
                    node_index,
                    range,
                    module,
                    names,
                    level: level.min(u32::MAX as i64) as u32,
                    is_lazy: false,
                })
            }
            "Global" | "Nonlocal" => {
                let vs = self.list(obj, "names", kind)?;
                if vs.is_empty() {
                    return Err(self.vm.value_error(format!("empty names on {kind}")));
                }
                let mut names = Vec::new();
                for v in &vs {
                    names.push(self.identifier(v, range)?);
                }
                if kind == "Global" {
                    Stmt::Global(ast::StmtGlobal {
                        node_index,
                        range,
                        names,
                    })
                } else {
                    Stmt::Nonlocal(ast::StmtNonlocal {
                        node_index,
                        range,
                        names,
                    })
                }
            }
            "Expr" => Stmt::Expr(ast::StmtExpr {
                node_index,
                range,
                value: self.req_expr(obj, "value", kind, Ctx::Load)?,
            }),
            "Pass" => Stmt::Pass(ast::StmtPass { node_index, range }),
            "Break" => Stmt::Break(ast::StmtBreak { node_index, range }),
            _ => Stmt::Continue(ast::StmtContinue { node_index, range }),
        })
    }

    fn aliases(&mut self, obj: &Value, owner: &str) -> PyResult<Vec<ast::Alias>> {
        let vs = self.list(obj, "names", owner)?;
        let mut out = Vec::new();
        for a in &vs {
            if !self.is_a(a, "alias")? {
                let r = self.vm.repr_string(a)?;
                return Err(self
                    .vm
                    .type_error(format!("expected some sort of alias, but got {r}")));
            }
            let range = self.range(a, "alias")?;
            let name = self.ident_field(a, "name", "alias", range)?;
            let asname = self.opt_ident(a, "asname", range)?;
            out.push(ast::Alias {
                range,
                node_index: ni(),
                name,
                asname,
            });
        }
        Ok(out)
    }

    fn keywords(&mut self, obj: &Value, owner: &str) -> PyResult<Vec<ast::Keyword>> {
        let vs = self.list(obj, "keywords", owner)?;
        let mut out = Vec::new();
        for k in &vs {
            if !self.is_a(k, "keyword")? {
                let r = self.vm.repr_string(k)?;
                return Err(self
                    .vm
                    .type_error(format!("expected some sort of keyword, but got {r}")));
            }
            let range = self.range(k, "keyword")?;
            let arg = self.opt_ident(k, "arg", range)?;
            let value = *self.req_expr(k, "value", "keyword", Ctx::Load)?;
            out.push(ast::Keyword {
                range,
                node_index: ni(),
                arg,
                value,
            });
        }
        Ok(out)
    }

    fn arg(&mut self, a: &Value) -> PyResult<ast::Parameter> {
        if !self.is_a(a, "arg")? {
            let r = self.vm.repr_string(a)?;
            return Err(self
                .vm
                .type_error(format!("expected some sort of arg, but got {r}")));
        }
        let range = self.range(a, "arg")?;
        let name = self.ident_field(a, "arg", "arg", range)?;
        let annotation = self.opt_expr(a, "annotation")?;
        Ok(ast::Parameter {
            range,
            node_index: ni(),
            name,
            annotation,
        })
    }

    fn arguments(&mut self, obj: &Value, range: TextRange) -> PyResult<ast::Parameters> {
        if !self.is_a(obj, "arguments")? {
            let r = self.vm.repr_string(obj)?;
            return Err(self
                .vm
                .type_error(format!("expected some sort of arguments, but got {r}")));
        }
        let o = "arguments";
        let posonly_v = self.list(obj, "posonlyargs", o)?;
        let args_v = self.list(obj, "args", o)?;
        let vararg = match self.opt(obj, "vararg")? {
            Some(v) => Some(Box::new(self.arg(&v)?)),
            None => None,
        };
        let kwonly_v = self.list(obj, "kwonlyargs", o)?;
        let kw_defaults_v = self.list(obj, "kw_defaults", o)?;
        let kwarg = match self.opt(obj, "kwarg")? {
            Some(v) => Some(Box::new(self.arg(&v)?)),
            None => None,
        };
        let defaults_v = self.list(obj, "defaults", o)?;
        let mut params = Vec::new();
        for a in posonly_v.iter().chain(args_v.iter()) {
            params.push(self.arg(a)?);
        }
        let mut kw_params = Vec::new();
        for a in &kwonly_v {
            kw_params.push(self.arg(a)?);
        }
        let positional = posonly_v.len() + args_v.len();
        if defaults_v.len() > positional {
            return Err(self
                .vm
                .value_error("more positional defaults than args on arguments"));
        }
        if kw_defaults_v.len() != kwonly_v.len() {
            return Err(self
                .vm
                .value_error("length of kwonlyargs is not the same as kw_defaults on arguments"));
        }
        let mut defaults = Vec::new();
        for d in &defaults_v {
            if Self::none(d) {
                return Err(self.vm.value_error("None disallowed in expression list"));
            }
            defaults.push(Box::new(self.expr(d, Ctx::Load)?));
        }
        let first_default = positional - defaults.len();
        let mut defaults = defaults.into_iter();
        let mut posonlyargs = Vec::new();
        let mut args = Vec::new();
        for (i, parameter) in params.into_iter().enumerate() {
            let default = if i >= first_default {
                defaults.next()
            } else {
                None
            };
            let p = ast::ParameterWithDefault {
                range: parameter.range,
                node_index: ni(),
                parameter,
                default,
            };
            if i < posonly_v.len() {
                posonlyargs.push(p);
            } else {
                args.push(p);
            }
        }
        let mut kwonlyargs = Vec::new();
        for (parameter, d) in kw_params.into_iter().zip(&kw_defaults_v) {
            let default = if Self::none(d) {
                None
            } else {
                Some(Box::new(self.expr(d, Ctx::Load)?))
            };
            kwonlyargs.push(ast::ParameterWithDefault {
                range: parameter.range,
                node_index: ni(),
                parameter,
                default,
            });
        }
        Ok(ast::Parameters {
            range,
            node_index: ni(),
            posonlyargs: posonlyargs.into(),
            args: args.into(),
            vararg,
            kwonlyargs: kwonlyargs.into(),
            kwarg,
        })
    }

    fn operator(&mut self, op: &Value) -> PyResult<ast::Operator> {
        use ast::Operator as O;
        Ok(match self.which(op, OPERATORS, "operator")? {
            "Add" => O::Add,
            "Sub" => O::Sub,
            "Mult" => O::Mult,
            "MatMult" => O::MatMult,
            "Div" => O::Div,
            "Mod" => O::Mod,
            "Pow" => O::Pow,
            "LShift" => O::LShift,
            "RShift" => O::RShift,
            "BitOr" => O::BitOr,
            "BitXor" => O::BitXor,
            "BitAnd" => O::BitAnd,
            _ => O::FloorDiv,
        })
    }

    /// The node's `ctx` field, which must be `want`.
    fn ctx(&mut self, obj: &Value, owner: &str, want: Ctx) -> PyResult<ast::ExprContext> {
        let c = self.req(obj, "ctx", owner)?;
        let got = match self.which(&c, &["Load", "Store", "Del"], "expr_context")? {
            "Load" => Ctx::Load,
            "Store" => Ctx::Store,
            _ => Ctx::Del,
        };
        if got != want {
            return Err(self.vm.value_error(format!(
                "expression must have {} context but has {} instead",
                want.name(),
                got.name()
            )));
        }
        Ok(match got {
            Ctx::Load => ast::ExprContext::Load,
            Ctx::Store => ast::ExprContext::Store,
            Ctx::Del => ast::ExprContext::Del,
        })
    }

    fn comprehensions(
        &mut self,
        obj: &Value,
        owner: &str,
        range: TextRange,
    ) -> PyResult<Vec<ast::Comprehension>> {
        let vs = self.list(obj, "generators", owner)?;
        if vs.is_empty() {
            return Err(self.vm.value_error("comprehension with no generators"));
        }
        let mut out = Vec::new();
        for g in &vs {
            if !self.is_a(g, "comprehension")? {
                let r = self.vm.repr_string(g)?;
                return Err(self
                    .vm
                    .type_error(format!("expected some sort of comprehension, but got {r}")));
            }
            let o = "comprehension";
            let target = *self.req_expr(g, "target", o, Ctx::Store)?;
            let iter = *self.req_expr(g, "iter", o, Ctx::Load)?;
            let ifs = self.expr_list(g, "ifs", o, Ctx::Load)?;
            let is_async = self.int_field(g, "is_async", o)? != 0;
            out.push(ast::Comprehension {
                range,
                node_index: ni(),
                target,
                iter,
                ifs,
                is_async,
            });
        }
        Ok(out)
    }

    fn expr(&mut self, obj: &Value, ctx: Ctx) -> PyResult<Expr> {
        self.guard()?;
        let kind = self.which(obj, EXPRS, "expr")?;
        let range = self.range(obj, "expr")?;
        if ctx != Ctx::Load
            && !matches!(
                kind,
                "Name" | "Attribute" | "Subscript" | "Starred" | "List" | "Tuple"
            )
        {
            return Err(self.vm.value_error(format!(
                "expression which can't be assigned to in {} context",
                ctx.name()
            )));
        }
        let node_index = ni();
        let load = Ctx::Load;
        Ok(match kind {
            "BoolOp" => {
                let op = self.req(obj, "op", kind)?;
                let op = match self.which(&op, &["And", "Or"], "boolop")? {
                    "And" => ast::BoolOp::And,
                    _ => ast::BoolOp::Or,
                };
                let values = self.expr_list(obj, "values", kind, load)?;
                if values.len() < 2 {
                    return Err(self.vm.value_error("BoolOp with less than 2 values"));
                }
                Expr::BoolOp(ast::ExprBoolOp {
                    node_index,
                    range,
                    op,
                    values,
                })
            }
            "NamedExpr" => {
                let target = self.req_expr(obj, "target", kind, Ctx::Store)?;
                let value = self.req_expr(obj, "value", kind, load)?;
                if !matches!(*target, Expr::Name(_)) {
                    return Err(self.vm.type_error("NamedExpr target must be a Name"));
                }
                Expr::Named(ast::ExprNamed {
                    node_index,
                    range,
                    target,
                    value,
                })
            }
            "BinOp" => {
                let left = self.req_expr(obj, "left", kind, load)?;
                let op = self.req(obj, "op", kind)?;
                let op = self.operator(&op)?;
                let right = self.req_expr(obj, "right", kind, load)?;
                Expr::BinOp(ast::ExprBinOp {
                    node_index,
                    range,
                    left,
                    op,
                    right,
                })
            }
            "UnaryOp" => {
                let op = self.req(obj, "op", kind)?;
                let op = match self.which(&op, &["Invert", "Not", "UAdd", "USub"], "unaryop")? {
                    "Invert" => ast::UnaryOp::Invert,
                    "Not" => ast::UnaryOp::Not,
                    "UAdd" => ast::UnaryOp::UAdd,
                    _ => ast::UnaryOp::USub,
                };
                Expr::UnaryOp(ast::ExprUnaryOp {
                    node_index,
                    range,
                    op,
                    operand: self.req_expr(obj, "operand", kind, load)?,
                })
            }
            "Lambda" => {
                let args = self.req(obj, "args", kind)?;
                let parameters = self.arguments(&args, range)?;
                let body = self.req_expr(obj, "body", kind, load)?;
                Expr::Lambda(ast::ExprLambda {
                    node_index,
                    range,
                    parameters: Some(Box::new(parameters)),
                    body,
                })
            }
            "IfExp" => Expr::If(ast::ExprIf {
                node_index,
                range,
                test: self.req_expr(obj, "test", kind, load)?,
                body: self.req_expr(obj, "body", kind, load)?,
                orelse: self.req_expr(obj, "orelse", kind, load)?,
            }),
            "Dict" => {
                let keys = self.list(obj, "keys", kind)?;
                let values = self.list(obj, "values", kind)?;
                if keys.len() != values.len() {
                    return Err(self
                        .vm
                        .value_error("Dict doesn't have the same number of keys as values"));
                }
                let mut items = Vec::new();
                for (k, v) in keys.iter().zip(&values) {
                    let key = if Self::none(k) {
                        None
                    } else {
                        Some(self.expr(k, load)?)
                    };
                    if Self::none(v) {
                        return Err(self.vm.value_error("None disallowed in expression list"));
                    }
                    let value = self.expr(v, load)?;
                    items.push(ast::DictItem { key, value });
                }
                Expr::Dict(ast::ExprDict {
                    node_index,
                    range,
                    items,
                })
            }
            "Set" => Expr::Set(ast::ExprSet {
                node_index,
                range,
                elts: self.expr_list(obj, "elts", kind, load)?,
            }),
            "ListComp" | "SetComp" | "GeneratorExp" => {
                let generators = self.comprehensions(obj, kind, range)?;
                let elt = self.req_expr(obj, "elt", kind, load)?;
                match kind {
                    "ListComp" => Expr::ListComp(ast::ExprListComp {
                        node_index,
                        range,
                        elt,
                        generators,
                    }),
                    "SetComp" => Expr::SetComp(ast::ExprSetComp {
                        node_index,
                        range,
                        elt,
                        generators,
                    }),
                    _ => Expr::Generator(ast::ExprGenerator {
                        node_index,
                        range,
                        elt,
                        generators,
                        parenthesized: true,
                    }),
                }
            }
            "DictComp" => {
                let generators = self.comprehensions(obj, kind, range)?;
                let key = self.req_expr(obj, "key", kind, load)?;
                let value = self.req_expr(obj, "value", kind, load)?;
                Expr::DictComp(ast::ExprDictComp {
                    node_index,
                    range,
                    key: Some(key),
                    value,
                    generators,
                })
            }
            "Await" => Expr::Await(ast::ExprAwait {
                node_index,
                range,
                value: self.req_expr(obj, "value", kind, load)?,
            }),
            "Yield" => Expr::Yield(ast::ExprYield {
                node_index,
                range,
                value: self.opt_expr(obj, "value")?,
            }),
            "YieldFrom" => Expr::YieldFrom(ast::ExprYieldFrom {
                node_index,
                range,
                value: self.req_expr(obj, "value", kind, load)?,
            }),
            "Compare" => {
                let left = self.req_expr(obj, "left", kind, load)?;
                let ops_v = self.list(obj, "ops", kind)?;
                let comparators = self.expr_list(obj, "comparators", kind, load)?;
                if comparators.is_empty() {
                    return Err(self.vm.value_error("Compare with no comparators"));
                }
                if ops_v.len() != comparators.len() {
                    return Err(self.vm.value_error(
                        "Compare has a different number of comparators and operands",
                    ));
                }
                let mut ops = Vec::new();
                for op in &ops_v {
                    use ast::CmpOp as C;
                    ops.push(match self.which(op, CMPOPS, "cmpop")? {
                        "Eq" => C::Eq,
                        "NotEq" => C::NotEq,
                        "Lt" => C::Lt,
                        "LtE" => C::LtE,
                        "Gt" => C::Gt,
                        "GtE" => C::GtE,
                        "Is" => C::Is,
                        "IsNot" => C::IsNot,
                        "In" => C::In,
                        _ => C::NotIn,
                    });
                }
                Expr::Compare(ast::ExprCompare {
                    node_index,
                    range,
                    left,
                    ops: ops.into(),
                    comparators: comparators.into(),
                })
            }
            "Call" => {
                let func = self.req_expr(obj, "func", kind, load)?;
                let args = self.expr_list(obj, "args", kind, load)?;
                let keywords = self.keywords(obj, kind)?;
                Expr::Call(ast::ExprCall {
                    node_index,
                    range_start: range.start(),
                    func,
                    arguments: ast::Arguments {
                        range,
                        node_index: ni(),
                        args: args.into(),
                        keywords: keywords.into(),
                    },
                })
            }
            "JoinedStr" => {
                let elements = self.fstring_elements(obj, range)?;
                Expr::FString(ast::ExprFString {
                    node_index,
                    range,
                    value: ast::FStringValue::single(ast::FString {
                        range,
                        node_index: ni(),
                        elements: elements.into(),
                        flags: ast::FStringFlags::empty().with_prefix(
                            ast::str_prefix::FStringPrefix::Raw { uppercase_r: false },
                        ),
                    }),
                })
            }
            "FormattedValue" => {
                let element = self.formatted(obj, range)?;
                Expr::FString(ast::ExprFString {
                    node_index,
                    range,
                    value: ast::FStringValue::single(ast::FString {
                        range,
                        node_index: ni(),
                        elements: vec![element].into(),
                        flags: ast::FStringFlags::empty().with_prefix(
                            ast::str_prefix::FStringPrefix::Raw { uppercase_r: false },
                        ),
                    }),
                })
            }
            "Constant" => {
                let v = match self.vm.lookup_attr(obj, "value")? {
                    Some(v) => v,
                    None => {
                        return Err(self
                            .vm
                            .type_error("required field \"value\" missing from Constant"));
                    }
                };
                if let Some(k) = self.opt(obj, "kind")?
                    && k.kind() != Kind::Str
                {
                    return Err(self.vm.type_error("AST string must be of type str"));
                }
                self.constant(&v, range)?
            }
            "Attribute" => {
                let value = self.req_expr(obj, "value", kind, load)?;
                let attr = self.ident_field(obj, "attr", kind, range)?;
                let ctx = self.ctx(obj, kind, ctx)?;
                Expr::Attribute(ast::ExprAttribute {
                    node_index,
                    range,
                    value,
                    attr,
                    ctx,
                })
            }
            "Subscript" => {
                let value = self.req_expr(obj, "value", kind, load)?;
                let slice = self.req_expr(obj, "slice", kind, load)?;
                let ctx = self.ctx(obj, kind, ctx)?;
                Expr::Subscript(ast::ExprSubscript {
                    node_index,
                    range,
                    value,
                    slice,
                    ctx,
                })
            }
            "Starred" => {
                let value = self.req_expr(obj, "value", kind, ctx)?;
                let ctx = self.ctx(obj, kind, ctx)?;
                Expr::Starred(ast::ExprStarred {
                    node_index,
                    range,
                    value,
                    ctx,
                })
            }
            "Name" => {
                let id = self.ident_field(obj, "id", kind, range)?;
                if matches!(id.id.as_str(), "None" | "True" | "False") {
                    return Err(self.vm.value_error(format!(
                        "identifier field can't represent '{}' constant",
                        id.id.as_str()
                    )));
                }
                let c = self.ctx(obj, kind, ctx)?;
                Expr::Name(ast::ExprName {
                    node_index,
                    range,
                    id: id.id,
                    ctx: c,
                })
            }
            "List" | "Tuple" => {
                let elts = self.expr_list(obj, "elts", kind, ctx)?;
                let c = self.ctx(obj, kind, ctx)?;
                if kind == "List" {
                    Expr::List(ast::ExprList {
                        node_index,
                        range,
                        elts,
                        ctx: c,
                    })
                } else {
                    Expr::Tuple(ast::ExprTuple {
                        node_index,
                        range,
                        elts,
                        ctx: c,
                        parenthesized: true,
                    })
                }
            }
            _ => Expr::Slice(ast::ExprSlice {
                node_index,
                range,
                lower: self.opt_expr(obj, "lower")?,
                upper: self.opt_expr(obj, "upper")?,
                step: self.opt_expr(obj, "step")?,
            }),
        })
    }

    fn str_literal(&mut self, s: &str, range: TextRange) -> Expr {
        Expr::StringLiteral(ast::ExprStringLiteral {
            node_index: ni(),
            range,
            value: ast::StringLiteralValue::single(ast::StringLiteral {
                range,
                node_index: ni(),
                value: s.into(),
                flags: ast::StringLiteralFlags::empty()
                    .with_prefix(ast::str_prefix::StringLiteralPrefix::Raw { uppercase: false }),
            }),
        })
    }

    fn number(n: ast::Number, range: TextRange) -> Expr {
        Expr::NumberLiteral(ast::ExprNumberLiteral {
            node_index: ni(),
            range,
            value: n,
        })
    }

    /// A Constant's value as the literal expression that makes it.
    fn constant(&mut self, v: &Value, range: TextRange) -> PyResult<Expr> {
        let node_index = ni();
        let t = types();
        let cls = v.class();
        Ok(if Self::none(v) {
            Expr::NoneLiteral(ast::ExprNoneLiteral { node_index, range })
        } else if v.is(&t.ellipsis) {
            Expr::EllipsisLiteral(ast::ExprEllipsisLiteral { node_index, range })
        } else if cls.is(&t.bool_) {
            Expr::BooleanLiteral(ast::ExprBooleanLiteral {
                node_index,
                range,
                value: v.is(&t.true_),
            })
        } else if cls.is(&t.int) {
            let b = crate::objects::int::to_bigint(v).unwrap_or_default();
            let mag = b.magnitude().to_string();
            let int = ast::Int::from_str(&mag).unwrap_or(ast::Int::ZERO);
            let lit = Self::number(ast::Number::Int(int), range);
            if b.sign() == num_bigint::Sign::Minus {
                Expr::UnaryOp(ast::ExprUnaryOp {
                    node_index,
                    range,
                    op: ast::UnaryOp::USub,
                    operand: Box::new(lit),
                })
            } else {
                lit
            }
        } else if cls.is(&t.float) {
            let f = crate::objects::float::float_of(v).unwrap_or(0.0);
            Self::number(ast::Number::Float(f), range)
        } else if cls.is(&t.complex) {
            let (real, imag) = match v.downcast::<crate::objects::float::ComplexData>() {
                Some(c) => (c.re, c.im),
                None => (0.0, 0.0),
            };
            Self::number(ast::Number::Complex { real, imag }, range)
        } else if cls.is(&t.str_) {
            let s = as_str(v).unwrap_or("").to_string();
            self.str_literal(&s, range)
        } else if cls.is(&t.bytes) {
            let b = v
                .downcast::<crate::objects::bytes::BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            Expr::BytesLiteral(ast::ExprBytesLiteral {
                node_index,
                range,
                value: ast::BytesLiteralValue::single(ast::BytesLiteral {
                    range,
                    node_index: ni(),
                    value: b.into(),
                    flags: ast::BytesLiteralFlags::empty()
                        .with_prefix(ast::str_prefix::ByteStringPrefix::Raw { uppercase_r: false }),
                }),
            })
        } else if cls.is(&t.tuple) {
            let items = self.vm.iterate(v)?;
            let mut elts = Vec::new();
            for i in &items {
                elts.push(self.constant(i, range)?);
            }
            Expr::Tuple(ast::ExprTuple {
                node_index,
                range,
                elts,
                ctx: ast::ExprContext::Load,
                parenthesized: true,
            })
        } else if cls.is(&t.frozenset) {
            // Its items are checked as CPython checks them; egret's code
            // objects have no frozenset constants.
            for i in self.vm.iterate(v)? {
                self.constant(&i, range)?;
            }
            return Err(self.vm.not_implemented("compile() of a frozenset Constant"));
        } else {
            return Err(self.vm.type_error(format!(
                "got an invalid type in Constant: {}",
                v.type_data().name
            )));
        })
    }

    fn fstring_elements(
        &mut self,
        obj: &Value,
        range: TextRange,
    ) -> PyResult<Vec<ast::InterpolatedStringElement>> {
        let vs = self.list(obj, "values", "JoinedStr")?;
        let mut out = Vec::new();
        for v in &vs {
            match self.which(v, EXPRS, "expr")? {
                "Constant" => {
                    let c = self.req(v, "value", "Constant")?;
                    if c.kind() != Kind::Str {
                        return Err(self.vm.value_error(
                            "JoinedStr values must be str constants or FormattedValues",
                        ));
                    }
                    out.push(ast::InterpolatedStringElement::Literal(
                        ast::InterpolatedStringLiteralElement {
                            range,
                            node_index: ni(),
                            value: as_str(&c).unwrap_or("").into(),
                        },
                    ));
                }
                "FormattedValue" => out.push(self.formatted(v, range)?),
                // A JoinedStr inside one: its parts in place.
                "JoinedStr" => out.extend(self.fstring_elements(v, range)?),
                _ => {
                    return Err(self
                        .vm
                        .value_error("JoinedStr values must be str constants or FormattedValues"));
                }
            }
        }
        Ok(out)
    }

    fn formatted(
        &mut self,
        obj: &Value,
        range: TextRange,
    ) -> PyResult<ast::InterpolatedStringElement> {
        let o = "FormattedValue";
        let expression = self.req_expr(obj, "value", o, Ctx::Load)?;
        let conversion = match self.int_field(obj, "conversion", o)? {
            -1 => ast::ConversionFlag::None,
            115 => ast::ConversionFlag::Str,
            114 => ast::ConversionFlag::Repr,
            97 => ast::ConversionFlag::Ascii,
            other => {
                return Err(self.vm.err(
                    &types().exc.system_error,
                    format!("Unrecognized conversion character {other}"),
                ));
            }
        };
        let format_spec = match self.opt(obj, "format_spec")? {
            Some(spec) => {
                if !self.is_a(&spec, "JoinedStr")? {
                    return Err(self.vm.value_error("format_spec must be a JoinedStr"));
                }
                let elements = self.fstring_elements(&spec, range)?;
                Some(Box::new(ast::InterpolatedStringFormatSpec {
                    range,
                    node_index: ni(),
                    elements: elements.into(),
                }))
            }
            None => None,
        };
        Ok(ast::InterpolatedStringElement::Interpolation(
            ast::InterpolatedElement {
                range,
                node_index: ni(),
                expression,
                debug_text: None,
                conversion,
                format_spec,
            },
        ))
    }

    // ----- patterns -----

    fn pattern_list(
        &mut self,
        obj: &Value,
        name: &str,
        owner: &str,
        star_ok: bool,
    ) -> PyResult<Vec<Pattern>> {
        let vs = self.list(obj, name, owner)?;
        let mut out = Vec::new();
        for p in &vs {
            out.push(self.pattern_in(p, star_ok)?);
        }
        Ok(out)
    }

    /// A name a pattern binds: not `_`, nor None/True/False.
    fn capture(
        &mut self,
        obj: &Value,
        name: &str,
        range: TextRange,
    ) -> PyResult<Option<ast::Identifier>> {
        let id = self.opt_ident(obj, name, range)?;
        if let Some(i) = &id {
            match i.id.as_str() {
                "_" => return Err(self.vm.value_error("can't capture name '_' in patterns")),
                n @ ("None" | "True" | "False") => {
                    return Err(self
                        .vm
                        .value_error(format!("identifier field can't represent '{n}' constant")));
                }
                _ => {}
            }
        }
        Ok(id)
    }

    /// CPython's check of a value pattern (or mapping key).
    fn match_value(&mut self, e: &Expr) -> PyResult<()> {
        let ok = match e {
            Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::BytesLiteral(_) => true,
            Expr::NoneLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::Tuple(_) => {
                return Err(self
                    .vm
                    .value_error("unexpected constant inside of a literal pattern"));
            }
            Expr::Attribute(_) | Expr::FString(_) => true,
            Expr::UnaryOp(u) => u.op == ast::UnaryOp::USub,
            Expr::BinOp(b) => matches!(b.op, ast::Operator::Add | ast::Operator::Sub),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(self
                .vm
                .value_error("patterns may only match literals and attribute lookups"))
        }
    }

    fn pattern(&mut self, obj: &Value) -> PyResult<Pattern> {
        self.pattern_in(obj, false)
    }

    fn pattern_in(&mut self, obj: &Value, star_ok: bool) -> PyResult<Pattern> {
        self.guard()?;
        let kind = self.which(obj, PATTERNS, "pattern")?;
        let range = self.range(obj, "pattern")?;
        let node_index = ni();
        Ok(match kind {
            "MatchValue" => {
                let value = self.req_expr(obj, "value", kind, Ctx::Load)?;
                self.match_value(&value)?;
                Pattern::MatchValue(ast::PatternMatchValue {
                    node_index,
                    range,
                    value,
                })
            }
            "MatchSingleton" => {
                let v = self.vm.lookup_attr(obj, "value")?;
                let t = types();
                let value = match v {
                    Some(v) if v.is(&t.none) => ast::Singleton::None,
                    Some(v) if v.is(&t.true_) => ast::Singleton::True,
                    Some(v) if v.is(&t.false_) => ast::Singleton::False,
                    Some(_) => {
                        return Err(self
                            .vm
                            .value_error("MatchSingleton can only contain True, False and None"));
                    }
                    None => {
                        return Err(self
                            .vm
                            .type_error("required field \"value\" missing from MatchSingleton"));
                    }
                };
                Pattern::MatchSingleton(ast::PatternMatchSingleton {
                    node_index,
                    range,
                    value,
                })
            }
            "MatchSequence" => Pattern::MatchSequence(ast::PatternMatchSequence {
                node_index,
                range,
                patterns: self.pattern_list(obj, "patterns", kind, true)?,
            }),
            "MatchMapping" => {
                let keys = self.expr_list(obj, "keys", kind, Ctx::Load)?;
                let pats = self.list(obj, "patterns", kind)?;
                if keys.len() != pats.len() {
                    return Err(self.vm.value_error(
                        "MatchMapping doesn't have the same number of keys as patterns",
                    ));
                }
                let rest = self.capture(obj, "rest", range)?;
                for k in &keys {
                    if !matches!(k, Expr::NoneLiteral(_) | Expr::BooleanLiteral(_)) {
                        self.match_value(k)?;
                    }
                }
                let patterns = self.pattern_list(obj, "patterns", kind, false)?;
                Pattern::MatchMapping(ast::PatternMatchMapping {
                    node_index,
                    range,
                    keys: keys.into(),
                    patterns: patterns.into(),
                    rest,
                })
            }
            "MatchClass" => {
                let cls = self.req_expr(obj, "cls", kind, Ctx::Load)?;
                let mut c: &Expr = &cls;
                loop {
                    match c {
                        Expr::Name(_) => break,
                        Expr::Attribute(a) => c = &a.value,
                        _ => {
                            return Err(self.vm.value_error(
                                "MatchClass cls field can only contain Name or Attribute nodes.",
                            ));
                        }
                    }
                }
                let attrs = self.list(obj, "kwd_attrs", kind)?;
                let kps_v = self.list(obj, "kwd_patterns", kind)?;
                if attrs.len() != kps_v.len() {
                    return Err(self.vm.value_error(
                        "MatchClass doesn't have the same number of keyword attributes as patterns",
                    ));
                }
                let mut attr_ids = Vec::new();
                for a in &attrs {
                    let id = self.identifier(a, range)?;
                    if let n @ ("None" | "True" | "False") = id.id.as_str() {
                        return Err(self.vm.value_error(format!(
                            "identifier field can't represent '{n}' constant"
                        )));
                    }
                    attr_ids.push(id);
                }
                let patterns = self.pattern_list(obj, "patterns", kind, false)?;
                let kps = self.pattern_list(obj, "kwd_patterns", kind, false)?;
                let mut keywords = Vec::new();
                for (attr, p) in attr_ids.into_iter().zip(kps) {
                    keywords.push(ast::PatternKeyword {
                        range,
                        node_index: ni(),
                        attr,
                        pattern: p,
                    });
                }
                Pattern::MatchClass(ast::PatternMatchClass {
                    node_index,
                    range,
                    cls,
                    arguments: ast::PatternArguments {
                        range,
                        node_index: ni(),
                        patterns: patterns.into(),
                        keywords,
                    },
                })
            }
            "MatchStar" => {
                if !star_ok {
                    return Err(self.vm.value_error("can't use MatchStar here"));
                }
                Pattern::MatchStar(ast::PatternMatchStar {
                    node_index,
                    range,
                    name: self.capture(obj, "name", range)?,
                })
            }
            "MatchAs" => {
                let name = self.capture(obj, "name", range)?;
                let pattern = match self.opt(obj, "pattern")? {
                    Some(p) => {
                        if name.is_none() {
                            return Err(self.vm.value_error(
                                "MatchAs must specify a target name if a pattern is given",
                            ));
                        }
                        Some(Box::new(self.pattern(&p)?))
                    }
                    None => None,
                };
                Pattern::MatchAs(ast::PatternMatchAs {
                    node_index,
                    range,
                    pattern,
                    name,
                })
            }
            _ => {
                let patterns = self.pattern_list(obj, "patterns", kind, false)?;
                if patterns.len() < 2 {
                    return Err(self.vm.value_error("MatchOr requires at least 2 patterns"));
                }
                Pattern::MatchOr(ast::PatternMatchOr {
                    node_index,
                    range,
                    patterns,
                })
            }
        })
    }
}
