//! Register-preserving trampolines for the helpers loops call on cold
//! paths (see [`PRESERVING`]).

use super::*;

/// Helpers that typed loops call on cold paths (pending work at back-edges,
/// queued finalizers), each behind a trampoline with cranelift's
/// `preserve_all` convention: the call clobbers no register, so values a
/// loop keeps in registers (floats above all, which the C convention does
/// not preserve) need no spills on the hot path. A trampoline cannot return
/// a value: it stores the helper's status in `Ctx::status`.
/// (trampoline, helper)
pub const PRESERVING: [(&str, Helper); 2] = [
    ("egret_jit_run_pending_preserving", Helper::RunPending),
    ("egret_jit_run_finalizers_preserving", Helper::RunFinalizers),
];

/// A trampoline's signature: the context pointer in, nothing out.
pub(super) fn preserving_signature(ptr: Type) -> Signature {
    let mut sig = Signature::new(cranelift_codegen::isa::CallConv::PreserveAll);
    sig.params.push(AbiParam::new(ptr));
    sig
}

/// Defines the `PRESERVING` trampolines in `module` (once, before any
/// compiled function that calls them).
pub fn define_trampolines(
    module: &mut dyn Module,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), String> {
    for (name, target) in PRESERVING {
        let sig = preserving_signature(module.target_config().pointer_type());
        let id = module
            .declare_function(name, cranelift_module::Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        let target_id = declare_helper(module, target)?;
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
