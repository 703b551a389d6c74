//! The name and address functions of `_socket`: `getaddrinfo`,
//! `getnameinfo`, `gethostname`, `gethostby*`, the `getserv*` and
//! `getproto*` databases, network interfaces, and the `inet_*`
//! conversions between text and packed addresses.

use std::ffi::{CStr, CString};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::new_bytes;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{check_args, clinic_args};
use crate::vm::{PyResult, Vm};

use super::addr::{self, SockAddr};
use super::sock::data_arg;

fn os_error_msg(vm: &Vm, msg: &str) -> crate::vm::PyErr {
    vm.err(&types().exc.os_error, msg)
}

fn str_arg<'a>(vm: &Vm, fname: &str, n: usize, v: &'a Value) -> PyResult<&'a str> {
    as_str(v).ok_or_else(|| {
        vm.type_error(format!(
            "{fname}() argument {n} must be str, not {}",
            v.type_data().name
        ))
    })
}

fn cstr(vm: &Vm, s: &[u8]) -> PyResult<CString> {
    CString::new(s.to_vec()).map_err(|_| vm.value_error("embedded null character"))
}

fn inet_aton(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "inet_aton", a, 1, 1)?;
    let s = str_arg(vm, "inet_aton", 1, &a[0])?;
    let c = cstr(vm, s.as_bytes())?;
    match addr::aton(&c) {
        Some(b) => Ok(new_bytes(b.to_vec())),
        None => Err(os_error_msg(
            vm,
            "illegal IP address string passed to inet_aton",
        )),
    }
}

fn inet_ntoa(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "inet_ntoa", a, 1, 1)?;
    let b = data_arg(vm, &a[0])?;
    if b.len() != 4 {
        return Err(os_error_msg(vm, "packed IP wrong length for inet_ntoa"));
    }
    Ok(new_str(&format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])))
}

fn inet_pton(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "inet_pton", a, 2, 2)?;
    let family = vm.c_int_arg(&a[0])?;
    let s = str_arg(vm, "inet_pton", 2, &a[1])?;
    if family != libc::AF_INET && family != libc::AF_INET6 {
        return Err(super::sock::os_error(vm, libc::EAFNOSUPPORT));
    }
    match addr::pton(family, s) {
        Some(b) => Ok(new_bytes(b)),
        None => Err(os_error_msg(
            vm,
            "illegal IP address string passed to inet_pton",
        )),
    }
}

fn inet_ntop(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "inet_ntop", a, 2, 2)?;
    let family = vm.c_int_arg(&a[0])?;
    let b = data_arg(vm, &a[1])?;
    let want = match family {
        libc::AF_INET => 4,
        libc::AF_INET6 => 16,
        _ => return Err(vm.value_error(format!("unknown address family {family}"))),
    };
    if b.len() != want {
        return Err(vm.value_error("invalid length of packed IP address string"));
    }
    match addr::ntop(family, &b) {
        Some(s) => Ok(new_str(&s)),
        None => Err(super::sock::errno_error(vm)),
    }
}

fn getaddrinfo(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    let [host, port, family, ty, proto, flags] = clinic_args(
        vm,
        "getaddrinfo",
        a,
        k,
        ["host", "port", "family", "type", "proto", "flags"],
        2,
    )?;
    let none = types().none.clone();
    let host = host.unwrap_or_else(|| none.clone());
    let port = port.unwrap_or_else(|| none.clone());
    let host = if host.is(&none) {
        None
    } else {
        Some(addr::host_bytes(vm, &host)?)
    };
    let port: Option<Vec<u8>> = match port.kind() {
        _ if port.is(&none) => None,
        Kind::Int | Kind::Bool => Some(crate::interp::str_of(&vm.str_value(&port)?).into_bytes()),
        Kind::Str => {
            // Through the codec, so that lone surrogates raise
            // UnicodeEncodeError as in CPython.
            let b = vm.call_method(&port, "encode", &[new_str("utf-8")])?;
            Some(data_arg(vm, &b)?)
        }
        Kind::Bytes => Some(data_arg(vm, &port)?),
        _ => return Err(os_error_msg(vm, "Int or String expected")),
    };
    let mut int = |v: Option<Value>| -> PyResult<i32> {
        match v {
            Some(v) => vm.c_int_arg(&v),
            None => Ok(0),
        }
    };
    let hints = (int(family)?, int(ty)?, int(proto)?, int(flags)?);
    let infos = addr::getaddrinfo(vm, host.as_deref(), port.as_deref(), hints)?;
    let items = infos
        .iter()
        .map(|ai| {
            new_tuple(vec![
                from_i64(i64::from(ai.family)),
                from_i64(i64::from(ai.socktype)),
                from_i64(i64::from(ai.protocol)),
                new_str(ai.canonname.as_deref().unwrap_or("")),
                addr::to_value(&ai.addr),
            ])
        })
        .collect();
    Ok(new_list(items))
}

fn getnameinfo(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getnameinfo", a, 2, 2)?;
    let items = match a[0].downcast::<TupleData>() {
        Some(t) if a[0].kind() == Kind::Tuple => t.items.to_vec(),
        _ => return Err(vm.type_error("getnameinfo() argument 1 must be a tuple")),
    };
    let flags = vm.c_int_arg(&a[1])?;
    if !(2..=4).contains(&items.len()) {
        return Err(vm.type_error("getnameinfo(): illegal sockaddr argument"));
    }
    let host = str_arg(vm, "getnameinfo", 1, &items[0])?.to_string();
    let port = vm.c_int_arg(&items[1])?;
    let flowinfo = match items.get(2) {
        Some(f) => {
            let f = vm.index_value(f)?;
            u32::try_from(f)
                .ok()
                .filter(|f| *f <= 0xfffff)
                .ok_or_else(|| vm.overflow_error("getnameinfo(): flowinfo must be 0-1048575."))?
        }
        None => 0,
    };
    let scope_id = match items.get(3) {
        Some(s) => vm.index_value(s)? as u32,
        None => 0,
    };
    let infos = addr::getaddrinfo(
        vm,
        Some(host.as_bytes()),
        Some(port.to_string().as_bytes()),
        (libc::AF_UNSPEC, libc::SOCK_DGRAM, 0, libc::AI_NUMERICHOST),
    )?;
    if infos.len() > 1 {
        return Err(os_error_msg(vm, "sockaddr resolved to multiple addresses"));
    }
    let Some(mut ai) = infos.into_iter().next() else {
        return Err(addr::gai_error(vm, libc::EAI_NONAME));
    };
    match ai.family {
        libc::AF_INET if items.len() != 2 => {
            return Err(os_error_msg(vm, "IPv4 sockaddr must be 2 tuple"));
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &mut *ai.addr.as_mut_ptr().cast::<libc::sockaddr_in6>() };
            sin6.sin6_flowinfo = flowinfo.to_be();
            sin6.sin6_scope_id = scope_id;
        }
        _ => {}
    }
    let (h, s) = nameinfo(vm, &ai.addr, flags)?;
    Ok(new_tuple(vec![new_str(&h), new_str(&s)]))
}

/// libc's `getnameinfo`: the host and service names of an address.
fn nameinfo(vm: &mut Vm, sa: &SockAddr, flags: i32) -> PyResult<(String, String)> {
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    loop {
        // SAFETY: sa holds sa.len bytes of address; both buffers are
        // writable for the lengths given.
        let r = unsafe {
            libc::getnameinfo(
                sa.as_ptr(),
                sa.len,
                host.as_mut_ptr(),
                host.len() as libc::socklen_t,
                serv.as_mut_ptr(),
                serv.len() as libc::socklen_t,
                flags,
            )
        };
        if r == libc::EAI_SYSTEM && super::sock::last_errno() == libc::EINTR {
            super::signal_check(vm)?;
            continue;
        }
        if r != 0 {
            return Err(addr::gai_error(vm, r));
        }
        break;
    }
    // SAFETY: getnameinfo wrote NUL-terminated strings to both buffers.
    let text = |b: &[libc::c_char]| {
        unsafe { CStr::from_ptr(b.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    };
    Ok((text(&host), text(&serv)))
}

fn name_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<Vec<u8>> {
    match v.kind() {
        Kind::Str | Kind::Bytes | Kind::ByteArray => addr::host_bytes(vm, v),
        _ => Err(vm.type_error(format!(
            "{fname}() argument 1 must be str, bytes or bytearray, not {}",
            v.type_data().name
        ))),
    }
}

fn host_of(a: &SockAddr) -> Value {
    match &addr::to_value(a) {
        t if t.kind() == Kind::Tuple => t
            .downcast::<TupleData>()
            .and_then(|t| t.items.first().cloned())
            .unwrap_or_else(|| new_str("")),
        _ => new_str(""),
    }
}

fn gethostbyname(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "gethostbyname", a, 1, 1)?;
    let name = name_arg(vm, "gethostbyname", &a[0])?;
    let sa = addr::resolve(vm, &name, libc::AF_INET)?;
    Ok(host_of(&sa))
}

fn gethostbyname_ex(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "gethostbyname_ex", a, 1, 1)?;
    let name = name_arg(vm, "gethostbyname_ex", &a[0])?;
    let infos = addr::getaddrinfo(
        vm,
        Some(&name),
        None,
        (libc::AF_INET, libc::SOCK_STREAM, 0, libc::AI_CANONNAME),
    )?;
    let canon = infos
        .iter()
        .find_map(|ai| ai.canonname.clone())
        .unwrap_or_else(|| String::from_utf8_lossy(&name).into_owned());
    let mut ips: Vec<String> = Vec::new();
    for ai in &infos {
        let h = crate::interp::str_of(&host_of(&ai.addr));
        if !ips.contains(&h) {
            ips.push(h);
        }
    }
    Ok(new_tuple(vec![
        new_str(&canon),
        new_list(vec![]),
        new_list(ips.iter().map(|s| new_str(s)).collect()),
    ]))
}

fn gethostbyaddr(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "gethostbyaddr", a, 1, 1)?;
    let name = name_arg(vm, "gethostbyaddr", &a[0])?;
    let sa = addr::resolve(vm, &name, libc::AF_UNSPEC)?;
    let host = match nameinfo(vm, &sa, libc::NI_NAMEREQD) {
        Ok((h, _)) => h,
        Err(_) => return Err(addr::unknown_host()),
    };
    Ok(new_tuple(vec![
        new_str(&host),
        new_list(vec![]),
        new_list(vec![host_of(&sa)]),
    ]))
}

fn gethostname(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "gethostname", a, 0, 0)?;
    let mut buf = [0 as libc::c_char; 1024];
    // SAFETY: buf has buf.len() writable bytes.
    if unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len() - 1) } < 0 {
        return Err(super::sock::errno_error(vm));
    }
    // SAFETY: the last byte stays 0, so the buffer is NUL-terminated.
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Ok(new_str(&s.to_string_lossy()))
}

fn proto_arg(vm: &mut Vm, fname: &str, v: Option<&Value>) -> PyResult<Option<CString>> {
    match v {
        None => Ok(None),
        Some(p) => {
            let s = str_arg(vm, fname, 2, p)?;
            Ok(Some(cstr(vm, s.as_bytes())?))
        }
    }
}

fn getservbyname(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getservbyname", a, 1, 2)?;
    let name = cstr(vm, str_arg(vm, "getservbyname", 1, &a[0])?.as_bytes())?;
    let proto = proto_arg(vm, "getservbyname", a.get(1))?;
    // SAFETY: both strings are NUL-terminated (or proto is null); the
    // result points into libc's static storage, read at once.
    let e = unsafe {
        libc::getservbyname(
            name.as_ptr(),
            proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
        )
    };
    if e.is_null() {
        return Err(os_error_msg(vm, "service/proto not found"));
    }
    // SAFETY: e is a valid servent (checked non-null above).
    let port = unsafe { (*e).s_port };
    Ok(from_i64(i64::from(u16::from_be(port as u16))))
}

fn getservbyport(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getservbyport", a, 1, 2)?;
    let port = vm.c_int_arg(&a[0])?;
    if !(0..=0xffff).contains(&port) {
        return Err(vm.overflow_error("getservbyport: port must be 0-65535."));
    }
    let proto = proto_arg(vm, "getservbyport", a.get(1))?;
    // SAFETY: proto is NUL-terminated or null; the result points into
    // libc's static storage, read at once.
    let e = unsafe {
        libc::getservbyport(
            i32::from((port as u16).to_be()),
            proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
        )
    };
    if e.is_null() {
        return Err(os_error_msg(vm, "port/proto not found"));
    }
    // SAFETY: e is a valid servent whose name is NUL-terminated.
    let name = unsafe { CStr::from_ptr((*e).s_name) };
    Ok(new_str(&name.to_string_lossy()))
}

fn getprotobyname(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "getprotobyname", a, 1, 1)?;
    let name = cstr(vm, str_arg(vm, "getprotobyname", 1, &a[0])?.as_bytes())?;
    // SAFETY: name is NUL-terminated; the result points into libc's
    // static storage, read at once.
    let e = unsafe { libc::getprotobyname(name.as_ptr()) };
    if e.is_null() {
        return Err(os_error_msg(vm, "protocol not found"));
    }
    // SAFETY: e is a valid protoent (checked non-null above).
    Ok(from_i64(i64::from(unsafe { (*e).p_proto })))
}

fn if_nametoindex(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "if_nametoindex", a, 1, 1)?;
    let name: Vec<u8> = match a[0].kind() {
        Kind::Str => as_str(&a[0]).unwrap_or("").as_bytes().to_vec(),
        Kind::Bytes => data_arg(vm, &a[0])?,
        _ => {
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                a[0].type_data().name
            )));
        }
    };
    let c = cstr(vm, &name)?;
    // SAFETY: c is NUL-terminated.
    let i = unsafe { libc::if_nametoindex(c.as_ptr()) };
    if i == 0 {
        return Err(os_error_msg(vm, "no interface with this name"));
    }
    Ok(from_i64(i64::from(i)))
}

fn if_indextoname(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "if_indextoname", a, 1, 1)?;
    let i = vm.index_value(&a[0])?;
    let i = u32::try_from(i).map_err(|_| vm.overflow_error("index must be 0-4294967295"))?;
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE + 1];
    // SAFETY: buf has more than IF_NAMESIZE bytes.
    let r = unsafe { libc::if_indextoname(i, buf.as_mut_ptr()) };
    if r.is_null() {
        return Err(super::sock::errno_error(vm));
    }
    // SAFETY: if_indextoname wrote a NUL-terminated name.
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Ok(new_str(&s.to_string_lossy()))
}

fn if_nameindex(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "if_nameindex", a, 0, 0)?;
    // SAFETY: if_nameindex returns an array ended by a zero entry, or null.
    let list = unsafe { libc::if_nameindex() };
    if list.is_null() {
        return Err(super::sock::errno_error(vm));
    }
    let mut out = Vec::new();
    let mut p = list;
    loop {
        // SAFETY: p is within the array, up to its terminating entry.
        let e = unsafe { &*p };
        if e.if_index == 0 && e.if_name.is_null() {
            break;
        }
        // SAFETY: if_name of a non-terminal entry is a NUL-terminated name.
        let name = unsafe { CStr::from_ptr(e.if_name) }.to_string_lossy();
        out.push(new_tuple(vec![
            from_i64(i64::from(e.if_index)),
            new_str(&name),
        ]));
        // SAFETY: the terminating entry has not been reached yet.
        p = unsafe { p.add(1) };
    }
    // SAFETY: list came from if_nameindex and is freed once.
    unsafe { libc::if_freenameindex(list) };
    Ok(new_list(out))
}

pub fn functions() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("inet_aton", |vm, a, _| inet_aton(vm, a)),
        ("inet_ntoa", |vm, a, _| inet_ntoa(vm, a)),
        ("inet_pton", |vm, a, _| inet_pton(vm, a)),
        ("inet_ntop", |vm, a, _| inet_ntop(vm, a)),
        ("getaddrinfo", getaddrinfo),
        ("getnameinfo", |vm, a, _| getnameinfo(vm, a)),
        ("gethostname", |vm, a, _| gethostname(vm, a)),
        ("gethostbyname", |vm, a, _| gethostbyname(vm, a)),
        ("gethostbyname_ex", |vm, a, _| gethostbyname_ex(vm, a)),
        ("gethostbyaddr", |vm, a, _| gethostbyaddr(vm, a)),
        ("getservbyname", |vm, a, _| getservbyname(vm, a)),
        ("getservbyport", |vm, a, _| getservbyport(vm, a)),
        ("getprotobyname", |vm, a, _| getprotobyname(vm, a)),
        ("if_nametoindex", |vm, a, _| if_nametoindex(vm, a)),
        ("if_indextoname", |vm, a, _| if_indextoname(vm, a)),
        ("if_nameindex", |vm, a, _| if_nameindex(vm, a)),
    ]
}
