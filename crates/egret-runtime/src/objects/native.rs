//! Extension objects whose whole state is a Rust value owned by the module
//! that made their type (zlib's compressors, ...). One layout kind serves
//! them all: each module makes its own type (`native_type`) and reaches the
//! state of an instance with `with_state`, which checks both the type of the
//! object and the type of the Rust value. These objects take no part in
//! cycle collection: the collector cannot see into the state. Some states
//! hold Python values (operator's getters, `_json`'s scanner and encoder
//! settings, `_abc`'s weak references), so a cycle through one of them
//! (an `object_hook` that is a bound method of the decoder holding the
//! scanner) is never freed: a leak, never a dangling reference. Giving the
//! state a traverse hook would close it.

use std::any::Any;
use std::cell::RefCell;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::vm::{PyResult, Vm};

pub struct NativeData {
    state: RefCell<Box<dyn Any>>,
}

impl Payload for NativeData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Native
    }
}

/// A type for native objects, named `module.Name` (not subclassable, no
/// instance `__dict__`, no weak references unless [`allow_weakrefs`] says
/// so, as CPython's extension types).
pub fn native_type(dotted: &str) -> Value {
    let t = types();
    let ty = crate::object::types::extension_type(dotted, Kind::Native, &t.object, &t.type_);
    ty.type_data_of_type().has_weakref.set(false);
    if let Some((module, _)) = dotted.rsplit_once('.') {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", crate::objects::str::new_str(module));
    }
    ty
}

/// Lets instances of a type made by `native_type` have weak references
/// (CPython's `tp_weaklistoffset`).
pub fn allow_weakrefs(ty: &Value) {
    ty.type_data_of_type().has_weakref.set(true);
}

/// Gives a type made by `native_type` its `__new__` (a static method).
pub fn set_new(ty: &Value, new: crate::objects::function::NativeFn) {
    let f = crate::objects::function::new_builtin("__new__", new);
    ty.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &types().staticmethod,
            crate::objects::descr::WrapperData { func: f },
        ),
    );
}

/// A new instance of `ty` (made by `native_type`) holding `state`.
pub fn new_native<T: 'static>(ty: &Value, state: T) -> Value {
    Value::alloc(
        ty,
        NativeData {
            state: RefCell::new(Box::new(state)),
        },
    )
}

/// Runs `f` on the state of `v`, a native object holding a `T`; a
/// TypeError naming `what` (the expected type) for anything else. `f` must
/// not run Python code (the state stays borrowed while it runs).
pub fn with_state<T: 'static, R>(
    vm: &Vm,
    v: &Value,
    what: &str,
    f: impl FnOnce(&mut T) -> R,
) -> PyResult<R> {
    let wrong = || {
        vm.type_error(format!(
            "descriptor requires a '{what}' object but received a '{}'",
            v.type_data().name
        ))
    };
    let data = v.downcast::<NativeData>().ok_or_else(wrong)?;
    let Ok(mut state) = data.state.try_borrow_mut() else {
        return Err(vm.runtime_error(format!("{what} object is already in use")));
    };
    let state = state.downcast_mut::<T>().ok_or_else(wrong)?;
    Ok(f(state))
}
