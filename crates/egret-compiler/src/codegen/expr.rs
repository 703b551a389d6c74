//! Expressions: conditions as jumps, operators, f-strings, calls and
//! comprehensions.

use super::*;

impl<'a> Compiler<'a> {
    /// Jumps to `target` when `e` is `cond`, falls through otherwise.
    pub(super) fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) -> CResult {
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

    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
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
                            let text = self.string_part(s)?;
                            self.load_const(Const::Str(text.into()));
                            n += 1;
                        }
                        ast::FStringPart::FString(fs) => {
                            n += self.fstring_elements(&fs.elements, fs.flags.prefix().is_raw())?;
                        }
                    }
                }
                if n != 1 {
                    self.emit(Op::BuildString(n));
                }
            }
            Expr::TString(t) => return Err(err(t.range, "t-strings are Python 3.14 syntax")),
            Expr::StringLiteral(s) => {
                let text = self.string_value(&s.value)?;
                self.load_const(Const::Str(text));
            }
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

    pub(super) fn fstring_elements(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
        raw: bool,
    ) -> CResult<u32> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    let text = self.fstring_literal(l, raw)?;
                    self.load_const(Const::Str(text.into()));
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
                        let k = self.fstring_elements(&spec.elements, raw)?;
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

    pub(super) fn sequence(&mut self, elts: &'a [Expr], kind: SeqKind) -> CResult {
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

    pub(super) fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult {
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

    pub(super) fn cmp_op(&mut self, op: ast::CmpOp) {
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

    pub(super) fn call(&mut self, c: &'a ast::ExprCall) -> CResult {
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
    pub(super) fn call_args(
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
    pub(super) fn emit_call(&mut self, op: Op, at: Option<TextRange>) {
        let saved = self.unit().line;
        if let Some(r) = at {
            self.set_line(r);
        }
        self.emit(op);
        self.unit().line = saved;
    }

    /// `YIELD_VALUE`, with the value marked as yielded in an async generator.
    pub(super) fn yield_value(&mut self) {
        if self.unit().code.flags & flags::ASYNC_GENERATOR != 0 {
            self.emit(Op::AsyncGenWrap);
        }
        self.emit(Op::YieldValue);
    }

    pub(super) fn comprehension<T>(
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

    pub(super) fn comp_level(
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
