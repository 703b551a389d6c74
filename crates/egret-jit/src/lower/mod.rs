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
use egret_runtime::object::layout;

use crate::helpers::{self, Helper};
use crate::specialize::{Builtin, ConstVal, Elem, Plan, SMALL_MAX, SMALL_MIN, Ty};

mod emit;
mod generic;
mod trampolines;

use trampolines::preserving_signature;
pub use trampolines::{PRESERVING, define_trampolines};

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
    helper_ids: Vec<FuncId>,
    helper_refs: Vec<(Helper, cranelift_codegen::ir::FuncRef)>,
    /// The `PRESERVING` trampolines declared in the module.
    preserving_ids: Vec<(Helper, FuncId)>,
    preserving_refs: Vec<(Helper, cranelift_codegen::ir::FuncRef)>,
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

/// Declares `helper` in `module` (an import by its symbol name).
fn declare_helper(module: &mut dyn Module, helper: Helper) -> Result<FuncId, String> {
    module
        .declare_function(
            helper.name(),
            cranelift_module::Linkage::Import,
            &helper_signature(helper, module.isa().default_call_conv()),
        )
        .map_err(|e| e.to_string())
}

/// A helper's signature: its arity in i64 words, one i64 out.
fn helper_signature(helper: Helper, call_conv: cranelift_codegen::isa::CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    for _ in 0..helper.arity() {
        sig.params.push(AbiParam::new(types::I64));
    }
    sig.returns.push(AbiParam::new(types::I64));
    sig
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
    let helper_ids = Helper::ALL
        .iter()
        .map(|h| declare_helper(module, *h))
        .collect::<Result<Vec<_>, _>>()?;
    let mut preserving_ids = Vec::new();
    for (name, helper) in PRESERVING {
        let id = module
            .declare_function(
                name,
                cranelift_module::Linkage::Local,
                &preserving_signature(ptr),
            )
            .map_err(|e| e.to_string())?;
        preserving_ids.push((helper, id));
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
        preserving_refs: Vec::new(),
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
                let at = stack.len() - k as usize;
                if stack[at].1 == Ty::Float {
                    // Both uses see one object (see specialize's rule).
                    stack[at] = (l.boxed(stack[at]), Ty::Obj);
                }
                let v = stack[at];
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
                let len = l.call_helper(Helper::ListLen, &[seq.0]);
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
                let status = l.call_helper(Helper::ListStore, &[list.0, index.0, kind, w]);
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
