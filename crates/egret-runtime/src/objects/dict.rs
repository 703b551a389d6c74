//! `dict`: an insertion-ordered hash table in CPython's compact layout (a
//! sparse index array pointing into a dense entry array), plus the views.
//!
//! Lookups may call Python `__eq__`, which may mutate the dict being searched;
//! the generic operations therefore never hold a borrow across such a call
//! and restart when the table changed underneath them.

use std::cell::{Cell, RefCell};

use smallvec::{SmallVec, smallvec};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::vm::{PyResult, Vm};

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
/// The size of a new table's index, and how many entries it holds before
/// it grows (two thirds).
const MIN_SIZE: usize = 8;
const MIN_USABLE: usize = 5;

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

/// The table behind a dict (and a type's or module's namespace).
#[derive(Clone)]
pub struct DictTable {
    /// The sparse index: dense positions, EMPTY or DUMMY. A small table
    /// keeps it and its entries inline (most dicts, and the attribute dicts
    /// of instances, hold a handful of keys): one allocation per dict, and
    /// a lookup touches one block of memory.
    indices: SmallVec<[i32; MIN_SIZE]>,
    entries: SmallVec<[Option<Entry>; MIN_USABLE]>,
    /// Live entries (the dense positions are `i32`s: the count fits).
    used: u32,
    /// No live entry sits before this dense position: finding the first
    /// entry stays O(1) while entries are popped from the front
    /// (`OrderedDict.popitem(last=False)`).
    first: u32,
    /// Bumped (wrapping) on every change of keys, not of values: a lookup
    /// that ran Python code starts over when it moved.
    version: u32,
    /// Bumped whenever a key is added, removed or moved, but not by
    /// `clear`: what `OrderedDict` iterators check, as CPython's `od_state`
    /// (a cleared OrderedDict reports a change of size, not a mutation).
    order: u32,
    /// A process-unique stamp renewed on every change of keys or values:
    /// equal stamps mean equal contents (caches of global lookups rely on it).
    pub stamp: u64,
}

crate::gil_local! {
    static STAMPS: Cell<u64> = const { Cell::new(1) };
}

/// A fresh dict-content stamp.
#[inline]
pub fn next_stamp() -> u64 {
    STAMPS.with(|s| {
        let v = s.get() + 1;
        s.set(v);
        v
    })
}

/// Quick equality for keys that cannot run Python code: `Some(answer)` or
/// `None` when Python-level `__eq__` must decide.
pub fn fast_key_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.is(b) {
        return Some(true);
    }
    let (ka, kb) = (a.kind(), b.kind());
    match (ka, kb) {
        (Kind::Str, Kind::Str) => {
            let (sa, sb) = (
                a.downcast::<crate::objects::str::StrData>()?,
                b.downcast::<crate::objects::str::StrData>()?,
            );
            Some(sa.as_str() == sb.as_str())
        }
        (Kind::Int | Kind::Bool | Kind::Float, Kind::Int | Kind::Bool | Kind::Float) => {
            Some(crate::objects::int::numeric_eq(a, b))
        }
        (Kind::Str, Kind::Int | Kind::Float | Kind::Bool | Kind::Tuple | Kind::None)
        | (Kind::Int | Kind::Float | Kind::Bool | Kind::Tuple | Kind::None, Kind::Str) => {
            Some(false)
        }
        _ => None,
    }
}

/// Whether `key` is a str equal to `name`.
#[inline]
fn str_eq(key: &Value, name: &str) -> bool {
    key.downcast::<crate::objects::str::StrData>()
        .is_some_and(|s| s.as_str() == name)
}

impl Default for DictTable {
    fn default() -> Self {
        Self::new()
    }
}

impl DictTable {
    pub fn new() -> Self {
        DictTable {
            indices: smallvec![EMPTY; MIN_SIZE],
            entries: SmallVec::new(),
            used: 0,
            first: 0,
            version: 0,
            order: 0,
            stamp: next_stamp(),
        }
    }

    pub fn len(&self) -> usize {
        self.used as usize
    }

    /// The `OrderedDict` state: changes when keys are added, removed or
    /// moved (see the field).
    pub fn order_state(&self) -> u32 {
        self.order
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.indices.len() - 1
    }

    /// Probes for `key`: found, the free slot to insert at, or a same-hash
    /// candidate only Python's `__eq__` can decide.
    fn probe(&self, hash: i64, key: &Value) -> Probe {
        self.probe_from(hash, key, &[])
    }

    /// `probe`, skipping the entries Python already said differ.
    fn probe_from(&self, hash: i64, key: &Value, skip: &[usize]) -> Probe {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut free: Option<usize> = None;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return Probe::Missing(free.unwrap_or(i));
            }
            if ix == DUMMY {
                if free.is_none() {
                    free = Some(i);
                }
            } else if !skip.contains(&(ix as usize))
                && let Some(e) = &self.entries[ix as usize]
                && e.hash == hash
            {
                match fast_key_eq(&e.key, key) {
                    Some(true) => return Probe::Found(i, ix as usize),
                    Some(false) => {}
                    None => return Probe::AskPython(ix as usize),
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

    fn grow_if_needed(&mut self) {
        if (self.entries.len() + 1) * 3 >= self.indices.len() * 2 {
            let mut size = 8;
            while size * 2 <= (self.len() + 1) * 3 {
                size *= 2;
            }
            size *= 2;
            self.rebuild(size);
        }
    }

    fn rebuild(&mut self, size: usize) {
        let entries: SmallVec<[Option<Entry>; MIN_USABLE]> = std::mem::take(&mut self.entries)
            .into_iter()
            .filter(|e| e.is_some())
            .collect();
        self.indices = smallvec![EMPTY; size];
        self.first = 0;
        let mask = size - 1;
        for (ix, e) in entries.iter().enumerate() {
            let Some(e) = e else { continue };
            let mut perturb = e.hash as u64;
            let mut i = (e.hash as u64 as usize) & mask;
            while self.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
            self.indices[i] = ix as i32;
        }
        self.entries = entries;
    }

    /// The first empty or deleted slot on `hash`'s probe sequence (the key
    /// is known to be absent).
    fn free_slot(&self, hash: i64) -> usize {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] >= 0 {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        i
    }

    fn insert_at(&mut self, slot: usize, hash: i64, key: Value, value: Value) {
        let ix = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        self.indices[slot] = ix as i32;
        self.used += 1;
        self.order = self.order.wrapping_add(1);
        self.version = self.version.wrapping_add(1);
        self.stamp = next_stamp();
    }

    // ----- string-keyed fast paths (namespaces, attributes) -----

    /// Looks up a str key given as a str object (its hash is cached, and
    /// interned names usually match by identity).
    #[inline]
    pub fn get_name(&self, key: &Value) -> Option<Value> {
        let k = key.downcast::<crate::objects::str::StrData>()?;
        self.find_str(k.hash(), |e| e.is(key) || str_eq(e, k.as_str()))
    }

    pub fn get_str(&self, name: &str) -> Option<Value> {
        self.get_str_hashed(name, crate::objects::str::hash_str(name))
    }

    /// `get_str` with the name's hash already computed.
    #[inline]
    pub fn get_str_hashed(&self, name: &str, hash: i64) -> Option<Value> {
        self.find_str(hash, |e| str_eq(e, name))
    }

    /// `get_name`, trying first the dense position `hint` (where an earlier
    /// lookup at the same attribute site found the name: instances made the
    /// same way keep their attributes in the same order), and remembering
    /// there where the name was found.
    #[inline(always)]
    pub fn get_name_hinted(&self, key: &Value, hint: &Cell<u32>) -> Option<Value> {
        if let Some(Some(e)) = self.entries.get(hint.get() as usize)
            && e.key.is(key)
        {
            return Some(e.value.clone());
        }
        self.get_name_rehint(key, hint)
    }

    /// `get_name_hinted` when the hint missed: the full lookup.
    #[inline(never)]
    fn get_name_rehint(&self, key: &Value, hint: &Cell<u32>) -> Option<Value> {
        let k = key.downcast::<crate::objects::str::StrData>()?;
        let ix = self.find_str_ix(k.hash(), |e| e.is(key) || str_eq(e, k.as_str()))?;
        hint.set(ix as u32);
        self.entries[ix].as_ref().map(|e| e.value.clone())
    }

    /// The value of the entry with `hash` whose key `matches` (str-keyed
    /// lookups, which never need Python equality).
    #[inline]
    fn find_str(&self, hash: i64, matches: impl Fn(&Value) -> bool) -> Option<Value> {
        let ix = self.find_str_ix(hash, matches)?;
        self.entries[ix].as_ref().map(|e| e.value.clone())
    }

    /// The dense position of the entry with `hash` whose key `matches`.
    #[inline]
    fn find_str_ix(&self, hash: i64, matches: impl Fn(&Value) -> bool) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix >= 0
                && let Some(e) = &self.entries[ix as usize]
                && e.hash == hash
                && matches(&e.key)
            {
                return Some(ix as usize);
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Adds `key`, a str object known to be absent (the names of an
    /// instance's shape, see `InstanceData::dict`).
    pub fn push_new_str_key(&mut self, key: Value, value: Value) {
        let hash = key
            .downcast::<crate::objects::str::StrData>()
            .map(|s| s.hash())
            .unwrap_or(0);
        self.set_fast(key, hash, value);
    }

    pub fn set_str(&mut self, name: &str, value: Value) {
        let key = crate::objects::str::new_str(name);
        let hash = crate::objects::str::hash_str(name);
        self.set_fast(key, hash, value);
    }

    /// Insert or replace a key whose equality never needs Python (str, int, ...).
    pub fn set_fast(&mut self, key: Value, hash: i64, value: Value) {
        match self.probe(hash, &key) {
            Probe::Found(_, ix) => {
                if let Some(e) = &mut self.entries[ix] {
                    e.value = value;
                }
                self.stamp = next_stamp();
            }
            _ => {
                self.grow_if_needed();
                if let Probe::Missing(slot) = self.probe(hash, &key) {
                    self.insert_at(slot, hash, key, value);
                }
            }
        }
    }

    pub fn del_str(&mut self, name: &str) -> Option<Value> {
        let key = crate::objects::str::new_str(name);
        let hash = crate::objects::str::hash_str(name);
        match self.probe(hash, &key) {
            Probe::Found(slot, ix) => Some(self.remove_at(slot, ix).value),
            _ => None,
        }
    }

    fn remove_at(&mut self, slot: usize, ix: usize) -> Entry {
        self.indices[slot] = DUMMY;
        self.used -= 1;
        self.order = self.order.wrapping_add(1);
        self.version = self.version.wrapping_add(1);
        self.stamp = next_stamp();
        let e = self.entries[ix].take().expect("live entry");
        // Compact when mostly holes, keeping order.
        if self.entries.len() > 16 && self.len() * 2 < self.entries.len() {
            let size = self.indices.len();
            self.rebuild(size);
        }
        e
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    /// Entry by dense position, for iterators: `(next position, entry)`.
    pub fn entry_from(&self, mut pos: usize) -> Option<(usize, &Entry)> {
        while pos < self.entries.len() {
            if let Some(e) = &self.entries[pos] {
                return Some((pos + 1, e));
            }
            pos += 1;
        }
        None
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// The entry at dense position `pos`, if live, for iterators that
    /// walk the positions themselves (`OrderedDict`'s).
    pub fn entry_at(&self, pos: usize) -> Option<&Entry> {
        self.entries.get(pos).and_then(Option::as_ref)
    }

    /// The dense position of the first live entry at or after `pos`.
    pub fn live_from(&self, pos: usize) -> Option<usize> {
        (pos..self.entries.len()).find(|&i| self.entries[i].is_some())
    }

    /// The dense position of the last live entry before `pos`.
    pub fn live_before(&self, pos: usize) -> Option<usize> {
        (0..pos.min(self.entries.len()))
            .rev()
            .find(|&i| self.entries[i].is_some())
    }

    pub fn clear(&mut self) {
        *self = self.emptied();
    }

    /// Empties the table and hands back the old contents, to be dropped
    /// once no borrow of the table is held (dropping values runs code).
    pub fn take_all(&mut self) -> DictTable {
        let empty = self.emptied();
        std::mem::replace(self, empty)
    }

    /// An empty table that follows this one: the key version moves on, so
    /// that a lookup interrupted by the clearing starts over; the
    /// OrderedDict state stays (CPython's `clear` leaves `od_state` alone).
    fn emptied(&self) -> DictTable {
        DictTable {
            version: self.version.wrapping_add(1),
            order: self.order,
            ..DictTable::new()
        }
    }

    /// The dense position of the first live entry.
    pub fn first_live(&self) -> Option<usize> {
        self.live_from(self.first as usize)
    }

    /// The dense position of the last live entry.
    pub fn last_live(&self) -> Option<usize> {
        self.live_before(self.entries.len())
    }

    /// Removes and returns the last entry.
    pub fn pop_last(&mut self) -> Option<Entry> {
        let ix = self.last_live()?;
        self.remove_live(ix)
    }

    /// Removes and returns the first entry.
    pub fn pop_first(&mut self) -> Option<Entry> {
        let ix = self.first_live()?;
        // Set before the removal, which may compact the table (and reset
        // the hint).
        self.first = (ix + 1) as u32;
        self.remove_live(ix)
    }

    fn remove_live(&mut self, ix: usize) -> Option<Entry> {
        let e = self.entries[ix].as_ref()?;
        let (hash, key) = (e.hash, e.key.clone());
        let slot = self.slot_of(hash, ix, &key);
        Some(self.remove_at(slot, ix))
    }

    /// Moves the live entry at dense position `ix` (found in index slot
    /// `slot`) to the end of the order, or to its start: what
    /// `OrderedDict.move_to_end` does. An entry already there stays, and
    /// nothing changes (as in CPython, iterators are not disturbed).
    ///
    /// To the end is amortized O(1): the entry is appended and leaves a
    /// hole, and the table is compacted when holes outnumber the entries.
    /// To the start reuses a hole before the first entry if there is one,
    /// and otherwise shifts every entry (O(n)).
    fn move_entry(&mut self, slot: usize, ix: usize, last: bool) {
        let at_end = if last {
            self.last_live()
        } else {
            self.first_live()
        };
        if at_end == Some(ix) {
            return;
        }
        let e = self.entries[ix].take();
        self.order = self.order.wrapping_add(1);
        self.version = self.version.wrapping_add(1);
        self.stamp = next_stamp();
        if last {
            self.entries.push(e);
            self.indices[slot] = (self.entries.len() - 1) as i32;
            if self.entries.len() > 2 * self.len() + 8 {
                let size = self.indices.len();
                self.rebuild(size);
            }
        } else {
            match self.first_live() {
                Some(first) if first > 0 => {
                    self.entries[first - 1] = e;
                    self.indices[slot] = (first - 1) as i32;
                    self.first = (first - 1) as u32;
                }
                _ => {
                    self.entries.insert(0, e);
                    let size = self.indices.len();
                    self.rebuild(size);
                }
            }
        }
    }

    fn slot_of(&self, hash: i64, ix: usize, _key: &Value) -> usize {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if self.indices[i] == ix as i32 {
                return i;
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
}

enum Probe {
    Found(usize, usize),
    Missing(usize),
    AskPython(usize),
}

// ----- generic operations (may call Python) -----

/// Finds the entry index of `key`.
fn find(
    vm: &mut Vm,
    t: &RefCell<DictTable>,
    key: &Value,
    hash: i64,
) -> PyResult<Result<(usize, usize), usize>> {
    let mut skip: Vec<usize> = Vec::new();
    loop {
        let (probe, version) = {
            let tb = t.borrow();
            (tb.probe_from(hash, key, &skip), tb.version)
        };
        match probe {
            Probe::Found(slot, ix) => return Ok(Ok((slot, ix))),
            Probe::Missing(slot) => return Ok(Err(slot)),
            Probe::AskPython(ix) => {
                let candidate = match &t.borrow().entries[ix] {
                    Some(e) => e.key.clone(),
                    None => continue,
                };
                let equal = vm.eq(&candidate, key)?;
                if t.borrow().version != version {
                    skip.clear();
                    continue;
                }
                if equal {
                    let tb = t.borrow();
                    let slot = tb.slot_of(hash, ix, key);
                    return Ok(Ok((slot, ix)));
                }
                skip.push(ix);
            }
        }
    }
}

pub fn get(vm: &mut Vm, t: &RefCell<DictTable>, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    get_hashed(vm, t, key, hash)
}

pub fn get_hashed(
    vm: &mut Vm,
    t: &RefCell<DictTable>,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    Ok(match find(vm, t, key, hash)? {
        Ok((_, ix)) => t.borrow().entries[ix].as_ref().map(|e| e.value.clone()),
        Err(_) => None,
    })
}

pub fn set(vm: &mut Vm, t: &RefCell<DictTable>, key: Value, value: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    set_hashed(vm, t, key, hash, value)
}

pub fn set_hashed(
    vm: &mut Vm,
    t: &RefCell<DictTable>,
    key: Value,
    hash: i64,
    value: Value,
) -> PyResult<()> {
    match find(vm, t, &key, hash)? {
        Ok((_, ix)) => {
            let old = {
                let mut tb = t.borrow_mut();
                tb.stamp = next_stamp();
                tb.entries[ix]
                    .as_mut()
                    .map(|e| std::mem::replace(&mut e.value, value))
            };
            drop(old);
        }
        Err(_) => {
            let mut tb = t.borrow_mut();
            tb.grow_if_needed();
            let slot = tb.free_slot(hash);
            tb.insert_at(slot, hash, key, value);
        }
    }
    Ok(())
}

/// `t[key] = value` for a str `key` at an attribute site: the entry at
/// the dense position `hint` is replaced when it holds that very key (see
/// `DictTable::get_name_hinted`); otherwise the generic store, after which
/// `hint` is where the key went.
#[inline(always)]
pub fn set_name_hinted(
    vm: &mut Vm,
    t: &RefCell<DictTable>,
    key: &Value,
    value: Value,
    hint: &Cell<u32>,
) -> PyResult<()> {
    let old = {
        let mut tb = t.borrow_mut();
        let tb = &mut *tb;
        match tb.entries.get_mut(hint.get() as usize) {
            Some(Some(e)) if e.key.is(key) => {
                let old = std::mem::replace(&mut e.value, value);
                tb.stamp = next_stamp();
                Ok(old)
            }
            _ => Err(value),
        }
    };
    match old {
        // (Dropped outside the borrow: a finalizer may look at the dict.)
        Ok(old) => {
            drop(old);
            Ok(())
        }
        Err(value) => set_name_rehint(vm, t, key, value, hint),
    }
}

/// `set_name_hinted` when the hint missed: a full store, then the hint
/// updated to where the name is.
#[inline(never)]
fn set_name_rehint(
    vm: &mut Vm,
    t: &RefCell<DictTable>,
    key: &Value,
    value: Value,
    hint: &Cell<u32>,
) -> PyResult<()> {
    // An exact str key (every name of an attribute site) has its hash
    // cached and compares without Python code against str keys: probe
    // directly. Only a same-hash key of another type (one Python's `__eq__`
    // must judge) takes the generic store.
    if key.is_exact(&types().str_)
        && let Some(k) = key.downcast::<crate::objects::str::StrData>()
    {
        let hash = k.hash();
        let mut tb = t.borrow_mut();
        match tb.probe(hash, key) {
            Probe::Found(_, ix) => {
                let old = tb.entries[ix]
                    .as_mut()
                    .map(|e| std::mem::replace(&mut e.value, value));
                tb.stamp = next_stamp();
                drop(tb);
                hint.set(ix as u32);
                // (Dropped outside the borrow: a finalizer may look at it.)
                drop(old);
                return Ok(());
            }
            Probe::Missing(_) => {
                tb.grow_if_needed();
                let slot = tb.free_slot(hash);
                tb.insert_at(slot, hash, key.clone(), value);
                hint.set((tb.entries.len() - 1) as u32);
                return Ok(());
            }
            Probe::AskPython(_) => {}
        }
    }
    set(vm, t, key.clone(), value)?;
    let tb = t.borrow();
    let ix = match tb.entries.last() {
        Some(Some(e)) if e.key.is(key) => Some(tb.entries.len() - 1),
        _ => key
            .downcast::<crate::objects::str::StrData>()
            .and_then(|k| tb.find_str_ix(k.hash(), |e| e.is(key))),
    };
    if let Some(ix) = ix {
        hint.set(ix as u32);
    }
    Ok(())
}

pub fn del(vm: &mut Vm, t: &RefCell<DictTable>, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    match find(vm, t, key, hash)? {
        Ok((slot, ix)) => {
            let e = t.borrow_mut().remove_at(slot, ix);
            Ok(Some(e.value))
        }
        Err(_) => Ok(None),
    }
}

/// `OrderedDict.move_to_end(key, last)`: false when `key` is missing.
pub fn move_to_end(vm: &mut Vm, t: &RefCell<DictTable>, key: &Value, last: bool) -> PyResult<bool> {
    // The key already at that end, by identity: nothing to look up (as in
    // CPython, which does not even hash it).
    {
        let tb = t.borrow();
        let end = if last {
            tb.last_live()
        } else {
            tb.first_live()
        };
        if end
            .and_then(|i| tb.entry_at(i))
            .is_some_and(|e| e.key.is(key))
        {
            return Ok(true);
        }
    }
    let hash = vm.hash(key)?;
    match find(vm, t, key, hash)? {
        Ok((slot, ix)) => {
            t.borrow_mut().move_entry(slot, ix, last);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

pub fn contains(vm: &mut Vm, t: &RefCell<DictTable>, key: &Value) -> PyResult<bool> {
    Ok(get(vm, t, key)?.is_some())
}

/// The `dict` object payload.
pub struct DictData {
    pub table: RefCell<DictTable>,
}

impl Payload for DictData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Dict
    }
}

pub fn new_dict(table: DictTable) -> Value {
    Value::alloc(
        &types().dict,
        DictData {
            table: RefCell::new(table),
        },
    )
}

/// A new empty attribute dict for an instance. The cycle collector does not
/// track it while the instance is its only holder: the instance's traverse
/// covers the dict's contents (one container per instance instead of two).
/// Once shared (`obj.__dict__` kept elsewhere), the collector tracks it.
pub fn new_instance_dict() -> Value {
    Value::alloc_gc_untracked(
        &types().dict,
        DictData {
            table: RefCell::new(DictTable::new()),
        },
    )
}

/// A view: `dict.keys()`, `.values()`, `.items()`.
pub struct DictViewData {
    pub dict: Value,
    pub which: ViewKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

impl Payload for DictViewData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::DictView
    }
}

/// Iteration state over a dict's dense entries.
pub struct DictCursor {
    pub dict: Value,
    pub pos: Cell<usize>,
    pub len_at_start: usize,
    pub which: ViewKind,
}
