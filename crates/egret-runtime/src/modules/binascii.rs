//! `binascii`: conversions between bytes and ASCII encodings (hex,
//! base64) and CRC-32, as `base64` and friends use them.

use crate::object::Value;
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm};

thread_local! {
    static ERROR: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn error(vm: &Vm, msg: &str) -> PyErr {
    let ty = ERROR
        .with(|e| e.borrow().clone())
        .unwrap_or_else(|| crate::object::types::types().exc.value_error.clone());
    vm.err(&ty, msg)
}

/// The data argument: bytes-like, or an ASCII str for the decoders.
fn data(vm: &mut Vm, v: &Value, allow_str: bool) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    if let Some(b) = crate::objects::buffer::bytes_like_opt(vm, v)? {
        return Ok(b);
    }
    if allow_str && let Some(s) = crate::objects::str::as_str(v) {
        if !s.is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(s.as_bytes().to_vec());
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.type_data().name
    )))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b2a_base64(input: &[u8], newline: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4 + 1);
    for chunk in input.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    out
}

fn a2b_base64(vm: &Vm, input: &[u8], strict: bool) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    let mut quads = 0usize;
    let mut pads = 0;
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pads += 1;
                // Padding completes the current group.
                if (quads + pads).is_multiple_of(4) || bits == 0 {
                    acc = 0;
                    bits = 0;
                }
                continue;
            }
            _ => {
                if strict {
                    return Err(error(vm, "Only base64 data is allowed"));
                }
                continue;
            }
        };
        if pads > 0 && strict {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        quads += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if quads % 4 == 1 {
        return Err(error(
            vm,
            &format!(
                "Invalid base64-encoded string: number of data characters ({quads}) cannot be 1 more than a multiple of 4"
            ),
        ));
    }
    if !quads.is_multiple_of(4) && pads < 4 - quads % 4 {
        return Err(error(vm, "Incorrect padding"));
    }
    Ok(out)
}

fn crc32(data: &[u8], mut crc: u32) -> u32 {
    crc = !crc;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn hexlify(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "hexlify", a, 1, 3)?;
    let d = data(vm, &a[0], false)?;
    let sep = a.get(1).cloned().or_else(|| kwarg(k, "sep"));
    let hex: Vec<String> = d.iter().map(|b| format!("{b:02x}")).collect();
    let out = match sep {
        None => hex.concat(),
        Some(s) => {
            let s = match crate::objects::str::as_str(&s) {
                Some(s) => s.to_string(),
                None => String::from_utf8_lossy(&data(vm, &s, false)?).into_owned(),
            };
            let per = match a.get(2).cloned().or_else(|| kwarg(k, "bytes_per_sep")) {
                Some(n) => vm.index_value(&n)?,
                None => 1,
            };
            if per == 0 || per.unsigned_abs() as usize >= hex.len() {
                hex.concat()
            } else {
                let n = per.unsigned_abs() as usize;
                let groups: Vec<String> = if per > 0 {
                    // Counted from the right.
                    let first = hex.len() % n;
                    let mut g = Vec::new();
                    if first > 0 {
                        g.push(hex[..first].concat());
                    }
                    g.extend(hex[first..].chunks(n).map(|c| c.concat()));
                    g
                } else {
                    hex.chunks(n).map(|c| c.concat()).collect()
                };
                groups.join(&s)
            }
        }
    };
    Ok(new_bytes(out.into_bytes()))
}

fn unhexlify(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "unhexlify", a, 1, 1)?;
    let d = data(vm, &a[0], true)?;
    if !d.len().is_multiple_of(2) {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(d.len() / 2);
    for pair in d.chunks(2) {
        let s = std::str::from_utf8(pair).unwrap_or("");
        match u8::from_str_radix(s, 16) {
            Ok(b) if pair.iter().all(u8::is_ascii_hexdigit) => out.push(b),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(new_bytes(out))
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = crate::object::types::types();
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", crate::objects::str::new_str("binascii"));
    let error_ty =
        crate::object::types::new_class(&t.type_, "Error", vec![t.exc.value_error.clone()], ns)
            .expect("an exception class");
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", crate::objects::str::new_str("binascii"));
    let incomplete =
        crate::object::types::new_class(&t.type_, "Incomplete", vec![t.exc.exception.clone()], ns)
            .expect("an exception class");
    ERROR.with(|e| *e.borrow_mut() = Some(error_ty.clone()));
    let funcs: &[(&'static str, NativeFn)] = &[
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("b2a_base64", |vm, a, k| {
            check_args(vm, "b2a_base64", a, 1, 1)?;
            let d = data(vm, &a[0], false)?;
            let newline = match kwarg(k, "newline") {
                Some(n) => vm.truthy(&n)?,
                None => true,
            };
            Ok(new_bytes(b2a_base64(&d, newline)))
        }),
        ("a2b_base64", |vm, a, k| {
            check_args(vm, "a2b_base64", a, 1, 1)?;
            let d = data(vm, &a[0], true)?;
            let strict = match kwarg(k, "strict_mode") {
                Some(n) => vm.truthy(&n)?,
                None => false,
            };
            Ok(new_bytes(a2b_base64(vm, &d, strict)?))
        }),
        ("crc32", |vm, a, _| {
            check_args(vm, "crc32", a, 1, 2)?;
            let d = data(vm, &a[0], false)?;
            let start = match a.get(1) {
                Some(v) => (crate::objects::int::to_bigint(v).unwrap_or_default()
                    & num_bigint::BigInt::from(0xFFFF_FFFFu32))
                .try_into()
                .unwrap_or(0u32),
                None => 0,
            };
            Ok(from_i64(i64::from(crc32(&d, start))))
        }),
    ];
    super::make_module(
        "binascii",
        funcs,
        vec![("Error", error_ty), ("Incomplete", incomplete)],
    )
}
