//! `select`: waiting for file descriptors to become ready — `select()`,
//! `poll` objects and, on Linux, `epoll` objects.
//!
//! A poll object keeps its registrations in a dict (fd to event mask, in
//! registration order, which is the order `poll()` reports in); an epoll
//! object owns one epoll descriptor. Every wait retries after EINTR, running
//! the Python signal handlers first (PEP 475) and recomputing what is left of
//! the timeout; a handler that raises ends the wait with its exception.
//! Descriptors are ints or objects with a `fileno()` method, as in CPython.

use std::time::{Duration, Instant};

use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::{NativeFn, new_builtin};
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, clinic_args};
use crate::vm::{PyResult, Vm, py_bool};

crate::gil_local! {
    static TYPES: std::cell::RefCell<Option<(Value, Value)>> = const { std::cell::RefCell::new(None) };
}

/// The `select.poll` and `select.epoll` classes.
fn select_types() -> Option<(Value, Value)> {
    TYPES.with(|t| t.borrow().clone())
}

/// The descriptor behind `v`: an int, or what its `fileno()` returns.
pub fn fd_of(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = if matches!(v.kind(), Kind::Int | Kind::Bool) {
        v.clone()
    } else {
        match vm.lookup_attr(v, "fileno")? {
            Some(f) => {
                let n = vm.call(&f, &[], &[])?;
                if !matches!(n.kind(), Kind::Int | Kind::Bool) {
                    return Err(vm.type_error("fileno() returned a non-integer"));
                }
                n
            }
            None => {
                return Err(vm.type_error("argument must be an int, or have a fileno() method."));
            }
        }
    };
    let fd = vm
        .index_value(&n)
        .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
    let fd = i32::try_from(fd)
        .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
    if fd < 0 {
        return Err(vm.value_error(format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    Ok(fd)
}

/// A timeout in `unit` seconds (1 or 1e-3) as nanoseconds, with CPython's
/// errors; `None` is no timeout.
fn timeout_ns(vm: &Vm, v: &Value, unit: f64, what: &str) -> PyResult<Option<i128>> {
    if v.is(&types().none) {
        return Ok(None);
    }
    let ns_per_unit = unit * 1e9;
    if let Some(f) = crate::objects::float::float_of(v) {
        if f.is_nan() {
            return Err(vm.value_error("Invalid value NaN (not a number)"));
        }
        let ns = (f * ns_per_unit).ceil();
        if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&ns) {
            return Err(vm.overflow_error("timestamp out of range for platform time_t"));
        }
        return Ok(Some(ns as i128));
    }
    if matches!(v.kind(), Kind::Int | Kind::Bool) {
        let too_large = || vm.overflow_error("timestamp too large to convert to C _PyTime_t");
        let n = crate::objects::int::to_bigint(v).ok_or_else(too_large)?;
        let n = i128::try_from(n).map_err(|_| too_large())?;
        let ns = n.checked_mul(ns_per_unit as i128).ok_or_else(too_large)?;
        if i64::try_from(ns).is_err() {
            return Err(too_large());
        }
        return Ok(Some(ns));
    }
    Err(vm.type_error(format!("timeout must be {what}")))
}

/// Nanoseconds as whole milliseconds for poll(2), rounded up.
fn ms_of(vm: &Vm, ns: i128) -> PyResult<i32> {
    let ms = (ns + 999_999).div_euclid(1_000_000);
    i32::try_from(ms).map_err(|_| vm.overflow_error("timeout is too large"))
}

/// The deadline of a wait of `ns` nanoseconds (None: wait forever).
fn deadline(ns: Option<i128>) -> Option<Instant> {
    ns.map(|ns| Instant::now() + Duration::from_nanos(ns.max(0) as u64))
}

/// What is left until `deadline`, in milliseconds rounded up (-1: forever).
fn ms_left(deadline: Option<Instant>) -> i32 {
    match deadline {
        None => -1,
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            i32::try_from(left.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX)
        }
    }
}

/// Runs `wait` (a system call returning -1 and errno on failure) until it
/// does not fail with EINTR, running signal handlers in between.
fn retry_eintr(vm: &mut Vm, mut wait: impl FnMut() -> i32) -> PyResult<i32> {
    vm.flush_stdout();
    loop {
        // Other threads run while this one waits (errno is read before
        // the GIL is taken back: taking it may change errno).
        let (n, errno) = vm.allow_threads(|| {
            let n = wait();
            let errno = if n < 0 {
                std::io::Error::last_os_error()
                    .raw_os_error()
                    .unwrap_or(libc::EIO)
            } else {
                0
            };
            (n, errno)
        });
        if n >= 0 {
            return Ok(n);
        }
        if errno != libc::EINTR {
            return Err(super::posix::os_error(vm, errno, None, None));
        }
        super::signal::run_handlers(vm)?;
    }
}

// ----- select.select -----

fn fd_list(vm: &mut Vm, v: &Value) -> PyResult<Vec<(i32, Value)>> {
    if v.kind() == Kind::List {
        // As CPython, the list is read in place: a fileno() that shortens
        // it shortens the walk.
        let mut out = Vec::new();
        let mut i = 0;
        while i < vm.len(v)? {
            let item = vm.getitem(v, &from_i64(i as i64))?;
            out.push((select_fd(vm, &item)?, item));
            i += 1;
        }
        return Ok(out);
    }
    let items = vm.iterate(v).map_err(|e| {
        if e.matches(&types().exc.type_error) {
            vm.type_error("arguments 1-3 must be sequences")
        } else {
            e
        }
    })?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push((select_fd(vm, &item)?, item));
    }
    Ok(out)
}

/// The descriptor of an item of select()'s lists: below FD_SETSIZE.
fn select_fd(vm: &mut Vm, item: &Value) -> PyResult<i32> {
    let fd = fd_of(vm, item)?;
    if fd >= libc::FD_SETSIZE as i32 {
        return Err(vm.value_error("filedescriptor out of range in select()"));
    }
    Ok(fd)
}

fn fd_set_of(fds: &[(i32, Value)]) -> libc::fd_set {
    // SAFETY: an all-zero fd_set is a valid (empty) set; FD_ZERO makes it
    // so explicitly, and every fd was checked to be below FD_SETSIZE.
    unsafe {
        let mut set: libc::fd_set = std::mem::zeroed();
        libc::FD_ZERO(&mut set);
        for (fd, _) in fds {
            libc::FD_SET(*fd, &mut set);
        }
        set
    }
}

fn ready(fds: &[(i32, Value)], set: &libc::fd_set) -> Value {
    let items = fds
        .iter()
        // SAFETY: every fd was checked to be below FD_SETSIZE.
        .filter(|(fd, _)| unsafe { libc::FD_ISSET(*fd, set) })
        .map(|(_, v)| v.clone())
        .collect();
    new_list(items)
}

fn select(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "select", a, 3, 4)?;
    let none = vm.none();
    let timeout = timeout_ns(vm, a.get(3).unwrap_or(&none), 1.0, "a float or None")?;
    if timeout.is_some_and(|t| t < 0) {
        return Err(vm.value_error("timeout must be non-negative"));
    }
    let lists = [
        fd_list(vm, &a[0])?,
        fd_list(vm, &a[1])?,
        fd_list(vm, &a[2])?,
    ];
    let max_fd = lists
        .iter()
        .flatten()
        .map(|(fd, _)| *fd)
        .max()
        .unwrap_or(-1);
    let end = deadline(timeout);
    let mut sets = [
        fd_set_of(&lists[0]),
        fd_set_of(&lists[1]),
        fd_set_of(&lists[2]),
    ];
    let n = retry_eintr(vm, || {
        sets = [
            fd_set_of(&lists[0]),
            fd_set_of(&lists[1]),
            fd_set_of(&lists[2]),
        ];
        let mut tv = end.map(|d| {
            let left = d.saturating_duration_since(Instant::now());
            libc::timeval {
                tv_sec: left.as_secs() as libc::time_t,
                tv_usec: libc::suseconds_t::from(left.subsec_micros() as i32),
            }
        });
        let tvp = tv
            .as_mut()
            .map_or(std::ptr::null_mut(), |t| t as *mut libc::timeval);
        let [r, w, x] = &mut sets;
        // SAFETY: the sets and the timeval are valid for the call; max_fd
        // is below FD_SETSIZE.
        unsafe { libc::select(max_fd + 1, r, w, x, tvp) }
    })?;
    if n == 0 {
        let empty = || new_list(Vec::new());
        return Ok(new_tuple(vec![empty(), empty(), empty()]));
    }
    Ok(new_tuple(vec![
        ready(&lists[0], &sets[0]),
        ready(&lists[1], &sets[1]),
        ready(&lists[2], &sets[2]),
    ]))
}

// ----- poll objects -----

/// The registrations of a poll object: a dict from fd to event mask.
fn registrations(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    vm.getattr_str(this, "_egret_fds")
}

fn event_mask(vm: &mut Vm, v: Option<Value>, default: i64, max: i64) -> PyResult<i64> {
    let Some(v) = v else { return Ok(default) };
    let c = if max == i64::from(u16::MAX) {
        "unsigned short"
    } else {
        "unsigned int"
    };
    let n = match vm.index_value(&v) {
        Ok(n) => n,
        Err(e) => {
            // An int beyond 64 bits: negative or too large.
            let big = crate::objects::int::to_bigint(&v).ok_or(e)?;
            if big.sign() == num_bigint::Sign::Minus {
                return Err(vm.value_error("value must be positive"));
            }
            return Err(vm.overflow_error(format!("Python int too large for C {c}")));
        }
    };
    if n < 0 {
        return Err(vm.value_error("value must be positive"));
    }
    if n > max {
        return Err(vm.overflow_error(format!("Python int too large for C {c}")));
    }
    Ok(n)
}

const POLL_DEFAULT: i64 = (libc::POLLIN | libc::POLLPRI | libc::POLLOUT) as i64;

fn poll_register(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [fd, mask] = clinic_args(vm, "register", &a[1..], k, ["fd", "eventmask"], 1)?;
    let fd = fd_of(vm, &fd.unwrap_or_else(|| vm.none()))?;
    let mask = event_mask(vm, mask, POLL_DEFAULT, i64::from(u16::MAX))?;
    let d = registrations(vm, &a[0])?;
    vm.setitem(&d, from_i64(i64::from(fd)), from_i64(mask))?;
    Ok(vm.none())
}

fn poll_modify(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "modify", &a[1..], 2, 2)?;
    let fd = fd_of(vm, &a[1])?;
    let mask = event_mask(vm, Some(a[2].clone()), 0, i64::from(u16::MAX))?;
    let d = registrations(vm, &a[0])?;
    let key = from_i64(i64::from(fd));
    if !vm.contains(&d, &key)? {
        return Err(super::posix::os_error(vm, libc::ENOENT, None, None));
    }
    vm.setitem(&d, key, from_i64(mask))?;
    Ok(vm.none())
}

fn poll_unregister(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "unregister", &a[1..], 1, 1)?;
    let fd = fd_of(vm, &a[1])?;
    let d = registrations(vm, &a[0])?;
    let key = from_i64(i64::from(fd));
    if !vm.contains(&d, &key)? {
        return Err(vm.key_error(a[1].clone()));
    }
    vm.delitem(&d, &key)?;
    Ok(vm.none())
}

fn poll_poll(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [timeout] = clinic_args(vm, "poll", &a[1..], k, ["timeout"], 0)?;
    let timeout = match timeout {
        Some(t) => timeout_ns(vm, &t, 1e-3, "an integer or None")?,
        None => None,
    };
    let timeout = match timeout {
        Some(ns) if ns >= 0 => {
            ms_of(vm, ns)?;
            Some(ns)
        }
        _ => None,
    };
    let d = registrations(vm, &a[0])?;
    let entries = d
        .downcast::<DictData>()
        .map(|dd| dd.table.borrow().items())
        .unwrap_or_default();
    let mut fds = Vec::with_capacity(entries.len());
    for (fd, mask) in &entries {
        fds.push(libc::pollfd {
            fd: fd.as_small().unwrap_or(-1) as i32,
            events: mask.as_small().unwrap_or(0) as libc::c_short,
            revents: 0,
        });
    }
    let end = deadline(timeout);
    retry_eintr(vm, || {
        for p in &mut fds {
            p.revents = 0;
        }
        // SAFETY: `fds` holds fds.len() initialised pollfd structs.
        unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms_left(end)) }
    })?;
    let out = fds
        .iter()
        .filter(|p| p.revents != 0)
        .map(|p| {
            new_tuple(vec![
                from_i64(i64::from(p.fd)),
                from_i64(i64::from(p.revents as u16)),
            ])
        })
        .collect();
    Ok(new_list(out))
}

// ----- epoll objects -----

const CLOSED: i64 = -1;

/// The epoll descriptor of `this`, or ValueError once closed.
fn epoll_fd(vm: &mut Vm, this: &Value) -> PyResult<i32> {
    let fd = vm
        .getattr_str(this, "_egret_epfd")?
        .as_small()
        .unwrap_or(CLOSED);
    if fd < 0 {
        return Err(vm.value_error("I/O operation on closed epoll object"));
    }
    Ok(fd as i32)
}

fn new_epoll(vm: &mut Vm, cls: &Value, fd: i32) -> PyResult {
    let mut t = DictTable::new();
    t.set_str("_egret_epfd", from_i64(i64::from(fd)));
    let _ = vm;
    Ok(Value::alloc(cls, InstanceData::with_dict(new_dict(t))))
}

fn epoll_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [sizehint, flags] = clinic_args(vm, "epoll", &a[1..], k, ["sizehint", "flags"], 0)?;
    if let Some(s) = sizehint {
        let s = vm.index_value(&s)?;
        if s == 0 || s < -1 {
            return Err(vm.value_error("negative sizehint"));
        }
    }
    if let Some(f) = flags {
        let f = vm.index_value(&f)?;
        if f != 0 && f != i64::from(libc::EPOLL_CLOEXEC) {
            return Err(super::posix::os_error(vm, libc::EINVAL, None, None));
        }
    }
    // SAFETY: epoll_create1 has no memory-safety preconditions.
    let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if fd < 0 {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(super::posix::os_error(vm, e, None, None));
    }
    new_epoll(vm, &a[0], fd)
}

fn epoll_close(vm: &mut Vm, this: &Value) -> PyResult {
    let fd = vm
        .getattr_str(this, "_egret_epfd")?
        .as_small()
        .unwrap_or(CLOSED);
    if fd >= 0 {
        vm.setattr_str(this, "_egret_epfd", from_i64(CLOSED))?;
        // SAFETY: the object owns this descriptor and forgets it here.
        if unsafe { libc::close(fd as i32) } != 0 {
            let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            return Err(super::posix::os_error(vm, e, None, None));
        }
    }
    Ok(vm.none())
}

fn epoll_ctl(vm: &mut Vm, this: &Value, op: i32, fd: &Value, mask: u32) -> PyResult {
    let epfd = epoll_fd(vm, this)?;
    let fd = fd_of(vm, fd)?;
    let mut ev = libc::epoll_event {
        events: mask,
        u64: fd as u64,
    };
    // SAFETY: `ev` is a valid epoll_event for the call.
    if unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) } != 0 {
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(super::posix::os_error(vm, e, None, None));
    }
    Ok(vm.none())
}

const EPOLL_DEFAULT: i64 = (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as i64;

fn epoll_register(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [fd, mask] = clinic_args(vm, "register", &a[1..], k, ["fd", "eventmask"], 1)?;
    let mask = event_mask(vm, mask, EPOLL_DEFAULT, i64::from(u32::MAX))?;
    let fd = fd.unwrap_or_else(|| vm.none());
    epoll_ctl(vm, &a[0], libc::EPOLL_CTL_ADD, &fd, mask as u32)
}

fn epoll_modify(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [fd, mask] = clinic_args(vm, "modify", &a[1..], k, ["fd", "eventmask"], 2)?;
    let mask = event_mask(vm, mask, 0, i64::from(u32::MAX))?;
    let fd = fd.unwrap_or_else(|| vm.none());
    epoll_ctl(vm, &a[0], libc::EPOLL_CTL_MOD, &fd, mask as u32)
}

fn epoll_unregister(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [fd] = clinic_args(vm, "unregister", &a[1..], k, ["fd"], 1)?;
    let fd = fd.unwrap_or_else(|| vm.none());
    epoll_ctl(vm, &a[0], libc::EPOLL_CTL_DEL, &fd, 0)
}

fn epoll_poll(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [timeout, maxevents] = clinic_args(vm, "poll", &a[1..], k, ["timeout", "maxevents"], 0)?;
    let epfd = epoll_fd(vm, &a[0])?;
    let timeout = match timeout {
        Some(t) => timeout_ns(vm, &t, 1.0, "an integer or None")?,
        None => None,
    };
    let timeout = match timeout {
        Some(ns) if ns >= 0 => {
            ms_of(vm, ns)?;
            Some(ns)
        }
        _ => None,
    };
    let max = match maxevents {
        Some(m) => vm.index_value(&m)?,
        None => -1,
    };
    let max = if max == -1 {
        libc::FD_SETSIZE as i64 - 1
    } else if max < 1 {
        return Err(vm.value_error(format!("maxevents must be greater than 0, got {max}")));
    } else {
        max.min(1 << 20)
    };
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; max as usize];
    let end = deadline(timeout);
    let n = retry_eintr(vm, || {
        // SAFETY: `events` has room for `max` events.
        unsafe { libc::epoll_wait(epfd, events.as_mut_ptr(), max as i32, ms_left(end)) }
    })?;
    let out = events
        .iter()
        .take(n as usize)
        .map(|e| {
            let (fd, ev) = (e.u64, e.events);
            new_tuple(vec![from_i64(fd as i32 as i64), from_i64(i64::from(ev))])
        })
        .collect();
    Ok(new_list(out))
}

fn make_types(vm: &mut Vm) -> PyResult<(Value, Value)> {
    let t = types();
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("select"));
    let poll = crate::object::types::new_class(&t.type_, "poll", vec![], ns)
        .map_err(|e| vm.type_error(e))?;
    let poll_methods: &[(&'static str, NativeFn)] = &[
        ("register", poll_register),
        ("modify", |vm, a, _| poll_modify(vm, a)),
        ("unregister", |vm, a, _| poll_unregister(vm, a)),
        ("poll", poll_poll),
    ];
    crate::objects::str_methods::add_methods(&poll, "poll", poll_methods);
    // Poll objects come from select.poll() only.
    poll.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData {
                func: new_builtin("__new__", |vm, _a, _| {
                    Err(vm.type_error("cannot create 'select.poll' instances"))
                }),
            },
        ),
    );

    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("select"));
    let epoll = crate::object::types::new_class(&t.type_, "epoll", vec![], ns)
        .map_err(|e| vm.type_error(e))?;
    let epoll_methods: &[(&'static str, NativeFn)] = &[
        ("register", epoll_register),
        ("modify", epoll_modify),
        ("unregister", epoll_unregister),
        ("poll", epoll_poll),
        ("close", |vm, a, _| epoll_close(vm, &a[0])),
        ("fileno", |vm, a, _| {
            Ok(from_i64(i64::from(epoll_fd(vm, &a[0])?)))
        }),
        ("__enter__", |vm, a, _| {
            epoll_fd(vm, &a[0])?;
            Ok(a[0].clone())
        }),
        ("__exit__", |vm, a, _| epoll_close(vm, &a[0])),
        ("__del__", |vm, a, _| epoll_close(vm, &a[0])),
    ];
    crate::objects::str_methods::add_methods(&epoll, "epoll", epoll_methods);
    epoll.type_data_of_type().set_has_finalizer(true);
    let td = epoll.type_data_of_type();
    let wrap =
        |ty: &Value, f: Value| Value::alloc(ty, crate::objects::descr::WrapperData { func: f });
    td.dict_mut().set_str(
        "__new__",
        wrap(&t.staticmethod, new_builtin("__new__", epoll_new)),
    );
    td.dict_mut().set_str(
        "fromfd",
        wrap(
            &t.classmethod,
            new_builtin("fromfd", |vm, a, _| {
                check_args(vm, "fromfd", &a[1..], 1, 1)?;
                let fd = vm.index_value(&a[1])?;
                let fd = i32::try_from(fd)
                    .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
                new_epoll(vm, &a[0], fd)
            }),
        ),
    );
    let closed = new_builtin("closed", |vm, a, _| {
        check_args(vm, "closed", a, 1, 1)?;
        let fd = vm
            .getattr_str(&a[0], "_egret_epfd")?
            .as_small()
            .unwrap_or(CLOSED);
        Ok(py_bool(fd < 0))
    });
    let prop = vm.call(&t.property, &[closed], &[])?;
    td.dict_mut().set_str("closed", prop);
    Ok((poll, epoll))
}

pub fn make(vm: &mut Vm) -> Value {
    let (poll, epoll) = match select_types() {
        Some(ts) => ts,
        None => {
            let ts = make_types(vm).expect("select types");
            TYPES.with(|t| *t.borrow_mut() = Some(ts.clone()));
            ts
        }
    };
    let funcs: &[(&'static str, NativeFn)] = &[
        ("select", |vm, a, _| select(vm, a)),
        ("poll", |vm, a, _| {
            check_args(vm, "poll", a, 0, 0)?;
            let Some((poll, _)) = select_types() else {
                return Err(vm.runtime_error("select is not initialised"));
            };
            let mut t = DictTable::new();
            t.set_str("_egret_fds", new_dict(DictTable::new()));
            Ok(Value::alloc(&poll, InstanceData::with_dict(new_dict(t))))
        }),
    ];
    let mut values: Vec<(&str, Value)> =
        vec![("error", types().exc.os_error.clone()), ("epoll", epoll)];
    let _ = poll;
    let consts: &[(&str, i64)] = &[
        ("PIPE_BUF", libc::PIPE_BUF as i64),
        ("POLLIN", libc::POLLIN.into()),
        ("POLLPRI", libc::POLLPRI.into()),
        ("POLLOUT", libc::POLLOUT.into()),
        ("POLLERR", libc::POLLERR.into()),
        ("POLLHUP", libc::POLLHUP.into()),
        ("POLLNVAL", libc::POLLNVAL.into()),
        ("POLLRDNORM", libc::POLLRDNORM.into()),
        ("POLLRDBAND", libc::POLLRDBAND.into()),
        ("POLLWRNORM", libc::POLLWRNORM.into()),
        ("POLLWRBAND", libc::POLLWRBAND.into()),
        ("POLLMSG", 0x400),
        ("POLLRDHUP", libc::POLLRDHUP.into()),
        ("EPOLLIN", libc::EPOLLIN.into()),
        ("EPOLLOUT", libc::EPOLLOUT.into()),
        ("EPOLLPRI", libc::EPOLLPRI.into()),
        ("EPOLLERR", libc::EPOLLERR.into()),
        ("EPOLLHUP", libc::EPOLLHUP.into()),
        ("EPOLLET", (libc::EPOLLET as u32).into()),
        ("EPOLLONESHOT", libc::EPOLLONESHOT.into()),
        ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE.into()),
        ("EPOLLRDHUP", libc::EPOLLRDHUP.into()),
        ("EPOLLRDNORM", libc::EPOLLRDNORM.into()),
        ("EPOLLRDBAND", libc::EPOLLRDBAND.into()),
        ("EPOLLWRNORM", libc::EPOLLWRNORM.into()),
        ("EPOLLWRBAND", libc::EPOLLWRBAND.into()),
        ("EPOLLMSG", libc::EPOLLMSG.into()),
        ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC.into()),
    ];
    for (n, v) in consts {
        values.push((n, from_i64(*v)));
    }
    super::make_module("select", funcs, values)
}
