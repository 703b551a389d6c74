//! Subscription and membership: `obj[key]`, `obj[key] = v`, `del obj[key]`,
//! `x in obj`, for every builtin container and for classes that define the
//! dunders; plus slicing of the builtin sequences.

use num_bigint::BigInt;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, DictTable};
use crate::objects::int::to_bigint;
use crate::objects::list::ListData;
use crate::objects::range::{
    RangeData, SliceData, norm_index, slice_indices, slice_indices_live, slice_len, slice_positions,
};
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm};

impl Vm {
    fn seq_index(&mut self, key: &Value, what: &str) -> PyResult<i64> {
        if let Some(i) = key.as_small() {
            return Ok(i);
        }
        match key.kind() {
            Kind::Int | Kind::Bool => crate::objects::int::to_i64(key)
                .ok_or_else(|| self.index_error("cannot fit 'int' into an index-sized integer")),
            _ if self.user_method(key, "__index__").is_some() => {
                self.index_value_or(key, &types().exc.index_error)
            }
            _ if what == "string" => Err(self.type_error(format!(
                "string indices must be integers, not '{}'",
                key.type_data().name
            ))),
            _ => Err(self.type_error(format!(
                "{what} indices must be integers or slices, not {}",
                key.type_data().name
            ))),
        }
    }

    /// `obj[key]`.
    pub fn getitem(&mut self, obj: &Value, key: &Value) -> PyResult {
        if (crate::protocols::ops::is_heap_builtin(obj) || obj.kind() == Kind::Type)
            && let Some(m) = self.user_method(obj, "__getitem__")
        {
            return self.call_special(&m, obj, std::slice::from_ref(key));
        }
        self.getitem_builtin(obj, key)
    }

    /// `obj[key]` as the builtin type of `obj` does it (`list.__getitem__`).
    pub fn getitem_builtin(&mut self, obj: &Value, key: &Value) -> PyResult {
        let is_slice = key.kind() == Kind::Slice;
        match obj.kind() {
            Kind::List
                if !obj.type_data().is_heap || self.user_method(obj, "__getitem__").is_none() =>
            {
                let l = obj.downcast::<ListData>().expect("list");
                if is_slice {
                    let (a, b, s) = slice_indices_live(self, key, || l.items.borrow().len())?;
                    let out = slice_take(&l.items.borrow(), a, b, s);
                    return Ok(crate::objects::list::new_list(out));
                }
                let i = self.seq_index(key, "list")?;
                let items = l.items.borrow();
                match norm_index(i, items.len()) {
                    Some(j) => Ok(items[j].clone()),
                    None => Err(self.index_error("list index out of range")),
                }
            }
            Kind::Tuple => {
                let t = obj.downcast::<TupleData>().expect("tuple");
                if is_slice {
                    let (a, b, s) = slice_indices(self, key, t.items.len())?;
                    if a == 0
                        && s == 1
                        && b as usize == t.items.len()
                        && obj.is_exact(&types().tuple)
                    {
                        return Ok(obj.clone());
                    }
                    let out = slice_take(&t.items, a, b, s);
                    return Ok(crate::objects::tuple::new_tuple(out));
                }
                let i = self.seq_index(key, "tuple")?;
                match norm_index(i, t.items.len()) {
                    Some(j) => Ok(t.items[j].clone()),
                    None => Err(self.index_error("tuple index out of range")),
                }
            }
            Kind::Str => {
                let s = obj.downcast::<StrData>().expect("str");
                if is_slice {
                    let (a, b, st) = slice_indices(self, key, s.char_len())?;
                    if st == 1 {
                        let (a, b) = (a as usize, (b.max(a)) as usize);
                        return Ok(new_str(s.slice(a, b)));
                    }
                    let chars: Vec<char> = s.as_str().chars().collect();
                    let out: String = slice_positions(a, b, st)
                        .into_iter()
                        .map(|i| chars[i])
                        .collect();
                    return Ok(new_str(&out));
                }
                let i = self.seq_index(key, "string")?;
                match norm_index(i, s.char_len()) {
                    Some(j) => Ok(new_str(s.char_at(j).encode_utf8(&mut [0; 4]))),
                    None => Err(self.index_error("string index out of range")),
                }
            }
            Kind::Bytes | Kind::ByteArray => {
                let data = &obj.downcast::<BytesData>().expect("bytes").data;
                if is_slice {
                    // (The indices first: an `__index__` may change a
                    // bytearray.)
                    let (x, y, st) = slice_indices_live(self, key, || data.borrow().len())?;
                    let out = slice_take(&data.borrow(), x, y, st);
                    return Ok(if obj.kind() == Kind::Bytes {
                        crate::objects::bytes::new_bytes(out)
                    } else {
                        crate::objects::bytes::new_bytearray(out)
                    });
                }
                let i = self.seq_index(key, "byte")?;
                let b = data.borrow();
                match norm_index(i, b.len()) {
                    Some(j) => Ok(crate::objects::int::from_i64(i64::from(b[j]))),
                    None => Err(self.index_error(if obj.kind() == Kind::Bytes {
                        "index out of range"
                    } else {
                        "bytearray index out of range"
                    })),
                }
            }
            Kind::Range => {
                let r = obj.downcast::<RangeData>().expect("range");
                let len = r.len();
                if is_slice {
                    let (a, b, st) = crate::objects::range::slice_indices_big(self, key, &len)?;
                    let start = r.item(&a);
                    let stop = r.item(&b);
                    let step = &r.step * st;
                    return Ok(crate::objects::range::new_range(start, stop, step));
                }
                let i = match to_bigint(key) {
                    Some(i) => i,
                    None => BigInt::from(self.seq_index(key, "range")?),
                };
                let j = if i < BigInt::from(0) { &i + &len } else { i };
                if j < BigInt::from(0) || j >= len {
                    return Err(self.index_error("range object index out of range"));
                }
                Ok(crate::objects::int::from_bigint(r.item(&j)))
            }
            // A subclass's own __getitem__ is not consulted: this is what
            // it reaches through super() (its __missing__ is, as in CPython).
            Kind::Dict => {
                let d = obj.downcast::<DictData>().expect("dict");
                match crate::objects::dict::get(self, &d.table, key)? {
                    Some(v) => Ok(v),
                    None => {
                        if let Some(m) = self.user_method(obj, "__missing__") {
                            return self.call_special(&m, obj, std::slice::from_ref(key));
                        }
                        Err(self.key_error(key.clone()))
                    }
                }
            }
            Kind::Type => {
                // Generic aliases (list[int]) are accepted and ignored.
                if let Some(m) = obj.type_data_of_type().lookup_static("__class_getitem__") {
                    let f = match m.downcast::<crate::objects::descr::WrapperData>() {
                        Some(w) => w.func.clone(),
                        None => m,
                    };
                    return self.call(&f, &[obj.clone(), key.clone()], &[]);
                }
                let t = types();
                if [&t.list, &t.dict, &t.tuple, &t.set, &t.frozenset, &t.type_]
                    .iter()
                    .any(|g| obj.is(g))
                {
                    return Ok(crate::objects::alias::generic_alias(obj, key));
                }
                Err(self.type_error(format!(
                    "type '{}' is not subscriptable",
                    obj.type_data_of_type().name
                )))
            }
            _ => {
                if let Some(m) = self.user_method(obj, "__getitem__") {
                    return self.call_special(&m, obj, std::slice::from_ref(key));
                }
                Err(self.type_error(format!(
                    "'{}' object is not subscriptable",
                    obj.type_data().name
                )))
            }
        }
    }

    /// `obj[key] = v`.
    pub fn setitem(&mut self, obj: &Value, key: Value, v: Value) -> PyResult<()> {
        if obj.type_data().is_heap
            && let Some(m) = self.user_method(obj, "__setitem__")
        {
            self.call_special(&m, obj, &[key, v])?;
            return Ok(());
        }
        self.setitem_builtin(obj, key, v)
    }

    /// `setitem` as the builtin type of `obj` does it.
    pub fn setitem_builtin(&mut self, obj: &Value, key: Value, v: Value) -> PyResult<()> {
        match obj.kind() {
            Kind::Dict => {
                let d = obj.downcast::<DictData>().expect("dict");
                crate::objects::dict::set(self, &d.table, key, v)
            }
            Kind::List => {
                let l = obj.downcast::<ListData>().expect("list");
                if key.kind() == Kind::Slice {
                    let new_items = self.iterate(&v)?;
                    let (a, b, st) = slice_indices_live(self, &key, || l.items.borrow().len())?;
                    let mut items = l.items.borrow_mut();
                    if st == 1 {
                        let b = b.max(a);
                        items.splice(a as usize..b as usize, new_items);
                        return Ok(());
                    }
                    let pos = slice_positions(a, b, st);
                    if pos.len() != new_items.len() {
                        drop(items);
                        return Err(self.value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            new_items.len(),
                            pos.len()
                        )));
                    }
                    for (p, x) in pos.into_iter().zip(new_items) {
                        items[p] = x;
                    }
                    return Ok(());
                }
                let i = self.seq_index(&key, "list")?;
                let mut items = l.items.borrow_mut();
                match norm_index(i, items.len()) {
                    Some(j) => {
                        let old = std::mem::replace(&mut items[j], v);
                        drop(items);
                        drop(old);
                        Ok(())
                    }
                    None => {
                        drop(items);
                        Err(self.index_error("list assignment index out of range"))
                    }
                }
            }
            Kind::ByteArray if key.kind() == Kind::Slice => {
                // The new bytes: a bytes-like object, or an iterable of ints.
                let new: Vec<u8> = match crate::objects::buffer::bytes_like_opt(self, &v)? {
                    Some(b) => b,
                    None => {
                        if matches!(v.kind(), Kind::Int | Kind::Str) {
                            return Err(self.type_error(
                                "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                            ));
                        }
                        let mut out = Vec::new();
                        for x in self.iterate(&v)? {
                            let n = self.index_value(&x)?;
                            if !(0..=255).contains(&n) {
                                return Err(self.value_error("byte must be in range(0, 256)"));
                            }
                            out.push(n as u8);
                        }
                        out
                    }
                };
                let b = obj.downcast::<BytesData>().expect("bytes");
                let (a, e, st) = slice_indices_live(self, &key, || b.data.borrow().len())?;
                if st == 1 && (e.max(a) - a) as usize != new.len() {
                    crate::objects::buffer::check_resizable(self, obj)?;
                }
                let mut data = b.data.borrow_mut();
                if st == 1 {
                    let e = e.max(a);
                    data.splice(a as usize..e as usize, new);
                    return Ok(());
                }
                let pos = slice_positions(a, e, st);
                if new.is_empty() && !pos.is_empty() {
                    // Assigning nothing to an extended slice deletes it.
                    drop(data);
                    crate::objects::buffer::check_resizable(self, obj)?;
                    remove_positions(&mut b.data.borrow_mut(), pos);
                    return Ok(());
                }
                if pos.len() != new.len() {
                    drop(data);
                    return Err(self.value_error(format!(
                        "attempt to assign bytes of size {} to extended slice of size {}",
                        new.len(),
                        pos.len()
                    )));
                }
                for (p, x) in pos.into_iter().zip(new) {
                    data[p] = x;
                }
                Ok(())
            }
            Kind::ByteArray => {
                let i = self.seq_index(&key, "bytearray")?;
                let byte = self.index_value(&v)?;
                if !(0..=255).contains(&byte) {
                    return Err(self.value_error("byte must be in range(0, 256)"));
                }
                let b = obj.downcast::<BytesData>().expect("bytes");
                let mut data = b.data.borrow_mut();
                match norm_index(i, data.len()) {
                    Some(j) => {
                        data[j] = byte as u8;
                        Ok(())
                    }
                    None => {
                        drop(data);
                        Err(self.index_error("bytearray index out of range"))
                    }
                }
            }
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                obj.type_data().name
            ))),
        }
    }

    /// `del obj[key]`.
    pub fn delitem(&mut self, obj: &Value, key: &Value) -> PyResult<()> {
        if obj.type_data().is_heap
            && let Some(m) = self.user_method(obj, "__delitem__")
        {
            self.call_special(&m, obj, std::slice::from_ref(key))?;
            return Ok(());
        }
        self.delitem_builtin(obj, key)
    }

    /// `delitem` as the builtin type of `obj` does it.
    pub fn delitem_builtin(&mut self, obj: &Value, key: &Value) -> PyResult<()> {
        match obj.kind() {
            Kind::Dict => {
                let d = obj.downcast::<DictData>().expect("dict");
                match crate::objects::dict::del(self, &d.table, key)? {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(key.clone())),
                }
            }
            Kind::ByteArray => {
                let b = obj.downcast::<BytesData>().expect("bytes");
                if key.kind() == Kind::Slice {
                    // (The indices first: an `__index__` may change the
                    // bytearray.)
                    let (a, e, st) = slice_indices_live(self, key, || b.data.borrow().len())?;
                    if slice_len(a, e, st) > 0 {
                        crate::objects::buffer::check_resizable(self, obj)?;
                    }
                    remove_slice(&mut b.data.borrow_mut(), a, e, st);
                    return Ok(());
                }
                let i = self.seq_index(key, "bytearray")?;
                let len = b.data.borrow().len();
                match norm_index(i, len) {
                    Some(j) => {
                        crate::objects::buffer::check_resizable(self, obj)?;
                        b.data.borrow_mut().remove(j);
                        Ok(())
                    }
                    None => Err(self.index_error("bytearray index out of range")),
                }
            }
            Kind::List => {
                let l = obj.downcast::<ListData>().expect("list");
                if key.kind() == Kind::Slice {
                    let (a, b, st) = slice_indices_live(self, key, || l.items.borrow().len())?;
                    let removed = remove_slice(&mut l.items.borrow_mut(), a, b, st);
                    // The items are released after the list is.
                    drop(removed);
                    return Ok(());
                }
                let i = self.seq_index(key, "list")?;
                let mut items = l.items.borrow_mut();
                match norm_index(i, items.len()) {
                    Some(j) => {
                        let old = items.remove(j);
                        drop(items);
                        drop(old);
                        Ok(())
                    }
                    None => {
                        drop(items);
                        Err(self.index_error("list assignment index out of range"))
                    }
                }
            }
            _ => Err(self.type_error(format!(
                "'{}' object does not support item deletion",
                obj.type_data().name
            ))),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        if container.type_data().is_heap
            && let Some(m) = self.user_method(container, "__contains__")
        {
            let r = self.call_special(&m, container, std::slice::from_ref(item))?;
            return self.truthy(&r);
        }
        self.contains_builtin(container, item)
    }

    /// `item in container` as the builtin type of `container` does it.
    pub fn contains_builtin(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container.kind() {
            Kind::Str => {
                let s = container.downcast::<StrData>().expect("str").as_str();
                match item.downcast::<StrData>() {
                    Some(sub) => Ok(s.contains(sub.as_str())),
                    None => Err(self.type_error(format!(
                        "'in <string>' requires string as left operand, not {}",
                        item.type_data().name
                    ))),
                }
            }
            Kind::Dict => {
                let d = container.downcast::<DictData>().expect("dict");
                crate::objects::dict::contains(self, &d.table, item)
            }
            Kind::Set | Kind::FrozenSet => crate::objects::set::contains(self, container, item),
            Kind::List | Kind::Tuple => {
                let items = crate::objects::list::seq_items(container);
                for x in &items {
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Range => {
                let r = container.downcast::<RangeData>().expect("range");
                if matches!(item.kind(), Kind::Int | Kind::Bool) {
                    return Ok(r.contains_int(&to_bigint(item).unwrap_or_default()));
                }
                let items = self.iterate(container)?;
                for x in &items {
                    if self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Bytes | Kind::ByteArray => {
                let b = container
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow()
                    .clone();
                if let Some(sub) = crate::objects::buffer::bytes_like_opt(self, item)? {
                    return Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]));
                }
                // (Clipped, as CPython: any int outside range(256) is a
                // ValueError, however large.)
                let i = self.slice_index(item, false)?;
                if !(0..=255).contains(&i) {
                    return Err(self.value_error("byte must be in range(0, 256)"));
                }
                Ok(b.contains(&(i as u8)))
            }
            Kind::DictView => crate::objects::dict_methods::view_contains(self, container, item),
            _ => {
                let it = match self.get_iter(container) {
                    Ok(it) => it,
                    Err(e) if e.matches(&types().exc.type_error) => {
                        return Err(self.type_error(format!(
                            "argument of type '{}' is not iterable",
                            container.type_data().name
                        )));
                    }
                    Err(e) => return Err(e),
                };
                while let Some(x) = self.next(&it)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// `d.update(m)` for dict displays (`{**m}`) and calls (`f(**m)`; `merge`
    /// rejects duplicate keys).
    pub fn dict_update_from(&mut self, d: &Value, m: &Value, merge: bool) -> PyResult<()> {
        let dd = d.downcast::<DictData>().expect("dict");
        // A dict's table is read directly, as CPython's dict_merge does
        // unless the dict's type overrides __iter__ (an OrderedDict's own
        // iterates as its table does); otherwise keys() and m[key].
        let from_table = |vm: &Vm| {
            !m.type_data().is_heap
                || m.is_exact(&types().ordered_dict)
                || vm.user_method(m, "__iter__").is_none()
        };
        let items: Vec<(Value, Value)> = match m.downcast::<DictData>() {
            Some(md) if from_table(self) => md.table.borrow().items(),
            _ => {
                let keys_m = match self.lookup_attr(m, "keys")? {
                    Some(k) => k,
                    None => {
                        return Err(self.type_error(format!(
                            "'{}' object is not a mapping",
                            m.type_data().name
                        )));
                    }
                };
                let keys = self.call(&keys_m, &[], &[])?;
                let keys = self.iterate(&keys)?;
                let mut out = Vec::with_capacity(keys.len());
                for k in keys {
                    let v = self.getitem(m, &k)?;
                    out.push((k, v));
                }
                out
            }
        };
        for (k, v) in items {
            if merge {
                if k.kind() != Kind::Str {
                    return Err(self.type_error("keywords must be strings"));
                }
                if crate::objects::dict::contains(self, &dd.table, &k)? {
                    return Err(self.type_error(format!(
                        "got multiple values for keyword argument '{}'",
                        crate::interp::str_of(&k)
                    )));
                }
            }
            crate::objects::dict::set(self, &dd.table, k, v)?;
        }
        Ok(())
    }
}

/// A fresh dict value.
pub fn empty_dict() -> Value {
    crate::objects::dict::new_dict(DictTable::new())
}

pub fn slice_data(v: &Value) -> Option<&SliceData> {
    v.downcast::<SliceData>()
}

/// The items of `items` a slice adjusted by `slice_indices` selects.
fn slice_take<T: Clone>(items: &[T], start: i64, stop: i64, step: i64) -> Vec<T> {
    if step == 1 {
        let (a, b) = (start as usize, stop.max(start) as usize);
        return items[a..b].to_vec();
    }
    slice_positions(start, stop, step)
        .into_iter()
        .map(|i| items[i].clone())
        .collect()
}

/// Removes the items the adjusted slice `start:stop:step` selects: a
/// contiguous run (step 1 or -1) in one move, others position by position;
/// the removed items (in index order).
fn remove_slice<T>(items: &mut Vec<T>, start: i64, stop: i64, step: i64) -> Vec<T> {
    let n = slice_len(start, stop, step);
    if n == 0 {
        return Vec::new();
    }
    match step {
        1 => items.drain(start as usize..start as usize + n).collect(),
        -1 => items
            .drain(start as usize + 1 - n..=start as usize)
            .collect(),
        _ => remove_positions(items, slice_positions(start, stop, step)),
    }
}

/// Removes the items at `pos` (distinct positions a slice selects, in
/// either order) from `items` in one pass, keeping its storage (a sort in
/// progress sees a list given storage as modified); the removed items.
fn remove_positions<T>(items: &mut Vec<T>, mut pos: Vec<usize>) -> Vec<T> {
    if pos.is_empty() {
        return Vec::new();
    }
    pos.sort_unstable();
    let mut next = pos.into_iter().peekable();
    let mut i = 0;
    items
        .extract_if(.., |_| {
            let hit = next.peek() == Some(&i);
            if hit {
                next.next();
            }
            i += 1;
            hit
        })
        .collect()
}
