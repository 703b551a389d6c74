//! The interface between the interpreter and a JIT compiler.
//!
//! The runtime knows the JIT only through [`JitHook`]; the `egret` binary
//! installs egret-jit's implementation. `--jit=off` installs none.

use std::rc::Rc;

use crate::function::CodeRt;
use crate::interp::Frame;
use crate::object::Value;
use crate::vm::Vm;

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

/// What running compiled code produced.
pub enum JitOutcome {
    /// The function returned this value.
    Return(Value),
    /// A guard failed: continue in the interpreter with this frame (its
    /// locals, operand stack and bytecode offset written back by the JIT).
    Deopt(Box<Frame>),
    /// The compiled code does not apply to these arguments (or asked to be
    /// re-run from the start, which is exact because it had no side effects):
    /// interpret the call as usual.
    Declined,
}

/// Compiled code attached to a code object (`CodeRt::jitted`).
pub trait CompiledCode {
    /// Runs the function `func` with positional `args`.
    fn invoke(&self, vm: &mut Vm, func: &Value, args: &[Value]) -> JitOutcome;
}

/// What the interpreter asks of a JIT.
pub trait JitHook {
    /// A code object reached its threshold; the JIT may attach compiled
    /// code to it (`CodeRt::jitted`). Returns whether it did.
    fn compile(&mut self, code: &Rc<CodeRt>) -> bool;
    /// On-stack replacement: `frame` reached the loop header `pc` often
    /// enough. The JIT may run the rest of the frame in compiled code: it
    /// returns the frame's return value, or None after writing the frame's
    /// live values, operand stack and resume offset back (or leaving the
    /// frame untouched when it cannot compile it).
    fn osr(&mut self, vm: &mut Vm, frame: &mut Frame, pc: usize) -> Option<Value>;
    /// Statistics printed at exit with `-X jit-stats`.
    fn stats(&self) -> String;
}
