//! The version cache: the compiled versions of a code object by argument
//! types, and the guards (global names, builtins) that invalidate them.

use super::*;

/// Specializations kept per code object (Psyco's per-type versions).
pub(crate) const MAX_VERSIONS: usize = 4;

/// One compiled specialization.
pub(crate) struct Version {
    /// The globals' and builtins' content stamps, and the function, when
    /// the guards last held.
    pub(crate) guards_held: std::cell::Cell<Option<(u64, u64, u64)>>,
    /// Calls that left through an exit, and calls that returned.
    pub(crate) deopts: std::cell::Cell<u32>,
    pub(crate) returns: std::cell::Cell<u32>,
    pub(crate) plan: Plan,
    pub(crate) exits: Vec<ExitMap>,
    /// Where a generic plan writes its locals before calls (see
    /// `helpers::LiveView`).
    pub(crate) spills: Vec<deopt::SpillPoint>,
    pub(crate) entry: RawFn,
    pub(crate) words: usize,
    pub(crate) restarts: std::cell::Cell<u32>,
    pub(crate) id: cranelift_module::FuncId,
    /// Global names that must still mean these functions (called directly).
    pub(crate) guards: Vec<(String, Value)>,
    /// Whether this code or a callee iterates over the builtin `range`.
    pub(crate) uses_range: bool,
    /// Builtins this code or a callee computes inline (the global names
    /// must still mean them).
    pub(crate) builtins: Vec<&'static str>,
    /// The attribute caches the compiled code points to.
    pub(crate) _attr_sites: Box<[egret_runtime::protocols::attr::AttrSite]>,
}

/// The compiled code attached to one code object: its versions by argument types.
pub(crate) struct Specialized {
    pub(crate) code: Rc<CodeRt>,
    pub(crate) backend: Rc<RefCell<Backend>>,
    pub(crate) versions: RefCell<Vec<(Vec<Ty>, Option<Rc<Version>>)>>,
}

impl Specialized {
    /// Replaces the version for `types` by one that holds every local
    /// boxed, so that only exceptions (and instructions it does not
    /// compile) leave it.
    #[cold]
    #[inline(never)]
    pub(crate) fn widen(&self, types: &[Ty]) -> Option<Rc<Version>> {
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

    pub(crate) fn version(&self, types: &[Ty], globals: &Value) -> Option<Rc<Version>> {
        if let Some((_, v)) = self.versions.borrow().iter().find(|(t, _)| t == types) {
            return v.clone();
        }
        self.new_version(types, globals)
    }

    /// Compiles a version for `types` (out of `version`: see `left`).
    #[cold]
    #[inline(never)]
    pub(crate) fn new_version(&self, types: &[Ty], globals: &Value) -> Option<Rc<Version>> {
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

/// The content stamp of a dict (0 for anything else).
pub(crate) fn dict_stamp(d: &Value) -> u64 {
    d.downcast::<egret_runtime::objects::dict::DictData>()
        .map_or(0, |d| d.table.borrow().stamp)
}

impl Specialized {
    /// Whether every global name `version` relies on still means what it
    /// meant when it was compiled.
    #[inline(never)]
    pub(crate) fn guards_hold(
        &self,
        vm: &Vm,
        version: &Version,
        fd: &FunctionData,
        func: &Value,
    ) -> bool {
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
