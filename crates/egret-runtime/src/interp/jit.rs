//! The interface between the interpreter and a JIT compiler.
//!
//! The runtime knows the JIT only through [`JitHook`]; the `egret` binary
//! installs egret-jit's implementation. `--jit=off` installs none.

use std::rc::Rc;

use crate::interp::frame::{Frame, FramePtr};
use crate::object::Value;
use crate::objects::function::CodeRt;
use crate::vm::{PyResult, Vm};

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

/// What a frame run by compiled code shows while that code is suspended in
/// a call: compiled code writes its locals and position where this reads
/// them before every call that can run Python code (`Frame::live`).
pub trait LiveFrame {
    /// The offset after the instruction being executed (as `Frame::pc`),
    /// or None before any was recorded.
    fn pc(&self) -> Option<usize>;
    /// The fast locals; `frame_fast` (the frame's own) gives those the
    /// compiled code does not keep.
    fn fast(&self, frame_fast: &[Option<Value>]) -> Vec<Option<Value>>;
    /// A frame object was made for the frame: the compiled code must leave
    /// for the interpreter before the frame finishes, so that the object
    /// keeps following it.
    fn escape(&self);
}

/// A call run by compiled code, in the chain of executing frames
/// (`Vm::enter_activation`). Its [`Frame`] is made only when something
/// asks for it (`sys._getframe`, `locals()` called through a helper, a
/// callee's `f_back`): most calls never need one. The frame shows the
/// compiled code's locals through `live`, and becomes the interpreter's
/// frame if the compiled code leaves (so a frame object follows the call).
pub struct Activation {
    /// What was executing when the call began.
    pub back: FramePtr,
    code: *const Rc<CodeRt>,
    globals: *const Value,
    builtins: *const Value,
    /// The cells of the call (cellvars, then freevars).
    cells: *const [Value],
    live: *const dyn LiveFrame,
    frame: std::cell::UnsafeCell<Option<Box<Frame>>>,
}

impl Activation {
    /// An activation of `code` with `globals` and `cells`, whose locals
    /// `live` shows. All must outlive it (they belong to the caller of the
    /// compiled code, which keeps the activation on its stack).
    pub fn new(
        vm: &Vm,
        code: &Rc<CodeRt>,
        globals: &Value,
        cells: &[Value],
        live: *const dyn LiveFrame,
    ) -> Activation {
        Activation {
            back: FramePtr::NONE,
            code,
            globals,
            builtins: &vm.builtins_dict,
            cells,
            live,
            frame: std::cell::UnsafeCell::new(None),
        }
    }

    /// The frame standing for the call, made on first use.
    pub(crate) fn frame(&self) -> &Frame {
        // SAFETY: the slot is only written here and by `take_frame` (after
        // the compiled code finished, when no reference from here is in
        // use); the pointers are alive (see `new`).
        unsafe {
            let slot = &mut *self.frame.get();
            slot.get_or_insert_with(|| {
                let mut f = Box::new(Frame::new(
                    (*self.code).clone(),
                    (*self.globals).clone(),
                    (*self.builtins).clone(),
                    None,
                ));
                f.fast.clear();
                f.cells = (*self.cells).to_vec();
                f.live = Some(self.live);
                f.back = self.back;
                f
            })
        }
    }

    /// The frame made for the call, if one was: the compiled code
    /// finished or left, so it no longer shows the compiled code's locals.
    pub fn take_frame(&mut self) -> Option<Box<Frame>> {
        let mut f = self.frame.get_mut().take()?;
        f.live = None;
        Some(f)
    }
}

/// Compiled code attached to a code object (`CodeRt::jitted`).
pub trait CompiledCode {
    /// Runs the function `func` with positional `args`. Arguments given
    /// up by the caller's operand stack (as CPython's CALL gives them up)
    /// may be taken, leaving placeholders the caller drops with its stack,
    /// so that an argument the callee lets go of dies then.
    fn invoke(&self, vm: &mut Vm, func: &Value, args: Args<'_>) -> JitOutcome;
}

/// The positional arguments of a call of compiled code.
pub enum Args<'a> {
    /// Kept by the caller.
    Borrowed(&'a [Value]),
    /// On the caller's operand stack, given up to the call.
    Given(&'a mut [Value]),
}

impl Args<'_> {
    pub fn as_slice(&self) -> &[Value] {
        match self {
            Args::Borrowed(a) => a,
            Args::Given(a) => a,
        }
    }
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

/// What compiled code asks of the interpreter's machinery.
impl Vm {
    /// Whether finalizers, weak-reference callbacks or a collection wait
    /// for the next call or loop back-edge (compiled code runs them there,
    /// as the interpreter does).
    pub fn has_pending_work(&self) -> bool {
        crate::object::finalize::pending()
    }

    /// Where `has_pending_work` is kept (a bool that stays at this address
    /// for the life of the Vm), for compiled code to test it inline.
    pub fn pending_work_flag(&self) -> *const bool {
        crate::object::finalize::work_flag().as_ptr().cast_const()
    }

    /// Whether calling `callable` with `nargs` positional arguments must
    /// happen in an interpreter frame: the builtins that look at their
    /// caller's frame (`locals()`, `globals()`, `vars()`, `dir()`, `eval`,
    /// `exec`, `breakpoint`, `__import__`, zero-argument `super()`).
    pub fn call_needs_frame(&self, callable: &Value, nargs: usize) -> bool {
        let kind = callable.kind();
        if kind == crate::object::types::Kind::Function {
            return false;
        }
        if kind == crate::object::types::Kind::BuiltinFunction
            && let Some(b) = callable.downcast::<crate::objects::function::BuiltinFunctionData>()
        {
            return b.bound.is_none()
                && b.owner.is_none()
                && matches!(b.name.len(), 3..=10)
                && matches!(
                    b.name,
                    "locals"
                        | "globals"
                        | "vars"
                        | "dir"
                        | "eval"
                        | "exec"
                        | "breakpoint"
                        | "__import__"
                )
                && self
                    .builtin_originals
                    .get(b.name)
                    .is_some_and(|o| o.is(callable));
        }
        nargs == 0
            && callable.kind() == crate::object::types::Kind::Type
            && callable.is(&crate::object::types::types().super_)
    }
}

/// A call from compiled code whose arguments it gives up (as CPython's CALL
/// gives up its stack slots): a Python function takes them over, so that
/// an argument it lets go of dies then. The slots are left holding None.
pub fn call_given(vm: &mut Vm, callable: &Value, args: &mut [Value]) -> PyResult {
    call_given_kw(vm, callable, args, &mut [])
}

/// `call_given` with keyword arguments (given up as well).
pub fn call_given_kw(
    vm: &mut Vm,
    callable: &Value,
    args: &mut [Value],
    kwargs: &mut [(Value, Value)],
) -> PyResult {
    stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
        if let Some(fd) = callable.downcast::<crate::objects::function::FunctionData>()
            && fd.code.code.flags & egret_bytecode::flags::SUSPENDS == 0
        {
            if kwargs.is_empty() {
                let jitted = fd.code.jitted.borrow().clone();
                if let Some(cc) = jitted {
                    match cc.invoke(vm, callable, Args::Given(args)) {
                        JitOutcome::Return(v) => return Ok(v),
                        JitOutcome::Deopt(frame) => return vm.run_call_frame(frame),
                        JitOutcome::Declined => {}
                    }
                }
            }
            let frame = vm.bind_frame(callable, fd, args, kwargs)?;
            let none = crate::object::types::types().none.clone();
            for a in args.iter_mut() {
                *a = none.clone();
            }
            for (_, v) in kwargs.iter_mut() {
                *v = none.clone();
            }
            return vm.run_call_frame(frame);
        }
        vm.call(callable, args, kwargs)
    })
}

/// A call from compiled code: like [`Vm::call`], growing the native stack
/// first when it runs low (compiled code calling compiled code through the
/// runtime does not pass through the interpreter loop, which does this).
pub fn call_guarded(
    vm: &mut Vm,
    callable: &Value,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> PyResult {
    stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
        vm.call(callable, args, kwargs)
    })
}
