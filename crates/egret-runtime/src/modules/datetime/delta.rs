//! `timedelta`: construction from mixed int and float components (with
//! CPython's exact rounding), arithmetic, comparison, repr and pickling.

use egret_bytecode::CmpOp;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::{
    Delta, alloc, as_delta, checked_delta, cmp_result, delta_from_us, dt_types, fill_type, getter,
    init_ignored, new_cls, new_delta_value, no_args, not_implemented, one_arg, parse_args,
    repr_name, staticmethod,
};
use crate::object::Value;
use crate::objects::float::float_of;
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::str::new_string;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

fn this(a: &[Value]) -> Delta {
    a.first().and_then(as_delta).unwrap_or(Delta::ZERO)
}

/// Adds `num * factor` microseconds to `sofar`; a float's fraction of a
/// microsecond goes to `leftover` (CPython's `accum`).
fn accum(
    vm: &Vm,
    tag: &str,
    sofar: BigInt,
    num: &Value,
    factor: i64,
    leftover: &mut f64,
) -> PyResult<BigInt> {
    if let Some(i) = to_bigint(num) {
        return Ok(sofar + i * factor);
    }
    if let Some(f) = float_of(num) {
        if !f.is_finite() {
            return Err(if f.is_nan() {
                vm.value_error("cannot convert float NaN to integer")
            } else {
                vm.overflow_error("cannot convert float infinity to integer")
            });
        }
        let int_part = f.trunc();
        let frac = f - int_part;
        let mut sum = sofar + crate::objects::int::bigint_from_f64(int_part) * factor;
        if frac == 0.0 {
            return Ok(sum);
        }
        let scaled = factor as f64 * frac;
        let whole = scaled.trunc();
        sum += crate::objects::int::bigint_from_f64(whole);
        *leftover += scaled - whole;
        return Ok(sum);
    }
    Err(vm.type_error(format!(
        "unsupported type for timedelta {tag} component: {}",
        num.type_data().name
    )))
}

fn big_to_delta(vm: &Vm, us: &BigInt) -> PyResult<Delta> {
    match us.to_i128() {
        Some(us) => checked_delta(vm, us),
        None => Err(vm.overflow_error("Python int too large to convert to C int")),
    }
}

pub fn delta_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let cls = &new_cls(vm, a, "timedelta", &dt_types().delta)?.clone();
    let [days, seconds, us, ms, minutes, hours, weeks] = parse_args(
        vm,
        "timedelta",
        &a[1..],
        k,
        [
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        ],
        0,
        0,
    )?;
    let mut x = BigInt::zero();
    let mut leftover = 0.0f64;
    let parts = [
        (us, 1i64, "microseconds"),
        (ms, 1000, "milliseconds"),
        (seconds, 1_000_000, "seconds"),
        (minutes, 60_000_000, "minutes"),
        (hours, 3_600_000_000, "hours"),
        (days, 86_400_000_000, "days"),
        (weeks, 604_800_000_000, "weeks"),
    ];
    for (v, factor, tag) in parts {
        if let Some(v) = v {
            x = accum(vm, tag, x, &v, factor, &mut leftover)?;
        }
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            let odd = if x.is_odd() { 1.0 } else { 0.0 };
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        x += crate::objects::int::bigint_from_f64(whole);
    }
    let d = big_to_delta(vm, &x)?;
    Ok(alloc(cls, super::Dt::Delta(d)))
}

fn repr(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "__repr__", a, k)?;
    let d = this(a);
    let mut parts = Vec::new();
    if d.days != 0 {
        parts.push(format!("days={}", d.days));
    }
    if d.secs != 0 {
        parts.push(format!("seconds={}", d.secs));
    }
    if d.us != 0 {
        parts.push(format!("microseconds={}", d.us));
    }
    if parts.is_empty() {
        parts.push("0".into());
    }
    Ok(new_string(format!(
        "{}({})",
        repr_name(&a[0]),
        parts.join(", ")
    )))
}

pub fn delta_str(d: Delta) -> String {
    let mut s = String::new();
    if d.days != 0 {
        s.push_str(&format!(
            "{} day{}, ",
            d.days,
            if d.days.abs() != 1 { "s" } else { "" }
        ));
    }
    s.push_str(&format!(
        "{}:{:02}:{:02}",
        d.secs / 3600,
        d.secs / 60 % 60,
        d.secs % 60
    ));
    if d.us != 0 {
        s.push_str(&format!(".{:06}", d.us));
    }
    s
}

fn compare(_vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    let (Some(x), Some(y)) = (a.first().and_then(as_delta), a.get(1).and_then(as_delta)) else {
        return Ok(not_implemented());
    };
    Ok(cmp_result(x.cmp(&y), op))
}

pub fn delta_hash(vm: &mut Vm, d: Delta) -> PyResult<i64> {
    crate::objects::tuple::hash_tuple(vm, &[from_i64(d.days), from_i64(d.secs), from_i64(d.us)])
}

/// `n.as_integer_ratio()` of a float `n`: computed for a float, called
/// (and its result checked) for a float subclass, as CPython does.
fn ratio_of(vm: &mut Vm, n: &Value, f: f64) -> PyResult<(BigInt, BigInt)> {
    if n.is_exact(&crate::object::types::types().float) {
        return float_ratio(vm, f);
    }
    let r = vm.call_method(n, "as_integer_ratio", &[])?;
    let Some(t) = r.downcast::<crate::objects::tuple::TupleData>() else {
        return Err(vm.type_error(format!(
            "unexpected return type from as_integer_ratio(): expected tuple, got '{}'",
            r.type_data().name
        )));
    };
    match (
        t.items.len(),
        t.items.first().and_then(to_bigint),
        t.items.get(1).and_then(to_bigint),
    ) {
        (2, Some(p), Some(q)) => Ok((p, q)),
        _ => Err(vm.value_error("as_integer_ratio() must return a 2-tuple")),
    }
}

/// The exact ratio of a finite float (`float.as_integer_ratio`).
fn float_ratio(vm: &Vm, f: f64) -> PyResult<(BigInt, BigInt)> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f == 0.0 {
        return Ok((BigInt::zero(), BigInt::from(1)));
    }
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 { -1 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let n = BigInt::from(mant) * sign;
    Ok(if e >= 0 {
        (n << (e as usize), BigInt::from(1))
    } else {
        (n, BigInt::from(1) << ((-e) as usize))
    })
}

/// `a / b` rounded half to even.
fn divide_nearest(vm: &Vm, a: &BigInt, b: &BigInt) -> PyResult<BigInt> {
    if b.is_zero() {
        return Err(vm.zero_division("integer division or modulo by zero"));
    }
    let (mut q, r) = a.div_mod_floor(b);
    let r2: BigInt = r * 2;
    let greater = if b > &BigInt::zero() {
        &r2 > b
    } else {
        &r2 < b
    };
    if greater || (&r2 == b && q.is_odd()) {
        q += 1;
    }
    Ok(q)
}

fn big(d: Delta) -> BigInt {
    BigInt::from(d.total_us())
}

fn delta_value(vm: &Vm, us: &BigInt) -> PyResult {
    Ok(new_delta_value(big_to_delta(vm, us)?))
}

/// `delta * n` for an int or float `n` (None when `n` is neither).
fn multiply(vm: &mut Vm, d: Delta, n: &Value) -> PyResult<Option<Value>> {
    if let Some(i) = to_bigint(n) {
        return delta_value(vm, &(big(d) * i)).map(Some);
    }
    if let Some(f) = float_of(n) {
        let (num, den) = ratio_of(vm, n, f)?;
        let q = divide_nearest(vm, &(big(d) * num), &den)?;
        return delta_value(vm, &q).map(Some);
    }
    Ok(None)
}

fn add(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__add__", a, k)?;
    match (as_delta(&a[0]), as_delta(y)) {
        (Some(x), Some(y)) => delta_from_us(vm, x.total_us() + y.total_us()),
        _ => Ok(not_implemented()),
    }
}

fn sub(vm: &mut Vm, a: &[Value], k: Kw, reflected: bool) -> PyResult {
    let y = one_arg(vm, "__sub__", a, k)?;
    match (as_delta(&a[0]), as_delta(y)) {
        (Some(x), Some(y)) if reflected => delta_from_us(vm, y.total_us() - x.total_us()),
        (Some(x), Some(y)) => delta_from_us(vm, x.total_us() - y.total_us()),
        _ => Ok(not_implemented()),
    }
}

fn mul(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__mul__", a, k)?;
    Ok(multiply(vm, this(a), y)?.unwrap_or_else(not_implemented))
}

fn truediv(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__truediv__", a, k)?;
    let x = this(a);
    if let Some(y) = as_delta(y) {
        return crate::objects::int::true_divide(vm, &big(x), &big(y));
    }
    if let Some(i) = to_bigint(y) {
        return delta_value(vm, &divide_nearest(vm, &big(x), &i)?);
    }
    if let Some(f) = float_of(y) {
        let (num, den) = ratio_of(vm, y, f)?;
        if num.is_zero() {
            return Err(vm.zero_division("integer division or modulo by zero"));
        }
        return delta_value(vm, &divide_nearest(vm, &(big(x) * den), &num)?);
    }
    Ok(not_implemented())
}

fn floordiv(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__floordiv__", a, k)?;
    let x = this(a);
    if let Some(y) = as_delta(y) {
        if y.is_zero() {
            return Err(vm.zero_division("integer division or modulo by zero"));
        }
        return Ok(from_bigint(big(x).div_floor(&big(y))));
    }
    if let Some(i) = to_bigint(y) {
        if i.is_zero() {
            return Err(vm.zero_division("integer division or modulo by zero"));
        }
        return delta_value(vm, &big(x).div_floor(&i));
    }
    Ok(not_implemented())
}

fn modulo(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__mod__", a, k)?;
    match as_delta(y) {
        Some(y) if y.is_zero() => Err(vm.zero_division("integer division or modulo by zero")),
        Some(y) => delta_value(vm, &big(this(a)).mod_floor(&big(y))),
        None => Ok(not_implemented()),
    }
}

fn divmod(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__divmod__", a, k)?;
    match as_delta(y) {
        Some(y) if y.is_zero() => Err(vm.zero_division("integer division or modulo by zero")),
        Some(y) => {
            let (q, r) = big(this(a)).div_mod_floor(&big(y));
            Ok(new_tuple(vec![from_bigint(q), delta_value(vm, &r)?]))
        }
        None => Ok(not_implemented()),
    }
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = vec![
        ("__init__", init_ignored),
        ("__repr__", repr),
        ("__str__", |vm, a, k| {
            no_args(vm, "__str__", a, k)?;
            Ok(new_string(delta_str(this(a))))
        }),
        ("__hash__", |vm, a, k| {
            no_args(vm, "__hash__", a, k)?;
            Ok(from_i64(delta_hash(vm, this(a))?))
        }),
        ("__bool__", |vm, a, k| {
            no_args(vm, "__bool__", a, k)?;
            Ok(py_bool(!this(a).is_zero()))
        }),
        ("__neg__", |vm, a, k| {
            no_args(vm, "__neg__", a, k)?;
            delta_from_us(vm, -this(a).total_us())
        }),
        ("__pos__", |vm, a, k| {
            no_args(vm, "__pos__", a, k)?;
            Ok(new_delta_value(this(a)))
        }),
        ("__abs__", |vm, a, k| {
            no_args(vm, "__abs__", a, k)?;
            delta_from_us(vm, this(a).total_us().abs())
        }),
        ("__add__", add),
        ("__radd__", add),
        ("__sub__", |vm, a, k| sub(vm, a, k, false)),
        ("__rsub__", |vm, a, k| sub(vm, a, k, true)),
        ("__mul__", mul),
        ("__rmul__", mul),
        ("__truediv__", truediv),
        ("__floordiv__", floordiv),
        ("__mod__", modulo),
        ("__divmod__", divmod),
        ("total_seconds", |vm, a, k| {
            no_args(vm, "total_seconds", a, k)?;
            crate::objects::int::true_divide(vm, &big(this(a)), &BigInt::from(1_000_000))
        }),
        ("__reduce__", |vm, a, k| {
            no_args(vm, "__reduce__", a, k)?;
            let d = this(a);
            Ok(new_tuple(vec![
                a[0].class(),
                new_tuple(vec![from_i64(d.days), from_i64(d.secs), from_i64(d.us)]),
            ]))
        }),
    ];
    m.extend(crate::dt_compare_methods!(compare));
    m
}

pub fn register() {
    let t = dt_types();
    let d = |days, secs, us| new_delta_value(Delta { days, secs, us });
    fill_type(
        &t.delta,
        "datetime.timedelta",
        &methods(),
        vec![
            ("__new__", staticmethod("__new__", delta_new)),
            ("days", getter("days", |_, a, _| Ok(from_i64(this(a).days)))),
            (
                "seconds",
                getter("seconds", |_, a, _| Ok(from_i64(this(a).secs))),
            ),
            (
                "microseconds",
                getter("microseconds", |_, a, _| Ok(from_i64(this(a).us))),
            ),
            ("min", d(-super::MAX_DELTA_DAYS, 0, 0)),
            ("max", d(super::MAX_DELTA_DAYS, 86_399, 999_999)),
            ("resolution", d(0, 0, 1)),
        ],
    );
}
