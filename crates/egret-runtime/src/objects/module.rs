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
