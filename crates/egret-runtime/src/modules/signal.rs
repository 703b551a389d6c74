//! `_signal`: signal numbers and handler bookkeeping. egret does not run
//! Python signal handlers yet: installing a Python function as a handler
//! raises NotImplementedError; SIG_DFL and SIG_IGN are applied for real.

use std::cell::RefCell;

use crate::builtins::check_args;
use crate::function::NativeFn;
use crate::int::from_i64;
use crate::object::Value;
use crate::types::types;
use crate::vm::Vm;

thread_local! {
    /// The handler last set for each signal, as Python values.
    static HANDLERS: RefCell<Vec<(i64, Value)>> = const { RefCell::new(Vec::new()) };
}

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
];

fn default_handler(vm: &Vm, signum: i64) -> Value {
    if signum == i64::from(libc::SIGINT)
        && let Some(h) = vm
            .modules
            .downcast::<crate::dict::DictData>()
            .and_then(|d| d.table.borrow().get_str("_signal"))
            .and_then(|m| {
                m.downcast::<crate::module::ModuleData>().and_then(|md| {
                    md.dict
                        .downcast::<crate::dict::DictData>()
                        .and_then(|d| d.table.borrow().get_str("default_int_handler"))
                })
            })
    {
        return h;
    }
    from_i64(0)
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("signal", |vm, a, _| {
            check_args(vm, "signal", a, 2, 2)?;
            let signum = vm.index_value(&a[0])?;
            if !(1..65).contains(&signum) {
                return Err(vm.value_error("signal number out of range"));
            }
            let old = HANDLERS
                .with(|h| {
                    h.borrow()
                        .iter()
                        .find(|(s, _)| *s == signum)
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or_else(|| default_handler(vm, signum));
            let handler = &a[1];
            let disposition = match handler.as_small() {
                Some(0) => Some(libc::SIG_DFL),
                Some(1) => Some(libc::SIG_IGN),
                _ => None,
            };
            let is_default_int = crate::builtins::is_callable(handler)
                && vm
                    .repr_string(handler)
                    .is_ok_and(|r| r.contains("default_int_handler"));
            match disposition {
                // SAFETY: installing SIG_DFL/SIG_IGN has no memory-safety preconditions.
                Some(d) => unsafe {
                    libc::signal(signum as i32, d);
                },
                None if is_default_int => {}
                None => {
                    if !crate::builtins::is_callable(handler) {
                        return Err(vm.type_error(
                            "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                        ));
                    }
                    return Err(vm.err(
                        &types().exc.not_implemented_error,
                        "Python signal handlers are not supported by egret yet",
                    ));
                }
            }
            HANDLERS.with(|h| {
                let mut h = h.borrow_mut();
                h.retain(|(s, _)| *s != signum);
                h.push((signum, handler.clone()));
            });
            Ok(old)
        }),
        ("getsignal", |vm, a, _| {
            check_args(vm, "getsignal", a, 1, 1)?;
            let signum = vm.index_value(&a[0])?;
            Ok(HANDLERS
                .with(|h| {
                    h.borrow()
                        .iter()
                        .find(|(s, _)| *s == signum)
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or_else(|| default_handler(vm, signum)))
        }),
        ("default_int_handler", |vm, _a, _| {
            Err(vm.err(&types().exc.keyboard_interrupt, ""))
        }),
        ("strsignal", |vm, a, _| {
            check_args(vm, "strsignal", a, 1, 1)?;
            let n = vm.index_value(&a[0])? as i32;
            // SAFETY: strsignal returns a pointer to a static string (or null).
            let p = unsafe { libc::strsignal(n) };
            if p.is_null() {
                return Ok(vm.none());
            }
            // SAFETY: non-null, NUL-terminated.
            let s = unsafe { std::ffi::CStr::from_ptr(p) }
                .to_string_lossy()
                .into_owned();
            Ok(crate::str::new_str(&s))
        }),
        ("raise_signal", |vm, a, _| {
            check_args(vm, "raise_signal", a, 1, 1)?;
            let n = vm.index_value(&a[0])? as i32;
            vm.flush_stdout();
            // SAFETY: raise has no memory-safety preconditions.
            unsafe { libc::raise(n) };
            Ok(vm.none())
        }),
        ("valid_signals", |vm, _a, _| {
            let s = crate::set::new_set(&types().set);
            for n in 1..65 {
                crate::set::add(vm, &s, from_i64(n))?;
            }
            Ok(s)
        }),
    ];
    let mut values: Vec<(&str, Value)> = SIGNALS
        .iter()
        .map(|(n, v)| (*n, from_i64(i64::from(*v))))
        .collect();
    values.push(("SIG_DFL", from_i64(0)));
    values.push(("SIG_IGN", from_i64(1)));
    values.push(("NSIG", from_i64(65)));
    super::make_module("_signal", funcs, values)
}
