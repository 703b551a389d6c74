//! Frame objects: `sys._getframe()`, `f_back`, `tb_frame`.
//!
//! A frame object made for a running frame reads that frame live: its line
//! and locals are the frame's at the moment they are read, as in CPython.
//! When the frame finishes, the object keeps what it had last (its line,
//! its locals and the caller's frame object as `f_back`), which is what
//! CPython's frame objects keep too.
//!
//! A frame object points at its [`Frame`] while the frame is alive; every
//! way a frame ends (`Vm::release_frame`, dropping it) calls [`finish`],
//! which detaches the object first.
//!
//! While compiled code runs a frame, the frame's locals and position are
//! where the compiled code last wrote them (`Frame::live`, see
//! `jit::LiveFrame`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::interp::frame::{Frame, FramePtr};
use crate::object::types::Kind;
use crate::object::types::types;
use crate::object::{Payload, Value};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::{CellData, CodeData, CodeRt};

/// The payload of a `frame` object.
pub struct FrameObjData {
    /// The frame while it is alive; null once it finished.
    frame: Cell<*const Frame>,
    /// None for a traceback entry that has no code.
    pub code: Option<Rc<CodeRt>>,
    pub globals: Value,
    pub builtins: Value,
    done: RefCell<Finished>,
}

impl Payload for FrameObjData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Frame
    }
}

/// What a finished frame's object keeps.
#[derive(Default)]
struct Finished {
    line: u32,
    /// None for the frames of tracebacks, which keep no locals.
    locals: Option<Value>,
    back: Option<Value>,
}

/// The frame object of `f`, made on first use (so asking twice gives the
/// same object, as in CPython).
pub fn object_of(f: &Frame) -> Value {
    if let Some(o) = f.obj.get() {
        return o.clone();
    }
    let o = Value::alloc(
        &types().frame,
        FrameObjData {
            frame: Cell::new(f),
            code: Some(f.code.clone()),
            globals: f.globals.clone(),
            builtins: f.builtins.clone(),
            done: RefCell::new(Finished::default()),
        },
    );
    let _ = f.obj.set(o.clone());
    if let Some(live) = f.live {
        // SAFETY: `live` is set only while the compiled code it describes
        // runs (see jit::LiveFrame).
        unsafe { (*live).escape() };
    }
    o
}

/// The frame object of a finished frame known from a traceback entry.
pub fn finished(code: Option<Rc<CodeRt>>, globals: Value, line: u32) -> Value {
    let t = types();
    Value::alloc(
        &t.frame,
        FrameObjData {
            frame: Cell::new(std::ptr::null()),
            code,
            globals,
            builtins: t.none.clone(),
            done: RefCell::new(Finished {
                line,
                locals: None,
                back: None,
            }),
        },
    )
}

/// The fast locals of `f` as they are now.
pub fn fast_locals(f: &Frame) -> Vec<Option<Value>> {
    match f.live {
        // SAFETY: as in `object_of`.
        Some(live) => unsafe { (*live).fast(&f.fast) },
        None => f.fast.clone(),
    }
}

/// The line `f` is executing.
pub fn line_of(f: &Frame) -> u32 {
    // SAFETY: as in `object_of`.
    let pc = f
        .live
        .and_then(|live| unsafe { (*live).pc() })
        .unwrap_or(f.pc);
    f.line_at(pc)
}

/// `locals()` in `f`, and `f_locals`: the namespace of a module or class
/// body (a module's is its globals); for a function, one dict per frame,
/// brought up to date with the frame's variables each time it is asked for
/// (CPython 3.11's behaviour).
pub fn locals_of(f: &Frame) -> Value {
    if let Some(l) = &f.locals {
        return l.clone();
    }
    if f.code.code.flags & egret_bytecode::flags::OPTIMIZED == 0 {
        return f.globals.clone();
    }
    let d = f
        .locals_dict
        .get_or_init(|| new_dict(DictTable::new()))
        .clone();
    let Some(dd) = d.downcast::<DictData>() else {
        return d;
    };
    let fast = fast_locals(f);
    let code = &f.code.code;
    let mut table = dd.table.borrow_mut();
    for (i, name) in code.varnames.iter().enumerate() {
        if code.cellvars.contains(name) {
            continue;
        }
        match fast.get(i).cloned().flatten() {
            Some(v) => table.set_str(name, v),
            None => {
                table.del_str(name);
            }
        }
    }
    for (i, name) in code.cellvars.iter().chain(code.freevars.iter()).enumerate() {
        let v = f
            .cells
            .get(i)
            .and_then(|c| c.downcast::<CellData>())
            .and_then(|c| c.value.borrow().clone());
        match v {
            Some(v) => table.set_str(name, v),
            None => {
                table.del_str(name);
            }
        }
    }
    drop(table);
    d
}

/// `f` finished running: its frame object, if there is one, keeps the
/// frame's last line and locals. `back_alive` says whether `f.back` is
/// still a live frame (it is right after the frame ran; not when a frame
/// is dropped later).
pub fn finish(f: &mut Frame, back_alive: bool) {
    if let Some(obj) = f.obj.take()
        && let Some(data) = obj.downcast::<FrameObjData>()
    {
        // (When no one else holds the frame object it goes with the
        // frame: what it would keep could never be asked for.)
        if obj.refcount() > 1 {
            let locals = locals_of(f);
            let line = line_of(f);
            let back = if back_alive {
                // SAFETY: the caller says `back` is alive.
                unsafe { f.back.get() }.map(object_of)
            } else {
                None
            };
            *data.done.borrow_mut() = Finished {
                line,
                locals: Some(locals),
                back,
            };
        }
        data.frame.set(std::ptr::null());
    }
    f.locals_dict.take();
}

/// The frame `depth` calls up from `top` (`sys._getframe`).
pub fn nth_frame(top: FramePtr, depth: i64) -> Option<&'static Frame> {
    // SAFETY: `back` links lead from the executing frame to the frames
    // below it, all alive while it runs.
    let mut f = unsafe { top.get() }?;
    for _ in 0..depth.max(0) {
        f = unsafe { f.back.get() }?;
    }
    Some(f)
}

/// The attributes of a frame object.
pub fn attr(obj: &Value, n: &str) -> Option<Value> {
    let t = types();
    let d = obj.downcast::<FrameObjData>()?;
    // SAFETY: non-null only while the frame is alive (see `finish`).
    let live = unsafe { d.frame.get().as_ref() };
    let done = d.done.borrow();
    Some(match n {
        "f_code" => Value::alloc(
            &t.code,
            CodeData {
                code: d.code.clone()?,
            },
        ),
        "f_globals" => d.globals.clone(),
        "f_builtins" => d.builtins.clone(),
        "f_lineno" => crate::objects::int::from_i64(i64::from(live.map_or(done.line, line_of))),
        "f_locals" => match live {
            Some(f) => {
                drop(done);
                locals_of(f)
            }
            None => done.locals.clone()?,
        },
        "f_back" => match live {
            Some(f) => {
                drop(done);
                // SAFETY: as in `nth_frame`.
                unsafe { f.back.get() }.map_or_else(|| t.none.clone(), object_of)
            }
            None => done.back.clone().unwrap_or_else(|| t.none.clone()),
        },
        // egret's instruction offsets are not CPython's: none is given (as
        // for tracebacks' `tb_lasti`), and `inspect` falls back to lines.
        "f_lasti" => crate::objects::int::from_i64(-1),
        // egret does not trace (sys.settrace raises NotImplementedError).
        "f_trace" => t.none.clone(),
        _ => return None,
    })
}

/// `repr(frame)`.
pub fn repr(obj: &Value) -> Option<String> {
    let d = obj.downcast::<FrameObjData>()?;
    let line = attr(obj, "f_lineno")
        .and_then(|l| l.as_small())
        .unwrap_or(0);
    let code = &d.code.as_ref()?.code;
    Some(format!(
        "<frame at {:#x}, file '{}', line {}, code {}>",
        obj.to_bits(),
        code.filename,
        line,
        code.name
    ))
}

/// `frame.clear()`: a running frame cannot be cleared; a finished one
/// lets its locals go.
pub fn clear(vm: &mut crate::vm::Vm, obj: &Value) -> crate::vm::PyResult {
    let Some(d) = obj.downcast::<FrameObjData>() else {
        return Ok(vm.none());
    };
    if !d.frame.get().is_null() {
        return Err(vm.runtime_error("cannot clear an executing frame"));
    }
    let mut done = d.done.borrow_mut();
    if let Some(l) = done.locals.take() {
        done.locals = Some(new_dict(DictTable::new()));
        drop(done);
        drop(l);
    }
    Ok(vm.none())
}
