//! The `builtins` module: builtin functions, constructors of the builtin
//! types, and attributes of builtin objects that are computed on access.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, TypeData, types};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::float::float_from;
use crate::objects::float::{ComplexData, FloatData, new_float};
use crate::objects::function::{NativeFn, new_builtin};
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::int::{int_from, invalid_int_literal_repr};
use crate::objects::iter::{IterState, new_iter};
use crate::objects::list::{ListData, new_list};
use crate::objects::range::{RangeData, SliceData};
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args, kwarg, no_kwargs};
use crate::vm::{PyResult, Vm, py_bool};

fn reg(vm: &mut Vm, name: &'static str, f: NativeFn) {
    let b = new_builtin(name, f);
    vm.builtin_originals.insert(name, b.clone());
    vm.builtins_dict
        .downcast::<DictData>()
        .expect("builtins dict")
        .table
        .borrow_mut()
        .set_str(name, b);
}

fn set_builtin(vm: &mut Vm, name: &str, v: Value) {
    vm.builtins_dict
        .downcast::<DictData>()
        .expect("builtins dict")
        .table
        .borrow_mut()
        .set_str(name, v);
}

pub fn init(vm: &mut Vm) {
    let t = types();
    for (name, ty) in [
        ("object", &t.object),
        ("type", &t.type_),
        ("int", &t.int),
        ("bool", &t.bool_),
        ("float", &t.float),
        ("complex", &t.complex),
        ("str", &t.str_),
        ("bytes", &t.bytes),
        ("bytearray", &t.bytearray),
        ("list", &t.list),
        ("tuple", &t.tuple),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("slice", &t.slice),
        ("property", &t.property),
        ("staticmethod", &t.staticmethod),
        ("classmethod", &t.classmethod),
        ("super", &t.super_),
        ("enumerate", &t.enumerate),
        ("zip", &t.zip),
        ("map", &t.map),
        ("filter", &t.filter),
        ("reversed", &t.reversed),
    ] {
        set_builtin(vm, name, ty.clone());
    }
    for (name, ty) in &t.exc.all {
        set_builtin(vm, name, ty.clone());
    }
    set_builtin(vm, "EnvironmentError", t.exc.os_error.clone());
    set_builtin(vm, "memoryview", t.memoryview.clone());
    set_builtin(vm, "IOError", t.exc.os_error.clone());
    set_builtin(vm, "None", t.none.clone());
    set_builtin(vm, "Ellipsis", t.ellipsis.clone());
    set_builtin(vm, "NotImplemented", t.not_implemented.clone());
    set_builtin(vm, "True", t.true_.clone());
    set_builtin(vm, "False", t.false_.clone());
    set_builtin(vm, "__debug__", t.true_.clone());
    reg(vm, "print", builtin_print);
    reg(vm, "len", |vm, a, k| {
        no_kwargs(vm, "len", k)?;
        check_args(vm, "len", a, 1, 1)?;
        Ok(from_i64(vm.len(&a[0])? as i64))
    });
    reg(vm, "repr", |vm, a, _| {
        check_args(vm, "repr", a, 1, 1)?;
        vm.repr_value(&a[0])
    });
    reg(vm, "ascii", |vm, a, _| {
        check_args(vm, "ascii", a, 1, 1)?;
        vm.ascii_value(&a[0])
    });
    reg(vm, "isinstance", |vm, a, _| {
        check_args(vm, "isinstance", a, 2, 2)?;
        Ok(py_bool(isinstance_check(vm, &a[0], &a[1])?))
    });
    reg(vm, "issubclass", |vm, a, _| {
        check_args(vm, "issubclass", a, 2, 2)?;
        Ok(py_bool(issubclass_check(vm, &a[0], &a[1])?))
    });
    reg(vm, "abs", builtin_abs);
    reg(vm, "min", |vm, a, k| min_max(vm, a, k, true));
    reg(vm, "max", |vm, a, k| min_max(vm, a, k, false));
    reg(vm, "sum", builtin_sum);
    reg(vm, "sorted", |vm, a, k| {
        check_args(vm, "sorted", a, 1, 1)?;
        let items = vm.iterate(&a[0])?;
        let l = new_list(items);
        crate::objects::seq_methods::list_sort(vm, std::slice::from_ref(&l), k)?;
        Ok(l)
    });
    reg(vm, "any", |vm, a, _| {
        check_args(vm, "any", a, 1, 1)?;
        let it = vm.get_iter(&a[0])?;
        while let Some(x) = vm.next(&it)? {
            if vm.truthy(&x)? {
                return Ok(py_bool(true));
            }
        }
        Ok(py_bool(false))
    });
    reg(vm, "all", |vm, a, _| {
        check_args(vm, "all", a, 1, 1)?;
        let it = vm.get_iter(&a[0])?;
        while let Some(x) = vm.next(&it)? {
            if !vm.truthy(&x)? {
                return Ok(py_bool(false));
            }
        }
        Ok(py_bool(true))
    });
    reg(vm, "hasattr", |vm, a, _| {
        check_args(vm, "hasattr", a, 2, 2)?;
        let name = attr_name(vm, &a[1], "hasattr")?;
        Ok(py_bool(vm.lookup_attr(&a[0], &name)?.is_some()))
    });
    reg(vm, "getattr", |vm, a, _| {
        check_args(vm, "getattr", a, 2, 3)?;
        let name = attr_name(vm, &a[1], "getattr")?;
        match vm.getattr(&a[0], &a[1]) {
            Ok(v) => Ok(v),
            Err(e) if a.len() == 3 && e.matches(&types().exc.attribute_error) => {
                let _ = name;
                Ok(a[2].clone())
            }
            Err(e) => Err(e),
        }
    });
    reg(vm, "setattr", |vm, a, _| {
        check_args(vm, "setattr", a, 3, 3)?;
        attr_name(vm, &a[1], "setattr")?;
        vm.setattr(&a[0], &a[1], a[2].clone())?;
        Ok(vm.none())
    });
    reg(vm, "delattr", |vm, a, _| {
        check_args(vm, "delattr", a, 2, 2)?;
        attr_name(vm, &a[1], "delattr")?;
        vm.delattr(&a[0], &a[1])?;
        Ok(vm.none())
    });
    reg(vm, "id", |vm, a, _| {
        check_args(vm, "id", a, 1, 1)?;
        Ok(from_i64(a[0].id()))
    });
    reg(vm, "hash", |vm, a, _| {
        check_args(vm, "hash", a, 1, 1)?;
        Ok(from_i64(vm.hash(&a[0])?))
    });
    reg(vm, "iter", |vm, a, _| {
        check_args(vm, "iter", a, 1, 2)?;
        if a.len() == 2 {
            return Ok(new_iter(
                &types().callable_iterator,
                IterState::Callable {
                    func: a[0].clone(),
                    sentinel: a[1].clone(),
                },
            ));
        }
        vm.get_iter(&a[0])
    });
    reg(vm, "next", |vm, a, _| {
        check_args(vm, "next", a, 1, 2)?;
        let k = a[0].kind();
        let plain_generator = k != Kind::Generator || a[0].is_exact(&types().generator);
        if (!matches!(k, Kind::Iter | Kind::Generator | Kind::File) || !plain_generator)
            && vm.user_method(&a[0], "__next__").is_none()
        {
            return Err(vm.type_error(format!(
                "'{}' object is not an iterator",
                a[0].type_data().name
            )));
        }
        if a[0].is_exact(&types().coroutine_wrapper) {
            let coro = crate::objects::iter::await_target(&a[0]);
            let none = vm.none();
            return crate::objects::generator::send(vm, &coro, none);
        }
        if k == Kind::Generator {
            return match crate::objects::generator::resume(vm, &a[0], None, None)? {
                crate::objects::generator::Resumed::Yielded(v) => Ok(v),
                crate::objects::generator::Resumed::Returned(r) => {
                    if a.len() == 2 {
                        return Ok(a[1].clone());
                    }
                    Err(vm.stop_iteration(if r.is(&types().none) { None } else { Some(r) }))
                }
            };
        }
        if k != Kind::Iter && k != Kind::File {
            let m = vm.user_method(&a[0], "__next__").expect("checked");
            return match vm.call_special(&m, &a[0], &[]) {
                Err(e) if a.len() == 2 && e.matches(&types().exc.stop_iteration) => {
                    Ok(a[1].clone())
                }
                r => r,
            };
        }
        match vm.next(&a[0])? {
            Some(v) => Ok(v),
            None if a.len() == 2 => Ok(a[1].clone()),
            None => Err(vm.stop_iteration(None)),
        }
    });
    reg(vm, "ord", |vm, a, _| {
        check_args(vm, "ord", a, 1, 1)?;
        if let Some(s) = a[0].downcast::<StrData>() {
            if s.char_len() != 1 {
                return Err(vm.type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )));
            }
            return Ok(from_i64(i64::from(crate::objects::unicode::code_point(
                s.char_at(0),
            ))));
        }
        if let Some(b) = a[0].downcast::<BytesData>() {
            let b = b.data.borrow();
            if b.len() != 1 {
                return Err(vm.type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    b.len()
                )));
            }
            return Ok(from_i64(i64::from(b[0])));
        }
        Err(vm.type_error(format!(
            "ord() expected string of length 1, but {} found",
            a[0].type_data().name
        )))
    });
    reg(vm, "chr", |vm, a, _| {
        check_args(vm, "chr", a, 1, 1)?;
        let i = vm.index_value(&a[0])?;
        if !(0..0x110000).contains(&i) {
            return Err(vm.value_error("chr() arg not in range(0x110000)"));
        }
        match crate::objects::unicode::char_for(i as u32) {
            Some(c) => Ok(new_str(c.encode_utf8(&mut [0; 4]))),
            None => Err(crate::objects::unicode::reserved_error(vm)),
        }
    });
    reg(vm, "hex", |vm, a, _| radix_str(vm, a, 16, "0x"));
    reg(vm, "oct", |vm, a, _| radix_str(vm, a, 8, "0o"));
    reg(vm, "bin", |vm, a, _| radix_str(vm, a, 2, "0b"));
    reg(vm, "divmod", |vm, a, _| {
        check_args(vm, "divmod", a, 2, 2)?;
        if matches!(a[0].kind(), Kind::Float | Kind::Int | Kind::Bool)
            && matches!(a[1].kind(), Kind::Float | Kind::Int | Kind::Bool)
            && (a[0].kind() == Kind::Float || a[1].kind() == Kind::Float)
            && crate::objects::int::as_f64(&a[1]) == Some(0.0)
        {
            return Err(vm.zero_division("float divmod()"));
        }
        let numeric = |v: &Value| matches!(v.kind(), Kind::Float | Kind::Int | Kind::Bool);
        if !(numeric(&a[0]) && numeric(&a[1])) {
            return generic_divmod(vm, &a[0], &a[1]);
        }
        let q = vm.binary_op(&a[0], &a[1], egret_bytecode::BinOp::FloorDiv, false);
        let q = match q {
            Err(e) if e.matches(&types().exc.type_error) => {
                return Err(vm.type_error(format!(
                    "unsupported operand type(s) for divmod(): '{}' and '{}'",
                    a[0].type_data().name,
                    a[1].type_data().name
                )));
            }
            other => other?,
        };
        let r = vm.binary_op(&a[0], &a[1], egret_bytecode::BinOp::Mod, false)?;
        Ok(new_tuple(vec![q, r]))
    });
    reg(vm, "pow", builtin_pow);
    reg(vm, "round", builtin_round);
    reg(vm, "callable", |vm, a, _| {
        check_args(vm, "callable", a, 1, 1)?;
        Ok(py_bool(is_callable(&a[0])))
    });
    reg(vm, "format", |vm, a, _| {
        check_args(vm, "format", a, 1, 2)?;
        let spec = a.get(1).map(str_of).unwrap_or_default();
        vm.format(&a[0], &spec)
    });
    reg(vm, "vars", |vm, a, _| {
        check_args(vm, "vars", a, 0, 1)?;
        if a.is_empty() {
            return Ok(vm
                .current_locals()
                .unwrap_or_else(|| new_dict(DictTable::new())));
        }
        match vm.lookup_attr(&a[0], "__dict__")? {
            Some(d) => Ok(d),
            None => Err(vm.type_error("vars() argument must have __dict__ attribute")),
        }
    });
    reg(vm, "globals", |vm, _, _| {
        Ok(vm
            .current_globals()
            .unwrap_or_else(|| new_dict(DictTable::new())))
    });
    reg(vm, "locals", |vm, _, _| {
        Ok(vm
            .current_locals()
            .unwrap_or_else(|| new_dict(DictTable::new())))
    });
    reg(vm, "dir", builtin_dir);
    reg(vm, "input", builtin_input);
    reg(vm, "open", crate::objects::file::builtin_open);
    reg(vm, "__build_class__", |vm, a, k| vm.build_class(a, k));
    reg(vm, "__import__", |vm, a, k| {
        check_args(vm, "__import__", a, 1, 5)?;
        let name = str_of(&a[0]);
        let arg = |i: usize, n: &str| a.get(i).cloned().or_else(|| kwarg(k, n));
        let globals = arg(1, "globals")
            .filter(|g| g.kind() == Kind::Dict)
            .unwrap_or_else(|| {
                crate::objects::dict::new_dict(crate::objects::dict::DictTable::new())
            });
        let fromlist = arg(3, "fromlist").unwrap_or_else(|| vm.none());
        let level = arg(4, "level").and_then(|l| l.as_small()).unwrap_or(0);
        vm.import_name(&name, &globals, &fromlist, level)
    });
    reg(vm, "exec", |vm, a, k| {
        crate::interp::eval::builtin_exec(vm, a, k, false)
    });
    reg(vm, "eval", |vm, a, k| {
        crate::interp::eval::builtin_exec(vm, a, k, true)
    });
    reg(vm, "compile", crate::interp::eval::builtin_compile);
    reg(vm, "exit", builtin_exit);
    reg(vm, "quit", builtin_exit);
    // breakpoint(*args, **kws): whatever sys.breakpointhook is now.
    reg(vm, "breakpoint", |vm, a, k| {
        let Some(hook) = vm.lookup_attr(&vm.sys.clone(), "breakpointhook")? else {
            return Err(vm.runtime_error("lost sys.breakpointhook"));
        };
        vm.call(&hook, a, k)
    });
}

fn builtin_exit(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let args = new_tuple(a.to_vec());
    Err(crate::vm::PyErr::new(
        crate::objects::exceptions::new_exception(&types().exc.system_exit, args),
    ))
    .inspect_err(|_e| {
        let _ = vm;
    })
}

fn attr_name(vm: &Vm, v: &Value, _f: &str) -> PyResult<String> {
    match v.downcast::<StrData>() {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            v.type_data().name
        ))),
    }
}

fn builtin_print(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = None;
    let mut flush = false;
    for (k, v) in kwargs {
        let k = str_of(k);
        let none = v.is(&types().none);
        match k.as_str() {
            "sep" => {
                if !none {
                    sep = match v.downcast::<StrData>() {
                        Some(s) => s.as_str().to_string(),
                        None => {
                            return Err(vm.type_error(format!(
                                "sep must be None or a string, not {}",
                                v.type_data().name
                            )));
                        }
                    }
                }
            }
            "end" => {
                if !none {
                    end = match v.downcast::<StrData>() {
                        Some(s) => s.as_str().to_string(),
                        None => {
                            return Err(vm.type_error(format!(
                                "end must be None or a string, not {}",
                                v.type_data().name
                            )));
                        }
                    }
                }
            }
            "file" => {
                if !none {
                    file = Some(v.clone());
                }
            }
            "flush" => flush = vm.truthy(v)?,
            other => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for print()"
                )));
            }
        }
    }
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        if let Some(s) = a.downcast::<StrData>()
            && !a.type_data().is_heap
        {
            out.push_str(s.as_str());
        } else {
            out.push_str(&vm.str_string(a)?);
        }
    }
    out.push_str(&end);
    let file = match file {
        Some(f) => f,
        None => vm.getattr_str(&vm.sys.clone(), "stdout")?,
    };
    crate::objects::file::write_to(vm, &file, &out)?;
    if flush {
        crate::objects::file::flush(vm, &file)?;
    }
    Ok(vm.none())
}

fn builtin_input(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "input", a, 0, 1)?;
    let sys = vm.sys.clone();
    let stdin = vm.getattr_str(&sys, "stdin")?;
    let stdout = vm.getattr_str(&sys, "stdout")?;
    if let Some(p) = a.first() {
        let s = vm.str_string(p)?;
        crate::objects::file::write_to(vm, &stdout, &s)?;
    }
    crate::objects::file::flush(vm, &stdout)?;
    vm.flush_stdout();
    let real_stdin = stdin
        .downcast::<crate::objects::file::FileData>()
        .is_some_and(|f| matches!(&*f.stream.borrow(), crate::objects::file::Stream::Stdin));
    if !real_stdin {
        // A replaced sys.stdin: read a line through it.
        let line = vm.call_method(&stdin, "readline", &[])?;
        let Some(text) = crate::objects::str::as_str(&line).map(str::to_string) else {
            return Err(vm.type_error("object.readline() returned non-string"));
        };
        if text.is_empty() {
            return Err(vm.err(&types().exc.eof_error, "EOF when reading a line"));
        }
        return Ok(new_str(text.strip_suffix('\n').unwrap_or(&text)));
    }
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => Err(vm.err(&types().exc.eof_error, "EOF when reading a line")),
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            Ok(new_str(&line))
        }
        Err(e) => Err(vm.err(&types().exc.os_error, e.to_string())),
    }
}

pub(crate) fn builtin_abs(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "abs", a, 1, 1)?;
    let v = &a[0];
    match v.kind() {
        Kind::Int | Kind::Bool => Ok(from_bigint(to_bigint(v).unwrap_or_default().abs())),
        Kind::Float => Ok(new_float(v.downcast::<FloatData>().expect("float").0.abs())),
        Kind::Complex => {
            let c = v.downcast::<ComplexData>().expect("complex");
            Ok(new_float(c.re.hypot(c.im)))
        }
        _ => {
            if let Some(m) = vm.user_method(v, "__abs__") {
                return vm.call_special(&m, v, &[]);
            }
            Err(vm.type_error(format!(
                "bad operand type for abs(): '{}'",
                v.type_data().name
            )))
        }
    }
}

fn min_max(vm: &mut Vm, args: &[Value], kwargs: Kw, is_min: bool) -> PyResult {
    let name = if is_min { "min" } else { "max" };
    let key = kwarg(kwargs, "key").filter(|k| !k.is(&types().none));
    let default = kwarg(kwargs, "default");
    for (k, _) in kwargs {
        let k = str_of(k);
        if k != "key" && k != "default" {
            return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
        }
    }
    let items = match args.len() {
        0 => return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => vm.iterate(&args[0])?,
        _ => {
            if default.is_some() {
                return Err(vm.type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{name}() arg is an empty sequence"))),
        };
    }
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => vm.call(k, std::slice::from_ref(&best), &[])?,
        None => best.clone(),
    };
    for it in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => vm.call(kf, std::slice::from_ref(&it), &[])?,
            None => it.clone(),
        };
        let op = if is_min {
            egret_bytecode::CmpOp::Lt
        } else {
            egret_bytecode::CmpOp::Gt
        };
        let better = if let (Some(x), Some(y)) = (k.as_small(), best_key.as_small()) {
            if is_min { x < y } else { x > y }
        } else {
            let r = vm.compare(&k, &best_key, op)?;
            vm.truthy(&r)?
        };
        if better {
            best = it;
            best_key = k;
        }
    }
    Ok(best)
}

fn builtin_sum(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "sum", a, 1, 2)?;
    let mut acc = a
        .get(1)
        .cloned()
        .or_else(|| kwarg(k, "start"))
        .unwrap_or_else(|| from_i64(0));
    match acc.kind() {
        Kind::Str => {
            return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
        }
        Kind::Bytes => {
            return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
        }
        _ => {}
    }
    let it = vm.get_iter(&a[0])?;
    // Float sums are compensated like CPython's (Neumaier), then combined.
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, egret_bytecode::BinOp::Add, false)?;
        vm.check_signals()?;
    }
    Ok(acc)
}

/// `divmod(a, b)` through `__divmod__` and `__rdivmod__`, as CPython's
/// number protocol tries them (the right operand first when its type is a
/// subclass of the left's that overrides the reflected method).
fn generic_divmod(vm: &mut Vm, a: &Value, b: &Value) -> PyResult {
    let (ta, tb) = (a.class(), b.class());
    // int's and float's own methods know only numbers (theirs come back
    // here): they are skipped, as their slots would return NotImplemented.
    let numeric = |v: &Value| matches!(v.kind(), Kind::Float | Kind::Int | Kind::Bool);
    let left = if numeric(a) {
        None
    } else {
        ta.type_data_of_type().lookup_static("__divmod__")
    };
    let right = if ta.is(&tb) || numeric(b) {
        None
    } else {
        tb.type_data_of_type().lookup_static("__rdivmod__")
    };
    let right_first = right.is_some() && tb.type_data_of_type().is_subtype(&ta);
    let not_impl = types().not_implemented.clone();
    if right_first && let Some(r) = &right {
        let v = vm.call_special(r, b, std::slice::from_ref(a))?;
        if !v.is(&not_impl) {
            return Ok(v);
        }
    }
    if let Some(l) = &left {
        let v = vm.call_special(l, a, std::slice::from_ref(b))?;
        if !v.is(&not_impl) {
            return Ok(v);
        }
    }
    if !right_first && let Some(r) = &right {
        let v = vm.call_special(r, b, std::slice::from_ref(a))?;
        if !v.is(&not_impl) {
            return Ok(v);
        }
    }
    Err(vm.type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        a.type_data().name,
        b.type_data().name
    )))
}

fn builtin_pow(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let mut args = a.to_vec();
    if let Some(m) = kwarg(k, "mod") {
        args.push(m);
    }
    check_args(vm, "pow", &args, 2, 3)?;
    if args.len() == 3
        && !args[2].is(&types().none)
        && args.iter().any(|v| v.kind() == Kind::Decimal)
        && let Some(r) =
            crate::modules::decimal::number::ternary_pow(vm, &args[0], &args[1], &args[2])
    {
        return r;
    }
    if args.len() == 3 && !args[2].is(&types().none) {
        let (b, e, m) = (
            to_bigint(&args[0]),
            to_bigint(&args[1]),
            to_bigint(&args[2]),
        );
        return match (b, e, m) {
            (Some(b), Some(e), Some(m)) => crate::objects::int::pow_mod(vm, &b, &e, &m),
            _ if !args.iter().all(|v| {
                matches!(
                    v.kind(),
                    Kind::Int | Kind::Bool | Kind::Float | Kind::Complex
                )
            }) =>
            {
                // Three-argument pow of other numbers: the base's __pow__
                // (CPython's ternary slot; no reflected method is tried).
                let not_impl = types().not_implemented.clone();
                if let Some(f) = args[0].class().type_data_of_type().lookup_static("__pow__") {
                    let v = vm.call_special(&f, &args[0], &args[1..3])?;
                    if !v.is(&not_impl) {
                        return Ok(v);
                    }
                }
                Err(vm.type_error(format!(
                    "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                    args[0].type_data().name,
                    args[1].type_data().name,
                    args[2].type_data().name
                )))
            }
            _ => {
                Err(vm
                    .type_error("pow() 3rd argument not allowed unless all arguments are integers"))
            }
        };
    }
    vm.binary_op(&args[0], &args[1], egret_bytecode::BinOp::Pow, false)
}

fn builtin_round(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let mut args = a.to_vec();
    if let Some(n) = kwarg(k, "ndigits") {
        args.push(n);
    }
    check_args(vm, "round", &args, 1, 2)?;
    let x = &args[0];
    let nd = args.get(1).filter(|n| !n.is(&types().none)).cloned();
    match x.kind() {
        Kind::Float => {
            let f = x.downcast::<FloatData>().expect("float").0;
            match nd {
                None => {
                    if f.is_nan() {
                        return Err(vm.value_error("cannot convert float NaN to integer"));
                    }
                    if f.is_infinite() {
                        return Err(vm.overflow_error("cannot convert float infinity to integer"));
                    }
                    let r = f.round_ties_even();
                    crate::objects::int::from_f64(vm, r)
                }
                Some(n) => {
                    // ndigits saturates to an i64, as CPython's to a Py_ssize_t.
                    let n = index_bigint(vm, &n)?;
                    let n = n
                        .to_i64()
                        .unwrap_or(if n.is_negative() { i64::MIN } else { i64::MAX });
                    match crate::objects::float::round_float(f, n) {
                        Some(r) => Ok(new_float(r)),
                        None => Err(vm.overflow_error("rounded value too large to represent")),
                    }
                }
            }
        }
        Kind::Int | Kind::Bool => match nd {
            None => Ok(from_bigint(to_bigint(x).unwrap_or_default())),
            Some(n) => {
                let n = index_bigint(vm, &n)?;
                let v = to_bigint(x).unwrap_or_default();
                if !n.is_negative() {
                    return Ok(from_bigint(v));
                }
                // 10**k > 2 * |v| once k exceeds v's digit count: v rounds to 0.
                let digits = v.bits() as f64 * std::f64::consts::LOG10_2 + 2.0;
                let k = match (-n).to_u32() {
                    Some(k) if f64::from(k) <= digits => k,
                    _ => return Ok(from_i64(0)),
                };
                let p = num_traits::pow::Pow::pow(BigInt::from(10), k);
                let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
                let twice = &r * 2;
                let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                    q + 1
                } else {
                    q
                };
                Ok(from_bigint(q * p))
            }
        },
        _ => {
            if let Some(m) = vm.user_method(x, "__round__") {
                let extra: Vec<Value> = nd.into_iter().collect();
                return vm.call_special(&m, x, &extra);
            }
            Err(vm.type_error(format!(
                "type {} doesn't define __round__ method",
                x.type_data().name
            )))
        }
    }
}

/// `operator.index(v)` as an int of any size.
fn index_bigint(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let (Kind::Int | Kind::Bool, Some(b)) = (v.kind(), to_bigint(v)) {
        return Ok(b);
    }
    if let Some(m) = vm.user_method(v, "__index__") {
        let r = vm.call_special(&m, v, &[])?;
        return match (r.kind(), to_bigint(&r)) {
            (Kind::Int | Kind::Bool, Some(b)) => Ok(b),
            _ => Err(vm.type_error(format!(
                "__index__ returned non-int (type {})",
                r.type_data().name
            ))),
        };
    }
    Err(vm.type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        v.type_data().name
    )))
}

fn radix_str(vm: &mut Vm, a: &[Value], radix: u32, prefix: &str) -> PyResult {
    check_args(vm, "hex", a, 1, 1)?;
    let v = match to_bigint(&a[0]) {
        Some(v) => v,
        None => BigInt::from(vm.index_value(&a[0])?),
    };
    let digits = v.abs().to_str_radix(radix);
    let sign = if v.is_negative() { "-" } else { "" };
    Ok(new_str(&format!("{sign}{prefix}{digits}")))
}

fn builtin_dir(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "dir", a, 0, 1)?;
    let mut names: Vec<String> = Vec::new();
    if a.is_empty() {
        if let Some(l) = vm.current_locals()
            && let Some(d) = l.downcast::<DictData>()
        {
            names = d.table.borrow().keys().iter().map(str_of).collect();
        }
    } else {
        let v = &a[0];
        // A class's own __dir__ decides.
        if let Some(m) = vm.user_method(v, "__dir__") {
            let r = vm.call_special(&m, v, &[])?;
            let items = vm.iterate(&r)?;
            let l = new_list(items);
            vm.call_method(&l, "sort", &[])?;
            return Ok(l);
        }
        names = default_dir(v);
    }
    names.sort();
    names.dedup();
    Ok(new_list(names.iter().map(|n| new_str(n)).collect()))
}

/// The names `object.__dir__` gives for `v` (what `dir(v)` lists when no
/// class defines `__dir__`): its `__dict__`, then its class's attributes
/// along the MRO, unsorted.
pub(crate) fn default_dir(v: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    {
        if let Some(d) = crate::protocols::attr::instance_dict(v)
            && let Some(d) = d.downcast::<DictData>()
        {
            names.extend(d.table.borrow().keys().iter().map(str_of));
        }
        // Attributes builtin objects answer without a type-dict entry.
        let extra: &[&str] = match v.kind() {
            Kind::Int | Kind::Bool => &["real", "imag", "numerator", "denominator"],
            Kind::Float | Kind::Complex => &["real", "imag"],
            Kind::Range | Kind::Slice => &["start", "stop", "step"],
            Kind::Function => &[
                "__name__",
                "__qualname__",
                "__module__",
                "__doc__",
                "__dict__",
            ],
            Kind::BuiltinFunction => &[
                "__name__",
                "__qualname__",
                "__module__",
                "__self__",
                "__doc__",
            ],
            Kind::Exception => &[
                "args",
                "__traceback__",
                "__cause__",
                "__context__",
                "__suppress_context__",
                "__dict__",
            ],
            Kind::Property => &["fget", "fset", "fdel", "__doc__"],
            Kind::Generator if v.is_exact(&types().coroutine) => &[
                "__name__",
                "__qualname__",
                "cr_running",
                "cr_suspended",
                "cr_code",
                "cr_frame",
                "cr_await",
            ],
            Kind::Generator if v.is_exact(&types().async_generator) => &[
                "__name__",
                "__qualname__",
                "ag_running",
                "ag_suspended",
                "ag_code",
                "ag_frame",
                "ag_await",
            ],
            Kind::Generator => &[
                "__name__",
                "__qualname__",
                "gi_running",
                "gi_suspended",
                "gi_code",
                "gi_frame",
                "gi_yieldfrom",
            ],
            _ => &[],
        };
        names.extend(extra.iter().map(|s| s.to_string()));
        let ty = if v.kind() == Kind::Type {
            v.clone()
        } else {
            v.class()
        };
        if v.kind() != Kind::Module {
            for t in ty.type_data_of_type().mro.borrow().iter() {
                names.extend(
                    t.type_data_of_type()
                        .dict
                        .borrow()
                        .keys()
                        .iter()
                        .map(str_of),
                );
            }
        }
    }
    names
}

/// `isinstance(v, cls)`: CPython's `PyObject_IsInstance`.
pub(crate) fn isinstance_check(vm: &mut Vm, v: &Value, cls: &Value) -> PyResult<bool> {
    if v.class_id() == cls.to_bits() {
        return Ok(true);
    }
    if let Some(t) = cls.downcast::<TupleData>() {
        // (A tuple is immutable: its items stay put while checks run.)
        return vm.recursive(" in __instancecheck__", |vm| {
            for c in t.items.iter() {
                if isinstance_check(vm, v, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        });
    }
    if crate::objects::alias::is_union(cls) {
        for c in crate::objects::alias::union_args(cls) {
            if isinstance_check(vm, v, &c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    // A metaclass's `__instancecheck__` (plain `type`'s is the default).
    let meta = cls.class();
    let checker = if cls.downcast::<TypeData>().is_some() {
        if meta.type_data_of_type().is_heap {
            meta.type_data_of_type().lookup_static("__instancecheck__")
        } else {
            None
        }
    } else {
        meta.type_data_of_type().lookup_static("__instancecheck__")
    };
    if let Some(m) = checker {
        let r = vm.recursive(" in __instancecheck__", |vm| {
            vm.call(&m, &[cls.clone(), v.clone()], &[])
        })?;
        return vm.truthy(&r);
    }
    object_isinstance(vm, v, cls)
}

/// `isinstance` without `__instancecheck__`: the type, or else the
/// `__class__` an instance claims; for a `cls` that is not a type, the
/// `__bases__` protocol of "abstract" classes.
fn object_isinstance(vm: &mut Vm, v: &Value, cls: &Value) -> PyResult<bool> {
    if cls.downcast::<TypeData>().is_some() {
        if crate::object::types::isinstance(v, cls) {
            return Ok(true);
        }
        // Only instances of classes that override `__class__` or
        // `__getattribute__` can claim another class.
        if !may_claim_class(v) {
            return Ok(false);
        }
        let Some(c) = class_attr(vm, v)? else {
            return Ok(false);
        };
        if c.is(&v.class()) {
            return Ok(false);
        }
        return Ok(c
            .downcast::<TypeData>()
            .is_some_and(|cd| cd.is_subtype(cls)));
    }
    check_class(
        vm,
        cls,
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    )?;
    match class_attr(vm, v)? {
        Some(c) => abstract_issubclass(vm, &c, cls),
        None => Ok(false),
    }
}

/// Whether `obj.__class__` could be anything but `type(obj)`: its class
/// (a class statement's) overrides `__class__` or `__getattribute__`.
fn may_claim_class(obj: &Value) -> bool {
    let td = obj.type_data();
    if !td.is_heap {
        return false;
    }
    let epoch = crate::object::types::lookup_epoch();
    let (at, claims) = td.class_claim.get();
    if at == epoch {
        return claims;
    }
    let base = types().object.type_data_of_type();
    let same = |name: &'static str| match (td.lookup_static(name), base.lookup_static(name)) {
        (Some(a), Some(b)) => a.is(&b),
        _ => false,
    };
    let claims = !(same("__class__") && same("__getattribute__"));
    td.class_claim.set((epoch, claims));
    claims
}

/// `obj.__class__`, None when that raises AttributeError.
fn class_attr(vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
    match vm.getattr(obj, &new_str("__class__")) {
        Ok(c) => Ok(Some(c)),
        Err(e) if e.matches(&types().exc.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `cls.__bases__` when it is a tuple (None when missing or not a tuple;
/// errors other than AttributeError propagate).
fn abstract_bases(vm: &mut Vm, cls: &Value) -> PyResult<Option<Value>> {
    match vm.getattr(cls, &new_str("__bases__")) {
        Ok(b) if b.downcast::<TupleData>().is_some() => Ok(Some(b)),
        Ok(_) => Ok(None),
        Err(e) if e.matches(&types().exc.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A TypeError with `msg` unless `cls` has a tuple of `__bases__`.
fn check_class(vm: &mut Vm, cls: &Value, msg: &str) -> PyResult<()> {
    match abstract_bases(vm, cls)? {
        Some(_) => Ok(()),
        None => Err(vm.type_error(msg)),
    }
}

/// Whether `derived` reaches `cls` through `__bases__` (CPython's
/// `abstract_issubclass`): single inheritance iterates, several bases
/// recurse (counted against the recursion limit).
fn abstract_issubclass(vm: &mut Vm, derived: &Value, cls: &Value) -> PyResult<bool> {
    let mut derived = derived.clone();
    let bases = loop {
        if derived.is(cls) {
            return Ok(true);
        }
        let Some(bases) = abstract_bases(vm, &derived)? else {
            return Ok(false);
        };
        let items = bases
            .downcast::<TupleData>()
            .map(|t| t.items.clone())
            .unwrap_or_default();
        match items.len() {
            0 => return Ok(false),
            1 => derived = items[0].clone(),
            _ => break items,
        }
    };
    vm.recursive(" in __issubclass__", |vm| {
        for b in bases.iter() {
            if abstract_issubclass(vm, b, cls)? {
                return Ok(true);
            }
        }
        Ok(false)
    })
}

/// `issubclass(c, cls)`: CPython's `PyObject_IsSubclass`.
pub fn issubclass_check(vm: &mut Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    let is_type = |v: &Value| v.downcast::<TypeData>().is_some();
    if is_type(cls) && cls.class().is(&types().type_) {
        if c.is(cls) {
            return Ok(true);
        }
        return recursive_issubclass(vm, c, cls);
    }
    if let Some(t) = cls.downcast::<TupleData>() {
        return vm.recursive(" in __subclasscheck__", |vm| {
            for x in t.items.iter() {
                if issubclass_check(vm, c, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        });
    }
    if crate::objects::alias::is_union(cls) {
        for x in crate::objects::alias::union_args(cls) {
            if issubclass_check(vm, c, &x)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let meta = cls.class();
    let checker = if is_type(cls) && !meta.type_data_of_type().is_heap {
        None
    } else {
        meta.type_data_of_type().lookup_static("__subclasscheck__")
    };
    if let Some(m) = checker {
        let r = vm.recursive(" in __subclasscheck__", |vm| {
            vm.call(&m, &[cls.clone(), c.clone()], &[])
        })?;
        return vm.truthy(&r);
    }
    recursive_issubclass(vm, c, cls)
}

/// `issubclass` without `__subclasscheck__`: the MRO for two types, the
/// `__bases__` protocol otherwise.
fn recursive_issubclass(vm: &mut Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    if let (Some(cd), true) = (
        c.downcast::<TypeData>(),
        cls.downcast::<TypeData>().is_some(),
    ) {
        return Ok(cd.is_subtype(cls));
    }
    check_class(vm, c, "issubclass() arg 1 must be a class")?;
    check_class(
        vm,
        cls,
        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
    )?;
    abstract_issubclass(vm, c, cls)
}

/// `callable(v)`.
pub fn is_callable(v: &Value) -> bool {
    match v.kind() {
        Kind::Function | Kind::BuiltinFunction | Kind::Method | Kind::Type | Kind::StaticMethod => {
            true
        }
        _ => v.type_data().lookup_static("__call__").is_some(),
    }
}

/// Calls a builtin type as a constructor.
pub fn construct_builtin(vm: &mut Vm, ty: &Value, args: &[Value], kwargs: Kw) -> PyResult {
    let t = types();
    let td = ty.type_data_of_type();
    let name = td.name.as_str();
    if ty.is(&t.type_) {
        if args.len() == 1 && kwargs.is_empty() {
            return Ok(args[0].class());
        }
        return vm.type_new(ty, args, kwargs);
    }
    match td.kind {
        Kind::Int => {
            let base = args.get(1).cloned().or_else(|| kwarg(kwargs, "base"));
            match (args.first(), base) {
                (None, _) => Ok(from_i64(0)),
                (Some(x), None) => int_from(vm, x),
                (Some(x), Some(b)) => {
                    // (Clipped: a huge base is out of range, not an
                    // overflow.)
                    let b = vm.slice_index(&b, false)?;
                    if b != 0 && !(2..=36).contains(&b) {
                        return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
                    }
                    let s = match x.kind() {
                        Kind::Str => str_of(x),
                        Kind::Bytes | Kind::ByteArray => String::from_utf8_lossy(
                            &x.downcast::<BytesData>().expect("bytes").data.borrow(),
                        )
                        .into_owned(),
                        _ => {
                            return Err(
                                vm.type_error("int() can't convert non-string with explicit base")
                            );
                        }
                    };
                    // Only str text may hold digits of other scripts.
                    let text = if x.kind() == Kind::Str {
                        crate::objects::str::number_text_to_ascii(&s)
                    } else {
                        Some(std::borrow::Cow::Borrowed(s.as_str()))
                    };
                    match text
                        .as_deref()
                        .and_then(|t| crate::objects::int::parse_int(t, b as u32))
                    {
                        Some(v) => Ok(from_bigint(v)),
                        None => {
                            let r = invalid_int_literal_repr(vm, x)?;
                            Err(vm.value_error(format!(
                                "invalid literal for int() with base {b}: {r}"
                            )))
                        }
                    }
                }
            }
        }
        Kind::Bool => {
            check_args(vm, "bool", args, 0, 1)?;
            match args.first() {
                None => Ok(py_bool(false)),
                Some(x) => Ok(py_bool(vm.truthy(x)?)),
            }
        }
        Kind::Float => {
            check_args(vm, "float", args, 0, 1)?;
            match args.first() {
                None => Ok(new_float(0.0)),
                Some(x) => float_from(vm, x),
            }
        }
        Kind::Complex => {
            if args.len() > 2 {
                return Err(vm.type_error(format!(
                    "complex() takes at most 2 arguments ({} given)",
                    args.len()
                )));
            }
            for (k, _) in kwargs {
                let k = crate::interp::str_of(k);
                if k != "real" && k != "imag" {
                    return Err(vm.type_error(format!(
                        "complex() got an unexpected keyword argument '{k}'"
                    )));
                }
            }
            let real = args.first().cloned().or_else(|| kwarg(kwargs, "real"));
            let imag = args.get(1).cloned().or_else(|| kwarg(kwargs, "imag"));
            // complex(c) of an exact complex is c itself.
            if imag.is_none()
                && let Some(r) = &real
                && r.is_exact(&types().complex)
            {
                return Ok(r.clone());
            }
            let (re, im) = crate::objects::complex::construct(vm, real.as_ref(), imag.as_ref())?;
            Ok(crate::objects::float::new_complex(re, im))
        }
        Kind::Str => {
            let obj = args.first().cloned().or_else(|| kwarg(kwargs, "object"));
            let encoding = args.get(1).cloned().or_else(|| kwarg(kwargs, "encoding"));
            match obj {
                None => Ok(new_str("")),
                Some(x) => {
                    let simple = if encoding.is_some() && crate::objects::buffer::is_exporter(&x) {
                        match crate::objects::buffer::bytes_like_opt(vm, &x) {
                            Ok(d) => d,
                            Err(_) => {
                                return Err(vm.type_error(format!(
                                    "decoding to str: need a bytes-like object, {} found",
                                    x.type_data().name
                                )));
                            }
                        }
                    } else {
                        None
                    };
                    if let Some(data) = simple {
                        return crate::objects::str_methods::decode_bytes(
                            vm,
                            &data,
                            args.get(1),
                            args.get(2),
                        );
                    }
                    vm.str_value(&x)
                }
            }
        }
        Kind::Bytes | Kind::ByteArray => {
            let data: Vec<u8> = match args.first() {
                None => Vec::new(),
                Some(x) => match x.kind() {
                    Kind::Str => {
                        if args.len() < 2 && kwarg(kwargs, "encoding").is_none() {
                            return Err(vm.type_error("string argument without an encoding"));
                        }
                        let s = str_of(x);
                        let enc = args.get(1).cloned().or_else(|| kwarg(kwargs, "encoding"));
                        return crate::objects::str_methods::encode_str(
                            vm,
                            &s,
                            enc.as_ref(),
                            args.get(2),
                            td.kind == Kind::ByteArray,
                        );
                    }
                    Kind::Int | Kind::Bool => {
                        let n = vm.index_value(x)?;
                        if n < 0 {
                            return Err(vm.value_error("negative count"));
                        }
                        let mut zeros = vm.try_vec(n as usize)?;
                        zeros.resize(n as usize, 0u8);
                        zeros
                    }
                    Kind::Bytes | Kind::ByteArray => x
                        .downcast::<BytesData>()
                        .expect("bytes")
                        .data
                        .borrow()
                        .clone(),
                    _ if td.kind == Kind::Bytes
                        && args.len() == 1
                        && vm.user_method(x, "__bytes__").is_some() =>
                    {
                        let b = vm.call_method(x, "__bytes__", &[])?;
                        match b.downcast::<BytesData>() {
                            Some(d) if b.kind() == Kind::Bytes => d.data.borrow().clone(),
                            _ => {
                                return Err(vm.type_error(format!(
                                    "__bytes__ returned non-bytes (type {})",
                                    b.type_data().name
                                )));
                            }
                        }
                    }
                    _ if crate::objects::buffer::is_exporter(x) => {
                        crate::objects::buffer::bytes_copy_opt(vm, x)?.unwrap_or_default()
                    }
                    _ => {
                        let items = vm.iterate(x)?;
                        let mut out = Vec::with_capacity(items.len());
                        for it in items {
                            let n = vm.index_value(&it)?;
                            if !(0..=255).contains(&n) {
                                return Err(vm.value_error("bytes must be in range(0, 256)"));
                            }
                            out.push(n as u8);
                        }
                        out
                    }
                },
            };
            Ok(if td.kind == Kind::Bytes {
                crate::objects::bytes::new_bytes(data)
            } else {
                crate::objects::bytes::new_bytearray(data)
            })
        }
        Kind::List => {
            check_args(vm, "list", args, 0, 1)?;
            let items = match args.first() {
                Some(x) => vm.iterate(x)?,
                None => Vec::new(),
            };
            Ok(new_list(items))
        }
        Kind::Tuple => {
            check_args(vm, "tuple", args, 0, 1)?;
            match args.first() {
                Some(x) if x.is_exact(&t.tuple) => Ok(x.clone()),
                Some(x) => Ok(new_tuple(vm.iterate(x)?)),
                None => Ok(t.empty_tuple.clone()),
            }
        }
        Kind::Dict => {
            check_args(vm, "dict", args, 0, 1)?;
            let d = new_dict(DictTable::new());
            if let Some(src) = args.first() {
                crate::objects::dict_methods::dict_update(vm, &[d.clone(), src.clone()], &[])?;
            }
            for (k, v) in kwargs {
                let dd = d.downcast::<DictData>().expect("dict");
                crate::objects::dict::set(vm, &dd.table, k.clone(), v.clone())?;
            }
            Ok(d)
        }
        Kind::Set | Kind::FrozenSet => {
            check_args(vm, name, args, 0, 1)?;
            if td.kind == Kind::FrozenSet
                && let Some(x) = args.first()
                && x.is_exact(&t.frozenset)
            {
                return Ok(x.clone());
            }
            let s = crate::objects::set::new_set(ty);
            if let Some(x) = args.first() {
                if matches!(x.kind(), Kind::Set | Kind::FrozenSet) {
                    crate::objects::set::merge(vm, &s, x)?;
                } else {
                    let items = vm.iterate(x)?;
                    crate::objects::set::update(vm, &s, items)?;
                }
            }
            Ok(s)
        }
        Kind::Range => {
            check_args(vm, "range", args, 1, 3)?;
            let mut ints = Vec::with_capacity(3);
            for x in args {
                ints.push(match to_bigint(x) {
                    Some(v) => v,
                    None => BigInt::from(vm.index_value(x)?),
                });
            }
            let (start, stop, step) = match ints.len() {
                1 => (BigInt::zero(), ints[0].clone(), BigInt::from(1)),
                2 => (ints[0].clone(), ints[1].clone(), BigInt::from(1)),
                _ => (ints[0].clone(), ints[1].clone(), ints[2].clone()),
            };
            if step.is_zero() {
                return Err(vm.value_error("range() arg 3 must not be zero"));
            }
            Ok(crate::objects::range::new_range(start, stop, step))
        }
        Kind::Slice => {
            check_args(vm, "slice", args, 1, 3)?;
            let none = t.none.clone();
            Ok(match args.len() {
                1 => crate::objects::range::new_slice(none.clone(), args[0].clone(), none),
                2 => crate::objects::range::new_slice(args[0].clone(), args[1].clone(), none),
                _ => crate::objects::range::new_slice(
                    args[0].clone(),
                    args[1].clone(),
                    args[2].clone(),
                ),
            })
        }
        Kind::Property => {
            let get = |i: usize, n: &str| {
                args.get(i)
                    .cloned()
                    .or_else(|| kwarg(kwargs, n))
                    .filter(|v| !v.is(&types().none))
            };
            Ok(Value::alloc(
                &t.property,
                crate::objects::descr::PropertyData {
                    fget: std::cell::RefCell::new(get(0, "fget")),
                    fset: std::cell::RefCell::new(get(1, "fset")),
                    fdel: std::cell::RefCell::new(get(2, "fdel")),
                    doc: std::cell::RefCell::new(get(3, "doc")),
                },
            ))
        }
        Kind::StaticMethod | Kind::ClassMethod => {
            check_args(vm, name, args, 1, 1)?;
            Ok(Value::alloc(
                ty,
                crate::objects::descr::WrapperData {
                    func: args[0].clone(),
                },
            ))
        }
        Kind::Super => crate::objects::descr_methods::make_super(vm, args),
        Kind::Iter => make_iterator(vm, ty, args, kwargs),
        Kind::Module => crate::objects::module::construct(vm, ty, args, kwargs),
        // `types.MethodType(func, obj)`.
        Kind::Method if ty.is(&t.method) => {
            check_args(vm, "method", args, 2, 2)?;
            if !is_callable(&args[0]) {
                return Err(vm.type_error("first argument must be callable"));
            }
            if args[1].is(&t.none) {
                return Err(vm.type_error("instance must not be None"));
            }
            Ok(crate::objects::function::new_method(
                args[0].clone(),
                args[1].clone(),
            ))
        }
        Kind::WeakRef if ty.is(&t.weakref) => {
            let mut all = vec![ty.clone()];
            all.extend_from_slice(args);
            crate::objects::weakref::ref_new(vm, &all, kwargs)
        }
        _ => Err(vm.type_error(format!("cannot create '{name}' instances"))),
    }
}

fn make_iterator(vm: &mut Vm, ty: &Value, args: &[Value], kwargs: Kw) -> PyResult {
    let t = types();
    // Native iterator types with their own constructor (itertools.count, ...).
    let new = ty.type_data_of_type().dict.borrow().get_str("__new__");
    if let Some(n) = new
        && let Some(w) = n.downcast::<crate::objects::descr::WrapperData>()
    {
        let f = w.func.clone();
        let mut all = vec![ty.clone()];
        all.extend_from_slice(args);
        return vm.call(&f, &all, kwargs);
    }
    if ty.is(&t.enumerate) {
        let start = args.get(1).cloned().or_else(|| kwarg(kwargs, "start"));
        let iterable = args.first().cloned().or_else(|| kwarg(kwargs, "iterable"));
        let Some(iterable) = iterable else {
            return Err(vm.type_error("enumerate() missing required argument 'iterable' (pos 1)"));
        };
        let it = vm.get_iter(&iterable)?;
        let count = match start {
            Some(s) => match to_bigint(&s) {
                Some(b) => b,
                None => {
                    return Err(vm.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        s.type_data().name
                    )));
                }
            },
            None => BigInt::zero(),
        };
        return Ok(new_iter(ty, IterState::Enumerate { it, count }));
    }
    if ty.is(&t.zip) {
        let strict = match kwarg(kwargs, "strict") {
            Some(s) => vm.truthy(&s)?,
            None => false,
        };
        let mut its = Vec::with_capacity(args.len());
        for (i, a) in args.iter().enumerate() {
            match vm.get_iter(a) {
                Ok(it) => its.push(it),
                Err(e) if e.matches(&types().exc.type_error) => {
                    return Err(
                        vm.type_error(format!("zip argument #{} must support iteration", i + 1))
                    );
                }
                Err(e) => return Err(e),
            }
        }
        return Ok(new_iter(ty, IterState::Zip { its, strict }));
    }
    if ty.is(&t.map) {
        if args.len() < 2 {
            return Err(vm.type_error("map() must have at least two arguments."));
        }
        let mut its = Vec::new();
        for a in &args[1..] {
            its.push(vm.get_iter(a)?);
        }
        return Ok(new_iter(
            ty,
            IterState::Map {
                func: args[0].clone(),
                its,
            },
        ));
    }
    if ty.is(&t.filter) {
        check_args(vm, "filter", args, 2, 2)?;
        let it = vm.get_iter(&args[1])?;
        return Ok(new_iter(
            ty,
            IterState::Filter {
                func: args[0].clone(),
                it,
            },
        ));
    }
    if ty.is(&t.reversed) {
        check_args(vm, "reversed", args, 1, 1)?;
        let seq = &args[0];
        if let Some(m) = vm.user_method(seq, "__reversed__") {
            return vm.call_special(&m, seq, &[]);
        }
        match seq.kind() {
            Kind::List | Kind::Tuple | Kind::Str | Kind::Range | Kind::Bytes | Kind::ByteArray => {}
            Kind::Dict => {
                let keys = seq
                    .downcast::<DictData>()
                    .expect("dict")
                    .table
                    .borrow()
                    .keys();
                let l = new_list(keys);
                let n = vm.len(&l)?;
                return Ok(new_iter(ty, IterState::Reversed { seq: l, idx: n }));
            }
            Kind::DictView => {
                let items = crate::objects::dict_methods::view_items(seq).unwrap_or_default();
                let l = new_list(items);
                let n = vm.len(&l)?;
                return Ok(new_iter(ty, IterState::Reversed { seq: l, idx: n }));
            }
            _ => {
                if vm.user_method(seq, "__getitem__").is_none()
                    || vm.user_method(seq, "__len__").is_none()
                {
                    return Err(vm.type_error(format!(
                        "'{}' object is not reversible",
                        seq.type_data().name
                    )));
                }
            }
        }
        let n = vm.len(seq)?;
        return Ok(new_iter(
            ty,
            IterState::Reversed {
                seq: seq.clone(),
                idx: n,
            },
        ));
    }
    Err(vm.type_error(format!(
        "cannot create '{}' instances",
        ty.type_data_of_type().name
    )))
}

/// Attributes of builtin values computed on access (`(1+2j).real`, ...).
pub fn value_attr(vm: &mut Vm, v: &Value, n: &str) -> PyResult<Option<Value>> {
    let t = types();
    Ok(match v.kind() {
        Kind::Int | Kind::Bool => match n {
            "real" | "numerator" => Some(from_bigint(to_bigint(v).unwrap_or_default())),
            "imag" => Some(from_i64(0)),
            "denominator" => Some(from_i64(1)),
            _ => None,
        },
        Kind::Float => match n {
            "real" => Some(v.clone()),
            "imag" => Some(new_float(0.0)),
            _ => None,
        },
        Kind::Complex => {
            let c = v.downcast::<ComplexData>().expect("complex");
            match n {
                "real" => Some(new_float(c.re)),
                "imag" => Some(new_float(c.im)),
                _ => None,
            }
        }
        Kind::Slice => {
            let s = v.downcast::<SliceData>().expect("slice");
            match n {
                "start" => Some(s.start.clone()),
                "stop" => Some(s.stop.clone()),
                "step" => Some(s.step.clone()),
                _ => None,
            }
        }
        Kind::Range => {
            let r = v.downcast::<RangeData>().expect("range");
            match n {
                "start" => Some(from_bigint(r.start.clone())),
                "stop" => Some(from_bigint(r.stop.clone())),
                "step" => Some(from_bigint(r.step.clone())),
                _ => None,
            }
        }
        Kind::Property => {
            let p = v
                .downcast::<crate::objects::descr::PropertyData>()
                .expect("property");
            match n {
                "fget" => Some(p.fget.borrow().clone().unwrap_or_else(|| t.none.clone())),
                "fset" => Some(p.fset.borrow().clone().unwrap_or_else(|| t.none.clone())),
                "fdel" => Some(p.fdel.borrow().clone().unwrap_or_else(|| t.none.clone())),
                "__doc__" => Some(p.doc.borrow().clone().unwrap_or_else(|| t.none.clone())),
                _ => None,
            }
        }
        Kind::StaticMethod | Kind::ClassMethod => match n {
            "__func__" => Some(
                v.downcast::<crate::objects::descr::WrapperData>()
                    .expect("wrapper")
                    .func
                    .clone(),
            ),
            _ => None,
        },
        Kind::Super => return crate::objects::descr_methods::super_getattr(vm, v, n),
        Kind::File => crate::objects::file::file_attr(vm, v, n)?,
        Kind::Generator => {
            let g = v
                .downcast::<crate::objects::generator::GeneratorData>()
                .expect("generator");
            match n {
                "__name__" => Some(g.name.clone()),
                "__qualname__" => Some(g.qualname.clone()),
                // gi_*, cr_* and ag_* by the kind of generator.
                _ => crate::objects::generator::state_attr(v, g, n),
            }
        }
        Kind::List => {
            let _ = v.downcast::<ListData>();
            None
        }
        _ => None,
    })
}

pub fn to_usize_or(v: &BigInt, d: usize) -> usize {
    v.to_usize().unwrap_or(d)
}
