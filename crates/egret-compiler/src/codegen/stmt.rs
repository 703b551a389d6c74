//! Statements: assignments, control flow, `try`/`with` and their
//! exception-table ranges, function and class definitions.

use super::*;

impl<'a> Compiler<'a> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &'a Stmt) -> CResult {
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
                    self.annotation(&a.annotation)?;
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
    pub(super) fn unwind_all(&mut self, preserve_tos: bool) -> CResult {
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
    pub(super) fn resume_protection(&mut self, from: usize) {
        let p = self.pos();
        for b in self.unit().fblocks[from..].iter_mut() {
            if let Some(pr) = &mut b.protect {
                pr.start = p;
            }
        }
    }

    pub(super) fn unwind_block(&mut self, b: &FBlock<'a>, preserve_tos: bool) -> CResult {
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

    pub(super) fn break_continue(&mut self, range: TextRange, is_break: bool) -> CResult {
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

    pub(super) fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
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
                let text = self.string_value(&s.value)?;
                self.add_const(Const::Str(text));
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

    pub(super) fn child_qualname(&self, name: &str) -> String {
        let u = self.units.last().expect("a unit is open");
        let scope = &self.table.scopes[u.scope];
        // A function or class whose name is declared global where it is
        // defined gets a top-level qualname, as in CPython.
        if scope.lookup(name) == crate::symtable::NameScope::GlobalExplicit {
            return name.to_string();
        }
        match scope.kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{name}", u.qualname),
            _ => format!("{}.<locals>.{name}", u.qualname),
        }
    }

    /// Pushes defaults/kwdefaults and returns the MakeFunction flags.
    pub(super) fn defaults(&mut self, p: &'a ast::Parameters) -> CResult<u32> {
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

    /// Pushes an annotation's value: the expression's, or under PEP 563
    /// (`from __future__ import annotations`) its source text, unevaluated.
    fn annotation(&mut self, ann: &'a Expr) -> CResult<()> {
        if self.future.annotations {
            self.load_const(Const::Str(crate::unparse::unparse(ann).into()));
            Ok(())
        } else {
            self.expr(ann)
        }
    }

    /// Pushes a dict of the parameter and return annotations, if any.
    pub(super) fn annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> CResult<bool> {
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
                match &**ann {
                    _ if self.future.annotations => self.annotation(ann)?,
                    // `*args: *Ts` (PEP 646): the one item `Ts` unpacks to.
                    Expr::Starred(st) => {
                        self.expr(&st.value)?;
                        self.emit(Op::UnpackSequence(1));
                    }
                    _ => self.expr(ann)?,
                }
                n += 1;
            }
        }
        if let Some(r) = returns {
            self.load_const(Const::Str("return".into()));
            self.annotation(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit(Op::BuildMap(n));
        }
        Ok(n > 0)
    }

    /// The `SEND`/`YIELD_VALUE` loop of `yield from` and `await`: the
    /// delegated-to iterator is on the stack; its return value is left there.
    pub(super) fn delegate_loop(&mut self) {
        self.load_const(Const::None);
        let top = self.new_label();
        let exit = self.new_label();
        self.bind(top);
        self.jump(Op::Send, exit);
        self.emit(Op::YieldValue);
        self.jump(Op::JumpBackward, top);
        self.bind(exit);
    }

    pub(super) fn set_arg_counts(&mut self, p: &ast::Parameters) {
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
    pub(super) fn make_closure(&mut self, code: CodeObject, mut flags: u32) -> CResult {
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

    pub(super) fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
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

    pub(super) fn assign(&mut self, t: &'a Expr) -> CResult {
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
    pub(super) fn swap_assign(
        &mut self,
        target: &'a Expr,
        value: &'a Expr,
    ) -> Result<bool, CompileError> {
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

    pub(super) fn unpack(&mut self, elts: &[Expr], range: TextRange) -> CResult {
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

    pub(super) fn delete(&mut self, t: &'a Expr) -> CResult {
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

    pub(super) fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
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
    pub(super) fn async_for_next(&mut self, depth: u32) -> Label {
        let done = self.new_label();
        let start = self.pos();
        self.emit(Op::GetANext);
        self.delegate_loop();
        let end = self.pos();
        self.unit().entries.push((start, end, done, depth));
        done
    }

    /// `[aexit] -> []`: `await aexit(None, None, None)`.
    pub(super) fn async_with_exit(&mut self) {
        self.emit(Op::PushNull);
        for _ in 0..3 {
            self.load_const(Const::None);
        }
        self.emit(Op::Call(3));
        self.emit(Op::GetAwaitable(2));
        self.delegate_loop();
        self.emit(Op::PopTop);
    }

    pub(super) fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult {
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

    pub(super) fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult {
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

    pub(super) fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult {
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

    pub(super) fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        self.try_except_parts(&t.body, &t.handlers, &t.orelse)
    }

    pub(super) fn try_except_parts(
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
    pub(super) fn reject_in_except_star(&mut self, range: TextRange, from: usize) -> CResult {
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
    pub(super) fn try_star_parts(
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

    pub(super) fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult {
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

    pub(super) fn with_stmt(
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
}
