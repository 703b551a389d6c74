//! Writing the objects that are not builtin values: classes and functions
//! by name (`save_global`, with `copyreg`'s extension codes and Python 2's
//! names), everything else through what its reduce function returns.

use super::opcodes::*;
use super::save::{BATCHSIZE, Saver, type_name};
use super::{copyreg_attr, deep_attribute, pickling_error};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::DictData;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm};
impl Saver<'_> {
    pub(super) fn save_type(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let t = types();
        for (ty, single) in [
            (&t.none_type, &t.none),
            (&t.ellipsis_type, &t.ellipsis),
            (&t.not_implemented_type, &t.not_implemented),
        ] {
            if obj.is(ty) {
                let rv = [t.type_.clone(), new_tuple(vec![single.clone()])];
                return self.save_reduce(vm, &rv, Some(obj));
            }
        }
        self.save_global(vm, obj, None)
    }

    /// The module a global lives in: its `__module__`, else the module in
    /// `sys.modules` that has it at `path`, else `__main__`.
    pub(super) fn whichmodule(vm: &mut Vm, obj: &Value, path: &str) -> PyResult<Value> {
        if let Some(m) = vm.lookup_attr(obj, "__module__")?
            && !m.is(&types().none)
        {
            return Ok(m);
        }
        let sys = vm.import_module("sys")?;
        let modules = vm.getattr_str(&sys, "modules")?;
        let items = match modules.downcast::<DictData>() {
            Some(d) => d.table.borrow().items(),
            None => Vec::new(),
        };
        for (name, module) in items {
            let Some(n) = as_str(&name) else { continue };
            if n == "__main__" || n == "__mp_main__" || module.is(&types().none) {
                continue;
            }
            match deep_attribute(vm, &module, path) {
                Ok((found, _)) if found.is(obj) => return Ok(name),
                Ok(_) => {}
                Err(e) if e.matches(&types().exc.attribute_error) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(new_str("__main__"))
    }

    pub(super) fn save_global(
        &mut self,
        vm: &mut Vm,
        obj: &Value,
        name: Option<&Value>,
    ) -> PyResult<()> {
        let global_name = match name {
            Some(n) => n.clone(),
            None => match vm.lookup_attr(obj, "__qualname__")? {
                Some(n) => n,
                None => vm.getattr_str(obj, "__name__")?,
            },
        };
        let Some(gname) = as_str(&global_name).map(str::to_string) else {
            return Err(vm.type_error(format!(
                "can't pickle global identifier of type {}",
                type_name(&global_name)
            )));
        };
        if gname.split('.').any(|p| p == "<locals>") {
            return Err(vm.attribute_error(format!(
                "Can't pickle local object {}",
                crate::objects::str::str_repr(&gname)
            )));
        }
        let module_name = Self::whichmodule(vm, obj, &gname)?;
        // Module names are interned in CPython (one object, memoized once
        // per pickle): so here.
        let module_name = match as_str(&module_name) {
            Some(m) if module_name.is_exact(&types().str_) => vm.intern(&std::rc::Rc::from(m)),
            _ => module_name,
        };
        let module = match as_str(&module_name) {
            Some(m) => {
                let m = m.to_string();
                vm.import_module(&m).ok()
            }
            None => None,
        };
        let Some(module) = module else {
            let (r, mr) = (vm.repr_string(obj)?, vm.repr_string(&module_name)?);
            return Err(pickling_error(
                vm,
                format!("Can't pickle {r}: import of module {mr} failed"),
            ));
        };
        let mname = as_str(&module_name).unwrap_or("").to_string();
        let (found, parent) = match deep_attribute(vm, &module, &gname) {
            Ok(x) => x,
            Err(_) => {
                let r = vm.repr_string(obj)?;
                return Err(pickling_error(
                    vm,
                    format!("Can't pickle {r}: attribute lookup {gname} on {mname} failed"),
                ));
            }
        };
        if !found.is(obj) {
            let r = vm.repr_string(obj)?;
            return Err(pickling_error(
                vm,
                format!("Can't pickle {r}: it's not the same object as {mname}.{gname}"),
            ));
        }
        if self.proto >= 2 {
            let registry = copyreg_attr(vm, "_extension_registry")?;
            let key = new_tuple(vec![module_name.clone(), global_name.clone()]);
            let code = match registry.downcast::<DictData>() {
                Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
                None => None,
            };
            if let Some(code) = code {
                let c = crate::objects::int::to_i64(&code).unwrap_or(0);
                if c <= 0 || c > 0x7fff_ffff {
                    let (r, cr) = (vm.repr_string(obj)?, vm.repr_string(&code)?);
                    return Err(pickling_error(
                        vm,
                        format!("Can't pickle {r}: extension code {cr} is out of range"),
                    ));
                }
                if c <= 0xff {
                    self.out.op_arg(EXT1, &[c as u8]);
                } else if c <= 0xffff {
                    self.out.op_arg(EXT2, &(c as u16).to_le_bytes());
                } else {
                    self.out.op_arg(EXT4, &(c as i32).to_le_bytes());
                }
                return Ok(());
            }
        }
        let lastname = gname.rsplit('.').next().unwrap_or(&gname).to_string();
        let at_top = parent.is(&module);
        let mut name_out = if at_top {
            lastname.clone()
        } else {
            gname.clone()
        };
        if self.proto >= 4 {
            self.save(vm, &module_name, false)?;
            let n = if at_top {
                new_str(&lastname)
            } else {
                global_name.clone()
            };
            self.save(vm, &n, false)?;
            self.out.op(STACK_GLOBAL);
        } else if !at_top {
            let builtins = vm.builtins.clone();
            let getattr = vm.getattr_str(&builtins, "getattr")?;
            let rv = [getattr, new_tuple(vec![parent, new_str(&lastname)])];
            self.save_reduce(vm, &rv, None)?;
        } else {
            let mut mod_out = mname.clone();
            if self.proto < 3 && self.fix_imports {
                let names = super::compat_attr(vm, "REVERSE_NAME_MAPPING")?;
                let key = new_tuple(vec![new_str(&mod_out), new_str(&name_out)]);
                let hit = match names.downcast::<DictData>() {
                    Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
                    None => None,
                };
                if let Some(item) = hit {
                    let pair = item
                        .downcast::<TupleData>()
                        .filter(|t| t.items.len() == 2)
                        .map(|t| t.items.to_vec());
                    let Some(pair) = pair else {
                        return Err(vm.runtime_error(format!(
                            "_compat_pickle.REVERSE_NAME_MAPPING values should be 2-tuples, not {}",
                            type_name(&item)
                        )));
                    };
                    match (as_str(&pair[0]), as_str(&pair[1])) {
                        (Some(m), Some(n)) => {
                            mod_out = m.to_string();
                            name_out = n.to_string();
                        }
                        _ => {
                            return Err(vm.runtime_error(format!(
                                "_compat_pickle.REVERSE_NAME_MAPPING values should be pairs of str, not ({}, {})",
                                type_name(&pair[0]),
                                type_name(&pair[1])
                            )));
                        }
                    }
                } else {
                    let imports = super::compat_attr(vm, "REVERSE_IMPORT_MAPPING")?;
                    let hit = match imports.downcast::<DictData>() {
                        Some(d) => crate::objects::dict::get(vm, &d.table, &new_str(&mod_out))?,
                        None => None,
                    };
                    if let Some(item) = hit {
                        match as_str(&item) {
                            Some(m) => mod_out = m.to_string(),
                            None => {
                                return Err(vm.runtime_error(format!(
                                    "_compat_pickle.REVERSE_IMPORT_MAPPING values should be strings, not {}",
                                    type_name(&item)
                                )));
                            }
                        }
                    }
                }
            }
            let ok = |s: &str| {
                if self.proto >= 3 {
                    !crate::objects::unicode::has_surrogates(s)
                } else {
                    s.is_ascii()
                }
            };
            if !ok(&mod_out) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "can't pickle module identifier '{mod_out}' using pickle protocol {}",
                        self.proto
                    ),
                ));
            }
            if !ok(&name_out) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "can't pickle global identifier '{name_out}' using pickle protocol {}",
                        self.proto
                    ),
                ));
            }
            self.out.op(GLOBAL);
            self.out.bytes(mod_out.as_bytes());
            self.out.bytes(b"\n");
            self.out.bytes(name_out.as_bytes());
            self.out.bytes(b"\n");
        }
        self.memo_put(obj);
        Ok(())
    }

    /// Writes what a `__reduce__` returned (2 to 6 items).
    pub(super) fn save_reduce(
        &mut self,
        vm: &mut Vm,
        rv: &[Value],
        obj: Option<&Value>,
    ) -> PyResult<()> {
        if !(2..=6).contains(&rv.len()) {
            return Err(pickling_error(
                vm,
                "tuple returned by __reduce__ must contain 2 through 6 elements",
            ));
        }
        let t = types();
        let none = |v: Option<&Value>| v.filter(|v| !v.is(&t.none)).cloned();
        let callable = &rv[0];
        let argtup = &rv[1];
        let state = none(rv.get(2));
        let listitems = none(rv.get(3));
        let dictitems = none(rv.get(4));
        let state_setter = none(rv.get(5));
        if !crate::builtins::is_callable(callable) {
            return Err(pickling_error(
                vm,
                "first item of the tuple returned by __reduce__ must be callable",
            ));
        }
        let Some(args) = argtup.downcast::<TupleData>().map(|t| t.items.to_vec()) else {
            return Err(pickling_error(
                vm,
                "second item of the tuple returned by __reduce__ must be a tuple",
            ));
        };
        let is_iter = |v: &Value| v.type_data().lookup_static("__next__").is_some();
        if let Some(l) = &listitems
            && !is_iter(l)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "fourth element of the tuple returned by __reduce__ must be an iterator, not {}",
                    type_name(l)
                ),
            ));
        }
        if let Some(d) = &dictitems
            && !is_iter(d)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "fifth element of the tuple returned by __reduce__ must be an iterator, not {}",
                    type_name(d)
                ),
            ));
        }
        if let Some(s) = &state_setter
            && !crate::builtins::is_callable(s)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "sixth element of the tuple returned by __reduce__ must be a function, not {}",
                    type_name(s)
                ),
            ));
        }
        let (mut newobj, mut newobj_ex) = (false, false);
        if self.proto >= 2
            && let Some(name) = vm.lookup_attr(callable, "__name__")?
        {
            match as_str(&name) {
                Some("__newobj_ex__") => newobj_ex = true,
                Some("__newobj__") => newobj = true,
                _ => {}
            }
        }
        if let Some(o) = obj {
            self.fast_enter(vm, o)?;
        }
        if newobj_ex {
            if args.len() != 3 {
                return Err(pickling_error(
                    vm,
                    format!(
                        "length of the NEWOBJ_EX argument tuple must be exactly 3, not {}",
                        args.len()
                    ),
                ));
            }
            let (cls, cargs, kwargs) = (&args[0], &args[1], &args[2]);
            if !crate::object::types::is_type(cls) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "first item from NEWOBJ_EX argument tuple must be a class, not {}",
                        type_name(cls)
                    ),
                ));
            }
            if let Some(o) = obj {
                let oc = vm.getattr_str(o, "__class__")?;
                if !oc.is(cls) {
                    return Err(pickling_error(
                        vm,
                        "first item from NEWOBJ_EX argument tuple must be the class of the object",
                    ));
                }
            }
            if cargs.kind() != Kind::Tuple {
                return Err(pickling_error(
                    vm,
                    format!(
                        "second item from NEWOBJ_EX argument tuple must be a tuple, not {}",
                        type_name(cargs)
                    ),
                ));
            }
            if kwargs.kind() != Kind::Dict {
                return Err(pickling_error(
                    vm,
                    format!(
                        "third item from NEWOBJ_EX argument tuple must be a dict, not {}",
                        type_name(kwargs)
                    ),
                ));
            }
            if self.proto >= 4 {
                self.save(vm, cls, false)?;
                self.save(vm, cargs, false)?;
                self.save(vm, kwargs, false)?;
                self.out.op(NEWOBJ_EX);
            } else {
                let functools = vm.import_module("functools")?;
                let partial = vm.getattr_str(&functools, "partial")?;
                let new = vm.getattr_str(cls, "__new__")?;
                let mut pargs = vec![new, cls.clone()];
                pargs.extend(
                    cargs
                        .downcast::<TupleData>()
                        .map(|t| t.items.to_vec())
                        .unwrap_or_default(),
                );
                let kw: Vec<(Value, Value)> = kwargs
                    .downcast::<DictData>()
                    .map(|d| d.table.borrow().items())
                    .unwrap_or_default();
                let func = vm.call(&partial, &pargs, &kw)?;
                self.save(vm, &func, false)?;
                self.save(vm, &new_tuple(vec![]), false)?;
                self.out.op(REDUCE);
            }
        } else if newobj {
            let Some(cls) = args.first() else {
                return Err(pickling_error(vm, "__newobj__ arglist is empty"));
            };
            if !crate::object::types::is_type(cls) {
                return Err(pickling_error(
                    vm,
                    "args[0] from __newobj__ args is not a type",
                ));
            }
            if let Some(o) = obj {
                let oc = vm.getattr_str(o, "__class__")?;
                if !oc.is(cls) {
                    return Err(pickling_error(
                        vm,
                        "args[0] from __newobj__ args has the wrong class",
                    ));
                }
            }
            self.save(vm, cls, false)?;
            self.save(vm, &new_tuple(args[1..].to_vec()), false)?;
            self.out.op(NEWOBJ);
        } else {
            self.save(vm, callable, false)?;
            self.save(vm, argtup, false)?;
            self.out.op(REDUCE);
        }
        if let Some(o) = obj {
            if let Some(idx) = self.memo_index(o) {
                self.out.op(POP);
                self.memo_get(idx);
            } else {
                self.memo_put(o);
            }
        }
        if let Some(l) = listitems {
            self.batch_list(vm, &l)?;
        }
        if let Some(d) = dictitems {
            self.batch_dict(vm, &d)?;
        }
        if let Some(s) = state {
            match state_setter {
                None => {
                    self.save(vm, &s, false)?;
                    self.out.op(BUILD);
                }
                Some(setter) => {
                    self.save(vm, &setter, false)?;
                    if let Some(o) = obj {
                        self.save(vm, o, false)?;
                    }
                    self.save(vm, &s, false)?;
                    self.out.op(TUPLE2);
                    self.out.op(REDUCE);
                    self.out.op(POP);
                }
            }
        }
        if let Some(o) = obj {
            self.fast_leave(o);
        }
        Ok(())
    }

    /// The items of a reduce value's list iterator.
    pub(super) fn batch_list(&mut self, vm: &mut Vm, it: &Value) -> PyResult<()> {
        if !self.bin {
            while let Some(x) = vm.next(it)? {
                self.save(vm, &x, false)?;
                self.out.op(APPEND);
            }
            return Ok(());
        }
        loop {
            let Some(first) = vm.next(it)? else {
                return Ok(());
            };
            let Some(second) = vm.next(it)? else {
                self.save(vm, &first, false)?;
                self.out.op(APPEND);
                return Ok(());
            };
            self.out.op(MARK);
            self.save(vm, &first, false)?;
            let mut n = 1;
            let mut cur = Some(second);
            while let Some(x) = cur {
                self.save(vm, &x, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                cur = vm.next(it)?;
            }
            self.out.op(APPENDS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }

    /// A (key, value) pair from a reduce value's dict iterator.
    pub(super) fn pair(vm: &Vm, item: &Value) -> PyResult<(Value, Value)> {
        match item.downcast::<TupleData>() {
            Some(t) if t.items.len() == 2 => Ok((t.items[0].clone(), t.items[1].clone())),
            _ => Err(vm.type_error("dict items iterator must return 2-tuples")),
        }
    }

    /// The items of a reduce value's dict iterator.
    pub(super) fn batch_dict(&mut self, vm: &mut Vm, it: &Value) -> PyResult<()> {
        if !self.bin {
            while let Some(item) = vm.next(it)? {
                let (k, v) = Self::pair(vm, &item)?;
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
            }
            return Ok(());
        }
        loop {
            let Some(first) = vm.next(it)? else {
                return Ok(());
            };
            let (k, v) = Self::pair(vm, &first)?;
            let Some(second) = vm.next(it)? else {
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
                return Ok(());
            };
            self.out.op(MARK);
            self.save(vm, &k, false)?;
            self.save(vm, &v, false)?;
            let mut n = 1;
            let mut cur = Some(second);
            while let Some(item) = cur {
                let (k, v) = Self::pair(vm, &item)?;
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                cur = vm.next(it)?;
            }
            self.out.op(SETITEMS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }
}
