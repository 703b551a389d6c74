//! `memoryview`: a view of the memory of any buffer exporter (a
//! [`Buffer`]), with CPython's formats, shapes and strides. Items are read
//! and written in place through the exporter (`objects::buffer`); casts
//! change the format and shape, slices the offset and strides. A view
//! holds an export of its exporter until it is released (`release()`, the
//! end of a `with` block, or its deallocation).
//!
//! Formats are CPython's native single characters (`cbB?hHiIlLqQnNfdP`,
//! optionally prefixed with `@`); other formats can be viewed and copied
//! but not unpacked (`NotImplementedError`, as in CPython).

use std::cell::{Cell, RefCell};

use num_bigint::BigInt;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::buffer::{self, Buffer};
use crate::objects::bytes::new_bytes;
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm, py_bool};

pub struct MemoryViewData {
    /// The view; None once released.
    view: RefCell<Option<Buffer>>,
    hash: Cell<Option<i64>>,
}

impl Payload for MemoryViewData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::MemoryView
    }
}

impl Drop for MemoryViewData {
    fn drop(&mut self) {
        if let Some(b) = self.view.get_mut().take() {
            buffer::remove_export(&b.obj);
        }
    }
}

fn released(vm: &Vm) -> crate::vm::PyErr {
    vm.value_error("operation forbidden on released memoryview object")
}

fn data_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MemoryViewData> {
    v.downcast::<MemoryViewData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor for 'memoryview' objects doesn't apply to a '{}' object",
            v.type_data().name
        ))
    })
}

/// The buffer a memoryview shows (`ValueError` once it is released).
pub fn view_of(vm: &Vm, v: &Value) -> PyResult<Buffer> {
    data_of(vm, v)?
        .view
        .borrow()
        .clone()
        .ok_or_else(|| released(vm))
}

/// A new memoryview of `buf`, holding an export of its exporter.
pub fn from_buffer(buf: Buffer) -> Value {
    buffer::add_export(&buf.obj);
    Value::alloc(
        &types().memoryview,
        MemoryViewData {
            view: RefCell::new(Some(buf)),
            hash: Cell::new(None),
        },
    )
}

/// `memoryview(obj)`.
pub fn new_memoryview(vm: &mut Vm, obj: &Value) -> PyResult {
    match buffer::get_buffer_opt(vm, obj)? {
        Some(b) => Ok(from_buffer(b)),
        None => Err(vm.type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.type_data().name
        ))),
    }
}

/// The exporter a memoryview holds (for the cycle collector): None once
/// released, `Err` while its view is being changed.
pub fn exporter(v: &Value) -> Option<Result<Value, ()>> {
    let d = v.downcast::<MemoryViewData>()?;
    match d.view.try_borrow() {
        Ok(b) => b.as_ref().map(|b| Ok(b.obj.clone())),
        Err(_) => Some(Err(())),
    }
}

/// Releases the view (`release()`; the cycle collector's clear).
pub fn release(v: &Value) {
    if let Some(d) = v.downcast::<MemoryViewData>() {
        let old = d.view.borrow_mut().take();
        if let Some(b) = old {
            buffer::remove_export(&b.obj);
        }
    }
}

/// The format character of a native single-character format.
fn native_char(format: &str) -> Option<char> {
    let f = format.strip_prefix('@').unwrap_or(format);
    let mut cs = f.chars();
    let c = cs.next()?;
    (cs.next().is_none() && "cbB?hHiIlLqQnNfdP".contains(c)).then_some(c)
}

fn native_size(c: char) -> usize {
    match c {
        'c' | 'b' | 'B' | '?' => 1,
        'h' | 'H' => 2,
        'i' | 'I' | 'f' => 4,
        _ => 8,
    }
}

fn unsupported(vm: &Vm, format: &str) -> crate::vm::PyErr {
    vm.err(
        &types().exc.not_implemented_error,
        format!("memoryview: format {format} not supported"),
    )
}

/// The Python value of one item.
fn unpack_item(vm: &Vm, format: &str, b: &[u8]) -> PyResult {
    let Some(c) = native_char(format) else {
        return Err(unsupported(vm, format));
    };
    let mut w = [0u8; 8];
    let n = b.len().min(8);
    w[..n].copy_from_slice(&b[..n]);
    Ok(match c {
        'c' => new_bytes(b.to_vec()),
        '?' => py_bool(b.iter().any(|&x| x != 0)),
        'b' => from_i64(i64::from(w[0] as i8)),
        'B' => from_i64(i64::from(w[0])),
        'h' => from_i64(i64::from(i16::from_ne_bytes([w[0], w[1]]))),
        'H' => from_i64(i64::from(u16::from_ne_bytes([w[0], w[1]]))),
        'i' => from_i64(i64::from(i32::from_ne_bytes([w[0], w[1], w[2], w[3]]))),
        'I' => from_i64(i64::from(u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))),
        'f' => crate::objects::float::new_float(f64::from(f32::from_ne_bytes([
            w[0], w[1], w[2], w[3],
        ]))),
        'd' => crate::objects::float::new_float(f64::from_ne_bytes(w)),
        'l' | 'q' | 'n' => from_i64(i64::from_ne_bytes(w)),
        _ => from_bigint(BigInt::from(u64::from_ne_bytes(w))),
    })
}

/// The bytes of `v` stored as one item (CPython's errors for values of a
/// wrong type or out of range).
fn pack_item(vm: &mut Vm, format: &str, v: &Value) -> PyResult<Vec<u8>> {
    let Some(c) = native_char(format) else {
        return Err(unsupported(vm, format));
    };
    let bad_type =
        |vm: &Vm| vm.type_error(format!("memoryview: invalid type for format '{format}'"));
    let bad_value =
        |vm: &Vm| vm.value_error(format!("memoryview: invalid value for format '{format}'"));
    match c {
        'c' => {
            let Some(b) = v
                .downcast::<crate::objects::bytes::BytesData>()
                .filter(|_| v.kind() == Kind::Bytes)
            else {
                return Err(bad_type(vm));
            };
            let d = b.data.borrow();
            if d.len() != 1 {
                return Err(bad_value(vm));
            }
            Ok(d.to_vec())
        }
        '?' => Ok(vec![u8::from(vm.truthy(v)?)]),
        'f' | 'd' => {
            let x = if let Some(x) = crate::objects::float::float_of(v) {
                x
            } else if matches!(v.kind(), Kind::Int | Kind::Bool) {
                crate::objects::int::as_f64(v)
                    .ok_or_else(|| vm.overflow_error("int too large to convert to float"))?
            } else if vm.user_method(v, "__float__").is_some()
                || vm.user_method(v, "__index__").is_some()
            {
                let f = vm.call(&types().float, std::slice::from_ref(v), &[])?;
                crate::objects::float::float_of(&f).unwrap_or(0.0)
            } else {
                return Err(bad_type(vm));
            };
            Ok(if c == 'f' {
                (x as f32).to_ne_bytes().to_vec()
            } else {
                x.to_ne_bytes().to_vec()
            })
        }
        _ => {
            let n = if matches!(v.kind(), Kind::Int | Kind::Bool) {
                to_bigint(v).unwrap_or_default()
            } else if let Some(m) = vm.user_method(v, "__index__") {
                let r = vm.call_special(&m, v, &[])?;
                to_bigint(&r).ok_or_else(|| bad_type(vm))?
            } else {
                return Err(bad_type(vm));
            };
            let size = native_size(c);
            let bits = size * 8;
            let signed = c.is_ascii_lowercase();
            let (lo, hi) = if c == 'P' {
                // A pointer is stored modulo 2**64, as CPython's cast does.
                (
                    -(BigInt::from(1u8) << 63usize),
                    (BigInt::from(1u8) << 64usize) - 1,
                )
            } else if signed {
                (
                    -(BigInt::from(1) << (bits - 1)),
                    (BigInt::from(1) << (bits - 1)) - 1,
                )
            } else {
                (BigInt::from(0), (BigInt::from(1) << bits) - 1)
            };
            if n < lo || n > hi {
                return Err(bad_value(vm));
            }
            let mut le = n.to_signed_bytes_le();
            let fill = if n < BigInt::from(0) { 0xff } else { 0 };
            le.resize(size.max(le.len()), fill);
            le.truncate(size);
            if cfg!(target_endian = "big") {
                le.reverse();
            }
            Ok(le)
        }
    }
}

/// One item of `buf` at byte offset `off` of its exporter.
fn item_at(vm: &mut Vm, buf: &Buffer, off: isize) -> PyResult {
    if native_char(&buf.format).is_none() {
        return Err(unsupported(vm, &buf.format));
    }
    let b = buf.read_item(vm, off)?;
    unpack_item(vm, &buf.format, &b)
}

/// The items of a view as nested lists (`tolist()`).
fn to_list(vm: &mut Vm, buf: &Buffer) -> PyResult {
    if native_char(&buf.format).is_none() {
        return Err(unsupported(vm, &buf.format));
    }
    let raw = buf.to_vec(vm)?;
    let size = buf.itemsize.max(1);
    let mut items = Vec::with_capacity(buf.len_items());
    for chunk in raw.chunks(size) {
        items.push(unpack_item(vm, &buf.format, chunk)?);
    }
    if buf.ndim() == 0 {
        return Ok(items.pop().unwrap_or_else(|| vm.none()));
    }
    // Nest from the last dimension outwards.
    for &n in buf.shape[1..].iter().rev() {
        let n = n.max(1);
        let mut rows = Vec::with_capacity(items.len() / n);
        let mut it = items.into_iter();
        loop {
            let row: Vec<Value> = it.by_ref().take(n).collect();
            if row.is_empty() {
                break;
            }
            rows.push(crate::objects::list::new_list(row));
        }
        items = rows;
    }
    Ok(crate::objects::list::new_list(items))
}

/// The byte offset of item `i` along the first dimension.
fn index_offset(vm: &mut Vm, buf: &Buffer, dim: usize, key: &Value) -> PyResult<isize> {
    let i = vm.index_value(key)?;
    let n = buf.shape[dim] as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error(format!("index out of bounds on dimension {}", dim + 1)));
    }
    Ok(j as isize * buf.strides[dim])
}

fn is_index(vm: &Vm, v: &Value) -> bool {
    matches!(v.kind(), Kind::Int | Kind::Bool) || vm.user_method(v, "__index__").is_some()
}

/// Where `m[key]` is: one item (its byte offset), or a sub-view.
enum Target {
    Item(isize),
    View(Buffer),
}

fn resolve(vm: &mut Vm, buf: &Buffer, key: &Value) -> PyResult<Target> {
    let invalid = |vm: &Vm| vm.type_error("memoryview: invalid slice key");
    if buf.ndim() == 0 {
        if key.is(&types().ellipsis) {
            return Ok(Target::View(buf.clone()));
        }
        if key.kind() == Kind::Tuple && vm.len(key)? == 0 {
            return Ok(Target::Item(buf.offset));
        }
        return Err(vm.type_error("invalid indexing of 0-dim memory"));
    }
    if key.kind() == Kind::Slice {
        let (start, stop, step) = crate::objects::range::slice_indices(vm, key, buf.shape[0])?;
        let n = crate::objects::range::slice_len(start, stop, step);
        let mut v = buf.clone();
        v.offset += start as isize * buf.strides[0];
        v.shape[0] = n;
        v.strides[0] *= step as isize;
        return Ok(Target::View(v));
    }
    if is_index(vm, key) {
        if buf.ndim() > 1 {
            return Err(vm.err(
                &types().exc.not_implemented_error,
                "multi-dimensional sub-views are not implemented",
            ));
        }
        let off = index_offset(vm, buf, 0, key)?;
        return Ok(Target::Item(buf.offset + off));
    }
    if key.kind() == Kind::Tuple {
        let parts = vm.iterate(key)?;
        if parts.iter().any(|p| p.kind() == Kind::Slice) {
            if parts.iter().all(|p| p.kind() == Kind::Slice) {
                return Err(vm.err(
                    &types().exc.not_implemented_error,
                    "multi-dimensional slicing is not implemented",
                ));
            }
            return Err(invalid(vm));
        }
        if !parts.iter().all(|p| is_index(vm, p)) {
            return Err(invalid(vm));
        }
        if parts.len() < buf.ndim() {
            return Err(vm.err(
                &types().exc.not_implemented_error,
                "sub-views are not implemented",
            ));
        }
        if parts.len() > buf.ndim() {
            return Err(vm.type_error(format!(
                "cannot index {}-dimension view with {}-element tuple",
                buf.ndim(),
                parts.len()
            )));
        }
        let mut off = buf.offset;
        for (d, p) in parts.iter().enumerate() {
            off += index_offset(vm, buf, d, p)?;
        }
        return Ok(Target::Item(off));
    }
    Err(invalid(vm))
}

fn getitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "__getitem__", &a[1..], 1, 1)?;
    let buf = view_of(vm, &a[0])?;
    match resolve(vm, &buf, &a[1])? {
        Target::Item(off) => {
            // An `__index__` may have released the view.
            view_of(vm, &a[0])?;
            item_at(vm, &buf, off)
        }
        Target::View(v) => {
            if a[1].is(&types().ellipsis) {
                return Ok(a[0].clone());
            }
            Ok(from_buffer(v))
        }
    }
}

fn setitem(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "__setitem__", &a[1..], 2, 2)?;
    let buf = view_of(vm, &a[0])?;
    if buf.readonly {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    if buf.ndim() > 1 && a[1].kind() == Kind::Slice {
        return Err(vm.err(
            &types().exc.not_implemented_error,
            "memoryview slice assignments are currently restricted to ndim = 1",
        ));
    }
    let target = resolve(vm, &buf, &a[1])?;
    view_of(vm, &a[0])?;
    match target {
        Target::Item(off) => {
            let b = pack_item(vm, &buf.format, &a[2])?;
            // `__index__`, `__float__` or `__bool__` may have released it.
            view_of(vm, &a[0])?;
            buf.write_items(vm, &[off], &b)?;
        }
        Target::View(dst) => {
            let src = buffer::get_buffer(vm, &a[2])?;
            let fmt = |f: &str| f.strip_prefix('@').unwrap_or(f).to_string();
            if fmt(&src.format) != fmt(&dst.format)
                || src.itemsize != dst.itemsize
                || src.shape != dst.shape
            {
                return Err(vm.value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            let data = src.to_vec(vm)?;
            let offs = dst.item_offsets(false);
            dst.write_items(vm, &offs, &data)?;
        }
    }
    Ok(vm.none())
}

fn cast(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [fmt_v, shape_v] =
        crate::protocols::args::clinic_args(vm, "cast", &a[1..], k, ["format", "shape"], 1)?;
    let buf = view_of(vm, &a[0])?;
    let fmt_v = fmt_v.unwrap_or_else(|| vm.none());
    let Some(format) = crate::objects::str::as_str(&fmt_v) else {
        return Err(vm.type_error(format!(
            "cast() argument 'format' must be str, not {}",
            fmt_v.type_data().name
        )));
    };
    let format = format.to_string();
    let shape_v = shape_v.filter(|v| !v.is(&types().none));
    if !buf.is_c_contiguous() {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    let zero_in_shape = buf.shape.contains(&0);
    if (shape_v.is_some() || buf.ndim() != 1) && zero_in_shape {
        return Err(vm.type_error("memoryview: cannot cast view with zeros in shape or strides"));
    }
    let mut new_shape = None;
    if let Some(s) = &shape_v {
        if !matches!(s.kind(), Kind::List | Kind::Tuple) {
            return Err(vm.type_error("shape must be a list or a tuple"));
        }
        let items = vm.iterate(s)?;
        if items.len() > 64 {
            return Err(vm.value_error("memoryview: number of dimensions must not exceed 64"));
        }
        if buf.ndim() != 1 && items.len() != 1 {
            return Err(vm.type_error("memoryview: cast must be 1D -> ND or ND -> 1D"));
        }
        let mut dims = Vec::with_capacity(items.len());
        for it in &items {
            let n = if it.kind() == Kind::Int {
                crate::objects::int::to_i64(it).unwrap_or(-1)
            } else {
                -1
            };
            if n <= 0 {
                return Err(
                    vm.value_error("memoryview.cast(): elements of shape must be integers > 0")
                );
            }
            dims.push(n as usize);
        }
        new_shape = Some(dims);
    }
    let Some(c) = native_char(&format) else {
        return Err(vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let byte_fmt = |f: &str| matches!(native_char(f), Some('B' | 'b' | 'c'));
    if !byte_fmt(&format) && !byte_fmt(&buf.format) {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let size = native_size(c);
    let nbytes = buf.nbytes();
    let shape = match new_shape {
        Some(dims) => {
            let prod = dims
                .iter()
                .try_fold(size, |acc: usize, &d| acc.checked_mul(d));
            if prod != Some(nbytes) {
                return Err(vm.type_error("memoryview: product(shape) * itemsize != buffer size"));
            }
            dims
        }
        None => {
            if nbytes % size != 0 {
                return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
            }
            vec![nbytes / size]
        }
    };
    let strides = Buffer::c_strides(&shape, size);
    Ok(from_buffer(Buffer {
        obj: buf.obj.clone(),
        offset: buf.offset,
        format,
        itemsize: size,
        shape,
        strides,
        readonly: buf.readonly,
    }))
}

fn tobytes(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [order] = crate::protocols::args::clinic_args(vm, "tobytes", &a[1..], k, ["order"], 0)?;
    let buf = view_of(vm, &a[0])?;
    let fortran = match order.filter(|v| !v.is(&types().none)) {
        None => false,
        Some(o) => match crate::objects::str::as_str(&o) {
            Some("C") | Some("A") => false,
            Some("F") => true,
            Some(_) => return Err(vm.value_error("order must be 'C', 'F' or 'A'")),
            None => {
                return Err(vm.type_error(format!(
                    "tobytes() argument 'order' must be str or None, not {}",
                    o.type_data().name
                )));
            }
        },
    };
    Ok(new_bytes(buf.to_vec_order(vm, fortran)?))
}

/// The items of two views, compared as CPython's `memory_richcompare`
/// does: equal shapes and equal items (unpacked by their formats).
fn equal(vm: &mut Vm, x: &Buffer, y: &Buffer) -> PyResult<Option<bool>> {
    if x.shape != y.shape {
        return Ok(Some(false));
    }
    let same_fmt = |f: &str| f.strip_prefix('@').unwrap_or(f).to_string();
    let xb = x.to_vec(vm)?;
    let yb = y.to_vec(vm)?;
    if same_fmt(&x.format) == same_fmt(&y.format)
        && matches!(native_char(&x.format), Some('B' | 'b' | 'c'))
    {
        return Ok(Some(xb == yb));
    }
    if native_char(&x.format).is_none() || native_char(&y.format).is_none() {
        // CPython compares unknown formats through struct; egret only
        // knows identical formats byte for byte.
        if same_fmt(&x.format) == same_fmt(&y.format) && !x.format.contains(['f', 'd', 'e']) {
            return Ok(Some(xb == yb));
        }
        return Err(vm.err(
            &types().exc.not_implemented_error,
            format!(
                "comparing memoryviews of formats '{}' and '{}' is not supported by egret yet",
                x.format, y.format
            ),
        ));
    }
    for (cx, cy) in xb
        .chunks(x.itemsize.max(1))
        .zip(yb.chunks(y.itemsize.max(1)))
    {
        let a = unpack_item(vm, &x.format, cx)?;
        let b = unpack_item(vm, &y.format, cy)?;
        if !vm.eq(&a, &b)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

fn compare(vm: &mut Vm, a: &[Value], eq: bool) -> PyResult {
    check_args(vm, "__eq__", &a[1..], 1, 1)?;
    let (me, other) = (&a[0], &a[1]);
    let mine = data_of(vm, me)?.view.borrow().clone();
    let other_released = other.kind() == Kind::MemoryView
        && other
            .downcast::<MemoryViewData>()
            .is_some_and(|d| d.view.borrow().is_none());
    if mine.is_none() || other_released {
        let same = me.is(other);
        return Ok(py_bool(same == eq));
    }
    let Some(x) = mine else {
        return Ok(types().not_implemented.clone());
    };
    let Some(y) = buffer::get_buffer_opt(vm, other)? else {
        return Ok(types().not_implemented.clone());
    };
    match equal(vm, &x, &y)? {
        Some(r) => Ok(py_bool(r == eq)),
        None => Ok(types().not_implemented.clone()),
    }
}

fn hash(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let d = data_of(vm, &a[0])?;
    if let Some(h) = d.hash.get() {
        return Ok(from_i64(h));
    }
    let buf = view_of(vm, &a[0])?;
    if !buf.readonly {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    if !matches!(native_char(&buf.format), Some('B' | 'b' | 'c')) {
        return Err(vm.value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    let b = new_bytes(buf.to_vec(vm)?);
    let h = vm.hash(&b)?;
    d.hash.set(Some(h));
    Ok(from_i64(h))
}

fn shape_tuple(v: &[usize]) -> Value {
    new_tuple(v.iter().map(|&n| from_i64(n as i64)).collect())
}

/// The computed (read-only) attributes of a memoryview.
pub const ATTRIBUTES: &[&str] = &[
    "obj",
    "nbytes",
    "readonly",
    "itemsize",
    "format",
    "ndim",
    "shape",
    "strides",
    "suboffsets",
    "c_contiguous",
    "f_contiguous",
    "contiguous",
];

/// The computed attributes of a memoryview (`format`, `shape`, ...).
pub fn attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Option<Value>> {
    if !ATTRIBUTES.contains(&name) {
        return Ok(None);
    }
    let b = view_of(vm, v)?;
    Ok(Some(match name {
        "obj" => b.obj.clone(),
        "nbytes" => from_i64(b.nbytes() as i64),
        "readonly" => py_bool(b.readonly),
        "itemsize" => from_i64(b.itemsize as i64),
        "format" => new_str(&b.format),
        "ndim" => from_i64(b.ndim() as i64),
        "shape" => shape_tuple(&b.shape),
        "strides" => new_tuple(b.strides.iter().map(|&n| from_i64(n as i64)).collect()),
        "suboffsets" => new_tuple(Vec::new()),
        "c_contiguous" => py_bool(b.is_c_contiguous()),
        "f_contiguous" => py_bool(b.is_f_contiguous()),
        _ => py_bool(b.is_c_contiguous() || b.is_f_contiguous()),
    }))
}

pub fn register() {
    let methods: &[(&'static str, NativeFn)] = &[
        ("__len__", |vm, a, _| {
            let b = view_of(vm, &a[0])?;
            Ok(from_i64(b.shape.first().map_or(1, |&n| n) as i64))
        }),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", |vm, a, _| {
            view_of(vm, &a[0])?;
            Err(vm.type_error("cannot delete memory"))
        }),
        ("__iter__", |vm, a, _| {
            let b = view_of(vm, &a[0])?;
            if b.ndim() == 0 {
                return Err(vm.type_error("invalid indexing of 0-dim memory"));
            }
            if b.ndim() > 1 {
                return Err(vm.err(
                    &types().exc.not_implemented_error,
                    "multi-dimensional sub-views are not implemented",
                ));
            }
            let l = to_list(vm, &b)?;
            vm.get_iter(&l)
        }),
        ("tobytes", tobytes),
        ("cast", cast),
        ("tolist", |vm, a, _| {
            let b = view_of(vm, &a[0])?;
            to_list(vm, &b)
        }),
        ("toreadonly", |vm, a, _| {
            let mut b = view_of(vm, &a[0])?;
            b.readonly = true;
            Ok(from_buffer(b))
        }),
        ("hex", |vm, a, k| {
            let b = view_of(vm, &a[0])?;
            let bytes = new_bytes(b.to_vec(vm)?);
            let f = vm.getattr_str(&bytes, "hex")?;
            vm.call(&f, &a[1..], k)
        }),
        ("release", |vm, a, _| {
            data_of(vm, &a[0])?;
            release(&a[0]);
            Ok(vm.none())
        }),
        ("__enter__", |vm, a, _| {
            view_of(vm, &a[0])?;
            Ok(a[0].clone())
        }),
        ("__exit__", |vm, a, _| {
            release(&a[0]);
            Ok(vm.none())
        }),
        ("__eq__", |vm, a, _| compare(vm, a, true)),
        ("__ne__", |vm, a, _| compare(vm, a, false)),
        ("__repr__", |_vm, a, _| {
            let gone = a[0]
                .downcast::<MemoryViewData>()
                .is_some_and(|d| d.view.borrow().is_none());
            let pre = if gone { "released " } else { "" };
            Ok(new_str(&format!("<{pre}memory at {:#x}>", a[0].id())))
        }),
        ("__hash__", hash),
        ("__reduce_ex__", |vm, _a, _| {
            Err(vm.type_error("cannot pickle 'memoryview' object"))
        }),
    ];
    let t = types();
    crate::objects::str_methods::add_methods(&t.memoryview, "memoryview", methods);
    let new = crate::objects::function::new_builtin("__new__", |vm, a, k| {
        let [obj] =
            crate::protocols::args::clinic_args(vm, "memoryview", &a[1..], k, ["object"], 1)?;
        let obj = obj.unwrap_or_else(|| vm.none());
        new_memoryview(vm, &obj)
    });
    t.memoryview.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    t.memoryview
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("builtins"));
    t.memoryview.type_data_of_type().has_dict.set(false);
}
