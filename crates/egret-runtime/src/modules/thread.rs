//! `_thread`: OS threads running Python behind the GIL (see `gil.rs`), and
//! locks whose waits let other threads run.
//!
//! `_local` is not provided: `threading` then uses its Python version
//! (`_threading_local.local`), as it does on CPython builds without it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::new_str;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

/// The largest timeout a lock wait takes, in seconds (CPython's value on
/// Linux, where it is bounded by `PY_TIMEOUT_MAX`).
const TIMEOUT_MAX: f64 = 9_223_372_036.0;

/// The native stack of a new thread when `stack_size()` was not set:
/// Python recursion up to the default limit must fit (the main thread has
/// far more).
const DEFAULT_STACK: usize = 64 << 20;

/// `_thread.stack_size()`: 0 means the default.
static STACK_SIZE: AtomicUsize = AtomicUsize::new(0);

/// A lock any thread may release, waited for without the GIL.
pub struct RawLock {
    locked: Mutex<bool>,
    freed: Condvar,
}

impl RawLock {
    pub(crate) fn new() -> RawLock {
        RawLock {
            locked: Mutex::new(false),
            freed: Condvar::new(),
        }
    }

    pub(crate) fn try_acquire(&self) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        if *l {
            false
        } else {
            *l = true;
            true
        }
    }

    /// Waits (without taking it) until the lock is free (true) or `until`
    /// passes (false). The lock is then taken with the GIL held: a thread
    /// that releases a lock and goes on (with the GIL) sees no other
    /// thread take it meanwhile, as in CPython where the wake-up is slower
    /// than the releasing thread (`Thread._stop` asserts on this).
    fn wait_free_until(&self, until: Option<Instant>) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        while *l {
            match until {
                None => l = self.freed.wait(l).unwrap_or_else(|e| e.into_inner()),
                Some(t) => {
                    let left = t.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return false;
                    }
                    l = self
                        .freed
                        .wait_timeout(l, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        true
    }

    /// False if it was not locked.
    pub(crate) fn release(&self) -> bool {
        let mut l = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        if !*l {
            return false;
        }
        *l = false;
        drop(l);
        self.freed.notify_all();
        true
    }

    fn is_locked(&self) -> bool {
        *self.locked.lock().unwrap_or_else(|e| e.into_inner())
    }
}

crate::gil_local! {
    static LOCK_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    static RLOCK_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    static HOOK_ARGS: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    /// The `_set_sentinel` locks of running threads, by thread: released
    /// when the thread ends (what `Thread.join` waits for).
    static SENTINELS: std::cell::RefCell<Vec<(u64, Arc<RawLock>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn lock_type() -> Value {
    if let Some(t) = LOCK_TYPE.with(|t| t.borrow().clone()) {
        return t;
    }
    let ty = native_type("_thread.lock");
    crate::objects::native::allow_weakrefs(&ty);
    crate::objects::str_methods::add_methods(&ty, "lock", LOCK_METHODS);
    LOCK_TYPE.with(|t| *t.borrow_mut() = Some(ty.clone()));
    ty
}

fn new_lock_with(raw: Arc<RawLock>) -> Value {
    new_native(&lock_type(), raw)
}

/// A new, unlocked `_thread.lock`.
fn new_lock() -> Value {
    new_lock_with(Arc::new(RawLock::new()))
}

fn raw_of(vm: &Vm, v: &Value) -> PyResult<Arc<RawLock>> {
    with_state(vm, v, "_thread.lock", |l: &mut Arc<RawLock>| l.clone())
}

/// How long to wait in one piece on the main thread before looking for
/// signals (whose handlers, such as SIGINT's, may need to interrupt it).
const SIGNAL_POLL: Duration = Duration::from_millis(20);

/// Takes `raw`, waiting (without the GIL) until `until` at the latest.
/// On the main thread the wait is cut in pieces so that signal handlers
/// run, and may raise, while it waits.
pub(crate) fn acquire_raw(
    vm: &mut Vm,
    raw: &Arc<RawLock>,
    until: Option<Instant>,
) -> PyResult<bool> {
    if raw.try_acquire() {
        return Ok(true);
    }
    loop {
        let main = crate::gil::is_main_thread();
        let piece = if main {
            let cut = Instant::now() + SIGNAL_POLL;
            Some(until.map_or(cut, |u| u.min(cut)))
        } else {
            until
        };
        if vm.allow_threads(|| raw.wait_free_until(piece)) && raw.try_acquire() {
            return Ok(true);
        }
        if until.is_some_and(|u| Instant::now() >= u) {
            return Ok(false);
        }
        if main && super::signal::any_tripped() {
            super::signal::run_handlers(vm)?;
        }
    }
}

/// `acquire(blocking=True, timeout=-1)`'s arguments: None to try once,
/// otherwise the deadline (None: forever).
fn acquire_args(
    vm: &mut Vm,
    a: &[Value],
    k: &[(Value, Value)],
) -> PyResult<Option<Option<Instant>>> {
    if a.len() > 3 {
        return Err(vm.type_error(format!(
            "acquire() takes at most 2 arguments ({} given)",
            a.len() - 1
        )));
    }
    for (key, _) in k {
        let key = crate::objects::str::as_str(key).unwrap_or_default();
        if key != "blocking" && key != "timeout" {
            return Err(vm.type_error(format!(
                "'{key}' is an invalid keyword argument for acquire()"
            )));
        }
    }
    // As CPython, `blocking` is read as an int (a bool is one).
    let blocking = match a.get(1).cloned().or_else(|| kwarg(k, "blocking")) {
        Some(b) => vm.index_value(&b)? != 0,
        None => true,
    };
    let timeout = match a.get(2).cloned().or_else(|| kwarg(k, "timeout")) {
        Some(t) => {
            match crate::objects::float::float_of(&t).or_else(|| crate::objects::int::as_f64(&t)) {
                Some(f) => f,
                None => {
                    return Err(vm.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        t.type_data().name
                    )));
                }
            }
        }
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be positive"));
    }
    // Beyond what a nanosecond count holds, CPython's time conversion
    // fails first; beyond TIMEOUT_MAX, the lock's check.
    if timeout >= 9_223_372_036.854_775 {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    if timeout > TIMEOUT_MAX {
        return Err(vm.overflow_error("timeout value is too large"));
    }
    if !blocking {
        return Ok(None);
    }
    if timeout == -1.0 {
        return Ok(Some(None));
    }
    Ok(Some(Some(
        Instant::now() + Duration::from_secs_f64(timeout),
    )))
}

fn lock_acquire(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    let raw = raw_of(vm, &a[0])?;
    let got = match acquire_args(vm, a, k)? {
        None => raw.try_acquire(),
        Some(until) => acquire_raw(vm, &raw, until)?,
    };
    Ok(py_bool(got))
}

fn lock_release(vm: &mut Vm, a: &[Value]) -> PyResult {
    let raw = raw_of(vm, &a[0])?;
    if !raw.release() {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    Ok(vm.none())
}

const LOCK_METHODS: &[(&str, NativeFn)] = &[
    ("acquire", lock_acquire),
    ("acquire_lock", lock_acquire),
    ("__enter__", |vm, a, _| lock_acquire(vm, &a[..1], &[])),
    ("release", |vm, a, _| lock_release(vm, a)),
    ("release_lock", |vm, a, _| lock_release(vm, a)),
    ("__exit__", |vm, a, _| lock_release(vm, a)),
    ("locked", |vm, a, _| {
        Ok(py_bool(raw_of(vm, &a[0])?.is_locked()))
    }),
    ("locked_lock", |vm, a, _| {
        Ok(py_bool(raw_of(vm, &a[0])?.is_locked()))
    }),
    ("_at_fork_reinit", |vm, a, _| {
        with_state(vm, &a[0], "_thread.lock", |l: &mut Arc<RawLock>| {
            *l = Arc::new(RawLock::new());
        })?;
        Ok(vm.none())
    }),
    ("__repr__", |vm, a, _| {
        let s = if raw_of(vm, &a[0])?.is_locked() {
            "locked"
        } else {
            "unlocked"
        };
        Ok(new_str(&format!(
            "<{s} _thread.lock object at {:#x}>",
            a[0].id()
        )))
    }),
];

/// A reentrant lock: the lock, its owner and how many times it holds it.
struct RLockState {
    raw: Arc<RawLock>,
    owner: u64,
    count: u64,
}

fn rlock_type() -> Value {
    if let Some(t) = RLOCK_TYPE.with(|t| t.borrow().clone()) {
        return t;
    }
    let ty = native_type("_thread.RLock");
    crate::objects::native::allow_weakrefs(&ty);
    crate::objects::str_methods::add_methods(&ty, "RLock", RLOCK_METHODS);
    crate::objects::native::set_new(&ty, |vm, a, _| {
        if a.is_empty() {
            return Err(vm.type_error("RLock.__new__(): not enough arguments"));
        }
        Ok(new_native(
            &rlock_type(),
            RLockState {
                raw: Arc::new(RawLock::new()),
                owner: 0,
                count: 0,
            },
        ))
    });
    RLOCK_TYPE.with(|t| *t.borrow_mut() = Some(ty.clone()));
    ty
}

fn rlock<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut RLockState) -> R) -> PyResult<R> {
    with_state(vm, v, "_thread.RLock", f)
}

fn rlock_acquire(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    let me = crate::gil::ident();
    let mine = rlock(vm, &a[0], |s| {
        if s.count > 0 && s.owner == me {
            s.count += 1;
            None
        } else {
            Some(s.raw.clone())
        }
    })?;
    let Some(raw) = mine else {
        return Ok(py_bool(true));
    };
    let got = match acquire_args(vm, a, k)? {
        None => raw.try_acquire(),
        Some(until) => acquire_raw(vm, &raw, until)?,
    };
    if got {
        rlock(vm, &a[0], |s| {
            s.owner = me;
            s.count = 1;
        })?;
    }
    Ok(py_bool(got))
}

fn rlock_release(vm: &mut Vm, a: &[Value]) -> PyResult {
    let me = crate::gil::ident();
    let ok = rlock(vm, &a[0], |s| {
        if s.count == 0 || s.owner != me {
            return false;
        }
        s.count -= 1;
        if s.count == 0 {
            s.owner = 0;
            s.raw.release();
        }
        true
    })?;
    if !ok {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    Ok(vm.none())
}

const RLOCK_METHODS: &[(&str, NativeFn)] = &[
    ("acquire", rlock_acquire),
    ("__enter__", |vm, a, _| rlock_acquire(vm, &a[..1], &[])),
    ("release", |vm, a, _| rlock_release(vm, a)),
    ("__exit__", |vm, a, _| rlock_release(vm, a)),
    ("_is_owned", |vm, a, _| {
        let me = crate::gil::ident();
        Ok(py_bool(rlock(vm, &a[0], |s| s.count > 0 && s.owner == me)?))
    }),
    ("_recursion_count", |vm, a, _| {
        let me = crate::gil::ident();
        let n = rlock(vm, &a[0], |s| if s.owner == me { s.count } else { 0 })?;
        Ok(from_i64(n as i64))
    }),
    ("_release_save", |vm, a, _| {
        let saved = rlock(vm, &a[0], |s| {
            if s.count == 0 {
                return None;
            }
            let saved = (s.count, s.owner);
            s.count = 0;
            s.owner = 0;
            s.raw.release();
            Some(saved)
        })?;
        let Some((count, owner)) = saved else {
            return Err(vm.runtime_error("cannot release un-acquired lock"));
        };
        Ok(crate::objects::tuple::new_tuple(vec![
            from_i64(count as i64),
            from_i64(owner as i64),
        ]))
    }),
    ("_acquire_restore", |vm, a, _| {
        check_args(vm, "_acquire_restore", &a[1..], 1, 1)?;
        let items = a[1]
            .downcast::<crate::objects::tuple::TupleData>()
            .map(|t| t.items.to_vec())
            .filter(|t| t.len() == 2)
            .ok_or_else(|| vm.type_error("_acquire_restore() argument must be a 2-tuple"))?;
        let count = vm.index_value(&items[0])?;
        let owner = vm.index_value(&items[1])?;
        let raw = rlock(vm, &a[0], |s| s.raw.clone())?;
        acquire_raw(vm, &raw, None)?;
        rlock(vm, &a[0], |s| {
            s.owner = owner as u64;
            s.count = count as u64;
        })?;
        Ok(vm.none())
    }),
    ("_at_fork_reinit", |vm, a, _| {
        rlock(vm, &a[0], |s| {
            s.raw = Arc::new(RawLock::new());
            s.owner = 0;
            s.count = 0;
        })?;
        Ok(vm.none())
    }),
    ("__repr__", |vm, a, _| {
        let (owner, count) = rlock(vm, &a[0], |s| (s.owner, s.count))?;
        let state = if count > 0 { "locked" } else { "unlocked" };
        Ok(new_str(&format!(
            "<{state} _thread.RLock object owner={owner} count={count} at {:#x}>",
            a[0].id()
        )))
    }),
];

/// Values handed to a new OS thread, which touches them only once it
/// holds the GIL.
struct Handover {
    vm: *mut Vm,
    func: Value,
    args: Vec<Value>,
    kwargs: Vec<(Value, Value)>,
}

// SAFETY: see the type's comment: the receiving thread uses the values
// only with the GIL held, which orders its accesses after the sender's.
unsafe impl Send for Handover {}

fn start_new_thread(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "start_new_thread", a, 2, 3)?;
    if !crate::builtins::is_callable(&a[0]) {
        return Err(vm.type_error("first arg must be callable"));
    }
    if a[1].kind() != Kind::Tuple {
        return Err(vm.type_error("2nd arg must be a tuple"));
    }
    let kwargs = match a.get(2) {
        None => Vec::new(),
        Some(d) if d.kind() == Kind::Dict => d
            .downcast::<crate::objects::dict::DictData>()
            .map(|d| d.table.borrow().items())
            .unwrap_or_default(),
        Some(_) => return Err(vm.type_error("optional 3rd arg must be a dictionary")),
    };
    let args = a[1]
        .downcast::<crate::objects::tuple::TupleData>()
        .map(|t| t.items.to_vec())
        .unwrap_or_default();
    let hand = Handover {
        vm: vm as *mut Vm,
        func: a[0].clone(),
        args,
        kwargs,
    };
    // A size set by `stack_size()` is a lower bound: egret's native frames
    // are larger than CPython's, so a thread never gets less than the
    // default (CPython programs ask for sizes that fit CPython's frames).
    let size = STACK_SIZE.load(Ordering::Relaxed).max(DEFAULT_STACK);
    crate::gil::thread_starting();
    let spawned = std::thread::Builder::new().stack_size(size).spawn(move || {
        let hand = hand;
        block_async_signals();
        crate::vm::set_stack_size(size);
        let vm = hand.vm;
        // SAFETY: the Vm outlives the threads (see run_new_thread).
        unsafe { Vm::run_new_thread(vm, |vm| thread_body(vm, hand)) };
    });
    match spawned {
        Ok(handle) => {
            use std::os::unix::thread::JoinHandleExt;
            let ident: u64 = handle.as_pthread_t();
            drop(handle);
            Ok(from_i64(ident as i64))
        }
        Err(_) => {
            crate::gil::thread_failed_to_start();
            Err(vm.runtime_error("can't start new thread"))
        }
    }
}

/// Signals go to the main thread, which runs their handlers: other
/// threads block them.
fn block_async_signals() {
    // SAFETY: a full signal set, minus the synchronous signals, blocked in
    // the calling thread only.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        for s in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGFPE,
            libc::SIGILL,
            libc::SIGTRAP,
        ] {
            libc::sigdelset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// A new thread's life with the GIL: the call, its error reported as
/// CPython does, then the thread's sentinel locks released.
fn thread_body(vm: &mut Vm, hand: Handover) {
    let Handover {
        func, args, kwargs, ..
    } = hand;
    let r = vm.call(&func, &args, &kwargs);
    drop((args, kwargs));
    if let Err(e) = r
        && !crate::object::types::isinstance(&e.exc, &types().exc.system_exit)
    {
        vm.unraisable(&e, &func, Some("Exception ignored in thread started by"));
    }
    drop(func);
    vm.run_pending_finalizers_only();
    let me = crate::gil::ident();
    let mine: Vec<Arc<RawLock>> = SENTINELS.with(|s| {
        let mut s = s.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = s.drain(..).partition(|(t, _)| *t == me);
        *s = rest;
        mine.into_iter().map(|(_, l)| l).collect()
    });
    for l in mine {
        l.release();
    }
}

/// In the child of a `fork()`: the sentinels of threads that do not exist
/// there are dropped (`threading._after_fork` marks those threads ended).
pub fn after_fork_child() {
    let me = crate::gil::ident();
    SENTINELS.with(|s| s.borrow_mut().retain(|(t, _)| *t == me));
}

/// `_thread._excepthook(args)`: `threading.excepthook`'s default, which
/// reports an exception a thread's `run` raised (SystemExit is silent).
fn excepthook(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "_excepthook", a, 1, 1)?;
    let args = &a[0];
    let hook_args = except_hook_args_type(vm);
    if !args.class().is(&hook_args) {
        return Err(vm.type_error("_thread._excepthook argument type must be ExceptHookArgs"));
    }
    let exc_type = vm.getattr_str(args, "exc_type")?;
    let exc_value = vm.getattr_str(args, "exc_value")?;
    let thread = vm.getattr_str(args, "thread")?;
    let none = vm.none();
    if exc_type.is(&types().exc.system_exit) {
        return Ok(none);
    }
    let sys = vm.sys.clone();
    let mut file = vm.getattr_str(&sys, "stderr")?;
    if file.is(&none) {
        if thread.is(&none) {
            return Ok(none);
        }
        file = vm.getattr_str(&thread, "_stderr")?;
        if file.is(&none) {
            return Ok(none);
        }
    }
    let name = if thread.is(&none) {
        None
    } else {
        vm.lookup_attr(&thread, "name").ok().flatten()
    };
    let name = match name {
        Some(n) => crate::interp::str_of(&vm.str_value(&n)?),
        None => crate::gil::ident().to_string(),
    };
    vm.call_method(
        &file,
        "write",
        &[new_str(&format!("Exception in thread {name}:\n"))],
    )?;
    let text = if exc_value.is(&none) {
        format!("{}\n", exc_type.type_data_of_type().name)
    } else {
        crate::objects::exceptions::format_exception(vm, &exc_value)
    };
    vm.call_method(&file, "write", &[new_str(&text)])?;
    if vm.lookup_attr(&file, "flush").ok().flatten().is_some() {
        vm.call_method(&file, "flush", &[])?;
    }
    Ok(none)
}

/// `_thread._ExceptHookArgs`, made once.
fn except_hook_args_type(vm: &mut Vm) -> Value {
    if let Some(t) = HOOK_ARGS.with(|t| t.borrow().clone()) {
        return t;
    }
    let fields = ["exc_type", "exc_value", "exc_traceback", "thread"];
    let t = crate::objects::structseq::new_type(vm, "_thread", "_ExceptHookArgs", &fields, 4);
    HOOK_ARGS.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn stack_size(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "stack_size", a, 0, 1)?;
    let old = STACK_SIZE.load(Ordering::Relaxed);
    if let Some(v) = a.first() {
        let n = vm.index_value(v)?;
        if n < 0 {
            return Err(vm.value_error("size must be 0 or a positive value"));
        }
        if n != 0 && n < 32768 {
            return Err(vm.value_error(format!("size not valid: {n} bytes")));
        }
        STACK_SIZE.store(n as usize, Ordering::Relaxed);
    }
    Ok(from_i64(old as i64))
}

pub fn make(vm: &mut Vm) -> Value {
    let t = types();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("get_ident", |_vm, _a, _| {
            Ok(from_i64(crate::gil::ident() as i64))
        }),
        ("get_native_id", |_vm, _a, _| {
            // SAFETY: gettid has no preconditions.
            Ok(from_i64(i64::from(unsafe { libc::gettid() })))
        }),
        ("allocate_lock", |_vm, _a, _| Ok(new_lock())),
        ("allocate", |_vm, _a, _| Ok(new_lock())),
        ("_set_sentinel", |_vm, _a, _| {
            let raw = Arc::new(RawLock::new());
            let me = crate::gil::ident();
            SENTINELS.with(|s| s.borrow_mut().push((me, raw.clone())));
            Ok(new_lock_with(raw))
        }),
        ("_count", |_vm, _a, _| {
            Ok(from_i64(crate::gil::running_threads() as i64))
        }),
        ("stack_size", stack_size),
        ("daemon_threads_allowed", |_vm, _a, _| Ok(py_bool(true))),
        ("interrupt_main", |vm, a, k| {
            check_args(vm, "interrupt_main", a, 0, 1)?;
            let signum = match a.first().cloned().or_else(|| kwarg(k, "signum")) {
                Some(s) => vm.index_value(&s)?,
                None => i64::from(libc::SIGINT),
            };
            if !(1..65).contains(&signum) {
                return Err(vm.value_error("signal number out of range"));
            }
            super::signal::simulate(vm, signum as i32);
            Ok(vm.none())
        }),
        (
            "exit",
            |vm, _a, _| Err(vm.err(&types().exc.system_exit, "")),
        ),
        ("exit_thread", |vm, _a, _| {
            Err(vm.err(&types().exc.system_exit, ""))
        }),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("_excepthook", excepthook),
    ];
    let lock = lock_type();
    let hook_args = except_hook_args_type(vm);
    super::make_module(
        "_thread",
        funcs,
        vec![
            ("LockType", lock.clone()),
            ("lock", lock),
            ("RLock", rlock_type()),
            ("_ExceptHookArgs", hook_args),
            ("error", t.exc.runtime_error.clone()),
            ("TIMEOUT_MAX", crate::objects::float::new_float(TIMEOUT_MAX)),
        ],
    )
}
