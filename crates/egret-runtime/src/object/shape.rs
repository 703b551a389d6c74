//! Shapes (hidden classes) for instance attributes.
//!
//! A fresh instance of a class statement keeps its attributes as a shape
//! and a vector of values: the shape is the ordered list of attribute
//! names, shared by every instance that got the same names in the same
//! order, and value `i` belongs to name `i`. Adding a name moves the
//! instance to the shape one name longer (the transition is cached on the
//! shape, so instances made the same way end up on the same shapes).
//! Attribute sites remember a shape and an index: a read is a pointer
//! compare and an indexed load (see `protocols::attr`).
//!
//! The first time anything needs the instance's attributes as a dict
//! (`__dict__`, `vars()`, deleting an attribute, a name that is not an
//! exact str, too many names), the instance converts to a real dict for
//! good, in the same order; from then on it behaves as before shapes
//! existed. This is PyPy's map dict without the way back.
//!
//! Shapes are never freed (an attribute site compares shape addresses, so
//! an address must never be reused for another shape); their number is
//! capped, and instances that would need more go to dict form.

use std::cell::{Cell, RefCell};

use crate::object::Value;
use crate::objects::str::StrData;

/// Most names a shape holds: more go to dict form (as CPython's shared
/// keys stop at about 30).
const MAX_NAMES: usize = 30;
/// Most transitions out of one shape (names stored in many orders, or
/// names made from data, go to dict form).
const MAX_TRANSITIONS: usize = 64;
/// Most shapes made in all.
const MAX_SHAPES: usize = 50_000;

pub struct Shape {
    /// Attribute names (exact str objects), in the order they were added.
    names: Vec<Value>,
    /// Their hashes (a miss compares these, not the strings).
    hashes: Vec<i64>,
    /// Shapes one name longer: (name, shape).
    transitions: RefCell<Vec<(Value, &'static Shape)>>,
}

crate::gil_local! {
    static ROOT: Cell<Option<&'static Shape>> = const { Cell::new(None) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

/// Whether `key` (a shape's name) is the name `name` (an exact str).
#[inline]
fn same_name(key: &Value, name: &Value) -> bool {
    if key.is(name) {
        return true;
    }
    match (key.downcast::<StrData>(), name.downcast::<StrData>()) {
        (Some(a), Some(b)) => a.hash() == b.hash() && a.as_str() == b.as_str(),
        _ => false,
    }
}

impl Shape {
    /// The shape without names, where every fresh instance starts.
    pub fn root() -> &'static Shape {
        ROOT.with(|r| {
            r.get().unwrap_or_else(|| {
                let s: &'static Shape = Box::leak(Box::new(Shape {
                    names: Vec::new(),
                    hashes: Vec::new(),
                    transitions: RefCell::new(Vec::new()),
                }));
                r.set(Some(s));
                s
            })
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[Value] {
        &self.names
    }

    /// The position of `name` (an exact str object).
    #[inline]
    pub fn index_of(&self, name: &Value) -> Option<usize> {
        let h = name.downcast::<StrData>()?.hash();
        // Names are usually the interned objects of code: identity decides
        // unless another object has the same hash.
        let i = self.hashes.iter().position(|&x| x == h)?;
        if self.names[i].is(name) || same_name(&self.names[i], name) {
            return Some(i);
        }
        (i + 1..self.names.len()).find(|&j| self.hashes[j] == h && same_name(&self.names[j], name))
    }

    /// The position of the name with text `name`.
    pub fn index_of_str(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|k| k.downcast::<StrData>().is_some_and(|s| s.as_str() == name))
    }

    /// The shape with `name` (an exact str, not in this shape) added, or
    /// None when the instance should go to dict form instead.
    pub fn with(&'static self, name: &Value) -> Option<&'static Shape> {
        if let Some(&(_, s)) = self
            .transitions
            .borrow()
            .iter()
            .find(|(k, _)| same_name(k, name))
        {
            return Some(s);
        }
        if self.names.len() >= MAX_NAMES
            || self.transitions.borrow().len() >= MAX_TRANSITIONS
            || COUNT.with(Cell::get) >= MAX_SHAPES
        {
            return None;
        }
        COUNT.with(|c| c.set(c.get() + 1));
        let mut names = Vec::with_capacity(self.names.len() + 1);
        names.extend(self.names.iter().cloned());
        names.push(name.clone());
        let mut hashes = Vec::with_capacity(self.names.len() + 1);
        hashes.extend(self.hashes.iter().copied());
        hashes.push(name.downcast::<StrData>().map_or(0, |s| s.hash()));
        let s: &'static Shape = Box::leak(Box::new(Shape {
            names,
            hashes,
            transitions: RefCell::new(Vec::new()),
        }));
        self.transitions.borrow_mut().push((name.clone(), s));
        Some(s)
    }
}
