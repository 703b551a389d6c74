//! The `sys` module.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::DictData;
use crate::objects::file::{Stream, std_stream};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::namespace::new_namespace;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::{PyErr, Vm};

/// `sys.hexversion` for the version egret implements (3.11.0 final).
const HEXVERSION: i64 = 0x030b_00f0;

pub fn make(vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("exit", |vm, a, _| {
            check_args(vm, "exit", a, 0, 1)?;
            let args = new_tuple(a.to_vec());
            Err(PyErr::new(crate::objects::exceptions::new_exception(
                &types().exc.system_exit,
                args,
            )))
        }),
        ("get_asyncgen_hooks", |vm, a, k| {
            crate::protocols::args::check_args(vm, "get_asyncgen_hooks", a, 0, 0)?;
            crate::protocols::args::no_kwargs(vm, "get_asyncgen_hooks", k)?;
            let ty = asyncgen_hooks_type(vm);
            let none = vm.none();
            let (first, fin) = vm.asyncgen_hooks.clone();
            crate::objects::structseq::new_value(
                vm,
                &ty,
                vec![first.unwrap_or_else(|| none.clone()), fin.unwrap_or(none)],
            )
        }),
        ("set_asyncgen_hooks", |vm, a, k| {
            crate::protocols::args::check_args(vm, "set_asyncgen_hooks", a, 0, 2)?;
            let mut given = [a.first().cloned(), a.get(1).cloned()];
            for (key, v) in k {
                let slot = match crate::interp::str_of(key).as_str() {
                    "firstiter" => 0,
                    "finalizer" => 1,
                    other => {
                        return Err(vm.type_error(format!(
                            "set_asyncgen_hooks() got an unexpected keyword argument '{other}'"
                        )));
                    }
                };
                given[slot] = Some(v.clone());
            }
            let mut hooks = vm.asyncgen_hooks.clone();
            // Both are checked before either is set, as in CPython.
            for (i, name) in ["firstiter", "finalizer"].iter().enumerate() {
                if let Some(v) = &given[i]
                    && !v.is(&types().none)
                    && !crate::builtins::is_callable(v)
                {
                    return Err(vm.type_error(format!(
                        "callable {name} expected, got {}",
                        v.type_data().name
                    )));
                }
            }
            for (i, v) in given.into_iter().enumerate() {
                if let Some(v) = v {
                    let v = (!v.is(&types().none)).then_some(v);
                    if i == 0 {
                        hooks.0 = v;
                    } else {
                        hooks.1 = v;
                    }
                }
            }
            vm.asyncgen_hooks = hooks;
            Ok(vm.none())
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
        ("excepthook", |vm, a, _| {
            check_args(vm, "excepthook", a, 3, 3)?;
            let text = crate::objects::exceptions::format_exception(vm, &a[1]);
            vm.write_stderr(&text);
            Ok(vm.none())
        }),
        ("exc_info", |vm, _a, _| {
            Ok(exc_info_tuple(vm.exc_info.clone()))
        }),
        ("exception", |vm, _a, _| Ok(vm.exc_info.clone())),
        ("_current_frames", |vm, _a, _| {
            let d = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
            let dd = d
                .downcast::<crate::objects::dict::DictData>()
                .expect("dict");
            for (id, frame, _) in crate::gil::threads_snapshot(vm) {
                if let Some(f) = frame {
                    crate::objects::dict::set(vm, &dd.table, from_i64(id as i64), f)?;
                }
            }
            Ok(d.clone())
        }),
        ("_current_exceptions", |vm, _a, _| {
            let d = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
            let dd = d
                .downcast::<crate::objects::dict::DictData>()
                .expect("dict");
            for (id, _, e) in crate::gil::threads_snapshot(vm) {
                crate::objects::dict::set(vm, &dd.table, from_i64(id as i64), exc_info_tuple(e))?;
            }
            Ok(d.clone())
        }),
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
        ("unraisablehook", |vm, a, _| {
            check_args(vm, "unraisablehook", a, 1, 1)?;
            default_unraisablehook(vm, &a[0])?;
            Ok(vm.none())
        }),
        ("breakpointhook", breakpointhook),
        ("displayhook", |vm, a, _| {
            check_args(vm, "displayhook", a, 1, 1)?;
            vm.display_hook(&a[0])?;
            Ok(vm.none())
        }),
        ("getfilesystemencoding", |_vm, _a, _| Ok(new_str("utf-8"))),
        ("getfilesystemencodeerrors", |_vm, _a, _| {
            Ok(new_str("surrogateescape"))
        }),
        ("audit", |vm, _a, _| Ok(vm.none())),
        ("addaudithook", |vm, _a, _| Ok(vm.none())),
        ("is_finalizing", |_vm, _a, _| Ok(types().false_.clone())),
        ("getswitchinterval", |_vm, _a, _| {
            Ok(crate::objects::float::new_float(
                crate::gil::switch_interval(),
            ))
        }),
        ("setswitchinterval", |vm, a, _| {
            check_args(vm, "setswitchinterval", a, 1, 1)?;
            let f = crate::objects::float::float_of(&a[0])
                .or_else(|| crate::objects::int::as_f64(&a[0]))
                .ok_or_else(|| {
                    vm.type_error(format!(
                        "must be real number, not {}",
                        a[0].type_data().name
                    ))
                })?;
            if f.is_nan() || f <= 0.0 {
                return Err(vm.value_error("switch interval must be strictly positive"));
            }
            crate::gil::set_switch_interval(f);
            Ok(vm.none())
        }),
        ("gettrace", |vm, _a, _| Ok(vm.none())),
        ("_getframe", |vm, a, _| {
            check_args(vm, "_getframe", a, 0, 1)?;
            let depth = match a.first() {
                Some(d) => vm.index_value(d)?,
                None => 0,
            };
            vm.frame_object(depth)
                .ok_or_else(|| vm.value_error("call stack is not deep enough"))
        }),
        ("getprofile", |vm, _a, _| Ok(vm.none())),
        ("settrace", |vm, a, _| {
            if a.first().is_none_or(|f| f.is(&types().none)) {
                return Ok(vm.none());
            }
            Err(vm.err(
                &types().exc.not_implemented_error,
                "sys.settrace is not supported by egret",
            ))
        }),
        ("setprofile", |vm, a, _| {
            if a.first().is_none_or(|f| f.is(&types().none)) {
                return Ok(vm.none());
            }
            Err(vm.err(
                &types().exc.not_implemented_error,
                "sys.setprofile is not supported by egret",
            ))
        }),
        ("set_int_max_str_digits", |vm, a, k| {
            let v = match (a.first(), crate::protocols::args::kwarg(k, "maxdigits")) {
                (Some(v), _) => v.clone(),
                (None, Some(v)) => v,
                (None, None) => {
                    return Err(vm.type_error(
                        "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
                    ));
                }
            };
            let n = vm.index_value(&v)?;
            if n != 0 && n < 640 {
                return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
            }
            crate::objects::int::set_max_str_digits(n.max(0) as usize);
            Ok(vm.none())
        }),
        ("get_int_max_str_digits", |_vm, _a, _| {
            Ok(from_i64(crate::objects::int::max_str_digits() as i64))
        }),
    ];
    let argv: Vec<Value> = vm.options.argv.iter().map(|s| new_str(s)).collect();
    let path: Vec<Value> = vm.options.path.iter().map(|s| new_str(s)).collect();
    // sys's named tuples (structseqs, as in CPython).
    let structseq = |vm: &mut Vm, name: &str, fields: Vec<(&str, Value)>| -> Value {
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        let ty = crate::objects::structseq::new_type(vm, "sys", name, &names, names.len());
        let values = fields.into_iter().map(|(_, v)| v).collect();
        crate::objects::structseq::new_value(vm, &ty, values)
            .unwrap_or_else(|_| types().none.clone())
    };
    let version_info = structseq(
        vm,
        "version_info",
        vec![
            ("major", from_i64(3)),
            ("minor", from_i64(11)),
            ("micro", from_i64(0)),
            ("releaselevel", new_str("final")),
            ("serial", from_i64(0)),
        ],
    );
    let executable = executable_path();
    let base_executable = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| executable.clone());
    let int = |i: i64| from_i64(i);
    let float = crate::objects::float::new_float;
    let none = types().none.clone();
    let implementation = new_namespace(vec![
        ("name", new_str("egret")),
        // `__pycache__/*.egret-311.pyc` (written by py_compile, compileall
        // and pip; egret's own imports use its code cache).
        ("cache_tag", new_str("egret-311")),
        ("version", version_info.clone()),
        ("hexversion", int(HEXVERSION)),
        // The Debian-style target triple: `sysconfig` names the installed
        // CPython's build data `_sysconfigdata__linux_<multiarch>` with it.
        (
            "_multiarch",
            new_str(&format!("{}-linux-gnu", std::env::consts::ARCH)),
        ),
    ]);
    let given = vm.options.flags.clone();
    let flag_names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let flags_type =
        crate::objects::structseq::new_type(vm, "sys", "flags", &flag_names, flag_names.len());
    let flag_values = [
        ("debug", 0),
        ("inspect", 0),
        ("interactive", 0),
        ("optimize", 0),
        ("dont_write_bytecode", 1),
        ("no_user_site", 0),
        ("no_site", 0),
        ("ignore_environment", 0),
        ("verbose", 0),
        ("bytes_warning", 0),
        ("quiet", 0),
        ("hash_randomization", 0),
        ("isolated", 0),
        ("dev_mode", 0),
        ("utf8_mode", 0),
        ("warn_default_encoding", 0),
        ("safe_path", 0),
        ("int_max_str_digits", -1),
    ]
    .into_iter()
    .map(|(k, v)| {
        let v = given.iter().find(|(g, _)| *g == k).map_or(v, |(_, g)| *g);
        if k == "dev_mode" || k == "safe_path" {
            crate::vm::py_bool(v != 0)
        } else {
            int(v)
        }
    })
    .collect();
    let flags = crate::objects::structseq::new_value(vm, &flags_type, flag_values)
        .unwrap_or_else(|_| none.clone());
    let float_info = structseq(
        vm,
        "float_info",
        vec![
            ("max", float(f64::MAX)),
            ("max_exp", int(f64::MAX_EXP as i64)),
            ("max_10_exp", int(f64::MAX_10_EXP as i64)),
            ("min", float(f64::MIN_POSITIVE)),
            ("min_exp", int(f64::MIN_EXP as i64)),
            ("min_10_exp", int(f64::MIN_10_EXP as i64)),
            ("dig", int(f64::DIGITS as i64)),
            ("mant_dig", int(f64::MANTISSA_DIGITS as i64)),
            ("epsilon", float(f64::EPSILON)),
            ("radix", int(2)),
            ("rounds", int(1)),
        ],
    );
    let int_info = structseq(
        vm,
        "int_info",
        vec![
            ("bits_per_digit", int(30)),
            ("sizeof_digit", int(4)),
            ("default_max_str_digits", int(4300)),
            ("str_digits_check_threshold", int(640)),
        ],
    );
    let hash_info = structseq(
        vm,
        "hash_info",
        vec![
            ("width", int(64)),
            ("modulus", int((1 << 61) - 1)),
            ("inf", int(314_159)),
            ("nan", int(0)),
            ("imag", int(1_000_003)),
            ("algorithm", new_str("siphash13")),
            ("hash_bits", int(64)),
            ("seed_bits", int(128)),
            ("cutoff", int(0)),
        ],
    );
    let thread_info = structseq(
        vm,
        "thread_info",
        vec![
            ("name", new_str("pthread")),
            ("lock", new_str("mutex+cond")),
            ("version", none.clone()),
        ],
    );
    // The prefix is the directory two levels above the standard library
    // (`<prefix>/lib/python3.11`), as in CPython.
    let stdlib = vm.options.stdlib.clone().unwrap_or_default();
    let prefix = std::path::Path::new(&stdlib)
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let xoptions = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
    if let Some(d) = xoptions.downcast::<DictData>() {
        let mut t = d.table.borrow_mut();
        for (k, v) in &vm.options.xoptions {
            let v = if v.is_empty() {
                types().true_.clone()
            } else {
                new_str(v)
            };
            t.set_str(k, v);
        }
    }
    let values = vec![
        ("implementation", implementation),
        ("flags", flags),
        ("float_info", float_info),
        ("int_info", int_info),
        ("hash_info", hash_info),
        ("thread_info", thread_info),
        ("hexversion", int(HEXVERSION)),
        ("api_version", int(1013)),
        ("abiflags", new_str("")),
        ("copyright", new_str("egret: Copyright the egret authors.")),
        (
            "warnoptions",
            new_list(vm.options.warnoptions.iter().map(|s| new_str(s)).collect()),
        ),
        ("_xoptions", xoptions),
        (
            "orig_argv",
            new_list(vm.options.argv.iter().map(|s| new_str(s)).collect()),
        ),
        ("meta_path", new_list(vec![super::imp::make_finder()])),
        ("path_hooks", new_list(Vec::new())),
        (
            "path_importer_cache",
            crate::objects::dict::new_dict(crate::objects::dict::DictTable::new()),
        ),
        ("pycache_prefix", none.clone()),
        ("prefix", new_str(&prefix)),
        ("exec_prefix", new_str(&prefix)),
        ("base_prefix", new_str(&prefix)),
        ("base_exec_prefix", new_str(&prefix)),
        ("platlibdir", new_str("lib")),
        (
            "stdlib_dir",
            if stdlib.is_empty() {
                none.clone()
            } else {
                new_str(&stdlib)
            },
        ),
        ("float_repr_style", new_str("short")),
        ("argv", new_list(argv)),
        ("path", new_list(path)),
        ("modules", vm.modules.clone()),
        ("stdout", std_stream("<stdout>", Stream::Stdout, "w")),
        ("stderr", std_stream("<stderr>", Stream::Stderr, "w")),
        ("stdin", std_stream("<stdin>", Stream::Stdin, "r")),
        ("version_info", version_info),
        (
            "version",
            // CPython's layout (version, build, compiler), which
            // `platform` parses.
            new_str(&format!(
                "3.11.0 (main) [egret {}]",
                env!("CARGO_PKG_VERSION")
            )),
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
        ("_base_executable", new_str(&base_executable)),
        ("implementation_name", new_str("egret")),
        (
            "builtin_module_names",
            new_tuple(
                super::imp::BUILTIN_NAMES
                    .iter()
                    .map(|s| new_str(s))
                    .collect(),
            ),
        ),
        ("dont_write_bytecode", types().true_.clone()),
    ];
    let m = super::make_module("sys", funcs, values);
    if let Some(md) = m.downcast::<crate::objects::module::ModuleData>()
        && let Some(d) = md.dict.downcast::<DictData>()
    {
        let stdout = d.table.borrow().get_str("stdout");
        let stderr = d.table.borrow().get_str("stderr");
        let stdin = d.table.borrow().get_str("stdin");
        let mut t = d.table.borrow_mut();
        // The original hooks, as CPython keeps them.
        for name in [
            "excepthook",
            "displayhook",
            "unraisablehook",
            "breakpointhook",
        ] {
            if let Some(h) = t.get_str(name) {
                t.set_str(&format!("__{name}__"), h);
            }
        }
        if let (Some(o), Some(e), Some(i)) = (stdout, stderr, stdin) {
            t.set_str("__stdout__", o);
            t.set_str("__stderr__", e);
            t.set_str("__stdin__", i);
        }
    }
    m
}

crate::gil_local! {
    static ASYNCGEN_HOOKS: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// `sys.asyncgen_hooks`, the struct sequence `get_asyncgen_hooks` returns.
fn asyncgen_hooks_type(vm: &mut Vm) -> Value {
    if let Some(t) = ASYNCGEN_HOOKS.with(|s| s.borrow().clone()) {
        return t;
    }
    let t = crate::objects::structseq::new_type(
        vm,
        // CPython names it without a module.
        "builtins",
        "asyncgen_hooks",
        &["firstiter", "finalizer"],
        2,
    );
    ASYNCGEN_HOOKS.with(|s| *s.borrow_mut() = Some(t.clone()));
    t
}

/// `sys.executable` as CPython computes it: the path the process was
/// started by, made absolute but with symbolic links kept (a virtual
/// environment's `bin/python` is a link to egret, and `site` finds the
/// environment's `pyvenv.cfg` from it); a bare name is looked up on `PATH`.
/// The resolved binary is the fallback.
fn executable_path() -> String {
    let resolved = || {
        std::env::current_exe()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Some(arg0) = std::env::args_os().next() else {
        return resolved();
    };
    let arg0 = std::path::PathBuf::from(arg0);
    let candidate = if arg0.components().count() > 1 {
        std::path::absolute(&arg0).ok()
    } else {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(&arg0))
                .find(|p| p.is_file())
                .and_then(|p| std::path::absolute(p).ok())
        })
    };
    match candidate {
        // The path must still lead to this very binary (argv[0] is only
        // what the parent chose to pass).
        Some(p) if std::fs::canonicalize(&p).ok() == std::env::current_exe().ok() => {
            p.to_string_lossy().into_owned()
        }
        _ => resolved(),
    }
}

/// The default `sys.unraisablehook`: `Exception ignored in: <object>` (or
/// the message given) and the traceback, on stderr.
fn default_unraisablehook(vm: &mut Vm, args: &Value) -> crate::vm::PyResult<()> {
    let get = |vm: &mut Vm, n: &str| vm.getattr_str(args, n);
    let value = get(vm, "exc_value")?;
    let obj = get(vm, "object")?;
    let msg = get(vm, "err_msg")?;
    let head = if msg.is(&types().none) {
        "Exception ignored in".to_string()
    } else {
        vm.str_string(&msg)?
    };
    let text = if value.is(&types().none) {
        String::new()
    } else {
        crate::objects::exceptions::format_exception(vm, &value)
    };
    vm.flush_stdout();
    if obj.is(&types().none) {
        vm.write_stderr(&format!("{head}\n{text}"));
    } else {
        let repr = vm
            .repr_string(&obj)
            .unwrap_or_else(|_| "<object repr() failed>".into());
        vm.write_stderr(&format!("{head}: {repr}\n{text}"));
    }
    Ok(())
}

/// `sys.breakpointhook(*args, **kws)`: calls what `$PYTHONBREAKPOINT`
/// names (`pdb.set_trace` by default; `0` turns breakpoints off).
fn breakpointhook(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> crate::vm::PyResult {
    let ignore_env = vm
        .options
        .flags
        .iter()
        .any(|(n, v)| *n == "ignore_environment" && *v != 0);
    let env = if ignore_env {
        None
    } else {
        std::env::var("PYTHONBREAKPOINT").ok()
    };
    let target = match env.as_deref() {
        Some("0") => return Ok(vm.none()),
        None | Some("") => "pdb.set_trace".to_string(),
        Some(t) => t.to_string(),
    };
    let (module, attr) = match target.rsplit_once('.') {
        Some((m, a)) => (m.to_string(), a.to_string()),
        None => ("builtins".to_string(), target.clone()),
    };
    let found = vm
        .import_module(&module)
        .and_then(|m| vm.getattr_str(&m, &attr));
    match found {
        Ok(f) => vm.call(&f, a, k),
        Err(_) => {
            let warnings = vm.import_module("warnings")?;
            let warn = vm.getattr_str(&warnings, "warn")?;
            let msg = new_str(&format!(
                "Ignoring unimportable $PYTHONBREAKPOINT: \"{target}\""
            ));
            vm.call(&warn, &[msg, types().exc.runtime_warning.clone()], &[])?;
            Ok(vm.none())
        }
    }
}

/// `(type, value, traceback)` of a handled exception (`sys.exc_info()`),
/// three Nones for None.
fn exc_info_tuple(e: Value) -> Value {
    let none = types().none.clone();
    if e.is(&none) {
        return new_tuple(vec![none.clone(), none.clone(), none]);
    }
    let tb = e
        .downcast::<crate::objects::exceptions::ExceptionData>()
        .map_or(none, crate::objects::exceptions::traceback_object);
    new_tuple(vec![e.class(), e, tb])
}

/// `sys.UnraisableHookArgs`, made once.
fn unraisable_args_type(vm: &mut Vm) -> Value {
    crate::gil_local! {
        static TY: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(t) = TY.with(|t| t.borrow().clone()) {
        return t;
    }
    let fields = [
        "exc_type",
        "exc_value",
        "exc_traceback",
        "err_msg",
        "object",
    ];
    let t =
        crate::objects::structseq::new_type(vm, "sys", "UnraisableHookArgs", &fields, fields.len());
    TY.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

impl Vm {
    /// Reports an exception that cannot be raised (a finalizer's, a weak
    /// reference callback's) through `sys.unraisablehook`, as CPython does;
    /// `msg` replaces "Exception ignored in".
    pub fn unraisable(&mut self, e: &crate::vm::PyErr, obj: &Value, msg: Option<&str>) {
        let hook = self
            .lookup_attr(&self.sys.clone(), "unraisablehook")
            .ok()
            .flatten();
        let ty = unraisable_args_type(self);
        let tb = e
            .exc
            .downcast::<crate::objects::exceptions::ExceptionData>()
            .map_or_else(|| self.none(), crate::objects::exceptions::traceback_object);
        let values = vec![
            e.exc.class(),
            e.exc.clone(),
            tb,
            msg.map_or_else(|| self.none(), new_str),
            obj.clone(),
        ];
        let Ok(args) = crate::objects::structseq::new_value(self, &ty, values) else {
            return;
        };
        let saved = std::mem::replace(&mut self.exc_info, types().none.clone());
        let r = match hook {
            Some(h) if !h.is(&types().none) => self.call(&h, std::slice::from_ref(&args), &[]),
            _ => default_unraisablehook(self, &args).map(|_| self.none()),
        };
        if let Err(e2) = r {
            // A failing hook is reported (alone) by the default one.
            let ty = unraisable_args_type(self);
            let values = vec![
                e2.exc.class(),
                e2.exc.clone(),
                self.none(),
                new_str("Exception ignored in sys.unraisablehook"),
                hook_repr_target(self),
            ];
            if let Ok(a2) = crate::objects::structseq::new_value(self, &ty, values) {
                let _ = default_unraisablehook(self, &a2);
            }
        }
        self.exc_info = saved;
    }
}

fn hook_repr_target(vm: &mut Vm) -> Value {
    vm.lookup_attr(&vm.sys.clone(), "unraisablehook")
        .ok()
        .flatten()
        .unwrap_or_else(|| vm.none())
}
