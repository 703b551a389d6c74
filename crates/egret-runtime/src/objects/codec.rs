//! The codecs egret implements natively (UTF-8, ASCII, Latin-1), with
//! CPython's error handling: the built-in handlers (`strict`, `ignore`,
//! `replace`, `backslashreplace`, `xmlcharrefreplace`, `namereplace`,
//! `surrogateescape`, `surrogatepass`) and handlers registered with
//! `codecs.register_error`, called with a UnicodeEncodeError or
//! UnicodeDecodeError carrying the positions CPython gives.
//!
//! Lone surrogates are stand-in chars in egret's `str` (see
//! `unicode::surrogate_char`); here they become bytes again
//! (`surrogateescape`, `surrogatepass`) or come from them.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::new_bytes;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::unicode::{code_point, has_surrogates, is_surrogate, surrogate_char};
use crate::vm::{PyErr, PyResult, Vm};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec's name as CPython's errors spell it.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// The codec for a normalized encoding name, if egret has it natively.
    pub fn from_name(name: &str) -> Option<Codec> {
        let e = name.to_ascii_lowercase().replace('_', "-");
        Some(match e.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
            "ascii" | "us-ascii" | "646" => Codec::Ascii,
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "latin" | "8859"
            | "cp819" | "iso-ir-100" => Codec::Latin1,
            _ => return None,
        })
    }

    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x110000,
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        }
    }

    fn encode_reason(self) -> &'static str {
        match self {
            Codec::Utf8 => "surrogates not allowed",
            Codec::Ascii => "ordinal not in range(128)",
            Codec::Latin1 => "ordinal not in range(256)",
        }
    }
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)`.
pub fn encode_error(
    vm: &mut Vm,
    codec: &str,
    text: &Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = [
        new_str(codec),
        text.clone(),
        from_i64(start as i64),
        from_i64(end as i64),
        new_str(reason),
    ];
    match vm.call(&types().exc.unicode_encode_error, &args, &[]) {
        Ok(e) => PyErr::new(e),
        Err(e) => e,
    }
}

/// `UnicodeDecodeError(encoding, object, start, end, reason)`.
pub fn decode_error(
    vm: &mut Vm,
    codec: &str,
    data: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = [
        new_str(codec),
        new_bytes(data.to_vec()),
        from_i64(start as i64),
        from_i64(end as i64),
        new_str(reason),
    ];
    match vm.call(&types().exc.unicode_decode_error, &args, &[]) {
        Ok(e) => PyErr::new(e),
        Err(e) => e,
    }
}

/// A registered error handler other than the built-in ones.
fn custom_handler(vm: &mut Vm, errors: &str) -> PyResult<Value> {
    crate::modules::codecs::lookup_registered_error(vm, errors)
}

/// Calls a handler with the error; returns the replacement and the
/// position to resume at (negative positions count from the end).
fn call_handler(vm: &mut Vm, handler: &Value, exc: PyErr, len: usize) -> PyResult<(Value, usize)> {
    let e = exc.exc.clone();
    let r = vm.call(handler, std::slice::from_ref(&e), &[])?;
    let items = r
        .downcast::<crate::objects::tuple::TupleData>()
        .map(|t| t.items.to_vec())
        .filter(|t| t.len() == 2);
    let Some(items) = items else {
        return Err(vm.type_error("encoding error handler must return (str/bytes, int) tuple"));
    };
    let pos = vm.index_value(&items[1])?;
    let pos = if pos < 0 { pos + len as i64 } else { pos };
    if pos < 0 || pos as usize > len {
        return Err(vm.err(
            &types().exc.index_error,
            format!("position {pos} from error handler out of bounds"),
        ));
    }
    Ok((items[0].clone(), pos as usize))
}

/// The UTF-8 form of a surrogate code point (`surrogatepass`).
fn surrogate_utf8(n: u32) -> [u8; 3] {
    [
        0xE0 | (n >> 12) as u8,
        0x80 | ((n >> 6) & 0x3F) as u8,
        0x80 | (n & 0x3F) as u8,
    ]
}

/// The surrogate code point `data` starts with in UTF-8 form (ED A0..BF
/// 80..BF), if it does.
fn encoded_surrogate(data: &[u8]) -> Option<u32> {
    match *data {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            Some(0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F))
        }
        _ => None,
    }
}

/// egret has no table of Unicode character names (no `unicodedata`).
fn no_names(vm: &Vm) -> PyErr {
    vm.not_implemented("the 'namereplace' error handler (egret has no Unicode character names)")
}

fn escape_char(out: &mut Vec<u8>, n: u32) {
    let s = if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    };
    out.extend_from_slice(s.as_bytes());
}

/// Encodes `s` with `codec`.
pub fn encode(vm: &mut Vm, s: &str, codec: Codec, errors: &str) -> PyResult<Vec<u8>> {
    let limit = codec.limit();
    // The common case: nothing to replace.
    if codec == Codec::Utf8 && !has_surrogates(s) || codec != Codec::Utf8 && s.is_ascii() {
        return Ok(s.as_bytes().to_vec());
    }
    let chars: Vec<char> = s.chars().collect();
    let bad = |c: char| is_surrogate(c) || code_point(c) >= limit;
    let text = &new_str(s);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !bad(c) {
            if codec == Codec::Utf8 {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            } else {
                out.push(c as u32 as u8);
            }
            i += 1;
            continue;
        }
        // The run of characters the codec cannot encode.
        let start = i;
        let mut end = i + 1;
        while end < chars.len() && bad(chars[end]) {
            end += 1;
        }
        let run = &chars[start..end];
        match errors {
            "strict" => {}
            "ignore" => {
                i = end;
                continue;
            }
            "replace" => {
                out.extend(std::iter::repeat_n(b'?', run.len()));
                i = end;
                continue;
            }
            "backslashreplace" => {
                for &c in run {
                    escape_char(&mut out, code_point(c));
                }
                i = end;
                continue;
            }
            "xmlcharrefreplace" => {
                for &c in run {
                    out.extend_from_slice(format!("&#{};", code_point(c)).as_bytes());
                }
                i = end;
                continue;
            }
            "namereplace" => return Err(no_names(vm)),
            "surrogateescape" => {
                // U+DC80..U+DCFF stand for the bytes 0x80..0xFF; anything
                // else is an error from the first such character on.
                let mut k = start;
                while k < end {
                    let n = code_point(chars[k]);
                    if !(0xDC80..=0xDCFF).contains(&n) {
                        break;
                    }
                    out.push((n - 0xDC00) as u8);
                    k += 1;
                }
                if k == end {
                    i = end;
                    continue;
                }
                let e = encode_error(vm, codec.name(), text, k, end, codec.encode_reason());
                return Err(e);
            }
            "surrogatepass" if codec == Codec::Utf8 => {
                let mut k = start;
                while k < end && is_surrogate(chars[k]) {
                    out.extend_from_slice(&surrogate_utf8(code_point(chars[k])));
                    k += 1;
                }
                if k == end {
                    i = end;
                    continue;
                }
                let e = encode_error(vm, codec.name(), text, k, end, codec.encode_reason());
                return Err(e);
            }
            "surrogatepass" => {}
            other => {
                let handler = custom_handler(vm, other)?;
                let exc = encode_error(vm, codec.name(), text, start, end, codec.encode_reason());
                let (rep, pos) = call_handler(vm, &handler, exc, chars.len())?;
                if let Some(b) = rep.downcast::<crate::objects::bytes::BytesData>() {
                    out.extend_from_slice(&b.data.borrow());
                } else if let Some(r) = crate::objects::str::as_str(&rep) {
                    // The replacement must encode on its own.
                    for (k, c) in r.chars().enumerate() {
                        if bad(c) {
                            let e = encode_error(
                                vm,
                                codec.name(),
                                text,
                                start + k.min(end - start - 1),
                                start + k.min(end - start - 1) + 1,
                                codec.encode_reason(),
                            );
                            return Err(e);
                        }
                        if codec == Codec::Utf8 {
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        } else {
                            out.push(c as u32 as u8);
                        }
                    }
                } else {
                    return Err(
                        vm.type_error("encoding error handler must return (str/bytes, int) tuple")
                    );
                }
                i = pos;
                continue;
            }
        }
        // strict, and handlers that do not apply to this codec.
        let e = encode_error(vm, codec.name(), text, start, end, codec.encode_reason());
        return Err(e);
    }
    Ok(out)
}

/// Why UTF-8 decoding stops at `pos`, and where the bad sequence ends.
fn utf8_error_at(b: &[u8], pos: usize, error_len: Option<usize>) -> (usize, &'static str) {
    let first = b[pos];
    if (0x80..=0xC1).contains(&first) || first >= 0xF5 {
        return (pos + 1, "invalid start byte");
    }
    match error_len {
        None => (b.len(), "unexpected end of data"),
        Some(n) => (pos + n, "invalid continuation byte"),
    }
}

/// Decodes `data` with `codec`.
pub fn decode(vm: &mut Vm, data: &[u8], codec: Codec, errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        // The next bad stretch [start, end), after the good text before it.
        let (start, end, reason) = match codec {
            Codec::Latin1 => {
                out.extend(data[i..].iter().map(|&c| c as char));
                break;
            }
            Codec::Ascii => match data[i..].iter().position(|&c| c >= 0x80) {
                None => {
                    out.push_str(std::str::from_utf8(&data[i..]).expect("ascii"));
                    break;
                }
                Some(p) => {
                    out.push_str(std::str::from_utf8(&data[i..i + p]).expect("ascii"));
                    (i + p, i + p + 1, "ordinal not in range(128)")
                }
            },
            Codec::Utf8 => match std::str::from_utf8(&data[i..]) {
                Ok(s) => {
                    if has_surrogates(s) {
                        return Err(crate::objects::unicode::reserved_error(vm));
                    }
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = &data[i..i + e.valid_up_to()];
                    let good = std::str::from_utf8(good).expect("valid prefix");
                    if has_surrogates(good) {
                        return Err(crate::objects::unicode::reserved_error(vm));
                    }
                    out.push_str(good);
                    let pos = i + e.valid_up_to();
                    let (end, reason) = utf8_error_at(data, pos, e.error_len());
                    (pos, end, reason)
                }
            },
        };
        match errors {
            "strict" => {}
            "ignore" => {
                i = end;
                continue;
            }
            "replace" => {
                out.push('\u{fffd}');
                i = end;
                continue;
            }
            "backslashreplace" => {
                for &c in &data[start..end] {
                    out.push_str(&format!("\\x{c:02x}"));
                }
                i = end;
                continue;
            }
            "surrogateescape" => {
                // Bytes 0x80..0xFF become U+DC80..U+DCFF; ASCII cannot.
                if data[start..end].iter().all(|&c| c >= 0x80) {
                    for &c in &data[start..end] {
                        out.push(surrogate_char(0xDC00 + u32::from(c)));
                    }
                    i = end;
                    continue;
                }
            }
            "surrogatepass" if codec == Codec::Utf8 => {
                if let Some(n) = encoded_surrogate(&data[start..]) {
                    out.push(surrogate_char(n));
                    i = start + 3;
                    continue;
                }
            }
            "surrogatepass" => {}
            other => {
                let handler = custom_handler(vm, other)?;
                let exc = decode_error(vm, codec.name(), data, start, end, reason);
                let (rep, pos) = call_handler(vm, &handler, exc, data.len())?;
                match crate::objects::str::as_str(&rep) {
                    Some(r) => out.push_str(r),
                    None => {
                        return Err(
                            vm.type_error("decoding error handler must return (str, int) tuple")
                        );
                    }
                }
                i = pos;
                continue;
            }
        }
        return Err(decode_error(vm, codec.name(), data, start, end, reason));
    }
    Ok(out)
}

/// The built-in error handlers as functions (`codecs.lookup_error`):
/// given the error, the replacement and the position to resume at.
pub fn builtin_handler(vm: &mut Vm, name: &str, exc: &Value) -> PyResult {
    let t = types();
    let isa = |ty: &Value| crate::object::types::isinstance(exc, ty);
    let (encoding, decoding) = (
        isa(&t.exc.unicode_encode_error),
        isa(&t.exc.unicode_decode_error),
    );
    let translating = isa(&t.exc.unicode_translate_error);
    if !(encoding || decoding || translating) {
        return Err(vm.type_error(format!(
            "don't know how to handle {} in error callback",
            exc.type_data().name
        )));
    }
    if name == "strict" {
        return Err(PyErr::new(exc.clone()));
    }
    let start = vm.getattr_str(exc, "start")?;
    let end = vm.getattr_str(exc, "end")?;
    let (start, end) = (
        vm.index_value(&start)?.max(0) as usize,
        vm.index_value(&end)?.max(0) as usize,
    );
    let object = vm.getattr_str(exc, "object")?;
    let end_v = from_i64(end as i64);
    let pair = |v: Value| crate::objects::tuple::new_tuple(vec![v, end_v.clone()]);
    if decoding {
        let data = crate::objects::str_methods::bytes_of(&object).unwrap_or_default();
        let end = end.min(data.len());
        let start = start.min(end);
        let bad = &data[start..end];
        let text: String = match name {
            "ignore" => String::new(),
            "replace" => "\u{fffd}".into(),
            "backslashreplace" => bad.iter().map(|c| format!("\\x{c:02x}")).collect(),
            "surrogateescape" if bad.iter().all(|&c| c >= 0x80) => bad
                .iter()
                .map(|&c| surrogate_char(0xDC00 + u32::from(c)))
                .collect(),
            "surrogatepass" => {
                let enc = vm.getattr_str(exc, "encoding")?;
                let enc = crate::interp::str_of(&enc);
                if let (Some(Codec::Utf8), Some(n)) =
                    (Codec::from_name(&enc), encoded_surrogate(&data[start..]))
                {
                    return Ok(crate::objects::tuple::new_tuple(vec![
                        new_str(&surrogate_char(n).to_string()),
                        from_i64(start as i64 + 3),
                    ]));
                }
                return Err(PyErr::new(exc.clone()));
            }
            _ => return Err(PyErr::new(exc.clone())),
        };
        return Ok(pair(new_str(&text)));
    }
    let s = crate::objects::str::as_str(&object).unwrap_or("");
    let chars: Vec<char> = s.chars().collect();
    let end = end.min(chars.len());
    let run = &chars[start.min(end)..end];
    if name == "surrogateescape" || name == "surrogatepass" {
        if translating {
            return Err(PyErr::new(exc.clone()));
        }
        let mut out = Vec::new();
        for &c in run {
            let n = code_point(c);
            if name == "surrogateescape" && (0xDC80..=0xDCFF).contains(&n) {
                out.push((n - 0xDC00) as u8);
            } else if name == "surrogatepass" && is_surrogate(c) {
                out.extend_from_slice(&surrogate_utf8(n));
            } else {
                return Err(PyErr::new(exc.clone()));
            }
        }
        return Ok(pair(new_bytes(out)));
    }
    let mut out = Vec::new();
    match name {
        "ignore" => {}
        "replace" => {
            let r = if translating { "\u{fffd}" } else { "?" };
            out.extend(r.repeat(run.len()).bytes());
        }
        "backslashreplace" => run
            .iter()
            .for_each(|&c| escape_char(&mut out, code_point(c))),
        "xmlcharrefreplace" if encoding => {
            for &c in run {
                out.extend_from_slice(format!("&#{};", code_point(c)).as_bytes());
            }
        }
        "namereplace" if encoding => return Err(no_names(vm)),
        _ => return Err(PyErr::new(exc.clone())),
    }
    Ok(pair(new_str(
        &String::from_utf8(out).expect("replacements are UTF-8"),
    )))
}
