//! The `time` module.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::object::Value;
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm};

pub fn make(vm: &mut Vm) -> Value {
    let m = make_basic();
    add_calendar(vm, &m);
    m
}

fn make_basic() -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("time", |_vm, _a, _| {
            let d = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            Ok(new_float(d.as_secs_f64()))
        }),
        ("time_ns", |_vm, _a, _| {
            let d = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            Ok(crate::objects::int::from_bigint(num_bigint::BigInt::from(
                d.as_nanos(),
            )))
        }),
        ("perf_counter", |_vm, _a, _| {
            Ok(clock_f64(libc::CLOCK_MONOTONIC))
        }),
        ("monotonic", |_vm, _a, _| {
            Ok(clock_f64(libc::CLOCK_MONOTONIC))
        }),
        ("process_time", |_vm, _a, _| {
            Ok(clock_f64(libc::CLOCK_PROCESS_CPUTIME_ID))
        }),
        ("thread_time", |_vm, _a, _| {
            Ok(clock_f64(libc::CLOCK_THREAD_CPUTIME_ID))
        }),
        ("perf_counter_ns", |_vm, _a, _| {
            Ok(from_i64(clock_ns(libc::CLOCK_MONOTONIC)))
        }),
        ("monotonic_ns", |_vm, _a, _| {
            Ok(from_i64(clock_ns(libc::CLOCK_MONOTONIC)))
        }),
        ("process_time_ns", |_vm, _a, _| {
            Ok(from_i64(clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)))
        }),
        ("thread_time_ns", |_vm, _a, _| {
            Ok(from_i64(clock_ns(libc::CLOCK_THREAD_CPUTIME_ID)))
        }),
        ("clock_gettime", |vm, a, _| {
            check_args(vm, "clock_gettime", a, 1, 1)?;
            let id = clock_id(vm, &a[0])?;
            Ok(new_float(clock_checked(vm, id)?.as_secs_f64()))
        }),
        ("clock_gettime_ns", |vm, a, _| {
            check_args(vm, "clock_gettime_ns", a, 1, 1)?;
            let id = clock_id(vm, &a[0])?;
            let d = clock_checked(vm, id)?;
            Ok(crate::objects::int::from_bigint(num_bigint::BigInt::from(
                d.as_nanos(),
            )))
        }),
        ("clock_getres", |vm, a, _| {
            check_args(vm, "clock_getres", a, 1, 1)?;
            let id = clock_id(vm, &a[0])?;
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: `ts` is a valid timespec to write.
            if unsafe { libc::clock_getres(id, &raw mut ts) } != 0 {
                return Err(super::socket::sock::errno_error(vm));
            }
            Ok(new_float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9))
        }),
        ("get_clock_info", |vm, a, _| {
            check_args(vm, "get_clock_info", a, 1, 1)?;
            let Some(name) = crate::objects::str::as_str(&a[0]) else {
                return Err(vm.type_error(format!(
                    "get_clock_info() argument 1 must be str, not {}",
                    a[0].type_data().name
                )));
            };
            let (id, implementation, monotonic, adjustable) = match name {
                "time" => (libc::CLOCK_REALTIME, "CLOCK_REALTIME", false, true),
                "monotonic" | "perf_counter" => {
                    (libc::CLOCK_MONOTONIC, "CLOCK_MONOTONIC", true, false)
                }
                "process_time" => (
                    libc::CLOCK_PROCESS_CPUTIME_ID,
                    "CLOCK_PROCESS_CPUTIME_ID",
                    true,
                    false,
                ),
                "thread_time" => (
                    libc::CLOCK_THREAD_CPUTIME_ID,
                    "CLOCK_THREAD_CPUTIME_ID",
                    true,
                    false,
                ),
                _ => return Err(vm.value_error("unknown clock")),
            };
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: `ts` is a valid timespec to write.
            let resolution = if unsafe { libc::clock_getres(id, &raw mut ts) } == 0 {
                ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
            } else {
                1e-9
            };
            Ok(crate::objects::namespace::new_namespace(vec![
                (
                    "implementation",
                    crate::objects::str::new_str(&format!("clock_gettime({implementation})")),
                ),
                ("monotonic", crate::vm::py_bool(monotonic)),
                ("adjustable", crate::vm::py_bool(adjustable)),
                ("resolution", new_float(resolution)),
            ]))
        }),
        ("sleep", |vm, a, _| {
            check_args(vm, "sleep", a, 1, 1)?;
            let secs = crate::objects::int::as_f64(&a[0]).ok_or_else(|| {
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    a[0].type_data().name
                ))
            })?;
            if secs < 0.0 {
                return Err(vm.value_error("sleep length must be non-negative"));
            }
            vm.flush_stdout();
            sleep_interruptibly(vm, Duration::from_secs_f64(secs))?;
            Ok(vm.none())
        }),
    ];
    let clocks = [
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_TAI", libc::CLOCK_TAI),
    ];
    let values = clocks
        .iter()
        .map(|(n, id)| (*n, from_i64(i64::from(*id))))
        .collect();
    super::make_module("time", funcs, values)
}

/// The reading of a clock that cannot fail (the ids are the ones Linux has).
fn read_clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write.
    unsafe { libc::clock_gettime(id, &raw mut ts) };
    Duration::new(
        ts.tv_sec.max(0) as u64,
        ts.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

fn clock_f64(id: libc::clockid_t) -> Value {
    new_float(read_clock(id).as_secs_f64())
}

fn clock_ns(id: libc::clockid_t) -> i64 {
    read_clock(id).as_nanos() as i64
}

/// `clock_gettime(id)` for an id from Python: OSError (EINVAL) if unknown.
fn clock_checked(vm: &mut Vm, id: libc::clockid_t) -> PyResult<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write.
    if unsafe { libc::clock_gettime(id, &raw mut ts) } != 0 {
        return Err(super::socket::sock::errno_error(vm));
    }
    Ok(Duration::new(
        ts.tv_sec.max(0) as u64,
        ts.tv_nsec.clamp(0, 999_999_999) as u32,
    ))
}

fn clock_id(vm: &mut Vm, v: &Value) -> PyResult<libc::clockid_t> {
    let i = crate::objects::int::to_i64(v).ok_or_else(|| {
        vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_data().name
        ))
    })?;
    libc::clockid_t::try_from(i).map_err(|_| vm.overflow_error("clock id out of range"))
}

// ----- calendar time (localtime, gmtime, mktime, strftime) -----

crate::gil_local! {
    static STRUCT_TIME: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn struct_time_type(vm: &mut Vm) -> Value {
    if let Some(t) = STRUCT_TIME.with(|s| s.borrow().clone()) {
        return t;
    }
    let t = crate::objects::structseq::new_type(
        vm,
        "time",
        "struct_time",
        &[
            "tm_year",
            "tm_mon",
            "tm_mday",
            "tm_hour",
            "tm_min",
            "tm_sec",
            "tm_wday",
            "tm_yday",
            "tm_isdst",
            "tm_zone",
            "tm_gmtoff",
        ],
        9,
    );
    STRUCT_TIME.with(|s| *s.borrow_mut() = Some(t.clone()));
    t
}

fn tm_to_value(vm: &mut Vm, tm: &libc::tm) -> PyResult {
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: tm_zone points to a NUL-terminated string owned by libc.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let values = vec![
        from_i64(i64::from(tm.tm_year) + 1900),
        from_i64(i64::from(tm.tm_mon) + 1),
        from_i64(i64::from(tm.tm_mday)),
        from_i64(i64::from(tm.tm_hour)),
        from_i64(i64::from(tm.tm_min)),
        from_i64(i64::from(tm.tm_sec)),
        from_i64((i64::from(tm.tm_wday) + 6) % 7),
        from_i64(i64::from(tm.tm_yday) + 1),
        from_i64(i64::from(tm.tm_isdst)),
        crate::objects::str::new_str(&zone),
        from_i64(tm.tm_gmtoff),
    ];
    let ty = struct_time_type(vm);
    crate::objects::structseq::new_value(vm, &ty, values)
}

fn secs_arg(vm: &mut Vm, a: &[Value]) -> PyResult<libc::time_t> {
    match a
        .first()
        .filter(|v| !v.is(&crate::object::types::types().none))
    {
        None => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as libc::time_t)),
        Some(v) => {
            let f = crate::objects::float::float_of(v)
                .or_else(|| crate::objects::int::as_f64(v))
                .ok_or_else(|| vm.type_error("an integer is required"))?;
            if !f.is_finite() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            Ok(f.floor() as libc::time_t)
        }
    }
}

fn convert(vm: &mut Vm, a: &[Value], local: bool) -> PyResult {
    let t = secs_arg(vm, a)?;
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
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    tm_to_value(vm, &tm)
}

/// A struct_time (or 9-tuple) as a libc tm.
fn value_to_tm(vm: &mut Vm, v: &Value) -> PyResult<libc::tm> {
    let items = vm.iterate(v)?;
    if items.len() < 9 {
        return Err(vm.type_error("function takes exactly 9 arguments"));
    }
    let mut n = [0i64; 9];
    for (i, x) in items.iter().take(9).enumerate() {
        n[i] = vm.index_value(x)?;
    }
    // SAFETY: an all-zero tm is a valid value to fill in.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = (n[0] - 1900) as i32;
    tm.tm_mon = (n[1] - 1) as i32;
    tm.tm_mday = n[2] as i32;
    tm.tm_hour = n[3] as i32;
    tm.tm_min = n[4] as i32;
    tm.tm_sec = n[5] as i32;
    tm.tm_wday = ((n[6] + 1) % 7) as i32;
    tm.tm_yday = (n[7] - 1) as i32;
    tm.tm_isdst = n[8] as i32;
    Ok(tm)
}

fn strftime(vm: &mut Vm, a: &[Value]) -> PyResult {
    check_args(vm, "strftime", a, 1, 2)?;
    let fmt = crate::interp::str_of(&a[0]);
    let tm = match a.get(1) {
        Some(t) => value_to_tm(vm, t)?,
        None => {
            let now = convert(vm, &[], true)?;
            value_to_tm(vm, &now)?
        }
    };
    let c = std::ffi::CString::new(fmt.clone())
        .map_err(|_| vm.value_error("embedded null character"))?;
    let mut cap = 256.max(fmt.len() * 8);
    loop {
        let mut buf = vec![0u8; cap];
        // SAFETY: buf has `cap` writable bytes; c and tm are valid.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), cap, c.as_ptr(), &tm) };
        if n > 0 || fmt.is_empty() || cap > 1 << 20 {
            buf.truncate(n);
            return Ok(crate::objects::str::new_str(&String::from_utf8_lossy(&buf)));
        }
        cap *= 4;
    }
}

pub fn add_calendar(vm: &mut Vm, m: &Value) {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("localtime", |vm, a, _| convert(vm, a, true)),
        ("gmtime", |vm, a, _| convert(vm, a, false)),
        ("mktime", |vm, a, _| {
            check_args(vm, "mktime", a, 1, 1)?;
            let mut tm = value_to_tm(vm, &a[0])?;
            // SAFETY: tm is a valid struct for mktime to normalise.
            let t = unsafe { libc::mktime(&mut tm) };
            if t == -1 && tm.tm_wday == -1 {
                return Err(vm.overflow_error("mktime argument out of range"));
            }
            Ok(crate::objects::float::new_float(t as f64))
        }),
        ("strftime", |vm, a, _| strftime(vm, a)),
        ("asctime", |vm, a, _| {
            let t = match a.first() {
                Some(t) => t.clone(),
                None => convert(vm, &[], true)?,
            };
            strftime(
                vm,
                &[crate::objects::str::new_str("%a %b %d %H:%M:%S %Y"), t],
            )
            .map(|s| {
                // CPython pads the day with a space, not a zero.
                let text = crate::interp::str_of(&s);
                let fixed = if text.as_bytes().get(8) == Some(&b'0') {
                    format!("{} {}", &text[..8], &text[9..])
                } else {
                    text
                };
                crate::objects::str::new_str(&fixed)
            })
        }),
        ("ctime", |vm, a, _| {
            let t = convert(vm, a, true)?;
            let time = vm.import_module("time")?;
            let f = vm.getattr_str(&time, "asctime")?;
            vm.call(&f, &[t], &[])
        }),
    ];
    for (n, f) in funcs {
        let _ = vm.setattr_str(m, n, crate::objects::function::new_builtin(n, *f));
    }
    let st = struct_time_type(vm);
    let _ = vm.setattr_str(m, "struct_time", st);
    // The fields of struct_time (with tm_zone and tm_gmtoff), as CPython
    // exposes them for its tests.
    let _ = vm.setattr_str(m, "_STRUCT_TM_ITEMS", from_i64(11));
    let tzset: NativeFn = |vm, a, _| {
        check_args(vm, "tzset", a, 0, 0)?;
        let m = vm.import_module("time")?;
        set_zone(vm, &m);
        Ok(vm.none())
    };
    let _ = vm.setattr_str(
        m,
        "tzset",
        crate::objects::function::new_builtin("tzset", tzset),
    );
    set_zone(vm, m);
}

/// Reads TZ again (libc's `tzset`; `localtime_r` does not by itself) and
/// sets `timezone`, `altzone`, `daylight` and `tzname` as CPython's
/// `init_timezone` does: from the offsets of January and July this year.
fn set_zone(vm: &mut Vm, m: &Value) {
    unsafe extern "C" {
        fn tzset();
    }
    // SAFETY: tzset has no preconditions.
    unsafe { tzset() };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as libc::time_t);
    let probe = |t: libc::time_t| -> (i64, String) {
        // SAFETY: an all-zero tm is a valid value to be overwritten.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid for the call.
        if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
            return (0, "UTC".into());
        }
        let zone = if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: tm_zone points to a NUL-terminated string owned by libc.
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned()
        };
        (-tm.tm_gmtoff, zone)
    };
    // January 1st and July 1st of this year (near enough: the year starts
    // within 366 days before now).
    const YEAR: libc::time_t = 365 * 24 * 3600;
    let jan_start = {
        // SAFETY: as above.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid for the call.
        unsafe { libc::gmtime_r(&now, &mut tm) };
        now - libc::time_t::from(tm.tm_yday) * 24 * 3600
    };
    let (jan, jan_name) = probe(jan_start);
    let (july, july_name) = probe(jan_start + YEAR / 2);
    let (tz, alt, names) = if jan < july {
        (july, jan, (july_name, jan_name))
    } else {
        (jan, july, (jan_name, july_name))
    };
    let _ = vm.setattr_str(m, "timezone", from_i64(tz));
    let _ = vm.setattr_str(m, "altzone", from_i64(alt));
    let _ = vm.setattr_str(m, "daylight", from_i64(i64::from(jan != july)));
    let tzname = crate::objects::tuple::new_tuple(vec![
        crate::objects::str::new_str(&names.0),
        crate::objects::str::new_str(&names.1),
    ]);
    let _ = vm.setattr_str(m, "tzname", tzname);
}

/// Sleeps for `d`. A signal that arrives meanwhile has its Python handler
/// run at once; if that raises (`KeyboardInterrupt`), so does the sleep,
/// otherwise the sleep goes on for what is left (PEP 475).
fn sleep_interruptibly(vm: &mut Vm, d: Duration) -> PyResult<()> {
    let deadline = std::time::Instant::now() + d;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        let ts = libc::timespec {
            tv_sec: left.as_secs().min(libc::time_t::MAX as u64) as libc::time_t,
            tv_nsec: libc::c_long::from(left.subsec_nanos() as i32),
        };
        // SAFETY: `ts` is a valid timespec; no remainder is asked for.
        // Other threads run meanwhile.
        let r = vm.allow_threads(|| unsafe { libc::nanosleep(&ts, std::ptr::null_mut()) });
        if r == 0 {
            return Ok(());
        }
        super::signal::run_handlers(vm)?;
    }
}
