//! `_json`: the string scanner and string encoders the `json` package
//! uses when they exist (`scanstring`, `encode_basestring`,
//! `encode_basestring_ascii`). The scanner and encoder objects
//! (`make_scanner`, `make_encoder`) are not here: `json` then uses its
//! pure-Python ones.

use crate::object::Value;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{StrData, new_str};
use crate::objects::unicode::{char_for, code_point};
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm};

/// `json.decoder.JSONDecodeError(msg, doc, pos)`.
fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: usize) -> PyErr {
    let made = (|| {
        let m = vm.import_module("json.decoder")?;
        let cls = vm.getattr_str(&m, "JSONDecodeError")?;
        vm.call(
            &cls,
            &[new_str(msg), doc.clone(), from_i64(pos as i64)],
            &[],
        )
    })();
    match made {
        Ok(e) => PyErr::new(e),
        Err(e) => e,
    }
}

/// The value of the four hex digits after `\u` at char index `pos` (the
/// `u`), as `json.decoder._decode_uXXXX` reads them.
fn hex4(chars: &[char], pos: usize) -> Option<u32> {
    let digits = chars.get(pos + 1..pos + 5)?;
    if matches!(digits[1], 'x' | 'X') {
        return None;
    }
    let mut v = 0;
    for d in digits {
        v = v * 16 + d.to_digit(16)?;
    }
    Some(v)
}

/// `scanstring(s, end, strict=True)`: the JSON string whose opening quote
/// is just before char index `end`, and the index after its closing quote.
fn scanstring(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "scanstring", a, 2, 3)?;
    let doc = a[0].clone();
    let Some(sd) = doc.downcast::<StrData>() else {
        return Err(vm.type_error(format!(
            "first argument must be a string, not {}",
            doc.type_data().name
        )));
    };
    let end = vm.index_value(&a[1])?;
    let strict = match a.get(2).cloned().or_else(|| kwarg(k, "strict")) {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    if end < 0 || end as usize > sd.char_len() {
        return Err(vm.value_error("end is out of bounds"));
    }
    let start = end as usize;
    // The rest of the document, as chars; positions are start + index.
    let rest: Vec<char> = sd.as_str()[sd.byte_offset(start)..].chars().collect();
    let begin = start.saturating_sub(1);
    let mut out = String::new();
    let mut i = 0;
    loop {
        let Some(&c) = rest.get(i) else {
            return Err(decode_error(
                vm,
                "Unterminated string starting at",
                &doc,
                begin,
            ));
        };
        i += 1;
        match c {
            '"' => break,
            '\\' => {}
            c if (c as u32) < 0x20 => {
                if strict {
                    return Err(decode_error(
                        vm,
                        "Invalid control character at",
                        &doc,
                        start + i - 1,
                    ));
                }
                out.push(c);
                continue;
            }
            c => {
                out.push(c);
                continue;
            }
        }
        // A backslash escape.
        let Some(&esc) = rest.get(i) else {
            return Err(decode_error(
                vm,
                "Unterminated string starting at",
                &doc,
                begin,
            ));
        };
        if esc != 'u' {
            let ch = match esc {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\x08',
                'f' => '\x0c',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => return Err(decode_error(vm, "Invalid \\escape", &doc, start + i - 1)),
            };
            out.push(ch);
            i += 1;
            continue;
        }
        let Some(mut uni) = hex4(&rest, i) else {
            return Err(decode_error(vm, "Invalid \\uXXXX escape", &doc, start + i));
        };
        i += 5;
        if (0xD800..=0xDBFF).contains(&uni)
            && rest.get(i) == Some(&'\\')
            && rest.get(i + 1) == Some(&'u')
        {
            let Some(low) = hex4(&rest, i + 1) else {
                return Err(decode_error(
                    vm,
                    "Invalid \\uXXXX escape",
                    &doc,
                    start + i + 1,
                ));
            };
            if (0xDC00..=0xDFFF).contains(&low) {
                uni = 0x10000 + (((uni - 0xD800) << 10) | (low - 0xDC00));
                i += 6;
            }
        }
        match char_for(uni) {
            Some(ch) => out.push(ch),
            None => return Err(crate::objects::unicode::reserved_error(vm)),
        }
    }
    Ok(crate::objects::tuple::new_tuple(vec![
        new_str(&out),
        from_i64((start + i) as i64),
    ]))
}

/// The escape of one char in a JSON string, if it needs one.
fn escape(c: char, ascii_only: bool, out: &mut String) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c if ascii_only && !(' '..='~').contains(&c) => {
            let n = code_point(c);
            if n < 0x10000 {
                out.push_str(&format!("\\u{n:04x}"));
            } else {
                let v = n - 0x10000;
                let hi = 0xD800 | ((v >> 10) & 0x3FF);
                let lo = 0xDC00 | (v & 0x3FF);
                out.push_str(&format!("\\u{hi:04x}\\u{lo:04x}"));
            }
        }
        c => out.push(c),
    }
}

fn encode(vm: &mut Vm, a: &[Value], name: &str, ascii_only: bool) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let Some(s) = crate::objects::str::as_str(&a[0]) else {
        return Err(vm.type_error(format!(
            "first argument must be a string, not {}",
            a[0].type_data().name
        )));
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape(c, ascii_only, &mut out);
    }
    out.push('"');
    Ok(new_str(&out))
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("scanstring", scanstring),
        ("encode_basestring_ascii", |vm, a, _| {
            encode(vm, a, "encode_basestring_ascii", true)
        }),
        ("encode_basestring", |vm, a, _| {
            encode(vm, a, "encode_basestring", false)
        }),
    ];
    super::make_module("_json", funcs, Vec::new())
}
