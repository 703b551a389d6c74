//! The `math` module.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::object::Value;
use crate::object::types::Kind;
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, to_bigint};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

pub(crate) fn f64_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v.kind() {
        Kind::Float => Ok(crate::objects::float::float_of(v).unwrap_or(0.0)),
        Kind::Int | Kind::Bool => crate::objects::int::to_f64_checked(vm, v),
        _ => {
            if let Some(m) = vm.user_method(v, "__float__") {
                let r = vm.call_special(&m, v, &[])?;
                return Ok(crate::objects::float::float_of(&r).unwrap_or(0.0));
            }
            Err(vm.type_error(format!("must be real number, not {}", v.type_data().name)))
        }
    }
}

fn int_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<BigInt> {
    match to_bigint(v) {
        Some(b) if v.kind() != Kind::Float => Ok(b),
        _ => {
            if v.kind() == Kind::Float {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            let _ = fname;
            Ok(BigInt::from(vm.index_value(v)?))
        }
    }
}

fn domain(vm: &Vm) -> crate::vm::PyErr {
    vm.value_error("math domain error")
}

fn unary(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: fn(f64) -> f64,
    check: fn(f64) -> bool,
) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let x = f64_arg(vm, &a[0])?;
    if !check(x) {
        return Err(domain(vm));
    }
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(vm.overflow_error("math range error"));
    }
    Ok(new_float(r))
}

fn to_int_round(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: fn(f64) -> f64,
    dunder: &'static str,
) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let v = &a[0];
    match v.kind() {
        Kind::Int | Kind::Bool => Ok(from_bigint(to_bigint(v).unwrap_or_default())),
        Kind::Float => {
            crate::objects::int::from_f64(vm, f(crate::objects::float::float_of(v).unwrap_or(0.0)))
        }
        _ => {
            if let Some(m) = vm.user_method(v, dunder) {
                return vm.call_special(&m, v, &[]);
            }
            let x = f64_arg(vm, v)?;
            crate::objects::int::from_f64(vm, f(x))
        }
    }
}

/// Natural log of an int or float (exact for huge ints).
fn ln_of(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if matches!(v.kind(), Kind::Int | Kind::Bool) {
        let b = to_bigint(v).unwrap_or_default();
        if !b.is_positive() {
            return Err(domain(vm));
        }
        if let Some(x) = b.to_f64().filter(|x| x.is_finite()) {
            return Ok(x.ln());
        }
        let shift = b.bits() - 60;
        let m = (&b >> shift as usize).to_f64().unwrap_or(1.0);
        return Ok(m.ln() + shift as f64 * std::f64::consts::LN_2);
    }
    let x = f64_arg(vm, v)?;
    if x <= 0.0 {
        return Err(domain(vm));
    }
    Ok(x.ln())
}

fn log_impl(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if matches!(v.kind(), Kind::Int | Kind::Bool)
        && let Some(x) = to_bigint(v)
            .and_then(|b| b.to_f64())
            .filter(|x| x.is_finite() && *x > 0.0)
    {
        return Ok(f(x));
    }
    if matches!(v.kind(), Kind::Float) {
        let x = f64_arg(vm, v)?;
        if x <= 0.0 {
            return Err(domain(vm));
        }
        return Ok(f(x));
    }
    let ln = ln_of(vm, v)?;
    // f(e**ln) without overflow: scale by f(e).
    Ok(ln * f(std::f64::consts::E))
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("sqrt", |vm, a, _| {
            unary(vm, a, "sqrt", f64::sqrt, |x| x >= 0.0 || x.is_nan())
        }),
        ("exp", |vm, a, _| unary(vm, a, "exp", f64::exp, |_| true)),
        ("sin", |vm, a, _| {
            unary(vm, a, "sin", f64::sin, |x| !x.is_infinite())
        }),
        ("cos", |vm, a, _| {
            unary(vm, a, "cos", f64::cos, |x| !x.is_infinite())
        }),
        ("tan", |vm, a, _| {
            unary(vm, a, "tan", f64::tan, |x| !x.is_infinite())
        }),
        ("asin", |vm, a, _| {
            unary(vm, a, "asin", f64::asin, |x| {
                (-1.0..=1.0).contains(&x) || x.is_nan()
            })
        }),
        ("acos", |vm, a, _| {
            unary(vm, a, "acos", f64::acos, |x| {
                (-1.0..=1.0).contains(&x) || x.is_nan()
            })
        }),
        ("atan", |vm, a, _| unary(vm, a, "atan", f64::atan, |_| true)),
        ("sinh", |vm, a, _| unary(vm, a, "sinh", f64::sinh, |_| true)),
        ("asinh", |vm, a, _| {
            unary(vm, a, "asinh", f64::asinh, |_| true)
        }),
        ("acosh", |vm, a, _| {
            unary(vm, a, "acosh", f64::acosh, |x| x >= 1.0 || x.is_nan())
        }),
        ("atanh", |vm, a, _| {
            unary(vm, a, "atanh", f64::atanh, |x| {
                x.is_nan() || (-1.0 < x && x < 1.0)
            })
        }),
        ("exp2", |vm, a, _| unary(vm, a, "exp2", f64::exp2, |_| true)),
        // SAFETY (erf, erfc): the C library's pure functions, as CPython's.
        ("erf", |vm, a, _| {
            unary(vm, a, "erf", |x| unsafe { libm::erf(x) }, |_| true)
        }),
        ("erfc", |vm, a, _| {
            // SAFETY: as for erf.
            unary(vm, a, "erfc", |x| unsafe { libm::erfc(x) }, |_| true)
        }),
        ("nextafter", |vm, a, _| {
            check_args(vm, "nextafter", a, 2, 2)?;
            let (x, y) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            // SAFETY: the C library's pure function.
            Ok(new_float(unsafe { libm::nextafter(x, y) }))
        }),
        ("remainder", |vm, a, _| {
            check_args(vm, "remainder", a, 2, 2)?;
            let (x, y) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            if x.is_nan() || y.is_nan() {
                return Ok(new_float(f64::NAN));
            }
            if x.is_infinite() || y == 0.0 {
                return Err(domain(vm));
            }
            // SAFETY: the C library's pure function.
            Ok(new_float(unsafe { libm::remainder(x, y) }))
        }),
        ("ulp", |vm, a, _| {
            check_args(vm, "ulp", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?.abs();
            if x.is_nan() || x.is_infinite() {
                return Ok(new_float(x));
            }
            // SAFETY: the C library's pure function.
            let next = unsafe { libm::nextafter(x, f64::INFINITY) };
            if next.is_infinite() {
                // SAFETY: as above.
                let prev = unsafe { libm::nextafter(x, 0.0) };
                return Ok(new_float(x - prev));
            }
            Ok(new_float(next - x))
        }),
        ("cosh", |vm, a, _| unary(vm, a, "cosh", f64::cosh, |_| true)),
        ("tanh", |vm, a, _| unary(vm, a, "tanh", f64::tanh, |_| true)),
        ("fabs", |vm, a, _| unary(vm, a, "fabs", f64::abs, |_| true)),
        ("log2", |vm, a, _| {
            check_args(vm, "log2", a, 1, 1)?;
            if let Some(b) = to_bigint(&a[0]).filter(|_| a[0].kind() != Kind::Float)
                && b.is_positive()
                && b.bits() > 1000
            {
                let shift = b.bits() - 60;
                let m = (&b >> shift as usize).to_f64().unwrap_or(1.0);
                return Ok(new_float(m.log2() + shift as f64));
            }
            Ok(new_float(log_impl(vm, &a[0], f64::log2)?))
        }),
        ("log10", |vm, a, _| {
            check_args(vm, "log10", a, 1, 1)?;
            Ok(new_float(log_impl(vm, &a[0], f64::log10)?))
        }),
        ("log", |vm, a, _| {
            check_args(vm, "log", a, 1, 2)?;
            let x = log_impl(vm, &a[0], f64::ln)?;
            match a.get(1) {
                None => Ok(new_float(x)),
                Some(b) => {
                    let lb = log_impl(vm, b, f64::ln)?;
                    if lb == 0.0 {
                        return Err(vm.zero_division("float division by zero"));
                    }
                    Ok(new_float(x / lb))
                }
            }
        }),
        ("log1p", |vm, a, _| {
            unary(vm, a, "log1p", f64::ln_1p, |x| x > -1.0 || x.is_nan())
        }),
        ("expm1", |vm, a, _| {
            unary(vm, a, "expm1", f64::exp_m1, |_| true)
        }),
        ("floor", |vm, a, _| {
            to_int_round(vm, a, "floor", f64::floor, "__floor__")
        }),
        ("ceil", |vm, a, _| {
            to_int_round(vm, a, "ceil", f64::ceil, "__ceil__")
        }),
        ("trunc", |vm, a, _| {
            to_int_round(vm, a, "trunc", f64::trunc, "__trunc__")
        }),
        ("atan2", |vm, a, _| {
            check_args(vm, "atan2", a, 2, 2)?;
            let (y, x) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            Ok(new_float(y.atan2(x)))
        }),
        ("hypot", |vm, a, _| {
            let mut coords = Vec::with_capacity(a.len());
            for v in a {
                coords.push(f64_arg(vm, v)?.abs());
            }
            Ok(new_float(norm(&coords)))
        }),
        ("pow", |vm, a, _| {
            check_args(vm, "pow", a, 2, 2)?;
            let (x, y) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            math_pow(vm, x, y).map(new_float)
        }),
        ("fmod", |vm, a, _| {
            check_args(vm, "fmod", a, 2, 2)?;
            let (x, y) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            if y == 0.0 || x.is_infinite() {
                return Err(domain(vm));
            }
            Ok(new_float(x % y))
        }),
        ("copysign", |vm, a, _| {
            check_args(vm, "copysign", a, 2, 2)?;
            let (x, y) = (f64_arg(vm, &a[0])?, f64_arg(vm, &a[1])?);
            Ok(new_float(x.copysign(y)))
        }),
        ("degrees", |vm, a, _| {
            unary(vm, a, "degrees", f64::to_degrees, |_| true)
        }),
        ("radians", |vm, a, _| {
            unary(vm, a, "radians", f64::to_radians, |_| true)
        }),
        ("isnan", |vm, a, _| {
            check_args(vm, "isnan", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?;
            Ok(vm.bool_value(x.is_nan()))
        }),
        ("isinf", |vm, a, _| {
            check_args(vm, "isinf", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?;
            Ok(vm.bool_value(x.is_infinite()))
        }),
        ("isfinite", |vm, a, _| {
            check_args(vm, "isfinite", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?;
            Ok(vm.bool_value(x.is_finite()))
        }),
        ("isclose", isclose),
        ("modf", |vm, a, _| {
            check_args(vm, "modf", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?;
            let i = x.trunc();
            let f = if x.is_infinite() {
                0f64.copysign(x)
            } else {
                x - i
            };
            Ok(crate::objects::tuple::new_tuple(vec![
                new_float(f),
                new_float(i),
            ]))
        }),
        ("frexp", |vm, a, _| {
            check_args(vm, "frexp", a, 1, 1)?;
            let x = f64_arg(vm, &a[0])?;
            let (m, e) = crate::objects::float::frexp(x);
            Ok(crate::objects::tuple::new_tuple(vec![
                new_float(m),
                crate::objects::int::from_i64(i64::from(e)),
            ]))
        }),
        ("ldexp", |vm, a, _| {
            check_args(vm, "ldexp", a, 2, 2)?;
            let x = f64_arg(vm, &a[0])?;
            // Any int exponent: beyond the range that matters it only
            // says overflow or underflow.
            let e = match crate::objects::int::to_bigint(&a[1]) {
                Some(big) => big
                    .clamp(BigInt::from(-100_000), BigInt::from(100_000))
                    .to_i64()
                    .unwrap_or(0),
                None => {
                    return Err(vm.type_error("Expected an int as second argument to ldexp."));
                }
            };
            let r = crate::objects::float::ldexp(x, e);
            if r.is_infinite() && x.is_finite() {
                return Err(vm.overflow_error("math range error"));
            }
            Ok(new_float(r))
        }),
        ("gcd", |vm, a, _| {
            let mut g = BigInt::zero();
            for v in a {
                let x = int_arg(vm, v, "gcd")?;
                g = g.gcd(&x);
            }
            Ok(from_bigint(g))
        }),
        ("lcm", |vm, a, _| {
            let mut l = BigInt::one();
            for v in a {
                let x = int_arg(vm, v, "lcm")?;
                if x.is_zero() {
                    return Ok(crate::objects::int::from_i64(0));
                }
                l = l.lcm(&x);
            }
            Ok(from_bigint(l.abs()))
        }),
        ("isqrt", |vm, a, _| {
            check_args(vm, "isqrt", a, 1, 1)?;
            let x = int_arg(vm, &a[0], "isqrt")?;
            if x.is_negative() {
                return Err(vm.value_error("isqrt() argument must be nonnegative"));
            }
            Ok(from_bigint(x.sqrt()))
        }),
        ("factorial", |vm, a, _| {
            check_args(vm, "factorial", a, 1, 1)?;
            if a[0].kind() == Kind::Float {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            let big = vm.index_int(&a[0])?;
            let n = match crate::objects::int::to_i64(&big) {
                Some(n) => n,
                None if crate::objects::int::to_bigint(&big)
                    .is_some_and(|b| b.sign() == num_bigint::Sign::Minus) =>
                {
                    -1
                }
                None => {
                    return Err(vm.overflow_error(format!(
                        "factorial() argument should not exceed {}",
                        i64::MAX
                    )));
                }
            };
            if n < 0 {
                return Err(vm.value_error("factorial() not defined for negative values"));
            }
            let mut r = BigInt::one();
            for i in 2..=n {
                r *= i;
            }
            Ok(from_bigint(r))
        }),
        ("comb", |vm, a, _| {
            check_args(vm, "comb", a, 2, 2)?;
            let (n, k) = (int_arg(vm, &a[0], "comb")?, int_arg(vm, &a[1], "comb")?);
            if n.is_negative() {
                return Err(vm.value_error("n must be a non-negative integer"));
            }
            if k.is_negative() {
                return Err(vm.value_error("k must be a non-negative integer"));
            }
            if k > n {
                return Ok(crate::objects::int::from_i64(0));
            }
            let k = std::cmp::min(k.clone(), &n - &k).to_u64().unwrap_or(0);
            let mut r = BigInt::one();
            for i in 0..k {
                r = r * (&n - i) / (i + 1);
            }
            Ok(from_bigint(r))
        }),
        ("perm", |vm, a, _| {
            check_args(vm, "perm", a, 1, 2)?;
            let n = int_arg(vm, &a[0], "perm")?;
            let k = match a
                .get(1)
                .filter(|v| !v.is(&crate::object::types::types().none))
            {
                Some(v) => int_arg(vm, v, "perm")?,
                None => n.clone(),
            };
            if n.is_negative() {
                return Err(vm.value_error("n must be a non-negative integer"));
            }
            if k.is_negative() {
                return Err(vm.value_error("k must be a non-negative integer"));
            }
            if k > n {
                return Ok(crate::objects::int::from_i64(0));
            }
            let mut r = BigInt::one();
            let k = k.to_u64().unwrap_or(0);
            for i in 0..k {
                r *= &n - i;
            }
            Ok(from_bigint(r))
        }),
        ("prod", |vm, a, k| {
            check_args(vm, "prod", a, 1, 1)?;
            let mut acc = crate::protocols::args::kwarg(k, "start")
                .unwrap_or_else(|| crate::objects::int::from_i64(1));
            let items = vm.iterate(&a[0])?;
            for it in items {
                acc = vm.binary_op(&acc, &it, egret_bytecode::BinOp::Mul, false)?;
            }
            Ok(acc)
        }),
        ("fsum", |vm, a, _| fsum(vm, a)),
        ("dist", |vm, a, _| {
            check_args(vm, "dist", a, 2, 2)?;
            let p = vm.iterate(&a[0])?;
            let q = vm.iterate(&a[1])?;
            if p.len() != q.len() {
                return Err(vm.value_error("both points must have the same number of dimensions"));
            }
            let mut diffs = Vec::with_capacity(p.len());
            for (x, y) in p.iter().zip(q.iter()) {
                diffs.push((f64_arg(vm, x)? - f64_arg(vm, y)?).abs());
            }
            Ok(new_float(norm(&diffs)))
        }),
    ];
    super::make_module(
        "math",
        funcs,
        vec![
            ("pi", new_float(std::f64::consts::PI)),
            ("e", new_float(std::f64::consts::E)),
            ("tau", new_float(std::f64::consts::TAU)),
            ("inf", new_float(f64::INFINITY)),
            ("nan", new_float(f64::NAN)),
        ],
    )
}

/// `math.pow(x, y)` as CPython's `math_pow`: C99's special values for
/// infinities and nans settled here, finite powers from the C library;
/// a nan from finite operands (negative base, fractional exponent) or
/// `0 ** negative` is a ValueError, overflow an OverflowError.
fn math_pow(vm: &mut Vm, x: f64, y: f64) -> PyResult<f64> {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && y.abs() % 2.0 == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(r);
    }
    let r = x.powf(y);
    if r.is_nan() || (r.is_infinite() && x == 0.0) {
        return Err(domain(vm));
    }
    if r.is_infinite() {
        return Err(vm.overflow_error("math range error"));
    }
    Ok(r)
}

/// The Euclidean norm of `coords` (absolute values) for `hypot` and
/// `dist`: an infinity wins over a nan, a nan over everything else.
fn norm(coords: &[f64]) -> f64 {
    let max = coords
        .iter()
        .copied()
        .fold(0.0, |m: f64, x| if x > m { x } else { m });
    let found_nan = coords.iter().any(|x| x.is_nan());
    vector_norm(coords, max, found_nan)
}

/// 2**e for e in -1074..=1023, exactly.
fn pow2(e: i32) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (e + 1074))
    }
}

/// Adds `x` into the running sum `csum` (which is at least as large) and
/// keeps the rounding error in `frac`: Fast2Sum.
fn add_exact(csum: &mut f64, frac: &mut f64, x: f64) {
    let old = *csum;
    *csum += x;
    *frac += (old - *csum) + x;
}

/// Splits `x` into a high half of 26 bits and the rest (Dekker/Veltkamp),
/// so that `hi * hi`, `hi * lo` and `lo * lo` are exact.
fn split(x: f64) -> (f64, f64) {
    const T27: f64 = 134_217_729.0; // 2**27 + 1
    let t = x * T27;
    let hi = t - (t - x);
    (hi, x - hi)
}

/// The accurately rounded norm CPython 3.11's `vector_norm` computes, step
/// for step so the results are bit-identical: the values are scaled by a
/// power of two so the largest lies in [0.5, 1), their squares are summed
/// as exact products into a sum that starts at 1.0 (so every addition's
/// error is caught), and the square root gets one differential correction
/// from the exactly computed residual `sum - h*h`.
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = crate::objects::float::frexp(max);
    let mut csum = 1.0f64;
    let mut frac = 0.0f64;
    if max_e < -1023 {
        // 2**-max_e would overflow: divide by max instead, without the
        // exact squaring.
        for x in vec.iter() {
            let x = x / max;
            add_exact(&mut csum, &mut frac, x * x);
        }
        return max * (csum - 1.0 + frac).sqrt();
    }
    let scale = pow2(-max_e);
    for x in vec.iter() {
        let (hi, lo) = split(x * scale);
        add_exact(&mut csum, &mut frac, hi * hi);
        add_exact(&mut csum, &mut frac, 2.0 * hi * lo);
        add_exact(&mut csum, &mut frac, lo * lo);
    }
    let h = (csum - 1.0 + frac).sqrt();
    let (hi, lo) = split(h);
    add_exact(&mut csum, &mut frac, -hi * hi);
    add_exact(&mut csum, &mut frac, -2.0 * hi * lo);
    add_exact(&mut csum, &mut frac, -lo * lo);
    let residual = csum - 1.0 + frac;
    (h + residual / (2.0 * h)) / scale
}

/// `math.fsum(iterable)`: the correctly rounded sum, by Shewchuk's exact
/// partials as CPython's `math_fsum`. Infinities and nans are summed apart
/// (inf + -inf is a ValueError); a finite sum that overflows is an
/// OverflowError rather than an infinity.
fn fsum(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "fsum", a, 1, 1)?;
    let items = vm.iterate(&a[0])?;
    // Nonoverlapping partials, increasing in magnitude, summing exactly to
    // the finite items seen so far.
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for it in items {
        let item = f64_arg(vm, &it)?;
        let mut x = item;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x == 0.0 {
            continue;
        }
        if x.is_finite() {
            partials.push(x);
            continue;
        }
        // A nonfinite x: the partials overflowed, or the item itself is
        // an infinity or a nan.
        if item.is_finite() {
            return Err(vm.overflow_error("intermediate overflow in fsum"));
        }
        if item.is_infinite() {
            inf_sum += item;
        }
        special_sum += item;
        partials.clear();
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return Ok(new_float(special_sum));
    }
    // Add the partials from the top down while the sum stays exact.
    let mut hi = 0.0f64;
    let mut lo = 0.0f64;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Half-even rounding across partials: when the rest of the
        // partials push the same way as lo, a halfway hi rounds away.
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(new_float(hi))
}

fn isclose(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "isclose", a, 2, 2)?;
    let x = f64_arg(vm, &a[0])?;
    let y = f64_arg(vm, &a[1])?;
    let rel = match crate::protocols::args::kwarg(k, "rel_tol") {
        Some(v) => f64_arg(vm, &v)?,
        None => 1e-9,
    };
    let abs = match crate::protocols::args::kwarg(k, "abs_tol") {
        Some(v) => f64_arg(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(vm.bool_value(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(vm.bool_value(false));
    }
    let diff = (y - x).abs();
    let r = diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs;
    Ok(vm.bool_value(r))
}

/// The C math library functions Rust's standard library does not expose.
mod libm {
    unsafe extern "C" {
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn nextafter(x: f64, y: f64) -> f64;
        pub fn remainder(x: f64, y: f64) -> f64;
    }
}
