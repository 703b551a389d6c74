//! The `_socket.socket` type: a file descriptor with its family, type,
//! protocol and timeout, and the methods `socket.py` builds on.
//!
//! Timeouts work as in CPython: a socket with a timeout (even 0) has its
//! descriptor in non-blocking mode; with a positive timeout each call
//! first polls for readiness until the deadline (raising `TimeoutError`
//! when it passes), then makes the system call, and polls again if the
//! call would still block. A call interrupted by a signal runs the Python
//! handlers and is retried (PEP 475) unless a handler raises.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, clinic_args};
use crate::vm::{PyErr, PyResult, Vm, py_bool};

use super::addr::{self, SockAddr};

/// The payload of a `_socket.socket`.
pub struct SocketData {
    /// -1 once closed or detached.
    pub fd: Cell<i32>,
    pub family: Cell<i32>,
    /// The type without `SOCK_NONBLOCK`/`SOCK_CLOEXEC`.
    pub kind: Cell<i32>,
    pub proto: Cell<i32>,
    /// Seconds; negative for None (blocking without a timeout).
    pub timeout: Cell<f64>,
}

impl Payload for SocketData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Socket
    }
}

impl Drop for SocketData {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 {
            // SAFETY: the socket owns fd (it was neither closed nor
            // detached); nothing uses it after the object is freed.
            unsafe { libc::close(fd) };
        }
    }
}

/// A fresh, unopened socket of type `ty` (`__new__`).
pub fn new_socket(ty: &Value) -> Value {
    Value::alloc(
        ty,
        SocketData {
            fd: Cell::new(-1),
            family: Cell::new(0),
            kind: Cell::new(0),
            proto: Cell::new(0),
            timeout: Cell::new(-1.0),
        },
    )
}

pub(super) fn this<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a SocketData> {
    match a.first().and_then(|v| v.downcast::<SocketData>()) {
        Some(s) => Ok(s),
        None => Err(vm.type_error(format!(
            "descriptor '{name}' for '_socket.socket' objects doesn't apply to a '{}' object",
            a.first()
                .map_or("NoneType".to_string(), |v| v.type_data().name.clone())
        ))),
    }
}

pub fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// The OSError (or subclass) of `errno`.
pub fn os_error(vm: &Vm, errno: i32) -> PyErr {
    crate::modules::posix::os_error(vm, errno, None, None)
}

/// The OSError of the current `errno`.
pub fn errno_error(vm: &Vm) -> PyErr {
    os_error(vm, last_errno())
}

fn timeout_error(vm: &Vm) -> PyErr {
    vm.err(&types().exc.timeout_error, "timed out")
}

/// Puts `fd` in (or out of) non-blocking mode.
pub fn set_nonblocking(fd: i32, on: bool) -> Result<(), i32> {
    // SAFETY: fcntl on any descriptor number is safe; a bad one fails
    // with EBADF.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(last_errno());
    }
    let new = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    // SAFETY: as above.
    if new != flags && unsafe { libc::fcntl(fd, libc::F_SETFL, new) } < 0 {
        return Err(last_errno());
    }
    Ok(())
}

/// The deadline of a call on `s`: now plus its timeout, if positive.
pub(super) fn deadline_of(s: &SocketData) -> Option<Instant> {
    let t = s.timeout.get();
    (t > 0.0).then(|| Instant::now() + Duration::from_secs_f64(t))
}

/// Waits until `fd` is readable (or writable), or `deadline` passes
/// (None: forever). False if it passed. Signals run their handlers.
fn wait_ready(vm: &mut Vm, fd: i32, writing: bool, deadline: Option<Instant>) -> PyResult<bool> {
    loop {
        let ms = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                // Round up, so that the poll does not end just before the
                // deadline.
                left.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128) as i32
            }
            None => -1,
        };
        let mut p = libc::pollfd {
            fd,
            events: if writing { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        };
        // SAFETY: one valid pollfd. Other threads run meanwhile (errno
        // is read before the GIL is taken back).
        let (r, e) = vm.allow_threads(|| {
            let r = unsafe { libc::poll(&mut p, 1, ms) };
            (r, if r < 0 { last_errno() } else { 0 })
        });
        if r > 0 {
            return Ok(true);
        }
        if r == 0 {
            if deadline.is_some_and(|d| Instant::now() < d) {
                continue;
            }
            return Ok(false);
        }
        if e != libc::EINTR {
            return Err(os_error(vm, e));
        }
        super::signal_check(vm)?;
    }
}

/// Makes the system call `f` (given the descriptor; it returns the result
/// or an errno) as CPython does: waiting for readiness first when the
/// socket has a timeout, retrying after signals and, under a timeout,
/// after `EWOULDBLOCK`.
pub(super) fn sock_call<T>(
    vm: &mut Vm,
    s: &SocketData,
    writing: bool,
    deadline: Option<Instant>,
    mut f: impl FnMut(i32) -> Result<T, i32>,
) -> PyResult<T> {
    loop {
        let fd = s.fd.get();
        if deadline.is_some() && fd >= 0 && !wait_ready(vm, fd, writing, deadline)? {
            return Err(timeout_error(vm));
        }
        // Other threads run while this one is in the call.
        match vm.allow_threads(|| f(fd)) {
            Ok(v) => return Ok(v),
            Err(libc::EINTR) => super::signal_check(vm)?,
            Err(e) if deadline.is_some() && (e == libc::EAGAIN || e == libc::EWOULDBLOCK) => {}
            Err(e) => return Err(os_error(vm, e)),
        }
    }
}

/// A system call's `ssize_t` result as Ok, or the errno.
pub(super) fn ok_or_errno(r: isize) -> Result<usize, i32> {
    if r < 0 {
        Err(last_errno())
    } else {
        Ok(r as usize)
    }
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview,
/// array).
pub fn data_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

/// The bytearray a `recv_into` buffer writes to: a bytearray itself, or
/// the one a memoryview shows.
fn writable_target(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<Value> {
    if v.kind() == Kind::ByteArray {
        return Ok(v.clone());
    }
    if crate::object::types::isinstance(v, &types().memoryview) {
        let o = vm.getattr_str(v, "obj")?;
        if o.kind() == Kind::ByteArray {
            return Ok(o);
        }
    }
    Err(vm.type_error(format!(
        "{fname}() argument 1 must be read-write bytes-like object, not {}",
        v.type_data().name
    )))
}

fn flags_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i32> {
    v.map_or(Ok(0), |f| vm.c_int_arg(f))
}

fn buffersize_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<usize> {
    let n = vm.ssize_arg(v)?;
    if n < 0 {
        return Err(vm.value_error(format!("negative buffersize in {fname}")));
    }
    Ok(n as usize)
}

/// Sets up `s` for descriptor `fd` (CPython's `init_sockobject`).
fn init_socket(vm: &Vm, s: &SocketData, fd: i32, family: i32, ty: i32, proto: i32) -> PyResult<()> {
    s.fd.set(fd);
    s.family.set(family);
    s.kind.set(ty & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    s.proto.set(proto);
    if ty & libc::SOCK_NONBLOCK != 0 {
        s.timeout.set(0.0);
    } else {
        let t = super::default_timeout();
        s.timeout.set(t);
        if t >= 0.0 {
            set_nonblocking(fd, true).map_err(|e| os_error(vm, e))?;
        }
    }
    Ok(())
}

/// A new `_socket.socket` for an open descriptor.
pub fn socket_for_fd(vm: &Vm, fd: i32, family: i32, ty: i32, proto: i32) -> PyResult {
    let v = new_socket(&types().socket);
    let s = v.downcast::<SocketData>().expect("a socket");
    init_socket(vm, s, fd, family, ty, proto)?;
    Ok(v)
}

fn getsockopt_int(fd: i32, level: i32, name: i32) -> Result<i32, i32> {
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: v and len are valid for getsockopt to write an int.
    let r = unsafe { libc::getsockopt(fd, level, name, (&raw mut v).cast(), &mut len) };
    if r < 0 { Err(last_errno()) } else { Ok(v) }
}

fn sock_init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = this(vm, a, "__init__")?;
    let [family, ty, proto, fileno] = clinic_args(
        vm,
        "socket",
        &a[1..],
        k,
        ["family", "type", "proto", "fileno"],
        0,
    )?;
    let mut int_or = |v: Option<Value>, d: i32| -> PyResult<i32> {
        match v {
            Some(v) => vm.c_int_arg(&v),
            None => Ok(d),
        }
    };
    let mut family = int_or(family, -1)?;
    let mut ty = int_or(ty, -1)?;
    let mut proto = int_or(proto, -1)?;
    let fd = match fileno.filter(|f| !f.is(&types().none)) {
        Some(f) => {
            let fd = vm.index_value(&f)?;
            if fd < 0 {
                return Err(vm.value_error("negative file descriptor"));
            }
            let fd = i32::try_from(fd)
                .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
            let mut sa = SockAddr::empty();
            // SAFETY: sa has room for any address; its length is passed.
            let r = unsafe { libc::getsockname(fd, sa.as_mut_ptr(), &mut sa.len) };
            if r == 0 {
                if family == -1 {
                    family = i32::from(sa.storage.ss_family);
                }
            } else {
                let e = last_errno();
                if e == libc::EBADF || e == libc::ENOTSOCK {
                    return Err(os_error(vm, e));
                }
            }
            if ty == -1 {
                ty = getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_TYPE)
                    .map_err(|e| os_error(vm, e))?;
            }
            if proto == -1 {
                proto = getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_PROTOCOL)
                    .map_err(|e| os_error(vm, e))?;
            }
            fd
        }
        None => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if ty == -1 {
                ty = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: socket(2) with any arguments is safe.
            let fd = unsafe { libc::socket(family, ty | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(errno_error(vm));
            }
            fd
        }
    };
    init_socket(vm, s, fd, family, ty, proto)?;
    Ok(vm.none())
}

fn sock_accept(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "_accept", &a[1..], 0, 0)?;
    let s = this(vm, a, "_accept")?;
    let mut sa = SockAddr::empty();
    let fd = sock_call(vm, s, false, deadline_of(s), |fd| {
        sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: sa has room for any address; its length is passed.
        let r = unsafe { libc::accept4(fd, sa.as_mut_ptr(), &mut sa.len, libc::SOCK_CLOEXEC) };
        if r < 0 { Err(last_errno()) } else { Ok(r) }
    })?;
    Ok(new_tuple(vec![
        from_i64(i64::from(fd)),
        addr::to_value(&sa),
    ]))
}

/// `connect` (`raise`) or `connect_ex` (errors returned as errno).
fn sock_connect(vm: &mut Vm, a: &[Value], raise: bool) -> PyResult {
    let name = if raise { "connect" } else { "connect_ex" };
    check_args(vm, name, &a[1..], 1, 1)?;
    let s = this(vm, a, name)?;
    let sa = addr::from_value(vm, s.family.get(), &a[1], name)?;
    let fail = |vm: &Vm, e: i32| -> PyResult {
        if raise {
            Err(os_error(vm, e))
        } else {
            Ok(from_i64(i64::from(e)))
        }
    };
    let ok = || -> PyResult {
        Ok(if raise {
            types().none.clone()
        } else {
            from_i64(0)
        })
    };
    let fd = s.fd.get();
    // SAFETY: sa holds an address of sa.len bytes. Other threads run
    // during the call (errno is read before the GIL is taken back).
    let (r, e) = vm.allow_threads(|| {
        let r = unsafe { libc::connect(fd, sa.as_ptr(), sa.len) };
        (r, if r < 0 { last_errno() } else { 0 })
    });
    if r == 0 {
        return ok();
    }
    let wait = if e == libc::EINTR {
        super::signal_check(vm)?;
        s.timeout.get() != 0.0
    } else {
        s.timeout.get() > 0.0 && e == libc::EINPROGRESS
    };
    if !wait {
        return fail(vm, e);
    }
    // The connection goes on in the background: wait until the socket is
    // writable, then ask how it went.
    let deadline = deadline_of(s);
    loop {
        if !wait_ready(vm, s.fd.get(), true, deadline)? {
            if raise {
                return Err(timeout_error(vm));
            }
            return Ok(from_i64(i64::from(libc::EWOULDBLOCK)));
        }
        match getsockopt_int(s.fd.get(), libc::SOL_SOCKET, libc::SO_ERROR) {
            Ok(0) | Ok(libc::EISCONN) => return ok(),
            Ok(libc::EINTR) => super::signal_check(vm)?,
            Ok(e) | Err(e) => return fail(vm, e),
        }
    }
}

fn sock_recv(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "recv", &a[1..], 1, 2)?;
    let s = this(vm, a, "recv")?;
    let n = buffersize_arg(vm, &a[1], "recv")?;
    let flags = flags_arg(vm, a.get(2))?;
    let mut buf = vm.try_vec::<u8>(n)?;
    buf.resize(n, 0);
    let got = sock_call(vm, s, false, deadline_of(s), |fd| {
        // SAFETY: buf has n writable bytes.
        ok_or_errno(unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), n, flags) })
    })?;
    buf.truncate(got);
    Ok(new_bytes(buf))
}

fn sock_recvfrom(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "recvfrom", &a[1..], 1, 2)?;
    let s = this(vm, a, "recvfrom")?;
    let n = buffersize_arg(vm, &a[1], "recvfrom")?;
    let flags = flags_arg(vm, a.get(2))?;
    let mut buf = vm.try_vec::<u8>(n)?;
    buf.resize(n, 0);
    let mut sa = SockAddr::empty();
    let got = sock_call(vm, s, false, deadline_of(s), |fd| {
        sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: buf has n writable bytes; sa has room for any address.
        ok_or_errno(unsafe {
            libc::recvfrom(
                fd,
                buf.as_mut_ptr().cast(),
                n,
                flags,
                sa.as_mut_ptr(),
                &mut sa.len,
            )
        })
    })?;
    buf.truncate(got);
    Ok(new_tuple(vec![new_bytes(buf), addr::to_value(&sa)]))
}

/// `recv_into` and `recvfrom_into`: `(nbytes, address)` for the latter.
fn sock_recv_into(vm: &mut Vm, a: &[Value], k: Kw, from: bool) -> PyResult {
    let fname = if from { "recvfrom_into" } else { "recv_into" };
    let s = this(vm, a, fname)?;
    let [buffer, nbytes, flags] =
        clinic_args(vm, fname, &a[1..], k, ["buffer", "nbytes", "flags"], 1)?;
    let buffer = buffer.unwrap_or_else(|| vm.none());
    let target = writable_target(vm, &buffer, fname)?;
    let len = target
        .downcast::<BytesData>()
        .map_or(0, |b| b.data.borrow().len());
    let mut n = match nbytes {
        Some(v) => {
            let n = vm.ssize_arg(&v)?;
            if n < 0 {
                return Err(vm.value_error(format!("negative buffersize in {fname}")));
            }
            n as usize
        }
        None => 0,
    };
    if n == 0 {
        n = len;
    } else if n > len {
        return Err(vm.value_error(if from {
            "nbytes is greater than the length of the buffer"
        } else {
            "buffer too small for requested bytes"
        }));
    }
    let flags = flags_arg(vm, flags.as_ref())?;
    let mut buf = vec![0u8; n];
    let mut sa = SockAddr::empty();
    let got = sock_call(vm, s, false, deadline_of(s), |fd| {
        sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: buf has n writable bytes; sa has room for any address.
        ok_or_errno(unsafe {
            if from {
                libc::recvfrom(
                    fd,
                    buf.as_mut_ptr().cast(),
                    n,
                    flags,
                    sa.as_mut_ptr(),
                    &mut sa.len,
                )
            } else {
                libc::recv(fd, buf.as_mut_ptr().cast(), n, flags)
            }
        })
    })?;
    if let Some(b) = target.downcast::<BytesData>() {
        let mut d = b.data.borrow_mut();
        let m = got.min(d.len());
        d[..m].copy_from_slice(&buf[..m]);
    }
    let count = from_i64(got as i64);
    Ok(if from {
        new_tuple(vec![count, addr::to_value(&sa)])
    } else {
        count
    })
}

fn send_once(fd: i32, data: &[u8], flags: i32) -> Result<usize, i32> {
    // SAFETY: data is a valid slice of data.len() bytes.
    ok_or_errno(unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), flags) })
}

fn sock_send(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "send", &a[1..], 1, 2)?;
    let s = this(vm, a, "send")?;
    let data = data_arg(vm, &a[1])?;
    let flags = flags_arg(vm, a.get(2))?;
    let n = sock_call(vm, s, true, deadline_of(s), |fd| {
        send_once(fd, &data, flags)
    })?;
    Ok(from_i64(n as i64))
}

fn sock_sendall(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "sendall", &a[1..], 1, 2)?;
    let s = this(vm, a, "sendall")?;
    let data = data_arg(vm, &a[1])?;
    let flags = flags_arg(vm, a.get(2))?;
    // One deadline for the whole buffer, as in CPython.
    let deadline = deadline_of(s);
    let mut off = 0;
    while off < data.len() {
        off += sock_call(vm, s, true, deadline, |fd| {
            send_once(fd, &data[off..], flags)
        })?;
        super::signal_check(vm)?;
    }
    Ok(vm.none())
}

fn sock_sendto(vm: &mut Vm, a: &[Value]) -> PyResult {
    let given = a.len().saturating_sub(1);
    if !(2..=3).contains(&given) {
        return Err(vm.type_error(format!("sendto() takes 2 or 3 arguments ({given} given)")));
    }
    let s = this(vm, a, "sendto")?;
    let data = data_arg(vm, &a[1])?;
    let (flags, address) = if given == 3 {
        (vm.c_int_arg(&a[2])?, &a[3])
    } else {
        (0, &a[2])
    };
    let sa = addr::from_value(vm, s.family.get(), address, "sendto")?;
    let n = sock_call(vm, s, true, deadline_of(s), |fd| {
        // SAFETY: data is a valid slice; sa holds sa.len bytes of address.
        ok_or_errno(unsafe {
            libc::sendto(
                fd,
                data.as_ptr().cast(),
                data.len(),
                flags,
                sa.as_ptr(),
                sa.len,
            )
        })
    })?;
    Ok(from_i64(n as i64))
}

fn sock_getsockopt(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getsockopt", &a[1..], 2, 3)?;
    let s = this(vm, a, "getsockopt")?;
    let level = vm.c_int_arg(&a[1])?;
    let name = vm.c_int_arg(&a[2])?;
    let Some(buflen) = a.get(3) else {
        let v = getsockopt_int(s.fd.get(), level, name).map_err(|e| os_error(vm, e))?;
        return Ok(from_i64(i64::from(v)));
    };
    let buflen = vm.c_int_arg(buflen)?;
    if !(1..=1024).contains(&buflen) {
        return Err(vm.err(&types().exc.os_error, "getsockopt buflen out of range"));
    }
    let mut buf = vec![0u8; buflen as usize];
    let mut len = buflen as libc::socklen_t;
    // SAFETY: buf has len writable bytes.
    let r = unsafe { libc::getsockopt(s.fd.get(), level, name, buf.as_mut_ptr().cast(), &mut len) };
    if r < 0 {
        return Err(errno_error(vm));
    }
    buf.truncate(len as usize);
    Ok(new_bytes(buf))
}

fn sock_setsockopt(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "setsockopt", &a[1..], 3, 4)?;
    let s = this(vm, a, "setsockopt")?;
    let level = vm.c_int_arg(&a[1])?;
    let name = vm.c_int_arg(&a[2])?;
    let value: Vec<u8> = if let Some(optlen) = a.get(4) {
        if !a[3].is(&types().none) {
            return Err(vm.type_error(format!(
                "setsockopt() argument 3 must be NoneType, not {}",
                a[3].type_data().name
            )));
        }
        let n = vm.c_int_arg(optlen)?;
        // SAFETY: a null value with a length is how the kernel is asked
        // to clear an option (for example ALG_SET_AEAD_AUTHSIZE).
        let r = unsafe { libc::setsockopt(s.fd.get(), level, name, std::ptr::null(), n as _) };
        if r < 0 {
            return Err(errno_error(vm));
        }
        return Ok(vm.none());
    } else if matches!(a[3].kind(), Kind::Int | Kind::Bool) {
        vm.c_int_arg(&a[3])?.to_ne_bytes().to_vec()
    } else {
        data_arg(vm, &a[3])?
    };
    // SAFETY: value holds value.len() bytes.
    let r = unsafe {
        libc::setsockopt(
            s.fd.get(),
            level,
            name,
            value.as_ptr().cast(),
            value.len() as libc::socklen_t,
        )
    };
    if r < 0 {
        return Err(errno_error(vm));
    }
    Ok(vm.none())
}

/// `getsockname` or `getpeername`.
fn sock_name(vm: &mut Vm, a: &[Value], peer: bool) -> PyResult {
    let fname = if peer { "getpeername" } else { "getsockname" };
    check_args(vm, fname, &a[1..], 0, 0)?;
    let s = this(vm, a, fname)?;
    let mut sa = SockAddr::empty();
    // SAFETY: sa has room for any address; its length is passed.
    let r = unsafe {
        if peer {
            libc::getpeername(s.fd.get(), sa.as_mut_ptr(), &mut sa.len)
        } else {
            libc::getsockname(s.fd.get(), sa.as_mut_ptr(), &mut sa.len)
        }
    };
    if r < 0 {
        return Err(errno_error(vm));
    }
    Ok(addr::to_value(&sa))
}

/// A timeout argument: seconds, negative for None.
pub fn timeout_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if v.is(&types().none) {
        return Ok(-1.0);
    }
    let t = match crate::objects::float::float_of(v) {
        Some(f) => f,
        None => vm.index_value(v)? as f64,
    };
    if t.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if t < 0.0 {
        return Err(vm.value_error("Timeout value out of range"));
    }
    Ok(t)
}

fn timeout_value(t: f64) -> Value {
    if t < 0.0 {
        types().none.clone()
    } else {
        crate::objects::float::new_float(t)
    }
}

fn sock_settimeout(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "settimeout", &a[1..], 1, 1)?;
    let s = this(vm, a, "settimeout")?;
    let t = timeout_arg(vm, &a[1])?;
    s.timeout.set(t);
    let fd = s.fd.get();
    if fd >= 0 {
        set_nonblocking(fd, t >= 0.0).map_err(|e| os_error(vm, e))?;
    }
    Ok(vm.none())
}

fn sock_setblocking(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "setblocking", &a[1..], 1, 1)?;
    let s = this(vm, a, "setblocking")?;
    let block = vm.c_int_arg(&a[1])? != 0;
    s.timeout.set(if block { -1.0 } else { 0.0 });
    let fd = s.fd.get();
    if fd >= 0 {
        set_nonblocking(fd, !block).map_err(|e| os_error(vm, e))?;
    }
    Ok(vm.none())
}

fn sock_close(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "close", &a[1..], 0, 0)?;
    let s = this(vm, a, "close")?;
    let fd = s.fd.replace(-1);
    if fd >= 0 {
        super::close_fd(vm, fd)?;
    }
    Ok(vm.none())
}

fn sock_repr(vm: &mut Vm, a: &[Value]) -> PyResult {
    let s = this(vm, a, "__repr__")?;
    Ok(new_str(&format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.kind.get(),
        s.proto.get()
    )))
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", sock_init),
        ("__repr__", |vm, a, _| sock_repr(vm, a)),
        ("_accept", |vm, a, _| sock_accept(vm, a)),
        ("bind", |vm, a, _| {
            check_args(vm, "bind", &a[1..], 1, 1)?;
            let s = this(vm, a, "bind")?;
            let sa = addr::from_value(vm, s.family.get(), &a[1], "bind")?;
            // SAFETY: sa holds an address of sa.len bytes.
            if unsafe { libc::bind(s.fd.get(), sa.as_ptr(), sa.len) } < 0 {
                return Err(errno_error(vm));
            }
            Ok(vm.none())
        }),
        ("listen", |vm, a, _| {
            check_args(vm, "listen", &a[1..], 0, 1)?;
            let s = this(vm, a, "listen")?;
            let backlog = match a.get(1) {
                Some(b) => vm.c_int_arg(b)?.max(0),
                None => libc::SOMAXCONN.min(128),
            };
            // SAFETY: listen(2) with any arguments is safe.
            if unsafe { libc::listen(s.fd.get(), backlog) } < 0 {
                return Err(errno_error(vm));
            }
            Ok(vm.none())
        }),
        ("connect", |vm, a, _| sock_connect(vm, a, true)),
        ("connect_ex", |vm, a, _| sock_connect(vm, a, false)),
        ("recv", |vm, a, _| sock_recv(vm, a)),
        ("recvfrom", |vm, a, _| sock_recvfrom(vm, a)),
        ("recv_into", |vm, a, k| sock_recv_into(vm, a, k, false)),
        ("recvfrom_into", |vm, a, k| sock_recv_into(vm, a, k, true)),
        ("send", |vm, a, _| sock_send(vm, a)),
        ("sendall", |vm, a, _| sock_sendall(vm, a)),
        ("sendto", |vm, a, _| sock_sendto(vm, a)),
        ("sendmsg", |vm, a, _| super::msg::sendmsg(vm, a)),
        ("recvmsg", |vm, a, _| super::msg::recvmsg(vm, a)),
        ("recvmsg_into", |vm, a, _| super::msg::recvmsg_into(vm, a)),
        ("shutdown", |vm, a, _| {
            check_args(vm, "shutdown", &a[1..], 1, 1)?;
            let s = this(vm, a, "shutdown")?;
            let how = vm.c_int_arg(&a[1])?;
            // SAFETY: shutdown(2) with any arguments is safe.
            if unsafe { libc::shutdown(s.fd.get(), how) } < 0 {
                return Err(errno_error(vm));
            }
            Ok(vm.none())
        }),
        ("getsockopt", |vm, a, _| sock_getsockopt(vm, a)),
        ("setsockopt", |vm, a, _| sock_setsockopt(vm, a)),
        ("getsockname", |vm, a, _| sock_name(vm, a, false)),
        ("getpeername", |vm, a, _| sock_name(vm, a, true)),
        ("fileno", |vm, a, _| {
            check_args(vm, "fileno", &a[1..], 0, 0)?;
            let s = this(vm, a, "fileno")?;
            Ok(from_i64(i64::from(s.fd.get())))
        }),
        ("detach", |vm, a, _| {
            check_args(vm, "detach", &a[1..], 0, 0)?;
            let s = this(vm, a, "detach")?;
            Ok(from_i64(i64::from(s.fd.replace(-1))))
        }),
        ("close", |vm, a, _| sock_close(vm, a)),
        ("setblocking", |vm, a, _| sock_setblocking(vm, a)),
        ("getblocking", |vm, a, _| {
            check_args(vm, "getblocking", &a[1..], 0, 0)?;
            let s = this(vm, a, "getblocking")?;
            Ok(py_bool(s.timeout.get() != 0.0))
        }),
        ("settimeout", |vm, a, _| sock_settimeout(vm, a)),
        ("gettimeout", |vm, a, _| {
            check_args(vm, "gettimeout", &a[1..], 0, 0)?;
            let s = this(vm, a, "gettimeout")?;
            Ok(timeout_value(s.timeout.get()))
        }),
    ]
}

/// A read-only attribute of the type, computed by `get`.
use crate::objects::descr::getter;

pub fn register_type() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.socket, "socket", &methods());
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| match a.first() {
        Some(cls)
            if crate::object::types::is_type(cls)
                && cls.type_data_of_type().kind == Kind::Socket =>
        {
            Ok(new_socket(cls))
        }
        _ => Err(vm.type_error("socket.__new__(X): X is not a subtype of socket")),
    });
    let td = t.socket.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    d.set_str("__module__", new_str("_socket"));
    d.set_str(
        "family",
        getter("family", |vm, a, _| {
            let s = this(vm, a, "family")?;
            Ok(from_i64(i64::from(s.family.get())))
        }),
    );
    d.set_str(
        "type",
        getter("type", |vm, a, _| {
            let s = this(vm, a, "type")?;
            Ok(from_i64(i64::from(s.kind.get())))
        }),
    );
    d.set_str(
        "proto",
        getter("proto", |vm, a, _| {
            let s = this(vm, a, "proto")?;
            Ok(from_i64(i64::from(s.proto.get())))
        }),
    );
    d.set_str(
        "timeout",
        getter("timeout", |vm, a, _| {
            let s = this(vm, a, "timeout")?;
            Ok(timeout_value(s.timeout.get()))
        }),
    );
}
