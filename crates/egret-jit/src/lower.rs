//! Lowering a [`Plan`] to Cranelift IR.
//!
//! Every compiled function has the signature
//! `fn(args: *const i64, out: *mut i64, budget: i64) -> i64`: raw argument
//! words in, a status out (see deopt.rs). Locals are Cranelift variables of
//! their unboxed type; the operand stack is abstract (SSA values), and is
//! empty at every block boundary. Each operation that can fail in Python
//! (overflow out of the small-int range, division by zero) is guarded: the
//! guard's exit stores the live values and returns the exit's number, and the
//! interpreter re-executes that instruction generically.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    Type, types,
};
use cranelift_codegen::ir::{Function, UserFuncName};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::{FuncId, Module};
use egret_bytecode::{BinOp, CmpOp, CodeObject, Flow, Op};

use crate::deopt::{ExitMap, RETURNED, SpillPoint, UNBOUND, flagged, maybe_words};
use crate::helpers;
use crate::specialize::{Builtin, ConstVal, Elem, Plan, SMALL_MAX, SMALL_MIN, Ty};

type CValue = cranelift_codegen::ir::Value;

/// The signature shared by all compiled functions: arguments, out buffer,
/// recursion budget, and the context generic helpers need (`helpers::Ctx`).
pub fn signature(module: &dyn Module) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(ptr));
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(ptr));
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

/// Helpers that loops call on cold paths (pending work at back-edges,
/// queued finalizers), each behind a trampoline with cranelift's
/// `preserve_all` convention: the call clobbers no register, so values a
/// loop keeps in registers (floats above all, which the C convention does
/// not preserve) need no spills on the hot path. A trampoline cannot return
/// a value: it stores the helper's status in `Ctx::status`.
/// (trampoline, helper)
pub const PRESERVING: [(&str, &str); 2] = [
    ("egret_jit_run_pending_preserving", "egret_jit_run_pending"),
    (
        "egret_jit_run_finalizers_preserving",
        "egret_jit_run_finalizers",
    ),
];

/// A trampoline's signature: the context pointer in, nothing out.
fn preserving_signature(module: &dyn Module) -> Signature {
    let mut sig = Signature::new(cranelift_codegen::isa::CallConv::PreserveAll);
    sig.params
        .push(AbiParam::new(module.target_config().pointer_type()));
    sig
}

/// Defines the `PRESERVING` trampolines in `module` (once, before any
/// compiled function that calls them).
pub fn define_trampolines(
    module: &mut dyn Module,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), String> {
    let ptr = module.target_config().pointer_type();
    for (name, target) in PRESERVING {
        let sig = preserving_signature(module);
        let id = module
            .declare_function(name, cranelift_module::Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        let mut target_sig = module.make_signature();
        target_sig.params.push(AbiParam::new(ptr));
        target_sig.returns.push(AbiParam::new(types::I64));
        let target_id = module
            .declare_function(target, cranelift_module::Linkage::Import, &target_sig)
            .map_err(|e| e.to_string())?;
        let mut func = Function::with_name_signature(UserFuncName::user(0, id.as_u32()), sig);
        let target_ref = module.declare_func_in_func(target_id, &mut func);
        let mut b = FunctionBuilder::new(&mut func, fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let ctx = b.block_params(entry)[0];
        let call = b.ins().call(target_ref, &[ctx]);
        let status = b.inst_results(call)[0];
        b.ins()
            .store(MemFlagsData::trusted(), status, ctx, helpers::CTX_STATUS);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(module.target_config());
        let mut cctx = cranelift_codegen::Context::for_function(func);
        module
            .define_function(id, &mut cctx)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn clif_type(t: Ty) -> Type {
    match t {
        Ty::Float => types::F64,
        Ty::Int | Ty::Bool | Ty::RangeIter(_) | Ty::List(_) | Ty::Tuple(_) | Ty::Obj => types::I64,
    }
}

/// Run-time addresses generic plans embed: the code object being compiled,
/// its names as interned str objects, and the two bools. All stay alive as
/// long as the code object (which owns the compiled code).
#[derive(Clone, Debug, Default)]
pub struct Runtime {
    pub code: u64,
    pub names: Vec<u64>,
    pub true_bits: u64,
    pub false_bits: u64,
    /// The `AttrSite` of each LOAD_ATTR, LOAD_METHOD and STORE_ATTR, by offset.
    pub attr_sites: Vec<(usize, u64)>,
    /// The float type, and where a float object keeps its value.
    pub float_type: u64,
    pub float_payload: i32,
}

/// The bits of a reference count that count (object.rs keeps two flags above).
const REFCOUNT_MASK: i64 = !((1 << 62) | (1 << 61));

struct Lowerer<'a, 'b> {
    b: FunctionBuilder<'a>,
    plan: &'b Plan,
    vars: Vec<Variable>,
    /// Per unboxed float or bool local: 1 while it is bound (see
    /// `deopt::flagged`; other unboxed locals hold `deopt::UNBOUND` then).
    flags: Vec<Option<Variable>>,
    out: CValue,
    budget: CValue,
    exits: Vec<ExitMap>,
    /// Words an exit may write (sizes the caller's out buffer).
    max_words: usize,
    self_ref: Option<cranelift_codegen::ir::FuncRef>,
    /// Per call site (LOAD_GLOBAL offset): the callee's function reference.
    callee_refs: Vec<(u32, cranelift_codegen::ir::FuncRef)>,
    ptr: Type,
    /// Per range loop (GET_ITER offset): the current and stop values.
    ranges: Vec<(u32, Variable, Variable, i64)>,
    call_conv: cranelift_codegen::isa::CallConv,
    /// Runtime helpers (helpers.rs) declared in the module, by name, and
    /// imported into this function on first use.
    helper_ids: Vec<(&'static str, FuncId, usize)>,
    helper_refs: Vec<(&'static str, cranelift_codegen::ir::FuncRef)>,
    /// The `PRESERVING` trampolines declared in the module.
    preserving_ids: Vec<(&'static str, FuncId)>,
    /// The `helpers::Ctx` pointer.
    ctx: CValue,
    /// The address of the interpreter's work flag (`Ctx::work`).
    work_flag: CValue,
    rt: &'b Runtime,
    /// The instruction being lowered.
    pc: usize,
    /// A generic plan's spill area (`Ctx::spill`), and its spill points.
    spill_base: Option<CValue>,
    spills: Vec<SpillPoint>,
    /// Per offset, the locals some path to it may have bound.
    may_be_bound: Vec<Vec<bool>>,
    /// Set when the instruction being lowered may have dropped a last
    /// reference (a decrement, a helper, a call): finalizers it queued run
    /// after it, as in the interpreter (see `run_finalizers_if_queued`).
    may_release: bool,
}

/// Per offset of `code`, the locals that may be bound there: bound at the
/// entry of `plan` or assigned on some path from it (and not deleted
/// since). Exits and spills keep the unboxed ones the analysis does not
/// know to be bound only if they may be.
fn may_be_bound(code: &CodeObject, plan: &Plan) -> Vec<Vec<bool>> {
    let n = code.code.len();
    let entry: Vec<bool> = plan.entry_types.iter().map(Option::is_some).collect();
    let mut at: Vec<Option<Vec<bool>>> = vec![None; n + 1];
    let mut work = vec![(plan.entry_pc, entry)];
    while let Some((pc, mut bound)) = work.pop() {
        if pc >= n {
            continue;
        }
        match &mut at[pc] {
            Some(old) => {
                let mut grew = false;
                for (o, b) in old.iter_mut().zip(&bound) {
                    if *b && !*o {
                        *o = true;
                        grew = true;
                    }
                }
                if !grew {
                    continue;
                }
                bound.clone_from(old);
            }
            slot => *slot = Some(bound.clone()),
        }
        let op = code.code[pc];
        match op {
            Op::StoreFast(i) => bound[i as usize] = true,
            Op::DeleteFast(i) => bound[i as usize] = false,
            _ => {}
        }
        if let Some(t) = op.jump_target() {
            work.push((t as usize, bound.clone()));
        }
        if matches!(op.flow(), Flow::Next | Flow::Branch) {
            work.push((pc + 1, bound));
        }
    }
    let nlocals = plan.local_types.len();
    at.into_iter()
        .map(|b| b.unwrap_or_else(|| vec![false; nlocals]))
        .collect()
}

/// Helpers that never run Python code (finalizers wait for the
/// interpreter's next instruction, or a loop's back-edge): no spill
/// before them.
const RUNS_NO_PYTHON: &[&str] = &[
    "egret_jit_float_pow",
    "egret_jit_list_load",
    "egret_jit_list_store",
    "egret_jit_list_len",
    "egret_jit_tuple_load",
    "egret_jit_decref",
    "egret_jit_box_float",
    "egret_jit_is_builtin",
    "egret_jit_load_deref",
    "egret_jit_store_deref",
    "egret_jit_make_function",
];

impl Lowerer<'_, '_> {
    /// The raw i64 word of a typed value.
    fn word_of(&mut self, v: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => self.b.ins().bitcast(types::I64, MemFlagsData::new(), v),
            _ => v,
        }
    }

    fn value_of_word(&mut self, w: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => self.b.ins().bitcast(types::F64, MemFlagsData::new(), w),
            _ => w,
        }
    }

    /// Branches to a deoptimization exit for instruction `pc` when `cond` is
    /// true; `operands` are the values the instruction had on the stack.
    fn guard(&mut self, cond: CValue, pc: usize, stack: &[(CValue, Ty)]) {
        let exit = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(cond, exit, &[], cont, &[]);
        self.b.switch_to_block(exit);
        self.emit_exit(pc, stack);
        self.b.switch_to_block(cont);
    }

    /// Stores the live state at `pc` and returns that exit's number.
    fn emit_exit(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc, stack, false);
    }

    /// Leaves for the interpreter at `pc` on purpose (the end of a loop
    /// compiled alone, an instruction not compiled).
    fn leave(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc, stack, false);
        if let Some(e) = self.exits.last_mut() {
            e.planned = true;
        }
    }

    /// Leaves after the instruction at `pc` raised (its operands consumed):
    /// the interpreter resumes with the exception pending there.
    fn raise_exit(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        self.emit_exit_at(pc, pc + 1, stack, true);
    }

    /// Branches to `raise_exit` when a helper's `status` says it raised.
    fn check_raised(&mut self, status: CValue, pc: usize, stack: &[(CValue, Ty)]) {
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
    fn emit_exit_at(
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
    fn direct_call(
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

    /// Calls the helper `helper` with the context through its `PRESERVING`
    /// trampoline; returns its status.
    fn call_preserving(&mut self, helper: &'static str) -> CValue {
        let (name, _) = *PRESERVING
            .iter()
            .find(|(_, h)| *h == helper)
            .expect("a preserving helper");
        let fref = match self.helper_refs.iter().find(|(n, _)| *n == name) {
            Some((_, r)) => *r,
            None => {
                let (_, id) = *self
                    .preserving_ids
                    .iter()
                    .find(|(n, _)| *n == name)
                    .expect("declared trampoline");
                let mut sig = Signature::new(cranelift_codegen::isa::CallConv::PreserveAll);
                sig.params.push(AbiParam::new(self.ptr));
                let sig_ref = self.b.import_signature(sig);
                let user = self.b.func.declare_imported_user_function(
                    cranelift_codegen::ir::UserExternalName {
                        namespace: 0,
                        index: id.as_u32(),
                    },
                );
                let r = self.b.import_function(cranelift_codegen::ir::ExtFuncData {
                    name: cranelift_codegen::ir::ExternalName::User(user),
                    signature: sig_ref,
                    colocated: false,
                    patchable: false,
                });
                self.helper_refs.push((name, r));
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

    /// Calls the runtime helper `name` (see helpers.rs) with `args`.
    fn call_helper(&mut self, name: &'static str, args: &[CValue]) -> CValue {
        let fref = match self.helper_refs.iter().find(|(n, _)| *n == name) {
            Some((_, r)) => *r,
            None => {
                let (_, id, nargs) = *self
                    .helper_ids
                    .iter()
                    .find(|(n, _, _)| *n == name)
                    .expect("declared helper");
                let mut sig = Signature::new(self.call_conv);
                for _ in 0..nargs {
                    sig.params.push(AbiParam::new(types::I64));
                }
                sig.returns.push(AbiParam::new(types::I64));
                let sig_ref = self.b.import_signature(sig);
                let user = self.b.func.declare_imported_user_function(
                    cranelift_codegen::ir::UserExternalName {
                        namespace: 0,
                        index: id.as_u32(),
                    },
                );
                let r = self.b.import_function(cranelift_codegen::ir::ExtFuncData {
                    name: cranelift_codegen::ir::ExternalName::User(user),
                    signature: sig_ref,
                    colocated: false,
                    patchable: false,
                });
                self.helper_refs.push((name, r));
                r
            }
        };
        if !RUNS_NO_PYTHON.contains(&name) {
            self.spill_locals();
            self.may_release = true;
        }
        if name == "egret_jit_decref" {
            self.may_release = true;
        }
        let call = self.b.ins().call(fref, args);
        self.b.inst_results(call)[0]
    }

    /// The type of each local an exit or spill at `pc` writes: the bound
    /// ones, and every boxed one (0 when unbound).
    fn live_locals(&self, pc: usize) -> Vec<Option<Ty>> {
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
    fn maybe_locals(&self, pc: usize, locals: &[Option<Ty>]) -> Vec<(usize, Ty)> {
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
    fn spill_locals(&mut self) {
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
    fn set_local(&mut self, i: usize, v: CValue) {
        self.b.def_var(self.vars[i], v);
        if self.spill_base.is_some() {
            let t = self.plan.local_types[i].unwrap_or(Ty::Int);
            let w = self.word_of(v, t);
            self.spill_word(i, w);
        }
    }

    /// Writes word `slot` of the spill area (a local's value at `i`, its
    /// flag at `nlocals + i`), in a generic plan.
    fn spill_word(&mut self, slot: usize, w: CValue) {
        if let Some(base) = self.spill_base {
            self.b
                .ins()
                .store(MemFlagsData::trusted(), w, base, (8 * slot) as i32);
        }
    }

    /// Sets whether the unboxed local `i` is bound (see `flags`), in the
    /// spill area too.
    fn set_flag(&mut self, i: usize, bound: bool) {
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
    fn escape_check(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
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
    fn load_item(
        &mut self,
        (seq, ty): (CValue, Ty),
        index: CValue,
        pc: usize,
        operands: &[(CValue, Ty)],
    ) -> Result<(CValue, Ty), String> {
        let (helper, elem) = match ty {
            Ty::List(e) => ("egret_jit_list_load", e),
            Ty::Tuple(e) => ("egret_jit_tuple_load", e),
            _ => return Err("subscript of a non-sequence reached lowering".into()),
        };
        let slot = self.word_slot();
        let out = self.b.ins().stack_addr(self.ptr, slot, 0);
        let kind = self.b.ins().iconst(
            types::I64,
            match elem {
                Elem::Int => helpers::KIND_INT,
                Elem::Float => helpers::KIND_FLOAT,
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
    fn word_slot(&mut self) -> cranelift_codegen::ir::StackSlot {
        self.words_slot(1)
    }

    fn words_slot(&mut self, n: usize) -> cranelift_codegen::ir::StackSlot {
        self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            (8 * n.max(1)) as u32,
            3,
        ))
    }

    /// Whether `v` is a pointer to an object (not 0, not a small int).
    fn is_object(&mut self, v: CValue) -> CValue {
        let tag = self.b.ins().band_imm_s(v, 1);
        let untagged = self.b.ins().icmp_imm_s(IntCC::Equal, tag, 0);
        let nonnull = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0);
        self.b.ins().band(untagged, nonnull)
    }

    /// Takes a reference to the object `v` stands for, if any.
    fn incref(&mut self, v: CValue) {
        let obj = self.is_object(v);
        let inc = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(obj, inc, &[], cont, &[]);
        self.b.switch_to_block(inc);
        let n = self.b.ins().load(types::I64, MemFlagsData::trusted(), v, 0);
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        self.b.ins().store(MemFlagsData::trusted(), n1, v, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Gives up the reference `v` holds, if any: inline unless it is the
    /// last one (the helper frees the object).
    fn decref(&mut self, v: CValue) {
        let obj = self.is_object(v);
        let dec = self.b.create_block();
        let last = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(obj, dec, &[], cont, &[]);
        self.b.switch_to_block(dec);
        let n = self.b.ins().load(types::I64, MemFlagsData::trusted(), v, 0);
        let count = self.b.ins().band_imm_s(n, REFCOUNT_MASK);
        let more = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, count, 1);
        let fast = self.b.create_block();
        self.b.ins().brif(more, fast, &[], last, &[]);
        self.b.switch_to_block(fast);
        let n1 = self.b.ins().iadd_imm_s(n, -1);
        self.b.ins().store(MemFlagsData::trusted(), n1, v, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(last);
        self.call_helper("egret_jit_decref", &[v]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// An owned boxed value for `v` of type `t`.
    fn boxed(&mut self, (v, t): (CValue, Ty)) -> CValue {
        match t {
            Ty::Obj => v,
            Ty::Int => {
                let s = self.b.ins().ishl_imm_s(v, 1);
                self.b.ins().bor_imm_s(s, 1)
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
                self.call_helper("egret_jit_box_float", &[w])
            }
            Ty::List(_) | Ty::Tuple(_) => {
                self.incref(v);
                v
            }
            Ty::RangeIter(_) => unreachable!("specialize never boxes a range iterator"),
        }
    }

    /// Gives up a value of the operand stack.
    fn discard(&mut self, (v, t): (CValue, Ty)) {
        if t == Ty::Obj {
            self.decref(v);
        }
    }

    /// Gives up every boxed local (the function returns).
    fn release_locals(&mut self) {
        for (i, t) in self.plan.local_types.iter().enumerate() {
            if *t == Some(Ty::Obj) {
                let v = self.b.use_var(self.vars[i]);
                self.decref(v);
            }
        }
    }

    /// A helper writing one word to an out slot; a raise exits after `pc`
    /// with `stack`. Returns the word.
    fn call_out(
        &mut self,
        name: &'static str,
        args: &[CValue],
        pc: usize,
        stack: &[(CValue, Ty)],
    ) -> CValue {
        let slot = self.word_slot();
        let out = self.b.ins().stack_addr(self.ptr, slot, 0);
        let mut all = vec![self.ctx];
        all.extend_from_slice(args);
        all.push(out);
        let status = self.call_helper(name, &all);
        self.check_raised(status, pc, stack);
        self.b.ins().stack_load(self.ptr, types::I64, slot, 0)
    }

    /// The truth of a value as an i8 0/1 (boxed values through a helper,
    /// True and False inline).
    fn truth(&mut self, (v, t): (CValue, Ty), pc: usize, stack: &[(CValue, Ty)]) -> CValue {
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
        let n = self.b.ins().load(types::I64, MemFlagsData::trusted(), v, 0);
        let n1 = self.b.ins().iadd_imm_s(n, -1);
        self.b.ins().store(MemFlagsData::trusted(), n1, v, 0);
        let r = self.b.ins().uextend(types::I64, is_true);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(slow);
        let ctx = self.ctx;
        let r = self.call_helper("egret_jit_truthy", &[ctx, v]);
        self.check_raised(r, pc, stack);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0)
    }

    /// In a generic plan, `range` and the inline builtins called in the
    /// call expression `pc..=q` must still be the builtins: checked before
    /// any of it runs (the exit re-runs the whole expression).
    fn builtins_guard(&mut self, code: &CodeObject, pc: usize, before: &[(CValue, Ty)]) {
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
                let changed = self.call_helper("egret_jit_is_builtin", &[ctx, codev, idx]);
                let bad = self.b.ins().icmp_imm_s(IntCC::NotEqual, changed, 0);
                self.guard(bad, pc, before);
            }
        }
    }

    fn out_of_small_range(&mut self, v: CValue) -> CValue {
        let lo = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, SMALL_MIN);
        let hi = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThan, v, SMALL_MAX);
        self.b.ins().bor(lo, hi)
    }

    fn as_f64(&mut self, v: CValue, t: Ty) -> CValue {
        match t {
            Ty::Float => v,
            _ => self.b.ins().fcvt_from_sint(types::F64, v),
        }
    }

    fn truthy(&mut self, v: CValue, t: Ty) -> CValue {
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
    fn binop(
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
                    let status = self.call_helper("egret_jit_float_pow", &[xw, yw, out]);
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
    fn lower_args(
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

    fn compare(&mut self, op: CmpOp, (a, ta): (CValue, Ty), (c, tc): (CValue, Ty)) -> CValue {
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
    fn builtin(
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
                let n = self.call_helper("egret_jit_list_len", &[*list]);
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

    fn constant(&mut self, c: ConstVal) -> (CValue, Ty) {
        match c {
            ConstVal::Int(i) => (self.b.ins().iconst(types::I64, i), Ty::Int),
            ConstVal::Float(f) => (self.b.ins().f64const(f), Ty::Float),
            ConstVal::Bool(b) => (self.b.ins().iconst(types::I64, i64::from(b)), Ty::Bool),
            ConstVal::Obj(bits) => {
                let v = self.b.ins().iconst(types::I64, bits as i64);
                self.incref(v);
                (v, Ty::Obj)
            }
        }
    }
}

impl Lowerer<'_, '_> {
    /// Lowers the instruction at `pc` by the generic rules (specialize's
    /// `Generic`): boxed values and runtime helpers. Returns whether it
    /// ended the block.
    fn generic_op(
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
                let r = self.call_out("egret_jit_binary", &[opv, a, c], pc, stack);
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
                let r = self.call_out("egret_jit_compare", &[opv, a, c], pc, stack);
                stack.push(obj(r));
            }
            Op::BinarySubscr => {
                let key = pop(stack)?;
                let container = pop(stack)?;
                let (container, key) = (self.boxed(container), self.boxed(key));
                let r = self.call_out("egret_jit_getitem", &[container, key], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreSubscr => {
                let key = pop(stack)?;
                let container = pop(stack)?;
                let value = pop(stack)?;
                let (value, container, key) =
                    (self.boxed(value), self.boxed(container), self.boxed(key));
                let ctx = self.ctx;
                let status = self.call_helper("egret_jit_setitem", &[ctx, value, container, key]);
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
                let r = self.call_out("egret_jit_unary", &[kind, a], pc, stack);
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
                let status = self.call_helper("egret_jit_unpack", &[ctx, seq, nv, out]);
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
                let r = self.call_out("egret_jit_load_global", &[codev, idx], pc, stack);
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
                let r = self.call_out("egret_jit_getattr", &[o, name, site], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreAttr(i) => {
                let o = pop(stack)?;
                let v = pop(stack)?;
                let (o, v) = (self.boxed(o), self.boxed(v));
                let name = self.name(i)?;
                let ctx = self.ctx;
                let site = self.attr_site(pc);
                let status = self.call_helper("egret_jit_setattr", &[ctx, o, name, v, site]);
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
                let status = self.call_helper("egret_jit_load_method", &[ctx, o, name, site, out]);
                self.check_raised(status, pc, stack);
                for k in 0..2 {
                    let v = self.b.ins().stack_load(self.ptr, types::I64, slot, 8 * k);
                    stack.push(obj(v));
                }
            }
            Op::Call(n) => {
                let at = stack.len() - (n as usize + 2);
                self.call_through("egret_jit_call", n, at, pc, stack);
            }
            Op::BuildTuple(n) | Op::BuildList(n) => {
                let kind = i64::from(matches!(code.code[pc], Op::BuildList(_)));
                let at = stack.len() - n as usize;
                let items: Vec<(CValue, Ty)> = stack.split_off(at);
                let (argv, _) = self.boxed_words(items);
                let nv = self.b.ins().iconst(types::I64, i64::from(n));
                let kv = self.b.ins().iconst(types::I64, kind);
                let r = self.call_helper("egret_jit_build", &[argv, nv, kv]);
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
                let r = self.call_out("egret_jit_build_op", &[kv, av, argv, nv], pc, stack);
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
                let status =
                    self.call_helper("egret_jit_container_add", &[ctx, kv, container, a, b]);
                self.check_raised(status, pc, stack);
            }
            Op::CallKw(n) => {
                let at = stack.len() - (n as usize + 3);
                self.call_through("egret_jit_call_kw", n, at, pc, stack);
            }
            Op::LoadName(i) => {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let r = self.call_out("egret_jit_load_name", &[codev, iv], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreName(i) => {
                let v = pop(stack)?;
                let v = self.boxed(v);
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let ctx = self.ctx;
                let status = self.call_helper("egret_jit_store_name", &[ctx, codev, iv, v]);
                self.check_raised(status, pc, stack);
            }
            Op::LoadDeref(i) => {
                let codev = self.b.ins().iconst(types::I64, self.rt.code as i64);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let r = self.call_out("egret_jit_load_deref", &[codev, iv], pc, stack);
                stack.push(obj(r));
            }
            Op::StoreDeref(i) => {
                let v = pop(stack)?;
                let v = self.boxed(v);
                let iv = self.b.ins().iconst(types::I64, i64::from(i));
                let ctx = self.ctx;
                self.call_helper("egret_jit_store_deref", &[ctx, iv, v]);
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
                let r = self.call_out("egret_jit_make_function", &[fv, argv], pc, stack);
                stack.push(obj(r));
            }
            Op::GetIter => {
                let o = pop(stack)?;
                let o = self.boxed(o);
                let r = self.call_out("egret_jit_get_iter", &[o], pc, stack);
                stack.push(obj(r));
            }
            Op::ForIter(t) => {
                let (it, _) = *stack.last().ok_or("iterator")?;
                let slot = self.word_slot();
                let out = self.b.ins().stack_addr(self.ptr, slot, 0);
                let ctx = self.ctx;
                let status = self.call_helper("egret_jit_for_iter", &[ctx, it, out]);
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
                let r = self.call_helper("egret_jit_contains", &[ctx, item, container]);
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
    fn convert(&mut self, target_pc: usize, vals: &[(CValue, Ty)]) -> Vec<BlockArg> {
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
    fn needs_convert(&self, target_pc: usize, vals: &[(CValue, Ty)]) -> bool {
        self.plan.states[target_pc].as_ref().is_some_and(|s| {
            s.stack
                .iter()
                .zip(vals)
                .any(|(w, (_, t))| *w == Ty::Obj && *t != Ty::Obj)
        })
    }

    /// Jumps to the block of `target_pc` with `vals`.
    fn jump_to(
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
    fn branch(
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
    fn unbox_operands(
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
                    let ty = self.b.ins().load(types::I64, MemFlagsData::trusted(), v, 8);
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
                    let tag = self.b.ins().band_imm_s(v, 1);
                    let untagged = self.b.ins().icmp_imm_s(IntCC::Equal, tag, 0);
                    self.guard(untagged, pc, operands);
                    out[k] = (self.b.ins().sshr_imm_s(v, 1), Ty::Int);
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
    fn branch_on_work_flag(&mut self) -> (Block, Block) {
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
    fn run_finalizers_if_queued(&mut self) {
        if !std::mem::take(&mut self.may_release) {
            return;
        }
        let (run, cont) = self.branch_on_work_flag();
        self.b.switch_to_block(run);
        self.call_preserving("egret_jit_run_finalizers");
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
        self.may_release = false;
    }

    /// Runs waiting finalizers, callbacks and signal handlers if there are
    /// any (a flag read through the context). When a signal handler raised
    /// (`KeyboardInterrupt`), the code leaves for the interpreter before
    /// the instruction at `pc`, which raises it there.
    fn run_pending_work(&mut self, pc: usize, stack: &[(CValue, Ty)]) {
        let (run, cont) = self.branch_on_work_flag();
        self.b.switch_to_block(run);
        let status = self.call_preserving("egret_jit_run_pending");
        let raised = self
            .b
            .ins()
            .icmp_imm_s(IntCC::NotEqual, status, helpers::OK);
        self.guard(raised, pc, stack);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The address of the attribute cache of the instruction at `pc`.
    fn attr_site(&mut self, pc: usize) -> CValue {
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
    fn boxed_words(&mut self, items: Vec<(CValue, Ty)>) -> (CValue, Vec<(CValue, Ty)>) {
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
    fn call_through(
        &mut self,
        name: &'static str,
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
        let status = self.call_helper(name, &[ctx, argv, nv, out]);
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
    fn name(&mut self, i: u32) -> Result<CValue, String> {
        let bits = *self.rt.names.get(i as usize).ok_or("name")?;
        Ok(self.b.ins().iconst(types::I64, bits as i64))
    }
}

fn block_args(stack: &[(CValue, Ty)]) -> Vec<BlockArg> {
    stack.iter().map(|(v, _)| BlockArg::Value(*v)).collect()
}

/// Lowers `plan` for `code` into `func`; returns the exits.
pub fn lower(
    module: &mut dyn Module,
    func_id: FuncId,
    callee_ids: &[(u32, FuncId)],
    code: &CodeObject,
    plan: &Plan,
    rt: &Runtime,
    func: &mut Function,
    ctx: &mut FunctionBuilderContext,
) -> Result<(Vec<ExitMap>, usize, Vec<SpillPoint>), String> {
    *func =
        Function::with_name_signature(UserFuncName::user(0, func_id.as_u32()), signature(module));
    let ptr = module.target_config().pointer_type();
    let frontend_config = module.target_config();
    let self_ref = if plan.self_calls {
        Some(module.declare_func_in_func(func_id, func))
    } else {
        None
    };
    let callee_refs: Vec<(u32, cranelift_codegen::ir::FuncRef)> = callee_ids
        .iter()
        .map(|(pc, id)| (*pc, module.declare_func_in_func(*id, func)))
        .collect();
    let mut helper_ids = Vec::new();
    for (name, _, nargs) in helpers::symbols() {
        let mut sig = module.make_signature();
        for _ in 0..nargs {
            sig.params.push(AbiParam::new(types::I64));
        }
        sig.returns.push(AbiParam::new(types::I64));
        let id = module
            .declare_function(name, cranelift_module::Linkage::Import, &sig)
            .map_err(|e| e.to_string())?;
        helper_ids.push((name, id, nargs));
    }
    let mut preserving_ids = Vec::new();
    for (name, _) in PRESERVING {
        let id = module
            .declare_function(
                name,
                cranelift_module::Linkage::Local,
                &preserving_signature(module),
            )
            .map_err(|e| e.to_string())?;
        preserving_ids.push((name, id));
    }
    let call_conv = module.isa().default_call_conv();
    let mut b = FunctionBuilder::new(func, ctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let (args, out, budget, ctx_ptr) = (params[0], params[1], params[2], params[3]);
    // The work flag's address is fixed while the code runs: read it once
    // here, so each check is one load.
    let work_flag = b
        .ins()
        .load(ptr, MemFlagsData::trusted(), ctx_ptr, helpers::CTX_WORK);
    let vars: Vec<Variable> = plan
        .local_types
        .iter()
        .map(|t| b.declare_var(clif_type(t.unwrap_or(Ty::Int))))
        .collect();
    let flags: Vec<Option<Variable>> = plan
        .local_types
        .iter()
        .map(|t| t.filter(|t| flagged(*t)).map(|_| b.declare_var(types::I64)))
        .collect();
    // Locals the entry state tracks are loaded from the argument buffer in
    // order (a widened local boxes its word below); the others start as
    // zero (numbers are assigned before use; 0 is an unbound boxed local).
    let mut word = 0usize;
    let mut to_box = Vec::new();
    for (i, var) in vars.iter().enumerate() {
        let t = plan.local_types[i].unwrap_or(Ty::Int);
        let v = if let Some(et) = plan.entry_types[i] {
            let w = b
                .ins()
                .load(types::I64, MemFlagsData::trusted(), args, (8 * word) as i32);
            word += 1;
            if t == Ty::Obj && et != Ty::Obj {
                to_box.push((i, et));
            }
            match et {
                Ty::Float if t == Ty::Float => b.ins().bitcast(types::F64, MemFlagsData::new(), w),
                _ => w,
            }
        } else {
            match t {
                Ty::Float => b.ins().f64const(0.0),
                Ty::Obj | Ty::Bool => b.ins().iconst(types::I64, 0),
                _ => b.ins().iconst(types::I64, UNBOUND),
            }
        };
        b.def_var(*var, v);
        if let Some(flag) = flags[i] {
            let bound = b
                .ins()
                .iconst(types::I64, i64::from(plan.entry_types[i].is_some()));
            b.def_var(flag, bound);
        }
    }
    let mut ranges = Vec::new();
    for (site, step) in &plan.range_steps {
        let cur = b.declare_var(types::I64);
        let stop = b.declare_var(types::I64);
        let zero = b.ins().iconst(types::I64, 0);
        b.def_var(cur, zero);
        b.def_var(stop, zero);
        ranges.push((*site, cur, stop, *step));
    }
    let n = code.code.len();
    // Values on the operand stack at a block start arrive as block parameters.
    let blocks: Vec<Option<Block>> = (0..=n)
        .map(|pc| {
            (pc < n && plan.block_starts[pc] && plan.states[pc].is_some()).then(|| {
                let blk = b.create_block();
                for t in &plan.states[pc].as_ref().expect("reachable").stack {
                    b.append_block_param(blk, clif_type(*t));
                }
                blk
            })
        })
        .collect();
    let mut l = Lowerer {
        b,
        plan,
        vars,
        flags,
        out,
        budget,
        exits: Vec::new(),
        max_words: 1,
        self_ref,
        callee_refs,
        ptr,
        ranges,
        call_conv,
        helper_ids,
        helper_refs: Vec::new(),
        preserving_ids,
        ctx: ctx_ptr,
        work_flag,
        rt,
        pc: 0,
        spill_base: None,
        spills: Vec::new(),
        may_be_bound: may_be_bound(code, plan),
        may_release: false,
    };
    if plan.generic {
        let base =
            l.b.ins()
                .load(ptr, MemFlagsData::trusted(), ctx_ptr, helpers::CTX_SPILL);
        l.spill_base = Some(base);
        // The locals' words and flags as they start.
        let n = l.vars.len();
        for i in 0..n {
            if let Some(t) = plan.local_types[i] {
                let v = l.b.use_var(l.vars[i]);
                let w = l.word_of(v, t);
                l.spill_word(i, w);
            }
            if let Some(flag) = l.flags[i] {
                let f = l.b.use_var(flag);
                l.spill_word(n + i, f);
            }
        }
    }
    for (i, et) in to_box {
        let w = l.b.use_var(l.vars[i]);
        let v = l.value_of_word(w, et);
        let boxed = l.boxed((v, et));
        l.set_local(i, boxed);
    }
    let first = blocks[plan.entry_pc].expect("entry is reachable");
    let mut entry_args = Vec::new();
    for t in &plan.entry_state.stack {
        match t {
            Ty::RangeIter(site) => {
                let (_, cur, stop, _) = *l
                    .ranges
                    .iter()
                    .find(|r| r.0 == *site)
                    .ok_or("entry range site")?;
                for var in [cur, stop] {
                    let w = l.b.ins().load(
                        types::I64,
                        MemFlagsData::trusted(),
                        args,
                        (8 * word) as i32,
                    );
                    word += 1;
                    l.b.def_var(var, w);
                }
                entry_args.push(BlockArg::Value(l.b.ins().iconst(types::I64, 0)));
            }
            t => {
                let w =
                    l.b.ins()
                        .load(types::I64, MemFlagsData::trusted(), args, (8 * word) as i32);
                word += 1;
                let v = l.value_of_word(w, *t);
                entry_args.push(BlockArg::Value(v));
            }
        }
    }
    l.b.ins().jump(first, &entry_args);
    let mut stack: Vec<(CValue, Ty)> = Vec::new();
    let mut terminated = true;
    let mut pc = 0;
    while pc < n {
        if plan.states[pc].is_none() {
            pc += 1;
            terminated = true;
            continue;
        }
        if let Some(blk) = blocks[pc] {
            if !terminated {
                l.jump_to(&blocks, pc, &stack)?;
            }
            l.b.switch_to_block(blk);
            let params = l.b.block_params(blk).to_vec();
            let tys = &plan.states[pc].as_ref().expect("reachable").stack;
            stack = params.into_iter().zip(tys.iter().copied()).collect();
            terminated = false;
            if plan.region_exits[pc] || plan.bail[pc] {
                l.leave(pc, &stack.clone());
                terminated = true;
                pc += 1;
                continue;
            }
        } else if terminated {
            pc += 1;
            continue;
        }
        let op = code.code[pc];
        l.pc = pc;
        l.may_release = false;
        let pop = |s: &mut Vec<(CValue, Ty)>| s.pop().ok_or_else(|| "stack underflow".to_string());
        if plan.generic_at[pc] {
            if l.generic_op(code, pc, &mut stack, &blocks)? {
                terminated = true;
            } else {
                l.run_finalizers_if_queued();
            }
            pc += 1;
            continue;
        }
        match op {
            Op::Nop => {}
            Op::PopTop => {
                let v = pop(&mut stack)?;
                l.discard(v);
            }
            Op::Copy(k) => {
                let v = stack[stack.len() - k as usize];
                if v.1 == Ty::Obj {
                    l.incref(v.0);
                }
                stack.push(v);
            }
            Op::Swap(k) => {
                let len = stack.len();
                stack.swap(len - 1, len - k as usize);
            }
            Op::LoadConst(i) => {
                let c = plan.consts[i as usize].ok_or("constant")?;
                let v = l.constant(c);
                stack.push(v);
            }
            Op::LoadFast(i) => {
                let t = plan.states[pc]
                    .as_ref()
                    .and_then(|s| s.locals[i as usize])
                    .ok_or("unbound")?;
                let v = l.b.use_var(l.vars[i as usize]);
                if t == Ty::Obj {
                    l.incref(v);
                }
                stack.push((v, t));
            }
            Op::StoreFast(i) => {
                let v = pop(&mut stack)?;
                if plan.local_types[i as usize] == Some(Ty::Obj) {
                    let boxed = l.boxed(v);
                    let old = l.b.use_var(l.vars[i as usize]);
                    l.set_local(i as usize, boxed);
                    l.decref(old);
                } else {
                    l.set_local(i as usize, v.0);
                    l.set_flag(i as usize, true);
                }
            }
            Op::BinaryOp(bop, _) => {
                let c = pop(&mut stack)?;
                let a = pop(&mut stack)?;
                let operands = [stack.clone(), vec![a, c]].concat();
                let (a, c) = l.unbox_operands(pc, a, c, &operands);
                // The unboxed operands: unbox_operands released the boxes, so
                // an exit of the operation itself boxes them afresh.
                let operands = [stack.clone(), vec![a, c]].concat();
                let r = l.binop(bop, a, c, &mut |s: &mut Lowerer, cond| {
                    s.guard(cond, pc, &operands)
                });
                stack.push(r);
            }
            Op::CompareOp(cop) => {
                let c = pop(&mut stack)?;
                let a = pop(&mut stack)?;
                let (a, c) = {
                    let operands = [stack.clone(), vec![a, c]].concat();
                    l.unbox_operands(pc, a, c, &operands)
                };
                if a.1 != c.1 {
                    // An int compared with a float: exact through a double
                    // only while the int has at most 53 significant bits.
                    let operands = [stack.clone(), vec![a, c]].concat();
                    let int = if a.1 == Ty::Int { a.0 } else { c.0 };
                    let lim = 1i64 << 53;
                    let hi = l.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, int, lim);
                    let lo = l.b.ins().icmp_imm_s(IntCC::SignedLessThan, int, -lim);
                    let big = l.b.ins().bor(hi, lo);
                    l.guard(big, pc, &operands);
                }
                let r = l.compare(cop, a, c);
                stack.push((r, Ty::Bool));
            }
            Op::UnaryNegative => {
                let (a, t) = pop(&mut stack)?;
                if t == Ty::Float {
                    let r = l.b.ins().fneg(a);
                    stack.push((r, t));
                } else {
                    let operands = [stack.clone(), vec![(a, t)]].concat();
                    let r = l.b.ins().ineg(a);
                    let bad = l.out_of_small_range(r);
                    l.guard(bad, pc, &operands);
                    stack.push((r, Ty::Int));
                }
            }
            Op::UnaryNot => {
                let (a, t) = pop(&mut stack)?;
                let tr = l.truthy(a, t);
                let one = l.b.ins().iconst(types::I8, 1);
                let not = l.b.ins().bxor(tr, one);
                let r = l.b.ins().uextend(types::I64, not);
                stack.push((r, Ty::Bool));
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let (v, ty) = pop(&mut stack)?;
                let c = l.truthy(v, ty);
                let (jump, fall) = ((t as usize, &stack[..]), (pc + 1, &stack[..]));
                if matches!(op, Op::PopJumpIfTrue(_)) {
                    l.branch(c, &blocks, jump, fall)?;
                } else {
                    l.branch(c, &blocks, fall, jump)?;
                }
                terminated = true;
            }
            Op::Jump(t) | Op::JumpBackward(t) => {
                if matches!(op, Op::JumpBackward(_)) {
                    // Finalizers, callbacks and signal handlers waiting run
                    // at a back-edge, as in the interpreter.
                    l.run_pending_work(pc, &stack);
                }
                l.jump_to(&blocks, t as usize, &stack)?;
                terminated = true;
            }
            Op::BinarySubscr => {
                let index = pop(&mut stack)?;
                let seq = pop(&mut stack)?;
                let operands = [stack.clone(), vec![seq, index]].concat();
                let v = l.load_item(seq, index.0, pc, &operands)?;
                stack.push(v);
            }
            Op::UnpackSequence(n) => {
                let seq = pop(&mut stack)?;
                let operands = [stack.clone(), vec![seq]].concat();
                // Exactly n items, or the interpreter raises ValueError.
                let len = l.call_helper("egret_jit_list_len", &[seq.0]);
                let bad = l.b.ins().icmp_imm_s(IntCC::NotEqual, len, n as i64);
                l.guard(bad, pc, &operands);
                let mut items = Vec::new();
                for k in 0..n {
                    let index = l.b.ins().iconst(types::I64, k as i64);
                    items.push(l.load_item(seq, index, pc, &operands)?);
                }
                // The first item ends on top.
                stack.extend(items.into_iter().rev());
            }
            Op::StoreSubscr => {
                let index = pop(&mut stack)?;
                let list = pop(&mut stack)?;
                let value = pop(&mut stack)?;
                let operands = [stack.clone(), vec![value, list, index]].concat();
                let kind = match value.1 {
                    Ty::Int => helpers::KIND_INT,
                    Ty::Float => helpers::KIND_FLOAT,
                    Ty::Bool => helpers::KIND_BOOL,
                    _ => return Err("store of a non-number reached lowering".into()),
                };
                let kind = l.b.ins().iconst(types::I64, kind);
                let w = l.word_of(value.0, value.1);
                let status = l.call_helper("egret_jit_list_store", &[list.0, index.0, kind, w]);
                let bad = l.b.ins().icmp_imm_s(IntCC::NotEqual, status, helpers::OK);
                l.guard(bad, pc, &operands);
            }
            Op::ReturnValue => {
                l.escape_check(pc, &stack.clone());
                let (v, t) = pop(&mut stack)?;
                let w = if plan.return_type == Ty::Obj {
                    l.boxed((v, t))
                } else {
                    l.word_of(v, t)
                };
                for e in std::mem::take(&mut stack) {
                    l.discard(e);
                }
                l.release_locals();
                l.b.ins().store(MemFlagsData::trusted(), w, l.out, 0);
                let s = l.b.ins().iconst(types::I64, RETURNED);
                l.b.ins().return_(&[s]);
                terminated = true;
            }
            Op::LoadGlobal(i) if code.names[i as usize] == "range" => {
                // range(args) feeding GET_ITER (checked by specialize).
                l.builtins_guard(code, pc, &stack.clone());
                let (args, q) = l.lower_args(code, pc, &stack.clone())?;
                let site = (q + 1) as u32;
                let (_, cur, stop, _) =
                    *l.ranges.iter().find(|r| r.0 == site).ok_or("range site")?;
                let (start_v, stop_v) = if args.len() == 1 {
                    (l.b.ins().iconst(types::I64, 0), args[0].0)
                } else {
                    (args[0].0, args[1].0)
                };
                // The counter is an unboxed int between the bounds: both
                // must be small ints, or the interpreter runs the loop.
                let low = l.out_of_small_range(start_v);
                let high = l.out_of_small_range(stop_v);
                let bad = l.b.ins().bor(low, high);
                l.guard(bad, pc, &stack.clone());
                l.b.def_var(cur, start_v);
                l.b.def_var(stop, stop_v);
                let dummy = l.b.ins().iconst(types::I64, 0);
                stack.push((dummy, Ty::RangeIter(site)));
                pc = q + 2;
                continue;
            }
            Op::ForIter(t) => {
                let Some((_, Ty::RangeIter(site))) = stack.last().copied() else {
                    return Err("ForIter without a range iterator".into());
                };
                let (_, cur, stop, step) =
                    *l.ranges.iter().find(|r| r.0 == site).ok_or("range site")?;
                let c = l.b.use_var(cur);
                let s = l.b.use_var(stop);
                let more = if step > 0 {
                    l.b.ins().icmp(IntCC::SignedLessThan, c, s)
                } else {
                    l.b.ins().icmp(IntCC::SignedGreaterThan, c, s)
                };
                let nextv = l.b.ins().iadd_imm_s(c, step);
                l.b.def_var(cur, nextv);
                let mut body_vals = stack.clone();
                body_vals.push((c, Ty::Int));
                let exit_vals = stack[..stack.len() - 1].to_vec();
                l.branch(
                    more,
                    &blocks,
                    (pc + 1, &body_vals),
                    (t as usize, &exit_vals),
                )?;
                terminated = true;
            }
            Op::LoadGlobal(_) if plan.builtins.iter().any(|(p, _)| *p as usize == pc) => {
                let (_, builtin) = *plan
                    .builtins
                    .iter()
                    .find(|(p, _)| *p as usize == pc)
                    .expect("just found");
                let before = stack.clone();
                l.builtins_guard(code, pc, &before);
                let (args, q) = l.lower_args(code, pc, &before)?;
                let r = l.builtin(builtin, &args, pc, &before)?;
                stack.push(r);
                pc = q + 1;
                continue;
            }
            Op::LoadGlobal(_) if plan.global_consts.iter().any(|(p, _)| *p as usize == pc) => {
                let (_, c) = *plan
                    .global_consts
                    .iter()
                    .find(|(p, _)| *p as usize == pc)
                    .expect("just found");
                let v = l.constant(c);
                stack.push(v);
            }
            Op::LoadGlobal(_) => {
                // A call of a compiled function (checked by specialize):
                // LOAD_GLOBAL, PUSH_NULL, args, CALL.
                let site = plan.calls.iter().find(|c| c.pc as usize == pc);
                let nargs = site.map_or(plan.arg_types.len(), |c| c.arg_types.len());
                let call_ret = site.map_or(plan.return_type, |c| c.ret);
                let callee_ref = match site {
                    Some(_) => l
                        .callee_refs
                        .iter()
                        .find(|(p, _)| *p as usize == pc)
                        .map(|(_, r)| *r)
                        .ok_or("callee reference")?,
                    None => l.self_ref.ok_or("self reference")?,
                };
                let before = stack.clone();
                let (args, q) = l.lower_args(code, pc, &before)?;
                let words = nargs.max(site.map_or(0, |c| c.out_words));
                let r = l.direct_call(callee_ref, &args, words, call_ret, pc, &before);
                stack.push(r);
                // The callee released its locals.
                l.may_release = plan.generic;
                l.run_finalizers_if_queued();
                pc = q + 1;
                continue;
            }
            other @ (Op::DeleteFast(_)
            | Op::StoreGlobal(_)
            | Op::DeleteGlobal(_)
            | Op::LoadName(_)
            | Op::StoreName(_)
            | Op::DeleteName(_)
            | Op::LoadDeref(_)
            | Op::StoreDeref(_)
            | Op::DeleteDeref(_)
            | Op::LoadClassDeref(_)
            | Op::LoadClosure(_)
            | Op::LoadAttr(_)
            | Op::StoreAttr(_)
            | Op::DeleteAttr(_)
            | Op::LoadMethod(_)
            | Op::PushNull
            | Op::Call(_)
            | Op::CallKw(_)
            | Op::CallEx(_)
            | Op::UnaryPositive
            | Op::UnaryInvert
            | Op::IsOp(_)
            | Op::ContainsOp(_)
            | Op::DeleteSubscr
            | Op::BuildSlice(_)
            | Op::BuildTuple(_)
            | Op::BuildList(_)
            | Op::BuildSet(_)
            | Op::BuildMap(_)
            | Op::BuildString(_)
            | Op::ListAppend(_)
            | Op::SetAdd(_)
            | Op::MapAdd(_)
            | Op::ListExtend(_)
            | Op::SetUpdate(_)
            | Op::DictUpdate(_)
            | Op::DictMerge(_)
            | Op::ListToTuple
            | Op::FormatValue(_)
            | Op::UnpackEx(_)
            | Op::GetIter
            | Op::GetYieldFromIter
            | Op::GetAwaitable(_)
            | Op::GetAIter
            | Op::GetANext
            | Op::EndAsyncFor
            | Op::BeforeAsyncWith
            | Op::AsyncGenWrap
            | Op::Send(_)
            | Op::JumpIfFalseOrPop(_)
            | Op::JumpIfTrueOrPop(_)
            | Op::YieldValue
            | Op::MakeFunction(_)
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
                return Err(format!("{other:?} reached lowering"));
            }
        }
        if !terminated {
            l.run_finalizers_if_queued();
        }
        pc += 1;
    }
    if !terminated {
        return Err("falls off the end".into());
    }
    let exits = std::mem::take(&mut l.exits);
    let max_words = l.max_words;
    l.b.seal_all_blocks();
    l.b.finalize(frontend_config);
    let spills = std::mem::take(&mut l.spills);
    Ok((exits, max_words, spills))
}
