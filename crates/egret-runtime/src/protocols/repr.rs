//! `repr()` of the builtin types, with `[...]`/`{...}` for containers that
//! contain themselves.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, DictViewData, ViewKind};
use crate::objects::float::{ComplexData, FloatData, complex_repr, float_repr};
use crate::objects::function::{BuiltinFunctionData, FunctionData, MethodData};
use crate::objects::list::ListData;
use crate::objects::module::ModuleData;
use crate::objects::range::{RangeData, SliceData};
use crate::objects::str::{StrData, str_repr};
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm};

fn module_of_type(vm: &mut Vm, ty: &Value) -> String {
    let td = ty.type_data_of_type();
    match td.dict.borrow().get_str("__module__") {
        Some(m) => {
            let _ = vm;
            str_of(&m)
        }
        None => "builtins".into(),
    }
}

/// `<module.Name object at 0x...>`.
pub fn default_repr(vm: &mut Vm, v: &Value) -> String {
    let ty = v.class();
    let m = module_of_type(vm, &ty);
    let q = ty.type_data_of_type().qualname.borrow().clone();
    let prefix = if m == "builtins" {
        String::new()
    } else {
        format!("{m}.")
    };
    format!("<{prefix}{q} object at {:#x}>", v.id())
}

impl Vm {
    pub(crate) fn guard_recursive(&mut self, v: &Value) -> bool {
        if self.repr_stack.iter().any(|x| x.is(v)) {
            return false;
        }
        self.repr_stack.push(v.clone());
        true
    }

    pub(crate) fn unguard(&mut self) {
        self.repr_stack.pop();
    }

    fn join_reprs(&mut self, items: &[Value]) -> PyResult<String> {
        let mut parts = Vec::with_capacity(items.len());
        for x in items {
            parts.push(self.repr_string(x)?);
        }
        Ok(parts.join(", "))
    }
}

pub fn builtin_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let t = types();
    if v.is_exact(&t.member_descriptor) {
        return Ok(crate::object::slots::descriptor_repr(v, "member"));
    }
    if v.is_exact(&t.getset_descriptor) {
        return Ok(crate::object::slots::descriptor_repr(v, "attribute"));
    }
    Ok(match v.kind() {
        Kind::Int => crate::objects::int::to_decimal(
            vm,
            &crate::objects::int::to_bigint(v).unwrap_or_default(),
        )?,
        Kind::Bool => if v.is(&t.true_) { "True" } else { "False" }.into(),
        Kind::None => "None".into(),
        Kind::NotImplemented => "NotImplemented".into(),
        Kind::Ellipsis => "Ellipsis".into(),
        Kind::Float => float_repr(v.downcast::<FloatData>().expect("float").0),
        Kind::Complex => {
            let c = v.downcast::<ComplexData>().expect("complex");
            complex_repr(c.re, c.im)
        }
        Kind::Str => str_repr(v.downcast::<StrData>().expect("str").as_str()),
        Kind::Bytes => crate::objects::bytes::bytes_repr(
            &v.downcast::<BytesData>().expect("bytes").data.borrow(),
            "b",
        ),
        Kind::ByteArray => {
            let inner = crate::objects::bytes::bytes_repr(
                &v.downcast::<BytesData>().expect("bytes").data.borrow(),
                "b",
            );
            format!("bytearray({inner})")
        }
        Kind::List => {
            if !vm.guard_recursive(v) {
                return Ok("[...]".into());
            }
            let items = v
                .downcast::<ListData>()
                .expect("list")
                .items
                .borrow()
                .clone();
            let r = vm.join_reprs(&items);
            vm.unguard();
            format!("[{}]", r?)
        }
        Kind::Tuple => {
            let items = v.downcast::<TupleData>().expect("tuple").items.clone();
            if !vm.guard_recursive(v) {
                return Ok("(...)".into());
            }
            let r = vm.join_reprs(&items);
            vm.unguard();
            let r = r?;
            if items.len() == 1 {
                format!("({r},)")
            } else {
                format!("({r})")
            }
        }
        Kind::Dict => {
            if !vm.guard_recursive(v) {
                return Ok("{...}".into());
            }
            let d = v.downcast::<DictData>().expect("dict");
            let mut parts = Vec::with_capacity(d.table.borrow().len());
            let mut err = None;
            // The live dict, entry by entry as CPython does: an entry added
            // by a repr called here is shown too.
            let mut pos = 0;
            loop {
                let next = d
                    .table
                    .borrow()
                    .entry_from(pos)
                    .map(|(after, e)| (after, e.key.clone(), e.value.clone()));
                let Some((after, k, x)) = next else {
                    break;
                };
                pos = after;
                match (vm.repr_string(&k), vm.repr_string(&x)) {
                    (Ok(a), Ok(b)) => parts.push(format!("{a}: {b}")),
                    (Err(e), _) | (_, Err(e)) => {
                        err = Some(e);
                        break;
                    }
                }
            }
            vm.unguard();
            if let Some(e) = err {
                return Err(e);
            }
            format!("{{{}}}", parts.join(", "))
        }
        Kind::Set | Kind::FrozenSet => {
            let items = crate::objects::set::items(v);
            let is_frozen = v.kind() == Kind::FrozenSet;
            let name = v.type_data().name.clone();
            if items.is_empty() {
                return Ok(format!("{name}()"));
            }
            if !vm.guard_recursive(v) {
                return Ok(format!("{name}(...)"));
            }
            let r = vm.join_reprs(&items);
            vm.unguard();
            let r = r?;
            if is_frozen {
                format!("frozenset({{{r}}})")
            } else {
                format!("{{{r}}}")
            }
        }
        Kind::DictView => {
            let dv = v.downcast::<DictViewData>().expect("view");
            let d = dv.dict.downcast::<DictData>().expect("dict");
            let items: Vec<Value> = match dv.which {
                ViewKind::Keys => d.table.borrow().keys(),
                ViewKind::Values => d.table.borrow().values(),
                ViewKind::Items => d
                    .table
                    .borrow()
                    .items()
                    .into_iter()
                    .map(|(k, x)| crate::objects::tuple::new_tuple(vec![k, x]))
                    .collect(),
            };
            // A view that (through its dict) contains itself shows as `...`.
            if !vm.guard_recursive(v) {
                return Ok("...".into());
            }
            let r = vm.join_reprs(&items);
            vm.unguard();
            format!("{}([{}])", v.type_data().name, r?)
        }
        Kind::Range => {
            let r = v.downcast::<RangeData>().expect("range");
            if r.step == num_bigint::BigInt::from(1) {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Kind::Slice => {
            let s = v.downcast::<SliceData>().expect("slice");
            let (a, b, c) = (s.start.clone(), s.stop.clone(), s.step.clone());
            format!(
                "slice({}, {}, {})",
                vm.repr_string(&a)?,
                vm.repr_string(&b)?,
                vm.repr_string(&c)?
            )
        }
        Kind::Type => {
            let m = module_of_type(vm, v);
            let q = v.type_data_of_type().qualname.borrow().clone();
            if m == "builtins" {
                format!("<class '{q}'>")
            } else {
                format!("<class '{m}.{q}'>")
            }
        }
        Kind::Function => {
            let f = v.downcast::<FunctionData>().expect("function");
            format!(
                "<function {} at {:#x}>",
                str_of(&f.qualname.borrow()),
                v.id()
            )
        }
        Kind::BuiltinFunction => {
            let b = v.downcast::<BuiltinFunctionData>().expect("builtin");
            match (&b.bound, b.owner) {
                (Some(recv), Some(_)) => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    recv.type_data().name,
                    recv.id()
                ),
                (None, Some(owner)) => format!("<method '{}' of '{owner}' objects>", b.name),
                _ => format!("<built-in function {}>", b.name),
            }
        }
        Kind::Method => {
            let m = v.downcast::<MethodData>().expect("method");
            let (f, r) = (m.func.clone(), m.receiver.clone());
            let name = match f.downcast::<FunctionData>() {
                Some(fd) => str_of(&fd.qualname.borrow()),
                None => "?".into(),
            };
            format!("<bound method {name} of {}>", vm.repr_string(&r)?)
        }
        Kind::Module => module_repr(vm, v)?,
        Kind::Exception => crate::objects::exceptions::exception_repr(vm, v)?,
        Kind::Cell => format!("<cell at {:#x}>", v.id()),
        Kind::Code => {
            let c = v
                .downcast::<crate::objects::function::CodeData>()
                .expect("code");
            format!(
                "<code object {} at {:#x}, file \"{}\", line {}>",
                c.code.code.name,
                v.id(),
                c.code.code.filename,
                c.code.code.first_line
            )
        }
        Kind::Generator => {
            let g = v
                .downcast::<crate::objects::generator::GeneratorData>()
                .expect("generator");
            format!(
                "<{} object {} at {:#x}>",
                v.type_data().name,
                str_of(&g.qualname),
                v.id()
            )
        }
        Kind::File => crate::objects::file::file_repr(v),
        Kind::WeakRef => {
            let r = crate::objects::weakref::ref_repr(vm, std::slice::from_ref(v), &[])?;
            str_of(&r)
        }
        Kind::Super => format!(
            "<super: <class '{}'>, <{} object>>",
            {
                let s = v
                    .downcast::<crate::objects::descr::SuperData>()
                    .expect("super");
                s.ty.type_data_of_type().name.clone()
            },
            {
                let s = v
                    .downcast::<crate::objects::descr::SuperData>()
                    .expect("super");
                s.obj.type_data().name.clone()
            }
        ),
        Kind::Property => format!("<property object at {:#x}>", v.id()),
        Kind::StaticMethod => format!("<staticmethod(...) object at {:#x}>", v.id()),
        Kind::ClassMethod => format!("<classmethod(...) object at {:#x}>", v.id()),
        Kind::Iter => match crate::objects::iter::native_repr(vm, v)? {
            Some(s) => s,
            None => default_repr(vm, v),
        },
        Kind::Frame => crate::objects::frameobj::repr(v).unwrap_or_default(),
        Kind::Object
        | Kind::Null
        | Kind::Deque
        | Kind::Element
        | Kind::TreeBuilder
        | Kind::XmlParser
        | Kind::MemoryView
        | Kind::Array
        | Kind::Random
        | Kind::Socket
        | Kind::Pickler
        | Kind::Unpickler
        | Kind::Native
        | Kind::DateTime
        | Kind::Decimal
        | Kind::DecContext
        | Kind::DecSignals => default_repr(vm, v),
    })
}

/// A module's repr, as `importlib._bootstrap._module_repr` makes it: from
/// its `__spec__` when it has one, else from `__file__` and `__loader__`.
/// egret's native modules, which have neither, say `(built-in)`.
fn module_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let md = v.downcast::<ModuleData>().expect("module");
    let d = md.dict.downcast::<DictData>().expect("dict");
    let get = |k: &str| d.table.borrow().get_str(k);
    let none = |x: &Option<Value>| x.as_ref().is_none_or(|x| x.is(&types().none));
    let spec = get("__spec__");
    if !none(&spec) {
        let spec = spec.expect("spec");
        let name = vm.getattr_str(&spec, "name")?;
        let name = vm.repr_string(&name)?;
        let origin = vm.getattr_str(&spec, "origin")?;
        if origin.is(&types().none) {
            let loader = vm.getattr_str(&spec, "loader")?;
            if loader.is(&types().none) {
                return Ok(format!("<module {name}>"));
            }
            return Ok(format!("<module {name} ({})>", vm.repr_string(&loader)?));
        }
        let has_location = vm.getattr_str(&spec, "has_location")?;
        if vm.truthy(&has_location)? {
            return Ok(format!("<module {name} from {}>", vm.repr_string(&origin)?));
        }
        return Ok(format!("<module {name} ({})>", str_of(&origin)));
    }
    let name = match get("__name__") {
        Some(n) => vm.repr_string(&n)?,
        None => "'?'".into(),
    };
    if let Some(f) = get("__file__") {
        return Ok(format!("<module {name} from {}>", vm.repr_string(&f)?));
    }
    let loader = get("__loader__");
    if none(&loader) {
        if spec.is_none() && loader.is_none() {
            return Ok(format!("<module {name} (built-in)>"));
        }
        return Ok(format!("<module {name}>"));
    }
    let loader = loader.expect("loader");
    Ok(format!("<module {name} ({})>", vm.repr_string(&loader)?))
}
