//! egret's JIT: hot bytecode plus the argument types actually seen, turned
//! into machine code through Cranelift (Psyco-style specialization).
//!
//! The files read as the pipeline, in order:
//! - [`specialize`]: abstract interpretation of a code object for given
//!   argument types, giving a typed plan (unboxed ints, floats, bools, lists,
//!   tuples, range loops, direct calls) or a generic one (boxed values
//!   through runtime helpers);
//! - [`lower`]: the plan to Cranelift IR, every assumption guarded;
//! - `driver`: analyze, lower, verify and define; callees of direct calls
//!   and OSR loops are compiled there too;
//! - `policy`: when a version is typed, generic, widened or given up;
//! - `cache`: the versions of each code object by argument types, and the
//!   guards that invalidate them;
//! - `osr`: loops entered mid-function;
//! - `run`: running compiled code, and the hand-back to the interpreter at
//!   an exit ([`deopt`] holds what exits write and how it is rebuilt);
//! - [`helpers`]: the runtime functions compiled code calls;
//! - `stats`: `-X jit-stats`, `-X jit-dump`, `-X perf`;
//! - `inspect`: plan and IR for any ISA, for the filetests.
//!
//! This file holds the [`Jit`] the interpreter talks to through `JitHook`:
//! which code objects get compiled, and the OSR entry point.
//!
//! Anything not compiled stays in the interpreter; a failing guard resumes
//! the interpreter at that instruction with the live values boxed.

pub mod deopt;
pub mod helpers;
pub mod lower;
pub mod specialize;

mod cache;
mod driver;
mod inspect;
mod osr;
mod policy;
mod run;
mod stats;

use std::cell::RefCell;
use std::rc::Rc;

use cranelift_codegen::ir::Function;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module, default_libcall_names};
use egret_runtime::interp::jit::{Args, CompiledCode, JitHook, JitMode, JitOutcome};
use egret_runtime::object::Value;
use egret_runtime::objects::function::{CodeRt, FunctionData};
use egret_runtime::vm::Vm;

use crate::deopt::{ExitMap, RESTART, RETURNED, entry_type, unbox};
use crate::specialize::{ConstVal, Opts, Plan, Reject, Ty};

use cache::*;
use driver::*;
pub use inspect::{clif_for_isa, isa_for};
use osr::*;
use policy::*;
use run::*;
pub use stats::Visibility;
use stats::*;

/// The JIT's state for one process.
pub struct Jit {
    mode: JitMode,
    backend: Option<Rc<RefCell<Backend>>>,
    setup_error: Option<String>,
    osr_entries: Vec<(usize, OsrEntry)>,
    /// In `--jit=on`, code objects longer than this (in instructions) stay
    /// interpreted (`-X jit-max-ops=N`).
    max_ops: usize,
}

/// The default of [`Jit::set_max_ops`]. Compiled code costs about a
/// hundred CLIF instructions per bytecode instruction today, so a long
/// function takes hundreds of milliseconds to compile (re's parser, hot in
/// every program that imports argparse, took half a second and 60 MiB)
/// and rarely repays it; HotSpot has the same kind of limit
/// (`HugeMethodLimit`). `--jit=eager` compiles everything regardless.
pub const DEFAULT_MAX_OPS: usize = 1000;

impl Jit {
    pub fn new(mode: JitMode) -> Self {
        Jit::with_visibility(mode, Visibility::default())
    }

    pub fn with_visibility(mode: JitMode, visibility: Visibility) -> Self {
        let (backend, setup_error) = match Backend::new(visibility) {
            Ok(b) => (Some(Rc::new(RefCell::new(b))), None),
            Err(e) => (None, Some(e)),
        };
        Jit {
            mode,
            backend,
            setup_error,
            osr_entries: Vec::new(),
            max_ops: DEFAULT_MAX_OPS,
        }
    }

    /// In `--jit=on`, leaves code objects of more than `n` instructions to
    /// the interpreter.
    pub fn set_max_ops(&mut self, n: usize) {
        self.max_ops = n;
    }

    /// Whether `code` is too long to be worth compiling in this mode.
    fn too_long(&self, code: &egret_bytecode::CodeObject) -> bool {
        self.mode == JitMode::On && code.code.len() > self.max_ops
    }
}

impl JitHook for Jit {
    fn compile(&mut self, code: &Rc<CodeRt>) -> bool {
        let Some(backend) = &self.backend else {
            return false;
        };
        backend.borrow_mut().stats.offered += 1;
        if code.jitted.borrow().is_some() {
            return true;
        }
        if self.too_long(&code.code) {
            backend.borrow_mut().stats.rejected.push((
                code.code.qualname.clone(),
                format!(
                    "{} instructions (more than -X jit-max-ops={})",
                    code.code.code.len(),
                    self.max_ops
                ),
            ));
            return false;
        }
        // Versions are compiled lazily, at the first call with new argument types.
        let spec = Specialized {
            code: code.clone(),
            backend: backend.clone(),
            versions: RefCell::new(Vec::new()),
        };
        *code.jitted.borrow_mut() = Some(Rc::new(spec));
        true
    }

    fn osr(
        &mut self,
        vm: &mut Vm,
        frame: &mut egret_runtime::interp::frame::Frame,
        pc: usize,
    ) -> Option<Value> {
        let backend = self.backend.clone()?;
        if self.too_long(&frame.code.code) {
            return None;
        }
        // A frame with a frame object stays interpreted: the object reads
        // the frame's own locals (compiled code made after it exists keeps
        // its frame up to date itself; see `run`).
        if frame.obj.get().is_some() {
            return None;
        }
        let code = frame.code.clone();
        // The entry state: every bound local is tracked (unboxed where it
        // can be); the operand stack holds the iterators of enclosing loops.
        let locals: Vec<Option<Ty>> = frame
            .fast
            .iter()
            .map(|v| v.as_ref().map(entry_type))
            .collect();
        let loops = enclosing_for_loops(&code.code, pc);
        if loops.len() != frame.stack.len() {
            return None;
        }
        let mut stack = Vec::new();
        let mut steps = Vec::new();
        let mut ranges: Vec<Option<(i64, i64)>> = Vec::new();
        for (site, v) in loops.iter().zip(frame.stack.iter()) {
            match deopt::range_state(v) {
                // The counter is unboxed between its bounds: both must be
                // small ints.
                Some((cur, stop, step))
                    if (specialize::SMALL_MIN..=specialize::SMALL_MAX).contains(&stop)
                        && (specialize::SMALL_MIN..=specialize::SMALL_MAX).contains(&cur) =>
                {
                    stack.push(Ty::RangeIter(*site));
                    steps.push((*site, step));
                    ranges.push(Some((cur, stop)));
                }
                _ => {
                    stack.push(Ty::Obj);
                    ranges.push(None);
                }
            }
        }
        let key = Rc::as_ptr(&code) as usize;
        let found = self.osr_entries.iter().find(|(k, e)| {
            *k == key && e.pc == pc && e.locals == locals && e.stack == stack && e.steps == steps
        });
        let version = match found {
            Some((_, e)) => e.version.clone(),
            None => {
                let compiled = {
                    let mut b = backend.borrow_mut();
                    let mut r = b.compile_osr(&code, pc, &locals, &stack, &steps, &frame.globals);
                    if r.is_err() && !steps.is_empty() {
                        // The loops' range iterators entered as objects: a
                        // generic plan iterates over a `range` of boxed
                        // numbers as over any iterable.
                        let boxed = vec![Ty::Obj; stack.len()];
                        if let Ok(v) =
                            b.compile_osr(&code, pc, &locals, &boxed, &[], &frame.globals)
                        {
                            r = Ok(v);
                        }
                    }
                    match r {
                        Ok(v) => Some(Rc::new(v)),
                        Err(reason) => {
                            b.stats
                                .rejected
                                .push((format!("{} (loop at {pc})", code.code.qualname), reason));
                            None
                        }
                    }
                };
                self.osr_entries.push((
                    key,
                    OsrEntry {
                        _code: code.clone(),
                        pc,
                        locals: locals.clone(),
                        stack: stack.clone(),
                        steps: steps.clone(),
                        version: compiled.clone(),
                    },
                ));
                compiled
            }
        }?;
        if version.uses_range {
            let globals = frame.globals.clone();
            match vm.lookup_global(&globals, "range") {
                Some(r) if r.is(&egret_runtime::object::types::types().range) => {}
                _ => return None,
            }
        }
        if !version
            .builtins
            .iter()
            .all(|name| vm.global_is_builtin(&frame.globals, name))
        {
            return None;
        }
        for (name, expected) in &version.guards {
            // A directly called global still means that function.
            match vm.lookup_global(&frame.globals, name) {
                Some(g) if g.is(expected) => {}
                _ => return None,
            }
        }
        // The words entered with. Boxed values are handed over: the frame
        // gives up its references (they come back at an exit), so an object
        // the loop drops dies when the interpreter would drop it.
        let mut words: Vec<i64> = Vec::new();
        for (i, t) in locals.iter().enumerate() {
            match t {
                Some(Ty::Obj) => words.push(deopt::hand_over(frame.fast[i].take()?)),
                Some(t) => words.push(unbox(*t, frame.fast[i].as_ref()?)?),
                None => {}
            }
        }
        let none = egret_runtime::object::types::types().none.clone();
        // (As the version was entered: its range iterators unboxed, or all
        // of them as objects.)
        let unboxed_ranges = version.plan.entry_state.stack == stack;
        for (range, v) in ranges.iter().zip(frame.stack.iter_mut()) {
            match range {
                Some((cur, stop)) if unboxed_ranges => words.extend([*cur, *stop]),
                _ => words.push(deopt::hand_over(std::mem::replace(v, none.clone()))),
            }
        }
        let mut out = vec![0i64; version.words.max(1)];
        // Calls made by the loop count against the recursion limit as the
        // interpreter's would.
        let budget = call_budget(vm);
        // The frame shows the locals the compiled code writes to `spill`
        // while it runs (see `run`).
        let mut spill = vec![0i64; 2 * code.nlocals()];
        let ctx = helpers::Ctx::new(
            vm,
            &frame.globals,
            frame.cells.as_ptr(),
            frame.locals.as_ref().map_or(0, Value::to_bits),
            spill.as_mut_ptr(),
        );
        let view = helpers::LiveView {
            ctx: &ctx,
            spills: &version.spills[..],
        };
        frame.live = Some(&view as &dyn egret_runtime::interp::jit::LiveFrame as *const _);
        let status = (version.entry)(words.as_ptr(), out.as_mut_ptr(), budget, &ctx);
        frame.live = None;
        match status {
            RETURNED => Some(deopt::box_raw(version.plan.return_type, out[0])),
            k if k > 0 => {
                let exit = version.exits.get((k - 1) as usize)?;
                let (fast, stack) = exit.rebuild(&out);
                // Tracked locals get their compiled values (a boxed one may
                // have been deleted); the others keep theirs.
                for (i, v) in fast.into_iter().enumerate() {
                    if v.is_some() || exit.locals[i] == Some(Ty::Obj) {
                        frame.fast[i] = v;
                    }
                }
                frame.stack = stack;
                frame.pc = exit.pc;
                if exit.raised {
                    frame.pending = helpers::take_error();
                } else if exit.planned {
                    backend.borrow_mut().stats.left += 1;
                } else {
                    backend
                        .borrow_mut()
                        .stats
                        .deopt(&code.code.qualname, exit.pc);
                }
                None
            }
            _ => None,
        }
    }

    fn stats(&self) -> String {
        let Some(backend) = &self.backend else {
            return format!(
                "jit: unavailable ({})",
                self.setup_error.as_deref().unwrap_or("unknown")
            );
        };
        let b = backend.borrow();
        let s = &b.stats;
        let mut out = format!(
            "jit: mode {:?}; {} code objects hot, {} versions compiled in {:.3} ms, {} deopts, {} restarts, {} widened, {} planned exits",
            self.mode,
            s.offered,
            s.compiled,
            s.compile_nanos as f64 / 1e6,
            s.deopts,
            s.restarts,
            s.widened,
            s.left
        );
        for name in &s.compiled_names {
            out.push_str(&format!("\n  compiled: {name}"));
        }
        for (name, why) in &s.rejected {
            out.push_str(&format!("\n  not compiled: {name}: {why}"));
        }
        for ((name, pc), n) in &s.deopt_sites {
            out.push_str(&format!("\n  deopt: {name} at offset {pc}: {n}"));
        }
        out
    }
}
