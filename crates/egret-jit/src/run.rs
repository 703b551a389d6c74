//! Running compiled code from the interpreter: arguments in, results or
//! exits out, the hand-back to the interpreter at an exit, and the native
//! stack and call-depth budget.

use super::*;

impl CompiledCode for Specialized {
    fn invoke(&self, vm: &mut Vm, func: &Value, args: Args<'_>) -> JitOutcome {
        let Some(fd) = func.downcast::<FunctionData>() else {
            return JitOutcome::Declined;
        };
        let code = &self.code.code;
        let nargs = args.as_slice().len();
        if nargs > code.arg_count as usize {
            return JitOutcome::Declined;
        }
        if nargs < code.arg_count as usize || code.kwonly_count > 0 {
            return self.invoke_with_defaults(vm, func, fd, args);
        }
        self.run(vm, func, fd, args)
    }
}

impl Specialized {
    /// Runs compiled code for `func` with a value for every parameter
    /// (positional, then keyword-only).
    pub(crate) fn run(
        &self,
        vm: &mut Vm,
        func: &Value,
        fd: &FunctionData,
        mut args: Args<'_>,
    ) -> JitOutcome {
        let nargs = args.as_slice().len();
        let nparams = (self.code.code.arg_count + self.code.code.kwonly_count) as usize;
        if nargs != nparams {
            return JitOutcome::Declined;
        }
        // Small fixed buffers: this runs on every call of compiled code.
        const MAX_ARGS: usize = 8;
        if nargs > MAX_ARGS {
            return JitOutcome::Declined;
        }
        let mut type_buf = [Ty::Int; MAX_ARGS];
        for (slot, a) in type_buf.iter_mut().zip(args.as_slice()) {
            *slot = entry_type(a);
        }
        let types = &type_buf[..nargs];
        let Some(version) = self.version(types, &fd.globals) else {
            return JitOutcome::Declined;
        };
        if version.restarts.get() >= MAX_RESTARTS {
            return JitOutcome::Declined;
        }
        let version = if version.keeps_deoptimizing() {
            // Recompiled once with wider types; left to the interpreter if
            // that keeps deoptimizing too.
            if version.plan.all_boxed {
                return JitOutcome::Declined;
            }
            match self.widen(types) {
                Some(v) => v,
                None => return JitOutcome::Declined,
            }
        } else {
            version
        };
        let generic = version.plan.generic;
        // A generic plan checks what it relies on where it uses it. The
        // guards of a typed one on global names hold while neither the
        // module's globals nor the builtins changed since they last held.
        if !generic {
            let stamps = (
                dict_stamp(&fd.globals),
                dict_stamp(&vm.builtins_dict),
                func.to_bits(),
            );
            if version.guards_held.get() != Some(stamps) {
                if !self.guards_hold(vm, &version, fd, func) {
                    return JitOutcome::Declined;
                }
                version.guards_held.set(Some(stamps));
            }
        }
        if (generic && vm.depth >= vm.recursion_limit)
            || egret_runtime::vm::stack_remaining() < NATIVE_STACK_RESERVE
        {
            // The interpreter raises RecursionError (or, short of native
            // stack, goes on in frames that do not use it).
            return JitOutcome::Declined;
        }
        // A closure's cells live here while it runs (an exit hands them to
        // the interpreter's frame).
        let cells = self.code.has_cells.then(|| {
            let a = args.as_slice();
            egret_runtime::interp::frame::new_cells(
                &self.code,
                |p| a.get(p).cloned(),
                fd.closure.as_ref(),
            )
        });
        // Boxed arguments the caller's stack gives up are taken (see Args).
        let mut raw = [0i64; MAX_ARGS];
        let none = &egret_runtime::object::types::types().none;
        for (i, t) in types.iter().enumerate() {
            raw[i] = match (&mut args, t) {
                (Args::Given(stack), Ty::Obj) => {
                    deopt::hand_over(std::mem::replace(&mut stack[i], none.clone()))
                }
                (a, t) => unbox(*t, &a.as_slice()[i]).unwrap_or(0),
            };
        }
        // The out buffer is not initialized: compiled code writes the words
        // of the exit it takes (or the result), and only those are read.
        // (Most versions need under 24 words; the stack frame of this
        // function is paid for by every call of compiled code.)
        let mut out_buf = std::mem::MaybeUninit::<[i64; 24]>::uninit();
        let mut out_vec: Vec<i64> = Vec::new();
        let out: *mut i64 = if version.words <= 24 {
            out_buf.as_mut_ptr().cast()
        } else {
            out_vec.reserve_exact(version.words);
            out_vec.as_mut_ptr()
        };
        let budget = call_budget(vm);
        // A generic plan's calls count it as a frame, as the interpreter would.
        if generic {
            vm.depth += 1;
        }
        // A generic plan calls code that may look at its frame
        // (`sys._getframe`): it is an activation in the chain of frames,
        // whose frame, made if asked for, shows the locals the compiled code
        // writes to `spill`.
        // (A word per local, and one per local for flags: see SpillPoint.
        // Not initialized: the compiled code writes every word a spill
        // point reads when it starts.)
        let mut spill_buf = std::mem::MaybeUninit::<[i64; 16]>::uninit();
        let mut spill_vec: Vec<i64> = Vec::new();
        let spill_words = 2 * self.code.nlocals();
        let spill: *mut i64 = if !generic || spill_words <= 16 {
            spill_buf.as_mut_ptr().cast()
        } else {
            spill_vec.reserve_exact(spill_words);
            spill_vec.as_mut_ptr()
        };
        let cells_ptr = cells.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        let ctx = helpers::Ctx::new(vm, &fd.globals, cells_ptr, 0, spill);
        let view = helpers::LiveView {
            ctx: &ctx,
            spills: &version.spills[..],
        };
        let mut activation = generic.then(|| {
            egret_runtime::interp::jit::Activation::new(
                vm,
                &self.code,
                &fd.globals,
                cells.as_deref().unwrap_or(&[]),
                &view as &dyn egret_runtime::interp::jit::LiveFrame as *const _,
            )
        });
        if let Some(a) = &mut activation {
            vm.enter_activation(a);
        }
        let status = (version.entry)(raw.as_ptr(), out, budget, &ctx);
        // The frame made for the call, if something asked for one.
        let mut shadow = None;
        if let Some(a) = &mut activation {
            vm.leave_activation(a);
            shadow = a.take_frame();
        }
        if generic {
            vm.depth -= 1;
        }
        match status {
            RETURNED => {
                if let Some(f) = shadow.take() {
                    vm.release_frame(f);
                }
                version.returns.set(version.returns.get().saturating_add(1));
                // SAFETY: a return writes the result to the first word.
                let result = unsafe { *out };
                JitOutcome::Return(deopt::box_raw(version.plan.return_type, result))
            }
            RESTART => {
                if let Some(f) = shadow.take() {
                    vm.release_frame(f);
                }
                self.backend.borrow_mut().stats.restarts += 1;
                version.restarts.set(version.restarts.get() + 1);
                JitOutcome::Declined
            }
            k => {
                // SAFETY: the exit wrote its words (`ExitMap::words`, at
                // most `version.words`) to the buffer.
                let words = version
                    .exits
                    .get((k - 1) as usize)
                    // SAFETY: see above.
                    .map(|exit| unsafe { std::slice::from_raw_parts(out, exit.words()) });
                self.left(vm, fd, &version, k, words, shadow, cells)
            }
        }
    }

    /// The compiled code left through exit `k`, which wrote `words`: the
    /// interpreter's frame to continue in. (Kept out of `run`, whose stack
    /// frame every call of compiled code pays for.)
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn left(
        &self,
        vm: &mut Vm,
        fd: &FunctionData,
        version: &Version,
        k: i64,
        words: Option<&[i64]>,
        shadow: Option<Box<egret_runtime::interp::frame::Frame>>,
        cells: Option<Vec<Value>>,
    ) -> JitOutcome {
        let (Some(exit), Some(words)) = (version.exits.get((k - 1) as usize), words) else {
            if let Some(f) = shadow {
                vm.release_frame(f);
            }
            return JitOutcome::Declined;
        };
        let (fast, stack) = exit.rebuild(words);
        // The frame that stood for the call becomes the interpreter's, so a
        // frame object made for it follows.
        let mut frame = match shadow {
            Some(f) => Vm::deopt_into(f, fd, exit.pc, fast, stack, cells),
            None => vm.deopt_frame(fd, exit.pc, fast, stack, cells),
        };
        if exit.raised {
            frame.pending = helpers::take_error();
        } else {
            if exit.planned {
                self.backend.borrow_mut().stats.left += 1;
            } else {
                self.backend
                    .borrow_mut()
                    .stats
                    .deopt(&self.code.code.qualname, exit.pc);
            }
            // Either way the call ran partly interpreted.
            version.deopts.set(version.deopts.get().saturating_add(1));
        }
        JitOutcome::Deopt(frame)
    }
}

impl Specialized {
    /// A call that leaves parameters to their defaults: run with the
    /// defaults filled in (keyword-only ones from the keyword defaults),
    /// or declined when one is missing (the interpreter raises TypeError).
    pub(crate) fn invoke_with_defaults(
        &self,
        vm: &mut Vm,
        func: &Value,
        fd: &FunctionData,
        mut args: Args<'_>,
    ) -> JitOutcome {
        let code = &self.code.code;
        let (npos, nkw) = (code.arg_count as usize, code.kwonly_count as usize);
        let given = args.as_slice().len();
        if given > npos {
            return JitOutcome::Declined;
        }
        let mut extra: Vec<Value> = Vec::with_capacity(npos + nkw - given);
        if given < npos {
            let defaults = fd.defaults.borrow();
            let Some(d) = defaults
                .as_ref()
                .and_then(|d| d.downcast::<egret_runtime::objects::tuple::TupleData>())
            else {
                return JitOutcome::Declined;
            };
            let first_default = npos.saturating_sub(d.items.len());
            if given < first_default {
                return JitOutcome::Declined;
            }
            extra.extend(d.items[given - first_default..].iter().cloned());
        }
        if nkw > 0 {
            let kwdefaults = fd.kwdefaults.borrow();
            let Some(kd) = kwdefaults
                .as_ref()
                .and_then(|d| d.downcast::<egret_runtime::objects::dict::DictData>())
            else {
                return JitOutcome::Declined;
            };
            for name in &code.varnames[npos..npos + nkw] {
                match kd.table.borrow().get_str(name) {
                    Some(v) => extra.push(v),
                    None => return JitOutcome::Declined,
                }
            }
        }
        // The given arguments move along when the caller gave them up; they
        // go back if the call is declined (nothing was taken then).
        let none = egret_runtime::object::types::types().none.clone();
        let mut full: Vec<Value> = match &mut args {
            Args::Given(stack) => stack
                .iter_mut()
                .map(|a| std::mem::replace(a, none.clone()))
                .collect(),
            Args::Borrowed(a) => a.to_vec(),
        };
        full.extend(extra);
        let out = self.run(vm, func, fd, Args::Given(&mut full));
        if let (JitOutcome::Declined, Args::Given(stack)) = (&out, &mut args) {
            for (slot, v) in stack.iter_mut().zip(full) {
                *slot = v;
            }
        }
        out
    }
}

/// Native stack compiled code leaves unused: below it, calls run in the
/// interpreter, whose Python-to-Python calls need none, and the frames that
/// exits hand to the interpreter still have room to start.
pub(crate) const NATIVE_STACK_RESERVE: usize = 8 << 20;

/// How deep compiled code may call compiled code directly before it leaves
/// the rest to the interpreter: what the recursion limit allows, and no
/// deeper than the native stack left holds (a compiled frame and what it
/// calls take well under `NATIVE_BYTES_PER_CALL`).
pub(crate) fn call_budget(vm: &Vm) -> i64 {
    const NATIVE_BYTES_PER_CALL: usize = 1024;
    let by_limit = vm.recursion_limit.saturating_sub(vm.depth);
    let by_stack = egret_runtime::vm::stack_remaining().saturating_sub(NATIVE_STACK_RESERVE)
        / NATIVE_BYTES_PER_CALL;
    by_limit.min(by_stack).min(i64::MAX as usize) as i64
}
