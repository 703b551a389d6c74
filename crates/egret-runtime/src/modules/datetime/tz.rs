//! `tzinfo` (the abstract base Python subclasses fill in), `timezone` (a
//! fixed offset), and calling a tzinfo's `utcoffset`/`dst`/`tzname` with
//! CPython's checks on what they return.

use egret_bytecode::CmpOp;

use super::{
    Delta, Dt, alloc, as_datetime, as_delta, dt_of, dt_types, fill_type, init_ignored, new_cls,
    new_delta_value, no_args, not_implemented, one_arg, parse_args, staticmethod,
};
use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

/// Whether `d` is strictly between -24h and 24h.
pub fn offset_in_range(d: Delta) -> bool {
    !(d.days < -1 || d.days >= 1 || (d.days == -1 && d.secs == 0 && d.us == 0))
}

/// `tz.<name>(arg)` for `utcoffset` or `dst`: None or a timedelta in range.
pub fn call_offset(
    vm: &mut Vm,
    tz: &Option<Value>,
    arg: &Value,
    name: &str,
) -> PyResult<Option<Delta>> {
    let Some(tz) = tz else {
        return Ok(None);
    };
    if tz.is_exact(&dt_types().timezone)
        && let Some(Dt::TimeZone(off, _)) = dt_of(tz)
    {
        return Ok(if name == "dst" { None } else { Some(*off) });
    }
    let r = vm.call_method(tz, name, std::slice::from_ref(arg))?;
    if r.is(&types().none) {
        return Ok(None);
    }
    let Some(d) = as_delta(&r) else {
        return Err(vm.type_error(format!(
            "tzinfo.{name}() must return None or timedelta, not '{}'",
            r.type_data().name
        )));
    };
    if !offset_in_range(d) {
        return Err(vm.value_error(
            "offset must be a timedelta strictly between -timedelta(hours=24) and \
             timedelta(hours=24).",
        ));
    }
    Ok(Some(d))
}

/// `tz.tzname(arg)`: None or a str.
pub fn call_tzname(vm: &mut Vm, tz: &Option<Value>, arg: &Value) -> PyResult<Option<Value>> {
    let Some(tz) = tz else {
        return Ok(None);
    };
    let r = vm.call_method(tz, "tzname", std::slice::from_ref(arg))?;
    if r.is(&types().none) {
        return Ok(None);
    }
    if as_str(&r).is_none() {
        return Err(vm.type_error(format!(
            "tzinfo.tzname() must return None or a string, not '{}'",
            r.type_data().name
        )));
    }
    Ok(Some(r))
}

pub fn tzinfo_new(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let cls = &new_cls(vm, a, "tzinfo", &dt_types().tzinfo)?.clone();
    Ok(alloc(cls, Dt::TzInfo))
}

/// A timezone (the `utc` singleton for a zero offset without a name).
pub fn new_timezone(vm: &Vm, cls: &Value, off: Delta, name: Option<Value>) -> PyResult {
    if name.is_none() && off.is_zero() {
        return Ok(dt_types().utc.clone());
    }
    if !offset_in_range(off) {
        return Err(vm.value_error(format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and \
             timedelta(hours=24), not {}.",
            delta_repr(off)
        )));
    }
    Ok(alloc(cls, Dt::TimeZone(off, name)))
}

fn delta_repr(d: Delta) -> String {
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
    format!("datetime.timedelta({})", parts.join(", "))
}

pub fn timezone_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    new_cls(vm, a, "timezone", &dt_types().timezone)?;
    let [off, name] = parse_args(vm, "timezone", &a[1..], k, ["offset", "name"], 1, 0)?;
    let off = off.expect("required");
    let Some(d) = as_delta(&off) else {
        return Err(vm.type_error(format!(
            "timezone() argument 1 must be datetime.timedelta, not {}",
            off.type_data().name
        )));
    };
    let name = match name {
        Some(n) if as_str(&n).is_some() => Some(n),
        Some(n) => {
            return Err(vm.type_error(format!(
                "timezone() argument 2 must be str, not {}",
                n.type_data().name
            )));
        }
        None => None,
    };
    new_timezone(vm, &dt_types().timezone, d, name)
}

fn tz_parts(a: &[Value]) -> (Delta, Option<Value>) {
    match a.first().and_then(dt_of) {
        Some(Dt::TimeZone(d, n)) => (*d, n.clone()),
        _ => (Delta::ZERO, None),
    }
}

/// `timezone`'s name for itself: its name, `UTC`, or `UTC+HH:MM`.
fn timezone_name(a: &[Value]) -> Value {
    let (off, name) = tz_parts(a);
    if let Some(n) = name {
        return n;
    }
    if off.is_zero() {
        return new_str("UTC");
    }
    new_string(format!("UTC{}", super::format::format_offset(off, ":")))
}

/// The argument of timezone's methods: a datetime or None.
fn check_dt_arg(vm: &Vm, v: &Value, meth: &str) -> PyResult<()> {
    if v.is(&types().none) || as_datetime(v).is_some() {
        return Ok(());
    }
    Err(vm.type_error(format!(
        "{meth}(dt) argument must be a datetime instance or None, not {}",
        v.type_data().name
    )))
}

fn check_fromutc<'a>(vm: &Vm, a: &'a [Value], k: Kw) -> PyResult<&'a Value> {
    let dt = one_arg(vm, "fromutc", a, k)?;
    let Some((_, _, tz)) = as_datetime(dt) else {
        return Err(vm.type_error("fromutc: argument must be a datetime"));
    };
    if !tz.is_some_and(|t| t.is(&a[0])) {
        return Err(vm.value_error("fromutc: dt.tzinfo is not self"));
    }
    Ok(dt)
}

fn tzinfo_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", init_ignored),
        ("tzname", |vm, a, k| {
            one_arg(vm, "tzname", a, k)?;
            Err(vm.err(
                &types().exc.not_implemented_error,
                "a tzinfo subclass must implement tzname()",
            ))
        }),
        ("utcoffset", |vm, a, k| {
            one_arg(vm, "utcoffset", a, k)?;
            Err(vm.err(
                &types().exc.not_implemented_error,
                "a tzinfo subclass must implement utcoffset()",
            ))
        }),
        ("dst", |vm, a, k| {
            one_arg(vm, "dst", a, k)?;
            Err(vm.err(
                &types().exc.not_implemented_error,
                "a tzinfo subclass must implement dst()",
            ))
        }),
        ("fromutc", |vm, a, k| {
            let dt = check_fromutc(vm, a, k)?.clone();
            let tz = Some(a[0].clone());
            let Some(off) = call_offset(vm, &tz, &dt, "utcoffset")? else {
                return Err(vm.value_error("fromutc: non-None utcoffset() result required"));
            };
            let Some(dst) = call_offset(vm, &tz, &dt, "dst")? else {
                return Err(vm.value_error("fromutc: non-None dst() result required"));
            };
            let delta = off.total_us() - dst.total_us();
            let result = super::date_time::shift_value(vm, &dt, delta)?;
            match call_offset(vm, &tz, &result, "dst")? {
                None => {
                    Err(vm
                        .value_error("fromutc: tz.dst() gave inconsistent results; cannot convert"))
                }
                Some(d) if d.is_zero() => Ok(result),
                Some(d) => super::date_time::shift_value(vm, &result, d.total_us()),
            }
        }),
        ("__reduce__", |vm, a, k| {
            no_args(vm, "__reduce__", a, k)?;
            let args = match vm.lookup_attr(&a[0], "__getinitargs__")? {
                Some(f) => vm.call(&f, &[], &[])?,
                None => new_tuple(vec![]),
            };
            let state = match vm.lookup_attr(&a[0], "__getstate__")? {
                Some(f) => vm.call(&f, &[], &[])?,
                None => vm.none(),
            };
            Ok(new_tuple(vec![a[0].class(), args, state]))
        }),
    ]
}

fn timezone_compare(_vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    match (a.first().map(dt_of), a.get(1).map(dt_of)) {
        (Some(Some(Dt::TimeZone(x, _))), Some(Some(Dt::TimeZone(y, _)))) => {
            Ok(py_bool(if op == CmpOp::Eq { x == y } else { x != y }))
        }
        _ => Ok(not_implemented()),
    }
}

fn timezone_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("utcoffset", |vm, a, k| {
            let dt = one_arg(vm, "utcoffset", a, k)?;
            check_dt_arg(vm, dt, "utcoffset")?;
            Ok(new_delta_value(tz_parts(a).0))
        }),
        ("dst", |vm, a, k| {
            let dt = one_arg(vm, "dst", a, k)?;
            check_dt_arg(vm, dt, "dst")?;
            Ok(vm.none())
        }),
        ("tzname", |vm, a, k| {
            let dt = one_arg(vm, "tzname", a, k)?;
            check_dt_arg(vm, dt, "tzname")?;
            Ok(timezone_name(a))
        }),
        ("fromutc", |vm, a, k| {
            let dt = check_fromutc(vm, a, k)?.clone();
            super::date_time::shift_value(vm, &dt, tz_parts(a).0.total_us())
        }),
        ("__getinitargs__", |vm, a, k| {
            no_args(vm, "__getinitargs__", a, k)?;
            let (off, name) = tz_parts(a);
            let mut items = vec![new_delta_value(off)];
            items.extend(name);
            Ok(new_tuple(items))
        }),
        ("__repr__", |vm, a, k| {
            no_args(vm, "__repr__", a, k)?;
            if a[0].is(&dt_types().utc) {
                return Ok(new_str("datetime.timezone.utc"));
            }
            let (off, name) = tz_parts(a);
            Ok(new_string(match name {
                None => format!("datetime.timezone({})", delta_repr(off)),
                Some(n) => format!(
                    "datetime.timezone({}, {})",
                    delta_repr(off),
                    vm.repr_string(&n)?
                ),
            }))
        }),
        ("__str__", |vm, a, k| {
            no_args(vm, "__str__", a, k)?;
            Ok(timezone_name(a))
        }),
        ("__hash__", |vm, a, k| {
            no_args(vm, "__hash__", a, k)?;
            Ok(from_i64(super::delta::delta_hash(vm, tz_parts(a).0)?))
        }),
        ("__eq__", |vm, a, _| timezone_compare(vm, a, CmpOp::Eq)),
        ("__ne__", |vm, a, _| timezone_compare(vm, a, CmpOp::Ne)),
    ]
}

pub fn register() {
    let t = dt_types();
    fill_type(
        &t.tzinfo,
        "datetime.tzinfo",
        &tzinfo_methods(),
        vec![("__new__", staticmethod("__new__", tzinfo_new))],
    );
    let fixed = |secs: i64| {
        let d = Delta::from_us(i128::from(secs) * 1_000_000).expect("in range");
        alloc(&t.timezone, Dt::TimeZone(d, None))
    };
    fill_type(
        &t.timezone,
        "datetime.timezone",
        &timezone_methods(),
        vec![
            ("__new__", staticmethod("__new__", timezone_new)),
            ("utc", t.utc.clone()),
            ("min", fixed(-(23 * 3600 + 59 * 60))),
            ("max", fixed(23 * 3600 + 59 * 60)),
        ],
    );
}
