//! The methods of `dict` and of its views.

use egret_bytecode::{BinOp, CmpOp};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::{DictData, DictTable, DictViewData, ViewKind, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str_methods::add_methods;
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

fn dict<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a DictData> {
    a.first()
        .and_then(|v| v.downcast::<DictData>())
        .ok_or_else(|| vm.type_error(format!("descriptor '{name}' requires a 'dict' object")))
}

fn view(d: &Value, which: ViewKind) -> Value {
    let t = types();
    let ty = match which {
        ViewKind::Keys => &t.dict_keys,
        ViewKind::Values => &t.dict_values,
        ViewKind::Items => &t.dict_items,
    };
    Value::alloc(
        ty,
        DictViewData {
            dict: d.clone(),
            which,
        },
    )
}

/// `dict.update(other, **kw)`.
pub fn dict_update(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "update", &a[1..], 0, 1)?;
    let target = a[0].clone();
    if let Some(src) = a.get(1) {
        let has_keys = src.kind() == Kind::Dict || vm.lookup_attr(src, "keys")?.is_some();
        if has_keys {
            vm.dict_update_from(&target, src, false)?;
        } else {
            let items = vm.iterate(src)?;
            let d = dict(vm, a, "update")?;
            for (i, it) in items.iter().enumerate() {
                let pair = vm.iterate(it).map_err(|_| {
                    vm.type_error(format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    ))
                })?;
                if pair.len() != 2 {
                    return Err(vm.value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        pair.len()
                    )));
                }
                crate::objects::dict::set(vm, &d.table, pair[0].clone(), pair[1].clone())?;
            }
        }
    }
    let d = dict(vm, a, "update")?;
    for (key, v) in k {
        crate::objects::dict::set(vm, &d.table, key.clone(), v.clone())?;
    }
    Ok(vm.none())
}

pub fn dict_eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let (x, y) = (
        a.downcast::<DictData>().expect("dict"),
        b.downcast::<DictData>().expect("dict"),
    );
    if x.table.borrow().len() != y.table.borrow().len() {
        return Ok(false);
    }
    let items = x.table.borrow().items();
    for (k, v) in items {
        match crate::objects::dict::get(vm, &y.table, &k)? {
            Some(w) => {
                if !(v.is(&w) || vm.eq(&v, &w)?) {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

pub fn view_items(v: &Value) -> Option<Vec<Value>> {
    let dv = v.downcast::<DictViewData>()?;
    let t = dv.dict.downcast::<DictData>()?.table.borrow();
    Some(match dv.which {
        ViewKind::Keys => t.keys(),
        ViewKind::Values => t.values(),
        ViewKind::Items => t
            .items()
            .into_iter()
            .map(|(k, x)| crate::objects::tuple::new_tuple(vec![k, x]))
            .collect(),
    })
}

fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let s = crate::objects::set::new_set(&types().set);
    let items = match view_items(v) {
        Some(i) => i,
        None => vm.iterate(v)?,
    };
    crate::objects::set::update(vm, &s, items)?;
    Ok(s)
}

pub fn view_compare(vm: &mut Vm, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<bool>> {
    let is_setlike = |v: &Value| {
        v.downcast::<DictViewData>()
            .is_some_and(|d| d.which != ViewKind::Values)
            || matches!(v.kind(), Kind::Set | Kind::FrozenSet)
    };
    if !is_setlike(a) || !is_setlike(b) {
        return Ok(None);
    }
    let (x, y) = (as_set(vm, a)?, as_set(vm, b)?);
    crate::objects::set::compare(vm, &x, &y, op).map(Some)
}

pub fn view_contains(vm: &mut Vm, v: &Value, item: &Value) -> PyResult<bool> {
    let dv = v.downcast::<DictViewData>().expect("view");
    let d = dv.dict.downcast::<DictData>().expect("dict");
    match dv.which {
        ViewKind::Keys => crate::objects::dict::contains(vm, &d.table, item),
        ViewKind::Items => {
            let pair = vm.iterate(item)?;
            if pair.len() != 2 {
                return Ok(false);
            }
            match crate::objects::dict::get(vm, &d.table, &pair[0])? {
                Some(x) => vm.eq(&x, &pair[1]),
                None => Ok(false),
            }
        }
        ViewKind::Values => {
            let vals = d.table.borrow().values();
            for x in vals {
                if vm.eq(&x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

pub fn view_binop(vm: &mut Vm, a: &Value, b: &Value, op: BinOp) -> PyResult<Option<Value>> {
    let x = as_set(vm, a)?;
    let y = as_set(vm, b)?;
    crate::objects::set_methods::set_op(vm, &x, &y, op).map(Some)
}

pub fn register() {
    let t = types();
    let methods: &[(&'static str, NativeFn)] = &[
        ("keys", |vm, a, _| {
            dict(vm, a, "keys")?;
            Ok(view(&a[0], ViewKind::Keys))
        }),
        ("values", |vm, a, _| {
            dict(vm, a, "values")?;
            Ok(view(&a[0], ViewKind::Values))
        }),
        ("items", |vm, a, _| {
            dict(vm, a, "items")?;
            Ok(view(&a[0], ViewKind::Items))
        }),
        ("get", |vm, a, _| {
            check_args(vm, "get", &a[1..], 1, 2)?;
            let d = dict(vm, a, "get")?;
            Ok(crate::objects::dict::get(vm, &d.table, &a[1])?
                .unwrap_or_else(|| a.get(2).cloned().unwrap_or_else(|| types().none.clone())))
        }),
        ("setdefault", |vm, a, _| {
            check_args(vm, "setdefault", &a[1..], 1, 2)?;
            let d = dict(vm, a, "setdefault")?;
            if let Some(v) = crate::objects::dict::get(vm, &d.table, &a[1])? {
                return Ok(v);
            }
            let v = a.get(2).cloned().unwrap_or_else(|| types().none.clone());
            crate::objects::dict::set(vm, &d.table, a[1].clone(), v.clone())?;
            Ok(v)
        }),
        ("pop", |vm, a, _| {
            check_args(vm, "pop", &a[1..], 1, 2)?;
            let d = dict(vm, a, "pop")?;
            match crate::objects::dict::del(vm, &d.table, &a[1])? {
                Some(v) => Ok(v),
                None => match a.get(2) {
                    Some(dflt) => Ok(dflt.clone()),
                    None => Err(vm.key_error(a[1].clone())),
                },
            }
        }),
        ("popitem", |vm, a, _| {
            let d = dict(vm, a, "popitem")?;
            let e = d.table.borrow_mut().pop_last();
            match e {
                Some(e) => Ok(crate::objects::tuple::new_tuple(vec![e.key, e.value])),
                None => Err(vm.err(&types().exc.key_error, "popitem(): dictionary is empty")),
            }
        }),
        ("update", dict_update),
        ("clear", |vm, a, _| {
            let d = dict(vm, a, "clear")?;
            // Dropped once the borrow ends: freeing values may run code.
            let old = d.table.borrow_mut().take_all();
            drop(old);
            Ok(vm.none())
        }),
        ("copy", |vm, a, _| {
            let d = dict(vm, a, "copy")?;
            Ok(new_dict(d.table.borrow().clone()))
        }),
        ("__len__", |vm, a, _| {
            Ok(from_i64(dict(vm, a, "__len__")?.table.borrow().len() as i64))
        }),
        ("__getitem__", |vm, a, _| {
            check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let d = dict(vm, a, "__getitem__")?;
            match crate::objects::dict::get(vm, &d.table, &a[1])? {
                Some(v) => Ok(v),
                None => Err(vm.key_error(a[1].clone())),
            }
        }),
        ("__setitem__", |vm, a, _| {
            check_args(vm, "__setitem__", &a[1..], 2, 2)?;
            let d = dict(vm, a, "__setitem__")?;
            crate::objects::dict::set(vm, &d.table, a[1].clone(), a[2].clone())?;
            Ok(vm.none())
        }),
        ("__contains__", |vm, a, _| {
            check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let d = dict(vm, a, "__contains__")?;
            let r = crate::objects::dict::contains(vm, &d.table, &a[1])?;
            Ok(vm.bool_value(r))
        }),
    ];
    add_methods(&t.dict, "dict", methods);
    let view_methods: &[(&'static str, NativeFn)] = &[
        ("isdisjoint", |vm, a, _| {
            crate::protocols::args::check_args(vm, "isdisjoint", &a[1..], 1, 1)?;
            for item in vm.iterate(&a[1])? {
                if view_contains(vm, &a[0], &item)? {
                    return Ok(vm.bool_value(false));
                }
            }
            Ok(vm.bool_value(true))
        }),
        ("__reversed__", |vm, a, _| {
            let r = types().reversed.clone();
            vm.call(&r, &a[..1], &[])
        }),
    ];
    for ty in [&t.dict_keys, &t.dict_items] {
        add_methods(ty, "dict_keys", view_methods);
    }
    add_methods(&t.dict_values, "dict_values", &view_methods[1..]);
    // `cls.fromkeys(iterable, value=None)`: a plain dict is filled
    // directly, an instance of a subclass (made by calling it) through its
    // __setitem__, as CPython's _PyDict_FromKeys.
    let fromkeys = crate::objects::function::new_builtin("fromkeys", |vm, a, _| {
        check_args(vm, "fromkeys", &a[1..], 1, 2)?;
        let v = a.get(2).cloned().unwrap_or_else(|| types().none.clone());
        let d = match a.first() {
            Some(cls) if !cls.is(&types().dict) => vm.call(cls, &[], &[])?,
            _ => new_dict(DictTable::new()),
        };
        let it = vm.get_iter(&a[1])?;
        while let Some(k) = vm.next(&it)? {
            match d.downcast::<DictData>() {
                Some(dd) if d.is_exact(&types().dict) => {
                    crate::objects::dict::set(vm, &dd.table, k, v.clone())?;
                }
                _ => vm.setitem(&d, k, v.clone())?,
            }
        }
        Ok(d)
    });
    t.dict.type_data_of_type().dict_mut().set_str(
        "fromkeys",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData { func: fromkeys },
        ),
    );
}
