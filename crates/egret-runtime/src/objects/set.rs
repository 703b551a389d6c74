//! `set` and `frozenset`: an open-addressing table that follows CPython's
//! layout and probing (linear probes, then perturbation) so that iteration
//! order, and therefore printed output, matches CPython's.

use std::cell::RefCell;

use egret_bytecode::CmpOp;

use crate::object::types::Kind;
use crate::object::{Payload, Value};
use crate::objects::dict::fast_key_eq;
use crate::vm::{PyResult, Vm};

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Active(i64, Value),
}

#[derive(Clone)]
pub struct SetTable {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
    pub version: u64,
}

impl Default for SetTable {
    fn default() -> Self {
        Self::new()
    }
}

impl SetTable {
    /// The members, by reference (for the cycle collector).
    pub fn values_ref(&self) -> impl Iterator<Item = &Value> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(_, v) => Some(v),
            _ => None,
        })
    }

    pub fn new() -> Self {
        SetTable {
            slots: vec![Slot::Empty; MINSIZE],
            fill: 0,
            used: 0,
            version: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Items in table order (CPython's iteration order).
    pub fn items(&self) -> Vec<Value> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Active(_, v) => Some(v.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn items_hashed(&self) -> Vec<(i64, Value)> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Active(h, v) => Some((*h, v.clone())),
                _ => None,
            })
            .collect()
    }

    /// Item at table position `pos` or later: `(next position, item)`.
    pub fn item_from(&self, mut pos: usize) -> Option<(usize, Value)> {
        while pos < self.slots.len() {
            if let Slot::Active(_, v) = &self.slots[pos] {
                return Some((pos + 1, v.clone()));
            }
            pos += 1;
        }
        None
    }

    fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
        let mask = slots.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Active(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if matches!(slots[i + j], Slot::Empty) {
                        slots[i + j] = Slot::Active(hash, key);
                        return;
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; newsize]);
        for s in old {
            if let Slot::Active(h, v) = s {
                Self::insert_clean(&mut self.slots, h, v);
            }
        }
        self.fill = self.used;
        self.version += 1;
    }

    /// Finds `key`: Ok(Some(pos)) found, Ok(None) absent, Err(pos) needs Python equality at pos.
    fn find(&self, hash: i64, key: &Value, skip: &[usize]) -> Result<Option<usize>, usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                let pos = i + j;
                match &self.slots[pos] {
                    Slot::Empty => return Ok(None),
                    Slot::Active(h, k) if *h == hash && !skip.contains(&pos) => {
                        match fast_key_eq(k, key) {
                            Some(true) => return Ok(Some(pos)),
                            Some(false) => {}
                            None => return Err(pos),
                        }
                    }
                    _ => {}
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Inserts a key known to be absent.
    fn insert_new(&mut self, hash: i64, key: Value) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut free: Option<usize> = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                let pos = i + j;
                match &self.slots[pos] {
                    Slot::Empty => {
                        match free {
                            Some(f) => {
                                self.slots[f] = Slot::Active(hash, key);
                                self.used += 1;
                            }
                            None => {
                                self.slots[pos] = Slot::Active(hash, key);
                                self.fill += 1;
                                self.used += 1;
                                if self.fill * 5 >= mask * 3 {
                                    let n = if self.used > 50000 {
                                        self.used * 2
                                    } else {
                                        self.used * 4
                                    };
                                    self.resize(n);
                                }
                            }
                        }
                        self.version += 1;
                        return;
                    }
                    Slot::Dummy if free.is_none() => free = Some(pos),
                    _ => {}
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn clear(&mut self) {
        *self = SetTable {
            version: self.version + 1,
            ..SetTable::new()
        };
    }
}

pub struct SetData {
    pub table: RefCell<SetTable>,
}

impl Payload for SetData {
    fn matches(kind: Kind) -> bool {
        matches!(kind, Kind::Set | Kind::FrozenSet)
    }
}

pub fn new_set(ty: &Value) -> Value {
    Value::alloc(
        ty,
        SetData {
            table: RefCell::new(SetTable::new()),
        },
    )
}

pub fn new_set_from(ty: &Value, table: SetTable) -> Value {
    Value::alloc(
        ty,
        SetData {
            table: RefCell::new(table),
        },
    )
}

fn table(s: &Value) -> &RefCell<SetTable> {
    &s.downcast::<SetData>().expect("set").table
}

pub fn len(s: &Value) -> usize {
    table(s).borrow().len()
}

pub fn items(s: &Value) -> Vec<Value> {
    table(s).borrow().items()
}

/// Position of `key` in the table, calling Python `__eq__` where needed.
fn lookup(vm: &mut Vm, t: &RefCell<SetTable>, hash: i64, key: &Value) -> PyResult<Option<usize>> {
    let mut skip = Vec::new();
    loop {
        let (r, version) = {
            let tb = t.borrow();
            (tb.find(hash, key, &skip), tb.version)
        };
        match r {
            Ok(found) => return Ok(found),
            Err(pos) => {
                let cand = match &t.borrow().slots[pos] {
                    Slot::Active(_, k) => k.clone(),
                    _ => continue,
                };
                let eq = vm.eq(&cand, key)?;
                if t.borrow().version != version {
                    skip.clear();
                    continue;
                }
                if eq {
                    return Ok(Some(pos));
                }
                skip.push(pos);
            }
        }
    }
}

pub fn add(vm: &mut Vm, s: &Value, key: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    let t = table(s);
    if lookup(vm, t, hash, &key)?.is_none() {
        t.borrow_mut().insert_new(hash, key);
    }
    Ok(())
}

pub fn contains(vm: &mut Vm, s: &Value, key: &Value) -> PyResult<bool> {
    let hash = match vm.hash(key) {
        Ok(h) => h,
        Err(e)
            if key.kind() == Kind::Set
                && e.matches(&crate::object::types::types().exc.type_error) =>
        {
            // A set is looked up as the equal frozenset.
            let fs = new_set_from(
                &crate::object::types::types().frozenset,
                table(key).borrow().clone(),
            );
            return contains(vm, s, &fs);
        }
        Err(e) => return Err(e),
    };
    Ok(lookup(vm, table(s), hash, key)?.is_some())
}

/// Removes `key`; returns whether it was present.
pub fn discard(vm: &mut Vm, s: &Value, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    let t = table(s);
    match lookup(vm, t, hash, key)? {
        Some(pos) => {
            let mut tb = t.borrow_mut();
            tb.slots[pos] = Slot::Dummy;
            tb.used -= 1;
            tb.version += 1;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Removes and returns an arbitrary item (CPython's order).
pub fn pop(s: &Value) -> Option<Value> {
    let t = table(s);
    let mut tb = t.borrow_mut();
    let pos = tb
        .slots
        .iter()
        .position(|s| matches!(s, Slot::Active(..)))?;
    let old = std::mem::replace(&mut tb.slots[pos], Slot::Dummy);
    tb.used -= 1;
    tb.version += 1;
    match old {
        Slot::Active(_, v) => Some(v),
        _ => None,
    }
}

/// Adds every item of `other` (a set, or any iterable's items).
pub fn update(vm: &mut Vm, s: &Value, items: Vec<Value>) -> PyResult<()> {
    for it in items {
        add(vm, s, it)?;
    }
    Ok(())
}

/// A copy of `s` with type `ty`, keeping CPython's table layout.
pub fn copy_as(s: &Value, ty: &Value) -> Value {
    let tb = table(s).borrow().clone();
    new_set_from(ty, tb)
}

/// Set merge as CPython's `set_update` of a set into another: resize first, then insert.
pub fn merge(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    let other_items = table(other).borrow().items_hashed();
    {
        let t = table(s);
        let mut tb = t.borrow_mut();
        let n = other_items.len();
        if (tb.fill + n) * 5 >= tb.mask() * 3 {
            let used = tb.used;
            tb.resize((used + n) * 2);
        }
    }
    for (h, k) in other_items {
        let t = table(s);
        if lookup(vm, t, h, &k)?.is_none() {
            t.borrow_mut().insert_new(h, k);
        }
    }
    Ok(())
}

pub fn compare(vm: &mut Vm, a: &Value, b: &Value, op: CmpOp) -> PyResult<bool> {
    let subset = |vm: &mut Vm, x: &Value, y: &Value| -> PyResult<bool> {
        if len(x) > len(y) {
            return Ok(false);
        }
        for it in items(x) {
            if !contains(vm, y, &it)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    Ok(match op {
        CmpOp::Eq => len(a) == len(b) && subset(vm, a, b)?,
        CmpOp::Ne => !(len(a) == len(b) && subset(vm, a, b)?),
        CmpOp::Le => subset(vm, a, b)?,
        CmpOp::Lt => len(a) < len(b) && subset(vm, a, b)?,
        CmpOp::Ge => subset(vm, b, a)?,
        CmpOp::Gt => len(a) > len(b) && subset(vm, b, a)?,
    })
}

/// CPython's frozenset hash.
pub fn hash_frozenset(_vm: &mut Vm, s: &Value) -> PyResult<i64> {
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let mut hash: u64 = 0;
    let t = table(s).borrow();
    for (h, _) in t.items_hashed() {
        hash ^= shuffle(h as u64);
    }
    hash ^= ((t.len() as u64).wrapping_add(1)).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    let h = hash as i64;
    Ok(if h == -1 { 590_923_713 } else { h })
}
