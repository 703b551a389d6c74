//! `_contextvars`: context variables. Each thread's current context is one
//! `Context` object (saved and restored with the thread's state); `Context.run` switches to
//! another for the duration of a call.

use std::cell::RefCell;

use crate::object::Value;
use crate::object::types::{InstanceData, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

crate::gil_local! {
    static CURRENT: RefCell<Option<Value>> = const { RefCell::new(None) };
    /// `Token.MISSING`: the old value of a variable that had none.
    static MISSING: Value = Value::alloc(
        &types().object,
        InstanceData::with_dict(new_dict(DictTable::new())),
    );
}

fn missing() -> Value {
    MISSING.with(Value::clone)
}

fn new_context(data: DictTable) -> Value {
    let mut t = DictTable::new();
    t.set_str("_data", new_dict(data));
    Value::alloc(&types().context, InstanceData::with_dict(new_dict(t)))
}

fn data_of(vm: &mut Vm, ctx: &Value) -> PyResult<Value> {
    vm.getattr_str(ctx, "_data")
}

/// Replaces the current context (the thread switch saves and restores
/// it: each thread has its own), returning the one that was current.
pub fn swap_current(ctx: Option<Value>) -> Option<Value> {
    CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), ctx))
}

fn current() -> Value {
    CURRENT.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| new_context(DictTable::new()))
            .clone()
    })
}

/// The current contextvars context (made on first use).
pub fn current_context() -> Value {
    current()
}

/// The value of the variable `var` in the context `ctx` (None when unset):
/// for native modules that keep their state in a context variable.
pub fn lookup_in(vm: &mut Vm, ctx: &Value, var: &Value) -> PyResult<Option<Value>> {
    let data = data_of(vm, ctx)?;
    match data.downcast::<DictData>() {
        Some(d) => crate::objects::dict::get(vm, &d.table, var),
        None => Ok(None),
    }
}

/// Sets the variable `var` in the context `ctx` (as `var.set` does in the
/// current context, without a token).
pub fn store_in(vm: &mut Vm, ctx: &Value, var: &Value, value: Value) -> PyResult<()> {
    let data = data_of(vm, ctx)?;
    vm.setitem(&data, var.clone(), value)
}

fn table_of(d: &Value) -> DictTable {
    d.downcast::<DictData>()
        .map(|d| d.table.borrow().clone())
        .unwrap_or_default()
}

fn var_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", |vm, a, k| {
            check_args(vm, "ContextVar", &a[1..], 1, 1)?;
            if crate::objects::str::as_str(&a[1]).is_none() {
                return Err(vm.type_error("context variable name must be a str"));
            }
            vm.setattr_str(&a[0], "name", a[1].clone())?;
            if let Some(d) = kwarg(k, "default") {
                vm.setattr_str(&a[0], "_default", d)?;
            }
            Ok(vm.none())
        }),
        ("get", |vm, a, k| {
            let ctx = current();
            let data = data_of(vm, &ctx)?;
            if let Some(d) = data.downcast::<DictData>() {
                let found = crate::objects::dict::get(vm, &d.table, &a[0])?;
                if let Some(v) = found {
                    return Ok(v);
                }
            }
            if let Some(d) = a.get(1).cloned().or_else(|| kwarg(k, "default")) {
                return Ok(d);
            }
            if let Some(d) = vm.lookup_attr(&a[0], "_default")? {
                return Ok(d);
            }
            let r = vm.repr_string(&a[0])?;
            Err(vm.err(&types().exc.lookup_error, r))
        }),
        ("set", |vm, a, _| {
            check_args(vm, "set", &a[1..], 1, 1)?;
            let ctx = current();
            let data = data_of(vm, &ctx)?;
            let old = match data.downcast::<DictData>() {
                Some(d) => crate::objects::dict::get(vm, &d.table, &a[0])?,
                None => None,
            };
            vm.setitem(&data, a[0].clone(), a[1].clone())?;
            let mut t = DictTable::new();
            t.set_str("var", a[0].clone());
            t.set_str("old_value", old.unwrap_or_else(missing));
            t.set_str("_context", ctx);
            Ok(Value::alloc(
                &types().token,
                InstanceData::with_dict(new_dict(t)),
            ))
        }),
        ("reset", |vm, a, _| {
            check_args(vm, "reset", &a[1..], 1, 1)?;
            let tok = &a[1];
            if !tok.is_exact(&types().token) {
                return Err(vm.type_error("expected an instance of Token"));
            }
            if vm.lookup_attr(tok, "_used")?.is_some() {
                return Err(vm.runtime_error("Token has already been used once"));
            }
            let var = vm.getattr_str(tok, "var")?;
            if !var.is(&a[0]) {
                return Err(vm.value_error("Token was created by a different ContextVar"));
            }
            let ctx = current();
            let data = data_of(vm, &ctx)?;
            let old = vm.getattr_str(tok, "old_value")?;
            if old.is(&missing()) {
                let _ = vm.delitem(&data, &a[0]);
            } else {
                vm.setitem(&data, a[0].clone(), old)?;
            }
            vm.setattr_str(tok, "_used", py_bool(true))?;
            Ok(vm.none())
        }),
        ("__repr__", |vm, a, _| {
            let n = vm.getattr_str(&a[0], "name")?;
            let r = vm.repr_string(&n)?;
            Ok(new_str(&format!(
                "<ContextVar name={r} at {:#x}>",
                a[0].id()
            )))
        }),
    ]
}

fn context_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("run", |vm, a, k| {
            if a.len() < 2 {
                return Err(vm.type_error("run() missing 1 required positional argument"));
            }
            let prev = CURRENT.with(|c| c.borrow_mut().replace(a[0].clone()));
            let r = vm.call(&a[1], &a[2..], k);
            CURRENT.with(|c| *c.borrow_mut() = prev);
            r
        }),
        ("copy", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            Ok(new_context(table_of(&d)))
        }),
        ("get", |vm, a, _| {
            crate::protocols::args::check_args(vm, "get", &a[1..], 1, usize::MAX)?;
            let d = data_of(vm, &a[0])?;
            let default = a.get(2).cloned().unwrap_or_else(|| vm.none());
            match d.downcast::<DictData>() {
                Some(t) => Ok(crate::objects::dict::get(vm, &t.table, &a[1])?.unwrap_or(default)),
                None => Ok(default),
            }
        }),
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let d = data_of(vm, &a[0])?;
            vm.getitem(&d, &a[1])
        }),
        ("__contains__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let d = data_of(vm, &a[0])?;
            Ok(py_bool(vm.contains(&d, &a[1])?))
        }),
        ("__len__", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            Ok(crate::objects::int::from_i64(vm.len(&d)? as i64))
        }),
        ("__iter__", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            vm.get_iter(&d)
        }),
        ("keys", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            vm.call_method(&d, "keys", &[])
        }),
        ("values", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            vm.call_method(&d, "values", &[])
        }),
        ("items", |vm, a, _| {
            let d = data_of(vm, &a[0])?;
            vm.call_method(&d, "items", &[])
        }),
    ]
}

pub fn register_types() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.context_var, "ContextVar", &var_methods());
    crate::objects::str_methods::add_methods(&t.context, "Context", &context_methods());
    t.context.type_data_of_type().dict_mut().set_str(
        "__init__",
        crate::objects::function::new_method_descr("Context", "__init__", |vm, a, _| {
            if let Some(d) = crate::protocols::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<DictData>()
            {
                dd.table
                    .borrow_mut()
                    .set_str("_data", new_dict(DictTable::new()));
            }
            Ok(vm.none())
        }),
    );
    t.token
        .type_data_of_type()
        .dict_mut()
        .set_str("MISSING", missing());
    for ty in [&t.context_var, &t.context, &t.token] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("_contextvars"));
    }
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let funcs: &[(&'static str, NativeFn)] = &[("copy_context", |vm, _a, _| {
        let ctx = current();
        let d = data_of(vm, &ctx)?;
        Ok(new_context(table_of(&d)))
    })];
    super::make_module(
        "_contextvars",
        funcs,
        vec![
            ("ContextVar", t.context_var.clone()),
            ("Context", t.context.clone()),
            ("Token", t.token.clone()),
        ],
    )
}
