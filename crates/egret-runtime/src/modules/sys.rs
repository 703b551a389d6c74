//! The `sys` module.

use crate::builtins::check_args;
use crate::dict::DictData;
use crate::file::{Stream, std_stream};
use crate::function::NativeFn;
use crate::int::from_i64;
use crate::list::new_list;
use crate::object::Value;
use crate::str::new_str;
use crate::tuple::new_tuple;
use crate::types::types;
use crate::vm::{PyErr, Vm};

pub fn make(vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("exit", |vm, a, _| {
            check_args(vm, "exit", a, 0, 1)?;
            let args = new_tuple(a.to_vec());
            Err(PyErr::new(crate::exceptions::new_exception(
                &types().exc.system_exit,
                args,
            )))
        }),
        ("getrecursionlimit", |vm, _a, _| {
            Ok(from_i64(vm.recursion_limit as i64))
        }),
        ("setrecursionlimit", |vm, a, _| {
            check_args(vm, "setrecursionlimit", a, 1, 1)?;
            let n = vm.index_value(&a[0])?;
            if n < 1 {
                return Err(vm.value_error("recursion limit must be greater or equal than 1"));
            }
            if (n as usize) <= vm.depth {
                return Err(vm.err(
                    &types().exc.recursion_error,
                    format!(
                        "cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low",
                        vm.depth
                    ),
                ));
            }
            vm.recursion_limit = n as usize;
            Ok(vm.none())
        }),
        ("exc_info", |vm, _a, _| {
            let e = vm.exc_info.clone();
            if e.is(&types().none) {
                let n = vm.none();
                return Ok(new_tuple(vec![n.clone(), n.clone(), n]));
            }
            let tb = e
                .downcast::<crate::exceptions::ExceptionData>()
                .map_or_else(|| vm.none(), crate::exceptions::traceback_object);
            Ok(new_tuple(vec![e.class(), e, tb]))
        }),
        ("exception", |vm, _a, _| Ok(vm.exc_info.clone())),
        ("getsizeof", |vm, a, _| {
            check_args(vm, "getsizeof", a, 1, 2)?;
            Ok(from_i64(64))
        }),
        ("intern", |vm, a, _| {
            check_args(vm, "intern", a, 1, 1)?;
            Ok(a[0].clone())
        }),
        ("getdefaultencoding", |_vm, _a, _| Ok(new_str("utf-8"))),
        ("getrefcount", |vm, a, _| {
            check_args(vm, "getrefcount", a, 1, 1)?;
            Ok(from_i64(a[0].refcount() as i64))
        }),
        ("displayhook", |vm, a, _| {
            check_args(vm, "displayhook", a, 1, 1)?;
            vm.display_hook(&a[0])?;
            Ok(vm.none())
        }),
        ("set_int_max_str_digits", |vm, _a, _| Ok(vm.none())),
        ("get_int_max_str_digits", |_vm, _a, _| Ok(from_i64(4300))),
    ];
    let argv: Vec<Value> = vm.options.argv.iter().map(|s| new_str(s)).collect();
    let path: Vec<Value> = vm.options.path.iter().map(|s| new_str(s)).collect();
    let version_info = new_tuple(vec![
        from_i64(3),
        from_i64(11),
        from_i64(0),
        new_str("final"),
        from_i64(0),
    ]);
    let executable = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let values = vec![
        ("argv", new_list(argv)),
        ("path", new_list(path)),
        ("modules", vm.modules.clone()),
        ("stdout", std_stream("<stdout>", Stream::Stdout, "w")),
        ("stderr", std_stream("<stderr>", Stream::Stderr, "w")),
        ("stdin", std_stream("<stdin>", Stream::Stdin, "r")),
        ("version_info", version_info),
        (
            "version",
            new_str(&format!("3.11.0 (egret {})", env!("CARGO_PKG_VERSION"))),
        ),
        ("maxsize", from_i64(i64::MAX)),
        ("maxunicode", from_i64(0x10ffff)),
        (
            "platform",
            new_str(if cfg!(target_os = "linux") {
                "linux"
            } else {
                std::env::consts::OS
            }),
        ),
        (
            "byteorder",
            new_str(if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            }),
        ),
        ("executable", new_str(&executable)),
        ("implementation_name", new_str("egret")),
        (
            "builtin_module_names",
            new_tuple(
                ["builtins", "sys", "math", "time"]
                    .iter()
                    .map(|s| new_str(s))
                    .collect(),
            ),
        ),
        ("dont_write_bytecode", types().true_.clone()),
    ];
    let m = super::make_module("sys", funcs, values);
    if let Some(md) = m.downcast::<crate::module::ModuleData>()
        && let Some(d) = md.dict.downcast::<DictData>()
    {
        let stdout = d.table.borrow().get_str("stdout");
        let stderr = d.table.borrow().get_str("stderr");
        let stdin = d.table.borrow().get_str("stdin");
        let mut t = d.table.borrow_mut();
        if let (Some(o), Some(e), Some(i)) = (stdout, stderr, stdin) {
            t.set_str("__stdout__", o);
            t.set_str("__stderr__", e);
            t.set_str("__stdin__", i);
        }
    }
    m
}
