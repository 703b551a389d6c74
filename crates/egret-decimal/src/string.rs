//! Conversions between [`Decimal`] and text: the specification's
//! numeric-string parser, `to-scientific-string`, `to-engineering-string`,
//! and `Context::create_decimal` (parse, then round to the context).

use crate::coeff::Coeff;
use crate::context::{Context, Flags};
use crate::decimal::{Decimal, EXP_LIMIT, Kind};

impl Decimal {
    /// Parses the specification's numeric-string syntax: an optional sign,
    /// then digits with an optional point and an optional exponent, or
    /// `Inf`/`Infinity`, or `NaN`/`sNaN` with an optional digit payload.
    /// Case-insensitive; no whitespace or underscores.  The value is exact
    /// (not rounded); exponents beyond +-3e18 saturate.  Returns `None` on a
    /// syntax error.
    pub fn parse(s: &str) -> Option<Decimal> {
        let b = s.as_bytes();
        let (neg, rest) = match b.first() {
            Some(b'-') => (true, &b[1..]),
            Some(b'+') => (false, &b[1..]),
            _ => (false, b),
        };
        if rest.is_empty() {
            return None;
        }
        if rest[0].is_ascii_alphabetic() {
            let lower: Vec<u8> = rest.iter().map(|c| c.to_ascii_lowercase()).collect();
            if lower == b"inf" || lower == b"infinity" {
                return Some(Decimal::infinity(neg));
            }
            let (signaling, digits) = if let Some(d) = lower.strip_prefix(b"snan") {
                (true, d)
            } else if let Some(d) = lower.strip_prefix(b"nan") {
                (false, d)
            } else {
                return None;
            };
            let payload = if digits.is_empty() {
                Coeff::ZERO
            } else {
                Coeff::from_digits(digits)?
            };
            return Some(Decimal::nan(neg, payload, signaling));
        }
        // Mantissa.
        let mut i = 0;
        let mut digits: Vec<u8> = Vec::with_capacity(rest.len());
        let mut frac = 0i64;
        let mut seen_point = false;
        let mut ndig = 0usize;
        while i < rest.len() {
            let c = rest[i];
            if c.is_ascii_digit() {
                ndig += 1;
                // Skip leading zeros of the coefficient.
                if !(digits.is_empty() && c == b'0') {
                    digits.push(c);
                }
                if seen_point {
                    frac += 1;
                }
            } else if c == b'.' && !seen_point {
                seen_point = true;
            } else {
                break;
            }
            i += 1;
        }
        if ndig == 0 {
            return None;
        }
        let mut exp: i128 = 0;
        if i < rest.len() {
            if rest[i] != b'e' && rest[i] != b'E' {
                return None;
            }
            i += 1;
            let eneg = match rest.get(i) {
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
            if i >= rest.len() {
                return None;
            }
            for &c in &rest[i..] {
                if !c.is_ascii_digit() {
                    return None;
                }
                if exp < 100_000_000_000_000_000_000 {
                    exp = exp * 10 + (c - b'0') as i128;
                }
            }
            if eneg {
                exp = -exp;
            }
        }
        let exp = (exp - frac as i128).clamp(-(EXP_LIMIT as i128), EXP_LIMIT as i128) as i64;
        let coeff = if digits.is_empty() {
            Coeff::ZERO
        } else {
            Coeff::from_digits(&digits)?
        };
        Some(Decimal::from_parts(neg, coeff, exp))
    }

    /// Python's exact `Decimal(str)` conversion on an already trimmed
    /// string (surrounding whitespace and underscores are the caller's
    /// job): `None` on a syntax error or when a finite value's exponent is
    /// outside CPython's limits (CPython's C implementation then signals
    /// InvalidOperation, i.e. ConversionSyntax).
    pub fn parse_checked(s: &str) -> Option<Decimal> {
        let d = Decimal::parse(s)?;
        if d.is_finite() && !d.coeff.is_zero() {
            let adj = d.adjusted();
            if adj > crate::context::MAX_EMAX || d.exp < crate::context::MIN_ETINY {
                return None;
            }
        }
        if d.is_finite() && d.coeff.is_zero() {
            // Zeros are clamped silently by CPython only within the limits.
            if d.exp > crate::context::MAX_EMAX || d.exp < crate::context::MIN_ETINY {
                return None;
            }
        }
        Some(d)
    }

    fn format(&self, eng: bool, capitals: bool) -> String {
        let mut out = String::new();
        if self.sign {
            out.push('-');
        }
        match self.kind {
            Kind::Infinite => {
                out.push_str("Infinity");
                return out;
            }
            Kind::QNaN | Kind::SNaN => {
                if self.kind == Kind::SNaN {
                    out.push('s');
                }
                out.push_str("NaN");
                if !self.coeff.is_zero() {
                    out.push_str(&self.coeff.to_digits());
                }
                return out;
            }
            Kind::Finite => {}
        }
        let digits = self.coeff.to_digits();
        let n = digits.len() as i64;
        let leftdigits = self.exp + n;
        let dotplace = if self.exp <= 0 && leftdigits > -6 {
            leftdigits
        } else if !eng {
            1
        } else if self.coeff.is_zero() {
            (leftdigits + 1).rem_euclid(3) - 1
        } else {
            (leftdigits - 1).rem_euclid(3) + 1
        };
        if dotplace <= 0 {
            out.push_str("0.");
            for _ in 0..(-dotplace) {
                out.push('0');
            }
            out.push_str(&digits);
        } else if dotplace >= n {
            out.push_str(&digits);
            for _ in 0..(dotplace - n) {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dotplace as usize]);
            out.push('.');
            out.push_str(&digits[dotplace as usize..]);
        }
        if leftdigits != dotplace {
            out.push(if capitals { 'E' } else { 'e' });
            let e = leftdigits - dotplace;
            if e >= 0 {
                out.push('+');
            }
            out.push_str(&e.to_string());
        }
        out
    }

    /// The specification's to-scientific-string (Python's `str()`), with
    /// `E` or `e` for the exponent.
    pub fn to_sci_string(&self, capitals: bool) -> String {
        self.format(false, capitals)
    }

    /// The specification's to-engineering-string (exponent a multiple of
    /// three).
    pub fn to_eng_string(&self, capitals: bool) -> String {
        self.format(true, capitals)
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_sci_string(true))
    }
}

impl Context {
    /// Converts a numeric string to a number rounded to this context, like
    /// Python's `Context.create_decimal(str)`.  A syntax error, or a NaN
    /// payload longer than `prec - clamp` digits, gives NaN and raises
    /// ConversionSyntax.
    pub fn create_decimal(&mut self, s: &str) -> Decimal {
        match Decimal::parse(s) {
            None => {
                self.raise(Flags::CONVERSION_SYNTAX);
                Decimal::qnan()
            }
            Some(d) => self.create_decimal_from(d),
        }
    }

    /// Rounds an exact number to this context like
    /// `Context.create_decimal(Decimal)`: an over-long NaN payload raises
    /// ConversionSyntax, otherwise the value is finished to the context.
    pub fn create_decimal_from(&mut self, d: Decimal) -> Decimal {
        if d.is_nan() && d.coeff.digits() > self.prec - self.clamp as u64 && !d.coeff.is_zero() {
            self.raise(Flags::CONVERSION_SYNTAX);
            return Decimal::qnan();
        }
        d.fix(self)
    }
}
