//! `memoryview` basics: a read view of the bytes of a `bytes` or
//! `bytearray` (format 'B', one dimension). Writing through a view and
//! slicing a view of a bytearray are not supported yet and say so.

use crate::bytes::{BytesData, new_bytes};
use crate::dict::{DictData, DictTable, new_dict};
use crate::function::NativeFn;
use crate::int::from_i64;
use crate::object::Value;
use crate::str::new_str;
use crate::types::{InstanceData, Kind, types};
use crate::vm::{PyResult, Vm, py_bool};

fn view_obj(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = v
        .downcast::<InstanceData>()
        .and_then(|d| d.dict.downcast::<DictData>())
        .and_then(|d| d.table.borrow().get_str("obj"));
    match d {
        Some(o) if !o.is(&types().none) => Ok(o),
        _ => Err(vm.value_error("operation forbidden on released memoryview object")),
    }
}

fn data(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    let o = view_obj(vm, v)?;
    Ok(o.downcast::<BytesData>()
        .map(|b| b.data.borrow().clone())
        .unwrap_or_default())
}

/// `memoryview(obj)`.
pub fn new_memoryview(vm: &mut Vm, obj: &Value) -> PyResult {
    if obj.is_exact(&types().memoryview) {
        let inner = view_obj(vm, obj)?;
        return new_memoryview(vm, &inner);
    }
    let Some(b) = obj.downcast::<BytesData>() else {
        return Err(vm.type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.type_data().name
        )));
    };
    let n = b.data.borrow().len() as i64;
    let mut t = DictTable::new();
    t.set_str("obj", obj.clone());
    t.set_str("nbytes", from_i64(n));
    t.set_str("readonly", py_bool(obj.kind() == Kind::Bytes));
    t.set_str("itemsize", from_i64(1));
    t.set_str("format", new_str("B"));
    t.set_str("ndim", from_i64(1));
    t.set_str("shape", crate::tuple::new_tuple(vec![from_i64(n)]));
    t.set_str("strides", crate::tuple::new_tuple(vec![from_i64(1)]));
    Ok(Value::alloc(
        &types().memoryview,
        InstanceData { dict: new_dict(t) },
    ))
}

pub fn register() {
    let methods: &[(&'static str, NativeFn)] = &[
        ("__new__", |vm, a, _| {
            crate::builtins::check_args(vm, "memoryview", &a[1..], 1, 1)?;
            new_memoryview(vm, &a[1])
        }),
        ("__len__", |vm, a, _| {
            Ok(from_i64(data(vm, &a[0])?.len() as i64))
        }),
        ("__getitem__", |vm, a, _| {
            let o = view_obj(vm, &a[0])?;
            let k = a[1].clone();
            if k.kind() == Kind::Slice {
                if o.kind() == Kind::ByteArray {
                    return Err(vm.err(
                        &types().exc.not_implemented_error,
                        "slicing a memoryview of a bytearray is not supported by egret yet",
                    ));
                }
                let part = vm.getitem(&o, &k)?;
                return new_memoryview(vm, &part);
            }
            vm.getitem(&o, &k)
        }),
        ("__setitem__", |vm, _a, _| {
            Err(vm.err(
                &types().exc.not_implemented_error,
                "writing through a memoryview is not supported by egret yet",
            ))
        }),
        ("tobytes", |vm, a, _| Ok(new_bytes(data(vm, &a[0])?))),
        ("tolist", |vm, a, _| {
            let d = data(vm, &a[0])?;
            Ok(crate::list::new_list(
                d.into_iter().map(|b| from_i64(i64::from(b))).collect(),
            ))
        }),
        ("hex", |vm, a, _| {
            let d = data(vm, &a[0])?;
            Ok(new_str(
                &d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            ))
        }),
        ("release", |vm, a, _| {
            if let Some(d) = crate::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<DictData>()
            {
                dd.table.borrow_mut().set_str("obj", types().none.clone());
            }
            Ok(vm.none())
        }),
        ("__enter__", |_vm, a, _| Ok(a[0].clone())),
        ("__exit__", |vm, a, _| {
            if let Some(d) = crate::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<DictData>()
            {
                dd.table.borrow_mut().set_str("obj", types().none.clone());
            }
            Ok(vm.none())
        }),
        ("__eq__", |vm, a, _| {
            let mine = data(vm, &a[0])?;
            let other = if a[1].is_exact(&types().memoryview) {
                data(vm, &a[1])?
            } else if let Some(b) = a[1].downcast::<BytesData>() {
                b.data.borrow().clone()
            } else {
                return Ok(types().not_implemented.clone());
            };
            Ok(py_bool(mine == other))
        }),
        ("__repr__", |_vm, a, _| {
            Ok(new_str(&format!("<memory at {:#x}>", a[0].id())))
        }),
        ("__hash__", |vm, a, _| {
            let o = view_obj(vm, &a[0])?;
            if o.kind() != Kind::Bytes {
                return Err(vm.value_error("cannot hash writable memoryview object"));
            }
            let h = vm.hash(&o)?;
            Ok(from_i64(h))
        }),
    ];
    let t = types();
    crate::str_methods::add_methods(&t.memoryview, "memoryview", &methods[1..]);
    let new = crate::function::new_builtin("__new__", methods[0].1);
    t.memoryview.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(&t.staticmethod, crate::descr::WrapperData { func: new }),
    );
    t.memoryview
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("builtins"));
}
