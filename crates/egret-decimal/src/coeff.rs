//! The unsigned integer coefficient of a decimal number.  [`Coeff`] keeps
//! values that fit in a `u128` inline (the fast path used by everyday
//! numbers of up to 38 digits) and falls back to `num_bigint::BigUint`
//! only for larger values.  This module owns the digit-level helpers the
//! arithmetic needs: digit counts, powers of ten, splitting off low digits
//! and classifying discarded digits for rounding.

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::ToPrimitive;
use std::cmp::Ordering;

/// An arbitrary-precision unsigned integer, stored inline when it fits in
/// a `u128`.  Build one with `From<u64>`, `From<u128>` or
/// `From<BigUint>`; the representation is private so that the inline form
/// is always used for small values (which makes derived equality value
/// equality).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coeff(Repr);

/// The two representations; `Big` always holds a value above `u128::MAX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    Small(u128),
    Big(BigUint),
}

/// Powers of ten that fit in a `u128` (10^0 ..= 10^38).
const POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// How the digits discarded by a rounding step compare with one half of a
/// unit in the last kept place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rest {
    /// All discarded digits are zero.
    Zero,
    /// Nonzero but less than one half.
    Below,
    /// Exactly one half.
    Half,
    /// More than one half.
    Above,
}

impl Default for Coeff {
    fn default() -> Self {
        Coeff::small(0)
    }
}

impl From<u128> for Coeff {
    fn from(v: u128) -> Self {
        Coeff::small(v)
    }
}

impl From<u64> for Coeff {
    fn from(v: u64) -> Self {
        Coeff::small(v as u128)
    }
}

impl From<BigUint> for Coeff {
    fn from(v: BigUint) -> Self {
        match v.to_u128() {
            Some(s) => Coeff::small(s),
            None => Coeff::big(v),
        }
    }
}

impl PartialOrd for Coeff {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Coeff {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            (Repr::Small(_), Repr::Big(_)) => Ordering::Less,
            (Repr::Big(_), Repr::Small(_)) => Ordering::Greater,
            (Repr::Big(a), Repr::Big(b)) => a.cmp(b),
        }
    }
}

/// Number of decimal digits of a `u128` (1 for zero).
fn digits_u128(v: u128) -> u64 {
    // floor(log10(2) * bits) is exact or one too small.
    let bits = 128 - (v | 1).leading_zeros() as usize;
    let est = (bits * 1233) >> 12;
    if est < 39 && v >= POW10[est] {
        est as u64 + 1
    } else {
        est.max(1) as u64
    }
}

/// Powers of ten up to this exponent are cached per thread.
const POW10_CACHE: u64 = 1200;

thread_local! {
    static BIG_POW10: std::cell::RefCell<Vec<BigUint>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `f` with `10^n` as a `BigUint`, borrowing a cached value when
/// possible.
pub(crate) fn with_pow10<R>(n: u64, f: impl FnOnce(&BigUint) -> R) -> R {
    if n <= POW10_CACHE {
        BIG_POW10.with(|c| {
            let mut c = c.borrow_mut();
            if c.is_empty() {
                let mut v = Vec::with_capacity(POW10_CACHE as usize + 1);
                let mut p = BigUint::from(1u32);
                for _ in 0..=POW10_CACHE {
                    v.push(p.clone());
                    p *= 10u32;
                }
                *c = v;
            }
            f(&c[n as usize])
        })
    } else {
        f(&BigUint::from(10u32).pow(n as u32))
    }
}

/// `10^n` as a `BigUint`.
pub(crate) fn big_pow10(n: u64) -> BigUint {
    if n < 39 {
        return BigUint::from(POW10[n as usize]);
    }
    with_pow10(n, BigUint::clone)
}

impl Coeff {
    /// An inline value.
    const fn small(v: u128) -> Coeff {
        Coeff(Repr::Small(v))
    }

    /// A big value; callers guarantee it exceeds `u128::MAX`.
    fn big(v: BigUint) -> Coeff {
        Coeff(Repr::Big(v))
    }

    /// Zero.
    pub const ZERO: Coeff = Coeff::small(0);
    /// One.
    pub const ONE: Coeff = Coeff::small(1);

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        matches!(&self.0, Repr::Small(0))
    }

    /// The value as a `BigUint`.
    pub fn to_biguint(&self) -> BigUint {
        match &self.0 {
            Repr::Small(v) => BigUint::from(*v),
            Repr::Big(b) => b.clone(),
        }
    }

    /// The value as a `u128` when it fits.
    pub fn as_u128(&self) -> Option<u128> {
        match &self.0 {
            Repr::Small(v) => Some(*v),
            Repr::Big(_) => None,
        }
    }

    /// Number of decimal digits (1 for zero).
    pub fn digits(&self) -> u64 {
        match &self.0 {
            Repr::Small(v) => digits_u128(*v),
            Repr::Big(b) => {
                // bits * log10(2) gives an estimate that is exact or one too
                // small/large; correct it with one comparison.
                let bits = b.bits();
                let est = ((bits - 1) as f64 * std::f64::consts::LOG10_2) as u64 + 1;
                if with_pow10(est, |p| b >= p) {
                    est + 1
                } else if est > 1 && with_pow10(est - 1, |p| b < p) {
                    est - 1
                } else {
                    est
                }
            }
        }
    }

    /// `10^n`.
    pub fn pow10(n: u64) -> Coeff {
        if n < 39 {
            Coeff::small(POW10[n as usize])
        } else {
            Coeff::big(big_pow10(n))
        }
    }

    /// The value times `10^n`.
    pub fn mul_pow10(&self, n: u64) -> Coeff {
        if n == 0 || self.is_zero() {
            return self.clone();
        }
        if let Repr::Small(v) = &self.0
            && n < 39
            && let Some(r) = v.checked_mul(POW10[n as usize])
        {
            return Coeff::small(r);
        }
        match &self.0 {
            Repr::Big(b) => with_pow10(n, |p| Coeff::from(b * p)),
            Repr::Small(v) => with_pow10(n, |p| Coeff::from(p * BigUint::from(*v))),
        }
    }

    /// Splits off the low `n` digits: returns `(self / 10^n, self % 10^n)`.
    pub fn split(&self, n: u64) -> (Coeff, Coeff) {
        if n == 0 {
            return (self.clone(), Coeff::ZERO);
        }
        match &self.0 {
            Repr::Small(v) => {
                if n >= 39 {
                    (Coeff::ZERO, self.clone())
                } else if let (Ok(v64), true) = (u64::try_from(*v), n < 20) {
                    let p = POW10[n as usize] as u64;
                    (
                        Coeff::small((v64 / p) as u128),
                        Coeff::small((v64 % p) as u128),
                    )
                } else {
                    let p = POW10[n as usize];
                    (Coeff::small(v / p), Coeff::small(v % p))
                }
            }
            Repr::Big(b) => {
                if n >= self.digits() {
                    return (Coeff::ZERO, self.clone());
                }
                let (q, r) = with_pow10(n, |p| b.div_rem(p));
                (Coeff::from(q), Coeff::from(r))
            }
        }
    }

    /// Classifies `lo`, the low `n` digits discarded from a number, against
    /// one half of `10^n`.
    pub(crate) fn rest_class(lo: &Coeff, n: u64) -> Rest {
        if lo.is_zero() {
            return Rest::Zero;
        }
        if n == 0 {
            return Rest::Zero;
        }
        let ord = match &lo.0 {
            Repr::Small(v) if n <= 38 => (v * 2).cmp(&POW10[n as usize]),
            Repr::Small(_) if n > 39 => Ordering::Less,
            _ => {
                let twice = lo.to_biguint() * 2u32;
                with_pow10(n, |p| twice.cmp(p))
            }
        };
        match ord {
            Ordering::Less => Rest::Below,
            Ordering::Equal => Rest::Half,
            Ordering::Greater => Rest::Above,
        }
    }

    /// Sum.
    pub(crate) fn add(&self, other: &Coeff) -> Coeff {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_add(*b)
        {
            return Coeff::small(r);
        }
        match (&self.0, &other.0) {
            (Repr::Big(a), Repr::Big(b)) => Coeff::from(a + b),
            (Repr::Big(a), Repr::Small(b)) | (Repr::Small(b), Repr::Big(a)) => Coeff::from(a + *b),
            (Repr::Small(a), Repr::Small(b)) => Coeff::from(BigUint::from(*a) + *b),
        }
    }

    /// Difference; requires `self >= other`.
    pub(crate) fn sub(&self, other: &Coeff) -> Coeff {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Coeff::small(a - b),
            (Repr::Big(a), Repr::Big(b)) => Coeff::from(a - b),
            (Repr::Big(a), Repr::Small(b)) => Coeff::from(a - *b),
            // Unreachable when `self >= other`; keep it total.
            (Repr::Small(_), Repr::Big(_)) => Coeff::ZERO,
        }
    }

    /// Absolute difference and whether `other > self`.
    pub(crate) fn abs_diff(&self, other: &Coeff) -> (Coeff, bool) {
        if self >= other {
            (self.sub(other), false)
        } else {
            (other.sub(self), true)
        }
    }

    /// Product.
    pub(crate) fn mul(&self, other: &Coeff) -> Coeff {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_mul(*b)
        {
            return Coeff::small(r);
        }
        match (&self.0, &other.0) {
            (Repr::Big(a), Repr::Big(b)) => Coeff::from(a * b),
            (Repr::Big(a), Repr::Small(b)) | (Repr::Small(b), Repr::Big(a)) => Coeff::from(a * *b),
            (Repr::Small(a), Repr::Small(b)) => Coeff::from(BigUint::from(*a) * *b),
        }
    }

    /// Quotient and remainder; `other` must be nonzero.
    pub(crate) fn div_rem(&self, other: &Coeff) -> (Coeff, Coeff) {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => {
                if let (Ok(a64), Ok(b64)) = (u64::try_from(*a), u64::try_from(*b)) {
                    (
                        Coeff::small((a64 / b64) as u128),
                        Coeff::small((a64 % b64) as u128),
                    )
                } else {
                    (Coeff::small(a / b), Coeff::small(a % b))
                }
            }
            (Repr::Small(_), Repr::Big(_)) => (Coeff::ZERO, self.clone()),
            (Repr::Big(a), Repr::Small(b)) => {
                let (q, r) = a.div_rem(&BigUint::from(*b));
                (Coeff::from(q), Coeff::from(r))
            }
            (Repr::Big(a), Repr::Big(b)) => {
                let (q, r) = a.div_rem(b);
                (Coeff::from(q), Coeff::from(r))
            }
        }
    }

    /// The lowest decimal digit.
    pub fn last_digit(&self) -> u32 {
        match &self.0 {
            Repr::Small(v) => (v % 10) as u32,
            Repr::Big(b) => (b % 10u32).to_u32().unwrap_or(0),
        }
    }

    /// True when the value is odd.
    pub(crate) fn is_odd(&self) -> bool {
        self.last_digit() % 2 == 1
    }

    /// The value plus one.
    pub(crate) fn incr(&self) -> Coeff {
        self.add(&Coeff::ONE)
    }

    /// Parses a nonempty string of ASCII decimal digits.
    pub fn from_digits(s: &[u8]) -> Option<Coeff> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if s.len() <= 38 {
            let mut v: u128 = 0;
            for &c in s {
                v = v * 10 + (c - b'0') as u128;
            }
            return Some(Coeff::small(v));
        }
        BigUint::parse_bytes(s, 10).map(Coeff::from)
    }

    /// Decimal digits of the value.
    pub fn to_digits(&self) -> String {
        match &self.0 {
            Repr::Small(v) => v.to_string(),
            Repr::Big(b) => b.to_str_radix(10),
        }
    }

    /// True when the value is exactly one.
    pub fn is_one(&self) -> bool {
        matches!(&self.0, Repr::Small(1))
    }

    /// Strips trailing decimal zeros, returning the stripped value and the
    /// number of zeros removed (at most `max`).
    pub(crate) fn strip_zeros(&self, max: u64) -> (Coeff, u64) {
        if self.is_zero() {
            return (Coeff::ZERO, 0);
        }
        let mut c = self.clone();
        let mut n = 0;
        // Fast path in chunks of 8 digits for big values.
        while n + 8 <= max {
            let (q, r) = c.split(8);
            if !r.is_zero() {
                break;
            }
            c = q;
            n += 8;
        }
        while n < max {
            let (q, r) = c.split(1);
            if !r.is_zero() {
                break;
            }
            c = q;
            n += 1;
        }
        (c, n)
    }

    /// Integer square root (floor).
    pub(crate) fn isqrt(&self) -> Coeff {
        match &self.0 {
            Repr::Small(v) => {
                let mut x = (*v as f64).sqrt() as u128;
                while x.checked_mul(x).is_none_or(|s| s > *v) {
                    x -= 1;
                }
                while (x + 1).checked_mul(x + 1).is_some_and(|s| s <= *v) {
                    x += 1;
                }
                Coeff::small(x)
            }
            Repr::Big(b) => Coeff::from(b.sqrt()),
        }
    }
}
