//! `types.SimpleNamespace`: an object whose attributes are given as keyword
//! arguments (`sys.implementation` is one).

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{InstanceData, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::vm::{PyResult, Vm, py_bool};

/// A namespace with the given attributes.
pub fn new_namespace(attrs: Vec<(&str, Value)>) -> Value {
    let mut t = DictTable::new();
    for (k, v) in attrs {
        t.set_str(k, v);
    }
    Value::alloc(
        &types().simple_namespace,
        InstanceData::with_dict(new_dict(t)),
    )
}

fn ns_dict(v: &Value) -> Option<&Value> {
    v.downcast::<InstanceData>().map(|d| d.dict())
}

fn init(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    if a.len() > 1 {
        return Err(vm.type_error(format!(
            "SimpleNamespace expected at most 0 positional arguments, got {}",
            a.len() - 1
        )));
    }
    for (name, v) in k {
        vm.setattr(&a[0], name, v.clone())?;
    }
    Ok(vm.none())
}

fn repr(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let this = &a[0];
    let name = if this.is_exact(&types().simple_namespace) {
        "namespace".to_string()
    } else {
        this.type_data().name.clone()
    };
    if !vm.guard_recursive(this) {
        return Ok(new_str(&format!("{name}(...)")));
    }
    let items = ns_dict(this)
        .and_then(|d| d.downcast::<DictData>())
        .map(|d| d.table.borrow().items())
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (k, v) in items {
        match vm.repr_string(&v) {
            Ok(r) => parts.push(format!("{}={r}", str_of(&k))),
            Err(e) => {
                vm.unguard();
                return Err(e);
            }
        }
    }
    vm.unguard();
    Ok(new_str(&format!("{name}({})", parts.join(", "))))
}

fn eq(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let ns = &types().simple_namespace;
    if a.len() != 2
        || !crate::object::types::isinstance(&a[1], ns)
        || !crate::object::types::isinstance(&a[0], ns)
    {
        return Ok(types().not_implemented.clone());
    }
    match (ns_dict(&a[0]), ns_dict(&a[1])) {
        (Some(x), Some(y)) => {
            let (x, y) = (x.clone(), y.clone());
            Ok(py_bool(vm.eq(&x, &y)?))
        }
        _ => Ok(types().not_implemented.clone()),
    }
}

pub fn register() {
    register_function_descriptors();
    crate::objects::str_methods::add_methods(
        &types().frame,
        "frame",
        &[("clear", |vm, a, _| match a.first() {
            Some(f) => crate::objects::frameobj::clear(vm, f),
            None => Ok(vm.none()),
        })],
    );
    // NoneType has no docstring in CPython either.
    types()
        .none_type
        .type_data_of_type()
        .dict_mut()
        .set_str("__doc__", types().none.clone());
    let t = types();
    let methods: &[(&'static str, NativeFn)] =
        &[("__init__", init), ("__repr__", repr), ("__eq__", eq)];
    crate::objects::str_methods::add_methods(&t.simple_namespace, "SimpleNamespace", methods);
    t.simple_namespace
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("types"));
}

/// Puts attribute descriptors for `function`'s data attributes in its type
/// dict, so that `FunctionType.__code__` exists as in CPython. Reading the
/// attribute from a function still goes to the function itself.
pub fn register_function_descriptors() {
    let t = types();
    // Names the type itself also answers (`__name__`, `__doc__`) are left out.
    let getset = [
        "__code__",
        "__defaults__",
        "__kwdefaults__",
        "__annotations__",
    ];
    let member = ["__globals__", "__closure__"];
    let mut d = t.function.type_data_of_type().dict_mut();
    for (names, ty) in [
        (&getset[..], &t.getset_descriptor),
        (&member[..], &t.member_descriptor),
    ] {
        for n in names {
            let mut attrs = DictTable::new();
            attrs.set_str("__name__", new_str(n));
            attrs.set_str("__objclass__", t.function.clone());
            d.set_str(
                n,
                Value::alloc(ty, InstanceData::with_dict(new_dict(attrs))),
            );
        }
    }
}

// ----- mappingproxy -----

/// A read-only view of a mapping (`type.__dict__`, `types.MappingProxyType`).
pub fn new_mappingproxy(mapping: Value) -> Value {
    let mut t = DictTable::new();
    t.set_str("_mapping", mapping);
    Value::alloc(&types().mappingproxy, InstanceData::with_dict(new_dict(t)))
}

fn target(vm: &mut Vm, p: &Value) -> PyResult<Value> {
    vm.getattr_str(p, "_mapping")
}

pub fn register_mappingproxy() {
    let t = types();
    let methods: &[(&'static str, NativeFn)] = &[
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let m = target(vm, &a[0])?;
            vm.getitem(&m, &a[1])
        }),
        ("__contains__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let m = target(vm, &a[0])?;
            Ok(py_bool(vm.contains(&m, &a[1])?))
        }),
        ("__iter__", |vm, a, _| {
            let m = target(vm, &a[0])?;
            vm.get_iter(&m)
        }),
        ("__len__", |vm, a, _| {
            let m = target(vm, &a[0])?;
            Ok(crate::objects::int::from_i64(vm.len(&m)? as i64))
        }),
        ("__repr__", |vm, a, _| {
            let m = target(vm, &a[0])?;
            let r = vm.repr_string(&m)?;
            Ok(new_str(&format!("mappingproxy({r})")))
        }),
        ("__eq__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__eq__", &a[1..], 1, 1)?;
            let m = target(vm, &a[0])?;
            let other = if a[1].is_exact(&types().mappingproxy) {
                target(vm, &a[1])?
            } else {
                a[1].clone()
            };
            vm.compare(&m, &other, egret_bytecode::CmpOp::Eq)
        }),
        ("__or__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__or__", &a[1..], 1, 1)?;
            let m = target(vm, &a[0])?;
            let c = vm.call_method(&m, "copy", &[])?;
            vm.binary_op(&c, &a[1], egret_bytecode::BinOp::Or, false)
        }),
        ("get", |vm, a, _| {
            let m = target(vm, &a[0])?;
            let f = vm.getattr_str(&m, "get")?;
            vm.call(&f, &a[1..], &[])
        }),
        ("keys", |vm, a, _| {
            let m = target(vm, &a[0])?;
            vm.call_method(&m, "keys", &[])
        }),
        ("values", |vm, a, _| {
            let m = target(vm, &a[0])?;
            vm.call_method(&m, "values", &[])
        }),
        ("items", |vm, a, _| {
            let m = target(vm, &a[0])?;
            vm.call_method(&m, "items", &[])
        }),
        ("copy", |vm, a, _| {
            let m = target(vm, &a[0])?;
            vm.call_method(&m, "copy", &[])
        }),
    ];
    crate::objects::str_methods::add_methods(&t.mappingproxy, "mappingproxy", methods);
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| {
        crate::protocols::args::check_args(vm, "mappingproxy", &a[1..], 1, 1)?;
        let m = &a[1];
        if m.kind() == crate::object::types::Kind::List
            || m.kind() == crate::object::types::Kind::Tuple
            || vm.lookup_attr(m, "__getitem__")?.is_none()
        {
            return Err(vm.type_error(format!(
                "mappingproxy() argument must be a mapping, not {}",
                m.type_data().name
            )));
        }
        Ok(new_mappingproxy(m.clone()))
    });
    t.mappingproxy.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    t.mappingproxy
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("builtins"));
}
