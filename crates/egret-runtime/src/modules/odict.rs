//! `collections.OrderedDict`, as CPython's C type (Objects/odictobject.c):
//! the type's methods, its views (`odict_keys`, `odict_values`,
//! `odict_items`) and its iterator (`odict_iterator`). `_collections`
//! exports it and `collections` picks it up, as in CPython.
//!
//! An OrderedDict is a dict object whose type is OrderedDict: egret's dict
//! already keeps insertion order, so the dict's own table is the order, and
//! every dict operation works on it unchanged (`od[k] = v` takes the dict's
//! path, compiled code's included). The table also counts the changes of
//! its order (`DictTable::order_state`, CPython's `od_state`): a key added,
//! removed or moved. Iterators compare it to report a mutation during
//! iteration, and compare the size to report a `clear()`, in CPython's
//! words. Moving keys (`move_to_end`) lives in `dict`, beside the table.
//!
//! The methods that CPython routes through `PyObject_SetItem` and friends
//! (`__init__`, `update`, `setdefault`, `copy`, `fromkeys`, `|`) call
//! `vm.setitem` here too, so a subclass's overrides are honoured; `pop`,
//! `popitem` and `move_to_end` work on the table, as CPython 3.11's do.

use std::cell::RefCell;

use crate::object::Value;
use crate::object::types::{Kind, isinstance, types};
use crate::objects::dict::{DictData, DictTable, DictViewData, ViewKind};
use crate::objects::function::NativeFn;
use crate::objects::iter::{IterState, NativeIter, new_iter};
use crate::objects::str::new_str;
use crate::objects::str_methods::add_methods;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, clinic_args};
use crate::vm::{PyResult, Vm, py_bool};

/// CPython's `tp_name` of the type, which its error messages show.
const TP_NAME: &str = "collections.OrderedDict";

// ----- receivers and arguments -----

/// The OrderedDict a method was called on. CPython words the errors of its
/// slot wrappers (`__init__`, `__iter__`, `__eq__`, ...) and of its plain
/// methods (`keys`, `move_to_end`, ...) differently.
fn receiver<'a>(vm: &Vm, a: &'a [Value], name: &str, slot: bool) -> PyResult<&'a Value> {
    match a.first() {
        Some(v) if isinstance(v, &types().ordered_dict) => Ok(v),
        Some(v) => {
            let got = &v.type_data().name;
            Err(vm.type_error(if slot {
                format!("descriptor '{name}' requires a '{TP_NAME}' object but received a '{got}'")
            } else {
                format!(
                    "descriptor '{name}' for '{TP_NAME}' objects doesn't apply to a '{got}' object"
                )
            }))
        }
        None => Err(vm.type_error(if slot {
            format!("descriptor '{name}' of '{TP_NAME}' object needs an argument")
        } else {
            format!("unbound method OrderedDict.{name}() needs an argument")
        })),
    }
}

/// The table of a dict object (an OrderedDict's layout is a dict's).
fn table<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<DictTable>> {
    v.downcast::<DictData>()
        .map(|d| &d.table)
        .ok_or_else(|| vm.type_error(format!("'{}' object is not a dict", v.type_data().name)))
}

/// A slot wrapper's arguments: exactly `n` besides the receiver.
fn slot_args(vm: &Vm, a: &[Value], k: Kw, name: &str, n: usize) -> PyResult<()> {
    if !k.is_empty() {
        return Err(vm.type_error(format!("wrapper {name}() takes no keyword arguments")));
    }
    let got = a.len().saturating_sub(1);
    if got != n {
        let s = if n == 1 { "" } else { "s" };
        return Err(vm.type_error(format!("expected {n} argument{s}, got {got}")));
    }
    Ok(())
}

/// An OrderedDict method without arguments (`METH_NOARGS`).
fn no_args(vm: &Vm, a: &[Value], k: Kw, name: &str) -> PyResult<()> {
    no_args_named(vm, a, k, &format!("OrderedDict.{name}"))
}

fn no_args_named(vm: &Vm, a: &[Value], k: Kw, qualname: &str) -> PyResult<()> {
    if !k.is_empty() {
        return Err(vm.type_error(format!("{qualname}() takes no keyword arguments")));
    }
    if a.len() > 1 {
        return Err(vm.type_error(format!(
            "{qualname}() takes no arguments ({} given)",
            a.len() - 1
        )));
    }
    Ok(())
}

/// A boolean argument (`last=`): any object, by its truth.
fn flag(vm: &mut Vm, v: Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.truthy(&v),
        None => Ok(default),
    }
}

// ----- iteration -----

/// What an `odict_iterator` walks: dense positions of the table, which
/// stay valid as long as its order state is unchanged.
struct ODictIter {
    /// None once the iterator has finished (or reported a mutation).
    od: Option<Value>,
    /// The dense position of the next entry; None when there is none.
    current: Option<usize>,
    /// The order state and the size when iteration began; the size is
    /// None after a change of size was reported (the report sticks).
    state: u32,
    size: Option<usize>,
    which: ViewKind,
    reverse: bool,
}

impl NativeIter for ODictIter {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(od) = self.od.clone() else {
            return Ok(None);
        };
        let Some(pos) = self.current else {
            self.od = None;
            return Ok(None);
        };
        let t = table(vm, &od)?;
        let tb = t.borrow();
        if tb.order_state() != self.state {
            drop(tb);
            self.od = None;
            return Err(vm.runtime_error("OrderedDict mutated during iteration"));
        }
        if self.size != Some(tb.len()) {
            drop(tb);
            self.size = None;
            return Err(vm.runtime_error("OrderedDict changed size during iteration"));
        }
        let Some(e) = tb.entry_at(pos) else {
            drop(tb);
            self.od = None;
            return Err(vm.runtime_error("OrderedDict mutated during iteration"));
        };
        let item = match self.which {
            ViewKind::Keys => e.key.clone(),
            ViewKind::Values => e.value.clone(),
            ViewKind::Items => new_tuple(vec![e.key.clone(), e.value.clone()]),
        };
        self.current = if self.reverse {
            tb.live_before(pos)
        } else {
            tb.live_from(pos + 1)
        };
        Ok(Some(item))
    }
}

fn odict_iter(vm: &Vm, od: &Value, which: ViewKind, reverse: bool) -> PyResult {
    let tb = table(vm, od)?.borrow();
    let current = if reverse {
        tb.live_before(usize::MAX)
    } else {
        tb.live_from(0)
    };
    let it = ODictIter {
        od: Some(od.clone()),
        current,
        state: tb.order_state(),
        size: Some(tb.len()),
        which,
        reverse,
    };
    Ok(new_iter(
        &types().odict_iterator,
        IterState::Native(Box::new(it)),
    ))
}

fn view(od: &Value, which: ViewKind) -> Value {
    let t = types();
    let ty = match which {
        ViewKind::Keys => &t.odict_keys,
        ViewKind::Values => &t.odict_values,
        ViewKind::Items => &t.odict_items,
    };
    Value::alloc(
        ty,
        DictViewData {
            dict: od.clone(),
            which,
        },
    )
}

/// `iter()` (`REVERSE` false, a slot wrapper) or `reversed()` (a method) of
/// an `odict_keys` (`W` 0), `odict_values` (1) or `odict_items` (2).
fn view_iter<const W: u8, const REVERSE: bool>(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let t = types();
    let (ty, tname) = match W {
        0 => (&t.odict_keys, "odict_keys"),
        1 => (&t.odict_values, "odict_values"),
        _ => (&t.odict_items, "odict_items"),
    };
    let name = if REVERSE { "__reversed__" } else { "__iter__" };
    let dv = match a.first() {
        Some(v) if isinstance(v, ty) => v.downcast::<DictViewData>(),
        _ => None,
    };
    let Some(dv) = dv else {
        let got = a
            .first()
            .map_or_else(|| "NoneType".to_string(), |v| v.type_data().name.clone());
        return Err(vm.type_error(if REVERSE {
            format!("descriptor '{name}' for '{tname}' objects doesn't apply to a '{got}' object")
        } else {
            format!("descriptor '{name}' requires a '{tname}' object but received a '{got}'")
        }));
    };
    if REVERSE {
        no_args_named(vm, a, k, &format!("{tname}.{name}"))?;
    } else {
        slot_args(vm, a, k, name, 0)?;
    }
    odict_iter(vm, &dv.dict, dv.which, REVERSE)
}

// ----- update, as CPython's mutablemapping_update -----

/// `od.update(arg)`: a dict's items, a mapping's `keys()`, an object's
/// `items()`, or an iterable of pairs, each stored with `od[key] = value`.
fn update_from(vm: &mut Vm, od: &Value, arg: &Value) -> PyResult<()> {
    if arg.is_exact(&types().dict) {
        let items = table(vm, arg)?.borrow().items();
        for (k, v) in items {
            vm.setitem(od, k, v)?;
        }
        return Ok(());
    }
    if let Some(keys) = vm.lookup_attr(arg, "keys")? {
        let keys = vm.call(&keys, &[], &[])?;
        let it = vm.get_iter(&keys)?;
        while let Some(k) = vm.next(&it)? {
            let v = vm.getitem(arg, &k)?;
            vm.setitem(od, k, v)?;
        }
        return Ok(());
    }
    if let Some(items) = vm.lookup_attr(arg, "items")? {
        let items = vm.call(&items, &[], &[])?;
        return add_pairs(vm, od, &items);
    }
    add_pairs(vm, od, arg)
}

fn add_pairs(vm: &mut Vm, od: &Value, pairs: &Value) -> PyResult<()> {
    let it = vm.get_iter(pairs)?;
    while let Some(pair) = vm.next(&it)? {
        let p = vm.get_iter(&pair)?;
        let Some(k) = vm.next(&p)? else {
            return Err(vm.value_error("need more than 0 values to unpack"));
        };
        let Some(v) = vm.next(&p)? else {
            return Err(vm.value_error("need more than 1 value to unpack"));
        };
        if vm.next(&p)?.is_some() {
            return Err(vm.value_error("too many values to unpack (expected 2)"));
        }
        vm.setitem(od, k, v)?;
    }
    Ok(())
}

fn update_with(vm: &mut Vm, od: &Value, arg: Option<&Value>, kwargs: Kw) -> PyResult<()> {
    if let Some(arg) = arg {
        update_from(vm, od, arg)?;
    }
    for (k, v) in kwargs {
        vm.setitem(od, k.clone(), v.clone())?;
    }
    Ok(())
}

// ----- the methods -----

/// `_PyType_Name`: the type's name after its last dot.
fn short_name(ty: &Value) -> String {
    let td = ty.type_data_of_type();
    let full = td
        .renamed
        .borrow()
        .clone()
        .unwrap_or_else(|| td.name.clone());
    full.rsplit('.').next().unwrap_or_default().to_string()
}

fn od_repr(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let od = receiver(vm, a, "__repr__", true)?;
    slot_args(vm, a, k, "__repr__", 0)?;
    let name = short_name(&od.class());
    if table(vm, od)?.borrow().is_empty() {
        return Ok(new_str(&format!("{name}()")));
    }
    if !vm.guard_recursive(od) {
        return Ok(new_str("..."));
    }
    // An exact OrderedDict shows its entries; a subclass, its items().
    let pieces = if od.is_exact(&types().ordered_dict) {
        table(vm, od).map(|t| {
            let items = t.borrow().items();
            let pairs = items.into_iter().map(|(k, v)| new_tuple(vec![k, v]));
            crate::objects::list::new_list(pairs.collect())
        })
    } else {
        vm.call_method(od, "items", &[])
            .and_then(|items| vm.iterate(&items))
            .map(crate::objects::list::new_list)
    };
    let r = pieces.and_then(|p| vm.repr_string(&p));
    vm.unguard();
    Ok(new_str(&format!("{name}({})", r?)))
}

/// `od == other` / `od != other`: as dicts, and then, between two
/// OrderedDicts, key by key in order.
fn od_compare(vm: &mut Vm, a: &[Value], k: Kw, name: &str, eq: bool) -> PyResult {
    let od = receiver(vm, a, name, true)?;
    slot_args(vm, a, k, name, 1)?;
    let other = &a[1];
    if other.kind() != Kind::Dict {
        return Ok(types().not_implemented.clone());
    }
    let same = vm.recursive(" in comparison", |vm| {
        crate::objects::dict_methods::dict_eq(vm, od, other)
    })?;
    if !same || !isinstance(other, &types().ordered_dict) {
        return Ok(py_bool(same == eq));
    }
    let same = keys_in_same_order(vm, od, other)?;
    Ok(py_bool(same == eq))
}

/// Whether two OrderedDicts have equal keys in the same order. As in
/// CPython 3.11, the live tables are walked: a key's `__eq__` may change
/// them, and later keys are then those of the changed tables.
fn keys_in_same_order(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let (ta, tb) = (table(vm, a)?, table(vm, b)?);
    let mut pa = ta.borrow().live_from(0);
    let mut pb = tb.borrow().live_from(0);
    loop {
        let (i, j) = match (pa, pb) {
            (None, None) => return Ok(true),
            (Some(i), Some(j)) => (i, j),
            _ => return Ok(false),
        };
        let ka = ta.borrow().entry_at(i).map(|e| e.key.clone());
        let kb = tb.borrow().entry_at(j).map(|e| e.key.clone());
        let (Some(ka), Some(kb)) = (ka, kb) else {
            return Ok(false);
        };
        if !vm.eq(&ka, &kb)? {
            return Ok(false);
        }
        pa = ta.borrow().live_from(i + 1);
        pb = tb.borrow().live_from(j + 1);
    }
}

/// `left | right` where one of them is an OrderedDict: a copy of `left` of
/// the OrderedDict's type, updated from `right`.
fn od_or(vm: &mut Vm, left: &Value, right: &Value) -> PyResult {
    let (ty, other) = if isinstance(left, &types().ordered_dict) {
        (left.class(), right)
    } else {
        (right.class(), left)
    };
    if other.kind() != Kind::Dict {
        return Ok(types().not_implemented.clone());
    }
    let new = vm.call(&ty, std::slice::from_ref(left), &[])?;
    update_from(vm, &new, right)?;
    Ok(new)
}

fn od_copy(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let od = receiver(vm, a, "copy", false)?;
    no_args(vm, a, k, "copy")?;
    if od.is_exact(&types().ordered_dict) {
        let t = table(vm, od)?.borrow().clone();
        return Ok(Value::alloc(
            &types().ordered_dict,
            DictData {
                table: RefCell::new(t),
            },
        ));
    }
    // A subclass: made by calling it, filled through its own
    // __getitem__ and __setitem__.
    let new = vm.call(&od.class(), &[], &[])?;
    let keys = table(vm, od)?.borrow().keys();
    for key in keys {
        let v = vm.getitem(od, &key)?;
        vm.setitem(&new, key, v)?;
    }
    Ok(new)
}

fn od_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", |vm, a, k| {
            let od = receiver(vm, a, "__init__", true)?;
            let args = &a[1..];
            if args.len() > 1 {
                return Err(
                    vm.type_error(format!("expected at most 1 arguments, got {}", args.len()))
                );
            }
            update_with(vm, od, args.first(), k)?;
            Ok(vm.none())
        }),
        ("update", |vm, a, k| {
            let od = receiver(vm, a, "update", false)?;
            let args = &a[1..];
            if args.len() > 1 {
                return Err(vm.type_error(format!(
                    "update() takes at most 1 positional argument ({} given)",
                    args.len()
                )));
            }
            update_with(vm, od, args.first(), k)?;
            Ok(vm.none())
        }),
        ("__repr__", od_repr),
        ("__iter__", |vm, a, k| {
            let od = receiver(vm, a, "__iter__", true)?;
            slot_args(vm, a, k, "__iter__", 0)?;
            odict_iter(vm, od, ViewKind::Keys, false)
        }),
        ("__reversed__", |vm, a, k| {
            let od = receiver(vm, a, "__reversed__", false)?;
            no_args(vm, a, k, "__reversed__")?;
            odict_iter(vm, od, ViewKind::Keys, true)
        }),
        ("keys", |vm, a, k| {
            let od = receiver(vm, a, "keys", false)?;
            no_args(vm, a, k, "keys")?;
            Ok(view(od, ViewKind::Keys))
        }),
        ("values", |vm, a, k| {
            let od = receiver(vm, a, "values", false)?;
            no_args(vm, a, k, "values")?;
            Ok(view(od, ViewKind::Values))
        }),
        ("items", |vm, a, k| {
            let od = receiver(vm, a, "items", false)?;
            no_args(vm, a, k, "items")?;
            Ok(view(od, ViewKind::Items))
        }),
        ("__eq__", |vm, a, k| od_compare(vm, a, k, "__eq__", true)),
        ("__ne__", |vm, a, k| od_compare(vm, a, k, "__ne__", false)),
        ("move_to_end", |vm, a, k| {
            let od = receiver(vm, a, "move_to_end", false)?;
            let [key, last] = clinic_args(vm, "move_to_end", &a[1..], k, ["key", "last"], 1)?;
            let key = key.unwrap_or_else(|| vm.none());
            let last = flag(vm, last, true)?;
            let t = table(vm, od)?;
            if t.borrow().is_empty() || !crate::objects::dict::move_to_end(vm, t, &key, last)? {
                return Err(vm.key_error(key));
            }
            Ok(vm.none())
        }),
        ("popitem", |vm, a, k| {
            let od = receiver(vm, a, "popitem", false)?;
            let [last] = clinic_args(vm, "popitem", &a[1..], k, ["last"], 0)?;
            let last = flag(vm, last, true)?;
            let t = table(vm, od)?;
            let e = if last {
                t.borrow_mut().pop_last()
            } else {
                t.borrow_mut().pop_first()
            };
            match e {
                Some(e) => Ok(new_tuple(vec![e.key, e.value])),
                None => Err(vm.err(&types().exc.key_error, "dictionary is empty")),
            }
        }),
        ("pop", |vm, a, k| {
            let od = receiver(vm, a, "pop", false)?;
            let [key, default] = clinic_args(vm, "pop", &a[1..], k, ["key", "default"], 1)?;
            let key = key.unwrap_or_else(|| vm.none());
            match crate::objects::dict::del(vm, table(vm, od)?, &key)? {
                Some(v) => Ok(v),
                None => default.ok_or_else(|| vm.key_error(key)),
            }
        }),
        ("setdefault", |vm, a, k| {
            let od = receiver(vm, a, "setdefault", false)?;
            let [key, default] = clinic_args(vm, "setdefault", &a[1..], k, ["key", "default"], 1)?;
            let key = key.unwrap_or_else(|| vm.none());
            let default = default.unwrap_or_else(|| vm.none());
            if od.is_exact(&types().ordered_dict) {
                let t = table(vm, od)?;
                if let Some(v) = crate::objects::dict::get(vm, t, &key)? {
                    return Ok(v);
                }
                crate::objects::dict::set(vm, t, key, default.clone())?;
                return Ok(default);
            }
            // A subclass: through its own __contains__, __getitem__ and
            // __setitem__.
            if vm.contains(od, &key)? {
                return vm.getitem(od, &key);
            }
            vm.setitem(od, key, default.clone())?;
            Ok(default)
        }),
        ("clear", |vm, a, k| {
            let od = receiver(vm, a, "clear", false)?;
            no_args(vm, a, k, "clear")?;
            // Dropped once the borrow ends: freeing values may run code.
            let old = table(vm, od)?.borrow_mut().take_all();
            drop(old);
            Ok(vm.none())
        }),
        ("copy", od_copy),
        ("__reduce__", |vm, a, k| {
            let od = receiver(vm, a, "__reduce__", false)?;
            no_args(vm, a, k, "__reduce__")?;
            let getstate = vm.getattr_str(od, "__getstate__")?;
            let state = vm.call(&getstate, &[], &[])?;
            let items = vm.call_method(od, "items", &[])?;
            let items = vm.get_iter(&items)?;
            Ok(new_tuple(vec![
                od.class(),
                types().empty_tuple.clone(),
                state,
                vm.none(),
                items,
            ]))
        }),
        ("__ior__", |vm, a, k| {
            crate::protocols::args::check_args(vm, "__ior__", &a[1..], 1, 1)?;
            let od = receiver(vm, a, "__ior__", true)?;
            slot_args(vm, a, k, "__ior__", 1)?;
            update_from(vm, od, &a[1])?;
            Ok(od.clone())
        }),
        ("__or__", |vm, a, k| {
            crate::protocols::args::check_args(vm, "__or__", &a[1..], 1, 1)?;
            let od = receiver(vm, a, "__or__", true)?;
            slot_args(vm, a, k, "__or__", 1)?;
            od_or(vm, od, &a[1])
        }),
        ("__ror__", |vm, a, k| {
            crate::protocols::args::check_args(vm, "__ror__", &a[1..], 1, 1)?;
            let od = receiver(vm, a, "__ror__", true)?;
            slot_args(vm, a, k, "__ror__", 1)?;
            od_or(vm, &a[1], od)
        }),
    ]
}

/// `OrderedDict.fromkeys(iterable, value=None)`: an instance of the class
/// it is called on, filled with `d[key] = value`.
fn od_fromkeys(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let Some(cls) = a.first() else {
        return Err(vm.type_error("fromkeys() needs a class"));
    };
    let [iterable, value] = clinic_args(vm, "fromkeys", &a[1..], k, ["iterable", "value"], 1)?;
    let iterable = iterable.unwrap_or_else(|| vm.none());
    let value = value.unwrap_or_else(|| vm.none());
    let d = vm.call(cls, &[], &[])?;
    let it = vm.get_iter(&iterable)?;
    while let Some(key) = vm.next(&it)? {
        vm.setitem(&d, key, value.clone())?;
    }
    Ok(d)
}

/// The receiver of an `odict_iterator` method.
fn iterator<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a Value> {
    match a.first() {
        Some(v) if v.is_exact(&types().odict_iterator) => Ok(v),
        Some(v) => Err(vm.type_error(format!(
            "descriptor '{name}' requires a 'odict_iterator' object but received a '{}'",
            v.type_data().name
        ))),
        None => Err(vm.type_error(format!(
            "descriptor '{name}' of 'odict_iterator' object needs an argument"
        ))),
    }
}

pub fn register_types() {
    let t = types();
    add_methods(&t.ordered_dict, "OrderedDict", &od_methods());
    let fromkeys = crate::objects::function::new_builtin("fromkeys", od_fromkeys);
    {
        let mut d = t.ordered_dict.type_data_of_type().dict_mut();
        d.set_str(
            "fromkeys",
            Value::alloc(
                &t.classmethod,
                crate::objects::descr::WrapperData { func: fromkeys },
            ),
        );
        d.set_str("__module__", new_str("collections"));
        d.set_str(
            "__doc__",
            new_str("Dictionary that remembers insertion order"),
        );
        d.set_str("__hash__", t.none.clone());
    }
    add_methods(
        &t.odict_keys,
        "odict_keys",
        &[
            ("__iter__", view_iter::<0, false>),
            ("__reversed__", view_iter::<0, true>),
        ],
    );
    add_methods(
        &t.odict_values,
        "odict_values",
        &[
            ("__iter__", view_iter::<1, false>),
            ("__reversed__", view_iter::<1, true>),
        ],
    );
    add_methods(
        &t.odict_items,
        "odict_items",
        &[
            ("__iter__", view_iter::<2, false>),
            ("__reversed__", view_iter::<2, true>),
        ],
    );
    add_methods(
        &t.odict_iterator,
        "odict_iterator",
        &[
            ("__next__", |vm, a, _| {
                let it = iterator(vm, a, "__next__")?;
                match vm.next(it)? {
                    Some(v) => Ok(v),
                    None => Err(vm.stop_iteration(None)),
                }
            }),
            ("__iter__", |vm, a, _| {
                Ok(iterator(vm, a, "__iter__")?.clone())
            }),
        ],
    );
}
