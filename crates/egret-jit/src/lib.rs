//! egret's JIT: hot bytecode plus the argument types actually seen, turned
//! into machine code through Cranelift (Psyco-style specialization).
//!
//! The crate reads like the pipeline: [`specialize`] interprets a code object
//! abstractly for given argument types, [`lower`] turns the result into
//! Cranelift IR, [`deopt`] holds what exits write back, and this file owns the
//! lifecycle: which code objects get compiled, the per-argument-type versions
//! of each (the cache), and running them from the interpreter.
//!
//! What compiles today: functions (not generators or closures) whose code
//! uses int, float and bool locals, arithmetic, comparisons, branches, loops
//! and calls of the function itself. Anything else stays in the interpreter;
//! every assumption is guarded and a failing guard resumes the interpreter at
//! that instruction with the live values boxed (or re-runs the call when the
//! failure happens inside a nested compiled call, which is exact because the
//! compiled code has no side effects).

pub mod deopt;
pub mod helpers;
pub mod lower;
pub mod specialize;

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

/// Specializations kept per code object (Psyco's per-type versions).
const MAX_VERSIONS: usize = 4;

type RawFn = extern "C" fn(*const i64, *mut i64, i64, *const helpers::Ctx) -> i64;

/// Counters for `-X jit-stats`.
#[derive(Default, Debug)]
struct Stats {
    offered: usize,
    compiled: usize,
    rejected: Vec<(String, String)>,
    deopts: usize,
    restarts: usize,
    compile_nanos: u128,
    /// Deoptimizations by (function, bytecode offset resumed at).
    deopt_sites: std::collections::BTreeMap<(String, usize), u64>,
    /// Versions recompiled with every local boxed.
    widened: usize,
    /// Exits taken on purpose (loop ends, instructions not compiled).
    left: usize,
}

impl Stats {
    fn deopt(&mut self, qualname: &str, pc: usize) {
        self.deopts += 1;
        *self
            .deopt_sites
            .entry((qualname.to_string(), pc))
            .or_default() += 1;
    }
}

/// What the JIT writes out for inspection (`-X jit-dump=DIR`, `-X perf`).
#[derive(Clone, Debug, Default)]
pub struct Visibility {
    /// Each compiled function's CLIF, before (`NAME.clif`) and after
    /// (`NAME.opt.clif`) Cranelift's optimizations, goes to this directory.
    pub dump_dir: Option<std::path::PathBuf>,
    /// Append `ADDRESS SIZE NAME` lines to `/tmp/perf-PID.map`, so that
    /// Linux `perf report` names compiled Python functions.
    pub perf_map: bool,
}

/// The code generator shared by all compiled functions.
struct Backend {
    module: JITModule,
    ctx: FunctionBuilderContext,
    stats: Stats,
    visibility: Visibility,
}

impl Backend {
    fn new(visibility: Visibility) -> Result<Backend, String> {
        let mut flags = settings::builder();
        flags.set("opt_level", "speed").map_err(|e| e.to_string())?;
        flags
            .set("use_colocated_libcalls", "false")
            .map_err(|e| e.to_string())?;
        flags.set("is_pic", "false").map_err(|e| e.to_string())?;
        let isa = cranelift_native::builder()
            .map_err(|e| e.to_string())?
            .finish(settings::Flags::new(flags))
            .map_err(|e| e.to_string())?;
        let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
        for (name, addr, _) in helpers::symbols() {
            builder.symbol(name, addr);
        }
        let mut module = JITModule::new(builder);
        let mut ctx = FunctionBuilderContext::new();
        lower::define_trampolines(&mut module, &mut ctx)?;
        module.finalize_definitions().map_err(|e| e.to_string())?;
        Ok(Backend {
            module,
            ctx,
            stats: Stats::default(),
            visibility,
        })
    }

    /// Compiles `code` specialized for `arg_types`. Calls of other global
    /// functions (in `globals`) are compiled too, `depth` levels deep.
    fn compile(
        &mut self,
        code: &CodeRt,
        arg_types: &[Ty],
        globals: &Value,
        depth: u32,
    ) -> Result<Version, String> {
        let start = std::time::Instant::now();
        let consts: Vec<Option<ConstVal>> = code.consts.iter().map(const_val).collect();
        // A self-call's result type is an assumption checked by the analysis.
        let mut first_error = None;
        let mut found = None;
        for assumed in [Ty::Int, Ty::Float, Ty::Bool] {
            let mut callees: Vec<Compiled> = Vec::new();
            let mut resolve = |name: &str, tys: &[Ty]| -> Option<(Ty, usize)> {
                self.resolve(&code.code.name, name, tys, globals, depth, &mut callees)
            };
            let mut read = Vec::new();
            let mut global_const = |name: &str| global_number(globals, name, &mut read);
            match specialize::analyze(
                &code.code,
                consts.clone(),
                arg_types,
                assumed,
                &Opts::default(),
                &mut resolve,
                &mut global_const,
            ) {
                Ok(p) => {
                    found = Some((p, callees, read));
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert(e.msg);
                }
            }
        }
        if found.is_none() && depth == 0 {
            // The generic plan: anything the typed rules reject goes
            // through runtime helpers.
            let plan =
                generic_plan(&code.code, &consts, arg_types, feedback_of(code)).map_err(|e| {
                    format!("{}; generic: {e}", first_error.clone().unwrap_or_default())
                })?;
            found = Some((plan, Vec::new(), Vec::new()));
        }
        let (plan, callees, read) = found.ok_or_else(|| first_error.unwrap_or_default())?;
        let mut version = self.finish(code, plan, &callees)?;
        self.stats.compile_nanos += start.elapsed().as_nanos();
        version.adopt(&callees, read);
        Ok(version)
    }
}

impl Backend {
    /// Compiles `code` for `arg_types` as a generic plan in which every
    /// local is boxed (the version a function that keeps deoptimizing gets).
    fn compile_boxed(&mut self, code: &CodeRt, arg_types: &[Ty]) -> Result<Version, String> {
        let start = std::time::Instant::now();
        let consts: Vec<Option<ConstVal>> = code.consts.iter().map(const_val).collect();
        // No unboxing by feedback: this version must not deoptimize.
        let opts = Opts {
            generic: true,
            forced: vec![true; code.code.varnames.len()],
            feedback: Vec::new(),
        };
        let mut plan = specialize::analyze(
            &code.code,
            consts,
            arg_types,
            Ty::Obj,
            &opts,
            &mut |_, _| None,
            &mut |_| None,
        )
        .map_err(|e| e.msg)?;
        plan.all_boxed = true;
        let version = self.finish(code, plan, &[])?;
        self.stats.compile_nanos += start.elapsed().as_nanos();
        Ok(version)
    }
}

/// The generic plan of a function for `arg_types` (locals widened as
/// needed; operands unboxed where `feedback` saw only numbers).
fn generic_plan(
    code: &egret_bytecode::CodeObject,
    consts: &[Option<ConstVal>],
    arg_types: &[Ty],
    feedback: Vec<u16>,
) -> Result<Plan, String> {
    widening(code.varnames.len(), feedback, |opts| {
        specialize::analyze(
            code,
            consts.to_vec(),
            arg_types,
            Ty::Obj,
            opts,
            &mut |_, _| None,
            &mut |_| None,
        )
    })
}

/// Runs a generic analysis, widening to `Ty::Obj` each local that turns out
/// to hold values of different types, until it succeeds or fails for
/// another reason.
fn widening(
    nlocals: usize,
    feedback: Vec<u16>,
    mut analyze: impl FnMut(&Opts) -> Result<Plan, Reject>,
) -> Result<Plan, String> {
    let mut opts = Opts {
        generic: true,
        forced: vec![false; nlocals],
        feedback,
    };
    loop {
        match analyze(&opts) {
            Ok(plan) => return Ok(plan),
            Err(Reject { widen: Some(i), .. }) if i < nlocals && !opts.forced[i] => {
                opts.forced[i] = true
            }
            Err(e) => return Err(e.msg),
        }
    }
}

/// The interpreter's feedback for `code`, per instruction.
fn feedback_of(code: &CodeRt) -> Vec<u16> {
    code.feedback.iter().map(std::cell::Cell::get).collect()
}

/// The number a global holds, for compiled code that reads it as a
/// constant; `read` collects the (name, object) guards this needs.
fn global_number(globals: &Value, name: &str, read: &mut Vec<(String, Value)>) -> Option<ConstVal> {
    let v = globals
        .downcast::<egret_runtime::objects::dict::DictData>()?
        .table
        .borrow()
        .get_str(name)?;
    let c = const_val(&v).filter(|c| !matches!(c, ConstVal::Obj(_)))?;
    read.push((name.to_string(), v));
    Some(c)
}

impl Version {
    /// Takes over the assumptions of the callees it calls directly and of
    /// the globals it read as constants: all are checked before it runs.
    fn adopt(&mut self, callees: &[Compiled], read: Vec<(String, Value)>) {
        self.guards.extend(read);
        self.guards
            .extend(callees.iter().flat_map(|(name, func, v)| {
                std::iter::once((name.clone(), func.clone())).chain(v.guards.iter().cloned())
            }));
        self.uses_range |= callees.iter().any(|(_, _, v)| v.uses_range);
        for (_, _, v) in callees {
            for name in &v.builtins {
                if !self.builtins.contains(name) {
                    self.builtins.push(name);
                }
            }
        }
    }
}

/// A callee compiled for a direct call: its global name, the function, and
/// the version called.
type Compiled = (String, Value, Rc<Version>);

impl Backend {
    /// A direct call of the global `name` with arguments of types `tys` from
    /// compiled code (of the function `caller`): compiles the callee and
    /// returns its result type and out-buffer size, or None when the call
    /// must not be direct.
    fn resolve(
        &mut self,
        caller: &str,
        name: &str,
        tys: &[Ty],
        globals: &Value,
        depth: u32,
        callees: &mut Vec<Compiled>,
    ) -> Option<(Ty, usize)> {
        if depth >= MAX_CALL_DEPTH || name == caller {
            return None;
        }
        let func = globals
            .downcast::<egret_runtime::objects::dict::DictData>()?
            .table
            .borrow()
            .get_str(name)?;
        let fd = func.downcast::<FunctionData>()?;
        if !fd.globals.is(globals) || fd.closure.is_some() || fd.defaults.borrow().is_some() {
            return None;
        }
        let v = Rc::new(self.compile(&fd.code, tys, globals, depth + 1).ok()?);
        if v.plan.has_effects {
            // A failure inside it could not be repeated by re-running the
            // call in the interpreter.
            return None;
        }
        let out = (v.plan.return_type, v.words);
        callees.push((name.to_string(), func.clone(), v));
        Some(out)
    }

    /// Compiles the loop at `pc` of `code` for on-stack replacement.
    fn compile_osr(
        &mut self,
        code: &CodeRt,
        pc: usize,
        locals: &[Option<Ty>],
        stack: &[Ty],
        steps: &[(u32, i64)],
        globals: &Value,
    ) -> Result<Version, String> {
        let start = std::time::Instant::now();
        let consts: Vec<Option<ConstVal>> = code.consts.iter().map(const_val).collect();
        let entry = specialize::State {
            locals: locals.to_vec(),
            stack: stack.to_vec(),
        };
        // The outermost loop around the header: from its header to its last
        // back-edge. Entered at an inner loop, the compiled code goes on
        // through the rest of the outer loop instead of leaving at the end of
        // the inner one (and running the outer loop interpreted).
        let loops: Vec<(usize, usize)> = code
            .code
            .code
            .iter()
            .enumerate()
            .filter_map(|(i, op)| match op {
                egret_bytecode::Op::JumpBackward(t) if (*t as usize) <= pc && i >= pc => {
                    Some((*t as usize, i + 1))
                }
                _ => None,
            })
            .collect();
        let outer = loops
            .iter()
            .map(|(t, _)| *t)
            .min()
            .ok_or("no back-edge to the loop header")?;
        let end = loops
            .iter()
            .filter(|(t, _)| *t == outer)
            .map(|(_, e)| *e)
            .max()
            .ok_or("no back-edge to the loop header")?;
        let mut callees: Vec<Compiled> = Vec::new();
        let mut read = Vec::new();
        // The loop's analysis with `opts` (callees and global constants are
        // only asked for by typed plans).
        let analyze =
            |opts: &Opts,
             callees: &mut dyn FnMut(&str, &[Ty]) -> Option<(Ty, usize)>,
             global_const: &mut dyn FnMut(&str) -> Option<ConstVal>| {
                specialize::analyze_from(
                    &code.code,
                    consts.clone(),
                    pc,
                    entry.clone(),
                    Ty::Int,
                    true,
                    steps,
                    Some((outer, end)),
                    opts,
                    callees,
                    global_const,
                )
            };
        let typed = if entry.locals.contains(&Some(Ty::Obj)) || entry.stack.contains(&Ty::Obj) {
            Err("boxed values at entry".to_string())
        } else {
            analyze(
                &Opts::default(),
                &mut |name, tys| self.resolve(&code.code.name, name, tys, globals, 0, &mut callees),
                &mut |name| global_number(globals, name, &mut read),
            )
            .map_err(|e| e.msg)
        };
        let plan = match typed {
            Ok(plan) => plan,
            Err(first) => {
                callees.clear();
                read.clear();
                widening(code.code.varnames.len(), feedback_of(code), |opts| {
                    analyze(opts, &mut |_, _| None, &mut |_| None)
                })
                .map_err(|e| format!("{first}; generic: {e}"))?
            }
        };
        let mut version = self.finish(code, plan, &callees)?;
        version.adopt(&callees, read);
        self.stats.compile_nanos += start.elapsed().as_nanos();
        Ok(version)
    }

    /// Lowers, verifies and finalizes a plan.
    fn finish(
        &mut self,
        code: &CodeRt,
        plan: Plan,
        callees: &[(String, Value, Rc<Version>)],
    ) -> Result<Version, String> {
        let sig = lower::signature(&self.module);
        let name = format!("egret_{}_{}", code.code.qualname, self.stats.compiled);
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        let mut ctx = self.module.make_context();
        let mut func = Function::new();
        let callee_ids: Vec<(u32, cranelift_module::FuncId)> = plan
            .calls
            .iter()
            .filter_map(|c| {
                callees
                    .iter()
                    .find(|(n, _, v)| *n == c.name && v.plan.arg_types == c.arg_types)
                    .map(|(_, _, v)| (c.pc, v.id))
            })
            .collect();
        if callee_ids.len() != plan.calls.len() {
            return Err("callee not compiled".into());
        }
        let t = egret_runtime::object::types::types();
        // One attribute cache per LOAD_ATTR, LOAD_METHOD and STORE_ATTR, kept by the
        // version (compiled code embeds their addresses).
        let attr_pcs: Vec<usize> = code
            .code
            .code
            .iter()
            .enumerate()
            .filter(|(_, op)| {
                matches!(
                    op,
                    egret_bytecode::Op::LoadAttr(_)
                        | egret_bytecode::Op::LoadMethod(_)
                        | egret_bytecode::Op::StoreAttr(_)
                )
            })
            .map(|(pc, _)| pc)
            .collect();
        let attr_sites: Box<[egret_runtime::protocols::attr::AttrSite]> =
            attr_pcs.iter().map(|_| Default::default()).collect();
        let rt = lower::Runtime {
            code: code as *const CodeRt as u64,
            names: code.names.iter().map(Value::to_bits).collect(),
            true_bits: t.true_.to_bits(),
            false_bits: t.false_.to_bits(),
            attr_sites: attr_pcs
                .iter()
                .zip(attr_sites.iter())
                .map(|(pc, site)| (*pc, site as *const _ as u64))
                .collect(),
            float_type: t.float.to_bits(),
            float_payload: std::mem::offset_of!(
                egret_runtime::object::PyObj<egret_runtime::objects::float::FloatData>,
                data
            ) as i32,
        };
        let (exits, _, spills) = lower::lower(
            &mut self.module,
            id,
            &callee_ids,
            &code.code,
            &plan,
            &rt,
            &mut func,
            &mut self.ctx,
        )?;
        ctx.func = func;
        if cfg!(debug_assertions) {
            cranelift_codegen::verify_function(&ctx.func, self.module.isa())
                .map_err(|e| format!("verifier: {e}"))?;
        }
        let before = self
            .visibility
            .dump_dir
            .as_ref()
            .map(|_| ctx.func.display().to_string());
        self.module
            .define_function(id, &mut ctx)
            .map_err(|e| format!("{e:?}"))?;
        let size = ctx.compiled_code().map_or(0, |c| c.code_buffer().len());
        if let (Some(dir), Some(before)) = (&self.visibility.dump_dir, before) {
            // Dumping is best effort: a full disk must not change what the
            // program does.
            let file = name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_");
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("{file}.clif")), before);
            let _ = std::fs::write(
                dir.join(format!("{file}.opt.clif")),
                ctx.func.display().to_string(),
            );
        }
        self.module.clear_context(&mut ctx);
        self.module
            .finalize_definitions()
            .map_err(|e| e.to_string())?;
        let ptr = self.module.get_finalized_function(id);
        // SAFETY: as in `compile`: a function just defined with
        // `lower::signature`, kept alive by the module.
        let entry: RawFn = unsafe { std::mem::transmute::<*const u8, RawFn>(ptr) };
        if self.visibility.perf_map {
            write_perf_map(ptr as usize, size, &code.code.qualname);
        }
        self.stats.compiled += 1;
        Ok(Version {
            restarts: std::cell::Cell::new(0),
            deopts: std::cell::Cell::new(0),
            guards_held: std::cell::Cell::new(None),
            returns: std::cell::Cell::new(0),
            words: plan
                .out_words()
                .max(exits.iter().map(ExitMap::words).max().unwrap_or(0)),
            uses_range: !plan.range_sites.is_empty(),
            builtins: {
                let mut names: Vec<&'static str> = Vec::new();
                for (_, b) in &plan.builtins {
                    if !names.contains(&b.name()) {
                        names.push(b.name());
                    }
                }
                names
            },
            guards: Vec::new(),
            _attr_sites: attr_sites,
            id,
            plan,
            exits,
            spills,
            entry,
        })
    }
}

/// Appends one entry to `/tmp/perf-PID.map` (the convention Linux perf reads
/// for code generated at run time). Best effort, like the CLIF dump.
fn write_perf_map(addr: usize, size: usize, qualname: &str) {
    use std::io::Write;
    let path = format!("/tmp/perf-{}.map", std::process::id());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{addr:x} {size:x} py::{qualname}");
    }
}

/// A constant of a code object as compiled code sees it (any value: the
/// typed rules use numbers only).
fn const_val(v: &Value) -> Option<ConstVal> {
    match deopt::type_of(v) {
        Some(Ty::Int) => v.as_small().map(ConstVal::Int),
        Some(Ty::Float) => egret_runtime::objects::float::float_of(v).map(ConstVal::Float),
        Some(Ty::Bool) => unbox(Ty::Bool, v).map(|b| ConstVal::Bool(b != 0)),
        _ => Some(ConstVal::Obj(v.to_bits())),
    }
}

/// After this many restarts a version is abandoned: the function is left to
/// the interpreter (re-running from the start must stay rare to stay cheap).
const MAX_RESTARTS: u32 = 8;

/// A version that has left through an exit this often, and on more than a
/// quarter of its calls, is abandoned: the function is left to the
/// interpreter (every exit costs boxing and a frame rebuild).
const MAX_DEOPTS: u32 = 64;

/// One compiled specialization.
struct Version {
    /// The globals' and builtins' content stamps, and the function, when
    /// the guards last held.
    guards_held: std::cell::Cell<Option<(u64, u64, u64)>>,
    /// Calls that left through an exit, and calls that returned.
    deopts: std::cell::Cell<u32>,
    returns: std::cell::Cell<u32>,
    plan: Plan,
    exits: Vec<ExitMap>,
    /// Where a generic plan writes its locals before calls (see
    /// `helpers::LiveView`).
    spills: Vec<deopt::SpillPoint>,
    entry: RawFn,
    words: usize,
    restarts: std::cell::Cell<u32>,
    id: cranelift_module::FuncId,
    /// Global names that must still mean these functions (called directly).
    guards: Vec<(String, Value)>,
    /// Whether this code or a callee iterates over the builtin `range`.
    uses_range: bool,
    /// Builtins this code or a callee computes inline (the global names
    /// must still mean them).
    builtins: Vec<&'static str>,
    /// The attribute caches the compiled code points to.
    _attr_sites: Box<[egret_runtime::protocols::attr::AttrSite]>,
}

impl Version {
    fn keeps_deoptimizing(&self) -> bool {
        let deopts = self.deopts.get();
        deopts >= MAX_DEOPTS && deopts > self.returns.get() / 4
    }
}

/// How deep compiled code may call other compiled functions.
const MAX_CALL_DEPTH: u32 = 3;

/// The compiled code attached to one code object: its versions by argument types.
struct Specialized {
    code: Rc<CodeRt>,
    backend: Rc<RefCell<Backend>>,
    versions: RefCell<Vec<(Vec<Ty>, Option<Rc<Version>>)>>,
}

impl Specialized {
    /// Replaces the version for `types` by one that holds every local
    /// boxed, so that only exceptions (and instructions it does not
    /// compile) leave it.
    #[cold]
    #[inline(never)]
    fn widen(&self, types: &[Ty]) -> Option<Rc<Version>> {
        let mut backend = self.backend.borrow_mut();
        let compiled = match backend.compile_boxed(&self.code, types) {
            Ok(v) => Some(Rc::new(v)),
            Err(reason) => {
                backend
                    .stats
                    .rejected
                    .push((format!("{} (widened)", self.code.code.qualname), reason));
                None
            }
        };
        backend.stats.widened += 1;
        for (t, v) in self.versions.borrow_mut().iter_mut() {
            if t == types {
                v.clone_from(&compiled);
            }
        }
        compiled
    }

    fn version(&self, types: &[Ty], globals: &Value) -> Option<Rc<Version>> {
        if let Some((_, v)) = self.versions.borrow().iter().find(|(t, _)| t == types) {
            return v.clone();
        }
        self.new_version(types, globals)
    }

    /// Compiles a version for `types` (out of `version`: see `left`).
    #[cold]
    #[inline(never)]
    fn new_version(&self, types: &[Ty], globals: &Value) -> Option<Rc<Version>> {
        if self.versions.borrow().len() >= MAX_VERSIONS {
            return None;
        }
        let mut backend = self.backend.borrow_mut();
        let compiled = match backend.compile(&self.code, types, globals, 0) {
            Ok(v) => Some(Rc::new(v)),
            Err(reason) => {
                backend
                    .stats
                    .rejected
                    .push((self.code.code.qualname.clone(), reason));
                None
            }
        };
        self.versions
            .borrow_mut()
            .push((types.to_vec(), compiled.clone()));
        compiled
    }
}

impl CompiledCode for Specialized {
    fn invoke(&self, vm: &mut Vm, func: &Value, args: Args<'_>) -> JitOutcome {
        let Some(fd) = func.downcast::<FunctionData>() else {
            return JitOutcome::Declined;
        };
        let code = &self.code.code;
        let nargs = args.as_slice().len();
        if nargs > code.arg_count as usize {
            return JitOutcome::Declined;
        }
        if nargs < code.arg_count as usize || code.kwonly_count > 0 {
            return self.invoke_with_defaults(vm, func, fd, args);
        }
        self.run(vm, func, fd, args)
    }
}

impl Specialized {
    /// Runs compiled code for `func` with a value for every parameter
    /// (positional, then keyword-only).
    fn run(&self, vm: &mut Vm, func: &Value, fd: &FunctionData, mut args: Args<'_>) -> JitOutcome {
        let nargs = args.as_slice().len();
        let nparams = (self.code.code.arg_count + self.code.code.kwonly_count) as usize;
        if nargs != nparams {
            return JitOutcome::Declined;
        }
        // Small fixed buffers: this runs on every call of compiled code.
        const MAX_ARGS: usize = 8;
        if nargs > MAX_ARGS {
            return JitOutcome::Declined;
        }
        let mut type_buf = [Ty::Int; MAX_ARGS];
        for (slot, a) in type_buf.iter_mut().zip(args.as_slice()) {
            *slot = entry_type(a);
        }
        let types = &type_buf[..nargs];
        let Some(version) = self.version(types, &fd.globals) else {
            return JitOutcome::Declined;
        };
        if version.restarts.get() >= MAX_RESTARTS {
            return JitOutcome::Declined;
        }
        let version = if version.keeps_deoptimizing() {
            // Recompiled once with wider types; left to the interpreter if
            // that keeps deoptimizing too.
            if version.plan.all_boxed {
                return JitOutcome::Declined;
            }
            match self.widen(types) {
                Some(v) => v,
                None => return JitOutcome::Declined,
            }
        } else {
            version
        };
        let generic = version.plan.generic;
        // A generic plan checks what it relies on where it uses it. The
        // guards of a typed one on global names hold while neither the
        // module's globals nor the builtins changed since they last held.
        if !generic {
            let stamps = (
                dict_stamp(&fd.globals),
                dict_stamp(&vm.builtins_dict),
                func.to_bits(),
            );
            if version.guards_held.get() != Some(stamps) {
                if !self.guards_hold(vm, &version, fd, func) {
                    return JitOutcome::Declined;
                }
                version.guards_held.set(Some(stamps));
            }
        }
        if (generic && vm.depth >= vm.recursion_limit)
            || egret_runtime::vm::stack_remaining() < NATIVE_STACK_RESERVE
        {
            // The interpreter raises RecursionError (or, short of native
            // stack, goes on in frames that do not use it).
            return JitOutcome::Declined;
        }
        // A closure's cells live here while it runs (an exit hands them to
        // the interpreter's frame).
        let cells = self.code.has_cells.then(|| {
            let a = args.as_slice();
            egret_runtime::interp::frame::new_cells(
                &self.code,
                |p| a.get(p).cloned(),
                fd.closure.as_ref(),
            )
        });
        // Boxed arguments the caller's stack gives up are taken (see Args).
        let mut raw = [0i64; MAX_ARGS];
        let none = &egret_runtime::object::types::types().none;
        for (i, t) in types.iter().enumerate() {
            raw[i] = match (&mut args, t) {
                (Args::Given(stack), Ty::Obj) => {
                    deopt::hand_over(std::mem::replace(&mut stack[i], none.clone()))
                }
                (a, t) => unbox(*t, &a.as_slice()[i]).unwrap_or(0),
            };
        }
        // The out buffer is not initialized: compiled code writes the words
        // of the exit it takes (or the result), and only those are read.
        // (Most versions need under 24 words; the stack frame of this
        // function is paid for by every call of compiled code.)
        let mut out_buf = std::mem::MaybeUninit::<[i64; 24]>::uninit();
        let mut out_vec: Vec<i64> = Vec::new();
        let out: *mut i64 = if version.words <= 24 {
            out_buf.as_mut_ptr().cast()
        } else {
            out_vec.reserve_exact(version.words);
            out_vec.as_mut_ptr()
        };
        let budget = call_budget(vm);
        // A generic plan's calls count it as a frame, as the interpreter would.
        if generic {
            vm.depth += 1;
        }
        // A generic plan calls code that may look at its frame
        // (`sys._getframe`): it is an activation in the chain of frames,
        // whose frame, made if asked for, shows the locals the compiled code
        // writes to `spill`.
        // (A word per local, and one per local for flags: see SpillPoint.
        // Not initialized: the compiled code writes every word a spill
        // point reads when it starts.)
        let mut spill_buf = std::mem::MaybeUninit::<[i64; 16]>::uninit();
        let mut spill_vec: Vec<i64> = Vec::new();
        let spill_words = 2 * self.code.nlocals();
        let spill: *mut i64 = if !generic || spill_words <= 16 {
            spill_buf.as_mut_ptr().cast()
        } else {
            spill_vec.reserve_exact(spill_words);
            spill_vec.as_mut_ptr()
        };
        let cells_ptr = cells.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        let ctx = helpers::Ctx::new(vm, &fd.globals, cells_ptr, 0, spill);
        let view = helpers::LiveView {
            ctx: &ctx,
            spills: &version.spills[..],
        };
        let mut activation = generic.then(|| {
            egret_runtime::interp::jit::Activation::new(
                vm,
                &self.code,
                &fd.globals,
                cells.as_deref().unwrap_or(&[]),
                &view as &dyn egret_runtime::interp::jit::LiveFrame as *const _,
            )
        });
        if let Some(a) = &mut activation {
            vm.enter_activation(a);
        }
        let status = (version.entry)(raw.as_ptr(), out, budget, &ctx);
        // The frame made for the call, if something asked for one.
        let mut shadow = None;
        if let Some(a) = &mut activation {
            vm.leave_activation(a);
            shadow = a.take_frame();
        }
        if generic {
            vm.depth -= 1;
        }
        match status {
            RETURNED => {
                if let Some(f) = shadow.take() {
                    vm.release_frame(f);
                }
                version.returns.set(version.returns.get().saturating_add(1));
                // SAFETY: a return writes the result to the first word.
                let result = unsafe { *out };
                JitOutcome::Return(deopt::box_raw(version.plan.return_type, result))
            }
            RESTART => {
                if let Some(f) = shadow.take() {
                    vm.release_frame(f);
                }
                self.backend.borrow_mut().stats.restarts += 1;
                version.restarts.set(version.restarts.get() + 1);
                JitOutcome::Declined
            }
            k => {
                // SAFETY: the exit wrote its words (`ExitMap::words`, at
                // most `version.words`) to the buffer.
                let words = version
                    .exits
                    .get((k - 1) as usize)
                    // SAFETY: see above.
                    .map(|exit| unsafe { std::slice::from_raw_parts(out, exit.words()) });
                self.left(vm, fd, &version, k, words, shadow, cells)
            }
        }
    }

    /// The compiled code left through exit `k`, which wrote `words`: the
    /// interpreter's frame to continue in. (Kept out of `run`, whose stack
    /// frame every call of compiled code pays for.)
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn left(
        &self,
        vm: &mut Vm,
        fd: &FunctionData,
        version: &Version,
        k: i64,
        words: Option<&[i64]>,
        shadow: Option<Box<egret_runtime::interp::frame::Frame>>,
        cells: Option<Vec<Value>>,
    ) -> JitOutcome {
        let (Some(exit), Some(words)) = (version.exits.get((k - 1) as usize), words) else {
            if let Some(f) = shadow {
                vm.release_frame(f);
            }
            return JitOutcome::Declined;
        };
        let (fast, stack) = exit.rebuild(words);
        // The frame that stood for the call becomes the interpreter's, so a
        // frame object made for it follows.
        let mut frame = match shadow {
            Some(f) => Vm::deopt_into(f, fd, exit.pc, fast, stack, cells),
            None => vm.deopt_frame(fd, exit.pc, fast, stack, cells),
        };
        if exit.raised {
            frame.pending = helpers::take_error();
        } else {
            if exit.planned {
                self.backend.borrow_mut().stats.left += 1;
            } else {
                self.backend
                    .borrow_mut()
                    .stats
                    .deopt(&self.code.code.qualname, exit.pc);
            }
            // Either way the call ran partly interpreted.
            version.deopts.set(version.deopts.get().saturating_add(1));
        }
        JitOutcome::Deopt(frame)
    }
}

impl Specialized {
    /// A call that leaves parameters to their defaults: run with the
    /// defaults filled in (keyword-only ones from the keyword defaults),
    /// or declined when one is missing (the interpreter raises TypeError).
    fn invoke_with_defaults(
        &self,
        vm: &mut Vm,
        func: &Value,
        fd: &FunctionData,
        mut args: Args<'_>,
    ) -> JitOutcome {
        let code = &self.code.code;
        let (npos, nkw) = (code.arg_count as usize, code.kwonly_count as usize);
        let given = args.as_slice().len();
        if given > npos {
            return JitOutcome::Declined;
        }
        let mut extra: Vec<Value> = Vec::with_capacity(npos + nkw - given);
        if given < npos {
            let defaults = fd.defaults.borrow();
            let Some(d) = defaults
                .as_ref()
                .and_then(|d| d.downcast::<egret_runtime::objects::tuple::TupleData>())
            else {
                return JitOutcome::Declined;
            };
            let first_default = npos.saturating_sub(d.items.len());
            if given < first_default {
                return JitOutcome::Declined;
            }
            extra.extend(d.items[given - first_default..].iter().cloned());
        }
        if nkw > 0 {
            let kwdefaults = fd.kwdefaults.borrow();
            let Some(kd) = kwdefaults
                .as_ref()
                .and_then(|d| d.downcast::<egret_runtime::objects::dict::DictData>())
            else {
                return JitOutcome::Declined;
            };
            for name in &code.varnames[npos..npos + nkw] {
                match kd.table.borrow().get_str(name) {
                    Some(v) => extra.push(v),
                    None => return JitOutcome::Declined,
                }
            }
        }
        // The given arguments move along when the caller gave them up; they
        // go back if the call is declined (nothing was taken then).
        let none = egret_runtime::object::types::types().none.clone();
        let mut full: Vec<Value> = match &mut args {
            Args::Given(stack) => stack
                .iter_mut()
                .map(|a| std::mem::replace(a, none.clone()))
                .collect(),
            Args::Borrowed(a) => a.to_vec(),
        };
        full.extend(extra);
        let out = self.run(vm, func, fd, Args::Given(&mut full));
        if let (JitOutcome::Declined, Args::Given(stack)) = (&out, &mut args) {
            for (slot, v) in stack.iter_mut().zip(full) {
                *slot = v;
            }
        }
        out
    }
}

/// The content stamp of a dict (0 for anything else).
fn dict_stamp(d: &Value) -> u64 {
    d.downcast::<egret_runtime::objects::dict::DictData>()
        .map_or(0, |d| d.table.borrow().stamp)
}

impl Specialized {
    /// Whether every global name `version` relies on still means what it
    /// meant when it was compiled.
    #[inline(never)]
    fn guards_hold(&self, vm: &Vm, version: &Version, fd: &FunctionData, func: &Value) -> bool {
        for (name, expected) in &version.guards {
            // Guard: a directly called global still means that function.
            // A directly called global still means that function.
            match vm.lookup_global(&fd.globals, name) {
                Some(g) if g.is(expected) => {}
                _ => return false,
            }
        }
        if version.uses_range {
            // `range` still means the builtin.
            match vm.lookup_global(&fd.globals, "range") {
                Some(r) if r.is(&egret_runtime::object::types::types().range) => {}
                _ => return false,
            }
        }
        if !version
            .builtins
            .iter()
            .all(|name| vm.global_is_builtin(&fd.globals, name))
        {
            return false;
        }
        if version.plan.self_calls {
            // The global name still means this very function.
            match vm.lookup_global(&fd.globals, &version.plan.self_name) {
                Some(g) if g.is(func) => {}
                _ => return false,
            }
        }
        true
    }
}

/// A loop compiled for on-stack replacement, keyed by where and how it was entered.
struct OsrEntry {
    /// Keeps the code object (and so its address in the key) alive.
    _code: Rc<CodeRt>,
    pc: usize,
    locals: Vec<Option<Ty>>,
    stack: Vec<Ty>,
    steps: Vec<(u32, i64)>,
    version: Option<Rc<Version>>,
}

/// The JIT's state for one process.
pub struct Jit {
    mode: JitMode,
    backend: Option<Rc<RefCell<Backend>>>,
    setup_error: Option<String>,
    osr_entries: Vec<(usize, OsrEntry)>,
}

/// The `for` loops enclosing `pc` (the offsets of their GET_ITER), outermost
/// first.
fn enclosing_for_loops(code: &egret_bytecode::CodeObject, pc: usize) -> Vec<u32> {
    code.code
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match op {
            egret_bytecode::Op::ForIter(exit) if i <= pc && (*exit as usize) > pc => {
                // Named by their GET_ITER, as the analysis names the range
                // iterators it makes (the same loop run again meets it).
                let get_iter = i
                    .checked_sub(1)
                    .filter(|&g| matches!(code.code[g], egret_bytecode::Op::GetIter));
                Some(get_iter.unwrap_or(i) as u32)
            }
            _ => None,
        })
        .collect()
}

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
        }
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
        for (name, why) in &s.rejected {
            out.push_str(&format!("\n  not compiled: {name}: {why}"));
        }
        for ((name, pc), n) in &s.deopt_sites {
            out.push_str(&format!("\n  deopt: {name} at offset {pc}: {n}"));
        }
        out
    }
}

/// The constants of a bytecode code object as the compiler sees them.
fn bytecode_consts(code: &egret_bytecode::CodeObject) -> Vec<Option<ConstVal>> {
    use egret_bytecode::Const;
    code.consts
        .iter()
        .map(|c| match c {
            Const::Int(i) if (specialize::SMALL_MIN..=specialize::SMALL_MAX).contains(i) => {
                Some(ConstVal::Int(*i))
            }
            Const::Float(f) => Some(ConstVal::Float(*f)),
            Const::Bool(b) => Some(ConstVal::Bool(*b)),
            _ => None,
        })
        .collect()
}

/// The Cranelift IR of `code` specialized for `arg_types`, verified and
/// compiled for `isa` (any ISA Cranelift supports, not only the host's).
/// Returns the IR text and the machine-code size. Used by the snapshot tests
/// that keep code generation reviewable for x86-64 and aarch64.
pub fn clif_for_isa(
    code: &egret_bytecode::CodeObject,
    arg_types: &[Ty],
    isa: cranelift_codegen::isa::OwnedTargetIsa,
) -> Result<(String, usize), String> {
    let consts = bytecode_consts(code);
    let mut first_error = None;
    let mut plan = None;
    for assumed in [Ty::Int, Ty::Float, Ty::Bool] {
        match specialize::analyze(
            code,
            consts.clone(),
            arg_types,
            assumed,
            &Opts::default(),
            &mut |_, _| None,
            &mut |_| None,
        ) {
            Ok(p) => {
                plan = Some(p);
                break;
            }
            Err(e) => {
                first_error.get_or_insert(e.msg);
            }
        }
    }
    let plan = match plan {
        Some(p) => p,
        // Generic: constants other than numbers are not known here (the
        // plan leaves for the interpreter where it would load one).
        None => generic_plan(code, &consts, arg_types, Vec::new())
            .map_err(|e| format!("{}; generic: {e}", first_error.unwrap_or_default()))?,
    };
    let mut module = JITModule::new(JITBuilder::with_isa(isa.clone(), default_libcall_names()));
    let sig = lower::signature(&module);
    let id = module
        .declare_function(&code.qualname, Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    let mut func = Function::new();
    let mut fctx = FunctionBuilderContext::new();
    // Placeholder addresses: the IR is inspected, never run.
    let rt = lower::Runtime {
        names: vec![0; code.names.len()],
        ..lower::Runtime::default()
    };
    lower::lower(&mut module, id, &[], code, &plan, &rt, &mut func, &mut fctx)?;
    cranelift_codegen::verify_function(&func, &*isa).map_err(|e| format!("verifier: {e}"))?;
    let names: Vec<(u32, String)> = module
        .declarations()
        .get_functions()
        .filter_map(|(fid, d)| d.name.clone().map(|n| (fid.as_u32(), n)))
        .collect();
    let text = plan_summary(code, &plan) + &name_functions(&func.display().to_string(), &names);
    let mut ctx = cranelift_codegen::Context::for_function(func);
    let compiled = ctx
        .compile(&*isa, &mut Default::default())
        .map_err(|e| format!("{:?}", e.inner))?;
    Ok((text, compiled.code_buffer().len()))
}

/// One comment line saying what the plan is: typed or generic, the types
/// of the locals it keeps (by name) and of its result.
fn plan_summary(code: &egret_bytecode::CodeObject, plan: &Plan) -> String {
    let locals: Vec<String> = plan
        .local_types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let name = code.varnames.get(i).map_or("?", |s| s.as_str());
            t.map(|t| format!("{name}: {t:?}"))
        })
        .collect();
    format!(
        ";; plan: {}; locals {}; returns {:?}\n",
        if plan.generic { "generic" } else { "typed" },
        locals.join(", "),
        plan.return_type
    )
}

/// `text` with each reference `u0:N` to a declared function replaced by
/// `%name` (the compiled function itself, the helpers), so that the IR
/// reads without a table of numbers.
fn name_functions(text: &str, names: &[(u32, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("u0:") {
        out.push_str(&rest[..at]);
        let digits: String = rest[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let name = digits
            .parse::<u32>()
            .ok()
            .and_then(|n| names.iter().find(|(id, _)| *id == n));
        match name {
            Some((_, name)) => out.push_str(&format!("%{name}")),
            None => out.push_str(&rest[at..at + 3 + digits.len()]),
        }
        rest = &rest[at + 3 + digits.len()..];
    }
    out.push_str(rest);
    out
}

/// The ISA for a target triple such as `aarch64-unknown-linux-gnu`.
pub fn isa_for(triple: &str) -> Result<cranelift_codegen::isa::OwnedTargetIsa, String> {
    use std::str::FromStr;
    let triple = target_lexicon::Triple::from_str(triple).map_err(|e| e.to_string())?;
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").map_err(|e| e.to_string())?;
    flags.set("is_pic", "false").map_err(|e| e.to_string())?;
    cranelift_codegen::isa::lookup(triple)
        .map_err(|e| e.to_string())?
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())
}

/// Native stack compiled code leaves unused: below it, calls run in the
/// interpreter, whose Python-to-Python calls need none, and the frames that
/// exits hand to the interpreter still have room to start.
const NATIVE_STACK_RESERVE: usize = 8 << 20;

/// How deep compiled code may call compiled code directly before it leaves
/// the rest to the interpreter: what the recursion limit allows, and no
/// deeper than the native stack left holds (a compiled frame and what it
/// calls take well under `NATIVE_BYTES_PER_CALL`).
fn call_budget(vm: &Vm) -> i64 {
    const NATIVE_BYTES_PER_CALL: usize = 1024;
    let by_limit = vm.recursion_limit.saturating_sub(vm.depth);
    let by_stack = egret_runtime::vm::stack_remaining().saturating_sub(NATIVE_STACK_RESERVE)
        / NATIVE_BYTES_PER_CALL;
    by_limit.min(by_stack).min(i64::MAX as usize) as i64
}
