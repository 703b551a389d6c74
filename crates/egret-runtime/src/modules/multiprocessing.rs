//! `_multiprocessing`: `SemLock`, the POSIX named semaphore under
//! `multiprocessing`'s locks, semaphores, conditions, queues and pools
//! (shared with child processes by `fork`, or re-opened by name), and
//! `sem_unlink`. Waits let other threads run, and on the main thread a
//! signal interrupts them to run its Python handler (PEP 475).

use std::time::Duration;

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, set_new, with_state};
use crate::objects::str::{as_str, new_str};
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

const RECURSIVE_MUTEX: i64 = 0;
const SEMAPHORE: i64 = 1;
/// `SemLock.SEM_VALUE_MAX`: Linux's `SEM_VALUE_MAX`.
const SEM_VALUE_MAX: i64 = i32::MAX as i64;

struct SemLock {
    handle: *mut libc::sem_t,
    kind: i64,
    maxvalue: i64,
    /// None once unlinked at creation (the name is then of no use).
    name: Option<String>,
    /// How many times this process holds it (a recursive mutex's depth).
    count: i64,
    /// The thread that took it last.
    last_tid: u64,
}

impl Drop for SemLock {
    fn drop(&mut self) {
        // SAFETY: the handle came from sem_open and is closed once.
        unsafe { libc::sem_close(self.handle) };
    }
}

impl SemLock {
    fn is_mine(&self) -> bool {
        self.count > 0 && self.last_tid == crate::gil::ident()
    }
}

const WHAT: &str = "_multiprocessing.SemLock";

fn state<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut SemLock) -> R) -> PyResult<R> {
    with_state(vm, v, WHAT, f)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn os_error(vm: &Vm, err: i32) -> crate::vm::PyErr {
    super::posix::os_error(vm, err, None, None)
}

fn c_name(vm: &Vm, name: &str) -> PyResult<std::ffi::CString> {
    std::ffi::CString::new(name).map_err(|_| vm.value_error("embedded null character"))
}

fn semlock_type() -> Value {
    crate::gil_local! {
        static TY: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(t) = TY.with(|t| t.borrow().clone()) {
        return t;
    }
    let ty = native_type(WHAT);
    crate::objects::str_methods::add_methods(&ty, "SemLock", METHODS);
    set_new(&ty, semlock_new);
    {
        let td = ty.type_data_of_type();
        let mut d = td.dict_mut();
        d.set_str("SEM_VALUE_MAX", from_i64(SEM_VALUE_MAX));
        let getters: [(&'static str, NativeFn); 4] = [
            ("handle", |vm, a, _| {
                state(vm, &a[0], |s| from_i64(s.handle as i64))
            }),
            ("kind", |vm, a, _| state(vm, &a[0], |s| from_i64(s.kind))),
            ("maxvalue", |vm, a, _| {
                state(vm, &a[0], |s| from_i64(s.maxvalue))
            }),
            ("name", |vm, a, _| {
                let n = state(vm, &a[0], |s| s.name.clone())?;
                Ok(n.map_or_else(|| vm.none(), |n| new_str(&n)))
            }),
        ];
        for (name, get) in getters {
            d.set_str(name, crate::objects::descr::getter(name, get));
        }
        let rebuild = crate::objects::function::new_builtin("_rebuild", semlock_rebuild);
        d.set_str(
            "_rebuild",
            Value::alloc(
                &types().classmethod,
                crate::objects::descr::WrapperData { func: rebuild },
            ),
        );
    }
    TY.with(|t| *t.borrow_mut() = Some(ty.clone()));
    ty
}

/// The arguments of `name(...)` bound to `params` by position or keyword.
fn bind(vm: &Vm, name: &str, params: &[&str], a: &[Value], k: Kw) -> PyResult<Vec<Value>> {
    if a.len() > params.len() {
        return Err(vm.type_error(format!(
            "{name}() takes at most {} arguments ({} given)",
            params.len(),
            a.len()
        )));
    }
    let mut out = Vec::with_capacity(params.len());
    for (i, p) in params.iter().enumerate() {
        match (a.get(i).cloned(), kwarg(k, p)) {
            (Some(_), Some(_)) => {
                return Err(vm.type_error(format!(
                    "argument for {name}() given by name ('{p}') and position ({})",
                    i + 1
                )));
            }
            (Some(v), None) | (None, Some(v)) => out.push(v),
            (None, None) => {
                return Err(vm.type_error(format!(
                    "{name}() missing required argument '{p}' (pos {})",
                    i + 1
                )));
            }
        }
    }
    for (key, _) in k {
        let key = as_str(key).unwrap_or_default();
        if !params.contains(&key) {
            return Err(vm.type_error(format!(
                "'{key}' is an invalid keyword argument for {name}()"
            )));
        }
    }
    Ok(out)
}

fn int_of(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    vm.index_value(v)
}

fn str_arg(vm: &Vm, func: &str, v: &Value) -> PyResult<String> {
    as_str(v).map(|s| s.to_string()).ok_or_else(|| {
        vm.type_error(format!(
            "{func}() argument 'name' must be str, not {}",
            v.type_data().name
        ))
    })
}

/// `SemLock(kind, value, maxvalue, name, unlink)`.
fn semlock_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = bind(
        vm,
        "SemLock",
        &["kind", "value", "maxvalue", "name", "unlink"],
        a.get(1..).unwrap_or(&[]),
        k,
    )?;
    let kind = int_of(vm, &args[0])?;
    let value = int_of(vm, &args[1])?;
    let maxvalue = int_of(vm, &args[2])?;
    let name = str_arg(vm, "SemLock", &args[3])?;
    let unlink = vm.index_value(&args[4])? != 0;
    if kind != RECURSIVE_MUTEX && kind != SEMAPHORE {
        return Err(vm.value_error("unrecognized kind"));
    }
    let cname = c_name(vm, &name)?;
    let value = libc::c_uint::try_from(value).map_err(|_| os_error(vm, libc::EINVAL))?;
    // SAFETY: a NUL-terminated name; sem_open's variadic mode and value
    // are passed as the C types it reads.
    let handle = unsafe {
        libc::sem_open(
            cname.as_ptr(),
            libc::O_CREAT | libc::O_EXCL,
            0o600 as libc::c_uint,
            value,
        )
    };
    if handle == libc::SEM_FAILED {
        return Err(os_error(vm, errno()));
    }
    let lock = SemLock {
        handle,
        kind,
        maxvalue,
        name: (!unlink).then_some(name),
        count: 0,
        last_tid: 0,
    };
    // SAFETY: as above.
    if unlink && unsafe { libc::sem_unlink(cname.as_ptr()) } < 0 {
        let err = errno();
        drop(lock);
        return Err(os_error(vm, err));
    }
    Ok(new_native(&semlock_type(), lock))
}

/// `SemLock._rebuild(handle, kind, maxvalue, name)`: the lock a child
/// process gets (re-opened by name when it has one).
fn semlock_rebuild(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_rebuild", a, 5, 5)?;
    let mut handle = int_of(vm, &a[1])? as usize as *mut libc::sem_t;
    let kind = int_of(vm, &a[2])?;
    let maxvalue = int_of(vm, &a[3])?;
    let name = if a[4].is(&vm.none()) {
        None
    } else {
        Some(str_arg(vm, "_rebuild", &a[4])?)
    };
    if let Some(n) = &name {
        let cname = c_name(vm, n)?;
        // SAFETY: a NUL-terminated name, opening an existing semaphore.
        handle = unsafe { libc::sem_open(cname.as_ptr(), 0) };
        if handle == libc::SEM_FAILED {
            return Err(os_error(vm, errno()));
        }
    }
    Ok(new_native(
        &semlock_type(),
        SemLock {
            handle,
            kind,
            maxvalue,
            name,
            count: 0,
            last_tid: 0,
        },
    ))
}

/// `acquire(block=True, timeout=None)`.
fn acquire(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let this = &a[0];
    let rest = a.get(1..).unwrap_or(&[]);
    if rest.len() > 2 {
        return Err(vm.type_error(format!(
            "acquire() takes at most 2 arguments ({} given)",
            rest.len()
        )));
    }
    for (key, _) in k {
        let key = as_str(key).unwrap_or_default();
        if key != "block" && key != "timeout" {
            return Err(vm.type_error(format!(
                "'{key}' is an invalid keyword argument for acquire()"
            )));
        }
    }
    let block = match rest.first().cloned().or_else(|| kwarg(k, "block")) {
        Some(b) => vm.index_value(&b)? != 0,
        None => true,
    };
    let timeout = match rest.get(1).cloned().or_else(|| kwarg(k, "timeout")) {
        Some(t) if !t.is(&vm.none()) => Some(super::math::f64_arg(vm, &t)?.max(0.0)),
        _ => None,
    };
    let (mine, handle) = state(vm, this, |s| {
        if s.kind == RECURSIVE_MUTEX && s.is_mine() {
            s.count += 1;
            (true, s.handle)
        } else {
            (false, s.handle)
        }
    })?;
    if mine {
        return Ok(py_bool(true));
    }
    // The deadline is on the real-time clock, as sem_timedwait reads it.
    let deadline = timeout.map(|t| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let d = now + Duration::from_secs_f64(t.min(1e12));
        libc::timespec {
            tv_sec: d.as_secs() as libc::time_t,
            tv_nsec: libc::c_long::from(d.subsec_nanos() as i32),
        }
    });
    let handle_addr = handle as usize;
    // First without letting go of the GIL.
    let mut res;
    let mut err;
    loop {
        // SAFETY: a live semaphore handle.
        res = unsafe { libc::sem_trywait(handle) };
        err = errno();
        if res < 0 && err == libc::EINTR {
            super::signal::run_handlers(vm)?;
            continue;
        }
        break;
    }
    if res < 0 && err == libc::EAGAIN && block {
        loop {
            (res, err) = vm.allow_threads(|| {
                let h = handle_addr as *mut libc::sem_t;
                // SAFETY: the handle stays open: the SemLock object is
                // alive in the caller's arguments.
                let r = unsafe {
                    match &deadline {
                        None => libc::sem_wait(h),
                        Some(d) => libc::sem_timedwait(h, d),
                    }
                };
                (r, errno())
            });
            if res < 0 && err == libc::EINTR {
                super::signal::run_handlers(vm)?;
                continue;
            }
            break;
        }
    }
    if res < 0 {
        if err == libc::EAGAIN || err == libc::ETIMEDOUT {
            return Ok(py_bool(false));
        }
        return Err(os_error(vm, err));
    }
    state(vm, this, |s| {
        s.count += 1;
        s.last_tid = crate::gil::ident();
    })?;
    Ok(py_bool(true))
}

fn release(vm: &mut Vm, a: &[Value]) -> PyResult {
    enum Step {
        Done,
        Post(*mut libc::sem_t),
        NotOwned,
        TooMany,
        Failed(i32),
    }
    let step = state(vm, &a[0], |s| {
        if s.kind == RECURSIVE_MUTEX {
            if !s.is_mine() {
                return Step::NotOwned;
            }
            if s.count > 1 {
                s.count -= 1;
                return Step::Done;
            }
        } else {
            let mut sval: libc::c_int = 0;
            // SAFETY: a live semaphore handle; sval is written.
            if unsafe { libc::sem_getvalue(s.handle, &mut sval) } < 0 {
                return Step::Failed(errno());
            }
            if i64::from(sval) >= s.maxvalue {
                return Step::TooMany;
            }
        }
        Step::Post(s.handle)
    })?;
    match step {
        Step::Done => Ok(vm.none()),
        Step::NotOwned => Err(vm.err(
            &types().exc.assertion_error,
            "attempt to release recursive lock not owned by thread",
        )),
        Step::TooMany => Err(vm.value_error("semaphore or lock released too many times")),
        Step::Failed(e) => Err(os_error(vm, e)),
        Step::Post(h) => {
            // SAFETY: a live semaphore handle.
            if unsafe { libc::sem_post(h) } < 0 {
                return Err(os_error(vm, errno()));
            }
            state(vm, &a[0], |s| s.count -= 1)?;
            Ok(vm.none())
        }
    }
}

fn get_value(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let (r, sval) = state(vm, v, |s| {
        let mut sval: libc::c_int = 0;
        // SAFETY: a live semaphore handle; sval is written.
        let r = unsafe { libc::sem_getvalue(s.handle, &mut sval) };
        (r, sval)
    })?;
    if r < 0 {
        return Err(os_error(vm, errno()));
    }
    Ok(i64::from(sval.max(0)))
}

const METHODS: &[(&str, NativeFn)] = &[
    ("acquire", acquire),
    ("release", |vm, a, _| release(vm, a)),
    ("__enter__", |vm, a, _| acquire(vm, &a[..1], &[])),
    ("__exit__", |vm, a, _| release(vm, &a[..1])),
    ("_count", |vm, a, _| state(vm, &a[0], |s| from_i64(s.count))),
    ("_is_mine", |vm, a, _| {
        state(vm, &a[0], |s| py_bool(s.is_mine()))
    }),
    ("_get_value", |vm, a, _| Ok(from_i64(get_value(vm, &a[0])?))),
    ("_is_zero", |vm, a, _| {
        Ok(py_bool(get_value(vm, &a[0])? == 0))
    }),
    ("_after_fork", |vm, a, _| {
        state(vm, &a[0], |s| s.count = 0)?;
        Ok(vm.none())
    }),
];

pub fn make(vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[("sem_unlink", |vm, a, _| {
        check_args(vm, "sem_unlink", a, 1, 1)?;
        let name = str_arg(vm, "sem_unlink", &a[0])?;
        let cname = c_name(vm, &name)?;
        // SAFETY: a NUL-terminated name.
        if unsafe { libc::sem_unlink(cname.as_ptr()) } < 0 {
            return Err(os_error(vm, errno()));
        }
        Ok(vm.none())
    })];
    let mut t = crate::objects::dict::DictTable::new();
    t.set_str("HAVE_SEM_OPEN", from_i64(1));
    t.set_str("HAVE_SEM_TIMEDWAIT", from_i64(1));
    let flags = crate::objects::dict::new_dict(t);
    let _ = vm;
    super::make_module(
        "_multiprocessing",
        funcs,
        vec![("SemLock", semlock_type()), ("flags", flags)],
    )
}
