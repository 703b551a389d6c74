//! The global interpreter lock, and interpreter-wide statics guarded by it.
//!
//! Python threads are OS threads; one runs Python at a time, the one that
//! holds the GIL (CPython's design, DESIGN.md "threads behind a global
//! lock"). There is one [`Vm`]: what belongs to a thread (its frame chain,
//! the exception being handled, recursion depth, the repr guard, the
//! current context) is saved into a [`ThreadState`] when the thread lets
//! go of the GIL and put back when it takes the GIL again, as CPython's
//! `PyThreadState_Swap` does. Everything else (the heap, the collector's
//! lists, caches, modules) is shared, and is touched only with the GIL
//! held: [`GilLocal`] statics hold it.
//!
//! The lock is taken by a thread that wants to run and let go when the
//! holder blocks ([`Vm::allow_threads`]: sleep, lock waits, I/O, select) or
//! when a waiter has waited a switch interval: the waiter sets the drop
//! request and the work flag, and the holder yields at its next call or
//! loop back-edge ([`Vm::run_pending`]), then waits until another thread
//! has taken the lock (forced switching, so the same thread does not
//! immediately take it back).
//!
//! Until a second thread starts, none of this runs: the main thread holds
//! the GIL implicitly and `allow_threads` calls its closure directly.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::object::Value;
use crate::object::types::types;
use crate::vm::{PyErr, Vm};

/// A static shared by all threads and touched only by the thread holding
/// the GIL. Declared with [`gil_local!`](crate::gil_local), whose syntax
/// and `with`-style API are those of `thread_local!`.
pub struct GilLocal<T> {
    value: UnsafeCell<Option<T>>,
    init: Option<fn() -> T>,
}

// SAFETY: every access happens with the GIL held, which orders them (the
// GIL's mutex gives the happens-before edges between threads).
unsafe impl<T> Sync for GilLocal<T> {}

/// Never returned: a GIL local is never torn down (the `thread_local!`
/// API it mirrors may fail at thread exit).
#[derive(Debug)]
pub struct AccessError;

impl<T> GilLocal<T> {
    pub const fn new_const(v: T) -> Self {
        GilLocal {
            value: UnsafeCell::new(Some(v)),
            init: None,
        }
    }

    pub const fn new_lazy(init: fn() -> T) -> Self {
        GilLocal {
            value: UnsafeCell::new(None),
            init: Some(init),
        }
    }

    #[inline(always)]
    fn get_ref(&'static self) -> &'static T {
        // SAFETY: only the GIL holder is here; the value, once set, is
        // never replaced or moved (only shared references are handed out).
        unsafe {
            if let Some(v) = (*self.value.get()).as_ref() {
                return v;
            }
            self.init_slow()
        }
    }

    #[cold]
    unsafe fn init_slow(&'static self) -> &'static T {
        let v = (self.init.expect("GIL local without a value"))();
        // SAFETY: as in get_ref; no reference to the (empty) slot exists.
        unsafe {
            let slot = &mut *self.value.get();
            if slot.is_none() {
                *slot = Some(v);
            }
            slot.as_ref().unwrap_unchecked()
        }
    }

    #[inline(always)]
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(self.get_ref())
    }

    #[inline(always)]
    pub fn try_with<R>(&'static self, f: impl FnOnce(&T) -> R) -> Result<R, AccessError> {
        Ok(f(self.get_ref()))
    }
}

impl<T: Copy> GilLocal<Cell<T>> {
    #[inline(always)]
    pub fn get(&'static self) -> T {
        self.get_ref().get()
    }
}

impl<T> GilLocal<Cell<T>> {
    #[inline(always)]
    pub fn set(&'static self, v: T) {
        self.get_ref().set(v)
    }

    pub fn replace(&'static self, v: T) -> T {
        self.get_ref().replace(v)
    }
}

impl<T: Default> GilLocal<Cell<T>> {
    pub fn take(&'static self) -> T {
        self.get_ref().take()
    }
}

impl<T> GilLocal<RefCell<T>> {
    pub fn with_borrow<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.get_ref().borrow())
    }

    pub fn with_borrow_mut<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.get_ref().borrow_mut())
    }

    pub fn set(&'static self, v: T) {
        *self.get_ref().borrow_mut() = v;
    }

    pub fn replace(&'static self, v: T) -> T {
        self.get_ref().replace(v)
    }
}

impl<T: Default> GilLocal<RefCell<T>> {
    pub fn take(&'static self) -> T {
        self.get_ref().take()
    }
}

/// Declares [`GilLocal`] statics with `thread_local!`'s syntax.
#[macro_export]
macro_rules! gil_local {
    () => {};
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = const { $init:expr }; $($rest:tt)*) => {
        #[cfg(not(test))]
        $(#[$attr])* $vis static $name: $crate::gil::GilLocal<$t> =
            $crate::gil::GilLocal::new_const($init);
        // Unit tests run on parallel threads, each its own interpreter.
        #[cfg(test)]
        ::std::thread_local! { $(#[$attr])* $vis static $name: $t = const { $init }; }
        $crate::gil_local!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = const { $init:expr }) => {
        $crate::gil_local!($(#[$attr])* $vis static $name: $t = const { $init };);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr; $($rest:tt)*) => {
        #[cfg(not(test))]
        $(#[$attr])* $vis static $name: $crate::gil::GilLocal<$t> =
            $crate::gil::GilLocal::new_lazy(|| $init);
        #[cfg(test)]
        ::std::thread_local! { $(#[$attr])* $vis static $name: $t = $init; }
        $crate::gil_local!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr) => {
        $crate::gil_local!($(#[$attr])* $vis static $name: $t = $init;);
    };
}

// ---------------------------------------------------------------------------
// The lock.

pub struct GilInner {
    locked: bool,
    /// Counts hand-overs: a waiter that timed out asks for a drop only if
    /// no hand-over happened while it waited.
    switches: u64,
    /// A thread that waited a whole switch interval in vain: the next
    /// hand-over is its (0: anyone's). Without it, threads coming back
    /// from short blocking calls can take the lock before it every time,
    /// and starve it.
    reserved: u64,
}

static GIL: Mutex<GilInner> = Mutex::new(GilInner {
    locked: true,
    switches: 0,
    reserved: 0,
});
static GIL_FREED: Condvar = Condvar::new();
static GIL_TAKEN: Condvar = Condvar::new();

/// Set once a second thread has started: from then on the GIL is really
/// taken and released.
static THREADED: AtomicBool = AtomicBool::new(false);
/// A waiter asks the holder to let go.
static DROP_REQUEST: AtomicBool = AtomicBool::new(false);
/// Counts the times Python code may have run where compiled code does not
/// expect it (another thread, a finalizer, a weak reference callback, a
/// signal handler run at a back-edge): see [`python_ran_count`].
static PYTHON_RAN: AtomicU64 = AtomicU64::new(0);

/// Notes that Python code may run outside the code being executed.
#[inline]
pub fn note_python_ran() {
    PYTHON_RAN.fetch_add(1, Ordering::Relaxed);
}

/// Compiled code that holds globals as constants compares this before and
/// after the pending work at a back-edge, and leaves if it changed.
#[inline]
pub fn python_ran_count() -> u64 {
    PYTHON_RAN.load(Ordering::Relaxed)
}

/// `sys.setswitchinterval`, in microseconds.
static SWITCH_INTERVAL_US: AtomicU64 = AtomicU64::new(5000);
/// Set at interpreter shutdown: threads other than the main one that try
/// to take the GIL then wait forever (CPython's daemon threads).
static FINALIZING: AtomicBool = AtomicBool::new(false);
/// Threads started by `_thread.start_new_thread` still running.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

std::thread_local! {
    /// Whether this OS thread is the interpreter's main thread.
    static IS_MAIN: Cell<bool> = const { Cell::new(false) };
}

/// Marks the calling thread as the interpreter's main thread (the one
/// that runs the program, handles signals and holds the GIL at start).
pub fn set_main_thread() {
    IS_MAIN.with(|m| m.set(true));
}

pub fn is_main_thread() -> bool {
    IS_MAIN.with(Cell::get)
}

pub fn threaded() -> bool {
    THREADED.load(Ordering::Relaxed)
}

/// Kept in whole microseconds, as CPython keeps it (so 0.0001 reads back
/// as 9.999999999999999e-05, and 1e-07 as 0.0).
pub fn switch_interval() -> f64 {
    1e-6 * SWITCH_INTERVAL_US.load(Ordering::Relaxed) as f64
}

pub fn set_switch_interval(seconds: f64) {
    let us = (seconds * 1e6).min(1e15) as u64;
    SWITCH_INTERVAL_US.store(us, Ordering::Relaxed);
}

pub fn running_threads() -> usize {
    RUNNING.load(Ordering::Relaxed)
}

/// Whether the holder has been asked to let another thread run.
#[inline]
pub fn drop_requested() -> bool {
    DROP_REQUEST.load(Ordering::Relaxed)
}

/// From now on at most the main thread runs Python: other threads block
/// when they next try to take the GIL.
pub fn begin_finalizing() {
    FINALIZING.store(true, Ordering::SeqCst);
}

fn take_gil() {
    let me = ident();
    let mut g = GIL.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if FINALIZING.load(Ordering::SeqCst) && !is_main_thread() {
            // The interpreter is going away: this thread never runs again.
            if g.reserved == me {
                g.reserved = 0;
                GIL_FREED.notify_all();
            }
            drop(g);
            loop {
                std::thread::park();
            }
        }
        if !g.locked && (g.reserved == 0 || g.reserved == me) {
            break;
        }
        let seen = g.switches;
        let interval = Duration::from_micros(SWITCH_INTERVAL_US.load(Ordering::Relaxed).max(1));
        let (g2, timeout) = GIL_FREED
            .wait_timeout(g, interval)
            .unwrap_or_else(|e| e.into_inner());
        g = g2;
        if timeout.timed_out() && g.locked && g.switches == seen {
            if g.reserved == 0 {
                g.reserved = me;
            }
            DROP_REQUEST.store(true, Ordering::Relaxed);
            crate::object::finalize::wake();
        }
    }
    if g.reserved == me {
        g.reserved = 0;
    }
    g.locked = true;
    g.switches = g.switches.wrapping_add(1);
    DROP_REQUEST.store(false, Ordering::Relaxed);
    drop(g);
    GIL_TAKEN.notify_all();
}

fn drop_gil() {
    let mut g = GIL.lock().unwrap_or_else(|e| e.into_inner());
    g.locked = false;
    let reserved = g.reserved != 0;
    drop(g);
    notify_freed(reserved);
}

/// Wakes a waiter for the GIL; all of them when it is reserved (the one it
/// is reserved for must be among those woken).
fn notify_freed(reserved: bool) {
    if reserved {
        GIL_FREED.notify_all();
    } else {
        GIL_FREED.notify_one();
    }
}

/// Lets go of the GIL and waits until another thread has taken it (a
/// forced switch), unless no thread waits for it.
fn drop_gil_forced() {
    let mut g = GIL.lock().unwrap_or_else(|e| e.into_inner());
    g.locked = false;
    let seen = g.switches;
    notify_freed(g.reserved != 0);
    if DROP_REQUEST.load(Ordering::Relaxed) {
        while g.switches == seen && !g.locked {
            let (g2, timeout) = GIL_TAKEN
                .wait_timeout(g, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner());
            g = g2;
            if timeout.timed_out() {
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Thread states.

/// What belongs to one Python thread while another runs.
pub struct ThreadState {
    exc_info: Value,
    depth: usize,
    frame_ptr: crate::interp::frame::FramePtr,
    repr_stack: Vec<Value>,
    async_exc: Option<PyErr>,
    context: Option<Value>,
}

impl ThreadState {
    /// The state of a thread that has not run yet (also what the Vm holds
    /// while no thread runs).
    fn fresh() -> ThreadState {
        ThreadState {
            exc_info: types().none.clone(),
            depth: 0,
            frame_ptr: crate::interp::frame::FramePtr::NONE,
            repr_stack: Vec::new(),
            async_exc: None,
            context: None,
        }
    }
}

crate::gil_local! {
    /// The threads waiting for the GIL or blocked without it: their
    /// innermost frame and the exception they handle
    /// (`sys._current_frames`, `sys._current_exceptions`).
    static SUSPENDED: RefCell<Vec<(u64, crate::interp::frame::FramePtr, Value)>> =
        const { RefCell::new(Vec::new()) };
}

/// Every thread's innermost frame and handled exception (None when it
/// handles none): the calling thread's first.
pub fn threads_snapshot(vm: &Vm) -> Vec<(u64, Option<Value>, Value)> {
    let mut out = vec![(ident(), vm.frame_object(0), vm.exc_info.clone())];
    SUSPENDED.with(|s| {
        for (id, fp, exc) in s.borrow().iter() {
            let frame = crate::objects::frameobj::nth_frame(*fp, 0)
                .map(crate::objects::frameobj::object_of);
            out.push((*id, frame, exc.clone()));
        }
    });
    out
}

impl Vm {
    /// Saves this thread's state and lists it as suspended (before
    /// letting go of the GIL).
    fn suspend_thread(&mut self) -> ThreadState {
        let me = ident();
        let fp = self.frame_ptr;
        let exc = self.exc_info.clone();
        SUSPENDED.with(|s| s.borrow_mut().push((me, fp, exc)));
        self.swap_thread(ThreadState::fresh())
    }

    /// Puts a suspended thread's state back (after taking the GIL).
    fn resume_thread(&mut self, ts: ThreadState) {
        let me = ident();
        let gone = SUSPENDED.with(|s| {
            let mut s = s.borrow_mut();
            s.iter()
                .position(|(id, _, _)| *id == me)
                .map(|i| s.swap_remove(i))
        });
        drop(gone);
        drop(self.swap_thread(ts));
    }

    /// Puts `ts` in the Vm and returns the thread state it held: a thread
    /// letting go of the GIL swaps in a fresh state, one taking it swaps
    /// its own back in.
    fn swap_thread(&mut self, ts: ThreadState) -> ThreadState {
        use std::mem::replace;
        ThreadState {
            exc_info: replace(&mut self.exc_info, ts.exc_info),
            depth: replace(&mut self.depth, ts.depth),
            frame_ptr: replace(&mut self.frame_ptr, ts.frame_ptr),
            repr_stack: replace(&mut self.repr_stack, ts.repr_stack),
            async_exc: replace(&mut self.async_exc, ts.async_exc),
            context: crate::modules::contextvars::swap_current(ts.context),
        }
    }

    /// Runs `f` (which must not touch Python objects) with the GIL let go,
    /// so other threads run meanwhile: blocking system calls go here.
    pub fn allow_threads<R>(&mut self, f: impl FnOnce() -> R) -> R {
        if !threaded() || (FINALIZING.load(Ordering::Relaxed) && is_main_thread()) {
            return f();
        }
        let ts = self.suspend_thread();
        drop_gil();
        let r = f();
        take_gil();
        self.resume_thread(ts);
        note_python_ran();
        r
    }

    /// At a safe point, when another thread asked for the GIL: lets it run.
    #[cold]
    pub(crate) fn yield_gil(&mut self) {
        if !threaded() || FINALIZING.load(Ordering::Relaxed) {
            DROP_REQUEST.store(false, Ordering::Relaxed);
            return;
        }
        let ts = self.suspend_thread();
        drop_gil_forced();
        take_gil();
        self.resume_thread(ts);
        note_python_ran();
    }

    /// Runs `body` as a new thread's whole life: takes the GIL, runs, and
    /// lets it go for good. `body` runs with a fresh thread state.
    ///
    /// # Safety
    /// `vm` is the interpreter's Vm, which lives until the process ends.
    pub unsafe fn run_new_thread(vm: *mut Vm, body: impl FnOnce(&mut Vm)) {
        take_gil();
        // SAFETY: the Vm outlives every thread (the main thread keeps the
        // GIL from finalization on, so no other thread runs after it), and
        // only the GIL holder touches it.
        let vm = unsafe { &mut *vm };
        // The thread that let go last left a fresh state in the Vm: this
        // thread starts from it and leaves one behind.
        body(vm);
        drop(vm.swap_thread(ThreadState::fresh()));
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        drop_gil();
    }
}

/// Held across `fork()` (see [`prepare_fork`]): the GIL's own mutex, so
/// that the child does not inherit it locked by a thread it does not have.
pub struct ForkGuard(std::sync::MutexGuard<'static, GilInner>);

/// Called by the GIL holder just before `fork()`; the guard is dropped
/// after it, in the parent and in the child.
pub fn prepare_fork() -> ForkGuard {
    ForkGuard(GIL.lock().unwrap_or_else(|e| e.into_inner()))
}

/// In the child of a `fork()`: only the calling thread exists there, and
/// it holds the GIL. The other threads' states are forgotten (their frames
/// never run again: what they hold is leaked, as in CPython), and the
/// calling thread becomes the main thread, which handles signals.
pub fn after_fork_child(guard: ForkGuard) {
    let mut g = guard.0;
    // The GIL is the calling thread's, and no vanished thread waits for it.
    g.locked = true;
    g.reserved = 0;
    drop(g);
    THREADED.store(false, Ordering::SeqCst);
    RUNNING.store(0, Ordering::SeqCst);
    DROP_REQUEST.store(false, Ordering::SeqCst);
    let gone = SUSPENDED.with(|s| std::mem::take(&mut *s.borrow_mut()));
    drop(gone);
    if !is_main_thread() {
        set_main_thread();
        // SAFETY: an empty signal mask for the calling thread.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::pthread_sigmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
        }
    }
}

/// Records that a thread is about to be started (called with the GIL
/// held, before the OS thread exists, so `_count` and shutdown see it).
pub fn thread_starting() {
    RUNNING.fetch_add(1, Ordering::SeqCst);
    THREADED.store(true, Ordering::SeqCst);
}

/// Undoes [`thread_starting`] when the OS would not start the thread.
pub fn thread_failed_to_start() {
    RUNNING.fetch_sub(1, Ordering::SeqCst);
}

/// The calling thread's identifier (`_thread.get_ident`).
pub fn ident() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}
