//! The cycle collector: reference counting frees everything except
//! objects that refer to each other in a cycle; this finds those.
//!
//! Containers (instances of classes, lists, dicts, sets, tuples,
//! functions, cells, generators, bound methods, classes, exceptions) are
//! registered when allocated, in the youngest of three generations, as in
//! CPython: a generation is collected when its count passes its threshold
//! (`gc.get_threshold()`), together with the younger ones, and what
//! survives moves to the next generation. Most objects die young, so most
//! collections look at few objects; a full collection waits until the
//! containers promoted to the oldest generation since the last one are a
//! quarter of those it held, so the collector's cost stays proportional
//! to allocation, not to the size of the heap. Tuples that hold no
//! container stop being tracked once they survive a collection.
//!
//! A collection of some generations works as CPython's does:
//!
//! 1. each container's count of references from *other examined
//!    containers* is subtracted from its reference count; what remains
//!    above zero is referenced from outside (the interpreter's frames,
//!    native state, objects that are not containers, containers of older
//!    generations);
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

/// What precedes every container in memory: its place on its
/// generation's list (a circular doubly linked list, oldest first) and,
/// during a collection of that generation, its count of references from
/// outside.
#[repr(C)]
pub struct GcLink {
    prev: Cell<*mut GcLink>,
    next: Cell<*mut GcLink>,
    refs: Cell<isize>,
}

/// `refs` of a link that is not on a list (immortal objects, containers
/// found unable to take part in a cycle).
const UNTRACKED: isize = isize::MIN;
/// `refs` of a container on a list that the running collection (if any)
/// does not examine: references it holds are references from outside.
const IDLE: isize = isize::MIN + 1;
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

/// The generations, youngest first. New containers join the first; the
/// survivors of a collection move to the next one (the last keeps its
/// own).
pub const GENERATIONS: usize = 3;
/// `gc.freeze()`'s permanent generation: never collected.
const PERMANENT: usize = GENERATIONS;

/// What the collector counts per generation (`gc.get_stats()`).
#[derive(Clone, Copy, Default)]
pub struct GenStats {
    pub collections: usize,
    pub collected: usize,
}

struct State {
    /// The sentinels of the generations' lists and of the permanent one
    /// (made on first use, never freed).
    heads: [Cell<*mut GcLink>; GENERATIONS + 1],
    /// `gc.get_count()`: for the first generation, containers made minus
    /// containers freed since its last collection; for the others, the
    /// collections of the generation before since their own last one.
    count: [Cell<isize>; GENERATIONS],
    /// `gc.get_threshold()`: a generation is collected once its count
    /// exceeds its threshold (a first threshold of 0 disables automatic
    /// collection).
    threshold: [Cell<isize>; GENERATIONS],
    /// Containers in the oldest generation after the last full
    /// collection, and those moved there since: a full collection waits
    /// until the second is a quarter of the first, so that its cost stays
    /// proportional to what was allocated, not to what is alive.
    long_lived_total: Cell<usize>,
    long_lived_pending: Cell<usize>,
    stats: [Cell<GenStats>; GENERATIONS],
    enabled: Cell<bool>,
    collecting: Cell<bool>,
    auto_pending: Cell<bool>,
}

crate::gil_local! {
    static STATE: State = const {
        State {
            heads: [const { Cell::new(std::ptr::null_mut()) }; GENERATIONS + 1],
            count: [const { Cell::new(0) }; GENERATIONS],
            threshold: [
                Cell::new(DEFAULT_THRESHOLDS[0]),
                Cell::new(DEFAULT_THRESHOLDS[1]),
                Cell::new(DEFAULT_THRESHOLDS[2]),
            ],
            long_lived_total: Cell::new(0),
            long_lived_pending: Cell::new(0),
            stats: [const { Cell::new(GenStats { collections: 0, collected: 0 }) }; GENERATIONS],
            enabled: Cell::new(true),
            collecting: Cell::new(false),
            auto_pending: Cell::new(false),
        }
    };
}

/// CPython's thresholds, `gc.get_threshold()`.
pub const DEFAULT_THRESHOLDS: [isize; GENERATIONS] = [700, 10, 10];

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
        | Kind::Element
        // Instances of metaclasses: classes. (Builtin types are immortal:
        // they have a link but are not on the list.)
        | Kind::Type => true,
        _ => false,
    }
}

/// A fresh sentinel: an empty list.
fn new_list() -> *mut GcLink {
    let h = Box::into_raw(Box::new(GcLink::new()));
    // SAFETY: a fresh sentinel, linked to itself.
    unsafe {
        (*h).prev.set(h);
        (*h).next.set(h);
        (*h).refs.set(0);
    }
    h
}

/// The sentinel of generation `g` (or [`PERMANENT`]).
fn head(st: &State, g: usize) -> *mut GcLink {
    let h = st.heads[g].get();
    if !h.is_null() {
        return h;
    }
    let h = new_list();
    st.heads[g].set(h);
    h
}

/// Puts `l` at the end of the list of sentinel `h`.
///
/// # Safety
/// `l` is live and on no list; `h` is a live sentinel.
unsafe fn append(h: *mut GcLink, l: *mut GcLink) {
    // SAFETY: guaranteed by the caller; the list's links are live.
    unsafe {
        let last = (*h).prev.get();
        (*l).prev.set(last);
        (*l).next.set(h);
        (*last).next.set(l);
        (*h).prev.set(l);
    }
}

/// Takes `l` off its list.
///
/// # Safety
/// `l` is on a list of live links.
unsafe fn remove(l: *mut GcLink) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let (prev, next) = ((*l).prev.get(), (*l).next.get());
        (*prev).next.set(next);
        (*next).prev.set(prev);
    }
}

/// Moves every link of list `from` to the end of list `to`.
///
/// # Safety
/// Both are live sentinels of different lists.
unsafe fn splice(from: *mut GcLink, to: *mut GcLink) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let first = (*from).next.get();
        if first == from {
            return;
        }
        let last = (*from).prev.get();
        let tail = (*to).prev.get();
        (*tail).next.set(first);
        (*first).prev.set(tail);
        (*last).next.set(to);
        (*to).prev.set(last);
        (*from).next.set(from);
        (*from).prev.set(from);
    }
}

/// The links on the list of sentinel `h`, oldest first.
fn list_links(h: *mut GcLink) -> Vec<*mut GcLink> {
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
}

/// Puts a new container at the end of the youngest generation.
///
/// # Safety
/// `l` is the link of a live container, not on a list yet.
pub unsafe fn link(l: *mut GcLink) {
    let _ = STATE.try_with(|st| {
        // SAFETY: guaranteed by the caller; the sentinel is live.
        unsafe {
            (*l).refs.set(IDLE);
            append(head(st, 0), l);
        }
        let c = st.count[0].get() + 1;
        st.count[0].set(c);
        let t = st.threshold[0].get();
        if t > 0 && c > t && st.enabled.get() && !st.collecting.get() && !st.auto_pending.get() {
            st.auto_pending.set(true);
            crate::object::finalize::wake();
        }
    });
}

/// Takes a container that is being freed off its list.
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
        remove(l);
        (*l).refs.set(UNTRACKED);
    }
    let _ = STATE.try_with(|st| {
        let c = st.count[0].get();
        if c > 0 {
            st.count[0].set(c - 1);
        }
    });
}

/// Frees a container allocated by `Value::alloc_gc` (already unlinked).
///
/// # Safety
/// `p` must be the object of a `GcBox<T>` with no references left.
pub unsafe fn dealloc_gc_payload<T: Payload>(p: *mut ObjHeader) {
    // SAFETY: guaranteed by the caller.
    unsafe { drop(Box::from_raw(link_of(p) as *mut GcBox<T>)) }
}

/// The link of `v` when it is a container on a list.
fn tracked_link(v: &Value) -> Option<*mut GcLink> {
    if v.is_small() || !v.type_data().gc_tracked {
        return None;
    }
    let l = link_of(v.id() as *const ObjHeader);
    // SAFETY: objects of collected types all have a link.
    (unsafe { (*l).refs.get() } != UNTRACKED).then_some(l)
}

/// The link of `v` when the running collection examines it.
fn collected_link(v: &Value) -> Option<*mut GcLink> {
    let l = tracked_link(v)?;
    // SAFETY: a tracked link is live.
    (unsafe { (*l).refs.get() } != IDLE).then_some(l)
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

pub fn thresholds() -> [isize; GENERATIONS] {
    STATE.with(|s| std::array::from_fn(|g| s.threshold[g].get()))
}

pub fn set_thresholds(t: [isize; GENERATIONS]) {
    STATE.with(|s| {
        for (cell, v) in s.threshold.iter().zip(t) {
            cell.set(v);
        }
    });
}

/// `gc.get_count()`.
pub fn counts() -> [isize; GENERATIONS] {
    STATE.with(|s| std::array::from_fn(|g| s.count[g].get()))
}

/// `gc.get_stats()` without the uncollectable count (always 0 here).
pub fn stats() -> [GenStats; GENERATIONS] {
    STATE.with(|s| std::array::from_fn(|g| s.stats[g].get()))
}

/// Whether an automatic collection is due (checked with the finalizers).
pub fn auto_pending() -> bool {
    STATE.with(|s| s.auto_pending.get())
}

/// The links of every generation, oldest generation first.
fn links() -> Vec<*mut GcLink> {
    STATE.with(|st| {
        let mut out = Vec::new();
        for g in (0..GENERATIONS).rev() {
            out.extend(list_links(head(st, g)));
        }
        out
    })
}

/// The containers of generation `g`, as new references.
pub fn generation_objects(g: usize) -> Vec<Value> {
    STATE
        .with(|st| list_links(head(st, g)))
        .into_iter()
        .map(|l| from_obj(obj_of(l)))
        .collect()
}

/// `gc.freeze()`: every container moves to the permanent generation,
/// which collections ignore.
pub fn freeze() {
    STATE.with(|st| {
        for g in 0..GENERATIONS {
            // SAFETY: live sentinels of different lists.
            unsafe { splice(head(st, g), head(st, PERMANENT)) };
        }
        st.count[0].set(0);
    });
}

/// `gc.unfreeze()`: the permanent generation joins the oldest.
pub fn unfreeze() {
    STATE.with(|st| {
        // SAFETY: live sentinels of different lists.
        unsafe { splice(head(st, PERMANENT), head(st, GENERATIONS - 1)) };
    });
}

/// `gc.get_freeze_count()`.
pub fn freeze_count() -> usize {
    STATE.with(|st| list_links(head(st, PERMANENT)).len())
}

/// Whether a container on the lists has a finalizer that has not run.
pub fn any_finalizer_pending() -> bool {
    STATE.with(|st| {
        (0..=PERMANENT).any(|g| {
            let h = head(st, g);
            // SAFETY: the list's links are live, and nothing runs while
            // this walks it.
            unsafe {
                let mut l = (*h).next.get();
                while l != h {
                    let o = Value::borrow_bits(obj_of(l) as u64);
                    if o.type_data().has_finalizer.get()
                        && !o.is_finalized()
                        && crate::object::finalize::wants(&o)
                    {
                        return true;
                    }
                    l = (*l).next.get();
                }
            }
            false
        })
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
        Kind::Object => {
            let Some(d) = v.downcast::<InstanceData>() else {
                return false;
            };
            let Some(dict) = d.dict_if_any() else {
                // Shape form: the values are the instance's own.
                d.visit_values(visit);
                return true;
            };
            match owned_dict(dict) {
                // The dict's contents count as the instance's own.
                Some(dd) => {
                    let Ok(t) = dd.table.try_borrow() else {
                        return false;
                    };
                    visit_table(&t, visit);
                }
                None => visit(dict),
            }
        }
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
            let Ok(init) = td.inline_init.try_borrow() else {
                return false;
            };
            if let Some(i) = &init.1 {
                visit(i);
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
        Kind::Element => return crate::modules::elementtree::traverse(v, visit),
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

/// The data of `d` when it is an instance's attribute dict that only the
/// instance holds and the collector does not track (`new_instance_dict`).
fn owned_dict(d: &Value) -> Option<&DictData> {
    if d.is_small() || d.kind() != Kind::Dict || d.refcount() != 1 || tracked_link(d).is_some() {
        return None;
    }
    d.downcast::<DictData>()
}

/// Puts an untracked instance attribute dict (`new_instance_dict`) that has
/// been shared on the youngest generation's list.
pub fn track(v: &Value) {
    if v.is_small() || v.kind() != Kind::Dict || v.type_data().is_heap {
        return;
    }
    let l = link_of(v.id() as *const ObjHeader);
    // SAFETY: objects of collected types all have a link; an untracked
    // one is on no list.
    unsafe {
        if (*l).refs.get() == UNTRACKED {
            link(l);
        }
    }
}

/// Drops the references `v` holds that can take part in a cycle.
fn clear(v: &Value) {
    match v.kind() {
        Kind::Element => crate::modules::elementtree::clear(v),
        Kind::Object => {
            if let Some(d) = v.downcast::<InstanceData>() {
                d.clear_values();
                if let Some(dd) = d.dict_if_any().and_then(owned_dict) {
                    let old = dd
                        .table
                        .try_borrow_mut()
                        .map(|mut t| std::mem::take(&mut *t));
                    drop(old);
                }
            }
        }
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
            let old = td.inline_init.try_borrow_mut().map(|mut i| i.1.take());
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

/// The unreachable containers of the list of sentinel `young`, oldest
/// first: what only cycles keep alive. Containers on other lists count as
/// references from outside. Also returns how many stay reachable. The
/// list's containers are idle again afterwards, and reachable tuples that
/// hold no container leave the list for good (a tuple does not change, so
/// it can never be part of a cycle).
fn find_garbage(young: *mut GcLink) -> (Vec<Value>, usize) {
    // One walk of the list (a chain of dependent loads); the passes below
    // go over this array, whose loads can overlap.
    let all = list_links(young);
    // SAFETY (throughout): the links on the list and their objects are
    // live, and no code runs while this looks at them.
    let object = |l: *mut GcLink| unsafe { Value::borrow_bits(obj_of(l) as u64) };
    for &l in &all {
        // SAFETY: a link on the list, live while this runs (above).
        unsafe { (*l).refs.set(object(l).refcount() as isize) };
    }
    // Subtract the references the examined containers hold to each other.
    for &l in &all {
        let ok = traverse(&object(l), &mut |r| {
            if let Some(l) = collected_link(r) {
                // SAFETY: a link on the list, live while this runs (above).
                unsafe { (*l).refs.set((*l).refs.get() - 1) };
            }
        });
        if !ok {
            // Cannot be looked inside now: kept, with all it holds.
            // SAFETY: a link on the list, live while this runs (above).
            unsafe { (*l).refs.set(isize::MAX / 2) };
        }
    }
    // What is referenced from outside, and all it reaches, is alive.
    let mut reach: Vec<*mut GcLink> = Vec::new();
    for &l in &all {
        // SAFETY: a link on the list, live while this runs (above).
        if unsafe { (*l).refs.get() } > 0 {
            // SAFETY: a link on the list, live while this runs (above).
            unsafe { (*l).refs.set(REACHABLE) };
            reach.push(l);
        }
    }
    while let Some(l) = reach.pop() {
        traverse(&object(l), &mut |r| {
            if let Some(l2) = collected_link(r)
                // SAFETY: a link on the list, live while this runs (above).
                && unsafe { (*l2).refs.get() } != REACHABLE
            {
                // SAFETY: a link on the list, live while this runs (above).
                unsafe { (*l2).refs.set(REACHABLE) };
                reach.push(l2);
            }
        });
    }
    let mut garbage = Vec::new();
    let mut kept = 0;
    for &l in &all {
        // SAFETY: a link on the list, live while this runs (above).
        let reachable = unsafe { (*l).refs.replace(IDLE) } == REACHABLE;
        let o = object(l);
        if !reachable {
            garbage.push((*o).clone());
        } else if o.kind() == Kind::Object {
            // An attribute dict kept elsewhere too is tracked from now on,
            // so that cycles through it are found.
            if let Some(d) = o.downcast::<InstanceData>()
                && let Some(dict) = d.dict_if_any()
                && dict.refcount() > 1
            {
                track(dict);
            }
            kept += 1;
        } else if o.kind() == Kind::Tuple
            && !o.type_data().is_heap
            && o.downcast::<TupleData>()
                .is_some_and(|t| t.items.iter().all(|x| tracked_link(x).is_none()))
        {
            // SAFETY: a link on the list.
            unsafe {
                remove(l);
                (*l).refs.set(UNTRACKED);
            }
        } else {
            kept += 1;
        }
    }
    (garbage, kept)
}

impl Vm {
    /// `gc.collect()`: a full collection; returns how many containers were
    /// found unreachable.
    pub fn collect_cycles(&mut self) -> usize {
        self.collect_generation(GENERATIONS - 1)
    }

    /// An automatic collection: of the oldest generation whose count
    /// exceeds its threshold (the oldest only once enough containers have
    /// moved there since the last full collection).
    pub fn collect_due(&mut self) {
        let due = STATE.with(|st| {
            st.auto_pending.set(false);
            (0..GENERATIONS).rev().find(|&g| {
                st.count[g].get() > st.threshold[g].get()
                    && (g < GENERATIONS - 1
                        || st.long_lived_pending.get() >= st.long_lived_total.get() / 4)
            })
        });
        if let Some(g) = due {
            self.collect_generation(g);
        }
    }

    /// Collects generation `g` and the younger ones: frees their
    /// unreachable cycles and moves the survivors to the next generation.
    /// Returns how many containers were found unreachable.
    pub fn collect_generation(&mut self, g: usize) -> usize {
        if STATE.with(|s| s.collecting.get()) {
            return 0;
        }
        let g = g.min(GENERATIONS - 1);
        STATE.with(|st| st.collecting.set(true));
        self.gc_callbacks("start", g, 0);
        // The containers examined go to a list of their own, so that those
        // made while finalizers run join the youngest generation as usual.
        let young = STATE.with(|st| {
            st.auto_pending.set(false);
            if g + 1 < GENERATIONS {
                st.count[g + 1].set(st.count[g + 1].get() + 1);
            }
            for c in &st.count[..=g] {
                c.set(0);
            }
            let young = new_list();
            for i in 0..=g {
                // SAFETY: live sentinels of different lists.
                unsafe { splice(head(st, i), young) };
            }
            young
        });
        // Finalizers queued by ordinary deallocation run first.
        self.run_pending_finalizers_only();
        let (mut garbage, mut survivors) = find_garbage(young);
        let found = garbage.len();
        // Run the finalizers of the garbage, once each.
        let mut ran = false;
        for x in &garbage {
            if x.type_data().has_finalizer.get()
                && !x.is_finalized()
                && crate::object::finalize::wants(x)
            {
                x.mark_finalized();
                self.finalize_now(x);
                ran = true;
            }
        }
        if ran {
            // A finalizer may have made some of it reachable again.
            let keep: std::collections::HashSet<i64, crate::object::IdBuildHasher> =
                garbage.iter().map(|x| x.id()).collect();
            drop(garbage);
            let (again, kept) = find_garbage(young);
            let unreachable = again.len();
            garbage = again
                .into_iter()
                .filter(|x| keep.contains(&x.id()))
                .collect();
            // What became garbage only now is left for the next time.
            survivors = kept + unreachable - garbage.len();
        }
        for x in &garbage {
            clear(x);
        }
        drop(garbage);
        // What is left survived: it moves on.
        STATE.with(|st| {
            let to = (g + 1).min(GENERATIONS - 1);
            // SAFETY: live sentinels of different lists.
            unsafe { splice(young, head(st, to)) };
            // SAFETY: the temporary sentinel is empty and on no list now.
            unsafe { drop(Box::from_raw(young)) };
            if g == GENERATIONS - 1 {
                // Everything was examined: the oldest generation is what
                // survived.
                st.long_lived_pending.set(0);
                st.long_lived_total.set(survivors);
            } else if to == GENERATIONS - 1 {
                st.long_lived_pending
                    .set(st.long_lived_pending.get() + survivors);
            }
            let mut s = st.stats[g].get();
            s.collections += 1;
            s.collected += found;
            st.stats[g].set(s);
        });
        self.gc_callbacks("stop", g, found);
        STATE.with(|st| st.collecting.set(false));
        found
    }
}
