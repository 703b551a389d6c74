//! `sendmsg`, `recvmsg` and `recvmsg_into`: scattered and gathered data,
//! with an address for unconnected sockets. Ancillary data (`ancdata`,
//! `ancbufsize`) is not supported: asking for it raises
//! NotImplementedError.

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::{PyErr, PyResult, Vm};

use super::addr::{self, SockAddr};
use super::sock::{data_arg, deadline_of, ok_or_errno, sock_call, this};

fn no_ancillary(vm: &Vm, name: &str) -> PyErr {
    vm.not_implemented(format!("ancillary data in socket.{name}()"))
}

fn empty_msghdr() -> libc::msghdr {
    // SAFETY: msghdr is plain data; all zeros (null pointers, zero
    // lengths) is a valid empty header.
    unsafe { std::mem::zeroed() }
}

/// `sendmsg(buffers[, ancdata[, flags[, address]]])`.
pub fn sendmsg(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "sendmsg", &a[1..], 1, 4)?;
    let s = this(vm, a, "sendmsg")?;
    let mut bufs = Vec::new();
    for b in vm.iterate(&a[1])? {
        bufs.push(data_arg(vm, &b)?);
    }
    if let Some(anc) = a.get(2)
        && !vm.iterate(anc)?.is_empty()
    {
        return Err(no_ancillary(vm, "sendmsg"));
    }
    let flags = match a.get(3) {
        Some(f) => vm.c_int_arg(f)?,
        None => 0,
    };
    let address = match a.get(4).filter(|v| !v.is(&types().none)) {
        Some(v) => Some(addr::from_value(vm, s.family.get(), v, "sendmsg")?),
        None => None,
    };
    let mut iov: Vec<libc::iovec> = bufs
        .iter()
        .map(|b| libc::iovec {
            iov_base: b.as_ptr() as *mut libc::c_void,
            iov_len: b.len(),
        })
        .collect();
    let n = sock_call(vm, s, true, deadline_of(s), |fd| {
        let mut msg = empty_msghdr();
        if let Some(sa) = &address {
            msg.msg_name = sa.as_ptr() as *mut libc::c_void;
            msg.msg_namelen = sa.len;
        }
        msg.msg_iov = iov.as_mut_ptr();
        msg.msg_iovlen = iov.len() as _;
        // SAFETY: the iovecs point into `bufs`, the name into `address`,
        // both alive for the call; sendmsg only reads them.
        ok_or_errno(unsafe { libc::sendmsg(fd, &msg, flags) })
    })?;
    Ok(from_i64(n as i64))
}

/// What `recvmsg` and `recvmsg_into` share: the size of the ancillary
/// buffer (which must be 0) and the flags.
fn anc_and_flags(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<i32> {
    if let Some(n) = a.get(2) {
        let n = vm.ssize_arg(n)?;
        if n < 0 {
            return Err(vm.value_error(format!("negative buffer size in {name}()")));
        }
        if n > 0 {
            return Err(no_ancillary(vm, name));
        }
    }
    match a.get(3) {
        Some(f) => vm.c_int_arg(f),
        None => Ok(0),
    }
}

/// Receives into `bufs`: the byte count, the message flags and the
/// sender's address.
fn receive(
    vm: &mut Vm,
    a: &[Value],
    bufs: &mut [Vec<u8>],
    flags: i32,
) -> PyResult<(usize, i32, SockAddr)> {
    let s = this(vm, a, "recvmsg")?;
    let mut iov: Vec<libc::iovec> = bufs
        .iter_mut()
        .map(|b| libc::iovec {
            iov_base: b.as_mut_ptr().cast(),
            iov_len: b.len(),
        })
        .collect();
    let mut sa = SockAddr::empty();
    let mut msg_flags = 0;
    let n = sock_call(vm, s, false, deadline_of(s), |fd| {
        let mut msg = empty_msghdr();
        sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        msg.msg_name = sa.as_mut_ptr().cast();
        msg.msg_namelen = sa.len;
        msg.msg_iov = iov.as_mut_ptr();
        msg.msg_iovlen = iov.len() as _;
        // SAFETY: the iovecs point into `bufs` and the name into `sa`,
        // writable and alive for the call.
        let r = ok_or_errno(unsafe { libc::recvmsg(fd, &mut msg, flags) });
        sa.len = msg.msg_namelen;
        msg_flags = msg.msg_flags;
        r
    })?;
    Ok((n, msg_flags, sa))
}

/// `recvmsg(bufsize[, ancbufsize[, flags]])`.
pub fn recvmsg(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "recvmsg", &a[1..], 1, 3)?;
    let size = vm.ssize_arg(&a[1])?;
    if size < 0 {
        return Err(vm.value_error("negative buffer size in recvmsg()"));
    }
    let flags = anc_and_flags(vm, a, "recvmsg")?;
    let mut buf = vm.try_vec::<u8>(size as usize)?;
    buf.resize(size as usize, 0);
    let mut bufs = [buf];
    let (n, msg_flags, sa) = receive(vm, a, &mut bufs, flags)?;
    let [mut buf] = bufs;
    buf.truncate(n);
    Ok(new_tuple(vec![
        new_bytes(buf),
        new_list(vec![]),
        from_i64(i64::from(msg_flags)),
        addr::to_value(&sa),
    ]))
}

/// `recvmsg_into(buffers[, ancbufsize[, flags]])`, into bytearrays.
pub fn recvmsg_into(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "recvmsg_into", &a[1..], 1, 3)?;
    let targets = vm.iterate(&a[1])?;
    let mut bufs = Vec::new();
    for t in &targets {
        match t.downcast::<BytesData>() {
            Some(b) if t.kind() == Kind::ByteArray => bufs.push(vec![0u8; b.data.borrow().len()]),
            _ => {
                return Err(vm.type_error(format!(
                    "recvmsg_into() argument 1 must be an iterable of single-segment read-write buffers, not {}",
                    t.type_data().name
                )));
            }
        }
    }
    let flags = anc_and_flags(vm, a, "recvmsg_into")?;
    let (n, msg_flags, sa) = receive(vm, a, &mut bufs, flags)?;
    let mut left = n;
    for (t, b) in targets.iter().zip(&bufs) {
        let take = left.min(b.len());
        if let Some(d) = t.downcast::<BytesData>() {
            // A signal handler may have resized the bytearray meanwhile.
            let mut d = d.data.borrow_mut();
            let m = take.min(d.len());
            d[..m].copy_from_slice(&b[..m]);
        }
        left -= take;
    }
    Ok(new_tuple(vec![
        from_i64(n as i64),
        new_list(vec![]),
        from_i64(i64::from(msg_flags)),
        addr::to_value(&sa),
    ]))
}
