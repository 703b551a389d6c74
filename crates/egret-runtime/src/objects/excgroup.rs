//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654): exceptions that
//! carry other exceptions, and the run-time side of `except*`.

use crate::object::Value;
use crate::object::types::{isinstance, types};
use crate::objects::dict::DictTable;
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::vm::{PyResult, Vm};

crate::gil_local! {
    static GROUPS: std::cell::RefCell<Option<(Value, Value)>> = const { std::cell::RefCell::new(None) };
}

fn groups() -> (Value, Value) {
    GROUPS
        .with(|g| g.borrow().clone())
        .expect("exception groups created at start-up")
}

/// `BaseExceptionGroup`.
pub fn base_group() -> Value {
    groups().0
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
    if crate::objects::str::as_str(&a[1]).is_none() {
        return Err(vm.type_error("argument 1 must be str"));
    }
    let excs = match vm.iterate(&a[2]) {
        Ok(e)
            if !matches!(
                a[2].kind(),
                crate::object::types::Kind::Set | crate::object::types::Kind::Dict
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
        if crate::object::types::is_type(cond) || cond.kind() == crate::object::types::Kind::Tuple {
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
    subset(vm, group, out)
}

/// A group like `group` holding `excs` (None when empty), made by its
/// `derive` and given its traceback, cause, context and notes.
fn subset(vm: &mut Vm, group: &Value, excs: Vec<Value>) -> PyResult<Option<Value>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let derive = vm.getattr_str(group, "derive")?;
    let g = vm.call(&derive, &[crate::objects::list::new_list(excs)], &[])?;
    copy_metadata(vm, group, &g);
    Ok(Some(g))
}

pub fn create(vm: &mut Vm) -> (Value, Value) {
    let t = types();
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("builtins"));
    let base_eg = crate::object::types::new_class(
        &t.type_,
        "BaseExceptionGroup",
        vec![t.exc.base_exception.clone()],
        ns,
    )
    .expect("BaseExceptionGroup");
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("builtins"));
    let eg = crate::object::types::new_class(
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
            crate::protocols::args::check_args(vm, "derive", &a[1..], 1, 1)?;
            let msg = vm.getattr_str(&a[0], "message")?;
            let (base_eg, _) = groups();
            eg_new(vm, &[base_eg, msg, a[1].clone()], &[])
        }),
        ("subgroup", |vm, a, _| {
            crate::protocols::args::check_args(vm, "subgroup", &a[1..], 1, 1)?;
            Ok(select(vm, &a[0], &a[1], true)?.unwrap_or_else(|| vm.none()))
        }),
        ("split", |vm, a, _| {
            crate::protocols::args::check_args(vm, "split", &a[1..], 1, 1)?;
            let yes = select(vm, &a[0], &a[1], true)?.unwrap_or_else(|| vm.none());
            let no = select(vm, &a[0], &a[1], false)?.unwrap_or_else(|| vm.none());
            Ok(new_tuple(vec![yes, no]))
        }),
    ];
    crate::objects::str_methods::add_methods(&base_eg, "BaseExceptionGroup", methods);
    base_eg.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData {
                func: crate::objects::function::new_builtin("__new__", eg_new),
            },
        ),
    );
    let _ = vm;
    (base_eg, eg)
}

/// Checks an `except*` clause's type: exception types only, and no
/// exception groups.
fn check_star_type(vm: &mut Vm, ty: &Value) -> PyResult<()> {
    let (base_eg, _) = groups();
    let types_: Vec<Value> = match ty.downcast::<crate::objects::tuple::TupleData>() {
        Some(t) => t.items.to_vec(),
        None => vec![ty.clone()],
    };
    for t in &types_ {
        if !crate::objects::exceptions::is_exception_type(t) {
            return Err(vm.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        if t.type_data_of_type().is_subtype(&base_eg) {
            return Err(vm.type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
    }
    Ok(())
}

impl Vm {
    /// `CHECK_EG_MATCH`: splits what is left of the exception an `except*`
    /// statement handles by the clause's type. Returns (rest, match); the
    /// match is None when nothing matches (and the rest is unchanged).
    pub fn check_eg_match(&mut self, exc: &Value, ty: &Value) -> PyResult<(Value, Value)> {
        check_star_type(self, ty)?;
        let t = types();
        if exc.is(&t.none) {
            return Ok((exc.clone(), t.none.clone()));
        }
        if self.exception_matches(exc, ty)? {
            let (base_eg, _) = groups();
            let matched = if isinstance(exc, &base_eg) {
                exc.clone()
            } else {
                // A naked exception is handled as a group of one.
                eg_new(
                    self,
                    &[base_eg, new_str(""), new_tuple(vec![exc.clone()])],
                    &[],
                )?
            };
            return Ok((t.none.clone(), matched));
        }
        let (base_eg, _) = groups();
        if !isinstance(exc, &base_eg) {
            return Ok((exc.clone(), t.none.clone()));
        }
        let split = self.call_method(exc, "split", std::slice::from_ref(ty))?;
        let parts = self.iterate(&split)?;
        let [matched, rest] = <[Value; 2]>::try_from(parts)
            .map_err(|_| self.type_error("split() must return a 2-tuple"))?;
        if matched.is(&t.none) {
            return Ok((exc.clone(), t.none.clone()));
        }
        Ok((rest, matched))
    }

    /// `PREP_RERAISE_STAR`: what an `except*` statement raises once every
    /// clause has run. `excs` holds what the handlers raised and, last,
    /// the unhandled rest. Re-raised parts of the original keep its
    /// structure; new exceptions are grouped with them.
    pub fn prep_reraise_star(&mut self, orig: &Value, excs: &Value) -> PyResult {
        let t = types();
        let excs = self.iterate(excs)?;
        let (base_eg, _) = groups();
        if !isinstance(orig, &base_eg) {
            // A naked exception: at most one handler ran.
            return Ok(excs
                .into_iter()
                .find(|e| !e.is(&t.none))
                .unwrap_or_else(|| t.none.clone()));
        }
        let mut raised = Vec::new();
        let mut reraised = Vec::new();
        for e in excs {
            if e.is(&t.none) {
                continue;
            }
            if same_metadata(&e, orig) {
                reraised.push(e);
            } else {
                raised.push(e);
            }
        }
        let mut leaves = Vec::new();
        for e in &reraised {
            collect_leaves(self, e, &mut leaves)?;
        }
        let reraised_eg = project(self, orig, &leaves)?;
        if raised.is_empty() {
            return Ok(reraised_eg.unwrap_or_else(|| t.none.clone()));
        }
        if let Some(r) = reraised_eg {
            raised.push(r);
        }
        if raised.len() == 1 {
            return Ok(raised.pop().expect("one"));
        }
        eg_new(
            self,
            &[base_eg, new_str(""), crate::objects::list::new_list(raised)],
            &[],
        )
    }
}

/// Whether `e` carries the same traceback, cause, context and notes as
/// `orig` (it is a part of `orig` raised again, not a new exception).
fn same_metadata(e: &Value, orig: &Value) -> bool {
    let (Some(a), Some(b)) = (
        e.downcast::<crate::objects::exceptions::ExceptionData>(),
        orig.downcast::<crate::objects::exceptions::ExceptionData>(),
    ) else {
        return false;
    };
    // An attribute set to None counts as unset.
    let none = &types().none;
    let same_opt = |x: &Option<Value>, y: &Option<Value>| {
        let x = x.as_ref().filter(|v| !v.is(none));
        let y = y.as_ref().filter(|v| !v.is(none));
        match (x, y) {
            (None, None) => true,
            (Some(x), Some(y)) => x.is(y),
            _ => false,
        }
    };
    let tb_a = a.traceback.borrow();
    let tb_b = b.traceback.borrow();
    let same_tb = tb_a.len() == tb_b.len()
        && tb_a
            .iter()
            .zip(tb_b.iter())
            .all(|(x, y)| x.line == y.line && x.name == y.name && x.filename == y.filename);
    let notes_a = a
        .dict
        .downcast::<crate::objects::dict::DictData>()
        .and_then(|d| d.table.borrow().get_str("__notes__"));
    let notes_b = b
        .dict
        .downcast::<crate::objects::dict::DictData>()
        .and_then(|d| d.table.borrow().get_str("__notes__"));
    same_tb
        && same_opt(&a.cause.borrow(), &b.cause.borrow())
        && same_opt(&a.context.borrow(), &b.context.borrow())
        && same_opt(&notes_a, &notes_b)
}

/// The leaf exceptions of `e` (itself when it is not a group).
fn collect_leaves(vm: &mut Vm, e: &Value, out: &mut Vec<Value>) -> PyResult<()> {
    let (base_eg, _) = groups();
    if !isinstance(e, &base_eg) {
        out.push(e.clone());
        return Ok(());
    }
    let excs = vm.getattr_str(e, "exceptions")?;
    for sub in vm.iterate(&excs)? {
        collect_leaves(vm, &sub, out)?;
    }
    Ok(())
}

/// The part of `group` whose leaves are among `leaves`, in its shape.
fn project(vm: &mut Vm, group: &Value, leaves: &[Value]) -> PyResult<Option<Value>> {
    let (base_eg, _) = groups();
    if !isinstance(group, &base_eg) {
        return Ok(leaves.iter().any(|l| l.is(group)).then(|| group.clone()));
    }
    let excs = vm.getattr_str(group, "exceptions")?;
    let all = vm.iterate(&excs)?;
    let mut out = Vec::new();
    for e in &all {
        if let Some(p) = project(vm, e, leaves)? {
            out.push(p);
        }
    }
    subset(vm, group, out)
}

/// What `split` and `subgroup` copy from a group to the groups they make.
fn copy_metadata(vm: &mut Vm, from: &Value, to: &Value) {
    let (Some(a), Some(b)) = (
        from.downcast::<crate::objects::exceptions::ExceptionData>(),
        to.downcast::<crate::objects::exceptions::ExceptionData>(),
    ) else {
        return;
    };
    *b.traceback.borrow_mut() = a.traceback.borrow().clone();
    *b.cause.borrow_mut() = a.cause.borrow().clone();
    *b.context.borrow_mut() = a.context.borrow().clone();
    b.suppress_context.set(a.suppress_context.get());
    if let Ok(notes) = vm.getattr_str(from, "__notes__") {
        let _ = vm.setattr_str(to, "__notes__", notes);
    }
}
