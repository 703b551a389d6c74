//! The input of one pickle being read (in memory, or read from a file a
//! frame or an argument at a time) and the decoding of opcode arguments:
//! little-endian ints, longs, and protocol 0's escaped text and numbers.

use super::unpickling_error;
use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::BytesData;
use crate::objects::int::{from_bigint, from_i64};
use crate::vm::{PyResult, Vm};
/// The pickle being read: what has been read of it and where reading is.
pub(super) struct Input {
    pub(super) buf: Vec<u8>,
    pub(super) pos: usize,
    pub(super) read: Option<Value>,
    pub(super) readline: Option<Value>,
}

impl Input {
    /// Makes sure `n` more bytes are in the buffer (reading them from the
    /// file if there is one) and returns where they start; they are then
    /// consumed.
    pub(super) fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<usize> {
        if self.buf.len() - self.pos >= n {
            let at = self.pos;
            self.pos += n;
            return Ok(at);
        }
        let Some(read) = self.read.clone() else {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        };
        self.buf.drain(..self.pos);
        self.pos = 0;
        let need = n - self.buf.len();
        let got = vm.call(&read, &[from_i64(need as i64)], &[])?;
        let Some(b) = got.downcast::<BytesData>() else {
            let r = vm.repr_string(&got.class())?;
            return Err(vm.value_error(format!("read() returned non-bytes object ({r})")));
        };
        let b = b.data.borrow();
        if b.len() < need {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        }
        self.buf.extend_from_slice(&b[..need]);
        self.pos = n;
        Ok(0)
    }

    /// A line, its newline included; returns its range in the buffer.
    pub(super) fn line(&mut self, vm: &mut Vm) -> PyResult<(usize, usize)> {
        if let Some(i) = self.buf[self.pos..].iter().position(|&c| c == b'\n') {
            let at = self.pos;
            self.pos += i + 1;
            return Ok((at, self.pos));
        }
        let Some(readline) = self.readline.clone() else {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        };
        self.buf.drain(..self.pos);
        self.pos = 0;
        let got = vm.call(&readline, &[], &[])?;
        let Some(b) = got.downcast::<BytesData>() else {
            let r = vm.repr_string(&got.class())?;
            return Err(vm.value_error(format!("readline() returned non-bytes object ({r})")));
        };
        self.buf.extend_from_slice(&b.data.borrow());
        if self.buf.last() != Some(&b'\n') {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        }
        self.pos = self.buf.len();
        Ok((0, self.pos))
    }
}

pub(super) fn le_uint(b: &[u8]) -> u64 {
    let mut v = 0u64;
    for (i, &c) in b.iter().enumerate() {
        v |= u64::from(c) << (8 * i);
    }
    v
}

/// `pickle.decode_long`: little-endian two's complement.
pub(super) fn decode_long(b: &[u8]) -> Value {
    if b.is_empty() {
        return from_i64(0);
    }
    from_bigint(num_bigint::BigInt::from_signed_bytes_le(b))
}

/// `PyBytes_DecodeEscape`: the body of a protocol 0 `STRING`.
pub(super) fn escape_decode(vm: &Vm, b: &[u8]) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&n) = b.get(i) else {
            return Err(vm.value_error("Trailing \\ in string"));
        };
        i += 1;
        match n {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(n - b'0');
                for _ in 0..2 {
                    if let Some(&d) = b.get(i).filter(|d| (b'0'..=b'7').contains(d)) {
                        v = v * 8 + u32::from(d - b'0');
                        i += 1;
                    }
                }
                out.push(v as u8);
            }
            b'x' => {
                let hex = b
                    .get(i..i + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(v) = hex else {
                    return Err(vm.value_error(format!("invalid \\x escape at position {}", i - 2)));
                };
                out.push(v);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// `raw-unicode-escape` decoding (the argument of protocol 0 `UNICODE`).
pub(super) fn raw_unicode_unescape(vm: &Vm, b: &[u8]) -> PyResult<String> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && matches!(b.get(i + 1), Some(b'u' | b'U')) {
            // An odd number of backslashes before makes it an escape.
            let mut k = 0;
            while k < i && b[i - 1 - k] == b'\\' {
                k += 1;
            }
            if k % 2 == 0 {
                let w = if b[i + 1] == b'u' { 4 } else { 8 };
                let digits = b.get(i + 2..i + 2 + w);
                let v = digits
                    .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|d| std::str::from_utf8(d).ok())
                    .and_then(|d| u32::from_str_radix(d, 16).ok());
                let Some(v) = v else {
                    return Err(vm.err(
                        &types().exc.unicode_decode_error,
                        format!(
                            "'rawunicodeescape' codec can't decode bytes in position {i}-{}: truncated \\{}XXXX escape",
                            (i + 1 + w).min(b.len() - 1),
                            b[i + 1] as char
                        ),
                    ));
                };
                match crate::objects::unicode::char_for(v) {
                    Some(ch) if v < 0x110000 => out.push(ch),
                    _ => {
                        return Err(vm.err(
                            &types().exc.unicode_decode_error,
                            format!(
                                "'rawunicodeescape' codec can't decode bytes in position {i}-{}: \\Uxxxxxxxx out of range",
                                i + 1 + w
                            ),
                        ));
                    }
                }
                i += 2 + w;
                continue;
            }
        }
        out.push(char::from(c));
        i += 1;
    }
    Ok(out)
}

/// Text of a protocol 0 argument line, without its newline.
pub(super) fn line_text(b: &[u8]) -> &[u8] {
    b.strip_suffix(b"\n").unwrap_or(b)
}

/// The int of a protocol 0 INT or LONG line: as `int(text, 0)` reads it
/// (C's `strtol` for INT, which also takes a leading-zero octal).
pub(super) fn parse_int_line(vm: &mut Vm, l: &[u8], long: bool) -> PyResult<Value> {
    let bad = |vm: &Vm| vm.value_error("could not convert string to int");
    let Ok(s) = std::str::from_utf8(l) else {
        return Err(bad(vm));
    };
    if let Ok(i) = s.parse::<i64>()
        && !(s.trim_start_matches(['-', '+']).starts_with('0')
            && s.trim_start_matches(['-', '+']).len() > 1)
    {
        return Ok(from_i64(i));
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) =
        if let Some(r) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, r)
        } else if let Some(r) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, r)
        } else if let Some(r) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, r)
        } else if !long && body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else if body.bytes().all(|c| c == b'0') && !body.is_empty() {
            return Ok(from_i64(0));
        } else {
            (10, body)
        };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return Err(bad(vm));
    }
    match num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix) {
        Some(v) => Ok(from_bigint(if neg { -v } else { v })),
        None => Err(bad(vm)),
    }
}
