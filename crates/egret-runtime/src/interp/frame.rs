//! Interpreter frames: the [`Frame`] of one activation, its cells, the
//! chain of executing frames ([`FramePtr`]), and making and recycling
//! frames for calls.

use std::rc::Rc;

use crate::object::Value;
use crate::objects::exceptions::TbEntry;
use crate::objects::function::CodeRt;
use crate::objects::tuple::TupleData;
use crate::vm::{PyErr, Vm};

/// An activation of a code object.
pub struct Frame {
    pub code: Rc<CodeRt>,
    pub pc: usize,
    pub stack: Vec<Value>,
    /// Fast locals (`None` = unbound).
    pub fast: Vec<Option<Value>>,
    /// Cells: the code's cellvars, then its freevars.
    pub cells: Vec<Value>,
    pub globals: Value,
    pub builtins: Value,
    /// The namespace of module and class bodies (`LOAD_NAME`).
    pub locals: Option<Value>,
    /// Set when this frame runs `__init__` for a class call: the instance to
    /// return instead of `__init__`'s None.
    pub init_self: Option<Value>,
    /// An exception to raise as soon as the frame resumes (`generator.throw`).
    pub pending: Option<PyErr>,
    /// What was executing when this frame was entered (`f_back`); none
    /// while a generator's frame is suspended.
    pub back: FramePtr,
    /// The frame object made for this frame (`sys._getframe`), if any.
    pub obj: std::cell::OnceCell<Value>,
    /// The dict `locals()` and `f_locals` give for a function's frame.
    pub locals_dict: std::cell::OnceCell<Value>,
    /// Set while compiled code runs this frame: where its locals and
    /// position are (see `jit::LiveFrame`).
    pub live: Option<*const dyn crate::interp::jit::LiveFrame>,
}

/// How a frame stopped.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// The cells of a call of `code`: fresh cells for its cellvars (holding the
/// parameter of that name, from `param`, where there is one), then the
/// closure's cells for its freevars.
pub fn new_cells(
    code: &CodeRt,
    param: impl Fn(usize) -> Option<Value>,
    closure: Option<&Value>,
) -> Vec<Value> {
    let code = &code.code;
    let mut cells = Vec::with_capacity(code.cellvars.len() + code.freevars.len());
    for (ci, _) in code.cellvars.iter().enumerate() {
        let init = code
            .cell_params
            .iter()
            .find(|(c, _)| *c as usize == ci)
            .and_then(|(_, p)| param(*p as usize));
        cells.push(crate::objects::function::new_cell(init));
    }
    if let Some(cl) = closure
        && let Some(t) = cl.downcast::<TupleData>()
    {
        cells.extend(t.items.iter().cloned());
    }
    cells
}

/// A link in the chain of executing frames (`f_back`): an interpreter
/// frame, a call run by compiled code (`jit::Activation`, whose frame is
/// made when something asks for it), or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FramePtr(usize);

impl Drop for Frame {
    fn drop(&mut self) {
        if self.obj.get().is_some() {
            crate::objects::frameobj::finish(self, false);
        }
    }
}

impl Frame {
    pub fn new(code: Rc<CodeRt>, globals: Value, builtins: Value, locals: Option<Value>) -> Frame {
        let n = code.nlocals();
        Frame {
            stack: Vec::with_capacity(8),
            fast: vec![None; n],
            cells: Vec::new(),
            code,
            pc: 0,
            globals,
            builtins,
            locals,
            init_self: None,
            pending: None,
            back: FramePtr::NONE,
            obj: std::cell::OnceCell::new(),
            locals_dict: std::cell::OnceCell::new(),
            live: None,
        }
    }

    /// The line being executed.
    pub fn line(&self) -> u32 {
        self.line_at(self.pc)
    }

    /// The line of the instruction before offset `pc` (the one being
    /// executed when the frame is at `pc`).
    pub fn line_at(&self, pc: usize) -> u32 {
        let pc = pc.saturating_sub(1);
        self.code.code.lines.get(pc).copied().unwrap_or(0)
    }

    pub(super) fn tb_entry(&self) -> TbEntry {
        TbEntry {
            filename: self.code.code.filename.clone(),
            name: self.code.code.name.as_str().into(),
            line: self.line(),
            code: Some(self.code.clone()),
            globals: Some(self.globals.clone()),
        }
    }

    /// Creates the cells of a function call: fresh cells for cellvars
    /// (initialised from parameters where they are one), then the closure's.
    /// Pads the fast locals (arguments already pushed) to the code's size.
    #[inline]
    pub fn fill_locals(&mut self) {
        let n = self.code.nlocals();
        if self.fast.len() < n {
            self.fast.resize(n, None);
        }
    }

    #[inline]
    pub fn init_cells(&mut self, closure: Option<&Value>) {
        if self.code.has_cells {
            self.make_cells(closure);
        }
    }

    fn make_cells(&mut self, closure: Option<&Value>) {
        let fast = &self.fast;
        self.cells = new_cells(&self.code, |p| fast.get(p).cloned().flatten(), closure);
    }
}

impl FramePtr {
    pub const NONE: FramePtr = FramePtr(0);

    pub fn frame(f: &Frame) -> FramePtr {
        FramePtr(f as *const Frame as usize)
    }

    /// (Tagged with the low bit: both structs are word-aligned.)
    pub fn activation(a: &crate::interp::jit::Activation) -> FramePtr {
        FramePtr(a as *const crate::interp::jit::Activation as usize | 1)
    }

    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// The frame this link stands for, made now for an activation.
    ///
    /// # Safety
    /// The frame or activation is alive: it is executing, or below one
    /// that is (back links of a running frame).
    pub unsafe fn get(self) -> Option<&'static Frame> {
        if self.0 & 1 == 1 {
            let a = (self.0 & !1) as *const crate::interp::jit::Activation;
            // SAFETY: see the function's contract.
            Some(unsafe { (*a).frame() })
        } else {
            // SAFETY: see the function's contract.
            unsafe { (self.0 as *const Frame).as_ref() }
        }
    }
}

impl Vm {
    /// A frame for `code`, reusing a released one when possible. Its fast
    /// locals are left empty: the caller pushes the arguments and then calls
    /// [`Frame::fill_locals`].
    #[inline]
    pub(crate) fn new_frame(
        &mut self,
        code: &Rc<CodeRt>,
        globals: &Value,
        locals: Option<Value>,
    ) -> Box<Frame> {
        match self.frame_pool.pop() {
            Some(mut f) => {
                if !Rc::ptr_eq(&f.code, code) {
                    f.code = code.clone();
                }
                if !f.globals.is(globals) {
                    f.globals = globals.clone();
                }
                f.pc = 0;
                if locals.is_some() {
                    f.locals = locals;
                }
                f
            }
            None => {
                let mut f = Box::new(Frame::new(
                    code.clone(),
                    globals.clone(),
                    self.builtins_dict.clone(),
                    locals,
                ));
                f.fast.clear();
                f
            }
        }
    }

    /// Returns a finished frame to the pool.
    #[inline]
    pub fn release_frame(&mut self, mut f: Box<Frame>) {
        if f.obj.get().is_some() || f.locals_dict.get().is_some() {
            crate::objects::frameobj::finish(&mut f, true);
        }
        f.live = None;
        if self.frame_pool.len() >= 64 {
            return;
        }
        f.stack.clear();
        f.fast.clear();
        if !f.cells.is_empty() {
            f.cells.clear();
        }
        if f.locals.is_some() {
            f.locals = None;
        }
        if f.init_self.is_some() {
            f.init_self = None;
        }
        if f.pending.is_some() {
            f.pending = None;
        }
        self.frame_pool.push(f);
    }

    /// The executing frame (made now if compiled code runs it).
    pub(super) fn current(&self) -> Option<&Frame> {
        // SAFETY: frame_ptr is set by the dispatch loop to a frame it owns,
        // or by compiled code to its activation, and reset when they stop;
        // builtins run only while it is valid.
        unsafe { self.frame_ptr.get() }
    }

    /// The frame `depth` calls up from the executing one (`sys._getframe`).
    pub fn frame_object(&self, depth: i64) -> Option<Value> {
        crate::objects::frameobj::nth_frame(self.frame_ptr, depth)
            .map(crate::objects::frameobj::object_of)
    }

    /// Makes `act`, a call compiled code runs, the executing one.
    pub fn enter_activation(&mut self, act: &mut crate::interp::jit::Activation) {
        act.back = self.frame_ptr;
        self.frame_ptr = FramePtr::activation(act);
    }

    /// Makes what was executing before `act` the executing one again.
    pub fn leave_activation(&mut self, act: &crate::interp::jit::Activation) {
        self.frame_ptr = act.back;
    }
}

/// `push` for the value stack in the dispatch loop. `Vec::push` keeps the
/// value alive across its (rarely taken) growth call, which makes the
/// compiler spill it on every push; here the value moves into an
/// out-of-line function on that path instead.
pub(crate) trait StackPush {
    fn fpush(&mut self, v: Value);
}

impl StackPush for Vec<Value> {
    #[inline(always)]
    fn fpush(&mut self, v: Value) {
        let len = self.len();
        if len < self.capacity() {
            // SAFETY: `len < capacity`: the slot is allocated and unused;
            // it is written before the length covers it.
            unsafe {
                self.as_mut_ptr().add(len).write(v);
                self.set_len(len + 1);
            }
        } else {
            grow_push(self, v);
        }
    }
}

#[cold]
#[inline(never)]
fn grow_push(stack: &mut Vec<Value>, v: Value) {
    stack.push(v);
}
