//! Descriptor objects: `property`, `staticmethod`, `classmethod`, `super`.

use std::cell::RefCell;

use crate::object::types::Kind;
use crate::object::{Payload, Value};

/// A read-only attribute of a native type, computed by `get` (a property
/// whose getter is a builtin function).
pub fn getter(name: &'static str, get: crate::objects::function::NativeFn) -> Value {
    Value::alloc(
        &crate::object::types::types().property,
        PropertyData {
            fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
            fset: RefCell::new(None),
            fdel: RefCell::new(None),
            doc: RefCell::new(None),
        },
    )
}

pub struct PropertyData {
    pub fget: RefCell<Option<Value>>,
    pub fset: RefCell<Option<Value>>,
    pub fdel: RefCell<Option<Value>>,
    pub doc: RefCell<Option<Value>>,
}
impl Payload for PropertyData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Property
    }
}

/// `staticmethod(f)` and `classmethod(f)`.
pub struct WrapperData {
    pub func: Value,
}
impl Payload for WrapperData {
    fn matches(kind: Kind) -> bool {
        matches!(kind, Kind::StaticMethod | Kind::ClassMethod)
    }
}

/// `super(type, obj)`.
pub struct SuperData {
    pub ty: Value,
    pub obj: Value,
    /// The type of `obj` (or obj itself when it is a class).
    pub obj_type: Value,
}
impl Payload for SuperData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Super
    }
}
