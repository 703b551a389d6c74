//! `_operator`: the function forms of Python's operators, the
//! `itemgetter`, `attrgetter` and `methodcaller` types, and
//! `_compare_digest`, as CPython has them in C. Every function goes
//! through the interpreter's own protocols (`Vm::binary_op`,
//! `Vm::compare`, `Vm::getitem`, ...); what is added here is only what
//! CPython's abstract object layer adds on top (`concat` taking sequences
//! only, `countOf`/`indexOf` with the identity shortcut, `length_hint`'s
//! fallbacks). `operator.py` imports all of this with `from _operator
//! import *` and sets up the dunder aliases (`__add__`, ...) itself.
//!
//! The three getter types keep the Python values they were made with in
//! their native state; like CPython's, they are not subclassable.

use egret_bytecode::{BinOp, CmpOp};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, set_new, with_state};
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyResult, Vm, py_bool};

// ----- argument checks, in CPython's words -----

/// A function of two positional arguments (Argument Clinic's wording).
fn two<'a>(vm: &Vm, name: &str, a: &'a [Value], k: Kw) -> PyResult<(&'a Value, &'a Value)> {
    no_kwargs(vm, &format!("_operator.{name}"), k)?;
    check_args(vm, name, a, 2, 2)?;
    Ok((&a[0], &a[1]))
}

/// A function of one argument (`METH_O`'s wording).
fn one<'a>(vm: &Vm, name: &str, a: &'a [Value], k: Kw) -> PyResult<&'a Value> {
    let full = format!("_operator.{name}");
    no_kwargs(vm, &full, k)?;
    check_args(vm, &full, a, 1, 1)?;
    Ok(&a[0])
}

macro_rules! binop {
    ($name:literal, $op:expr, $inplace:expr) => {
        ($name, |vm: &mut Vm, a: &[Value], k: Kw| {
            let (x, y) = two(vm, $name, a, k)?;
            vm.binary_op(x, y, $op, $inplace)
        })
    };
}

macro_rules! cmpop {
    ($name:literal, $op:expr) => {
        ($name, |vm: &mut Vm, a: &[Value], k: Kw| {
            let (x, y) = two(vm, $name, a, k)?;
            vm.compare(x, y, $op)
        })
    };
}

// ----- the sequence helpers of CPython's abstract layer -----

/// Whether `v` is a builtin sequence with its own concatenation
/// (`sq_concat`): str, bytes, bytearray, list, tuple, deque, array.
fn has_concat(v: &Value) -> bool {
    let t = types();
    matches!(
        v.kind(),
        Kind::Str | Kind::Bytes | Kind::ByteArray | Kind::List | Kind::Tuple | Kind::Deque
    ) || crate::object::types::isinstance(v, &t.array)
}

/// `PySequence_Check`: not a dict, and indexable as a sequence.
fn is_sequence(v: &Value) -> bool {
    let t = types();
    if crate::object::types::isinstance(v, &t.dict) {
        return false;
    }
    if has_concat(v) || matches!(v.kind(), Kind::Range) || v.is_exact(&t.memoryview) {
        return true;
    }
    let td = v.type_data();
    td.is_heap && v.kind() == Kind::Object && td.lookup_static("__getitem__").is_some()
}

fn concat(vm: &mut Vm, a: &Value, b: &Value, inplace: bool) -> PyResult {
    if has_concat(a) || (is_sequence(a) && is_sequence(b)) {
        return vm.binary_op(a, b, BinOp::Add, inplace);
    }
    Err(vm.type_error(format!(
        "'{}' object can't be concatenated",
        a.type_data().name
    )))
}

/// Iterates `seq` for `countOf`/`indexOf`, calling `found` with the index
/// of every item that is or equals `item` until it returns false.
fn search(
    vm: &mut Vm,
    seq: &Value,
    item: &Value,
    mut found: impl FnMut(usize) -> bool,
) -> PyResult<()> {
    let it = match vm.get_iter(seq) {
        Ok(it) => it,
        Err(e) if e.matches(&types().exc.type_error) => {
            return Err(vm.type_error(format!(
                "argument of type '{}' is not iterable",
                seq.type_data().name
            )));
        }
        Err(e) => return Err(e),
    };
    let mut i = 0usize;
    while let Some(x) = vm.next(&it)? {
        if (x.is(item) || vm.eq(&x, item)?) && !found(i) {
            return Ok(());
        }
        i += 1;
    }
    Ok(())
}

/// `operator.length_hint(obj, default)`: `len(obj)`, else what
/// `__length_hint__` says, else `default`.
fn length_hint(vm: &mut Vm, obj: &Value, default: i64) -> PyResult<i64> {
    match vm.len(obj) {
        Ok(n) => return Ok(n as i64),
        Err(e) if e.matches(&types().exc.type_error) => {}
        Err(e) => return Err(e),
    }
    let ty = obj.class();
    let Some(m) = ty.type_data_of_type().lookup_static("__length_hint__") else {
        return Ok(default);
    };
    let bound = vm.bind_descriptor(&m, obj, &ty)?;
    let r = match vm.call(&bound, &[], &[]) {
        Ok(r) => r,
        Err(e) if e.matches(&types().exc.type_error) => return Ok(default),
        Err(e) => return Err(e),
    };
    if r.is(&types().not_implemented) {
        return Ok(default);
    }
    if !matches!(r.kind(), Kind::Int | Kind::Bool) {
        return Err(vm.type_error(format!(
            "__length_hint__ must be an integer, not {}",
            r.type_data().name
        )));
    }
    let n = crate::objects::int::to_i64(&r)
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C ssize_t"))?;
    if n < 0 {
        return Err(vm.value_error("__length_hint__() should return >= 0"));
    }
    Ok(n)
}

/// `operator.index(v)`: an exact int (a bool or an int subclass is
/// converted, as `PyNumber_Index` does since 3.10).
fn index(vm: &mut Vm, v: &Value) -> PyResult {
    let r = vm.index_int(v)?;
    if r.kind() == Kind::Int && !r.type_data().is_heap {
        return Ok(r);
    }
    let b = crate::objects::int::to_bigint(&r).unwrap_or_default();
    Ok(crate::objects::int::from_bigint(b))
}

/// `_compare_digest(a, b)`: equality of two ASCII strs or two bytes-like
/// objects, in a time that depends only on the length of `b`.
fn compare_digest(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let (x, y) = match (as_str(a), as_str(b)) {
        (Some(x), Some(y)) => {
            if !x.is_ascii() || !y.is_ascii() {
                return Err(
                    vm.type_error("comparing strings with non-ASCII characters is not supported")
                );
            }
            (x.as_bytes().to_vec(), y.as_bytes().to_vec())
        }
        _ => {
            let xa = super::hashlib::buffer_bytes(vm, a)?;
            let yb = super::hashlib::buffer_bytes(vm, b)?;
            match (xa, yb) {
                (Some(x), Some(y)) => (x, y),
                (None, None) => {
                    return Err(vm.type_error(format!(
                        "unsupported operand types(s) or combination of types: '{}' and '{}'",
                        a.type_data().name,
                        b.type_data().name
                    )));
                }
                (None, Some(_)) => return Err(not_bytes_like(vm, a)),
                (Some(_), None) => return Err(not_bytes_like(vm, b)),
            }
        }
    };
    Ok(constant_time_eq(&x, &y))
}

fn not_bytes_like(vm: &Vm, v: &Value) -> crate::vm::PyErr {
    vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.type_data().name
    ))
}

/// Compares every byte of `b` whatever the contents (with `b` itself when
/// the lengths differ), so the time taken tells nothing of where `a` and
/// `b` first differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let left = if a.len() == b.len() { a } else { b };
    let mut diff = u8::from(a.len() != b.len());
    for (x, y) in left.iter().zip(b) {
        diff |= std::hint::black_box(x ^ y);
    }
    diff == 0
}

// ----- itemgetter, attrgetter, methodcaller -----

struct ItemGetter {
    items: Vec<Value>,
}

struct AttrGetter {
    /// Each dotted name, split at its dots.
    names: Vec<Vec<Value>>,
}

struct MethodCaller {
    name: Value,
    args: Vec<Value>,
    kwargs: Vec<(Value, Value)>,
}

struct Types {
    itemgetter: Value,
    attrgetter: Value,
    methodcaller: Value,
}

crate::gil_local! {
    static TYPES: std::cell::RefCell<Option<std::rc::Rc<Types>>> = const { std::cell::RefCell::new(None) };
}

fn set_doc(ty: &Value, doc: &str) {
    ty.type_data_of_type()
        .dict_mut()
        .set_str("__doc__", new_str(doc));
}

fn module_types() -> std::rc::Rc<Types> {
    TYPES.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let itemgetter = native_type("operator.itemgetter");
                crate::objects::str_methods::add_methods(&itemgetter, "itemgetter", ITEMGETTER);
                set_new(&itemgetter, itemgetter_new);
                set_doc(
                    &itemgetter,
                    "itemgetter(item, ...) --> itemgetter object\n\nReturn a callable object that fetches the given item(s) from its operand.\nAfter f = itemgetter(2), the call f(r) returns r[2].\nAfter g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])",
                );
                let attrgetter = native_type("operator.attrgetter");
                crate::objects::str_methods::add_methods(&attrgetter, "attrgetter", ATTRGETTER);
                set_new(&attrgetter, attrgetter_new);
                set_doc(
                    &attrgetter,
                    "attrgetter(attr, ...) --> attrgetter object\n\nReturn a callable object that fetches the given attribute(s) from its operand.\nAfter f = attrgetter('name'), the call f(r) returns r.name.\nAfter g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\nAfter h = attrgetter('name.first', 'name.last'), the call h(r) returns\n(r.name.first, r.name.last).",
                );
                let methodcaller = native_type("operator.methodcaller");
                crate::objects::str_methods::add_methods(
                    &methodcaller,
                    "methodcaller",
                    METHODCALLER,
                );
                set_new(&methodcaller, methodcaller_new);
                set_doc(
                    &methodcaller,
                    "methodcaller(name, ...) --> methodcaller object\n\nReturn a callable object that calls the given method on its operand.\nAfter f = methodcaller('name'), the call f(r) returns r.name().\nAfter g = methodcaller('name', 'date', foo=1), the call g(r) returns\nr.name('date', foo=1).",
                );
                std::rc::Rc::new(Types {
                    itemgetter,
                    attrgetter,
                    methodcaller,
                })
            })
            .clone()
    })
}

/// The one positional argument a getter is called with.
fn getter_operand<'a>(vm: &Vm, what: &str, a: &'a [Value], k: Kw) -> PyResult<&'a Value> {
    no_kwargs(vm, what, k)?;
    if a.len() != 2 {
        return Err(vm.type_error(format!(
            "{what} expected 1 argument, got {}",
            a.len().saturating_sub(1)
        )));
    }
    Ok(&a[1])
}

/// `type(name, ...)` with `...` the reprs of `parts`, or `type(...)` when
/// `v`'s repr is already being computed.
fn getter_repr(
    vm: &mut Vm,
    v: &Value,
    parts: impl FnOnce(&mut Vm) -> PyResult<Vec<String>>,
) -> PyResult {
    let name = v.type_data().name.clone();
    if !vm.guard_recursive(v) {
        return Ok(new_string(format!("{name}(...)")));
    }
    let r = parts(vm);
    vm.unguard();
    Ok(new_string(format!("{name}({})", r?.join(", "))))
}

fn new_string(s: String) -> Value {
    crate::objects::str::new_string(s)
}

fn itemgetter_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "itemgetter", k)?;
    if a.len() < 2 {
        return Err(vm.type_error("itemgetter expected 1 argument, got 0"));
    }
    Ok(new_native(
        &module_types().itemgetter,
        ItemGetter {
            items: a[1..].to_vec(),
        },
    ))
}

fn items_of(vm: &Vm, v: &Value) -> PyResult<Vec<Value>> {
    with_state(vm, v, "operator.itemgetter", |g: &mut ItemGetter| {
        g.items.clone()
    })
}

const ITEMGETTER: &[(&str, NativeFn)] = &[
    ("__call__", |vm, a, k| {
        let obj = getter_operand(vm, "itemgetter", a, k)?;
        let items = items_of(vm, &a[0])?;
        if let [item] = items.as_slice() {
            return vm.getitem(obj, item);
        }
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            out.push(vm.getitem(obj, item)?);
        }
        Ok(new_tuple(out))
    }),
    ("__repr__", |vm, a, _| {
        let items = items_of(vm, &a[0])?;
        getter_repr(vm, &a[0], |vm| {
            items.iter().map(|x| vm.repr_string(x)).collect()
        })
    }),
    ("__reduce__", |vm, a, _| {
        let items = items_of(vm, &a[0])?;
        Ok(new_tuple(vec![a[0].class(), new_tuple(items)]))
    }),
];

fn attrgetter_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "attrgetter", k)?;
    if a.len() < 2 {
        return Err(vm.type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut names = Vec::with_capacity(a.len() - 1);
    for v in &a[1..] {
        let Some(s) = as_str(v) else {
            return Err(vm.type_error("attribute name must be a string"));
        };
        let parts = s
            .split('.')
            .map(|p| vm.intern(&std::rc::Rc::from(p)))
            .collect();
        names.push(parts);
    }
    Ok(new_native(&module_types().attrgetter, AttrGetter { names }))
}

fn names_of(vm: &Vm, v: &Value) -> PyResult<Vec<Vec<Value>>> {
    with_state(vm, v, "operator.attrgetter", |g: &mut AttrGetter| {
        g.names.clone()
    })
}

/// The dotted names of an attrgetter, as given.
fn dotted_names(names: &[Vec<Value>]) -> Vec<Value> {
    names
        .iter()
        .map(|parts| {
            let joined: Vec<&str> = parts.iter().filter_map(as_str).collect();
            new_string(joined.join("."))
        })
        .collect()
}

fn get_dotted(vm: &mut Vm, obj: &Value, parts: &[Value]) -> PyResult {
    let mut cur = obj.clone();
    for p in parts {
        cur = vm.getattr(&cur, p)?;
    }
    Ok(cur)
}

const ATTRGETTER: &[(&str, NativeFn)] = &[
    ("__call__", |vm, a, k| {
        let obj = getter_operand(vm, "attrgetter", a, k)?;
        let names = names_of(vm, &a[0])?;
        if let [parts] = names.as_slice() {
            return get_dotted(vm, obj, parts);
        }
        let mut out = Vec::with_capacity(names.len());
        for parts in &names {
            out.push(get_dotted(vm, obj, parts)?);
        }
        Ok(new_tuple(out))
    }),
    ("__repr__", |vm, a, _| {
        let names = dotted_names(&names_of(vm, &a[0])?);
        getter_repr(vm, &a[0], |vm| {
            names.iter().map(|x| vm.repr_string(x)).collect()
        })
    }),
    ("__reduce__", |vm, a, _| {
        let names = dotted_names(&names_of(vm, &a[0])?);
        Ok(new_tuple(vec![a[0].class(), new_tuple(names)]))
    }),
];

fn methodcaller_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let Some(name) = a.get(1) else {
        return Err(vm.type_error("methodcaller needs at least one argument, the method name"));
    };
    let Some(s) = as_str(name) else {
        return Err(vm.type_error("method name must be a string"));
    };
    let name = vm.intern(&std::rc::Rc::from(s));
    Ok(new_native(
        &module_types().methodcaller,
        MethodCaller {
            name,
            args: a[2..].to_vec(),
            kwargs: k.to_vec(),
        },
    ))
}

fn caller_of(vm: &Vm, v: &Value) -> PyResult<(Value, Vec<Value>, Vec<(Value, Value)>)> {
    with_state(vm, v, "operator.methodcaller", |m: &mut MethodCaller| {
        (m.name.clone(), m.args.clone(), m.kwargs.clone())
    })
}

const METHODCALLER: &[(&str, NativeFn)] = &[
    ("__call__", |vm, a, k| {
        let obj = getter_operand(vm, "methodcaller", a, k)?;
        let (name, args, kwargs) = caller_of(vm, &a[0])?;
        let method = vm.getattr(obj, &name)?;
        vm.call(&method, &args, &kwargs)
    }),
    ("__repr__", |vm, a, _| {
        let (name, args, kwargs) = caller_of(vm, &a[0])?;
        getter_repr(vm, &a[0], |vm| {
            let mut parts = vec![vm.repr_string(&name)?];
            for x in &args {
                parts.push(vm.repr_string(x)?);
            }
            for (key, x) in &kwargs {
                let key = as_str(key).unwrap_or_default().to_string();
                parts.push(format!("{key}={}", vm.repr_string(x)?));
            }
            Ok(parts)
        })
    }),
    ("__reduce__", |vm, a, _| {
        let (name, args, kwargs) = caller_of(vm, &a[0])?;
        let ty = a[0].class();
        if kwargs.is_empty() {
            let mut all = vec![name];
            all.extend(args);
            return Ok(new_tuple(vec![ty, new_tuple(all)]));
        }
        // Keyword arguments go through functools.partial, as in CPython.
        let functools = vm.import_module("functools")?;
        let partial = vm.getattr_str(&functools, "partial")?;
        let ctor = vm.call(&partial, &[ty, name], &kwargs)?;
        Ok(new_tuple(vec![ctor, new_tuple(args)]))
    }),
];

// ----- the module -----

const FUNCS: &[(&str, NativeFn)] = &[
    cmpop!("lt", CmpOp::Lt),
    cmpop!("le", CmpOp::Le),
    cmpop!("eq", CmpOp::Eq),
    cmpop!("ne", CmpOp::Ne),
    cmpop!("gt", CmpOp::Gt),
    cmpop!("ge", CmpOp::Ge),
    binop!("add", BinOp::Add, false),
    binop!("sub", BinOp::Sub, false),
    binop!("mul", BinOp::Mul, false),
    binop!("matmul", BinOp::MatMul, false),
    binop!("truediv", BinOp::TrueDiv, false),
    binop!("floordiv", BinOp::FloorDiv, false),
    binop!("mod", BinOp::Mod, false),
    binop!("pow", BinOp::Pow, false),
    binop!("lshift", BinOp::LShift, false),
    binop!("rshift", BinOp::RShift, false),
    binop!("and_", BinOp::And, false),
    binop!("or_", BinOp::Or, false),
    binop!("xor", BinOp::Xor, false),
    binop!("iadd", BinOp::Add, true),
    binop!("isub", BinOp::Sub, true),
    binop!("imul", BinOp::Mul, true),
    binop!("imatmul", BinOp::MatMul, true),
    binop!("itruediv", BinOp::TrueDiv, true),
    binop!("ifloordiv", BinOp::FloorDiv, true),
    binop!("imod", BinOp::Mod, true),
    binop!("ipow", BinOp::Pow, true),
    binop!("ilshift", BinOp::LShift, true),
    binop!("irshift", BinOp::RShift, true),
    binop!("iand", BinOp::And, true),
    binop!("ior", BinOp::Or, true),
    binop!("ixor", BinOp::Xor, true),
    ("truth", |vm, a, k| {
        let x = one(vm, "truth", a, k)?;
        Ok(py_bool(vm.truthy(x)?))
    }),
    ("not_", |vm, a, k| {
        let x = one(vm, "not_", a, k)?;
        Ok(py_bool(!vm.truthy(x)?))
    }),
    ("is_", |vm, a, k| {
        let (x, y) = two(vm, "is_", a, k)?;
        Ok(py_bool(x.is(y)))
    }),
    ("is_not", |vm, a, k| {
        let (x, y) = two(vm, "is_not", a, k)?;
        Ok(py_bool(!x.is(y)))
    }),
    ("abs", |vm, a, k| {
        let x = one(vm, "abs", a, k)?.clone();
        crate::builtins::builtin_abs(vm, &[x], &[])
    }),
    ("neg", |vm, a, k| {
        let x = one(vm, "neg", a, k)?;
        vm.unary_neg(x)
    }),
    ("pos", |vm, a, k| {
        let x = one(vm, "pos", a, k)?;
        vm.unary_pos(x)
    }),
    ("inv", |vm, a, k| {
        let x = one(vm, "inv", a, k)?;
        vm.unary_invert(x)
    }),
    ("invert", |vm, a, k| {
        let x = one(vm, "invert", a, k)?;
        vm.unary_invert(x)
    }),
    ("index", |vm, a, k| {
        let x = one(vm, "index", a, k)?;
        index(vm, x)
    }),
    ("concat", |vm, a, k| {
        let (x, y) = two(vm, "concat", a, k)?;
        concat(vm, x, y, false)
    }),
    ("iconcat", |vm, a, k| {
        let (x, y) = two(vm, "iconcat", a, k)?;
        concat(vm, x, y, true)
    }),
    ("contains", |vm, a, k| {
        let (x, y) = two(vm, "contains", a, k)?;
        Ok(py_bool(vm.contains(x, y)?))
    }),
    ("countOf", |vm, a, k| {
        let (x, y) = two(vm, "countOf", a, k)?;
        let mut n = 0i64;
        search(vm, x, y, |_| {
            n += 1;
            true
        })?;
        Ok(from_i64(n))
    }),
    ("indexOf", |vm, a, k| {
        let (x, y) = two(vm, "indexOf", a, k)?;
        let mut at = None;
        search(vm, x, y, |i| {
            at = Some(i);
            false
        })?;
        match at {
            Some(i) => Ok(from_i64(i as i64)),
            None => Err(vm.value_error("sequence.index(x): x not in sequence")),
        }
    }),
    ("getitem", |vm, a, k| {
        let (x, y) = two(vm, "getitem", a, k)?;
        vm.getitem(x, y)
    }),
    ("setitem", |vm, a, k| {
        no_kwargs(vm, "_operator.setitem", k)?;
        check_args(vm, "setitem", a, 3, 3)?;
        vm.setitem(&a[0], a[1].clone(), a[2].clone())?;
        Ok(vm.none())
    }),
    ("delitem", |vm, a, k| {
        let (x, y) = two(vm, "delitem", a, k)?;
        vm.delitem(x, y)?;
        Ok(vm.none())
    }),
    ("length_hint", |vm, a, k| {
        no_kwargs(vm, "_operator.length_hint", k)?;
        check_args(vm, "length_hint", a, 1, 2)?;
        let default = match a.get(1) {
            Some(d) => vm.ssize_arg(d)?,
            None => 0,
        };
        Ok(from_i64(length_hint(vm, &a[0], default)?))
    }),
    ("call", |vm, a, k| {
        let Some(f) = a.first() else {
            return Err(vm.type_error("call expected at least 1 argument, got 0"));
        };
        vm.call(f, &a[1..], k)
    }),
    ("_compare_digest", |vm, a, k| {
        let (x, y) = two(vm, "_compare_digest", a, k)?;
        Ok(py_bool(compare_digest(vm, x, y)?))
    }),
];

pub fn make(_vm: &mut Vm) -> Value {
    let tys = module_types();
    super::make_module(
        "_operator",
        FUNCS,
        vec![
            ("itemgetter", tys.itemgetter.clone()),
            ("attrgetter", tys.attrgetter.clone()),
            ("methodcaller", tys.methodcaller.clone()),
            (
                "__doc__",
                new_str(
                    "Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience.",
                ),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn compare_digest_bytes() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
