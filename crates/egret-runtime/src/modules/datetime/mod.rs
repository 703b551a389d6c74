//! `_datetime`: the types of CPython's `_datetimemodule.c` (`timedelta`,
//! `date`, `time`, `datetime`, `tzinfo`, `timezone`), which `datetime.py`
//! imports over its pure-Python classes.
//!
//! All six types share one layout (`Kind::DateTime`) whose payload is a
//! [`Dt`]: the immutable fields of the value. This file owns the payload,
//! the type objects, argument parsing, the proleptic Gregorian calendar and
//! the construction of values (including subclasses, whose constructors are
//! called as CPython calls them). The classes live in `delta`, `date`,
//! `time`, `date_time` and `tz`; ISO 8601 parsing and `strftime` in `format`.
//!
//! Not here: `datetime_CAPI`.

mod date;
mod date_time;
mod delta;
mod format;
mod time;
mod tz;

use std::cell::OnceCell;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::protocols::args::Kw;
use crate::vm::{PyErr, PyResult, Vm};

pub const MINYEAR: i64 = 1;
pub const MAXYEAR: i64 = 9999;
/// `date.max.toordinal()`.
const MAXORDINAL: i64 = 3_652_059;
const MAX_DELTA_DAYS: i64 = 999_999_999;
const US_PER_SECOND: i128 = 1_000_000;
const US_PER_DAY: i128 = 86_400 * US_PER_SECOND;

/// A duration, normalized as CPython keeps it: `0 <= secs < 86400`,
/// `0 <= us < 1_000_000`, `|days| <= 999_999_999`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Delta {
    pub days: i64,
    pub secs: i64,
    pub us: i64,
}

impl Delta {
    pub const ZERO: Delta = Delta {
        days: 0,
        secs: 0,
        us: 0,
    };

    pub fn total_us(self) -> i128 {
        i128::from(self.days) * US_PER_DAY
            + i128::from(self.secs) * US_PER_SECOND
            + i128::from(self.us)
    }

    /// The normalized delta of `us` microseconds, if its days are in range.
    pub fn from_us(us: i128) -> Option<Delta> {
        let days = us.div_euclid(US_PER_DAY);
        let rest = us.rem_euclid(US_PER_DAY);
        if days.abs() > i128::from(MAX_DELTA_DAYS) {
            return None;
        }
        Some(Delta {
            days: days as i64,
            secs: (rest / US_PER_SECOND) as i64,
            us: (rest % US_PER_SECOND) as i64,
        })
    }

    pub fn is_zero(self) -> bool {
        self == Delta::ZERO
    }
}

/// A date of the proleptic Gregorian calendar (fields checked).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Ymd {
    pub y: i64,
    pub m: i64,
    pub d: i64,
}

/// A time of day (fields checked); `fold` does not take part in ordering.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Hms {
    pub h: i64,
    pub mi: i64,
    pub s: i64,
    pub us: i64,
    pub fold: i64,
}

impl Hms {
    pub const MIDNIGHT: Hms = Hms {
        h: 0,
        mi: 0,
        s: 0,
        us: 0,
        fold: 0,
    };

    /// (h, m, s, us): what equality and ordering look at.
    pub fn key(self) -> (i64, i64, i64, i64) {
        (self.h, self.mi, self.s, self.us)
    }

    pub fn seconds(self) -> i64 {
        self.h * 3600 + self.mi * 60 + self.s
    }
}

/// The value of a `_datetime` object.
#[derive(Clone)]
pub enum Dt {
    Delta(Delta),
    Date(Ymd),
    Time(Hms, Option<Value>),
    DateTime(Ymd, Hms, Option<Value>),
    /// A bare `tzinfo` (or an instance of a Python subclass).
    TzInfo,
    /// A fixed offset and an optional name (a str).
    TimeZone(Delta, Option<Value>),
}

/// The payload of every `_datetime` object.
pub struct DtData(pub Dt);

impl Payload for DtData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::DateTime
    }
}

pub fn dt_of(v: &Value) -> Option<&Dt> {
    v.downcast::<DtData>().map(|d| &d.0)
}

pub fn as_delta(v: &Value) -> Option<Delta> {
    match dt_of(v) {
        Some(Dt::Delta(d)) => Some(*d),
        _ => None,
    }
}

/// The date of a `date` or a `datetime`.
pub fn as_date(v: &Value) -> Option<Ymd> {
    match dt_of(v) {
        Some(Dt::Date(d) | Dt::DateTime(d, _, _)) => Some(*d),
        _ => None,
    }
}

pub fn as_datetime(v: &Value) -> Option<(Ymd, Hms, Option<Value>)> {
    match dt_of(v) {
        Some(Dt::DateTime(d, t, tz)) => Some((*d, *t, tz.clone())),
        _ => None,
    }
}

pub fn as_time(v: &Value) -> Option<(Hms, Option<Value>)> {
    match dt_of(v) {
        Some(Dt::Time(t, tz)) => Some((*t, tz.clone())),
        _ => None,
    }
}

pub fn is_tzinfo(v: &Value) -> bool {
    matches!(dt_of(v), Some(Dt::TzInfo | Dt::TimeZone(..)))
}

/// The type objects and singletons of the module (made once per thread,
/// so that re-importing `_datetime` gives the same classes, as in CPython).
pub struct DtTypes {
    pub delta: Value,
    pub date: Value,
    pub time: Value,
    pub datetime: Value,
    pub tzinfo: Value,
    pub timezone: Value,
    pub isocal: Value,
    pub utc: Value,
    /// `"datetime"`, the `__module__` of every class: one object, as
    /// CPython's interned string is, so that pickles memoize it.
    pub module_name: Value,
}

crate::gil_local! {
    static TYPES: OnceCell<&'static DtTypes> = const { OnceCell::new() };
}

pub fn dt_types() -> &'static DtTypes {
    TYPES.with(|c| {
        *c.get_or_init(|| {
            let t = types();
            let ext = |name, base: &Value| {
                crate::object::types::extension_type(name, Kind::DateTime, base, &t.type_)
            };
            let delta = ext("datetime.timedelta", &t.object);
            let date = ext("datetime.date", &t.object);
            let time = ext("datetime.time", &t.object);
            let datetime = ext("datetime.datetime", &date);
            let tzinfo = ext("datetime.tzinfo", &t.object);
            let timezone = ext("datetime.timezone", &tzinfo);
            let module_name = new_str("datetime");
            let isocal = date::isocal_type(&module_name);
            let utc = Value::alloc(&timezone, DtData(Dt::TimeZone(Delta::ZERO, None)));
            Box::leak(Box::new(DtTypes {
                delta,
                date,
                time,
                datetime,
                tzinfo,
                timezone,
                isocal,
                utc,
                module_name,
            }))
        })
    })
}

pub fn new_delta_value(d: Delta) -> Value {
    Value::alloc(&dt_types().delta, DtData(Dt::Delta(d)))
}

/// A timedelta of `us` microseconds, or OverflowError.
pub fn delta_from_us(vm: &Vm, us: i128) -> PyResult {
    Ok(new_delta_value(checked_delta(vm, us)?))
}

pub fn checked_delta(vm: &Vm, us: i128) -> PyResult<Delta> {
    Delta::from_us(us).ok_or_else(|| {
        vm.overflow_error(format!(
            "days={}; must have magnitude <= {MAX_DELTA_DAYS}",
            us.div_euclid(US_PER_DAY)
        ))
    })
}

// ----- the calendar -----

const DAYS_IN_MONTH: [i64; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH: [i64; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

pub fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub fn days_in_month(y: i64, m: i64) -> i64 {
    if m == 2 && is_leap(y) {
        29
    } else {
        DAYS_IN_MONTH[m as usize]
    }
}

fn days_before_year(y: i64) -> i64 {
    let y = y - 1;
    y * 365 + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)
}

fn days_before_month(y: i64, m: i64) -> i64 {
    DAYS_BEFORE_MONTH[m as usize] + i64::from(m > 2 && is_leap(y))
}

/// The proleptic Gregorian ordinal (1 for 0001-01-01).
pub fn ymd_to_ord(d: Ymd) -> i64 {
    days_before_year(d.y) + days_before_month(d.y, d.m) + d.d
}

/// The date of an ordinal (any ordinal from 1 to `MAXORDINAL`).
pub fn ord_to_ymd(n: i64) -> Ymd {
    let n = n - 1;
    let (n400, n) = (n.div_euclid(146_097), n.rem_euclid(146_097));
    let mut year = n400 * 400 + 1;
    let (n100, n) = (n / 36_524, n % 36_524);
    let (n4, n) = (n / 1461, n % 1461);
    let (n1, n) = (n / 365, n % 365);
    year += n100 * 100 + n4 * 4 + n1;
    if n1 == 4 || n100 == 4 {
        return Ymd {
            y: year - 1,
            m: 12,
            d: 31,
        };
    }
    let leap = n1 == 3 && (n4 != 24 || n100 == 3);
    let mut month = (n + 50) >> 5;
    let mut preceding = DAYS_BEFORE_MONTH[month as usize] + i64::from(month > 2 && leap);
    if preceding > n {
        month -= 1;
        preceding -= DAYS_IN_MONTH[month as usize] + i64::from(month == 2 && leap);
    }
    Ymd {
        y: year,
        m: month,
        d: n - preceding + 1,
    }
}

/// Monday 0 .. Sunday 6.
pub fn weekday(d: Ymd) -> i64 {
    (ymd_to_ord(d) + 6).rem_euclid(7)
}

pub fn iso_week1_monday(y: i64) -> i64 {
    let first = days_before_year(y) + 1;
    let wd = (first + 6).rem_euclid(7);
    let mut monday = first - wd;
    if wd > 3 {
        monday += 7;
    }
    monday
}

/// The date `days` days after `d`, or OverflowError "date value out of range".
pub fn add_days(vm: &Vm, d: Ymd, days: i64) -> PyResult<Ymd> {
    let n = ymd_to_ord(d) + days;
    if !(1..=MAXORDINAL).contains(&n) {
        return Err(vm.overflow_error("date value out of range"));
    }
    Ok(ord_to_ymd(n))
}

/// A date and time moved by `us` microseconds (OverflowError past the range).
pub fn shift(vm: &Vm, d: Ymd, t: Hms, us: i128) -> PyResult<(Ymd, Hms)> {
    let total = i128::from(t.seconds()) * US_PER_SECOND + i128::from(t.us) + us;
    let days = total.div_euclid(US_PER_DAY);
    let rest = total.rem_euclid(US_PER_DAY);
    let days = i64::try_from(days).map_err(|_| vm.overflow_error("date value out of range"))?;
    let d = add_days(vm, d, days)?;
    let secs = (rest / US_PER_SECOND) as i64;
    Ok((
        d,
        Hms {
            h: secs / 3600,
            mi: secs / 60 % 60,
            s: secs % 60,
            us: (rest % US_PER_SECOND) as i64,
            fold: t.fold,
        },
    ))
}

/// Microseconds since 0001-01-01T00:00.
pub fn dt_us(d: Ymd, t: Hms) -> i128 {
    i128::from(ymd_to_ord(d)) * US_PER_DAY
        + i128::from(t.seconds()) * US_PER_SECOND
        + i128::from(t.us)
}

// ----- arguments -----

/// Parses CPython-style arguments: positional-or-keyword `names`, the last
/// `kwonly` of which are keyword-only; `required` of them are required.
pub fn parse_args<const N: usize>(
    vm: &Vm,
    fname: &str,
    args: &[Value],
    kwargs: Kw,
    names: [&str; N],
    required: usize,
    kwonly: usize,
) -> PyResult<[Option<Value>; N]> {
    let positional = N - kwonly;
    if args.len() > positional {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {positional} positional argument{} ({} given)",
            if positional == 1 { "" } else { "s" },
            args.len()
        )));
    }
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| args.get(i).cloned());
    for (k, v) in kwargs {
        let k = crate::objects::str::as_str(k).unwrap_or("");
        match names.iter().position(|n| *n == k) {
            Some(i) if i < args.len() => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )));
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )));
            }
        }
    }
    for (i, o) in out.iter().enumerate().take(required) {
        if o.is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    Ok(out)
}

/// No arguments besides the receiver.
pub fn no_args(vm: &Vm, fname: &str, a: &[Value], k: Kw) -> PyResult<()> {
    if a.len() > 1 || !k.is_empty() {
        return Err(vm.type_error(format!(
            "{fname}() takes no arguments ({} given)",
            a.len() - 1 + k.len()
        )));
    }
    Ok(())
}

/// The receiver and exactly one argument.
pub fn one_arg<'a>(vm: &Vm, fname: &str, a: &'a [Value], k: Kw) -> PyResult<&'a Value> {
    if a.len() != 2 || !k.is_empty() {
        return Err(vm.type_error(format!(
            "{fname}() takes exactly one argument ({} given)",
            a.len().saturating_sub(1) + k.len()
        )));
    }
    Ok(&a[1])
}

/// An integer field (anything with `__index__`; floats are refused).
pub fn int_field(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if crate::objects::float::float_of(v).is_some() {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    vm.index_value(v)
}

pub fn opt_int(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => int_field(vm, v),
        None => Ok(default),
    }
}

pub fn check_date(y: i64, m: i64, d: i64, vm: &Vm) -> PyResult<Ymd> {
    if !(MINYEAR..=MAXYEAR).contains(&y) {
        return Err(vm.value_error(format!("year {y} is out of range")));
    }
    if !(1..=12).contains(&m) {
        return Err(vm.value_error("month must be in 1..12"));
    }
    if d < 1 || d > days_in_month(y, m) {
        return Err(vm.value_error("day is out of range for month"));
    }
    Ok(Ymd { y, m, d })
}

pub fn check_time(h: i64, mi: i64, s: i64, us: i64, fold: i64, vm: &Vm) -> PyResult<Hms> {
    if !(0..=23).contains(&h) {
        return Err(vm.value_error("hour must be in 0..23"));
    }
    if !(0..=59).contains(&mi) {
        return Err(vm.value_error("minute must be in 0..59"));
    }
    if !(0..=59).contains(&s) {
        return Err(vm.value_error("second must be in 0..59"));
    }
    if !(0..=999_999).contains(&us) {
        return Err(vm.value_error("microsecond must be in 0..999999"));
    }
    if fold != 0 && fold != 1 {
        return Err(vm.value_error("fold must be either 0 or 1"));
    }
    Ok(Hms { h, mi, s, us, fold })
}

/// A tzinfo argument: None or a tzinfo instance.
pub fn tzinfo_arg(vm: &Vm, v: &Option<Value>) -> PyResult<Option<Value>> {
    match v {
        None => Ok(None),
        Some(v) if v.is(&types().none) => Ok(None),
        Some(v) if is_tzinfo(v) => Ok(Some(v.clone())),
        Some(v) => Err(vm.type_error(format!(
            "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
            v.type_data().name
        ))),
    }
}

pub fn opt_value(v: &Option<Value>) -> Value {
    v.clone().unwrap_or_else(|| types().none.clone())
}

pub fn type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

/// The name a repr starts with: `datetime.date` for the type itself, the
/// class name for a subclass (CPython's `tp_name`).
pub fn repr_name(v: &Value) -> String {
    v.type_data().name.clone()
}

// ----- making values -----

pub fn alloc(cls: &Value, v: Dt) -> Value {
    Value::alloc(cls, DtData(v))
}

fn ints(xs: &[i64]) -> Vec<Value> {
    xs.iter().map(|x| from_i64(*x)).collect()
}

/// A date of class `cls`: made directly for `date` and `datetime`, by
/// calling the class for a subclass.
pub fn new_date_for(vm: &mut Vm, cls: &Value, d: Ymd) -> PyResult {
    let t = dt_types();
    if cls.is(&t.date) {
        return Ok(alloc(cls, Dt::Date(d)));
    }
    if cls.is(&t.datetime) {
        return Ok(alloc(cls, Dt::DateTime(d, Hms::MIDNIGHT, None)));
    }
    vm.call(cls, &ints(&[d.y, d.m, d.d]), &[])
}

/// A datetime of class `cls` (a subclass is called, with `fold=1` when set).
pub fn new_datetime_for(vm: &mut Vm, cls: &Value, d: Ymd, t: Hms, tz: Option<Value>) -> PyResult {
    if cls.is(&dt_types().datetime) {
        return Ok(alloc(cls, Dt::DateTime(d, t, tz)));
    }
    let mut args = ints(&[d.y, d.m, d.d, t.h, t.mi, t.s, t.us]);
    args.push(opt_value(&tz));
    let kw = if t.fold != 0 {
        vec![(new_str("fold"), from_i64(1))]
    } else {
        vec![]
    };
    vm.call(cls, &args, &kw)
}

/// The class argument of `B.__new__(cls, ...)`: a subtype of `base`.
pub fn new_cls<'a>(vm: &Vm, a: &'a [Value], name: &str, base: &Value) -> PyResult<&'a Value> {
    let Some(cls) = a.first() else {
        return Err(vm.type_error(format!("{name}.__new__(): not enough arguments")));
    };
    if !crate::object::types::is_type(cls) {
        return Err(vm.type_error(format!(
            "{name}.__new__(X): X is not a type object ({})",
            cls.type_data().name
        )));
    }
    if !cls.type_data_of_type().is_subtype(base) {
        return Err(vm.type_error(format!(
            "{name}.__new__({}): {} is not a subtype of {name}",
            cls.type_data_of_type().name,
            cls.type_data_of_type().name
        )));
    }
    Ok(cls)
}

/// `B.__new__(cls, ...)` reached through `object.__new__` for a class
/// derived from one of the types here.
pub fn subclass_new(vm: &mut Vm, ty: &Value, args: &[Value], kwargs: Kw) -> PyResult {
    let t = dt_types();
    let base = crate::object::types::builtin_base(ty);
    let mut all = vec![ty.clone()];
    all.extend_from_slice(args);
    let f: NativeFn = if base.is(&t.delta) {
        delta::delta_new
    } else if base.is(&t.datetime) {
        date_time::datetime_new
    } else if base.is(&t.date) {
        date::date_new
    } else if base.is(&t.time) {
        time::time_new
    } else if base.is(&t.timezone) {
        tz::timezone_new
    } else {
        tz::tzinfo_new
    };
    f(vm, &all, kwargs)
}

// ----- type building -----

pub use crate::objects::descr::getter;

pub fn classmethod(name: &'static str, f: NativeFn) -> Value {
    Value::alloc(
        &types().classmethod,
        crate::objects::descr::WrapperData {
            func: crate::objects::function::new_builtin(name, f),
        },
    )
}

pub fn staticmethod(name: &'static str, f: NativeFn) -> Value {
    Value::alloc(
        &types().staticmethod,
        crate::objects::descr::WrapperData {
            func: crate::objects::function::new_builtin(name, f),
        },
    )
}

/// Fills in a type: methods (checked against the receiver), and the other
/// attributes given.
pub fn fill_type(
    ty: &Value,
    owner: &'static str,
    methods: &[(&'static str, NativeFn)],
    attrs: Vec<(&'static str, Value)>,
) {
    crate::objects::str_methods::add_methods(ty, owner, methods);
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str("__module__", dt_types().module_name.clone());
    for (n, v) in attrs {
        d.set_str(n, v);
    }
}

/// `__init__` of the types: arguments were handled by `__new__`.
pub fn init_ignored(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult {
    Ok(vm.none())
}

pub fn not_implemented() -> Value {
    types().not_implemented.clone()
}

/// The result of a three-way comparison for operator `op`.
pub fn cmp_result(ord: std::cmp::Ordering, op: egret_bytecode::CmpOp) -> Value {
    use egret_bytecode::CmpOp::*;
    use std::cmp::Ordering::*;
    let b = match op {
        Lt => ord == Less,
        Le => ord != Greater,
        Eq => ord == Equal,
        Ne => ord != Equal,
        Gt => ord == Greater,
        Ge => ord != Less,
    };
    crate::vm::py_bool(b)
}

/// `can't compare X to Y`.
pub fn cmp_error(vm: &Vm, a: &Value, b: &Value) -> PyErr {
    vm.type_error(format!(
        "can't compare {} to {}",
        repr_type_name(a),
        repr_type_name(b)
    ))
}

fn repr_type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

/// The six comparison methods, all calling `f`.
#[macro_export]
macro_rules! dt_compare_methods {
    ($f:path) => {
        [
            (
                "__eq__",
                (|vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Eq)) as NativeFn,
            ),
            ("__ne__", |vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Ne)),
            ("__lt__", |vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Lt)),
            ("__le__", |vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Le)),
            ("__gt__", |vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Gt)),
            ("__ge__", |vm, a, _| $f(vm, a, egret_bytecode::CmpOp::Ge)),
        ]
    };
}

crate::gil_local! {
    static REGISTERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = dt_types();
    if !REGISTERED.with(|r| r.replace(true)) {
        delta::register();
        date::register();
        time::register();
        date_time::register();
        tz::register();
    }
    super::make_module(
        "_datetime",
        &[],
        vec![
            ("MINYEAR", from_i64(MINYEAR)),
            ("MAXYEAR", from_i64(MAXYEAR)),
            ("timedelta", t.delta.clone()),
            ("date", t.date.clone()),
            ("time", t.time.clone()),
            ("datetime", t.datetime.clone()),
            ("tzinfo", t.tzinfo.clone()),
            ("timezone", t.timezone.clone()),
            ("UTC", t.utc.clone()),
        ],
    )
}
