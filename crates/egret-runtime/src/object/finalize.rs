//! Finalizers: `__del__` methods and the closing of suspended generators.
//!
//! A destructor has no interpreter to run Python code with, so an object
//! whose finalizer must run is not freed when its count reaches zero: it is
//! kept alive (marked as finalized, so that this happens once, as PEP 442
//! says) and queued. The interpreter runs the queue before its next
//! instruction, so `del x` is followed by `x.__del__()` before anything
//! else the program does. Weak reference callbacks share the queue's flag.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::object::Value;
use crate::object::types::Kind;
use crate::vm::Vm;

crate::gil_local! {
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Set when finalizers, weak reference callbacks, a collection or a signal
/// wait for the interpreter's next call or loop back-edge. An atomic, so
/// that a signal handler may set it; compiled code tests it inline.
static HAS_WORK: AtomicBool = AtomicBool::new(false);

/// How the interpreter reaches the Python handlers of signals: installed
/// by the `signal` module at start-up (the object model calls no native
/// module).
pub struct SignalHook {
    /// Whether a signal waits for its handler.
    pub tripped: fn() -> bool,
    /// Runs the handlers of the signals that arrived.
    pub run_handlers: fn(&mut Vm) -> crate::vm::PyResult<()>,
}

static SIGNALS: std::sync::OnceLock<SignalHook> = std::sync::OnceLock::new();

/// Installs the signal hook (once per process; later calls are ignored).
pub fn set_signal_hook(hook: SignalHook) {
    let _ = SIGNALS.set(hook);
}

/// The flag the interpreter checks at calls and back-edges.
pub fn work_flag() -> &'static AtomicBool {
    &HAS_WORK
}

/// Whether finalizers, weak reference callbacks or signals are waiting
/// (one load of a static: the interpreter checks it before each
/// instruction).
#[inline(always)]
pub fn pending() -> bool {
    HAS_WORK.load(Ordering::Relaxed)
}

/// Asks the interpreter to run pending work at its next call or back-edge.
/// Async-signal-safe (one atomic store).
pub fn wake() {
    HAS_WORK.store(true, Ordering::Relaxed);
}

/// Queues `v` (a reference the caller hands over) for finalization.
pub fn defer(v: Value) {
    let mut slot = Some(v);
    let _ = PENDING.try_with(|p| {
        if let Ok(mut p) = p.try_borrow_mut()
            && let Some(v) = slot.take()
        {
            p.push(v);
        }
    });
    match slot {
        None => wake(),
        // At thread exit the queue is gone: the object is left alone.
        Some(v) => std::mem::forget(v),
    }
}

/// Whether an object whose type has a finalizer needs it run now.
pub fn wants(v: &Value) -> bool {
    match v.kind() {
        Kind::Generator => {
            crate::objects::generator::needs_close(v)
                || crate::objects::asyncgen::finalizer_of(v).is_some()
        }
        _ => true,
    }
}

/// Marks `cls` and its subclasses as having `__del__` (it was assigned).
pub fn mark_class(cls: &Value) {
    let td = cls.type_data_of_type();
    td.set_has_finalizer(true);
    let subs = td.subclasses.borrow().clone();
    for s in subs {
        if let Some(c) = crate::objects::weakref::target(&s) {
            mark_class(&c);
        }
    }
}

impl Vm {
    /// Runs queued finalizers and weak reference callbacks, and a cycle
    /// collection when one is due.
    ///
    /// Signals that arrived are left for [`Vm::handle_pending`] (the flag
    /// stays set for them): their handlers may raise, and not every caller
    /// of this can raise.
    #[cold]
    pub fn run_pending(&mut self) {
        HAS_WORK.store(false, Ordering::Relaxed);
        if crate::object::gc::auto_pending() {
            self.collect_due();
        }
        self.run_pending_finalizers_only();
    }

    /// What the interpreter does at a call or back-edge when the work flag
    /// is set: raises an exception kept for it by compiled code, runs the
    /// Python handlers of signals that arrived (whose exceptions, such as
    /// `KeyboardInterrupt`, are raised here), then what [`Vm::run_pending`]
    /// runs.
    #[cold]
    pub fn handle_pending(&mut self) -> crate::vm::PyResult<()> {
        HAS_WORK.store(false, Ordering::Relaxed);
        if crate::gil::drop_requested() {
            self.yield_gil();
        }
        if let Some(e) = self.async_exc.take() {
            wake();
            return Err(e);
        }
        if let Some(h) = SIGNALS.get()
            && crate::gil::is_main_thread()
            && let Err(e) = (h.run_handlers)(self)
        {
            wake();
            return Err(e);
        }
        self.run_pending();
        Ok(())
    }

    /// Whether what only [`Vm::handle_pending`] does still waits: an
    /// exception compiled code kept, signals (whose handlers run on the
    /// main thread), another thread asking for the GIL (let in at the next
    /// call or back-edge, where compiled code expects it).
    fn work_left_for_handle_pending(&self) -> bool {
        self.async_exc.is_some()
            || crate::gil::drop_requested()
            || SIGNALS.get().is_some_and(|h| (h.tripped)())
    }

    /// Runs queued finalizers and weak reference callbacks (the flag stays
    /// set for what only `handle_pending` does).
    pub fn run_pending_finalizers_only(&mut self) {
        crate::object::types::drop_retired();
        loop {
            crate::objects::weakref::run_pending_callbacks(self);
            let batch = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
            if batch.is_empty() {
                break;
            }
            for v in batch {
                self.finalize_now(&v);
                drop(v);
            }
        }
        HAS_WORK.store(false, Ordering::Relaxed);
        if self.work_left_for_handle_pending() {
            wake();
        }
    }

    /// Runs `v`'s finalizer, reporting (not raising) what it raises.
    pub(crate) fn finalize_now(&mut self, v: &Value) {
        crate::gil::note_python_ran();
        let saved = self.exc_info.clone();
        let (what, r) = if v.kind() == Kind::Generator
            && let Some(f) = crate::objects::asyncgen::take_finalizer(v)
        {
            // An unfinished async generator goes to its event loop's hook.
            let r = self.call(&f, std::slice::from_ref(v), &[]).map(|_| ());
            (f, r)
        } else if v.kind() == Kind::Generator {
            (
                v.clone(),
                crate::objects::generator::close(self, v).map(|_| ()),
            )
        } else {
            match v.type_data().lookup_static("__del__") {
                Some(m) => {
                    let r = self.call(&m, std::slice::from_ref(v), &[]).map(|_| ());
                    (m, r)
                }
                None => return,
            }
        };
        self.exc_info = saved;
        if let Err(e) = r {
            self.write_unraisable(&e, &what);
        }
    }

    /// Reports an exception a finalizer raised through `sys.unraisablehook`
    /// (by default: `Exception ignored in: ...` and the traceback).
    pub fn write_unraisable(&mut self, e: &crate::vm::PyErr, obj: &Value) {
        self.unraisable(e, obj, None);
    }

    /// At exit: the main module's globals are released in the order they
    /// were bound, their finalizers running as each goes.
    /// Runs, once each, the finalizers of `roots` and of the containers'
    /// contents they reach (not through modules or classes), in the order
    /// found (breadth first).
    fn finalize_reachable(&mut self, roots: Vec<Value>) {
        // Most programs leave nothing to finalize: a walk of the
        // collector's lists tells, for much less than the graph walk.
        if !crate::object::types::untracked_finalizers_exist()
            && !crate::object::gc::any_finalizer_pending()
        {
            return;
        }
        let mut seen: std::collections::HashSet<i64, crate::object::IdBuildHasher> =
            Default::default();
        let mut queue: std::collections::VecDeque<Value> = roots.into();
        let mut found = Vec::new();
        while let Some(v) = queue.pop_front() {
            if v.as_small().is_some() {
                continue;
            }
            let td = v.type_data();
            // Only containers hold references this follows: the others
            // need no entry in `seen` (a finalizer runs once anyway).
            if td.gc_tracked && !seen.insert(v.id()) {
                continue;
            }
            if td.has_finalizer.get() && !v.is_finalized() && wants(&v) {
                found.push(v.clone());
            }
            if td.gc_tracked && !matches!(v.kind(), Kind::Module | Kind::Type) {
                crate::object::gc::traverse(&v, &mut |r| queue.push_back(r.clone()));
            }
        }
        for v in found {
            if !v.is_finalized() {
                v.mark_finalized();
                self.finalize_now(&v);
            }
        }
    }

    pub fn release_main_globals(&mut self) {
        let main = self
            .modules
            .downcast::<crate::objects::dict::DictData>()
            .and_then(|d| d.table.borrow().get_str("__main__"));
        let Some(dict) = main.as_ref().and_then(|m| {
            m.downcast::<crate::objects::module::ModuleData>()
                .map(|m| m.dict.clone())
        }) else {
            return;
        };
        let Some(dd) = dict.downcast::<crate::objects::dict::DictData>() else {
            return;
        };
        let items = dd.table.borrow().items();
        // As in CPython, where the main module's objects die with its
        // dict in one collection (their classes' methods refer to it), the
        // finalizers of what the globals hold run first, with every global
        // still bound; then the globals are released in order.
        self.finalize_reachable(items.iter().map(|(_, v)| v.clone()).collect());
        {
            let mut table = dd.table.borrow_mut();
            for (k, _) in &items {
                let keep = crate::objects::str::as_str(k).is_some_and(|s| s == "__builtins__");
                if !keep && let Some(s) = crate::objects::str::as_str(k) {
                    table.del_str(s);
                }
            }
        }
        drop(main);
        for (_, v) in items {
            drop(v);
            if pending() {
                self.run_pending();
            }
        }
    }
}
