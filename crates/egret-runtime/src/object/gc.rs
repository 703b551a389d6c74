//! The cycle collector: reference counting frees everything except
//! objects that refer to each other in a cycle; this finds those.
//!
//! Containers (instances of classes, lists, dicts, sets, tuples,
//! functions, cells, generators, bound methods, classes, exceptions) are
//! registered when allocated. A collection works as CPython's does:
//!
//! 1. each container's count of references from *other containers* is
//!    subtracted from its reference count; what remains above zero is
//!    referenced from outside (the interpreter's frames, native state,
//!    objects that are not containers);
//! 2. everything reachable from those is alive; the rest is garbage;
//! 3. the garbage's finalizers (`__del__`, generator cleanup) run once;
//!    objects they brought back to life are spared;
//! 4. the rest have their references cleared, which frees them.
//!
//! An object the collector cannot look inside (one borrowed at the time,
//! or holding references it does not know of) only ever counts as more
//! referenced, so the collector may leave garbage behind but never frees
//! a live object.

use std::cell::Cell;

use crate::object::types::{InstanceData, Kind};
use crate::object::{ObjHeader, Payload, PyObj, Value};
use crate::objects::dict::{DictData, DictTable};
use crate::objects::exceptions::ExceptionData;
use crate::objects::function::{CellData, FunctionData, MethodData};
use crate::objects::generator::GeneratorData;
use crate::objects::list::ListData;
use crate::objects::set::SetData;
use crate::objects::tuple::TupleData;
use crate::vm::Vm;

/// What precedes every container in memory: its place on the collector's
/// list (a circular doubly linked list, oldest first) and, during a
/// collection, its count of references from outside.
#[repr(C)]
pub struct GcLink {
    prev: Cell<*mut GcLink>,
    next: Cell<*mut GcLink>,
    refs: Cell<isize>,
}

/// `refs` of a link that is not on the list (immortal objects).
const UNTRACKED: isize = isize::MIN;
/// `refs` of an object found reachable during a collection.
const REACHABLE: isize = isize::MAX;

impl GcLink {
    pub fn new() -> GcLink {
        GcLink {
            prev: Cell::new(std::ptr::null_mut()),
            next: Cell::new(std::ptr::null_mut()),
            refs: Cell::new(UNTRACKED),
        }
    }
}

impl Default for GcLink {
    fn default() -> Self {
        GcLink::new()
    }
}

/// A container as allocated: link, then the object.
#[repr(C)]
pub struct GcBox<T> {
    pub link: GcLink,
    pub obj: PyObj<T>,
}

/// Bytes from a link to its object (the same for every payload: objects
/// are 8-aligned and the link is three words).
const OBJ_OFFSET: usize = std::mem::size_of::<GcLink>();

fn link_of(p: *const ObjHeader) -> *mut GcLink {
    (p as *mut u8).wrapping_sub(OBJ_OFFSET) as *mut GcLink
}

fn obj_of(l: *mut GcLink) -> *mut ObjHeader {
    (l as *mut u8).wrapping_add(OBJ_OFFSET) as *mut ObjHeader
}

struct State {
    /// The list's sentinel (made on first use, never freed).
    head: Cell<*mut GcLink>,
    /// Containers made minus containers freed since the last collection.
    growth: Cell<isize>,
    /// Containers alive after the last collection.
    survivors: Cell<usize>,
    enabled: Cell<bool>,
    collecting: Cell<bool>,
    auto_pending: Cell<bool>,
    threshold: Cell<usize>,
}

thread_local! {
    static STATE: State = const {
        State {
            head: Cell::new(std::ptr::null_mut()),
            growth: Cell::new(0),
            survivors: Cell::new(0),
            enabled: Cell::new(true),
            collecting: Cell::new(false),
            auto_pending: Cell::new(false),
            threshold: Cell::new(DEFAULT_THRESHOLD),
        }
    };
}

/// CPython's first-generation threshold, `gc.get_threshold()[0]`.
pub const DEFAULT_THRESHOLD: usize = 700;

/// A collection starts on its own once the number of containers has grown
/// by this many (and by a quarter of those alive after the last one) since
/// the last collection, which keeps its cost proportional to allocation.
const AUTO_MINIMUM: isize = 10_000;

/// Whether objects of a type of this kind are containers.
pub fn tracks(kind: Kind, is_heap: bool) -> bool {
    match kind {
        Kind::Object => is_heap,
        Kind::List
        | Kind::Dict
        | Kind::Set
        | Kind::FrozenSet
        | Kind::Tuple
        | Kind::Function
        | Kind::Cell
        | Kind::Generator
        | Kind::Method
        | Kind::Exception
        | Kind::MemoryView
        // Instances of metaclasses: classes. (Builtin types are immortal:
        // they have a link but are not on the list.)
        | Kind::Type => true,
        _ => false,
    }
}

fn head(st: &State) -> *mut GcLink {
    let h = st.head.get();
    if !h.is_null() {
        return h;
    }
    let h = Box::into_raw(Box::new(GcLink::new()));
    // SAFETY: a fresh sentinel, linked to itself.
    unsafe {
        (*h).prev.set(h);
        (*h).next.set(h);
        (*h).refs.set(0);
    }
    st.head.set(h);
    h
}

/// Puts a new container at the end of the list.
///
/// # Safety
/// `l` is the link of a live container, not on the list yet.
pub unsafe fn link(l: *mut GcLink) {
    let _ = STATE.try_with(|st| {
        let h = head(st);
        // SAFETY: the sentinel and the list's links are live.
        unsafe {
            let last = (*h).prev.get();
            (*l).prev.set(last);
            (*l).next.set(h);
            (*l).refs.set(0);
            (*last).next.set(l);
            (*h).prev.set(l);
        }
        let g = st.growth.get() + 1;
        st.growth.set(g);
        if g >= AUTO_MINIMUM
            && g as usize >= st.survivors.get() / 4
            && st.enabled.get()
            && !st.collecting.get()
            && !st.auto_pending.get()
        {
            st.auto_pending.set(true);
            crate::object::finalize::wake();
        }
    });
}

/// Takes a container that is being freed off the list.
///
/// # Safety
/// `p` is an object of a collected type whose count reached zero.
pub unsafe fn unlink(p: *mut ObjHeader) {
    let l = link_of(p);
    // SAFETY: the object has a link (its type is collected); its
    // neighbours on the list are live.
    unsafe {
        if (*l).refs.get() == UNTRACKED {
            return;
        }
        let (prev, next) = ((*l).prev.get(), (*l).next.get());
        (*prev).next.set(next);
        (*next).prev.set(prev);
        (*l).refs.set(UNTRACKED);
    }
    let _ = STATE.try_with(|st| st.growth.set(st.growth.get() - 1));
}

/// Frees a container allocated by `Value::alloc_gc` (already unlinked).
///
/// # Safety
/// `p` must be the object of a `GcBox<T>` with no references left.
pub unsafe fn dealloc_gc_payload<T: Payload>(p: *mut ObjHeader) {
    // SAFETY: guaranteed by the caller.
    unsafe { drop(Box::from_raw(link_of(p) as *mut GcBox<T>)) }
}

/// The link of `v` when it is a container on the list.
fn tracked_link(v: &Value) -> Option<*mut GcLink> {
    if v.is_small() || !v.type_data().gc_tracked {
        return None;
    }
    let l = link_of(v.id() as *const ObjHeader);
    // SAFETY: objects of collected types all have a link.
    (unsafe { (*l).refs.get() } != UNTRACKED).then_some(l)
}

pub fn is_tracked(v: &Value) -> bool {
    tracked_link(v).is_some()
}

pub fn set_enabled(on: bool) {
    STATE.with(|s| s.enabled.set(on));
}

pub fn is_enabled() -> bool {
    STATE.with(|s| s.enabled.get())
}

pub fn threshold() -> usize {
    STATE.with(|s| s.threshold.get())
}

pub fn set_threshold(n: usize) {
    STATE.with(|s| s.threshold.set(n));
}

/// Growth in containers since the last collection (`gc.get_count()[0]`).
pub fn count() -> usize {
    STATE.with(|s| s.growth.get().max(0) as usize)
}

/// Whether an automatic collection is due (checked with the finalizers).
pub fn auto_pending() -> bool {
    STATE.with(|s| s.auto_pending.get())
}

/// The links on the list, oldest first.
fn links() -> Vec<*mut GcLink> {
    STATE.with(|st| {
        let h = head(st);
        let mut out = Vec::new();
        // SAFETY: the list's links are live.
        unsafe {
            let mut l = (*h).next.get();
            while l != h {
                out.push(l);
                l = (*l).next.get();
            }
        }
        out
    })
}

/// All containers on the list, as new references, oldest first.
pub fn tracked_objects() -> Vec<Value> {
    links().into_iter().map(|l| from_obj(obj_of(l))).collect()
}

fn from_obj(p: *mut ObjHeader) -> Value {
    // SAFETY: objects on the list are alive: they leave it before they are
    // freed.
    unsafe { (*Value::borrow_bits(p as u64)).clone() }
}

/// Calls `visit` with every reference `v` owns that the collector knows
/// of. Returns false when `v` cannot be inspected now.
pub fn traverse(v: &Value, visit: &mut dyn FnMut(&Value)) -> bool {
    // Every object holds its type.
    let ty = v.class();
    visit(&ty);
    match v.kind() {
        Kind::Object => match v.downcast::<InstanceData>() {
            Some(d) => visit(&d.dict),
            None => return false,
        },
        Kind::List => {
            let Some(l) = v.downcast::<ListData>() else {
                return false;
            };
            let Ok(items) = l.items.try_borrow() else {
                return false;
            };
            items.iter().for_each(&mut *visit);
        }
        Kind::Dict => {
            let Some(d) = v.downcast::<DictData>() else {
                return false;
            };
            let Ok(t) = d.table.try_borrow() else {
                return false;
            };
            visit_table(&t, visit);
        }
        Kind::Set | Kind::FrozenSet => {
            let Some(s) = v.downcast::<SetData>() else {
                return false;
            };
            let Ok(t) = s.table.try_borrow() else {
                return false;
            };
            t.values_ref().for_each(&mut *visit);
        }
        Kind::Tuple => match v.downcast::<TupleData>() {
            Some(t) => t.items.iter().for_each(&mut *visit),
            None => return false,
        },
        Kind::Function => {
            let Some(f) = v.downcast::<FunctionData>() else {
                return false;
            };
            visit(&f.globals);
            visit(&f.module);
            for c in [&f.name, &f.qualname, &f.doc] {
                let Ok(c) = c.try_borrow() else { return false };
                visit(&c);
            }
            for c in [&f.defaults, &f.kwdefaults, &f.dict, &f.annotations] {
                let Ok(c) = c.try_borrow() else { return false };
                if let Some(x) = c.as_ref() {
                    visit(x);
                }
            }
            if let Some(c) = &f.closure {
                visit(c);
            }
        }
        Kind::Cell => {
            let Some(c) = v.downcast::<CellData>() else {
                return false;
            };
            let Ok(c) = c.value.try_borrow() else {
                return false;
            };
            if let Some(x) = c.as_ref() {
                visit(x);
            }
        }
        Kind::Method => match v.downcast::<MethodData>() {
            Some(m) => {
                visit(&m.func);
                visit(&m.receiver);
            }
            None => return false,
        },
        Kind::Generator => {
            let Some(g) = v.downcast::<GeneratorData>() else {
                return false;
            };
            if g.running.get() {
                return false;
            }
            visit(&g.name);
            visit(&g.qualname);
            let Ok(frame) = g.frame.try_borrow() else {
                return false;
            };
            if let Some(f) = frame.as_ref() {
                f.stack.iter().for_each(&mut *visit);
                f.fast.iter().flatten().for_each(&mut *visit);
                f.cells.iter().for_each(&mut *visit);
                visit(&f.globals);
                visit(&f.builtins);
                if let Some(l) = &f.locals {
                    visit(l);
                }
                if let Some(s) = &f.init_self {
                    visit(s);
                }
                if let Some(p) = &f.pending {
                    visit(&p.exc);
                }
            }
        }
        Kind::Type => {
            let td = v.type_data_of_type();
            let Ok(t) = td.dict.try_borrow() else {
                return false;
            };
            visit_table(&t, visit);
            let Ok(mro) = td.mro.try_borrow() else {
                return false;
            };
            mro.iter().for_each(&mut *visit);
            td.bases.iter().for_each(&mut *visit);
            if let Some(b) = &td.base {
                visit(b);
            }
        }
        Kind::Exception => {
            let Some(e) = v.downcast::<ExceptionData>() else {
                return false;
            };
            visit(&e.dict);
            let (Ok(args), Ok(cause), Ok(context), Ok(tb)) = (
                e.args.try_borrow(),
                e.cause.try_borrow(),
                e.context.try_borrow(),
                e.traceback.try_borrow(),
            ) else {
                return false;
            };
            visit(&args);
            for x in [cause.as_ref(), context.as_ref()].into_iter().flatten() {
                visit(x);
            }
            for entry in tb.iter() {
                if let Some(g) = &entry.globals {
                    visit(g);
                }
            }
        }
        Kind::MemoryView => match crate::objects::memoryview::exporter(v) {
            Some(Ok(o)) => visit(&o),
            Some(Err(())) => return false,
            None => {}
        },
        _ => return false,
    }
    true
}

fn visit_table(t: &DictTable, visit: &mut dyn FnMut(&Value)) {
    for e in t.iter() {
        visit(&e.key);
        visit(&e.value);
    }
}

/// Drops the references `v` holds that can take part in a cycle.
fn clear(v: &Value) {
    match v.kind() {
        Kind::List => {
            if let Some(l) = v.downcast::<ListData>() {
                let old = l
                    .items
                    .try_borrow_mut()
                    .map(|mut i| std::mem::take(&mut *i));
                drop(old);
            }
        }
        Kind::Dict => {
            if let Some(d) = v.downcast::<DictData>() {
                let old = d
                    .table
                    .try_borrow_mut()
                    .map(|mut t| std::mem::take(&mut *t));
                drop(old);
            }
        }
        Kind::Set | Kind::FrozenSet => {
            if let Some(s) = v.downcast::<SetData>() {
                let old = s
                    .table
                    .try_borrow_mut()
                    .map(|mut t| std::mem::take(&mut *t));
                drop(old);
            }
        }
        Kind::Function => {
            if let Some(f) = v.downcast::<FunctionData>() {
                for c in [&f.defaults, &f.kwdefaults, &f.dict, &f.annotations] {
                    let old = c.try_borrow_mut().map(|mut c| c.take());
                    drop(old);
                }
            }
        }
        Kind::Cell => {
            if let Some(c) = v.downcast::<CellData>() {
                let old = c.value.try_borrow_mut().map(|mut c| c.take());
                drop(old);
            }
        }
        Kind::Generator => {
            if let Some(g) = v.downcast::<GeneratorData>()
                && !g.running.get()
            {
                let old = g.frame.try_borrow_mut().map(|mut f| f.take());
                drop(old);
            }
        }
        Kind::Type => {
            let td = v.type_data_of_type();
            let old = td
                .dict
                .try_borrow_mut()
                .map(|mut t| std::mem::take(&mut *t));
            drop(old);
            let old = td.mro.try_borrow_mut().map(|mut m| std::mem::take(&mut *m));
            drop(old);
            crate::object::types::invalidate_lookup_cache();
        }
        Kind::Exception => {
            if let Some(e) = v.downcast::<ExceptionData>() {
                let old = (
                    e.cause.try_borrow_mut().map(|mut c| c.take()),
                    e.context.try_borrow_mut().map(|mut c| c.take()),
                    e.traceback
                        .try_borrow_mut()
                        .map(|mut t| std::mem::take(&mut *t)),
                );
                drop(old);
            }
        }
        Kind::MemoryView => crate::objects::memoryview::release(v),
        _ => {}
    }
}

/// The unreachable containers, oldest first: what only cycles keep alive.
fn find_garbage() -> Vec<Value> {
    let all = links();
    // SAFETY (throughout): the links on the list and their objects are
    // live, and no code runs while this looks at them.
    let objs: Vec<std::mem::ManuallyDrop<Value>> = all
        .iter()
        // SAFETY: a link on the list, live while this runs (above).
        .map(|&l| unsafe { Value::borrow_bits(obj_of(l) as u64) })
        .collect();
    for (l, o) in all.iter().zip(&objs) {
        // SAFETY: a link on the list, live while this runs (above).
        unsafe { (**l).refs.set(o.refcount() as isize) };
    }
    // Subtract the references containers hold to each other.
    let mut opaque = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        let ok = traverse(o, &mut |r| {
            if let Some(l) = tracked_link(r) {
                // SAFETY: a link on the list, live while this runs (above).
                unsafe { (*l).refs.set((*l).refs.get() - 1) };
            }
        });
        if !ok {
            opaque.push(i);
        }
    }
    for i in opaque {
        // SAFETY: a link on the list, live while this runs (above).
        unsafe { (*all[i]).refs.set(1) };
    }
    // What is referenced from outside, and all it reaches, is alive.
    let mut work: Vec<usize> = Vec::new();
    for (i, &l) in all.iter().enumerate() {
        // SAFETY: a link on the list, live while this runs (above).
        if unsafe { (*l).refs.get() } > 0 {
            // SAFETY: a link on the list, live while this runs (above).
            unsafe { (*l).refs.set(REACHABLE) };
            work.push(i);
        }
    }
    let mut reach: Vec<*mut GcLink> = Vec::new();
    while let Some(i) = work.pop() {
        traverse(&objs[i], &mut |r| {
            if let Some(l) = tracked_link(r)
                // SAFETY: a link on the list, live while this runs (above).
                && unsafe { (*l).refs.get() } != REACHABLE
            {
                // SAFETY: a link on the list, live while this runs (above).
                unsafe { (*l).refs.set(REACHABLE) };
                reach.push(l);
            }
        });
        // Objects reached this way are traversed in turn.
        while let Some(l) = reach.pop() {
            // SAFETY: a link on the list, live while this runs (above).
            let o = unsafe { Value::borrow_bits(obj_of(l) as u64) };
            traverse(&o, &mut |r| {
                if let Some(l2) = tracked_link(r)
                    // SAFETY: a link on the list, live while this runs (above).
                    && unsafe { (*l2).refs.get() } != REACHABLE
                {
                    // SAFETY: a link on the list, live while this runs (above).
                    unsafe { (*l2).refs.set(REACHABLE) };
                    reach.push(l2);
                }
            });
        }
    }
    all.iter()
        .zip(&objs)
        // SAFETY: a link on the list, live while this runs (above).
        .filter(|(l, _)| unsafe { (***l).refs.get() } != REACHABLE)
        .map(|(_, o)| (**o).clone())
        .collect()
}

impl Vm {
    /// `gc.collect()`: frees unreachable cycles; returns how many
    /// containers were found unreachable.
    pub fn collect_cycles(&mut self) -> usize {
        if STATE.with(|s| s.collecting.get()) {
            return 0;
        }
        STATE.with(|s| {
            s.collecting.set(true);
            s.auto_pending.set(false);
        });
        // Finalizers queued by ordinary deallocation run first.
        self.run_pending_finalizers_only();
        let garbage = find_garbage();
        let found = garbage.len();
        let mut garbage = garbage;
        // Run the finalizers of the garbage, once each.
        let mut ran = false;
        for g in &garbage {
            if g.type_data().has_finalizer.get()
                && !g.is_finalized()
                && crate::object::finalize::wants(g)
            {
                g.mark_finalized();
                self.finalize_now(g);
                ran = true;
            }
        }
        if ran {
            // A finalizer may have made some of it reachable again.
            let keep: std::collections::HashSet<usize> =
                garbage.iter().map(|g| g.id() as usize).collect();
            drop(garbage);
            let again = find_garbage();
            garbage = again
                .into_iter()
                .filter(|g| keep.contains(&(g.id() as usize)))
                .collect();
        }
        for g in &garbage {
            clear(g);
        }
        drop(garbage);
        let survivors = links().len();
        STATE.with(|s| {
            s.growth.set(0);
            s.survivors.set(survivors);
            s.collecting.set(false);
        });
        found
    }
}
