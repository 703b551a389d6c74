//! `types.GenericAlias` (`list[int]`) and `types.UnionType` (`int | str`).
//!
//! Both are plain objects of builtin types whose attributes live in an
//! instance dict: `__origin__`/`__args__`/`__parameters__` for aliases,
//! `__args__` for unions.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm, py_bool};

fn with_attrs(ty: &Value, attrs: Vec<(&str, Value)>) -> Value {
    let mut t = DictTable::new();
    for (k, v) in attrs {
        t.set_str(k, v);
    }
    Value::alloc(ty, InstanceData::with_dict(new_dict(t)))
}

fn attr(v: &Value, name: &str) -> Option<Value> {
    v.downcast::<InstanceData>()
        .and_then(|d| d.dict().downcast::<DictData>())
        .and_then(|d| d.table.borrow().get_str(name))
}

fn items(v: &Value) -> Vec<Value> {
    v.downcast::<TupleData>()
        .map(|t| t.items.to_vec())
        .unwrap_or_default()
}

/// `origin[args]`.
pub fn generic_alias(origin: &Value, args: &Value) -> Value {
    let args = if args.kind() == Kind::Tuple {
        args.clone()
    } else {
        new_tuple(vec![args.clone()])
    };
    with_attrs(
        &types().generic_alias,
        vec![
            ("__origin__", origin.clone()),
            ("__args__", args),
            ("__parameters__", types().empty_tuple.clone()),
        ],
    )
}

pub fn is_union(v: &Value) -> bool {
    v.is_exact(&types().union_type)
}

fn is_alias(v: &Value) -> bool {
    v.is_exact(&types().generic_alias)
}

/// Whether `v` may be an operand of `|` between types.
fn unionable(v: &Value) -> bool {
    v.kind() == Kind::Type || v.is(&types().none) || is_union(v) || is_alias(v)
}

/// `a | b` for types, None, aliases and unions; None when not applicable.
pub fn make_union(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    if !unionable(a) || !unionable(b) {
        return Ok(None);
    }
    let mut args: Vec<Value> = Vec::new();
    for v in [a, b] {
        let parts = if is_union(v) {
            attr(v, "__args__").map(|t| items(&t)).unwrap_or_default()
        } else if v.is(&types().none) {
            vec![types().none_type.clone()]
        } else {
            vec![v.clone()]
        };
        for p in parts {
            let mut dup = false;
            for q in &args {
                if vm.eq(q, &p)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                args.push(p);
            }
        }
    }
    if args.len() == 1 {
        return Ok(args.pop());
    }
    Ok(Some(with_attrs(
        &types().union_type,
        vec![("__args__", new_tuple(args))],
    )))
}

/// How a type argument is spelled in an alias's repr.
fn type_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if v.is(&types().ellipsis) {
        return Ok("...".into());
    }
    if v.is(&types().none_type) {
        return Ok("None".into());
    }
    if v.kind() == Kind::Type && !is_alias(v) {
        let td = v.type_data_of_type();
        let q = td.qualname.borrow().clone();
        let m = td.dict.borrow().get_str("__module__").map(|m| str_of(&m));
        return Ok(match m {
            Some(m) if m != "builtins" => format!("{m}.{q}"),
            _ => q,
        });
    }
    vm.repr_string(v)
}

fn alias_repr(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let origin = attr(&a[0], "__origin__").unwrap_or_else(|| vm.none());
    let args = attr(&a[0], "__args__")
        .map(|t| items(&t))
        .unwrap_or_default();
    let mut parts = Vec::new();
    for x in &args {
        if x.kind() == Kind::Tuple && items(x).is_empty() {
            parts.push("()".to_string());
        } else {
            parts.push(type_repr(vm, x)?);
        }
    }
    let o = type_repr(vm, &origin)?;
    let inner = if parts.is_empty() {
        "()".to_string()
    } else {
        parts.join(", ")
    };
    Ok(new_str(&format!("{o}[{inner}]")))
}

fn union_repr(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let args = attr(&a[0], "__args__")
        .map(|t| items(&t))
        .unwrap_or_default();
    let mut parts = Vec::new();
    for x in &args {
        parts.push(type_repr(vm, x)?);
    }
    Ok(new_str(&parts.join(" | ")))
}

fn same_attrs(vm: &mut Vm, a: &Value, b: &Value, names: &[&str]) -> PyResult<bool> {
    for n in names {
        match (attr(a, n), attr(b, n)) {
            (Some(x), Some(y)) => {
                if !vm.eq(&x, &y)? {
                    return Ok(false);
                }
            }
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// `isinstance(v, int | str)`.
pub fn union_args(u: &Value) -> Vec<Value> {
    attr(u, "__args__").map(|t| items(&t)).unwrap_or_default()
}

pub fn register() {
    let t = types();
    let alias_methods: &[(&'static str, NativeFn)] = &[
        ("__init__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "GenericAlias", &a[1..], 2, 2)?;
            let alias = generic_alias(&a[1], &a[2]);
            if let (Some(d), Some(src)) = (
                crate::protocols::attr::instance_dict(&a[0]),
                crate::protocols::attr::instance_dict(&alias),
            ) {
                vm.dict_update_from(&d, &src, true)?;
            }
            Ok(vm.none())
        }),
        ("__repr__", alias_repr),
        ("__call__", |vm, a, k| {
            let origin = attr(&a[0], "__origin__").unwrap_or_else(|| vm.none());
            vm.call(&origin, &a[1..], k)
        }),
        ("__mro_entries__", |vm, a, _| {
            let origin = attr(&a[0], "__origin__").unwrap_or_else(|| vm.none());
            Ok(new_tuple(vec![origin]))
        }),
        ("__eq__", |vm, a, _| {
            if a.len() != 2 || !is_alias(&a[1]) {
                return Ok(types().not_implemented.clone());
            }
            Ok(py_bool(same_attrs(
                vm,
                &a[0],
                &a[1],
                &["__origin__", "__args__"],
            )?))
        }),
        ("__hash__", |vm, a, _| {
            let o = attr(&a[0], "__origin__").unwrap_or_else(|| vm.none());
            let r = attr(&a[0], "__args__").unwrap_or_else(|| vm.none());
            let h = vm.hash(&o)? ^ vm.hash(&r)?;
            Ok(crate::objects::int::from_i64(h))
        }),
        ("__or__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__or__", &a[1..], 1, 1)?;
            match make_union(vm, &a[0], &a[1])? {
                Some(u) => Ok(u),
                None => Ok(types().not_implemented.clone()),
            }
        }),
        ("__ror__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__ror__", &a[1..], 1, 1)?;
            match make_union(vm, &a[1], &a[0])? {
                Some(u) => Ok(u),
                None => Ok(types().not_implemented.clone()),
            }
        }),
        ("__instancecheck__", |vm, _a, _| {
            Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
        }),
        ("__subclasscheck__", |vm, _a, _| {
            Err(vm.type_error("issubclass() argument 2 cannot be a parameterized generic"))
        }),
    ];
    crate::objects::str_methods::add_methods(&t.generic_alias, "GenericAlias", alias_methods);
    let union_methods: &[(&'static str, NativeFn)] = &[
        ("__repr__", union_repr),
        ("__eq__", |vm, a, _| {
            if a.len() != 2 || !is_union(&a[1]) {
                return Ok(types().not_implemented.clone());
            }
            let (x, y) = (union_args(&a[0]), union_args(&a[1]));
            if x.len() != y.len() {
                return Ok(py_bool(false));
            }
            for v in &x {
                let mut found = false;
                for w in &y {
                    if vm.eq(v, w)? {
                        found = true;
                        break;
                    }
                }
                if !found {
                    return Ok(py_bool(false));
                }
            }
            Ok(py_bool(true))
        }),
        ("__hash__", |vm, a, _| {
            let mut h: i64 = 0x345678;
            for v in union_args(&a[0]) {
                h ^= vm.hash(&v)?;
            }
            Ok(crate::objects::int::from_i64(h))
        }),
        ("__or__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__or__", &a[1..], 1, 1)?;
            match make_union(vm, &a[0], &a[1])? {
                Some(u) => Ok(u),
                None => Ok(types().not_implemented.clone()),
            }
        }),
        ("__ror__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__ror__", &a[1..], 1, 1)?;
            match make_union(vm, &a[1], &a[0])? {
                Some(u) => Ok(u),
                None => Ok(types().not_implemented.clone()),
            }
        }),
    ];
    crate::objects::str_methods::add_methods(&t.union_type, "UnionType", union_methods);
    for ty in [&t.generic_alias, &t.union_type] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("types"));
    }
}
