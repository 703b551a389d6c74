//! Formatting: the format-spec mini-language (`format()`, f-strings,
//! `str.format`) for int, float and str, and printf-style `%` formatting.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::float::FloatData;
use crate::objects::int::to_bigint;
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm};

/// A parsed format spec.
#[derive(Debug, Default, Clone)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alt: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// A run of decimal digits (of any script, as CPython's `get_integer`)
/// starting at `chars[*i]`, as a width, precision or field index: None if
/// there is none, ValueError "Too many decimal digits in format string"
/// past `isize::MAX`.
pub fn format_integer(vm: &Vm, chars: &[char], i: &mut usize) -> PyResult<Option<usize>> {
    let start = *i;
    let mut acc: usize = 0;
    while let Some(d) = chars
        .get(*i)
        .and_then(|&c| crate::objects::str::decimal_value(c))
    {
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(d as usize))
            .filter(|&a| a <= isize::MAX as usize)
            .ok_or_else(|| vm.value_error("Too many decimal digits in format string"))?;
        *i += 1;
    }
    Ok((*i > start).then_some(acc))
}

/// Parses a format spec for an object of type `type_name` (named in the
/// "Invalid format specifier" error).
pub fn parse_spec(vm: &Vm, s: &str, type_name: &str) -> PyResult<Spec> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut spec = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        spec.fill = Some(chars[0]);
        spec.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        spec.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        spec.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        spec.zero = true;
        i += 1;
    }
    spec.width = format_integer(vm, &chars, &mut i)?;
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        spec.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        spec.precision = format_integer(vm, &chars, &mut i)?;
        if spec.precision.is_none() {
            return Err(vm.value_error("Format specifier missing precision"));
        }
    }
    // At most one character may remain: the presentation type.
    if chars.len() - i > 1 {
        return Err(vm.value_error(format!(
            "Invalid format specifier '{s}' for object of type '{type_name}'"
        )));
    }
    spec.ty = chars.get(i).copied();
    Ok(spec)
}

/// `n` copies of `fill`, or MemoryError when that much memory cannot be
/// had (a width of 2**40).
fn fill_run(vm: &Vm, fill: char, n: usize) -> PyResult<String> {
    let mut out = String::new();
    n.checked_mul(fill.len_utf8())
        .and_then(|bytes| out.try_reserve_exact(bytes).ok())
        .ok_or_else(|| vm.memory_error())?;
    out.extend(std::iter::repeat_n(fill, n));
    Ok(out)
}

/// Pads `body` to the spec's width: fill, alignment (`=` puts the fill
/// after the first `sign_len` characters).
pub fn pad(
    vm: &Vm,
    body: &str,
    spec: &Spec,
    default_align: char,
    sign_len: usize,
) -> PyResult<String> {
    let width = spec.width.unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return Ok(body.to_string());
    }
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = spec.align.unwrap_or(
        if spec.zero && spec.fill.is_none() && default_align == '>' {
            '='
        } else {
            default_align
        },
    );
    let n = width - len;
    Ok(match align {
        '<' => body.to_string() + &fill_run(vm, fill, n)?,
        '^' => fill_run(vm, fill, n / 2)? + body + &fill_run(vm, fill, n - n / 2)?,
        '=' => {
            let (s, rest) = body.split_at(
                body.char_indices()
                    .nth(sign_len)
                    .map_or(body.len(), |(b, _)| b),
            );
            s.to_string() + &fill_run(vm, fill, n)? + rest
        }
        _ => fill_run(vm, fill, n)? + body,
    })
}

fn group_digits(digits: &str, sep: char, every: usize) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn sign_str(neg: bool, sign: Option<char>) -> &'static str {
    if neg {
        "-"
    } else {
        match sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

pub fn format_int(vm: &Vm, v: &BigInt, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    if spec.precision.is_some() {
        return Err(vm.value_error("Precision not allowed in integer format specifier"));
    }
    let (radix, prefix) = match ty {
        'd' | 'n' => (10, ""),
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'c' => {
            let c = num_traits::ToPrimitive::to_u32(v)
                .and_then(char::from_u32)
                .ok_or_else(|| vm.overflow_error("%c arg not in range(0x110000)"))?;
            return pad(vm, &c.to_string(), spec, '<', 0);
        }
        _ => {
            return Err(vm.value_error(format!(
                "Unknown format code '{ty}' for object of type 'int'"
            )));
        }
    };
    let mut digits = if radix == 10 {
        crate::objects::int::decimal_digits(vm, v)?
    } else {
        v.abs().to_str_radix(radix)
    };
    if ty == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(g) = spec.grouping {
        let every = if radix == 10 { 3 } else { 4 };
        if g == ',' && radix != 10 {
            return Err(vm.value_error(format!("Cannot specify ',' with '{ty}'.")));
        }
        if spec.zero && spec.width.is_some() && spec.align.is_none() {
            // Zero padding participates in grouping.
            let sign = sign_str(v.is_negative(), spec.sign);
            let pre = if spec.alt { prefix } else { "" };
            let width = spec
                .width
                .unwrap_or(0)
                .saturating_sub(sign.len() + pre.len());
            // The fewest digits whose grouped form fills the width.
            let mut n = digits.len();
            if n + (n - 1) / every < width {
                n = width - (width - 1) / (every + 1);
                if n + (n - 1) / every < width {
                    n += 1;
                }
            }
            let zeros = fill_run(vm, '0', n - digits.len())?;
            let g2 = group_digits(&(zeros + &digits), g, every);
            return Ok(format!("{sign}{pre}{g2}"));
        }
        digits = group_digits(&digits, g, every);
    }
    let sign = sign_str(v.is_negative(), spec.sign);
    let pre = if spec.alt { prefix } else { "" };
    let body = format!("{sign}{pre}{digits}");
    pad(vm, &body, spec, '>', sign.len() + pre.len())
}

/// Decimals beyond this many are zeros for every double: the exact
/// expansion of its value ends within 1074 decimals.
const EXACT_DECIMALS: usize = 1100;
/// Significant digits beyond this many are zeros for every double (the
/// exact expansion has at most 767).
const EXACT_DIGITS: usize = 800;

/// `x` with `prec` decimals, correctly rounded; any precision (Rust's own
/// formatting stops at 65535).
fn fixed(x: f64, prec: usize) -> String {
    if prec <= EXACT_DECIMALS {
        return format!("{x:.prec$}");
    }
    let mut s = format!("{x:.EXACT_DECIMALS$}");
    s.extend(std::iter::repeat_n('0', prec - EXACT_DECIMALS));
    s
}

/// `x` in Rust's scientific form (`1.5e0`) with `prec` digits after the
/// point, for any precision.
fn scientific(x: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS {
        return format!("{x:.prec$e}");
    }
    let s = format!("{x:.EXACT_DIGITS$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{m}{}e{e}", "0".repeat(prec - EXACT_DIGITS))
}

/// Python's 'e' formatting: `1.500000e+00`.
pub fn fmt_e(x: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = scientific(x, prec);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let m = if alt && prec == 0 {
        format!("{m}.")
    } else {
        m.to_string()
    };
    let r = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { r.to_uppercase() } else { r }
}

/// Python's 'g' formatting.
pub fn fmt_g(x: f64, prec: usize, upper: bool, alt: bool, repr_like: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if x == 0.0 {
        let z = if x.is_sign_negative() { "-0" } else { "0" };
        if repr_like && p == 1 {
            // One digit and no type: the exponent form (see below).
            let point = if alt { "." } else { "" };
            return format!("{z}{point}e+00");
        }
        if alt {
            return format!("{z}.{}", "0".repeat(p - 1));
        }
        return if repr_like {
            format!("{z}.0")
        } else {
            z.to_string()
        };
    }
    let s = scientific(x, p - 1);
    let exp: i64 = s.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0));
    // Without a presentation type (`repr_like`), CPython also switches to
    // exponent notation when the number would need every digit of the
    // precision before the point (it adds ".0" to fixed output).
    let limit = if repr_like { p as i64 - 1 } else { p as i64 };
    let body = if exp >= -4 && exp < limit {
        let decimals = (p as i64 - 1 - exp).max(0) as usize;
        let mut f = fixed(x, decimals);
        if !alt && f.contains('.') {
            f = f.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        if repr_like && !f.contains('.') {
            f.push_str(".0");
        }
        f
    } else {
        let mut e = fmt_e(x, p - 1, false, alt);
        if !alt && let Some((m, ex)) = e.split_once('e') {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            e = format!("{m}e{ex}");
        }
        e
    };
    if upper { body.to_uppercase() } else { body }
}

pub fn format_float(vm: &Vm, x: f64, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty;
    if let Some(c) = ty
        && !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    {
        return Err(vm.value_error(format!(
            "Unknown format code '{c}' for object of type 'float'"
        )));
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(vm.value_error("precision too big"));
    }
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let mut body = if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        if upper {
            s.to_uppercase()
        } else {
            s.to_string()
        }
    } else {
        match ty {
            Some('f' | 'F') => {
                let p = spec.precision.unwrap_or(6);
                let s = fixed(a, p);
                if spec.alt && p == 0 {
                    format!("{s}.")
                } else {
                    s
                }
            }
            Some('e' | 'E') => fmt_e(a, spec.precision.unwrap_or(6), upper, spec.alt),
            Some('g' | 'G' | 'n') => fmt_g(a, spec.precision.unwrap_or(6), upper, spec.alt, false),
            Some('%') => {
                let p = spec.precision.unwrap_or(6);
                fixed(a * 100.0, p) + "%"
            }
            None => match spec.precision {
                None => crate::objects::float::float_repr(a),
                Some(p) => fmt_g(a, p, false, spec.alt, true),
            },
            Some(_) => unreachable!("presentation type checked above"),
        }
    };
    if let Some(g) = spec.grouping
        && a.is_finite()
    {
        let split = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (int_part, rest) = body.split_at(split);
        body = format!("{}{rest}", group_digits(int_part, g, 3));
    }
    let sign = sign_str(neg, spec.sign);
    let full = format!("{sign}{body}");
    pad(vm, &full, spec, '>', sign.len())
}

pub fn format_str(vm: &Vm, s: &str, spec: &Spec) -> PyResult<String> {
    if let Some(t) = spec.ty
        && t != 's'
    {
        return Err(vm.value_error(format!(
            "Unknown format code '{t}' for object of type 'str'"
        )));
    }
    if spec.sign.is_some() {
        return Err(vm.value_error("Sign not allowed in string format specifier"));
    }
    if spec.align == Some('=') {
        return Err(vm.value_error("'=' alignment not allowed in string format specifier"));
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    pad(vm, &body, spec, '<', 0)
}

impl Vm {
    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult {
        if let Some(m) = self.user_method(v, "__format__") {
            return self.call_special(&m, v, &[new_str(spec)]);
        }
        self.format_builtin(v, spec)
    }

    /// `format(v, spec)` as the builtin type of `v` does it.
    pub fn format_builtin(&mut self, v: &Value, spec: &str) -> PyResult {
        if spec.is_empty() {
            return self.str_value(v);
        }
        let s = match v.kind() {
            Kind::Int | Kind::Bool => {
                let sp = parse_spec(self, spec, &v.type_data().name)?;
                match sp.ty {
                    Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
                        let f = crate::objects::int::to_f64_checked(self, v)?;
                        format_float(self, f, &sp)?
                    }
                    None if v.kind() == Kind::Bool && sp.width.is_none() => self.str_string(v)?,
                    _ => format_int(self, &to_bigint(v).unwrap_or_default(), &sp)?,
                }
            }
            Kind::Float => {
                let sp = parse_spec(self, spec, &v.type_data().name)?;
                format_float(self, v.downcast::<FloatData>().expect("float").0, &sp)?
            }
            Kind::Str => {
                let sp = parse_spec(self, spec, &v.type_data().name)?;
                format_str(self, v.downcast::<StrData>().expect("str").as_str(), &sp)?
            }
            _ => {
                if v.type_data().is_heap || !matches!(v.kind(), Kind::Complex) {
                    return Err(self.type_error(format!(
                        "unsupported format string passed to {}.__format__",
                        v.type_data().name
                    )));
                }
                let c = v
                    .downcast::<crate::objects::float::ComplexData>()
                    .expect("complex");
                crate::objects::complex::format(self, c.re, c.im, spec)?
            }
        };
        Ok(new_str(&s))
    }
}

/// printf-style formatting: `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    percent_format_impl(vm, fmt, args, false)
}

/// `bytes % args`: the format's bytes as latin-1 text, each byte a char;
/// the result comes back the same way.
pub fn percent_format_bytes(vm: &mut Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    let text: String = fmt.iter().map(|&b| b as char).collect();
    let out = percent_format_impl(vm, &text, args, true)?;
    Ok(out.chars().map(|c| c as u32 as u8).collect())
}

/// What `%s`/`%b` insert into bytes: a bytes-like object's bytes, or
/// `__bytes__()`, as latin-1 text.
fn bytes_piece(vm: &mut Vm, arg: &Value) -> PyResult<String> {
    let data = if let Some(b) = arg.downcast::<crate::objects::bytes::BytesData>() {
        b.data.borrow().clone()
    } else if arg.kind() == crate::object::types::Kind::MemoryView
        || crate::object::types::isinstance(arg, &types().array)
    {
        crate::objects::buffer::bytes_copy_opt(vm, arg)?.unwrap_or_default()
    } else if arg.type_data().lookup_static("__bytes__").is_some() {
        let b = vm.call_method(arg, "__bytes__", &[])?;
        match b.downcast::<crate::objects::bytes::BytesData>() {
            Some(d) => d.data.borrow().clone(),
            None => {
                let name = vm.type_name(&b);
                return Err(vm.type_error(format!("__bytes__ returned non-bytes (type {name})")));
            }
        }
    } else {
        let name = vm.type_name(arg);
        return Err(vm.type_error(format!(
            "%b requires a bytes-like object, or an object that implements __bytes__, not '{name}'"
        )));
    };
    Ok(data.iter().map(|&b| b as char).collect())
}

/// A printf width or precision written in ASCII digits at `chars[*i]`,
/// refused with ValueError `too_big` past `max`.
fn percent_digits(
    vm: &Vm,
    chars: &[char],
    i: &mut usize,
    max: usize,
    too_big: &str,
) -> PyResult<Option<usize>> {
    let start = *i;
    let mut acc: usize = 0;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(d as usize))
            .filter(|&a| a <= max)
            .ok_or_else(|| vm.value_error(too_big))?;
        *i += 1;
    }
    Ok((*i > start).then_some(acc))
}

/// The int a printf `*` takes, as CPython reads it: an int (TypeError
/// "* wants int" otherwise) that fits a C `ssize_t` or `int`.
fn star_arg(vm: &Vm, v: &Value, c_type: &str) -> PyResult<i64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(vm.type_error("* wants int"));
    }
    let n = to_bigint(v).unwrap_or_default();
    let fits = if c_type == "int" {
        num_traits::ToPrimitive::to_i32(&n).map(i64::from)
    } else {
        num_traits::ToPrimitive::to_i64(&n)
    };
    fits.ok_or_else(|| vm.overflow_error(format!("Python int too large to convert to C {c_type}")))
}

fn percent_format_impl(vm: &mut Vm, fmt: &str, args: &Value, bytes_mode: bool) -> PyResult<String> {
    let items: Vec<Value> = match args.downcast::<TupleData>() {
        Some(t) => t.items.to_vec(),
        None => vec![args.clone()],
    };
    let mapping = if args.kind() == Kind::Dict
        || (args.type_data().is_heap
            && vm.user_method(args, "__getitem__").is_some()
            && args.kind() != Kind::Tuple)
    {
        Some(args.clone())
    } else {
        None
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut ai = 0;
    let mut i = 0;
    let mut used_mapping = false;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return Err(vm.value_error("incomplete format"));
        }
        let mut key: Option<String> = None;
        if chars[i] == '(' {
            let start = i + 1;
            let mut depth = 1;
            let mut j = start;
            while j < chars.len() && depth > 0 {
                if chars[j] == '(' {
                    depth += 1;
                } else if chars[j] == ')' {
                    depth -= 1;
                }
                j += 1;
            }
            if depth > 0 {
                return Err(vm.value_error("incomplete format key"));
            }
            key = Some(chars[start..j - 1].iter().collect());
            i = j;
        }
        let mut spec = Spec::default();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            match chars[i] {
                '-' => spec.align = Some('<'),
                '+' => spec.sign = Some('+'),
                ' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                '#' => spec.alt = true,
                _ => spec.zero = true,
            }
            i += 1;
        }
        let mut next_arg = |vm: &mut Vm| -> PyResult<Value> {
            if let Some(k) = &key {
                let Some(m) = &mapping else {
                    return Err(vm.type_error("format requires a mapping"));
                };
                used_mapping = true;
                // bytes formats look their keys up as bytes.
                let key = if bytes_mode {
                    crate::objects::bytes::new_bytes(k.chars().map(|c| c as u32 as u8).collect())
                } else {
                    new_str(k)
                };
                return vm.getitem(m, &key);
            }
            if ai >= items.len() {
                return Err(vm.type_error("not enough arguments for format string"));
            }
            ai += 1;
            Ok(items[ai - 1].clone())
        };
        // Width: digits (at most isize::MAX) or '*' taking an int argument,
        // negative meaning left-justified.
        if i < chars.len() && chars[i] == '*' {
            let w = next_arg(vm)?;
            let w = star_arg(vm, &w, "ssize_t")?;
            if w < 0 {
                spec.align = Some('<');
            }
            spec.width = Some(w.unsigned_abs() as usize);
            i += 1;
        } else {
            spec.width = percent_digits(vm, &chars, &mut i, isize::MAX as usize, "width too big")?;
        }
        // Precision: digits (at most i32::MAX) or '*' taking an int that
        // fits a C int, negative meaning 0.
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                let p = next_arg(vm)?;
                let p = star_arg(vm, &p, "int")?;
                spec.precision = Some(p.max(0) as usize);
                i += 1;
            } else {
                let too_big = if bytes_mode {
                    "prec too big"
                } else {
                    "precision too big"
                };
                spec.precision = Some(
                    percent_digits(vm, &chars, &mut i, i32::MAX as usize, too_big)?.unwrap_or(0),
                );
            }
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(vm.value_error("incomplete format"));
        }
        let conv = chars[i];
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = next_arg(vm)?;
        let zero_pad = spec.zero && spec.align.is_none();
        if spec.align.is_none() {
            spec.align = Some(if zero_pad { '=' } else { '>' });
            if zero_pad {
                spec.fill = Some('0');
            }
        }
        let piece = match conv {
            's' | 'r' | 'a' | 'b' if bytes_mode || conv != 'b' => {
                let s = match conv {
                    's' | 'b' if bytes_mode => bytes_piece(vm, &arg)?,
                    's' => vm.str_string(&arg)?,
                    'r' if !bytes_mode => vm.repr_string(&arg)?,
                    _ => crate::objects::str::ascii_escape(&vm.repr_string(&arg)?),
                };
                let s: String = match spec.precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                let mut sp = spec.clone();
                if sp.align == Some('=') {
                    sp.align = Some('>');
                    sp.fill = Some(' ');
                }
                pad(vm, &s, &sp, '>', 0)?
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let v = match arg.kind() {
                    Kind::Int | Kind::Bool => to_bigint(&arg).unwrap_or_default(),
                    Kind::Float => {
                        let f = arg.downcast::<FloatData>().expect("float").0;
                        to_bigint(&crate::objects::int::from_f64(vm, f)?).unwrap_or_default()
                    }
                    _ => {
                        if matches!(conv, 'd' | 'i' | 'u') {
                            return Err(vm.type_error(format!(
                                "%{conv} format: a real number is required, not {}",
                                arg.type_data().name
                            )));
                        }
                        return Err(vm.type_error(format!(
                            "%{conv} format: an integer is required, not {}",
                            arg.type_data().name
                        )));
                    }
                };
                let mut digits = match conv {
                    'x' => v.abs().to_str_radix(16),
                    'X' => v.abs().to_str_radix(16).to_uppercase(),
                    'o' => v.abs().to_str_radix(8),
                    _ => crate::objects::int::decimal_digits(vm, &v)?,
                };
                if let Some(p) = spec.precision
                    && digits.len() < p
                {
                    digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                }
                let pre = if spec.alt {
                    match conv {
                        'x' => "0x",
                        'X' => "0X",
                        'o' => "0o",
                        _ => "",
                    }
                } else {
                    ""
                };
                let sign = sign_str(v.is_negative() && !v.is_zero(), spec.sign);
                let body = format!("{sign}{pre}{digits}");
                pad(vm, &body, &spec, '>', sign.len() + pre.len())?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match crate::objects::int::as_f64(&arg) {
                    Some(f) if matches!(arg.kind(), Kind::Int | Kind::Bool | Kind::Float) => f,
                    _ => {
                        if let Some(m) = vm.user_method(&arg, "__float__") {
                            let r = vm.call_special(&m, &arg, &[])?;
                            crate::objects::int::as_f64(&r).unwrap_or(0.0)
                        } else {
                            return Err(vm.type_error(format!(
                                "must be real number, not {}",
                                arg.type_data().name
                            )));
                        }
                    }
                };
                let mut sp = spec.clone();
                sp.ty = Some(conv);
                if sp.precision.is_none() {
                    sp.precision = Some(6);
                }
                format_float(vm, f, &sp)?
            }
            'c' if bytes_mode => {
                let s = match arg.downcast::<crate::objects::bytes::BytesData>() {
                    Some(b) if b.data.borrow().len() == 1 => {
                        (b.data.borrow()[0] as char).to_string()
                    }
                    Some(_) => {
                        return Err(
                            vm.type_error("%c requires an integer in range(256) or a single byte")
                        );
                    }
                    None => {
                        let n = vm.index_value(&arg).map_err(|_| {
                            vm.type_error("%c requires an integer in range(256) or a single byte")
                        })?;
                        match u8::try_from(n) {
                            Ok(b) => (b as char).to_string(),
                            Err(_) => return Err(vm.overflow_error("%c arg not in range(256)")),
                        }
                    }
                };
                pad(vm, &s, &spec, '>', 0)?
            }
            'c' => {
                let s = match arg.downcast::<StrData>() {
                    Some(s) if s.char_len() == 1 => s.as_str().to_string(),
                    Some(_) => return Err(vm.type_error("%c requires int or char")),
                    None => {
                        let n = vm.index_value(&arg)?;
                        u32::try_from(n)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| vm.overflow_error("%c arg not in range(0x110000)"))?
                            .to_string()
                    }
                };
                pad(vm, &s, &spec, '>', 0)?
            }
            other => {
                return Err(vm.value_error(format!(
                    "unsupported format character '{other}' ({:#x}) at index {}",
                    other as u32,
                    i - 1
                )));
            }
        };
        out.push_str(&piece);
    }
    if ai < items.len() && mapping.is_none() && !used_mapping {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    let _ = str_of(&types().none);
    Ok(out)
}
