//! `binascii`: conversions between bytes and ASCII encodings (hex,
//! base64) and CRC-32, as `base64` and friends use them.

use crate::object::Value;
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm};

crate::gil_local! {
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

/// The value of a base64 digit, or None for another byte.
fn b64_value(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// `a2b_base64`: digits are decoded four at a time into three bytes; in
/// the default mode other bytes are skipped and a complete pad sequence
/// ends the input; `strict_mode` refuses anything but canonical base64.
fn a2b_base64(vm: &Vm, input: &[u8], strict: bool) -> PyResult<Vec<u8>> {
    if strict && input.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut quad_pos = 0;
    let mut left = 0u8;
    let mut pads = 0;
    let mut padding_started = false;
    for (i, &c) in input.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            pads += 1;
            if quad_pos >= 2 && quad_pos + pads >= 4 {
                // A complete pad sequence ends the data.
                if strict && i + 1 < input.len() {
                    return Err(error(vm, "Excess data after padding"));
                }
                return Ok(out);
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(error(
            vm,
            &format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
                out.len() / 3 * 4 + 1
            ),
        )),
        _ => Err(error(vm, "Incorrect padding")),
    }
}

/// `crc_hqx`: the CRC-CCITT (XMODEM) of `data`, from `crc`.
fn crc_hqx(data: &[u8], mut crc: u32) -> u32 {
    crc &= 0xffff;
    for &b in data {
        crc ^= u32::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            crc &= 0xffff;
        }
    }
    crc
}

/// `b2a_uu`: one uuencoded line of at most 45 bytes.
fn b2a_uu(vm: &Vm, data: &[u8], backtick: bool) -> PyResult<Vec<u8>> {
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let digit = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(digit(data.len() as u8));
    for chunk in data.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for shift in [18, 12, 6, 0] {
            out.push(digit(((n >> shift) & 0x3f) as u8));
        }
    }
    out.push(b'\n');
    Ok(out)
}

/// `a2b_uu`: the bytes of one uuencoded line (the first character gives
/// their number; missing characters count as zeros).
fn a2b_uu(vm: &Vm, line: &[u8]) -> PyResult<Vec<u8>> {
    // An empty line reads as a NUL length character, as in CPython.
    let first = line.first().copied().unwrap_or(0);
    let mut want = usize::from(first.wrapping_sub(b' ') & 0x3f);
    let mut rest = line.get(1..).unwrap_or(&[]).iter();
    let mut out = Vec::with_capacity(want);
    let mut acc = 0u32;
    let mut bits = 0;
    while want > 0 {
        let v = match rest.next() {
            None | Some(b'\n' | b'\r') => 0,
            Some(&c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(error(vm, "Illegal char"));
                }
                (c - b' ') & 0x3f
            }
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            want -= 1;
        }
    }
    // What is left on the line must be padding or the line end.
    if rest.any(|&c| !matches!(c, b' ' | b'`' | b'\n' | b'\r')) {
        return Err(error(vm, "Trailing garbage"));
    }
    Ok(out)
}

/// The value of a hexadecimal digit.
fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// `a2b_qp`: quoted-printable to bytes (`=XX` escapes, `=` soft line
/// breaks, `_` for a space in headers; a malformed escape stays as is).
fn a2b_qp(data: &[u8], header: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'=' {
            i += 1;
            let Some(&next) = data.get(i) else { break };
            if next == b'\n' || next == b'\r' {
                // A soft line break: skip to after the line end.
                if next != b'\n' {
                    while i < data.len() && data[i] != b'\n' {
                        i += 1;
                    }
                }
                if i < data.len() {
                    i += 1;
                }
            } else if next == b'=' {
                out.push(b'=');
                i += 1;
            } else if let (Some(hi), Some(lo)) = (
                hex_value(next),
                data.get(i + 1).copied().and_then(hex_value),
            ) {
                out.push((hi << 4) | lo);
                i += 2;
            } else {
                out.push(b'=');
            }
        } else if header && c == b'_' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `b2a_qp`: bytes to quoted-printable, in lines of at most 76
/// characters (soft breaks `=`), keeping the input's line ends (CRLF if
/// the first line ends so) when `istext`.
fn b2a_qp(data: &[u8], quotetabs: bool, istext: bool, header: bool) -> Vec<u8> {
    const MAXLINESIZE: usize = 76;
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let crlf = data
        .iter()
        .position(|&c| c == b'\n')
        .is_some_and(|p| p > 0 && data[p - 1] == b'\r');
    let mut out: Vec<u8> = Vec::with_capacity(data.len() * 3 / 2);
    let soft_break = |out: &mut Vec<u8>| {
        out.push(b'=');
        if crlf {
            out.push(b'\r');
        }
        out.push(b'\n');
    };
    let mut i = 0;
    let mut linelen = 0;
    while i < data.len() {
        let c = data[i];
        let next = data.get(i + 1).copied();
        let last = i + 1 == data.len();
        let encode = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.' && linelen == 0 && (last || matches!(next, Some(b'\n' | b'\r' | 0))))
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && last)
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if encode {
            if linelen + 3 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            out.extend([b'=', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            i += 1;
            linelen += 3;
        } else if istext && (c == b'\n' || (c == b'\r' && next == Some(b'\n'))) {
            linelen = 0;
            // Whitespace at the end of a line is protected.
            if let Some(&w) = out.last()
                && (w == b' ' || w == b'\t')
            {
                out.pop();
                out.extend([b'=', HEX[usize::from(w >> 4)], HEX[usize::from(w & 15)]]);
            }
            if crlf {
                out.push(b'\r');
            }
            out.push(b'\n');
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if !last && next != Some(b'\n') && linelen + 1 >= MAXLINESIZE {
                soft_break(&mut out);
                linelen = 0;
            }
            linelen += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    out
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
        ("crc_hqx", |vm, a, _| {
            check_args(vm, "crc_hqx", a, 2, 2)?;
            let d = data(vm, &a[0], false)?;
            let crc = crate::objects::int::to_bigint(&a[1]).ok_or_else(|| {
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    a[1].type_data().name
                ))
            })?;
            let crc: u32 = (crc & num_bigint::BigInt::from(0xFFFFu32))
                .try_into()
                .unwrap_or(0);
            Ok(from_i64(i64::from(crc_hqx(&d, crc))))
        }),
        ("b2a_uu", |vm, a, k| {
            check_args(vm, "b2a_uu", a, 1, 1)?;
            let d = data(vm, &a[0], false)?;
            let backtick = match kwarg(k, "backtick") {
                Some(n) => vm.truthy(&n)?,
                None => false,
            };
            Ok(new_bytes(b2a_uu(vm, &d, backtick)?))
        }),
        ("a2b_uu", |vm, a, _| {
            check_args(vm, "a2b_uu", a, 1, 1)?;
            let d = data(vm, &a[0], true)?;
            Ok(new_bytes(a2b_uu(vm, &d)?))
        }),
        ("a2b_qp", |vm, a, k| {
            let [d, header] =
                crate::protocols::args::clinic_args(vm, "a2b_qp", a, k, ["data", "header"], 1)?;
            let d = data(vm, &d.unwrap_or_else(|| vm.none()), true)?;
            let header = match header {
                Some(h) => vm.truthy(&h)?,
                None => false,
            };
            Ok(new_bytes(a2b_qp(&d, header)))
        }),
        ("b2a_qp", |vm, a, k| {
            let [d, quotetabs, istext, header] = crate::protocols::args::clinic_args(
                vm,
                "b2a_qp",
                a,
                k,
                ["data", "quotetabs", "istext", "header"],
                1,
            )?;
            let d = data(vm, &d.unwrap_or_else(|| vm.none()), false)?;
            let mut flag = |v: Option<Value>, default: bool| match v {
                Some(v) => vm.truthy(&v),
                None => Ok(default),
            };
            let quotetabs = flag(quotetabs, false)?;
            let istext = flag(istext, true)?;
            let header = flag(header, false)?;
            Ok(new_bytes(b2a_qp(&d, quotetabs, istext, header)))
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
