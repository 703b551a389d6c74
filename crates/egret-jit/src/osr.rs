//! On-stack replacement: the loops compiled to be entered mid-function,
//! keyed by where and with what types they were entered.

use super::*;

/// A loop compiled for on-stack replacement, keyed by where and how it was entered.
pub(crate) struct OsrEntry {
    /// Keeps the code object (and so its address in the key) alive.
    pub(crate) _code: Rc<CodeRt>,
    pub(crate) pc: usize,
    pub(crate) locals: Vec<Option<Ty>>,
    pub(crate) stack: Vec<Ty>,
    pub(crate) steps: Vec<(u32, i64)>,
    pub(crate) version: Option<Rc<Version>>,
}

/// The `for` loops enclosing `pc` (the offsets of their GET_ITER), outermost
/// first.
pub(crate) fn enclosing_for_loops(code: &egret_bytecode::CodeObject, pc: usize) -> Vec<u32> {
    code.code
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op {
            egret_bytecode::Op::ForIter(exit) if i <= pc && (*exit as usize) > pc => {
                // Named by their GET_ITER, as the analysis names the range
                // iterators it makes (the same loop run again meets it).
                let get_iter = i
                    .checked_sub(1)
                    .filter(|&g| matches!(code.code[g], egret_bytecode::Op::GetIter));
                Some(get_iter.unwrap_or(i) as u32)
            }
            _ => None,
        })
        .collect()
}
