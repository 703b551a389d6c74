//! `mmap`: memory-mapped files. The mapping is a native object (`_Map`,
//! libc's mmap/munmap/msync/mremap/madvise) unmapped when it dies or is
//! closed; the `mmap.mmap` class (its file-like and sequence interface,
//! CPython's argument checks and errors) is the Python layer in `mmap.py`.
//!
//! egret has no buffer protocol yet: an mmap object converts with
//! `bytes(m)` but is not accepted where a bytes-like object is required.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::module::new_module;
use crate::objects::native::{native_type, new_native, with_state};
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyErr, PyResult, Vm};

const SOURCE: &str = include_str!("mmap.py");

struct Map {
    ptr: *mut u8,
    len: usize,
    /// A duplicate of the mapped file's descriptor (-1 for anonymous maps).
    fd: i32,
    flags: i32,
    prot: i32,
    offset: i64,
    closed: bool,
}

impl Map {
    fn unmap(&mut self) {
        if !self.closed {
            if self.len > 0 && !self.ptr.is_null() {
                // SAFETY: ptr/len are a mapping this object made and still owns.
                unsafe {
                    libc::munmap(self.ptr.cast(), self.len);
                }
            }
            if self.fd >= 0 {
                // SAFETY: fd is a descriptor this object duplicated and owns.
                unsafe {
                    libc::close(self.fd);
                }
            }
            self.closed = true;
            self.ptr = std::ptr::null_mut();
            self.len = 0;
            self.fd = -1;
        }
    }

    fn bytes(&self) -> &[u8] {
        if self.closed || self.len == 0 || self.ptr.is_null() {
            return &[];
        }
        // SAFETY: the mapping is live and len bytes long.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        if self.closed || self.len == 0 || self.ptr.is_null() {
            return &mut [];
        }
        // SAFETY: the mapping is live, len bytes long and owned by this object.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        self.unmap();
    }
}

crate::gil_local! {
    static MAP_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn map_type() -> Value {
    MAP_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("mmap._Map"))
            .clone()
    })
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EINVAL)
}

fn os_err(vm: &Vm, errno: i32) -> PyErr {
    crate::modules::posix::os_error(vm, errno, None, None)
}

fn int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    vm.index_value(v)
}

fn with_map<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut Map) -> R) -> PyResult<R> {
    let r = with_state(
        vm,
        v,
        "mmap._Map",
        |m: &mut Map| {
            if m.closed { None } else { Some(f(m)) }
        },
    )?;
    r.ok_or_else(|| vm.value_error("mmap closed or invalid"))
}

fn data_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    let b = vm.call_method(v, "tobytes", &[])?;
    match b.downcast::<BytesData>() {
        Some(b) => Ok(b.data.borrow().clone()),
        None => Err(vm.type_error("a bytes-like object is required")),
    }
}

/// `_map(fd, length, flags, prot, offset)`: a new mapping.
fn new_map(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "_map", k)?;
    check_args(vm, "_map", a, 5, 5)?;
    let fd = int(vm, &a[0])? as i32;
    let len = int(vm, &a[1])?;
    // A fixed address would replace whatever the process has mapped there.
    let mut flags = (int(vm, &a[2])? as i32) & !(libc::MAP_FIXED | libc::MAP_FIXED_NOREPLACE);
    let prot = int(vm, &a[3])? as i32;
    let offset = int(vm, &a[4])?;
    let len = usize::try_from(len)
        .map_err(|_| vm.overflow_error("memory mapped length must be positive"))?;
    let mut own_fd = -1;
    if fd >= 0 {
        // SAFETY: dup of a descriptor number; failure is reported.
        own_fd = unsafe { libc::dup(fd) };
        if own_fd < 0 {
            return Err(os_err(vm, last_errno()));
        }
    } else {
        flags |= libc::MAP_ANONYMOUS;
    }
    let ptr = if len == 0 {
        std::ptr::null_mut()
    } else {
        // SAFETY: a fresh mapping; the kernel checks the arguments.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                prot,
                flags,
                if fd >= 0 { own_fd } else { -1 },
                offset as libc::off_t,
            )
        };
        if p == libc::MAP_FAILED {
            let e = last_errno();
            if own_fd >= 0 {
                // SAFETY: closing the descriptor duplicated above.
                unsafe {
                    libc::close(own_fd);
                }
            }
            return Err(os_err(vm, e));
        }
        p.cast::<u8>()
    };
    Ok(new_native(
        &map_type(),
        Map {
            ptr,
            len,
            fd: own_fd,
            flags,
            prot,
            offset,
            closed: false,
        },
    ))
}

fn range_of(vm: &mut Vm, a: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let s = int(vm, &a[0])?;
    let e = int(vm, &a[1])?;
    let l = len as i64;
    let s = s.clamp(0, l) as usize;
    let e = e.clamp(0, l) as usize;
    Ok((s, e.max(s)))
}

const FUNCS: &[(&str, NativeFn)] = &[
    ("_map", new_map),
    ("_len", |vm, a, _| {
        check_args(vm, "_len", a, 1, 1)?;
        Ok(from_i64(with_map(vm, &a[0], |m| m.len)? as i64))
    }),
    // _fsize(m): the mapped file's size (its duplicated descriptor), -1
    // for an anonymous map.
    ("_fsize", |vm, a, _| {
        check_args(vm, "_fsize", a, 1, 1)?;
        let r = with_map(vm, &a[0], |m| {
            if m.fd < 0 {
                // As CPython: fstat of no descriptor.
                return Err(libc::EBADF);
            }
            // SAFETY: fstat into a zeroed stat buffer on a descriptor we own.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if unsafe { libc::fstat(m.fd, &mut st) } != 0 {
                return Err(last_errno());
            }
            Ok(st.st_size as i64)
        })?;
        r.map(from_i64).map_err(|e| os_err(vm, e))
    }),
    ("_closed", |vm, a, _| {
        check_args(vm, "_closed", a, 1, 1)?;
        let c = with_state(vm, &a[0], "mmap._Map", |m: &mut Map| m.closed)?;
        Ok(crate::vm::py_bool(c))
    }),
    ("_close", |vm, a, _| {
        check_args(vm, "_close", a, 1, 1)?;
        with_state(vm, &a[0], "mmap._Map", |m: &mut Map| m.unmap())?;
        Ok(types().none.clone())
    }),
    // _get(m, start, end) -> bytes (clamped)
    ("_get", |vm, a, _| {
        check_args(vm, "_get", a, 3, 3)?;
        let len = with_map(vm, &a[0], |m| m.len)?;
        let (s, e) = range_of(vm, &a[1..], len)?;
        let b = with_map(vm, &a[0], |m| m.bytes()[s..e.min(m.len)].to_vec())?;
        Ok(new_bytes(b))
    }),
    // _getstep(m, start, step, count) -> bytes
    ("_getstep", |vm, a, _| {
        check_args(vm, "_getstep", a, 4, 4)?;
        let start = int(vm, &a[1])?;
        let step = int(vm, &a[2])?;
        let count = int(vm, &a[3])?;
        let r = with_map(vm, &a[0], |m| {
            let b = m.bytes();
            if count < 0 || count as u64 > b.len() as u64 {
                return None;
            }
            (0..count)
                .map(|i| start + i * step)
                .map(|p| usize::try_from(p).ok().and_then(|p| b.get(p).copied()))
                .collect::<Option<Vec<u8>>>()
        })?;
        r.map(new_bytes)
            .ok_or_else(|| vm.index_error("mmap index out of range"))
    }),
    // _set(m, start, data): data must fit.
    ("_set", |vm, a, _| {
        check_args(vm, "_set", a, 3, 3)?;
        let start = int(vm, &a[1])?;
        let data = data_of(vm, &a[2])?;
        let ok = with_map(vm, &a[0], |m| {
            let b = m.bytes_mut();
            match usize::try_from(start) {
                Ok(s) if s.checked_add(data.len()).is_some_and(|e| e <= b.len()) => {
                    b[s..s + data.len()].copy_from_slice(&data);
                    true
                }
                _ => false,
            }
        })?;
        if ok {
            Ok(types().none.clone())
        } else {
            Err(vm.value_error("data out of range"))
        }
    }),
    // _setstep(m, start, step, data)
    ("_setstep", |vm, a, _| {
        check_args(vm, "_setstep", a, 4, 4)?;
        let start = int(vm, &a[1])?;
        let step = int(vm, &a[2])?;
        let data = data_of(vm, &a[3])?;
        let ok = with_map(vm, &a[0], |m| {
            let b = m.bytes_mut();
            let pos: Option<Vec<usize>> = (0..data.len() as i64)
                .map(|i| {
                    usize::try_from(start + i * step)
                        .ok()
                        .filter(|&p| p < b.len())
                })
                .collect();
            match pos {
                Some(pos) => {
                    for (p, x) in pos.into_iter().zip(data.iter()) {
                        b[p] = *x;
                    }
                    true
                }
                None => false,
            }
        })?;
        if ok {
            Ok(types().none.clone())
        } else {
            Err(vm.index_error("mmap index out of range"))
        }
    }),
    // _find(m, sub, start, end, reverse) -> index or -1
    ("_find", |vm, a, _| {
        check_args(vm, "_find", a, 5, 5)?;
        let sub = data_of(vm, &a[1])?;
        let len = with_map(vm, &a[0], |m| m.len)?;
        let (s, e) = range_of(vm, &a[2..4], len)?;
        let rev = vm.truthy(&a[4])?;
        let r = with_map(vm, &a[0], |m| {
            let hay = &m.bytes()[s..e];
            if sub.len() > hay.len() {
                return -1;
            }
            if sub.is_empty() {
                return if rev { e as i64 } else { s as i64 };
            }
            let mut it: Box<dyn Iterator<Item = usize>> = if rev {
                Box::new((0..=hay.len() - sub.len()).rev())
            } else {
                Box::new(0..=hay.len() - sub.len())
            };
            it.find(|&i| hay[i..i + sub.len()] == sub[..])
                .map_or(-1, |i| (i + s) as i64)
        })?;
        Ok(from_i64(r))
    }),
    ("_flush", |vm, a, _| {
        check_args(vm, "_flush", a, 3, 3)?;
        let off = int(vm, &a[1])?;
        let size = int(vm, &a[2])?;
        let r = with_map(vm, &a[0], |m| {
            if m.len == 0 || size == 0 {
                return 0;
            }
            if off < 0 || size < 0 || off as u64 + size as u64 > m.len as u64 {
                return -2;
            }
            // SAFETY: a range inside the live mapping (checked by the caller).
            unsafe { libc::msync(m.ptr.add(off as usize).cast(), size as usize, libc::MS_SYNC) }
        })?;
        if r == -2 {
            return Err(vm.value_error("flush values out of range"));
        }
        if r != 0 {
            return Err(os_err(vm, last_errno()));
        }
        Ok(types().none.clone())
    }),
    ("_move", |vm, a, _| {
        check_args(vm, "_move", a, 4, 4)?;
        let dest = int(vm, &a[1])?;
        let src = int(vm, &a[2])?;
        let count = int(vm, &a[3])?;
        let ok = with_map(vm, &a[0], |m| {
            let len = m.len as i64;
            if dest < 0 || src < 0 || count < 0 || src > len - count || dest > len - count {
                return false;
            }
            let (d, s, c) = (dest as usize, src as usize, count as usize);
            m.bytes_mut().copy_within(s..s + c, d);
            true
        })?;
        if ok {
            Ok(types().none.clone())
        } else {
            Err(vm.value_error("source, destination, or count out of range"))
        }
    }),
    ("_resize", |vm, a, _| {
        check_args(vm, "_resize", a, 2, 2)?;
        let new = int(vm, &a[1])?;
        let new = usize::try_from(new).map_err(|_| vm.value_error("new size out of range"))?;
        let r = with_map(vm, &a[0], |m| -> Result<(), i32> {
            if m.fd >= 0 {
                let total = m.offset + new as i64;
                // SAFETY: ftruncate on the descriptor this object owns.
                if unsafe { libc::ftruncate(m.fd, total as libc::off_t) } != 0 {
                    return Err(last_errno());
                }
            }
            if new == m.len {
                return Ok(());
            }
            let p = if m.len == 0 {
                // SAFETY: a fresh mapping as in _map.
                unsafe {
                    libc::mmap(
                        std::ptr::null_mut(),
                        new,
                        m.prot,
                        m.flags,
                        m.fd,
                        m.offset as libc::off_t,
                    )
                }
            } else if new == 0 {
                // SAFETY: unmapping the mapping this object owns.
                unsafe {
                    libc::munmap(m.ptr.cast(), m.len);
                }
                m.ptr = std::ptr::null_mut();
                m.len = 0;
                return Ok(());
            } else {
                // SAFETY: remapping the live mapping this object owns.
                unsafe { libc::mremap(m.ptr.cast(), m.len, new, libc::MREMAP_MAYMOVE) }
            };
            if p == libc::MAP_FAILED {
                return Err(last_errno());
            }
            m.ptr = p.cast();
            m.len = new;
            Ok(())
        })?;
        r.map_err(|e| os_err(vm, e))?;
        Ok(types().none.clone())
    }),
    ("_madvise", |vm, a, _| {
        check_args(vm, "_madvise", a, 4, 4)?;
        let option = int(vm, &a[1])? as i32;
        let start = int(vm, &a[2])?;
        let length = int(vm, &a[3])?;
        let r = with_map(vm, &a[0], |m| {
            if length == 0 || m.len == 0 {
                return 0;
            }
            if start < 0 || length < 0 || start as u64 + length as u64 > m.len as u64 {
                return -2;
            }
            // SAFETY: a range inside the live mapping (checked by the caller).
            unsafe { libc::madvise(m.ptr.add(start as usize).cast(), length as usize, option) }
        })?;
        if r == -2 {
            return Err(vm.value_error("madvise start out of bounds"));
        }
        if r != 0 {
            return Err(os_err(vm, last_errno()));
        }
        Ok(types().none.clone())
    }),
];

/// Makes the module: the native primitives, then the Python layer.
pub fn load(vm: &mut Vm) -> PyResult {
    let ns = new_dict(DictTable::new());
    let m = new_module("mmap", ns.clone());
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        for (n, f) in FUNCS {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, *f, "mmap".into()),
            );
        }
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        t.set_str("PAGESIZE", from_i64(page as i64));
        t.set_str("ALLOCATIONGRANULARITY", from_i64(page as i64));
    }
    super::run_layer(vm, SOURCE, "<mmap>", &ns)?;
    Ok(m)
}
