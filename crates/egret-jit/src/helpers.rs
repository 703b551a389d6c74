//! Runtime helpers called from compiled code (`extern "C"`, registered with
//! the JIT module by name).
//!
//! Containers are passed as the raw bits of a borrowed `Value` (the caller's
//! argument array or the interpreter frame keeps them alive while compiled
//! code runs). Element words use the same encoding as locals: an i64 for an
//! int or bool, the bits of an f64 for a float. A helper that cannot do its
//! job returns a nonzero status without changing anything, and the compiled
//! code leaves through the exit of that instruction, so the interpreter
//! repeats it generically (raising `IndexError` itself, for example).
//!
//! Safety, for every helper: each container argument must be the bits of a
//! live `list` value, and each pointer argument must point to a writable
//! word. Only compiled code calls them, under those conditions.

use egret_runtime::list::ListData;
use egret_runtime::object::Value;
use egret_runtime::tuple::TupleData;

/// Element kinds, as passed in the `kind` argument.
pub const KIND_INT: i64 = 0;
pub const KIND_FLOAT: i64 = 1;
pub const KIND_BOOL: i64 = 2;

/// Status: done.
pub const OK: i64 = 0;
/// Status: not done (index out of range, element of another type).
pub const FAILED: i64 = 1;

/// Every helper: its symbol name, address, argument count (all i64/pointer
/// words) and whether it returns a word.
pub fn symbols() -> [(&'static str, *const u8, usize); 5] {
    // New helpers go at the end: the order numbers them in the CLIF
    // snapshots.
    [
        ("egret_jit_float_pow", egret_jit_float_pow as *const u8, 3),
        ("egret_jit_list_load", egret_jit_list_load as *const u8, 4),
        ("egret_jit_list_store", egret_jit_list_store as *const u8, 4),
        ("egret_jit_list_len", egret_jit_list_len as *const u8, 1),
        ("egret_jit_tuple_load", egret_jit_tuple_load as *const u8, 4),
    ]
}

/// The index into a sequence of `len` items that Python's `seq[index]` means.
fn normalize(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 { index + len } else { index };
    (0..len).contains(&i).then_some(i as usize)
}

/// The raw word of `v` if it is of `kind` (exactly: subclasses are left to
/// the interpreter).
fn word_of(v: &Value, kind: i64) -> Option<i64> {
    match kind {
        KIND_INT => v.as_small(),
        KIND_FLOAT if v.is_exact(&egret_runtime::types::types().float) => {
            egret_runtime::float::float_of(v).map(|f| f.to_bits() as i64)
        }
        _ => None,
    }
}

/// `out[0] = list[index]` for an element of `kind`.
pub unsafe extern "C" fn egret_jit_list_load(
    list: u64,
    index: i64,
    kind: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: compiled code passes the bits of a live list (see the module doc).
    let list = unsafe { Value::borrow_bits(list) };
    let Some(data) = list.downcast::<ListData>() else {
        return FAILED;
    };
    let Ok(items) = data.items.try_borrow() else {
        return FAILED;
    };
    let Some(word) = normalize(index, items.len()).and_then(|i| word_of(&items[i], kind)) else {
        return FAILED;
    };
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = word };
    OK
}

/// `list[index] = word` (boxed as `kind`).
pub unsafe extern "C" fn egret_jit_list_store(list: u64, index: i64, kind: i64, word: i64) -> i64 {
    // SAFETY: as in `egret_jit_list_load`.
    let list = unsafe { Value::borrow_bits(list) };
    let Some(data) = list.downcast::<ListData>() else {
        return FAILED;
    };
    let Some(i) = data
        .items
        .try_borrow()
        .ok()
        .and_then(|items| normalize(index, items.len()))
    else {
        return FAILED;
    };
    let value = match kind {
        KIND_INT => egret_runtime::int::from_i64(word),
        KIND_FLOAT => egret_runtime::float::new_float(f64::from_bits(word as u64)),
        KIND_BOOL => egret_runtime::vm::py_bool(word != 0),
        _ => return FAILED,
    };
    // The old element is dropped after the list is released: its
    // destruction may not look at the list while it is borrowed.
    let old = match data.items.try_borrow_mut() {
        Ok(mut items) => std::mem::replace(&mut items[i], value),
        Err(_) => return FAILED,
    };
    drop(old);
    OK
}

/// `out[0] = tuple[index]` for an element of `kind`.
pub unsafe extern "C" fn egret_jit_tuple_load(
    tuple: u64,
    index: i64,
    kind: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: compiled code passes the bits of a live tuple (module doc).
    let tuple = unsafe { Value::borrow_bits(tuple) };
    let Some(data) = tuple.downcast::<TupleData>() else {
        return FAILED;
    };
    let Some(word) = normalize(index, data.items.len()).and_then(|i| word_of(&data.items[i], kind))
    else {
        return FAILED;
    };
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = word };
    OK
}

/// `len(seq)` of a list or tuple (-1 for anything else).
pub unsafe extern "C" fn egret_jit_list_len(seq: u64) -> i64 {
    // SAFETY: compiled code passes the bits of a live list or tuple.
    let seq = unsafe { Value::borrow_bits(seq) };
    if let Some(t) = seq.downcast::<TupleData>() {
        return t.items.len() as i64;
    }
    seq.downcast::<ListData>()
        .and_then(|d| d.items.try_borrow().ok().map(|items| items.len() as i64))
        .unwrap_or(-1)
}

/// `out[0] = x ** y` for floats (as bits), computed by the C library's
/// `pow` as CPython does. Everything CPython treats specially (a zero or
/// negative base with a non-integer or negative exponent, infinities, nan,
/// overflow) is left to the interpreter.
pub unsafe extern "C" fn egret_jit_float_pow(x: i64, y: i64, out: *mut i64) -> i64 {
    let (x, y) = (f64::from_bits(x as u64), f64::from_bits(y as u64));
    if !x.is_finite() || !y.is_finite() || (x <= 0.0 && (y.fract() != 0.0 || y < 0.0)) {
        return FAILED;
    }
    let r = x.powf(y);
    if !r.is_finite() {
        return FAILED;
    }
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = r.to_bits() as i64 };
    OK
}
