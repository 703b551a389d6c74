//! `_abc`: the native core of `abc.ABCMeta`, as CPython 3.11's `_abc.c`
//! offers it (`abc` falls back to the pure-Python `_py_abc` without it).
//! Each ABC keeps an `_abc_data` object in its `_abc_impl` attribute: the
//! classes registered with it, and the positive and negative caches of
//! subclass checks, all held by weak references; a global counter
//! invalidates every negative cache when a class is registered anywhere.
//!
//! Beyond speed, this matters for behaviour: no Python frames of `_py_abc`
//! appear between `isinstance` and `__subclasshook__` (typing's protocol
//! checks look at their caller's module), and the `__abc_tpflags__` of
//! `collections.abc` become the classes' collection flags that `match`
//! reads (also for registered classes).

use std::cell::Cell;
use std::collections::HashMap;

use crate::object::Value;
use crate::object::types::{Kind, TypeData, types};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

/// A set of classes held weakly: target address -> weak reference. An
/// entry whose class died (its reference cleared) counts as absent.
#[derive(Default, Clone)]
struct WeakSet(HashMap<usize, Value>);

impl WeakSet {
    fn contains(&self, cls: &Value) -> bool {
        self.0
            .get(&(cls.id() as usize))
            .and_then(crate::objects::weakref::target)
            .is_some_and(|t| t.is(cls))
    }

    /// Adds the class `weak` refers to (a live weak reference).
    fn add(&mut self, weak: Value) {
        let Some(cls) = crate::objects::weakref::target(&weak) else {
            return;
        };
        // Entries of dead classes go once they could double the set.
        if self.0.len() >= 64 && self.0.len().is_power_of_two() {
            self.0
                .retain(|_, r| crate::objects::weakref::target(r).is_some());
        }
        self.0.insert(cls.id() as usize, weak);
    }

    /// The live classes.
    fn live(&self) -> Vec<Value> {
        self.0
            .values()
            .filter_map(crate::objects::weakref::target)
            .collect()
    }

    /// A `set` of the live weak references, as `_get_dump` shows them.
    fn dump(&self, vm: &mut Vm) -> PyResult {
        let s = crate::objects::set::new_set(&types().set);
        for r in self.0.values() {
            if crate::objects::weakref::target(r).is_some() {
                crate::objects::set::add(vm, &s, r.clone())?;
            }
        }
        Ok(s)
    }
}

/// The state of one ABC (`_abc_data`).
#[derive(Default, Clone)]
struct AbcData {
    registry: WeakSet,
    cache: WeakSet,
    negative_cache: WeakSet,
    negative_cache_version: u64,
}

crate::gil_local! {
    /// Bumped by every registration: negative caches older than it are
    /// stale.
    static INVALIDATION_COUNTER: Cell<u64> = const { Cell::new(0) };
    static DATA_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn counter() -> u64 {
    INVALIDATION_COUNTER.with(Cell::get)
}

fn data_type() -> Value {
    DATA_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("_abc._abc_data"))
            .clone()
    })
}

/// The `_abc_data` of `cls`.
fn impl_of(vm: &mut Vm, cls: &Value) -> PyResult<Value> {
    let d = vm.getattr_str(cls, "_abc_impl")?;
    if !d.class().is(&data_type()) {
        return Err(vm.type_error("_abc_impl is set to a wrong type"));
    }
    Ok(d)
}

/// Runs `f` on the state of an `_abc_data` (no Python code may run in it).
fn with_data<R>(vm: &Vm, d: &Value, f: impl FnOnce(&mut AbcData) -> R) -> PyResult<R> {
    with_state(vm, d, "_abc._abc_data", f)
}

/// `obj.name(*args)`, the attribute found as `getattr` finds it (on a
/// class: in the class first, then in its metaclass).
fn call_attr(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult {
    let m = vm.getattr_str(obj, name)?;
    vm.call(&m, args, &[])
}

/// `CPython`'s `_PyObject_IsAbstract`: a true `__isabstractmethod__`.
fn is_abstract(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match vm.lookup_attr(v, "__isabstractmethod__")? {
        Some(flag) => vm.truthy(&flag),
        None => Ok(false),
    }
}

/// Sets `cls.__abstractmethods__`: the abstract methods it defines, and
/// those of its bases it does not override.
fn compute_abstract_methods(vm: &mut Vm, cls: &Value) -> PyResult<()> {
    let mut abstracts: Vec<Value> = Vec::new();
    let ns = vm.getattr_str(cls, "__dict__")?;
    let keys = vm.call_method(&ns, "keys", &[])?;
    for key in vm.iterate(&keys)? {
        let value = vm.getitem(&ns, &key)?;
        if is_abstract(vm, &value)? {
            abstracts.push(key);
        }
    }
    let bases = vm.getattr_str(cls, "__bases__")?;
    let Some(bases) = bases.downcast::<TupleData>().map(|t| t.items.to_vec()) else {
        return Err(vm.type_error("__bases__ is not tuple"));
    };
    for base in bases {
        let Some(names) = vm.lookup_attr(&base, "__abstractmethods__")? else {
            continue;
        };
        for name in vm.iterate(&names)? {
            let Some(name_str) = crate::objects::str::as_str(&name).map(str::to_string) else {
                // getattr with a non-str name raises as CPython's does.
                vm.getattr(cls, &name)?;
                continue;
            };
            let Some(value) = vm.lookup_attr(cls, &name_str)? else {
                continue;
            };
            if is_abstract(vm, &value)? {
                abstracts.push(name);
            }
        }
    }
    let fs = vm.call(
        &types().frozenset,
        &[crate::objects::list::new_list(abstracts)],
        &[],
    )?;
    vm.setattr_str(cls, "__abstractmethods__", fs)
}

/// `Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING`.
const COLLECTION_FLAGS: i64 = (1 << 5) | (1 << 6);

/// Gives `cls` and its subclasses the collection flag of an ABC it was
/// registered with, unless they have one.
fn set_collection_flag_recursive(cls: &Value, flag: i64) {
    let Some(td) = cls.downcast::<TypeData>() else {
        return;
    };
    if !td.is_heap || td.abc_flags.get() & COLLECTION_FLAGS != 0 {
        return;
    }
    td.abc_flags.set(td.abc_flags.get() | flag);
    let subs: Vec<Value> = td.subclasses.borrow().clone();
    for s in subs {
        set_collection_flag_recursive(&s, flag);
    }
}

/// `_abc_init(cls)`.
fn abc_init(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "_abc_init", a, 1, 1)?;
    let cls = &a[0];
    compute_abstract_methods(vm, cls)?;
    let data = new_native(&data_type(), AbcData::default());
    vm.setattr_str(cls, "_abc_impl", data)?;
    if let Some(td) = cls.downcast::<TypeData>() {
        let flags = td.dict.borrow().get_str("__abc_tpflags__");
        if let Some(flags) = flags {
            if let Some(f) = crate::objects::int::to_i64(&flags) {
                td.abc_flags
                    .set(td.abc_flags.get() | (f & COLLECTION_FLAGS));
            }
            td.dict_mut().del_str("__abc_tpflags__");
            td.version.set(td.version.get() + 1);
        }
    }
    Ok(vm.none())
}

/// `_abc_register(cls, subclass)`.
fn abc_register(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "_abc_register", a, 2, 2)?;
    let (cls, sub) = (&a[0], &a[1]);
    if sub.kind() != Kind::Type {
        return Err(vm.type_error("Can only register classes"));
    }
    if crate::builtins::issubclass_check(vm, sub, cls)? {
        return Ok(sub.clone());
    }
    if crate::builtins::issubclass_check(vm, cls, sub)? {
        return Err(vm.runtime_error("Refusing to create an inheritance cycle"));
    }
    let d = impl_of(vm, cls)?;
    add_to(vm, &d, sub, |s| &mut s.registry)?;
    INVALIDATION_COUNTER.with(|c| c.set(c.get() + 1));
    if let Some(td) = cls.downcast::<TypeData>() {
        let flag = td.abc_flags.get() & COLLECTION_FLAGS;
        if flag != 0 {
            set_collection_flag_recursive(sub, flag);
        }
    }
    Ok(sub.clone())
}

/// Adds `cls` to one of the sets of `d` (`which`), held weakly.
fn add_to(
    vm: &mut Vm,
    d: &Value,
    cls: &Value,
    which: fn(&mut AbcData) -> &mut WeakSet,
) -> PyResult<()> {
    if with_data(vm, d, |s| which(s).contains(cls))? {
        return Ok(());
    }
    let weak = crate::objects::weakref::new_ref(vm, &types().weakref, cls, None)?;
    with_data(vm, d, |s| which(s).add(weak))
}

/// Adds `cls` to the positive or the negative cache of `d`.
fn remember(vm: &mut Vm, d: &Value, cls: &Value, positive: bool) -> PyResult<()> {
    if positive {
        add_to(vm, d, cls, |s| &mut s.cache)
    } else {
        add_to(vm, d, cls, |s| &mut s.negative_cache)
    }
}

/// `_abc_instancecheck(cls, instance)`.
fn abc_instancecheck(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "_abc_instancecheck", a, 2, 2)?;
    let (cls, instance) = (&a[0], &a[1]);
    let d = impl_of(vm, cls)?;
    let subclass = vm.getattr_str(instance, "__class__")?;
    if with_data(vm, &d, |s| s.cache.contains(&subclass))? {
        return Ok(py_bool(true));
    }
    let subtype = instance.class();
    if subtype.is(&subclass) {
        let known_not = with_data(vm, &d, |s| {
            s.negative_cache_version == counter() && s.negative_cache.contains(&subclass)
        })?;
        if known_not {
            return Ok(py_bool(false));
        }
        return call_attr(vm, cls, "__subclasscheck__", &[subclass]);
    }
    let r = call_attr(vm, cls, "__subclasscheck__", &[subclass])?;
    if vm.truthy(&r)? {
        return Ok(r);
    }
    call_attr(vm, cls, "__subclasscheck__", &[subtype])
}

/// `_abc_subclasscheck(cls, subclass)`.
fn abc_subclasscheck(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    check_args(vm, "_abc_subclasscheck", a, 2, 2)?;
    let (cls, sub) = (&a[0], &a[1]);
    if sub.kind() != Kind::Type {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    let d = impl_of(vm, cls)?;
    // 1. The positive cache.
    if with_data(vm, &d, |s| s.cache.contains(sub))? {
        return Ok(py_bool(true));
    }
    // 2. The negative cache, dropped if a registration made it stale.
    let known_not = with_data(vm, &d, |s| {
        if s.negative_cache_version < counter() {
            s.negative_cache = WeakSet::default();
            s.negative_cache_version = counter();
            false
        } else {
            s.negative_cache.contains(sub)
        }
    })?;
    if known_not {
        return Ok(py_bool(false));
    }
    // 3. The subclass hook.
    let t = types();
    let ok = call_attr(vm, cls, "__subclasshook__", std::slice::from_ref(sub))?;
    if ok.is(&t.true_) {
        remember(vm, &d, sub, true)?;
        return Ok(py_bool(true));
    }
    if ok.is(&t.false_) {
        remember(vm, &d, sub, false)?;
        return Ok(py_bool(false));
    }
    if !ok.is(&t.not_implemented) {
        return Err(vm.err(
            &t.exc.assertion_error,
            "__subclasshook__ must return either False, True, or NotImplemented",
        ));
    }
    // 4. A direct subclass.
    let mro = sub.type_data_of_type().mro.borrow().clone();
    if mro.iter().any(|c| c.is(cls)) {
        remember(vm, &d, sub, true)?;
        return Ok(py_bool(true));
    }
    // 5. A subclass of a registered class.
    let registered = with_data(vm, &d, |s| {
        if s.registry.contains(sub) {
            None
        } else {
            Some(s.registry.live())
        }
    })?;
    match registered {
        None => return Ok(py_bool(true)),
        Some(classes) => {
            for r in classes {
                if crate::builtins::issubclass_check(vm, sub, &r)? {
                    remember(vm, &d, sub, true)?;
                    return Ok(py_bool(true));
                }
            }
        }
    }
    // 6. A subclass of a subclass.
    let subclasses = call_attr(vm, cls, "__subclasses__", &[])?;
    let Some(list) = subclasses
        .downcast::<crate::objects::list::ListData>()
        .map(|l| l.items.borrow().clone())
    else {
        return Err(vm.type_error("__subclasses__() must return a list"));
    };
    for scls in list {
        if crate::builtins::issubclass_check(vm, sub, &scls)? {
            remember(vm, &d, sub, true)?;
            return Ok(py_bool(true));
        }
    }
    remember(vm, &d, sub, false)?;
    Ok(py_bool(false))
}

const FUNCS: &[(&str, NativeFn)] = &[
    ("_abc_init", abc_init),
    ("_abc_register", abc_register),
    ("_abc_instancecheck", abc_instancecheck),
    ("_abc_subclasscheck", abc_subclasscheck),
    ("_get_dump", |vm, a, _| {
        check_args(vm, "_get_dump", a, 1, 1)?;
        let d = impl_of(vm, &a[0])?;
        let data = with_data(vm, &d, |s| s.clone())?;
        Ok(new_tuple(vec![
            data.registry.dump(vm)?,
            data.cache.dump(vm)?,
            data.negative_cache.dump(vm)?,
            from_i64(data.negative_cache_version as i64),
        ]))
    }),
    ("_reset_registry", |vm, a, _| {
        check_args(vm, "_reset_registry", a, 1, 1)?;
        let d = impl_of(vm, &a[0])?;
        with_data(vm, &d, |s| s.registry = WeakSet::default())?;
        Ok(vm.none())
    }),
    ("_reset_caches", |vm, a, _| {
        check_args(vm, "_reset_caches", a, 1, 1)?;
        let d = impl_of(vm, &a[0])?;
        with_data(vm, &d, |s| {
            s.cache = WeakSet::default();
            s.negative_cache = WeakSet::default();
        })?;
        Ok(vm.none())
    }),
    ("get_cache_token", |vm, a, _| {
        check_args(vm, "get_cache_token", a, 0, 0)?;
        Ok(from_i64(counter() as i64))
    }),
];

pub fn make(_vm: &mut Vm) -> Value {
    super::make_module("_abc", FUNCS, Vec::new())
}
