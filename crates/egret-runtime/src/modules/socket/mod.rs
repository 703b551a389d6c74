//! `_socket`: BSD sockets over libc, as CPython's `socketmodule.c` offers
//! them to `socket.py`: the `socket` type (`sock`), addresses and name
//! resolution (`addr`, `netdb`), the constants (`consts`) and the small
//! module functions (byte order, default timeout, descriptors).
//!
//! Not here: ancillary data (`sendmsg`/`recvmsg` raise
//! NotImplementedError when asked for it), `ssl`, and the families beyond IPv4, IPv6 and
//! Unix-domain sockets in addresses.

pub mod addr;
mod consts;
mod msg;
mod netdb;
pub mod sock;

use std::cell::Cell;

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

pub use sock::{SocketData, new_socket};

crate::gil_local! {
    /// `setdefaulttimeout`'s value: seconds, negative for None.
    static DEFAULT_TIMEOUT: Cell<f64> = const { Cell::new(-1.0) };
}

pub fn default_timeout() -> f64 {
    DEFAULT_TIMEOUT.with(Cell::get)
}

/// Runs the Python handlers of signals that arrived (a system call was
/// interrupted); their exception, if any, ends the call.
pub fn signal_check(vm: &mut Vm) -> PyResult<()> {
    crate::modules::signal::run_handlers(vm)
}

/// Closes a descriptor as `socket.close` does: a connection reset by the
/// peer is not an error.
pub fn close_fd(vm: &Vm, fd: i32) -> PyResult<()> {
    // SAFETY: closing a descriptor number is safe; the caller gives up
    // its ownership.
    if unsafe { libc::close(fd) } < 0 {
        let e = sock::last_errno();
        if e != libc::ECONNRESET {
            return Err(sock::os_error(vm, e));
        }
    }
    Ok(())
}

/// A non-inheritable duplicate of `fd`.
pub fn dup_fd(vm: &Vm, fd: i32) -> PyResult<i32> {
    // SAFETY: fcntl on any descriptor number is safe.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(sock::errno_error(vm));
    }
    Ok(r)
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let fd = vm.index_value(v)?;
    i32::try_from(fd).map_err(|_| vm.overflow_error("Python int too large to convert to C int"))
}

/// `socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)`.
fn socketpair(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "socketpair", a, 0, 3)?;
    let family = match a.first() {
        Some(v) => vm.c_int_arg(v)?,
        None => libc::AF_UNIX,
    };
    let ty = match a.get(1) {
        Some(v) => vm.c_int_arg(v)?,
        None => libc::SOCK_STREAM,
    };
    let proto = match a.get(2) {
        Some(v) => vm.c_int_arg(v)?,
        None => 0,
    };
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for the two descriptors.
    let r = unsafe { libc::socketpair(family, ty | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) };
    if r < 0 {
        return Err(sock::errno_error(vm));
    }
    let first = sock::socket_for_fd(vm, fds[0], family, ty, proto);
    let second = sock::socket_for_fd(vm, fds[1], family, ty, proto);
    Ok(new_tuple(vec![first?, second?]))
}

/// `htons`/`ntohs` (16 bits) and `htonl`/`ntohl` (32 bits): the same
/// swap both ways.
fn byte_order(vm: &mut Vm, a: &[Value], name: &str, bits: u32) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let big = if bits == 16 {
        let i = vm.index_value(&a[0]);
        match i {
            Ok(i) => num_bigint::BigInt::from(i),
            Err(_) if matches!(a[0].kind(), crate::object::types::Kind::Int) => {
                crate::objects::int::to_bigint(&a[0]).unwrap_or_default()
            }
            Err(e) => return Err(e),
        }
    } else {
        crate::objects::int::to_bigint(&a[0]).ok_or_else(|| {
            vm.type_error(format!("expected int, {} found", a[0].type_data().name))
        })?
    };
    if big.sign() == num_bigint::Sign::Minus {
        return Err(vm.overflow_error(if bits == 16 {
            format!("{name}: can't convert negative Python int to C 16-bit unsigned integer")
        } else {
            "can't convert negative value to unsigned int".to_string()
        }));
    }
    let too_big = || {
        if bits == 16 {
            format!("{name}: Python int too large to convert to C 16-bit unsigned integer")
        } else {
            "int larger than 32 bits".to_string()
        }
    };
    let v = u64::try_from(&big).map_err(|_| vm.overflow_error(too_big()))?;
    if bits == 16 {
        let v = u16::try_from(v).map_err(|_| vm.overflow_error(too_big()))?;
        Ok(from_i64(i64::from(u16::from_be(v))))
    } else {
        let v = u32::try_from(v).map_err(|_| vm.overflow_error(too_big()))?;
        Ok(from_i64(i64::from(u32::from_be(v))))
    }
}

fn cmsg(vm: &mut Vm, a: &[Value], name: &str, space: bool) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let n = vm.ssize_arg(&a[0])?;
    let limit = i64::from(u32::MAX) - 64;
    if !(0..=limit).contains(&n) {
        return Err(vm.overflow_error(format!("{name}() argument out of range")));
    }
    // SAFETY: CMSG_LEN and CMSG_SPACE are arithmetic on their argument.
    let r = unsafe {
        if space {
            libc::CMSG_SPACE(n as u32)
        } else {
            libc::CMSG_LEN(n as u32)
        }
    };
    Ok(from_i64(i64::from(r)))
}

pub fn register_types() {
    sock::register_type();
}

pub fn make(vm: &mut Vm) -> Value {
    let t = types();
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", new_str("socket"));
    let herror = crate::object::types::new_class(
        &t.type_,
        "herror",
        vec![t.exc.os_error.clone()],
        ns.clone(),
    )
    .expect("an exception class");
    let gaierror =
        crate::object::types::new_class(&t.type_, "gaierror", vec![t.exc.os_error.clone()], ns)
            .expect("an exception class");
    addr::set_error_types(gaierror.clone(), herror.clone());
    let mut funcs: Vec<(&'static str, NativeFn)> = vec![
        ("socketpair", |vm, a, _| socketpair(vm, a)),
        ("dup", |vm, a, _| {
            check_args(vm, "dup", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            Ok(from_i64(i64::from(dup_fd(vm, fd)?)))
        }),
        ("close", |vm, a, _| {
            check_args(vm, "close", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            close_fd(vm, fd)?;
            Ok(vm.none())
        }),
        ("getdefaulttimeout", |vm, a, _| {
            check_args(vm, "getdefaulttimeout", a, 0, 0)?;
            let t = default_timeout();
            Ok(if t < 0.0 {
                vm.none()
            } else {
                crate::objects::float::new_float(t)
            })
        }),
        ("setdefaulttimeout", |vm, a, _| {
            check_args(vm, "setdefaulttimeout", a, 1, 1)?;
            let t = sock::timeout_arg(vm, &a[0])?;
            DEFAULT_TIMEOUT.with(|d| d.set(t));
            Ok(vm.none())
        }),
        ("htons", |vm, a, _| byte_order(vm, a, "htons", 16)),
        ("ntohs", |vm, a, _| byte_order(vm, a, "ntohs", 16)),
        ("htonl", |vm, a, _| byte_order(vm, a, "htonl", 32)),
        ("ntohl", |vm, a, _| byte_order(vm, a, "ntohl", 32)),
        ("CMSG_LEN", |vm, a, _| cmsg(vm, a, "CMSG_LEN", false)),
        ("CMSG_SPACE", |vm, a, _| cmsg(vm, a, "CMSG_SPACE", true)),
    ];
    funcs.extend(netdb::functions());
    let mut values: Vec<(&str, Value)> = vec![
        ("socket", t.socket.clone()),
        ("SocketType", t.socket.clone()),
        ("error", t.exc.os_error.clone()),
        ("timeout", t.exc.timeout_error.clone()),
        ("herror", herror),
        ("gaierror", gaierror),
        ("has_ipv6", py_bool(true)),
    ];
    for (n, v) in consts::CONSTANTS {
        values.push((n, from_i64(*v)));
    }
    let _ = vm;
    super::make_module("_socket", &funcs, values)
}
