//! Module objects: a name and a namespace dict.

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};

pub struct ModuleData {
    pub dict: Value,
}

impl Payload for ModuleData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Module
    }
}

/// A module named `name` whose namespace is `dict` (`__name__` is set).
pub fn new_module(name: &str, dict: Value) -> Value {
    if let Some(d) = dict.downcast::<crate::objects::dict::DictData>() {
        let mut t = d.table.borrow_mut();
        if t.get_str("__name__").is_none() {
            t.set_str("__name__", crate::objects::str::new_str(name));
        }
        if t.get_str("__doc__").is_none() {
            t.set_str("__doc__", types().none.clone());
        }
    }
    Value::alloc(&types().module, ModuleData { dict })
}

/// A module object of type `ty` (`module` or a subclass) with an empty
/// namespace: `module.__new__`. Its `__init__` names it.
pub fn new_empty_module(ty: &Value) -> Value {
    let dict = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
    Value::alloc(ty, ModuleData { dict })
}

/// `module.__init__(self, name, doc=None)`: sets `__name__` and `__doc__`,
/// and `__package__`, `__loader__`, `__spec__` to None, as CPython does.
pub fn module_init(
    vm: &mut crate::vm::Vm,
    args: &[Value],
    kwargs: crate::protocols::args::Kw,
) -> crate::vm::PyResult {
    let Some(this) = args.first().filter(|v| v.kind() == Kind::Module) else {
        return Err(vm.type_error("descriptor '__init__' requires a 'module' object"));
    };
    let [name, doc] =
        crate::protocols::args::clinic_args(vm, "module", &args[1..], kwargs, ["name", "doc"], 1)?;
    let name = name.expect("required");
    if name.kind() != Kind::Str {
        return Err(vm.type_error(format!(
            "module.__init__() argument 'name' must be str, not {}",
            name.type_data().name
        )));
    }
    let none = types().none.clone();
    let md = this.downcast::<ModuleData>().expect("module");
    let dd = md
        .dict
        .downcast::<crate::objects::dict::DictData>()
        .expect("module dict");
    let mut t = dd.table.borrow_mut();
    t.set_str("__name__", name);
    t.set_str("__doc__", doc.unwrap_or_else(|| none.clone()));
    t.set_str("__package__", none.clone());
    t.set_str("__loader__", none.clone());
    t.set_str("__spec__", none);
    Ok(vm.none())
}

/// `types.ModuleType(name, doc=None)`.
pub fn construct(
    vm: &mut crate::vm::Vm,
    ty: &Value,
    args: &[Value],
    kwargs: crate::protocols::args::Kw,
) -> crate::vm::PyResult {
    let m = new_empty_module(ty);
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(m.clone());
    all.extend_from_slice(args);
    module_init(vm, &all, kwargs)?;
    Ok(m)
}

/// The name a module reports in errors (`module 'x' has no attribute`).
pub fn module_name(m: &Value) -> String {
    m.downcast::<ModuleData>()
        .and_then(|md| {
            md.dict
                .downcast::<crate::objects::dict::DictData>()
                .and_then(|d| d.table.borrow().get_str("__name__"))
        })
        .and_then(|v| crate::objects::str::as_str(&v).map(str::to_string))
        .unwrap_or_else(|| "?".into())
}
