//! The buffer protocol: a [`Buffer`] is a view of the memory of an
//! exporter (`bytes`, `bytearray`, `array.array`, or what a `memoryview`
//! shows) with CPython's `Py_buffer` fields: format, item size, shape,
//! strides and a read-only flag. Every consumer that takes "a bytes-like
//! object" gets its data here, so all exporters are accepted in one place.
//!
//! Exporters whose size can change (bytearray, array) keep an export count
//! while a memoryview of them is alive; their resizing operations call
//! [`check_resizable`] and raise `BufferError` while it is non-zero.
//!
//! This module does not own the memoryview type (`memoryview`) nor the
//! item layout of arrays (`crate::modules::array`).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::object::Value;
use crate::object::types::{Kind, isinstance, types};
use crate::objects::bytes::BytesData;
use crate::vm::{PyResult, Vm};

/// A view of an exporter's memory. Item `(i0, .., in)` starts at byte
/// `offset + i0*strides[0] + .. + in*strides[n]` of the exporter's data.
#[derive(Clone)]
pub struct Buffer {
    /// The exporting object (`memoryview.obj`).
    pub obj: Value,
    pub offset: isize,
    /// A native single-character struct format, as `memoryview.format`.
    pub format: String,
    pub itemsize: usize,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
    pub readonly: bool,
}

/// The exports of resizable objects, by address: an entry exists while a
/// view of the object is alive (the view keeps it alive, so the address
/// cannot be reused meanwhile).
static EXPORTS: Mutex<Option<HashMap<i64, usize>>> = Mutex::new(None);

fn with_exports<R>(f: impl FnOnce(&mut HashMap<i64, usize>) -> R) -> R {
    let mut g = EXPORTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(g.get_or_insert_with(HashMap::new))
}

/// Records one more export of `obj`'s memory.
pub fn add_export(obj: &Value) {
    with_exports(|m| *m.entry(obj.id()).or_insert(0) += 1);
}

/// Ends one export of `obj`'s memory.
pub fn remove_export(obj: &Value) {
    with_exports(|m| {
        if let Some(n) = m.get_mut(&obj.id()) {
            *n -= 1;
            if *n == 0 {
                m.remove(&obj.id());
            }
        }
    });
}

/// The number of live exports of `obj`'s memory.
pub fn exports(obj: &Value) -> usize {
    with_exports(|m| m.get(&obj.id()).copied().unwrap_or(0))
}

/// Raises `BufferError` if `obj` (a bytearray or an array) may not change
/// size because a view of its memory is alive.
pub fn check_resizable(vm: &Vm, obj: &Value) -> PyResult<()> {
    if exports(obj) == 0 {
        return Ok(());
    }
    let msg = if obj.kind() == Kind::ByteArray {
        "Existing exports of data: object cannot be re-sized"
    } else {
        "cannot resize an array that is exporting buffers"
    };
    Err(vm.err(&types().exc.buffer_error, msg))
}

fn is_array(v: &Value) -> bool {
    isinstance(v, &types().array)
}

/// The buffer `v` exports, or None when it is not an exporter.
pub fn get_buffer_opt(vm: &mut Vm, v: &Value) -> PyResult<Option<Buffer>> {
    if let Some(b) = v.downcast::<BytesData>() {
        let n = b.data.borrow().len();
        return Ok(Some(Buffer {
            obj: v.clone(),
            offset: 0,
            format: "B".into(),
            itemsize: 1,
            shape: vec![n],
            strides: vec![1],
            readonly: v.kind() == Kind::Bytes,
        }));
    }
    if v.kind() == Kind::MemoryView {
        return crate::objects::memoryview::view_of(vm, v).map(Some);
    }
    if is_array(v) {
        let (code, size, n) = crate::modules::array::buffer_info(vm, v)?;
        let format = if code == 'u' { 'w' } else { code };
        return Ok(Some(Buffer {
            obj: v.clone(),
            offset: 0,
            format: format.to_string(),
            itemsize: size,
            shape: vec![n],
            strides: vec![size as isize],
            readonly: false,
        }));
    }
    Ok(None)
}

/// The buffer of a bytes-like argument, or CPython's `TypeError`.
pub fn get_buffer(vm: &mut Vm, v: &Value) -> PyResult<Buffer> {
    match get_buffer_opt(vm, v)? {
        Some(b) => Ok(b),
        None => Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_data().name
        ))),
    }
}

/// The bytes of a bytes-like object, or None for anything else. As a
/// C consumer asking for a simple buffer (`PyBUF_SIMPLE`), a view that
/// is not C-contiguous is refused (`BufferError`).
pub fn bytes_like_opt(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(Some(b.data.borrow().clone()));
    }
    match get_buffer_opt(vm, v)? {
        Some(b) => b.contiguous_bytes(vm).map(Some),
        None => Ok(None),
    }
}

/// The bytes of a bytes-like argument, or CPython's `TypeError`
/// (`a bytes-like object is required, not 'str'`); a view that is not
/// C-contiguous is refused, as by `bytes_like_opt`.
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    get_buffer(vm, v)?.contiguous_bytes(vm)
}

/// A copy of the contents of any exporter, contiguous or not (what
/// `bytes(x)` and `int.from_bytes` take), or None for a non-exporter.
pub fn bytes_copy_opt(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(Some(b.data.borrow().clone()));
    }
    match get_buffer_opt(vm, v)? {
        Some(b) => b.to_vec(vm).map(Some),
        None => Ok(None),
    }
}

/// Whether `v` exports a buffer.
pub fn is_exporter(v: &Value) -> bool {
    v.downcast::<BytesData>().is_some() || v.kind() == Kind::MemoryView || is_array(v)
}

/// Runs `f` on the whole memory of exporter `obj`.
fn with_memory<R>(vm: &mut Vm, obj: &Value, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    if let Some(b) = obj.downcast::<BytesData>() {
        return Ok(f(&b.data.borrow()));
    }
    let raw = crate::modules::array::raw_bytes(vm, obj)?;
    Ok(f(&raw))
}

impl Buffer {
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of items.
    pub fn len_items(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn nbytes(&self) -> usize {
        self.len_items() * self.itemsize
    }

    /// The strides of a C-contiguous layout of this shape.
    pub fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
        let mut out = vec![0isize; shape.len()];
        let mut s = itemsize as isize;
        for i in (0..shape.len()).rev() {
            out[i] = s;
            s *= shape[i].max(1) as isize;
        }
        out
    }

    pub fn is_c_contiguous(&self) -> bool {
        self.len_items() == 0 || self.strides_match(&Self::c_strides(&self.shape, self.itemsize))
    }

    pub fn is_f_contiguous(&self) -> bool {
        if self.len_items() == 0 {
            return true;
        }
        let mut s = self.itemsize as isize;
        let mut want = vec![0isize; self.ndim()];
        for (i, w) in want.iter_mut().enumerate() {
            *w = s;
            s *= self.shape[i].max(1) as isize;
        }
        self.strides_match(&want)
    }

    /// Strides equal, ignoring dimensions of length 1.
    fn strides_match(&self, want: &[isize]) -> bool {
        self.shape
            .iter()
            .zip(self.strides.iter().zip(want))
            .all(|(&n, (a, b))| n <= 1 || a == b)
    }

    /// The byte offsets of the items in the exporter's memory, in C
    /// (row-major, `fortran` false) or Fortran order.
    pub fn item_offsets(&self, fortran: bool) -> Vec<isize> {
        let n = self.len_items();
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return out;
        }
        let nd = self.ndim();
        let mut idx = vec![0usize; nd];
        for _ in 0..n {
            let off = self.offset
                + idx
                    .iter()
                    .zip(&self.strides)
                    .map(|(&i, &s)| i as isize * s)
                    .sum::<isize>();
            out.push(off);
            // Advance the index, last dimension fastest in C order.
            let order: Box<dyn Iterator<Item = usize>> = if fortran {
                Box::new(0..nd)
            } else {
                Box::new((0..nd).rev())
            };
            for d in order {
                idx[d] += 1;
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        out
    }

    /// The items' bytes, concatenated in C order (or Fortran order).
    pub fn to_vec_order(&self, vm: &mut Vm, fortran: bool) -> PyResult<Vec<u8>> {
        let size = self.itemsize;
        let contiguous = self.offset >= 0
            && if fortran {
                self.is_f_contiguous()
            } else {
                self.is_c_contiguous()
            };
        let nbytes = self.nbytes();
        let offsets = if contiguous {
            Vec::new()
        } else {
            self.item_offsets(fortran)
        };
        let start = self.offset;
        let r = with_memory(vm, &self.obj, |m| {
            if contiguous {
                let s = start as usize;
                return m.get(s..s + nbytes).map(<[u8]>::to_vec);
            }
            let mut out = Vec::with_capacity(nbytes);
            for off in offsets {
                let o = usize::try_from(off).ok()?;
                out.extend_from_slice(m.get(o..o + size)?);
            }
            Some(out)
        })?;
        r.ok_or_else(|| out_of_bounds(vm))
    }

    /// The bytes of a C-contiguous view (`BufferError` for another).
    pub fn contiguous_bytes(&self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        if !self.is_c_contiguous() {
            return Err(vm.err(
                &types().exc.buffer_error,
                "memoryview: underlying buffer is not C-contiguous",
            ));
        }
        self.to_vec(vm)
    }

    /// The items' bytes, concatenated in C order (`tobytes()`).
    pub fn to_vec(&self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        self.to_vec_order(vm, false)
    }

    /// The bytes of the item at byte offset `off` of the exporter.
    pub fn read_item(&self, vm: &mut Vm, off: isize) -> PyResult<Vec<u8>> {
        let size = self.itemsize;
        let r = with_memory(vm, &self.obj, |m| {
            let o = usize::try_from(off).ok()?;
            m.get(o..o + size).map(<[u8]>::to_vec)
        })?;
        r.ok_or_else(|| out_of_bounds(vm))
    }

    /// Writes `data` at the byte offsets `offsets` of the exporter, one
    /// item (`itemsize` bytes of `data`) at each.
    pub fn write_items(&self, vm: &mut Vm, offsets: &[isize], data: &[u8]) -> PyResult<()> {
        if self.readonly {
            return Err(vm.type_error("cannot modify read-only memory"));
        }
        let size = self.itemsize;
        let patch = |m: &mut [u8]| -> Option<()> {
            for (k, &off) in offsets.iter().enumerate() {
                let o = usize::try_from(off).ok()?;
                let src = data.get(k * size..(k + 1) * size)?;
                m.get_mut(o..o + size)?.copy_from_slice(src);
            }
            Some(())
        };
        let ok = if let Some(b) = self.obj.downcast::<BytesData>() {
            patch(&mut b.data.borrow_mut()).is_some()
        } else {
            let mut raw = crate::modules::array::raw_bytes(vm, &self.obj)?;
            let ok = patch(&mut raw).is_some();
            if ok {
                crate::modules::array::set_raw_bytes(vm, &self.obj, &raw)?;
            }
            ok
        };
        if ok { Ok(()) } else { Err(out_of_bounds(vm)) }
    }

    /// Writes `data` over the view's bytes starting at byte `start` of its
    /// C-order contents (`struct.pack_into`, `readinto`).
    pub fn write_bytes(&self, vm: &mut Vm, start: usize, data: &[u8]) -> PyResult<()> {
        if self.readonly {
            return Err(vm.type_error("cannot modify read-only memory"));
        }
        if self.is_c_contiguous() {
            let base = self.offset;
            let offs: Vec<isize> = (0..data.len())
                .map(|i| base + (start + i) as isize)
                .collect();
            return self.byte_writes(vm, &offs, data);
        }
        let items = self.item_offsets(false);
        let size = self.itemsize.max(1);
        let offs: Vec<isize> = (start..start + data.len())
            .map(|i| items.get(i / size).map_or(-1, |o| o + (i % size) as isize))
            .collect();
        self.byte_writes(vm, &offs, data)
    }

    fn byte_writes(&self, vm: &mut Vm, offs: &[isize], data: &[u8]) -> PyResult<()> {
        let one = Buffer {
            itemsize: 1,
            ..self.clone()
        };
        one.write_items(vm, offs, data)
    }
}

fn out_of_bounds(vm: &Vm) -> crate::vm::PyErr {
    vm.err(
        &types().exc.buffer_error,
        "memoryview: underlying buffer is no longer valid",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(offset: isize, itemsize: usize, shape: &[usize], strides: &[isize]) -> Buffer {
        Buffer {
            obj: Value::small(0).expect("a small int"),
            offset,
            format: "B".into(),
            itemsize,
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            readonly: true,
        }
    }

    #[test]
    fn c_strides_of_shapes() {
        assert_eq!(Buffer::c_strides(&[3, 4], 1), vec![4, 1]);
        assert_eq!(Buffer::c_strides(&[2, 3, 4], 2), vec![24, 8, 2]);
        assert_eq!(Buffer::c_strides(&[], 8), Vec::<isize>::new());
    }

    #[test]
    fn item_offsets_follow_strides() {
        // m[1:7][::2] of an 8-byte buffer.
        let v = view(1, 1, &[3], &[2]);
        assert_eq!(v.item_offsets(false), vec![1, 3, 5]);
        assert!(!v.is_c_contiguous());
        // m[::-1] of a 4-byte buffer.
        let r = view(3, 1, &[4], &[-1]);
        assert_eq!(r.item_offsets(false), vec![3, 2, 1, 0]);
        // A 2x3 view: C order, then Fortran order.
        let g = view(0, 1, &[2, 3], &[3, 1]);
        assert!(g.is_c_contiguous() && !g.is_f_contiguous());
        assert_eq!(g.item_offsets(false), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(g.item_offsets(true), vec![0, 3, 1, 4, 2, 5]);
        // Zero dimensions: one item.
        let z = view(0, 4, &[], &[]);
        assert_eq!(z.item_offsets(false), vec![0]);
        assert_eq!(z.nbytes(), 4);
        // An empty view is contiguous both ways.
        let e = view(0, 2, &[0], &[4]);
        assert!(e.is_c_contiguous() && e.is_f_contiguous());
        assert!(e.item_offsets(false).is_empty());
    }
}
