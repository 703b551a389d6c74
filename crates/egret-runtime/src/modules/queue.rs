//! `_queue`: `SimpleQueue`, the unbounded FIFO queue `queue.SimpleQueue`
//! is, and the `Empty` exception. As CPython's C version, a `get` that
//! finds the queue empty waits on a lock that `put` releases, without the
//! GIL, so a `put` from another thread (or a signal handler) wakes it.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::thread::{RawLock, acquire_raw};
use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, set_new, with_state};
use crate::objects::str::{as_str, new_str};
use crate::protocols::args::{Kw, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

struct SimpleQueue {
    items: VecDeque<Value>,
    /// Held by a `get` that found the queue empty; `put` releases it.
    lock: Arc<RawLock>,
    locked: bool,
}

const WHAT: &str = "_queue.SimpleQueue";

fn state<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut SimpleQueue) -> R) -> PyResult<R> {
    with_state(vm, v, WHAT, f)
}

struct Types {
    queue: Value,
    empty: Value,
}

crate::gil_local! {
    static TYPES: std::cell::RefCell<Option<std::rc::Rc<Types>>> =
        const { std::cell::RefCell::new(None) };
}

fn module_types() -> std::rc::Rc<Types> {
    TYPES.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let ty = types();
                let mut ns = crate::objects::dict::DictTable::new();
                ns.set_str("__module__", new_str("_queue"));
                ns.set_str(
                    "__doc__",
                    new_str("Exception raised by Queue.get(block=0)/get_nowait()."),
                );
                let empty = crate::object::types::new_class(
                    &ty.type_,
                    "Empty",
                    vec![ty.exc.exception.clone()],
                    ns,
                )
                .expect("an exception class");
                let queue = native_type(WHAT);
                crate::objects::str_methods::add_methods(&queue, "SimpleQueue", METHODS);
                crate::objects::native::allow_weakrefs(&queue);
                set_new(&queue, |vm, a, k| {
                    if !k.is_empty() {
                        return Err(vm.type_error("SimpleQueue() takes no keyword arguments"));
                    }
                    if a.len() > 1 {
                        return Err(vm.type_error("SimpleQueue() takes no arguments"));
                    }
                    Ok(new_native(
                        &module_types().queue,
                        SimpleQueue {
                            items: VecDeque::new(),
                            lock: Arc::new(RawLock::new()),
                            locked: false,
                        },
                    ))
                });
                let cgi = crate::objects::function::new_builtin("__class_getitem__", |vm, a, _| {
                    crate::protocols::args::check_args(vm, "__class_getitem__", &a[1..], 1, 1)?;
                    Ok(crate::objects::alias::generic_alias(&a[0], &a[1]))
                });
                queue.type_data_of_type().dict_mut().set_str(
                    "__class_getitem__",
                    Value::alloc(
                        &ty.classmethod,
                        crate::objects::descr::WrapperData { func: cgi },
                    ),
                );
                std::rc::Rc::new(Types { queue, empty })
            })
            .clone()
    })
}

/// The `(block, timeout)` arguments of `get`/`put`, by position or name.
fn block_timeout(vm: &mut Vm, name: &str, a: &[Value], k: Kw) -> PyResult<(bool, Option<Value>)> {
    if a.len() > 2 {
        return Err(vm.type_error(format!(
            "{name}() takes at most 2 arguments ({} given)",
            a.len()
        )));
    }
    for (key, _) in k {
        let key = as_str(key).unwrap_or_default();
        if key != "block" && key != "timeout" {
            return Err(vm.type_error(format!(
                "{name}() got an unexpected keyword argument '{key}'"
            )));
        }
    }
    let block = match a.first().cloned().or_else(|| kwarg(k, "block")) {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = a
        .get(1)
        .cloned()
        .or_else(|| kwarg(k, "timeout"))
        .filter(|t| !t.is(&types().none));
    Ok((block, timeout))
}

fn put(vm: &mut Vm, this: &Value, item: Value) -> PyResult {
    state(vm, this, |q| {
        q.items.push_back(item);
        if q.locked {
            // A get() may be waiting: wake it up.
            q.locked = false;
            q.lock.release();
        }
    })?;
    Ok(vm.none())
}

fn get(vm: &mut Vm, this: &Value, block: bool, timeout: Option<Value>) -> PyResult {
    let until = match (block, timeout) {
        (true, Some(t)) => {
            let secs = match t.kind() {
                crate::object::types::Kind::Int
                | crate::object::types::Kind::Bool
                | crate::object::types::Kind::Float => super::math::f64_arg(vm, &t)?,
                _ => {
                    return Err(vm.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        t.type_data().name
                    )));
                }
            };
            if secs.is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            if secs < 0.0 {
                return Err(vm.value_error("'timeout' must be a non-negative number"));
            }
            Some(Instant::now() + Duration::from_secs_f64(secs.min(1e12)))
        }
        _ => None,
    };
    loop {
        let (empty, lock) = state(vm, this, |q| (q.items.is_empty(), q.lock.clone()))?;
        if !empty {
            break;
        }
        // First a try that keeps the GIL.
        let mut got = lock.try_acquire();
        if !got && block && until.is_none_or(|u| Instant::now() < u) {
            got = acquire_raw(vm, &lock, until)?;
        }
        if !got {
            return Err(vm.err(&module_types().empty, ""));
        }
        state(vm, this, |q| q.locked = true)?;
    }
    let item = state(vm, this, |q| {
        let item = q.items.pop_front();
        if q.locked {
            q.lock.release();
            q.locked = false;
        }
        item
    })?;
    Ok(item.unwrap_or_else(|| vm.none()))
}

const METHODS: &[(&str, NativeFn)] = &[
    ("put", |vm, a, k| {
        let item = match a.get(1).cloned().or_else(|| kwarg(k, "item")) {
            Some(v) => v,
            None => {
                return Err(vm.type_error("put() missing required argument 'item' (pos 1)"));
            }
        };
        let rest = a.get(2..).unwrap_or(&[]);
        let k: Vec<(Value, Value)> = k
            .iter()
            .filter(|(key, _)| as_str(key).is_none_or(|s| s != "item"))
            .cloned()
            .collect();
        block_timeout(vm, "put", rest, &k)?;
        put(vm, &a[0], item)
    }),
    ("put_nowait", |vm, a, k| {
        let item = match a.get(1).cloned().or_else(|| kwarg(k, "item")) {
            Some(v) if a.len() <= 2 => v,
            _ => {
                return Err(vm.type_error(format!(
                    "put_nowait() takes exactly one argument ({} given)",
                    a.len() - 1
                )));
            }
        };
        put(vm, &a[0], item)
    }),
    ("get", |vm, a, k| {
        let (block, timeout) = block_timeout(vm, "get", &a[1..], k)?;
        get(vm, &a[0], block, timeout)
    }),
    ("get_nowait", |vm, a, _| {
        crate::protocols::args::check_args(vm, "get_nowait", &a[1..], 0, 0)?;
        get(vm, &a[0], false, None)
    }),
    ("empty", |vm, a, _| {
        crate::protocols::args::check_args(vm, "empty", &a[1..], 0, 0)?;
        state(vm, &a[0], |q| py_bool(q.items.is_empty()))
    }),
    ("qsize", |vm, a, _| {
        crate::protocols::args::check_args(vm, "qsize", &a[1..], 0, 0)?;
        state(vm, &a[0], |q| from_i64(q.items.len() as i64))
    }),
];

pub fn make(vm: &mut Vm) -> Value {
    let _ = vm;
    let t = module_types();
    super::make_module(
        "_queue",
        &[],
        vec![("SimpleQueue", t.queue.clone()), ("Empty", t.empty.clone())],
    )
}
