//! The compiler's output for inspection: the plan and Cranelift IR of a
//! function for any ISA (the filetests), without running it.

use super::*;

/// The constants of a bytecode code object as the compiler sees them.
pub(crate) fn bytecode_consts(code: &egret_bytecode::CodeObject) -> Vec<Option<ConstVal>> {
    use egret_bytecode::Const;
    code.consts
        .iter()
        .map(|c| match c {
            Const::Int(i) if (specialize::SMALL_MIN..=specialize::SMALL_MAX).contains(i) => {
                Some(ConstVal::Int(*i))
            }
            Const::Bool(b) => Some(ConstVal::Bool(*b)),
            _ => None,
        })
        .collect()
}

/// The Cranelift IR of `code` specialized for `arg_types`, verified and
/// compiled for `isa` (any ISA Cranelift supports, not only the host's).
/// Returns the IR text and the machine-code size. Used by the snapshot tests
/// that keep code generation reviewable for x86-64 and aarch64.
pub fn clif_for_isa(
    code: &egret_bytecode::CodeObject,
    arg_types: &[Ty],
    isa: cranelift_codegen::isa::OwnedTargetIsa,
) -> Result<(String, usize), String> {
    let consts = bytecode_consts(code);
    let mut first_error = None;
    let mut plan = None;
    for assumed in [Ty::Int, Ty::Float, Ty::Bool] {
        match specialize::analyze(
            code,
            consts.clone(),
            arg_types,
            assumed,
            &Opts::default(),
            &mut |_, _| None,
            &mut |_| None,
        ) {
            Ok(p) => {
                plan = Some(p);
                break;
            }
            Err(e) => {
                first_error.get_or_insert(e.msg);
            }
        }
    }
    let plan = match plan {
        Some(p) => p,
        // Generic: constants other than numbers are not known here (the
        // plan leaves for the interpreter where it would load one).
        None => generic_plan(code, &consts, arg_types, Vec::new())
            .map_err(|e| format!("{}; generic: {e}", first_error.unwrap_or_default()))?,
    };
    let mut module = JITModule::new(JITBuilder::with_isa(isa.clone(), default_libcall_names()));
    let sig = lower::signature(&module);
    let id = module
        .declare_function(&code.qualname, Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    let mut func = Function::new();
    let mut fctx = FunctionBuilderContext::new();
    // Placeholder addresses: the IR is inspected, never run.
    let rt = lower::Runtime {
        names: vec![0; code.names.len()],
        ..lower::Runtime::default()
    };
    lower::lower(&mut module, id, &[], code, &plan, &rt, &mut func, &mut fctx)?;
    cranelift_codegen::verify_function(&func, &*isa).map_err(|e| format!("verifier: {e}"))?;
    let names: Vec<(u32, String)> = module
        .declarations()
        .get_functions()
        .filter_map(|(fid, d)| d.name.clone().map(|n| (fid.as_u32(), n)))
        .collect();
    let text = plan_summary(code, &plan) + &name_functions(&func.display().to_string(), &names);
    let mut ctx = cranelift_codegen::Context::for_function(func);
    let compiled = ctx
        .compile(&*isa, &mut Default::default())
        .map_err(|e| format!("{:?}", e.inner))?;
    Ok((text, compiled.code_buffer().len()))
}

/// One comment line saying what the plan is: typed or generic, the types
/// of the locals it keeps (by name) and of its result.
pub(crate) fn plan_summary(code: &egret_bytecode::CodeObject, plan: &Plan) -> String {
    let locals: Vec<String> = plan
        .local_types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let name = code.varnames.get(i).map_or("?", |s| s.as_str());
            t.map(|t| format!("{name}: {t:?}"))
        })
        .collect();
    format!(
        ";; plan: {}; locals {}; returns {:?}\n",
        if plan.generic { "generic" } else { "typed" },
        locals.join(", "),
        plan.return_type
    )
}

/// `text` with each reference `u0:N` to a declared function replaced by
/// `%name` (the compiled function itself, the helpers), so that the IR
/// reads without a table of numbers.
pub(crate) fn name_functions(text: &str, names: &[(u32, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("u0:") {
        out.push_str(&rest[..at]);
        let digits: String = rest[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let name = digits
            .parse::<u32>()
            .ok()
            .and_then(|n| names.iter().find(|(id, _)| *id == n));
        match name {
            Some((_, name)) => out.push_str(&format!("%{name}")),
            None => out.push_str(&rest[at..at + 3 + digits.len()]),
        }
        rest = &rest[at + 3 + digits.len()..];
    }
    out.push_str(rest);
    out
}

/// The ISA for a target triple such as `aarch64-unknown-linux-gnu`.
pub fn isa_for(triple: &str) -> Result<cranelift_codegen::isa::OwnedTargetIsa, String> {
    use std::str::FromStr;
    let triple = target_lexicon::Triple::from_str(triple).map_err(|e| e.to_string())?;
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").map_err(|e| e.to_string())?;
    flags.set("is_pic", "false").map_err(|e| e.to_string())?;
    cranelift_codegen::isa::lookup(triple)
        .map_err(|e| e.to_string())?
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())
}
