//! The basic arithmetic operations: add, subtract, multiply, divide,
//! divide-integer, remainder, remainder-near, Python's divmod, fused
//! multiply-add, plus, minus and abs, including NaN propagation and the
//! invalid-operation cases of each.

use crate::coeff::Coeff;
use crate::context::{Context, Flags, MAX_WORK_DIGITS, Rounding};
use crate::decimal::{Decimal, Kind};
use num_integer::Integer;

/// NaN propagation for one or two operands: a signaling NaN raises
/// InvalidOperation and yields its quiet version; otherwise the first quiet
/// NaN is returned.  Payloads are trimmed to the context.
pub(crate) fn check_nans(a: &Decimal, b: Option<&Decimal>, ctx: &mut Context) -> Option<Decimal> {
    let snan = if a.kind == Kind::SNaN {
        Some(a)
    } else {
        b.filter(|b| b.kind == Kind::SNaN)
    };
    if let Some(s) = snan {
        ctx.raise(Flags::INVALID_OPERATION);
        let mut q = s.fix_nan(ctx);
        q.kind = Kind::QNaN;
        return Some(q);
    }
    let qnan = if a.kind == Kind::QNaN {
        Some(a)
    } else {
        b.filter(|b| b.kind == Kind::QNaN)
    };
    qnan.map(|q| q.fix_nan(ctx))
}

/// Raises InsufficientStorage and returns the quiet NaN.
pub(crate) fn no_storage(ctx: &mut Context) -> Decimal {
    invalid(ctx, Flags::INSUFFICIENT_STORAGE)
}

/// True when a coefficient of `digits` digits is too long to build.
pub(crate) fn too_long(digits: u64) -> bool {
    digits > MAX_WORK_DIGITS
}

/// Raises `cond` and returns the quiet NaN.
pub(crate) fn invalid(ctx: &mut Context, cond: Flags) -> Decimal {
    ctx.raise(cond);
    Decimal::qnan()
}

impl Decimal {
    /// `self + other`, rounded to the context.
    pub fn add(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        self.add_unchecked(other, ctx)
    }

    /// `self - other`, rounded to the context.
    pub fn subtract(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        self.add_unchecked(&other.copy_negate(), ctx)
    }

    /// Addition of two non-NaN operands.
    fn add_unchecked(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if self.kind == Kind::Infinite {
            if other.kind == Kind::Infinite && self.sign != other.sign {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
            return self.clone();
        }
        if other.kind == Kind::Infinite {
            return other.clone();
        }
        let neg_zero = ctx.rounding == Rounding::Floor;
        let exp = self.exp.min(other.exp);
        let prec = ctx.prec as i64;
        if self.coeff.is_zero() && other.coeff.is_zero() {
            let sign = if self.sign == other.sign {
                self.sign
            } else {
                neg_zero
            };
            return Decimal::zero(sign, exp).fix(ctx);
        }
        if self.coeff.is_zero() || other.coeff.is_zero() {
            let (z, x) = if self.coeff.is_zero() {
                (self, other)
            } else {
                (other, self)
            };
            // Pad x with zeros down to the zero's exponent, but never more
            // than needed to round correctly.
            let target = z.exp.max(x.exp.saturating_sub(prec + 1)).min(x.exp);
            if too_long((x.exp - target) as u64 + x.coeff.digits()) {
                return no_storage(ctx);
            }
            let c = x.coeff.mul_pow10((x.exp - target) as u64);
            return Decimal::from_parts(x.sign, c, target).fix(ctx);
        }
        // When one operand is much smaller in magnitude, its digits more
        // than two places below the result's rounding position only matter
        // as a sticky nonzero digit: trim them to keep the coefficients
        // short.
        let trimmed;
        let (ax, ay) = (self.adjusted(), other.adjusted());
        let (x, y) = if ax.abs_diff(ay) >= 2 {
            let (big, small) = if ax > ay {
                (self, other)
            } else {
                (other, self)
            };
            // The sticky digit must lie below every digit of `big` too.
            let cut = (ax.max(ay) - prec - 2).min(big.exp);
            if small.exp < cut {
                let (q, r) = small.coeff.split((cut - small.exp) as u64);
                let (c, e) = if r.is_zero() {
                    (q, cut)
                } else {
                    (q.mul_pow10(1).incr(), cut - 1)
                };
                trimmed = Decimal::from_parts(small.sign, c, e);
                (big, &trimmed)
            } else {
                (self, other)
            }
        } else {
            (self, other)
        };
        // Align: `hi` has the larger exponent.
        let (hi, lo) = if x.exp >= y.exp { (x, y) } else { (y, x) };
        let hi_len = hi.coeff.digits() as i64;
        // Below this exponent the smaller operand only matters as a sticky
        // nonzero digit.
        let sticky_exp = hi.exp + (-1i64).min(hi_len - prec - 2);
        let lo_adj = lo.exp + lo.coeff.digits() as i64 - 1;
        let (lo_coeff, lo_exp) = if lo_adj < sticky_exp {
            (Coeff::ONE, sticky_exp)
        } else {
            (lo.coeff.clone(), lo.exp)
        };
        if too_long((hi.exp - lo_exp) as u64 + hi_len as u64) {
            return no_storage(ctx);
        }
        let hi_coeff = hi.coeff.mul_pow10((hi.exp - lo_exp) as u64);
        let exp = lo_exp;
        if hi.sign == lo.sign {
            return Decimal::from_parts(hi.sign, hi_coeff.add(&lo_coeff), exp).fix(ctx);
        }
        let (diff, lo_bigger) = hi_coeff.abs_diff(&lo_coeff);
        if diff.is_zero() {
            return Decimal::zero(neg_zero, exp).fix(ctx);
        }
        let sign = if lo_bigger { lo.sign } else { hi.sign };
        Decimal::from_parts(sign, diff, exp).fix(ctx)
    }

    /// `self * other`, rounded to the context.
    pub fn multiply(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let sign = self.sign != other.sign;
        if self.kind == Kind::Infinite || other.kind == Kind::Infinite {
            if self.is_zero() || other.is_zero() {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
            return Decimal::infinity(sign);
        }
        Decimal::from_parts(sign, self.coeff.mul(&other.coeff), self.exp + other.exp).fix(ctx)
    }

    /// `self / other`, correctly rounded to the context.
    pub fn divide(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let sign = self.sign != other.sign;
        if self.kind == Kind::Infinite {
            if other.kind == Kind::Infinite {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
            return Decimal::infinity(sign);
        }
        if other.kind == Kind::Infinite {
            ctx.raise(Flags::CLAMPED);
            return Decimal::zero(sign, ctx.etiny());
        }
        if other.coeff.is_zero() {
            if self.coeff.is_zero() {
                return invalid(ctx, Flags::DIVISION_UNDEFINED);
            }
            ctx.raise(Flags::DIVISION_BY_ZERO);
            return Decimal::infinity(sign);
        }
        let ideal = self.exp - other.exp;
        if self.coeff.is_zero() {
            return Decimal::zero(sign, ideal).fix(ctx);
        }
        let Some((coeff, exp)) = divide_coeffs(&self.coeff, &other.coeff, ideal, ctx.prec) else {
            return no_storage(ctx);
        };
        Decimal::from_parts(sign, coeff, exp).fix(ctx)
    }

    /// Integer division truncated toward zero (`divide-integer`, Python's
    /// `//`).
    pub fn divide_integer(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let sign = self.sign != other.sign;
        if self.kind == Kind::Infinite {
            if other.kind == Kind::Infinite {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
            return Decimal::infinity(sign);
        }
        if other.kind == Kind::Infinite {
            return Decimal::zero(sign, 0);
        }
        if other.coeff.is_zero() {
            if self.coeff.is_zero() {
                return invalid(ctx, Flags::DIVISION_UNDEFINED);
            }
            ctx.raise(Flags::DIVISION_BY_ZERO);
            return Decimal::infinity(sign);
        }
        match self.int_divide(other, ctx) {
            Ok((q, _)) => q.fix(ctx),
            Err(true) => no_storage(ctx),
            Err(false) => invalid(ctx, Flags::DIVISION_IMPOSSIBLE),
        }
    }

    /// Remainder of truncating division (`remainder`, sign of the
    /// dividend).
    pub fn remainder(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        if self.kind == Kind::Infinite {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if other.kind == Kind::Infinite {
            return self.clone().fix(ctx);
        }
        if other.coeff.is_zero() {
            if self.coeff.is_zero() {
                return invalid(ctx, Flags::DIVISION_UNDEFINED);
            }
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        match self.int_divide(other, ctx) {
            Ok((_, r)) => r.fix(ctx),
            Err(true) => no_storage(ctx),
            Err(false) => invalid(ctx, Flags::DIVISION_IMPOSSIBLE),
        }
    }

    /// Python's `divmod(self, other)`: floor-free truncating quotient and
    /// remainder as CPython's `Decimal.__divmod__` computes them.
    pub fn divmod(&self, other: &Decimal, ctx: &mut Context) -> (Decimal, Decimal) {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return (n.clone(), n);
        }
        let sign = self.sign != other.sign;
        if self.kind == Kind::Infinite {
            if other.kind == Kind::Infinite {
                let n = invalid(ctx, Flags::INVALID_OPERATION);
                return (n.clone(), n);
            }
            return (
                Decimal::infinity(sign),
                invalid(ctx, Flags::INVALID_OPERATION),
            );
        }
        if other.kind == Kind::Infinite {
            let r = self.clone().fix(ctx);
            return (Decimal::zero(sign, 0), r);
        }
        if other.coeff.is_zero() {
            if self.coeff.is_zero() {
                let n = invalid(ctx, Flags::DIVISION_UNDEFINED);
                return (n.clone(), n);
            }
            ctx.raise(Flags::DIVISION_BY_ZERO);
            return (
                Decimal::infinity(sign),
                invalid(ctx, Flags::INVALID_OPERATION),
            );
        }
        match self.int_divide(other, ctx) {
            Ok((q, r)) => (q.fix(ctx), r.fix(ctx)),
            Err(storage) => {
                let n = if storage {
                    no_storage(ctx)
                } else {
                    invalid(ctx, Flags::DIVISION_IMPOSSIBLE)
                };
                (n.clone(), n)
            }
        }
    }

    /// Exact integer quotient and remainder of two finite numbers with a
    /// nonzero divisor; `Err(false)` when the quotient needs more than
    /// `prec` digits, `Err(true)` when the operands are too far apart to
    /// align.  The remainder is not yet fixed to the context.
    fn int_divide(&self, other: &Decimal, ctx: &Context) -> Result<(Decimal, Decimal), bool> {
        let sign = self.sign != other.sign;
        let ideal = self.exp.min(other.exp);
        let expdiff = self.adjusted() - other.adjusted();
        if self.coeff.is_zero() || expdiff <= -2 {
            if too_long((self.exp - ideal) as u64 + self.coeff.digits()) {
                return Err(true);
            }
            let r = Decimal::from_parts(
                self.sign,
                self.coeff.mul_pow10((self.exp - ideal) as u64),
                ideal,
            );
            return Ok((Decimal::zero(sign, 0), r));
        }
        if expdiff > ctx.prec as i64 {
            return Err(false);
        }
        if too_long(self.exp.abs_diff(other.exp) + self.coeff.digits() + other.coeff.digits()) {
            return Err(true);
        }
        let (a, b) = aligned(self, other);
        let (q, r) = a.div_rem(&b);
        if q.digits() > ctx.prec {
            return Err(false);
        }
        Ok((
            Decimal::from_parts(sign, q, 0),
            Decimal::from_parts(self.sign, r, ideal),
        ))
    }

    /// `remainder-near`: `self - other * n` where `n` is the integer
    /// nearest `self / other` (ties to even).
    pub fn remainder_near(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        if self.kind == Kind::Infinite {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if other.coeff.is_zero() && other.kind == Kind::Finite {
            if self.coeff.is_zero() {
                return invalid(ctx, Flags::DIVISION_UNDEFINED);
            }
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if other.kind == Kind::Infinite {
            return self.clone().fix(ctx);
        }
        let ideal = self.exp.min(other.exp);
        if self.coeff.is_zero() {
            return Decimal::zero(self.sign, ideal).fix(ctx);
        }
        let expdiff = self.adjusted() - other.adjusted();
        if expdiff > ctx.prec as i64 {
            return invalid(ctx, Flags::DIVISION_IMPOSSIBLE);
        }
        if expdiff <= -2 {
            if too_long((self.exp - ideal) as u64 + self.coeff.digits()) {
                return no_storage(ctx);
            }
            let c = self.coeff.mul_pow10((self.exp - ideal) as u64);
            return Decimal::from_parts(self.sign, c, ideal).fix(ctx);
        }
        if too_long(self.exp.abs_diff(other.exp) + self.coeff.digits() + other.coeff.digits()) {
            return no_storage(ctx);
        }
        let (a, b) = aligned(self, other);
        let (mut q, mut r) = a.div_rem(&b);
        let mut sign = self.sign;
        let twice = r.add(&r).add(&Coeff::from(q.is_odd() as u64));
        if twice > b {
            r = b.sub(&r);
            sign = !sign;
            q = q.incr();
        }
        if q.digits() > ctx.prec {
            return invalid(ctx, Flags::DIVISION_IMPOSSIBLE);
        }
        Decimal::from_parts(sign, r, ideal).fix(ctx)
    }

    /// Fused multiply-add `self * other + third` with a single rounding.
    pub fn fma(&self, other: &Decimal, third: &Decimal, ctx: &mut Context) -> Decimal {
        let product = if self.kind == Kind::SNaN || other.kind == Kind::SNaN {
            return check_nans(self, Some(other), ctx).unwrap_or_else(Decimal::qnan);
        } else if self.is_nan() || other.is_nan() {
            check_nans(self, Some(other), ctx).unwrap_or_else(Decimal::qnan)
        } else if self.kind == Kind::Infinite || other.kind == Kind::Infinite {
            if self.is_zero() || other.is_zero() {
                return invalid(ctx, Flags::INVALID_OPERATION);
            } else {
                Decimal::infinity(self.sign != other.sign)
            }
        } else {
            Decimal::from_parts(
                self.sign != other.sign,
                self.coeff.mul(&other.coeff),
                self.exp + other.exp,
            )
        };
        product.add(third, ctx)
    }

    /// `plus`: `0 + self`, i.e. the value rounded to the context.
    pub fn plus(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.is_zero() && ctx.rounding != Rounding::Floor {
            return self.copy_abs().fix(ctx);
        }
        self.clone().fix(ctx)
    }

    /// `minus`: `0 - self`, rounded to the context.
    pub fn minus(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.is_zero() && ctx.rounding != Rounding::Floor {
            return self.copy_abs().fix(ctx);
        }
        self.copy_negate().fix(ctx)
    }

    /// Absolute value rounded to the context.
    pub fn abs(&self, ctx: &mut Context) -> Decimal {
        if self.sign {
            self.minus(ctx)
        } else {
            self.plus(ctx)
        }
    }

    /// Applies the context to the value (the decTest `apply` operation and
    /// the spec's finishing step): rounds without signaling for sNaN.
    pub fn apply(&self, ctx: &mut Context) -> Decimal {
        self.clone().fix(ctx)
    }
}

/// The coefficients of two finite numbers scaled to their common (smaller)
/// exponent.
fn aligned(a: &Decimal, b: &Decimal) -> (Coeff, Coeff) {
    if a.exp >= b.exp {
        (a.coeff.mul_pow10((a.exp - b.exp) as u64), b.coeff.clone())
    } else {
        (a.coeff.clone(), b.coeff.mul_pow10((b.exp - a.exp) as u64))
    }
}

/// Divides two nonzero coefficients, returning a coefficient and exponent
/// that are either exact (with trailing zeros removed down to the ideal
/// exponent) or carry at least `prec + 1` digits plus a sticky nonzero
/// digit so that a later rounding is correct.
pub(crate) fn divide_coeffs(a: &Coeff, b: &Coeff, ideal: i64, prec: u64) -> Option<(Coeff, i64)> {
    // For very large precisions first try an exact quotient: it exists iff
    // b / gcd(a, b) has no prime factors besides 2 and 5.
    if prec > 200
        && let Some(r) = exact_quotient(a, b, ideal)
    {
        return Some(r);
    }
    if too_long(prec + b.digits() + 2) {
        return None;
    }
    let la = a.digits() as i64;
    let lb = b.digits() as i64;
    let shift = lb - la + prec as i64 + 1;
    let mut exp = ideal - shift;
    let (q, r) = if shift >= 0 {
        a.mul_pow10(shift as u64).div_rem(b)
    } else {
        a.div_rem(&b.mul_pow10((-shift) as u64))
    };
    if !r.is_zero() {
        return Some((q.mul_pow10(1).incr(), exp - 1));
    }
    // Exact: remove trailing zeros toward the ideal exponent.
    let room = if exp < ideal { (ideal - exp) as u64 } else { 0 };
    let (q, n) = q.strip_zeros(room);
    exp += n as i64;
    Some((q, exp))
}

/// The exact quotient `a / b` if it terminates, with trailing zeros removed
/// down to the ideal exponent.
fn exact_quotient(a: &Coeff, b: &Coeff, ideal: i64) -> Option<(Coeff, i64)> {
    let ab = a.to_biguint();
    let bb = b.to_biguint();
    let g = ab.gcd(&bb);
    let mut d = &bb / &g;
    let mut twos = 0u64;
    let mut fives = 0u64;
    while d.is_even() {
        d >>= 1;
        twos += 1;
    }
    let five = num_bigint::BigUint::from(5u32);
    loop {
        let (q, r) = d.div_rem(&five);
        if !num_traits::Zero::is_zero(&r) {
            break;
        }
        d = q;
        fives += 1;
    }
    if !num_traits::One::is_one(&d) {
        return None;
    }
    let k = twos.max(fives);
    if too_long(k + a.digits()) {
        return None;
    }
    // a / b = (a * 10^k / b) * 10^-k exactly.
    let num = Coeff::from(ab).mul_pow10(k);
    let (q, _) = num.div_rem(b);
    let exp = ideal - k as i64;
    let (q, n) = q.strip_zeros(k);
    Some((q, exp + n as i64))
}
