//! `list`: a mutable sequence (`RefCell<Vec<Value>>`). Methods live in
//! seq_methods.rs; this file owns the payload and shared sequence helpers.

use std::cell::RefCell;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::tuple::TupleData;

pub struct ListData {
    pub items: RefCell<Vec<Value>>,
}

impl Payload for ListData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::List
    }
}

pub fn new_list(items: Vec<Value>) -> Value {
    Value::alloc(
        &types().list,
        ListData {
            items: RefCell::new(items),
        },
    )
}

/// A snapshot of the items of a list or tuple (empty for anything else).
pub fn seq_items(v: &Value) -> Vec<Value> {
    if let Some(l) = v.downcast::<ListData>() {
        return l.items.borrow().clone();
    }
    if let Some(t) = v.downcast::<TupleData>() {
        return t.items.to_vec();
    }
    Vec::new()
}
