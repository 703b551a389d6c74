//! `_signal`: signal numbers, handlers and their delivery.
//!
//! A signal with a Python handler (SIGINT's `default_int_handler` from the
//! start, as in CPython) is caught by [`on_signal`], which only records it
//! and sets the interpreter's work flag. The interpreter (and compiled
//! code, through it) runs the Python handler at its next call or loop
//! back-edge ([`run_handlers`]); what the handler raises, such as
//! `KeyboardInterrupt`, is raised there. SIG_DFL and SIG_IGN are applied
//! for real.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm};

crate::gil_local! {
    /// The handler last set for each signal, as Python values.
    static HANDLERS: RefCell<Vec<(i64, Value)>> = const { RefCell::new(Vec::new()) };
}

/// Signal numbers are below this.
const NSIG: usize = 65;

/// Which signals arrived and wait for their Python handler.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static ANY_TRIPPED: AtomicBool = AtomicBool::new(false);

/// The C-level handler of every signal that has a Python handler: records
/// the signal and wakes the interpreter. Async-signal-safe (atomic stores
/// only).
extern "C" fn on_signal(signum: libc::c_int) {
    if let Some(t) = usize::try_from(signum).ok().and_then(|i| TRIPPED.get(i)) {
        t.store(true, Ordering::Relaxed);
        ANY_TRIPPED.store(true, Ordering::Release);
        crate::object::finalize::wake();
    }
}

/// `_thread.interrupt_main(signum)`: as if `signum` had arrived (its
/// Python handler runs in the main thread); nothing when Python does not
/// handle it (SIG_IGN or SIG_DFL), as in CPython.
pub fn simulate(vm: &Vm, signum: i32) {
    if crate::builtins::is_callable(&handler_of(vm, i64::from(signum))) {
        on_signal(signum);
    }
}

/// In the child of a `fork()`: signals that arrived before the fork are
/// the parent's to handle (CPython's `_PySignal_AfterFork`).
pub fn clear_tripped() {
    for t in &TRIPPED {
        t.store(false, Ordering::Relaxed);
    }
    ANY_TRIPPED.store(false, Ordering::Release);
}

/// Routes `signum` to [`on_signal`], and lets the interpreter run the
/// handlers of the signals that arrive.
fn catch(signum: i32) {
    crate::object::finalize::set_signal_hook(crate::object::finalize::SignalHook {
        tripped: any_tripped,
        run_handlers,
    });
    // SAFETY: `on_signal` is async-signal-safe; the sigaction is fully
    // initialised (zeroed, with an empty mask).
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
        sa.sa_flags = libc::SA_ONSTACK;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(signum, &sa, std::ptr::null_mut());
    }
}

/// At start-up, as CPython: SIGINT raises `KeyboardInterrupt` (unless the
/// program was started with SIGINT ignored).
pub fn install_default_handlers() {
    // SAFETY: reading the current disposition has no preconditions.
    let ignored = unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old);
        old.sa_sigaction == libc::SIG_IGN
    };
    if !ignored {
        catch(libc::SIGINT);
    }
}

/// Whether a signal waits for its Python handler.
pub fn any_tripped() -> bool {
    ANY_TRIPPED.load(Ordering::Acquire)
}

/// Runs the Python handlers of the signals that arrived, lowest number
/// first, each called as `handler(signum, frame)`; stops at the first that
/// raises (the others stay pending).
pub fn run_handlers(vm: &mut Vm) -> PyResult<()> {
    // Only the main thread runs signal handlers (as CPython).
    if !crate::gil::is_main_thread() || !ANY_TRIPPED.swap(false, Ordering::Acquire) {
        return Ok(());
    }
    for (signum, tripped) in TRIPPED.iter().enumerate().skip(1) {
        if !tripped.swap(false, Ordering::Relaxed) {
            continue;
        }
        let handler = handler_of(vm, signum as i64);
        let r = if signum == libc::SIGINT as usize && !crate::builtins::is_callable(&handler) {
            // SIGINT before `signal` was imported: CPython's start-up
            // handler, `default_int_handler`.
            Err(keyboard_interrupt())
        } else if crate::builtins::is_callable(&handler) {
            crate::gil::note_python_ran();
            let frame = vm.frame_object(0).unwrap_or_else(|| vm.none());
            vm.call(&handler, &[from_i64(signum as i64), frame], &[])
                .map(drop)
        } else {
            Ok(())
        };
        if let Err(e) = r {
            if (signum + 1..NSIG).any(|s| TRIPPED[s].load(Ordering::Relaxed)) {
                ANY_TRIPPED.store(true, Ordering::Release);
            }
            return Err(e);
        }
    }
    Ok(())
}

impl Vm {
    /// Runs the Python handlers of signals that arrived, if any: for long
    /// loops in native code (`sum(range(10**10))`), which must stop at
    /// Ctrl-C as the interpreter's loops do. One atomic load when none did.
    #[inline]
    pub fn check_signals(&mut self) -> PyResult<()> {
        if any_tripped() {
            return run_handlers(self);
        }
        Ok(())
    }
}

/// `KeyboardInterrupt()`, what `default_int_handler` raises.
fn keyboard_interrupt() -> crate::vm::PyErr {
    crate::vm::PyErr::new(crate::objects::exceptions::new_exception(
        &types().exc.keyboard_interrupt,
        types().empty_tuple.clone(),
    ))
}

/// The Python handler set for `signum` (or its start-up default).
fn handler_of(vm: &Vm, signum: i64) -> Value {
    HANDLERS
        .with(|h| {
            h.borrow()
                .iter()
                .find(|(s, _)| *s == signum)
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_else(|| default_handler(vm, signum))
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

/// The handler of a signal Python has not set: SIG_IGN when the process
/// started with it ignored (as a background job starts with SIGINT), SIGINT's
/// `default_int_handler` otherwise, else SIG_DFL.
fn default_handler(vm: &Vm, signum: i64) -> Value {
    // SAFETY: reading the current disposition has no preconditions.
    let ignored = unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signum as libc::c_int, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    };
    if ignored {
        return from_i64(1);
    }
    if signum == i64::from(libc::SIGINT)
        && let Some(h) = vm
            .modules
            .downcast::<crate::objects::dict::DictData>()
            .and_then(|d| d.table.borrow().get_str("_signal"))
            .and_then(|m| {
                m.downcast::<crate::objects::module::ModuleData>()
                    .and_then(|md| {
                        md.dict
                            .downcast::<crate::objects::dict::DictData>()
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
            let old = handler_of(vm, signum);
            let handler = &a[1];
            let disposition = match handler.as_small() {
                Some(0) => Some(libc::SIG_DFL),
                Some(1) => Some(libc::SIG_IGN),
                _ => None,
            };
            match disposition {
                // SAFETY: installing SIG_DFL/SIG_IGN has no memory-safety preconditions.
                Some(d) => unsafe {
                    libc::signal(signum as i32, d);
                },
                None => {
                    if !crate::builtins::is_callable(handler) {
                        return Err(vm.type_error(
                            "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                        ));
                    }
                    if signum == i64::from(libc::SIGKILL) || signum == i64::from(libc::SIGSTOP) {
                        return Err(super::posix::os_error(vm, libc::EINVAL, None, None));
                    }
                    catch(signum as i32);
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
            if !(1..NSIG as i64).contains(&signum) {
                return Err(vm.value_error("signal number out of range"));
            }
            Ok(handler_of(vm, signum))
        }),
        (
            "default_int_handler",
            |_vm, _a, _| Err(keyboard_interrupt()),
        ),
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
            Ok(crate::objects::str::new_str(&s))
        }),
        ("raise_signal", |vm, a, _| {
            check_args(vm, "raise_signal", a, 1, 1)?;
            let n = vm.index_value(&a[0])? as i32;
            vm.flush_stdout();
            // SAFETY: raise has no memory-safety preconditions.
            unsafe { libc::raise(n) };
            run_handlers(vm)?;
            Ok(vm.none())
        }),
        ("alarm", |vm, a, _| {
            check_args(vm, "alarm", a, 1, 1)?;
            let secs = vm.c_int_arg(&a[0])?;
            // SAFETY: alarm has no memory-safety preconditions.
            let left = unsafe { libc::alarm(secs as libc::c_uint) };
            Ok(from_i64(i64::from(left)))
        }),
        ("valid_signals", |vm, _a, _| {
            let s = crate::objects::set::new_set(&types().set);
            for n in 1..65 {
                crate::objects::set::add(vm, &s, from_i64(n))?;
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
