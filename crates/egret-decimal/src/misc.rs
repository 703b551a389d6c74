//! Non-arithmetic operations of the specification: comparisons (numeric,
//! signaling, total orderings), max/min variants, quantize and the
//! to-integral operations, reduce, same-quantum, number classes, logb,
//! scaleb, shift, rotate, the digit-wise logical operations and the
//! next-plus/next-minus/next-toward family.

use crate::arith::{check_nans, invalid, no_storage, too_long};
use crate::coeff::{Coeff, Rest};
use crate::context::{Context, Flags, Rounding};
use crate::decimal::{Decimal, Kind, largest_coeff, round_away};
use std::cmp::Ordering;

impl Decimal {
    /// Numeric comparison of two non-NaN values (`None` if either is NaN).
    /// Zeros compare equal regardless of sign and exponent.
    pub fn cmp_value(&self, other: &Decimal) -> Option<Ordering> {
        if self.is_nan() || other.is_nan() {
            return None;
        }
        let a_zero = self.is_zero();
        let b_zero = other.is_zero();
        if a_zero && b_zero {
            return Some(Ordering::Equal);
        }
        // Sign of each value: -1, 0, 1.
        let sa = if a_zero {
            0
        } else if self.sign {
            -1
        } else {
            1
        };
        let sb = if b_zero {
            0
        } else if other.sign {
            -1
        } else {
            1
        };
        if sa != sb {
            return Some(sa.cmp(&sb));
        }
        let mag = self.cmp_magnitude(other);
        Some(if sa < 0 { mag.reverse() } else { mag })
    }

    /// Compares absolute values of two non-NaN values.
    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        match (self.kind, other.kind) {
            (Kind::Infinite, Kind::Infinite) => return Ordering::Equal,
            (Kind::Infinite, _) => return Ordering::Greater,
            (_, Kind::Infinite) => return Ordering::Less,
            _ => {}
        }
        match (self.coeff.is_zero(), other.coeff.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (aa, ab) = (self.adjusted(), other.adjusted());
        if aa != ab {
            return aa.cmp(&ab);
        }
        // Same adjusted exponent: the exponent difference equals the digit
        // count difference, so aligning is cheap.
        if self.exp >= other.exp {
            self.coeff
                .mul_pow10((self.exp - other.exp) as u64)
                .cmp(&other.coeff)
        } else {
            self.coeff
                .cmp(&other.coeff.mul_pow10((other.exp - self.exp) as u64))
        }
    }

    /// The spec's `compare`: -1, 0 or 1 as a Decimal; NaN operands give NaN
    /// (InvalidOperation only for sNaN).
    pub fn compare(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        ord_to_decimal(self.cmp_value(other).unwrap_or(Ordering::Equal))
    }

    /// `compare-signal`: like `compare` but any NaN raises InvalidOperation.
    pub fn compare_signal(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if self.is_nan() || other.is_nan() {
            ctx.raise(Flags::INVALID_OPERATION);
            return check_nans(self, Some(other), ctx).unwrap_or_else(Decimal::qnan);
        }
        ord_to_decimal(self.cmp_value(other).unwrap_or(Ordering::Equal))
    }

    /// Total ordering of the representations (`compare-total`).
    pub fn compare_total(&self, other: &Decimal) -> Ordering {
        if self.sign != other.sign {
            return if self.sign {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let ord = self.total_mag(other);
        if self.sign { ord.reverse() } else { ord }
    }

    /// Total ordering of the absolute values (`compare-total-magnitude`).
    pub fn compare_total_mag(&self, other: &Decimal) -> Ordering {
        self.total_mag(other)
    }

    /// Total ordering ignoring signs.
    fn total_mag(&self, other: &Decimal) -> Ordering {
        fn rank(k: Kind) -> u8 {
            match k {
                Kind::Finite => 0,
                Kind::Infinite => 1,
                Kind::SNaN => 2,
                Kind::QNaN => 3,
            }
        }
        let (ra, rb) = (rank(self.kind), rank(other.kind));
        if ra != rb {
            return ra.cmp(&rb);
        }
        match self.kind {
            Kind::Infinite => Ordering::Equal,
            Kind::SNaN | Kind::QNaN => self.coeff.cmp(&other.coeff),
            Kind::Finite => self
                .cmp_magnitude(other)
                .then_with(|| self.exp.cmp(&other.exp)),
        }
    }

    /// Shared NaN handling of max/min: a single quiet NaN loses to a number.
    fn minmax_nans(&self, other: &Decimal, ctx: &mut Context) -> Option<Decimal> {
        if !self.is_nan() && !other.is_nan() {
            return None;
        }
        if self.kind == Kind::QNaN && !other.is_nan() {
            return Some(other.clone().fix(ctx));
        }
        if other.kind == Kind::QNaN && !self.is_nan() {
            return Some(self.clone().fix(ctx));
        }
        check_nans(self, Some(other), ctx)
    }

    fn pick(&self, other: &Decimal, c: Ordering, want_max: bool, ctx: &mut Context) -> Decimal {
        let c = if c == Ordering::Equal {
            self.compare_total(other)
        } else {
            c
        };
        let take_other = if want_max {
            c == Ordering::Less
        } else {
            c != Ordering::Less
        };
        if take_other {
            other.clone().fix(ctx)
        } else {
            self.clone().fix(ctx)
        }
    }

    /// `max`: the larger value (a quiet NaN is ignored in favour of a number).
    pub fn max(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = self.minmax_nans(other, ctx) {
            return n;
        }
        let c = self.cmp_value(other).unwrap_or(Ordering::Equal);
        self.pick(other, c, true, ctx)
    }

    /// `min`: the smaller value.
    pub fn min(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = self.minmax_nans(other, ctx) {
            return n;
        }
        let c = self.cmp_value(other).unwrap_or(Ordering::Equal);
        self.pick(other, c, false, ctx)
    }

    /// `max-magnitude`: the value with the larger absolute value.
    pub fn max_mag(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = self.minmax_nans(other, ctx) {
            return n;
        }
        let c = self.cmp_magnitude(other);
        self.pick(other, c, true, ctx)
    }

    /// `min-magnitude`: the value with the smaller absolute value.
    pub fn min_mag(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = self.minmax_nans(other, ctx) {
            return n;
        }
        let c = self.cmp_magnitude(other);
        self.pick(other, c, false, ctx)
    }

    /// Rescales a finite value to exponent `exp` with the given rounding,
    /// without any context checks.  Returns the result and whether nonzero
    /// digits were discarded.  The caller bounds the padding.
    pub(crate) fn rescale(&self, exp: i64, rounding: Rounding) -> (Decimal, bool) {
        if self.coeff.is_zero() {
            return (Decimal::zero(self.sign, exp), false);
        }
        if self.exp >= exp {
            let c = self.coeff.mul_pow10((self.exp - exp) as u64);
            return (Decimal::from_parts(self.sign, c, exp), false);
        }
        let drop = (exp - self.exp) as u64;
        let nd = self.coeff.digits();
        let (kept, rest) = if drop > nd {
            (Coeff::ZERO, Rest::Below)
        } else {
            let (hi, lo) = self.coeff.split(drop);
            (hi, Coeff::rest_class(&lo, drop))
        };
        let kept = if round_away(rounding, self.sign, rest, kept.last_digit()) {
            kept.incr()
        } else {
            kept
        };
        (
            Decimal::from_parts(self.sign, kept, exp),
            rest != Rest::Zero,
        )
    }

    /// `quantize`: the value rescaled to the exponent of `other`, rounded
    /// with the context's rounding (or `rounding` when given).
    pub fn quantize(
        &self,
        other: &Decimal,
        rounding: Option<Rounding>,
        ctx: &mut Context,
    ) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        if self.kind == Kind::Infinite || other.kind == Kind::Infinite {
            if self.kind == Kind::Infinite && other.kind == Kind::Infinite {
                return self.clone();
            }
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        let exp = other.exp;
        if exp < ctx.etiny() || exp > ctx.emax {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if self.coeff.is_zero() {
            return Decimal::zero(self.sign, exp).fix(ctx);
        }
        let adj = self.adjusted();
        if adj > ctx.emax || adj - exp + 1 > ctx.prec as i64 {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if too_long(self.exp.saturating_sub(exp).max(0) as u64 + self.coeff.digits()) {
            return no_storage(ctx);
        }
        let (ans, inexact) = self.rescale(exp, rounding.unwrap_or(ctx.rounding));
        if ans.adjusted() > ctx.emax || ans.coeff.digits() > ctx.prec {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if !ans.coeff.is_zero() && ans.adjusted() < ctx.emin {
            ctx.raise(Flags::SUBNORMAL);
        }
        if ans.exp > self.exp {
            if inexact {
                ctx.raise(Flags::INEXACT);
            }
            ctx.raise(Flags::ROUNDED);
        }
        ans.fix(ctx)
    }

    /// True when both have the same exponent (or are both NaN, or both
    /// infinite).
    pub fn same_quantum(&self, other: &Decimal) -> bool {
        if self.is_special() || other.is_special() {
            return (self.is_nan() && other.is_nan())
                || (self.is_infinite() && other.is_infinite());
        }
        self.exp == other.exp
    }

    fn to_integral(&self, rounding: Option<Rounding>, exact: bool, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.kind == Kind::Infinite || self.exp >= 0 {
            return self.clone();
        }
        if self.coeff.is_zero() {
            return Decimal::zero(self.sign, 0);
        }
        let (ans, inexact) = self.rescale(0, rounding.unwrap_or(ctx.rounding));
        if exact {
            if inexact {
                ctx.raise(Flags::INEXACT);
            }
            ctx.raise(Flags::ROUNDED);
        }
        ans
    }

    /// `round-to-integral-value`: rounds to exponent 0 (if negative) without
    /// raising Inexact/Rounded.
    pub fn to_integral_value(&self, rounding: Option<Rounding>, ctx: &mut Context) -> Decimal {
        self.to_integral(rounding, false, ctx)
    }

    /// `round-to-integral-exact`: like `to_integral_value` but raises
    /// Inexact and Rounded as appropriate.
    pub fn to_integral_exact(&self, rounding: Option<Rounding>, ctx: &mut Context) -> Decimal {
        self.to_integral(rounding, true, ctx)
    }

    /// `reduce` (Python's `normalize`): rounds to the context and strips
    /// trailing zeros (zero becomes `0` with exponent 0).
    pub fn reduce(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        let dup = self.clone().fix(ctx);
        if dup.kind == Kind::Infinite {
            return dup;
        }
        if dup.coeff.is_zero() {
            return Decimal::zero(dup.sign, 0);
        }
        let exp_max = if ctx.clamp { ctx.etop() } else { ctx.emax };
        let room = if dup.exp < exp_max {
            (exp_max - dup.exp) as u64
        } else {
            0
        };
        let (c, n) = dup.coeff.strip_zeros(room);
        Decimal::from_parts(dup.sign, c, dup.exp + n as i64)
    }

    /// The spec's `class`, e.g. `"+Normal"`, `"-Subnormal"`, `"sNaN"`.
    pub fn number_class(&self, ctx: &Context) -> &'static str {
        match self.kind {
            Kind::SNaN => "sNaN",
            Kind::QNaN => "NaN",
            Kind::Infinite => {
                if self.sign {
                    "-Infinity"
                } else {
                    "+Infinity"
                }
            }
            Kind::Finite => {
                let s = self.sign;
                if self.coeff.is_zero() {
                    if s { "-Zero" } else { "+Zero" }
                } else if self.is_subnormal(ctx) {
                    if s { "-Subnormal" } else { "+Subnormal" }
                } else if s {
                    "-Normal"
                } else {
                    "+Normal"
                }
            }
        }
    }

    /// `logb`: the adjusted exponent as a Decimal; -Infinity with
    /// DivisionByZero for zero.
    pub fn logb(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.kind == Kind::Infinite {
            return Decimal::infinity(false);
        }
        if self.coeff.is_zero() {
            ctx.raise(Flags::DIVISION_BY_ZERO);
            return Decimal::infinity(true);
        }
        Decimal::from_i64(self.adjusted()).fix(ctx)
    }

    /// The integer value of an operand that must be an integer with
    /// exponent 0 and magnitude at most `limit`.
    fn small_int_operand(&self, limit: i128) -> Option<i64> {
        if self.kind != Kind::Finite || self.exp != 0 {
            return None;
        }
        let v = self.coeff.as_u128()?;
        if v > limit as u128 {
            return None;
        }
        let v = v as i64;
        Some(if self.sign { -v } else { v })
    }

    /// `scaleb`: adds the integer `other` to the exponent.
    pub fn scaleb(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let lim = 2 * (ctx.emax as i128 + ctx.prec as i128);
        let Some(n) = other.small_int_operand(lim) else {
            return invalid(ctx, Flags::INVALID_OPERATION);
        };
        if self.kind == Kind::Infinite {
            return self.clone();
        }
        Decimal::from_parts(self.sign, self.coeff.clone(), self.exp + n).fix(ctx)
    }

    /// The coefficient reduced to its low `prec` digits.
    fn coeff_in_prec(&self, prec: u64) -> Coeff {
        if self.coeff.digits() > prec {
            self.coeff.split(prec).1
        } else {
            self.coeff.clone()
        }
    }

    /// `shift`: shifts the coefficient left (positive) or right (negative)
    /// by `other` digits within `prec` digits.
    pub fn shift(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let Some(n) = other.small_int_operand(ctx.prec as i128) else {
            return invalid(ctx, Flags::INVALID_OPERATION);
        };
        if self.kind == Kind::Infinite {
            return self.clone();
        }
        if n > 0 && too_long(n as u64 + self.coeff.digits()) {
            return no_storage(ctx);
        }
        let c = self.coeff_in_prec(ctx.prec);
        let shifted = if n >= 0 {
            c.mul_pow10(n as u64).split(ctx.prec).1
        } else {
            c.split(n.unsigned_abs()).0
        };
        Decimal::from_parts(self.sign, shifted, self.exp)
    }

    /// `rotate`: rotates the `prec`-digit coefficient left (positive) or
    /// right (negative) by `other` digits.
    pub fn rotate(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let Some(n) = other.small_int_operand(ctx.prec as i128) else {
            return invalid(ctx, Flags::INVALID_OPERATION);
        };
        if self.kind == Kind::Infinite {
            return self.clone();
        }
        let p = ctx.prec;
        if too_long(p) {
            return no_storage(ctx);
        }
        let c = self.coeff_in_prec(p);
        let left = if n >= 0 {
            n as u64
        } else {
            p - n.unsigned_abs()
        };
        // Rotating left by `left`: high part moves to the bottom.
        let (hi, lo) = c.split(p - left);
        let rotated = lo.mul_pow10(left).add(&hi);
        Decimal::from_parts(self.sign, rotated, self.exp)
    }

    /// The digits of a logical operand (finite, positive, exponent 0, all
    /// digits 0 or 1), padded/truncated to `prec` digits, least significant
    /// first.
    fn logical_digits(&self, prec: u64, len: u64) -> Option<Vec<u8>> {
        if self.kind != Kind::Finite || self.sign || self.exp != 0 {
            return None;
        }
        let s = self.coeff.to_digits();
        if !s.bytes().all(|b| b == b'0' || b == b'1') {
            return None;
        }
        let mut v: Vec<u8> = s.bytes().rev().map(|b| b - b'0').collect();
        let n = prec.min(len) as usize;
        v.truncate(n);
        v.resize(n, 0);
        Some(v)
    }

    fn logical(&self, other: &Decimal, ctx: &mut Context, f: fn(u8, u8) -> u8) -> Decimal {
        let len = self.coeff.digits().max(other.coeff.digits());
        let (Some(a), Some(b)) = (
            self.logical_digits(ctx.prec, len),
            other.logical_digits(ctx.prec, len),
        ) else {
            return invalid(ctx, Flags::INVALID_OPERATION);
        };
        digits_to_decimal(a.iter().zip(&b).map(|(&x, &y)| f(x, y)))
    }

    /// Digit-wise logical and.
    pub fn logical_and(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        self.logical(other, ctx, |a, b| a & b)
    }

    /// Digit-wise logical or.
    pub fn logical_or(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        self.logical(other, ctx, |a, b| a | b)
    }

    /// Digit-wise logical exclusive or.
    pub fn logical_xor(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        self.logical(other, ctx, |a, b| a ^ b)
    }

    /// Digit-wise logical inversion within `prec` digits.
    pub fn logical_invert(&self, ctx: &mut Context) -> Decimal {
        if too_long(ctx.prec) {
            return no_storage(ctx);
        }
        let Some(a) = self.logical_digits(ctx.prec, ctx.prec) else {
            return invalid(ctx, Flags::INVALID_OPERATION);
        };
        digits_to_decimal(a.iter().map(|&x| 1 - x))
    }

    /// `next-minus`: the largest representable number smaller than the
    /// value.  Raises no flags except for sNaN.
    pub fn next_minus(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        self.next_step(ctx, true)
    }

    /// `next-plus`: the smallest representable number larger than the
    /// value.
    pub fn next_plus(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        self.next_step(ctx, false)
    }

    fn next_step(&self, ctx: &mut Context, down: bool) -> Decimal {
        if self.kind == Kind::Infinite {
            if self.sign == down {
                return self.clone();
            }
            if too_long(ctx.prec) {
                return no_storage(ctx);
            }
            return Decimal::from_parts(self.sign, largest_coeff(ctx.prec), ctx.etop());
        }
        let mut c = ctx.clone();
        c.rounding = if down {
            Rounding::Floor
        } else {
            Rounding::Ceiling
        };
        c.flags = Flags::EMPTY;
        let fixed = self.clone().fix(&mut c);
        if fixed.cmp_value(self) != Some(Ordering::Equal) {
            return fixed;
        }
        let tiny = Decimal::from_parts(down, Coeff::ONE, c.etiny() - 1);
        let r = self.add(&tiny, &mut c);
        // The step's own rounding is no condition, but running out of
        // storage is (libmpdec keeps the errors of its work context).
        if c.flags.contains(Flags::INSUFFICIENT_STORAGE) {
            return no_storage(ctx);
        }
        r
    }

    /// `next-toward`: the next representable number from the value in the
    /// direction of `other` (or the value with `other`'s sign if equal).
    pub fn next_toward(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        let ord = self.cmp_value(other).unwrap_or(Ordering::Equal);
        if ord == Ordering::Equal {
            return self.copy_sign(other);
        }
        let ans = self.next_step(ctx, ord == Ordering::Greater);
        if ans.kind == Kind::Infinite {
            ctx.raise(Flags::OVERFLOW | Flags::INEXACT | Flags::ROUNDED);
        } else if ans.adjusted() < ctx.emin {
            ctx.raise(Flags::UNDERFLOW | Flags::SUBNORMAL | Flags::INEXACT | Flags::ROUNDED);
            if ans.coeff.is_zero() {
                ctx.raise(Flags::CLAMPED);
            }
        }
        ans
    }
}

/// Builds a number from 0/1 digits given least significant first.
fn digits_to_decimal(digits: impl Iterator<Item = u8>) -> Decimal {
    let mut s: Vec<u8> = digits.map(|d| d + b'0').collect();
    s.reverse();
    let start = s.iter().position(|&b| b != b'0').unwrap_or(s.len());
    let coeff = Coeff::from_digits(&s[start..]).unwrap_or(Coeff::ZERO);
    Decimal::from_parts(false, coeff, 0)
}

/// -1, 0 or 1 as a Decimal.
fn ord_to_decimal(o: Ordering) -> Decimal {
    match o {
        Ordering::Less => Decimal::from_i64(-1),
        Ordering::Equal => Decimal::from_i64(0),
        Ordering::Greater => Decimal::from_i64(1),
    }
}
