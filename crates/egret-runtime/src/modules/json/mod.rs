//! `_json`: the accelerators the `json` package uses when they exist, as
//! CPython 3.11's `_json.c` offers them: `scanstring`, `encode_basestring`,
//! `encode_basestring_ascii`, the scanner type (`make_scanner`,
//! scanner.rs) that decodes a whole document without Python code, and
//! the encoder type (`make_encoder`, encoder.rs).

mod encoder;
mod scanner;

use crate::object::Value;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{StrData, new_str};
use crate::objects::unicode::{char_for, code_point};
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm};

/// `json.decoder.JSONDecodeError(msg, doc, pos)`.
pub(crate) fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: usize) -> PyErr {
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

/// The value of the four hex digits after `\u` at index `pos` (the `u`),
/// as `json.decoder._decode_uXXXX` reads them.
fn hex4<T: Copy + Into<char>>(text: &[T], pos: usize) -> Option<u32> {
    let digits = text.get(pos + 1..pos + 5)?;
    if matches!(digits[1].into(), 'x' | 'X') {
        return None;
    }
    let mut v = 0;
    for &d in digits {
        v = v * 16 + d.into().to_digit(16)?;
    }
    Some(v)
}

/// The document being scanned, as code points: its bytes when it is
/// ASCII (no copy), otherwise its chars.
pub(crate) enum Text<'a> {
    Ascii(&'a [u8]),
    Wide(Vec<char>),
}

impl<'a> Text<'a> {
    pub(crate) fn of(sd: &'a StrData, from: usize) -> Text<'a> {
        if sd.is_ascii() {
            Text::Ascii(sd.as_str().as_bytes())
        } else {
            // Indices stay those of the whole string: pad the skipped part.
            let mut v = vec!['\0'; from];
            v.extend(sd.as_str()[sd.byte_offset(from)..].chars());
            Text::Wide(v)
        }
    }
}

/// The JSON string whose opening quote is just before index `start` of
/// `text` (`doc`'s code points): its value, and the index after its closing
/// quote. Errors are `JSONDecodeError`s at `_json.c`'s positions.
pub(crate) fn scan_string<T: Copy + Into<char>>(
    vm: &mut Vm,
    doc: &Value,
    text: &[T],
    start: usize,
    strict: bool,
) -> PyResult<(String, usize)> {
    let begin = start.saturating_sub(1);
    let unterminated =
        |vm: &mut Vm| decode_error(vm, "Unterminated string starting at", doc, begin);
    let mut out = String::new();
    let mut i = start;
    loop {
        // The run up to the closing quote or the next backslash.
        let run = i;
        let c = loop {
            let Some(&c) = text.get(i) else {
                return Err(unterminated(vm));
            };
            let c: char = c.into();
            if c == '"' || c == '\\' {
                break c;
            }
            if (c as u32) < 0x20 && strict {
                return Err(decode_error(vm, "Invalid control character at", doc, i));
            }
            i += 1;
        };
        out.extend(text[run..i].iter().map(|&c| c.into()));
        i += 1;
        if c == '"' {
            return Ok((out, i));
        }
        // A backslash escape.
        let Some(&esc) = text.get(i) else {
            return Err(unterminated(vm));
        };
        let esc: char = esc.into();
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
                _ => return Err(decode_error(vm, "Invalid \\escape", doc, i - 1)),
            };
            out.push(ch);
            i += 1;
            continue;
        }
        let Some(mut uni) = hex4(text, i) else {
            return Err(decode_error(vm, "Invalid \\uXXXX escape", doc, i));
        };
        i += 5;
        if (0xD800..=0xDBFF).contains(&uni)
            && text.get(i).map(|&c| c.into()) == Some('\\')
            && text.get(i + 1).map(|&c| c.into()) == Some('u')
        {
            let Some(low) = hex4(text, i + 1) else {
                return Err(decode_error(vm, "Invalid \\uXXXX escape", doc, i + 1));
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
    let (s, next) = match Text::of(sd, start) {
        Text::Ascii(b) => scan_string(vm, &doc, b, start, strict)?,
        Text::Wide(v) => scan_string(vm, &doc, &v, start, strict)?,
    };
    Ok(crate::objects::tuple::new_tuple(vec![
        new_str(&s),
        from_i64(next as i64),
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
    quote_into(s, ascii_only, &mut out);
    Ok(new_str(&out))
}

/// Appends `s` as a JSON string literal (quoted, escaped).
pub(crate) fn quote_into(s: &str, ascii_only: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        escape(c, ascii_only, out);
    }
    out.push('"');
}

/// One of the module's callable types (`_json.Scanner`, `_json.Encoder`,
/// named `owner` in `_json`): made by `new`, called through `call`, with
/// the read-only attributes `members` (getters of its settings).
fn callable_type(
    owner: &'static str,
    new: NativeFn,
    call: NativeFn,
    members: &[(&'static str, NativeFn)],
) -> Value {
    let ty = crate::objects::native::native_type(&format!("_json.{owner}"));
    crate::objects::native::set_new(&ty, new);
    crate::objects::str_methods::add_methods(&ty, owner, &[("__call__", call)]);
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    for &(name, get) in members {
        d.set_str(name, crate::objects::descr::getter(name, get));
    }
    drop(d);
    ty
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
    super::make_module(
        "_json",
        funcs,
        vec![
            ("make_scanner", scanner::scanner_type()),
            ("make_encoder", encoder::encoder_type()),
        ],
    )
}
