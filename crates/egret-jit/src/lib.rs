//! egret's JIT: turns hot bytecode plus its feedback into machine code.
//!
//! This crate is wired to the interpreter through the runtime's
//! [`egret_runtime::jit::JitHook`]. The code generator (Cranelift) is not
//! built yet: [`Jit::compile`] records which code objects became hot and
//! compiles nothing, so every mode runs in the interpreter and stays correct.

use std::rc::Rc;

use egret_runtime::function::CodeRt;
use egret_runtime::jit::{JitHook, JitMode};

/// The JIT's state for one process.
pub struct Jit {
    mode: JitMode,
    /// Code objects that reached the threshold, by qualified name.
    hot: Vec<String>,
}

impl Jit {
    pub fn new(mode: JitMode) -> Self {
        Jit {
            mode,
            hot: Vec::new(),
        }
    }
}

impl JitHook for Jit {
    fn compile(&mut self, code: &Rc<CodeRt>) -> bool {
        self.hot.push(code.code.qualname.clone());
        false
    }

    fn stats(&self) -> String {
        format!(
            "jit: mode {:?}, {} code objects became hot, 0 compiled (code generation not implemented yet)",
            self.mode,
            self.hot.len()
        )
    }
}
