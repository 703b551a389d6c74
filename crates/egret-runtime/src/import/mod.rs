//! The import system: `import`, `from ... import`, relative imports,
//! packages, `sys.modules` and `sys.path`.

pub mod code_cache;

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::CodeRt;
use crate::objects::module::{ModuleData, new_module};
use crate::objects::str::new_str;
use crate::vm::{PyResult, Vm};

fn module_dict(m: &Value) -> Option<Value> {
    m.downcast::<ModuleData>().map(|d| d.dict.clone())
}

fn dict_get(d: &Value, k: &str) -> Option<Value> {
    d.downcast::<DictData>()
        .and_then(|d| d.table.borrow().get_str(k))
}

/// What egret's search found for a module name.
enum Located {
    /// A native module (or `_io`, or a `_frozen_importlib*` alias).
    Native,
    /// A `.py` file; a package's `__init__.py` with its directory.
    Source {
        file: String,
        package_dir: Option<String>,
    },
    /// A spec from the importer of a sys.path entry that is not a directory.
    Spec(Value),
    /// A directory without `__init__.py`.
    Namespace(String),
}

/// importlib's functions that make module specs (see `install_spec_makers`).
pub struct SpecMakers {
    module_spec: Value,
    builtin_importer: Value,
    from_file: Value,
}

/// The importlib module a `_frozen_importlib*` name stands for.
fn frozen_importlib_alias(name: &str) -> Option<&'static str> {
    match name {
        "_frozen_importlib" => Some("importlib._bootstrap"),
        "_frozen_importlib_external" => Some("importlib._bootstrap_external"),
        _ => None,
    }
}

impl Vm {
    fn sys_modules_get(&self, name: &str) -> Option<Value> {
        dict_get(&self.modules, name)
    }

    /// Resolves a relative module name against the importing module.
    fn resolve_name(&mut self, name: &str, globals: &Value, level: i64) -> PyResult<String> {
        if level == 0 {
            return Ok(name.to_string());
        }
        let package = match dict_get(globals, "__package__").filter(|p| !p.is(&types().none)) {
            Some(p) => str_of(&p),
            None => {
                let modname = dict_get(globals, "__name__")
                    .map(|n| str_of(&n))
                    .unwrap_or_default();
                if dict_get(globals, "__path__").is_some() {
                    modname
                } else {
                    modname
                        .rsplit_once('.')
                        .map(|(p, _)| p.to_string())
                        .unwrap_or_default()
                }
            }
        };
        if package.is_empty() {
            return Err(self.err(
                &types().exc.import_error,
                "attempted relative import with no known parent package",
            ));
        }
        let mut parts: Vec<&str> = package.split('.').collect();
        for _ in 1..level {
            if parts.pop().is_none() || parts.is_empty() {
                return Err(self.err(
                    &types().exc.import_error,
                    "attempted relative import beyond top-level package",
                ));
            }
        }
        let base = parts.join(".");
        Ok(if name.is_empty() {
            base
        } else {
            format!("{base}.{name}")
        })
    }

    /// `importlib.import_module(name)` for native code: the module itself,
    /// also for dotted names.
    pub fn import_module(&mut self, name: &str) -> PyResult {
        let globals = new_dict(DictTable::new());
        let none = types().none.clone();
        self.import_name(name, &globals, &none, 0)?;
        self.sys_modules_get(name).ok_or_else(|| {
            self.err(
                &types().exc.import_error,
                format!("import of {name} failed"),
            )
        })
    }

    /// `IMPORT_NAME`.
    pub fn import_name(
        &mut self,
        name: &str,
        globals: &Value,
        fromlist: &Value,
        level: i64,
    ) -> PyResult {
        let full = self.resolve_name(name, globals, level)?;
        if full.is_empty() {
            return Err(self.value_error("Empty module name"));
        }
        let mut module = None;
        let mut prefix = String::new();
        for part in full.split('.') {
            let parent = if prefix.is_empty() {
                None
            } else {
                Some(prefix.clone())
            };
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            let m = self.import_one(&prefix, parent.as_deref())?;
            module = Some(m);
        }
        let last = module.expect("at least one component");
        let has_fromlist = !fromlist.is(&types().none) && self.truthy(fromlist)?;
        if has_fromlist {
            return Ok(last);
        }
        if level > 0 && name.is_empty() {
            return Ok(last);
        }
        // `import a.b.c` binds `a`.
        let top = if level == 0 {
            full.split('.').next().unwrap_or(&full).to_string()
        } else {
            let base_len = full.len() - name.len();
            let first = name.split('.').next().unwrap_or(name);
            format!("{}{first}", &full[..base_len])
        };
        Ok(self.sys_modules_get(&top).unwrap_or(last))
    }

    fn import_one(&mut self, name: &str, parent: Option<&str>) -> PyResult {
        if let Some(m) = self.sys_modules_get(name) {
            // None in sys.modules blocks the import (test.support's
            // import_fresh_module does this).
            if m.is(&types().none) {
                return Err(self.err(
                    &types().exc.module_not_found_error,
                    format!("import of {name} halted; None in sys.modules"),
                ));
            }
            return Ok(m);
        }
        // The parent package's __path__, or None for a top-level module.
        let parent_path = match parent {
            Some(p) => {
                let pm = self.sys_modules_get(p).expect("parent imported first");
                // A module subclass may define __path__ on its class (six's
                // lazy `moves` modules do).
                let path = match module_dict(&pm).and_then(|d| dict_get(&d, "__path__")) {
                    Some(path) => Some(path),
                    None => self.lookup_attr(&pm, "__path__")?,
                };
                match path {
                    Some(path) => Some(path),
                    None => {
                        return Err(self.err(
                            &types().exc.module_not_found_error,
                            format!("No module named '{name}'; '{p}' is not a package"),
                        ));
                    }
                }
            }
            None => None,
        };
        // sys.meta_path in order: egret's own finder searches natively;
        // finders a program (or a `.pth` file) added are asked for a spec.
        let meta_path = self.getattr_str(&self.sys.clone(), "meta_path")?;
        let finders = self.iterate(&meta_path)?;
        let only_ours = finders.len() == 1 && finders[0].is_exact(&types().egret_finder);
        if only_ours {
            if let Some(m) = self.find_and_load(name, parent, parent_path.as_ref())? {
                return Ok(m);
            }
        } else {
            for f in &finders {
                if f.is_exact(&types().egret_finder) {
                    if let Some(m) = self.find_and_load(name, parent, parent_path.as_ref())? {
                        return Ok(m);
                    }
                    continue;
                }
                let path_arg = parent_path.clone().unwrap_or_else(|| self.none());
                let spec =
                    self.call_method(f, "find_spec", &[new_str(name), path_arg, self.none()])?;
                if !spec.is(&types().none) {
                    let m = self.load_spec(name, &spec)?;
                    self.bind_in_parent(name, parent, &m);
                    return Ok(m);
                }
            }
        }
        if self.options.stdlib.is_none() && parent.is_none() {
            return Err(self.err(
                &types().exc.module_not_found_error,
                format!(
                    "No module named '{name}' (egret has no CPython 3.11 standard library \
                     to import from: set EGRET_STDLIB or pass -X stdlib=DIR, the directory \
                     printed by python3.11 -c \"import sysconfig; print(sysconfig.get_paths()['stdlib'])\")"
                ),
            ));
        }
        let e = self.err(
            &types().exc.module_not_found_error,
            format!("No module named '{name}'"),
        );
        self.setattr_str(&e.exc, "name", new_str(name))?;
        Err(e)
    }

    /// Loads a module from the spec a finder returned, as importlib does
    /// (`importlib._bootstrap._load`: module from the spec, registered in
    /// sys.modules, executed by its loader).
    fn load_spec(&mut self, name: &str, spec: &Value) -> PyResult {
        let bootstrap = self.import_module("importlib._bootstrap")?;
        let load = self.getattr_str(&bootstrap, "_load")?;
        self.call(&load, std::slice::from_ref(spec), &[])?;
        Ok(self.sys_modules_get(name).unwrap_or_else(|| self.none()))
    }

    /// `_frozen_importlib[_external]`: CPython's frozen copies of
    /// `importlib._bootstrap[_external]` (zipimport imports them by those
    /// names); egret's are the modules `importlib` set up. While `importlib`
    /// itself is being imported, they are not found, so that it sets its
    /// modules up from source.
    fn import_frozen_alias(&mut self, name: &str, target: &str) -> PyResult<Option<Value>> {
        match self.sys_modules_get("importlib") {
            Some(pkg)
                if module_dict(&pkg)
                    .is_some_and(|d| dict_get(&d, "_bootstrap_external").is_none()) =>
            {
                return Ok(None);
            }
            Some(_) => {}
            None => {
                self.import_module("importlib")?;
            }
        }
        let m = self.import_module(target)?;
        self.register_module(name, m.clone());
        Ok(Some(m))
    }

    /// The importer for a `sys.path` entry that is not a directory (a zip
    /// archive, or a path inside one): `sys.path_importer_cache`, else the
    /// first of `sys.path_hooks` (then `zipimport.zipimporter`) that accepts
    /// the entry, remembered in the cache (None when none does).
    fn path_entry_importer(&mut self, entry: &str) -> PyResult<Option<Value>> {
        let cache = self.getattr_str(&self.sys.clone(), "path_importer_cache")?;
        let key = new_str(entry);
        if let Some(d) = cache.downcast::<DictData>()
            && let Some(found) = d.table.borrow().get_str(entry)
        {
            return Ok((!found.is(&types().none)).then_some(found));
        }
        // None while the hooks run: an import they make does not come back
        // here for the same entry.
        self.setitem(&cache, key.clone(), self.none())?;
        let hooks_list = self.getattr_str(&self.sys.clone(), "path_hooks")?;
        let mut hooks = self.iterate(&hooks_list)?;
        // Only an existing file can be (or be inside) a zip archive.
        let archive = std::path::Path::new(entry)
            .ancestors()
            .find(|p| p.is_file() || p.is_dir())
            .is_some_and(|p| p.is_file());
        if archive {
            let zipimport = self.import_module("zipimport")?;
            hooks.push(self.getattr_str(&zipimport, "zipimporter")?);
        }
        let mut importer = self.none();
        for hook in &hooks {
            match self.call(hook, std::slice::from_ref(&key), &[]) {
                Ok(i) => {
                    importer = i;
                    break;
                }
                Err(e) if e.matches(&types().exc.import_error) => continue,
                Err(e) => return Err(e),
            }
        }
        self.setitem(&cache, key, importer.clone())?;
        Ok((!importer.is(&types().none)).then_some(importer))
    }

    /// Where egret's own search finds `name`: native modules, then `.py`
    /// modules and packages on `parent_path` (the parent's `__path__`, else
    /// sys.path) or a spec from the importer of a zip entry, then namespace
    /// packages. None when it is not found.
    fn locate(&mut self, name: &str, parent_path: Option<&Value>) -> PyResult<Option<Located>> {
        if crate::modules::is_native(name) || (name == "_io" && self.options.stdlib.is_some()) {
            return Ok(Some(Located::Native));
        }
        if frozen_importlib_alias(name).is_some() {
            return Ok(Some(Located::Native));
        }
        let short = name.rsplit('.').next().unwrap_or(name);
        let search: Vec<String> = match parent_path {
            Some(path) => self.iterate(path)?.iter().map(str_of).collect(),
            None => {
                let path = self.getattr_str(&self.sys.clone(), "path")?;
                self.iterate(&path)?.iter().map(str_of).collect()
            }
        };
        for dir in &search {
            let base = if dir.is_empty() {
                ".".to_string()
            } else {
                dir.clone()
            };
            if !std::path::Path::new(&base).is_dir() {
                if let Some(importer) = self.path_entry_importer(dir)? {
                    let spec = self.call_method(&importer, "find_spec", &[new_str(name)])?;
                    if !spec.is(&types().none) {
                        return Ok(Some(Located::Spec(spec)));
                    }
                }
                continue;
            }
            let pkg_init = format!("{base}/{short}/__init__.py");
            if std::path::Path::new(&pkg_init).is_file() {
                let dir = format!("{base}/{short}");
                return Ok(Some(Located::Source {
                    file: pkg_init,
                    package_dir: Some(dir),
                }));
            }
            let file = format!("{base}/{short}.py");
            if std::path::Path::new(&file).is_file() {
                return Ok(Some(Located::Source {
                    file,
                    package_dir: None,
                }));
            }
        }
        // Namespace package: a directory without __init__.py.
        for dir in &search {
            let base = if dir.is_empty() { "." } else { dir.as_str() };
            let d = format!("{base}/{short}");
            if std::path::Path::new(&d).is_dir() {
                return Ok(Some(Located::Namespace(d)));
            }
        }
        Ok(None)
    }

    /// egret's own search (`locate`), then the load. None when not found.
    fn find_and_load(
        &mut self,
        name: &str,
        parent: Option<&str>,
        parent_path: Option<&Value>,
    ) -> PyResult<Option<Value>> {
        let Some(found) = self.locate(name, parent_path)? else {
            return Ok(None);
        };
        let m = match found {
            Located::Native => {
                if let Some(target) = frozen_importlib_alias(name) {
                    return self.import_frozen_alias(name, target);
                }
                let m = if name == "_io" {
                    crate::modules::io::load(self)?
                } else {
                    match crate::modules::native_module(self, name) {
                        Some(m) => m,
                        None => return Ok(None),
                    }
                };
                self.set_spec(name, &m, &Located::Native)?;
                self.register_module(name, m.clone());
                return Ok(Some(m));
            }
            Located::Spec(spec) => self.load_spec(name, &spec)?,
            Located::Source { file, package_dir } => {
                return self
                    .load_source_module(name, &file, package_dir.as_deref(), parent)
                    .map(Some);
            }
            Located::Namespace(d) => {
                let ns = new_dict(DictTable::new());
                let m = new_module(name, ns.clone());
                if let Some(t) = ns.downcast::<DictData>() {
                    let mut t = t.table.borrow_mut();
                    t.set_str(
                        "__path__",
                        crate::objects::list::new_list(vec![new_str(&d)]),
                    );
                    t.set_str("__package__", new_str(name));
                    t.set_str("__file__", types().none.clone());
                }
                self.set_spec(name, &m, &Located::Namespace(d))?;
                self.register_module(name, m.clone());
                m
            }
        };
        self.bind_in_parent(name, parent, &m);
        Ok(Some(m))
    }

    /// `sys.meta_path[0].find_spec(name, path)`: where egret's search finds
    /// the module, as a spec, without importing it. None when not found.
    pub fn find_spec(&mut self, name: &str, path: Option<&Value>) -> PyResult {
        let parent_path = match (path, name.rsplit_once('.')) {
            (Some(p), _) if !p.is(&types().none) => Some(p.clone()),
            (_, Some((parent, _))) => {
                let pm = self.import_module(parent)?;
                self.lookup_attr(&pm, "__path__")?
            }
            _ => None,
        };
        match self.locate(name, parent_path.as_ref())? {
            None => Ok(self.none()),
            Some(Located::Spec(spec)) => Ok(spec),
            Some(found) => {
                self.ensure_spec_makers()?;
                self.make_spec(name, &found)
            }
        }
    }

    /// importlib's spec machinery, loaded on first need.
    fn ensure_spec_makers(&mut self) -> PyResult<()> {
        if self.spec_makers.is_none() {
            self.import_module("importlib")?;
            if self.spec_makers.is_none() {
                self.install_spec_makers()?;
            }
        }
        Ok(())
    }

    /// Once `importlib` is imported, modules get specs as in CPython: those
    /// already imported now, the others when they load.
    fn install_spec_makers(&mut self) -> PyResult<()> {
        let bootstrap = self.import_module("importlib._bootstrap")?;
        let external = self.import_module("importlib._bootstrap_external")?;
        // `.pyc` files hold egret's code objects, readable only by the same
        // build: a magic number of this build makes importlib reject (and
        // recompile) those another build wrote.
        let magic = code_cache::pyc_magic();
        self.setattr_str(
            &external,
            "MAGIC_NUMBER",
            crate::objects::bytes::new_bytes(magic.to_vec()),
        )?;
        self.setattr_str(
            &external,
            "_RAW_MAGIC_NUMBER",
            crate::objects::int::from_i64(i64::from(u32::from_le_bytes(magic))),
        )?;
        // sys.path_hooks as CPython fills it, so that importlib's PathFinder
        // (and pkgutil) find what egret's import finds.
        let hooks = self.getattr_str(&self.sys.clone(), "path_hooks")?;
        if self.iterate(&hooks)?.is_empty() {
            let zipimport = self.import_module("zipimport")?;
            let zip_hook = self.getattr_str(&zipimport, "zipimporter")?;
            let get_loaders = self.getattr_str(&external, "_get_supported_file_loaders")?;
            let loaders = self.call(&get_loaders, &[], &[])?;
            let loaders = self.iterate(&loaders)?;
            let file_finder = self.getattr_str(&external, "FileFinder")?;
            let path_hook = self.getattr_str(&file_finder, "path_hook")?;
            let file_hook = self.call(&path_hook, &loaders, &[])?;
            self.call_method(&hooks, "append", &[zip_hook])?;
            self.call_method(&hooks, "append", &[file_hook])?;
        }
        self.spec_makers = Some(SpecMakers {
            module_spec: self.getattr_str(&bootstrap, "ModuleSpec")?,
            builtin_importer: self.getattr_str(&bootstrap, "BuiltinImporter")?,
            from_file: self.getattr_str(&external, "spec_from_file_location")?,
        });
        let modules = self
            .modules
            .downcast::<DictData>()
            .map(|d| d.table.borrow().items());
        for (k, m) in modules.unwrap_or_default() {
            let name = str_of(&k);
            let Some(d) = module_dict(&m) else { continue };
            if !dict_get(&d, "__spec__").is_none_or(|s| s.is(&types().none)) || name == "__main__" {
                continue;
            }
            let file = dict_get(&d, "__file__").filter(|f| f.kind() == Kind::Str);
            let found = match file {
                Some(f) => {
                    let path = dict_get(&d, "__path__")
                        .and_then(|p| crate::objects::list::seq_items(&p).first().map(str_of));
                    Located::Source {
                        file: str_of(&f),
                        package_dir: path,
                    }
                }
                None => match dict_get(&d, "__path__") {
                    Some(p) => Located::Namespace(
                        crate::objects::list::seq_items(&p)
                            .first()
                            .map(str_of)
                            .unwrap_or_default(),
                    ),
                    None => Located::Native,
                },
            };
            self.set_spec(&name, &m, &found)?;
        }
        Ok(())
    }

    /// The spec CPython gives a module found this way.
    fn make_spec(&mut self, name: &str, found: &Located) -> PyResult {
        let Some(sm) = &self.spec_makers else {
            return Ok(self.none());
        };
        let (module_spec, builtin, from_file) = (
            sm.module_spec.clone(),
            sm.builtin_importer.clone(),
            sm.from_file.clone(),
        );
        match found {
            Located::Native => self.call(
                &module_spec,
                &[new_str(name), builtin],
                &[(new_str("origin"), new_str("built-in"))],
            ),
            Located::Source { file, package_dir } => {
                let mut kw = Vec::new();
                if let Some(d) = package_dir {
                    kw.push((
                        new_str("submodule_search_locations"),
                        crate::objects::list::new_list(vec![new_str(d)]),
                    ));
                }
                self.call(&from_file, &[new_str(name), new_str(file)], &kw)
            }
            Located::Namespace(d) => {
                let spec = self.call(
                    &module_spec,
                    &[new_str(name), self.none()],
                    &[(new_str("is_package"), types().true_.clone())],
                )?;
                let path = crate::objects::list::new_list(vec![new_str(d)]);
                self.setattr_str(&spec, "submodule_search_locations", path)?;
                Ok(spec)
            }
            Located::Spec(spec) => Ok(spec.clone()),
        }
    }

    /// Sets `__spec__` and `__loader__` of a module egret loaded (once
    /// importlib is there; until then they stay None).
    fn set_spec(&mut self, name: &str, m: &Value, found: &Located) -> PyResult<()> {
        if self.spec_makers.is_none() {
            return Ok(());
        }
        let spec = self.make_spec(name, found)?;
        let loader = self.getattr_str(&spec, "loader")?;
        if let Some(d) = module_dict(m)
            && let Some(dd) = d.downcast::<DictData>()
        {
            let mut t = dd.table.borrow_mut();
            t.set_str("__spec__", spec);
            t.set_str("__loader__", loader);
        }
        Ok(())
    }

    fn bind_in_parent(&mut self, name: &str, parent: Option<&str>, m: &Value) {
        if let Some(p) = parent
            && let Some(pm) = self.sys_modules_get(p)
            && let Some(d) = module_dict(&pm)
            && let Some(dd) = d.downcast::<DictData>()
        {
            let short = name.rsplit('.').next().unwrap_or(name);
            dd.table.borrow_mut().set_str(short, m.clone());
        }
    }

    /// Compiles and runs a `.py` file as module `name`.
    pub fn load_source_module(
        &mut self,
        name: &str,
        path: &str,
        pkg_dir: Option<&str>,
        parent: Option<&str>,
    ) -> PyResult {
        let bytes = std::fs::read(path)
            .map_err(|e| self.err(&types().exc.import_error, format!("{e}: {path}")))?;
        let code = match crate::import::code_cache::load(path, &bytes) {
            Some(c) => c,
            None => {
                let src = match self.decode_source(&bytes, path) {
                    Ok(s) => s,
                    Err(e) => return Err(crate::exceptions_syntax(self, &e)),
                };
                let code = match egret_compiler::compile_module(&src, path) {
                    Ok(c) => c,
                    Err(e) => return Err(crate::exceptions_syntax(self, &e)),
                };
                crate::import::code_cache::store(path, &bytes, &code);
                code
            }
        };
        let ns = new_dict(DictTable::new());
        let m = new_module(name, ns.clone());
        {
            let d = ns.downcast::<DictData>().expect("dict");
            let mut t = d.table.borrow_mut();
            t.set_str("__file__", new_str(path));
            t.set_str("__builtins__", self.builtins.clone());
            match pkg_dir {
                Some(dir) => {
                    t.set_str(
                        "__path__",
                        crate::objects::list::new_list(vec![new_str(dir)]),
                    );
                    t.set_str("__package__", new_str(name));
                }
                None => {
                    let pkg = name.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
                    t.set_str("__package__", new_str(pkg));
                }
            }
            t.set_str("__spec__", types().none.clone());
            t.set_str("__loader__", types().none.clone());
        }
        let found = Located::Source {
            file: path.to_string(),
            package_dir: pkg_dir.map(str::to_string),
        };
        self.set_spec(name, &m, &found)?;
        self.register_module(name, m.clone());
        let rt = CodeRt::new(self, code);
        if let Err(e) = self.run_code(rt, ns, None) {
            if let Some(d) = self.modules.downcast::<DictData>() {
                d.table.borrow_mut().del_str(name);
            }
            return Err(e);
        }
        if name == "importlib" && self.spec_makers.is_none() {
            self.install_spec_makers()?;
        }
        self.bind_in_parent(name, parent, &m);
        // The module may have replaced itself in sys.modules.
        Ok(self.sys_modules_get(name).unwrap_or(m))
    }

    /// `IMPORT_FROM`.
    pub fn import_from(&mut self, m: &Value, name: &Value) -> PyResult {
        match self.getattr(m, name) {
            Ok(v) => Ok(v),
            Err(e) if e.matches(&types().exc.attribute_error) => {
                let n = str_of(name);
                let modname = module_dict(m)
                    .and_then(|d| dict_get(&d, "__name__"))
                    .map(|v| str_of(&v))
                    .unwrap_or_default();
                let full = format!("{modname}.{n}");
                if m.kind() == Kind::Module
                    && module_dict(m)
                        .and_then(|d| dict_get(&d, "__path__"))
                        .is_some()
                {
                    match self.import_one(&full, Some(&modname)) {
                        Ok(sub) => return Ok(sub),
                        // Only the submodule itself missing means "cannot
                        // import name"; a module it imports is another error.
                        Err(e2)
                            if e2.matches(&types().exc.module_not_found_error)
                                && crate::objects::exceptions::exception_message(&e2.exc)
                                    .contains(&format!("'{full}'")) => {}
                        Err(e2) => return Err(e2),
                    }
                }
                let file = module_dict(m)
                    .and_then(|d| dict_get(&d, "__file__"))
                    .filter(|f| !f.is(&types().none));
                let loc = match file {
                    Some(f) => format!(" ({})", str_of(&f)),
                    None => " (unknown location)".to_string(),
                };
                Err(self.err(
                    &types().exc.import_error,
                    format!("cannot import name '{n}' from '{modname}'{loc}"),
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// `from m import *`.
    pub fn import_star(&mut self, m: &Value, target: &Value) -> PyResult<()> {
        let Some(d) = module_dict(m) else {
            return Err(self.type_error("import * from a non-module"));
        };
        let names: Vec<Value> = match dict_get(&d, "__all__") {
            Some(all) => self.iterate(&all)?,
            None => d
                .downcast::<DictData>()
                .map(|dd| dd.table.borrow().keys())
                .unwrap_or_default()
                .into_iter()
                .filter(|k| !str_of(k).starts_with('_'))
                .collect(),
        };
        for n in names {
            let v = self.getattr(m, &n)?;
            self.setitem(target, n, v)?;
        }
        Ok(())
    }
}
