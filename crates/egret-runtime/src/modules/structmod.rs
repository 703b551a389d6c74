//! `_struct`: packing values into bytes and back (`struct.pack`,
//! `struct.unpack`, `struct.Struct`), with CPython's sizes, alignment and
//! error messages.

use num_bigint::BigInt;

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm};

#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// `@`: native sizes and alignment.
    Native,
    Little,
    Big,
}

#[derive(Clone, Copy)]
struct Item {
    code: char,
    count: usize,
    size: usize,
    offset: usize,
}

struct Layout {
    order: Order,
    little: bool,
    items: Vec<Item>,
    size: usize,
}

crate::gil_local! {
    static ERROR: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn struct_error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    let ty = ERROR
        .with(|e| e.borrow().clone())
        .unwrap_or_else(|| types().exc.value_error.clone());
    vm.err(&ty, msg)
}

fn code_size(code: char, native: bool) -> Option<usize> {
    Some(match code {
        'x' | 'c' | 'b' | 'B' | '?' | 's' | 'p' => 1,
        'h' | 'H' | 'e' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' => {
            if native {
                8
            } else {
                4
            }
        }
        'q' | 'Q' | 'd' => 8,
        'n' | 'N' | 'P' if native => 8,
        _ => return None,
    })
}

fn parse(vm: &Vm, fmt: &str) -> PyResult<Layout> {
    let mut chars = fmt.chars().peekable();
    let (order, little) = match chars.peek() {
        Some('@') => {
            chars.next();
            (Order::Native, cfg!(target_endian = "little"))
        }
        Some('=') => {
            chars.next();
            (Order::Little, cfg!(target_endian = "little"))
        }
        Some('<') => {
            chars.next();
            (Order::Little, true)
        }
        Some('>') | Some('!') => {
            chars.next();
            (Order::Big, false)
        }
        _ => (Order::Native, cfg!(target_endian = "little")),
    };
    let native = order == Order::Native;
    let mut items = Vec::new();
    let mut offset = 0usize;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut count: Option<usize> = None;
        while let Some(&d) = chars.peek() {
            if let Some(v) = d.to_digit(10) {
                count = Some(
                    count
                        .unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(v as usize),
                );
                chars.next();
            } else {
                break;
            }
        }
        let Some(code) = chars.next() else {
            return Err(struct_error(
                vm,
                "repeat count given without format specifier",
            ));
        };
        let Some(size) = code_size(code, native) else {
            return Err(struct_error(vm, "bad char in struct format"));
        };
        let count = count.unwrap_or(1);
        if native && !matches!(code, 's' | 'p' | 'x' | 'c' | 'b' | 'B' | '?') {
            offset = offset.div_ceil(size) * size;
        }
        items.push(Item {
            code,
            count,
            size,
            offset,
        });
        offset += size * count;
    }
    Ok(Layout {
        order,
        little,
        items,
        size: offset,
    })
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = to_bigint(v).filter(|_| matches!(v.kind(), Kind::Int | Kind::Bool)) {
        return Ok(b);
    }
    if vm.user_method(v, "__index__").is_some() {
        let i = vm.index_value(v)?;
        return Ok(BigInt::from(i));
    }
    Err(struct_error(vm, "required argument is not an integer"))
}

/// The error for an int that does not fit, worded as CPython's packers
/// word it (they differ by code and by native or standard size).
fn range_error(vm: &Vm, code: char, native: bool, n: &BigInt, lo: &BigInt, hi: &BigInt) -> PyErr {
    let out_of_range = || struct_error(vm, "argument out of range");
    let fits_long = i64::try_from(n).is_ok();
    let fits_ulong = u64::try_from(n).is_ok();
    let named =
        |name: &str| struct_error(vm, format!("{name} format requires {lo} <= number <= {hi}"));
    let quoted = || {
        struct_error(
            vm,
            format!("'{code}' format requires {lo} <= number <= {hi}"),
        )
    };
    match code {
        'b' => named("byte"),
        'B' => named("ubyte"),
        'h' if native => named("short"),
        'H' if native => named("ushort"),
        'i' if native => {
            if fits_long {
                quoted()
            } else {
                out_of_range()
            }
        }
        'I' if native => {
            if fits_ulong {
                quoted()
            } else {
                out_of_range()
            }
        }
        _ if native => out_of_range(),
        'h' | 'i' | 'l' | 'q' => {
            if fits_long {
                quoted()
            } else {
                out_of_range()
            }
        }
        _ => {
            if fits_ulong {
                quoted()
            } else {
                out_of_range()
            }
        }
    }
}

fn pack_into_vec(vm: &mut Vm, layout: &Layout, args: &[Value]) -> PyResult<Vec<u8>> {
    let expected: usize = layout
        .items
        .iter()
        .map(|it| {
            if matches!(it.code, 's' | 'p') {
                1
            } else if it.code == 'x' {
                0
            } else {
                it.count
            }
        })
        .sum();
    if args.len() != expected {
        return Err(struct_error(
            vm,
            format!(
                "pack expected {expected} items for packing (got {})",
                args.len()
            ),
        ));
    }
    let native = layout.order == Order::Native;
    let mut out = vec![0u8; layout.size];
    let mut ai = 0;
    for it in &layout.items {
        if it.code == 'x' {
            continue;
        }
        if matches!(it.code, 's' | 'p') {
            let v = &args[ai];
            ai += 1;
            let Some(b) = v.downcast::<BytesData>().map(|b| b.data.borrow().clone()) else {
                return Err(struct_error(
                    vm,
                    format!("argument for '{}' must be a bytes object", it.code),
                ));
            };
            let dst = &mut out[it.offset..it.offset + it.count];
            if it.code == 's' {
                let n = b.len().min(it.count);
                dst[..n].copy_from_slice(&b[..n]);
            } else if it.count > 0 {
                let n = b.len().min(it.count - 1).min(255);
                dst[0] = n as u8;
                dst[1..1 + n].copy_from_slice(&b[..n]);
            }
            continue;
        }
        for k in 0..it.count {
            let v = &args[ai];
            ai += 1;
            let at = it.offset + k * it.size;
            let bytes: Vec<u8> = match it.code {
                'c' => match v.downcast::<BytesData>().map(|b| b.data.borrow().clone()) {
                    Some(b) if b.len() == 1 && v.kind() == Kind::Bytes => b,
                    _ => {
                        return Err(struct_error(
                            vm,
                            "char format requires a bytes object of length 1",
                        ));
                    }
                },
                '?' => vec![u8::from(vm.truthy(v)?)],
                'e' | 'f' | 'd' => {
                    let Some(x) = crate::objects::float::float_of(v)
                        .or_else(|| crate::objects::int::as_f64(v))
                    else {
                        return Err(struct_error(vm, "required argument is not a float"));
                    };
                    match it.code {
                        'd' => {
                            if layout.little {
                                x.to_le_bytes().to_vec()
                            } else {
                                x.to_be_bytes().to_vec()
                            }
                        }
                        'f' => {
                            let y = x as f32;
                            if y.is_infinite() && x.is_finite() {
                                return Err(
                                    vm.overflow_error("float too large to pack with f format")
                                );
                            }
                            if layout.little {
                                y.to_le_bytes().to_vec()
                            } else {
                                y.to_be_bytes().to_vec()
                            }
                        }
                        _ => {
                            let h = f64_to_half(x).ok_or_else(|| {
                                vm.overflow_error("float too large to pack with e format")
                            })?;
                            if layout.little {
                                h.to_le_bytes().to_vec()
                            } else {
                                h.to_be_bytes().to_vec()
                            }
                        }
                    }
                }
                code => {
                    let n = int_arg(vm, v)?;
                    let signed = matches!(code, 'b' | 'h' | 'i' | 'l' | 'q' | 'n');
                    let bits = it.size * 8;
                    let (lo, hi) = if signed {
                        (
                            -(BigInt::from(1) << (bits - 1)),
                            (BigInt::from(1) << (bits - 1)) - 1,
                        )
                    } else {
                        (BigInt::from(0), (BigInt::from(1) << bits) - 1)
                    };
                    if n < lo || n > hi {
                        return Err(range_error(vm, code, native, &n, &lo, &hi));
                    }
                    let mut le = n.to_signed_bytes_le();
                    let fill = if n < BigInt::from(0) { 0xff } else { 0 };
                    le.resize(it.size, fill);
                    if !layout.little {
                        le.reverse();
                    }
                    le
                }
            };
            out[at..at + it.size].copy_from_slice(&bytes);
        }
    }
    Ok(out)
}

fn f64_to_half(x: f64) -> Option<u16> {
    let f = x as f32;
    let bits = f.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    if a >= 65520.0 {
        return None;
    }
    if a < 2f64.powi(-24) / 2.0 {
        return Some(sign);
    }
    // Round to nearest even through the exact scaled value.
    let (e, m) = if a < 2f64.powi(-14) {
        (0u16, (a / 2f64.powi(-24)).round_ties_even() as u16)
    } else {
        let exp = a.log2().floor() as i32;
        let mut exp = exp;
        let mut mant = (a / 2f64.powi(exp) - 1.0) * 1024.0;
        mant = mant.round_ties_even();
        if mant >= 1024.0 {
            mant = 0.0;
            exp += 1;
        }
        ((exp + 15) as u16, mant as u16)
    };
    if e == 0 && m >= 1024 {
        return Some(sign | (1 << 10));
    }
    Some(sign | (e << 10) | m)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = (h >> 10) & 0x1f;
    let m = f64::from(h & 0x3ff);
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 => {
            if m == 0.0 {
                f64::INFINITY
            } else {
                f64::NAN
            }
        }
        _ => (1.0 + m / 1024.0) * 2f64.powi(i32::from(e) - 15),
    }
}

fn unpack_slice(vm: &mut Vm, layout: &Layout, data: &[u8]) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    for it in &layout.items {
        if it.code == 'x' {
            continue;
        }
        if matches!(it.code, 's' | 'p') {
            let b = &data[it.offset..it.offset + it.count];
            out.push(if it.code == 's' {
                new_bytes(b.to_vec())
            } else if b.is_empty() {
                new_bytes(Vec::new())
            } else {
                let n = (b[0] as usize).min(it.count - 1);
                new_bytes(b[1..1 + n].to_vec())
            });
            continue;
        }
        for k in 0..it.count {
            let at = it.offset + k * it.size;
            let mut b = data[at..at + it.size].to_vec();
            if !layout.little {
                b.reverse();
            }
            out.push(match it.code {
                'c' => new_bytes(b),
                '?' => crate::vm::py_bool(b[0] != 0),
                'e' => new_float(half_to_f64(u16::from_le_bytes([b[0], b[1]]))),
                'f' => new_float(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
                'd' => new_float(f64::from_le_bytes([
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                ])),
                code => {
                    let signed = matches!(code, 'b' | 'h' | 'i' | 'l' | 'q' | 'n');
                    let n = if signed {
                        BigInt::from_signed_bytes_le(&b)
                    } else {
                        BigInt::from_bytes_le(num_bigint::Sign::Plus, &b)
                    };
                    from_bigint(n)
                }
            });
        }
    }
    let _ = vm;
    Ok(out)
}

fn fmt_arg(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v.kind() {
        Kind::Str => Ok(str_of(v)),
        Kind::Bytes => Ok(v
            .downcast::<BytesData>()
            .map(|b| String::from_utf8_lossy(&b.data.borrow()).into_owned())
            .unwrap_or_default()),
        _ if v.is_exact(&types().struct_type) => {
            let f = vm.getattr_str(v, "format")?;
            Ok(str_of(&f))
        }
        _ => Err(vm.type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            v.type_data().name
        ))),
    }
}

fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

fn do_unpack(vm: &mut Vm, fmt: &Value, data: &Value) -> PyResult {
    let f = fmt_arg(vm, fmt)?;
    let layout = parse(vm, &f)?;
    let b = buffer(vm, data)?;
    if b.len() != layout.size {
        return Err(struct_error(
            vm,
            format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    Ok(new_tuple(unpack_slice(vm, &layout, &b)?))
}

fn do_unpack_from(vm: &mut Vm, fmt: &Value, data: &Value, offset: i64) -> PyResult {
    let f = fmt_arg(vm, fmt)?;
    let layout = parse(vm, &f)?;
    let b = buffer(vm, data)?;
    if offset < 0 {
        if offset + (layout.size as i64) > 0 {
            return Err(struct_error(
                vm,
                format!(
                    "not enough data to unpack {} bytes at offset {offset}",
                    layout.size
                ),
            ));
        }
        if offset + (b.len() as i64) < 0 {
            return Err(struct_error(
                vm,
                format!("offset {offset} out of range for {}-byte buffer", b.len()),
            ));
        }
    }
    let off = if offset < 0 {
        offset + b.len() as i64
    } else {
        offset
    };
    if off < 0 || i128::from(off) + layout.size as i128 > b.len() as i128 {
        return Err(struct_error(
            vm,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} (actual buffer size is {})",
                i128::from(off.max(0)) + layout.size as i128,
                layout.size,
                off,
                b.len()
            ),
        ));
    }
    let o = off as usize;
    Ok(new_tuple(unpack_slice(
        vm,
        &layout,
        &b[o..o + layout.size],
    )?))
}

fn do_pack_into(vm: &mut Vm, fmt: &Value, a: &[Value]) -> PyResult {
    if a.len() < 2 {
        return Err(vm.type_error("pack_into expected buffer argument"));
    }
    let f = fmt_arg(vm, fmt)?;
    let layout = parse(vm, &f)?;
    let packed = pack_into_vec(vm, &layout, &a[2..])?;
    let buf = match crate::objects::buffer::get_buffer_opt(vm, &a[0])? {
        Some(b) if !b.readonly => b,
        _ => {
            return Err(vm.type_error(format!(
                "argument must be read-write bytes-like object, not {}",
                a[0].type_data().name
            )));
        }
    };
    let off = vm.index_value(&a[1])?;
    let len = buf.nbytes() as i64;
    if off < 0 {
        if off + (packed.len() as i64) > 0 {
            return Err(struct_error(
                vm,
                format!("no space to pack {} bytes at offset {off}", packed.len()),
            ));
        }
        if off + len < 0 {
            return Err(struct_error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
    }
    let o = if off < 0 { off + len } else { off };
    // In i128: an offset near sys.maxsize must not overflow.
    if o < 0 || i128::from(o) + packed.len() as i128 > i128::from(len) {
        return Err(struct_error(
            vm,
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} (actual buffer size is {len})",
                i128::from(o.max(0)) + packed.len() as i128,
                packed.len(),
                o
            ),
        ));
    }
    buf.write_bytes(vm, o as usize, &packed)?;
    Ok(vm.none())
}

fn iter_unpack(vm: &mut Vm, fmt: &Value, data: &Value) -> PyResult {
    let f = fmt_arg(vm, fmt)?;
    let layout = parse(vm, &f)?;
    let b = buffer(vm, data)?;
    if layout.size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if b.len() % layout.size != 0 {
        return Err(struct_error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    let mut out = Vec::new();
    for chunk in b.chunks(layout.size) {
        out.push(new_tuple(unpack_slice(vm, &layout, chunk)?));
    }
    let l = crate::objects::list::new_list(out);
    vm.get_iter(&l)
}

fn struct_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", |vm, a, k| {
            let f = a.get(1).cloned().or_else(|| kwarg(k, "format"));
            let Some(f) = f else {
                return Err(vm.type_error("Struct() missing required argument 'format' (pos 1)"));
            };
            let s = fmt_arg(vm, &f)?;
            let layout = parse(vm, &s)?;
            vm.setattr_str(&a[0], "format", new_str(&s))?;
            vm.setattr_str(&a[0], "size", from_i64(layout.size as i64))?;
            Ok(vm.none())
        }),
        ("pack", |vm, a, _| {
            let f = fmt_arg(vm, &a[0])?;
            let layout = parse(vm, &f)?;
            Ok(new_bytes(pack_into_vec(vm, &layout, &a[1..])?))
        }),
        ("unpack", |vm, a, _| {
            check_args(vm, "unpack", &a[1..], 1, 1)?;
            do_unpack(vm, &a[0], &a[1])
        }),
        ("unpack_from", |vm, a, k| {
            check_args(vm, "unpack_from", a, 1, 3)?;
            let data = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "buffer"))
                .unwrap_or_else(|| vm.none());
            let off = match a.get(2).cloned().or_else(|| kwarg(k, "offset")) {
                Some(o) => vm.index_value(&o)?,
                None => 0,
            };
            do_unpack_from(vm, &a[0], &data, off)
        }),
        ("pack_into", |vm, a, _| do_pack_into(vm, &a[0], &a[1..])),
        ("iter_unpack", |vm, a, _| {
            check_args(vm, "iter_unpack", &a[1..], 1, 1)?;
            iter_unpack(vm, &a[0], &a[1])
        }),
        ("__repr__", |vm, a, _| {
            let f = vm.getattr_str(&a[0], "format")?;
            let r = vm.repr_string(&f)?;
            Ok(new_str(&format!("Struct({r})")))
        }),
    ]
}

pub fn register_types() {
    crate::objects::str_methods::add_methods(&types().struct_type, "Struct", &struct_methods());
    types()
        .struct_type
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("_struct"));
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", new_str("struct"));
    // One `struct.error` for the process: a module imported afresh
    // (`import_fresh_module("_struct")`) shares it, as the functions
    // raising it are shared.
    let error = match ERROR.with(|e| e.borrow().clone()) {
        Some(e) => e,
        None => {
            let e = crate::object::types::new_class(
                &t.type_,
                "error",
                vec![t.exc.exception.clone()],
                ns,
            )
            .expect("an exception class");
            ERROR.with(|slot| *slot.borrow_mut() = Some(e.clone()));
            e
        }
    };
    let funcs: &[(&'static str, NativeFn)] = &[
        ("pack", |vm, a, _| {
            if a.is_empty() {
                return Err(vm.type_error("pack expected at least 1 argument, got 0"));
            }
            let f = fmt_arg(vm, &a[0])?;
            let layout = parse(vm, &f)?;
            Ok(new_bytes(pack_into_vec(vm, &layout, &a[1..])?))
        }),
        ("unpack", |vm, a, _| {
            check_args(vm, "unpack", a, 2, 2)?;
            do_unpack(vm, &a[0], &a[1])
        }),
        ("unpack_from", |vm, a, k| {
            check_args(vm, "unpack_from", a, 1, 3)?;
            let data = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "buffer"))
                .unwrap_or_else(|| vm.none());
            let off = match a.get(2).cloned().or_else(|| kwarg(k, "offset")) {
                Some(o) => vm.index_value(&o)?,
                None => 0,
            };
            do_unpack_from(vm, &a[0], &data, off)
        }),
        ("pack_into", |vm, a, _| {
            if a.is_empty() {
                return Err(vm.type_error("pack_into expected format argument"));
            }
            do_pack_into(vm, &a[0], &a[1..])
        }),
        ("iter_unpack", |vm, a, _| {
            check_args(vm, "iter_unpack", a, 2, 2)?;
            iter_unpack(vm, &a[0], &a[1])
        }),
        ("calcsize", |vm, a, _| {
            check_args(vm, "calcsize", a, 1, 1)?;
            let f = fmt_arg(vm, &a[0])?;
            Ok(from_i64(parse(vm, &f)?.size as i64))
        }),
        ("_clearcache", |vm, _a, _| Ok(vm.none())),
    ];
    super::make_module(
        "_struct",
        funcs,
        vec![
            ("error", error),
            ("Struct", t.struct_type.clone()),
            (
                "__doc__",
                new_str("Functions to convert between Python values and C structs."),
            ),
        ],
    )
}
