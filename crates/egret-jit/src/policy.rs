//! Tiering policy: when a version is typed, generic, widened (every local
//! boxed) or given up, and the limits behind those choices.

use super::*;

/// The generic plan of a function for `arg_types` (locals widened as
/// needed; operands unboxed where `feedback` saw only numbers).
pub(crate) fn generic_plan(
    code: &egret_bytecode::CodeObject,
    consts: &[Option<ConstVal>],
    arg_types: &[Ty],
    feedback: Vec<u16>,
) -> Result<Plan, String> {
    widening(code.varnames.len(), feedback, |opts| {
        specialize::analyze(
            code,
            consts.to_vec(),
            arg_types,
            Ty::Obj,
            opts,
            &mut |_, _| None,
            &mut |_| None,
        )
    })
}

/// Runs a generic analysis, widening to `Ty::Obj` each local that turns out
/// to hold values of different types, until it succeeds or fails for
/// another reason.
pub(crate) fn widening(
    nlocals: usize,
    feedback: Vec<u16>,
    mut analyze: impl FnMut(&Opts) -> Result<Plan, Reject>,
) -> Result<Plan, String> {
    let mut opts = Opts {
        generic: true,
        forced: vec![false; nlocals],
        feedback,
    };
    loop {
        match analyze(&opts) {
            Ok(plan) => return Ok(plan),
            Err(Reject { widen: Some(i), .. }) if i < nlocals && !opts.forced[i] => {
                opts.forced[i] = true
            }
            Err(e) => return Err(e.msg),
        }
    }
}

/// After this many restarts a version is abandoned: the function is left to
/// the interpreter (re-running from the start must stay rare to stay cheap).
pub(crate) const MAX_RESTARTS: u32 = 8;

/// A version that has left through an exit this often, and on more than a
/// quarter of its calls, is abandoned: the function is left to the
/// interpreter (every exit costs boxing and a frame rebuild).
pub(crate) const MAX_DEOPTS: u32 = 64;

impl Version {
    pub(crate) fn keeps_deoptimizing(&self) -> bool {
        let deopts = self.deopts.get();
        deopts >= MAX_DEOPTS && deopts > self.returns.get() / 4
    }
}

/// How deep compiled code may call other compiled functions.
pub(crate) const MAX_CALL_DEPTH: u32 = 3;
