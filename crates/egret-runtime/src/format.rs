//! Formatting: the format-spec mini-language (`format()`, f-strings,
//! `str.format`) for int, float and str, and printf-style `%` formatting.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::float::FloatData;
use crate::int::to_bigint;
use crate::interp::str_of;
use crate::object::Value;
use crate::str::{StrData, new_str};
use crate::tuple::TupleData;
use crate::types::{Kind, types};
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

pub fn parse_spec(vm: &Vm, s: &str) -> PyResult<Spec> {
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
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        spec.width = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        spec.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(vm.value_error("Format specifier missing precision"));
        }
        spec.precision = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() {
        spec.ty = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(vm.value_error("Invalid format specifier"));
    }
    Ok(spec)
}

fn pad(body: &str, spec: &Spec, default_align: char, sign_len: usize) -> String {
    let width = spec.width.unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return body.to_string();
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
    let f = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{body}{}", f(n)),
        '^' => format!("{}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => {
            let (s, rest) = body.split_at(
                body.char_indices()
                    .nth(sign_len)
                    .map_or(body.len(), |(b, _)| b),
            );
            format!("{s}{}{rest}", f(n))
        }
        _ => format!("{}{body}", f(n)),
    }
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
            return Ok(pad(&c.to_string(), spec, '<', 0));
        }
        _ => {
            return Err(vm.value_error(format!(
                "Unknown format code '{ty}' for object of type 'int'"
            )));
        }
    };
    let mut digits = if radix == 10 {
        crate::int::decimal_digits(vm, v)?
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
            let mut d = digits.clone();
            loop {
                let g2 = group_digits(&d, g, every);
                if g2.len() >= width {
                    return Ok(format!("{sign}{pre}{g2}"));
                }
                d.insert(0, '0');
            }
        }
        digits = group_digits(&digits, g, every);
    }
    let sign = sign_str(v.is_negative(), spec.sign);
    let pre = if spec.alt { prefix } else { "" };
    let body = format!("{sign}{pre}{digits}");
    Ok(pad(&body, spec, '>', sign.len() + pre.len()))
}

/// Python's 'e' formatting: `1.500000e+00`.
pub fn fmt_e(x: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = format!("{:.*e}", prec, x);
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
        if alt {
            return format!("{z}.{}", "0".repeat(p - 1));
        }
        return if repr_like {
            format!("{z}.0")
        } else {
            z.to_string()
        };
    }
    let s = format!("{:.*e}", p - 1, x);
    let exp: i32 = s.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0));
    let body = if exp >= -4 && exp < p as i32 {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let mut f = format!("{:.*}", decimals, x);
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
                let s = format!("{:.*}", p, a);
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
                format!("{:.*}%", p, a * 100.0)
            }
            None => match spec.precision {
                None => crate::float::float_repr(a),
                Some(p) => fmt_g(a, p, false, spec.alt, true),
            },
            Some(c) => {
                return Err(vm.value_error(format!(
                    "Unknown format code '{c}' for object of type 'float'"
                )));
            }
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
    Ok(pad(&full, spec, '>', sign.len()))
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
    Ok(pad(&body, spec, '<', 0))
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
                let sp = parse_spec(self, spec)?;
                match sp.ty {
                    Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
                        let f = crate::int::to_f64_checked(self, v)?;
                        format_float(self, f, &sp)?
                    }
                    None if v.kind() == Kind::Bool && sp.width.is_none() => self.str_string(v)?,
                    _ => format_int(self, &to_bigint(v).unwrap_or_default(), &sp)?,
                }
            }
            Kind::Float => {
                let sp = parse_spec(self, spec)?;
                format_float(self, v.downcast::<FloatData>().expect("float").0, &sp)?
            }
            Kind::Str => {
                let sp = parse_spec(self, spec)?;
                format_str(self, v.downcast::<StrData>().expect("str").as_str(), &sp)?
            }
            _ => {
                if v.type_data().is_heap || !matches!(v.kind(), Kind::Complex) {
                    return Err(self.type_error(format!(
                        "unsupported format string passed to {}.__format__",
                        v.type_data().name
                    )));
                }
                let c = v.downcast::<crate::float::ComplexData>().expect("complex");
                crate::complex::format(self, c.re, c.im, spec)?
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
    let data = if let Some(b) = arg.downcast::<crate::bytes::BytesData>() {
        b.data.borrow().clone()
    } else if arg.is_exact(&types().memoryview) {
        let b = vm.call_method(arg, "tobytes", &[])?;
        b.downcast::<crate::bytes::BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default()
    } else if arg.type_data().lookup("__bytes__").is_some() {
        let b = vm.call_method(arg, "__bytes__", &[])?;
        match b.downcast::<crate::bytes::BytesData>() {
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
                    crate::bytes::new_bytes(k.chars().map(|c| c as u32 as u8).collect())
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
        if i < chars.len() && chars[i] == '*' {
            let w = next_arg(vm)?;
            spec.width = Some(vm.index_value(&w)?.max(0) as usize);
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i > start {
                spec.width = chars[start..i].iter().collect::<String>().parse().ok();
            }
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            spec.precision = Some(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0),
            );
            if i == start && i < chars.len() && chars[i] == '*' {
                let p = next_arg(vm)?;
                spec.precision = Some(vm.index_value(&p)?.max(0) as usize);
                i += 1;
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
                    _ => crate::str::ascii_escape(&vm.repr_string(&arg)?),
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
                pad(&s, &sp, '>', 0)
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let v = match arg.kind() {
                    Kind::Int | Kind::Bool => to_bigint(&arg).unwrap_or_default(),
                    Kind::Float => {
                        let f = arg.downcast::<FloatData>().expect("float").0;
                        to_bigint(&crate::int::from_f64(vm, f)?).unwrap_or_default()
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
                    _ => crate::int::decimal_digits(vm, &v)?,
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
                pad(&body, &spec, '>', sign.len() + pre.len())
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match crate::int::as_f64(&arg) {
                    Some(f) if matches!(arg.kind(), Kind::Int | Kind::Bool | Kind::Float) => f,
                    _ => {
                        if let Some(m) = vm.user_method(&arg, "__float__") {
                            let r = vm.call_special(&m, &arg, &[])?;
                            crate::int::as_f64(&r).unwrap_or(0.0)
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
                let s = match arg.downcast::<crate::bytes::BytesData>() {
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
                pad(&s, &spec, '>', 0)
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
                pad(&s, &spec, '>', 0)
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
