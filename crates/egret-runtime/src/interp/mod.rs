//! The bytecode interpreter: frames and the dispatch loop.
//!
//! Python-to-Python calls do not recurse on the Rust stack: `CALL` of a plain
//! function pushes a new [`Frame`] onto the loop's own frame stack and the
//! loop continues in it (CPython 3.11 does the same). Calls that go through
//! native code (a builtin calling back into Python, `__init__` from a class
//! call, ...) enter [`Vm::run_frame`] again; those nested entries grow the
//! native stack on demand with `stacker`, so deep recursion ends in
//! `RecursionError`, never in a crash.
//!
//! Exceptions unwind through the code object's exception table; every frame
//! an exception leaves adds a traceback entry.

pub mod eval;
pub mod fast;
pub mod frame;
pub mod jit;

use std::rc::Rc;

use egret_bytecode::{Op, flags};

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictData, DictTable};
use crate::objects::exceptions::ExceptionData;
use crate::objects::function::{
    BuiltinFunctionData, CellData, CodeData, CodeRt, FunctionData, feedback_bit,
};
use crate::objects::list::ListData;
use crate::objects::str::StrData;
use crate::objects::tuple::TupleData;
use crate::vm::{PyErr, PyResult, Vm, py_bool};
use fast::{compare_fast, float_fast, small_int_fast};
use frame::{Exit, Frame, FramePtr, StackPush};

macro_rules! pop {
    ($f:expr) => {
        $f.stack.pop().expect("value stack underflow")
    };
}

impl Vm {
    /// Runs a frame to completion (or to its next `yield`), growing the
    /// native stack when nested calls get deep.
    pub fn run_frame(&mut self, mut frame: Box<Frame>) -> (PyResult<Exit>, Box<Frame>) {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            let saved = self.frame_ptr;
            frame.back = saved;
            let (r, mut frame) = self.run_loop(frame);
            self.frame_ptr = saved;
            if matches!(r, Ok(Exit::Yield(_))) {
                // A suspended generator's frame has no caller.
                frame.back = FramePtr::NONE;
            }
            (r, frame)
        })
    }

    /// Runs a function-call frame and returns its value.
    pub fn run_call_frame(&mut self, frame: Box<Frame>) -> PyResult {
        if self.depth >= self.recursion_limit || crate::vm::stack_exhausted() {
            return Err(self.err(
                &types().exc.recursion_error,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        let (r, frame) = self.run_frame(frame);
        self.depth -= 1;
        self.release_frame(frame);
        match r? {
            Exit::Return(v) => Ok(v),
            Exit::Yield(_) => Err(self.runtime_error("yield outside generator")),
        }
    }

    fn record_tb(&self, err: &PyErr, f: &Frame) {
        let filename: &str = &f.code.code.filename;
        if filename.starts_with('<') && crate::modules::LAYER_FILENAMES.contains(&filename) {
            return;
        }
        if let Some(d) = err.data() {
            d.traceback.borrow_mut().push(f.tb_entry());
        }
    }

    fn set_context(&self, err: &PyErr) {
        if self.exc_info.is(&types().none) || self.exc_info.is(&err.exc) {
            return;
        }
        if let Some(d) = err.data()
            && d.context.borrow().is_none()
        {
            // As CPython: a context chain that leads back to the new
            // exception is cut there, so no new cycle forms; a cycle the
            // chain already has is detected (a slower walker meets the
            // faster one) and left alone.
            let context_of = |x: &Value| {
                x.downcast::<ExceptionData>()
                    .and_then(|d| d.context.borrow().clone())
            };
            let mut o = self.exc_info.clone();
            let mut slow = o.clone();
            let mut toggle = false;
            while let Some(c) = context_of(&o) {
                if c.is(&err.exc) {
                    if let Some(od) = o.downcast::<ExceptionData>() {
                        *od.context.borrow_mut() = None;
                    }
                    break;
                }
                o = c;
                if o.is(&slow) {
                    break;
                }
                if toggle {
                    slow = context_of(&slow).unwrap_or_else(|| slow.clone());
                }
                toggle = !toggle;
            }
            *d.context.borrow_mut() = Some(self.exc_info.clone());
        }
    }

    #[allow(clippy::cognitive_complexity)]
    fn run_loop(&mut self, entry: Box<Frame>) -> (PyResult<Exit>, Box<Frame>) {
        let t = types();
        let mut f = entry;
        let mut parents: Vec<Box<Frame>> = Vec::new();
        self.frame_ptr = FramePtr::frame(&f);
        macro_rules! tri {
            ($e:expr, $label:lifetime) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => break $label(e, false),
                }
            };
        }
        let mut thrown = f.pending.take();
        // The executing code's instructions, refreshed whenever `f` changes.
        let mut ops: Rc<[Op]> = f.code.ops.clone();
        // The index of the next instruction of `f`, kept in a local (a
        // register) so that dispatch does not reload it from the frame;
        // `f.pc` is written beside it, for everything that reads a frame's
        // position (tracebacks, frame objects, the exception table).
        // Refreshed from `f.pc` whenever `f` changes or the loop restarts.
        let mut next_pc: usize;
        // Makes `$new` the executing frame (an inline Python-to-Python call).
        macro_rules! enter_frame {
            ($new:expr, $label:lifetime) => {{
                if self.depth >= self.recursion_limit {
                    break $label(
                        self.err(&t.exc.recursion_error, "maximum recursion depth exceeded"),
                        false,
                    );
                }
                self.depth += 1;
                let mut new: Box<Frame> = $new;
                new.back = FramePtr::frame(&f);
                parents.push(std::mem::replace(&mut f, new));
                self.frame_ptr = FramePtr::frame(&f);
                ops = f.code.ops.clone();
                next_pc = f.pc;
                continue;
            }};
        }
        'outer: loop {
            if !Rc::ptr_eq(&ops, &f.code.ops) {
                ops = f.code.ops.clone();
            }
            let (err, reraise): (PyErr, bool) = if let Some(e) = thrown.take() {
                (e, false)
            } else {
                next_pc = f.pc;
                // A jump: the next instruction is `target`.
                macro_rules! jump {
                    ($target:expr) => {{
                        next_pc = $target as usize;
                        f.pc = next_pc;
                    }};
                }
                'inner: loop {
                    // Finalizers queued by the last instruction (a last
                    // reference dropped) run before the next one, so that
                    // `__del__` runs when the last reference goes, as in
                    // CPython. Signals wait for a call or back-edge.
                    if crate::object::finalize::pending() {
                        self.run_pending();
                    }
                    let pc = next_pc;
                    debug_assert!(pc == f.pc);
                    debug_assert!(f.stack.len() <= f.code.code.max_stack as usize);
                    next_pc = pc + 1;
                    f.pc = next_pc;
                    // (Matched in place: each arm reads the operands it has.)
                    match ops[pc] {
                        Op::Nop => {}
                        Op::PopTop => {
                            pop!(f);
                        }
                        Op::Copy(n) => {
                            let v = f.stack[f.stack.len() - n as usize].clone();
                            f.stack.fpush(v);
                        }
                        Op::Swap(n) => {
                            let len = f.stack.len();
                            f.stack.swap(len - 1, len - n as usize);
                        }
                        Op::LoadConst(i) => {
                            let v = f.code.consts[i as usize].clone();
                            f.stack.fpush(v);
                        }
                        Op::LoadFast(i) => match &f.fast[i as usize] {
                            Some(v) => {
                                let v = v.clone();
                                f.stack.fpush(v);
                            }
                            None => {
                                let name = f.code.code.varnames[i as usize].clone();
                                break 'inner (self.unbound_local(&name), false);
                            }
                        },
                        Op::StoreFast(i) => {
                            let v = pop!(f);
                            f.fast[i as usize] = Some(v);
                        }
                        Op::DeleteFast(i) => {
                            if f.fast[i as usize].take().is_none() {
                                let name = f.code.code.varnames[i as usize].clone();
                                break 'inner (self.unbound_local(&name), false);
                            }
                        }
                        Op::LoadGlobal(i) => {
                            let v = tri!(
                                self.load_global_cached(&f.code, &f.globals, i as usize),
                                'inner
                            );
                            f.stack.fpush(v);
                        }
                        Op::StoreGlobal(i) => {
                            let v = pop!(f);
                            let name = f.code.names[i as usize].clone();
                            tri!(self.dict_set(&f.globals, name, v), 'inner);
                        }
                        Op::DeleteGlobal(i) => {
                            let name = f.code.names[i as usize].clone();
                            let d = f.globals.downcast::<DictData>().expect("globals is a dict");
                            if tri!(crate::objects::dict::del(self, &d.table, &name), 'inner)
                                .is_none()
                            {
                                break 'inner (self.name_error(&str_of(&name)), false);
                            }
                        }
                        Op::LoadName(i) => {
                            let name = f.code.names[i as usize].clone();
                            let found = match &f.locals {
                                Some(l) => tri!(self.mapping_get(l, &name), 'inner),
                                None => None,
                            };
                            let v = match found {
                                Some(v) => v,
                                None => tri!(self.load_global(&f, &name), 'inner),
                            };
                            f.stack.fpush(v);
                        }
                        Op::StoreName(i) => {
                            let v = pop!(f);
                            let name = f.code.names[i as usize].clone();
                            let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                            tri!(self.setitem(&target, name, v), 'inner);
                        }
                        Op::DeleteName(i) => {
                            let name = f.code.names[i as usize].clone();
                            let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                            if let Err(e) = self.delitem(&target, &name) {
                                if e.matches(&t.exc.key_error) {
                                    break 'inner (self.name_error(&str_of(&name)), false);
                                }
                                break 'inner (e, false);
                            }
                        }
                        Op::LoadDeref(i) => {
                            let cell = f.cells[i as usize].downcast::<CellData>().expect("cell");
                            let v = cell.value.borrow().clone();
                            match v {
                                Some(v) => f.stack.fpush(v),
                                None => {
                                    break 'inner (self.unbound_deref(&f.code, i as usize), false);
                                }
                            }
                        }
                        Op::LoadClassDeref(i) => {
                            let name = self.deref_name(&f.code, i as usize);
                            let nv = crate::objects::str::new_str(&name);
                            let found = match &f.locals {
                                Some(l) => tri!(self.mapping_get(l, &nv), 'inner),
                                None => None,
                            };
                            match found {
                                Some(v) => f.stack.fpush(v),
                                None => {
                                    let cell =
                                        f.cells[i as usize].downcast::<CellData>().expect("cell");
                                    let v = cell.value.borrow().clone();
                                    match v {
                                        Some(v) => f.stack.fpush(v),
                                        None => {
                                            break 'inner (
                                                self.unbound_deref(&f.code, i as usize),
                                                false,
                                            );
                                        }
                                    }
                                }
                            }
                        }
                        Op::StoreDeref(i) => {
                            let v = pop!(f);
                            let cell = f.cells[i as usize].downcast::<CellData>().expect("cell");
                            let old = cell.value.replace(Some(v));
                            drop(old);
                        }
                        Op::DeleteDeref(i) => {
                            let cell = f.cells[i as usize].downcast::<CellData>().expect("cell");
                            let old = cell.value.replace(None);
                            if old.is_none() {
                                break 'inner (self.unbound_deref(&f.code, i as usize), false);
                            }
                        }
                        Op::LoadClosure(i) => {
                            let c = f.cells[i as usize].clone();
                            f.stack.fpush(c);
                        }
                        Op::LoadAttr(i) => {
                            let obj = pop!(f);
                            let name = &f.code.names[i as usize];
                            let v = match f.code.attr_site(i as usize) {
                                Some(site) => self.getattr_at(site, &obj, name),
                                None => self.getattr(&obj, name),
                            };
                            let v = tri!(v, 'inner);
                            f.stack.fpush(v);
                        }
                        Op::StoreAttr(i) => {
                            let obj = pop!(f);
                            let v = pop!(f);
                            let name = &f.code.names[i as usize];
                            let r = match f.code.store_site(i as usize) {
                                Some(site) => self.setattr_at(site, &obj, name, v),
                                None => self.setattr(&obj, name, v),
                            };
                            tri!(r, 'inner);
                        }
                        Op::DeleteAttr(i) => {
                            let obj = pop!(f);
                            let name = f.code.names[i as usize].clone();
                            tri!(self.delattr(&obj, &name), 'inner);
                        }
                        Op::LoadMethod(i) => {
                            let obj = pop!(f);
                            let name = &f.code.names[i as usize];
                            let r = match f.code.attr_site(i as usize) {
                                Some(site) => self.load_method_at(site, &obj, name),
                                None => self.load_method(&obj, name),
                            };
                            match tri!(r, 'inner) {
                                (func, true) => {
                                    f.stack.fpush(func);
                                    f.stack.fpush(obj);
                                }
                                (attr, false) => {
                                    f.stack.fpush(attr);
                                    f.stack.fpush(t.null.clone());
                                }
                            }
                        }
                        Op::PushNull => f.stack.fpush(t.null.clone()),
                        Op::Call(n) => {
                            // Finalizers, weak reference callbacks and
                            // collections wait for a call or a back-edge:
                            // the next thing the program could observe.
                            if crate::object::finalize::pending() {
                                tri!(self.handle_pending(), 'inner);
                            }
                            let n = n as usize;
                            let len = f.stack.len();
                            let base = len - n - 2;
                            let has_self = !f.stack[base + 1].is(&t.null);
                            let fb = feedback_bit(&f.stack[base]);
                            let slot = &f.code.feedback[pc];
                            slot.set(slot.get() | fb);
                            // Python function: push a frame and keep going.
                            if let Some(fd) = f.stack[base].downcast::<FunctionData>()
                                && fd.code.code.flags & flags::SUSPENDS == 0
                            {
                                let argstart = if has_self { base + 1 } else { base + 2 };
                                let func = f.stack[base].clone();
                                let fd = func.downcast::<FunctionData>().expect("checked above");
                                let jitted = fd.code.jitted.borrow().clone();
                                if let Some(cc) = jitted {
                                    let out = cc.invoke(
                                        self,
                                        &func,
                                        crate::interp::jit::Args::Given(&mut f.stack[argstart..]),
                                    );
                                    match out {
                                        crate::interp::jit::JitOutcome::Return(v) => {
                                            f.stack.truncate(base);
                                            f.stack.fpush(v);
                                            continue;
                                        }
                                        crate::interp::jit::JitOutcome::Deopt(mut new) => {
                                            f.stack.truncate(base);
                                            // An exception raised in compiled
                                            // code unwinds from its frame.
                                            if let Some(e) = new.pending.take() {
                                                thrown = Some(e);
                                                self.depth += 1;
                                                new.back = FramePtr::frame(&f);
                                                parents.push(std::mem::replace(&mut f, new));
                                                self.frame_ptr = FramePtr::frame(&f);
                                                continue 'outer;
                                            }
                                            enter_frame!(new, 'inner);
                                        }
                                        crate::interp::jit::JitOutcome::Declined => {}
                                    }
                                }
                                let new = match self.frame_from_stack(
                                    &func,
                                    fd,
                                    &mut f.stack,
                                    argstart,
                                ) {
                                    Ok(fr) => fr,
                                    Err(e) => break 'inner (e, false),
                                };
                                f.stack.truncate(base);
                                enter_frame!(new, 'inner);
                            }
                            // A plain class with a Python __init__: run __init__ inline.
                            if !has_self && let Some(init) = self.inline_init(&f.stack[base]) {
                                let cls = f.stack[base].clone();
                                // (`inline_init` has ruled out abstract classes:
                                // object.__new__ would have nothing to check.)
                                let inst = crate::protocols::call::new_plain_instance(&cls);
                                // Replace the NULL self slot with the instance.
                                f.stack[base + 1] = inst.clone();
                                let fd = init.downcast::<FunctionData>().expect("function");
                                let mut new = match self.frame_from_stack(
                                    &init,
                                    fd,
                                    &mut f.stack,
                                    base + 1,
                                ) {
                                    Ok(fr) => fr,
                                    Err(e) => break 'inner (e, false),
                                };
                                f.stack.truncate(base);
                                new.init_self = Some(inst);
                                enter_frame!(new, 'inner);
                            }
                            let r = {
                                let args = if has_self {
                                    &f.stack[base + 1..]
                                } else {
                                    &f.stack[base + 2..]
                                };
                                // A builtin (function or method
                                // descriptor) is called straight away.
                                match f.stack[base].downcast::<BuiltinFunctionData>() {
                                    Some(bf) => {
                                        crate::objects::weakref::run_pending_callbacks(self);
                                        self.call_builtin(bf, args, &[])
                                    }
                                    None => self.call(&f.stack[base], args, &[]),
                                }
                            };
                            f.stack.truncate(base);
                            let v = tri!(r, 'inner);
                            f.stack.fpush(v);
                        }
                        Op::CallKw(n) => {
                            if crate::object::finalize::pending() {
                                tri!(self.handle_pending(), 'inner);
                            }
                            let names = pop!(f);
                            let n = n as usize;
                            let len = f.stack.len();
                            let base = len - n - 2;
                            let has_self = !f.stack[base + 1].is(&t.null);
                            let names = names.downcast::<TupleData>().expect("kwnames tuple");
                            let nk = names.items.len();
                            // (Held inline: a call passes few keywords.)
                            let kw: smallvec::SmallVec<[(Value, Value); 4]> = names
                                .items
                                .iter()
                                .cloned()
                                .zip(f.stack[len - nk..].iter().cloned())
                                .collect();
                            // A Python function: its frame takes the
                            // arguments over, and the stack gives them up
                            // (an argument the callee lets go of dies then).
                            if let Some(fd) = f.stack[base].downcast::<FunctionData>()
                                && fd.code.code.flags & flags::SUSPENDS == 0
                            {
                                let func = f.stack[base].clone();
                                let fd = func.downcast::<FunctionData>().expect("checked above");
                                let start = if has_self { base + 1 } else { base + 2 };
                                let new = match self.bind_frame(
                                    &func,
                                    fd,
                                    &f.stack[start..len - nk],
                                    &kw,
                                ) {
                                    Ok(fr) => fr,
                                    Err(e) => break 'inner (e, false),
                                };
                                f.stack.truncate(base);
                                drop(kw);
                                enter_frame!(new, 'inner);
                            }
                            let r = {
                                let args = if has_self {
                                    &f.stack[base + 1..len - nk]
                                } else {
                                    &f.stack[base + 2..len - nk]
                                };
                                self.call(&f.stack[base], args, &kw)
                            };
                            f.stack.truncate(base);
                            let v = tri!(r, 'inner);
                            f.stack.fpush(v);
                        }
                        Op::CallEx(has_kw) => {
                            if crate::object::finalize::pending() {
                                tri!(self.handle_pending(), 'inner);
                            }
                            let kwargs = if has_kw != 0 { Some(pop!(f)) } else { None };
                            let args = pop!(f);
                            let _null = pop!(f);
                            let func = pop!(f);
                            let kw: Vec<(Value, Value)> = match &kwargs {
                                Some(d) => d
                                    .downcast::<DictData>()
                                    .map(|d| d.table.borrow().items())
                                    .unwrap_or_default(),
                                None => Vec::new(),
                            };
                            let args_t = args.downcast::<TupleData>().expect("args tuple");
                            let v = tri!(self.call(&func, &args_t.items, &kw), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::BinaryOp(bop, inplace) => {
                            let b = pop!(f);
                            let a = pop!(f);
                            let slot = &f.code.feedback[pc];
                            // Small-int fast paths.
                            if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
                                slot.set(slot.get() | crate::objects::function::feedback::INT);
                                if let Some(v) = small_int_fast(x, y, bop) {
                                    f.stack.fpush(v);
                                    continue;
                                }
                            }
                            slot.set(slot.get() | feedback_bit(&a) | feedback_bit(&b));
                            if let Some(r) = float_fast(&a, &b, bop) {
                                f.stack.fpush(crate::objects::float::new_float(r));
                                continue;
                            }
                            let v = tri!(self.binary_op(&a, &b, bop, inplace), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::UnaryNegative => {
                            let a = pop!(f);
                            let v = tri!(self.unary_neg(&a), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::UnaryPositive => {
                            let a = pop!(f);
                            let v = tri!(self.unary_pos(&a), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::UnaryInvert => {
                            let a = pop!(f);
                            let v = tri!(self.unary_invert(&a), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::UnaryNot => {
                            let a = pop!(f);
                            let b = tri!(self.truthy(&a), 'inner);
                            f.stack.fpush(py_bool(!b));
                        }
                        Op::CompareOp(cop) => {
                            let b = pop!(f);
                            let a = pop!(f);
                            let slot = &f.code.feedback[pc];
                            if a.is_small() && b.is_small() {
                                slot.set(slot.get() | crate::objects::function::feedback::INT);
                            } else {
                                slot.set(slot.get() | feedback_bit(&a) | feedback_bit(&b));
                            }
                            if let Some(r) = compare_fast(&a, &b, cop) {
                                f.stack.fpush(py_bool(r));
                                continue;
                            }
                            let v = tri!(self.compare(&a, &b, cop), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::IsOp(invert) => {
                            let b = pop!(f);
                            let a = pop!(f);
                            f.stack.fpush(py_bool(a.is(&b) != invert));
                        }
                        Op::ContainsOp(invert) => {
                            let container = pop!(f);
                            let item = pop!(f);
                            let r = tri!(self.contains(&container, &item), 'inner);
                            f.stack.fpush(py_bool(r != invert));
                        }
                        Op::BinarySubscr => {
                            let key = pop!(f);
                            let container = pop!(f);
                            // list[int] fast path (exactly list: a subclass
                            // may override __getitem__).
                            if let (Some(l), Some(i)) =
                                (container.downcast::<ListData>(), key.as_small())
                                && container.is_exact(&t.list)
                            {
                                let items = l.items.borrow();
                                let n = items.len() as i64;
                                let j = if i < 0 { i + n } else { i };
                                if (0..n).contains(&j) {
                                    let v = items[j as usize].clone();
                                    drop(items);
                                    f.stack.fpush(v);
                                    continue;
                                }
                            }
                            // dict[key] (exactly dict: no __missing__);
                            // a missing key raises through the generic path.
                            if container.is_exact(&t.dict)
                                && let Some(v) = tri!(self.dict_subscr(&container, &key), 'inner)
                            {
                                f.stack.fpush(v);
                                continue;
                            }
                            let v = tri!(self.getitem(&container, &key), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::StoreSubscr => {
                            let key = pop!(f);
                            let container = pop!(f);
                            let v = pop!(f);
                            // list[int] = v fast path (exactly list).
                            if let (Some(l), Some(i)) =
                                (container.downcast::<ListData>(), key.as_small())
                                && container.is_exact(&t.list)
                                && let Ok(mut items) = l.items.try_borrow_mut()
                            {
                                let n = items.len() as i64;
                                let j = if i < 0 { i + n } else { i };
                                if (0..n).contains(&j) {
                                    let old = std::mem::replace(&mut items[j as usize], v);
                                    drop(items);
                                    // The old item is released after the list.
                                    drop(old);
                                    continue;
                                }
                                drop(items);
                                tri!(self.setitem(&container, key, v), 'inner);
                                continue;
                            }
                            if container.is_exact(&t.dict) {
                                tri!(self.dict_store_subscr(&container, key, v), 'inner);
                                continue;
                            }
                            tri!(self.setitem(&container, key, v), 'inner);
                        }
                        Op::DeleteSubscr => {
                            let key = pop!(f);
                            let container = pop!(f);
                            tri!(self.delitem(&container, &key), 'inner);
                        }
                        Op::BuildSlice(n) => {
                            let step = if n == 3 { pop!(f) } else { t.none.clone() };
                            let stop = pop!(f);
                            let start = pop!(f);
                            f.stack
                                .push(crate::objects::range::new_slice(start, stop, step));
                        }
                        Op::BuildTuple(n) => {
                            let at = f.stack.len() - n as usize;
                            let items: Vec<Value> = f.stack.drain(at..).collect();
                            f.stack.fpush(crate::objects::tuple::new_tuple(items));
                        }
                        Op::BuildList(n) => {
                            let at = f.stack.len() - n as usize;
                            let items: Vec<Value> = f.stack.drain(at..).collect();
                            f.stack.fpush(crate::objects::list::new_list(items));
                        }
                        Op::BuildSet(n) => {
                            let at = f.stack.len() - n as usize;
                            let items: Vec<Value> = f.stack.drain(at..).collect();
                            let s = crate::objects::set::new_set(&t.set);
                            for it in items {
                                tri!(crate::objects::set::add(self, &s, it), 'inner);
                            }
                            f.stack.fpush(s);
                        }
                        Op::BuildMap(n) => {
                            let at = f.stack.len() - 2 * n as usize;
                            let items: Vec<Value> = f.stack.drain(at..).collect();
                            let d = crate::objects::dict::new_dict(DictTable::new());
                            let dd = d.downcast::<DictData>().expect("dict");
                            let mut it = items.into_iter();
                            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                                tri!(crate::objects::dict::set(self, &dd.table, k, v), 'inner);
                            }
                            f.stack.fpush(d);
                        }
                        Op::BuildString(n) => {
                            let at = f.stack.len() - n as usize;
                            let mut s = String::new();
                            for v in f.stack.drain(at..) {
                                if let Some(sd) = v.downcast::<StrData>() {
                                    s.push_str(sd.as_str());
                                }
                            }
                            f.stack.fpush(crate::objects::str::new_str(&s));
                        }
                        Op::ListAppend(i) => {
                            let v = pop!(f);
                            let l = &f.stack[f.stack.len() - i as usize];
                            l.downcast::<ListData>()
                                .expect("list")
                                .items
                                .borrow_mut()
                                .push(v);
                        }
                        Op::SetAdd(i) => {
                            let v = pop!(f);
                            let s = f.stack[f.stack.len() - i as usize].clone();
                            tri!(crate::objects::set::add(self, &s, v), 'inner);
                        }
                        Op::MapAdd(i) => {
                            let v = pop!(f);
                            let k = pop!(f);
                            let d = f.stack[f.stack.len() - i as usize].clone();
                            let dd = d.downcast::<DictData>().expect("dict");
                            tri!(crate::objects::dict::set(self, &dd.table, k, v), 'inner);
                        }
                        Op::ListExtend(i) => {
                            let it = pop!(f);
                            let items = tri!(self.iterate(&it), 'inner);
                            let l = &f.stack[f.stack.len() - i as usize];
                            l.downcast::<ListData>()
                                .expect("list")
                                .items
                                .borrow_mut()
                                .extend(items);
                        }
                        Op::SetUpdate(i) => {
                            let it = pop!(f);
                            let items = tri!(self.iterate(&it), 'inner);
                            let s = f.stack[f.stack.len() - i as usize].clone();
                            for v in items {
                                tri!(crate::objects::set::add(self, &s, v), 'inner);
                            }
                        }
                        Op::DictUpdate(i) | Op::DictMerge(i) => {
                            let m = pop!(f);
                            let d = f.stack[f.stack.len() - i as usize].clone();
                            let merge = matches!(ops[pc], Op::DictMerge(_));
                            tri!(self.dict_update_from(&d, &m, merge), 'inner);
                        }
                        Op::ListToTuple => {
                            let l = pop!(f);
                            let items = l
                                .downcast::<ListData>()
                                .expect("list")
                                .items
                                .borrow()
                                .clone();
                            f.stack.fpush(crate::objects::tuple::new_tuple(items));
                        }
                        Op::FormatValue(flags) => {
                            let spec = if flags & 4 != 0 { Some(pop!(f)) } else { None };
                            let v = pop!(f);
                            let v = match flags & 3 {
                                1 => tri!(self.str_value(&v), 'inner),
                                2 => tri!(self.repr_value(&v), 'inner),
                                3 => tri!(self.ascii_value(&v), 'inner),
                                _ => v,
                            };
                            let spec_s = spec.as_ref().map(str_of).unwrap_or_default();
                            let s = tri!(self.format(&v, &spec_s), 'inner);
                            f.stack.fpush(s);
                        }
                        Op::UnpackSequence(n) => {
                            let seq = pop!(f);
                            // Exact tuples and lists of the right length
                            // go straight onto the stack (no copy).
                            if matches!(
                                seq.kind(),
                                crate::object::types::Kind::Tuple
                                    | crate::object::types::Kind::List
                            ) && !seq.type_data().is_heap
                            {
                                if let Some(t) = seq.downcast::<TupleData>()
                                    && t.items.len() == n as usize
                                {
                                    f.stack.extend(t.items.iter().rev().cloned());
                                    continue;
                                }
                                if let Some(l) = seq.downcast::<ListData>() {
                                    let items = l.items.borrow();
                                    if items.len() == n as usize {
                                        f.stack.extend(items.iter().rev().cloned());
                                        continue;
                                    }
                                }
                            }
                            let items = tri!(self.unpack(&seq, n as usize), 'inner);
                            f.stack.extend(items.into_iter().rev());
                        }
                        Op::UnpackEx(arg) => {
                            let seq = pop!(f);
                            let before = (arg & 0xff) as usize;
                            let after = (arg >> 8) as usize;
                            let items = tri!(self.iterate(&seq), 'inner);
                            if items.len() < before + after {
                                break 'inner (
                                self.value_error(format!(
                                    "not enough values to unpack (expected at least {}, got {})",
                                    before + after,
                                    items.len()
                                )),
                                false,
                            );
                            }
                            let mid_end = items.len() - after;
                            let mut out = Vec::with_capacity(before + after + 1);
                            out.extend(items[..before].iter().cloned());
                            out.push(crate::objects::list::new_list(
                                items[before..mid_end].to_vec(),
                            ));
                            out.extend(items[mid_end..].iter().cloned());
                            f.stack.extend(out.into_iter().rev());
                        }
                        Op::GetIter => {
                            let v = pop!(f);
                            let it = tri!(self.get_iter(&v), 'inner);
                            f.stack.fpush(it);
                        }
                        Op::GetAwaitable(source) => {
                            let v = pop!(f);
                            let it = tri!(self.awaitable_from(&v, source), 'inner);
                            f.stack.fpush(it);
                        }
                        Op::GetAIter => {
                            let v = pop!(f);
                            let it = tri!(self.get_aiter(&v), 'inner);
                            f.stack.fpush(it);
                        }
                        Op::GetANext => {
                            let it = f.stack.last().expect("async iterator").clone();
                            let aw = tri!(self.get_anext(&it), 'inner);
                            f.stack.fpush(aw);
                        }
                        Op::EndAsyncFor => {
                            let exc = pop!(f);
                            if !crate::object::types::isinstance(&exc, &t.exc.stop_async_iteration)
                            {
                                break 'inner (PyErr::new(exc), true);
                            }
                            pop!(f);
                        }
                        Op::BeforeAsyncWith => {
                            let mgr = pop!(f);
                            let (exit, aw) = tri!(self.before_async_with(&mgr), 'inner);
                            f.stack.fpush(exit);
                            f.stack.fpush(aw);
                        }
                        Op::AsyncGenWrap => {
                            let v = pop!(f);
                            f.stack.fpush(crate::objects::asyncgen::wrap(v));
                        }
                        Op::GetYieldFromIter => {
                            let v = pop!(f);
                            let it = if crate::objects::generator::is_coroutine(&v) {
                                if f.code.code.flags & flags::COROUTINE == 0 {
                                    tri!(
                                        Err(self.type_error(
                                            "cannot 'yield from' a coroutine object in a non-coroutine generator"
                                        )),
                                        'inner
                                    )
                                }
                                v
                            } else if v.kind() == crate::object::types::Kind::Generator {
                                v
                            } else {
                                tri!(self.get_iter(&v), 'inner)
                            };
                            f.stack.fpush(it);
                        }
                        Op::Send(target) => {
                            let sent = pop!(f);
                            let sub = f.stack.last().expect("delegate").clone();
                            match tri!(crate::objects::generator::send_to(self, &sub, sent), 'inner)
                            {
                                crate::objects::generator::Resumed::Yielded(v) => f.stack.fpush(v),
                                crate::objects::generator::Resumed::Returned(r) => {
                                    pop!(f);
                                    f.stack.fpush(r);
                                    jump!(target);
                                }
                            }
                        }
                        Op::ForIter(target) => {
                            let it = f.stack.last().expect("iterator");
                            let next = match crate::objects::iter::next_simple(it) {
                                Some(next) => next,
                                None => {
                                    let it = it.clone();
                                    tri!(self.next(&it), 'inner)
                                }
                            };
                            match next {
                                Some(v) => f.stack.fpush(v),
                                None => {
                                    pop!(f);
                                    jump!(target);
                                }
                            }
                        }
                        Op::Jump(target) => jump!(target),
                        Op::JumpBackward(target) => {
                            if crate::object::finalize::pending() {
                                tri!(self.handle_pending(), 'inner);
                            }
                            self.count_hot(&f.code, &f.code.backedges);
                            jump!(target);
                            let n = f.code.backedges.get();
                            if n >= self.jit_threshold
                                && (n == self.jit_threshold || n.is_multiple_of(64))
                                && let Some(mut jit) = self.jit.take()
                            {
                                let done = jit.osr(self, &mut f, target as usize);
                                self.return_jit(jit);
                                next_pc = f.pc;
                                if let Some(e) = f.pending.take() {
                                    // Raised in the compiled loop, at `f.pc - 1`.
                                    break 'inner (e, false);
                                }
                                if let Some(v) = done {
                                    // The compiled loop ran the frame to its return.
                                    f.stack.fpush(v);
                                    jump!(ops.len() - 1);
                                }
                            }
                        }
                        Op::PopJumpIfFalse(target) => {
                            let v = pop!(f);
                            let b = if v.is(&t.true_) {
                                true
                            } else if v.is(&t.false_) {
                                false
                            } else {
                                tri!(self.truthy(&v), 'inner)
                            };
                            if !b {
                                jump!(target);
                            }
                        }
                        Op::PopJumpIfTrue(target) => {
                            let v = pop!(f);
                            if tri!(self.truthy(&v), 'inner) {
                                jump!(target);
                            }
                        }
                        Op::JumpIfFalseOrPop(target) => {
                            let v = f.stack.last().expect("value").clone();
                            if tri!(self.truthy(&v), 'inner) {
                                pop!(f);
                            } else {
                                jump!(target);
                            }
                        }
                        Op::JumpIfTrueOrPop(target) => {
                            let v = f.stack.last().expect("value").clone();
                            if tri!(self.truthy(&v), 'inner) {
                                jump!(target);
                            } else {
                                pop!(f);
                            }
                        }
                        Op::ReturnValue => {
                            let mut v = pop!(f);
                            if let Some(inst) = f.init_self.take() {
                                if !v.is(&t.none) {
                                    break 'inner (
                                        self.type_error(format!(
                                            "__init__() should return None, not '{}'",
                                            v.type_data().name
                                        )),
                                        false,
                                    );
                                }
                                v = inst;
                            }
                            match parents.pop() {
                                None => return (Ok(Exit::Return(v)), f),
                                Some(parent) => {
                                    self.depth -= 1;
                                    let done = std::mem::replace(&mut f, parent);
                                    self.release_frame(done);
                                    self.frame_ptr = FramePtr::frame(&f);
                                    ops = f.code.ops.clone();
                                    next_pc = f.pc;
                                    f.stack.fpush(v);
                                }
                            }
                        }
                        Op::YieldValue => {
                            let v = pop!(f);
                            debug_assert!(parents.is_empty(), "yield in an inline frame");
                            return (Ok(Exit::Yield(v)), f);
                        }
                        Op::MakeFunction(fl) => {
                            let code = pop!(f);
                            let closure = if fl & 8 != 0 { Some(pop!(f)) } else { None };
                            let annotations = if fl & 4 != 0 { Some(pop!(f)) } else { None };
                            let kwdefaults = if fl & 2 != 0 { Some(pop!(f)) } else { None };
                            let defaults = if fl & 1 != 0 { Some(pop!(f)) } else { None };
                            let func = self
                                .make_function(&f.globals, &code, defaults, kwdefaults, closure);
                            if let Some(fd) = func.downcast::<FunctionData>() {
                                *fd.annotations.borrow_mut() = annotations;
                            }
                            f.stack.fpush(func);
                        }
                        Op::LoadBuildClass => {
                            let v = tri!(self.load_global(&f, &crate::objects::str::new_str("__build_class__")), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::ImportName(i) => {
                            let fromlist = pop!(f);
                            let level = pop!(f);
                            let name = f.code.names[i as usize].clone();
                            let globals = f.globals.clone();
                            let m = tri!(
                                self.import_name(&str_of(&name), &globals, &fromlist, level.as_small().unwrap_or(0)),
                                'inner
                            );
                            f.stack.fpush(m);
                        }
                        Op::ImportFrom(i) => {
                            let m = f.stack.last().expect("module").clone();
                            let name = f.code.names[i as usize].clone();
                            let v = tri!(self.import_from(&m, &name), 'inner);
                            f.stack.fpush(v);
                        }
                        Op::ImportStar => {
                            let m = pop!(f);
                            let target = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                            tri!(self.import_star(&m, &target), 'inner);
                        }
                        Op::RaiseVarargs(n) => {
                            let e = match n {
                                0 => {
                                    if self.exc_info.is(&t.none) {
                                        self.runtime_error("No active exception to reraise")
                                    } else {
                                        break 'inner (PyErr::new(self.exc_info.clone()), true);
                                    }
                                }
                                1 => {
                                    let exc = pop!(f);
                                    tri!(self.make_raise(exc, None), 'inner)
                                }
                                _ => {
                                    let cause = pop!(f);
                                    let exc = pop!(f);
                                    tri!(self.make_raise(exc, Some(cause)), 'inner)
                                }
                            };
                            break 'inner (e, false);
                        }
                        Op::Reraise => {
                            let exc = pop!(f);
                            break 'inner (PyErr::new(exc), true);
                        }
                        Op::PushExcInfo => {
                            let exc = pop!(f);
                            let prev = std::mem::replace(&mut self.exc_info, exc.clone());
                            f.stack.fpush(prev);
                            f.stack.fpush(exc);
                        }
                        Op::PopExcept => {
                            let prev = pop!(f);
                            self.exc_info = prev;
                        }
                        Op::CheckExcMatch => {
                            let ty = pop!(f);
                            let exc = f.stack.last().expect("exception").clone();
                            let m = tri!(self.exception_matches(&exc, &ty), 'inner);
                            f.stack.fpush(py_bool(m));
                        }
                        Op::LoadAssertionError => f.stack.fpush(t.exc.assertion_error.clone()),
                        Op::BeforeWith => {
                            let mgr = pop!(f);
                            let mgr_ty = mgr.class();
                            if mgr_ty
                                .type_data_of_type()
                                .lookup_static("__enter__")
                                .is_none()
                                || mgr_ty
                                    .type_data_of_type()
                                    .lookup_static("__exit__")
                                    .is_none()
                            {
                                let name = mgr_ty.type_data_of_type().name.clone();
                                break 'inner (
                                    self.type_error(format!(
                                        "'{name}' object does not support the context manager protocol"
                                    )),
                                    false,
                                );
                            }
                            let enter = tri!(self.special_method(&mgr, "__enter__"), 'inner);
                            let exit = tri!(self.special_method(&mgr, "__exit__"), 'inner);
                            let r = tri!(self.call(&enter, &[], &[]), 'inner);
                            f.stack.fpush(exit);
                            f.stack.fpush(r);
                        }
                        Op::WithExceptStart => {
                            let exc = f.stack[f.stack.len() - 1].clone();
                            let exit = f.stack[f.stack.len() - 3].clone();
                            let ty = exc.class();
                            let tb = exc.downcast::<ExceptionData>().map_or_else(
                                || t.none.clone(),
                                crate::objects::exceptions::traceback_object,
                            );
                            let r = tri!(self.call(&exit, &[ty, exc, tb], &[]), 'inner);
                            f.stack.fpush(r);
                        }
                        Op::WithExit => {
                            let exit = pop!(f);
                            let none = t.none.clone();
                            tri!(self.call(&exit, &[none.clone(), none.clone(), none], &[]), 'inner);
                        }
                        Op::PrintExpr => {
                            let v = pop!(f);
                            tri!(self.print_expr(&v), 'inner);
                        }
                        Op::CheckEgMatch => {
                            let ty = pop!(f);
                            let exc = pop!(f);
                            let (rest, matched) = tri!(self.check_eg_match(&exc, &ty), 'inner);
                            if !matched.is(&t.none) {
                                self.exc_info = matched.clone();
                            }
                            f.stack.fpush(rest);
                            f.stack.fpush(matched);
                        }
                        Op::PrepReraiseStar => {
                            let list = pop!(f);
                            let orig = pop!(f);
                            let r = tri!(self.prep_reraise_star(&orig, &list), 'inner);
                            f.stack.fpush(r);
                        }
                        Op::MatchSequence => {
                            let v = f.stack.last().expect("subject");
                            let b = crate::protocols::matching::is_sequence(v);
                            f.stack.fpush(py_bool(b));
                        }
                        Op::MatchMapping => {
                            let v = f.stack.last().expect("subject");
                            let b = crate::protocols::matching::is_mapping(v);
                            f.stack.fpush(py_bool(b));
                        }
                        Op::GetLen => {
                            let v = f.stack.last().expect("subject").clone();
                            let n = tri!(self.len(&v), 'inner);
                            f.stack.fpush(crate::objects::int::from_i64(n as i64));
                        }
                        Op::MatchKeys => {
                            let n = f.stack.len();
                            let (subject, keys) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
                            let r = tri!(self.match_keys(&subject, &keys), 'inner);
                            f.stack.fpush(r);
                        }
                        Op::MatchClass(npos) => {
                            let names = pop!(f);
                            let cls = pop!(f);
                            let subject = pop!(f);
                            let r = tri!(
                                self.match_class(&subject, &cls, &names, npos as usize),
                                'inner
                            );
                            f.stack.fpush(r);
                        }
                        Op::NotImplemented(i) => {
                            let what = str_of(&f.code.consts[i as usize]);
                            break 'inner (self.not_implemented(what), false);
                        }
                    }
                }
            };

            // ----- exception unwinding -----
            if !reraise {
                self.set_context(&err);
                self.record_tb(&err, &f);
            }
            loop {
                let pc = f.pc.saturating_sub(1) as u32;
                if let Some(h) = f.code.code.handler_for(pc) {
                    f.stack.truncate(h.depth as usize);
                    f.stack.fpush(err.exc);
                    f.pc = h.handler as usize;
                    continue 'outer;
                }
                match parents.pop() {
                    None => return (Err(err), f),
                    Some(parent) => {
                        self.depth -= 1;
                        let done = std::mem::replace(&mut f, parent);
                        self.release_frame(done);
                        self.frame_ptr = FramePtr::frame(&f);
                        self.record_tb(&err, &f);
                    }
                }
            }
        }
    }

    /// `d[key]` for an exact dict: None when the key is missing (the
    /// generic path raises). Kept out of the dispatch loop.
    #[inline(never)]
    fn dict_subscr(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let dd = d.downcast::<DictData>().expect("dict");
        crate::objects::dict::get(self, &dd.table, key)
    }

    /// `d[key] = v` for an exact dict, out of the dispatch loop.
    #[inline(never)]
    fn dict_store_subscr(&mut self, d: &Value, key: Value, v: Value) -> PyResult<()> {
        let dd = d.downcast::<DictData>().expect("dict");
        crate::objects::dict::set(self, &dd.table, key, v)
    }

    fn unbound_local(&self, name: &str) -> PyErr {
        self.err(
            &types().exc.unbound_local_error,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn deref_name(&self, code: &CodeRt, i: usize) -> String {
        let c = &code.code;
        if i < c.cellvars.len() {
            c.cellvars[i].clone()
        } else {
            c.freevars[i - c.cellvars.len()].clone()
        }
    }

    /// The error reading the empty cell `i` of `code` raises.
    pub fn unbound_deref(&self, code: &CodeRt, i: usize) -> PyErr {
        let name = self.deref_name(code, i);
        if i < code.code.cellvars.len() {
            self.unbound_local(&name)
        } else {
            self.err(
                &types().exc.name_error,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
        }
    }

    /// `LOAD_GLOBAL` of `code.names[i]` for code running with `globals`,
    /// through the code's cache (valid while neither the globals nor the
    /// builtins change).
    #[inline]
    pub fn load_global_cached(&mut self, code: &CodeRt, globals: &Value, i: usize) -> PyResult {
        let stamp = |d: &Value| {
            d.downcast::<crate::objects::dict::DictData>()
                .map_or(0, |d| d.table.borrow().stamp)
        };
        let (gs, bs) = (stamp(globals), stamp(&self.builtins_dict));
        if let Some(&Some((g, b, bits))) = code.global_cache.borrow().get(i)
            && g == gs
            && b == bs
        {
            // SAFETY: the stamps are unchanged, so the dict the value was
            // found in (alive: `globals` or the builtins) still holds it.
            return Ok(unsafe { (*Value::borrow_bits(bits)).clone() });
        }
        let name = &code.names[i];
        let found = globals
            .downcast::<crate::objects::dict::DictData>()
            .and_then(|g| g.table.borrow().get_name(name))
            .or_else(|| {
                self.builtins_dict
                    .downcast::<crate::objects::dict::DictData>()
                    .and_then(|b| b.table.borrow().get_name(name))
            });
        match found {
            Some(v) => {
                let mut cache = code.global_cache.borrow_mut();
                if cache.is_empty() {
                    cache.resize(code.names.len(), None);
                }
                cache[i] = Some((gs, bs, v.to_bits()));
                Ok(v)
            }
            None => Err(self.name_error(&crate::interp::str_of(name))),
        }
    }

    pub(crate) fn load_global(&mut self, f: &Frame, name: &Value) -> PyResult {
        if let Some(g) = f.globals.downcast::<DictData>()
            && let Some(v) = g.table.borrow().get_name(name)
        {
            return Ok(v);
        }
        if let Some(b) = f.builtins.downcast::<DictData>()
            && let Some(v) = b.table.borrow().get_name(name)
        {
            return Ok(v);
        }
        Err(self.name_error(&str_of(name)))
    }

    /// A frame for `func` resuming at `pc` with the given locals and operand
    /// stack (deoptimization from compiled code).
    pub fn deopt_frame(
        &mut self,
        fd: &FunctionData,
        pc: usize,
        fast: Vec<Option<Value>>,
        stack: Vec<Value>,
        cells: Option<Vec<Value>>,
    ) -> Box<Frame> {
        let frame = self.new_frame(&fd.code, &fd.globals, None);
        Self::deopt_into(frame, fd, pc, fast, stack, cells)
    }

    /// `deopt_frame` in `frame`, the frame made for `fd`'s call while
    /// compiled code ran it (see `jit::Activation`), so that a frame object
    /// made for it follows it.
    pub fn deopt_into(
        mut frame: Box<Frame>,
        fd: &FunctionData,
        pc: usize,
        fast: Vec<Option<Value>>,
        stack: Vec<Value>,
        cells: Option<Vec<Value>>,
    ) -> Box<Frame> {
        frame.live = None;
        frame.fast.clear();
        frame.fast.extend(fast);
        frame.fill_locals();
        // Compiled code's cells, which closures it made may share.
        match cells {
            Some(cells) => frame.cells = cells,
            None => frame.init_cells(fd.closure.as_ref()),
        }
        frame.stack.extend(stack);
        frame.pc = pc;
        frame
    }

    /// The value a global name has for code running with `globals`
    /// (globals, then builtins), without raising.
    pub fn lookup_global(&self, globals: &Value, name: &str) -> Option<Value> {
        globals
            .downcast::<DictData>()
            .and_then(|g| g.table.borrow().get_str(name))
            .or_else(|| {
                self.builtins_dict
                    .downcast::<DictData>()
                    .and_then(|b| b.table.borrow().get_str(name))
            })
    }

    /// Whether the global `name` (looked up as LOAD_GLOBAL would) still
    /// means the builtin of that name registered at start-up.
    pub fn global_is_builtin(&self, globals: &Value, name: &str) -> bool {
        match (
            self.lookup_global(globals, name),
            self.builtin_originals.get(name),
        ) {
            (Some(v), Some(orig)) => v.is(orig),
            _ => false,
        }
    }

    /// For a class whose instances are plain objects made by `object.__new__`
    /// and whose `__init__` is a Python function (not a generator), that
    /// `__init__`: the interpreter then runs it inline.
    fn inline_init(&self, cls: &Value) -> Option<Value> {
        let td = cls.downcast::<crate::object::types::TypeData>()?;
        let epoch = crate::object::types::lookup_epoch();
        {
            let cached = td.inline_init.borrow();
            if cached.0 == epoch {
                return cached.1.clone();
            }
        }
        let found = Self::find_inline_init(cls, td);
        *td.inline_init.borrow_mut() = (epoch, found.clone());
        found
    }

    fn find_inline_init(cls: &Value, td: &crate::object::types::TypeData) -> Option<Value> {
        if !td.is_heap
            || td.kind != crate::object::types::Kind::Object
            || !cls.class().is(&types().type_)
        {
            return None;
        }
        let new = td.lookup_static("__new__")?;
        let base_new = types()
            .object
            .type_data_of_type()
            .lookup_static("__new__")?;
        if !new.is(&base_new) {
            return None;
        }
        // A class with `__abstractmethods__` (set by ABCMeta, or assigned)
        // takes the generic call: object.__new__ decides whether it can be
        // instantiated. (Any change to it bumps the lookup epoch.)
        if td.lookup_static("__abstractmethods__").is_some() {
            return None;
        }
        let init = td.lookup_static("__init__")?;
        let fd = init.downcast::<FunctionData>()?;
        if fd.code.code.flags & flags::SUSPENDS != 0 {
            return None;
        }
        Some(init)
    }

    fn dict_set(&mut self, d: &Value, k: Value, v: Value) -> PyResult<()> {
        let dd = d.downcast::<DictData>().expect("dict");
        crate::objects::dict::set(self, &dd.table, k, v)
    }

    /// `mapping[key]` returning None for a missing key.
    /// `m[key]`, or None when the key is missing (`LOAD_NAME`'s lookup).
    pub fn mapping_get(&mut self, m: &Value, key: &Value) -> PyResult<Option<Value>> {
        if let Some(d) = m.downcast::<DictData>() {
            return crate::objects::dict::get(self, &d.table, key);
        }
        match self.getitem(m, key) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(&types().exc.key_error) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `MAKE_FUNCTION` for code running with `globals`.
    pub fn make_function(
        &mut self,
        globals: &Value,
        code: &Value,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        closure: Option<Value>,
    ) -> Value {
        let code = code
            .downcast::<CodeData>()
            .expect("code object")
            .code
            .clone();
        let name = code.name.clone();
        let qualname = code.qualname.clone();
        let module = globals
            .downcast::<DictData>()
            .and_then(|d| d.table.borrow().get_str("__name__"))
            .unwrap_or_else(|| types().none.clone());
        let doc = match code.consts.first() {
            Some(c)
                if c.kind() == crate::object::types::Kind::Str
                    && code.code.flags & flags::OPTIMIZED != 0 =>
            {
                c.clone()
            }
            _ => types().none.clone(),
        };
        Value::alloc(
            &types().function,
            FunctionData {
                code,
                globals: globals.clone(),
                name: std::cell::RefCell::new(name),
                qualname: std::cell::RefCell::new(qualname),
                defaults: std::cell::RefCell::new(defaults),
                kwdefaults: std::cell::RefCell::new(kwdefaults),
                closure,
                dict: std::cell::RefCell::new(None),
                module,
                doc: std::cell::RefCell::new(doc),
                annotations: std::cell::RefCell::new(None),
                extra_flags: std::cell::Cell::new(0),
            },
        )
    }

    fn make_raise(&mut self, exc: Value, cause: Option<Value>) -> PyResult<PyErr> {
        let inst = self.exception_instance(exc)?;
        if let Some(c) = cause {
            let cause = if c.is(&types().none) {
                None
            } else {
                Some(self.exception_instance(c)?)
            };
            if let Some(d) = inst.downcast::<ExceptionData>() {
                *d.cause.borrow_mut() = cause;
                d.suppress_context.set(true);
            }
        }
        Ok(PyErr::new(inst))
    }

    /// An exception class is instantiated; an instance is used as is.
    pub fn exception_instance(&mut self, exc: Value) -> PyResult {
        if exc.downcast::<ExceptionData>().is_some() {
            return Ok(exc);
        }
        if crate::objects::exceptions::is_exception_type(&exc) {
            let inst = self.call(&exc, &[], &[])?;
            if inst.downcast::<ExceptionData>().is_none() {
                let r = self.repr_string(&exc)?;
                return Err(self.type_error(format!(
                    "calling {r} should have returned an instance of BaseException, not {}",
                    inst.type_data().name
                )));
            }
            return Ok(inst);
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    pub(crate) fn exception_matches(&mut self, exc: &Value, ty: &Value) -> PyResult<bool> {
        if let Some(tup) = ty.downcast::<TupleData>() {
            for t in tup.items.iter() {
                if self.exception_matches(exc, t)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !crate::objects::exceptions::is_exception_type(ty) {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        Ok(crate::object::types::isinstance(exc, ty))
    }

    /// Runs module-level code in `globals`.
    pub fn run_code(
        &mut self,
        code: Rc<CodeRt>,
        globals: Value,
        locals: Option<Value>,
    ) -> PyResult {
        let mut frame = self.new_frame(&code, &globals, locals);
        frame.fill_locals();
        // A module body is a frame of its own for the recursion limit, as
        // in CPython.
        self.depth += 1;
        let (r, f) = self.run_frame(frame);
        self.depth -= 1;
        self.release_frame(f);
        match r? {
            Exit::Return(v) => Ok(v),
            Exit::Yield(_) => Err(self.runtime_error("yield outside function")),
        }
    }

    /// The currently executing frame's globals (for `globals()`).
    pub fn current_globals(&self) -> Option<Value> {
        self.current().map(|f| f.globals.clone())
    }

    /// What zero-argument `super()` would find in the calling frame when
    /// the compiler could not pass `__class__` and the first argument: the
    /// error CPython raises there.
    pub fn super_without_args_error(&self) -> PyErr {
        match self.current() {
            Some(f) if f.code.code.arg_count > 0 => {
                if crate::objects::frameobj::fast_locals(f)
                    .first()
                    .is_some_and(Option::is_none)
                {
                    self.runtime_error("super(): arg[0] deleted")
                } else {
                    self.runtime_error("super(): __class__ cell not found")
                }
            }
            _ => self.runtime_error("super(): no arguments"),
        }
    }

    /// The currently executing frame's locals as a dict (for `locals()`).
    pub fn current_locals(&mut self) -> Option<Value> {
        self.current().map(crate::objects::frameobj::locals_of)
    }
}

/// The Rust string of a str value (empty for non-str).
pub fn str_of(v: &Value) -> String {
    v.downcast::<StrData>()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default()
}
