//! `ast.parse`: ruff's syntax tree turned into instances of the `_ast`
//! classes, with CPython 3.11's fields and positions (1-based lines,
//! columns in UTF-8 bytes).

use std::collections::HashMap;

use egret_compiler::ruff_python_ast::{self as ast, Expr, Pattern, Stmt, StringFlags};
use egret_compiler::ruff_text_size::{Ranged, TextRange, TextSize};

use crate::object::Value;
use crate::object::types::types;
use crate::objects::int::{from_bigint, from_i64};
use crate::objects::list::new_list;
use crate::objects::str::new_str;
use crate::vm::{PyResult, Vm};

/// `compile(source, filename, mode, PyCF_ONLY_AST)`.
/// `flags` are compile()'s (PyCF_TYPE_COMMENTS adds `type_ignores`);
/// `minor` is the Python 3 minor version the syntax must be valid for.
pub fn parse(
    vm: &mut Vm,
    source: &str,
    filename: &str,
    mode: &str,
    flags: i64,
    minor: u8,
) -> PyResult {
    let cmode = match mode {
        "exec" => egret_compiler::Mode::Module,
        "eval" => egret_compiler::Mode::Eval,
        "single" => egret_compiler::Mode::Interactive,
        "func_type" => return func_type(vm, source, filename, minor),
        _ => {
            return Err(
                vm.value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
            );
        }
    };
    let (tree, comments) = match egret_compiler::parse_to_ast(source, filename, cmode, minor) {
        Ok(t) => t,
        Err(e) => return Err(crate::exceptions_syntax(vm, &e)),
    };
    let module = vm.import_module("_ast")?;
    let mut c = ToPy {
        vm,
        module,
        source,
        lines: Lines::new(source),
        filename,
        minor,
        classes: HashMap::new(),
        singletons: HashMap::new(),
    };
    let r = match &tree {
        ast::Mod::Expression(e) => {
            let body = c.expr(&e.body)?;
            c.node("Expression", vec![("body", body)], None)
        }
        ast::Mod::Module(m) => {
            let body = c.stmts(&m.body)?;
            if cmode == egret_compiler::Mode::Interactive {
                c.node("Interactive", vec![("body", body)], None)
            } else {
                let mut ignores = Vec::new();
                if flags & 0x1000 != 0 {
                    for r in &comments {
                        let text = source
                            .get(r.start().to_usize()..r.end().to_usize())
                            .unwrap_or("");
                        if let Some(tag) = type_ignore_tag(text) {
                            let (line, _) = c.pos(r.start());
                            ignores.push(c.node(
                                "TypeIgnore",
                                vec![("lineno", from_i64(line)), ("tag", new_str(tag))],
                                None,
                            )?);
                        }
                    }
                }
                let ti = new_list(ignores);
                c.node("Module", vec![("body", body), ("type_ignores", ti)], None)
            }
        }
    };
    drop(c);
    // Trees nested deeply enough to matter are refused by the parser's
    // limits before this point; dropping the rest is fine.
    r
}

/// `ast.parse(src, mode="func_type")`: `(argtypes) -> returns`. The
/// arrow is read as a comma (and the `*`/`**` before the last argument
/// types as blanks, which CPython drops too), so that the expression
/// parser sees a tuple at the same offsets.
fn func_type(vm: &mut Vm, source: &str, filename: &str, minor: u8) -> PyResult {
    let b = source.as_bytes();
    let mut text = b.to_vec();
    let mut depth = 0usize;
    let mut open_at = None;
    let mut close_at = None;
    let mut arrow = None;
    let mut prev = 0u8;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' => {
                let q = c;
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                if depth == 0 && c == b'(' && open_at.is_none() {
                    open_at = Some(i);
                }
                depth += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && close_at.is_none() {
                    close_at = Some(i);
                }
            }
            b'-' if depth == 0 && b.get(i + 1) == Some(&b'>') && arrow.is_none() => {
                arrow = Some(i);
                text[i] = b',';
                text[i + 1] = b' ';
                i += 1;
            }
            b'*' if depth == 1 && matches!(prev, b'(' | b',') => {
                text[i] = b' ';
                if b.get(i + 1) == Some(&b'*') {
                    text[i + 1] = b' ';
                    i += 1;
                }
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    let invalid = |vm: &mut Vm, at: usize| {
        let line_start = source[..at.min(source.len())]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let e = egret_compiler::SyntaxError {
            kind: "SyntaxError",
            message: "invalid syntax".into(),
            filename: filename.to_string(),
            line: source[..line_start].matches('\n').count() + 1,
            column: at.saturating_sub(line_start) + 1,
            text: source[line_start..]
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
        };
        crate::exceptions_syntax(vm, &e)
    };
    let first = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(0);
    let (Some(open), Some(close), Some(arrow)) = (open_at, close_at, arrow) else {
        return Err(invalid(vm, first));
    };
    let before_arrow = b[..arrow].iter().rposition(|c| !c.is_ascii_whitespace());
    if open != first || before_arrow != Some(close) {
        return Err(invalid(vm, first));
    }
    let Ok(text) = String::from_utf8(text) else {
        return Err(invalid(vm, first));
    };
    let (tree, _) =
        match egret_compiler::parse_to_ast(&text, filename, egret_compiler::Mode::Eval, minor) {
            Ok(t) => t,
            Err(e) => return Err(crate::exceptions_syntax(vm, &e)),
        };
    let ast::Mod::Expression(e) = &tree else {
        return Err(invalid(vm, first));
    };
    let Expr::Tuple(pair) = &*e.body else {
        return Err(invalid(vm, first));
    };
    let [args, returns] = pair.elts.as_slice() else {
        return Err(invalid(vm, first));
    };
    let module = vm.import_module("_ast")?;
    let mut c = ToPy {
        vm,
        filename,
        minor,
        module,
        source,
        lines: Lines::new(source),
        classes: HashMap::new(),
        singletons: HashMap::new(),
    };
    let argtypes = match args {
        Expr::Tuple(t) if t.range.start().to_usize() == open => c.exprs(t.elts.iter())?,
        other => c.exprs([other])?,
    };
    let returns = c.expr(returns)?;
    c.node(
        "FunctionType",
        vec![("argtypes", argtypes), ("returns", returns)],
        None,
    )
}

/// The tag of a `# type: ignore[...]` comment.
fn type_ignore_tag(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("type:")?.trim_start();
    let tag = rest.strip_prefix("ignore")?;
    match tag.chars().next() {
        Some(c) if c.is_alphanumeric() || c == '_' => None,
        _ => Some(tag),
    }
}

/// Line starts (after `\n`, `\r\n` or a lone `\r`, as the tokenizer
/// counts lines).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(source: &str) -> Self {
        let b = source.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }
}

struct ToPy<'a> {
    vm: &'a mut Vm,
    filename: &'a str,
    minor: u8,
    module: Value,
    source: &'a str,
    lines: Lines,
    classes: HashMap<&'static str, Value>,
    singletons: HashMap<&'static str, Value>,
}

type Fields = Vec<(&'static str, Value)>;

impl ToPy<'_> {
    fn guard(&mut self) -> PyResult<()> {
        if crate::vm::stack_exhausted() {
            return Err(self.vm.err(
                &types().exc.recursion_error,
                "maximum recursion depth exceeded during ast construction",
            ));
        }
        Ok(())
    }

    fn none(&self) -> Value {
        types().none.clone()
    }

    fn class(&mut self, name: &'static str) -> PyResult {
        if let Some(c) = self.classes.get(name) {
            return Ok(c.clone());
        }
        let c = self.vm.getattr_str(&self.module, name)?;
        self.classes.insert(name, c.clone());
        Ok(c)
    }

    /// A shared instance of a field-less class (`Load()`, `Add()`, ...).
    fn singleton(&mut self, name: &'static str) -> PyResult {
        if let Some(v) = self.singletons.get(name) {
            return Ok(v.clone());
        }
        let cls = self.class(name)?;
        let v = self.vm.call(&cls, &[], &[])?;
        self.singletons.insert(name, v.clone());
        Ok(v)
    }

    fn pos(&self, offset: TextSize) -> (i64, i64) {
        let off = offset.to_usize().min(self.source.len());
        let line = self.lines.line_of(off);
        let start = self.lines.line_start(line);
        (line as i64, off.saturating_sub(start) as i64)
    }

    fn node(&mut self, name: &'static str, fields: Fields, range: Option<TextRange>) -> PyResult {
        let cls = self.class(name)?;
        let mut kw: Vec<(Value, Value)> =
            fields.into_iter().map(|(k, v)| (new_str(k), v)).collect();
        if let Some(r) = range {
            let (l, c) = self.pos(r.start());
            let (el, ec) = self.pos(r.end());
            kw.push((new_str("lineno"), from_i64(l)));
            kw.push((new_str("col_offset"), from_i64(c)));
            kw.push((new_str("end_lineno"), from_i64(el)));
            kw.push((new_str("end_col_offset"), from_i64(ec)));
        }
        self.vm.call(&cls, &[], &kw)
    }

    fn ident(&self, id: &ast::Identifier) -> Value {
        new_str(id.id.as_str())
    }

    fn opt_ident(&self, id: Option<&ast::Identifier>) -> Value {
        match id {
            Some(i) => self.ident(i),
            None => self.none(),
        }
    }

    fn stmts(&mut self, body: &[Stmt]) -> PyResult {
        let mut out = Vec::with_capacity(body.len());
        for s in body {
            out.push(self.stmt(s)?);
        }
        Ok(new_list(out))
    }

    fn exprs<'e>(&mut self, es: impl IntoIterator<Item = &'e Expr>) -> PyResult {
        let mut out = Vec::new();
        for e in es {
            out.push(self.expr(e)?);
        }
        Ok(new_list(out))
    }

    fn opt_expr(&mut self, e: Option<&Expr>) -> PyResult {
        match e {
            Some(e) => self.expr(e),
            None => Ok(self.none()),
        }
    }

    /// Where a decorated definition's keyword (`def`, `async def`,
    /// `class`) starts: CPython's position for it.
    fn def_start(&self, whole: TextRange, name: TextRange, decorated: bool, kw: &str) -> TextRange {
        if !decorated {
            return whole;
        }
        let src = self.source.as_bytes();
        let back_ws = |mut p: usize| {
            while p > 0 && matches!(src[p - 1], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\\') {
                p -= 1;
            }
            p
        };
        let mut p = back_ws(name.start().to_usize().min(src.len()));
        p = p.saturating_sub(kw.len());
        if kw == "def" {
            let q = back_ws(p);
            if q >= 5 && &src[q - 5..q] == b"async" {
                p = q - 5;
            }
        }
        TextRange::new(TextSize::new(p as u32).min(whole.end()), whole.end())
    }

    /// A block's end as CPython has it: past a `;` ending its last line.
    fn block_end(&self, end: TextSize) -> TextSize {
        let b = self.source.as_bytes();
        let mut p = end.to_usize();
        while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\x0c') {
            p += 1;
        }
        if b.get(p) == Some(&b';') {
            TextSize::new((p + 1) as u32)
        } else {
            end
        }
    }

    fn stmt(&mut self, s: &Stmt) -> PyResult {
        let compound = matches!(
            s,
            Stmt::FunctionDef(_)
                | Stmt::ClassDef(_)
                | Stmt::For(_)
                | Stmt::While(_)
                | Stmt::If(_)
                | Stmt::With(_)
                | Stmt::Match(_)
                | Stmt::Try(_)
        );
        let whole = if compound {
            TextRange::new(s.range().start(), self.block_end(s.range().end()))
        } else {
            s.range()
        };
        let r = Some(whole);
        match s {
            Stmt::FunctionDef(f) => {
                let args = self.parameters(Some(&f.parameters))?;
                let body = self.stmts(&f.body)?;
                let decos = self.exprs(f.decorator_list.iter().map(|d| &d.expression))?;
                let returns = self.opt_expr(f.returns.as_deref())?;
                let range =
                    self.def_start(whole, f.name.range, !f.decorator_list.is_empty(), "def");
                let name = self.ident(&f.name);
                let none = self.none();
                self.node(
                    if f.is_async {
                        "AsyncFunctionDef"
                    } else {
                        "FunctionDef"
                    },
                    vec![
                        ("name", name),
                        ("args", args),
                        ("body", body),
                        ("decorator_list", decos),
                        ("returns", returns),
                        ("type_comment", none),
                    ],
                    Some(range),
                )
            }
            Stmt::ClassDef(c) => {
                let (bases, keywords) = match &c.arguments {
                    Some(a) => (self.exprs(a.args.iter())?, self.keywords(&a.keywords)?),
                    None => (new_list(Vec::new()), new_list(Vec::new())),
                };
                let body = self.stmts(&c.body)?;
                let decos = self.exprs(c.decorator_list.iter().map(|d| &d.expression))?;
                let range =
                    self.def_start(whole, c.name.range, !c.decorator_list.is_empty(), "class");
                let name = self.ident(&c.name);
                self.node(
                    "ClassDef",
                    vec![
                        ("name", name),
                        ("bases", bases),
                        ("keywords", keywords),
                        ("body", body),
                        ("decorator_list", decos),
                    ],
                    Some(range),
                )
            }
            Stmt::Return(x) => {
                let v = self.opt_expr(x.value.as_deref())?;
                self.node("Return", vec![("value", v)], r)
            }
            Stmt::Delete(x) => {
                let t = self.exprs(x.targets.iter())?;
                self.node("Delete", vec![("targets", t)], r)
            }
            Stmt::Assign(x) => {
                let t = self.exprs(x.targets.iter())?;
                let v = self.expr(&x.value)?;
                let none = self.none();
                self.node(
                    "Assign",
                    vec![("targets", t), ("value", v), ("type_comment", none)],
                    r,
                )
            }
            Stmt::AugAssign(x) => {
                let t = self.expr(&x.target)?;
                let op = self.operator(x.op)?;
                let v = self.expr(&x.value)?;
                self.node(
                    "AugAssign",
                    vec![("target", t), ("op", op), ("value", v)],
                    r,
                )
            }
            Stmt::AnnAssign(x) => {
                let t = self.expr(&x.target)?;
                let a = self.expr(&x.annotation)?;
                let v = self.opt_expr(x.value.as_deref())?;
                self.node(
                    "AnnAssign",
                    vec![
                        ("target", t),
                        ("annotation", a),
                        ("value", v),
                        ("simple", from_i64(x.simple as i64)),
                    ],
                    r,
                )
            }
            Stmt::For(x) => {
                let t = self.expr(&x.target)?;
                let i = self.expr(&x.iter)?;
                let b = self.stmts(&x.body)?;
                let o = self.stmts(&x.orelse)?;
                let none = self.none();
                self.node(
                    if x.is_async { "AsyncFor" } else { "For" },
                    vec![
                        ("target", t),
                        ("iter", i),
                        ("body", b),
                        ("orelse", o),
                        ("type_comment", none),
                    ],
                    r,
                )
            }
            Stmt::While(x) => {
                let t = self.expr(&x.test)?;
                let b = self.stmts(&x.body)?;
                let o = self.stmts(&x.orelse)?;
                self.node("While", vec![("test", t), ("body", b), ("orelse", o)], r)
            }
            Stmt::If(x) => {
                let t = self.expr(&x.test)?;
                let b = self.stmts(&x.body)?;
                let o = self.elif_chain(&x.elif_else_clauses)?;
                self.node("If", vec![("test", t), ("body", b), ("orelse", o)], r)
            }
            Stmt::With(x) => {
                let mut items = Vec::new();
                for it in &x.items {
                    let c = self.expr(&it.context_expr)?;
                    let v = self.opt_expr(it.optional_vars.as_deref())?;
                    items.push(self.node(
                        "withitem",
                        vec![("context_expr", c), ("optional_vars", v)],
                        None,
                    )?);
                }
                let b = self.stmts(&x.body)?;
                let none = self.none();
                self.node(
                    if x.is_async { "AsyncWith" } else { "With" },
                    vec![
                        ("items", new_list(items)),
                        ("body", b),
                        ("type_comment", none),
                    ],
                    r,
                )
            }
            Stmt::Match(x) => {
                let subject = self.expr(&x.subject)?;
                let mut cases = Vec::new();
                for c in &x.cases {
                    let p = self.pattern(&c.pattern)?;
                    let g = self.opt_expr(c.guard.as_deref())?;
                    let b = self.stmts(&c.body)?;
                    cases.push(self.node(
                        "match_case",
                        vec![("pattern", p), ("guard", g), ("body", b)],
                        None,
                    )?);
                }
                self.node(
                    "Match",
                    vec![("subject", subject), ("cases", new_list(cases))],
                    r,
                )
            }
            Stmt::Raise(x) => {
                let e = self.opt_expr(x.exc.as_deref())?;
                let c = self.opt_expr(x.cause.as_deref())?;
                self.node("Raise", vec![("exc", e), ("cause", c)], r)
            }
            Stmt::Try(x) => {
                let b = self.stmts(&x.body)?;
                let mut hs = Vec::new();
                for h in &x.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let t = self.opt_expr(h.type_.as_deref())?;
                    let n = self.opt_ident(h.name.as_ref());
                    let hb = self.stmts(&h.body)?;
                    hs.push(self.node(
                        "ExceptHandler",
                        vec![("type", t), ("name", n), ("body", hb)],
                        Some(TextRange::new(
                            h.range.start(),
                            self.block_end(h.range.end()),
                        )),
                    )?);
                }
                let o = self.stmts(&x.orelse)?;
                let f = self.stmts(&x.finalbody)?;
                self.node(
                    if x.is_star { "TryStar" } else { "Try" },
                    vec![
                        ("body", b),
                        ("handlers", new_list(hs)),
                        ("orelse", o),
                        ("finalbody", f),
                    ],
                    r,
                )
            }
            Stmt::Assert(x) => {
                let t = self.expr(&x.test)?;
                let m = self.opt_expr(x.msg.as_deref())?;
                self.node("Assert", vec![("test", t), ("msg", m)], r)
            }
            Stmt::Import(x) => {
                let n = self.aliases(&x.names)?;
                self.node("Import", vec![("names", n)], r)
            }
            Stmt::ImportFrom(x) => {
                let m = self.opt_ident(x.module.as_ref());
                let n = self.aliases(&x.names)?;
                self.node(
                    "ImportFrom",
                    vec![
                        ("module", m),
                        ("names", n),
                        ("level", from_i64(x.level as i64)),
                    ],
                    r,
                )
            }
            Stmt::Global(x) => {
                let n = new_list(x.names.iter().map(|i| self.ident(i)).collect());
                self.node("Global", vec![("names", n)], r)
            }
            Stmt::Nonlocal(x) => {
                let n = new_list(x.names.iter().map(|i| self.ident(i)).collect());
                self.node("Nonlocal", vec![("names", n)], r)
            }
            Stmt::Expr(x) => {
                let v = self.expr(&x.value)?;
                self.node("Expr", vec![("value", v)], r)
            }
            Stmt::Pass(_) => self.node("Pass", vec![], r),
            Stmt::Break(_) => self.node("Break", vec![], r),
            Stmt::Continue(_) => self.node("Continue", vec![], r),
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {
                Err(self.vm.not_implemented("this statement in ast.parse"))
            }
        }
    }

    /// `elif`/`else` clauses as CPython nests them: an `elif` is an If
    /// alone in the orelse of the one before.
    fn elif_chain(&mut self, clauses: &[ast::ElifElseClause]) -> PyResult {
        let Some(first) = clauses.first() else {
            return Ok(new_list(Vec::new()));
        };
        match &first.test {
            None => self.stmts(&first.body),
            Some(test) => {
                let t = self.expr(test)?;
                let b = self.stmts(&first.body)?;
                let o = self.elif_chain(&clauses[1..])?;
                let end = clauses.last().map_or(first.range.end(), |c| c.range.end());
                let end = self.block_end(end);
                let range = TextRange::new(first.range.start(), end.max(first.range.start()));
                let node = self.node(
                    "If",
                    vec![("test", t), ("body", b), ("orelse", o)],
                    Some(range),
                )?;
                Ok(new_list(vec![node]))
            }
        }
    }

    fn aliases(&mut self, names: &[ast::Alias]) -> PyResult {
        let mut out = Vec::new();
        for a in names {
            let n = self.ident(&a.name);
            let asname = self.opt_ident(a.asname.as_ref());
            out.push(self.node(
                "alias",
                vec![("name", n), ("asname", asname)],
                Some(a.range),
            )?);
        }
        Ok(new_list(out))
    }

    fn keywords(&mut self, kws: &[ast::Keyword]) -> PyResult {
        let mut out = Vec::new();
        for k in kws {
            let a = self.opt_ident(k.arg.as_ref());
            let v = self.expr(&k.value)?;
            out.push(self.node("keyword", vec![("arg", a), ("value", v)], Some(k.range))?);
        }
        Ok(new_list(out))
    }

    fn arg(&mut self, p: &ast::Parameter) -> PyResult {
        // `*args`, `**kw`: CPython's arg starts at the name.
        let range = TextRange::new(
            p.name.range.start(),
            p.range.end().max(p.name.range.start()),
        );
        let name = self.ident(&p.name);
        let ann = self.opt_expr(p.annotation.as_deref())?;
        let none = self.none();
        self.node(
            "arg",
            vec![("arg", name), ("annotation", ann), ("type_comment", none)],
            Some(range),
        )
    }

    fn parameters(&mut self, ps: Option<&ast::Parameters>) -> PyResult {
        let mut posonly = Vec::new();
        let mut args = Vec::new();
        let mut defaults = Vec::new();
        let mut kwonly = Vec::new();
        let mut kw_defaults = Vec::new();
        let mut vararg = self.none();
        let mut kwarg = self.none();
        if let Some(ps) = ps {
            for p in &ps.posonlyargs {
                posonly.push(self.arg(&p.parameter)?);
                if let Some(d) = &p.default {
                    defaults.push(self.expr(d)?);
                }
            }
            for p in &ps.args {
                args.push(self.arg(&p.parameter)?);
                if let Some(d) = &p.default {
                    defaults.push(self.expr(d)?);
                }
            }
            if let Some(v) = &ps.vararg {
                vararg = self.arg(v)?;
            }
            for p in &ps.kwonlyargs {
                kwonly.push(self.arg(&p.parameter)?);
                kw_defaults.push(self.opt_expr(p.default.as_deref())?);
            }
            if let Some(k) = &ps.kwarg {
                kwarg = self.arg(k)?;
            }
        }
        self.node(
            "arguments",
            vec![
                ("posonlyargs", new_list(posonly)),
                ("args", new_list(args)),
                ("vararg", vararg),
                ("kwonlyargs", new_list(kwonly)),
                ("kw_defaults", new_list(kw_defaults)),
                ("kwarg", kwarg),
                ("defaults", new_list(defaults)),
            ],
            None,
        )
    }

    fn operator(&mut self, op: ast::Operator) -> PyResult {
        use ast::Operator as O;
        self.singleton(match op {
            O::Add => "Add",
            O::Sub => "Sub",
            O::Mult => "Mult",
            O::MatMult => "MatMult",
            O::Div => "Div",
            O::Mod => "Mod",
            O::Pow => "Pow",
            O::LShift => "LShift",
            O::RShift => "RShift",
            O::BitOr => "BitOr",
            O::BitXor => "BitXor",
            O::BitAnd => "BitAnd",
            O::FloorDiv => "FloorDiv",
        })
    }

    fn ctx(&mut self, c: ast::ExprContext) -> PyResult {
        self.singleton(match c {
            ast::ExprContext::Store => "Store",
            ast::ExprContext::Del => "Del",
            _ => "Load",
        })
    }

    fn comprehensions(&mut self, gens: &[ast::Comprehension]) -> PyResult {
        let mut out = Vec::new();
        for g in gens {
            let t = self.expr(&g.target)?;
            let i = self.expr(&g.iter)?;
            let ifs = self.exprs(g.ifs.iter())?;
            out.push(self.node(
                "comprehension",
                vec![
                    ("target", t),
                    ("iter", i),
                    ("ifs", ifs),
                    ("is_async", from_i64(g.is_async as i64)),
                ],
                None,
            )?);
        }
        Ok(new_list(out))
    }

    fn constant(&mut self, value: Value, kind: Value, r: TextRange) -> PyResult {
        self.node("Constant", vec![("value", value), ("kind", kind)], Some(r))
    }

    fn str_part_value(&self, part: &ast::StringLiteral) -> String {
        let r = part.range();
        let body = TextRange::new(
            r.start() + part.flags.opener_len(),
            (r.end() - part.flags.closer_len()).max(r.start() + part.flags.opener_len()),
        );
        egret_compiler::str_literal_value(
            self.source,
            &part.value,
            body,
            part.flags.prefix().is_raw(),
            false,
        )
    }

    fn expr(&mut self, e: &Expr) -> PyResult {
        self.guard()?;
        let r = Some(e.range());
        match e {
            Expr::BoolOp(x) => {
                let op = self.singleton(match x.op {
                    ast::BoolOp::And => "And",
                    ast::BoolOp::Or => "Or",
                })?;
                let v = self.exprs(x.values.iter())?;
                self.node("BoolOp", vec![("op", op), ("values", v)], r)
            }
            Expr::Named(x) => {
                let t = self.expr(&x.target)?;
                let v = self.expr(&x.value)?;
                self.node("NamedExpr", vec![("target", t), ("value", v)], r)
            }
            Expr::BinOp(x) => {
                let l = self.expr(&x.left)?;
                let op = self.operator(x.op)?;
                let rt = self.expr(&x.right)?;
                self.node("BinOp", vec![("left", l), ("op", op), ("right", rt)], r)
            }
            Expr::UnaryOp(x) => {
                let op = self.singleton(match x.op {
                    ast::UnaryOp::Invert => "Invert",
                    ast::UnaryOp::Not => "Not",
                    ast::UnaryOp::UAdd => "UAdd",
                    ast::UnaryOp::USub => "USub",
                })?;
                let o = self.expr(&x.operand)?;
                self.node("UnaryOp", vec![("op", op), ("operand", o)], r)
            }
            Expr::Lambda(x) => {
                let a = self.parameters(x.parameters.as_deref())?;
                let b = self.expr(&x.body)?;
                self.node("Lambda", vec![("args", a), ("body", b)], r)
            }
            Expr::If(x) => {
                let t = self.expr(&x.test)?;
                let b = self.expr(&x.body)?;
                let o = self.expr(&x.orelse)?;
                self.node("IfExp", vec![("test", t), ("body", b), ("orelse", o)], r)
            }
            Expr::Dict(x) => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                for it in &x.items {
                    keys.push(self.opt_expr(it.key.as_ref())?);
                    values.push(self.expr(&it.value)?);
                }
                self.node(
                    "Dict",
                    vec![("keys", new_list(keys)), ("values", new_list(values))],
                    r,
                )
            }
            Expr::Set(x) => {
                let v = self.exprs(x.elts.iter())?;
                self.node("Set", vec![("elts", v)], r)
            }
            Expr::ListComp(x) => {
                let el = self.expr(&x.elt)?;
                let g = self.comprehensions(&x.generators)?;
                self.node("ListComp", vec![("elt", el), ("generators", g)], r)
            }
            Expr::SetComp(x) => {
                let el = self.expr(&x.elt)?;
                let g = self.comprehensions(&x.generators)?;
                self.node("SetComp", vec![("elt", el), ("generators", g)], r)
            }
            Expr::DictComp(x) => {
                let k = self.opt_expr(x.key.as_deref())?;
                let v = self.expr(&x.value)?;
                let g = self.comprehensions(&x.generators)?;
                self.node(
                    "DictComp",
                    vec![("key", k), ("value", v), ("generators", g)],
                    r,
                )
            }
            Expr::Generator(x) => self.genexp(x, e.range()),
            Expr::Await(x) => {
                let v = self.expr(&x.value)?;
                self.node("Await", vec![("value", v)], r)
            }
            Expr::Yield(x) => {
                let v = self.opt_expr(x.value.as_deref())?;
                self.node("Yield", vec![("value", v)], r)
            }
            Expr::YieldFrom(x) => {
                let v = self.expr(&x.value)?;
                self.node("YieldFrom", vec![("value", v)], r)
            }
            Expr::Compare(x) => {
                let l = self.expr(&x.left)?;
                let mut ops = Vec::new();
                for op in x.ops.iter() {
                    use ast::CmpOp as C;
                    ops.push(self.singleton(match op {
                        C::Eq => "Eq",
                        C::NotEq => "NotEq",
                        C::Lt => "Lt",
                        C::LtE => "LtE",
                        C::Gt => "Gt",
                        C::GtE => "GtE",
                        C::Is => "Is",
                        C::IsNot => "IsNot",
                        C::In => "In",
                        C::NotIn => "NotIn",
                    })?);
                }
                let c = self.exprs(x.comparators.iter())?;
                self.node(
                    "Compare",
                    vec![("left", l), ("ops", new_list(ops)), ("comparators", c)],
                    r,
                )
            }
            Expr::Call(x) => {
                let f = self.expr(&x.func)?;
                let mut args = Vec::new();
                let sole = x.arguments.args.len() == 1 && x.arguments.keywords.is_empty();
                for a in x.arguments.args.iter() {
                    match a {
                        // `f(x for x in y)`: the call's parentheses are the
                        // generator's.
                        Expr::Generator(g) if sole && !g.parenthesized => {
                            args.push(self.genexp(g, x.arguments.range)?)
                        }
                        _ => args.push(self.expr(a)?),
                    }
                }
                let k = self.keywords(&x.arguments.keywords)?;
                self.node(
                    "Call",
                    vec![("func", f), ("args", new_list(args)), ("keywords", k)],
                    r,
                )
            }
            Expr::FString(x) => self.fstring(&x.value, e.range()),
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => {
                Err(self.vm.not_implemented("this expression in ast.parse"))
            }
            Expr::StringLiteral(x) => {
                let mut s = String::new();
                for p in x.value.iter() {
                    s.push_str(&self.str_part_value(p));
                }
                let kind = match x.value.iter().next() {
                    Some(p)
                        if p.flags.prefix() == ast::str_prefix::StringLiteralPrefix::Unicode =>
                    {
                        new_str("u")
                    }
                    _ => self.none(),
                };
                self.constant(new_str(&s), kind, e.range())
            }
            Expr::BytesLiteral(x) => {
                let mut b = Vec::new();
                for p in x.value.iter() {
                    b.extend_from_slice(&p.value);
                }
                let none = self.none();
                self.constant(crate::objects::bytes::new_bytes(b), none, e.range())
            }
            Expr::NumberLiteral(x) => {
                let v = match &x.value {
                    ast::Number::Int(i)
                        if i.as_u64().is_none() && {
                            let text = i.to_string();
                            let lower = text.to_ascii_lowercase();
                            let limit = crate::objects::int::max_str_digits();
                            !lower.starts_with("0x")
                                && !lower.starts_with("0o")
                                && !lower.starts_with("0b")
                                && limit > 0
                                && text.bytes().filter(u8::is_ascii_digit).count() > limit
                        } =>
                    {
                        let digits = i.to_string().bytes().filter(u8::is_ascii_digit).count();
                        let (line, _) = self.pos(e.range().start());
                        let err = egret_compiler::SyntaxError {
                            kind: "SyntaxError",
                            message: format!(
                                "Exceeds the limit ({} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                                crate::objects::int::max_str_digits()
                            ),
                            filename: self.filename.to_string(),
                            line: line as usize,
                            column: 0,
                            text: String::new(),
                        };
                        return Err(crate::exceptions_syntax(self.vm, &err));
                    }
                    ast::Number::Int(i) => match egret_compiler::int_literal_value(i) {
                        Some(b) => from_bigint(b),
                        None => return Err(self.vm.value_error("invalid integer literal")),
                    },
                    ast::Number::Float(f) => crate::objects::float::new_float(*f),
                    ast::Number::Complex { real, imag } => {
                        crate::objects::float::new_complex(*real, *imag)
                    }
                };
                let none = self.none();
                self.constant(v, none, e.range())
            }
            Expr::BooleanLiteral(x) => {
                let v = if x.value {
                    types().true_.clone()
                } else {
                    types().false_.clone()
                };
                let none = self.none();
                self.constant(v, none, e.range())
            }
            Expr::NoneLiteral(_) => {
                let none = self.none();
                self.constant(none.clone(), none, e.range())
            }
            Expr::EllipsisLiteral(_) => {
                let none = self.none();
                self.constant(types().ellipsis.clone(), none, e.range())
            }
            Expr::Attribute(x) => {
                let v = self.expr(&x.value)?;
                let a = self.ident(&x.attr);
                let c = self.ctx(x.ctx)?;
                self.node("Attribute", vec![("value", v), ("attr", a), ("ctx", c)], r)
            }
            Expr::Subscript(x) => {
                let v = self.expr(&x.value)?;
                let s = self.expr(&x.slice)?;
                let c = self.ctx(x.ctx)?;
                self.node("Subscript", vec![("value", v), ("slice", s), ("ctx", c)], r)
            }
            Expr::Starred(x) => {
                let v = self.expr(&x.value)?;
                let c = self.ctx(x.ctx)?;
                self.node("Starred", vec![("value", v), ("ctx", c)], r)
            }
            Expr::Name(x) => {
                let c = self.ctx(x.ctx)?;
                self.node("Name", vec![("id", new_str(x.id.as_str())), ("ctx", c)], r)
            }
            Expr::List(x) => {
                let v = self.exprs(x.elts.iter())?;
                let c = self.ctx(x.ctx)?;
                self.node("List", vec![("elts", v), ("ctx", c)], r)
            }
            Expr::Tuple(x) => {
                let v = self.exprs(x.elts.iter())?;
                let c = self.ctx(x.ctx)?;
                self.node("Tuple", vec![("elts", v), ("ctx", c)], r)
            }
            Expr::Slice(x) => {
                let l = self.opt_expr(x.lower.as_deref())?;
                let u = self.opt_expr(x.upper.as_deref())?;
                let s = self.opt_expr(x.step.as_deref())?;
                self.node("Slice", vec![("lower", l), ("upper", u), ("step", s)], r)
            }
        }
    }

    fn genexp(&mut self, x: &ast::ExprGenerator, range: TextRange) -> PyResult {
        let el = self.expr(&x.elt)?;
        let g = self.comprehensions(&x.generators)?;
        self.node(
            "GeneratorExp",
            vec![("elt", el), ("generators", g)],
            Some(range),
        )
    }

    /// An f-string (with the literals implicitly concatenated to it) as
    /// 3.11's JoinedStr: adjacent literal text is merged into one
    /// Constant; the Constants and FormattedValues take the whole
    /// string's position.
    fn fstring(&mut self, value: &ast::FStringValue, whole: TextRange) -> PyResult {
        let mut values = Vec::new();
        let mut pending = String::new();
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(l) => pending.push_str(&self.str_part_value(l)),
                ast::FStringPart::FString(f) => {
                    let raw = f.flags.prefix().is_raw();
                    self.elements(&f.elements, raw, whole, f.range, &mut values, &mut pending)?;
                }
            }
        }
        self.flush(&mut values, &mut pending, whole)?;
        self.node("JoinedStr", vec![("values", new_list(values))], Some(whole))
    }

    fn flush(
        &mut self,
        values: &mut Vec<Value>,
        pending: &mut String,
        whole: TextRange,
    ) -> PyResult<()> {
        if !pending.is_empty() {
            let none = self.none();
            let s = new_str(pending);
            values.push(self.constant(s, none, whole)?);
            pending.clear();
        }
        Ok(())
    }

    fn elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        raw: bool,
        whole: TextRange,
        part: TextRange,
        values: &mut Vec<Value>,
        pending: &mut String,
    ) -> PyResult<()> {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    pending.push_str(&egret_compiler::str_literal_value(
                        self.source,
                        &l.value,
                        l.range,
                        raw,
                        true,
                    ));
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if i.debug_text.is_some() && self.minor < 8 {
                        let (line, col) = self.pos(i.range.start());
                        let e = egret_compiler::SyntaxError {
                            kind: "SyntaxError",
                            message: "f-string: self documenting expressions are only supported in Python 3.8 and greater".into(),
                            filename: self.filename.to_string(),
                            line: line as usize,
                            column: col as usize + 1,
                            text: String::new(),
                        };
                        return Err(crate::exceptions_syntax(self.vm, &e));
                    }
                    if let Some(d) = &i.debug_text {
                        pending.push_str(d.leading());
                        let start = i.expression.range().start().to_usize();
                        let end = i.expression.range().end().to_usize();
                        pending.push_str(self.source.get(start..end).unwrap_or(""));
                        pending.push_str(d.trailing());
                    }
                    self.flush(values, pending, whole)?;
                    let v = self.expr(&i.expression)?;
                    if let Expr::Tuple(t) = &*i.expression
                        && !t.parenthesized
                    {
                        // 3.11 parses `f'{a, b}'` as `(a, b)`: the tuple
                        // takes the braces' inner edges.
                        let start = t.range.start().to_usize().saturating_sub(1);
                        let end = (t.range.end().to_usize() + 1).min(self.source.len());
                        let (l, c) = self.pos(TextSize::new(start as u32));
                        let (el, ec) = self.pos(TextSize::new(end as u32));
                        for (k, n) in [
                            ("lineno", l),
                            ("col_offset", c),
                            ("end_lineno", el),
                            ("end_col_offset", ec),
                        ] {
                            self.vm.setattr_str(&v, k, from_i64(n))?;
                        }
                    }
                    let conversion = match i.conversion {
                        ast::ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            b'r' as i64
                        }
                        ast::ConversionFlag::None => -1,
                        ast::ConversionFlag::Str => b's' as i64,
                        ast::ConversionFlag::Ascii => b'a' as i64,
                        ast::ConversionFlag::Repr => b'r' as i64,
                    };
                    let spec = match &i.format_spec {
                        Some(spec) => {
                            let mut sv = Vec::new();
                            let mut sp = String::new();
                            self.elements(&spec.elements, raw, whole, part, &mut sv, &mut sp)?;
                            // (3.11's positions: the spec and a Constant
                            // ending it take the f-string part's.)
                            self.flush(&mut sv, &mut sp, part)?;
                            let range = part;
                            self.node("JoinedStr", vec![("values", new_list(sv))], Some(range))?
                        }
                        None => self.none(),
                    };
                    values.push(self.node(
                        "FormattedValue",
                        vec![
                            ("value", v),
                            ("conversion", from_i64(conversion)),
                            ("format_spec", spec),
                        ],
                        Some(whole),
                    )?);
                }
            }
        }
        Ok(())
    }

    fn patterns(&mut self, ps: &[Pattern]) -> PyResult {
        let mut out = Vec::new();
        for p in ps {
            out.push(self.pattern(p)?);
        }
        Ok(new_list(out))
    }

    fn pattern(&mut self, p: &Pattern) -> PyResult {
        self.guard()?;
        let r = Some(p.range());
        match p {
            Pattern::MatchValue(x) => {
                let v = self.expr(&x.value)?;
                self.node("MatchValue", vec![("value", v)], r)
            }
            Pattern::MatchSingleton(x) => {
                let v = match x.value {
                    ast::Singleton::None => self.none(),
                    ast::Singleton::True => types().true_.clone(),
                    ast::Singleton::False => types().false_.clone(),
                };
                self.node("MatchSingleton", vec![("value", v)], r)
            }
            Pattern::MatchSequence(x) => {
                let ps = self.patterns(&x.patterns)?;
                self.node("MatchSequence", vec![("patterns", ps)], r)
            }
            Pattern::MatchMapping(x) => {
                let k = self.exprs(x.keys.iter())?;
                let ps = self.patterns(&x.patterns)?;
                let rest = self.opt_ident(x.rest.as_ref());
                self.node(
                    "MatchMapping",
                    vec![("keys", k), ("patterns", ps), ("rest", rest)],
                    r,
                )
            }
            Pattern::MatchClass(x) => {
                let cls = self.expr(&x.cls)?;
                let ps = self.patterns(&x.arguments.patterns)?;
                let mut attrs = Vec::new();
                let mut kps = Vec::new();
                for k in &x.arguments.keywords {
                    attrs.push(self.ident(&k.attr));
                    kps.push(self.pattern(&k.pattern)?);
                }
                self.node(
                    "MatchClass",
                    vec![
                        ("cls", cls),
                        ("patterns", ps),
                        ("kwd_attrs", new_list(attrs)),
                        ("kwd_patterns", new_list(kps)),
                    ],
                    r,
                )
            }
            Pattern::MatchStar(x) => {
                let n = self.opt_ident(x.name.as_ref());
                self.node("MatchStar", vec![("name", n)], r)
            }
            Pattern::MatchAs(x) => {
                let pat = match &x.pattern {
                    Some(p) => self.pattern(p)?,
                    None => self.none(),
                };
                let n = self.opt_ident(x.name.as_ref());
                self.node("MatchAs", vec![("pattern", pat), ("name", n)], r)
            }
            Pattern::MatchOr(x) => {
                let ps = self.patterns(&x.patterns)?;
                self.node("MatchOr", vec![("patterns", ps)], r)
            }
        }
    }
}
