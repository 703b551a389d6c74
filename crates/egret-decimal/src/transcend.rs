//! Square root, exponential, natural and base-10 logarithms, and power
//! (two- and three-argument).  `sqrt`, `exp`, `ln` and `log10` are
//! correctly rounded (half-even, as CPython does): inexact results are
//! computed in big-integer fixed point with guard digits, and an
//! approximation `M * 10^E` with a known error bound is accepted only when
//! both ends of its error interval round to the same result with the same
//! conditions; otherwise the working precision is raised and the
//! computation repeated (Ziv's strategy).  `power` reproduces CPython's
//! libmpdec algorithm exactly (binary exponentiation in a wider working
//! context for integral exponents, `exp(y * ln(x))` with correctly rounded
//! steps otherwise), because CPython's results are not always correctly
//! rounded and this kernel must match them.

use crate::arith::{check_nans, invalid, no_storage, too_long};
use crate::coeff::{Coeff, big_pow10};
use crate::context::{Context, Flags, Rounding};
use crate::decimal::{Decimal, Kind};
use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::RefCell;

/// `10^n` as a signed big integer.
fn p10(n: u64) -> BigInt {
    BigInt::from(big_pow10(n))
}

/// Number of decimal digits of `|v|` (1 for zero).
fn bdigits(v: &BigInt) -> u64 {
    Coeff::from(v.magnitude().clone()).digits()
}

/// Number of decimal digits of a `u64` (1 for zero).
fn udigits(v: u64) -> u64 {
    Coeff::from(v).digits()
}

/// Rescales a fixed-point value from `from` to `to` fractional digits
/// (truncating toward zero when reducing).
fn rescale_fixed(v: BigInt, from: u64, to: u64) -> BigInt {
    if to >= from {
        v * p10(to - from)
    } else {
        shift10(v, -((from - to) as i64))
    }
}

/// `v * 10^s`, truncating toward zero for negative `s` (without building
/// huge powers of ten when the result is zero anyway).
fn shift10(v: BigInt, s: i64) -> BigInt {
    if s >= 0 {
        v * p10(s as u64)
    } else if s.unsigned_abs() > bdigits(&v) {
        BigInt::zero()
    } else {
        v / p10(s.unsigned_abs())
    }
}

/// `atanh(1/q)` scaled by `10^w`, with error below `w` units.
fn atanh_inv(q: u64, w: u64) -> BigInt {
    let q2 = BigInt::from(q * q);
    let mut term = p10(w) / q;
    let mut sum = term.clone();
    let mut k = 1u64;
    loop {
        term /= &q2;
        if term.is_zero() {
            break;
        }
        sum += &term / (2 * k + 1);
        k += 1;
    }
    sum
}

thread_local! {
    static LN2: RefCell<(u64, BigInt)> = RefCell::new((0, BigInt::zero()));
    static LN10: RefCell<(u64, BigInt)> = RefCell::new((0, BigInt::zero()));
}

/// Returns a cached constant at `w` digits, computing it at a higher
/// precision when the cache is too short.
fn cached(
    key: &'static std::thread::LocalKey<RefCell<(u64, BigInt)>>,
    w: u64,
    compute: fn(u64) -> BigInt,
) -> BigInt {
    key.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 < w {
            let nw = w + w / 2 + 20;
            *c = (nw, compute(nw));
        }
        rescale_fixed(c.1.clone(), c.0, w)
    })
}

/// `ln 2` scaled by `10^w` (error at most one unit).
fn ln2(w: u64) -> BigInt {
    fn compute(w: u64) -> BigInt {
        let g = 5 + udigits(w);
        rescale_fixed(atanh_inv(3, w + g) * 2, w + g, w)
    }
    cached(&LN2, w, compute)
}

/// `ln 10` scaled by `10^w` (error at most one unit).
fn ln10(w: u64) -> BigInt {
    fn compute(w: u64) -> BigInt {
        let g = 5 + udigits(w);
        // ln 10 = 3 ln 2 + ln 1.25 = 6 atanh(1/3) + 2 atanh(1/9)
        let v = atanh_inv(3, w + g) * 6 + atanh_inv(9, w + g) * 2;
        rescale_fixed(v, w + g, w)
    }
    cached(&LN10, w, compute)
}

/// `exp(r)` for `|r| <= ~1.5`, both scaled by `10^w`; relative error a
/// few units in the last place.
fn exp_fixed(r: &BigInt, w: u64) -> BigInt {
    let s = ((w as f64).sqrt() as u64).max(4);
    let wp = w + 10 + udigits(w) + s / 3;
    let one = p10(wp);
    let mut x = rescale_fixed(r.clone(), w, wp);
    x >>= s as usize;
    let mut sum = one.clone();
    let mut term = one.clone();
    let mut n = 1u64;
    loop {
        term = term * &x / &one / n;
        if term.is_zero() {
            break;
        }
        sum += &term;
        n += 1;
    }
    for _ in 0..s {
        sum = &sum * &sum / &one;
    }
    rescale_fixed(sum, wp, w)
}

/// `exp(x)` for `x` given scaled by `10^w`: returns `(M, E)` with
/// `exp(x) ~= M * 10^E`, `M` having about `w` digits and an error of a
/// few units.
fn exp_core(xf: &BigInt, w: u64) -> (BigInt, i64) {
    let int_digits = bdigits(&(xf / p10(w)));
    let extra = int_digits + 3;
    let wl = w + extra;
    let l10 = ln10(wl);
    let xl = xf * p10(extra);
    // k = round(x / ln 10)
    let (q, r) = xl.div_mod_floor(&l10);
    let k = if &r * 2 >= l10 { q + 1 } else { q };
    let Some(k64) = k
        .to_i64()
        .filter(|k| k.unsigned_abs() < 4_000_000_000_000_000_000)
    else {
        // Astronomically large or small: the caller's rounding overflows
        // or underflows either way.
        let e = if k.is_negative() {
            -4_000_000_000_000_000_000
        } else {
            4_000_000_000_000_000_000
        };
        return (p10(w), e - w as i64);
    };
    let red = xl - &k * &l10;
    let e = exp_fixed(&red, wl);
    (rescale_fixed(e, wl, w), k64 - w as i64)
}

/// `ln(x)` for a finite positive `x`, scaled by `10^w`, error of a few
/// units.
fn ln_fixed(x: &Decimal, w: u64) -> BigInt {
    let d = x.coeff.digits();
    let adj = x.adjusted();
    let wg = w + 10 + udigits(w) + udigits(adj.unsigned_abs());
    let one = p10(wg);
    let c = BigInt::from(x.coeff.to_biguint());
    let mut m = if wg >= d - 1 {
        c * p10(wg - (d - 1))
    } else {
        c / p10(d - 1 - wg)
    };
    // Reduce m (in [1, 10)) to [0.75, 1.5) by halving.
    let limit = &one * 3 / 2;
    let mut halvings = 0u64;
    while m >= limit {
        m >>= 1;
        halvings += 1;
    }
    let z = (&m - &one) * &one / (&m + &one);
    let z2 = &z * &z / &one;
    let mut term = z.clone();
    let mut sum = z;
    let mut k = 1u64;
    loop {
        term = term * &z2 / &one;
        if term.is_zero() {
            break;
        }
        sum += &term / (2 * k + 1);
        k += 1;
    }
    let mut res = sum * 2 + ln2(wg) * halvings;
    if adj != 0 {
        res += ln10(wg) * adj;
    }
    rescale_fixed(res, wg, w)
}

/// A lower bound `r` with `|log10(x)| >= 10^r`, for finite positive
/// `x != 1`.
fn log10_lower_bound(x: &Decimal) -> i64 {
    let adj = x.adjusted();
    if adj >= 1 {
        return udigits(adj as u64) as i64 - 1;
    }
    if adj <= -2 {
        return udigits((-1 - adj) as u64) as i64 - 1;
    }
    let one = Decimal::from_i64(1);
    let mut c = Context::max_context();
    if adj == 0 {
        // 1 < x < 10: log10(x) >= (x - 1) / (x ln 10) > (x - 1) / 100.
        let t = x.subtract(&one, &mut c);
        t.adjusted() - 2
    } else {
        // 0.1 <= x < 1: -log10(x) >= (1 - x) / ln 10 > (1 - x) / 10.
        let t = one.subtract(x, &mut c);
        t.adjusted() - 1
    }
}

/// Ziv's loop: `approx(w)` returns `(M, E)` with the true (inexact) value
/// within `K = 1000` units of `M * 10^E`.  Raises the working precision
/// until both ends of the interval round identically.
fn ziv(ctx: &mut Context, start_w: u64, mut approx: impl FnMut(u64) -> (BigInt, i64)) -> Decimal {
    const K: u32 = 1000;
    let need = ctx.prec + 8;
    let mut w = start_w.max(need);
    loop {
        let (m, e) = approx(w);
        let neg = m.sign() == Sign::Minus;
        let mag = m.magnitude().clone();
        let nd = Coeff::from(mag.clone()).digits();
        if nd < need || mag.is_zero() {
            w += need.saturating_sub(nd) + 10;
            continue;
        }
        let lo = Decimal::from_parts(neg, Coeff::from(&mag - K), e);
        let hi = Decimal::from_parts(neg, Coeff::from(&mag + K), e);
        let mut c1 = ctx.clone();
        c1.flags = Flags::EMPTY;
        let mut c2 = c1.clone();
        let r1 = lo.fix(&mut c1);
        let r2 = hi.fix(&mut c2);
        if r1 == r2 && c1.flags == c2.flags && c1.flags.contains(Flags::INEXACT) {
            ctx.flags |= c1.flags;
            return r1;
        }
        w += w / 2 + 10;
    }
}

/// Runs `f` with the context's rounding temporarily set to half-even.
fn half_even(ctx: &mut Context, f: impl FnOnce(&mut Context) -> Decimal) -> Decimal {
    let saved = ctx.rounding;
    ctx.rounding = Rounding::HalfEven;
    let r = f(ctx);
    ctx.rounding = saved;
    r
}

/// `x` as a fixed-point integer scaled by `10^w` (truncated).
fn to_fixed(x: &Decimal, w: u64) -> BigInt {
    let c = BigInt::from_biguint(
        if x.sign { Sign::Minus } else { Sign::Plus },
        x.coeff.to_biguint(),
    );
    shift10(c, x.exp + w as i64)
}

impl Decimal {
    /// Square root, correctly rounded (always with half-even rounding, as
    /// CPython does); exact results get the ideal exponent `floor(exp/2)`.
    pub fn sqrt(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.kind == Kind::Infinite && !self.sign {
            return self.clone();
        }
        if self.is_zero() {
            return half_even(ctx, |c| {
                Decimal::zero(self.sign, self.exp.div_euclid(2)).fix(c)
            });
        }
        if self.sign {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        // Write the value as c * 100^e.
        let e = self.exp.div_euclid(2);
        let c = if self.exp.rem_euclid(2) == 1 {
            self.coeff.mul_pow10(1)
        } else {
            self.coeff.clone()
        };
        let root = c.isqrt();
        if root.mul(&root) == c {
            return half_even(ctx, |cx| Decimal::from_parts(false, root, e).fix(cx));
        }
        if too_long(2 * ctx.prec + 4) {
            return no_storage(ctx);
        }
        // Irrational: compute at least prec + 1 digits and add a sticky digit.
        let cd = c.digits();
        let want = 2 * (ctx.prec + 2);
        let shift = if want > cd {
            (want - cd).div_ceil(2)
        } else {
            0
        };
        let n = c.mul_pow10(2 * shift).isqrt();
        let r = Decimal::from_parts(false, n.mul_pow10(1).incr(), e - shift as i64 - 1);
        half_even(ctx, |cx| r.fix(cx))
    }

    /// `e ** self`, correctly rounded with half-even rounding.
    pub fn exp(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.kind == Kind::Infinite {
            return if self.sign {
                Decimal::zero(false, 0)
            } else {
                self.clone()
            };
        }
        if self.is_zero() {
            return Decimal::from_i64(1);
        }
        if too_long(ctx.prec + 30) {
            return no_storage(ctx);
        }
        let p = ctx.prec as i64;
        let adj = self.adjusted();
        let over = udigits(((ctx.emax as u64) + 1).saturating_mul(3)) as i64;
        let under = udigits((1 - ctx.etiny()).unsigned_abs().saturating_mul(3)) as i64;
        half_even(ctx, |ctx| {
            if !self.sign && adj > over {
                Decimal::from_parts(false, Coeff::ONE, ctx.emax + 1).fix(ctx)
            } else if self.sign && adj > under {
                Decimal::from_parts(false, Coeff::ONE, ctx.etiny() - 1).fix(ctx)
            } else if !self.sign && adj < -p {
                // 1 + tiny: p + 1 digits are enough to round correctly.
                Decimal::from_parts(false, Coeff::pow10(p as u64).incr(), -p).fix(ctx)
            } else if self.sign && adj < -p - 1 {
                let nines = Coeff::pow10(p as u64 + 1).sub(&Coeff::ONE);
                Decimal::from_parts(false, nines, -p - 1).fix(ctx)
            } else {
                ziv(ctx, 0, |w| exp_core(&to_fixed(self, w), w))
            }
        })
    }

    /// Natural logarithm, correctly rounded with half-even rounding.
    pub fn ln(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.is_zero() {
            return Decimal::infinity(true);
        }
        if self.kind == Kind::Infinite && !self.sign {
            return self.clone();
        }
        if self.sign {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if self.cmp_value(&Decimal::from_i64(1)) == Some(std::cmp::Ordering::Equal) {
            return Decimal::zero(false, 0);
        }
        if too_long(ctx.prec + 30) {
            return no_storage(ctx);
        }
        let start = (ctx.prec as i64 + 10 - log10_lower_bound(self)).max(0) as u64;
        half_even(ctx, |ctx| {
            ziv(ctx, start, |w| (ln_fixed(self, w), -(w as i64)))
        })
    }

    /// Base-10 logarithm, correctly rounded with half-even rounding; exact
    /// for powers of ten.
    pub fn log10(&self, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, None, ctx) {
            return n;
        }
        if self.is_zero() {
            return Decimal::infinity(true);
        }
        if self.kind == Kind::Infinite && !self.sign {
            return self.clone();
        }
        if self.sign {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        let (stripped, _) = self.coeff.strip_zeros(u64::MAX);
        if stripped.is_one() {
            let r = Decimal::from_i64(self.adjusted());
            return half_even(ctx, |ctx| r.fix(ctx));
        }
        if too_long(ctx.prec + 30) {
            return no_storage(ctx);
        }
        let start = (ctx.prec as i64 + 10 - log10_lower_bound(self)).max(0) as u64;
        half_even(ctx, |ctx| {
            ziv(ctx, start, |w| {
                let l = ln_fixed(self, w + 3) * p10(w);
                (l / ln10(w + 3), -(w as i64))
            })
        })
    }

    /// `self ** other`, rounded with the context's rounding, computed as
    /// CPython's libmpdec does (see the module documentation): integral
    /// exponents by repeated multiplication (exact results keep the ideal
    /// exponent, e.g. `2.0 ** 3 == 8.000`), other exponents via
    /// `exp(other * ln(self))`, always raising Inexact and Rounded.
    pub fn power(&self, other: &Decimal, ctx: &mut Context) -> Decimal {
        if let Some(n) = check_nans(self, Some(other), ctx) {
            return n;
        }
        if other.is_zero() {
            if self.is_zero() {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
            return Decimal::from_i64(1);
        }
        let y_int = other.is_integer();
        let mut sign = false;
        if self.sign {
            if y_int {
                sign = integer_is_odd(other);
            } else if !self.is_zero() {
                return invalid(ctx, Flags::INVALID_OPERATION);
            }
        }
        let x = self.copy_abs();
        let y_pos = !other.sign;
        if x.is_zero() {
            return if y_pos {
                Decimal::zero(sign, 0)
            } else {
                Decimal::infinity(sign)
            };
        }
        if x.kind == Kind::Infinite {
            return if y_pos {
                Decimal::infinity(sign)
            } else {
                Decimal::zero(sign, 0)
            };
        }
        if too_long(ctx.prec + 30) {
            // A precision past what can be held: only an exact integral
            // power is computed (the documentation's "exact arithmetic"
            // recipe sets the maximum precision).
            if y_int && x.kind == Kind::Finite {
                return exact_int_power(&x, other, sign, ctx);
            }
            return no_storage(ctx);
        }
        if x.cmp_value(&Decimal::from_i64(1)) == Some(std::cmp::Ordering::Equal) {
            return power_of_one(&x, other, sign, ctx);
        }
        let x_adj = x.adjusted();
        if other.kind == Kind::Infinite {
            return if y_pos == (x_adj < 0) {
                Decimal::zero(sign, 0)
            } else {
                Decimal::infinity(sign)
            };
        }
        // Detection of certain overflow / underflow (libmpdec's bounds).
        let bound = log10_lower_bound(&x).saturating_add(other.adjusted());
        if (x_adj < 0) != y_pos {
            if (udigits(ctx.emax as u64) as i64) < bound {
                return Decimal::from_parts(sign, Coeff::ONE, EXP_INF).fix(ctx);
            }
        } else if (udigits(ctx.etiny().unsigned_abs()) as i64) < bound {
            return Decimal::from_parts(sign, Coeff::ONE, ctx.etiny() - 1).fix(ctx);
        }
        let r = if y_int {
            power_int(&x, other, ctx)
        } else {
            power_real(&x, other, ctx)
        };
        let r = if r.is_infinite() {
            Decimal::from_parts(sign, Coeff::ONE, EXP_INF)
        } else {
            Decimal { sign, ..r }
        };
        r.fix(ctx)
    }

    /// Three-argument power `(self ** other) % modulo` for integers, exact
    /// (Python's `pow(x, y, m)`).
    pub fn power_modulo(&self, other: &Decimal, modulo: &Decimal, ctx: &mut Context) -> Decimal {
        for v in [self, other, modulo] {
            if v.kind == Kind::SNaN {
                return check_nans(v, None, ctx).unwrap_or_else(Decimal::qnan);
            }
        }
        for v in [self, other, modulo] {
            if v.kind == Kind::QNaN {
                return v.fix_nan(ctx);
            }
        }
        if !(self.is_integer() && other.is_integer() && modulo.is_integer()) {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if other.sign && !other.is_zero() {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if modulo.is_zero() || modulo.adjusted() >= ctx.prec as i64 {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        if self.is_zero() && other.is_zero() {
            return invalid(ctx, Flags::INVALID_OPERATION);
        }
        let sign = if integer_is_odd(other) {
            self.sign
        } else {
            false
        };
        let m = integral_magnitude(modulo);
        let base = if self.exp > 0 {
            let ten_e = BigUint::from(10u32).modpow(&BigUint::from(self.exp as u64), &m);
            (self.coeff.to_biguint() % &m) * ten_e % &m
        } else {
            integral_magnitude(self) % &m
        };
        // The exponent may be huge (e.g. 1E+999999): apply its power of ten
        // by repeated tenth powers.
        let (yc, ye) = if other.exp > 0 {
            (other.coeff.to_biguint(), other.exp as u64)
        } else {
            (integral_magnitude(other), 0)
        };
        if too_long(ye) {
            return no_storage(ctx);
        }
        let mut b = base;
        for _ in 0..ye {
            b = b.modpow(&BigUint::from(10u32), &m);
        }
        let r = b.modpow(&yc, &m);
        Decimal::from_parts(sign, Coeff::from(r), 0)
    }
}

/// `|v|` of an integral finite value as a `BigUint` (exponent applied).
fn integral_magnitude(v: &Decimal) -> BigUint {
    if v.exp >= 0 {
        v.coeff.mul_pow10(v.exp as u64).to_biguint()
    } else {
        v.coeff.split(v.exp.unsigned_abs()).0.to_biguint()
    }
}

/// Whether an integral value is odd.
fn integer_is_odd(v: &Decimal) -> bool {
    if v.exp > 0 {
        return false;
    }
    if v.exp == 0 {
        return v.coeff.is_odd();
    }
    v.coeff.split(v.exp.unsigned_abs()).0.is_odd()
}

/// `1 ** y` where the base is numerically one (`1`, `1.00`, ...): the
/// exponent and flags depend on the base's exponent and on `y`.
fn power_of_one(x: &Decimal, y: &Decimal, sign: bool, ctx: &mut Context) -> Decimal {
    let prec = ctx.prec as i64;
    let exp = if y.is_integer() {
        let mult: i64 = if y.sign {
            0
        } else if y.cmp_value(&Decimal::from_u64(ctx.prec)) == Some(std::cmp::Ordering::Greater) {
            prec
        } else {
            integral_magnitude(y).to_i64().unwrap_or(prec)
        };
        let e = x.exp.saturating_mul(mult);
        if e < 1 - prec {
            ctx.raise(Flags::ROUNDED);
            1 - prec
        } else {
            e
        }
    } else {
        ctx.raise(Flags::INEXACT | Flags::ROUNDED);
        1 - prec
    };
    Decimal::from_parts(sign, Coeff::pow10(exp.unsigned_abs()), exp)
}

/// An exponent far above any Emax, used to force an overflow.
const EXP_INF: i64 = 2_000_000_000_000_000_000;

/// `x ** y` for positive finite `x != 1` and a nonzero integral `y`, as
/// CPython's libmpdec computes it: binary exponentiation in a working
/// context with `prec + digits(y) + exp(y) + 2` digits (one more, after
/// taking the reciprocal, for negative `y`), rounding half-even, the
/// caller's exponent limits and no clamping.  Conditions raised by the
/// intermediate steps are kept.  The result is not yet finished.
fn power_int(x: &Decimal, y: &Decimal, ctx: &mut Context) -> Decimal {
    let mut w = ctx.clone();
    w.flags = Flags::EMPTY;
    let extra = (y.coeff.digits() as i64 + y.exp + 2).max(0) as u64;
    w.prec = ctx.prec.saturating_add(extra);
    w.rounding = Rounding::HalfEven;
    w.clamp = false;
    let base = if y.sign {
        w.prec += 1;
        let b = Decimal::from_i64(1).divide(x, &mut w);
        ctx.flags |= w.flags;
        w.flags = Flags::EMPTY;
        b
    } else {
        x.clone()
    };
    let n = integral_magnitude(y);
    let bits = n.bits();
    let mut r = base.clone();
    for i in (0..bits.saturating_sub(1)).rev() {
        r = r.multiply(&r, &mut w);
        if n.bit(i) {
            r = r.multiply(&base, &mut w);
        }
        if r.is_special() || (r.coeff.is_zero() && w.flags.contains(Flags::CLAMPED)) {
            break;
        }
    }
    ctx.flags |= w.flags;
    r
}

/// `x ** y` for finite positive `x` and integral `y` computed exactly,
/// under a context whose precision is too large to work at: the reciprocal
/// of `x` first for a negative `y` (which must be exact), then the power at
/// the precision the exact result needs. Anything longer than can be held
/// raises InsufficientStorage.
fn exact_int_power(x: &Decimal, y: &Decimal, sign: bool, ctx: &mut Context) -> Decimal {
    use num_traits::ToPrimitive;
    let Some(n) = integral_magnitude(y).to_u64() else {
        return no_storage(ctx);
    };
    let base = if y.sign {
        let mut w = ctx.clone();
        w.flags = Flags::EMPTY;
        let b = Decimal::from_i64(1).divide(x, &mut w);
        if w.flags
            .intersects(Flags::INEXACT | Flags::INSUFFICIENT_STORAGE)
            || !b.is_finite()
        {
            return no_storage(ctx);
        }
        b
    } else {
        x.clone()
    };
    let digits = base.coeff.digits().saturating_mul(n);
    if too_long(digits) {
        return no_storage(ctx);
    }
    let mut w = Context::max_context();
    w.prec = digits.max(1) + 2;
    let positive = Decimal::from_parts(false, Coeff::from(n), 0);
    let r = power_int(&base, &positive, &mut w);
    if w.flags.contains(Flags::INSUFFICIENT_STORAGE) {
        return no_storage(ctx);
    }
    Decimal { sign, ..r }.fix(ctx)
}

/// `x ** y` for positive finite `x != 1` and non-integral `y`, as libmpdec
/// computes it: `exp(y * ln(x))` with each step correctly rounded to
/// `max(digits(x), prec) + 23` digits in an unbounded context.  A result
/// of exactly one becomes `1.000...` with `prec` digits.  Always raises
/// Inexact and Rounded.  The result is not yet finished.
fn power_real(x: &Decimal, y: &Decimal, ctx: &mut Context) -> Decimal {
    let mut w = Context::max_context();
    w.prec = x.coeff.digits().max(ctx.prec) + 4 + 19;
    let l = x.ln(&mut w);
    let l = l.multiply(y, &mut w);
    let errors = Flags::INVALID_OPERATION
        | Flags::CONVERSION_SYNTAX
        | Flags::DIVISION_IMPOSSIBLE
        | Flags::DIVISION_UNDEFINED
        | Flags::INVALID_CONTEXT
        | Flags::DIVISION_BY_ZERO;
    let mut e = w.clone();
    e.flags = Flags::EMPTY;
    let r = l.exp(&mut e);
    ctx.flags |= Flags((w.flags.0 & errors.0) | e.flags.0) | Flags::INEXACT | Flags::ROUNDED;
    if r.is_finite() && r.cmp_value(&Decimal::from_i64(1)) == Some(std::cmp::Ordering::Equal) {
        let shift = ctx.prec - 1;
        return Decimal::from_parts(false, Coeff::pow10(shift), -(shift as i64));
    }
    r
}
