//! `_codecs`: the codec registry and the built-in codecs CPython's `codecs`
//! and `encodings` packages are built on (UTF-8, Latin-1, ASCII, UTF-16,
//! UTF-32, the escape codecs and charmaps).

use std::cell::RefCell;

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::new_bytes;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

crate::gil_local! {
    static SEARCH: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static CACHE: RefCell<Vec<(String, Value)>> = const { RefCell::new(Vec::new()) };
    static ERRORS: RefCell<Vec<(String, Value)>> = const { RefCell::new(Vec::new()) };
}

fn bytes_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

/// The first argument, which every codec function requires.
fn first<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a Value> {
    a.first()
        .ok_or_else(|| vm.type_error("function missing required argument (pos 1)"))
}

fn str_arg(vm: &Vm, v: &Value) -> PyResult<String> {
    match crate::objects::str::as_str(v) {
        Some(s) => Ok(s.to_string()),
        None => Err(vm.type_error(format!(
            "argument 1 must be str, not {}",
            v.type_data().name
        ))),
    }
}

fn errors_arg(a: &[Value], i: usize, k: Kw) -> Option<Value> {
    a.get(i)
        .cloned()
        .or_else(|| kwarg(k, "errors"))
        .filter(|e| !e.is(&types().none))
}

fn pair(v: Value, n: usize) -> Value {
    new_tuple(vec![v, from_i64(n as i64)])
}

/// How many bytes of `b` form complete UTF-8 sequences when more may come.
fn utf8_complete_len(b: &[u8]) -> usize {
    let n = b.len();
    for back in 1..=3.min(n) {
        let c = b[n - back];
        if c & 0xC0 != 0x80 {
            let need = if c >= 0xF0 {
                4
            } else if c >= 0xE0 {
                3
            } else if c >= 0xC0 {
                2
            } else {
                1
            };
            return if need > back { n - back } else { n };
        }
    }
    n
}

fn encode_with(vm: &mut Vm, a: &[Value], k: Kw, enc: &str) -> PyResult {
    let s = str_arg(vm, first(vm, a)?)?;
    let errors = errors_arg(a, 1, k);
    let e = new_str(enc);
    let b = crate::objects::str_methods::encode_str(vm, &s, Some(&e), errors.as_ref(), false)?;
    Ok(pair(b, s.chars().count()))
}

fn decode_with(vm: &mut Vm, a: &[Value], k: Kw, enc: &str) -> PyResult {
    let b = bytes_of(vm, first(vm, a)?)?;
    let errors = errors_arg(a, 1, k);
    let final_ = match a.get(2).cloned().or_else(|| kwarg(k, "final")) {
        Some(f) => vm.truthy(&f)?,
        None => false,
    };
    let take = if enc == "utf-8" && !final_ {
        utf8_complete_len(&b)
    } else {
        b.len()
    };
    let e = new_str(enc);
    let s = crate::objects::str_methods::decode_bytes(vm, &b[..take], Some(&e), errors.as_ref())?;
    Ok(pair(s, take))
}

fn utf16_encode(s: &str, big: Option<bool>) -> Vec<u8> {
    let mut out = Vec::new();
    let be = big.unwrap_or(cfg!(target_endian = "big"));
    if big.is_none() {
        out.extend(if be { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
    }
    for u in s.encode_utf16() {
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

fn utf32_encode(s: &str, big: Option<bool>) -> Vec<u8> {
    let mut out = Vec::new();
    let be = big.unwrap_or(cfg!(target_endian = "big"));
    if big.is_none() {
        out.extend(if be {
            [0, 0, 0xFE, 0xFF]
        } else {
            [0xFF, 0xFE, 0, 0]
        });
    }
    for c in s.chars() {
        let u = c as u32;
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

fn decode_error(vm: &Vm, codec: &str, pos: usize, reason: &str) -> crate::vm::PyErr {
    vm.err(
        &types().exc.unicode_decode_error,
        format!(
            "'{codec}' codec can't decode bytes in position {pos}-{}: {reason}",
            pos + 1
        ),
    )
}

/// UTF-16/32 decoding of complete units; `big` None reads a BOM.
fn utf_wide_decode(
    vm: &mut Vm,
    b: &[u8],
    width: usize,
    big: Option<bool>,
    errors: &str,
    final_: bool,
) -> PyResult<(String, usize, i64)> {
    let mut start = 0;
    let mut be = big.unwrap_or(cfg!(target_endian = "big"));
    let mut byteorder = 0;
    if big.is_none() && b.len() >= width {
        let bom_le: &[u8] = if width == 2 {
            &[0xFF, 0xFE]
        } else {
            &[0xFF, 0xFE, 0, 0]
        };
        let bom_be: &[u8] = if width == 2 {
            &[0xFE, 0xFF]
        } else {
            &[0, 0, 0xFE, 0xFF]
        };
        if &b[..width] == bom_le {
            be = false;
            start = width;
            byteorder = -1;
        } else if &b[..width] == bom_be {
            be = true;
            start = width;
            byteorder = 1;
        }
    }
    let codec = if width == 2 { "utf-16" } else { "utf-32" };
    let usable = start + (b.len() - start) / width * width;
    if final_ && usable != b.len() && errors == "strict" {
        return Err(decode_error(vm, codec, usable, "truncated data"));
    }
    let mut out = String::new();
    if width == 2 {
        let units: Vec<u16> = b[start..usable]
            .chunks(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        let mut consumed_units = units.len();
        if !final_ && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            consumed_units -= 1;
        }
        for r in char::decode_utf16(units[..consumed_units].iter().copied()) {
            match r {
                Ok(c) => out.push(c),
                Err(_) => match errors {
                    "ignore" => {}
                    "replace" => out.push('\u{fffd}'),
                    _ => return Err(decode_error(vm, codec, start, "illegal UTF-16 surrogate")),
                },
            }
        }
        return Ok((out, start + consumed_units * 2, byteorder));
    }
    for c in b[start..usable].chunks(4) {
        let u = if be {
            u32::from_be_bytes([c[0], c[1], c[2], c[3]])
        } else {
            u32::from_le_bytes([c[0], c[1], c[2], c[3]])
        };
        match char::from_u32(u) {
            Some(ch) => out.push(ch),
            None => match errors {
                "ignore" => {}
                "replace" => out.push('\u{fffd}'),
                _ => {
                    return Err(decode_error(
                        vm,
                        codec,
                        start,
                        "code point not in range(0x110000)",
                    ));
                }
            },
        }
    }
    Ok((out, usable, byteorder))
}

fn wide_decode_fn(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    width: usize,
    big: Option<bool>,
    ex: bool,
) -> PyResult {
    let b = bytes_of(vm, first(vm, a)?)?;
    let errors = errors_arg(a, 1, k)
        .map(|e| str_of(&e))
        .unwrap_or_else(|| "strict".into());
    let (final_idx, big) = if ex {
        let bo = match a.get(2) {
            Some(x) => vm.index_value(x)?,
            None => 0,
        };
        (
            3,
            match bo {
                -1 => Some(false),
                1 => Some(true),
                _ => big,
            },
        )
    } else {
        (2, big)
    };
    let final_ = match a.get(final_idx).cloned().or_else(|| kwarg(k, "final")) {
        Some(f) => vm.truthy(&f)?,
        None => false,
    };
    let (s, n, bo) = utf_wide_decode(vm, &b, width, big, &errors, final_)?;
    if ex {
        return Ok(new_tuple(vec![
            new_str(&s),
            from_i64(n as i64),
            from_i64(bo),
        ]));
    }
    Ok(pair(new_str(&s), n))
}

/// `unicode_escape` decoding (and `raw_unicode_escape` when `raw`).
fn unescape(vm: &mut Vm, b: &[u8], raw: bool) -> PyResult<String> {
    let mut out = String::new();
    let mut i = 0;
    let hex = |vm: &Vm, s: &[u8], n: usize, at: usize| -> PyResult<u32> {
        if s.len() < n || !s[..n].iter().all(u8::is_ascii_hexdigit) {
            return Err(vm.err(
                &types().exc.unicode_decode_error,
                format!("'unicodeescape' codec can't decode bytes in position {at}-{}: truncated \\xXX escape", at + 1),
            ));
        }
        Ok(u32::from_str_radix(std::str::from_utf8(&s[..n]).unwrap_or("0"), 16).unwrap_or(0))
    };
    while i < b.len() {
        let c = b[i];
        if c != b'\\' || i + 1 >= b.len() {
            out.push(c as char);
            i += 1;
            continue;
        }
        let n = b[i + 1];
        if raw {
            if n == b'u' || n == b'U' {
                let w = if n == b'u' { 4 } else { 8 };
                let v = hex(vm, &b[i + 2..], w, i)?;
                out.push(crate::objects::unicode::char_for(v).unwrap_or('\u{fffd}'));
                i += 2 + w;
            } else {
                out.push('\\');
                i += 1;
            }
            continue;
        }
        i += 2;
        match n {
            b'\n' => {}
            b'\\' => out.push('\\'),
            b'\'' => out.push('\''),
            b'"' => out.push('"'),
            b'a' => out.push('\x07'),
            b'b' => out.push('\x08'),
            b'f' => out.push('\x0c'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'v' => out.push('\x0b'),
            b'0'..=b'7' => {
                let mut v = u32::from(n - b'0');
                for _ in 0..2 {
                    if i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                        v = v * 8 + u32::from(b[i] - b'0');
                        i += 1;
                    }
                }
                out.push(crate::objects::unicode::char_for(v).unwrap_or('\u{fffd}'));
            }
            b'x' | b'u' | b'U' => {
                let w = match n {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let v = hex(vm, &b[i..], w, i - 2)?;
                out.push(crate::objects::unicode::char_for(v).unwrap_or('\u{fffd}'));
                i += w;
            }
            b'N' => {
                let start = i - 2;
                let bad = |vm: &Vm, end: usize, why: &str| {
                    vm.err(
                        &types().exc.unicode_decode_error,
                        format!("'unicodeescape' codec can't decode bytes in position {start}-{}: {why}", end - 1),
                    )
                };
                let close = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'}'));
                let (Some(b'{'), Some(close)) = (b.get(i), close) else {
                    let end = if b.get(i) == Some(&b'{') { i + 1 } else { i };
                    return Err(bad(vm, end.min(b.len()), "malformed \\N character escape"));
                };
                if close <= 1 {
                    return Err(bad(vm, i + 1, "malformed \\N character escape"));
                }
                let name = &b[i + 1..i + close];
                i += close + 1;
                match super::unicodedata::lookup_char(name) {
                    Some(c) => out.push(c),
                    None => return Err(bad(vm, i, "unknown Unicode character name")),
                }
            }
            other => {
                out.push('\\');
                out.push(other as char);
            }
        }
    }
    Ok(out)
}

fn lookup(vm: &mut Vm, encoding: &str) -> PyResult {
    let norm = encoding.to_lowercase().replace(' ', "_");
    if let Some(v) = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == norm)
            .map(|(_, v)| v.clone())
    }) {
        return Ok(v);
    }
    let funcs = SEARCH.with(|s| s.borrow().clone());
    if funcs.is_empty() {
        // The encodings package registers the search function.
        vm.import_module("encodings")?;
    }
    let funcs = SEARCH.with(|s| s.borrow().clone());
    for f in funcs {
        let r = vm.call(&f, &[new_str(&norm)], &[])?;
        if !r.is(&types().none) {
            CACHE.with(|c| c.borrow_mut().push((norm.clone(), r.clone())));
            return Ok(r);
        }
    }
    Err(vm.err(
        &types().exc.lookup_error,
        format!("unknown encoding: {encoding}"),
    ))
}

fn builtin_error_handler(vm: &mut Vm, name: &str, a: &[Value]) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    crate::objects::codec::builtin_handler(vm, name, &a[0])
}

/// A handler registered with `register_error` under `name`; LookupError
/// for names nobody registered.
pub fn lookup_registered_error(vm: &mut Vm, name: &str) -> PyResult {
    if let Some(h) = ERRORS.with(|e| {
        e.borrow()
            .iter()
            .rev()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    }) {
        return Ok(h);
    }
    Err(vm.err(
        &types().exc.lookup_error,
        format!("unknown error handler name '{name}'"),
    ))
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("register", |vm, a, _| {
            check_args(vm, "register", a, 1, 1)?;
            if !crate::builtins::is_callable(&a[0]) {
                return Err(vm.type_error("argument must be callable"));
            }
            SEARCH.with(|s| s.borrow_mut().push(a[0].clone()));
            Ok(vm.none())
        }),
        ("unregister", |vm, a, _| {
            let gone = first(vm, a)?.clone();
            SEARCH.with(|s| s.borrow_mut().retain(|f| !f.is(&gone)));
            CACHE.with(|c| c.borrow_mut().clear());
            Ok(vm.none())
        }),
        ("lookup", |vm, a, _| {
            check_args(vm, "lookup", a, 1, 1)?;
            let e = str_arg(vm, &a[0])?;
            lookup(vm, &e)
        }),
        ("_forget_codec", |vm, a, _| {
            let e = str_arg(vm, first(vm, a)?)?.to_lowercase();
            CACHE.with(|c| c.borrow_mut().retain(|(k, _)| *k != e));
            Ok(vm.none())
        }),
        ("encode", |vm, a, k| {
            check_args(vm, "encode", a, 1, 3)?;
            let enc = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "encoding"))
                .map_or_else(|| "utf-8".into(), |e| str_of(&e));
            let info = lookup(vm, &enc)?;
            let f = vm.getitem(&info, &from_i64(0))?;
            let mut args = vec![a[0].clone()];
            args.extend(errors_arg(a, 2, k));
            let r = vm.call(&f, &args, &[])?;
            vm.getitem(&r, &from_i64(0))
        }),
        ("decode", |vm, a, k| {
            check_args(vm, "decode", a, 1, 3)?;
            let enc = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "encoding"))
                .map_or_else(|| "utf-8".into(), |e| str_of(&e));
            let info = lookup(vm, &enc)?;
            let f = vm.getitem(&info, &from_i64(1))?;
            let mut args = vec![a[0].clone()];
            args.extend(errors_arg(a, 2, k));
            let r = vm.call(&f, &args, &[])?;
            vm.getitem(&r, &from_i64(0))
        }),
        ("register_error", |vm, a, _| {
            check_args(vm, "register_error", a, 2, 2)?;
            let n = str_arg(vm, &a[0])?;
            ERRORS.with(|e| e.borrow_mut().push((n, a[1].clone())));
            Ok(vm.none())
        }),
        ("lookup_error", |vm, a, _| {
            check_args(vm, "lookup_error", a, 1, 1)?;
            let n = str_arg(vm, &a[0])?;
            if let Some(h) = ERRORS.with(|e| {
                e.borrow()
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.clone())
            }) {
                return Ok(h);
            }
            let f: NativeFn = match n.as_str() {
                "strict" => |vm, a, _| builtin_error_handler(vm, "strict", a),
                "ignore" => |vm, a, _| builtin_error_handler(vm, "ignore", a),
                "replace" => |vm, a, _| builtin_error_handler(vm, "replace", a),
                "backslashreplace" => |vm, a, _| builtin_error_handler(vm, "backslashreplace", a),
                "xmlcharrefreplace" => |vm, a, _| builtin_error_handler(vm, "xmlcharrefreplace", a),
                "namereplace" => |vm, a, _| builtin_error_handler(vm, "namereplace", a),
                "surrogateescape" => |vm, a, _| builtin_error_handler(vm, "surrogateescape", a),
                "surrogatepass" => |vm, a, _| builtin_error_handler(vm, "surrogatepass", a),
                _ => {
                    return Err(vm.err(
                        &types().exc.lookup_error,
                        format!("unknown error handler name '{n}'"),
                    ));
                }
            };
            let name: &'static str = match n.as_str() {
                "strict" => "strict_errors",
                "ignore" => "ignore_errors",
                "replace" => "replace_errors",
                "backslashreplace" => "backslashreplace_errors",
                "xmlcharrefreplace" => "xmlcharrefreplace_errors",
                "namereplace" => "namereplace_errors",
                "surrogateescape" => "surrogateescape",
                _ => "surrogatepass",
            };
            Ok(crate::objects::function::new_builtin(name, f))
        }),
        ("utf_8_encode", |vm, a, k| encode_with(vm, a, k, "utf-8")),
        ("utf_8_decode", |vm, a, k| decode_with(vm, a, k, "utf-8")),
        ("latin_1_encode", |vm, a, k| {
            encode_with(vm, a, k, "latin-1")
        }),
        ("latin_1_decode", |vm, a, k| {
            decode_with(vm, a, k, "latin-1")
        }),
        ("ascii_encode", |vm, a, k| encode_with(vm, a, k, "ascii")),
        ("ascii_decode", |vm, a, k| decode_with(vm, a, k, "ascii")),
        ("utf_16_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(new_bytes(utf16_encode(&s, None)), s.chars().count()))
        }),
        ("utf_16_le_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(
                new_bytes(utf16_encode(&s, Some(false))),
                s.chars().count(),
            ))
        }),
        ("utf_16_be_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(
                new_bytes(utf16_encode(&s, Some(true))),
                s.chars().count(),
            ))
        }),
        ("utf_32_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(new_bytes(utf32_encode(&s, None)), s.chars().count()))
        }),
        ("utf_32_le_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(
                new_bytes(utf32_encode(&s, Some(false))),
                s.chars().count(),
            ))
        }),
        ("utf_32_be_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            Ok(pair(
                new_bytes(utf32_encode(&s, Some(true))),
                s.chars().count(),
            ))
        }),
        ("utf_16_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 2, None, false)
        }),
        ("utf_16_le_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 2, Some(false), false)
        }),
        ("utf_16_be_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 2, Some(true), false)
        }),
        ("utf_16_ex_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 2, None, true)
        }),
        ("utf_32_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 4, None, false)
        }),
        ("utf_32_le_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 4, Some(false), false)
        }),
        ("utf_32_be_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 4, Some(true), false)
        }),
        ("utf_32_ex_decode", |vm, a, k| {
            wide_decode_fn(vm, a, k, 4, None, true)
        }),
        ("unicode_escape_decode", |vm, a, _| {
            let b = bytes_of(vm, first(vm, a)?)?;
            let s = unescape(vm, &b, false)?;
            Ok(pair(new_str(&s), b.len()))
        }),
        ("raw_unicode_escape_decode", |vm, a, _| {
            let b = bytes_of(vm, first(vm, a)?)?;
            let s = unescape(vm, &b, true)?;
            Ok(pair(new_str(&s), b.len()))
        }),
        ("unicode_escape_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            let r = crate::objects::str::str_repr(&s);
            let inner = &r[1..r.len() - 1];
            let esc = crate::objects::str::ascii_escape(inner);
            Ok(pair(new_bytes(esc.into_bytes()), s.chars().count()))
        }),
        ("raw_unicode_escape_encode", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            let mut out = Vec::new();
            for c in s.chars() {
                let u = crate::objects::unicode::code_point(c);
                if u < 0x100 {
                    out.push(u as u8);
                } else if u < 0x10000 {
                    out.extend(format!("\\u{u:04x}").bytes());
                } else {
                    out.extend(format!("\\U{u:08x}").bytes());
                }
            }
            Ok(pair(new_bytes(out), s.chars().count()))
        }),
        ("escape_decode", |vm, a, _| {
            let b = match first(vm, a)?.kind() {
                Kind::Str => str_arg(vm, &a[0])?.into_bytes(),
                _ => bytes_of(vm, &a[0])?,
            };
            let s = unescape(vm, &b, false)?;
            let out: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
            Ok(pair(new_bytes(out), b.len()))
        }),
        ("escape_encode", |vm, a, _| {
            let b = bytes_of(vm, first(vm, a)?)?;
            let r = vm.repr_string(&new_bytes(b.clone()))?;
            let inner = r[2..r.len() - 1].to_string();
            Ok(pair(new_bytes(inner.into_bytes()), b.len()))
        }),
        ("charmap_build", |vm, a, _| {
            let s = str_arg(vm, first(vm, a)?)?;
            let d = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
            for (i, c) in s.chars().enumerate() {
                vm.setitem(&d, from_i64(c as i64), from_i64(i as i64))?;
            }
            Ok(d)
        }),
        ("charmap_decode", |vm, a, k| {
            let b = bytes_of(vm, first(vm, a)?)?;
            let errors = errors_arg(a, 1, k)
                .map(|e| str_of(&e))
                .unwrap_or_else(|| "strict".into());
            let map = a.get(2).cloned().unwrap_or_else(|| vm.none());
            if map.is(&types().none) {
                let s: String = b.iter().map(|&c| c as char).collect();
                return Ok(pair(new_str(&s), b.len()));
            }
            let mut out = String::new();
            for (i, &c) in b.iter().enumerate() {
                let v = match vm.getitem(&map, &from_i64(i64::from(c))) {
                    Ok(v) => Some(v),
                    Err(e) if e.matches(&types().exc.lookup_error) => None,
                    Err(e) => return Err(e),
                };
                let ch = match v {
                    Some(v) if v.kind() == Kind::Str => {
                        let s = str_of(&v);
                        if s == "\u{fffe}" { None } else { Some(s) }
                    }
                    Some(v) if matches!(v.kind(), Kind::Int) => {
                        char::from_u32(vm.index_value(&v)? as u32).map(|c| c.to_string())
                    }
                    _ => None,
                };
                match ch {
                    Some(s) => out.push_str(&s),
                    None => match errors.as_str() {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        _ => {
                            return Err(vm.err(
                                &types().exc.unicode_decode_error,
                                format!("'charmap' codec can't decode byte {c:#04x} in position {i}: character maps to <undefined>"),
                            ));
                        }
                    },
                }
            }
            Ok(pair(new_str(&out), b.len()))
        }),
        ("charmap_encode", |vm, a, k| {
            let s = str_arg(vm, first(vm, a)?)?;
            let errors = errors_arg(a, 1, k)
                .map(|e| str_of(&e))
                .unwrap_or_else(|| "strict".into());
            let map = a.get(2).cloned().unwrap_or_else(|| vm.none());
            let mut out = Vec::new();
            for (i, c) in s.chars().enumerate() {
                let v = if map.is(&types().none) {
                    ((c as u32) < 256).then(|| from_i64(c as i64))
                } else {
                    match vm.getitem(&map, &from_i64(c as i64)) {
                        Ok(v) if !v.is(&types().none) => Some(v),
                        Ok(_) => None,
                        Err(e) if e.matches(&types().exc.lookup_error) => None,
                        Err(e) => return Err(e),
                    }
                };
                match v {
                    Some(v) if matches!(v.kind(), Kind::Int) => out.push(vm.index_value(&v)? as u8),
                    Some(v) if matches!(v.kind(), Kind::Bytes) => out.extend(bytes_of(vm, &v)?),
                    _ => match errors.as_str() {
                        "ignore" => {}
                        "replace" => out.push(b'?'),
                        "xmlcharrefreplace" => {
                            out.extend(format!("&#{};", c as u32).bytes());
                        }
                        "backslashreplace" => {
                            let n = c as u32;
                            let esc = if n < 0x100 {
                                format!("\\x{n:02x}")
                            } else if n < 0x10000 {
                                format!("\\u{n:04x}")
                            } else {
                                format!("\\U{n:08x}")
                            };
                            out.extend(esc.bytes());
                        }
                        _ => {
                            return Err(vm.err(
                                &types().exc.unicode_encode_error,
                                format!("'charmap' codec can't encode character {} in position {i}: character maps to <undefined>", crate::objects::str::str_repr(&c.to_string())),
                            ));
                        }
                    },
                }
            }
            Ok(pair(new_bytes(out), s.chars().count()))
        }),
        ("readbuffer_encode", |vm, a, _| {
            let b = match first(vm, a)?.kind() {
                Kind::Str => str_arg(vm, &a[0])?.into_bytes(),
                _ => bytes_of(vm, &a[0])?,
            };
            let n = b.len();
            Ok(pair(new_bytes(b), n))
        }),
    ];
    super::make_module("_codecs", funcs, vec![])
}
