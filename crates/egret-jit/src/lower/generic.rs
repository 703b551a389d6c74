//! The generic rules (boxed values, one runtime helper per instruction),
//! and what both kinds of plan share at block boundaries: conversions,
//! jumps and branches, and the checks for pending work.

use super::*;

impl Lowerer<'_, '_> {
    /// Lowers the instruction at `pc` by the generic rules (specialize's
    /// `Generic`): boxed values and runtime helpers. Returns whether it
    /// ended the block.
    pub(super) fn generic_op(
        &mut self,
        code: &CodeObject,
        pc: usize,
        stack: &mut Vec<(CValue, Ty)>,
        blocks: &[Option<Block>],
    ) -> Result<bool, String> {
        let pop = |s: &mut Vec<(CValue, Ty)>| s.pop().ok_or_else(|| "stack underflow".to_string());
        let obj = |v: CValue| (v, Ty::Obj);
        match code.code[pc] {
            Op::LoadConst(i) => {
                let Some(ConstVal::Obj(bits)) = self.plan.consts[i as usize] else {
                    return Err("generic constant".into());
                };
                let v = self.b.ins().iconst(types::I64, bits as i64);
                self.incref(v);
                stack.push(obj(v));
            }
            Op::LoadFast(i) => {
                let v = self.b.use_var(self.vars[i as usize]);
                let bound = self.plan.states[pc]
                    .as_ref()
                    .is_some_and(|s| s.locals[i as usize].is_some());
                if !bound {
                    // The interpreter raises UnboundLocalError.
                    let unbound = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                    self.guard(unbound, pc, stack);
                }
                self.incref(v);
                stack.push(obj(v));
            }
            Op::StoreFast(i) => {
                let v = pop(stack)?;
                let v = self.boxed(v);
                let old = self.b.use_var(self.vars[i as usize]);
                self.set_local(i as usize, v);
                self.decref(old);
            }
            Op::DeleteFast(i) => {
                let old = self.b.use_var(self.vars[i as usize]);
                let unbound = self.b.ins().icmp_imm_s(IntCC::Equal, old, 0);
                self.guard(unbound, pc, stack);
                let zero = self.b.ins().iconst(types::I64, 0);
                self.set_local(i as usize, zero);
                self.decref(old);
            }
            Op::BinaryOp(op, inplace) => {
                let c = pop(stack)?;
                let a = pop(stack)?;
                let (a, c) = (self.boxed(a), self.boxed(c));
                let index = BinOp::ALL.iter().position(|o| *o == op).ok_or("operator")?;
                let opv = self
                    .b
                    .ins()
                    .iconst(types::I64, (2 * index + usize::from(inplace)) as i64);
                let r = self.call_out(Helper::Binary, &[opv, a, c], pc, stack);
                stack.push(obj(r));
            }
            Op::CompareOp(op) => {
                let c = pop(stack)?;
                let a = pop(stack)?;
                let (a, c) = (self.boxed(a), self.boxed(c));
                let index = CmpOp::ALL
                    .iter()
                    .position(|o| *o == op)
                    .ok_or("comparison")?;
                let opv = self.b.ins().iconst(types::I64, index as i64);
                let r = self.call_out(Helper::Compare, &[opv, a, c], pc, stack);
                stack.push(obj(r));
            }
            Op::BinarySubscr => {
                let key = pop(stack)?;
                let container = pop(stack)?;
                let (container, key) = (self.boxed(container), self.boxed(key));
                let r = self.call_out(Helper::Getitem, &[container, key], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreSubscr => {
                let key = pop(stack)?;
                let container = pop(stack)?;
                let value = pop(stack)?;
                let (value, container, key) =
                    (self.boxed(value), self.boxed(container), self.boxed(key));
                let ctx = self.ctx;
                let status = self.call_helper(Helper::Setitem, &[ctx, value, container, key]);
                self.check_raised(status, pc, stack);
            }
            op @ (Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert) => {
                let a = pop(stack)?;
                let a = self.boxed(a);
                let kind = match op {
                    Op::UnaryNegative => 0,
                    Op::UnaryPositive => 1,
                    _ => 2,
                };
                let kind = self.b.ins().iconst(types::I64, kind);
                let r = self.call_out(Helper::Unary, &[kind, a], pc, stack);
                stack.push(obj(r));
            }
            Op::UnaryNot => {
                let a = pop(stack)?;
                let t = self.truth(a, pc, stack);
                let one = self.b.ins().iconst(types::I8, 1);
                let not = self.b.ins().bxor(t, one);
                let r = self.b.ins().uextend(types::I64, not);
                stack.push((r, Ty::Bool));
            }
            op @ (Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t)) => {
                let v = pop(stack)?;
                let c = self.truth(v, pc, stack);
                let (jump, fall) = ((t as usize, &stack[..]), (pc + 1, &stack[..]));
                if matches!(op, Op::PopJumpIfTrue(_)) {
                    self.branch(c, blocks, jump, fall)?;
                } else {
                    self.branch(c, blocks, fall, jump)?;
                }
                return Ok(true);
            }
            op @ (Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t)) => {
                let v = *stack.last().ok_or("value")?;
                let below = stack[..stack.len() - 1].to_vec();
                // The test consumes a reference of its own; if it raises, the
                // value is still on the stack (as in the interpreter).
                if v.1 == Ty::Obj {
                    self.incref(v.0);
                }
                let truth = self.truth(v, pc, stack);
                let jump_if = if matches!(op, Op::JumpIfTrueOrPop(_)) {
                    truth
                } else {
                    let one = self.b.ins().iconst(types::I8, 1);
                    self.b.ins().bxor(truth, one)
                };
                let keep = self.b.create_block();
                let drop = self.b.create_block();
                self.b.ins().brif(jump_if, keep, &[], drop, &[]);
                self.b.switch_to_block(keep);
                self.jump_to(blocks, t as usize, stack)?;
                self.b.switch_to_block(drop);
                self.discard(v);
                self.jump_to(blocks, pc + 1, &below)?;
                return Ok(true);
            }
            Op::UnpackSequence(n) => {
                let seq = pop(stack)?;
                let seq = self.boxed(seq);
                let slot = self.words_slot(n as usize);
                let out = self.b.ins().stack_addr(self.ptr, slot, 0);
                let nv = self.b.ins().iconst(types::I64, i64::from(n));
                let ctx = self.ctx;
                let status = self.call_helper(Helper::Unpack, &[ctx, seq, nv, out]);
                self.check_raised(status, pc, stack);
                for k in 0..n {
                    let v = self
                        .b
                        .ins()
                        .stack_load(self.ptr, types::I64, slot, (8 * k) as i32);
                    stack.push(obj(v));
                }
            }
            Op::ReturnValue => {
                self.escape_check(pc, stack);
                let v = pop(stack)?;
                let w = if self.plan.return_type == Ty::Obj {
                    self.boxed(v)
                } else {
                    self.word_of(v.0, v.1)
                };
                for e in std::mem::take(stack) {
                    self.discard(e);
                }
                self.release_locals();
                self.b.ins().store(MemFlagsData::trusted(), w, self.out, 0);
                let s = self.b.ins().iconst(types::I64, RETURNED);
                self.b.ins().return_(&[s]);
                return Ok(true);
            }
            Op::LoadGlobal(i) => {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let idx = self.b.ins().iconst(types::I64, i64::from(i));
                let r = self.call_out(Helper::LoadGlobal, &[codev, idx], pc, stack);
                stack.push(obj(r));
            }
            Op::PushNull => {
                let z = self.b.ins().iconst(types::I64, 0);
                stack.push(obj(z));
            }
            Op::LoadAttr(i) => {
                let o = pop(stack)?;
                let o = self.boxed(o);
                let name = self.name(i)?;
                let site = self.attr_site(pc);
                let r = self.call_out(Helper::Getattr, &[o, name, site], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreAttr(i) => {
                let o = pop(stack)?;
                let v = pop(stack)?;
                let (o, v) = (self.boxed(o), self.boxed(v));
                let name = self.name(i)?;
                let ctx = self.ctx;
                let site = self.attr_site(pc);
                let status = self.call_helper(Helper::Setattr, &[ctx, o, name, v, site]);
                self.check_raised(status, pc, stack);
            }
            Op::LoadMethod(i) => {
                let o = pop(stack)?;
                let o = self.boxed(o);
                let name = self.name(i)?;
                let slot = self.words_slot(2);
                let out = self.b.ins().stack_addr(self.ptr, slot, 0);
                let ctx = self.ctx;
                let site = self.attr_site(pc);
                let status = self.call_helper(Helper::LoadMethod, &[ctx, o, name, site, out]);
                self.check_raised(status, pc, stack);
                for k in 0..2 {
                    let v = self.b.ins().stack_load(self.ptr, types::I64, slot, 8 * k);
                    stack.push(obj(v));
                }
            }
            Op::Call(n) => {
                let at = stack.len() - (n as usize + 2);
                self.call_through(Helper::Call, n, at, pc, stack);
            }
            Op::BuildTuple(n) | Op::BuildList(n) => {
                let kind = i64::from(matches!(code.code[pc], Op::BuildList(_)));
                let at = stack.len() - n as usize;
                let items: Vec<(CValue, Ty)> = stack.split_off(at);
                let (argv, _) = self.boxed_words(items);
                let nv = self.b.ins().iconst(types::I64, i64::from(n));
                let kv = self.b.ins().iconst(types::I64, kind);
                let r = self.call_helper(Helper::Build, &[argv, nv, kv]);
                stack.push(obj(r));
            }
            op @ (Op::BuildMap(_)
            | Op::BuildString(_)
            | Op::FormatValue(_)
            | Op::BuildSlice(_)
            | Op::BuildSet(_)) => {
                let (kind, arg, n) = match op {
                    Op::BuildMap(n) => (helpers::OP_MAP, 0, 2 * n as usize),
                    Op::BuildString(n) => (helpers::OP_STRING, 0, n as usize),
                    Op::FormatValue(fl) => (helpers::OP_FORMAT, fl, 1 + usize::from(fl & 4 != 0)),
                    Op::BuildSlice(n) => (helpers::OP_SLICE, 0, n as usize),
                    Op::BuildSet(n) => (helpers::OP_SET, 0, n as usize),
                    _ => unreachable!("matched above"),
                };
                let items: Vec<(CValue, Ty)> = stack.split_off(stack.len() - n);
                let (argv, _) = self.boxed_words(items);
                let kv = self.b.ins().iconst(types::I64, kind);
                let av = self.b.ins().iconst(types::I64, i64::from(arg));
                let nv = self.b.ins().iconst(types::I64, n as i64);
                let r = self.call_out(Helper::BuildOp, &[kv, av, argv, nv], pc, stack);
                stack.push(obj(r));
            }
            op @ (Op::ListAppend(i) | Op::SetAdd(i) | Op::MapAdd(i)) => {
                // MAP_ADD has the key below the value.
                let (kind, value) = match op {
                    Op::ListAppend(_) => (0, None),
                    Op::SetAdd(_) => (1, None),
                    _ => (2, Some(pop(stack)?)),
                };
                let a = pop(stack)?;
                let a = self.boxed(a);
                let b = match value {
                    Some(v) => self.boxed(v),
                    None => self.b.ins().iconst(types::I64, 0),
                };
                let container = stack[stack.len() - i as usize].0;
                let kv = self.b.ins().iconst(types::I64, kind);
                let ctx = self.ctx;
                let status = self.call_helper(Helper::ContainerAdd, &[ctx, kv, container, a, b]);
                self.check_raised(status, pc, stack);
            }
            Op::CallKw(n) => {
                let at = stack.len() - (n as usize + 3);
                self.call_through(Helper::CallKw, n, at, pc, stack);
            }
            Op::LoadName(i) => {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let r = self.call_out(Helper::LoadName, &[codev, iv], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreName(i) => {
                let v = pop(stack)?;
                let v = self.boxed(v);
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let ctx = self.ctx;
                let status = self.call_helper(Helper::StoreName, &[ctx, codev, iv, v]);
                self.check_raised(status, pc, stack);
            }
            Op::LoadDeref(i) => {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let r = self.call_out(Helper::LoadDeref, &[codev, iv], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreDeref(i) => {
                let v = pop(stack)?;
                let v = self.boxed(v);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let ctx = self.ctx;
                self.call_helper(Helper::StoreDeref, &[ctx, iv, v]);
            }
            Op::LoadClosure(i) => {
                let cells = self.b.ins().load(
                    types::I64,
                    MemFlagsData::trusted(),
                    self.ctx,
                    helpers::CTX_CELLS,
                );
                let v =
                    self.b
                        .ins()
                        .load(types::I64, MemFlagsData::trusted(), cells, (8 * i) as i32);
                self.incref(v);
                stack.push(obj(v));
            }
            Op::MakeFunction(fl) => {
                let n = (fl & 15).count_ones() as usize + 1;
                let items: Vec<(CValue, Ty)> = stack.split_off(stack.len() - n);
                let (argv, _) = self.boxed_words(items);
                let fv = self.b.ins().iconst(types::I64, i64::from(fl));
                let r = self.call_out(Helper::MakeFunction, &[fv, argv], pc, stack);
                stack.push(obj(r));
            }
            Op::GetIter => {
                let o = pop(stack)?;
                let o = self.boxed(o);
                let r = self.call_out(Helper::GetIter, &[o], pc, stack);
                stack.push(obj(r));
            }
            Op::ForIter(t) => {
                let (it, _) = *stack.last().ok_or("iterator")?;
                let slot = self.word_slot();
                let out = self.b.ins().stack_addr(self.ptr, slot, 0);
                let ctx = self.ctx;
                let status = self.call_helper(Helper::ForIter, &[ctx, it, out]);
                blocks[pc + 1].ok_or("loop body block")?;
                blocks[t as usize].ok_or("loop exit block")?;
                let not_ok = self.b.create_block();
                let item_blk = self.b.create_block();
                let ok = self.b.ins().icmp_imm_s(IntCC::Equal, status, helpers::OK);
                self.b.ins().brif(ok, item_blk, &[], not_ok, &[]);
                self.b.switch_to_block(item_blk);
                let item = self.b.ins().stack_load(self.ptr, types::I64, slot, 0);
                let mut body_vals = stack.clone();
                body_vals.push(obj(item));
                self.jump_to(blocks, pc + 1, &body_vals)?;
                self.b.switch_to_block(not_ok);
                self.check_raised(status, pc, stack);
                // Exhausted: the iterator is dropped and the loop left.
                self.decref(it);
                self.jump_to(blocks, t as usize, &stack[..stack.len() - 1])?;
                return Ok(true);
            }
            Op::IsOp(invert) => {
                let c = pop(stack)?;
                let a = pop(stack)?;
                let (a, c) = (self.boxed(a), self.boxed(c));
                let same = self.b.ins().icmp(IntCC::Equal, a, c);
                self.decref(a);
                self.decref(c);
                let r = self.b.ins().uextend(types::I64, same);
                let r = if invert {
                    self.b.ins().bxor_imm_s(r, 1)
                } else {
                    r
                };
                stack.push((r, Ty::Bool));
            }
            Op::ContainsOp(invert) => {
                let container = pop(stack)?;
                let item = pop(stack)?;
                let (item, container) = (self.boxed(item), self.boxed(container));
                let ctx = self.ctx;
                let r = self.call_helper(Helper::Contains, &[ctx, item, container]);
                self.check_raised(r, pc, stack);
                let r = if invert {
                    self.b.ins().bxor_imm_s(r, 1)
                } else {
                    r
                };
                stack.push((r, Ty::Bool));
            }
            other @ (Op::Nop
            | Op::PopTop
            | Op::Copy(_)
            | Op::Swap(_)
            | Op::StoreGlobal(_)
            | Op::DeleteGlobal(_)
            | Op::DeleteName(_)
            | Op::DeleteDeref(_)
            | Op::LoadClassDeref(_)
            | Op::DeleteAttr(_)
            | Op::CallEx(_)
            | Op::DeleteSubscr
            | Op::ListExtend(_)
            | Op::SetUpdate(_)
            | Op::DictUpdate(_)
            | Op::DictMerge(_)
            | Op::ListToTuple
            | Op::UnpackEx(_)
            | Op::GetYieldFromIter
            | Op::GetAwaitable(_)
            | Op::GetAIter
            | Op::GetANext
            | Op::EndAsyncFor
            | Op::BeforeAsyncWith
            | Op::AsyncGenWrap
            | Op::Send(_)
            | Op::Jump(_)
            | Op::JumpBackward(_)
            | Op::YieldValue
            | Op::LoadBuildClass
            | Op::ImportName(_)
            | Op::ImportFrom(_)
            | Op::ImportStar
            | Op::RaiseVarargs(_)
            | Op::Reraise
            | Op::PushExcInfo
            | Op::PopExcept
            | Op::CheckExcMatch
            | Op::LoadAssertionError
            | Op::BeforeWith
            | Op::WithExceptStart
            | Op::WithExit
            | Op::PrintExpr
            | Op::CheckEgMatch
            | Op::PrepReraiseStar
            | Op::MatchSequence
            | Op::MatchMapping
            | Op::GetLen
            | Op::MatchKeys
            | Op::MatchClass(_)
            | Op::NotImplemented(_)) => {
                return Err(format!("{other:?} has no generic lowering"));
            }
        }
        Ok(false)
    }

    /// The block arguments for `vals` arriving at `target_pc`: a value
    /// whose slot a merge there widened to `Ty::Obj` is boxed (here: call
    /// only where the jump is taken).
    pub(super) fn convert(&mut self, target_pc: usize, vals: &[(CValue, Ty)]) -> Vec<BlockArg> {
        let want: Vec<Ty> = self.plan.states[target_pc]
            .as_ref()
            .map(|s| s.stack.clone())
            .unwrap_or_default();
        vals.iter()
            .enumerate()
            .map(|(k, (v, t))| {
                if want.get(k) == Some(&Ty::Obj) && *t != Ty::Obj {
                    BlockArg::Value(self.boxed((*v, *t)))
                } else {
                    BlockArg::Value(*v)
                }
            })
            .collect()
    }

    /// Whether arriving at `target_pc` with `vals` needs boxing.
    pub(super) fn needs_convert(&self, target_pc: usize, vals: &[(CValue, Ty)]) -> bool {
        self.plan.states[target_pc].as_ref().is_some_and(|s| {
            s.stack
                .iter()
                .zip(vals)
                .any(|(w, (_, t))| *w == Ty::Obj && *t != Ty::Obj)
        })
    }

    /// Jumps to the block of `target_pc` with `vals`.
    pub(super) fn jump_to(
        &mut self,
        blocks: &[Option<Block>],
        target_pc: usize,
        vals: &[(CValue, Ty)],
    ) -> Result<(), String> {
        let blk = blocks[target_pc].ok_or("jump target")?;
        let args = self.convert(target_pc, vals);
        self.b.ins().jump(blk, &args);
        Ok(())
    }

    /// Branches on `c` to `yes` or `no` (target offset, values), boxing on
    /// the edge only where that edge is taken.
    pub(super) fn branch(
        &mut self,
        c: CValue,
        blocks: &[Option<Block>],
        yes: (usize, &[(CValue, Ty)]),
        no: (usize, &[(CValue, Ty)]),
    ) -> Result<(), String> {
        let side = |s: &mut Self, (pc, vals): (usize, &[(CValue, Ty)])| -> Result<_, String> {
            if s.needs_convert(pc, vals) {
                let edge = s.b.create_block();
                Ok((edge, Vec::new(), Some((pc, vals.to_vec()))))
            } else {
                let blk = blocks[pc].ok_or("branch target")?;
                Ok((blk, block_args(vals), None))
            }
        };
        let (yb, ya, yfix) = side(self, yes)?;
        let (nb, na, nfix) = side(self, no)?;
        self.b.ins().brif(c, yb, &ya, nb, &na);
        for (edge, fix) in [(yb, yfix), (nb, nfix)] {
            if let Some((pc, vals)) = fix {
                self.b.switch_to_block(edge);
                self.jump_to(blocks, pc, &vals)?;
            }
        }
        Ok(())
    }

    /// The operands of the arithmetic or comparison at `pc` with the boxed
    /// ones the plan unboxes by feedback unboxed: each is checked to be
    /// an exact float (or a small int), else the code leaves before the
    /// instruction (`operands`: the stack there), and the box is given up:
    /// later exits at the instruction must pass the unboxed operands.
    pub(super) fn unbox_operands(
        &mut self,
        pc: usize,
        a: (CValue, Ty),
        c: (CValue, Ty),
        operands: &[(CValue, Ty)],
    ) -> ((CValue, Ty), (CValue, Ty)) {
        let Some((_, which)) = self.plan.unboxed.iter().find(|(p, _)| *p as usize == pc) else {
            return (a, c);
        };
        let which = *which;
        let mut out = [a, c];
        for (k, want) in which.iter().enumerate() {
            let (v, t) = out[k];
            match (want, t) {
                (Some(Ty::Float), Ty::Obj) => {
                    let obj = self.is_object(v);
                    let not_obj = self.b.ins().icmp_imm_s(IntCC::Equal, obj, 0);
                    self.guard(not_obj, pc, operands);
                    let ty = self.b.ins().load(
                        types::I64,
                        MemFlagsData::trusted(),
                        v,
                        layout::TYPE_OFFSET,
                    );
                    let other =
                        self.b
                            .ins()
                            .icmp_imm_s(IntCC::NotEqual, ty, self.rt.float_type as i64);
                    self.guard(other, pc, operands);
                    let f = self.b.ins().load(
                        types::F64,
                        MemFlagsData::trusted(),
                        v,
                        self.rt.float_payload,
                    );
                    out[k] = (f, Ty::Float);
                }
                (Some(Ty::Int), Ty::Obj) => {
                    let tag = self.b.ins().band_imm_s(v, layout::SMALL_TAG);
                    let untagged = self.b.ins().icmp_imm_s(IntCC::Equal, tag, 0);
                    self.guard(untagged, pc, operands);
                    out[k] = (self.b.ins().sshr_imm_s(v, layout::SMALL_SHIFT), Ty::Int);
                }
                _ => {}
            }
        }
        // Both checks passed: the boxes are no longer needed.
        for k in 0..2 {
            if out[k].1 == Ty::Float && [a, c][k].1 == Ty::Obj {
                self.decref([a, c][k].0);
            }
        }
        (out[0], out[1])
    }

    /// Branches to a new block `run` when the interpreter's work flag is
    /// set, else to a new block `cont`.
    pub(super) fn branch_on_work_flag(&mut self) -> (Block, Block) {
        let set = self
            .b
            .ins()
            .uload8(types::I32, MemFlagsData::trusted(), self.work_flag, 0);
        let run = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(set, run, &[], cont, &[]);
        (run, cont)
    }

    /// After an instruction that may have dropped a last reference: runs
    /// the finalizers (`__del__`) that queued, as the interpreter does after
    /// every instruction, so that one runs when the last reference goes.
    /// Signals wait for the next call or back-edge.
    pub(super) fn run_finalizers_if_queued(&mut self) {
        if !std::mem::take(&mut self.may_release) {
            return;
        }
        let (run, cont) = self.branch_on_work_flag();
        self.b.switch_to_block(run);
        self.call_preserving(Helper::RunFinalizers);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
        self.may_release = false;
    }

    /// Runs waiting finalizers, callbacks and signal handlers if there are
    /// any (a flag read through the context), and lets other threads run
    /// when they asked to. When a signal handler raised
    /// (`KeyboardInterrupt`), the code leaves for the interpreter before
    /// the instruction at `pc`, which raises it there.
    pub(super) fn run_pending_work(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        let (run, cont) = self.branch_on_work_flag();
        self.b.switch_to_block(run);
        let status = self.call_preserving(Helper::RunPending);
        // Code that holds globals as constants (numbers, compiled callees)
        // leaves whenever Python code may have run meanwhile (another
        // thread, a signal handler, a finalizer may have rebound them):
        // the interpreter goes on, and the entry guards are checked again
        // when compiled code is entered next.
        let assumes_globals = !self.plan.global_consts.is_empty() || !self.plan.calls.is_empty();
        let raised = if assumes_globals {
            self.b
                .ins()
                .icmp_imm_s(IntCC::NotEqual, status, helpers::OK)
        } else {
            self.b
                .ins()
                .icmp_imm_s(IntCC::Equal, status, helpers::FAILED)
        };
        self.guard(raised, pc, stack);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The address of the attribute cache of the instruction at `pc`.
    pub(super) fn attr_site(&mut self, pc: usize) -> CValue {
        let addr = self
            .rt
            .attr_sites
            .iter()
            .find(|(p, _)| *p == pc)
            .map_or(0, |(_, a)| *a);
        self.b.ins().iconst(types::I64, addr as i64)
    }

    /// Boxes `items` into the words of a new stack slot: its address, and
    /// the boxed values (each an owned reference).
    pub(super) fn boxed_words(&mut self, items: Vec<(CValue, Ty)>) -> (CValue, Vec<(CValue, Ty)>) {
        let slot = self.words_slot(items.len());
        let mut boxed = Vec::with_capacity(items.len());
        for (k, v) in items.into_iter().enumerate() {
            let w = self.boxed(v);
            self.b.ins().stack_store(self.ptr, w, slot, (8 * k) as i32);
            boxed.push((w, Ty::Obj));
        }
        (self.b.ins().stack_addr(self.ptr, slot, 0), boxed)
    }

    /// `CALL n` or `CALL_KW n` through the helper `name`, with the operands
    /// from `at` on the stack up (callable, self or NULL, arguments, and
    /// for CALL_KW the keyword names).
    pub(super) fn call_through(
        &mut self,
        helper: Helper,
        n: u32,
        at: usize,
        pc: usize,
        stack: &mut Vec<(CValue, Ty)>,
    ) {
        let operands: Vec<(CValue, Ty)> = stack.split_off(at);
        let (argv, boxed) = self.boxed_words(operands);
        let nv = self.b.ins().iconst(types::I64, i64::from(n));
        let rslot = self.word_slot();
        let out = self.b.ins().stack_addr(self.ptr, rslot, 0);
        let ctx = self.ctx;
        let status = self.call_helper(helper, &[ctx, argv, nv, out]);
        // A builtin that needs the caller's frame: the interpreter makes the
        // call (nothing was consumed).
        let needs_frame = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, helpers::FAILED);
        let before = [stack.clone(), boxed].concat();
        self.guard(needs_frame, pc, &before);
        self.check_raised(status, pc, stack);
        let r = self.b.ins().stack_load(self.ptr, types::I64, rslot, 0);
        stack.push((r, Ty::Obj));
    }

    /// The interned str object of `code.names[i]`.
    pub(super) fn name(&mut self, i: u32) -> Result<CValue, String> {
        let bits = *self.rt.names.get(i as usize).ok_or("name")?;
        Ok(self.b.ins().iconst(types::I64, bits as i64))
    }
}
