//! Weak references (`weakref.ref`, proxies): the objects, the side table
//! from targets to their references, and the callbacks. The `_weakref`
//! module is in `crate::modules::weakref`.
//!
//! A weak reference records its target's address without owning it. A
//! side table maps each target to the weak references that point at it;
//! the object model calls [`target_dying`] when an object of a kind that
//! can be weakly referenced is freed. That clears the references and
//! queues their callbacks, which run at the next call the interpreter makes
//! ([`run_pending_callbacks`]), since a destructor has no interpreter to
//! run Python code with.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::object::types::{Kind, types};
use crate::object::{Payload, PyObj, Value};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

pub struct WeakrefData {
    /// The target's address; 0 once it is gone.
    target: Cell<usize>,
    callback: RefCell<Option<Value>>,
    hash: Cell<Option<i64>>,
}

impl Payload for WeakrefData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::WeakRef
    }
}

crate::gil_local! {
    /// Target address -> addresses of the weak reference objects to it.
    static TABLE: RefCell<HashMap<usize, Vec<usize>>> = RefCell::new(HashMap::new());
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PENDING: RefCell<Vec<(Value, Value)>> = const { RefCell::new(Vec::new()) };
    static HAS_PENDING: Cell<bool> = const { Cell::new(false) };
}

impl Drop for WeakrefData {
    fn drop(&mut self) {
        let target = self.target.get();
        if target == 0 {
            return;
        }
        let me =
            self as *const WeakrefData as usize - std::mem::offset_of!(PyObj<WeakrefData>, data);
        // try_with: weak references may be freed while thread-locals are
        // torn down at exit.
        let _ = TABLE.try_with(|t| {
            if let Ok(mut t) = t.try_borrow_mut()
                && let Some(v) = t.get_mut(&target)
            {
                v.retain(|&r| r != me);
                if v.is_empty() {
                    t.remove(&target);
                }
            }
        });
        let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(1)));
    }
}

/// Whether objects of this kind (and class) can be weakly referenced.
pub fn weakrefable(v: &Value) -> bool {
    if v.is_small() {
        return false;
    }
    let td = v.type_data();
    match td.kind {
        Kind::Object => td.is_heap || v.is_exact(&types().simple_namespace),
        Kind::Type
        | Kind::Function
        | Kind::BuiltinFunction
        | Kind::Method
        | Kind::Set
        | Kind::FrozenSet
        | Kind::Generator
        | Kind::Module
        | Kind::Exception
        | Kind::Code
        | Kind::MemoryView
        | Kind::Array
        | Kind::Element
        | Kind::XmlParser
        | Kind::File => true,
        Kind::List | Kind::Dict => td.is_heap,
        Kind::Native => td.has_weakref.get(),
        // `_socket.socket` has no weak reference slot; `socket.socket`
        // declares one.
        Kind::Socket => !v.is_exact(&types().socket) && td.has_weakref.get(),
        _ => false,
    }
}

/// Whether any weak reference is alive (the object model's quick test).
#[inline]
pub fn any_live() -> bool {
    LIVE.try_with(|l| l.get() != 0).unwrap_or(false)
}

/// Called by the object model just before an object at `addr` is freed:
/// clears the weak references to it and queues their callbacks.
pub(crate) fn target_dying(addr: usize) {
    let Some(refs) = TABLE
        .try_with(|t| t.try_borrow_mut().ok().and_then(|mut t| t.remove(&addr)))
        .ok()
        .flatten()
    else {
        return;
    };
    let mut queued = Vec::new();
    for &r in refs.iter().rev() {
        // SAFETY: a weak reference object unregisters itself from TABLE
        // when freed, so every address still listed is a live object.
        let rv = unsafe { Value::borrow_bits(r as u64) };
        if let Some(d) = rv.downcast::<WeakrefData>() {
            d.target.set(0);
            let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(1)));
            // A weak reference that is itself being freed (its count is
            // zero: its attributes held the last reference to the target)
            // gets no callback, as in CPython.
            if rv.refcount() == 0 {
                continue;
            }
            if let Some(cb) = d.callback.borrow_mut().take() {
                queued.push((cb, (*rv).clone()));
            }
        }
    }
    if !queued.is_empty() {
        let _ = PENDING.try_with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                p.extend(queued);
            }
        });
        let _ = HAS_PENDING.try_with(|h| h.set(true));
        crate::object::finalize::wake();
    }
}

/// `obj.__weakref__`: the first weak reference to `obj` still alive.
pub fn first_ref(obj: &Value) -> Option<Value> {
    let refs = TABLE.with(|t| t.borrow().get(&(obj.id() as usize)).cloned())?;
    let r = *refs.first()?;
    // SAFETY: listed addresses are live weak references (see Drop).
    Some(unsafe { (*Value::borrow_bits(r as u64)).clone() })
}

/// Runs the callbacks of weak references whose targets have died.
#[inline]
pub fn run_pending_callbacks(vm: &mut Vm) {
    if HAS_PENDING.with(|h| h.get()) {
        run_pending_slow(vm);
    }
}

#[cold]
fn run_pending_slow(vm: &mut Vm) {
    loop {
        let batch = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        HAS_PENDING.with(|h| h.set(false));
        if batch.is_empty() {
            return;
        }
        for (cb, r) in batch {
            crate::gil::note_python_ran();
            if let Err(e) = vm.call(&cb, &[r], &[]) {
                // As CPython: reported through sys.unraisablehook.
                vm.unraisable(&e, &cb, None);
            }
        }
    }
}

/// The target of a weak reference, if it is still alive.
pub fn target(r: &Value) -> Option<Value> {
    let d = r.downcast::<WeakrefData>()?;
    let addr = d.target.get();
    if addr == 0 {
        return None;
    }
    // SAFETY: the target is alive: it clears this reference before it dies.
    Some(unsafe { (*Value::borrow_bits(addr as u64)).clone() })
}

/// A new weak reference of type `ty` to `obj`.
pub fn new_ref(vm: &mut Vm, ty: &Value, obj: &Value, callback: Option<Value>) -> PyResult {
    if !weakrefable(obj) {
        return Err(vm.type_error(format!(
            "cannot create weak reference to '{}' object",
            obj.type_data().name
        )));
    }
    let callback = callback.filter(|c| !c.is(&types().none));
    // Plain references without callbacks are shared, as in CPython.
    if callback.is_none() && ty.is(&types().weakref) {
        let existing = TABLE.with(|t| t.borrow().get(&(obj.id() as usize)).cloned());
        for r in existing.unwrap_or_default() {
            // SAFETY: listed addresses are live weak references (see Drop).
            let rv = unsafe { Value::borrow_bits(r as u64) };
            if rv.is_exact(ty)
                && rv
                    .downcast::<WeakrefData>()
                    .is_some_and(|d| d.callback.borrow().is_none())
            {
                return Ok((*rv).clone());
            }
        }
    }
    let addr = obj.id() as usize;
    obj.mark_weakly_referenced();
    let r = Value::alloc(
        ty,
        WeakrefData {
            target: Cell::new(addr),
            callback: RefCell::new(callback),
            hash: Cell::new(None),
        },
    );
    TABLE.with(|t| {
        t.borrow_mut()
            .entry(addr)
            .or_default()
            .push(r.id() as usize)
    });
    LIVE.with(|l| l.set(l.get() + 1));
    Ok(r)
}

pub(crate) fn refs_to(obj: &Value) -> Vec<Value> {
    let addrs = TABLE
        .with(|t| t.borrow().get(&(obj.id() as usize)).cloned())
        .unwrap_or_default();
    addrs
        .into_iter()
        // SAFETY: listed addresses are live weak references (see Drop).
        .map(|a| unsafe { (*Value::borrow_bits(a as u64)).clone() })
        .collect()
}

/// `ref.__callback__`.
pub fn callback_of(r: &Value) -> Option<Value> {
    r.downcast::<WeakrefData>().map(|d| {
        d.callback
            .borrow()
            .clone()
            .unwrap_or_else(|| types().none.clone())
    })
}

pub fn is_proxy(v: &Value) -> bool {
    let t = types();
    v.is_exact(&t.weakproxy) || v.is_exact(&t.weakcallableproxy)
}

/// The live target of a proxy, or ReferenceError.
pub fn proxy_target(vm: &Vm, p: &Value) -> PyResult {
    target(p).ok_or_else(|| {
        vm.err(
            &types().exc.reference_error,
            "weakly-referenced object no longer exists",
        )
    })
}

pub fn ref_new(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "__new__", a, 2, 3)?;
    let cls = a[0].clone();
    let base = types().weakref.clone();
    let r = new_ref(vm, &base, &a[1], a.get(2).cloned())?;
    if cls.is(&base) {
        return Ok(r);
    }
    // A subclass (weakref.KeyedRef): a fresh reference of that class.
    let cb = r
        .downcast::<WeakrefData>()
        .and_then(|d| d.callback.borrow().clone());
    drop(r);
    let addr = a[1].id() as usize;
    a[1].mark_weakly_referenced();
    let sub = Value::alloc(
        &cls,
        WeakrefData {
            target: Cell::new(addr),
            callback: RefCell::new(cb),
            hash: Cell::new(None),
        },
    );
    TABLE.with(|t| {
        t.borrow_mut()
            .entry(addr)
            .or_default()
            .push(sub.id() as usize)
    });
    LIVE.with(|l| l.set(l.get() + 1));
    Ok(sub)
}

pub fn ref_repr(_vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let r = &a[0];
    let kind = if is_proxy(r) { "weakproxy" } else { "weakref" };
    Ok(new_str(&match target(r) {
        None => format!("<{kind} at {:#x}; dead>", r.id()),
        Some(t) => format!(
            "<{kind} at {:#x}; to '{}' at {:#x}>",
            r.id(),
            t.type_data().name,
            t.id()
        ),
    }))
}

pub fn register_types() {
    let t = types();
    let ref_methods: &[(&'static str, NativeFn)] = &[
        ("__call__", |vm, a, _| {
            check_args(vm, "weakref", &a[1..], 0, 0)?;
            Ok(target(&a[0]).unwrap_or_else(|| vm.none()))
        }),
        ("__init__", |vm, _a, _| Ok(vm.none())),
        ("__repr__", ref_repr),
        ("__hash__", |vm, a, _| {
            let Some(d) = a[0].downcast::<WeakrefData>() else {
                return Err(vm.type_error("descriptor '__hash__' requires a 'weakref' object"));
            };
            if let Some(h) = d.hash.get() {
                return Ok(crate::objects::int::from_i64(h));
            }
            let Some(obj) = target(&a[0]) else {
                return Err(vm.type_error("weak object has gone away"));
            };
            let h = vm.hash(&obj)?;
            d.hash.set(Some(h));
            Ok(crate::objects::int::from_i64(h))
        }),
        ("__eq__", |vm, a, _| {
            if a.len() != 2 || a[1].kind() != Kind::WeakRef {
                return Ok(types().not_implemented.clone());
            }
            match (target(&a[0]), target(&a[1])) {
                (Some(x), Some(y)) => Ok(py_bool(vm.eq(&x, &y)?)),
                _ => Ok(py_bool(a[0].is(&a[1]))),
            }
        }),
        ("__ne__", |vm, a, _| {
            if a.len() != 2 || a[1].kind() != Kind::WeakRef {
                return Ok(types().not_implemented.clone());
            }
            match (target(&a[0]), target(&a[1])) {
                (Some(x), Some(y)) => Ok(py_bool(!vm.eq(&x, &y)?)),
                _ => Ok(py_bool(!a[0].is(&a[1]))),
            }
        }),
    ];
    crate::objects::str_methods::add_methods(&t.weakref, "weakref", ref_methods);
    let new = crate::objects::function::new_builtin("__new__", ref_new);
    t.weakref.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    for (ty, name) in [
        (&t.weakref, "ReferenceType"),
        (&t.weakproxy, "ProxyType"),
        (&t.weakcallableproxy, "CallableProxyType"),
    ] {
        let mut d = ty.type_data_of_type().dict_mut();
        d.set_str("__module__", new_str("weakref"));
        *ty.type_data_of_type().qualname.borrow_mut() = name.to_string();
    }
    for ty in [&t.weakproxy, &t.weakcallableproxy] {
        crate::objects::str_methods::add_methods(ty, "weakproxy", &[("__repr__", ref_repr)]);
    }
    crate::objects::str_methods::add_methods(
        &t.weakcallableproxy,
        "weakcallableproxy",
        &[("__call__", |vm, a, k| {
            let obj = proxy_target(vm, &a[0])?;
            vm.call(&obj, &a[1..], k)
        })],
    );
}
