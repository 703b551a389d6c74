//! `match` statements (PEP 634).
//!
//! Each case matches a copy of the subject. A pattern consumes the value on
//! top of the stack whether it matches or not. Captured values wait on the
//! stack until the whole pattern has matched and are stored only then, so
//! a failed case binds nothing (as in CPython). A failing test jumps to a
//! label that pops exactly what the pattern has pushed so far.

use super::*;

/// Where the compilation of one case's pattern stands.
struct PatternState {
    /// Captured names, in stack order: the last is the topmost capture.
    stores: Vec<String>,
    /// Names captured by enclosing patterns (for the duplicate check only).
    outer: Vec<String>,
    /// Items above the captures that a failure must pop as well.
    on_top: u32,
    /// `fail_pop[n]` pops n items and then falls into the case's failure.
    fail_pop: Vec<Label>,
    /// A capture or wildcard may stand here without making later cases
    /// unreachable.
    allow_irrefutable: bool,
}

impl PatternState {
    fn new(allow_irrefutable: bool) -> Self {
        PatternState {
            stores: Vec::new(),
            outer: Vec::new(),
            on_top: 0,
            fail_pop: Vec::new(),
            allow_irrefutable,
        }
    }
}

fn is_wildcard(p: &ast::Pattern) -> bool {
    match p {
        ast::Pattern::MatchAs(a) => a.pattern.is_none() && a.name.is_none(),
        ast::Pattern::MatchStar(s) => s.name.is_none(),
        _ => false,
    }
}

impl<'a> Compiler<'a> {
    pub(super) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult {
        self.expr(&m.subject)?;
        let end = self.new_label();
        let cases = m.cases.len();
        let has_default = cases > 1
            && m.cases
                .last()
                .is_some_and(|c| matches!(&c.pattern, ast::Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none()));
        let matched = cases - usize::from(has_default);
        for (i, case) in m.cases[..matched].iter().enumerate() {
            self.set_line(case.pattern.range());
            // Every case but the last one tested works on a copy.
            let copy = i + 1 != matched;
            if copy {
                self.emit(Op::Copy(1));
            }
            let mut pc = PatternState::new(case.guard.is_some() || i + 1 == cases);
            self.pattern(&case.pattern, &mut pc)?;
            debug_assert_eq!(pc.on_top, 0);
            for name in pc.stores.clone().iter().rev() {
                self.store_name(name)?;
            }
            if let Some(g) = &case.guard {
                let fail = self.fail_label(&mut pc, 0);
                self.jump_if(g, false, fail)?;
            }
            if copy {
                self.emit(Op::PopTop);
            }
            self.stmts(&case.body)?;
            self.jump(Op::Jump, end);
            self.emit_fail_pops(&pc);
        }
        if has_default {
            let case = &m.cases[cases - 1];
            self.set_line(case.pattern.range());
            if cases == 1 {
                self.emit(Op::PopTop);
            } else {
                self.emit(Op::Nop);
            }
            if let Some(g) = &case.guard {
                self.jump_if(g, false, end)?;
            }
            self.stmts(&case.body)?;
        }
        self.bind(end);
        Ok(())
    }

    /// The label that pops `n` items and fails.
    fn fail_label(&mut self, pc: &mut PatternState, n: u32) -> Label {
        while pc.fail_pop.len() <= n as usize {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
        pc.fail_pop[n as usize]
    }

    /// Emits `op` jumping to the failure path, popping everything the
    /// pattern has left on the stack.
    fn jump_to_fail(&mut self, pc: &mut PatternState, op: fn(u32) -> Op) {
        let n = pc.on_top + pc.stores.len() as u32;
        let l = self.fail_label(pc, n);
        self.jump(op, l);
    }

    /// Binds the failure labels: each pops one item and falls to the next.
    fn emit_fail_pops(&mut self, pc: &PatternState) {
        let Some((first, rest)) = pc.fail_pop.split_first() else {
            return;
        };
        for &l in rest.iter().rev() {
            self.bind(l);
            self.emit(Op::PopTop);
        }
        self.bind(*first);
    }

    /// Moves the top of the stack down below `depth` items.
    fn rotate_down(&mut self, depth: u32) {
        for k in (2..=depth + 1).rev() {
            self.emit(Op::Swap(k));
        }
    }

    /// Brings the item below `depth` others to the top, keeping their order.
    fn rotate_up(&mut self, depth: u32) {
        for k in 2..=depth + 1 {
            self.emit(Op::Swap(k));
        }
    }

    /// Captures the value on top of the stack under `name` (or drops it).
    fn capture(&mut self, name: Option<&ast::Identifier>, pc: &mut PatternState) -> CResult {
        let Some(n) = name else {
            self.emit(Op::PopTop);
            return Ok(());
        };
        let name = n.as_str().to_string();
        if pc.stores.contains(&name) || pc.outer.contains(&name) {
            return Err(err(
                n.range,
                format!("multiple assignments to name '{name}' in pattern"),
            ));
        }
        self.rotate_down(pc.on_top);
        pc.stores.push(name);
        Ok(())
    }

    /// A pattern nested in another: captures there never make later cases
    /// unreachable.
    fn subpattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternState) -> CResult {
        let saved = std::mem::replace(&mut pc.allow_irrefutable, true);
        let r = self.pattern(p, pc);
        pc.allow_irrefutable = saved;
        r
    }

    fn pattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternState) -> CResult {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Op::CompareOp(CmpOp::Eq));
                self.jump_to_fail(pc, Op::PopJumpIfFalse);
                Ok(())
            }
            P::MatchSingleton(s) => {
                self.load_const(match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                });
                self.emit(Op::IsOp(false));
                self.jump_to_fail(pc, Op::PopJumpIfFalse);
                Ok(())
            }
            P::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(err(
                            a.range,
                            match &a.name {
                                Some(n) => format!(
                                    "name capture '{}' makes remaining patterns unreachable",
                                    n.as_str()
                                ),
                                None => "wildcard makes remaining patterns unreachable".into(),
                            },
                        ));
                    }
                    self.capture(a.name.as_ref(), pc)
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit(Op::Copy(1));
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.capture(a.name.as_ref(), pc)
                }
            },
            P::MatchStar(s) => self.capture(s.name.as_ref(), pc),
            P::MatchSequence(s) => self.sequence_pattern(&s.patterns, pc),
            P::MatchMapping(m) => self.mapping_pattern(m, pc),
            P::MatchClass(c) => self.class_pattern(c, pc),
            P::MatchOr(o) => self.or_pattern(o, pc),
        }
    }

    fn sequence_pattern(&mut self, patterns: &'a [ast::Pattern], pc: &mut PatternState) -> CResult {
        let size = patterns.len() as u32;
        let mut star = None;
        for (i, p) in patterns.iter().enumerate() {
            if let ast::Pattern::MatchStar(s) = p {
                if star.is_some() {
                    return Err(err(s.range, "multiple starred names in sequence pattern"));
                }
                star = Some(i as u32);
            }
        }
        let only_wildcard = patterns.iter().all(is_wildcard);
        let star_wildcard = star.is_some_and(|s| is_wildcard(&patterns[s as usize]));
        // The subject stays on top during the type and length checks.
        pc.on_top += 1;
        self.emit(Op::MatchSequence);
        self.jump_to_fail(pc, Op::PopJumpIfFalse);
        match star {
            None => {
                self.emit(Op::GetLen);
                self.load_const(Const::Int(i64::from(size)));
                self.emit(Op::CompareOp(CmpOp::Eq));
                self.jump_to_fail(pc, Op::PopJumpIfFalse);
            }
            Some(_) if size > 1 => {
                self.emit(Op::GetLen);
                self.load_const(Const::Int(i64::from(size - 1)));
                self.emit(Op::CompareOp(CmpOp::Ge));
                self.jump_to_fail(pc, Op::PopJumpIfFalse);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Op::PopTop);
            return Ok(());
        }
        if let (Some(star), true) = (star, star_wildcard) {
            // `[a, *_, b]`: index the items instead of unpacking them all.
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                let i = i as u32;
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit(Op::Copy(1));
                if i < star {
                    self.load_const(Const::Int(i64::from(i)));
                } else {
                    // The subject may not support negative indices.
                    self.emit(Op::GetLen);
                    self.load_const(Const::Int(i64::from(size - i)));
                    self.emit(Op::BinaryOp(BinOp::Sub, false));
                }
                self.emit(Op::BinarySubscr);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit(Op::PopTop);
            return Ok(());
        }
        match star {
            None => self.emit(Op::UnpackSequence(size)),
            Some(s) => self.emit(Op::UnpackEx(s | ((size - 1 - s) << 8))),
        }
        pc.on_top += size;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternState,
    ) -> CResult {
        let size = m.keys.len() as u32;
        if m.patterns.len() != m.keys.len() {
            return Err(err(
                m.range,
                "keys and patterns of a mapping pattern differ in number",
            ));
        }
        pc.on_top += 1;
        self.emit(Op::MatchMapping);
        self.jump_to_fail(pc, Op::PopJumpIfFalse);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.emit(Op::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.emit(Op::GetLen);
            self.load_const(Const::Int(i64::from(size)));
            self.emit(Op::CompareOp(CmpOp::Ge));
            self.jump_to_fail(pc, Op::PopJumpIfFalse);
        }
        let mut literal_keys: Vec<String> = Vec::new();
        for k in &m.keys {
            let literal = match k {
                Expr::StringLiteral(s) => Some(format!("'{}'", s.value.to_str())),
                Expr::NumberLiteral(n) => match &n.value {
                    ast::Number::Int(i) => Some(i.to_string()),
                    _ => None,
                },
                Expr::NoneLiteral(_) => Some("None".into()),
                Expr::BooleanLiteral(b) => Some(if b.value { "True" } else { "False" }.into()),
                Expr::Attribute(_) | Expr::UnaryOp(_) | Expr::BinOp(_) | Expr::BytesLiteral(_) => {
                    None
                }
                other => {
                    return Err(err(
                        other.range(),
                        "mapping pattern keys may only match literals and attribute lookups",
                    ));
                }
            };
            if let Some(l) = literal {
                if literal_keys.contains(&l) {
                    return Err(err(
                        k.range(),
                        format!("mapping pattern checks duplicate key ({l})"),
                    ));
                }
                literal_keys.push(l);
            }
            self.expr(k)?;
        }
        self.emit(Op::BuildTuple(size));
        self.emit(Op::MatchKeys);
        // [subject keys values-or-None]
        pc.on_top += 2;
        self.emit(Op::Copy(1));
        self.load_const(Const::None);
        self.emit(Op::IsOp(true));
        self.jump_to_fail(pc, Op::PopJumpIfFalse);
        self.emit(Op::UnpackSequence(size));
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        // [subject keys]
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                // rest = dict(subject), then del rest[key] for each key.
                self.emit(Op::BuildMap(0));
                self.emit(Op::Swap(3));
                self.emit(Op::DictUpdate(2));
                self.emit(Op::UnpackSequence(size));
                for n in (1..=size).rev() {
                    self.emit(Op::Copy(1 + n));
                    self.emit(Op::Swap(2));
                    self.emit(Op::DeleteSubscr);
                }
                self.capture(Some(rest), pc)
            }
            None => {
                self.emit(Op::PopTop);
                self.emit(Op::PopTop);
                Ok(())
            }
        }
    }

    fn class_pattern(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternState) -> CResult {
        let args = &c.arguments;
        let mut names: Vec<&str> = Vec::new();
        for k in &args.keywords {
            let n = k.attr.as_str();
            if names.contains(&n) {
                return Err(err(
                    k.attr.range,
                    format!("attribute name repeated in class pattern: {n}"),
                ));
            }
            names.push(n);
        }
        self.expr(&c.cls)?;
        let consts: Vec<Const> = names.iter().map(|n| Const::Str((*n).into())).collect();
        self.load_const(Const::Tuple(consts.into()));
        let npos = args.patterns.len() as u32;
        let n = npos + names.len() as u32;
        self.emit(Op::MatchClass(npos));
        // [attrs-or-None]
        pc.on_top += 1;
        self.emit(Op::Copy(1));
        self.load_const(Const::None);
        self.emit(Op::IsOp(true));
        self.jump_to_fail(pc, Op::PopJumpIfFalse);
        self.emit(Op::UnpackSequence(n));
        pc.on_top += n;
        pc.on_top -= 1;
        let subs = args
            .patterns
            .iter()
            .chain(args.keywords.iter().map(|k| &k.pattern));
        for p in subs {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit(Op::PopTop);
            } else {
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    /// `p1 | p2 | ...`: every alternative binds the same names; whichever
    /// matches leaves its captures in the order of the first one's.
    fn or_pattern(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternState) -> CResult {
        let end = self.new_label();
        let n = o.patterns.len();
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_line(alt.range());
            let mut alt_pc = PatternState::new(i + 1 == n && pc.allow_irrefutable);
            alt_pc.outer = pc.outer.iter().chain(pc.stores.iter()).cloned().collect();
            // [subject subject]
            self.emit(Op::Copy(1));
            self.pattern(alt, &mut alt_pc)?;
            // Matched: [subject captures...]; put them in the first
            // alternative's order.
            let mut order = alt_pc.stores.clone();
            match &control {
                None => control = Some(order.clone()),
                Some(want) => {
                    let mut a = order.clone();
                    a.sort();
                    let mut b = want.clone();
                    b.sort();
                    if a != b {
                        return Err(err(
                            alt.range(),
                            "alternative patterns bind different names",
                        ));
                    }
                    let k = want.len();
                    for (placed, name) in want.iter().enumerate() {
                        // Unplaced items lie below the `placed` ones on top.
                        let unplaced = &order[..k - placed];
                        let at = unplaced.iter().position(|x| x == name).expect("same names");
                        // Above it: the rest of the unplaced, then the placed.
                        self.rotate_up((k - 1 - at) as u32);
                        let item = order.remove(at);
                        order.push(item);
                    }
                }
            }
            self.jump(Op::Jump, end);
            self.emit_fail_pops(&alt_pc);
        }
        // No alternative matched: [subject].
        self.emit(Op::PopTop);
        self.jump_to_fail(pc, Op::Jump);
        self.bind(end);
        // [subject captures...]: drop the subject, then move the captures
        // below whatever the enclosing pattern keeps on top.
        let captured = control.unwrap_or_default();
        let k = captured.len() as u32;
        self.rotate_up(k);
        self.emit(Op::PopTop);
        if k > 0 {
            for _ in 0..pc.on_top {
                self.rotate_up(pc.on_top + k - 1);
            }
        }
        for name in captured {
            if pc.stores.contains(&name) || pc.outer.contains(&name) {
                return Err(err(
                    o.range,
                    format!("multiple assignments to name '{name}' in pattern"),
                ));
            }
            pc.stores.push(name);
        }
        Ok(())
    }
}
