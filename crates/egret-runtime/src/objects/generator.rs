//! Generators: a suspended frame plus `send`/`throw`/`close`.

use std::cell::{Cell, RefCell};

use crate::interp::frame::{Exit, Frame};
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::function::FunctionData;
use crate::vm::{PyErr, PyResult, Vm};

pub struct GeneratorData {
    pub frame: RefCell<Option<Box<Frame>>>,
    pub started: Cell<bool>,
    pub running: Cell<bool>,
    pub name: Value,
    pub qualname: Value,
    /// Made by a function `types.coroutine` marked: `await` accepts it.
    pub iterable_coroutine: bool,
    /// The code it runs (`gi_code`, also once finished).
    pub code: std::rc::Rc<crate::objects::function::CodeRt>,
    /// An async generator's `sys.set_asyncgen_hooks` finalizer, taken when
    /// it is first iterated (see `asyncgen::init_hooks`).
    pub ag_hooks_inited: Cell<bool>,
    pub ag_finalizer: RefCell<Option<Value>>,
}

impl Payload for GeneratorData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Generator
    }
}

pub fn new_generator(mut frame: Box<Frame>, fd: &FunctionData) -> Value {
    // Not running: no caller (a recycled frame may name an old one).
    frame.back = crate::interp::frame::FramePtr::NONE;
    let f = fd.code.code.flags;
    let t = types();
    let ty = if f & egret_bytecode::flags::COROUTINE != 0 {
        &t.coroutine
    } else if f & egret_bytecode::flags::ASYNC_GENERATOR != 0 {
        &t.async_generator
    } else {
        &t.generator
    };
    Value::alloc(
        ty,
        GeneratorData {
            frame: RefCell::new(Some(frame)),
            started: Cell::new(false),
            running: Cell::new(false),
            name: fd.name.borrow().clone(),
            qualname: fd.qualname.borrow().clone(),
            iterable_coroutine: fd.extra_flags.get() & egret_bytecode::flags::ITERABLE_COROUTINE
                != 0,
            code: fd.code.clone(),
            ag_hooks_inited: Cell::new(false),
            ag_finalizer: RefCell::new(None),
        },
    )
}

pub enum Resumed {
    Yielded(Value),
    Returned(Value),
}

/// Resumes the generator with `sent` (or with an exception thrown in).
pub fn resume(
    vm: &mut Vm,
    generator: &Value,
    sent: Option<Value>,
    throw: Option<PyErr>,
) -> PyResult<Resumed> {
    let g = generator.downcast::<GeneratorData>().expect("generator");
    if g.running.get() {
        return Err(vm.value_error("generator already executing"));
    }
    let frame = g.frame.borrow_mut().take();
    let Some(mut frame) = frame else {
        if let Some(e) = throw {
            return Err(e);
        }
        if generator.is_exact(&types().coroutine) {
            return Err(vm.runtime_error("cannot reuse already awaited coroutine"));
        }
        return Ok(Resumed::Returned(types().none.clone()));
    };
    if !g.started.get()
        && let Some(e) = throw
    {
        // Nothing has run yet: the generator just ends with the exception.
        drop(frame);
        return Err(e);
    }
    if g.started.get() {
        if throw.is_none() {
            frame
                .stack
                .push(sent.unwrap_or_else(|| types().none.clone()));
        }
    } else if let Some(s) = &sent
        && !s.is(&types().none)
    {
        *g.frame.borrow_mut() = Some(frame);
        return Err(vm.type_error("can't send non-None value to a just-started generator"));
    }
    if let Some(e) = throw {
        match delegation(&frame) {
            Some((sub, exit)) => {
                // Throw into the delegate first (PEP 380).
                let r = if e.matches(&types().exc.generator_exit) {
                    let closed = if sub.kind() == Kind::Generator {
                        close(vm, &sub).map(|_| ())
                    } else {
                        match vm.lookup_attr(&sub, "close") {
                            Ok(Some(c)) => vm.call(&c, &[], &[]).map(|_| ()),
                            Ok(None) => Ok(()),
                            Err(err) => Err(err),
                        }
                    };
                    match closed {
                        Ok(()) => Err(e),
                        Err(err) => Err(err),
                    }
                } else if sub.kind() == Kind::Generator {
                    resume(vm, &sub, None, Some(e))
                } else {
                    match vm.lookup_attr(&sub, "throw") {
                        Ok(Some(t)) => {
                            let r = vm.call(&t, std::slice::from_ref(&e.exc), &[]);
                            stop_value(vm, r)
                        }
                        Ok(None) => Err(e),
                        Err(err) => Err(err),
                    }
                };
                match r {
                    Ok(Resumed::Yielded(v)) => {
                        *generator
                            .downcast::<GeneratorData>()
                            .expect("generator")
                            .frame
                            .borrow_mut() = Some(frame);
                        return Ok(Resumed::Yielded(v));
                    }
                    Ok(Resumed::Returned(v)) => {
                        frame.stack.pop();
                        frame.stack.push(v);
                        frame.pc = exit;
                    }
                    Err(err) => frame.pending = Some(err),
                }
            }
            None => frame.pending = Some(e),
        }
    }
    g.started.set(true);
    g.running.set(true);
    if vm.depth >= vm.recursion_limit || crate::vm::stack_exhausted() {
        g.running.set(false);
        *g.frame.borrow_mut() = Some(frame);
        return Err(vm.err(
            &types().exc.recursion_error,
            "maximum recursion depth exceeded",
        ));
    }
    vm.depth += 1;
    let (r, frame) = vm.run_frame(frame);
    vm.depth -= 1;
    g.running.set(false);
    match r {
        Ok(Exit::Yield(v)) => {
            *g.frame.borrow_mut() = Some(frame);
            Ok(Resumed::Yielded(v))
        }
        Ok(Exit::Return(v)) => {
            // Finished: the frame goes back to the pool for the next call.
            vm.release_frame(frame);
            Ok(Resumed::Returned(v))
        }
        Err(e) => {
            vm.release_frame(frame);
            let is_async = generator.is_exact(&types().async_generator);
            let stop = e.matches(&types().exc.stop_iteration);
            if stop || (is_async && e.matches(&types().exc.stop_async_iteration)) {
                let re = vm.runtime_error(match (is_async, stop) {
                    (false, _) => "generator raised StopIteration",
                    (true, true) => "async generator raised StopIteration",
                    (true, false) => "async generator raised StopAsyncIteration",
                });
                if let Some(d) = re.data() {
                    *d.cause.borrow_mut() = Some(e.exc.clone());
                    *d.context.borrow_mut() = Some(e.exc.clone());
                }
                return Err(re);
            }
            Err(e)
        }
    }
}

/// Sends a value into the iterator a `yield from` delegates to.
pub fn send_to(vm: &mut Vm, sub: &Value, sent: Value) -> PyResult<Resumed> {
    if sub.is_exact(&types().coroutine_wrapper) {
        let coro = crate::objects::iter::await_target(sub);
        return resume(vm, &coro, Some(sent), None);
    }
    if sub.kind() == Kind::Generator {
        return resume(vm, sub, Some(sent), None);
    }
    if crate::objects::asyncgen::is_awaitable(sub) {
        return crate::objects::asyncgen::send(vm, sub, sent);
    }
    let r = if sent.is(&types().none) {
        match vm.next(sub)? {
            Some(v) => return Ok(Resumed::Yielded(v)),
            None => return Ok(Resumed::Returned(types().none.clone())),
        }
    } else {
        let m = vm.getattr_str(sub, "send")?;
        vm.call(&m, &[sent], &[])
    };
    stop_value(vm, r)
}

/// Turns a StopIteration into the delegate's return value.
fn stop_value(vm: &mut Vm, r: PyResult) -> PyResult<Resumed> {
    match r {
        Ok(v) => Ok(Resumed::Yielded(v)),
        Err(e) if e.matches(&types().exc.stop_iteration) => {
            let v = vm.getattr_str(&e.exc, "value")?;
            Ok(Resumed::Returned(v))
        }
        Err(e) => Err(e),
    }
}

/// If `frame` is suspended inside `yield from`, the delegate and the
/// instruction to continue at when it finishes.
fn delegation(frame: &Frame) -> Option<(Value, usize)> {
    let ops = &frame.code.ops;
    let back = ops.get(frame.pc)?;
    let egret_bytecode::Op::JumpBackward(top) = *back else {
        return None;
    };
    let egret_bytecode::Op::Send(exit) = *ops.get(top as usize)? else {
        return None;
    };
    Some((frame.stack.last()?.clone(), exit as usize))
}

/// `next(generator)` for iteration: None when the generator returns.
pub fn next(vm: &mut Vm, generator: &Value) -> PyResult<Option<Value>> {
    match resume(vm, generator, None, None)? {
        Resumed::Yielded(v) => Ok(Some(v)),
        Resumed::Returned(_) => Ok(None),
    }
}

/// `generator.send(v)`.
pub fn send(vm: &mut Vm, generator: &Value, v: Value) -> PyResult {
    match resume(vm, generator, Some(v), None)? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(r) => {
            Err(vm.stop_iteration(if r.is(&types().none) { None } else { Some(r) }))
        }
    }
}

/// `generator.throw(exc)`.
pub fn throw(vm: &mut Vm, generator: &Value, exc: Value) -> PyResult {
    match resume(vm, generator, None, Some(PyErr::new(exc)))? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(r) => {
            Err(vm.stop_iteration(if r.is(&types().none) { None } else { Some(r) }))
        }
    }
}

/// The exception `throw(typ[, val[, tb]])` raises, normalized as CPython
/// does: a class is called with `val` (an instance of it is used as is, a
/// tuple is spread as the arguments), and `tb` becomes its traceback.
pub fn thrown(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let t = types();
    let none = t.none.clone();
    let (typ, val, tb) = match args {
        [] => return Err(vm.type_error("throw expected at least 1 argument, got 0")),
        [typ] => (typ, none.clone(), none.clone()),
        [typ, val] => (typ, val.clone(), none.clone()),
        [typ, val, tb, ..] => (typ, val.clone(), tb.clone()),
    };
    if !tb.is(&none) && !tb.class().is(&t.traceback) {
        return Err(vm.type_error("throw() third argument must be a traceback object"));
    }
    let exc = if crate::object::types::is_type(typ)
        && typ.type_data_of_type().is_subtype(&t.exc.base_exception)
    {
        if crate::object::types::isinstance(&val, typ) {
            val
        } else if val.is(&none) {
            vm.call(typ, &[], &[])?
        } else if let Some(tup) = val.downcast::<crate::objects::tuple::TupleData>() {
            let items = tup.items.to_vec();
            vm.call(typ, &items, &[])?
        } else {
            vm.call(typ, std::slice::from_ref(&val), &[])?
        }
    } else if crate::object::types::isinstance(typ, &t.exc.base_exception) {
        if !val.is(&none) {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        typ.clone()
    } else {
        return Err(vm.type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            typ.type_data().name
        )));
    };
    if !crate::object::types::isinstance(&exc, &t.exc.base_exception) {
        let typ = vm.repr_string(typ)?;
        return Err(vm.type_error(format!(
            "calling {typ} should have returned an instance of BaseException, not {}",
            exc.type_data().name
        )));
    }
    if !tb.is(&none) {
        vm.setattr_str(&exc, "__traceback__", tb)?;
    }
    Ok(exc)
}

/// `generator.close()`.
pub fn close(vm: &mut Vm, generator: &Value) -> PyResult {
    let g = generator.downcast::<GeneratorData>().expect("generator");
    if !g.started.get() || g.frame.borrow().is_none() {
        g.frame.borrow_mut().take();
        return Ok(types().none.clone());
    }
    let exc = crate::objects::exceptions::new_exception(
        &types().exc.generator_exit,
        types().empty_tuple.clone(),
    );
    match resume(vm, generator, None, Some(PyErr::new(exc))) {
        Ok(Resumed::Yielded(_)) => Err(vm.runtime_error("generator ignored GeneratorExit")),
        Ok(Resumed::Returned(_)) => Ok(types().none.clone()),
        Err(e)
            if e.matches(&types().exc.generator_exit) || e.matches(&types().exc.stop_iteration) =>
        {
            Ok(types().none.clone())
        }
        Err(e) => Err(e),
    }
}

/// `gi_running`, `gi_suspended`, `gi_code`, `gi_frame`, `gi_yieldfrom` (`cr_` for
/// coroutines with `cr_await`, `ag_` for async generators with `ag_await`).
pub fn state_attr(v: &Value, g: &GeneratorData, n: &str) -> Option<Value> {
    let t = types();
    let prefix = if v.is_exact(&t.coroutine) {
        "cr_"
    } else if v.is_exact(&t.async_generator) {
        "ag_"
    } else {
        "gi_"
    };
    let rest = n.strip_prefix(prefix)?;
    let frame = g.frame.try_borrow().ok()?;
    match rest {
        "running" => Some(crate::vm::py_bool(g.running.get())),
        "suspended" => Some(crate::vm::py_bool(
            g.started.get() && !g.running.get() && frame.is_some(),
        )),
        "code" => Some(Value::alloc(
            &t.code,
            crate::objects::function::CodeData {
                code: g.code.clone(),
            },
        )),
        // The suspended (or not yet started) frame; None once finished.
        // (While it runs, the frame is the interpreter's: None too.)
        "frame" => Some(frame.as_ref().map_or_else(
            || t.none.clone(),
            |f| crate::objects::frameobj::object_of(f),
        )),
        "yieldfrom" if prefix == "gi_" => Some(
            frame
                .as_ref()
                .and_then(|f| delegation(f))
                .map_or_else(|| t.none.clone(), |d| d.0),
        ),
        "await" if prefix != "gi_" => Some(
            frame
                .as_ref()
                .and_then(|f| delegation(f))
                .map_or_else(|| t.none.clone(), |d| d.0),
        ),
        _ => None,
    }
}

/// Whether freeing generator `v` must close it first: it is suspended
/// inside a `try` or `with` whose cleanup the program would see.
pub fn needs_close(v: &Value) -> bool {
    let Some(g) = v.downcast::<GeneratorData>() else {
        return false;
    };
    if !g.started.get() || g.running.get() {
        return false;
    }
    let Ok(frame) = g.frame.try_borrow() else {
        return false;
    };
    frame.as_ref().is_some_and(|f| {
        let pc = f.pc.saturating_sub(1) as u32;
        f.code.code.handler_for(pc).is_some()
    })
}

/// Whether `v` is a coroutine object (the result of calling an `async def`).
pub fn is_coroutine(v: &Value) -> bool {
    v.is_exact(&types().coroutine)
}

impl Vm {
    /// `GET_AWAITABLE`: the iterator `await v` delegates to.
    pub fn get_awaitable(&mut self, v: &Value) -> PyResult {
        if is_coroutine(v) {
            return Ok(v.clone());
        }
        if let Some(g) = v.downcast::<GeneratorData>()
            && g.iterable_coroutine
        {
            return Ok(v.clone());
        }
        let ty = v.class();
        let Some(m) = ty.type_data_of_type().lookup_static("__await__") else {
            return Err(self.type_error(format!(
                "object {} can't be used in 'await' expression",
                v.type_data().name
            )));
        };
        let bound = self.bind_descriptor(&m, v, &ty)?;
        let it = self.call(&bound, &[], &[])?;
        if is_coroutine(&it) {
            return Err(self.type_error("__await__() returned a coroutine"));
        }
        let is_iter = matches!(it.kind(), Kind::Iter | Kind::Generator)
            || it.type_data().lookup_static("__next__").is_some();
        if !is_iter {
            return Err(self.type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                it.type_data().name
            )));
        }
        Ok(it)
    }
}
