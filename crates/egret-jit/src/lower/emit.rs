//! The lowerer's building blocks: guards and exits, calls of helpers and
//! of compiled code, spills, boxing and reference counts, and the typed
//! operators, comparisons and builtins computed inline.

use super::*;

impl Lowerer<'_, '_> {
    /// The raw i64 word of a typed value.
    pub(super) fn word_of(&mut self, v: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => self.b.ins().bitcast(types::I64, MemFlagsData::new(), v),
            _ => v,
        }
    }

    pub(super) fn value_of_word(&mut self, w: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => self.b.ins().bitcast(types::F64, MemFlagsData::new(), w),
            _ => w,
        }
    }

    /// Branches to a deoptimization exit for instruction `pc` when `cond` is
    /// true; `operands` are the values the instruction had on the stack.
    pub(super) fn guard(&mut self, cond: CValue, pc: usize, stack: &[(CValue, Ty)]) {
        let exit = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(cond, exit, &[], cont, &[]);
        self.b.switch_to_block(exit);
        self.emit_exit(pc, stack);
        self.b.switch_to_block(cont);
    }

    /// Stores the live state at `pc` and returns that exit's number.
    pub(super) fn emit_exit(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc, stack, false);
    }

    /// Leaves for the interpreter at `pc` on purpose (the end of a loop
    /// compiled alone, an instruction not compiled).
    pub(super) fn leave(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc, stack, false);
        if let Some(e) = self.exits.last_mut() {
            e.planned = true;
        }
    }

    /// Leaves after the instruction at `pc` raised (its operands consumed):
    /// the interpreter resumes with the exception pending there.
    pub(super) fn raise_exit(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc + 1, stack, true);
    }

    /// Branches to `raise_exit` when a helper's `status` says it raised.
    pub(super) fn check_raised(&mut self, status: CValue, pc: usize, stack: &[(CValue, Ty)]) {
        let raised = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, status, helpers::RAISED);
        let exit = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(raised, exit, &[], cont, &[]);
        self.b.switch_to_block(exit);
        self.raise_exit(pc, stack);
        self.b.switch_to_block(cont);
    }

    /// Stores the live state of `state_pc` and returns the number of an
    /// exit resuming at `resume`.
    pub(super) fn emit_exit_at(
        &mut self,
        state_pc: usize,
        resume: usize,
        stack: &[(CValue, Ty)],
        raised: bool,
    ) {
        // Boxed locals are always handed over (0 when unbound).
        let locals = self.live_locals(state_pc);
        let pc = resume;
        let mut k = 0;
        for (i, t) in locals.iter().enumerate() {
            if let Some(t) = *t {
                let v = self.b.use_var(self.vars[i]);
                let w = self.word_of(v, t);
                self.b
                    .ins()
                    .store(MemFlagsData::trusted(), w, self.out, (8 * k) as i32);
                k += 1;
            }
        }
        for (v, t) in stack {
            if let Ty::RangeIter(site) = t {
                let (_, cur, stop, _) = *self
                    .ranges
                    .iter()
                    .find(|r| r.0 == *site)
                    .expect("range site");
                for var in [cur, stop] {
                    let w = self.b.use_var(var);
                    self.b
                        .ins()
                        .store(MemFlagsData::trusted(), w, self.out, (8 * k) as i32);
                    k += 1;
                }
                continue;
            }
            let w = self.word_of(*v, *t);
            self.b
                .ins()
                .store(MemFlagsData::trusted(), w, self.out, (8 * k) as i32);
            k += 1;
        }
        let maybe = self.maybe_locals(state_pc, &locals);
        for (i, t) in &maybe {
            if let Some(flag) = self.flags[*i] {
                let f = self.b.use_var(flag);
                self.b
                    .ins()
                    .store(MemFlagsData::trusted(), f, self.out, (8 * k) as i32);
                k += 1;
            }
            let v = self.b.use_var(self.vars[*i]);
            let w = self.word_of(v, *t);
            self.b
                .ins()
                .store(MemFlagsData::trusted(), w, self.out, (8 * k) as i32);
            k += 1;
        }
        debug_assert_eq!(
            k,
            locals.iter().filter(|l| l.is_some()).count()
                + stack
                    .iter()
                    .map(|(_, t)| crate::deopt::ty_words(*t))
                    .sum::<usize>()
                + maybe.iter().map(|(_, t)| maybe_words(*t)).sum::<usize>()
        );
        self.max_words = self.max_words.max(k);
        self.exits.push(ExitMap {
            pc,
            maybe,
            locals,
            stack: stack.iter().map(|(_, t)| *t).collect(),
            range_steps: self.plan.range_steps.clone(),
            raised,
            planned: false,
        });
        let id = self.b.ins().iconst(types::I64, self.exits.len() as i64);
        self.b.ins().return_(&[id]);
    }

    /// A direct call of compiled code (`callee`, whose out buffer needs
    /// `words` words) with `args`. Any failure exits at `pc`, the start of
    /// the outermost call expression, with the operand stack `before` it:
    /// the callee has no side effects (specialize), so the interpreter
    /// evaluating the whole expression again is exact.
    pub(super) fn direct_call(
        &mut self,
        callee: cranelift_codegen::ir::FuncRef,
        args: &[(CValue, Ty)],
        words: usize,
        ret: Ty,
        pc: usize,
        before: &[(CValue, Ty)],
    ) -> (CValue, Ty) {
        // Recursion budget: deep recursion is left to the interpreter,
        // which raises RecursionError at the right depth.
        let exhausted = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedLessThanOrEqual, self.budget, 1);
        self.guard(exhausted, pc, before);
        let words = words.max(self.plan.out_words()).max(args.len());
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (8 * words) as u32,
            3,
        ));
        for (i, (v, t)) in args.iter().enumerate() {
            let w = self.word_of(*v, *t);
            self.b.ins().stack_store(self.ptr, w, slot, (8 * i) as i32);
        }
        let arg_ptr = self.b.ins().stack_addr(self.ptr, slot, 0);
        let out_slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (8 * words) as u32,
            3,
        ));
        let out_ptr = self.b.ins().stack_addr(self.ptr, out_slot, 0);
        let nb = self.b.ins().iadd_imm_s(self.budget, -1);
        let call = self.b.ins().call(callee, &[arg_ptr, out_ptr, nb, self.ctx]);
        let status = self.b.inst_results(call)[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, RETURNED);
        self.guard(failed, pc, before);
        let w = self.b.ins().stack_load(self.ptr, types::I64, out_slot, 0);
        (self.value_of_word(w, ret), ret)
    }

    /// A reference in this function to the function `id` of the module,
    /// with `sig`.
    fn import_function(&mut self, id: FuncId, sig: Signature) -> cranelift_codegen::ir::FuncRef {
        let sig_ref = self.b.import_signature(sig);
        let user =
            self.b
                .func
                .declare_imported_user_function(cranelift_codegen::ir::UserExternalName {
                    namespace: 0,
                    index: id.as_u32(),
                });
        self.b.import_function(cranelift_codegen::ir::ExtFuncData {
            name: cranelift_codegen::ir::ExternalName::User(user),
            signature: sig_ref,
            colocated: false,
            patchable: false,
        })
    }

    /// Calls `helper` with the context through its `PRESERVING`
    /// trampoline in a typed plan; returns its status. A generic plan keeps
    /// its values in memory, spills its locals before anything that runs
    /// Python, and calls the helper directly.
    pub(super) fn call_preserving(&mut self, helper: Helper) -> CValue {
        if self.plan.generic {
            let ctx = self.ctx;
            return self.call_helper(helper, &[ctx]);
        }
        let fref = match self.preserving_refs.iter().find(|(h, _)| *h == helper) {
            Some((_, r)) => *r,
            None => {
                let (_, id) = *self
                    .preserving_ids
                    .iter()
                    .find(|(h, _)| *h == helper)
                    .expect("a helper with a trampoline");
                let r = self.import_function(id, preserving_signature(self.ptr));
                self.preserving_refs.push((helper, r));
                r
            }
        };
        let ctx = self.ctx;
        self.b.ins().call(fref, &[ctx]);
        self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            ctx,
            helpers::CTX_STATUS,
        )
    }

    /// Calls `helper` (see helpers.rs) with `args`.
    pub(super) fn call_helper(&mut self, helper: Helper, args: &[CValue]) -> CValue {
        let fref = match self.helper_refs.iter().find(|(h, _)| *h == helper) {
            Some((_, r)) => *r,
            None => {
                let id = self.helper_ids[helper as usize];
                let r = self.import_function(id, helper_signature(helper, self.call_conv));
                self.helper_refs.push((helper, r));
                r
            }
        };
        if helper.runs_python() {
            self.spill_locals();
            self.may_release = true;
        }
        if helper == Helper::Decref {
            self.may_release = true;
        }
        let call = self.b.ins().call(fref, args);
        self.b.inst_results(call)[0]
    }

    /// The type of each local an exit or spill at `pc` writes: the bound
    /// ones, and every boxed one (0 when unbound).
    pub(super) fn live_locals(&self, pc: usize) -> Vec<Option<Ty>> {
        let mut locals = self.plan.states[pc].as_ref().map_or_else(
            || vec![None; self.plan.local_types.len()],
            |s| s.locals.clone(),
        );
        for (t, lt) in locals.iter_mut().zip(&self.plan.local_types) {
            if *lt == Some(Ty::Obj) {
                *t = Some(Ty::Obj);
            }
        }
        locals
    }

    /// The unboxed locals that may be bound at `pc` but are not known to
    /// be, where `locals` are the known ones: whether they are is known at
    /// run time only.
    pub(super) fn maybe_locals(&self, pc: usize, locals: &[Option<Ty>]) -> Vec<(usize, Ty)> {
        let may = &self.may_be_bound[pc];
        self.plan
            .local_types
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match (t, locals.get(i)) {
                (Some(t), Some(None)) if *t != Ty::Obj && may[i] => Some((i, *t)),
                _ => None,
            })
            .collect()
    }

    /// In a generic plan, before a call that can run Python code: writes
    /// the number of the spill point (the types of the locals here) to the
    /// context. The spill area already holds the locals: every assignment
    /// writes it (`set_local`), so a call costs one store.
    pub(super) fn spill_locals(&mut self) {
        if self.spill_base.is_none() {
            return;
        }
        let locals = self.live_locals(self.pc);
        let pc = self.pc;
        let k = match self
            .spills
            .iter()
            .position(|s| s.pc == pc && s.locals == locals)
        {
            Some(k) => k,
            None => {
                let maybe = self.maybe_locals(pc, &locals);
                self.spills.push(SpillPoint { pc, locals, maybe });
                self.spills.len() - 1
            }
        };
        let kv = self.b.ins().iconst(types::I64, k as i64);
        self.b
            .ins()
            .store(MemFlagsData::trusted(), kv, self.ctx, helpers::CTX_POINT);
    }

    /// Assigns local `i` (of its plan type): its variable, and in a generic
    /// plan its word of the spill area.
    pub(super) fn set_local(&mut self, i: usize, v: CValue) {
        self.b.def_var(self.vars[i], v);
        if self.spill_base.is_some() {
            let t = self.plan.local_types[i].unwrap_or(Ty::Int);
            let w = self.word_of(v, t);
            self.spill_word(i, w);
        }
    }

    /// Writes word `slot` of the spill area (a local's value at `i`, its
    /// flag at `nlocals + i`), in a generic plan.
    pub(super) fn spill_word(&mut self, slot: usize, w: CValue) {
        if let Some(base) = self.spill_base {
            self.b
                .ins()
                .store(MemFlagsData::trusted(), w, base, (8 * slot) as i32);
        }
    }

    /// Sets whether the unboxed local `i` is bound (see `flags`), in the
    /// spill area too.
    pub(super) fn set_flag(&mut self, i: usize, bound: bool) {
        let Some(flag) = self.flags[i] else {
            return;
        };
        let v = self.b.ins().iconst(types::I64, i64::from(bound));
        self.b.def_var(flag, v);
        self.spill_word(self.vars.len() + i, v);
    }

    /// In a generic plan, before returning: if a frame object was made for
    /// this frame, leaves for the interpreter at the return instead (the
    /// object keeps the frame's last locals; see frameobj.rs).
    pub(super) fn escape_check(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        if self.spill_base.is_none() {
            return;
        }
        let escaped = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            self.ctx,
            helpers::CTX_ESCAPED,
        );
        let exit = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(escaped, exit, &[], cont, &[]);
        self.b.switch_to_block(exit);
        self.leave(pc, stack);
        self.b.switch_to_block(cont);
    }

    /// `seq[index]` of a list or tuple through a helper; a failure (index
    /// out of range, an element of another kind) exits at `pc` with
    /// `operands`, the stack before the instruction.
    pub(super) fn load_item(
        &mut self,
        (seq, ty): (CValue, Ty),
        index: CValue,
        pc: usize,
        operands: &[(CValue, Ty)],
    ) -> Result<(CValue, Ty), String> {
        let (helper, elem) = match ty {
            Ty::List(e) => (Helper::ListLoad, e),
            Ty::Tuple(e) => (Helper::TupleLoad, e),
            _ => return Err("subscript of a non-sequence reached lowering".into()),
        };
        let slot = self.word_slot();
        let out = self.b.ins().stack_addr(self.ptr, slot, 0);
        let kind = self.b.ins().iconst(
            types::I64,
            match elem {
                Elem::Int => helpers::KIND_INT,
            },
        );
        let status = self.call_helper(helper, &[seq, index, kind, out]);
        let bad = self
            .b
            .ins()
            .icmp_imm_s(IntCC::NotEqual, status, helpers::OK);
        self.guard(bad, pc, operands);
        let w = self.b.ins().stack_load(self.ptr, types::I64, slot, 0);
        Ok((self.value_of_word(w, elem.ty()), elem.ty()))
    }

    /// A one-word stack slot (for a helper's out parameter).
    pub(super) fn word_slot(&mut self) -> cranelift_codegen::ir::StackSlot {
        self.words_slot(1)
    }

    pub(super) fn words_slot(&mut self, n: usize) -> cranelift_codegen::ir::StackSlot {
        self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (8 * n.max(1)) as u32,
            3,
        ))
    }

    /// Whether `v` is a pointer to an object (not 0, not a small int).
    pub(super) fn is_object(&mut self, v: CValue) -> CValue {
        let tag = self.b.ins().band_imm_s(v, layout::SMALL_TAG);
        let untagged = self.b.ins().icmp_imm_s(IntCC::Equal, tag, 0);
        let nonnull = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0);
        self.b.ins().band(untagged, nonnull)
    }

    /// Takes a reference to the object `v` stands for, if any.
    pub(super) fn incref(&mut self, v: CValue) {
        let obj = self.is_object(v);
        let inc = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(obj, inc, &[], cont, &[]);
        self.b.switch_to_block(inc);
        let n = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            v,
            layout::REFCNT_OFFSET,
        );
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        self.b
            .ins()
            .store(MemFlagsData::trusted(), n1, v, layout::REFCNT_OFFSET);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Gives up the reference `v` holds, if any: inline unless it is the
    /// last one (the helper frees the object).
    pub(super) fn decref(&mut self, v: CValue) {
        let obj = self.is_object(v);
        let dec = self.b.create_block();
        let last = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(obj, dec, &[], cont, &[]);
        self.b.switch_to_block(dec);
        let n = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            v,
            layout::REFCNT_OFFSET,
        );
        let count = self.b.ins().band_imm_s(n, layout::REFCOUNT_MASK);
        let more = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 1);
        let fast = self.b.create_block();
        self.b.ins().brif(more, fast, &[], last, &[]);
        self.b.switch_to_block(fast);
        let n1 = self.b.ins().iadd_imm_s(n, -1);
        self.b
            .ins()
            .store(MemFlagsData::trusted(), n1, v, layout::REFCNT_OFFSET);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(last);
        self.call_helper(Helper::Decref, &[v]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// An owned boxed value for `v` of type `t`.
    pub(super) fn boxed(&mut self, (v, t): (CValue, Ty)) -> CValue {
        match t {
            Ty::Obj => v,
            Ty::Int => {
                let s = self.b.ins().ishl_imm_s(v, layout::SMALL_SHIFT);
                self.b.ins().bor_imm_s(s, layout::SMALL_TAG)
            }
            Ty::Bool => {
                let tb = self.b.ins().iconst(types::I64, self.rt.true_bits as i64);
                let fb = self.b.ins().iconst(types::I64, self.rt.false_bits as i64);
                let r = self.b.ins().select(v, tb, fb);
                self.incref(r);
                r
            }
            Ty::Float => {
                let w = self.word_of(v, Ty::Float);
                self.call_helper(Helper::BoxFloat, &[w])
            }
            Ty::List(_) | Ty::Tuple(_) => {
                self.incref(v);
                v
            }
            Ty::RangeIter(_) => unreachable!("specialize never boxes a range iterator"),
        }
    }

    /// Gives up a value of the operand stack.
    pub(super) fn discard(&mut self, (v, t): (CValue, Ty)) {
        if t == Ty::Obj {
            self.decref(v);
        }
    }

    /// Gives up every boxed local (the function returns).
    pub(super) fn release_locals(&mut self) {
        for (i, t) in self.plan.local_types.iter().enumerate() {
            if *t == Some(Ty::Obj) {
                let v = self.b.use_var(self.vars[i]);
                self.decref(v);
            }
        }
    }

    /// A helper writing one word to an out slot; a raise exits after `pc`
    /// with `stack`. Returns the word.
    pub(super) fn call_out(
        &mut self,
        helper: Helper,
        args: &[CValue],
        pc: usize,
        stack: &[(CValue, Ty)],
    ) -> CValue {
        let slot = self.word_slot();
        let out = self.b.ins().stack_addr(self.ptr, slot, 0);
        let mut all = vec![self.ctx];
        all.extend_from_slice(args);
        all.push(out);
        let status = self.call_helper(helper, &all);
        self.check_raised(status, pc, stack);
        self.b.ins().stack_load(self.ptr, types::I64, slot, 0)
    }

    /// The truth of a value as an i8 0/1 (boxed values through a helper,
    /// True and False inline).
    pub(super) fn truth(
        &mut self,
        (v, t): (CValue, Ty),
        pc: usize,
        stack: &[(CValue, Ty)],
    ) -> CValue {
        if t.is_scalar() {
            return self.truthy(v, t);
        }
        let v = self.boxed((v, t));
        let is_true = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, v, self.rt.true_bits as i64);
        let is_false = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, v, self.rt.false_bits as i64);
        let either = self.b.ins().bor(is_true, is_false);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I64);
        self.b.ins().brif(either, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        // The bools are never freed: the decrement cannot reach zero.
        let n = self.b.ins().load(
            types::I64,
            MemFlagsData::trusted(),
            v,
            layout::REFCNT_OFFSET,
        );
        let n1 = self.b.ins().iadd_imm_s(n, -1);
        self.b
            .ins()
            .store(MemFlagsData::trusted(), n1, v, layout::REFCNT_OFFSET);
        let r = self.b.ins().uextend(types::I64, is_true);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(slow);
        let ctx = self.ctx;
        let r = self.call_helper(Helper::Truthy, &[ctx, v]);
        self.check_raised(r, pc, stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)
    }

    /// In a generic plan, `range` and the inline builtins called in the
    /// call expression `pc..=q` must still be the builtins: checked before
    /// any of it runs (the exit re-runs the whole expression).
    pub(super) fn builtins_guard(&mut self, code: &CodeObject, pc: usize, before: &[(CValue, Ty)]) {
        if !self.plan.generic {
            return;
        }
        // The CALL ending the expression, found as lower_args finds it:
        // nested calls start at a LOAD_GLOBAL and end at the CALL whose
        // arguments start at the depth they started at.
        let depth_at = |q: usize| self.plan.states[q].as_ref().map_or(0, |s| s.stack.len());
        let mut pending: Vec<usize> = Vec::new();
        let mut q = pc + 2;
        while q < code.code.len() {
            match code.code[q] {
                Op::Call(k)
                    if pending
                        .last()
                        .is_some_and(|d| depth_at(q) == d + k as usize) =>
                {
                    pending.pop();
                }
                Op::Call(_) if pending.is_empty() => break,
                Op::LoadGlobal(_) => {
                    pending.push(depth_at(q));
                    q += 1;
                }
                _ => {}
            }
            q += 1;
        }
        for p in pc..=q.min(code.code.len() - 1) {
            if let Op::LoadGlobal(i) = code.code[p]
                && (code.names[i as usize] == "range"
                    || self.plan.builtins.iter().any(|(b, _)| *b as usize == p))
            {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let idx = self.b.ins().iconst(types::I64, i64::from(i));
                let ctx = self.ctx;
                let changed = self.call_helper(Helper::IsBuiltin, &[ctx, codev, idx]);
                let bad = self.b.ins().icmp_imm_s(IntCC::NotEqual, changed, 0);
                self.guard(bad, pc, before);
            }
        }
    }

    pub(super) fn out_of_small_range(&mut self, v: CValue) -> CValue {
        let lo = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, SMALL_MIN);
        let hi = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThan, v, SMALL_MAX);
        self.b.ins().bor(lo, hi)
    }

    pub(super) fn as_f64(&mut self, v: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => v,
            _ => self.b.ins().fcvt_from_sint(types::F64, v),
        }
    }

    pub(super) fn truthy(&mut self, v: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => {
                let z = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::NotEqual, v, z)
            }
            _ => self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0),
        }
    }

    /// A binary operation. `fail` is called with the failure condition: it
    /// either branches to an exit or to a restart.
    pub(super) fn binop(
        &mut self,
        op: BinOp,
        (a, ta): (CValue, Ty),
        (c, tc): (CValue, Ty),
        fail: &mut dyn FnMut(&mut Self, CValue),
    ) -> (CValue, Ty) {
        let int_like = |t: Ty| matches!(t, Ty::Int | Ty::Bool);
        if int_like(ta) && int_like(tc) {
            // Two bools combined by &, | or ^ stay a bool (0 or 1).
            let bits = if ta == Ty::Bool && tc == Ty::Bool {
                Ty::Bool
            } else {
                Ty::Int
            };
            let ins = &mut self.b;
            match op {
                BinOp::Add | BinOp::Sub => {
                    let r = if op == BinOp::Add {
                        ins.ins().iadd(a, c)
                    } else {
                        ins.ins().isub(a, c)
                    };
                    let bad = self.out_of_small_range(r);
                    fail(self, bad);
                    (r, Ty::Int)
                }
                BinOp::Mul => {
                    let (r, of) = ins.ins().smul_overflow(a, c);
                    let range = self.out_of_small_range(r);
                    let bad = self.b.ins().bor(of, range);
                    fail(self, bad);
                    (r, Ty::Int)
                }
                BinOp::FloorDiv | BinOp::Mod => {
                    let zero = ins.ins().icmp_imm_s(IntCC::Equal, c, 0);
                    fail(self, zero);
                    let q = self.b.ins().sdiv(a, c);
                    let r = self.b.ins().srem(a, c);
                    // Python rounds toward negative infinity.
                    let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                    let x = self.b.ins().bxor(r, c);
                    let signs = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    let adjust = self.b.ins().band(rnz, signs);
                    let adj = self.b.ins().uextend(types::I64, adjust);
                    if op == BinOp::FloorDiv {
                        let q2 = self.b.ins().isub(q, adj);
                        let bad = self.out_of_small_range(q2);
                        fail(self, bad);
                        (q2, Ty::Int)
                    } else {
                        let add = self.b.ins().imul(adj, c);
                        (self.b.ins().iadd(r, add), Ty::Int)
                    }
                }
                BinOp::And => (ins.ins().band(a, c), bits),
                BinOp::Or => (ins.ins().bor(a, c), bits),
                BinOp::Xor => (ins.ins().bxor(a, c), bits),
                BinOp::TrueDiv => {
                    // Exact only while both fit in a double's mantissa.
                    let lim = 1i64 << 53;
                    let big = |s: &mut Self, v: CValue| {
                        let hi =
                            s.b.ins()
                                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, v, lim);
                        let lo = s.b.ins().icmp_imm_s(IntCC::SignedLessThanOrEqual, v, -lim);
                        s.b.ins().bor(hi, lo)
                    };
                    let ba = big(self, a);
                    let bc = big(self, c);
                    let zero = self.b.ins().icmp_imm_s(IntCC::Equal, c, 0);
                    let t = self.b.ins().bor(ba, bc);
                    let bad = self.b.ins().bor(t, zero);
                    fail(self, bad);
                    let x = self.b.ins().fcvt_from_sint(types::F64, a);
                    let y = self.b.ins().fcvt_from_sint(types::F64, c);
                    (self.b.ins().fdiv(x, y), Ty::Float)
                }
                _ => unreachable!("rejected by specialize"),
            }
        } else {
            let x = self.as_f64(a, ta);
            let y = self.as_f64(c, tc);
            let r = match op {
                BinOp::Add => self.b.ins().fadd(x, y),
                BinOp::Sub => self.b.ins().fsub(x, y),
                BinOp::Mul => self.b.ins().fmul(x, y),
                BinOp::TrueDiv => {
                    let z = self.b.ins().f64const(0.0);
                    let zero = self.b.ins().fcmp(FloatCC::Equal, y, z);
                    fail(self, zero);
                    self.b.ins().fdiv(x, y)
                }
                BinOp::Pow => {
                    let slot = self.word_slot();
                    let out = self.b.ins().stack_addr(self.ptr, slot, 0);
                    let xw = self.word_of(x, Ty::Float);
                    let yw = self.word_of(y, Ty::Float);
                    let status = self.call_helper(Helper::FloatPow, &[xw, yw, out]);
                    let bad = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::NotEqual, status, helpers::OK);
                    fail(self, bad);
                    let w = self.b.ins().stack_load(self.ptr, types::I64, slot, 0);
                    self.value_of_word(w, Ty::Float)
                }
                _ => unreachable!("rejected by specialize"),
            };
            (r, Ty::Float)
        }
    }

    /// Lowers the argument expressions of a call (loads, constants and
    /// arithmetic, checked by specialize) starting at `q`, up to the CALL
    /// that consumes exactly them. A failure exits at `call_pc` (the call's
    /// LOAD_GLOBAL) with `stack`, the operand stack before the call: the
    /// arguments are pure expressions of the locals, so the interpreter
    /// evaluating the whole call again is exact.
    pub(super) fn lower_args(
        &mut self,
        code: &CodeObject,
        call_pc: usize,
        stack: &[(CValue, Ty)],
    ) -> Result<(Vec<(CValue, Ty)>, usize), String> {
        let mut q = call_pc + 2;
        let mut args: Vec<(CValue, Ty)> = Vec::new();
        // Calls nested in the arguments (inline builtins and compiled
        // functions): the LOAD_GLOBAL offset and the depth their arguments
        // start at.
        let mut pending: Vec<(usize, usize)> = Vec::new();
        loop {
            match code.code[q] {
                Op::Call(k)
                    if pending
                        .last()
                        .is_some_and(|p| args.len() == p.1 + k as usize) =>
                {
                    let (at, depth) = pending.pop().expect("just checked");
                    let inner = args.split_off(depth);
                    let r = if let Some((_, f)) =
                        self.plan.builtins.iter().find(|(p, _)| *p as usize == at)
                    {
                        self.builtin(*f, &inner, call_pc, stack)?
                    } else {
                        let site = self
                            .plan
                            .calls
                            .iter()
                            .find(|c| c.pc as usize == at)
                            .ok_or("nested call site")?;
                        let (ret, words) = (site.ret, site.out_words);
                        let callee = self
                            .callee_refs
                            .iter()
                            .find(|(p, _)| *p as usize == at)
                            .map(|(_, r)| *r)
                            .ok_or("callee reference")?;
                        self.direct_call(callee, &inner, words, ret, call_pc, stack)
                    };
                    args.push(r);
                }
                Op::Call(k) if args.len() == k as usize => return Ok((args, q)),
                Op::LoadGlobal(_) => {
                    pending.push((q, args.len()));
                    q += 2;
                    continue;
                }
                Op::LoadFast(i) => {
                    let t = self.plan.states[q]
                        .as_ref()
                        .and_then(|s| s.locals[i as usize])
                        .ok_or("unbound")?;
                    let v = self.b.use_var(self.vars[i as usize]);
                    args.push((v, t));
                }
                Op::LoadConst(i) => {
                    let c = self.plan.consts[i as usize].ok_or("constant")?;
                    let v = self.constant(c);
                    args.push(v);
                }
                Op::BinaryOp(bop, _) => {
                    let c = args.pop().ok_or("underflow")?;
                    let a = args.pop().ok_or("underflow")?;
                    let r = self.binop(bop, a, c, &mut |s: &mut Self, cond| {
                        s.guard(cond, call_pc, stack)
                    });
                    args.push(r);
                }
                Op::UnaryNegative => {
                    let (a, t) = args.pop().ok_or("underflow")?;
                    if t == Ty::Float {
                        let r = self.b.ins().fneg(a);
                        args.push((r, t));
                    } else {
                        let r = self.b.ins().ineg(a);
                        let bad = self.out_of_small_range(r);
                        self.guard(bad, call_pc, stack);
                        args.push((r, Ty::Int));
                    }
                }
                other => return Err(format!("{other:?} in call arguments")),
            }
            q += 1;
        }
    }

    pub(super) fn compare(
        &mut self,
        op: CmpOp,
        (a, ta): (CValue, Ty),
        (c, tc): (CValue, Ty),
    ) -> CValue {
        let r = if ta == Ty::Int && tc == Ty::Int {
            let cc = match op {
                CmpOp::Lt => IntCC::SignedLessThan,
                CmpOp::Le => IntCC::SignedLessThanOrEqual,
                CmpOp::Eq => IntCC::Equal,
                CmpOp::Ne => IntCC::NotEqual,
                CmpOp::Gt => IntCC::SignedGreaterThan,
                CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
            };
            self.b.ins().icmp(cc, a, c)
        } else {
            // Mixed int/float comparisons stay exact only for ints a double holds.
            let x = self.as_f64(a, ta);
            let y = self.as_f64(c, tc);
            let cc = match op {
                CmpOp::Lt => FloatCC::LessThan,
                CmpOp::Le => FloatCC::LessThanOrEqual,
                CmpOp::Eq => FloatCC::Equal,
                CmpOp::Ne => FloatCC::NotEqual,
                CmpOp::Gt => FloatCC::GreaterThan,
                CmpOp::Ge => FloatCC::GreaterThanOrEqual,
            };
            self.b.ins().fcmp(cc, x, y)
        };
        self.b.ins().uextend(types::I64, r)
    }

    /// A builtin computed inline (types checked by specialize). A failure
    /// exits at the call (`pc`, with the operand stack `before` it).
    pub(super) fn builtin(
        &mut self,
        f: Builtin,
        args: &[(CValue, Ty)],
        pc: usize,
        before: &[(CValue, Ty)],
    ) -> Result<(CValue, Ty), String> {
        match (f, args) {
            (Builtin::Abs, [(v, Ty::Int)]) => {
                // abs of the most negative small int leaves the small range.
                let r = self.b.ins().iabs(*v);
                let bad = self.out_of_small_range(r);
                self.guard(bad, pc, before);
                Ok((r, Ty::Int))
            }
            (Builtin::Abs, [(v, Ty::Float)]) => Ok((self.b.ins().fabs(*v), Ty::Float)),
            (Builtin::Len, [(list, Ty::List(_) | Ty::Tuple(_))]) => {
                let n = self.call_helper(Helper::ListLen, &[*list]);
                let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                self.guard(bad, pc, before);
                Ok((n, Ty::Int))
            }
            (Builtin::Min | Builtin::Max, [(a, Ty::Int), (c, Ty::Int)]) => {
                let r = if f == Builtin::Min {
                    self.b.ins().smin(*a, *c)
                } else {
                    self.b.ins().smax(*a, *c)
                };
                Ok((r, Ty::Int))
            }
            (Builtin::Min | Builtin::Max, [(a, Ty::Float), (c, Ty::Float)]) => {
                // Python keeps the first argument unless the second compares
                // strictly smaller (min) or larger (max): nan and -0.0 follow.
                let cc = if f == Builtin::Min {
                    FloatCC::LessThan
                } else {
                    FloatCC::GreaterThan
                };
                let second = self.b.ins().fcmp(cc, *c, *a);
                Ok((self.b.ins().select(second, *c, *a), Ty::Float))
            }
            _ => Err(format!("{}() of these types reached lowering", f.name())),
        }
    }

    pub(super) fn constant(&mut self, c: ConstVal) -> (CValue, Ty) {
        match c {
            ConstVal::Int(i) => (self.b.ins().iconst(types::I64, i), Ty::Int),
            ConstVal::Bool(b) => (self.b.ins().iconst(types::I64, i64::from(b)), Ty::Bool),
            ConstVal::Obj(bits) => {
                let v = self.b.ins().iconst(types::I64, bits as i64);
                self.incref(v);
                (v, Ty::Obj)
            }
        }
    }
}
