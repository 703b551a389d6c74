//! `float.hex()` and `float.fromhex()`: a float's exact value written in
//! hexadecimal, and such text read back, rounded half to even (subnormals
//! included) the way CPython's `float_fromhex` does it. Registering the
//! methods is num_methods.rs's business.

use num_bigint::BigUint;
use num_traits::Zero;

/// Why `float.fromhex` refuses a string.
#[derive(Debug, PartialEq, Eq)]
pub enum FromHexError {
    /// ValueError: "invalid hexadecimal floating-point string".
    Invalid,
    /// OverflowError: "hexadecimal value too large to represent as a float".
    Overflow,
}

/// `float.hex(f)`: `[-]0x1.<13 hex digits>p<exp>`, subnormals as `0x0.`.
pub fn float_to_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let hex = format!("{mant:013x}");
    format!(
        "{sign}0x{lead}.{hex}p{}{}",
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )
}

/// Python's ASCII whitespace (`Py_ISSPACE`): fromhex knows no other.
fn is_space(b: u8) -> bool {
    crate::objects::str::is_c_space(char::from(b))
}

/// `inf`, `infinity` or `nan` (any case, optional sign) at the start of `s`:
/// the value and the bytes it took, as CPython's `_Py_parse_inf_or_nan`.
fn parse_inf_or_nan(s: &[u8]) -> Option<(f64, usize)> {
    let (neg, at) = match s.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let rest = &s[at..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    let (v, n) = if starts(b"infinity") {
        (f64::INFINITY, 8)
    } else if starts(b"inf") {
        (f64::INFINITY, 3)
    } else if starts(b"nan") {
        (f64::NAN, 3)
    } else {
        return None;
    };
    Some((if neg { -v } else { v }, at + n))
}

/// `float.fromhex(s)`: `[ws][sign][0x]hexdigits[.hexdigits][p[sign]decimal][ws]`
/// (at least one hex digit), or an infinity or nan.
pub fn float_from_hex(s: &str) -> Result<f64, FromHexError> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let rest_is_space = |from: usize| b[from..].iter().all(|&c| is_space(c));
    if let Some((v, n)) = parse_inf_or_nan(&b[i..]) {
        return if rest_is_space(i + n) {
            Ok(v)
        } else {
            Err(FromHexError::Invalid)
        };
    }
    let neg = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    // "0x" is a prefix only when it is both characters: "0" alone is a digit.
    if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_hexdigit() {
        i += 1;
    }
    let int_digits = &s[int_start..i];
    let mut frac_digits = "";
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            i += 1;
        }
        frac_digits = &s[frac_start..i];
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(FromHexError::Invalid);
    }
    // The binary exponent: decimal, saturating like C's strtol.
    let mut exp: i64 = 0;
    if matches!(b.get(i), Some(b'p' | b'P')) {
        i += 1;
        let exp_neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(FromHexError::Invalid);
        }
        while i < b.len() && b[i].is_ascii_digit() {
            exp = exp
                .saturating_mul(10)
                .saturating_add(i64::from(b[i] - b'0'));
            i += 1;
        }
        if exp_neg {
            exp = -exp;
        }
    }
    if !rest_is_space(i) {
        return Err(FromHexError::Invalid);
    }
    let digits = format!("{int_digits}{frac_digits}");
    let mant = BigUint::parse_bytes(digits.as_bytes(), 16).unwrap_or_default();
    // value = mant * 2**scale, exactly.
    let scale = i128::from(exp) - 4 * frac_digits.len() as i128;
    let v = round_to_f64(&mant, scale)?;
    Ok(if neg { -v } else { v })
}

/// `mant * 2**scale` rounded half to even to the nearest float.
fn round_to_f64(mant: &BigUint, scale: i128) -> Result<f64, FromHexError> {
    if mant.is_zero() {
        return Ok(0.0);
    }
    // The exponent of the value's leading bit.
    let top = mant.bits() as i128 - 1 + scale;
    if top >= 1024 {
        return Err(FromHexError::Overflow);
    }
    if top < -1076 {
        // Below half the smallest subnormal: rounds to zero.
        return Ok(0.0);
    }
    // The exponent of the last bit kept: 53 bits, or fewer for subnormals.
    let lsb = (top - 52).max(-1074);
    let shift = lsb - scale;
    let mut q = if shift <= 0 {
        // Exact: fewer significant bits than a double holds.
        mant << ((-shift) as usize)
    } else {
        let shift = shift as usize;
        let q = mant >> shift;
        let rem = mant - (&q << shift);
        let half = BigUint::from(1u8) << (shift - 1);
        if rem > half || (rem == half && q.bit(0)) {
            q + 1u8
        } else {
            q
        }
    };
    let mut lsb = lsb;
    if q.bits() > 53 {
        // Rounding carried into a new bit: 2**53 becomes 2**52 one exponent up.
        q >>= 1usize;
        lsb += 1;
    }
    let q = q.iter_u64_digits().next().unwrap_or(0);
    if q < 1 << 52 {
        // Subnormal (lsb is -1074): the bits are the mantissa.
        return Ok(f64::from_bits(q));
    }
    let biased = lsb + 1075;
    if biased >= 2047 {
        return Err(FromHexError::Overflow);
    }
    Ok(f64::from_bits(((biased as u64) << 52) | (q - (1 << 52))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnormals_and_rounding() {
        assert_eq!(float_from_hex("0x1p-1074"), Ok(5e-324));
        assert_eq!(float_from_hex("0x1p-1075"), Ok(0.0));
        assert_eq!(float_from_hex("0x3p-1076"), Ok(5e-324));
        assert_eq!(
            float_from_hex("0x1.00000000000018p0"),
            Ok(1.0000000000000004)
        );
        assert_eq!(
            float_from_hex("0x1.fffffffffffff8p1023"),
            Err(FromHexError::Overflow)
        );
        assert_eq!(float_from_hex("0x1.fffffffffffffp1023"), Ok(f64::MAX));
        assert_eq!(float_from_hex("0x"), Err(FromHexError::Invalid));
    }

    #[test]
    fn round_trips_hex() {
        for f in [
            1.0,
            -0.1,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            123.456,
        ] {
            assert_eq!(float_from_hex(&float_to_hex(f)), Ok(f));
        }
    }
}
