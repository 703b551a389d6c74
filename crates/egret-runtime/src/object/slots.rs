//! `__slots__`: classes whose instances have a fixed set of attributes
//! and, unless `'__dict__'` is among them, no `__dict__`.
//!
//! Slot values live in the instance's attribute storage under their own
//! names, where only the slot descriptors (`member_descriptor` objects in
//! the class) reach them. When a class in the hierarchy also has a
//! `__dict__`, that dict is kept in the storage under a key no attribute
//! name can be, so that `__dict__` shows only ordinary attributes.

use std::borrow::Cow;

use crate::object::Value;
use crate::object::types::{InstanceData, Kind, TypeData, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::str::{as_str, new_str};
use crate::vm::{PyResult, Vm};

/// Where the `__dict__` of an instance of a slotted class is kept.
const DICT_KEY: &str = "\0__dict__";

/// Whether class `b` gives its instances a `__dict__`.
fn base_has_dict(b: &Value) -> bool {
    let td = b.type_data_of_type();
    if td.is_heap {
        td.has_dict.get()
    } else {
        td.kind == Kind::Exception
    }
}

/// `_Class__name` for a private name, as the compiler mangles them.
fn mangle(class_name: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

fn is_identifier(s: &str) -> bool {
    crate::objects::unicode::is_identifier(s)
}

/// The slot names a class statement declares (mangled), checked as
/// CPython checks them; None when it has no `__slots__`.
pub fn declared(
    vm: &mut Vm,
    class_name: &str,
    bases: &[Value],
    ns: &DictTable,
) -> PyResult<Option<Vec<String>>> {
    let Some(decl) = ns.get_str("__slots__") else {
        return Ok(None);
    };
    let items = if as_str(&decl).is_some() {
        vec![decl]
    } else {
        vm.iterate(&decl)?
    };
    let mut names = Vec::new();
    let base_dict = bases.iter().any(base_has_dict);
    let mut has_dict = false;
    for item in items {
        let Some(s) = as_str(&item) else {
            let got = vm.type_name(&item);
            return Err(vm.type_error(format!("__slots__ items must be strings, not '{got}'")));
        };
        if !is_identifier(s) {
            return Err(vm.type_error("__slots__ must be identifiers"));
        }
        if s == "__dict__" {
            if base_dict || has_dict {
                return Err(vm.type_error("__dict__ slot disallowed: we already got one"));
            }
            has_dict = true;
        }
        names.push(mangle(class_name, s));
    }
    for n in &names {
        if n == "__dict__" || n == "__weakref__" {
            continue;
        }
        if ns.get_str(n).is_some() {
            return Err(vm.value_error(format!("'{n}' in __slots__ conflicts with class variable")));
        }
    }
    let own: Vec<&String> = names
        .iter()
        .filter(|n| *n != "__dict__" && *n != "__weakref__")
        .collect();
    if !own.is_empty() {
        for b in bases {
            let kind = b.type_data_of_type().kind;
            if matches!(kind, Kind::Int | Kind::Bytes | Kind::Tuple) {
                let name = b.type_data_of_type().name.clone();
                return Err(vm.type_error(format!(
                    "nonempty __slots__ not supported for subtype of '{name}'"
                )));
            }
        }
    }
    Ok(Some(names))
}

/// Whether instances of builtin type `b`'s subclasses get weak references
/// from `b` itself.
fn base_has_weakref(b: &Value) -> bool {
    let td = b.type_data_of_type();
    if td.is_heap {
        td.has_weakref.get()
    } else {
        matches!(td.kind, Kind::Set | Kind::FrozenSet | Kind::Type)
    }
}

/// Whether `obj` (an instance of a class statement) can be weakly
/// referenced: its class did not give that up with `__slots__`.
pub fn has_weakref(obj: &Value) -> bool {
    obj.type_data().has_weakref.get()
}

/// Adds the `__dict__`/`__weakref__` descriptor named `name` to the class.
pub(crate) fn add_getset(cls: &Value, name: &str) {
    let t = types();
    let mut attrs = DictTable::new();
    attrs.set_str("__name__", new_str(name));
    attrs.set_str("__objclass__", cls.clone());
    cls.type_data_of_type().dict_mut().set_str(
        name,
        Value::alloc(
            &t.getset_descriptor,
            InstanceData::with_dict(new_dict(attrs)),
        ),
    );
}

/// The class in `cls`'s MRO (itself included) that last added slots.
fn solid_base(cls: &Value) -> Option<Value> {
    let mro = cls.type_data_of_type().mro.borrow().clone();
    mro.into_iter().find(|c| {
        let td = c.type_data_of_type();
        td.is_heap && td.own_slots.get()
    })
}

/// Sets up a new class's layout: its slot descriptors, whether its
/// instances have a `__dict__`, and the check that its bases' slot
/// layouts do not conflict.
pub fn install(vm: &mut Vm, cls: &Value, slots: Option<Vec<String>>) -> PyResult<()> {
    let td = cls.type_data_of_type();
    let bases = td.bases.clone();
    let mut solids: Vec<Value> = Vec::new();
    for b in &bases {
        if let Some(s) = solid_base(b)
            && !solids.iter().any(|x| x.is(&s))
        {
            solids.push(s);
        }
    }
    let conflict = solids.iter().any(|a| {
        solids
            .iter()
            .any(|b| !a.type_data_of_type().is_subtype(b) && !b.type_data_of_type().is_subtype(a))
    });
    let own = slots
        .as_ref()
        .is_some_and(|s| s.iter().any(|n| n != "__dict__" && n != "__weakref__"));
    if conflict || (own && !solids.is_empty() && bases.len() > 1) {
        let other_slotted = bases.iter().filter(|b| solid_base(b).is_some()).count();
        if conflict || other_slotted > 1 {
            return Err(vm.type_error("multiple bases have instance lay-out conflict"));
        }
    }
    let inherited = bases.iter().any(|b| b.type_data_of_type().slotted.get());
    let base_dict = bases.iter().any(base_has_dict);
    let base_weak = bases.iter().any(base_has_weakref);
    let (add_dict, add_weak) = match &slots {
        None => (!base_dict, !base_weak),
        Some(names) => (
            names.iter().any(|n| n == "__dict__") && !base_dict,
            names.iter().any(|n| n == "__weakref__") && !base_weak,
        ),
    };
    td.has_weakref.set(base_weak || add_weak);
    match slots {
        None => {
            td.slotted.set(inherited);
            td.has_dict.set(true);
        }
        Some(names) => {
            td.slotted.set(true);
            td.own_slots.set(own);
            let dict_slot = names.iter().any(|n| n == "__dict__");
            td.has_dict
                .set(dict_slot || bases.iter().any(base_has_dict));
            let t = types();
            let mut d = td.dict_mut();
            for n in names {
                if n == "__dict__" || n == "__weakref__" {
                    continue;
                }
                let mut attrs = DictTable::new();
                attrs.set_str("__name__", new_str(&n));
                attrs.set_str("__objclass__", cls.clone());
                d.set_str(
                    &n,
                    Value::alloc(
                        &t.member_descriptor,
                        InstanceData::with_dict(new_dict(attrs)),
                    ),
                );
            }
            drop(d);
        }
    }
    if add_dict && cls.type_data_of_type().kind != Kind::Exception {
        add_getset(cls, "__dict__");
    }
    if add_weak {
        add_getset(cls, "__weakref__");
    }
    // A __doc__ the class statement did not set comes last, as in CPython.
    let doc = td.dict.borrow().get_str("__doc__");
    if let Some(doc) = doc
        && doc.is(&types().none)
    {
        let mut d = td.dict_mut();
        d.del_str("__doc__");
        d.set_str("__doc__", doc);
    }
    td.version.set(td.version.get() + 1);
    crate::object::types::invalidate_lookup_cache();
    Ok(())
}

/// The slot name a `member_descriptor` stands for, when it is a slot of a
/// class statement (the descriptors of builtin types are not).
pub fn slot_name(d: &Value) -> Option<String> {
    if !d.is_exact(&types().member_descriptor) {
        return None;
    }
    let attrs = d.downcast::<InstanceData>()?.dict().clone();
    let table = attrs.downcast::<DictData>()?.table.borrow();
    let owner = table.get_str("__objclass__")?;
    if !owner.downcast::<TypeData>().is_some_and(|t| t.is_heap) {
        return None;
    }
    table
        .get_str("__name__")
        .and_then(|n| as_str(&n).map(str::to_string))
}

/// The attribute dict an instance shows as `__dict__`, given its raw
/// storage: the storage itself unless its class is slotted.
#[inline]
pub fn visible_dict<'a>(obj: &Value, raw: Cow<'a, Value>) -> Option<Cow<'a, Value>> {
    let td = obj.type_data();
    if !td.slotted.get() {
        return Some(raw);
    }
    slotted_dict(td, raw)
}

/// `visible_dict` for instances of slotted classes.
#[cold]
fn slotted_dict<'a>(td: &TypeData, raw: Cow<'a, Value>) -> Option<Cow<'a, Value>> {
    if !td.has_dict.get() {
        return None;
    }
    let dd = raw.downcast::<DictData>()?;
    let existing = dd.table.borrow().get_str(DICT_KEY);
    let d = existing.unwrap_or_else(|| {
        let d = new_dict(DictTable::new());
        dd.table.borrow_mut().set_str(DICT_KEY, d.clone());
        d
    });
    Some(Cow::Owned(d))
}

/// `obj.__dict__ = d` for an instance of a slotted class that has a
/// `__dict__`: the storage then refers to `d`.
pub fn replace_slotted_dict(obj: &Value, d: Value) -> bool {
    let Some(raw) = crate::protocols::attr::raw_instance_dict(obj) else {
        return false;
    };
    let Some(dd) = raw.downcast::<DictData>() else {
        return false;
    };
    dd.table.borrow_mut().set_str(DICT_KEY, d);
    true
}

fn missing(vm: &mut Vm, obj: &Value, name: &str) -> crate::vm::PyErr {
    let ty = obj.type_data().name.clone();
    vm.attribute_error(format!("'{ty}' object has no attribute '{name}'"))
}

fn storage(obj: &Value) -> Option<Value> {
    crate::protocols::attr::raw_instance_dict(obj).map(Cow::into_owned)
}

/// Reads slot `name` of `obj`.
pub fn get(vm: &mut Vm, obj: &Value, name: &str) -> PyResult {
    if let Some(d) = obj.downcast::<InstanceData>()
        && let Some(found) = d.shaped_get_str(name)
    {
        return found.ok_or_else(|| missing(vm, obj, name));
    }
    let v = storage(obj).and_then(|s| {
        s.downcast::<DictData>()
            .and_then(|d| d.table.borrow().get_str(name))
    });
    v.ok_or_else(|| missing(vm, obj, name))
}

/// Writes slot `name` of `obj`.
pub fn set(vm: &mut Vm, obj: &Value, name: &str, v: Value) -> PyResult<()> {
    let v = match obj.downcast::<InstanceData>() {
        Some(d) => match d.shaped_set_str(name, v) {
            Ok(_) => return Ok(()),
            Err(v) => v,
        },
        None => v,
    };
    let Some(s) = storage(obj) else {
        return Err(missing(vm, obj, name));
    };
    let Some(d) = s.downcast::<DictData>() else {
        return Err(missing(vm, obj, name));
    };
    d.table.borrow_mut().set_str(name, v);
    Ok(())
}

/// Deletes slot `name` of `obj`.
pub fn delete(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<()> {
    let removed = storage(obj).and_then(|s| {
        s.downcast::<DictData>()
            .and_then(|d| d.table.borrow_mut().del_str(name))
    });
    match removed {
        Some(_) => Ok(()),
        // CPython names just the slot here.
        None => Err(vm.attribute_error(name)),
    }
}

/// The set slots of `obj`, by name, the most derived class's first.
pub fn values(vm: &mut Vm, obj: &Value) -> PyResult<Vec<(String, Value)>> {
    let ty = obj.class();
    if !ty.type_data_of_type().slotted.get() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mro = ty.type_data_of_type().mro.borrow().clone();
    for c in mro {
        let td = c.type_data_of_type();
        let descriptors: Vec<Value> = {
            let d = td.dict.borrow();
            d.items()
                .into_iter()
                .filter_map(|(_, v)| slot_name(&v).is_some().then_some(v))
                .collect()
        };
        for d in descriptors {
            let Some(name) = slot_name(&d) else { continue };
            if out.iter().any(|(n, _): &(String, Value)| *n == name) {
                continue;
            }
            if let Some(v) = storage(obj).and_then(|s| {
                s.downcast::<DictData>()
                    .and_then(|t| t.table.borrow().get_str(&name))
            }) {
                out.push((name, v));
            }
        }
    }
    let _ = vm;
    Ok(out)
}

/// `repr()` of member and attribute descriptors:
/// `<member 'x' of 'A' objects>`.
pub fn register_types() {
    let t = types();
    for (ty, word) in [
        (&t.member_descriptor, "member"),
        (&t.getset_descriptor, "attribute"),
    ] {
        let repr: crate::objects::function::NativeFn = if word == "member" {
            |_vm, a, _| Ok(new_str(&descriptor_repr(&a[0], "member")))
        } else {
            |_vm, a, _| Ok(new_str(&descriptor_repr(&a[0], "attribute")))
        };
        crate::objects::str_methods::add_methods(ty, "member_descriptor", &[("__repr__", repr)]);
    }
}

pub fn descriptor_repr(d: &Value, word: &str) -> String {
    let attrs = d.downcast::<InstanceData>().map(|i| i.dict().clone());
    let table = attrs.as_ref().and_then(|a| a.downcast::<DictData>());
    let get = |k: &str| table.and_then(|t| t.table.borrow().get_str(k));
    let name = get("__name__")
        .and_then(|n| as_str(&n).map(str::to_string))
        .unwrap_or_default();
    let owner = get("__objclass__")
        .map(|o| o.type_data_of_type().name.clone())
        .unwrap_or_default();
    format!("<{word} '{name}' of '{owner}' objects>")
}

/// The slot names instances of `cls` have, base classes' first.
fn slot_layout(cls: &Value) -> Vec<String> {
    let mro = cls.type_data_of_type().mro.borrow().clone();
    let mut out = Vec::new();
    for c in mro.iter().rev() {
        let td = c.type_data_of_type();
        if !td.is_heap {
            continue;
        }
        let items = td.dict.borrow().items();
        for (_, d) in items {
            if let Some(n) = slot_name(&d) {
                out.push(n);
            }
        }
    }
    out
}

/// `obj.__class__ = cls`: between classes of class statements whose
/// instances are laid out alike, as CPython allows.
pub fn set_class(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<()> {
    let Some(new) = cls.downcast::<TypeData>() else {
        let name = vm.type_name(cls);
        return Err(vm.type_error(format!(
            "__class__ must be set to a class, not '{name}' object"
        )));
    };
    let old_cls = obj.class();
    let old = old_cls.type_data_of_type();
    // A module may become an instance of any module subclass and back.
    if obj.kind() == Kind::Module && new.kind == Kind::Module && !new.slotted.get() {
        obj.set_class(cls);
        return Ok(());
    }
    if !old.is_heap || !new.is_heap || obj.kind() == Kind::Module {
        return Err(vm.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    let compatible = old.kind == new.kind
        && old.gc_tracked == new.gc_tracked
        && old.has_dict.get() == new.has_dict.get()
        && old.slotted.get() == new.slotted.get()
        && slot_layout(&old_cls) == slot_layout(cls);
    if !compatible {
        return Err(vm.type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            new.name, old.name
        )));
    }
    if obj.kind() == Kind::Type {
        // A class's metaclass decides how its attributes are read, which
        // attribute sites remember per lookup epoch.
        crate::object::types::invalidate_lookup_cache();
    }
    obj.set_class(cls);
    Ok(())
}
