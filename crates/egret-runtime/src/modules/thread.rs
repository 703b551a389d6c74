//! `_thread`: locks and thread identity for a single-threaded egret.
//! Starting a thread raises NotImplementedError. Acquiring a lock that is
//! already held, without a timeout, could never succeed (no other thread
//! can release it), so it raises RuntimeError instead of hanging.

use crate::object::Value;
use crate::object::types::{InstanceData, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

fn state(v: &Value, key: &str) -> i64 {
    v.downcast::<InstanceData>()
        .and_then(|d| d.dict.downcast::<DictData>())
        .and_then(|d| d.table.borrow().get_str(key))
        .and_then(|c| c.as_small())
        .unwrap_or(0)
}

fn set_state(v: &Value, key: &str, n: i64) {
    if let Some(d) = v
        .downcast::<InstanceData>()
        .and_then(|d| d.dict.downcast::<DictData>())
    {
        d.table.borrow_mut().set_str(key, from_i64(n));
    }
}

pub fn new_lock(ty: &Value) -> Value {
    let mut t = DictTable::new();
    t.set_str("_count", from_i64(0));
    Value::alloc(
        ty,
        InstanceData {
            dict: new_dict(t).into(),
        },
    )
}

/// `lock.acquire(blocking=True, timeout=-1)`; `reentrant` for RLock.
fn acquire(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], reentrant: bool) -> PyResult {
    let this = &a[0];
    let blocking = match a.get(1).cloned().or_else(|| kwarg(k, "blocking")) {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = match a.get(2).cloned().or_else(|| kwarg(k, "timeout")) {
        Some(t) => crate::objects::float::float_of(&t)
            .or_else(|| crate::objects::int::as_f64(&t))
            .unwrap_or(-1.0),
        None => -1.0,
    };
    let count = state(this, "_count");
    if count == 0 || reentrant {
        set_state(this, "_count", count + 1);
        return Ok(py_bool(true));
    }
    if !blocking {
        return Ok(py_bool(false));
    }
    if timeout >= 0.0 {
        vm.flush_stdout();
        std::thread::sleep(std::time::Duration::from_secs_f64(timeout));
        return Ok(py_bool(false));
    }
    Err(vm.runtime_error(
        "deadlock: acquiring a lock that is already held, in a single-threaded egret program",
    ))
}

fn release(vm: &mut Vm, a: &[Value], reentrant: bool) -> PyResult {
    let count = state(&a[0], "_count");
    if count == 0 {
        return Err(vm.runtime_error(if reentrant {
            "cannot release un-acquired lock"
        } else {
            "release unlocked lock"
        }));
    }
    set_state(&a[0], "_count", count - 1);
    Ok(vm.none())
}

pub fn register_types() {
    let t = types();
    let lock_methods: &[(&'static str, NativeFn)] = &[
        ("acquire", |vm, a, k| acquire(vm, a, k, false)),
        ("acquire_lock", |vm, a, k| acquire(vm, a, k, false)),
        ("__enter__", |vm, a, k| acquire(vm, a, k, false)),
        ("release", |vm, a, _| release(vm, a, false)),
        ("release_lock", |vm, a, _| release(vm, a, false)),
        ("__exit__", |vm, a, _| release(vm, a, false)),
        ("locked", |_vm, a, _| {
            Ok(py_bool(state(&a[0], "_count") != 0))
        }),
        ("_at_fork_reinit", |vm, a, _| {
            set_state(&a[0], "_count", 0);
            Ok(vm.none())
        }),
        ("__repr__", |_vm, a, _| {
            let s = if state(&a[0], "_count") != 0 {
                "locked"
            } else {
                "unlocked"
            };
            Ok(new_str(&format!(
                "<{s} _thread.lock object at {:#x}>",
                a[0].id()
            )))
        }),
    ];
    crate::objects::str_methods::add_methods(&t.thread_lock, "lock", lock_methods);
    let rlock_methods: &[(&'static str, NativeFn)] = &[
        ("acquire", |vm, a, k| acquire(vm, a, k, true)),
        ("__enter__", |vm, a, k| acquire(vm, a, k, true)),
        ("release", |vm, a, _| release(vm, a, true)),
        ("__exit__", |vm, a, _| release(vm, a, true)),
        ("_is_owned", |_vm, a, _| {
            Ok(py_bool(state(&a[0], "_count") != 0))
        }),
        ("_recursion_count", |_vm, a, _| {
            Ok(from_i64(state(&a[0], "_count")))
        }),
        ("_at_fork_reinit", |vm, a, _| {
            set_state(&a[0], "_count", 0);
            Ok(vm.none())
        }),
        ("__new__", |_vm, a, _| Ok(new_lock(&a[0]))),
    ];
    crate::objects::str_methods::add_methods(&t.thread_rlock, "RLock", &rlock_methods[..7]);
    let new = crate::objects::function::new_builtin("__new__", rlock_methods[7].1);
    t.thread_rlock.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    for ty in [&t.thread_lock, &t.thread_rlock, &t.thread_local] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("_thread"));
    }
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("get_ident", |_vm, _a, _| Ok(from_i64(1))),
        ("get_native_id", |_vm, _a, _| {
            Ok(from_i64(i64::from(std::process::id())))
        }),
        ("allocate_lock", |_vm, _a, _| {
            Ok(new_lock(&types().thread_lock))
        }),
        ("allocate", |_vm, _a, _| Ok(new_lock(&types().thread_lock))),
        ("_set_sentinel", |_vm, _a, _| {
            Ok(new_lock(&types().thread_lock))
        }),
        ("_count", |_vm, _a, _| Ok(from_i64(0))),
        ("stack_size", |vm, a, _| {
            check_args(vm, "stack_size", a, 0, 1)?;
            Ok(from_i64(0))
        }),
        ("daemon_threads_allowed", |_vm, _a, _| Ok(py_bool(true))),
        ("interrupt_main", |vm, _a, _| {
            Err(vm.err(&types().exc.keyboard_interrupt, ""))
        }),
        (
            "exit",
            |vm, _a, _| Err(vm.err(&types().exc.system_exit, "")),
        ),
        ("start_new_thread", |vm, _a, _| {
            Err(vm.err(
                &types().exc.not_implemented_error,
                "threads are not supported by egret yet",
            ))
        }),
    ];
    super::make_module(
        "_thread",
        funcs,
        vec![
            ("LockType", t.thread_lock.clone()),
            ("lock", t.thread_lock.clone()),
            ("RLock", t.thread_rlock.clone()),
            ("_local", t.thread_local.clone()),
            ("error", t.exc.runtime_error.clone()),
            (
                "TIMEOUT_MAX",
                crate::objects::float::new_float(9_223_372_036.0),
            ),
        ],
    )
}
