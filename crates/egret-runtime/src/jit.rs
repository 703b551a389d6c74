//! The interface between the interpreter and a JIT compiler.
//!
//! The runtime knows the JIT only through [`JitHook`]; the `egret` binary
//! installs egret-jit's implementation. `--jit=off` installs none.

use std::rc::Rc;

use crate::function::CodeRt;

/// When code is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitMode {
    /// Interpreter only.
    Off,
    /// Compile at the call/back-edge threshold.
    On,
    /// Compile every function at its first call and loop at its first back-edge.
    Eager,
}

impl JitMode {
    pub fn parse(s: &str) -> Option<JitMode> {
        match s {
            "off" => Some(JitMode::Off),
            "on" => Some(JitMode::On),
            "eager" => Some(JitMode::Eager),
            _ => None,
        }
    }
}

/// What the interpreter asks of a JIT.
pub trait JitHook {
    /// A code object reached its threshold; the JIT may compile it.
    /// Returns whether compiled code now exists for it.
    fn compile(&mut self, code: &Rc<CodeRt>) -> bool;
    /// Statistics printed at exit with `-X jit-stats`.
    fn stats(&self) -> String;
}
