//! Struct sequences (`os.stat_result`, `time.struct_time`): tuples whose
//! fields also have names. A struct sequence type derives from tuple; the
//! named fields beyond the tuple's visible ones live in the instance dict.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::DictData;
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm};

/// A new struct sequence type `module.name` with the given field names; the
/// first `visible` of them make up the tuple.
pub fn new_type(vm: &mut Vm, module: &str, name: &str, fields: &[&str], visible: usize) -> Value {
    let t = types();
    let mut ns = crate::objects::dict::DictTable::new();
    ns.set_str("__module__", new_str(module));
    ns.set_str(
        "_egret_fields",
        new_tuple(fields.iter().map(|f| new_str(f)).collect()),
    );
    ns.set_str(
        "n_sequence_fields",
        crate::objects::int::from_i64(visible as i64),
    );
    ns.set_str(
        "n_fields",
        crate::objects::int::from_i64(fields.len() as i64),
    );
    ns.set_str("n_unnamed_fields", crate::objects::int::from_i64(0));
    let ty = crate::object::types::new_class(&t.type_, name, vec![t.tuple.clone()], ns)
        .expect("a tuple subclass");
    *ty.type_data_of_type().qualname.borrow_mut() = name.to_string();
    let methods: &[(&'static str, NativeFn)] = &[("__repr__", repr), ("__reduce__", reduce)];
    crate::objects::str_methods::add_methods(&ty, "structseq", methods);
    // `os.terminal_size((80, 24))`: the fields come from the sequence.
    let new = crate::objects::function::new_builtin("__new__", |vm, a, k| {
        crate::protocols::args::check_args(vm, "structseq", &a[1..], 1, 2)?;
        let cls = a[0].clone();
        let _ = k;
        let values = vm.iterate(&a[1])?;
        let visible = cls
            .type_data_of_type()
            .lookup_static("n_sequence_fields")
            .and_then(|n| n.as_small())
            .unwrap_or(0) as usize;
        if values.len() < visible {
            let name = cls.type_data_of_type().name.clone();
            return Err(vm.type_error(format!(
                "{module}.{name}() takes an at least {visible}-sequence ({}-sequence given)",
                values.len(),
                module = cls
                    .type_data_of_type()
                    .dict
                    .borrow()
                    .get_str("__module__")
                    .map(|m| str_of(&m))
                    .unwrap_or_default()
            )));
        }
        new_value(vm, &cls, values)
    });
    ty.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    let _ = vm;
    ty
}

fn fields_of(ty: &Value) -> Vec<String> {
    ty.type_data_of_type()
        .lookup_static("_egret_fields")
        .and_then(|f| {
            f.downcast::<TupleData>()
                .map(|t| t.items.iter().map(str_of).collect())
        })
        .unwrap_or_default()
}

/// An instance: `values` in field order (all fields, visible first).
pub fn new_value(vm: &mut Vm, ty: &Value, mut values: Vec<Value>) -> PyResult {
    let nfields = fields_of(ty).len();
    while values.len() < nfields {
        values.push(types().none.clone());
    }
    let visible = ty
        .type_data_of_type()
        .lookup_static("n_sequence_fields")
        .and_then(|n| n.as_small())
        .unwrap_or(values.len() as i64) as usize;
    let fields = fields_of(ty);
    let tuple = new_tuple(values[..visible.min(values.len())].to_vec());
    let v = vm.builtin_subclass_new(ty, &[tuple], &[])?;
    if let Some(d) = crate::protocols::attr::instance_dict(&v)
        && let Some(dd) = d.downcast::<DictData>()
    {
        let mut t = dd.table.borrow_mut();
        for (f, x) in fields.iter().zip(values) {
            t.set_str(f, x);
        }
    }
    Ok(v)
}

fn repr(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let v = &a[0];
    let ty = v.class();
    let module = ty
        .type_data_of_type()
        .dict
        .borrow()
        .get_str("__module__")
        .map(|m| str_of(&m))
        .unwrap_or_default();
    let name = ty.type_data_of_type().name.clone();
    let fields = fields_of(&ty);
    let items = v
        .downcast::<TupleData>()
        .map(|t| t.items.to_vec())
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (f, x) in fields.iter().zip(items.iter()) {
        parts.push(format!("{f}={}", vm.repr_string(x)?));
    }
    let prefix = if module.is_empty() || module == "builtins" {
        String::new()
    } else {
        format!("{module}.")
    };
    Ok(new_str(&format!("{prefix}{name}({})", parts.join(", "))))
}

fn reduce(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let v = &a[0];
    let items = v
        .downcast::<TupleData>()
        .map(|t| t.items.to_vec())
        .unwrap_or_default();
    let _ = vm;
    let _ = Kind::Tuple;
    Ok(new_tuple(vec![
        v.class(),
        new_tuple(vec![new_tuple(items)]),
    ]))
}
