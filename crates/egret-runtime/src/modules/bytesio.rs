//! `io.BytesIO` over a native byte buffer. `_pyio`'s BytesIO does every
//! write through a memoryview and a bytearray slice assignment, and reads
//! lines a byte at a time (IOBase.readline without `peek`): some 30 times
//! slower than CPython's C class. This is the C class's behaviour (its
//! checks, messages and pickled state).
//!
//! The contents live in a `bytearray` the buffer holds, exactly as long as
//! the stream's contents: `getbuffer()` is a memoryview of it, so a live
//! view blocks resizing (and every write, as in CPython) through the
//! bytearray's own export count.
//!
//! The class itself (`__new__`, `__init__`, `closed`, `getbuffer`,
//! pickling) is the Python layer in `bytesio.py`, a subclass of
//! `_pyio.BufferedIOBase` whose instances keep their buffer, a native
//! object, in the slot `_buf`; the hot methods are native methods added to
//! that class here.

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytearray, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::protocols::args::{check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("bytesio.py");

const WHAT: &str = "_io._BytesIOBuffer";

struct Buffer {
    /// A bytearray holding the contents (None once closed).
    data: Option<Value>,
    /// The position (may be past the end: a write there pads with NULs).
    pos: usize,
}

fn bytes_of(data: &Value) -> &std::cell::RefCell<Vec<u8>> {
    &data
        .downcast::<BytesData>()
        .expect("a BytesIO buffer holds a bytearray")
        .data
}

/// The native buffer of `obj` (a BytesIO instance, or the buffer itself
/// for the module-level primitives).
fn buffer_of(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    if obj.kind() == Kind::Native {
        return Ok(obj.clone());
    }
    crate::object::slots::get(vm, obj, "_buf")
}

/// The buffer of `obj`, its bytearray and its position; ValueError once
/// closed.
fn open_data(vm: &mut Vm, obj: &Value) -> PyResult<(Value, Value, usize)> {
    let buf = buffer_of(vm, obj)?;
    let r = with_state(vm, &buf, WHAT, |b: &mut Buffer| {
        b.data.clone().map(|d| (d, b.pos))
    })?;
    match r {
        Some((d, pos)) => Ok((buf, d, pos)),
        None => Err(vm.value_error("I/O operation on closed file.")),
    }
}

fn set_pos(vm: &mut Vm, buf: &Value, pos: usize) -> PyResult<()> {
    with_state(vm, buf, WHAT, |b: &mut Buffer| b.pos = pos)
}

/// CPython's CHECK_EXPORTS: no write, resize or close while a view from
/// `getbuffer()` is alive.
fn check_exports(vm: &Vm, data: &Value) -> PyResult<()> {
    crate::objects::buffer::check_resizable(vm, data)
}

/// A size argument: an int, or None / negative for "no limit".
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is(&types().none) => Ok(None),
        Some(v) => {
            if !matches!(v.kind(), Kind::Int | Kind::Bool)
                && vm.user_method(v, "__index__").is_none()
            {
                return Err(vm.type_error(format!(
                    "argument should be integer or None, not '{}'",
                    v.type_data().name
                )));
            }
            let n = vm.index_value(v)?;
            Ok(usize::try_from(n).ok())
        }
    }
}

/// Writes `v` (any bytes-like object) at `pos` of `data`, padding with
/// NULs when `pos` is past the end; the new position.
fn write_at(vm: &mut Vm, data: &Value, pos: usize, v: &Value) -> PyResult<usize> {
    check_exports(vm, data)?;
    let copied;
    let src_ref;
    let src: &[u8] = match v.downcast::<BytesData>().map(|b| b.data.try_borrow()) {
        Some(Ok(b)) => {
            src_ref = b;
            &src_ref
        }
        _ => {
            copied = crate::objects::buffer::bytes_like(vm, v)?;
            &copied
        }
    };
    let n = src.len();
    if n == 0 {
        return Ok(pos);
    }
    let mut d = bytes_of(data).borrow_mut();
    if pos > d.len() {
        d.resize(pos, 0);
    }
    let end = pos + n;
    let overlap = (d.len() - pos).min(n);
    d[pos..pos + overlap].copy_from_slice(&src[..overlap]);
    d.extend_from_slice(&src[overlap..]);
    Ok(end)
}

/// The end of the line starting at `pos` (after its `\n`, or the end),
/// at most `limit` bytes on.
fn line_end(d: &[u8], pos: usize, limit: Option<usize>) -> usize {
    let rest = &d[pos.min(d.len())..];
    let mut n = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |i| i + 1);
    if let Some(l) = limit {
        n = n.min(l);
    }
    pos.min(d.len()) + n
}

/// Reads up to `limit` bytes (all when None) from the position.
fn read(vm: &mut Vm, obj: &Value, limit: Option<usize>) -> PyResult {
    let (buf, data, pos) = open_data(vm, obj)?;
    let (out, newpos) = {
        let d = bytes_of(&data).borrow();
        if pos >= d.len() {
            return Ok(new_bytes(Vec::new()));
        }
        let end = match limit {
            Some(n) => pos.saturating_add(n).min(d.len()),
            None => d.len(),
        };
        (d[pos..end].to_vec(), end)
    };
    set_pos(vm, &buf, newpos)?;
    Ok(new_bytes(out))
}

fn readline(vm: &mut Vm, obj: &Value, limit: Option<usize>) -> PyResult<Vec<u8>> {
    let (buf, data, pos) = open_data(vm, obj)?;
    let (out, end) = {
        let d = bytes_of(&data).borrow();
        if pos >= d.len() {
            return Ok(Vec::new());
        }
        let end = line_end(&d, pos, limit);
        (d[pos..end].to_vec(), end)
    };
    set_pos(vm, &buf, end)?;
    Ok(out)
}

const METHODS: &[(&str, NativeFn)] = &[
    ("write", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.write", kw)?;
        check_args(vm, "write", &a[1..], 1, 1)?;
        let (buf, data, pos) = open_data(vm, &a[0])?;
        let end = write_at(vm, &data, pos, &a[1])?;
        set_pos(vm, &buf, end)?;
        Ok(from_i64((end - pos) as i64))
    }),
    ("writelines", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.writelines", kw)?;
        check_args(vm, "writelines", &a[1..], 1, 1)?;
        open_data(vm, &a[0])?;
        let it = vm.get_iter(&a[1])?;
        while let Some(line) = vm.next(&it)? {
            let (buf, data, pos) = open_data(vm, &a[0])?;
            let end = write_at(vm, &data, pos, &line)?;
            set_pos(vm, &buf, end)?;
        }
        Ok(types().none.clone())
    }),
    ("read", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.read", kw)?;
        check_args(vm, "read", &a[1..], 0, 1)?;
        let limit = size_arg(vm, a.get(1))?;
        read(vm, &a[0], limit)
    }),
    ("read1", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.read1", kw)?;
        check_args(vm, "read1", &a[1..], 0, 1)?;
        let limit = size_arg(vm, a.get(1))?;
        read(vm, &a[0], limit)
    }),
    ("readline", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.readline", kw)?;
        check_args(vm, "readline", &a[1..], 0, 1)?;
        let limit = size_arg(vm, a.get(1))?;
        Ok(new_bytes(readline(vm, &a[0], limit)?))
    }),
    ("readlines", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.readlines", kw)?;
        check_args(vm, "readlines", &a[1..], 0, 1)?;
        let hint = match a.get(1) {
            Some(v) if !v.is(&types().none) => {
                if !matches!(v.kind(), Kind::Int | Kind::Bool) {
                    return Err(vm.type_error(format!(
                        "integer argument expected, got '{}'",
                        v.type_data().name
                    )));
                }
                usize::try_from(vm.index_value(v)?).ok().filter(|&n| n > 0)
            }
            _ => None,
        };
        let (buf, data, mut pos) = open_data(vm, &a[0])?;
        let mut lines = Vec::new();
        {
            let d = bytes_of(&data).borrow();
            let mut total = 0;
            while pos < d.len() {
                let end = line_end(&d, pos, None);
                total += end - pos;
                lines.push(new_bytes(d[pos..end].to_vec()));
                pos = end;
                if hint.is_some_and(|h| total >= h) {
                    break;
                }
            }
        }
        set_pos(vm, &buf, pos)?;
        Ok(crate::objects::list::new_list(lines))
    }),
    ("readinto", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.readinto", kw)?;
        check_args(vm, "readinto", &a[1..], 1, 1)?;
        let (buf, data, pos) = open_data(vm, &a[0])?;
        let target = &a[1];
        // The bytes after the position, at most `room` of them.
        let chunk = |room: usize| {
            let d = bytes_of(&data).borrow();
            let start = pos.min(d.len());
            let k = (d.len() - start).min(room);
            d[start..start + k].to_vec()
        };
        // Into a bytearray directly; into any other writable buffer
        // through a memoryview slice assignment.
        let written = if let Some(tb) = target.downcast::<BytesData>()
            && target.kind() == Kind::ByteArray
        {
            let room = tb.data.borrow().len();
            let c = chunk(room);
            tb.data.borrow_mut()[..c.len()].copy_from_slice(&c);
            c.len()
        } else {
            let mv = vm.call(&types().memoryview, std::slice::from_ref(target), &[])?;
            let mv = vm.call_method(&mv, "cast", &[crate::objects::str::new_str("B")])?;
            let room = vm.len(&mv)?;
            let c = chunk(room);
            let k = c.len();
            let slice = crate::objects::range::new_slice(
                from_i64(0),
                from_i64(k as i64),
                types().none.clone(),
            );
            vm.setitem(&mv, slice, new_bytes(c))?;
            k
        };
        set_pos(vm, &buf, pos.min(bytes_of(&data).borrow().len()) + written)?;
        Ok(from_i64(written as i64))
    }),
    ("__next__", |vm, a, _| {
        let line = readline(vm, &a[0], None)?;
        if line.is_empty() {
            return Err(vm.stop_iteration(None));
        }
        Ok(new_bytes(line))
    }),
    ("getvalue", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.getvalue", kw)?;
        check_args(vm, "getvalue", &a[1..], 0, 0)?;
        let (_, data, _) = open_data(vm, &a[0])?;
        let v = bytes_of(&data).borrow().clone();
        Ok(new_bytes(v))
    }),
    ("tell", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.tell", kw)?;
        check_args(vm, "tell", &a[1..], 0, 0)?;
        let (_, _, pos) = open_data(vm, &a[0])?;
        Ok(from_i64(pos as i64))
    }),
    ("seek", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.seek", kw)?;
        check_args(vm, "seek", &a[1..], 1, 2)?;
        let pos = vm.index_value(&a[1])?;
        let whence = match a.get(2) {
            Some(w) => vm.index_value(w)?,
            None => 0,
        };
        let (buf, data, cur) = open_data(vm, &a[0])?;
        if pos < 0 && whence == 0 {
            return Err(vm.value_error(format!("negative seek value {pos}")));
        }
        let size = bytes_of(&data).borrow().len() as i64;
        let base = match whence {
            0 => 0,
            1 => cur as i64,
            2 => size,
            _ => {
                return Err(
                    vm.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
                );
            }
        };
        let new = base
            .checked_add(pos)
            .ok_or_else(|| vm.err(&types().exc.overflow_error, "new position too large"))?
            .max(0);
        set_pos(vm, &buf, new as usize)?;
        Ok(from_i64(new))
    }),
    ("truncate", |vm, a, kw| {
        no_kwargs(vm, "BytesIO.truncate", kw)?;
        check_args(vm, "truncate", &a[1..], 0, 1)?;
        let (_, data, pos) = open_data(vm, &a[0])?;
        check_exports(vm, &data)?;
        let size = match a.get(1) {
            Some(v) if !v.is(&types().none) => {
                let n = vm.index_value(v)?;
                if n < 0 {
                    return Err(vm.value_error(format!("negative size value {n}")));
                }
                n as usize
            }
            _ => pos,
        };
        let mut d = bytes_of(&data).borrow_mut();
        if size < d.len() {
            d.truncate(size);
        }
        Ok(from_i64(size as i64))
    }),
    ("flush", |vm, a, _| {
        open_data(vm, &a[0])?;
        Ok(types().none.clone())
    }),
    ("isatty", |vm, a, _| {
        open_data(vm, &a[0])?;
        Ok(types().false_.clone())
    }),
    ("readable", |vm, a, _| {
        open_data(vm, &a[0])?;
        Ok(types().true_.clone())
    }),
    ("writable", |vm, a, _| {
        open_data(vm, &a[0])?;
        Ok(types().true_.clone())
    }),
    ("seekable", |vm, a, _| {
        open_data(vm, &a[0])?;
        Ok(types().true_.clone())
    }),
];

const FUNCS: &[(&str, NativeFn)] = &[
    ("_new_buffer", |vm, a, _| {
        check_args(vm, "_new_buffer", a, 0, 0)?;
        let ty = BUFFER_TYPE.with(|t| t.get_or_init(|| native_type(WHAT)).clone());
        Ok(new_native(
            &ty,
            Buffer {
                data: Some(new_bytearray(Vec::new())),
                pos: 0,
            },
        ))
    }),
    ("_buffer_init", |vm, a, _| {
        // `__init__` (again, perhaps): the contents become `initial`.
        check_args(vm, "_buffer_init", a, 2, 2)?;
        let data = with_state(vm, &a[0], WHAT, |b: &mut Buffer| b.data.clone())?;
        let data = match data {
            Some(d) => {
                check_exports(vm, &d)?;
                bytes_of(&d).borrow_mut().clear();
                d
            }
            None => {
                let d = new_bytearray(Vec::new());
                with_state(vm, &a[0], WHAT, |b: &mut Buffer| b.data = Some(d.clone()))?;
                d
            }
        };
        with_state(vm, &a[0], WHAT, |b: &mut Buffer| b.pos = 0)?;
        if !a[1].is(&types().none) {
            write_at(vm, &data, 0, &a[1])?;
        }
        Ok(types().none.clone())
    }),
    ("_buffer_set_state", |vm, a, _| {
        check_args(vm, "_buffer_set_state", a, 3, 3)?;
        let (buf, data, _) = open_data(vm, &a[0])?;
        check_exports(vm, &data)?;
        bytes_of(&data).borrow_mut().clear();
        set_pos(vm, &buf, 0)?;
        let end = write_at(vm, &data, 0, &a[1])?;
        set_pos(vm, &buf, end)?;
        if !matches!(a[2].kind(), Kind::Int | Kind::Bool) {
            return Err(vm.type_error(format!(
                "second item of state must be an integer, not {}",
                a[2].type_data().name
            )));
        }
        let pos = vm.index_value(&a[2])?;
        if pos < 0 {
            return Err(vm.value_error("position value cannot be negative"));
        }
        set_pos(vm, &buf, pos as usize)?;
        Ok(types().none.clone())
    }),
    ("_buffer_close", |vm, a, _| {
        check_args(vm, "_buffer_close", a, 1, 1)?;
        let data = with_state(vm, &a[0], WHAT, |b: &mut Buffer| b.data.clone())?;
        if let Some(d) = data {
            check_exports(vm, &d)?;
        }
        let old = with_state(vm, &a[0], WHAT, |b: &mut Buffer| {
            b.pos = 0;
            b.data.take()
        })?;
        drop(old);
        Ok(types().none.clone())
    }),
    ("_buffer_closed", |vm, a, _| {
        check_args(vm, "_buffer_closed", a, 1, 1)?;
        let closed = with_state(vm, &a[0], WHAT, |b: &mut Buffer| b.data.is_none())?;
        Ok(crate::vm::py_bool(closed))
    }),
    ("_buffer_data", |vm, a, _| {
        check_args(vm, "_buffer_data", a, 1, 1)?;
        Ok(open_data(vm, &a[0])?.1)
    }),
];

crate::gil_local! {
    static BUFFER_TYPE: std::cell::OnceCell<Value> = const { std::cell::OnceCell::new() };
}

/// The BytesIO class: the Python layer run in a namespace holding
/// `BufferedIOBase` (from `_pyio`) and the native primitives, then the
/// native methods added to it.
pub fn make_class(vm: &mut Vm, buffered_io_base: Value) -> PyResult {
    let ns = new_dict(DictTable::new());
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        t.set_str("__name__", crate::objects::str::new_str("_io"));
        t.set_str("BufferedIOBase", buffered_io_base);
        for (n, f) in FUNCS {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, *f, "_io".into()),
            );
        }
    }
    crate::modules::run_layer(vm, SOURCE, "<_io.BytesIO>", &ns)?;
    let cls = ns
        .downcast::<DictData>()
        .and_then(|d| d.table.borrow().get_str("BytesIO"))
        .expect("bytesio.py defines BytesIO");
    crate::objects::str_methods::add_methods(&cls, "BytesIO", METHODS);
    crate::object::types::invalidate_lookup_cache();
    Ok(cls)
}
