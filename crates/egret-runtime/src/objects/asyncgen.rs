//! Asynchronous generators (PEP 525).
//!
//! An async generator's frame suspends for two reasons: a `yield` in its
//! body (the value is wrapped by `ASYNC_GEN_WRAP`) or an `await` passing a
//! value through to whoever drives the coroutine. `__anext__()`, `asend()`,
//! `athrow()` and `aclose()` return awaitables that resume the frame: a
//! wrapped value ends the awaitable (StopIteration carrying the value), a
//! plain one is passed on, and the frame returning ends the iteration
//! (StopAsyncIteration).

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::generator::{GeneratorData, Resumed, resume};
use crate::objects::iter::{IterData, IterState, new_iter};
use crate::objects::str_methods::add_methods;
use crate::vm::{PyErr, PyResult, Vm};

/// What an awaitable does to its generator on the first resumption.
pub enum AgOp {
    /// `__anext__()` / `asend(value)`.
    Send(Value),
    /// `athrow(exc)`.
    Throw(Value),
    /// `aclose()`: throws GeneratorExit.
    Close,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AgState {
    Init,
    Iter,
    Closed,
}

/// The state of an `asend`/`athrow` awaitable.
pub struct AgAwait {
    generator: Value,
    op: AgOp,
    state: AgState,
}

/// `[v] -> [wrapped]` of `ASYNC_GEN_WRAP`.
pub fn wrap(v: Value) -> Value {
    Value::alloc(
        &types().async_generator_wrapped_value,
        crate::objects::function::CellData {
            value: std::cell::RefCell::new(Some(v)),
        },
    )
}

fn unwrap(v: &Value) -> Option<Value> {
    if !v.is_exact(&types().async_generator_wrapped_value) {
        return None;
    }
    let c = v.downcast::<crate::objects::function::CellData>()?;
    c.value.borrow().clone()
}

fn awaitable(generator: &Value, op: AgOp) -> Value {
    let ty = match op {
        AgOp::Send(_) => &types().async_generator_asend,
        _ => &types().async_generator_athrow,
    };
    new_iter(
        ty,
        IterState::AsyncGen(Box::new(AgAwait {
            generator: generator.clone(),
            op,
            state: AgState::Init,
        })),
    )
}

fn is_finished(generator: &Value) -> bool {
    generator
        .downcast::<GeneratorData>()
        .is_some_and(|g| g.frame.borrow().is_none())
}

/// Resumes the awaitable `a` with a sent value or a thrown exception.
pub fn step(
    vm: &mut Vm,
    a: &mut AgAwait,
    sent: Option<Value>,
    throw: Option<PyErr>,
) -> PyResult<Resumed> {
    let t = types();
    let closing = matches!(a.op, AgOp::Close);
    if a.state == AgState::Closed {
        return Err(vm.runtime_error(match a.op {
            AgOp::Send(_) => "cannot reuse already awaited __anext__()/asend()",
            _ => "cannot reuse already awaited aclose()/athrow()",
        }));
    }
    let r = if a.state == AgState::Init {
        a.state = AgState::Iter;
        match (&a.op, throw) {
            (_, Some(e)) => resume(vm, &a.generator, None, Some(e)),
            (AgOp::Send(v), None) => {
                let arg = match sent {
                    Some(s) if !s.is(&t.none) => s,
                    _ => v.clone(),
                };
                resume(vm, &a.generator, Some(arg), None)
            }
            (AgOp::Throw(exc), None) => {
                if is_finished(&a.generator) {
                    a.state = AgState::Closed;
                    return Err(vm.err(&t.exc.stop_async_iteration, ""));
                }
                if sent.as_ref().is_some_and(|s| !s.is(&t.none)) {
                    return Err(
                        vm.runtime_error("can't send non-None value to a just-started coroutine")
                    );
                }
                let e = vm.exception_instance(exc.clone())?;
                resume(vm, &a.generator, None, Some(PyErr::new(e)))
            }
            (AgOp::Close, None) => {
                if is_finished(&a.generator) {
                    a.state = AgState::Closed;
                    return Err(vm.err(&t.exc.stop_async_iteration, ""));
                }
                let e = crate::objects::exceptions::new_exception(
                    &t.exc.generator_exit,
                    t.empty_tuple.clone(),
                );
                resume(vm, &a.generator, None, Some(PyErr::new(e)))
            }
        }
    } else {
        match throw {
            Some(e) => resume(vm, &a.generator, None, Some(e)),
            None => resume(
                vm,
                &a.generator,
                Some(sent.unwrap_or_else(|| t.none.clone())),
                None,
            ),
        }
    };
    match r {
        Ok(Resumed::Yielded(v)) => match unwrap(&v) {
            Some(item) => {
                a.state = AgState::Closed;
                if closing {
                    Err(vm.runtime_error("async generator ignored GeneratorExit"))
                } else {
                    Ok(Resumed::Returned(item))
                }
            }
            // An `await` inside the generator passes the value on.
            None => Ok(Resumed::Yielded(v)),
        },
        Ok(Resumed::Returned(_)) => {
            a.state = AgState::Closed;
            if closing {
                Ok(Resumed::Returned(t.none.clone()))
            } else {
                Err(vm.err(&t.exc.stop_async_iteration, ""))
            }
        }
        Err(e) => {
            a.state = AgState::Closed;
            let ends = e.matches(&t.exc.stop_async_iteration) || e.matches(&t.exc.generator_exit);
            if closing && ends {
                Ok(Resumed::Returned(t.none.clone()))
            } else {
                Err(e)
            }
        }
    }
}

/// Runs `f` on the awaitable's state, taken out of the object meanwhile.
fn with_await<R>(
    vm: &mut Vm,
    obj: &Value,
    f: impl FnOnce(&mut Vm, &mut AgAwait) -> PyResult<R>,
) -> PyResult<R> {
    let data = obj.downcast::<IterData>().expect("checked receiver");
    let st = std::mem::replace(&mut *data.state.borrow_mut(), IterState::Done);
    let IterState::AsyncGen(mut a) = st else {
        *data.state.borrow_mut() = st;
        return Err(vm.runtime_error("cannot reuse already awaited __anext__()/asend()"));
    };
    let r = f(vm, &mut a);
    *data.state.borrow_mut() = IterState::AsyncGen(a);
    r
}

/// `send` on an awaitable, for `await` delegation.
pub fn send(vm: &mut Vm, obj: &Value, sent: Value) -> PyResult<Resumed> {
    with_await(vm, obj, |vm, a| step(vm, a, Some(sent), None))
}

/// Whether `v` is an `asend`/`athrow` awaitable.
pub fn is_awaitable(v: &Value) -> bool {
    let t = types();
    v.is_exact(&t.async_generator_asend) || v.is_exact(&t.async_generator_athrow)
}

/// A Python-level result: a finished awaitable raises StopIteration.
fn finish(vm: &mut Vm, r: PyResult<Resumed>) -> PyResult {
    match r? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(v) => {
            Err(vm.stop_iteration(if v.is(&types().none) { None } else { Some(v) }))
        }
    }
}

fn check_generator(vm: &mut Vm, v: &Value, method: &str) -> PyResult<()> {
    if v.is_exact(&types().async_generator) {
        Ok(())
    } else {
        let name = vm.type_name(v);
        Err(vm.type_error(format!(
            "descriptor '{method}' for 'async_generator' objects doesn't apply to a '{name}' object"
        )))
    }
}

fn check_awaitable(vm: &mut Vm, v: &Value, method: &str) -> PyResult<()> {
    if is_awaitable(v) {
        Ok(())
    } else {
        let name = vm.type_name(v);
        Err(vm.type_error(format!(
            "descriptor '{method}' requires an async generator awaitable, not '{name}'"
        )))
    }
}

/// On an async generator's first `__anext__`, `asend`, `athrow` or
/// `aclose`: it keeps the current `sys.set_asyncgen_hooks` finalizer (called
/// instead of closing it when it is collected unfinished), and the current
/// firstiter hook is called with it.
fn init_hooks(vm: &mut Vm, agen: &Value) -> PyResult<()> {
    let Some(g) = agen.downcast::<crate::objects::generator::GeneratorData>() else {
        return Ok(());
    };
    if g.ag_hooks_inited.replace(true) {
        return Ok(());
    }
    let (firstiter, finalizer) = vm.asyncgen_hooks.clone();
    *g.ag_finalizer.borrow_mut() = finalizer;
    if let Some(f) = firstiter {
        vm.call(&f, std::slice::from_ref(agen), &[])?;
    }
    Ok(())
}

/// The finalizer an unfinished async generator hands itself to when it is
/// collected, if it has one.
pub fn finalizer_of(agen: &Value) -> Option<Value> {
    let g = agen.downcast::<crate::objects::generator::GeneratorData>()?;
    if g.frame.try_borrow().ok()?.is_none() {
        return None;
    }
    g.ag_finalizer.borrow().clone()
}

/// `finalizer_of`, given up by the generator: the hook runs once.
pub fn take_finalizer(agen: &Value) -> Option<Value> {
    finalizer_of(agen)?;
    let g = agen.downcast::<crate::objects::generator::GeneratorData>()?;
    g.ag_finalizer.borrow_mut().take()
}

/// The exception `athrow(typ[, val[, tb]])` and `throw` describe.
pub fn register_types() {
    let t = types();
    let gen_methods: &[(&'static str, NativeFn)] = &[
        ("__aiter__", |vm, a, _| {
            check_generator(vm, &a[0], "__aiter__")?;
            Ok(a[0].clone())
        }),
        ("__anext__", |vm, a, _| {
            check_generator(vm, &a[0], "__anext__")?;
            init_hooks(vm, &a[0])?;
            Ok(awaitable(&a[0], AgOp::Send(types().none.clone())))
        }),
        ("asend", |vm, a, _| {
            check_generator(vm, &a[0], "asend")?;
            if a.len() != 2 {
                return Err(vm.type_error(format!(
                    "async_generator.asend() takes exactly one argument ({} given)",
                    a.len() - 1
                )));
            }
            init_hooks(vm, &a[0])?;
            Ok(awaitable(&a[0], AgOp::Send(a[1].clone())))
        }),
        ("athrow", |vm, a, _| {
            check_generator(vm, &a[0], "athrow")?;
            if !(2..=4).contains(&a.len()) {
                return Err(vm.type_error(format!(
                    "athrow expected at least 1 argument, got {}",
                    a.len() - 1
                )));
            }
            let exc = crate::objects::generator::thrown(vm, &a[1..])?;
            init_hooks(vm, &a[0])?;
            Ok(awaitable(&a[0], AgOp::Throw(exc)))
        }),
        ("aclose", |vm, a, _| {
            check_generator(vm, &a[0], "aclose")?;
            init_hooks(vm, &a[0])?;
            Ok(awaitable(&a[0], AgOp::Close))
        }),
    ];
    add_methods(&t.async_generator, "async_generator", gen_methods);
    let await_methods: &[(&'static str, NativeFn)] = &[
        ("send", |vm, a, _| {
            check_awaitable(vm, &a[0], "send")?;
            if a.len() != 2 {
                return Err(vm.type_error(format!(
                    "send() takes exactly one argument ({} given)",
                    a.len() - 1
                )));
            }
            let sent = a[1].clone();
            let r = with_await(vm, &a[0], |vm, aw| step(vm, aw, Some(sent), None));
            finish(vm, r)
        }),
        ("throw", |vm, a, _| {
            check_awaitable(vm, &a[0], "throw")?;
            let e = crate::objects::generator::thrown(vm, &a[1..])?;
            let r = with_await(vm, &a[0], |vm, aw| step(vm, aw, None, Some(PyErr::new(e))));
            finish(vm, r)
        }),
        ("close", |vm, a, _| {
            check_awaitable(vm, &a[0], "close")?;
            with_await(vm, &a[0], |_vm, aw| {
                aw.state = AgState::Closed;
                Ok(())
            })?;
            Ok(types().none.clone())
        }),
        ("__next__", |vm, a, _| {
            check_awaitable(vm, &a[0], "__next__")?;
            let r = with_await(vm, &a[0], |vm, aw| step(vm, aw, None, None));
            finish(vm, r)
        }),
        ("__iter__", |_vm, a, _| Ok(a[0].clone())),
        ("__await__", |_vm, a, _| Ok(a[0].clone())),
    ];
    add_methods(
        &t.async_generator_asend,
        "async_generator_asend",
        await_methods,
    );
    add_methods(
        &t.async_generator_athrow,
        "async_generator_athrow",
        await_methods,
    );
}

impl Vm {
    /// `GET_AITER`: `type(v).__aiter__(v)`, which must have `__anext__`.
    pub fn get_aiter(&mut self, v: &Value) -> PyResult {
        let ty = v.class();
        let Some(m) = ty.type_data_of_type().lookup_static("__aiter__") else {
            let name = self.type_name(v);
            return Err(self.type_error(format!(
                "'async for' requires an object with __aiter__ method, got {name}"
            )));
        };
        let bound = self.bind_descriptor(&m, v, &ty)?;
        let it = self.call(&bound, &[], &[])?;
        if it
            .class()
            .type_data_of_type()
            .lookup_static("__anext__")
            .is_none()
        {
            let name = self.type_name(&it);
            return Err(self.type_error(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {name}"
            )));
        }
        Ok(it)
    }

    /// `GET_ANEXT`: the awaitable of `type(aiter).__anext__(aiter)`.
    pub fn get_anext(&mut self, aiter: &Value) -> PyResult {
        let ty = aiter.class();
        let Some(m) = ty.type_data_of_type().lookup_static("__anext__") else {
            let name = self.type_name(aiter);
            return Err(self.type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {name}"
            )));
        };
        let bound = self.bind_descriptor(&m, aiter, &ty)?;
        let next = self.call(&bound, &[], &[])?;
        if is_awaitable(&next) {
            return Ok(next);
        }
        match self.get_awaitable(&next) {
            Ok(a) => Ok(a),
            Err(e) if e.matches(&types().exc.type_error) => {
                let name = self.type_name(&next);
                Err(self.type_error(format!(
                    "'async for' received an invalid object from __anext__: {name}"
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// `BEFORE_ASYNC_WITH`: `[mgr] -> [aexit awaitable]`.
    pub fn before_async_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let ty = mgr.class();
        let td = ty.type_data_of_type();
        if td.lookup_static("__aenter__").is_none() || td.lookup_static("__aexit__").is_none() {
            let name = td.name.clone();
            return Err(self.type_error(format!(
                "'{name}' object does not support the asynchronous context manager protocol"
            )));
        }
        let enter = self.special_method(mgr, "__aenter__")?;
        let exit = self.special_method(mgr, "__aexit__")?;
        let r = self.call(&enter, &[], &[])?;
        let aw = self.awaitable_from(&r, 1)?;
        Ok((exit, aw))
    }

    /// `GET_AWAITABLE(where)`: 0 for `await`, 1 for what `__aenter__`
    /// returned, 2 for what `__aexit__` returned.
    pub fn awaitable_from(&mut self, v: &Value, source: u32) -> PyResult {
        if source == 0 || is_awaitable(v) {
            return if is_awaitable(v) {
                Ok(v.clone())
            } else {
                self.get_awaitable(v)
            };
        }
        match self.get_awaitable(v) {
            Ok(a) => Ok(a),
            Err(e)
                if e.matches(&types().exc.type_error)
                    && v.class()
                        .type_data_of_type()
                        .lookup_static("__await__")
                        .is_none() =>
            {
                let name = self.type_name(v);
                let which = if source == 1 {
                    "__aenter__"
                } else {
                    "__aexit__"
                };
                Err(self.type_error(format!(
                    "'async with' received an object from {which} that does not implement __await__: {name}"
                )))
            }
            Err(e) => Err(e),
        }
    }
}
