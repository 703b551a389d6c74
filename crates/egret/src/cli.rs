//! Command-line parsing and program start-up, following CPython's `python3`
//! where options overlap.

use egret_runtime::interp::jit::JitMode;
use egret_runtime::object::Value;
use egret_runtime::objects::int::from_i64;
use egret_runtime::{Options, Outcome, Vm};

const USAGE: &str = "usage: egret [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options:
  -c cmd         program passed in as string
  -m mod         run library module as a script
  -h, --help     print this help message and exit
  -V, --version  print the egret version and exit
  --jit=MODE     off (interpreter only), on (default), eager (compile at first call)
  -X opt         implementation-specific option:
                   -X dis               print the bytecode of the file instead of running it
                   -X jit-threshold=N   calls/back-edges before a function is compiled
                   -X jit-max-ops=N     --jit=on leaves longer functions to the interpreter
                   -X jit-stats[=FILE]  print JIT statistics at exit (to FILE if given)
                   -X jit-dump=DIR      write each compiled function's CLIF to DIR
                   -X perf              write /tmp/perf-PID.map for Linux perf
                   -X stdlib=DIR        the CPython 3.11 standard library (Lib) to import from
  -i             inspect interactively after running the program (also PYTHONINSPECT)
  -q             no version banner on the interactive prompt
  -W arg         warning control (sys.warnoptions; also PYTHONWARNINGS)
  -E             ignore PYTHON* environment variables (PYTHONPATH, PYTHONWARNINGS, ...)
  -s             no user site directory (sys.flags.no_user_site)
  -S             no `site` on start-up (egret does not run `site` yet either way)
  -I             isolate: -E and -s, and the script's directory is not put on sys.path
  -P             the script's directory (or the current one) is not put on sys.path
  -B, -u, -b, -O, -OO   accepted for compatibility with python3; no effect
file             program read from script file
-                program read from stdin
arg ...          arguments passed to program in sys.argv[1:]
Environment:
  PYTHONPATH     directories prepended to the module search path
  EGRET_STDLIB   the CPython 3.11 standard library directory (default: found at build time)
";

enum Target {
    File(String),
    Command(String),
    Module(String),
    Stdin,
    Repl,
}

struct Args {
    target: Target,
    argv_rest: Vec<String>,
    jit: JitMode,
    xoptions: Vec<(String, String)>,
    /// `sys.flags` set by options (and PYTHONINSPECT, PYTHONSAFEPATH).
    flags: Vec<(&'static str, i64)>,
    /// `-W` options, in order.
    warnoptions: Vec<String>,
}

impl Args {
    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|(k, v)| *k == name && *v != 0)
    }

    /// An environment variable, unless -E (or -I) says to ignore them.
    fn env(&self, name: &str) -> Option<String> {
        if self.flag("ignore_environment") {
            return None;
        }
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// The flag a one-letter option without an argument sets (None: accepted,
/// no effect), or Err if it is not one.
fn short_flag(c: char) -> Result<Option<&'static [&'static str]>, ()> {
    Ok(match c {
        'i' => Some(&["inspect", "interactive"]),
        'q' => Some(&["quiet"]),
        'E' => Some(&["ignore_environment"]),
        's' => Some(&["no_user_site"]),
        'S' => Some(&["no_site"]),
        'I' => Some(&[
            "isolated",
            "ignore_environment",
            "no_user_site",
            "safe_path",
        ]),
        'P' => Some(&["safe_path"]),
        'B' | 'u' | 'b' | 'O' => None,
        _ => return Err(()),
    })
}

fn parse(args: Vec<String>) -> Result<Option<Args>, String> {
    let mut jit = JitMode::On;
    let mut xoptions = Vec::new();
    let mut flags: Vec<(&'static str, i64)> = Vec::new();
    let mut warnoptions = Vec::new();
    let mut i = 0;
    let mut target = None;
    while i < args.len() {
        let a = &args[i];
        if let Some(m) = a.strip_prefix("--jit=") {
            jit = JitMode::parse(m)
                .ok_or_else(|| format!("unknown --jit mode '{m}' (expected off, on or eager)"))?;
        } else if a == "--jit" {
            i += 1;
            let m = args.get(i).ok_or("--jit needs a mode")?;
            jit = JitMode::parse(m).ok_or_else(|| format!("unknown --jit mode '{m}'"))?;
        } else if a == "-h" || a == "--help" {
            print!("{USAGE}");
            return Ok(None);
        } else if a == "-V" || a == "--version" {
            println!(
                "egret {} (Python 3.11 compatible)",
                env!("CARGO_PKG_VERSION")
            );
            return Ok(None);
        } else if a == "-X" || (a.starts_with("-X") && a.len() > 2) {
            let opt = if a == "-X" {
                i += 1;
                args.get(i).cloned().ok_or("-X needs an option")?
            } else {
                a[2..].to_string()
            };
            let (k, v) = opt
                .split_once('=')
                .map_or((opt.clone(), String::new()), |(k, v)| {
                    (k.to_string(), v.to_string())
                });
            xoptions.push((k, v));
        } else if a == "-c" {
            let cmd = args
                .get(i + 1)
                .cloned()
                .ok_or("Argument expected for the -c option")?;
            let rest = args[i + 2..].to_vec();
            target = Some((Target::Command(cmd), rest));
            break;
        } else if let Some(cmd) = a.strip_prefix("-c") {
            let rest = args[i + 1..].to_vec();
            target = Some((Target::Command(cmd.to_string()), rest));
            break;
        } else if a == "-m" {
            let m = args
                .get(i + 1)
                .cloned()
                .ok_or("Argument expected for the -m option")?;
            let rest = args[i + 2..].to_vec();
            target = Some((Target::Module(m), rest));
            break;
        } else if a == "-W" || (a.starts_with("-W") && a.len() > 2) {
            let opt = if a == "-W" {
                i += 1;
                args.get(i)
                    .cloned()
                    .ok_or("Argument expected for the -W option")?
            } else {
                a[2..].to_string()
            };
            warnoptions.push(opt);
        } else if a == "-OO" {
        } else if a.len() > 1
            && a.starts_with('-')
            && !a.starts_with("--")
            && a[1..].chars().all(|c| short_flag(c).is_ok())
        {
            // One or more flags in one word (`-Es`).
            for c in a[1..].chars() {
                for name in short_flag(c).ok().flatten().unwrap_or(&[]) {
                    flags.retain(|(k, _)| k != name);
                    flags.push((name, 1));
                }
            }
        } else if a == "-" {
            target = Some((Target::Stdin, args[i + 1..].to_vec()));
            break;
        } else if a.starts_with('-') && a.len() > 1 {
            return Err(format!("Unknown option: {a}\n{USAGE}"));
        } else {
            target = Some((Target::File(a.clone()), args[i + 1..].to_vec()));
            break;
        }
        i += 1;
    }
    let (target, argv_rest) = target.unwrap_or_else(|| {
        let t = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            Target::Repl
        } else {
            Target::Stdin
        };
        (t, Vec::new())
    });
    let mut args = Args {
        target,
        argv_rest,
        jit,
        xoptions,
        flags,
        warnoptions,
    };
    // The environment's part, unless -E: PYTHONINSPECT, PYTHONSAFEPATH,
    // PYTHONWARNINGS (before the -W options).
    for (var, names) in [
        ("PYTHONINSPECT", &["inspect"][..]),
        ("PYTHONSAFEPATH", &["safe_path"][..]),
    ] {
        if args.env(var).is_some() {
            for name in names {
                if !args.flag(name) {
                    args.flags.push((name, 1));
                }
            }
        }
    }
    if let Some(w) = args.env("PYTHONWARNINGS") {
        let mut all: Vec<String> = w
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        all.append(&mut args.warnoptions);
        args.warnoptions = all;
    }
    Ok(Some(args))
}

/// The CPython 3.11 standard library directory: `-X stdlib=DIR`, else
/// `$EGRET_STDLIB`, else the one found when egret was built.
fn stdlib_dir(xoptions: &[(String, String)]) -> Option<String> {
    let chosen = xoptions
        .iter()
        .rev()
        .find(|(k, _)| k == "stdlib")
        .map(|(_, v)| v.clone())
        .or_else(|| std::env::var("EGRET_STDLIB").ok())
        .unwrap_or_else(|| env!("EGRET_BUILD_STDLIB").to_string());
    // A directory without os.py is not a standard library: treat it as none,
    // so that the first import that needs one says how to set it.
    (!chosen.is_empty() && std::path::Path::new(&chosen).join("os.py").is_file()).then_some(chosen)
}

/// sys.path: the script's directory (unless -P or -I), `$PYTHONPATH`
/// (unless -E), the standard library.
fn search_path(args: &Args, first: String, stdlib: Option<&str>) -> Vec<String> {
    let mut path = Vec::new();
    if !args.flag("safe_path") {
        path.push(first);
    }
    if let Some(pp) = args.env("PYTHONPATH") {
        path.extend(pp.split(':').filter(|s| !s.is_empty()).map(str::to_string));
    }
    path.extend(stdlib.map(str::to_string));
    path
}

/// The interpreter for a run, with `site` imported (unless `-S`); the exit
/// status if that failed.
fn start_vm(args: &Args, argv0: String, path0: String) -> Result<Box<Vm>, i32> {
    let mut vm = make_vm(args, argv0, path0);
    // As in CPython, the script's directory goes first on sys.path after
    // `site` ran (site makes the entries it sees absolute).
    let first = if args.flag("safe_path") {
        None
    } else {
        let path = vm.getattr_str(&vm.sys.clone(), "path").ok();
        path.and_then(|p| {
            vm.call_method(&p, "pop", &[from_i64(0)])
                .ok()
                .map(|f| (p, f))
        })
    };
    if let Some(out) = vm.import_site() {
        return Err(status(out));
    }
    if let Some((path, entry)) = first {
        let _ = vm.call_method(&path, "insert", &[from_i64(0), entry]);
    }
    Ok(vm)
}

/// The interpreter lives on the heap, not on the stack of the thread that
/// made it: the child of a `fork()` from another thread has no such
/// thread, and the C library reuses its stack for the child's next thread.
fn make_vm(args: &Args, argv0: String, path0: String) -> Box<Vm> {
    let mut argv = vec![argv0];
    argv.extend(args.argv_rest.iter().cloned());
    let stdlib = stdlib_dir(&args.xoptions);
    let mut opts = Options {
        argv,
        path: search_path(args, path0, stdlib.as_deref()),
        stdlib: stdlib.clone(),
        jit_mode: args.jit,
        xoptions: args.xoptions.clone(),
        flags: args.flags.clone(),
        warnoptions: args.warnoptions.clone(),
        ..Options::default()
    };
    for (k, v) in &args.xoptions {
        if k == "jit-threshold"
            && let Ok(n) = v.parse()
        {
            opts.jit_threshold = n;
        }
    }
    let mut vm = Box::new(Vm::new(opts));
    if args.jit != JitMode::Off {
        let mut visibility = egret_jit::Visibility::default();
        for (k, v) in &args.xoptions {
            match k.as_str() {
                "jit-dump" => {
                    let dir = if v.is_empty() { "jit-dump" } else { v.as_str() };
                    visibility.dump_dir = Some(std::path::PathBuf::from(dir));
                }
                "perf" => visibility.perf_map = true,
                _ => {}
            }
        }
        let mut jit = egret_jit::Jit::with_visibility(args.jit, visibility);
        for (k, v) in &args.xoptions {
            if k == "jit-max-ops"
                && let Ok(n) = v.parse()
            {
                jit.set_max_ops(n);
            }
        }
        vm.install_jit(Box::new(jit));
    }
    vm
}

/// The status `run` returns when the program ended by an uncaught
/// `KeyboardInterrupt`: `main` then ends the process by SIGINT.
const EXIT_BY_SIGINT: i32 = i32::MIN;

fn status(o: Outcome) -> i32 {
    match o {
        Outcome::Ok => 0,
        Outcome::Exit(n) => n,
        Outcome::Interrupted => EXIT_BY_SIGINT,
    }
}

/// Ends the process by SIGINT with its default action, as CPython does
/// after an uncaught `KeyboardInterrupt` (the shell sees status 130).
fn die_by_sigint() -> i32 {
    // SAFETY: plain signal-disposition and mask calls on this thread.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(libc::SIGINT);
    }
    130
}

/// Blocks the signals a process receives in the calling thread, so that
/// the interpreter thread receives them: their handlers then run when the
/// program expects (a signal it sends itself is handled before `os.kill`
/// returns) and its blocking calls are interrupted.
fn block_signals_in_this_thread() {
    // SAFETY: plain signal-mask calls on this thread.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        for sync in [libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE, libc::SIGILL] {
            libc::sigdelset(&mut set, sync);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// What CPython says of a script that is not UTF-8 and declares no
/// encoding (its file tokenizer's message, without a location).
fn non_utf8_script(bytes: &[u8], path: &str) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let good = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
    let byte = bytes.get(good).copied().unwrap_or(0);
    let path =
        std::path::absolute(path).map_or_else(|_| path.to_string(), |p| p.display().to_string());
    format!(
        "SyntaxError: Non-UTF-8 code starting with '\\x{byte:02x}' in file {path} on line {line}, \
         but no encoding declared; see https://peps.python.org/pep-0263/ for details"
    )
}

fn run(args: Args) -> i32 {
    let dis = args.xoptions.iter().any(|(k, _)| k == "dis");
    // `-X jit-stats`: to stderr; `-X jit-stats=FILE`: to FILE.
    let stats = args
        .xoptions
        .iter()
        .find(|(k, _)| k == "jit-stats")
        .map(|(_, v)| v.clone());

    match &args.target {
        Target::File(path) => {
            // The script's name as its code and `__file__` give it: made
            // absolute by joining it to the working directory, as CPython
            // (3.9 on) does, without normalizing it.
            let abs = script_filename(path);
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    let (errno, msg) = match e.kind() {
                        std::io::ErrorKind::NotFound => {
                            (2, "No such file or directory".to_string())
                        }
                        std::io::ErrorKind::PermissionDenied => {
                            (13, "Permission denied".to_string())
                        }
                        _ => (e.raw_os_error().unwrap_or(0), e.to_string()),
                    };
                    eprintln!("egret: can't open file '{abs}': [Errno {errno}] {msg}");
                    return 2;
                }
            };
            // An encoding other than UTF-8, Latin-1 and ASCII is decoded
            // once the interpreter (and its codecs) exists.
            let native = egret_compiler::decode_source(&bytes, &abs);
            if native.is_err() && egret_compiler::coding_spec(&bytes).is_none() {
                eprintln!("{}", non_utf8_script(&bytes, &abs));
                return 1;
            }
            if dis {
                let decoded = native.or_else(|_| {
                    make_vm(&args, path.clone(), ".".into()).decode_source(&bytes, path)
                });
                let src = match decoded {
                    Ok(s) => s,
                    Err(e) => {
                        eprint!("{}", e.render());
                        return 1;
                    }
                };
                return match egret_compiler::compile_module(&src, path) {
                    Ok(c) => {
                        print!("{}", c.disassemble());
                        0
                    }
                    Err(e) => {
                        eprint!("{}", e.render());
                        1
                    }
                };
            }
            let dir = std::path::Path::new(path)
                .parent()
                .map(|p| p.display().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| ".".to_string());
            let dir = std::fs::canonicalize(&dir)
                .map(|p| p.display().to_string())
                .unwrap_or(dir);
            let mut vm = match start_vm(&args, path.clone(), dir) {
                Ok(vm) => vm,
                Err(st) => return st,
            };
            let src = match native.or_else(|_| vm.decode_source(&bytes, &abs)) {
                Ok(s) => s,
                Err(e) => {
                    eprint!("{}", e.render());
                    return 1;
                }
            };
            let ns = vm.main_namespace(Some(&abs));
            let out = run_main(&mut vm, &args, &src, &abs, &ns);
            if let (Some(to), Some(j)) = (&stats, &vm.jit) {
                let text = j.stats();
                if to.is_empty() {
                    eprintln!("{text}");
                } else if let Err(e) = std::fs::write(to, text + "\n") {
                    eprintln!("egret: cannot write JIT statistics to {to}: {e}");
                }
            }
            status(out)
        }
        Target::Command(cmd) => {
            let mut vm = match start_vm(&args, "-c".into(), String::new()) {
                Ok(vm) => vm,
                Err(st) => return st,
            };
            let ns = vm.main_namespace(None);
            status(run_main(&mut vm, &args, cmd, "<string>", &ns))
        }
        Target::Stdin => {
            let mut src = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut src) {
                eprintln!("egret: can't read stdin: {e}");
                return 1;
            }
            let mut vm = match start_vm(&args, "-".into(), String::new()) {
                Ok(vm) => vm,
                Err(st) => return st,
            };
            let ns = vm.main_namespace(None);
            status(run_main(&mut vm, &args, &src, "<stdin>", &ns))
        }
        Target::Module(m) => {
            let mut vm = match start_vm(
                &args,
                m.clone(),
                std::env::current_dir()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            ) {
                Ok(vm) => vm,
                Err(st) => return st,
            };
            status(run_module(&mut vm, &args, m))
        }
        Target::Repl => {
            let mut vm = match start_vm(&args, String::new(), String::new()) {
                Ok(vm) => vm,
                Err(st) => return st,
            };
            vm.main_namespace(None);
            let st = crate::repl::run(&mut vm, !args.flag("quiet"));
            vm.finish(Ok(vm.none()));
            st
        }
    }
}

/// Runs the program as `__main__`; with `-i` (or PYTHONINSPECT) the
/// interactive prompt follows, whatever the program raised but SystemExit.
/// A relative script path joined to the working directory (CPython's
/// `_Py_abspath`: no `.`/`..` resolution, no symlinks followed).
fn script_filename(path: &str) -> String {
    if std::path::Path::new(path).is_absolute() {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => {
            let cwd = cwd.display().to_string();
            if cwd.ends_with('/') {
                format!("{cwd}{path}")
            } else {
                format!("{cwd}/{path}")
            }
        }
        Err(_) => path.to_string(),
    }
}

fn run_main(vm: &mut Vm, args: &Args, src: &str, filename: &str, ns: &Value) -> Outcome {
    // As CPython: PYTHONINSPECT alone (no -i) gives the prompt only when
    // stdin is a terminal.
    let interactive =
        args.flag("interactive") || std::io::IsTerminal::is_terminal(&std::io::stdin());
    if !(args.flag("inspect") && interactive) {
        return vm.run_main(src, filename, ns);
    }
    if let Some(done) = vm.run_main_then_inspect(src, filename, ns) {
        return done;
    }
    let st = crate::repl::run(vm, false);
    match vm.finish(Ok(vm.none())) {
        Outcome::Ok if st != 0 => Outcome::Exit(st),
        out => out,
    }
}

/// `-m module`: find the module's file on sys.path and run it as `__main__`,
/// as CPython's runpy does: the packages it belongs to are imported first,
/// and its `__package__` is set so that relative imports work (a package's
/// `__main__` runs in the package itself). `__spec__` stays None, as for
/// every module egret imports.
fn run_module(vm: &mut Vm, args: &Args, name: &str) -> Outcome {
    // sys.path as `site` left it (site-packages, a virtual environment's).
    let path: Vec<String> = match vm
        .getattr_str(&vm.sys.clone(), "path")
        .and_then(|p| vm.iterate(&p))
    {
        Ok(items) => items.iter().map(egret_runtime::interp::str_of).collect(),
        Err(e) => return vm.finish(Err(e)),
    };
    let rel = name.replace('.', "/");
    for dir in &path {
        let base = if dir.is_empty() {
            ".".to_string()
        } else {
            dir.clone()
        };
        let package = name.rsplit_once('.').map_or("", |(p, _)| p);
        for (cand, package) in [
            (format!("{base}/{rel}.py"), package),
            (format!("{base}/{rel}/__main__.py"), name),
        ] {
            if std::path::Path::new(&cand).is_file() {
                let cand = std::path::absolute(&cand)
                    .map(|p| p.display().to_string())
                    .unwrap_or(cand);
                if !package.is_empty()
                    && let Err(e) = vm.import_module(package)
                {
                    return vm.finish(Err(e));
                }
                let src = match std::fs::read(&cand)
                    .map_err(|e| e.to_string())
                    .and_then(|b| vm.decode_source(&b, &cand).map_err(|e| e.render()))
                {
                    Ok(s) => s,
                    Err(e) => {
                        vm.write_stderr(&e);
                        return Outcome::Exit(1);
                    }
                };
                if let Some(sys) = Some(vm.sys.clone())
                    && let Ok(argv) = vm.getattr_str(&sys, "argv")
                {
                    let _ = vm.setitem(
                        &argv,
                        egret_runtime::objects::int::from_i64(0),
                        egret_runtime::objects::str::new_str(&cand),
                    );
                }
                let ns = vm.main_namespace(Some(&cand));
                if !package.is_empty() {
                    let _ = vm.setitem(
                        &ns,
                        egret_runtime::objects::str::new_str("__package__"),
                        egret_runtime::objects::str::new_str(package),
                    );
                }
                return run_main(vm, args, &src, &cand, &ns);
            }
        }
    }
    vm.write_stderr(&format!("egret: No module named {name}\n"));
    Outcome::Exit(1)
}

/// The interpreter thread's stack: deep native recursion (repr of nested
/// containers, compiled code) raises `RecursionError` well before its end.
const MAIN_STACK: usize = 256 << 20;

pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("egret: internal error: {msg}{loc}");
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => return 0,
        Err(e) => {
            eprintln!("egret: {e}");
            return 2;
        }
    };
    // Run on a thread with a large stack (MAIN_STACK): deep (non-Python) recursion such as
    // repr of nested containers then stays far from the guard page.
    egret_runtime::modules::signal::install_default_handlers();
    let handle = std::thread::Builder::new()
        .name("egret-main".into())
        .stack_size(MAIN_STACK)
        .spawn(move || {
            egret_runtime::vm::set_stack_size(MAIN_STACK);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(parsed)))
        });
    block_signals_in_this_thread();
    match handle {
        Ok(h) => match h.join() {
            Ok(Ok(EXIT_BY_SIGINT)) => die_by_sigint(),
            Ok(Ok(code)) => code,
            _ => 1,
        },
        Err(e) => {
            eprintln!("egret: internal error: cannot start interpreter thread: {e}");
            1
        }
    }
}
