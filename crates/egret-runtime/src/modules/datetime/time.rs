//! `time`: a time of day with an optional tzinfo, which its utcoffset is
//! asked of with `None` as the argument.

use egret_bytecode::CmpOp;

use super::{
    Delta, Dt, Hms, alloc, as_time, check_time, classmethod, cmp_result, dt_types, fill_type,
    getter, init_ignored, new_cls, new_delta_value, no_args, one_arg, opt_int, opt_value,
    parse_args, repr_name, staticmethod, tz, tzinfo_arg,
};
use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::new_bytes;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_string};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

fn this(a: &[Value]) -> (Hms, Option<Value>) {
    a.first().and_then(as_time).unwrap_or((Hms::MIDNIGHT, None))
}

pub fn time_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let cls = &new_cls(vm, a, "time", &dt_types().time)?.clone();
    if (a.len() == 2 || a.len() == 3)
        && k.is_empty()
        && let Some(b) = super::date::state_bytes(vm, &a[1], 6, "time")?
        && (b[0] & 0x7f) < 24
    {
        let tz = state_tzinfo(vm, a.get(2))?;
        let (h, fold) = if b[0] > 127 {
            (b[0] - 128, 1)
        } else {
            (b[0], 0)
        };
        // As in CPython, only the hour of a pickled state is checked.
        let t = Hms {
            h: i64::from(h),
            mi: i64::from(b[1]),
            s: i64::from(b[2]),
            us: (i64::from(b[3]) << 16) | (i64::from(b[4]) << 8) | i64::from(b[5]),
            fold,
        };
        return Ok(alloc(cls, Dt::Time(t, tz)));
    }
    let [h, mi, s, us, tzi, fold] = parse_args(
        vm,
        "time",
        &a[1..],
        k,
        ["hour", "minute", "second", "microsecond", "tzinfo", "fold"],
        0,
        1,
    )?;
    let t = check_time(
        opt_int(vm, &h, 0)?,
        opt_int(vm, &mi, 0)?,
        opt_int(vm, &s, 0)?,
        opt_int(vm, &us, 0)?,
        opt_int(vm, &fold, 0)?,
        vm,
    )?;
    let tz = tzinfo_arg(vm, &tzi)?;
    Ok(alloc(cls, Dt::Time(t, tz)))
}

/// The tzinfo given with a pickled state.
pub fn state_tzinfo(vm: &Vm, v: Option<&Value>) -> PyResult<Option<Value>> {
    match v {
        None => Ok(None),
        Some(v) if v.is(&types().none) => Ok(None),
        Some(v) if super::is_tzinfo(v) => Ok(Some(v.clone())),
        Some(_) => Err(vm.type_error("bad tzinfo state arg")),
    }
}

/// `HH:MM:SS[.ffffff]` cut to `timespec`.
pub fn iso_time(vm: &Vm, t: Hms, timespec: &str) -> PyResult<String> {
    let spec = if timespec == "auto" {
        if t.us != 0 { "microseconds" } else { "seconds" }
    } else {
        timespec
    };
    Ok(match spec {
        "hours" => format!("{:02}", t.h),
        "minutes" => format!("{:02}:{:02}", t.h, t.mi),
        "seconds" => format!("{:02}:{:02}:{:02}", t.h, t.mi, t.s),
        "milliseconds" => format!("{:02}:{:02}:{:02}.{:03}", t.h, t.mi, t.s, t.us / 1000),
        "microseconds" => format!("{:02}:{:02}:{:02}.{:06}", t.h, t.mi, t.s, t.us),
        _ => return Err(vm.value_error("Unknown timespec value")),
    })
}

/// The `timespec` argument (a str).
pub fn timespec_arg(vm: &Vm, v: &Option<Value>) -> PyResult<String> {
    match v {
        None => Ok("auto".into()),
        Some(v) => match as_str(v) {
            Some(s) => Ok(s.to_string()),
            None => Err(vm.type_error(format!(
                "isoformat() argument 'timespec' must be str, not {}",
                v.type_data().name
            ))),
        },
    }
}

/// The pickled state of a time (the hour carries fold for protocol > 3).
fn time_state(t: Hms, proto: i64) -> Vec<u8> {
    let h = if t.fold != 0 && proto > 3 {
        t.h + 128
    } else {
        t.h
    };
    vec![
        h as u8,
        t.mi as u8,
        t.s as u8,
        (t.us >> 16) as u8,
        (t.us >> 8) as u8,
        t.us as u8,
    ]
}

fn reduce(a: &[Value], proto: i64) -> Value {
    let (t, tz) = this(a);
    let mut args = vec![new_bytes(time_state(t, proto))];
    args.extend(tz);
    new_tuple(vec![a[0].class(), new_tuple(args)])
}

/// The time's utcoffset (computed with fold 0 for hashing when asked).
fn utcoffset(vm: &mut Vm, tz: &Option<Value>) -> PyResult<Option<Delta>> {
    tz::call_offset(vm, tz, &types().none, "utcoffset")
}

fn compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    let (Some((x, xtz)), Some((y, ytz))) =
        (a.first().and_then(as_time), a.get(1).and_then(as_time))
    else {
        return Ok(super::not_implemented());
    };
    let same_tz = match (&xtz, &ytz) {
        (None, None) => true,
        (Some(p), Some(q)) => p.is(q),
        _ => false,
    };
    if same_tz {
        return Ok(cmp_result(x.key().cmp(&y.key()), op));
    }
    let o1 = utcoffset(vm, &xtz)?;
    let o2 = utcoffset(vm, &ytz)?;
    match (o1, o2) {
        (o1, o2) if o1 == o2 => Ok(cmp_result(x.key().cmp(&y.key()), op)),
        (Some(o1), Some(o2)) => {
            let s1 = x.seconds() - o1.days * 86_400 - o1.secs;
            let s2 = y.seconds() - o2.days * 86_400 - o2.secs;
            Ok(cmp_result((s1, x.us).cmp(&(s2, y.us)), op))
        }
        _ => match op {
            CmpOp::Eq => Ok(py_bool(false)),
            CmpOp::Ne => Ok(py_bool(true)),
            _ => Err(vm.type_error("can't compare offset-naive and offset-aware times")),
        },
    }
}

fn hash(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "__hash__", a, k)?;
    let (t, tz) = this(a);
    let off = utcoffset(vm, &tz)?;
    Ok(from_i64(match off {
        None => crate::objects::str::hash_bytes(&time_state(Hms { fold: 0, ..t }, 0)),
        Some(o) => {
            let us = i128::from(t.seconds()) * 1_000_000 + i128::from(t.us) - o.total_us();
            let d = Delta::from_us(us).unwrap_or(Delta::ZERO);
            super::delta::delta_hash(vm, d)?
        }
    }))
}

fn repr(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "__repr__", a, k)?;
    let (t, tz) = this(a);
    let name = repr_name(&a[0]);
    let mut s = if t.us != 0 {
        format!("{name}({}, {}, {}, {}", t.h, t.mi, t.s, t.us)
    } else if t.s != 0 {
        format!("{name}({}, {}, {}", t.h, t.mi, t.s)
    } else {
        format!("{name}({}, {}", t.h, t.mi)
    };
    if t.fold != 0 {
        s.push_str(", fold=1");
    }
    if let Some(tz) = tz {
        s.push_str(&format!(", tzinfo={}", vm.repr_string(&tz)?));
    }
    s.push(')');
    Ok(new_string(s))
}

fn isoformat(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [spec] = parse_args(vm, "isoformat", &a[1..], k, ["timespec"], 0, 0)?;
    let spec = timespec_arg(vm, &spec)?;
    let (t, tz) = this(a);
    let mut s = iso_time(vm, t, &spec)?;
    if let Some(off) = utcoffset(vm, &tz)? {
        s.push_str(&super::format::format_offset(off, ":"));
    }
    Ok(new_string(s))
}

fn replace(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [h, mi, s, us, tzi, fold] = parse_args(
        vm,
        "replace",
        &a[1..],
        k,
        ["hour", "minute", "second", "microsecond", "tzinfo", "fold"],
        0,
        1,
    )?;
    let (t, tz) = this(a);
    let t = check_time(
        opt_int(vm, &h, t.h)?,
        opt_int(vm, &mi, t.mi)?,
        opt_int(vm, &s, t.s)?,
        opt_int(vm, &us, t.us)?,
        opt_int(vm, &fold, t.fold)?,
        vm,
    )?;
    let tz = match tzi {
        Some(v) => tzinfo_arg(vm, &Some(v))?,
        None => tz,
    };
    Ok(alloc(&a[0].class(), Dt::Time(t, tz)))
}

fn fromisoformat(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = one_arg(vm, "fromisoformat", a, k)?;
    let Some(text) = as_str(s) else {
        return Err(vm.type_error(format!(
            "fromisoformat: argument must be str, not {}",
            s.type_data().name
        )));
    };
    let p = super::format::parse_iso_time_only(text)
        .ok_or_else(|| super::format::invalid_iso(vm, s))?;
    let tzi = super::format::iso_tzinfo(vm, p.offset)?;
    let [h, mi, sec, us] = p.fields;
    if a[0].is(&dt_types().time) {
        let t = check_time(h, mi, sec, us, 0, vm)?;
        return Ok(alloc(&a[0], Dt::Time(t, tzi)));
    }
    let mut args: Vec<Value> = [h, mi, sec, us].iter().map(|x| from_i64(*x)).collect();
    args.push(opt_value(&tzi));
    vm.call(&a[0], &args, &[])
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = vec![
        ("__init__", init_ignored),
        ("__repr__", repr),
        ("__str__", |vm, a, k| {
            no_args(vm, "__str__", a, k)?;
            vm.call_method(&a[0], "isoformat", &[])
        }),
        ("isoformat", isoformat),
        ("__format__", super::date::dunder_format),
        ("__hash__", hash),
        ("strftime", |vm, a, k| {
            let [f] = parse_args(vm, "strftime", &a[1..], k, ["format"], 1, 0)?;
            let f = f.expect("required");
            let (t, _) = this(a);
            let tt = new_tuple(
                [1900, 1, 1, t.h, t.mi, t.s, 0, 1, -1]
                    .iter()
                    .map(|x| from_i64(*x))
                    .collect(),
            );
            super::format::wrap_strftime(vm, &a[0], &f, &tt)
        }),
        ("utcoffset", |vm, a, k| {
            no_args(vm, "utcoffset", a, k)?;
            let (_, tz) = this(a);
            Ok(utcoffset(vm, &tz)?.map_or_else(|| vm.none(), new_delta_value))
        }),
        ("dst", |vm, a, k| {
            no_args(vm, "dst", a, k)?;
            let (_, tz) = this(a);
            let none = vm.none();
            Ok(tz::call_offset(vm, &tz, &none, "dst")?.map_or(none, new_delta_value))
        }),
        ("tzname", |vm, a, k| {
            no_args(vm, "tzname", a, k)?;
            let (_, tz) = this(a);
            let none = vm.none();
            Ok(tz::call_tzname(vm, &tz, &none)?.unwrap_or(none))
        }),
        ("replace", replace),
        ("__reduce_ex__", |vm, a, k| {
            let p = one_arg(vm, "__reduce_ex__", a, k)?;
            let p = super::int_field(vm, p)?;
            Ok(reduce(a, p))
        }),
        ("__reduce__", |vm, a, k| {
            no_args(vm, "__reduce__", a, k)?;
            Ok(reduce(a, 2))
        }),
    ];
    m.extend(crate::dt_compare_methods!(compare));
    m
}

pub fn register() {
    let t = dt_types();
    let time = |h, mi, s, us| {
        alloc(
            &t.time,
            Dt::Time(
                Hms {
                    h,
                    mi,
                    s,
                    us,
                    fold: 0,
                },
                None,
            ),
        )
    };
    fill_type(
        &t.time,
        "datetime.time",
        &methods(),
        vec![
            ("__new__", staticmethod("__new__", time_new)),
            ("hour", getter("hour", |_, a, _| Ok(from_i64(this(a).0.h)))),
            (
                "minute",
                getter("minute", |_, a, _| Ok(from_i64(this(a).0.mi))),
            ),
            (
                "second",
                getter("second", |_, a, _| Ok(from_i64(this(a).0.s))),
            ),
            (
                "microsecond",
                getter("microsecond", |_, a, _| Ok(from_i64(this(a).0.us))),
            ),
            (
                "tzinfo",
                getter("tzinfo", |_, a, _| Ok(opt_value(&this(a).1))),
            ),
            (
                "fold",
                getter("fold", |_, a, _| Ok(from_i64(this(a).0.fold))),
            ),
            ("fromisoformat", classmethod("fromisoformat", fromisoformat)),
            ("min", time(0, 0, 0, 0)),
            ("max", time(23, 59, 59, 999_999)),
            (
                "resolution",
                new_delta_value(Delta {
                    days: 0,
                    secs: 0,
                    us: 1,
                }),
            ),
        ],
    );
}
