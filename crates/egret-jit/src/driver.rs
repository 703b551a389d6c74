//! The compilation driver: analyze a code object for the argument types
//! seen, lower the plan, verify and define the machine code, and compile
//! the callees of direct calls and the loops entered by OSR.

use super::*;

pub(crate) type RawFn = extern "C" fn(*const i64, *mut i64, i64, *const helpers::Ctx) -> i64;

/// The code generator shared by all compiled functions.
pub(crate) struct Backend {
    pub(crate) module: JITModule,
    pub(crate) ctx: FunctionBuilderContext,
    pub(crate) stats: Stats,
    pub(crate) visibility: Visibility,
}

impl Backend {
    pub(crate) fn new(visibility: Visibility) -> Result<Backend, String> {
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
        for helper in helpers::Helper::ALL {
            builder.symbol(helper.name(), helper.address());
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
    pub(crate) fn compile(
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
    pub(crate) fn compile_boxed(
        &mut self,
        code: &CodeRt,
        arg_types: &[Ty],
    ) -> Result<Version, String> {
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

/// The interpreter's feedback for `code`, per instruction.
pub(crate) fn feedback_of(code: &CodeRt) -> Vec<u16> {
    code.feedback.iter().map(std::cell::Cell::get).collect()
}

/// The number a global holds, for compiled code that reads it as a
/// constant; `read` collects the (name, object) guards this needs.
pub(crate) fn global_number(
    globals: &Value,
    name: &str,
    read: &mut Vec<(String, Value)>,
) -> Option<ConstVal> {
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
    pub(crate) fn adopt(&mut self, callees: &[Compiled], read: Vec<(String, Value)>) {
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
pub(crate) type Compiled = (String, Value, Rc<Version>);

impl Backend {
    /// A direct call of the global `name` with arguments of types `tys` from
    /// compiled code (of the function `caller`): compiles the callee and
    /// returns its result type and out-buffer size, or None when the call
    /// must not be direct.
    pub(crate) fn resolve(
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
    pub(crate) fn compile_osr(
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
                    specialize::Entry {
                        pc,
                        state: entry.clone(),
                        self_ret: Ty::Int,
                        osr: true,
                        ranges: steps,
                        region: Some((outer, end)),
                    },
                    specialize::Env {
                        opts,
                        callees,
                        global_const,
                    },
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
    pub(crate) fn finish(
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
            float_payload: egret_runtime::object::layout::payload_offset::<
                egret_runtime::objects::float::FloatData,
            >(),
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
        self.stats
            .compiled_names
            .insert(code.code.qualname.to_string());
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

/// A constant of a code object as compiled code sees it (any value: the
/// typed rules use numbers only).
pub(crate) fn const_val(v: &Value) -> Option<ConstVal> {
    match deopt::type_of(v) {
        Some(Ty::Int) => v.as_small().map(ConstVal::Int),
        Some(Ty::Bool) => unbox(Ty::Bool, v).map(|b| ConstVal::Bool(b != 0)),
        _ => Some(ConstVal::Obj(v.to_bits())),
    }
}
