//! The `time` module.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::builtins::check_args;
use crate::float::new_float;
use crate::function::NativeFn;
use crate::int::from_i64;
use crate::object::Value;
use crate::vm::Vm;

thread_local! {
    static START: Instant = Instant::now();
}

fn since_start() -> Duration {
    START.with(|s| s.elapsed())
}

pub fn make(_vm: &mut Vm) -> Value {
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
            Ok(crate::int::from_bigint(num_bigint::BigInt::from(
                d.as_nanos(),
            )))
        }),
        ("perf_counter", |_vm, _a, _| {
            Ok(new_float(since_start().as_secs_f64()))
        }),
        ("monotonic", |_vm, _a, _| {
            Ok(new_float(since_start().as_secs_f64()))
        }),
        ("process_time", |_vm, _a, _| {
            Ok(new_float(since_start().as_secs_f64()))
        }),
        ("perf_counter_ns", |_vm, _a, _| {
            Ok(from_i64(since_start().as_nanos() as i64))
        }),
        ("monotonic_ns", |_vm, _a, _| {
            Ok(from_i64(since_start().as_nanos() as i64))
        }),
        ("sleep", |vm, a, _| {
            check_args(vm, "sleep", a, 1, 1)?;
            let secs = crate::int::as_f64(&a[0]).ok_or_else(|| {
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    a[0].type_data().name
                ))
            })?;
            if secs < 0.0 {
                return Err(vm.value_error("sleep length must be non-negative"));
            }
            vm.flush_stdout();
            std::thread::sleep(Duration::from_secs_f64(secs));
            Ok(vm.none())
        }),
    ];
    super::make_module("time", funcs, vec![])
}
