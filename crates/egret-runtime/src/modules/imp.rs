//! The native side of `importlib`: `_imp` (which modules are built in),
//! `_warnings` (delegating to the pure-Python `warnings`), `marshal`
//! (present so that importlib loads; egret keeps no bytecode files), and
//! the finder on `sys.meta_path` through which `importlib.import_module`
//! reaches egret's own import system.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{InstanceData, types};
use crate::objects::dict::DictTable;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

/// The names of egret's native modules.
pub const BUILTIN_NAMES: &[&str] = &[
    "builtins",
    "sys",
    "math",
    "gc",
    "time",
    "itertools",
    "_thread",
    "_multiprocessing",
    "_queue",
    "_abc",
    "_collections",
    "posix",
    "_sre",
    "_codecs",
    "_string",
    "errno",
    "_ast",
    "_contextvars",
    "_struct",
    "_random",
    "_md5",
    "_sha1",
    "_sha256",
    "_sha512",
    "_sha3",
    "_blake2",
    "_operator",
    "_weakref",
    "_imp",
    "_warnings",
    "marshal",
    "pyexpat",
    "_decimal",
    "_ssl",
    "mmap",
    "atexit",
    "_signal",
    "array",
    "binascii",
    "_json",
    "_datetime",
    "_pickle",
    "_heapq",
    "_elementtree",
    "_bisect",
    "select",
    "_posixsubprocess",
    "_socket",
    "unicodedata",
    "zlib",
    "_csv",
    "_sqlite3",
    "_statistics",
    "_typing",
];

fn name_arg(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if v.kind() == crate::object::types::Kind::Str {
        return Ok(str_of(v));
    }
    let n = vm.getattr_str(v, "name")?;
    Ok(str_of(&n))
}

pub fn make_imp(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        // egret has no frozen modules: nothing to override.
        ("_override_frozen_modules_for_tests", |vm, a, _| {
            check_args(vm, "_override_frozen_modules_for_tests", a, 1, 1)?;
            vm.index_value(&a[0])?;
            Ok(vm.none())
        }),
        ("is_builtin", |vm, a, _| {
            check_args(vm, "is_builtin", a, 1, 1)?;
            let n = name_arg(vm, &a[0])?;
            Ok(from_i64(i64::from(BUILTIN_NAMES.contains(&n.as_str()))))
        }),
        ("create_builtin", |vm, a, _| {
            check_args(vm, "create_builtin", a, 1, 1)?;
            let n = name_arg(vm, &a[0])?;
            if let Some(m) = vm
                .modules
                .downcast::<crate::objects::dict::DictData>()
                .and_then(|d| d.table.borrow().get_str(&n))
            {
                return Ok(m);
            }
            if let Some(m) = super::layered_module(vm, &n) {
                return m;
            }
            match super::native_module(vm, &n) {
                Some(m) => Ok(m),
                None => Err(vm.err(
                    &types().exc.import_error,
                    format!("no built-in module named {n}"),
                )),
            }
        }),
        ("exec_builtin", |_vm, _a, _| Ok(from_i64(0))),
        ("is_frozen", |_vm, _a, _| Ok(py_bool(false))),
        ("is_frozen_package", |_vm, _a, _| Ok(py_bool(false))),
        ("find_frozen", |vm, _a, _| Ok(vm.none())),
        ("get_frozen_object", |vm, a, _| {
            let n = a.first().map(str_of).unwrap_or_default();
            Err(vm.err(
                &types().exc.import_error,
                format!("No such frozen object named {n}"),
            ))
        }),
        ("init_frozen", |vm, _a, _| Ok(vm.none())),
        ("create_dynamic", |vm, _a, _| {
            Err(vm.err(
                &types().exc.import_error,
                "egret cannot load C extension modules",
            ))
        }),
        ("exec_dynamic", |_vm, _a, _| Ok(from_i64(0))),
        ("extension_suffixes", |_vm, _a, _| {
            Ok(crate::objects::list::new_list(Vec::new()))
        }),
        ("acquire_lock", |vm, _a, _| Ok(vm.none())),
        ("release_lock", |vm, _a, _| Ok(vm.none())),
        ("lock_held", |_vm, _a, _| Ok(py_bool(false))),
        ("_fix_co_filename", |vm, _a, _| Ok(vm.none())),
        ("source_hash", |vm, _a, _| {
            Err(vm.err(
                &types().exc.not_implemented_error,
                "_imp.source_hash is not supported by egret yet",
            ))
        }),
    ];
    super::make_module(
        "_imp",
        funcs,
        vec![("check_hash_based_pycs", new_str("never"))],
    )
}

pub fn make_warnings(_vm: &mut Vm) -> Value {
    // Only the functions: `warnings` finds no filters here and keeps its
    // own pure-Python state, which these delegate to.
    let funcs: &[(&'static str, NativeFn)] = &[
        ("warn", |vm, a, k| {
            let w = vm.import_module("warnings")?;
            let f = vm.getattr_str(&w, "warn")?;
            vm.call(&f, a, k)
        }),
        ("warn_explicit", |vm, a, k| {
            let w = vm.import_module("warnings")?;
            let f = vm.getattr_str(&w, "warn_explicit")?;
            vm.call(&f, a, k)
        }),
    ];
    super::make_module("_warnings", funcs, vec![])
}

/// `sys.meta_path[0]`: finds modules through egret's import system.
pub fn make_finder() -> Value {
    Value::alloc(
        &types().egret_finder,
        InstanceData::with_dict(crate::objects::dict::new_dict(DictTable::new())),
    )
}

pub fn register_types() {
    let t = types();
    let finder: &[(&'static str, NativeFn)] = &[
        // find_spec(fullname, path=None, target=None): where egret's import
        // system finds the module, as importlib's spec (not imported).
        ("find_spec", |vm, a, _| {
            check_args(vm, "find_spec", &a[1..], 1, 3)?;
            let name = str_of(&a[1]);
            vm.find_spec(&name, a.get(2))
        }),
        ("create_module", |vm, a, _| {
            check_args(vm, "create_module", &a[1..], 1, 1)?;
            let name = vm.getattr_str(&a[1], "name")?;
            let n = str_of(&name);
            vm.import_module(&n)
        }),
        ("exec_module", |vm, _a, _| Ok(vm.none())),
        // Installed distributions on sys.path, as CPython's PathFinder
        // finds them (`importlib.metadata` asks every meta_path finder).
        ("find_distributions", |vm, a, k| {
            let metadata = vm.import_module("importlib.metadata")?;
            let finder = vm.getattr_str(&metadata, "MetadataPathFinder")?;
            let find = vm.getattr_str(&finder, "find_distributions")?;
            vm.call(&find, &a[1..], k)
        }),
        ("__repr__", |_vm, _a, _| {
            Ok(new_str("<egret module finder>"))
        }),
    ];
    crate::objects::str_methods::add_methods(&t.egret_finder, "EgretFinder", finder);
}
