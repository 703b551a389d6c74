//! `int` and `bool`: arbitrary precision integers. Values in the inline range
//! are small ints (see object.rs); beyond it they are `IntData` heap objects
//! holding a `num_bigint::BigInt`, and every result is normalised back to a
//! small int when it fits. Hashing follows CPython (modulo 2**61 - 1).

use egret_bytecode::BinOp;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::float::FloatData;
use crate::vm::{PyResult, Vm};

pub struct IntData(pub BigInt);
impl Payload for IntData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Int
    }
}

pub struct BoolData(pub bool);
impl Payload for BoolData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Bool
    }
}

const HASH_MODULUS: u64 = (1 << 61) - 1;

pub fn from_i64(i: i64) -> Value {
    match Value::small(i) {
        Some(v) => v,
        None => Value::alloc(&types().int, IntData(BigInt::from(i))),
    }
}

pub fn from_bigint(b: BigInt) -> Value {
    if let Some(i) = b.to_i64()
        && let Some(v) = Value::small(i)
    {
        return v;
    }
    Value::alloc(&types().int, IntData(b))
}

/// The integer value of an int or bool.
pub fn to_bigint(v: &Value) -> Option<BigInt> {
    if let Some(i) = v.as_small() {
        return Some(BigInt::from(i));
    }
    if let Some(d) = v.downcast::<IntData>() {
        return Some(d.0.clone());
    }
    v.downcast::<BoolData>()
        .map(|b| BigInt::from(u8::from(b.0)))
}

pub fn to_i64(v: &Value) -> Option<i64> {
    if let Some(i) = v.as_small() {
        return Some(i);
    }
    if let Some(d) = v.downcast::<IntData>() {
        return d.0.to_i64();
    }
    v.downcast::<BoolData>().map(|b| i64::from(b.0))
}

pub fn is_zero(v: &Value) -> bool {
    to_bigint(v).is_none_or(|b| b.is_zero())
}

/// CPython's int hash: `|i| mod (2**61 - 1)` carrying the sign of `i`,
/// with -1 (the C API's error value) replaced by -2.
pub fn hash_small(i: i64) -> i64 {
    // |i64::MIN| does not fit an i64; its magnitude does fit a u64.
    let r = (i.unsigned_abs() % HASH_MODULUS) as i64;
    let h = if i < 0 { -r } else { r };
    if h == -1 { -2 } else { h }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    let r = (b.magnitude() % HASH_MODULUS).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -r } else { r };
    if h == -1 { -2 } else { h }
}

pub fn hash_int(v: &Value) -> i64 {
    if let Some(i) = to_i64(v) {
        return hash_small(i);
    }
    to_bigint(v).map_or(0, |b| hash_bigint(&b))
}

pub fn neg(v: &Value) -> Value {
    match to_i64(v) {
        Some(i) if i != i64::MIN => from_i64(-i),
        _ => from_bigint(-to_bigint(v).unwrap_or_default()),
    }
}

pub fn invert(v: &Value) -> Value {
    match to_i64(v) {
        Some(i) => from_i64(!i),
        None => from_bigint(-to_bigint(v).unwrap_or_default() - 1),
    }
}

/// Exact equality between ints, bools and floats.
pub fn numeric_eq(a: &Value, b: &Value) -> bool {
    crate::objects::float::numeric_compare(a, b, egret_bytecode::CmpOp::Eq).unwrap_or(false)
}

/// Floor division and modulo with Python's signs.
fn floor_divmod(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    a.div_mod_floor(b)
}

/// Correctly rounded int / int.
pub fn true_divide(vm: &Vm, a: &BigInt, b: &BigInt) -> PyResult {
    if b.is_zero() {
        return Err(vm.zero_division("division by zero"));
    }
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64())
        && x.unsigned_abs() < (1 << 53)
        && y.unsigned_abs() < (1 << 53)
    {
        return Ok(crate::objects::float::new_float(x as f64 / y as f64));
    }
    // Scale a/b by 2**-exp so that the quotient has exactly the bits the
    // result keeps (53, fewer for a subnormal result), round that integer
    // half-to-even once, and scale back exactly.
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    // d with 2**(d-1) <= a/b < 2**d.
    let mut d = a.bits() as i64 - b.bits() as i64;
    let at_least = if d >= 0 {
        a >= (&b << d as usize)
    } else {
        (&a << (-d) as usize) >= b
    };
    if !a.is_zero() && at_least {
        d += 1;
    }
    if d > f64::MAX_EXP as i64 {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    let exp = d.max(f64::MIN_EXP as i64) - f64::MANTISSA_DIGITS as i64;
    let num = &a << (-exp).max(0) as usize;
    let den = &b << exp.max(0) as usize;
    let (mut q, r) = num.div_rem(&den);
    let twice = r << 1;
    if twice > den || (twice == den && q.is_odd()) {
        q += 1;
    }
    // q has at most 53 bits (2**53 after rounding up): exact as a double,
    // and so is the scaling unless the result overflows.
    let f = q.to_f64().unwrap_or(f64::INFINITY);
    let v = crate::objects::float::ldexp(f, exp);
    if v.is_infinite() {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    Ok(crate::objects::float::new_float(if neg { -v } else { v }))
}

/// `int op int`.
pub fn binop(vm: &mut Vm, a: &Value, b: &Value, op: BinOp) -> PyResult {
    if let (Some(x), Some(y)) = (a.downcast::<BoolData>(), b.downcast::<BoolData>()) {
        match op {
            BinOp::And => return Ok(crate::vm::py_bool(x.0 & y.0)),
            BinOp::Or => return Ok(crate::vm::py_bool(x.0 | y.0)),
            BinOp::Xor => return Ok(crate::vm::py_bool(x.0 ^ y.0)),
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (to_i64(a), to_i64(b)) {
        let r = match op {
            BinOp::Add => x.checked_add(y),
            BinOp::Sub => x.checked_sub(y),
            BinOp::Mul => x.checked_mul(y),
            BinOp::FloorDiv => {
                if y == 0 {
                    return Err(vm.zero_division("integer division or modulo by zero"));
                }
                x.checked_div_euclid(y).map(|_| Integer::div_floor(&x, &y))
            }
            BinOp::Mod => {
                if y == 0 {
                    return Err(vm.zero_division("integer modulo by zero"));
                }
                x.checked_rem(y).map(|_| x.mod_floor(&y))
            }
            BinOp::And => Some(x & y),
            BinOp::Or => Some(x | y),
            BinOp::Xor => Some(x ^ y),
            BinOp::RShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                Some(if y >= 64 {
                    if x < 0 { -1 } else { 0 }
                } else {
                    x >> y
                })
            }
            BinOp::LShift => {
                if y < 0 {
                    return Err(vm.value_error("negative shift count"));
                }
                if y < 63 && (x == 0 || (x.unsigned_abs().leading_zeros() as i64) > y + 1) {
                    Some(x << y)
                } else {
                    None
                }
            }
            BinOp::TrueDiv => {
                return true_divide(vm, &BigInt::from(x), &BigInt::from(y));
            }
            BinOp::Pow => {
                if y < 0 {
                    // A negative exponent makes it float ** float.
                    return crate::objects::float::float_pow(vm, x as f64, y as f64);
                }
                u32::try_from(y).ok().and_then(|y| x.checked_pow(y))
            }
            BinOp::MatMul => None,
        };
        if let Some(r) = r {
            return Ok(from_i64(r));
        }
        if op == BinOp::MatMul {
            return Err(vm.type_error(format!(
                "unsupported operand type(s) for @: '{}' and '{}'",
                a.type_data().name,
                b.type_data().name
            )));
        }
    }
    let x = to_bigint(a).unwrap_or_default();
    let y = to_bigint(b).unwrap_or_default();
    Ok(from_bigint(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(vm.zero_division("integer division or modulo by zero"));
            }
            floor_divmod(&x, &y).0
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(vm.zero_division("integer modulo by zero"));
            }
            floor_divmod(&x, &y).1
        }
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::LShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            let s = y
                .to_usize()
                .ok_or_else(|| vm.overflow_error("too many digits in integer"))?;
            if s > 1 << 32 {
                return Err(vm.memory_error());
            }
            x << s
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            match y.to_usize() {
                Some(s) => x >> s,
                None => {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                }
            }
        }
        BinOp::TrueDiv => return true_divide(vm, &x, &y),
        BinOp::Pow => {
            if y.is_negative() {
                // A negative exponent makes it float ** float; both sides
                // must convert (OverflowError otherwise).
                let xf = to_f64_checked(vm, a)?;
                let yf = to_f64_checked(vm, b)?;
                return crate::objects::float::float_pow(vm, xf, yf);
            }
            let e = match y.to_u32() {
                Some(e) => e,
                None => {
                    if x.is_zero() || x.is_one() {
                        return Ok(from_bigint(x));
                    }
                    if x == BigInt::from(-1) {
                        return Ok(from_i64(if y.is_even() { 1 } else { -1 }));
                    }
                    return Err(vm.memory_error());
                }
            };
            if x.bits() as u128 * e as u128 > 1 << 34 {
                return Err(vm.memory_error());
            }
            num_traits::pow::Pow::pow(&x, e)
        }
        BinOp::MatMul => unreachable!("handled above"),
    }))
}

/// `pow(base, exp, mod)`.
pub fn pow_mod(vm: &mut Vm, base: &BigInt, exp: &BigInt, m: &BigInt) -> PyResult {
    if m.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let mut base = base.mod_floor(m);
    let mut exp = exp.clone();
    if exp.is_negative() {
        // Modular inverse.
        let g = base.extended_gcd(m);
        if !g.gcd.is_one() && g.gcd != BigInt::from(-1) {
            return Err(vm.value_error("base is not invertible for the given modulus"));
        }
        base = (g.x * g.gcd).mod_floor(m);
        exp = -exp;
    }
    let r = base.modpow(&exp, &m.abs());
    let r = if m.is_negative() && !r.is_zero() {
        r + m
    } else {
        r
    };
    Ok(from_bigint(r))
}

/// Parses `int(s, base)` text: whitespace, sign, underscores, prefixes, as
/// CPython's `PyLong_FromString`. The text is ASCII: str arguments go
/// through `str::number_text_to_ascii` first, so any other character here
/// makes it invalid.
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    if !s.is_ascii() {
        return None;
    }
    let t = s.trim_matches(crate::objects::str::is_c_space);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let prefixed = |p: &str, b: u32| lower.strip_prefix(p).map(|r| (r, b));
    let (body, radix, had_prefix) = match base {
        0 => match prefixed("0x", 16)
            .or_else(|| prefixed("0o", 8))
            .or_else(|| prefixed("0b", 2))
        {
            Some((r, b)) => (r, b, true),
            None => (lower.as_str(), 10, false),
        },
        16 | 8 | 2 => {
            let p = match base {
                16 => "0x",
                8 => "0o",
                _ => "0b",
            };
            match prefixed(p, base) {
                Some((r, b)) => (r, b, true),
                None => (lower.as_str(), base, false),
            }
        }
        b => (lower.as_str(), b, false),
    };
    // One underscore may follow a base prefix ("0x_ff"); otherwise they
    // stand only between digits.
    let body = if had_prefix {
        body.strip_prefix('_').unwrap_or(body)
    } else {
        body
    };
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    // Base 0 refuses leading zeros in a nonzero decimal ("010").
    if base == 0 && radix == 10 && clean.starts_with('0') && clean.bytes().any(|c| c != b'0') {
        return None;
    }
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = BigInt::parse_bytes(clean.as_bytes(), radix)?;
    Some(if neg { -v } else { v })
}

/// `int(x)` for a float: truncation toward zero.
pub fn from_f64(vm: &Vm, f: f64) -> PyResult {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(from_i64(t as i64));
    }
    Ok(from_bigint(
        num_bigint::BigInt::from_signed_bytes_le(&[]) + bigint_from_f64(t),
    ))
}

pub fn bigint_from_f64(f: f64) -> BigInt {
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 {
        Sign::Minus
    } else {
        Sign::Plus
    };
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let m = BigInt::from(mant);
    let v = if exp >= 0 {
        m << exp as usize
    } else {
        m >> (-exp) as usize
    };
    if sign == Sign::Minus { -v } else { v }
}

/// Exact comparison of a big int and a float.
pub fn bigint_to_f64_exactish(b: &BigInt) -> f64 {
    b.to_f64().unwrap_or(if b.is_negative() {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    })
}

/// Returns the float value for int-like values.
pub fn as_f64(v: &Value) -> Option<f64> {
    if let Some(i) = v.as_small() {
        return Some(i as f64);
    }
    if let Some(f) = v.downcast::<FloatData>() {
        return Some(f.0);
    }
    to_bigint(v).map(|b| bigint_to_f64_exactish(&b))
}

/// Converts a big int to a float, raising OverflowError if too large.
pub fn to_f64_checked(vm: &Vm, v: &Value) -> PyResult<f64> {
    if let Some(i) = v.as_small() {
        return Ok(i as f64);
    }
    let b = to_bigint(v).unwrap_or_default();
    let f = bigint_to_f64_exactish(&b);
    if f.is_infinite() {
        return Err(vm.overflow_error("int too large to convert to float"));
    }
    Ok(f)
}

pub use bigint_from_f64 as f64_to_bigint;

crate::gil_local! {
    /// `sys.set_int_max_str_digits()`: 0 means no limit.
    static MAX_STR_DIGITS: std::cell::Cell<usize> = const { std::cell::Cell::new(4300) };
}

pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.with(std::cell::Cell::get)
}

pub fn set_max_str_digits(n: usize) {
    MAX_STR_DIGITS.with(|m| m.set(n));
}

/// The decimal digits of `|b|`, refused beyond the conversion limit as
/// CPython 3.11 refuses them (CVE-2020-10735).
pub fn decimal_digits(vm: &Vm, b: &BigInt) -> PyResult<String> {
    let limit = max_str_digits();
    // Below log2(10) bits per digit the number is short enough for sure.
    if limit == 0 || (b.bits() as f64) < (limit as f64) * std::f64::consts::LOG2_10 - 8.0 {
        return Ok(b.magnitude().to_string());
    }
    let s = b.magnitude().to_string();
    if s.len() > limit {
        return Err(vm.value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(s)
}

/// `str(b)` with the conversion limit.
pub fn to_decimal(vm: &Vm, b: &BigInt) -> PyResult<String> {
    let digits = decimal_digits(vm, b)?;
    Ok(if b.sign() == num_bigint::Sign::Minus {
        format!("-{digits}")
    } else {
        digits
    })
}

/// Refuses a decimal string with more digits than the limit allows.
pub fn check_str_digits(vm: &Vm, s: &str) -> PyResult<()> {
    let limit = max_str_digits();
    if limit == 0 || s.len() <= limit {
        return Ok(());
    }
    let n = s.bytes().filter(u8::is_ascii_digit).count();
    if n > limit {
        return Err(vm.value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {n} digits; \
             use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(())
}

/// How int()'s "invalid literal" error shows its argument: its repr cut to
/// 200 characters (CPython's `%.200R`), bytes-like text always as bytes
/// (CPython copies it to a bytes object first).
pub(crate) fn invalid_int_literal_repr(vm: &mut Vm, x: &Value) -> PyResult<String> {
    let r = match x.downcast::<crate::objects::bytes::BytesData>() {
        Some(b) => crate::objects::bytes::bytes_repr(&b.data.borrow(), "b"),
        None => vm.repr_string(x)?,
    };
    Ok(r.chars().take(200).collect())
}

/// `int(x)`.
pub fn int_from(vm: &mut Vm, x: &Value) -> PyResult {
    match x.kind() {
        Kind::Int if x.type_data().is_heap => Ok(from_bigint(
            crate::objects::int::to_bigint(x).unwrap_or_default(),
        )),
        Kind::Int => Ok(x.clone()),
        Kind::Bool => Ok(from_i64(i64::from(x.is(&types().true_)))),
        Kind::Float => {
            crate::objects::int::from_f64(vm, x.downcast::<FloatData>().expect("float").0)
        }
        Kind::Str | Kind::Bytes | Kind::ByteArray => {
            let s = match x.downcast::<crate::objects::str::StrData>() {
                Some(s) => s.as_str().to_string(),
                None => String::from_utf8_lossy(
                    &x.downcast::<crate::objects::bytes::BytesData>()
                        .expect("bytes")
                        .data
                        .borrow(),
                )
                .into_owned(),
            };
            // Only str text may hold digits of other scripts.
            let text = if x.kind() == Kind::Str {
                crate::objects::str::number_text_to_ascii(&s)
            } else {
                Some(std::borrow::Cow::Borrowed(s.as_str()))
            };
            match text
                .as_deref()
                .and_then(|t| crate::objects::int::parse_int(t, 10).map(|v| (t, v)))
            {
                Some((t, v)) => {
                    crate::objects::int::check_str_digits(vm, t)?;
                    Ok(from_bigint(v))
                }
                None => {
                    let r = invalid_int_literal_repr(vm, x)?;
                    Err(vm.value_error(format!("invalid literal for int() with base 10: {r}")))
                }
            }
        }
        _ => {
            for m in ["__int__", "__index__", "__trunc__"] {
                if let Some(f) = vm.user_method(x, m) {
                    return vm.call_special(&f, x, &[]);
                }
            }
            // Any other simple buffer holds the text (copied to bytes).
            if crate::objects::buffer::is_exporter(x)
                && let Ok(Some(b)) = crate::objects::buffer::bytes_like_opt(vm, x)
            {
                return int_from(vm, &crate::objects::bytes::new_bytes(b));
            }
            Err(vm.type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                x.type_data().name
            )))
        }
    }
}
