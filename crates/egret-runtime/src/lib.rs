//! egret's runtime: the object model, the builtin types and functions, the
//! bytecode interpreter, the import system and the native modules.
//!
//! What it does not own: parsing and compiling (egret-compiler), machine
//! code (egret-jit, reached only through [`interp::jit::JitHook`]), and the command
//! line (the `egret` binary).

pub mod builtins;
pub mod gil;
pub mod import;
pub mod interp;
pub mod modules;
pub mod object;
pub mod objects;
pub mod protocols;
pub mod vm;

pub use object::Value;
pub use vm::{Options, PyErr, PyResult, Vm};

use objects::dict::{DictData, DictTable, new_dict};
use objects::function::CodeRt;

/// Registers the methods of the builtin types (once per process).
pub(crate) fn setup_types(_vm: &mut Vm) {
    {
        let t = object::types::types();
        for g in [&t.generator, &t.coroutine, &t.async_generator] {
            g.type_data_of_type().set_has_finalizer(true);
        }
    }
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        objects::str_methods::register();
        objects::seq_methods::register();
        objects::dict_methods::register();
        objects::set_methods::register();
        objects::descr_methods::register();
        objects::file::register();
        objects::num_methods::register();
        protocols::subclass::register();
        objects::complex::register();
        objects::complex::register_code();
        objects::namespace::register();
        objects::namespace::register_mappingproxy();
        objects::alias::register();
        objects::memoryview::register();
        objects::weakref::register_types();
        modules::collections::register_types();
        modules::posix::register_types();
        modules::sre::register_types();
        modules::random::register_types();
        modules::imp::register_types();
        modules::array::register_types();
        modules::contextvars::register_types();
        modules::structmod::register_types();
        modules::socket::register_types();
        modules::pickle::register_types();
        // (Last: it marks methods the registrations above made.)
        objects::str_methods::mark_builtin_noarg_methods();
    });
}

/// Turns a compile-time syntax error into a Python `SyntaxError`.
pub fn exceptions_syntax(vm: &mut Vm, e: &egret_compiler::SyntaxError) -> PyErr {
    let t = object::types::types();
    if e.kind == "RecursionError" {
        // The compiler refused code nested too deeply.
        return vm.err(&t.exc.recursion_error, &e.message);
    }
    let ty = if e.kind == "IndentationError" {
        &t.exc.indentation_error
    } else {
        &t.exc.syntax_error
    };
    let details = objects::tuple::new_tuple(vec![
        objects::str::new_str(&e.filename),
        objects::int::from_i64(e.line as i64),
        objects::int::from_i64(e.column as i64),
        objects::str::new_str(&e.text),
    ]);
    let args = objects::tuple::new_tuple(vec![objects::str::new_str(&e.message), details]);
    let exc = objects::exceptions::new_exception(ty, args);
    let _ = vm;
    let err = PyErr::new(exc);
    // str(SyntaxError) is "msg (file, line N)" in CPython; keep the rendered report.
    SYNTAX_REPORTS.with(|r| r.borrow_mut().push((err.exc.id(), e.render())));
    err
}

crate::gil_local! {
    static SYNTAX_REPORTS: std::cell::RefCell<Vec<(i64, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How a program run ended.
pub enum Outcome {
    Ok,
    /// Exit status (SystemExit or an uncaught exception).
    Exit(i32),
    /// An uncaught `KeyboardInterrupt`: as CPython, the process ends by
    /// SIGINT (its default action) once the traceback is printed.
    Interrupted,
}

impl Vm {
    /// A fresh `__main__` namespace.
    pub fn main_namespace(&mut self, file: Option<&str>) -> Value {
        let ns = new_dict(DictTable::new());
        {
            let d = ns.downcast::<DictData>().expect("dict");
            let mut t = d.table.borrow_mut();
            t.set_str("__builtins__", self.builtins.clone());
            t.set_str("__package__", object::types::types().none.clone());
            t.set_str("__spec__", object::types::types().none.clone());
            t.set_str("__loader__", object::types::types().none.clone());
            if let Some(f) = file {
                t.set_str("__file__", objects::str::new_str(f));
            }
        }
        let m = objects::module::new_module("__main__", ns.clone());
        if let Some(d) = ns.downcast::<DictData>() {
            d.table
                .borrow_mut()
                .set_str("__name__", objects::str::new_str("__main__"));
        }
        self.register_module("__main__", m);
        ns
    }

    /// Imports `site` (unless `-S`), as CPython does before running the
    /// program: site-packages directories, `.pth` files, a virtual
    /// environment's `pyvenv.cfg`. A failure is reported as an uncaught
    /// exception and ends the run, with the outcome returned.
    pub fn import_site(&mut self) -> Option<Outcome> {
        if self
            .options
            .flags
            .iter()
            .any(|(k, v)| *k == "no_site" && *v != 0)
        {
            return None;
        }
        match self.import_module("site") {
            Ok(_) => None,
            Err(e) => {
                self.write_stderr("egret: failed to import the site module\n");
                Some(self.finish(Err(e)))
            }
        }
    }

    /// Compiles and runs `source` as `__main__`, reporting an uncaught
    /// exception the way CPython does.
    pub fn run_main(&mut self, source: &str, filename: &str, ns: &Value) -> Outcome {
        let code = match egret_compiler::compile_module(source, filename) {
            Ok(c) => c,
            Err(e) => {
                self.write_stderr(&e.render());
                return Outcome::Exit(1);
            }
        };
        let rt = CodeRt::new(self, code);
        let r = self.run_code(rt, ns.clone(), None);
        self.finish(r)
    }

    /// As CPython at exit: `threading._shutdown()` waits for the threads
    /// that are not daemons, if `threading` was imported.
    fn wait_for_thread_shutdown(&mut self) {
        let modules = self.modules.clone();
        let Some(threading) = modules
            .downcast::<objects::dict::DictData>()
            .and_then(|d| d.table.borrow().get_str("threading"))
        else {
            return;
        };
        let r = match self.lookup_attr(&threading, "_shutdown") {
            Ok(Some(f)) => self.call(&f, &[], &[]).map(drop),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = r {
            self.write_unraisable(&e, &threading);
        }
    }

    /// Handles the end of a program: SystemExit, uncaught exceptions, flushing.
    pub fn finish(&mut self, r: PyResult) -> Outcome {
        let out = match r {
            Ok(_) => Outcome::Ok,
            Err(e) => self.report_uncaught(&e),
        };
        self.wait_for_thread_shutdown();
        modules::atexit::run_exitfuncs(self);
        // Threads still running (daemon threads) never run Python again.
        gil::begin_finalizing();
        self.release_main_globals();
        // As CPython does at exit: one last collection frees what only
        // cycles kept alive.
        self.collect_cycles();
        self.run_pending();
        // The last flush of stdout failing (a closed pipe, a full disk) is
        // reported as CPython reports it, with exit status 120.
        if let Err(e) = self.flush_stdout_checked() {
            let text = objects::exceptions::format_exception(self, &e.exc);
            self.write_stderr(&format!(
                "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n{text}"
            ));
            if matches!(out, Outcome::Ok) {
                return Outcome::Exit(120);
            }
        }
        out
    }

    /// `run_main` for `-i`: an uncaught exception (or a syntax error),
    /// SystemExit included, is reported as a traceback, and the interactive
    /// prompt follows (None: the program is not finished).
    pub fn run_main_then_inspect(
        &mut self,
        source: &str,
        filename: &str,
        ns: &Value,
    ) -> Option<Outcome> {
        let code = match egret_compiler::compile_module(source, filename) {
            Ok(c) => c,
            Err(e) => {
                self.write_stderr(&e.render());
                return None;
            }
        };
        let rt = CodeRt::new(self, code);
        if let Err(e) = self.run_code(rt, ns.clone(), None) {
            if e.matches(&object::types::types().exc.system_exit) {
                // Printed as a traceback: the prompt still follows.
                let text = objects::exceptions::format_exception(self, &e.exc);
                self.write_stderr(&text);
            } else {
                self.report_uncaught(&e);
            }
            self.flush_stdout();
        }
        None
    }

    /// Prints an uncaught exception (or honours SystemExit) and returns the exit status.
    pub fn report_uncaught(&mut self, e: &PyErr) -> Outcome {
        let t = object::types::types();
        if e.matches(&t.exc.system_exit) {
            let code = self
                .getattr_str(&e.exc, "code")
                .unwrap_or_else(|_| t.none.clone());
            if code.is(&t.none) {
                return Outcome::Exit(0);
            }
            if let Some(i) = objects::int::to_i64(&code) {
                return Outcome::Exit(i as i32);
            }
            let s = self.str_string(&code).unwrap_or_default();
            self.write_stderr(&format!("{s}\n"));
            return Outcome::Exit(1);
        }
        let id = e.exc.id();
        let syntax = SYNTAX_REPORTS.with(|r| {
            r.borrow()
                .iter()
                .rev()
                .find(|(i, _)| *i == id)
                .map(|(_, s)| s.clone())
        });
        let mut text = objects::exceptions::format_exception(self, &e.exc);
        if let Some(report) = syntax {
            // Replace the last line with CPython's located syntax error report.
            if let Some(pos) = text.trim_end_matches('\n').rfind('\n') {
                text.truncate(pos + 1);
            } else {
                text.clear();
            }
            text.push_str(&report);
        }
        self.write_stderr(&text);
        if e.matches(&t.exc.keyboard_interrupt) {
            return Outcome::Interrupted;
        }
        Outcome::Exit(1)
    }
}

impl Vm {
    /// Runs one interactive input; returns an exit status if the program
    /// asked to exit (SystemExit).
    pub fn run_interactive(&mut self, source: &str) -> Option<i32> {
        let code = match egret_compiler::compile_source(
            source,
            "<stdin>",
            egret_compiler::Mode::Interactive,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.write_stderr(&e.render());
                return None;
            }
        };
        let ns = self
            .modules
            .downcast::<DictData>()
            .and_then(|d| d.table.borrow().get_str("__main__"))
            .and_then(|m| {
                m.downcast::<objects::module::ModuleData>()
                    .map(|m| m.dict.clone())
            })
            .unwrap_or_else(|| new_dict(DictTable::new()));
        let rt = CodeRt::new(self, code);
        let r = self.run_code(rt, ns, None);
        self.flush_stdout();
        match r {
            Ok(_) => None,
            Err(e) => {
                if e.matches(&object::types::types().exc.system_exit) {
                    return match self.report_uncaught(&e) {
                        Outcome::Ok => Some(0),
                        Outcome::Exit(n) => Some(n),
                        Outcome::Interrupted => None,
                    };
                }
                self.report_uncaught(&e);
                None
            }
        }
    }
}
