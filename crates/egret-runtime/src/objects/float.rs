//! `float` and `complex`: arithmetic with Python's semantics (floor division
//! and modulo signs, ZeroDivisionError, OverflowError), exact comparisons
//! between ints and floats, CPython's numeric hash, and `repr` as the
//! shortest round-tripping string spelled the way CPython spells it.

use std::cmp::Ordering;

use egret_bytecode::{BinOp, CmpOp};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::int::{f64_to_bigint, to_bigint};
use crate::vm::{PyResult, Vm};

#[repr(transparent)]
pub struct FloatData(pub f64);
impl Payload for FloatData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Float
    }
}

pub struct ComplexData {
    pub re: f64,
    pub im: f64,
}
impl Payload for ComplexData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Complex
    }
}

#[inline]
pub fn new_float(f: f64) -> Value {
    crate::object::alloc_float(&types().float, f)
}

pub fn new_complex(re: f64, im: f64) -> Value {
    Value::alloc(&types().complex, ComplexData { re, im })
}

pub fn float_of(v: &Value) -> Option<f64> {
    v.downcast::<FloatData>().map(|f| f.0)
}

/// CPython's `_Py_HashDouble`.
pub fn hash_float(v: f64, obj: &Value) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if v.is_nan() {
        return crate::protocols::ops::identity_hash(obj);
    }
    if v.is_infinite() {
        return if v > 0.0 { 314_159 } else { -314_159 };
    }
    if v == v.trunc() && v.abs() < 9.0e18 {
        return crate::objects::int::hash_small(v as i64);
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        (e as u32) % BITS
    } else {
        BITS - 1 - (((-1 - e) as u32) % BITS)
    };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 { -2 } else { h }
}

/// `frexp`: v = m * 2**e with 0.5 <= |m| < 1.
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || v.is_nan() || v.is_infinite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

fn cmp_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fi = f64_to_bigint(fl);
    match i.cmp(&fi) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
    }
}

/// Comparison of two numbers (int, bool, float); None if unordered/not numbers.
pub fn numeric_compare(a: &Value, b: &Value, op: CmpOp) -> Option<bool> {
    let ord = match (a.kind(), b.kind()) {
        (Kind::Float, Kind::Float) => {
            let (x, y) = (float_of(a)?, float_of(b)?);
            x.partial_cmp(&y)
        }
        (Kind::Float, Kind::Int | Kind::Bool) => {
            let x = float_of(a)?;
            if let Some(i) = crate::objects::int::to_i64(b)
                && i.unsigned_abs() < (1 << 53)
            {
                x.partial_cmp(&(i as f64))
            } else {
                cmp_int_float(&to_bigint(b)?, x).map(Ordering::reverse)
            }
        }
        (Kind::Int | Kind::Bool, Kind::Float) => {
            let y = float_of(b)?;
            if let Some(i) = crate::objects::int::to_i64(a)
                && i.unsigned_abs() < (1 << 53)
            {
                (i as f64).partial_cmp(&y)
            } else {
                cmp_int_float(&to_bigint(a)?, y)
            }
        }
        (Kind::Int | Kind::Bool, Kind::Int | Kind::Bool) => {
            match (
                crate::objects::int::to_i64(a),
                crate::objects::int::to_i64(b),
            ) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => Some(to_bigint(a)?.cmp(&to_bigint(b)?)),
            }
        }
        (Kind::Complex, _) | (_, Kind::Complex) => {
            let (ar, ai) = complex_parts(a)?;
            let (br, bi) = complex_parts(b)?;
            return match op {
                CmpOp::Eq => Some(ar == br && ai == bi),
                CmpOp::Ne => Some(ar != br || ai != bi),
                _ => None,
            };
        }
        _ => return None,
    };
    Some(match ord {
        None => op == CmpOp::Ne,
        Some(o) => match op {
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Eq => o.is_eq(),
            CmpOp::Ne => o.is_ne(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
        },
    })
}

fn complex_parts(v: &Value) -> Option<(f64, f64)> {
    if let Some(c) = v.downcast::<ComplexData>() {
        return Some((c.re, c.im));
    }
    crate::objects::int::as_f64(v).map(|f| (f, 0.0))
}

fn to_float(vm: &Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = float_of(v) {
        return Ok(f);
    }
    crate::objects::int::to_f64_checked(vm, v)
}

/// Python's float modulo (result has the sign of the divisor).
pub fn py_fmod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) { m + y } else { m }
    } else {
        0f64.copysign(y)
    }
}

/// Python's float divmod.
pub fn py_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// `float op float` (ints are converted first).
pub fn binop(vm: &mut Vm, a: &Value, b: &Value, op: BinOp) -> PyResult {
    let x = to_float(vm, a)?;
    let y = to_float(vm, b)?;
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(vm.zero_division("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(vm.zero_division("float floor division by zero"));
            }
            py_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(vm.zero_division("float modulo"));
            }
            py_fmod(x, y)
        }
        BinOp::Pow => return float_pow(vm, x, y),
        _ => {
            return Err(vm.type_error(format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                a.type_data().name,
                b.type_data().name
            )));
        }
    };
    Ok(new_float(r))
}

/// `x ** y` for floats, as CPython's `float_pow`: the special cases of C99
/// Annex F are settled here in CPython's order (an exponent of 0 first,
/// then nans, infinite exponents, infinite bases, zero bases), so the C
/// library's `pow` only sees finite positive bases other than 1. A negative
/// base with a non-integer exponent gives complex's power; overflow is an
/// OverflowError.
pub fn float_pow(vm: &Vm, x: f64, y: f64) -> PyResult {
    // fmod(|y|, 2) == 1: y is an odd integer.
    let is_odd_integer = |y: f64| y.abs() % 2.0 == 1.0;
    if y == 0.0 {
        // x ** 0 is 1, even for a nan or a zero x.
        return Ok(new_float(1.0));
    }
    if x.is_nan() {
        return Ok(new_float(x));
    }
    if y.is_nan() {
        return Ok(new_float(if x == 1.0 { 1.0 } else { y }));
    }
    if y.is_infinite() {
        let ax = x.abs();
        let r = if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(new_float(r));
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        let r = if y > 0.0 {
            if odd { x } else { x.abs() }
        } else if odd {
            0.0f64.copysign(x)
        } else {
            0.0
        };
        return Ok(new_float(r));
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
        }
        return Ok(new_float(if is_odd_integer(y) { x } else { 0.0 }));
    }
    let mut base = x;
    let mut negate = false;
    if x < 0.0 {
        if y != y.floor() {
            // A negative base with a fractional exponent: complex's power.
            return match crate::objects::complex::pow((x, 0.0), (y, 0.0)) {
                Ok((re, im)) => Ok(new_complex(re, im)),
                Err(_) => Err(vm.err(&types().exc.overflow_error, "complex exponentiation")),
            };
        }
        base = -x;
        negate = is_odd_integer(y);
    }
    if base == 1.0 {
        // 1 ** y, and (-1) ** y for any integer y however large.
        return Ok(new_float(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(y);
    if r.is_infinite() {
        return Err(vm.overflow_error("(34, 'Numerical result out of range')"));
    }
    Ok(new_float(if negate { -r } else { r }))
}

/// Arithmetic where one side is complex.
pub fn complex_binop(vm: &mut Vm, a: &Value, b: &Value, op: BinOp) -> PyResult {
    let (ar, ai) = complex_parts(a).unwrap_or((0.0, 0.0));
    let (br, bi) = complex_parts(b).unwrap_or((0.0, 0.0));
    let (r, i) = match op {
        BinOp::Add => (ar + br, ai + bi),
        BinOp::Sub => (ar - br, ai - bi),
        BinOp::Mul => (ar * br - ai * bi, ar * bi + ai * br),
        BinOp::TrueDiv => match crate::objects::complex::quot((ar, ai), (br, bi)) {
            Some(q) => q,
            None => return Err(vm.zero_division("complex division by zero")),
        },
        BinOp::Pow => match crate::objects::complex::pow((ar, ai), (br, bi)) {
            Ok(p) => p,
            Err(crate::objects::complex::PowError::Domain) => {
                return Err(vm.zero_division("0.0 to a negative or complex power"));
            }
            Err(crate::objects::complex::PowError::Overflow) => {
                return Err(vm.err(&types().exc.overflow_error, "complex exponentiation"));
            }
        },
        _ => {
            return Err(vm.type_error(format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                a.type_data().name,
                b.type_data().name
            )));
        }
    };
    Ok(new_complex(r, i))
}

/// Shortest round-trip digits and decimal exponent: v = 0.d1d2d3... * 10**exp.
/// Of two shortest candidates the one nearer the exact value wins, and an
/// exact tie goes to the even digit, as in CPython's `dtoa` (mode 0).
pub fn shortest_digits(v: f64) -> (String, i32) {
    let split = |s: &str| -> (String, i32) {
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        let digits: String = mant.chars().filter(|c| *c != '.').collect();
        (digits, exp.parse::<i32>().unwrap_or(0) + 1)
    };
    let v = v.abs();
    let (digits, exp) = split(&format!("{v:e}"));
    // Rust's shortest form breaks a tie between two candidates upward;
    // exact formatting at the same length rounds half to even.
    if digits.len() > 1 {
        let exact = format!("{v:.*e}", digits.len() - 1);
        if exact.parse::<f64>() == Ok(v) {
            return split(&exact);
        }
    }
    (digits, exp)
}

/// `repr(float)`, exactly as CPython writes it.
pub fn float_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (digits, exp) = shortest_digits(v);
    let sign = if v < 0.0 { "-" } else { "" };
    let decpt = exp; // digits before the decimal point
    if (-3..=16).contains(&decpt) {
        let s = if decpt <= 0 {
            format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
        } else if decpt as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(decpt as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..decpt as usize],
                &digits[decpt as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let e = decpt - 1;
        let mant = if digits.len() == 1 {
            digits.clone()
        } else {
            format!("{}.{}", &digits[..1], &digits[1..])
        };
        let esign = if e < 0 { "-" } else { "+" };
        format!("{sign}{mant}e{esign}{:02}", e.abs())
    }
}

/// `repr(complex)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let fmt = |x: f64| {
        let r = float_repr(x);
        r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
    };
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", fmt(im))
    } else {
        let sign = if im.is_sign_negative() && !im.is_nan() {
            "-"
        } else {
            "+"
        };
        let imag = fmt(im.abs());
        format!("({}{sign}{imag}j)", fmt(re))
    }
}

/// The largest `ndigits` at which rounding can change a float: beyond it
/// `round(x, ndigits)` is `x` (CPython's NDIGITS_MAX).
const ROUND_NDIGITS_MAX: i64 = 323;
/// Below this `round(x, ndigits)` is a zero with the sign of `x`
/// (CPython's NDIGITS_MIN).
const ROUND_NDIGITS_MIN: i64 = -308;

/// `round(x, ndigits)` for a float: the exact binary value of `x` rounded
/// half to even at the `ndigits`-th decimal place (negative: left of the
/// point), then converted back to the nearest float, as CPython's
/// `double_round` does with `dtoa`. `None` when the rounded value is too
/// large for a float.
pub fn round_float(x: f64, ndigits: i64) -> Option<f64> {
    use num_integer::Integer;
    if !x.is_finite() || x == 0.0 || ndigits > ROUND_NDIGITS_MAX {
        return Some(x);
    }
    if ndigits < ROUND_NDIGITS_MIN {
        return Some(0.0 * x);
    }
    // |x| = mant * 2**exp exactly.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mant, exp) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    // |x| * 10**ndigits = num / den; both are exact integers.
    let ten = BigInt::from(10);
    let mut num = BigInt::from(mant);
    let mut den = BigInt::from(1);
    if exp >= 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    if ndigits >= 0 {
        num *= num_traits::pow::Pow::pow(&ten, ndigits as u32);
    } else {
        den *= num_traits::pow::Pow::pow(&ten, (-ndigits) as u32);
    }
    let (mut q, r) = num.div_rem(&den);
    let twice: BigInt = r << 1usize;
    if twice > den || (twice == den && q.is_odd()) {
        q += 1;
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // A decimal string converts to the correctly rounded float.
    let rounded: f64 = format!("{sign}{q}e{}", -ndigits).parse().ok()?;
    if rounded.is_infinite() {
        return None;
    }
    Some(rounded)
}

pub fn to_i64_checked(f: f64) -> Option<i64> {
    f.to_i64()
}

/// `float(x)`.
pub fn float_from(vm: &mut Vm, x: &Value) -> PyResult {
    match x.kind() {
        Kind::Float if x.type_data().is_heap => {
            Ok(new_float(crate::objects::float::float_of(x).unwrap_or(0.0)))
        }
        Kind::Float => Ok(x.clone()),
        Kind::Int | Kind::Bool => Ok(new_float(crate::objects::int::to_f64_checked(vm, x)?)),
        Kind::Str | Kind::Bytes | Kind::ByteArray => {
            let parsed = match x.downcast::<crate::objects::str::StrData>() {
                Some(s) => crate::objects::str::number_text_to_ascii(s.as_str())
                    .as_deref()
                    .and_then(parse_float),
                None => {
                    let b = x
                        .downcast::<crate::objects::bytes::BytesData>()
                        .expect("bytes")
                        .data
                        .borrow();
                    std::str::from_utf8(&b).ok().and_then(parse_float)
                }
            };
            match parsed {
                Some(f) => Ok(new_float(f)),
                None => {
                    let r = vm.repr_string(x)?;
                    Err(vm.value_error(format!("could not convert string to float: {r}")))
                }
            }
        }
        _ => {
            if let Some(f) = vm.user_method(x, "__float__") {
                return vm.call_special(&f, x, &[]);
            }
            if let Some(f) = vm.user_method(x, "__index__") {
                let i = vm.call_special(&f, x, &[])?;
                return Ok(new_float(crate::objects::int::to_f64_checked(vm, &i)?));
            }
            // Any other simple buffer holds the text.
            if crate::objects::buffer::is_exporter(x)
                && let Ok(Some(b)) = crate::objects::buffer::bytes_like_opt(vm, x)
            {
                return match std::str::from_utf8(&b).ok().and_then(parse_float) {
                    Some(f) => Ok(new_float(f)),
                    None => {
                        let r = vm.repr_string(x)?;
                        Err(vm.value_error(format!("could not convert string to float: {r}")))
                    }
                };
            }
            Err(vm.type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                x.type_data().name
            )))
        }
    }
}

/// Parses `float(s)` text as CPython does: ASCII whitespace around an
/// optional sign and `inf`, `infinity`, `nan` (any case) or a decimal
/// number (digits with an optional point, at least one digit, an optional
/// exponent), underscores only between two digits. The text is ASCII (see
/// `str::number_text_to_ascii`).
pub fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' && !(i > 0 && digit_at(i - 1) && digit_at(i + 1)) {
            return None;
        }
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let t = clean.trim_matches(crate::objects::str::is_c_space);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let special = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        Some(f64::INFINITY)
    } else if body.eq_ignore_ascii_case("nan") {
        Some(f64::NAN)
    } else {
        None
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    // digits [. digits] | . digits, then [e [sign] digits]
    let d = body.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while d.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let mut mantissa = digits(&mut i);
    if d.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return None;
    }
    if matches!(d.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(d.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != d.len() {
        return None;
    }
    let v: f64 = body.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// `x * 2**e`, rounded once (C's `ldexp`/`scalbn`): the scaling is done in
/// steps that are exact, so that only the last multiplication rounds (a
/// single `x * 2f64.powi(e)` loses a subnormal or overflows on the way).
pub fn ldexp(x: f64, e: i64) -> f64 {
    let pow2 = |n: i64| f64::from_bits(((n + 1023) as u64) << 52);
    let mut y = x;
    let mut n = e.clamp(-3000, 3000);
    if n > 1023 {
        y *= pow2(1023);
        n -= 1023;
        if n > 1023 {
            y *= pow2(1023);
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        // 2**-1022 * 2**53: the product keeps every bit while it is normal.
        y *= pow2(-1022) * pow2(53);
        n += 1022 - 53;
        if n < -1022 {
            y *= pow2(-1022) * pow2(53);
            n = (n + 1022 - 53).max(-1022);
        }
    }
    y * pow2(n)
}
