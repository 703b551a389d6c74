//! `array`: compact arrays of numbers (`array.array`). The items are kept
//! as Python values already checked and converted for the type code
//! (ranges of the C types, float32 rounding for 'f'), in a list stored on
//! the array object; bytes conversions use the machine's layout.

use num_bigint::BigInt;

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::list::ListData;
use crate::objects::str::new_str;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

const TYPECODES: &str = "bBuhHiIlLqQfd";

fn itemsize(code: char) -> usize {
    match code {
        'b' | 'B' => 1,
        'h' | 'H' => 2,
        'u' | 'i' | 'I' | 'f' => 4,
        _ => 8,
    }
}

/// Converts and checks one item for type code `code`.
fn convert(vm: &mut Vm, code: char, v: &Value) -> PyResult<Value> {
    match code {
        'f' | 'd' => {
            let x = crate::objects::float::float_of(v)
                .or_else(|| {
                    matches!(v.kind(), Kind::Int | Kind::Bool)
                        .then(|| crate::objects::int::as_f64(v))
                        .flatten()
                })
                .ok_or_else(|| {
                    vm.type_error(format!("must be real number, not {}", v.type_data().name))
                })?;
            Ok(crate::objects::float::new_float(if code == 'f' {
                f64::from(x as f32)
            } else {
                x
            }))
        }
        'u' => match crate::objects::str::as_str(v) {
            Some(s) if s.chars().count() == 1 => Ok(v.clone()),
            _ => Err(vm.type_error(format!(
                "array item must be unicode character, not {}",
                v.type_data().name
            ))),
        },
        _ => {
            if !matches!(v.kind(), Kind::Int | Kind::Bool)
                && vm.user_method(v, "__index__").is_none()
            {
                return Err(vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_data().name
                )));
            }
            let n = match to_bigint(v).filter(|_| matches!(v.kind(), Kind::Int | Kind::Bool)) {
                Some(n) => n,
                None => match vm.user_method(v, "__index__") {
                    Some(m) => {
                        let r = vm.call_special(&m, v, &[])?;
                        to_bigint(&r).ok_or_else(|| {
                            vm.type_error(format!(
                                "__index__ returned non-int (type {})",
                                r.type_data().name
                            ))
                        })?
                    }
                    None => BigInt::from(vm.index_value(v)?),
                },
            };
            let signed = code.is_ascii_lowercase();
            let bits = itemsize(code) * 8;
            let (lo, hi) = if signed {
                (
                    -(BigInt::from(1) << (bits - 1)),
                    (BigInt::from(1) << (bits - 1)) - 1,
                )
            } else {
                (BigInt::from(0), (BigInt::from(1) << bits) - 1)
            };
            if n < lo || n > hi {
                let over = n > hi;
                let msg = match (code, over) {
                    ('b', true) => "signed char is greater than maximum",
                    ('b', false) => "signed char is less than minimum",
                    ('B', true) => "unsigned byte integer is greater than maximum",
                    ('B', false) => "unsigned byte integer is less than minimum",
                    ('h', true) => "signed short integer is greater than maximum",
                    ('h', false) => "signed short integer is less than minimum",
                    ('H', true) => "unsigned short is greater than maximum",
                    ('H', false) => "unsigned short is less than minimum",
                    ('i', true) => "signed integer is greater than maximum",
                    ('i', false) => "signed integer is less than minimum",
                    ('I', true) => "unsigned int is greater than maximum",
                    ('I', false) | ('L', false) => "can't convert negative value to unsigned int",
                    ('l', _) => "Python int too large to convert to C long",
                    ('L', true) => "Python int too large to convert to C unsigned long",
                    ('Q', false) => "can't convert negative int to unsigned",
                    _ => "int too big to convert",
                };
                return Err(vm.overflow_error(msg));
            }
            Ok(from_bigint(n))
        }
    }
}

/// An array: its type code and its items, checked and converted for the
/// type code, in a list only the array sees.
pub struct ArrayData {
    code: char,
    list: Value,
}

impl crate::object::Payload for ArrayData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Array
    }
}

fn data<'a>(vm: &Vm, a: &'a Value) -> PyResult<&'a ArrayData> {
    a.downcast::<ArrayData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor for 'array.array' objects doesn't apply to a '{}' object",
            a.type_data().name
        ))
    })
}

fn code_of(vm: &mut Vm, a: &Value) -> PyResult<char> {
    Ok(data(vm, a)?.code)
}

fn items(vm: &mut Vm, a: &Value) -> PyResult<Value> {
    Ok(data(vm, a)?.list.clone())
}

/// `typecode` and `itemsize`, the computed attributes of an array.
pub fn attr(v: &Value, name: &str) -> Option<Value> {
    let d = v.downcast::<ArrayData>()?;
    match name {
        "typecode" => Some(new_str(&d.code.to_string())),
        "itemsize" => Some(from_i64(itemsize(d.code) as i64)),
        _ => None,
    }
}

fn item_vec(vm: &mut Vm, a: &Value) -> PyResult<Vec<Value>> {
    let l = items(vm, a)?;
    Ok(l.downcast::<ListData>()
        .map(|l| l.items.borrow().clone())
        .unwrap_or_default())
}

/// A new array of type `ty` (array or a subclass; no `__init__` runs,
/// as CPython's `newarrayobject`).
fn new_array(_vm: &mut Vm, ty: &Value, code: char, vals: Vec<Value>) -> PyResult {
    Ok(Value::alloc(
        ty,
        ArrayData {
            code,
            list: crate::objects::list::new_list(vals),
        },
    ))
}

fn to_bytes(code: char, vals: &[Value]) -> Vec<u8> {
    let size = itemsize(code);
    let mut out = Vec::with_capacity(vals.len() * size);
    for v in vals {
        match code {
            'f' => {
                out.extend((crate::objects::float::float_of(v).unwrap_or(0.0) as f32).to_ne_bytes())
            }
            'd' => out.extend(
                crate::objects::float::float_of(v)
                    .unwrap_or(0.0)
                    .to_ne_bytes(),
            ),
            'u' => {
                let c = crate::objects::str::as_str(v)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('\0');
                out.extend((c as u32).to_ne_bytes());
            }
            _ => {
                let n = to_bigint(v).unwrap_or_default();
                let mut le = n.to_signed_bytes_le();
                let fill = if n < BigInt::from(0) { 0xff } else { 0 };
                le.resize(size, fill);
                if cfg!(target_endian = "big") {
                    le.reverse();
                }
                out.extend(le);
            }
        }
    }
    out
}

fn from_bytes(vm: &mut Vm, code: char, b: &[u8]) -> PyResult<Vec<Value>> {
    let size = itemsize(code);
    if !b.len().is_multiple_of(size) {
        return Err(vm.value_error("bytes length not a multiple of item size"));
    }
    let mut bad_char = None;
    let vals: Vec<Value> = b
        .chunks(size)
        .map(|c| match code {
            'f' => crate::objects::float::new_float(f64::from(f32::from_ne_bytes([
                c[0], c[1], c[2], c[3],
            ]))),
            'd' => crate::objects::float::new_float(f64::from_ne_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ])),
            'u' => {
                let u = u32::from_ne_bytes([c[0], c[1], c[2], c[3]]);
                match char::from_u32(u) {
                    Some(ch) => new_str(&ch.to_string()),
                    None => {
                        bad_char = Some(u);
                        new_str("")
                    }
                }
            }
            _ => {
                let mut le = c.to_vec();
                if cfg!(target_endian = "big") {
                    le.reverse();
                }
                if code.is_ascii_lowercase() {
                    from_bigint(BigInt::from_signed_bytes_le(&le))
                } else {
                    from_bigint(BigInt::from_bytes_le(num_bigint::Sign::Plus, &le))
                }
            }
        })
        .collect();
    match bad_char {
        // CPython keeps such wchar_t values (and fails when they are read
        // as characters); egret's items are str values.
        Some(u) => Err(vm.err(
            &types().exc.not_implemented_error,
            format!(
                "array('u') item U+{u:x} (a surrogate or beyond U+10FFFF) is not supported by egret yet"
            ),
        )),
        None => Ok(vals),
    }
}

/// The type code, item size and length of array `a` (its buffer).
pub fn buffer_info(vm: &mut Vm, a: &Value) -> PyResult<(char, usize, usize)> {
    let code = code_of(vm, a)?;
    let n = item_vec(vm, a)?.len();
    Ok((code, itemsize(code), n))
}

/// The memory of array `a`: its items in the machine's layout.
pub fn raw_bytes(vm: &mut Vm, a: &Value) -> PyResult<Vec<u8>> {
    let code = code_of(vm, a)?;
    let vals = item_vec(vm, a)?;
    Ok(to_bytes(code, &vals))
}

/// Replaces the memory of array `a` (written through a view of it).
pub fn set_raw_bytes(vm: &mut Vm, a: &Value, raw: &[u8]) -> PyResult<()> {
    let code = code_of(vm, a)?;
    let vals = from_bytes(vm, code, raw)?;
    let l = items(vm, a)?;
    if let Some(ld) = l.downcast::<ListData>() {
        *ld.items.borrow_mut() = vals;
    }
    Ok(())
}

/// CPython's error for an argument given to a method taking none.
fn no_arguments(vm: &Vm, a: &[Value], name: &str) -> PyResult<()> {
    if a.len() > 1 {
        return Err(vm.type_error(format!(
            "array.{name}() takes no arguments ({} given)",
            a.len() - 1
        )));
    }
    Ok(())
}

/// Raises `BufferError` while a view of `a` is alive.
fn check_resizable(vm: &Vm, a: &Value) -> PyResult<()> {
    crate::objects::buffer::check_resizable(vm, a)
}

fn extend_from(vm: &mut Vm, arr: &Value, src: &Value) -> PyResult<()> {
    check_resizable(vm, arr)?;
    let code = code_of(vm, arr)?;
    let new: Vec<Value> =
        if src.is_exact(&types().array) || src.type_data().is_subtype(&types().array) {
            if code_of(vm, src)? != code {
                return Err(vm.type_error("can only extend with array of same kind"));
            }
            item_vec(vm, src)?
        } else {
            let mut out = Vec::new();
            for v in vm.iterate(src)? {
                out.push(convert(vm, code, &v)?);
            }
            out
        };
    let l = items(vm, arr)?;
    if let Some(ld) = l.downcast::<ListData>() {
        ld.items.borrow_mut().extend(new);
    }
    Ok(())
}

fn is_array(v: &Value) -> bool {
    v.type_data().is_subtype(&types().array) || v.is_exact(&types().array)
}

fn compare(vm: &mut Vm, a: &[Value], op: egret_bytecode::CmpOp) -> PyResult {
    check_args(vm, "comparison", &a[1..], 1, 1)?;
    if !is_array(&a[1]) {
        return Ok(types().not_implemented.clone());
    }
    let x = item_vec(vm, &a[0])?;
    let y = item_vec(vm, &a[1])?;
    Ok(py_bool(vm.sequence_compare(&x, &y, op)?))
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__new__", |vm, a, k| {
            // a[0] is the class.
            let t = types();
            let init_is_array = a[0]
                .type_data_of_type()
                .lookup_static("__init__")
                .is_none_or(|i| {
                    t.object
                        .type_data_of_type()
                        .lookup_static("__init__")
                        .is_some_and(|o| o.is(&i))
                });
            if !k.is_empty() && init_is_array {
                return Err(vm.type_error("array.array() takes no keyword arguments"));
            }
            if a.len() < 2 {
                return Err(vm.type_error("array() takes at least 1 argument (0 given)"));
            }
            if a.len() > 3 {
                return Err(vm.type_error(format!(
                    "array() takes at most 2 arguments ({} given)",
                    a.len() - 1
                )));
            }
            let code = match crate::objects::str::as_str(&a[1]) {
                Some(s) if s.chars().count() == 1 && TYPECODES.contains(s) => {
                    s.chars().next().unwrap_or('b')
                }
                Some(s) if s.chars().count() == 1 => {
                    return Err(vm.value_error(
                        "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
                    ));
                }
                Some(_) => {
                    return Err(
                        vm.type_error("array() argument 1 must be a unicode character, not str")
                    );
                }
                None => {
                    return Err(vm.type_error(format!(
                        "array() argument 1 must be a unicode character, not {}",
                        a[1].type_data().name
                    )));
                }
            };
            let ty = a[0].clone();
            let arr = new_array(vm, &ty, code, Vec::new())?;
            let a = [arr.clone(), a[1].clone()]
                .into_iter()
                .chain(a.get(2).cloned())
                .collect::<Vec<_>>();
            if let Some(init) = a.get(2) {
                match init.kind() {
                    Kind::Bytes | Kind::ByteArray => {
                        let b = init
                            .downcast::<BytesData>()
                            .expect("bytes")
                            .data
                            .borrow()
                            .clone();
                        let vals = from_bytes(vm, code, &b)?;
                        let l = items(vm, &a[0])?;
                        if let Some(ld) = l.downcast::<ListData>() {
                            *ld.items.borrow_mut() = vals;
                        }
                    }
                    Kind::Str if code != 'u' => {
                        return Err(vm.type_error(format!(
                            "cannot use a str to initialize an array with typecode '{code}'"
                        )));
                    }
                    // An array of another kind initializes item by item,
                    // as any iterable (extend() refuses it).
                    _ if is_array(init) && code_of(vm, init)? != code => {
                        let src = code_of(vm, init)?;
                        if src == 'u' || code == 'u' {
                            return Err(vm.type_error(if src == 'u' {
                                format!(
                                    "cannot use a unicode array to initialize an array with typecode '{code}'"
                                )
                            } else {
                                "array item must be unicode character".to_string()
                            }));
                        }
                        let mut out = Vec::new();
                        for v in item_vec(vm, init)? {
                            out.push(convert(vm, code, &v)?);
                        }
                        let l = items(vm, &a[0])?;
                        if let Some(ld) = l.downcast::<ListData>() {
                            ld.items.borrow_mut().extend(out);
                        }
                    }
                    _ => extend_from(vm, &a[0], init)?,
                }
            }
            Ok(arr)
        }),
        ("__len__", |vm, a, _| {
            Ok(from_i64(item_vec(vm, &a[0])?.len() as i64))
        }),
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let l = items(vm, &a[0])?;
            if a[1].kind() == Kind::Slice {
                let part = vm.getitem(&l, &a[1])?;
                let code = code_of(vm, &a[0])?;
                let vals = vm.iterate(&part)?;
                let ty = types().array.clone();
                return new_array(vm, &ty, code, vals);
            }
            match vm.getitem(&l, &a[1]) {
                Err(e) if e.matches(&types().exc.index_error) => {
                    Err(vm.index_error("array index out of range"))
                }
                r => r,
            }
        }),
        ("__setitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__setitem__", &a[1..], 2, 2)?;
            let code = code_of(vm, &a[0])?;
            let l = items(vm, &a[0])?;
            if a[1].kind() == Kind::Slice {
                // A slice assignment that changes the length resizes.
                let n = vm.len(&l)?;
                let (start, stop, step) = crate::objects::range::slice_indices(vm, &a[1], n)?;
                let old = crate::objects::range::slice_len(start, stop, step);
                let new = if is_array(&a[2]) { vm.len(&a[2])? } else { old };
                if !is_array(&a[2]) {
                    return Err(vm.type_error(format!(
                        "can only assign array (not \"{}\") to array slice",
                        a[2].type_data().name
                    )));
                }
                if code_of(vm, &a[2])? != code {
                    return Err(vm.type_error("bad argument type for built-in operation"));
                }
                if new != old {
                    check_resizable(vm, &a[0])?;
                }
                let vals = crate::objects::list::new_list(item_vec(vm, &a[2])?);
                vm.setitem(&l, a[1].clone(), vals)?;
                return Ok(vm.none());
            }
            let v = convert(vm, code, &a[2])?;
            match vm.setitem(&l, a[1].clone(), v) {
                Err(e) if e.matches(&types().exc.index_error) => {
                    Err(vm.index_error("array assignment index out of range"))
                }
                r => r.map(|()| vm.none()),
            }
        }),
        ("__delitem__", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            crate::protocols::args::check_args(vm, "__delitem__", &a[1..], 1, 1)?;
            let l = items(vm, &a[0])?;
            vm.delitem(&l, &a[1])?;
            Ok(vm.none())
        }),
        ("__contains__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let l = items(vm, &a[0])?;
            Ok(py_bool(vm.contains(&l, &a[1])?))
        }),
        ("__iter__", |vm, a, _| {
            let l = items(vm, &a[0])?;
            vm.get_iter(&l)
        }),
        ("__repr__", |vm, a, _| {
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            let td = a[0].type_data();
            let name = td
                .renamed
                .borrow()
                .clone()
                .unwrap_or_else(|| td.name.clone());
            if vals.is_empty() {
                return Ok(new_str(&format!("{name}('{code}')")));
            }
            if code == 'u' {
                let s: String = vals.iter().map(str_of).collect();
                let r = crate::objects::str::str_repr(&s);
                return Ok(new_str(&format!("{name}('u', {r})")));
            }
            let l = crate::objects::list::new_list(vals);
            let r = vm.repr_string(&l)?;
            Ok(new_str(&format!("{name}('{code}', {r})")))
        }),
        ("__eq__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Eq)
        }),
        ("__ne__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Ne)
        }),
        ("__lt__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Lt)
        }),
        ("__le__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Le)
        }),
        ("__gt__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Gt)
        }),
        ("__ge__", |vm, a, _| {
            compare(vm, a, egret_bytecode::CmpOp::Ge)
        }),
        ("__add__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__add__", &a[1..], 1, 1)?;
            if !is_array(&a[1]) {
                return Err(vm.type_error(format!(
                    "can only append array (not \"{}\") to array",
                    a[1].type_data().name
                )));
            }
            let code = code_of(vm, &a[0])?;
            if code_of(vm, &a[1])? != code {
                return Err(vm.type_error("bad argument type for built-in operation"));
            }
            let mut vals = item_vec(vm, &a[0])?;
            vals.extend(item_vec(vm, &a[1])?);
            let ty = types().array.clone();
            new_array(vm, &ty, code, vals)
        }),
        ("__iadd__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__iadd__", &a[1..], 1, 1)?;
            if !is_array(&a[1]) {
                return Err(vm.type_error(format!(
                    "can only extend array with array (not \"{}\")",
                    a[1].type_data().name
                )));
            }
            extend_from(vm, &a[0], &a[1])?;
            Ok(a[0].clone())
        }),
        ("__mul__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__mul__", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?.max(0) as usize;
            let code = code_of(vm, &a[0])?;
            let base = item_vec(vm, &a[0])?;
            let vals = vm.try_repeat(&base, n)?;
            let ty = types().array.clone();
            new_array(vm, &ty, code, vals)
        }),
        ("__rmul__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__rmul__", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?.max(0) as usize;
            let code = code_of(vm, &a[0])?;
            let base = item_vec(vm, &a[0])?;
            let vals = vm.try_repeat(&base, n)?;
            new_array(vm, &types().array.clone(), code, vals)
        }),
        ("__imul__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__imul__", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?.max(0) as usize;
            let base = item_vec(vm, &a[0])?;
            if base.is_empty() || n == 1 {
                return Ok(a[0].clone());
            }
            check_resizable(vm, &a[0])?;
            let vals = vm.try_repeat(&base, n)?;
            let l = items(vm, &a[0])?;
            if let Some(ld) = l.downcast::<ListData>() {
                *ld.items.borrow_mut() = vals;
            }
            Ok(a[0].clone())
        }),
        ("append", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            check_args(vm, "append", &a[1..], 1, 1)?;
            let code = code_of(vm, &a[0])?;
            let v = convert(vm, code, &a[1])?;
            let l = items(vm, &a[0])?;
            if let Some(ld) = l.downcast::<ListData>() {
                ld.items.borrow_mut().push(v);
            }
            Ok(vm.none())
        }),
        ("extend", |vm, a, _| {
            check_args(vm, "extend", &a[1..], 1, 1)?;
            extend_from(vm, &a[0], &a[1])?;
            Ok(vm.none())
        }),
        ("insert", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            check_args(vm, "insert", &a[1..], 2, 2)?;
            let code = code_of(vm, &a[0])?;
            let v = convert(vm, code, &a[2])?;
            let l = items(vm, &a[0])?;
            let ins = vm.getattr_str(&l, "insert")?;
            vm.call(&ins, &[a[1].clone(), v], &[])
        }),
        ("pop", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            let l = items(vm, &a[0])?;
            let pop = vm.getattr_str(&l, "pop")?;
            match vm.call(&pop, &a[1..], &[]) {
                Err(e) if e.matches(&types().exc.index_error) => {
                    let msg = if vm.len(&l)? == 0 {
                        "pop from empty array"
                    } else {
                        "pop index out of range"
                    };
                    Err(vm.index_error(msg))
                }
                r => r,
            }
        }),
        ("remove", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            let l = items(vm, &a[0])?;
            let f = vm.getattr_str(&l, "remove")?;
            match vm.call(&f, &a[1..], &[]) {
                Err(e) if e.matches(&types().exc.value_error) => {
                    Err(vm.value_error("array.remove(x): x not in array"))
                }
                r => r,
            }
        }),
        ("index", |vm, a, _| {
            let l = items(vm, &a[0])?;
            let f = vm.getattr_str(&l, "index")?;
            match vm.call(&f, &a[1..], &[]) {
                Err(e) if e.matches(&types().exc.value_error) => {
                    Err(vm.value_error("array.index(x): x not in array"))
                }
                r => r,
            }
        }),
        ("count", |vm, a, _| {
            let l = items(vm, &a[0])?;
            let f = vm.getattr_str(&l, "count")?;
            vm.call(&f, &a[1..], &[])
        }),
        ("reverse", |vm, a, _| {
            no_arguments(vm, a, "reverse")?;
            let l = items(vm, &a[0])?;
            let f = vm.getattr_str(&l, "reverse")?;
            vm.call(&f, &[], &[])
        }),
        ("tolist", |vm, a, _| {
            no_arguments(vm, a, "tolist")?;
            Ok(crate::objects::list::new_list(item_vec(vm, &a[0])?))
        }),
        ("tobytes", |vm, a, _| {
            no_arguments(vm, a, "tobytes")?;
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            Ok(new_bytes(to_bytes(code, &vals)))
        }),
        ("frombytes", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            check_args(vm, "frombytes", &a[1..], 1, 1)?;
            let code = code_of(vm, &a[0])?;
            let b = crate::objects::buffer::bytes_like(vm, &a[1])?;
            let vals = from_bytes(vm, code, &b)?;
            let l = items(vm, &a[0])?;
            if let Some(ld) = l.downcast::<ListData>() {
                ld.items.borrow_mut().extend(vals);
            }
            Ok(vm.none())
        }),
        ("fromfile", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            // As CPython: `f.read(n * itemsize)`, appended as by frombytes;
            // EOFError (after appending) when the file had fewer items.
            if a.len() != 3 {
                return Err(vm.type_error(format!(
                    "fromfile() takes exactly 2 positional arguments ({} given)",
                    a.len().saturating_sub(1)
                )));
            }
            let code = code_of(vm, &a[0])?;
            let n = vm.index_value(&a[2])?;
            if n < 0 {
                return Err(vm.value_error("negative count"));
            }
            let want = (n as usize)
                .checked_mul(itemsize(code))
                .ok_or_else(|| vm.memory_error())?;
            let read = vm.getattr_str(&a[1], "read")?;
            let got = vm.call(&read, &[from_i64(want as i64)], &[])?;
            if got.kind() != Kind::Bytes {
                return Err(vm.type_error("read() didn't return bytes"));
            }
            let b = got
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            let whole = b.len() / itemsize(code) * itemsize(code);
            let vals = from_bytes(vm, code, &b[..whole])?;
            let l = items(vm, &a[0])?;
            if let Some(ld) = l.downcast::<ListData>() {
                ld.items.borrow_mut().extend(vals);
            }
            if b.len() != want {
                return Err(vm.err(&types().exc.eof_error, "read() didn't return enough bytes"));
            }
            Ok(vm.none())
        }),
        ("tofile", |vm, a, _| {
            check_args(vm, "tofile", &a[1..], 1, 1)?;
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            let write = vm.getattr_str(&a[1], "write")?;
            vm.call(&write, &[new_bytes(to_bytes(code, &vals))], &[])?;
            Ok(vm.none())
        }),
        ("fromlist", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            check_args(vm, "fromlist", &a[1..], 1, 1)?;
            if a[1].kind() != Kind::List {
                return Err(vm.type_error("arg must be list"));
            }
            extend_from(vm, &a[0], &a[1])?;
            Ok(vm.none())
        }),
        ("tounicode", |vm, a, _| {
            no_arguments(vm, a, "tounicode")?;
            if code_of(vm, &a[0])? != 'u' {
                return Err(vm.value_error("tounicode() may only be called on unicode type arrays"));
            }
            let s: String = item_vec(vm, &a[0])?.iter().map(str_of).collect();
            Ok(new_str(&s))
        }),
        ("fromunicode", |vm, a, _| {
            check_resizable(vm, &a[0])?;
            crate::protocols::args::check_args(vm, "fromunicode", &a[1..], 1, 1)?;
            if code_of(vm, &a[0])? != 'u' {
                return Err(
                    vm.value_error("fromunicode() may only be called on unicode type arrays")
                );
            }
            extend_from(vm, &a[0], &a[1])?;
            Ok(vm.none())
        }),
        ("byteswap", |vm, a, _| {
            no_arguments(vm, a, "byteswap")?;
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            let mut b = to_bytes(code, &vals);
            for c in b.chunks_mut(itemsize(code)) {
                c.reverse();
            }
            let swapped = from_bytes(vm, code, &b)?;
            let l = items(vm, &a[0])?;
            if let Some(ld) = l.downcast::<ListData>() {
                *ld.items.borrow_mut() = swapped;
            }
            Ok(vm.none())
        }),
        ("buffer_info", |vm, a, _| {
            no_arguments(vm, a, "buffer_info")?;
            let n = item_vec(vm, &a[0])?.len();
            Ok(crate::objects::tuple::new_tuple(vec![
                from_i64(a[0].id()),
                from_i64(n as i64),
            ]))
        }),
        ("__copy__", |vm, a, _| {
            no_arguments(vm, a, "__copy__")?;
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            let ty = types().array.clone();
            new_array(vm, &ty, code, vals)
        }),
        ("__reduce_ex__", |vm, a, _| {
            check_args(vm, "__reduce_ex__", &a[1..], 1, 1)?;
            let protocol = vm.index_value(&a[1])?;
            let code = code_of(vm, &a[0])?;
            let vals = item_vec(vm, &a[0])?;
            // The instance's own attributes, without the array's state
            // (kept in the same dict here).
            let own = std::cell::RefCell::new(crate::objects::dict::DictTable::new());
            if let Some(d) = crate::protocols::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<crate::objects::dict::DictData>()
            {
                for (k, v) in dd.table.borrow().items() {
                    let internal = crate::objects::str::as_str(&k)
                        .is_some_and(|k| matches!(k, "typecode" | "itemsize" | "_items"));
                    if !internal {
                        crate::objects::dict::set(vm, &own, k, v)?;
                    }
                }
            }
            let own = own.into_inner();
            let dict = if own.is_empty() {
                vm.none()
            } else {
                crate::objects::dict::new_dict(own)
            };
            let tuple = crate::objects::tuple::new_tuple;
            // Protocol 3 and later: the machine format, so that another
            // machine can read it (as CPython does).
            if protocol >= 3 {
                let module = vm.import_module("array")?;
                let recon = vm.getattr_str(&module, "_array_reconstructor")?;
                return Ok(tuple(vec![
                    recon,
                    tuple(vec![
                        a[0].class(),
                        new_str(&code.to_string()),
                        from_i64(i64::from(native_mformat(code))),
                        new_bytes(to_bytes(code, &vals)),
                    ]),
                    dict,
                ]));
            }
            Ok(tuple(vec![
                a[0].class(),
                tuple(vec![
                    new_str(&code.to_string()),
                    crate::objects::list::new_list(vals),
                ]),
                dict,
            ]))
        }),
    ]
}

pub fn register_types() {
    let t = types();
    let all = methods();
    let (new, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|(n, _)| *n == "__new__");
    crate::objects::str_methods::add_methods(&t.array, "array", &rest);
    if let Some((_, f)) = new.first() {
        let func = crate::objects::function::new_builtin("__new__", *f);
        t.array.type_data_of_type().dict_mut().set_str(
            "__new__",
            Value::alloc(&t.staticmethod, crate::objects::descr::WrapperData { func }),
        );
    }
    t.array.type_data_of_type().has_dict.set(false);
    t.array
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("array"));
}

/// CPython's machine format codes (`enum machine_format_code`): the
/// layout of an array's bytes in a pickle.
const MFORMAT_LAST: i64 = 21;

/// The machine format code of type code `code` on this machine.
fn native_mformat(code: char) -> u8 {
    let le = u8::from(cfg!(target_endian = "big"));
    match code {
        'B' => 0,
        'b' => 1,
        'H' => 2 + le,
        'h' => 4 + le,
        'I' => 6 + le,
        'i' => 8 + le,
        'L' | 'Q' => 10 + le,
        'l' | 'q' => 12 + le,
        'f' => 14 + le,
        'd' => 16 + le,
        _ => 20 + le, // 'u': wchar_t is UTF-32 here
    }
}

/// `array._array_reconstructor(arraytype, typecode, mformat_code, items)`:
/// the array pickles of protocol 3 and later unpickle through it.
fn array_reconstructor(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "_array_reconstructor", a, 4, 4)?;
    let (ty, code, mformat, items) = (&a[0], &a[1], &a[2], &a[3]);
    if !crate::object::types::is_type(ty) {
        return Err(vm.type_error(format!(
            "first argument must be a type object, not {}",
            ty.type_data().name
        )));
    }
    if !ty.type_data_of_type().is_subtype(&types().array) {
        return Err(vm.type_error(format!(
            "{} is not a subtype of array.array",
            ty.type_data_of_type().name
        )));
    }
    let code = crate::objects::str::as_str(code)
        .filter(|c| c.chars().count() == 1)
        .and_then(|c| c.chars().next())
        .filter(|c| TYPECODES.contains(*c));
    let Some(code) = code else {
        return Err(vm.value_error("second argument must be a valid type code"));
    };
    let mformat = vm.index_value(mformat)?;
    if !(0..=MFORMAT_LAST).contains(&mformat) {
        return Err(vm.value_error("third argument must be a valid machine format code."));
    }
    let Some(b) = items
        .downcast::<BytesData>()
        .filter(|_| items.kind() == Kind::Bytes)
    else {
        return Err(vm.type_error(format!(
            "fourth argument should be bytes, not {}",
            items.type_data().name
        )));
    };
    let data = b.data.borrow().clone();
    let code_v = new_str(&code.to_string());
    if mformat == i64::from(native_mformat(code)) {
        let vals = from_bytes(vm, code, &data)?;
        return new_array(vm, ty, code, vals);
    }
    let m = mformat as u8;
    let big = m % 2 == 1;
    let arg = match m {
        18..=21 => {
            // UTF-16 / UTF-32 text for a 'u' array.
            let (width, enc) = match m {
                18 => (2, "utf-16-le"),
                19 => (2, "utf-16-be"),
                20 => (4, "utf-32-le"),
                _ => (4, "utf-32-be"),
            };
            if data.len() % width != 0 {
                return Err(vm.value_error("string length not a multiple of item size"));
            }
            let e = new_str(enc);
            crate::objects::str_methods::decode_bytes(vm, &data, Some(&e), None)?
        }
        14..=17 => {
            let size = if m < 16 { 4 } else { 8 };
            if data.len() % size != 0 {
                return Err(vm.value_error("string length not a multiple of item size"));
            }
            let vals = data
                .chunks(size)
                .map(|c| {
                    let x = if size == 4 {
                        let w: [u8; 4] = c.try_into().expect("4 bytes");
                        f64::from(if big {
                            f32::from_be_bytes(w)
                        } else {
                            f32::from_le_bytes(w)
                        })
                    } else {
                        let w: [u8; 8] = c.try_into().expect("8 bytes");
                        if big {
                            f64::from_be_bytes(w)
                        } else {
                            f64::from_le_bytes(w)
                        }
                    };
                    crate::objects::float::new_float(x)
                })
                .collect();
            crate::objects::list::new_list(vals)
        }
        _ => {
            // Integers: 0/1 are 8-bit, then pairs of LE/BE by size and sign.
            let (size, signed, big) = match m {
                0 => (1, false, false),
                1 => (1, true, false),
                _ => {
                    let k = m - 2;
                    (2usize << (k / 4), (k / 2) % 2 == 1, k % 2 == 1)
                }
            };
            if data.len() % size != 0 {
                return Err(vm.value_error("string length not a multiple of item size"));
            }
            let vals = data
                .chunks(size)
                .map(|c| {
                    let n = if big {
                        if signed {
                            BigInt::from_signed_bytes_be(c)
                        } else {
                            BigInt::from_bytes_be(num_bigint::Sign::Plus, c)
                        }
                    } else if signed {
                        BigInt::from_signed_bytes_le(c)
                    } else {
                        BigInt::from_bytes_le(num_bigint::Sign::Plus, c)
                    };
                    from_bigint(n)
                })
                .collect();
            crate::objects::list::new_list(vals)
        }
    };
    vm.call(ty, &[code_v, arg], &[])
}

pub fn make(vm: &mut Vm) -> Value {
    let t = types();
    // As CPython's module init: arrays are MutableSequences.
    if let Ok(abc) = vm.import_module("collections.abc")
        && let Ok(ms) = vm.getattr_str(&abc, "MutableSequence")
        && let Ok(reg) = vm.getattr_str(&ms, "register")
    {
        let _ = vm.call(&reg, std::slice::from_ref(&t.array), &[]);
    }
    super::make_module(
        "array",
        &[("_array_reconstructor", array_reconstructor)],
        vec![
            ("array", t.array.clone()),
            ("ArrayType", t.array.clone()),
            ("typecodes", new_str(TYPECODES)),
        ],
    )
}
