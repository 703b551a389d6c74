//! Calling: argument binding with CPython's error messages, calls of every
//! callable kind, class instantiation and `__build_class__`.

use egret_bytecode::flags;

use crate::interp::frame::{Exit, Frame};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::{BuiltinFunctionData, FunctionData, MethodData};
use crate::objects::str::StrData;
use crate::objects::tuple::TupleData;
use crate::vm::{PyErr, PyResult, Vm};

fn name_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A function's qualified name, rendered only when an error message needs it.
struct QualName<'a>(&'a std::cell::RefCell<Value>);

impl std::fmt::Display for QualName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::interp::str_of(&self.0.borrow()))
    }
}

/// A bare instance of `ty`, a class whose instances are `Kind::Object`
/// (what `object.__new__(ty)` makes once its checks have passed).
#[inline]
pub fn new_plain_instance(ty: &Value) -> Value {
    Value::alloc(ty, crate::object::types::InstanceData::new_shaped())
}

impl Vm {
    /// Builds a call frame for `func` from positional arguments that sit on a
    /// value stack from `start` (they are moved out).
    pub(crate) fn frame_from_stack(
        &mut self,
        func: &Value,
        fd: &FunctionData,
        stack: &mut Vec<Value>,
        start: usize,
    ) -> PyResult<Box<Frame>> {
        let code = &fd.code;
        let c = &code.code;
        let nargs = stack.len() - start;
        let simple = c.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0 && c.kwonly_count == 0;
        if simple && nargs == c.arg_count as usize {
            self.count_hot(code, &code.calls);
            let mut frame = self.new_frame(code, &fd.globals, None);
            // The arguments move from the caller's stack into the first
            // locals (the parameters), the other locals start unbound.
            let n = code.nlocals();
            assert!(nargs <= n);
            let fast = &mut frame.fast;
            fast.clear();
            fast.reserve(n);
            // SAFETY: `start + nargs == stack.len()`; each of those values
            // is read once, into a local, and the stack is then shortened
            // to `start` so that it no longer owns them. `fast` is empty
            // with room for `n` locals; all `n` are written before its
            // length covers them. Nothing in between can panic.
            unsafe {
                let src = stack.as_ptr().add(start);
                let dst = fast.as_mut_ptr();
                for i in 0..nargs {
                    dst.add(i).write(Some(std::ptr::read(src.add(i))));
                }
                for i in nargs..n {
                    dst.add(i).write(None);
                }
                fast.set_len(n);
                stack.set_len(start);
            }
            frame.init_cells(fd.closure.as_ref());
            return Ok(frame);
        }
        // (The frame takes copies; the stack then lets its own go.)
        let r = self.bind_frame(func, fd, &stack[start..], &[]);
        stack.truncate(start);
        r
    }

    /// Binds arguments to parameters and builds the frame.
    pub(crate) fn bind_frame(
        &mut self,
        _func: &Value,
        fd: &FunctionData,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Box<Frame>> {
        let code = &fd.code;
        self.count_hot(code, &code.calls);
        let c = &code.code;
        // Exactly the positional parameters, nothing else to bind.
        if kwargs.is_empty()
            && args.len() == c.arg_count as usize
            && c.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
            && c.kwonly_count == 0
        {
            let mut frame = self.new_frame(code, &fd.globals, None);
            frame.fill_locals();
            for (slot, a) in frame.fast.iter_mut().zip(args) {
                *slot = Some(a.clone());
            }
            frame.init_cells(fd.closure.as_ref());
            return Ok(frame);
        }
        let qualname = QualName(&fd.qualname);
        let mut frame = self.new_frame(code, &fd.globals, None);
        frame.fill_locals();
        let npos = c.arg_count as usize;
        let nkwonly = c.kwonly_count as usize;
        let has_varargs = c.flags & flags::VARARGS != 0;
        let has_varkw = c.flags & flags::VARKEYWORDS != 0;
        let varargs_ix = npos + nkwonly;
        let varkw_ix = varargs_ix + usize::from(has_varargs);

        for (i, a) in args.iter().take(npos).enumerate() {
            frame.fast[i] = Some(a.clone());
        }
        if args.len() > npos {
            if has_varargs {
                frame.fast[varargs_ix] =
                    Some(crate::objects::tuple::new_tuple(args[npos..].to_vec()));
            } else {
                let ndefaults = fd
                    .defaults
                    .borrow()
                    .as_ref()
                    .and_then(|d| d.downcast::<TupleData>().map(|t| t.items.len()))
                    .unwrap_or(0);
                let kw_given = kwargs
                    .iter()
                    .filter(|(k, _)| {
                        let k = crate::interp::str_of(k);
                        c.varnames[npos..npos + nkwonly].contains(&k)
                    })
                    .count();
                let takes = if ndefaults > 0 {
                    format!("from {} to {} positional arguments", npos - ndefaults, npos)
                } else {
                    format!(
                        "{} positional argument{}",
                        npos,
                        if npos == 1 { "" } else { "s" }
                    )
                };
                let given = if kw_given > 0 {
                    format!(
                        "{} positional argument{} (and {} keyword-only argument{}) were given",
                        args.len(),
                        if args.len() == 1 { "" } else { "s" },
                        kw_given,
                        if kw_given == 1 { "" } else { "s" }
                    )
                } else if args.len() == 1 {
                    "1 was given".to_string()
                } else {
                    format!("{} were given", args.len())
                };
                return Err(self.type_error(format!("{qualname}() takes {takes} but {given}")));
            }
        } else if has_varargs {
            frame.fast[varargs_ix] = Some(types().empty_tuple.clone());
        }
        let mut extra = DictTable::new();
        for (k, v) in kwargs {
            let Some(ks) = k.downcast::<StrData>() else {
                return Err(self.type_error("keywords must be strings"));
            };
            let name = ks.as_str();
            let pos = c.varnames[..npos + nkwonly].iter().position(|n| n == name);
            match pos {
                Some(i) if i >= c.posonly_count as usize => {
                    if frame.fast[i].is_some() {
                        return Err(self.type_error(format!(
                            "{qualname}() got multiple values for argument '{name}'"
                        )));
                    }
                    frame.fast[i] = Some(v.clone());
                }
                _ => {
                    if has_varkw {
                        extra.set_fast(k.clone(), ks.hash(), v.clone());
                    } else if pos.is_some() {
                        return Err(self.type_error(format!(
                            "{qualname}() got some positional-only arguments passed as keyword arguments: '{name}'"
                        )));
                    } else {
                        return Err(self.type_error(format!(
                            "{qualname}() got an unexpected keyword argument '{name}'"
                        )));
                    }
                }
            }
        }
        if has_varkw {
            frame.fast[varkw_ix] = Some(new_dict(extra));
        }
        // Defaults for missing positionals.
        let mut missing = Vec::new();
        {
            let defaults_ref = fd.defaults.borrow();
            let defaults: &[Value] = defaults_ref
                .as_ref()
                .and_then(|d| d.downcast::<TupleData>())
                .map_or(&[], |t| &t.items);
            let first_default = npos - defaults.len();
            for i in 0..npos {
                if frame.fast[i].is_none() {
                    if i >= first_default {
                        frame.fast[i] = Some(defaults[i - first_default].clone());
                    } else {
                        missing.push(c.varnames[i].clone());
                    }
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(format!(
                "{qualname}() missing {} required positional {}: {}",
                missing.len(),
                if missing.len() == 1 {
                    "argument"
                } else {
                    "arguments"
                },
                name_list(&missing)
            )));
        }
        let kwdefaults = fd.kwdefaults.borrow().clone();
        for i in npos..npos + nkwonly {
            if frame.fast[i].is_none() {
                let name = &c.varnames[i];
                let d = kwdefaults.as_ref().and_then(|d| {
                    d.downcast::<DictData>()
                        .and_then(|d| d.table.borrow().get_str(name))
                });
                match d {
                    Some(v) => frame.fast[i] = Some(v),
                    None => missing.push(name.clone()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(format!(
                "{qualname}() missing {} required keyword-only {}: {}",
                missing.len(),
                if missing.len() == 1 {
                    "argument"
                } else {
                    "arguments"
                },
                name_list(&missing)
            )));
        }
        frame.init_cells(fd.closure.as_ref());
        Ok(frame)
    }

    /// Calls any callable.
    /// After a native function returns: a signal that arrived meanwhile
    /// (one it raised, as `_thread.interrupt_main` or `os.kill` of this
    /// process do) has its Python handler run now, before the caller goes
    /// on, as CPython checks its eval breaker after such a call.
    #[inline]
    fn after_native_call(&mut self, r: PyResult) -> PyResult {
        if r.is_ok() && crate::modules::signal::any_tripped() {
            crate::modules::signal::run_handlers(self)?;
        }
        r
    }

    /// Calls builtin function or method descriptor `bf`: checks what the
    /// descriptor needs (no arguments, a receiver of its type), then runs
    /// the native code. (The interpreter calls it directly for `CALL` of a
    /// builtin.)
    #[inline]
    pub(crate) fn call_builtin(
        &mut self,
        bf: &BuiltinFunctionData,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult {
        if bf.no_args {
            let given = args.len() - usize::from(bf.bound.is_none() && !args.is_empty());
            if given > 0 || !kwargs.is_empty() {
                return Err(self.no_args_error(bf, given, kwargs.is_empty()));
            }
        }
        match &bf.bound {
            // An unbound method descriptor (`list.append(...)`)
            // needs its receiver: the native code may rely on it.
            None if args.is_empty() && bf.owner.is_some() => Err(self.type_error(format!(
                "unbound method {}.{}() needs an argument",
                bf.owner.unwrap_or("?"),
                bf.name
            ))),
            None => {
                if let Some(ty) = &bf.owner_type
                    && !std::ptr::eq(args[0].type_data(), ty.type_data_of_type())
                    && !crate::object::types::isinstance(&args[0], ty)
                {
                    return Err(self.receiver_error(bf, ty, &args[0]));
                }
                let r = (bf.func)(self, args, kwargs);
                self.after_native_call(r)
            }
            Some(recv) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(recv.clone());
                all.extend_from_slice(args);
                let r = (bf.func)(self, &all, kwargs);
                self.after_native_call(r)
            }
        }
    }

    #[cold]
    fn no_args_error(&mut self, bf: &BuiltinFunctionData, given: usize, no_kw: bool) -> PyErr {
        let owner = bf.owner.unwrap_or("?");
        self.type_error(if no_kw {
            format!("{owner}.{}() takes no arguments ({given} given)", bf.name)
        } else {
            format!("{owner}.{}() takes no keyword arguments", bf.name)
        })
    }

    /// A method descriptor called on a receiver of another type.
    #[cold]
    fn receiver_error(&mut self, bf: &BuiltinFunctionData, ty: &Value, got: &Value) -> PyErr {
        let (name, tn) = (bf.name, &ty.type_data_of_type().name);
        let got = &got.type_data().name;
        // CPython words slot wrappers (`__init__`) and method descriptors
        // differently.
        self.type_error(if is_slot_name(name) {
            format!("descriptor '{name}' requires a '{tn}' object but received a '{got}'")
        } else {
            format!("descriptor '{name}' for '{tn}' objects doesn't apply to a '{got}' object")
        })
    }

    pub fn call(&mut self, func: &Value, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult {
        crate::objects::weakref::run_pending_callbacks(self);
        match func.kind() {
            Kind::Function => {
                let fd = func.downcast::<FunctionData>().expect("function");
                if kwargs.is_empty() && fd.code.code.flags & flags::SUSPENDS == 0 {
                    let jitted = fd.code.jitted.borrow().clone();
                    if let Some(cc) = jitted {
                        match cc.invoke(self, func, crate::interp::jit::Args::Borrowed(args)) {
                            crate::interp::jit::JitOutcome::Return(v) => return Ok(v),
                            crate::interp::jit::JitOutcome::Deopt(frame) => {
                                return self.run_call_frame(frame);
                            }
                            crate::interp::jit::JitOutcome::Declined => {}
                        }
                    }
                }
                let frame = self.bind_frame(func, fd, args, kwargs)?;
                if fd.code.code.flags & flags::SUSPENDS != 0 {
                    return Ok(crate::objects::generator::new_generator(frame, fd));
                }
                self.run_call_frame(frame)
            }
            Kind::BuiltinFunction => {
                let bf = func.downcast::<BuiltinFunctionData>().expect("builtin");
                self.call_builtin(bf, args, kwargs)
            }
            Kind::Method => {
                let m = func.downcast::<MethodData>().expect("method");
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(m.receiver.clone());
                all.extend_from_slice(args);
                let f = m.func.clone();
                self.call(&f, &all, kwargs)
            }
            Kind::Type => self.call_type(func, args, kwargs),
            // Since 3.10 a staticmethod calls the function it wraps
            // (`_pyio.open` is one).
            Kind::StaticMethod => {
                let f = func
                    .downcast::<crate::objects::descr::WrapperData>()
                    .map(|w| w.func.clone())
                    .expect("staticmethod");
                self.call(&f, args, kwargs)
            }
            _ => {
                let ty = func.class();
                match ty.type_data_of_type().lookup_static("__call__") {
                    Some(call)
                        if ty.type_data_of_type().is_heap
                            || call.kind() == Kind::BuiltinFunction =>
                    {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(func.clone());
                        all.extend_from_slice(args);
                        // `__call__` may itself be an instance to call:
                        // native recursion, counted as CPython counts it.
                        self.recursive(" while calling a Python object", |vm| {
                            vm.call(&call, &all, kwargs)
                        })
                    }
                    _ => Err(self.type_error(format!(
                        "'{}' object is not callable",
                        func.type_data().name
                    ))),
                }
            }
        }
    }

    /// Calls a type: `type(x)`, builtin constructors, or class instantiation.
    fn call_type(&mut self, ty: &Value, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult {
        let t = types();
        // A metaclass with its own __call__.
        let meta = ty.class();
        if !meta.is(&t.type_) {
            let md = meta.type_data_of_type();
            if let Some(call) = md.lookup_static("__call__") {
                if call.kind() == Kind::Function {
                    let mut all = vec![ty.clone()];
                    all.extend_from_slice(args);
                    return self.call(&call, &all, kwargs);
                }
                // Anything else but `type.__call__` itself: bound as a
                // descriptor (a class such as `dict` stored as `__call__`,
                // as `typing.TypedDict`'s metaclass does, is called as is).
                let is_default = call.downcast::<BuiltinFunctionData>().is_some_and(|b| {
                    b.bound.is_none()
                        && b.name == "__call__"
                        && b.owner_type.as_ref().is_some_and(|o| o.is(&t.type_))
                });
                if !is_default {
                    let bound = self.bind_descriptor(&call, ty, &meta)?;
                    return self.call(&bound, args, kwargs);
                }
            }
        }
        call_type_default(self, ty, args, kwargs)
    }
}

/// `type.__call__`: `__new__` then `__init__`.
pub fn call_type_default(
    vm: &mut Vm,
    ty: &Value,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> PyResult {
    vm.call_type_default_impl(ty, args, kwargs)
}

impl Vm {
    fn call_type_default_impl(
        &mut self,
        ty: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult {
        let t = types();
        let td = ty.type_data_of_type();
        if !td.is_heap && td.kind != Kind::Exception && td.kind != Kind::Object {
            return crate::builtins::construct_builtin(self, ty, args, kwargs);
        }
        // __new__
        let new = td.lookup_static("__new__");
        let inst = match new {
            Some(n) if n.kind() == Kind::Function || n.kind() == Kind::StaticMethod => {
                let n = match n.downcast::<crate::objects::descr::WrapperData>() {
                    Some(w) => w.func.clone(),
                    None => n,
                };
                let mut all = vec![ty.clone()];
                all.extend_from_slice(args);
                let inst = self.call(&n, &all, kwargs)?;
                if !crate::object::types::isinstance(&inst, ty) {
                    return Ok(inst);
                }
                inst
            }
            _ => {
                if td.kind == Kind::Type {
                    // class M(type): M(name, bases, ns)
                    return self.type_new(ty, args, kwargs);
                }
                self.object_new(ty, args, kwargs)?
            }
        };
        // __init__
        if let Some(init) = td.lookup_static("__init__") {
            match init.kind() {
                Kind::Function => {
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(inst.clone());
                    all.extend_from_slice(args);
                    // Through `call`, which runs compiled code when there is some.
                    let r = self.call(&init, &all, kwargs)?;
                    if !r.is(&t.none) {
                        return Err(self.type_error(format!(
                            "__init__() should return None, not '{}'",
                            r.type_data().name
                        )));
                    }
                }
                Kind::BuiltinFunction => {
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(inst.clone());
                    all.extend_from_slice(args);
                    self.call(&init, &all, kwargs)?;
                }
                _ => {
                    let bound = self.bind_descriptor(&init, &inst, ty)?;
                    self.call(&bound, args, kwargs)?;
                }
            }
        }
        Ok(inst)
    }

    /// `object.__new__(cls)`: a bare instance of the right layout.
    pub fn object_new(
        &mut self,
        ty: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult {
        let td = ty.type_data_of_type();
        match td.kind {
            Kind::Exception => {
                let a = crate::objects::tuple::new_tuple(args.to_vec());
                // OSError(errno, strerror, ...) is the subclass for errno.
                let ty = match args.first().and_then(Value::as_small) {
                    Some(errno) if args.len() >= 2 && ty.is(&types().exc.os_error) => {
                        match i32::try_from(errno) {
                            Ok(e) => crate::modules::posix::error_type_for(e),
                            Err(_) => ty,
                        }
                    }
                    _ => ty,
                };
                Ok(crate::objects::exceptions::new_exception(ty, a))
            }
            Kind::Object => {
                // Abstract classes: made by a metaclass (ABCMeta), or by
                // assigning `__abstractmethods__`. (The interpreter's inline
                // class calls skip this function for classes without it.)
                if td.is_heap
                    && let Some(abs) = td.lookup_static("__abstractmethods__")
                    && !abs.is(&types().none)
                    && self.truthy(&abs)?
                {
                    let mut names: Vec<String> = self
                        .iterate(&abs)?
                        .iter()
                        .map(crate::interp::str_of)
                        .collect();
                    names.sort();
                    return Err(self.type_error(format!(
                        "Can't instantiate abstract class {} with abstract method{} {}",
                        td.name,
                        if names.len() == 1 { "" } else { "s" },
                        names.join(", ")
                    )));
                }
                if (!args.is_empty() || !kwargs.is_empty())
                    && td
                        .lookup_static("__init__")
                        .is_none_or(|i| i.kind() == Kind::BuiltinFunction)
                {
                    let has_new = td.lookup_static("__new__").is_some();
                    if !has_new {
                        return Err(self.type_error(format!("{}() takes no arguments", td.name)));
                    }
                }
                Ok(new_plain_instance(ty))
            }
            Kind::Type => self.type_new(ty, args, kwargs),
            // Native extension types without a `__new__` of their own.
            Kind::Native => Err(self.type_error(format!("cannot create '{}' instances", td.name))),
            _ if td.is_heap => self.builtin_subclass_new(ty, args, kwargs),
            _ => Err(self.type_error(format!("cannot create '{}' instances", td.name))),
        }
    }

    /// `type(name, bases, ns)` for `type` and metaclasses derived from it.
    pub fn type_new(
        &mut self,
        meta: &Value,
        args: &[Value],
        _kwargs: &[(Value, Value)],
    ) -> PyResult {
        if args.len() != 3 {
            return Err(self.type_error("type() takes 1 or 3 arguments"));
        }
        let name = crate::interp::str_of(&args[0]);
        let bases: Vec<Value> = match args[1].downcast::<TupleData>() {
            Some(t) => t.items.to_vec(),
            None => return Err(self.type_error("type.__new__() argument 2 must be tuple")),
        };
        let ns = match args[2].downcast::<DictData>() {
            Some(d) => d.table.borrow().clone(),
            None => return Err(self.type_error("type.__new__() argument 3 must be dict")),
        };
        let classcell = ns.get_str("__classcell__");
        // The most derived metaclass among the bases wins.
        let called = meta.clone();
        let mut meta = meta.clone();
        for b in &bases {
            let bm = b.class();
            if bm.type_data_of_type().is_subtype(&meta) {
                meta = bm;
            }
        }
        // A winner with its own __new__ creates the class (type(name, bases,
        // ns) with an Enum base runs EnumType.__new__).
        if !meta.is(&called)
            && let Some(n) = meta.type_data_of_type().lookup_static("__new__")
        {
            let f = match n.downcast::<crate::objects::descr::WrapperData>() {
                Some(w) => w.func.clone(),
                None => n.clone(),
            };
            if f.kind() == Kind::Function {
                let mut all = vec![meta.clone()];
                all.extend_from_slice(args);
                return self.call(&f, &all, _kwargs);
            }
        }
        let slots = crate::object::slots::declared(self, &name, &bases, &ns)?;
        let cls = match crate::object::types::new_class(&meta, &name, bases, ns) {
            Ok(c) => c,
            Err(msg) => {
                if let Some(m) = msg.strip_prefix("NotImplementedError: ") {
                    return Err(self.err(&types().exc.not_implemented_error, m));
                }
                return Err(self.type_error(msg));
            }
        };
        crate::object::slots::install(self, &cls, slots)?;
        // Each base remembers the new class weakly (`__subclasses__`).
        let wr = types().weakref.clone();
        for b in cls.type_data_of_type().bases.clone() {
            let r = crate::objects::weakref::new_ref(self, &wr, &cls, None)?;
            let td = b.type_data_of_type();
            let mut subs = td.subclasses.borrow_mut();
            // Forget dead classes now and then (amortized O(1) per class).
            if subs.len() >= 16 && subs.len().is_power_of_two() {
                subs.retain(|s| crate::objects::weakref::target(s).is_some());
            }
            subs.push(r);
        }
        if let Some(cell) = classcell
            && let Some(c) = cell.downcast::<crate::objects::function::CellData>()
        {
            *c.value.borrow_mut() = Some(cls.clone());
        }
        // __set_name__ and __init_subclass__.
        let entries = cls.type_data_of_type().dict.borrow().items();
        for (k, v) in entries {
            if v.type_data().is_heap
                && let Some(sn) = v.type_data().lookup_static("__set_name__")
            {
                self.call(&sn, &[v.clone(), cls.clone(), k], &[])?;
            }
        }
        let mro = cls.type_data_of_type().mro.borrow().clone();
        for base in mro.iter().skip(1) {
            if let Some(isc) = base
                .type_data_of_type()
                .dict
                .borrow()
                .get_str("__init_subclass__")
            {
                let f = match isc.downcast::<crate::objects::descr::WrapperData>() {
                    Some(w) => w.func.clone(),
                    None => isc.clone(),
                };
                self.call(&f, std::slice::from_ref(&cls), _kwargs)?;
                break;
            }
        }
        Ok(cls)
    }

    /// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
    pub fn build_class(&mut self, args: &[Value], kwargs: &[(Value, Value)]) -> PyResult {
        if args.len() < 2 {
            return Err(self.type_error("__build_class__: not enough arguments"));
        }
        let func = &args[0];
        let name = args[1].clone();
        let orig_bases = args[2..].to_vec();
        // PEP 560: bases that are not classes may stand for others.
        let mut bases = Vec::with_capacity(orig_bases.len());
        let mut changed = false;
        for b in &orig_bases {
            if b.kind() != Kind::Type
                && let Some(me) = self.lookup_attr(b, "__mro_entries__")?
            {
                let t = crate::objects::tuple::new_tuple(orig_bases.clone());
                let r = self.call(&me, &[t], &[])?;
                if r.kind() != Kind::Tuple {
                    return Err(self.type_error("__mro_entries__ must return a tuple"));
                }
                bases.extend(self.iterate(&r)?);
                changed = true;
            } else {
                bases.push(b.clone());
            }
        }
        let mut meta = None;
        let mut class_kwargs = Vec::new();
        for (k, v) in kwargs {
            if crate::interp::str_of(k) == "metaclass" {
                meta = Some(v.clone());
            } else {
                class_kwargs.push((k.clone(), v.clone()));
            }
        }
        let explicit = meta.is_some();
        let mut meta = match meta {
            Some(m) => m,
            None => bases
                .first()
                .map(|b| b.class())
                .unwrap_or_else(|| types().type_.clone()),
        };
        // The most derived metaclass among the bases' wins.
        if meta.kind() == Kind::Type && (explicit || bases.len() > 1) {
            for b in &bases {
                let bm = b.class();
                if bm.type_data_of_type().is_subtype(&meta) {
                    meta = bm;
                } else if !meta.type_data_of_type().is_subtype(&bm) {
                    return Err(self.type_error(
                        "metaclass conflict: the metaclass of a derived class must be a \
                         (non-strict) subclass of the metaclasses of all its bases",
                    ));
                }
            }
        }
        let bases_t = crate::objects::tuple::new_tuple(bases);
        let ns = match self.lookup_attr(&meta, "__prepare__")? {
            Some(prep) if meta.kind() == Kind::Type || prep.kind() != Kind::BuiltinFunction => {
                let ns = self.call(&prep, &[name.clone(), bases_t.clone()], &class_kwargs)?;
                if ns.kind() != Kind::Dict && self.lookup_attr(&ns, "__getitem__")?.is_none() {
                    let mname = if let Some(td) = meta.downcast::<crate::object::types::TypeData>()
                    {
                        td.name.clone()
                    } else {
                        "<metaclass>".to_string()
                    };
                    return Err(self.type_error(format!(
                        "{mname}.__prepare__() must return a mapping, not {}",
                        ns.type_data().name
                    )));
                }
                ns
            }
            _ => new_dict(DictTable::new()),
        };
        if changed {
            let ob = crate::objects::tuple::new_tuple(orig_bases);
            self.setitem(&ns, crate::objects::str::new_str("__orig_bases__"), ob)?;
        }
        let fd = func
            .downcast::<FunctionData>()
            .ok_or_else(|| self.type_error("__build_class__: func must be a function"))?;
        let mut frame = Box::new(Frame::new(
            fd.code.clone(),
            fd.globals.clone(),
            self.builtins_dict.clone(),
            Some(ns.clone()),
        ));
        frame.init_cells(fd.closure.as_ref());
        self.depth += 1;
        let (r, f) = self.run_frame(frame);
        self.depth -= 1;
        self.release_frame(f);
        match r? {
            Exit::Return(_) => {}
            Exit::Yield(_) => return Err(self.runtime_error("yield in class body")),
        }
        self.call(&meta, &[name, bases_t, ns], &class_kwargs)
    }

    /// Calls `obj.name(*args)` looking `name` up on the type (special methods).
    pub fn call_method(&mut self, obj: &Value, name: &str, args: &[Value]) -> PyResult {
        let m = self.special_method(obj, name)?;
        self.call(&m, args, &[])
    }

    /// A special method bound to `obj`, looked up on its type.
    pub fn special_method(&mut self, obj: &Value, name: &str) -> PyResult {
        let ty = obj.class();
        match ty.type_data_of_type().lookup(name) {
            Some(m) => self.bind_descriptor(&m, obj, &ty),
            None => Err(self.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                obj.type_data().name,
                name
            ))),
        }
    }

    /// Whether a heap type overrides special method `name`.
    pub fn user_method(&self, obj: &Value, name: &'static str) -> Option<Value> {
        let td = obj.type_data();
        if !td.is_heap {
            return None;
        }
        td.lookup_heap_static(name)
    }

    /// Calls a (possibly user-defined) special method with `obj` as self.
    pub fn call_special(&mut self, meth: &Value, obj: &Value, args: &[Value]) -> PyResult {
        match meth.kind() {
            Kind::Function | Kind::BuiltinFunction => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(obj.clone());
                all.extend_from_slice(args);
                self.call(meth, &all, &[])
            }
            _ => {
                let ty = obj.class();
                let b = self.bind_descriptor(meth, obj, &ty)?;
                self.call(&b, args, &[])
            }
        }
    }
}

/// Whether a dunder method of a builtin type is one of CPython's slot
/// wrappers (`__init__`, `__eq__`, ...), whose errors CPython words apart
/// from those of ordinary method descriptors (`__reversed__`, `__sizeof__`).
fn is_slot_name(name: &str) -> bool {
    name.starts_with("__")
        && name.ends_with("__")
        && !matches!(
            name,
            "__reversed__"
                | "__sizeof__"
                | "__reduce__"
                | "__reduce_ex__"
                | "__format__"
                | "__getstate__"
                | "__setstate__"
                | "__class_getitem__"
                | "__length_hint__"
                | "__copy__"
                | "__deepcopy__"
                | "__subclasshook__"
                | "__init_subclass__"
                | "__dir__"
                | "__instancecheck__"
                | "__subclasscheck__"
                | "__subclasses__"
                | "__enter__"
                | "__exit__"
                | "__round__"
                | "__trunc__"
                | "__floor__"
                | "__ceil__"
                | "__getnewargs__"
                | "__getnewargs_ex__"
                | "__missing__"
                | "__fspath__"
                | "__complex__"
                | "__bytes__"
        )
}
