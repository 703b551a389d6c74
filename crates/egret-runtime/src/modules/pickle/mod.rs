//! `_pickle`: the native pickler and unpickler `pickle` uses when it can
//! import them, as CPython 3.11's `_pickle.c` offers them: the `Pickler`
//! type (`pickler`; writing a pickle is `save` and `reduce`), the
//! `Unpickler` type (`unpickler`; reading one is `load` over `input`),
//! the `dump`, `dumps`, `load` and `loads` functions, and the
//! `PickleError` family.
//!
//! The bytes written are CPython's for the same objects and protocol. The
//! exact builtin types (None, bool, int, float, str, bytes, bytearray,
//! tuple, list, dict, set, frozenset) are written and read without going
//! through Python; everything else goes through the reduce protocol, the
//! `copyreg` tables and `find_class` as `pickle.py` describes them.
//!
//! Not here: `PickleBuffer` (egret has no buffer protocol to build it
//! on), so nothing is written out of band: `buffer_callback` is accepted
//! but has nothing to be called for; `buffers` still feed `NEXT_BUFFER`.

mod input;
mod load;
mod opcodes;
mod pickler;
mod reduce;
mod save;
mod unpickler;

use std::cell::RefCell;

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::vm::{PyErr, PyResult, Vm};

pub use pickler::{PicklerData, new_pickler};
pub use unpickler::{UnpicklerData, new_unpickler};

/// The protocol `dumps` uses when none is given.
pub const DEFAULT_PROTOCOL: i64 = 4;
/// The newest protocol.
pub const HIGHEST_PROTOCOL: i64 = 5;

/// The exception classes, made once with the module.
struct Errors {
    pickle_error: Value,
    pickling_error: Value,
    unpickling_error: Value,
}

crate::gil_local! {
    static ERRORS: RefCell<Option<Errors>> = const { RefCell::new(None) };
}

fn errors() -> Errors {
    ERRORS.with(|e| {
        if let Some(e) = &*e.borrow() {
            return Errors {
                pickle_error: e.pickle_error.clone(),
                pickling_error: e.pickling_error.clone(),
                unpickling_error: e.unpickling_error.clone(),
            };
        }
        let t = types();
        let class = |name: &str, base: &Value| {
            let mut ns = crate::objects::dict::DictTable::new();
            ns.set_str("__module__", new_str("_pickle"));
            crate::object::types::new_class(&t.type_, name, vec![base.clone()], ns)
                .expect("an exception class")
        };
        let pickle_error = class("PickleError", &t.exc.exception);
        let made = Errors {
            pickling_error: class("PicklingError", &pickle_error),
            unpickling_error: class("UnpicklingError", &pickle_error),
            pickle_error,
        };
        let out = Errors {
            pickle_error: made.pickle_error.clone(),
            pickling_error: made.pickling_error.clone(),
            unpickling_error: made.unpickling_error.clone(),
        };
        *e.borrow_mut() = Some(made);
        out
    })
}

/// `_pickle.PicklingError(msg)`.
pub fn pickling_error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    vm.err(&errors().pickling_error, msg)
}

/// `_pickle.UnpicklingError(msg)`.
pub fn unpickling_error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    vm.err(&errors().unpickling_error, msg)
}

/// Whether `e` is an `UnpicklingError`.
fn is_unpickling_error(e: &PyErr) -> bool {
    e.matches(&errors().unpickling_error)
}

/// An attribute of `copyreg` (the dispatch and extension tables).
fn copyreg_attr(vm: &mut Vm, name: &str) -> PyResult {
    let m = vm.import_module("copyreg")?;
    vm.getattr_str(&m, name)
}

/// An attribute of `_compat_pickle` (the Python 2 name mappings).
fn compat_attr(vm: &mut Vm, name: &str) -> PyResult {
    let m = vm.import_module("_compat_pickle")?;
    vm.getattr_str(&m, name)
}

/// The object at a dotted path under `obj` (`a.b.c`), and its parent.
/// `<locals>` in the path cannot be reached.
fn deep_attribute(vm: &mut Vm, obj: &Value, path: &str) -> PyResult<(Value, Value)> {
    let mut parent = obj.clone();
    let mut cur = obj.clone();
    for part in path.split('.') {
        if part == "<locals>" {
            let r = vm.repr_string(obj)?;
            return Err(vm.attribute_error(format!(
                "Can't get local attribute {} on {r}",
                crate::objects::str::str_repr(path)
            )));
        }
        parent = cur;
        cur = vm.getattr_str(&parent, part)?;
    }
    Ok((cur, parent))
}

/// The arguments of `Pickler(...)`, `dump` and `dumps` after the object
/// and file: protocol, fix_imports and buffer_callback.
fn dump_args(
    vm: &mut Vm,
    fname: &str,
    pos: &[Value],
    k: crate::protocols::args::Kw,
) -> PyResult<(Option<Value>, Option<Value>, Option<Value>)> {
    let mut protocol = pos.first().cloned();
    if pos.len() > 1 {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {} positional arguments ({} given)",
            if fname == "dump" { 3 } else { 2 },
            pos.len() + if fname == "dump" { 2 } else { 1 }
        )));
    }
    let mut fix_imports = None;
    let mut buffer_callback = None;
    for (key, v) in k {
        match crate::objects::str::as_str(key) {
            Some("protocol") if protocol.is_none() => protocol = Some(v.clone()),
            Some("fix_imports") => fix_imports = Some(v.clone()),
            Some("buffer_callback") => buffer_callback = Some(v.clone()),
            Some(other) => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{other}'"
                )));
            }
            None => return Err(vm.type_error("keywords must be strings")),
        }
    }
    Ok((protocol, fix_imports, buffer_callback))
}

/// The keyword arguments of `Unpickler(...)`, `load` and `loads`.
fn load_kwargs(
    vm: &mut Vm,
    fname: &str,
    k: crate::protocols::args::Kw,
) -> PyResult<[Option<Value>; 4]> {
    let mut out: [Option<Value>; 4] = [None, None, None, None];
    for (key, v) in k {
        let i = match crate::objects::str::as_str(key) {
            Some("fix_imports") => 0,
            Some("encoding") => 1,
            Some("errors") => 2,
            Some("buffers") => 3,
            Some(other) => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{other}'"
                )));
            }
            None => return Err(vm.type_error("keywords must be strings")),
        };
        out[i] = Some(v.clone());
    }
    Ok(out)
}

fn dumps(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    let Some(obj) = a.first() else {
        return Err(vm.type_error("dumps() missing required argument 'obj' (pos 1)"));
    };
    let (protocol, fix_imports, buffer_callback) = dump_args(vm, "dumps", &a[1..], k)?;
    let p = new_pickler(&types().pickler);
    pickler::init(vm, &p, None, protocol, fix_imports, buffer_callback)?;
    pickler::dump_to_bytes(vm, &p, obj)
}

fn dump(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    let mut pos = a.to_vec();
    if pos.len() < 2 {
        if let Some(f) = crate::protocols::args::kwarg(k, "file") {
            pos.push(f);
        } else {
            return Err(vm.type_error("dump() missing required argument 'file' (pos 2)"));
        }
    }
    let k: Vec<(Value, Value)> = k
        .iter()
        .filter(|(key, _)| crate::objects::str::as_str(key) != Some("file"))
        .cloned()
        .collect();
    let (protocol, fix_imports, buffer_callback) = dump_args(vm, "dump", &pos[2..], &k)?;
    let p = new_pickler(&types().pickler);
    pickler::init(
        vm,
        &p,
        Some(&pos[1]),
        protocol,
        fix_imports,
        buffer_callback,
    )?;
    pickler::dump(vm, &p, &pos[0])?;
    Ok(vm.none())
}

fn loads(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    crate::protocols::args::check_args(vm, "loads", a, 1, 1)?;
    let [fix_imports, encoding, errors, buffers] = load_kwargs(vm, "loads", k)?;
    let u = new_unpickler(&types().unpickler);
    let data = unpickler::bytes_like(vm, &a[0])?;
    unpickler::init(vm, &u, None, fix_imports, encoding, errors, buffers)?;
    unpickler::load_from_bytes(vm, &u, data)
}

fn load(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    let file = match a.first().cloned() {
        Some(f) => f,
        None => crate::protocols::args::kwarg(k, "file")
            .ok_or_else(|| vm.type_error("load() missing required argument 'file' (pos 1)"))?,
    };
    if a.len() > 1 {
        return Err(vm.type_error(format!(
            "load() takes exactly 1 positional argument ({} given)",
            a.len()
        )));
    }
    let k: Vec<(Value, Value)> = k
        .iter()
        .filter(|(key, _)| crate::objects::str::as_str(key) != Some("file"))
        .cloned()
        .collect();
    let [fix_imports, encoding, errors, buffers] = load_kwargs(vm, "load", &k)?;
    let u = new_unpickler(&types().unpickler);
    unpickler::init(vm, &u, Some(&file), fix_imports, encoding, errors, buffers)?;
    unpickler::load(vm, &u)
}

pub fn register_types() {
    pickler::register_type();
    unpickler::register_type();
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let e = errors();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("dumps", dumps),
        ("dump", dump),
        ("loads", loads),
        ("load", load),
    ];
    super::make_module(
        "_pickle",
        funcs,
        vec![
            ("Pickler", t.pickler.clone()),
            ("Unpickler", t.unpickler.clone()),
            ("PickleError", e.pickle_error),
            ("PicklingError", e.pickling_error),
            ("UnpicklingError", e.unpickling_error),
            ("DEFAULT_PROTOCOL", from_i64(DEFAULT_PROTOCOL)),
            ("HIGHEST_PROTOCOL", from_i64(HIGHEST_PROTOCOL)),
        ],
    )
}
