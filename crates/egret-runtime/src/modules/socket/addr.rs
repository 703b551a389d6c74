//! Socket addresses between Python and C: the tuples (`AF_INET`,
//! `AF_INET6`) and paths (`AF_UNIX`) a program passes turned into a
//! `sockaddr`, and back; host names resolved with libc's `getaddrinfo`;
//! the `gaierror`/`herror` exceptions that resolution raises.

use std::cell::RefCell;
use std::ffi::{CStr, CString};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyErr, PyResult, Vm};

// The text/packed address conversions of the C library, which the libc
// crate does not declare.
unsafe extern "C" {
    fn inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut libc::c_char,
        size: libc::socklen_t,
    ) -> *const libc::c_char;
    fn inet_pton(af: libc::c_int, src: *const libc::c_char, dst: *mut libc::c_void) -> libc::c_int;
    fn inet_aton(cp: *const libc::c_char, inp: *mut libc::in_addr) -> libc::c_int;
}

/// `inet_aton`: the address of IPv4 text in any of its classic forms
/// (`127.1`, `0x7f.1`), in network order.
pub fn aton(text: &CStr) -> Option<[u8; 4]> {
    let mut out = libc::in_addr { s_addr: 0 };
    // SAFETY: text is NUL-terminated; out is a valid in_addr.
    let r = unsafe { inet_aton(text.as_ptr(), &mut out) };
    (r != 0).then(|| out.s_addr.to_ne_bytes())
}

crate::gil_local! {
    /// `socket.gaierror` and `socket.herror`, made with the module.
    static ERRORS: RefCell<Option<(Value, Value)>> = const { RefCell::new(None) };
}

pub fn set_error_types(gaierror: Value, herror: Value) {
    ERRORS.with(|e| *e.borrow_mut() = Some((gaierror, herror)));
}

fn error_type(herror: bool) -> Value {
    ERRORS
        .with(|e| {
            e.borrow()
                .as_ref()
                .map(|(g, h)| if herror { h.clone() } else { g.clone() })
        })
        .unwrap_or_else(|| types().exc.os_error.clone())
}

/// An OSError subclass raised with `(code, message)` as its arguments.
fn coded_error(ty: &Value, code: i64, msg: &str) -> PyErr {
    PyErr::new(crate::objects::exceptions::new_exception(
        ty,
        new_tuple(vec![from_i64(code), new_str(msg)]),
    ))
}

/// The error of a failed `getaddrinfo`/`getnameinfo`: `gaierror`, or the
/// OSError of `errno` for `EAI_SYSTEM`.
pub fn gai_error(vm: &Vm, code: i32) -> PyErr {
    if code == libc::EAI_SYSTEM {
        return super::sock::errno_error(vm);
    }
    // SAFETY: gai_strerror returns a pointer to a static NUL-terminated
    // message for any code.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) };
    coded_error(&error_type(false), i64::from(code), &msg.to_string_lossy())
}

/// `herror(1, 'Unknown host')`, as `gethostbyaddr` raises it.
pub fn unknown_host() -> PyErr {
    coded_error(&error_type(true), 1, "Unknown host")
}

/// A C `sockaddr` of any family, with its length.
pub struct SockAddr {
    pub storage: libc::sockaddr_storage,
    pub len: libc::socklen_t,
}

impl SockAddr {
    /// An all-zero address with room for any family (for the kernel to
    /// fill in).
    pub fn empty() -> SockAddr {
        SockAddr {
            // SAFETY: sockaddr_storage is plain data; all zeros is valid.
            storage: unsafe { std::mem::zeroed() },
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    pub fn as_ptr(&self) -> *const libc::sockaddr {
        (&raw const self.storage).cast()
    }

    pub fn as_mut_ptr(&mut self) -> *mut libc::sockaddr {
        (&raw mut self.storage).cast()
    }

    fn family(&self) -> i32 {
        i32::from(self.storage.ss_family)
    }

    fn v4(ip: [u8; 4], port: u16) -> SockAddr {
        let mut a = SockAddr::empty();
        // SAFETY: sockaddr_storage is large and aligned enough for any
        // sockaddr, sockaddr_in included.
        let sin = unsafe { &mut *a.as_mut_ptr().cast::<libc::sockaddr_in>() };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_port = port.to_be();
        sin.sin_addr.s_addr = u32::from_ne_bytes(ip);
        a.len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        a
    }

    fn v6(ip: [u8; 16], port: u16, flowinfo: u32, scope_id: u32) -> SockAddr {
        let mut a = SockAddr::empty();
        // SAFETY: as in `v4`, for sockaddr_in6.
        let sin6 = unsafe { &mut *a.as_mut_ptr().cast::<libc::sockaddr_in6>() };
        sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
        sin6.sin6_port = port.to_be();
        sin6.sin6_flowinfo = flowinfo.to_be();
        sin6.sin6_addr.s6_addr = ip;
        sin6.sin6_scope_id = scope_id;
        a.len = std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;
        a
    }

    fn set_port(&mut self, port: u16) {
        match self.family() {
            libc::AF_INET => {
                // SAFETY: the family says the storage holds a sockaddr_in.
                let sin = unsafe { &mut *self.as_mut_ptr().cast::<libc::sockaddr_in>() };
                sin.sin_port = port.to_be();
            }
            libc::AF_INET6 => {
                // SAFETY: the family says the storage holds a sockaddr_in6.
                let sin6 = unsafe { &mut *self.as_mut_ptr().cast::<libc::sockaddr_in6>() };
                sin6.sin6_port = port.to_be();
            }
            _ => {}
        }
    }
}

/// `inet_ntop` of `len` bytes at `src` (4 for IPv4, 16 for IPv6).
pub fn ntop(family: i32, src: &[u8]) -> Option<String> {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: src holds the address bytes (the caller checked the length
    // for the family); buf has 64 writable bytes, more than
    // INET6_ADDRSTRLEN.
    let r = unsafe {
        inet_ntop(
            family,
            src.as_ptr().cast(),
            buf.as_mut_ptr(),
            buf.len() as libc::socklen_t,
        )
    };
    if r.is_null() {
        return None;
    }
    // SAFETY: on success inet_ntop wrote a NUL-terminated string to buf.
    Some(
        unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// `inet_pton`: the packed address, or None if `text` is not one.
pub fn pton(family: i32, text: &str) -> Option<Vec<u8>> {
    let c = CString::new(text).ok()?;
    let mut buf = [0u8; 16];
    // SAFETY: c is NUL-terminated; buf has room for an in6_addr.
    let r = unsafe { inet_pton(family, c.as_ptr(), buf.as_mut_ptr().cast()) };
    if r != 1 {
        return None;
    }
    let n = if family == libc::AF_INET { 4 } else { 16 };
    Some(buf[..n].to_vec())
}

/// The Python value of a `sockaddr` the kernel returned: `(host, port)`,
/// `(host, port, flowinfo, scope_id)`, a path, or `(family, data)`.
pub fn to_value(a: &SockAddr) -> Value {
    if a.len == 0 {
        return types().none.clone();
    }
    match a.family() {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*a.as_ptr().cast::<libc::sockaddr_in>() };
            let ip = sin.sin_addr.s_addr.to_ne_bytes();
            let host = ntop(libc::AF_INET, &ip).unwrap_or_default();
            new_tuple(vec![
                new_str(&host),
                from_i64(i64::from(u16::from_be(sin.sin_port))),
            ])
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*a.as_ptr().cast::<libc::sockaddr_in6>() };
            let host = ntop(libc::AF_INET6, &sin6.sin6_addr.s6_addr).unwrap_or_default();
            new_tuple(vec![
                new_str(&host),
                from_i64(i64::from(u16::from_be(sin6.sin6_port))),
                from_i64(i64::from(u32::from_be(sin6.sin6_flowinfo))),
                from_i64(i64::from(sin6.sin6_scope_id)),
            ])
        }
        libc::AF_UNIX => {
            // SAFETY: the family says the storage holds a sockaddr_un.
            let sun = unsafe { &*a.as_ptr().cast::<libc::sockaddr_un>() };
            let offset = std::mem::offset_of!(libc::sockaddr_un, sun_path);
            let n = (a.len as usize)
                .saturating_sub(offset)
                .min(sun.sun_path.len());
            let path: Vec<u8> = sun.sun_path[..n].iter().map(|&c| c as u8).collect();
            if path.first() == Some(&0) {
                // Linux's abstract namespace: the name is all the bytes.
                return new_bytes(path);
            }
            let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
            new_str(&String::from_utf8_lossy(&path[..end]))
        }
        family => {
            // SAFETY: every sockaddr starts with the generic header.
            let sa = unsafe { &*a.as_ptr() };
            let data: Vec<u8> = sa.sa_data.iter().map(|&c| c as u8).collect();
            new_tuple(vec![from_i64(i64::from(family)), new_bytes(data)])
        }
    }
}

/// A host argument as bytes for the resolver: str (IDNA-encoded when it
/// is not ASCII), bytes or bytearray.
pub fn host_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v.kind() {
        Kind::Str => {
            let s = as_str(v).unwrap_or("");
            if s.is_ascii() {
                return Ok(s.as_bytes().to_vec());
            }
            let b = vm.call_method(v, "encode", &[new_str("idna")])?;
            Ok(bytes_of(&b).unwrap_or_default())
        }
        Kind::Bytes | Kind::ByteArray => Ok(bytes_of(v).unwrap_or_default()),
        _ => Err(vm.type_error(format!(
            "str, bytes or bytearray expected, not {}",
            v.type_data().name
        ))),
    }
}

fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    v.downcast::<BytesData>().map(|b| b.data.borrow().clone())
}

fn cstring(vm: &Vm, b: &[u8]) -> PyResult<CString> {
    CString::new(b.to_vec()).map_err(|_| vm.type_error("host name must not contain null character"))
}

/// One answer of `getaddrinfo`.
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: Option<String>,
    pub addr: SockAddr,
}

/// libc's `getaddrinfo`, its answers in order.
pub fn getaddrinfo(
    vm: &mut Vm,
    host: Option<&[u8]>,
    port: Option<&[u8]>,
    hints: (i32, i32, i32, i32),
) -> PyResult<Vec<AddrInfo>> {
    let host = host.map(|h| cstring(vm, h)).transpose()?;
    let port = port.map(|p| cstring(vm, p)).transpose()?;
    let (family, socktype, protocol, flags) = hints;
    // SAFETY: addrinfo is plain data; all zeros is the documented start.
    let mut h: libc::addrinfo = unsafe { std::mem::zeroed() };
    h.ai_family = family;
    h.ai_socktype = socktype;
    h.ai_protocol = protocol;
    h.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    let code = loop {
        // SAFETY: host and port are NUL-terminated or null; h is a valid
        // hints struct; res receives a list we free below.
        let code = unsafe {
            libc::getaddrinfo(
                host.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
                port.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
                &h,
                &mut res,
            )
        };
        if code == libc::EAI_SYSTEM
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR)
        {
            super::signal_check(vm)?;
            continue;
        }
        break code;
    };
    if code != 0 {
        return Err(gai_error(vm, code));
    }
    let mut out = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: p is a node of the list getaddrinfo returned, not yet
        // freed.
        let ai = unsafe { &*p };
        let mut addr = SockAddr::empty();
        let n = (ai.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        if !ai.ai_addr.is_null() {
            // SAFETY: ai_addr points to ai_addrlen bytes; storage has room
            // for n of them.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    ai.ai_addr.cast::<u8>(),
                    addr.as_mut_ptr().cast::<u8>(),
                    n,
                );
            }
        }
        addr.len = n as libc::socklen_t;
        let canonname = if ai.ai_canonname.is_null() {
            None
        } else {
            // SAFETY: ai_canonname is a NUL-terminated string of the list.
            Some(
                unsafe { CStr::from_ptr(ai.ai_canonname) }
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        out.push(AddrInfo {
            family: ai.ai_family,
            socktype: ai.ai_socktype,
            protocol: ai.ai_protocol,
            canonname,
            addr,
        });
        p = ai.ai_next;
    }
    if !res.is_null() {
        // SAFETY: res is the list getaddrinfo allocated; freed once.
        unsafe { libc::freeaddrinfo(res) };
    }
    Ok(out)
}

/// The address of host `name` in `family` (`AF_INET`, `AF_INET6` or
/// `AF_UNSPEC`), port 0: `''` is any address, `'<broadcast>'` the IPv4
/// broadcast address, numeric addresses are taken as they are, other names
/// are looked up.
pub fn resolve(vm: &mut Vm, name: &[u8], family: i32) -> PyResult<SockAddr> {
    if name.is_empty() {
        return Ok(if family == libc::AF_INET6 {
            SockAddr::v6([0; 16], 0, 0, 0)
        } else {
            SockAddr::v4([0; 4], 0)
        });
    }
    if name == b"<broadcast>" || name == b"255.255.255.255" {
        if family != libc::AF_INET && family != libc::AF_UNSPEC {
            return Err(vm.err(&types().exc.os_error, "address family mismatched"));
        }
        return Ok(SockAddr::v4([255; 4], 0));
    }
    let text = String::from_utf8_lossy(name);
    if (family == libc::AF_INET || family == libc::AF_UNSPEC)
        && let Some(ip) = pton(libc::AF_INET, &text)
    {
        return Ok(SockAddr::v4([ip[0], ip[1], ip[2], ip[3]], 0));
    }
    if (family == libc::AF_INET6 || family == libc::AF_UNSPEC)
        && !text.contains('%')
        && let Some(ip) = pton(libc::AF_INET6, &text)
    {
        let mut b = [0u8; 16];
        b.copy_from_slice(&ip);
        return Ok(SockAddr::v6(b, 0, 0, 0));
    }
    let infos = getaddrinfo(vm, Some(name), None, (family, 0, 0, 0))?;
    match infos.into_iter().next() {
        Some(ai) => Ok(ai.addr),
        None => Err(gai_error(vm, libc::EAI_NONAME)),
    }
}

fn tuple_items(v: &Value) -> Option<Vec<Value>> {
    if v.kind() == Kind::Tuple {
        v.downcast::<TupleData>().map(|t| t.items.to_vec())
    } else {
        None
    }
}

fn port_arg(vm: &mut Vm, v: &Value, caller: &str) -> PyResult<u16> {
    let p = vm.c_int_arg(v)?;
    u16::try_from(p).map_err(|_| vm.overflow_error(format!("{caller}(): port must be 0-65535.")))
}

/// The `sockaddr` a Python address stands for in `family`; `caller` names
/// the method in error messages.
pub fn from_value(vm: &mut Vm, family: i32, v: &Value, caller: &str) -> PyResult<SockAddr> {
    match family {
        libc::AF_UNIX => unix_addr(vm, v),
        libc::AF_INET => {
            let Some(items) = tuple_items(v) else {
                return Err(vm.type_error(format!(
                    "{caller}(): AF_INET address must be tuple, not {}",
                    v.type_data().name
                )));
            };
            if items.len() != 2 {
                return Err(vm.type_error("AF_INET address must be a pair (host, port)"));
            }
            let host = host_bytes(vm, &items[0])?;
            let port = port_arg(vm, &items[1], caller)?;
            let mut a = resolve(vm, &host, libc::AF_INET)?;
            a.set_port(port);
            Ok(a)
        }
        libc::AF_INET6 => {
            let Some(items) = tuple_items(v) else {
                return Err(vm.type_error(format!(
                    "{caller}(): AF_INET6 address must be tuple, not {}",
                    v.type_data().name
                )));
            };
            if !(2..=4).contains(&items.len()) {
                return Err(vm.type_error(
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])",
                ));
            }
            let host = host_bytes(vm, &items[0])?;
            let port = port_arg(vm, &items[1], caller)?;
            let flowinfo = match items.get(2) {
                Some(f) => {
                    let f = vm.index_value(f)?;
                    u32::try_from(f)
                        .ok()
                        .filter(|f| *f <= 0xfffff)
                        .ok_or_else(|| {
                            vm.overflow_error(format!("{caller}(): flowinfo must be 0-1048575."))
                        })?
                }
                None => 0,
            };
            let scope_id = match items.get(3) {
                // As C's unsigned int conversion: taken modulo 2**32.
                Some(s) => vm.index_value(s)? as u32,
                None => 0,
            };
            let a = resolve(vm, &host, libc::AF_INET6)?;
            // SAFETY: resolving in AF_INET6 gives a sockaddr_in6.
            let ip = unsafe { (*a.as_ptr().cast::<libc::sockaddr_in6>()).sin6_addr.s6_addr };
            // SAFETY: as above.
            let scope = unsafe { (*a.as_ptr().cast::<libc::sockaddr_in6>()).sin6_scope_id };
            Ok(SockAddr::v6(
                ip,
                port,
                flowinfo,
                if items.len() > 3 { scope_id } else { scope },
            ))
        }
        _ => Err(vm.err(&types().exc.os_error, format!("{caller}(): bad family"))),
    }
}

fn unix_addr(vm: &mut Vm, v: &Value) -> PyResult<SockAddr> {
    let path: Vec<u8> = match v.kind() {
        Kind::Str => as_str(v).unwrap_or("").as_bytes().to_vec(),
        Kind::Bytes | Kind::ByteArray => bytes_of(v).unwrap_or_default(),
        _ => {
            if let Some(f) = vm.lookup_attr(v, "__fspath__")? {
                let p = vm.call(&f, &[], &[])?;
                if matches!(p.kind(), Kind::Str | Kind::Bytes) {
                    return unix_addr(vm, &p);
                }
            }
            return Err(vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                v.type_data().name
            )));
        }
    };
    let mut a = SockAddr::empty();
    // SAFETY: sockaddr_storage has room for a sockaddr_un.
    let sun = unsafe { &mut *a.as_mut_ptr().cast::<libc::sockaddr_un>() };
    let abstract_name = path.first() == Some(&0);
    // A path needs its terminating NUL; an abstract name does not.
    let room = sun.sun_path.len() - usize::from(!abstract_name);
    if path.len() > room {
        return Err(vm.err(&types().exc.os_error, "AF_UNIX path too long"));
    }
    sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
    for (d, s) in sun.sun_path.iter_mut().zip(&path) {
        *d = *s as libc::c_char;
    }
    let offset = std::mem::offset_of!(libc::sockaddr_un, sun_path);
    a.len = (offset + path.len() + usize::from(!abstract_name)) as libc::socklen_t;
    Ok(a)
}
