//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654): exceptions that
//! carry other exceptions. The `except*` statement is not supported yet.

use crate::dict::DictTable;
use crate::function::NativeFn;
use crate::object::Value;
use crate::str::new_str;
use crate::tuple::new_tuple;
use crate::types::{isinstance, types};
use crate::vm::{PyResult, Vm};

thread_local! {
    static GROUPS: std::cell::RefCell<Option<(Value, Value)>> = const { std::cell::RefCell::new(None) };
}

fn groups() -> (Value, Value) {
    GROUPS
        .with(|g| g.borrow().clone())
        .expect("exception groups created at start-up")
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`.
fn eg_new(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let (base_eg, eg) = groups();
    if a.len() != 3 {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            a.len().saturating_sub(1)
        )));
    }
    let mut cls = a[0].clone();
    if crate::str::as_str(&a[1]).is_none() {
        return Err(vm.type_error("argument 1 must be str"));
    }
    let excs = match vm.iterate(&a[2]) {
        Ok(e)
            if !matches!(
                a[2].kind(),
                crate::types::Kind::Set | crate::types::Kind::Dict
            ) =>
        {
            e
        }
        _ => return Err(vm.type_error("second argument (exceptions) must be a sequence")),
    };
    if excs.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let t = types();
    let mut all_exceptions = true;
    for (i, e) in excs.iter().enumerate() {
        if !isinstance(e, &t.exc.base_exception) {
            return Err(vm.value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        if !isinstance(e, &t.exc.exception) {
            all_exceptions = false;
        }
    }
    if cls.is(&base_eg) {
        if all_exceptions {
            cls = eg.clone();
        }
    } else if (cls.is(&eg) || cls.type_data_of_type().is_subtype(&t.exc.exception))
        && !all_exceptions
    {
        return Err(vm.type_error(if cls.is(&eg) {
            "Cannot nest BaseExceptions in an ExceptionGroup".to_string()
        } else {
            format!(
                "Cannot nest BaseExceptions in '{}'",
                cls.type_data_of_type().name
            )
        }));
    }
    let inst = vm.object_new(&cls, &a[1..], &[])?;
    vm.setattr_str(&inst, "message", a[1].clone())?;
    vm.setattr_str(&inst, "exceptions", new_tuple(excs))?;
    Ok(inst)
}

fn eg_str(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let msg = vm.getattr_str(&a[0], "message")?;
    let excs = vm.getattr_str(&a[0], "exceptions")?;
    let n = vm.len(&excs)?;
    let m = crate::interp::str_of(&msg);
    Ok(new_str(&format!(
        "{m} ({n} sub-exception{})",
        if n == 1 { "" } else { "s" }
    )))
}

/// The leaves of `group` that `cond` (a type, tuple of types or predicate)
/// selects, as a group of the same shape; None when nothing matches.
fn select(vm: &mut Vm, group: &Value, cond: &Value, keep: bool) -> PyResult<Option<Value>> {
    let matches = |vm: &mut Vm, e: &Value| -> PyResult<bool> {
        if crate::types::is_type(cond) || cond.kind() == crate::types::Kind::Tuple {
            let isinst = vm.getattr_str(&vm.builtins.clone(), "isinstance")?;
            let r = vm.call(&isinst, &[e.clone(), cond.clone()], &[])?;
            vm.truthy(&r)
        } else {
            let r = vm.call(cond, std::slice::from_ref(e), &[])?;
            vm.truthy(&r)
        }
    };
    // A group that matches as a whole goes entirely to one side.
    if matches(vm, group)? {
        return Ok(keep.then(|| group.clone()));
    }
    let excs = vm.getattr_str(group, "exceptions")?;
    let mut out = Vec::new();
    let (base_eg, _) = groups();
    for e in vm.iterate(&excs)? {
        if isinstance(&e, &base_eg) {
            if let Some(sub) = select(vm, &e, cond, keep)? {
                out.push(sub);
            }
        } else if matches(vm, &e)? == keep {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    let derive = vm.getattr_str(group, "derive")?;
    let g = vm.call(&derive, &[crate::list::new_list(out)], &[])?;
    for attr in ["__traceback__", "__cause__", "__context__"] {
        if let Ok(v) = vm.getattr_str(group, attr) {
            let _ = vm.setattr_str(&g, attr, v);
        }
    }
    Ok(Some(g))
}

pub fn create(vm: &mut Vm) -> (Value, Value) {
    let t = types();
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("builtins"));
    let base_eg = crate::types::new_class(
        &t.type_,
        "BaseExceptionGroup",
        vec![t.exc.base_exception.clone()],
        ns,
    )
    .expect("BaseExceptionGroup");
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("builtins"));
    let eg = crate::types::new_class(
        &t.type_,
        "ExceptionGroup",
        vec![base_eg.clone(), t.exc.exception.clone()],
        ns,
    )
    .expect("ExceptionGroup");
    GROUPS.with(|g| *g.borrow_mut() = Some((base_eg.clone(), eg.clone())));
    let methods: &[(&'static str, NativeFn)] = &[
        ("__str__", eg_str),
        ("__init__", |vm, _a, _| Ok(vm.none())),
        ("derive", |vm, a, _| {
            crate::builtins::check_args(vm, "derive", &a[1..], 1, 1)?;
            let msg = vm.getattr_str(&a[0], "message")?;
            let (base_eg, _) = groups();
            eg_new(vm, &[base_eg, msg, a[1].clone()], &[])
        }),
        ("subgroup", |vm, a, _| {
            crate::builtins::check_args(vm, "subgroup", &a[1..], 1, 1)?;
            Ok(select(vm, &a[0], &a[1], true)?.unwrap_or_else(|| vm.none()))
        }),
        ("split", |vm, a, _| {
            crate::builtins::check_args(vm, "split", &a[1..], 1, 1)?;
            let yes = select(vm, &a[0], &a[1], true)?.unwrap_or_else(|| vm.none());
            let no = select(vm, &a[0], &a[1], false)?.unwrap_or_else(|| vm.none());
            Ok(new_tuple(vec![yes, no]))
        }),
    ];
    crate::str_methods::add_methods(&base_eg, "BaseExceptionGroup", methods);
    base_eg.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::descr::WrapperData {
                func: crate::function::new_builtin("__new__", eg_new),
            },
        ),
    );
    let _ = vm;
    (base_eg, eg)
}
