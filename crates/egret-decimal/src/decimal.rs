//! The [`Decimal`] value type: construction, accessors, classification
//! predicates, and the finishing step ("fix") that rounds an exact
//! intermediate result to a context's precision and exponent limits,
//! raising Rounded/Inexact/Subnormal/Underflow/Overflow/Clamped.

use crate::coeff::{Coeff, Rest};
use crate::context::{Context, Flags, Rounding};
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::Zero;

/// What kind of value a [`Decimal`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A finite number `(-1)^sign * coeff * 10^exp`.
    Finite,
    /// Plus or minus infinity.
    Infinite,
    /// A quiet NaN; the coefficient holds the diagnostic payload.
    QNaN,
    /// A signaling NaN; the coefficient holds the diagnostic payload.
    SNaN,
}

/// A decimal floating-point number as defined by the General Decimal
/// Arithmetic specification.  For special values the exponent is 0; for
/// infinities the coefficient is 0; for NaNs it is the payload.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    pub(crate) sign: bool,
    pub(crate) coeff: Coeff,
    pub(crate) exp: i64,
    pub(crate) kind: Kind,
}

/// Exponents accepted by the parser and constructors are limited to this
/// magnitude (far beyond CPython's limits) so exponent sums cannot overflow.
pub(crate) const EXP_LIMIT: i64 = 3_000_000_000_000_000_000;

impl Decimal {
    /// A finite number `(-1)^negative * coeff * 10^exp`.  The exponent is
    /// saturated to +-3e18 (the wrapper validates against CPython limits).
    pub fn from_parts(negative: bool, coeff: Coeff, exp: i64) -> Decimal {
        Decimal {
            sign: negative,
            coeff,
            exp: exp.clamp(-EXP_LIMIT, EXP_LIMIT),
            kind: Kind::Finite,
        }
    }

    /// Positive or negative infinity.
    pub fn infinity(negative: bool) -> Decimal {
        Decimal {
            sign: negative,
            coeff: Coeff::ZERO,
            exp: 0,
            kind: Kind::Infinite,
        }
    }

    /// A NaN with the given payload; `signaling` selects sNaN.
    pub fn nan(negative: bool, payload: Coeff, signaling: bool) -> Decimal {
        Decimal {
            sign: negative,
            coeff: payload,
            exp: 0,
            kind: if signaling { Kind::SNaN } else { Kind::QNaN },
        }
    }

    /// The quiet NaN without payload (result of invalid operations).
    pub fn qnan() -> Decimal {
        Decimal::nan(false, Coeff::ZERO, false)
    }

    /// Zero with the given sign and exponent.
    pub fn zero(negative: bool, exp: i64) -> Decimal {
        Decimal::from_parts(negative, Coeff::ZERO, exp)
    }

    /// The exact value of an `i64`.
    pub fn from_i64(v: i64) -> Decimal {
        Decimal::from_parts(v < 0, Coeff::from(v.unsigned_abs()), 0)
    }

    /// The exact value of a `u64`.
    pub fn from_u64(v: u64) -> Decimal {
        Decimal::from_parts(false, Coeff::from(v), 0)
    }

    /// The exact value of a big integer.
    pub fn from_bigint(v: &BigInt) -> Decimal {
        Decimal::from_parts(
            v.sign() == Sign::Minus,
            Coeff::from(v.magnitude().clone()),
            0,
        )
    }

    /// The exact value of an `f64` (like `Decimal.from_float`).  NaN maps to
    /// a quiet NaN carrying the float's sign.
    pub fn from_f64(f: f64) -> Decimal {
        let neg = f.is_sign_negative();
        if f.is_nan() {
            return Decimal::nan(neg, Coeff::ZERO, false);
        }
        if f.is_infinite() {
            return Decimal::infinity(neg);
        }
        if f == 0.0 {
            return Decimal::zero(neg, 0);
        }
        let bits = f.to_bits();
        let raw_exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (mut m, mut e) = if raw_exp == 0 {
            (frac, -1074i64)
        } else {
            (frac | (1u64 << 52), raw_exp - 1075)
        };
        let tz = m.trailing_zeros() as i64;
        m >>= tz;
        e += tz;
        if e >= 0 {
            let v = BigUint::from(m) << (e as usize);
            Decimal::from_parts(neg, Coeff::from(v), 0)
        } else {
            let k = (-e) as u32;
            let v = BigUint::from(m) * BigUint::from(5u32).pow(k);
            Decimal::from_parts(neg, Coeff::from(v), -(k as i64))
        }
    }

    /// True when the sign bit is set (including -0, -Infinity, -NaN).
    pub fn is_negative(&self) -> bool {
        self.sign
    }

    /// The coefficient (payload for NaNs, zero for infinities).
    pub fn coeff(&self) -> &Coeff {
        &self.coeff
    }

    /// The exponent (0 for special values).
    pub fn exponent(&self) -> i64 {
        self.exp
    }

    /// The kind of value.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The adjusted exponent `exp + digits - 1` (0 for special values, as
    /// CPython's `adjusted()`).
    pub fn adjusted(&self) -> i64 {
        if self.kind == Kind::Finite {
            self.exp + self.coeff.digits() as i64 - 1
        } else {
            0
        }
    }

    /// True for finite numbers.
    pub fn is_finite(&self) -> bool {
        self.kind == Kind::Finite
    }

    /// True for infinities.
    pub fn is_infinite(&self) -> bool {
        self.kind == Kind::Infinite
    }

    /// True for quiet or signaling NaNs.
    pub fn is_nan(&self) -> bool {
        matches!(self.kind, Kind::QNaN | Kind::SNaN)
    }

    /// True for quiet NaNs.
    pub fn is_qnan(&self) -> bool {
        self.kind == Kind::QNaN
    }

    /// True for signaling NaNs.
    pub fn is_snan(&self) -> bool {
        self.kind == Kind::SNaN
    }

    /// True for NaNs and infinities.
    pub fn is_special(&self) -> bool {
        self.kind != Kind::Finite
    }

    /// True for finite zeros.
    pub fn is_zero(&self) -> bool {
        self.kind == Kind::Finite && self.coeff.is_zero()
    }

    /// True when the sign bit is set.
    pub fn is_signed(&self) -> bool {
        self.sign
    }

    /// Always true: every value is canonical in this representation.
    pub fn is_canonical(&self) -> bool {
        true
    }

    /// True for finite nonzero numbers whose adjusted exponent is at least
    /// `Emin`.
    pub fn is_normal(&self, ctx: &Context) -> bool {
        self.kind == Kind::Finite && !self.coeff.is_zero() && self.adjusted() >= ctx.emin
    }

    /// True for finite nonzero numbers whose adjusted exponent is below
    /// `Emin`.
    pub fn is_subnormal(&self, ctx: &Context) -> bool {
        self.kind == Kind::Finite && !self.coeff.is_zero() && self.adjusted() < ctx.emin
    }

    /// True for finite numbers with no fractional part (exponent >= 0 after
    /// stripping trailing zeros).
    pub fn is_integer(&self) -> bool {
        if self.kind != Kind::Finite {
            return false;
        }
        if self.exp >= 0 || self.coeff.is_zero() {
            return true;
        }
        let need = self.exp.unsigned_abs();
        if need > self.coeff.digits() {
            return false;
        }
        self.coeff.split(need).1.is_zero()
    }

    /// The value with the sign bit cleared.
    pub fn copy_abs(&self) -> Decimal {
        Decimal {
            sign: false,
            ..self.clone()
        }
    }

    /// The value with the sign bit inverted.
    pub fn copy_negate(&self) -> Decimal {
        Decimal {
            sign: !self.sign,
            ..self.clone()
        }
    }

    /// The value with the sign bit of `other`.
    pub fn copy_sign(&self, other: &Decimal) -> Decimal {
        Decimal {
            sign: other.sign,
            ..self.clone()
        }
    }

    /// The integral value rounded with `rounding`, or `None` for NaNs and
    /// infinities.  Beware: a huge positive exponent yields a huge integer.
    pub fn to_bigint(&self, rounding: Rounding) -> Option<BigInt> {
        if self.kind != Kind::Finite {
            return None;
        }
        let mag = if self.exp >= 0 {
            self.coeff.mul_pow10(self.exp as u64)
        } else {
            let n = self.exp.unsigned_abs();
            let (hi, lo) = self.coeff.split(n);
            let rest = Coeff::rest_class(&lo, n);
            if round_away(rounding, self.sign, rest, hi.last_digit()) {
                hi.incr()
            } else {
                hi
            }
        };
        let sign = if self.sign { Sign::Minus } else { Sign::Plus };
        let b = mag.to_biguint();
        if b.is_zero() {
            return Some(BigInt::zero());
        }
        Some(BigInt::from_biguint(sign, b))
    }

    /// The integral value truncated toward zero (Python's `int()`), or
    /// `None` for NaNs and infinities.
    pub fn to_bigint_truncated(&self) -> Option<BigInt> {
        self.to_bigint(Rounding::Down)
    }

    /// The value as the nearest `f64` (via the decimal string, which is
    /// correctly rounded by Rust's parser).
    pub fn to_f64(&self) -> f64 {
        match self.kind {
            Kind::QNaN | Kind::SNaN => {
                if self.sign {
                    -f64::NAN
                } else {
                    f64::NAN
                }
            }
            Kind::Infinite => {
                if self.sign {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            Kind::Finite => {
                let adj = self.adjusted();
                if adj > 400 && !self.coeff.is_zero() {
                    return if self.sign {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    };
                }
                if adj < -400 || self.coeff.is_zero() {
                    return if self.sign { -0.0 } else { 0.0 };
                }
                let s = format!(
                    "{}{}e{}",
                    if self.sign { "-" } else { "" },
                    self.coeff.to_digits(),
                    self.exp
                );
                s.parse().unwrap_or(f64::NAN)
            }
        }
    }

    /// Python's `hash()` of the value (consistent with `int`, `float` and
    /// `Fraction` hashes on 64-bit builds), or `None` for NaNs: CPython
    /// raises `TypeError` for sNaN and uses the object identity for quiet
    /// NaNs.
    pub fn py_hash(&self) -> Option<i64> {
        const MODULUS: u64 = (1 << 61) - 1;
        const INF: i64 = 314_159;
        fn pow_mod(mut b: u64, mut e: u64) -> u64 {
            let mut r = 1u128;
            let mut bb = b as u128;
            while e > 0 {
                if e & 1 == 1 {
                    r = r * bb % MODULUS as u128;
                }
                bb = bb * bb % MODULUS as u128;
                e >>= 1;
            }
            b = r as u64;
            b
        }
        match self.kind {
            Kind::QNaN | Kind::SNaN => None,
            Kind::Infinite => Some(if self.sign { -INF } else { INF }),
            Kind::Finite => {
                // 10^-1 mod 2^61-1 by Fermat.
                let exp_hash = if self.exp >= 0 {
                    pow_mod(10, self.exp as u64)
                } else {
                    pow_mod(pow_mod(10, MODULUS - 2), self.exp.unsigned_abs())
                };
                let c = (self.coeff.to_biguint() % MODULUS).to_u64_digits();
                let c = c.first().copied().unwrap_or(0);
                let h = ((c as u128 * exp_hash as u128) % MODULUS as u128) as i64;
                let h = if self.sign { -h } else { h };
                Some(if h == -1 { -2 } else { h })
            }
        }
    }

    /// Removes the NaN payload digits that do not fit the context
    /// (`prec - clamp` digits), keeping the low-order digits.
    pub(crate) fn fix_nan(&self, ctx: &Context) -> Decimal {
        let max = ctx.prec - ctx.clamp as u64;
        if self.coeff.digits() > max && !self.coeff.is_zero() {
            let (_, lo) = self.coeff.split(max);
            Decimal {
                coeff: lo,
                ..self.clone()
            }
        } else {
            self.clone()
        }
    }

    /// The finishing step: rounds to the context precision and enforces the
    /// exponent limits, raising the appropriate conditions.  NaNs get their
    /// payload trimmed (no signal for sNaN); infinities pass unchanged.
    pub fn fix(self, ctx: &mut Context) -> Decimal {
        match self.kind {
            Kind::QNaN | Kind::SNaN => return self.fix_nan(ctx),
            Kind::Infinite => return self,
            Kind::Finite => {}
        }
        let etiny = ctx.etiny();
        let etop = ctx.etop();
        if self.coeff.is_zero() {
            let exp_max = if ctx.clamp { etop } else { ctx.emax };
            let new_exp = self.exp.max(etiny).min(exp_max);
            if new_exp != self.exp {
                ctx.raise(Flags::CLAMPED);
                return Decimal::zero(self.sign, new_exp);
            }
            return self;
        }
        let ndigits = self.coeff.digits() as i64;
        let prec = ctx.prec as i64;
        let mut exp_min = ndigits + self.exp - prec;
        if exp_min > etop {
            ctx.raise(Flags::OVERFLOW | Flags::INEXACT | Flags::ROUNDED);
            return overflow_result(self.sign, ctx);
        }
        let subnormal = exp_min < etiny;
        if subnormal {
            exp_min = etiny;
        }
        if self.exp < exp_min {
            let drop = (exp_min - self.exp) as u64;
            let (mut kept, lo) = self.coeff.split(drop);
            let rest = if drop > ndigits as u64 {
                Rest::Below
            } else {
                Coeff::rest_class(&lo, drop)
            };
            let changed = rest != Rest::Zero;
            if round_away(ctx.rounding, self.sign, rest, kept.last_digit()) {
                kept = kept.incr();
                if kept.digits() as i64 > prec {
                    kept = kept.split(1).0;
                    exp_min += 1;
                }
            }
            let ans = if exp_min > etop {
                ctx.raise(Flags::OVERFLOW | Flags::INEXACT | Flags::ROUNDED);
                overflow_result(self.sign, ctx)
            } else {
                Decimal::from_parts(self.sign, kept, exp_min)
            };
            if changed && subnormal {
                ctx.raise(Flags::UNDERFLOW);
            }
            if subnormal {
                ctx.raise(Flags::SUBNORMAL);
            }
            if changed {
                ctx.raise(Flags::INEXACT);
            }
            ctx.raise(Flags::ROUNDED);
            if ans.is_zero() {
                ctx.raise(Flags::CLAMPED);
            }
            return ans;
        }
        if subnormal {
            ctx.raise(Flags::SUBNORMAL);
        }
        if ctx.clamp && self.exp > etop {
            ctx.raise(Flags::CLAMPED);
            let pad = (self.exp - etop) as u64;
            if crate::arith::too_long(pad + ndigits as u64) {
                return crate::arith::no_storage(ctx);
            }
            return Decimal::from_parts(self.sign, self.coeff.mul_pow10(pad), etop);
        }
        self
    }
}

/// The result of an overflow for the context's rounding mode: infinity or
/// the largest finite number, with the given sign.
pub(crate) fn overflow_result(negative: bool, ctx: &mut Context) -> Decimal {
    let to_inf = match ctx.rounding {
        Rounding::HalfUp | Rounding::HalfEven | Rounding::HalfDown | Rounding::Up => true,
        Rounding::Down | Rounding::Up05 => false,
        Rounding::Ceiling => !negative,
        Rounding::Floor => negative,
    };
    if to_inf {
        Decimal::infinity(negative)
    } else if crate::arith::too_long(ctx.prec) {
        crate::arith::no_storage(ctx)
    } else {
        Decimal::from_parts(negative, largest_coeff(ctx.prec), ctx.etop())
    }
}

/// `10^prec - 1`.
pub(crate) fn largest_coeff(prec: u64) -> Coeff {
    Coeff::pow10(prec).sub(&Coeff::ONE)
}

/// Decides whether a truncated magnitude must be incremented, given the
/// rounding mode, the sign, how the discarded digits compare with a half,
/// and the last kept digit.
pub(crate) fn round_away(rounding: Rounding, negative: bool, rest: Rest, last: u32) -> bool {
    if rest == Rest::Zero {
        return false;
    }
    match rounding {
        Rounding::Down => false,
        Rounding::Up => true,
        Rounding::Ceiling => !negative,
        Rounding::Floor => negative,
        Rounding::HalfUp => matches!(rest, Rest::Half | Rest::Above),
        Rounding::HalfDown => rest == Rest::Above,
        Rounding::HalfEven => rest == Rest::Above || (rest == Rest::Half && last % 2 == 1),
        Rounding::Up05 => last == 0 || last == 5,
    }
}
