//! `datetime`: a date and a time with an optional tzinfo; conversions to
//! and from POSIX timestamps (local time through libc's `localtime_r`, with
//! PEP 495's fold), `astimezone`, and comparison across time zones.

use egret_bytecode::CmpOp;

use super::{
    Delta, Dt, Hms, Ymd, alloc, as_date, as_datetime, as_delta, as_time, check_date, check_time,
    classmethod, cmp_error, cmp_result, dt_types, dt_us, fill_type, getter, init_ignored, new_cls,
    new_datetime_for, new_delta_value, no_args, one_arg, opt_int, opt_value, parse_args, repr_name,
    shift, staticmethod, tz, tzinfo_arg, ymd_to_ord,
};
use crate::object::Value;
use crate::objects::bytes::new_bytes;
use crate::objects::float::{float_of, new_float};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

/// 1970-01-01 on the scale of `dt_us` (ordinal 719163).
const EPOCH_US: i128 = 719_163 * 86_400 * 1_000_000;
const MAX_FOLD_SECONDS: i64 = 24 * 3600;

fn this(a: &[Value]) -> (Ymd, Hms, Option<Value>) {
    a.first()
        .and_then(as_datetime)
        .unwrap_or((Ymd { y: 1, m: 1, d: 1 }, Hms::MIDNIGHT, None))
}

pub fn datetime_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let cls = &new_cls(vm, a, "datetime", &dt_types().datetime)?.clone();
    if (a.len() == 2 || a.len() == 3)
        && k.is_empty()
        && let Some(b) = super::date::state_bytes(vm, &a[1], 10, "datetime")?
        && (1..=12).contains(&(b[2] & 0x7f))
    {
        let tz = super::time::state_tzinfo(vm, a.get(2))?;
        let (m, fold) = if b[2] > 127 {
            (b[2] - 128, 1)
        } else {
            (b[2], 0)
        };
        // As in CPython, only the month of a pickled state is checked.
        let d = Ymd {
            y: i64::from(b[0]) * 256 + i64::from(b[1]),
            m: i64::from(m),
            d: i64::from(b[3]),
        };
        let t = Hms {
            h: i64::from(b[4]),
            mi: i64::from(b[5]),
            s: i64::from(b[6]),
            us: (i64::from(b[7]) << 16) | (i64::from(b[8]) << 8) | i64::from(b[9]),
            fold,
        };
        return Ok(alloc(cls, Dt::DateTime(d, t, tz)));
    }
    let [y, m, d, h, mi, s, us, tzi, fold] = parse_args(
        vm,
        "datetime",
        &a[1..],
        k,
        [
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        3,
        1,
    )?;
    let d = check_date(
        opt_int(vm, &y, 0)?,
        opt_int(vm, &m, 0)?,
        opt_int(vm, &d, 0)?,
        vm,
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
    Ok(alloc(cls, Dt::DateTime(d, t, tz)))
}

/// `dt` moved by `us` microseconds, of dt's class, fold 0 (CPython's
/// `add_datetime_timedelta`).
pub fn shift_value(vm: &mut Vm, dt: &Value, us: i128) -> PyResult {
    let Some((d, t, tz)) = as_datetime(dt) else {
        return Err(vm.type_error("a datetime is required"));
    };
    let (d, t) = shift(vm, d, Hms { fold: 0, ..t }, us)?;
    new_datetime_for(vm, &dt.class(), d, t, tz)
}

// ----- the clock and POSIX timestamps -----

fn out_of_range(vm: &Vm) -> crate::vm::PyErr {
    vm.overflow_error("timestamp out of range for platform time_t")
}

/// Seconds and microseconds of a timestamp: rounded half to even to the
/// microsecond, or (for `date.fromtimestamp`, `floor_secs`) floored to the
/// second.
pub fn timestamp_parts(vm: &mut Vm, t: &Value, floor_secs: bool) -> PyResult<(i64, i64)> {
    if let Some(f) = float_of(t) {
        if f.is_nan() {
            return Err(vm.value_error("Invalid value NaN (not a number)"));
        }
        let in_range = |x: f64| (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x);
        if floor_secs {
            let s = f.floor();
            if !in_range(s) {
                return Err(out_of_range(vm));
            }
            return Ok((s as i64, 0));
        }
        let mut int_part = f.trunc();
        let mut frac = ((f - int_part) * 1e6).round_ties_even();
        if frac >= 1e6 {
            frac -= 1e6;
            int_part += 1.0;
        } else if frac < 0.0 {
            frac += 1e6;
            int_part -= 1.0;
        }
        if !in_range(int_part) {
            return Err(out_of_range(vm));
        }
        return Ok((int_part as i64, frac as i64));
    }
    if let Some(b) = crate::objects::int::to_bigint(t) {
        use num_traits::ToPrimitive;
        return b.to_i64().map(|s| (s, 0)).ok_or_else(|| out_of_range(vm));
    }
    let s = vm.index_value(t)?;
    Ok((s, 0))
}

/// The broken-down time of `secs` since the epoch (local or UTC).
pub fn broken_down(vm: &Vm, secs: i64, local: bool) -> PyResult<(Ymd, Hms)> {
    let t = libc::time_t::try_from(secs).map_err(|_| out_of_range(vm))?;
    // SAFETY: an all-zero tm is a valid value to be overwritten.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call.
    let ok = unsafe {
        if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        }
    };
    if ok.is_null() {
        return Err(out_of_range(vm));
    }
    let y = i64::from(tm.tm_year) + 1900;
    if !(super::MINYEAR..=super::MAXYEAR).contains(&y) {
        return Err(vm.value_error(format!("year {y} is out of range")));
    }
    let d = Ymd {
        y,
        m: i64::from(tm.tm_mon) + 1,
        d: i64::from(tm.tm_mday),
    };
    let t = Hms {
        h: i64::from(tm.tm_hour),
        mi: i64::from(tm.tm_min),
        s: i64::from(tm.tm_sec).min(59),
        us: 0,
        fold: 0,
    };
    Ok((d, t))
}

/// Seconds since the epoch of a broken-down time read as UTC.
fn utc_seconds(d: Ymd, t: Hms) -> i64 {
    (ymd_to_ord(d) - 719_163) * 86_400 + t.seconds()
}

/// `local(u)`: the local wall time of `u`, in seconds as if it were UTC.
fn local(vm: &Vm, u: i64) -> PyResult<i64> {
    let (d, t) = broken_down(vm, u, true)?;
    Ok(utc_seconds(d, t))
}

/// The POSIX time of a naive local datetime (CPython's `local_to_seconds`).
fn local_to_seconds(vm: &Vm, d: Ymd, t: Hms) -> PyResult<i64> {
    let tt = utc_seconds(d, t);
    let a = local(vm, tt)? - tt;
    let u1 = tt - a;
    let t1 = local(vm, u1)?;
    let b = if t1 == tt {
        let u2 = if t.fold != 0 {
            u1 + MAX_FOLD_SECONDS
        } else {
            u1 - MAX_FOLD_SECONDS
        };
        let b = local(vm, u2)? - u2;
        if a == b {
            return Ok(u1);
        }
        b
    } else {
        t1 - u1
    };
    let u2 = tt - b;
    let t2 = local(vm, u2)?;
    if t2 == tt {
        return Ok(u2);
    }
    if t1 == tt {
        return Ok(u1);
    }
    Ok(if t.fold != 0 { u1.min(u2) } else { u1.max(u2) })
}

/// A datetime of class `cls` for a POSIX time (CPython's
/// `datetime_from_timet_and_us`): local time with its fold, or UTC; with
/// a tzinfo, converted by its `fromutc`.
fn from_timet_and_us(
    vm: &mut Vm,
    cls: &Value,
    secs: i64,
    us: i64,
    local_time: bool,
    tzinfo: Option<Value>,
) -> PyResult {
    let (d, mut t) = broken_down(vm, secs, local_time)?;
    t.us = us;
    if local_time {
        let result = utc_seconds(d, t);
        let probe = local(vm, secs - MAX_FOLD_SECONDS)?;
        let transition = result - probe - MAX_FOLD_SECONDS;
        if transition < 0 && local(vm, secs + transition)? == result {
            t.fold = 1;
        }
    }
    let dt = new_datetime_for(vm, cls, d, t, tzinfo.clone())?;
    match tzinfo {
        Some(tz) => vm.call_method(&tz, "fromutc", &[dt]),
        None => Ok(dt),
    }
}

fn now_parts() -> (i64, i64) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, i64::from(d.subsec_micros()))
}

/// `timezone(timedelta(seconds=gmtoff), zone)` in effect at `secs`.
fn local_timezone_at(vm: &mut Vm, secs: i64) -> PyResult {
    let t = libc::time_t::try_from(secs).map_err(|_| out_of_range(vm))?;
    // SAFETY: an all-zero tm is a valid value to be overwritten.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return Err(out_of_range(vm));
    }
    let zone = if tm.tm_zone.is_null() {
        None
    } else {
        // SAFETY: tm_zone points to a NUL-terminated string owned by libc.
        Some(new_string(
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned(),
        ))
    };
    let off = super::checked_delta(vm, i128::from(tm.tm_gmtoff) * 1_000_000)?;
    tz::new_timezone(vm, &dt_types().timezone, off, zone)
}

// ----- methods -----

fn utcoffset_of(vm: &mut Vm, dt: &Value) -> PyResult<Option<Delta>> {
    let (_, _, tz) = this(std::slice::from_ref(dt));
    tz::call_offset(vm, &tz, dt, "utcoffset")
}

/// The utcoffset of `dt` with its fold flipped (PEP 495).
fn flipped_offset(vm: &mut Vm, dt: &Value) -> PyResult<Option<Delta>> {
    let (d, t, tz) = this(std::slice::from_ref(dt));
    let flipped = alloc(
        &dt.class(),
        Dt::DateTime(
            d,
            Hms {
                fold: 1 - t.fold,
                ..t
            },
            tz.clone(),
        ),
    );
    tz::call_offset(vm, &tz, &flipped, "utcoffset")
}

fn same_tz(a: &Option<Value>, b: &Option<Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(p), Some(q)) => p.is(q),
        _ => false,
    }
}

fn pep495_exception(
    vm: &mut Vm,
    x: &Value,
    y: &Value,
    o1: Option<Delta>,
    o2: Option<Delta>,
) -> PyResult<bool> {
    if flipped_offset(vm, x)? != o1 {
        return Ok(true);
    }
    Ok(flipped_offset(vm, y)? != o2)
}

fn compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    let (Some(x), Some(y)) = (a.first(), a.get(1)) else {
        return Ok(super::not_implemented());
    };
    let Some((d2, t2, tz2)) = as_datetime(y) else {
        if as_date(y).is_some() {
            return match op {
                CmpOp::Eq => Ok(py_bool(false)),
                CmpOp::Ne => Ok(py_bool(true)),
                _ => Err(cmp_error(vm, x, y)),
            };
        }
        return Ok(super::not_implemented());
    };
    let (d1, t1, tz1) = this(a);
    let k1 = (d1, t1.key());
    let k2 = (d2, t2.key());
    if same_tz(&tz1, &tz2) {
        return Ok(cmp_result(k1.cmp(&k2), op));
    }
    let o1 = utcoffset_of(vm, x)?;
    let o2 = utcoffset_of(vm, y)?;
    let eq_op = matches!(op, CmpOp::Eq | CmpOp::Ne);
    if o1 == o2 {
        let mut ord = k1.cmp(&k2);
        if eq_op && ord.is_eq() && pep495_exception(vm, x, y, o1, o2)? {
            ord = std::cmp::Ordering::Greater;
        }
        return Ok(cmp_result(ord, op));
    }
    match (o1, o2) {
        (Some(o1), Some(o2)) => {
            let u1 = dt_us(d1, t1) - o1.total_us();
            let u2 = dt_us(d2, t2) - o2.total_us();
            let mut ord = u1.cmp(&u2);
            if eq_op && ord.is_eq() && pep495_exception(vm, x, y, Some(o1), Some(o2))? {
                ord = std::cmp::Ordering::Greater;
            }
            Ok(cmp_result(ord, op))
        }
        _ => match op {
            CmpOp::Eq => Ok(py_bool(false)),
            CmpOp::Ne => Ok(py_bool(true)),
            _ => Err(vm.type_error("can't compare offset-naive and offset-aware datetimes")),
        },
    }
}

fn datetime_state(d: Ymd, t: Hms, proto: i64) -> Vec<u8> {
    let mut b = super::date::date_state(d);
    if t.fold != 0 && proto > 3 {
        b[2] += 128;
    }
    b.extend([
        t.h as u8,
        t.mi as u8,
        t.s as u8,
        (t.us >> 16) as u8,
        (t.us >> 8) as u8,
        t.us as u8,
    ]);
    b
}

fn reduce(a: &[Value], proto: i64) -> Value {
    let (d, t, tz) = this(a);
    let mut args = vec![new_bytes(datetime_state(d, t, proto))];
    args.extend(tz);
    new_tuple(vec![a[0].class(), new_tuple(args)])
}

fn hash(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "__hash__", a, k)?;
    let (d, t, tz) = this(a);
    let off = if t.fold != 0 {
        let zero = alloc(
            &a[0].class(),
            Dt::DateTime(d, Hms { fold: 0, ..t }, tz.clone()),
        );
        tz::call_offset(vm, &tz, &zero, "utcoffset")?
    } else {
        tz::call_offset(vm, &tz, &a[0], "utcoffset")?
    };
    Ok(from_i64(match off {
        None => crate::objects::str::hash_bytes(&datetime_state(d, Hms { fold: 0, ..t }, 0)),
        Some(o) => {
            let us = dt_us(d, t) - o.total_us();
            let days = us.div_euclid(super::US_PER_DAY) as i64;
            let rest = us.rem_euclid(super::US_PER_DAY);
            let dl = Delta {
                days,
                secs: (rest / 1_000_000) as i64,
                us: (rest % 1_000_000) as i64,
            };
            super::delta::delta_hash(vm, dl)?
        }
    }))
}

fn add(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__add__", a, k)?;
    match (as_datetime(&a[0]), as_delta(y)) {
        (Some(_), Some(delta)) => shift_value(vm, &a[0], delta.total_us()),
        _ => Ok(super::not_implemented()),
    }
}

fn sub(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__sub__", a, k)?;
    let Some((d1, t1, tz1)) = as_datetime(&a[0]) else {
        return Ok(super::not_implemented());
    };
    if let Some(delta) = as_delta(y) {
        return shift_value(vm, &a[0], -delta.total_us());
    }
    let Some((d2, t2, tz2)) = as_datetime(y) else {
        return Ok(super::not_implemented());
    };
    let mut offdiff = 0i128;
    if !same_tz(&tz1, &tz2) {
        let o1 = utcoffset_of(vm, &a[0])?;
        let o2 = utcoffset_of(vm, y)?;
        match (o1, o2) {
            (None, None) => {}
            (Some(o1), Some(o2)) => offdiff = o1.total_us() - o2.total_us(),
            _ => {
                return Err(vm.type_error("can't subtract offset-naive and offset-aware datetimes"));
            }
        }
    }
    super::delta_from_us(vm, dt_us(d1, t1) - dt_us(d2, t2) - offdiff)
}

fn repr(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "__repr__", a, k)?;
    let (d, t, tz) = this(a);
    let name = repr_name(&a[0]);
    let mut s = format!("{name}({}, {}, {}, {}, {}", d.y, d.m, d.d, t.h, t.mi);
    if t.us != 0 {
        s.push_str(&format!(", {}, {}", t.s, t.us));
    } else if t.s != 0 {
        s.push_str(&format!(", {}", t.s));
    }
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
    let [sep, spec] = parse_args(vm, "isoformat", &a[1..], k, ["sep", "timespec"], 0, 0)?;
    let sep = match sep {
        None => 'T',
        Some(v) => {
            let s = as_str(&v).unwrap_or("");
            let mut cs = s.chars();
            match (as_str(&v), cs.next(), cs.next()) {
                (Some(_), Some(c), None) => c,
                _ => {
                    return Err(vm.type_error(format!(
                        "isoformat() argument 1 must be a unicode character, not {}",
                        v.type_data().name
                    )));
                }
            }
        }
    };
    let spec = super::time::timespec_arg(vm, &spec)?;
    let (d, t, _) = this(a);
    let mut s = format!(
        "{}{sep}{}",
        super::date::iso_date(d),
        super::time::iso_time(vm, t, &spec)?
    );
    if let Some(off) = utcoffset_of(vm, &a[0])? {
        s.push_str(&super::format::format_offset(off, ":"));
    }
    Ok(new_string(s))
}

fn replace(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [y, m, dd, h, mi, s, us, tzi, fold] = parse_args(
        vm,
        "replace",
        &a[1..],
        k,
        [
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        0,
        1,
    )?;
    let (d, t, tz) = this(a);
    let d = check_date(
        opt_int(vm, &y, d.y)?,
        opt_int(vm, &m, d.m)?,
        opt_int(vm, &dd, d.d)?,
        vm,
    )?;
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
    Ok(alloc(&a[0].class(), Dt::DateTime(d, t, tz)))
}

fn astimezone(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [target] = parse_args(vm, "astimezone", &a[1..], k, ["tz"], 0, 0)?;
    let target = tzinfo_arg(vm, &target)?;
    let (d, t, tz) = this(a);
    let self_tz = match &tz {
        Some(tz) => tz.clone(),
        None => {
            let secs = local_to_seconds(vm, d, t)?;
            local_timezone_at(vm, secs)?
        }
    };
    if let Some(target) = &target
        && target.is(&self_tz)
    {
        return Ok(a[0].clone());
    }
    let off = match tz::call_offset(vm, &Some(self_tz.clone()), &a[0], "utcoffset")? {
        Some(o) => o,
        None => {
            let secs = local_to_seconds(vm, d, t)?;
            let ltz = local_timezone_at(vm, secs)?;
            tz::call_offset(vm, &Some(ltz), &a[0], "utcoffset")?.unwrap_or(Delta::ZERO)
        }
    };
    // self - offset, as UTC.
    let (ud, ut) = shift(vm, d, Hms { fold: 0, ..t }, -off.total_us())?;
    let target = match target {
        Some(t) => t,
        None => {
            let secs = ((dt_us(ud, ut) - EPOCH_US).div_euclid(1_000_000)) as i64;
            local_timezone_at(vm, secs)?
        }
    };
    let utc = new_datetime_for(vm, &a[0].class(), ud, ut, Some(target.clone()))?;
    vm.call_method(&target, "fromutc", &[utc])
}

fn timestamp(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "timestamp", a, k)?;
    let (d, t, tz) = this(a);
    if tz.is_some() {
        let off = utcoffset_of(vm, &a[0])?;
        if let Some(off) = off {
            let us = dt_us(d, t) - off.total_us() - EPOCH_US;
            return crate::objects::int::true_divide(
                vm,
                &num_bigint::BigInt::from(us),
                &num_bigint::BigInt::from(1_000_000),
            );
        }
    }
    let secs = local_to_seconds(vm, d, t)?;
    Ok(new_float(secs as f64 + t.us as f64 / 1e6))
}

fn timetuple(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "timetuple", a, k)?;
    let (d, t, tz) = this(a);
    let dst = match tz::call_offset(vm, &tz, &a[0], "dst")? {
        None => -1,
        Some(x) if x.is_zero() => 0,
        Some(_) => 1,
    };
    super::date::struct_time(vm, d, t.h, t.mi, t.s, dst)
}

fn utctimetuple(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "utctimetuple", a, k)?;
    let (mut d, mut t, _) = this(a);
    if let Some(off) = utcoffset_of(vm, &a[0])? {
        (d, t) = shift(vm, d, t, -off.total_us())?;
    }
    super::date::struct_time(vm, d, t.h, t.mi, t.s, 0)
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = vec![
        ("__init__", init_ignored),
        ("__repr__", repr),
        ("__str__", |vm, a, k| {
            no_args(vm, "__str__", a, k)?;
            vm.call_method(&a[0], "isoformat", &[new_str(" ")])
        }),
        ("isoformat", isoformat),
        ("__hash__", hash),
        ("__add__", add),
        ("__radd__", add),
        ("__sub__", sub),
        ("replace", replace),
        ("astimezone", astimezone),
        ("timestamp", timestamp),
        ("timetuple", timetuple),
        ("utctimetuple", utctimetuple),
        ("date", |vm, a, k| {
            no_args(vm, "date", a, k)?;
            Ok(alloc(&dt_types().date, Dt::Date(this(a).0)))
        }),
        ("time", |vm, a, k| {
            no_args(vm, "time", a, k)?;
            Ok(alloc(&dt_types().time, Dt::Time(this(a).1, None)))
        }),
        ("timetz", |vm, a, k| {
            no_args(vm, "timetz", a, k)?;
            let (_, t, tz) = this(a);
            Ok(alloc(&dt_types().time, Dt::Time(t, tz)))
        }),
        ("ctime", |vm, a, k| {
            no_args(vm, "ctime", a, k)?;
            let (d, t, _) = this(a);
            Ok(new_string(super::date::ctime(d, t.h, t.mi, t.s)))
        }),
        ("utcoffset", |vm, a, k| {
            no_args(vm, "utcoffset", a, k)?;
            Ok(utcoffset_of(vm, &a[0])?.map_or_else(|| vm.none(), new_delta_value))
        }),
        ("dst", |vm, a, k| {
            no_args(vm, "dst", a, k)?;
            let (_, _, tz) = this(a);
            Ok(tz::call_offset(vm, &tz, &a[0], "dst")?.map_or_else(|| vm.none(), new_delta_value))
        }),
        ("tzname", |vm, a, k| {
            no_args(vm, "tzname", a, k)?;
            let (_, _, tz) = this(a);
            Ok(tz::call_tzname(vm, &tz, &a[0])?.unwrap_or_else(|| vm.none()))
        }),
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

fn now(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [tzi] = parse_args(vm, "now", &a[1..], k, ["tz"], 0, 0)?;
    let tzi = tzinfo_arg(vm, &tzi)?;
    let (s, us) = now_parts();
    let local_time = tzi.is_none();
    from_timet_and_us(vm, &a[0], s, us, local_time, tzi)
}

fn fromtimestamp(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [ts, tzi] = parse_args(vm, "fromtimestamp", &a[1..], k, ["timestamp", "tz"], 1, 0)?;
    let tzi = tzinfo_arg(vm, &tzi)?;
    let (s, us) = timestamp_parts(vm, &ts.expect("required"), false)?;
    let local_time = tzi.is_none();
    from_timet_and_us(vm, &a[0], s, us, local_time, tzi)
}

fn combine(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [d, t, tzi] = parse_args(vm, "combine", &a[1..], k, ["date", "time", "tzinfo"], 2, 0)?;
    let (d, t) = (d.expect("required"), t.expect("required"));
    let Some(date) = as_date(&d) else {
        return Err(vm.type_error(format!(
            "combine() argument 1 must be datetime.date, not {}",
            d.type_data().name
        )));
    };
    let Some((time, ttz)) = as_time(&t) else {
        return Err(vm.type_error(format!(
            "combine() argument 2 must be datetime.time, not {}",
            t.type_data().name
        )));
    };
    let tz = match tzi {
        Some(v) => tzinfo_arg(vm, &Some(v))?,
        None => ttz,
    };
    new_datetime_for(vm, &a[0], date, time, tz)
}

fn fromisoformat(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = one_arg(vm, "fromisoformat", a, k)?;
    let Some(text) = as_str(s) else {
        return Err(vm.type_error(format!(
            "fromisoformat: argument must be str, not {}",
            s.type_data().name
        )));
    };
    let (date, time) =
        super::format::parse_iso_datetime(text).ok_or_else(|| super::format::invalid_iso(vm, s))?;
    let d = check_date(date.0, date.1, date.2, vm)?;
    let (fields, offset) = match time {
        Some(t) => (t.fields, t.offset),
        None => ([0; 4], None),
    };
    let t = check_time(fields[0], fields[1], fields[2], fields[3], 0, vm)?;
    let tzi = super::format::iso_tzinfo(vm, offset)?;
    new_datetime_for(vm, &a[0], d, t, tzi)
}

fn strptime(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [s, f] = parse_args(vm, "strptime", &a[1..], k, ["date_string", "format"], 2, 0)?;
    let m = vm.import_module("_strptime")?;
    let func = vm.getattr_str(&m, "_strptime_datetime")?;
    vm.call(&func, &[a[0].clone(), opt_value(&s), opt_value(&f)], &[])
}

pub fn register() {
    let t = dt_types();
    let dt = |y, m, d, h, mi, s, us| {
        alloc(
            &t.datetime,
            Dt::DateTime(
                Ymd { y, m, d },
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
        &t.datetime,
        "datetime.datetime",
        &methods(),
        vec![
            ("__new__", staticmethod("__new__", datetime_new)),
            ("hour", getter("hour", |_, a, _| Ok(from_i64(this(a).1.h)))),
            (
                "minute",
                getter("minute", |_, a, _| Ok(from_i64(this(a).1.mi))),
            ),
            (
                "second",
                getter("second", |_, a, _| Ok(from_i64(this(a).1.s))),
            ),
            (
                "microsecond",
                getter("microsecond", |_, a, _| Ok(from_i64(this(a).1.us))),
            ),
            (
                "tzinfo",
                getter("tzinfo", |_, a, _| Ok(opt_value(&this(a).2))),
            ),
            (
                "fold",
                getter("fold", |_, a, _| Ok(from_i64(this(a).1.fold))),
            ),
            ("now", classmethod("now", now)),
            (
                "utcnow",
                classmethod("utcnow", |vm, a, k| {
                    no_args(vm, "utcnow", a, k)?;
                    let (s, us) = now_parts();
                    from_timet_and_us(vm, &a[0], s, us, false, None)
                }),
            ),
            ("fromtimestamp", classmethod("fromtimestamp", fromtimestamp)),
            (
                "utcfromtimestamp",
                classmethod("utcfromtimestamp", |vm, a, k| {
                    let ts = one_arg(vm, "utcfromtimestamp", a, k)?;
                    let (s, us) = timestamp_parts(vm, ts, false)?;
                    from_timet_and_us(vm, &a[0], s, us, false, None)
                }),
            ),
            ("combine", classmethod("combine", combine)),
            ("fromisoformat", classmethod("fromisoformat", fromisoformat)),
            ("strptime", classmethod("strptime", strptime)),
            ("min", dt(1, 1, 1, 0, 0, 0, 0)),
            ("max", dt(9999, 12, 31, 23, 59, 59, 999_999)),
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
