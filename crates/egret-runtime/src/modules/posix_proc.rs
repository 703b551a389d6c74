//! The part of `posix` that deals with processes and the descriptors shared
//! with them: pipes, dup, inheritability and blocking flags, waiting for
//! children and decoding their wait status, process groups and sessions.
//! Calls that can be interrupted retry after running the Python signal
//! handlers (PEP 475).

use crate::object::Value;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn last_error(vm: &Vm) -> crate::vm::PyErr {
    super::posix::os_error(vm, errno(), None, None)
}

/// `os.fsync(fd)`/`fdatasync`: a descriptor, or an object with `fileno()`.
fn sync_fd(vm: &mut Vm, v: &Value, sync: fn(i32) -> i32) -> PyResult {
    let fd = if crate::objects::int::to_bigint(v).is_some() {
        fd_arg(vm, v)?
    } else {
        let n = vm.call_method(v, "fileno", &[])?;
        fd_arg(vm, &n)?
    };
    if sync(fd) < 0 {
        return Err(last_error(vm));
    }
    Ok(vm.none())
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_value(v)?;
    i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_value(v)?;
    i32::try_from(n).map_err(|_| vm.overflow_error("signed integer is greater than maximum"))
}

/// Runs `call` until it does not fail with EINTR, running the Python
/// signal handlers in between.
pub fn retry_eintr<T: PartialOrd + Default>(
    vm: &mut Vm,
    mut call: impl FnMut() -> T,
) -> PyResult<T> {
    loop {
        // Other threads run during the call; errno is read before the
        // GIL is taken back (taking it may change errno).
        let (r, err) = vm.allow_threads(|| {
            let r = call();
            let err = if r >= T::default() { 0 } else { errno() };
            (r, err)
        });
        if r >= T::default() {
            return Ok(r);
        }
        if err != libc::EINTR {
            return Err(super::posix::os_error(vm, err, None, None));
        }
        super::signal::run_handlers(vm)?;
    }
}

fn get_inheritable(vm: &mut Vm, fd: i32) -> PyResult<bool> {
    // SAFETY: fcntl on a descriptor number has no memory-safety preconditions.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if flags < 0 {
        return Err(last_error(vm));
    }
    Ok(flags & libc::FD_CLOEXEC == 0)
}

fn set_fd_flag(vm: &mut Vm, fd: i32, get: i32, set: i32, flag: i32, on: bool) -> PyResult {
    // SAFETY: fcntl on a descriptor number has no memory-safety preconditions.
    let flags = unsafe { libc::fcntl(fd, get) };
    if flags < 0 {
        return Err(last_error(vm));
    }
    let new = if on { flags | flag } else { flags & !flag };
    // SAFETY: as above.
    if new != flags && unsafe { libc::fcntl(fd, set, new) } < 0 {
        return Err(last_error(vm));
    }
    Ok(vm.none())
}

fn pipe(vm: &mut Vm, flags: i32) -> PyResult {
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 writes two descriptors into `fds`.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } != 0 {
        return Err(last_error(vm));
    }
    Ok(new_tuple(vec![
        from_i64(i64::from(fds[0])),
        from_i64(i64::from(fds[1])),
    ]))
}

fn dup2(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "dup2", a, 2, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let fd2 = fd_arg(vm, &a[1])?;
    let inheritable = match a.get(2).cloned().or_else(|| kwarg(k, "inheritable")) {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let flags = if inheritable { 0 } else { libc::O_CLOEXEC };
    let r = if fd == fd2 {
        // dup3 refuses equal descriptors; dup2 checks fd is open.
        // SAFETY: dup2 takes descriptor numbers only.
        unsafe { libc::dup2(fd, fd2) }
    } else {
        // SAFETY: dup3 takes descriptor numbers only.
        unsafe { libc::dup3(fd, fd2, flags) }
    };
    if r < 0 {
        return Err(last_error(vm));
    }
    Ok(from_i64(i64::from(r)))
}

fn waitpid(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "waitpid", a, 2, 2)?;
    let pid = int_arg(vm, &a[0])?;
    let options = int_arg(vm, &a[1])?;
    let mut status = 0;
    vm.flush_stdout();
    // SAFETY: waitpid writes the status into `status`.
    let r = retry_eintr(vm, || unsafe { libc::waitpid(pid, &mut status, options) })?;
    Ok(new_tuple(vec![
        from_i64(i64::from(r)),
        from_i64(i64::from(status)),
    ]))
}

fn status_arg(vm: &mut Vm, a: &[Value], k: Kw, name: &str) -> PyResult<i32> {
    let v = match a.first().cloned().or_else(|| kwarg(k, "status")) {
        Some(v) => v,
        None => {
            return Err(vm.type_error(format!(
                "{name}() missing required argument 'status' (pos 1)"
            )));
        }
    };
    int_arg(vm, &v)
}

crate::gil_local! {
    /// `os.register_at_fork`'s callables: before, after_in_child,
    /// after_in_parent, each in registration order.
    static AT_FORK: std::cell::RefCell<[Vec<Value>; 3]> =
        std::cell::RefCell::new([Vec::new(), Vec::new(), Vec::new()]);
}

/// `os.register_at_fork(*, before=None, after_in_child=None,
/// after_in_parent=None)`.
fn register_at_fork(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    if !a.is_empty() {
        return Err(vm.type_error("register_at_fork() takes no positional arguments"));
    }
    const NAMES: [&str; 3] = ["before", "after_in_child", "after_in_parent"];
    let mut given: [Option<Value>; 3] = [None, None, None];
    for (key, v) in k {
        let key = crate::objects::str::as_str(key).unwrap_or_default();
        match NAMES.iter().position(|n| *n == key) {
            Some(i) => given[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for register_at_fork()"
                )));
            }
        }
    }
    let none = vm.none();
    let given: Vec<Option<Value>> = given
        .into_iter()
        .map(|g| g.filter(|v| !v.is(&none)))
        .collect();
    if given.iter().all(Option::is_none) {
        return Err(vm.type_error("At least one argument is required."));
    }
    for (name, g) in NAMES.iter().zip(&given) {
        if let Some(v) = g
            && !crate::builtins::is_callable(v)
        {
            return Err(vm.type_error(format!(
                "'{name}' must be callable, not {}",
                v.type_data().name
            )));
        }
    }
    AT_FORK.with(|h| {
        let mut h = h.borrow_mut();
        for (i, g) in given.into_iter().enumerate() {
            if let Some(v) = g {
                h[i].push(v);
            }
        }
    });
    Ok(none)
}

/// Runs the `register_at_fork` callables of kind `which` (0 before, 1 in
/// the child, 2 in the parent); the before callables run in reverse order
/// of registration. An exception is reported, not raised.
fn run_at_fork(vm: &mut Vm, which: usize) {
    let mut hooks = AT_FORK.with(|h| h.borrow()[which].clone());
    if which == 0 {
        hooks.reverse();
    }
    for f in hooks {
        if let Err(e) = vm.call(&f, &[], &[]) {
            vm.write_unraisable(&e, &f);
        }
    }
}

/// `os.fork()`: the child gets a copy of the process with only the
/// calling thread, which becomes its main thread.
fn fork(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "posix.fork", a, 0, 0)?;
    run_at_fork(vm, 0);
    // What egret's standard output buffered is written once, by the
    // parent (egret flushes at process boundaries: wait, exec, _exit).
    vm.flush_stdout();
    let guard = crate::gil::prepare_fork();
    // SAFETY: fork in a process whose other threads (if any) do not hold
    // the GIL's mutex (held here) and run no Python; the child goes on
    // with the calling thread only.
    let pid = unsafe { libc::fork() };
    let err = errno();
    if pid == 0 {
        crate::gil::after_fork_child(guard);
        super::thread::after_fork_child();
        super::signal::clear_tripped();
        run_at_fork(vm, 1);
    } else {
        drop(guard);
        run_at_fork(vm, 2);
    }
    if pid < 0 {
        return Err(super::posix::os_error(vm, err, None, None));
    }
    Ok(from_i64(i64::from(pid)))
}

/// The functions added to `posix`.
pub fn functions() -> &'static [(&'static str, NativeFn)] {
    &[
        ("pipe", |vm, a, _| {
            check_args(vm, "pipe", a, 0, 0)?;
            pipe(vm, libc::O_CLOEXEC)
        }),
        ("pipe2", |vm, a, _| {
            check_args(vm, "pipe2", a, 1, 1)?;
            let flags = int_arg(vm, &a[0])?;
            pipe(vm, flags)
        }),
        ("dup", |vm, a, _| {
            check_args(vm, "dup", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            // SAFETY: F_DUPFD_CLOEXEC takes descriptor numbers only.
            let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
            if r < 0 {
                return Err(last_error(vm));
            }
            Ok(from_i64(i64::from(r)))
        }),
        ("dup2", dup2),
        ("fsync", |vm, a, _| {
            check_args(vm, "fsync", a, 1, 1)?;
            // SAFETY: fsync takes a descriptor number only.
            sync_fd(vm, &a[0], |fd| unsafe { libc::fsync(fd) })
        }),
        ("fdatasync", |vm, a, _| {
            check_args(vm, "fdatasync", a, 1, 1)?;
            // SAFETY: fdatasync takes a descriptor number only.
            sync_fd(vm, &a[0], |fd| unsafe { libc::fdatasync(fd) })
        }),
        ("get_inheritable", |vm, a, _| {
            check_args(vm, "get_inheritable", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            Ok(py_bool(get_inheritable(vm, fd)?))
        }),
        ("set_inheritable", |vm, a, _| {
            check_args(vm, "set_inheritable", a, 2, 2)?;
            let fd = fd_arg(vm, &a[0])?;
            let on = vm.truthy(&a[1])?;
            set_fd_flag(vm, fd, libc::F_GETFD, libc::F_SETFD, libc::FD_CLOEXEC, !on)
        }),
        ("get_blocking", |vm, a, _| {
            check_args(vm, "get_blocking", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            // SAFETY: fcntl on a descriptor number has no memory-safety
            // preconditions.
            let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
            if flags < 0 {
                return Err(last_error(vm));
            }
            Ok(py_bool(flags & libc::O_NONBLOCK == 0))
        }),
        ("set_blocking", |vm, a, _| {
            check_args(vm, "set_blocking", a, 2, 2)?;
            let fd = fd_arg(vm, &a[0])?;
            let blocking = vm.truthy(&a[1])?;
            set_fd_flag(
                vm,
                fd,
                libc::F_GETFL,
                libc::F_SETFL,
                libc::O_NONBLOCK,
                !blocking,
            )
        }),
        ("waitpid", |vm, a, _| waitpid(vm, a)),
        ("fork", |vm, a, _| fork(vm, a)),
        ("register_at_fork", register_at_fork),
        ("wait", |vm, a, _| {
            check_args(vm, "wait", a, 0, 0)?;
            waitpid(vm, &[from_i64(-1), from_i64(0)])
        }),
        ("WIFEXITED", |vm, a, k| {
            let s = status_arg(vm, a, k, "WIFEXITED")?;
            Ok(py_bool(libc::WIFEXITED(s)))
        }),
        ("WEXITSTATUS", |vm, a, k| {
            let s = status_arg(vm, a, k, "WEXITSTATUS")?;
            Ok(from_i64(i64::from(libc::WEXITSTATUS(s))))
        }),
        ("WIFSIGNALED", |vm, a, k| {
            let s = status_arg(vm, a, k, "WIFSIGNALED")?;
            Ok(py_bool(libc::WIFSIGNALED(s)))
        }),
        ("WTERMSIG", |vm, a, k| {
            let s = status_arg(vm, a, k, "WTERMSIG")?;
            Ok(from_i64(i64::from(libc::WTERMSIG(s))))
        }),
        ("WIFSTOPPED", |vm, a, k| {
            let s = status_arg(vm, a, k, "WIFSTOPPED")?;
            Ok(py_bool(libc::WIFSTOPPED(s)))
        }),
        ("WSTOPSIG", |vm, a, k| {
            let s = status_arg(vm, a, k, "WSTOPSIG")?;
            Ok(from_i64(i64::from(libc::WSTOPSIG(s))))
        }),
        ("WIFCONTINUED", |vm, a, k| {
            let s = status_arg(vm, a, k, "WIFCONTINUED")?;
            Ok(py_bool(libc::WIFCONTINUED(s)))
        }),
        ("WCOREDUMP", |vm, a, k| {
            let s = status_arg(vm, a, k, "WCOREDUMP")?;
            Ok(py_bool(libc::WCOREDUMP(s)))
        }),
        ("getpgrp", |_vm, _a, _| {
            // SAFETY: getpgrp cannot fail.
            Ok(from_i64(i64::from(unsafe { libc::getpgrp() })))
        }),
        ("getpgid", |vm, a, _| {
            check_args(vm, "getpgid", a, 1, 1)?;
            let pid = int_arg(vm, &a[0])?;
            // SAFETY: getpgid takes a process id only.
            let r = unsafe { libc::getpgid(pid) };
            if r < 0 {
                return Err(last_error(vm));
            }
            Ok(from_i64(i64::from(r)))
        }),
        ("setpgid", |vm, a, _| {
            check_args(vm, "setpgid", a, 2, 2)?;
            let pid = int_arg(vm, &a[0])?;
            let pgrp = int_arg(vm, &a[1])?;
            // SAFETY: setpgid takes process ids only.
            if unsafe { libc::setpgid(pid, pgrp) } < 0 {
                return Err(last_error(vm));
            }
            Ok(vm.none())
        }),
        ("getsid", |vm, a, _| {
            check_args(vm, "getsid", a, 1, 1)?;
            let pid = int_arg(vm, &a[0])?;
            // SAFETY: getsid takes a process id only.
            let r = unsafe { libc::getsid(pid) };
            if r < 0 {
                return Err(last_error(vm));
            }
            Ok(from_i64(i64::from(r)))
        }),
        ("setsid", |vm, a, _| {
            check_args(vm, "setsid", a, 0, 0)?;
            // SAFETY: setsid has no memory-safety preconditions.
            if unsafe { libc::setsid() } < 0 {
                return Err(last_error(vm));
            }
            Ok(vm.none())
        }),
        ("killpg", |vm, a, _| {
            check_args(vm, "killpg", a, 2, 2)?;
            let pgid = int_arg(vm, &a[0])?;
            let sig = int_arg(vm, &a[1])?;
            // SAFETY: killpg has no memory-safety preconditions.
            if unsafe { libc::killpg(pgid, sig) } != 0 {
                return Err(last_error(vm));
            }
            super::signal::run_handlers(vm)?;
            Ok(vm.none())
        }),
        ("getgroups", |vm, a, _| {
            check_args(vm, "getgroups", a, 0, 0)?;
            let mut groups = vec![0 as libc::gid_t; 65536];
            // SAFETY: `groups` has room for the count passed.
            let n = unsafe { libc::getgroups(groups.len() as i32, groups.as_mut_ptr()) };
            if n < 0 {
                return Err(last_error(vm));
            }
            let items = groups
                .iter()
                .take(n as usize)
                .map(|g| from_i64(i64::from(*g)))
                .collect();
            Ok(crate::objects::list::new_list(items))
        }),
    ]
}

/// The constants added to `posix`.
pub const CONSTANTS: &[(&str, i64)] = &[
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("WCONTINUED", libc::WCONTINUED as i64),
    ("WEXITED", libc::WEXITED as i64),
    ("WSTOPPED", libc::WSTOPPED as i64),
    ("WNOWAIT", libc::WNOWAIT as i64),
    ("O_NDELAY", libc::O_NDELAY as i64),
    ("O_DSYNC", libc::O_DSYNC as i64),
    ("O_ASYNC", libc::O_ASYNC as i64),
    ("O_ACCMODE", libc::O_ACCMODE as i64),
];
