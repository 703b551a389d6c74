//! `_posixsubprocess`: `fork_exec`, the fork-and-exec at the heart of
//! `subprocess.Popen` on POSIX.
//!
//! Everything the child needs (argv, envp, the executables to try, the
//! working directory, the descriptors to keep) is converted to C data in
//! the parent; between `fork` and `exec` the child only makes system calls
//! (dup2, chdir, setsid, close, execve...), which are async-signal-safe, and
//! never allocates — except when a `preexec_fn` is given, which is Python
//! code and runs as it does in CPython. A failure in the child is written to
//! `errpipe_write` as `ExceptionName:hex errno:message` for `subprocess.py`
//! to raise in the parent: `OSError:<errno>:noexec` before exec was
//! reached (the error came from chdir and friends), `OSError:<errno>:` when
//! no executable could be run, and
//! `SubprocessError:0:Exception occurred in preexec_fn.`.

use std::ffi::CString;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::vm::{PyResult, Vm};

/// NUL-terminated C strings and the pointer array execve wants.
struct CStrings {
    _owned: Vec<CString>,
    ptrs: Vec<*const libc::c_char>,
}

impl CStrings {
    fn new(owned: Vec<CString>) -> CStrings {
        let mut ptrs: Vec<*const libc::c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        CStrings {
            _owned: owned,
            ptrs,
        }
    }
}

/// What the child does, prepared in the parent.
struct ChildPlan {
    argv: CStrings,
    envp: Option<CStrings>,
    executables: Vec<CString>,
    cwd: Option<CString>,
    close_fds: bool,
    fds_to_keep: Vec<i32>,
    /// p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite.
    pipes: [i32; 6],
    errpipe_read: i32,
    errpipe_write: i32,
    restore_signals: bool,
    call_setsid: bool,
    pgid_to_set: i64,
    gid: Option<libc::gid_t>,
    extra_groups: Option<Vec<libc::gid_t>>,
    uid: Option<libc::uid_t>,
    child_umask: i64,
}

fn is_none(v: &Value) -> bool {
    v.is(&types().none)
}

/// A str (encoded as the file system does), bytes or os.PathLike as bytes.
fn fs_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v.kind() {
        Kind::Bytes => Ok(v
            .downcast::<BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default()),
        Kind::Str => {
            let os = vm.import_module("os")?;
            let enc = vm.getattr_str(&os, "fsencode")?;
            let b = vm.call(&enc, std::slice::from_ref(v), &[])?;
            fs_bytes(vm, &b)
        }
        _ => {
            if let Some(f) = vm.lookup_attr(v, "__fspath__")? {
                let p = vm.call(&f, &[], &[])?;
                if matches!(p.kind(), Kind::Str | Kind::Bytes) {
                    return fs_bytes(vm, &p);
                }
            }
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                v.type_data().name
            )))
        }
    }
}

fn c_string(vm: &mut Vm, v: &Value) -> PyResult<CString> {
    let b = fs_bytes(vm, v)?;
    CString::new(b).map_err(|_| vm.value_error("embedded null byte"))
}

fn c_strings(vm: &mut Vm, v: &Value) -> PyResult<Vec<CString>> {
    let items = vm.iterate(v)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(c_string(vm, item)?);
    }
    Ok(out)
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    vm.index_value(v)
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_value(v)?;
    i32::try_from(n).map_err(|_| vm.overflow_error("signed integer is greater than maximum"))
}

fn id_arg<T: TryFrom<i64>>(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Option<T>> {
    if is_none(v) {
        return Ok(None);
    }
    let n = vm.index_value(v)?;
    T::try_from(n)
        .map(Some)
        .map_err(|_| vm.overflow_error(format!("{what} is greater than maximum")))
}

fn plan(vm: &mut Vm, a: &[Value]) -> PyResult<ChildPlan> {
    let argv = if is_none(&a[0]) {
        Vec::new()
    } else {
        c_strings(vm, &a[0])?
    };
    let executables = c_strings(vm, &a[1])?;
    let close_fds = vm.truthy(&a[2])?;
    if a[3].kind() != Kind::Tuple {
        return Err(vm.type_error(format!(
            "fork_exec() argument 4 must be tuple, not {}",
            a[3].type_data().name
        )));
    }
    let mut fds_to_keep = Vec::new();
    for v in vm.iterate(&a[3])? {
        let fd = match v.kind() {
            Kind::Int => v.as_small().and_then(|n| i32::try_from(n).ok()),
            _ => None,
        };
        match fd {
            Some(fd) if fd >= 0 && fds_to_keep.last().is_none_or(|&l| l < fd) => {
                fds_to_keep.push(fd)
            }
            _ => return Err(vm.value_error("bad value(s) in fds_to_keep")),
        }
    }
    let cwd = if is_none(&a[4]) {
        None
    } else {
        Some(c_string(vm, &a[4])?)
    };
    let envp = if is_none(&a[5]) {
        None
    } else {
        Some(CStrings::new(c_strings(vm, &a[5])?))
    };
    let mut pipes = [0; 6];
    for (i, p) in pipes.iter_mut().enumerate() {
        *p = fd_arg(vm, &a[6 + i])?;
    }
    let errpipe_read = fd_arg(vm, &a[12])?;
    let errpipe_write = fd_arg(vm, &a[13])?;
    if close_fds && errpipe_write < 3 {
        return Err(vm.value_error("errpipe_write must be >= 3"));
    }
    let restore_signals = vm.truthy(&a[14])?;
    let call_setsid = vm.truthy(&a[15])?;
    let pgid_to_set = int_arg(vm, &a[16])?;
    let gid = id_arg::<libc::gid_t>(vm, &a[17], "gid")?;
    let extra_groups = if is_none(&a[18]) {
        None
    } else {
        let mut groups = Vec::new();
        for g in vm.iterate(&a[18])? {
            match id_arg::<libc::gid_t>(vm, &g, "gid")? {
                Some(g) => groups.push(g),
                None => return Err(vm.type_error("extra_groups must be a list of ints")),
            }
        }
        Some(groups)
    };
    let uid = id_arg::<libc::uid_t>(vm, &a[19], "uid")?;
    let child_umask = int_arg(vm, &a[20])?;
    Ok(ChildPlan {
        argv: CStrings::new(argv),
        envp,
        executables,
        cwd,
        close_fds,
        fds_to_keep,
        pipes,
        errpipe_read,
        errpipe_write,
        restore_signals,
        call_setsid,
        pgid_to_set,
        gid,
        extra_groups,
        uid,
        child_umask,
    })
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Sets or clears FD_CLOEXEC on `fd`; async-signal-safe.
fn set_inheritable(fd: i32, inheritable: bool) -> Result<(), i32> {
    // SAFETY: fcntl on a descriptor number has no memory-safety
    // preconditions.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if flags < 0 {
        return Err(errno());
    }
    let new = if inheritable {
        flags & !libc::FD_CLOEXEC
    } else {
        flags | libc::FD_CLOEXEC
    };
    // SAFETY: as above.
    if new != flags && unsafe { libc::fcntl(fd, libc::F_SETFD, new) } < 0 {
        return Err(errno());
    }
    Ok(())
}

/// Closes every descriptor from `lo` to `hi` (inclusive); async-signal-safe.
fn close_range(lo: i32, hi: i32) {
    if lo > hi {
        return;
    }
    // SAFETY: close_range takes plain integers; it fails with ENOSYS on old
    // kernels, in which case the descriptors are closed one by one.
    let r = unsafe { libc::syscall(libc::SYS_close_range, lo as u32, hi as u32, 0u32) };
    if r == 0 {
        return;
    }
    for fd in lo..=hi {
        // SAFETY: closing a descriptor number is always memory-safe.
        unsafe { libc::close(fd) };
    }
}

/// Closes the descriptors from 3 up, except those in `keep` (sorted).
fn close_fds_except(keep: &[i32]) {
    // SAFETY: sysconf has no preconditions.
    let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
    let max = i32::try_from(max).unwrap_or(i32::MAX).max(256);
    let mut lo = 3;
    for &fd in keep {
        if fd >= lo {
            close_range(lo, fd - 1);
            lo = fd + 1;
        }
    }
    // close_range accepts ~0 as "all the rest"; the fallback loop stops at
    // the descriptor limit.
    // SAFETY: as in close_range.
    let r = unsafe { libc::syscall(libc::SYS_close_range, lo as u32, u32::MAX, 0u32) };
    if r != 0 {
        close_range(lo, max - 1);
    }
}

/// Writes `ExceptionName:hex errno:message` to the error pipe, without
/// allocating.
fn report(fd: i32, name: &[u8], err: i32, msg: &[u8]) {
    let mut buf = [0u8; 96];
    let mut n = 0;
    let mut put = |bytes: &[u8]| {
        for &b in bytes {
            if n < buf.len() {
                buf[n] = b;
                n += 1;
            }
        }
    };
    put(name);
    put(b":");
    let mut digits = [0u8; 8];
    let mut k = 0;
    let mut e = err as u32;
    loop {
        digits[k] = b"0123456789abcdef"[(e % 16) as usize];
        k += 1;
        e /= 16;
        if e == 0 {
            break;
        }
    }
    digits[..k].reverse();
    put(&digits[..k]);
    put(b":");
    put(msg);
    // SAFETY: buf holds n initialised bytes.
    unsafe { libc::write(fd, buf.as_ptr().cast(), n) };
}

/// The steps before exec; an errno on failure.
fn prepare_child(p: &ChildPlan) -> Result<(), i32> {
    for &fd in &p.fds_to_keep {
        if fd != p.errpipe_write {
            set_inheritable(fd, true)?;
        }
    }
    let [
        p2cread,
        p2cwrite,
        c2pread,
        mut c2pwrite,
        errread,
        mut errwrite,
    ] = p.pipes;
    // SAFETY: the calls in this block take descriptor numbers and pointers
    // to NUL-terminated strings and arrays prepared in the parent, and are
    // async-signal-safe.
    unsafe {
        for fd in [p2cwrite, c2pread, errread, p.errpipe_read] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        // Keep the descriptors to be installed away from those dup2 is
        // about to overwrite.
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                return Err(errno());
            }
            set_inheritable(c2pwrite, false)?;
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                return Err(errno());
            }
            set_inheritable(errwrite, false)?;
        }
        for (fd, target) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if fd == target {
                set_inheritable(fd, true)?;
            } else if fd != -1 && libc::dup2(fd, target) < 0 {
                return Err(errno());
            }
        }
        if let Some(cwd) = &p.cwd
            && libc::chdir(cwd.as_ptr()) < 0
        {
            return Err(errno());
        }
        if p.child_umask >= 0 {
            libc::umask(p.child_umask as libc::mode_t);
        }
        if p.restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        if p.call_setsid && libc::setsid() < 0 {
            return Err(errno());
        }
        if p.pgid_to_set >= 0 && libc::setpgid(0, p.pgid_to_set as libc::pid_t) < 0 {
            return Err(errno());
        }
        if let Some(groups) = &p.extra_groups
            && libc::setgroups(groups.len(), groups.as_ptr()) < 0
        {
            return Err(errno());
        }
        if let Some(gid) = p.gid
            && libc::setregid(gid, gid) < 0
        {
            return Err(errno());
        }
        if let Some(uid) = p.uid
            && libc::setreuid(uid, uid) < 0
        {
            return Err(errno());
        }
    }
    Ok(())
}

/// Tries each executable; returns only if none could be run, with the
/// errno to report (the first that is not "not found", as execvpe does).
fn exec_all(p: &ChildPlan) -> i32 {
    let mut saved = 0;
    let mut last = 0;
    for exe in &p.executables {
        // SAFETY: exe, argv and envp are NUL-terminated strings and
        // NULL-terminated pointer arrays that outlive the call.
        unsafe {
            match &p.envp {
                Some(env) => libc::execve(exe.as_ptr(), p.argv.ptrs.as_ptr(), env.ptrs.as_ptr()),
                None => libc::execv(exe.as_ptr(), p.argv.ptrs.as_ptr()),
            };
        }
        last = errno();
        if last != libc::ENOENT && last != libc::ENOTDIR && saved == 0 {
            saved = last;
        }
    }
    if saved != 0 { saved } else { last }
}

/// Reports a failure and ends the child.
fn fail_child(errpipe: i32, name: &[u8], err: i32, msg: &[u8]) -> ! {
    report(errpipe, name, err, msg);
    // SAFETY: _exit is async-signal-safe and ends the child at once.
    unsafe { libc::_exit(255) }
}

/// The child's side: never returns.
fn run_child(vm: &mut Vm, p: &ChildPlan, preexec_fn: Option<&Value>) -> ! {
    let errpipe = p.errpipe_write;
    if let Err(e) = prepare_child(p) {
        fail_child(errpipe, b"OSError", e, b"noexec");
    }
    if let Some(f) = preexec_fn
        && vm.call(f, &[], &[]).is_err()
    {
        fail_child(
            errpipe,
            b"SubprocessError",
            0,
            b"Exception occurred in preexec_fn.",
        );
    }
    if p.close_fds {
        close_fds_except(&p.fds_to_keep);
    }
    let e = exec_all(p);
    fail_child(errpipe, b"OSError", e, b"");
}

fn fork_exec(vm: &mut Vm, a: &[Value]) -> PyResult {
    if a.len() != 23 {
        return Err(vm.type_error(format!(
            "fork_exec() takes exactly 23 arguments ({} given)",
            a.len()
        )));
    }
    let plan = plan(vm, a)?;
    let preexec_fn = (!is_none(&a[21])).then(|| a[21].clone());
    vm.flush_stdout();
    // SAFETY: the child only runs `run_child`, which makes async-signal-safe
    // calls on data prepared before the fork (and the user's preexec_fn,
    // as CPython allows), and never returns.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(super::posix::os_error(vm, errno(), None, None));
    }
    if pid == 0 {
        run_child(vm, &plan, preexec_fn.as_ref());
    }
    Ok(from_i64(i64::from(pid)))
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[("fork_exec", |vm, a, _| fork_exec(vm, a))];
    super::make_module("_posixsubprocess", funcs, vec![])
}
