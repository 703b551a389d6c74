//! `date` (the methods `datetime` inherits too) and `IsoCalendarDate`.

use egret_bytecode::CmpOp;

use super::{
    Dt, Ymd, add_days, alloc, as_date, as_delta, check_date, classmethod, cmp_result, dt_of,
    dt_types, fill_type, getter, init_ignored, int_field, iso_week1_monday, new_cls, new_date_for,
    new_delta_value, no_args, not_implemented, one_arg, opt_int, ord_to_ymd, parse_args, repr_name,
    staticmethod, weekday, ymd_to_ord,
};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_string};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm};

fn this(a: &[Value]) -> Ymd {
    a.first()
        .and_then(as_date)
        .unwrap_or(Ymd { y: 1, m: 1, d: 1 })
}

/// The bytes of a pickled state (bytes, or a str from a Python 2 pickle
/// loaded with `encoding='latin1'`) of length `n`, if `v` is one.
pub fn state_bytes(vm: &Vm, v: &Value, n: usize, what: &str) -> PyResult<Option<Vec<u8>>> {
    if v.kind() == Kind::Bytes {
        let b = v
            .downcast::<BytesData>()
            .expect("bytes")
            .data
            .borrow()
            .clone();
        return Ok((b.len() == n).then_some(b));
    }
    if let Some(s) = as_str(v)
        && s.chars().count() == n
    {
        let mut out = Vec::with_capacity(n);
        for c in s.chars() {
            match u8::try_from(u32::from(c)) {
                Ok(b) => out.push(b),
                Err(_) => {
                    return Err(vm.value_error(format!(
                        "Failed to encode latin1 string when unpickling a {what} object. \
                         pickle.load(data, encoding='latin1') is assumed."
                    )));
                }
            }
        }
        return Ok(Some(out));
    }
    Ok(None)
}

pub fn date_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let cls = &new_cls(vm, a, "date", &dt_types().date)?.clone();
    if a.len() == 2
        && k.is_empty()
        && let Some(b) = state_bytes(vm, &a[1], 4, "date")?
        && (1..=12).contains(&b[2])
    {
        // As in CPython, only the month of a pickled state is checked.
        let d = Ymd {
            y: i64::from(b[0]) * 256 + i64::from(b[1]),
            m: i64::from(b[2]),
            d: i64::from(b[3]),
        };
        return Ok(alloc(cls, Dt::Date(d)));
    }
    let [y, m, d] = parse_args(vm, "date", &a[1..], k, ["year", "month", "day"], 3, 0)?;
    let y = opt_int(vm, &y, 0)?;
    let m = opt_int(vm, &m, 0)?;
    let d = opt_int(vm, &d, 0)?;
    let d = check_date(y, m, d, vm)?;
    Ok(alloc(cls, Dt::Date(d)))
}

pub fn date_state(d: Ymd) -> Vec<u8> {
    vec![(d.y / 256) as u8, (d.y % 256) as u8, d.m as u8, d.d as u8]
}

pub fn iso_date(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.y, d.m, d.d)
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn ctime(d: Ymd, h: i64, mi: i64, s: i64) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {:04}",
        DAY_NAMES[weekday(d) as usize],
        MONTH_NAMES[(d.m - 1) as usize],
        d.d,
        h,
        mi,
        s,
        d.y
    )
}

/// `time.struct_time((y, m, d, hh, mm, ss, wday, yday, dst))`.
pub fn struct_time(vm: &mut Vm, d: Ymd, h: i64, mi: i64, s: i64, dst: i64) -> PyResult {
    let yday = ymd_to_ord(d) - ymd_to_ord(Ymd { y: d.y, m: 1, d: 1 }) + 1;
    let time = vm.import_module("time")?;
    let st = vm.getattr_str(&time, "struct_time")?;
    let items: Vec<Value> = [d.y, d.m, d.d, h, mi, s, weekday(d), yday, dst]
        .iter()
        .map(|x| from_i64(*x))
        .collect();
    vm.call(&st, &[new_tuple(items)], &[])
}

/// (ISO year, week, weekday).
pub fn isocalendar(d: Ymd) -> (i64, i64, i64) {
    let mut year = d.y;
    let mut monday = iso_week1_monday(year);
    let today = ymd_to_ord(d);
    let (mut week, mut day) = (
        (today - monday).div_euclid(7),
        (today - monday).rem_euclid(7),
    );
    if week < 0 {
        year -= 1;
        monday = iso_week1_monday(year);
        week = (today - monday).div_euclid(7);
        day = (today - monday).rem_euclid(7);
    } else if week >= 52 && today >= iso_week1_monday(year + 1) {
        year += 1;
        week = 0;
    }
    (year, week + 1, day + 1)
}

/// The date of an ISO (year, week, weekday), or the ValueError's message.
pub fn iso_to_ymd(year: i64, week: i64, day: i64) -> Result<Ymd, String> {
    if !(super::MINYEAR..=super::MAXYEAR).contains(&year) {
        return Err(format!("Year is out of range: {year}"));
    }
    if !(1..53).contains(&week) {
        let mut ok = false;
        if week == 53 {
            let first = ymd_to_ord(Ymd {
                y: year,
                m: 1,
                d: 1,
            }) % 7;
            ok = first == 4 || (first == 3 && super::is_leap(year));
        }
        if !ok {
            return Err(format!("Invalid week: {week}"));
        }
    }
    if !(1..8).contains(&day) {
        return Err(format!("Invalid weekday: {day} (range is [1, 7])"));
    }
    let n = iso_week1_monday(year) + (week - 1) * 7 + day - 1;
    if !(1..=super::MAXORDINAL).contains(&n) {
        return Err(format!(
            "year {} is out of range",
            if n < 1 { 0 } else { 10000 }
        ));
    }
    Ok(ord_to_ymd(n))
}

pub fn from_isocalendar_plain(year: i64, week: i64, day: i64) -> Option<Ymd> {
    iso_to_ymd(year, week, day).ok()
}

pub fn from_isocalendar(vm: &Vm, year: i64, week: i64, day: i64) -> PyResult<Ymd> {
    iso_to_ymd(year, week, day).map_err(|m| vm.value_error(m))
}

/// Dates compare with any date, a datetime's date part included (what
/// `date.__eq__(a_datetime)` shows; `datetime` overrides the operators).
fn compare(_vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    match (a.first().and_then(as_date), a.get(1).and_then(as_date)) {
        (Some(x), Some(y)) => Ok(cmp_result(x.cmp(&y), op)),
        _ => Ok(not_implemented()),
    }
}

fn add(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__add__", a, k)?;
    match (dt_of(&a[0]), as_delta(y)) {
        (Some(Dt::Date(d)), Some(delta)) => {
            let d = add_days(vm, *d, delta.days)?;
            new_date_for(vm, &a[0].class(), d)
        }
        _ => Ok(not_implemented()),
    }
}

fn sub(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let y = one_arg(vm, "__sub__", a, k)?;
    let Some(Dt::Date(d)) = dt_of(&a[0]) else {
        return Ok(not_implemented());
    };
    if let Some(delta) = as_delta(y) {
        let d = add_days(vm, *d, -delta.days)?;
        return new_date_for(vm, &a[0].class(), d);
    }
    if let Some(Dt::Date(other)) = dt_of(y) {
        return Ok(new_delta_value(super::Delta {
            days: ymd_to_ord(*d) - ymd_to_ord(*other),
            secs: 0,
            us: 0,
        }));
    }
    Ok(not_implemented())
}

/// `__format__`: `strftime(fmt)`, or `str(self)` for an empty format.
pub fn dunder_format(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let f = one_arg(vm, "__format__", a, k)?;
    let Some(s) = as_str(f) else {
        return Err(vm.type_error(format!("must be str, not {}", f.type_data().name)));
    };
    if s.is_empty() {
        return vm.str_value(&a[0]);
    }
    vm.call_method(&a[0], "strftime", std::slice::from_ref(f))
}

/// `today()`: `cls.fromtimestamp(time.time())`.
fn today(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_args(vm, "today", a, k)?;
    let time = vm.import_module("time")?;
    let now = vm.getattr_str(&time, "time")?;
    let now = vm.call(&now, &[], &[])?;
    let f = vm.getattr_str(&a[0], "fromtimestamp")?;
    vm.call(&f, &[now], &[])
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = vec![
        ("__init__", init_ignored),
        ("__repr__", |vm, a, k| {
            no_args(vm, "__repr__", a, k)?;
            let d = this(a);
            Ok(new_string(format!(
                "{}({}, {}, {})",
                repr_name(&a[0]),
                d.y,
                d.m,
                d.d
            )))
        }),
        ("__str__", |vm, a, k| {
            no_args(vm, "__str__", a, k)?;
            vm.call_method(&a[0], "isoformat", &[])
        }),
        ("isoformat", |vm, a, k| {
            no_args(vm, "isoformat", a, k)?;
            Ok(new_string(iso_date(this(a))))
        }),
        ("__format__", dunder_format),
        ("__hash__", |vm, a, k| {
            no_args(vm, "__hash__", a, k)?;
            Ok(from_i64(crate::objects::str::hash_bytes(&date_state(
                this(a),
            ))))
        }),
        ("__add__", add),
        ("__radd__", add),
        ("__sub__", sub),
        ("__reduce__", |vm, a, k| {
            no_args(vm, "__reduce__", a, k)?;
            Ok(new_tuple(vec![
                a[0].class(),
                new_tuple(vec![new_bytes(date_state(this(a)))]),
            ]))
        }),
        ("ctime", |vm, a, k| {
            no_args(vm, "ctime", a, k)?;
            Ok(new_string(ctime(this(a), 0, 0, 0)))
        }),
        ("strftime", |vm, a, k| {
            let [f] = parse_args(vm, "strftime", &a[1..], k, ["format"], 1, 0)?;
            let f = f.expect("required");
            let tt = vm.call_method(&a[0], "timetuple", &[])?;
            super::format::wrap_strftime(vm, &a[0], &f, &tt)
        }),
        ("timetuple", |vm, a, k| {
            no_args(vm, "timetuple", a, k)?;
            struct_time(vm, this(a), 0, 0, 0, -1)
        }),
        ("isocalendar", |vm, a, k| {
            no_args(vm, "isocalendar", a, k)?;
            let (y, w, d) = isocalendar(this(a));
            new_isocal(vm, y, w, d)
        }),
        ("isoweekday", |vm, a, k| {
            no_args(vm, "isoweekday", a, k)?;
            Ok(from_i64(weekday(this(a)) + 1))
        }),
        ("weekday", |vm, a, k| {
            no_args(vm, "weekday", a, k)?;
            Ok(from_i64(weekday(this(a))))
        }),
        ("toordinal", |vm, a, k| {
            no_args(vm, "toordinal", a, k)?;
            Ok(from_i64(ymd_to_ord(this(a))))
        }),
        ("replace", |vm, a, k| {
            let [y, m, d] = parse_args(vm, "replace", &a[1..], k, ["year", "month", "day"], 0, 0)?;
            let cur = this(a);
            let y = opt_int(vm, &y, cur.y)?;
            let m = opt_int(vm, &m, cur.m)?;
            let d = opt_int(vm, &d, cur.d)?;
            let d = check_date(y, m, d, vm)?;
            Ok(alloc(&a[0].class(), Dt::Date(d)))
        }),
    ];
    m.extend(crate::dt_compare_methods!(compare));
    m
}

fn fromtimestamp(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let t = one_arg(vm, "fromtimestamp", a, k)?;
    let (secs, _) = super::date_time::timestamp_parts(vm, t, true)?;
    let tm = super::date_time::broken_down(vm, secs, true)?;
    new_date_for(vm, &a[0], tm.0)
}

fn fromordinal(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let n = one_arg(vm, "fromordinal", a, k)?;
    let n = int_field(vm, n)?;
    if n < 1 {
        return Err(vm.value_error("ordinal must be >= 1"));
    }
    if n > super::MAXORDINAL {
        return Err(vm.value_error(format!("year {} is out of range", 10000)));
    }
    new_date_for(vm, &a[0], ord_to_ymd(n))
}

fn fromisoformat(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = one_arg(vm, "fromisoformat", a, k)?;
    let Some(text) = as_str(s) else {
        return Err(vm.type_error(format!(
            "fromisoformat: argument must be str, not {}",
            s.type_data().name
        )));
    };
    let d = super::format::parse_iso_date_only(text)
        .ok_or_else(|| super::format::invalid_iso(vm, s))?;
    let d = check_date(d.0, d.1, d.2, vm)?;
    new_date_for(vm, &a[0], d)
}

fn fromisocalendar(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [y, w, d] = parse_args(
        vm,
        "fromisocalendar",
        &a[1..],
        k,
        ["year", "week", "day"],
        3,
        0,
    )?;
    let y = opt_int(vm, &y, 0)?;
    let w = opt_int(vm, &w, 0)?;
    let d = opt_int(vm, &d, 0)?;
    let date = from_isocalendar(vm, y, w, d)?;
    new_date_for(vm, &a[0], date)
}

pub fn register() {
    let t = dt_types();
    let date = |y, m, d| alloc(&t.date, Dt::Date(Ymd { y, m, d }));
    fill_type(
        &t.date,
        "datetime.date",
        &methods(),
        vec![
            ("__new__", staticmethod("__new__", date_new)),
            ("year", getter("year", |_, a, _| Ok(from_i64(this(a).y)))),
            ("month", getter("month", |_, a, _| Ok(from_i64(this(a).m)))),
            ("day", getter("day", |_, a, _| Ok(from_i64(this(a).d)))),
            ("fromtimestamp", classmethod("fromtimestamp", fromtimestamp)),
            ("fromordinal", classmethod("fromordinal", fromordinal)),
            ("fromisoformat", classmethod("fromisoformat", fromisoformat)),
            (
                "fromisocalendar",
                classmethod("fromisocalendar", fromisocalendar),
            ),
            ("today", classmethod("today", today)),
            ("min", date(1, 1, 1)),
            ("max", date(9999, 12, 31)),
            (
                "resolution",
                new_delta_value(super::Delta {
                    days: 1,
                    secs: 0,
                    us: 0,
                }),
            ),
        ],
    );
}

// ----- IsoCalendarDate -----

fn isocal_field(a: &[Value], i: usize) -> Value {
    a.first()
        .and_then(|v| v.downcast::<TupleData>())
        .and_then(|t| t.items.get(i).cloned())
        .unwrap_or_else(|| types().none.clone())
}

/// The `IsoCalendarDate` class: a tuple subclass with named fields.
pub fn isocal_type(module_name: &Value) -> Value {
    let t = types();
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", module_name.clone());
    let ty =
        crate::object::types::new_class(&t.type_, "IsoCalendarDate", vec![t.tuple.clone()], ns)
            .expect("a tuple subclass");
    let methods: &[(&'static str, NativeFn)] = &[
        ("__repr__", |vm, a, k| {
            no_args(vm, "__repr__", a, k)?;
            let (y, w, d) = (isocal_field(a, 0), isocal_field(a, 1), isocal_field(a, 2));
            let (y, w, d) = (
                vm.repr_string(&y)?,
                vm.repr_string(&w)?,
                vm.repr_string(&d)?,
            );
            Ok(new_string(format!(
                "{}(year={}, week={}, weekday={})",
                if a[0].is_exact(&dt_types().isocal) {
                    "datetime.IsoCalendarDate".to_string()
                } else {
                    a[0].type_data().name.clone()
                },
                y,
                w,
                d
            )))
        }),
        ("__reduce__", |vm, a, k| {
            no_args(vm, "__reduce__", a, k)?;
            let items = a[0]
                .downcast::<TupleData>()
                .map(|t| t.items.to_vec())
                .unwrap_or_default();
            Ok(new_tuple(vec![
                types().tuple.clone(),
                new_tuple(vec![new_tuple(items)]),
            ]))
        }),
    ];
    crate::objects::str_methods::add_methods(&ty, "datetime.IsoCalendarDate", methods);
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        staticmethod("__new__", |vm, a, k| {
            let [y, w, d] = parse_args(
                vm,
                "IsoCalendarDate",
                a.get(1..).unwrap_or(&[]),
                k,
                ["year", "week", "weekday"],
                3,
                0,
            )?;
            let items = vec![
                super::opt_value(&y),
                super::opt_value(&w),
                super::opt_value(&d),
            ];
            let cls = super::new_cls(vm, a, "IsoCalendarDate", &dt_types().isocal)?.clone();
            vm.builtin_subclass_new(&cls, &[new_tuple(items)], &[])
        }),
    );
    d.set_str("year", getter("year", |_, a, _| Ok(isocal_field(a, 0))));
    d.set_str("week", getter("week", |_, a, _| Ok(isocal_field(a, 1))));
    d.set_str(
        "weekday",
        getter("weekday", |_, a, _| Ok(isocal_field(a, 2))),
    );
    drop(d);
    ty
}

pub fn new_isocal(vm: &mut Vm, y: i64, w: i64, d: i64) -> PyResult {
    let ty = dt_types().isocal.clone();
    let items = vec![from_i64(y), from_i64(w), from_i64(d)];
    vm.builtin_subclass_new(&ty, &[new_tuple(items)], &[])
}
