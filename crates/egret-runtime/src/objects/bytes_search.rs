//! Searching bytes and bytearrays: `find`, `rfind`, `index`, `rindex`,
//! `count`, `startswith` and `endswith`, with CPython's argument handling
//! (Objects/bytes_methods.c): the needle is any bytes-like object or an int
//! standing for one byte, `start` and `end` are slice indices (None, an int
//! or an object with `__index__`) clamped to the data, and the errors are
//! CPython's, word for word. The other bytes methods live in `seq_methods`
//! and `num_methods`.

use crate::object::Value;
use crate::object::types::{Kind, isinstance, types};
use crate::objects::bytes::BytesData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str_methods::add_methods;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

/// The data of a bytes-like object (bytes, bytearray, memoryview, array),
/// or None for anything else.
fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    crate::objects::buffer::bytes_like_opt(vm, v)
}

/// The receiver's data: a bytes (`BYTEARRAY` false) or a bytearray.
fn receiver<const BYTEARRAY: bool>(vm: &Vm, a: &[Value], name: &str) -> PyResult<Vec<u8>> {
    let t = types();
    let (ty, owner) = if BYTEARRAY {
        (&t.bytearray, "bytearray")
    } else {
        (&t.bytes, "bytes")
    };
    match a.first() {
        Some(v) if isinstance(v, ty) => Ok(v
            .downcast::<BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default()),
        Some(v) => Err(vm.type_error(format!(
            "descriptor '{name}' for '{owner}' objects doesn't apply to a '{}' object",
            v.type_data().name
        ))),
        None => Err(vm.type_error(format!("unbound method {owner}.{name}() needs an argument"))),
    }
}

/// The arguments `(sub[, start[, end]])` (`stringlib_parse_args_finds`):
/// the needle as given, and `start`/`end` clamped to `len` as CPython's
/// `ADJUST_INDICES` does (`start` may then exceed `end`).
fn parse_finds(
    vm: &mut Vm,
    name: &str,
    owner: &str,
    a: &[Value],
    k: Kw,
    len: usize,
) -> PyResult<(Value, i64, i64)> {
    if !k.is_empty() {
        return Err(vm.type_error(format!("{owner}.{name}() takes no keyword arguments")));
    }
    let args = &a[1..];
    if args.is_empty() {
        return Err(vm.type_error(format!("{name}() takes at least 1 argument (0 given)")));
    }
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "{name}() takes at most 3 arguments ({} given)",
            args.len()
        )));
    }
    let mut bound = |i: usize, default: i64| -> PyResult<i64> {
        match args.get(i) {
            Some(v) if !v.is(&types().none) => vm.slice_index(v, true),
            _ => Ok(default),
        }
    };
    let (mut start, mut end) = (bound(1, 0)?, bound(2, i64::MAX)?);
    let len = len as i64;
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    Ok((args[0].clone(), start, end))
}

/// The needle of `find`/`count`/...: a bytes-like object, or an int in
/// `range(256)` for one byte.
fn needle(vm: &mut Vm, sub: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = buffer(vm, sub)? {
        return Ok(b);
    }
    let is_index =
        matches!(sub.kind(), Kind::Int | Kind::Bool) || vm.user_method(sub, "__index__").is_some();
    if !is_index {
        return Err(vm.type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            sub.type_data().name
        )));
    }
    // Any int outside range(256), however large, is a ValueError.
    let n = vm.slice_index(sub, false)?;
    match u8::try_from(n) {
        Ok(b) => Ok(vec![b]),
        Err(_) => Err(vm.value_error("byte must be in range(0, 256)")),
    }
}

/// Where `sub` occurs in `hay[start..end]`, from the left or the right.
fn find_in(hay: &[u8], sub: &[u8], start: i64, end: i64, reverse: bool) -> i64 {
    if end - start < sub.len() as i64 {
        return -1;
    }
    let (start, end) = (start as usize, end as usize);
    let window = &hay[start..end];
    let found = if sub.is_empty() {
        Some(if reverse { window.len() } else { 0 })
    } else if reverse {
        window.windows(sub.len()).rposition(|w| w == sub)
    } else {
        window.windows(sub.len()).position(|w| w == sub)
    };
    found.map_or(-1, |i| (start + i) as i64)
}

fn find_family<const BYTEARRAY: bool>(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    reverse: bool,
    raise: bool,
) -> PyResult {
    let hay = receiver::<BYTEARRAY>(vm, a, name)?;
    let owner = if BYTEARRAY { "bytearray" } else { "bytes" };
    let (sub, start, end) = parse_finds(vm, name, owner, a, k, hay.len())?;
    let sub = needle(vm, &sub)?;
    let i = find_in(&hay, &sub, start, end, reverse);
    if i < 0 && raise {
        return Err(vm.value_error("subsection not found"));
    }
    Ok(from_i64(i))
}

fn count<const BYTEARRAY: bool>(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let hay = receiver::<BYTEARRAY>(vm, a, "count")?;
    let owner = if BYTEARRAY { "bytearray" } else { "bytes" };
    let (sub, start, end) = parse_finds(vm, "count", owner, a, k, hay.len())?;
    let sub = needle(vm, &sub)?;
    if end < start {
        return Ok(from_i64(0));
    }
    let window = &hay[start as usize..end as usize];
    if sub.is_empty() {
        return Ok(from_i64(window.len() as i64 + 1));
    }
    // Non-overlapping occurrences, from the left.
    let (mut n, mut i) = (0, 0);
    while i + sub.len() <= window.len() {
        if window[i..i + sub.len()] == sub[..] {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    Ok(from_i64(n))
}

/// Whether `hay[start..end]` starts (or ends) with `sub` (`tailmatch`).
fn tail_match(hay: &[u8], sub: &[u8], start: i64, end: i64, at_end: bool) -> bool {
    let (len, slen) = (hay.len() as i64, sub.len() as i64);
    let mut start = start;
    if at_end {
        if end - start < slen || start > len {
            return false;
        }
        start = start.max(end - slen);
    } else if start > len - slen {
        return false;
    }
    if end - start < slen {
        return false;
    }
    let s = start as usize;
    hay[s..s + sub.len()] == sub[..]
}

fn affix<const BYTEARRAY: bool>(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    at_end: bool,
) -> PyResult {
    let hay = receiver::<BYTEARRAY>(vm, a, name)?;
    let owner = if BYTEARRAY { "bytearray" } else { "bytes" };
    let (sub, start, end) = parse_finds(vm, name, owner, a, k, hay.len())?;
    if let Some(t) = sub.downcast::<crate::objects::tuple::TupleData>() {
        for item in t.items.iter() {
            let Some(p) = buffer(vm, item)? else {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    item.type_data().name
                )));
            };
            if tail_match(&hay, &p, start, end, at_end) {
                return Ok(py_bool(true));
            }
        }
        return Ok(py_bool(false));
    }
    let Some(p) = buffer(vm, &sub)? else {
        return Err(vm.type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            sub.type_data().name
        )));
    };
    Ok(py_bool(tail_match(&hay, &p, start, end, at_end)))
}

fn methods<const BYTEARRAY: bool>() -> [(&'static str, NativeFn); 7] {
    [
        ("find", |vm, a, k| {
            find_family::<BYTEARRAY>(vm, a, k, "find", false, false)
        }),
        ("rfind", |vm, a, k| {
            find_family::<BYTEARRAY>(vm, a, k, "rfind", true, false)
        }),
        ("index", |vm, a, k| {
            find_family::<BYTEARRAY>(vm, a, k, "index", false, true)
        }),
        ("rindex", |vm, a, k| {
            find_family::<BYTEARRAY>(vm, a, k, "rindex", true, true)
        }),
        ("count", count::<BYTEARRAY>),
        ("startswith", |vm, a, k| {
            affix::<BYTEARRAY>(vm, a, k, "startswith", false)
        }),
        ("endswith", |vm, a, k| {
            affix::<BYTEARRAY>(vm, a, k, "endswith", true)
        }),
    ]
}

pub fn register() {
    let t = types();
    add_methods(&t.bytes, "bytes", &methods::<false>());
    add_methods(&t.bytearray, "bytearray", &methods::<true>());
}
