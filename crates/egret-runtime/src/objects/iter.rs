//! Iteration: `iter()`/`next()` for every builtin iterable, the iterator
//! objects (`list_iterator`, `enumerate`, `zip`, `map`, ...), the
//! `__getitem__` fallback, and helpers that drain an iterable.

use std::cell::RefCell;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, ViewKind};
use crate::objects::list::ListData;
use crate::objects::range::RangeData;
use crate::objects::str::StrData;
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm};

pub enum IterState {
    List {
        list: Value,
        idx: usize,
    },
    Tuple {
        tuple: Value,
        idx: usize,
    },
    Str {
        s: Value,
        byte: usize,
    },
    Bytes {
        b: Value,
        idx: usize,
    },
    Range {
        cur: i64,
        step: i64,
        left: u64,
    },
    RangeBig {
        cur: BigInt,
        step: BigInt,
        left: BigInt,
    },
    /// `len` is the size the dict had when iteration began; `left`, how
    /// many entries may still be produced (one more means keys were
    /// replaced at the same size, which CPython reports).
    Dict {
        dict: Value,
        pos: usize,
        len: usize,
        left: usize,
        which: ViewKind,
    },
    Set {
        set: Value,
        pos: usize,
        len: usize,
        /// Items not yet produced (`__length_hint__`).
        left: usize,
    },
    Enumerate {
        it: Value,
        count: BigInt,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    Reversed {
        seq: Value,
        idx: usize,
    },
    Seq {
        obj: Value,
        idx: i64,
    },
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// `coroutine.__await__()`: steps the coroutine.
    /// An `asend`/`athrow` awaitable of an async generator.
    AsyncGen(Box<crate::objects::asyncgen::AgAwait>),
    Await {
        coro: Value,
    },
    /// An iterator written in Rust outside this file (itertools).
    Native(Box<dyn NativeIter>),
    Done,
}

/// An iterator implemented in Rust by a native module.
pub trait NativeIter {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>>;
    /// `repr()`, when it is not the default `<... object at 0x...>`.
    fn repr(&self, _vm: &mut Vm) -> PyResult<Option<String>> {
        Ok(None)
    }
    /// `__length_hint__`, for iterators that know how many items are left.
    fn length_hint(&self) -> Option<usize> {
        None
    }
}

pub struct IterData {
    pub state: RefCell<IterState>,
}

impl Payload for IterData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Iter
    }
}

/// The next item of `it` when it iterates a range, a list or a tuple (what
/// `for` loops run over most), for FOR_ITER's fast path: `Some(Some(v))`
/// an item, `Some(None)` a range at its end, `None` when the caller must
/// take the generic path (another iterator, an exhausted list, a state
/// borrowed by running code).
#[inline(always)]
pub fn next_simple(it: &Value) -> Option<Option<Value>> {
    let data = it.downcast::<IterData>()?;
    let mut st = data.state.try_borrow_mut().ok()?;
    match &mut *st {
        IterState::Range { cur, step, left } => {
            if *left == 0 {
                return Some(None);
            }
            let v = *cur;
            *left -= 1;
            *cur = cur.wrapping_add(*step);
            Some(Some(crate::objects::int::from_i64(v)))
        }
        IterState::List { list, idx } => {
            let items = list.downcast::<ListData>()?.items.try_borrow().ok()?;
            let v = items.get(*idx)?.clone();
            *idx += 1;
            Some(Some(v))
        }
        IterState::Tuple { tuple, idx } => {
            let v = tuple.downcast::<TupleData>()?.items.get(*idx)?.clone();
            *idx += 1;
            Some(Some(v))
        }
        _ => None,
    }
}

pub fn new_iter(ty: &Value, state: IterState) -> Value {
    Value::alloc(
        ty,
        IterData {
            state: RefCell::new(state),
        },
    )
}

impl Vm {
    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Value) -> PyResult {
        if crate::protocols::ops::is_heap_builtin(v)
            && let Some(m) = self.user_method(v, "__iter__")
        {
            if m.is(&types().none) {
                return Err(self.not_iterable(v));
            }
            let it = self.call_special(&m, v, &[])?;
            return Ok(it);
        }
        self.iter_by_kind(v, false)
    }

    fn not_iterable(&self, v: &Value) -> crate::vm::PyErr {
        self.type_error(format!("'{}' object is not iterable", v.type_data().name))
    }

    /// The builtin sequences' own `__iter__`: what `super().__iter__()`
    /// reaches from a subclass that defines its own.
    pub fn builtin_iter(&mut self, v: &Value) -> PyResult {
        self.iter_by_kind(v, true)
    }

    /// `iter(v)` by the kind of `v`; `own`: a list subclass gets the list
    /// iterator even if it defines `__iter__`.
    fn iter_by_kind(&mut self, v: &Value, own: bool) -> PyResult {
        let t = types();
        let it = match v.kind() {
            Kind::List if own || !v.type_data().is_heap => new_iter(
                &t.list_iterator,
                IterState::List {
                    list: v.clone(),
                    idx: 0,
                },
            ),
            Kind::Tuple => new_iter(
                &t.tuple_iterator,
                IterState::Tuple {
                    tuple: v.clone(),
                    idx: 0,
                },
            ),
            Kind::Str => new_iter(
                &t.str_iterator,
                IterState::Str {
                    s: v.clone(),
                    byte: 0,
                },
            ),
            Kind::Bytes | Kind::ByteArray => new_iter(
                &t.bytes_iterator,
                IterState::Bytes {
                    b: v.clone(),
                    idx: 0,
                },
            ),
            Kind::Range => {
                let r = v.downcast::<RangeData>().expect("range");
                if let Some((cur, step, left)) = r.small_parts() {
                    return Ok(new_iter(
                        &t.range_iterator,
                        IterState::Range { cur, step, left },
                    ));
                }
                let len = r.len();
                match (
                    r.start.to_i64(),
                    r.step.to_i64(),
                    len.to_u64(),
                    r.item(&len).to_i64(),
                ) {
                    (Some(cur), Some(step), Some(left), Some(_)) => {
                        new_iter(&t.range_iterator, IterState::Range { cur, step, left })
                    }
                    _ => new_iter(
                        &t.range_iterator,
                        IterState::RangeBig {
                            cur: r.start.clone(),
                            step: r.step.clone(),
                            left: len,
                        },
                    ),
                }
            }
            Kind::Dict => {
                let len = v.downcast::<DictData>().expect("dict").table.borrow().len();
                new_iter(
                    &t.dict_keyiterator,
                    IterState::Dict {
                        dict: v.clone(),
                        pos: 0,
                        len,
                        left: len,
                        which: ViewKind::Keys,
                    },
                )
            }
            Kind::DictView => {
                let dv = v
                    .downcast::<crate::objects::dict::DictViewData>()
                    .expect("view");
                let len = dv
                    .dict
                    .downcast::<DictData>()
                    .expect("dict")
                    .table
                    .borrow()
                    .len();
                let ty = match dv.which {
                    ViewKind::Keys => &t.dict_keyiterator,
                    ViewKind::Values => &t.dict_valueiterator,
                    ViewKind::Items => &t.dict_itemiterator,
                };
                new_iter(
                    ty,
                    IterState::Dict {
                        dict: dv.dict.clone(),
                        pos: 0,
                        len,
                        left: len,
                        which: dv.which,
                    },
                )
            }
            Kind::Set | Kind::FrozenSet => {
                let len = crate::objects::set::len(v);
                new_iter(
                    &t.set_iterator,
                    IterState::Set {
                        set: v.clone(),
                        pos: 0,
                        len,
                        left: len,
                    },
                )
            }
            Kind::Generator if !v.is_exact(&t.generator) => {
                return Err(
                    self.type_error(format!("'{}' object is not iterable", v.type_data().name))
                );
            }
            Kind::Iter | Kind::Generator => v.clone(),
            Kind::File => v.clone(),
            _ => {
                if let Some(m) = self.user_method(v, "__iter__") {
                    // `__iter__ = None` declares the type not iterable.
                    if m.is(&types().none) {
                        return Err(self.not_iterable(v));
                    }
                    let it = self.call_special(&m, v, &[])?;
                    if it.kind() != Kind::Iter
                        && it.kind() != Kind::Generator
                        && self.user_method(&it, "__next__").is_none()
                        && it.type_data().lookup_static("__next__").is_none()
                    {
                        return Err(self.type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            it.type_data().name
                        )));
                    }
                    return Ok(it);
                }
                if v.kind() == Kind::List {
                    return Ok(new_iter(
                        &t.list_iterator,
                        IterState::List {
                            list: v.clone(),
                            idx: 0,
                        },
                    ));
                }
                if v.kind() == Kind::Element
                    && let Some(it) = crate::modules::elementtree::exact_iter(v)
                {
                    return Ok(it);
                }
                if self.user_method(v, "__getitem__").is_some() {
                    return Ok(new_iter(
                        &t.iterator,
                        IterState::Seq {
                            obj: v.clone(),
                            idx: 0,
                        },
                    ));
                }
                return Err(
                    self.type_error(format!("'{}' object is not iterable", v.type_data().name))
                );
            }
        };
        Ok(it)
    }

    /// `next(it)`: Some(value), or None when exhausted.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it.kind() {
            Kind::Iter => self.iter_next(it),
            Kind::Generator => crate::objects::generator::next(self, it),
            Kind::File => crate::objects::file::next_line(self, it),
            _ => {
                let m = match self.user_method(it, "__next__") {
                    Some(m) => m,
                    None => {
                        return Err(self.type_error(format!(
                            "'{}' object is not an iterator",
                            it.type_data().name
                        )));
                    }
                };
                match self.call_special(&m, it, &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if e.matches(&types().exc.stop_iteration) => Ok(None),
                    Err(e) => Err(e),
                }
            }
        }
    }

    fn iter_next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        let data = it.downcast::<IterData>().expect("iterator");
        // Fast, non-reentrant states first.
        {
            let mut st = data.state.borrow_mut();
            match &mut *st {
                IterState::Range { cur, step, left } => {
                    if *left == 0 {
                        return Ok(None);
                    }
                    let v = *cur;
                    *left -= 1;
                    *cur = cur.wrapping_add(*step);
                    return Ok(Some(crate::objects::int::from_i64(v)));
                }
                IterState::RangeBig { cur, step, left } => {
                    if *left <= BigInt::from(0) {
                        return Ok(None);
                    }
                    let v = cur.clone();
                    *left -= 1;
                    *cur += &*step;
                    return Ok(Some(crate::objects::int::from_bigint(v)));
                }
                IterState::List { list, idx } => {
                    let items = list.downcast::<ListData>().expect("list").items.borrow();
                    if *idx < items.len() {
                        let v = items[*idx].clone();
                        *idx += 1;
                        return Ok(Some(v));
                    }
                    drop(items);
                    *st = IterState::Done;
                    return Ok(None);
                }
                IterState::Tuple { tuple, idx } => {
                    let items = &tuple.downcast::<TupleData>().expect("tuple").items;
                    if *idx < items.len() {
                        let v = items[*idx].clone();
                        *idx += 1;
                        return Ok(Some(v));
                    }
                    return Ok(None);
                }
                IterState::Str { s, byte } => {
                    let sd = s.downcast::<StrData>().expect("str");
                    return Ok(match sd.as_str()[*byte..].chars().next() {
                        Some(c) => {
                            *byte += c.len_utf8();
                            Some(crate::objects::str::new_str(c.encode_utf8(&mut [0; 4])))
                        }
                        None => None,
                    });
                }
                IterState::Bytes { b, idx } => {
                    let data = b.downcast::<BytesData>().expect("bytes").data.borrow();
                    if *idx < data.len() {
                        let v = data[*idx];
                        *idx += 1;
                        return Ok(Some(crate::objects::int::from_i64(i64::from(v))));
                    }
                    return Ok(None);
                }
                IterState::Dict {
                    dict,
                    pos,
                    len,
                    left,
                    which,
                } => {
                    let table = dict.downcast::<DictData>().expect("dict").table.borrow();
                    if table.len() != *len {
                        *len = usize::MAX;
                        drop(table);
                        return Err(self.runtime_error("dictionary changed size during iteration"));
                    }
                    return Ok(match table.entry_from(*pos) {
                        Some(_) if *left == 0 => {
                            *len = usize::MAX;
                            drop(table);
                            return Err(
                                self.runtime_error("dictionary keys changed during iteration")
                            );
                        }
                        Some((next, e)) => {
                            *pos = next;
                            *left -= 1;
                            Some(match which {
                                ViewKind::Keys => e.key.clone(),
                                ViewKind::Values => e.value.clone(),
                                ViewKind::Items => crate::objects::tuple::new_tuple(vec![
                                    e.key.clone(),
                                    e.value.clone(),
                                ]),
                            })
                        }
                        None => None,
                    });
                }
                IterState::Set {
                    set,
                    pos,
                    len,
                    left,
                } => {
                    let t = set
                        .downcast::<crate::objects::set::SetData>()
                        .expect("set")
                        .table
                        .borrow();
                    if t.len() != *len {
                        *len = usize::MAX;
                        drop(t);
                        return Err(self.runtime_error("Set changed size during iteration"));
                    }
                    return Ok(match t.item_from(*pos) {
                        Some((next, v)) => {
                            *pos = next;
                            *left = left.saturating_sub(1);
                            Some(v)
                        }
                        None => None,
                    });
                }
                IterState::Done => return Ok(None),
                // map over one iterable: the state stays in place while the
                // function runs (no moving it out and back, no argument
                // vector).
                IterState::Map { func, its } if its.len() == 1 => {
                    let (func, inner) = (func.clone(), its[0].clone());
                    drop(st);
                    return match self.next(&inner)? {
                        Some(v) => self.call(&func, &[v], &[]).map(Some),
                        None => {
                            *data.state.borrow_mut() = IterState::Done;
                            Ok(None)
                        }
                    };
                }
                IterState::Map { func, its } => {
                    let (func, its) = (func.clone(), its.clone());
                    drop(st);
                    let mut args = Vec::with_capacity(its.len());
                    for x in &its {
                        match self.next(x)? {
                            Some(v) => args.push(v),
                            None => {
                                *data.state.borrow_mut() = IterState::Done;
                                return Ok(None);
                            }
                        }
                    }
                    return self.call(&func, &args, &[]).map(Some);
                }
                _ => {}
            }
        }
        // States that may run Python code: take what we need, release the borrow.
        let st = std::mem::replace(&mut *data.state.borrow_mut(), IterState::Done);
        let st = match st {
            IterState::Native(mut n) => {
                let r = n.next(self);
                *data.state.borrow_mut() = IterState::Native(n);
                return r;
            }
            IterState::AsyncGen(mut a) => {
                let r = crate::objects::asyncgen::step(self, &mut a, None, None);
                *data.state.borrow_mut() = IterState::AsyncGen(a);
                return r.map(|r| match r {
                    crate::objects::generator::Resumed::Yielded(v) => Some(v),
                    crate::objects::generator::Resumed::Returned(_) => None,
                });
            }
            other => other,
        };
        let (result, st) = match st {
            IterState::Enumerate { it: inner, count } => match self.next(&inner)? {
                Some(v) => {
                    let c = crate::objects::int::from_bigint(count.clone());
                    (
                        Some(crate::objects::tuple::new_tuple(vec![c, v])),
                        IterState::Enumerate {
                            it: inner,
                            count: count + 1,
                        },
                    )
                }
                None => (None, IterState::Done),
            },
            IterState::Zip { its, strict } => {
                let mut out = Vec::with_capacity(its.len());
                let mut stopped_at = None;
                for (i, x) in its.iter().enumerate() {
                    match self.next(x)? {
                        Some(v) => out.push(v),
                        None => {
                            stopped_at = Some(i);
                            break;
                        }
                    }
                }
                match stopped_at {
                    None if !its.is_empty() => (
                        Some(crate::objects::tuple::new_tuple(out)),
                        IterState::Zip { its, strict },
                    ),
                    None => (None, IterState::Done),
                    Some(i) => {
                        if strict {
                            if i > 0 {
                                let s = if i == 1 {
                                    " 1".to_string()
                                } else {
                                    format!("s 1-{i}")
                                };
                                return Err(self.value_error(format!(
                                    "zip() argument {} is shorter than argument{s}",
                                    i + 1
                                )));
                            }
                            for (j, x) in its.iter().enumerate().skip(1) {
                                if self.next(x)?.is_some() {
                                    let s = if j == 1 {
                                        " 1".to_string()
                                    } else {
                                        format!("s 1-{j}")
                                    };
                                    return Err(self.value_error(format!(
                                        "zip() argument {} is longer than argument{s}",
                                        j + 1
                                    )));
                                }
                            }
                        }
                        (None, IterState::Done)
                    }
                }
            }
            IterState::Filter { func, it: inner } => {
                let mut found = None;
                while let Some(v) = self.next(&inner)? {
                    let keep = if func.is(&types().none) {
                        self.truthy(&v)?
                    } else {
                        let r = self.call(&func, std::slice::from_ref(&v), &[])?;
                        self.truthy(&r)?
                    };
                    if keep {
                        found = Some(v);
                        break;
                    }
                }
                match found {
                    Some(v) => (Some(v), IterState::Filter { func, it: inner }),
                    None => (None, IterState::Done),
                }
            }
            IterState::Reversed { seq, idx } => {
                if idx == 0 {
                    (None, IterState::Done)
                } else {
                    let key = crate::objects::int::from_i64(idx as i64 - 1);
                    let v = self.getitem(&seq, &key)?;
                    (Some(v), IterState::Reversed { seq, idx: idx - 1 })
                }
            }
            IterState::Seq { obj, idx } => {
                let key = crate::objects::int::from_i64(idx);
                match self.getitem(&obj, &key) {
                    Ok(v) => (Some(v), IterState::Seq { obj, idx: idx + 1 }),
                    Err(e)
                        if e.matches(&types().exc.index_error)
                            || e.matches(&types().exc.stop_iteration) =>
                    {
                        (None, IterState::Done)
                    }
                    Err(e) => return Err(e),
                }
            }
            IterState::Callable { func, sentinel } => {
                let v = self.call(&func, &[], &[])?;
                if self.eq(&v, &sentinel)? {
                    (None, IterState::Done)
                } else {
                    (Some(v), IterState::Callable { func, sentinel })
                }
            }
            IterState::Await { coro } => {
                match crate::objects::generator::resume(self, &coro, None, None)? {
                    crate::objects::generator::Resumed::Yielded(v) => {
                        (Some(v), IterState::Await { coro })
                    }
                    crate::objects::generator::Resumed::Returned(_) => (None, IterState::Done),
                }
            }
            other => (None, other),
        };
        *data.state.borrow_mut() = st;
        Ok(result)
    }

    /// Drains an iterable into a vector.
    pub fn iterate(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v.kind() {
            Kind::List if !v.type_data().is_heap => {
                return Ok(v
                    .downcast::<ListData>()
                    .expect("list")
                    .items
                    .borrow()
                    .clone());
            }
            // (Subclasses may iterate otherwise: through `__iter__`.)
            Kind::Tuple if !v.type_data().is_heap => {
                return Ok(v.downcast::<TupleData>().expect("tuple").items.to_vec());
            }
            _ => {}
        }
        // A range says how long it is: room is made first, so one too long
        // to hold raises MemoryError at once, as in CPython.
        let mut out = if v.kind() == Kind::Range {
            let n = crate::objects::range::range_len_big(v);
            self.try_vec(usize::try_from(n).unwrap_or(usize::MAX))?
        } else {
            Vec::new()
        };
        let it = self.get_iter(v)?;
        while let Some(x) = self.next(&it)? {
            out.push(x);
            self.check_signals()?;
        }
        Ok(out)
    }

    /// Unpacks exactly `n` items (`a, b = ...`).
    pub fn unpack(&mut self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items = match v.kind() {
            Kind::Tuple | Kind::List if !v.type_data().is_heap => {
                crate::objects::list::seq_items(v)
            }
            _ => {
                let it = match self.get_iter(v) {
                    Ok(it) => it,
                    Err(e) if e.matches(&types().exc.type_error) => {
                        return Err(self.type_error(format!(
                            "cannot unpack non-iterable {} object",
                            v.type_data().name
                        )));
                    }
                    Err(e) => return Err(e),
                };
                let mut out = Vec::with_capacity(n);
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                    if out.len() > n {
                        break;
                    }
                }
                out
            }
        };
        if items.len() < n {
            return Err(self.value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        if items.len() > n {
            return Err(self.value_error(format!("too many values to unpack (expected {n})")));
        }
        Ok(items)
    }
}

/// The repr a native iterator gives itself, if any.
pub fn native_repr(vm: &mut Vm, v: &Value) -> PyResult<Option<String>> {
    let Some(d) = v.downcast::<IterData>() else {
        return Ok(None);
    };
    let st = std::mem::replace(&mut *d.state.borrow_mut(), IterState::Done);
    let r = match &st {
        IterState::Native(n) => n.repr(vm),
        _ => Ok(None),
    };
    *d.state.borrow_mut() = st;
    r
}

/// The coroutine behind a `coroutine_wrapper`.
pub fn await_target(w: &Value) -> Value {
    if let Some(d) = w.downcast::<IterData>()
        && let IterState::Await { coro } = &*d.state.borrow()
    {
        return coro.clone();
    }
    w.clone()
}

/// `__length_hint__` of the builtin iterators that have one in CPython:
/// how many items are left, 0 once exhausted. None for iterators that do
/// not know (the method is only installed on the types that do).
pub fn length_hint(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    let Some(d) = it.downcast::<IterData>() else {
        return Ok(None);
    };
    // What to measure outside the borrow (`len` may run Python code).
    enum Left {
        Known(Value),
        Seq {
            seq: Value,
            idx: usize,
            reversed: bool,
        },
    }
    let left = {
        let st = d.state.borrow();
        let n = |k: usize| Left::Known(crate::objects::int::from_i64(k as i64));
        match &*st {
            IterState::List { list, idx } => {
                let len = list
                    .downcast::<ListData>()
                    .map_or(0, |l| l.items.borrow().len());
                n(len.saturating_sub(*idx))
            }
            IterState::Tuple { tuple, idx } => {
                let len = tuple.downcast::<TupleData>().map_or(0, |t| t.items.len());
                n(len.saturating_sub(*idx))
            }
            IterState::Str { s, byte } => {
                let rest = s.downcast::<StrData>().map_or(0, |sd| {
                    sd.as_str().get(*byte..).map_or(0, |r| r.chars().count())
                });
                n(rest)
            }
            IterState::Bytes { b, idx } => {
                let len = b
                    .downcast::<BytesData>()
                    .map_or(0, |b| b.data.borrow().len());
                n(len.saturating_sub(*idx))
            }
            IterState::Range { left, .. } => {
                Left::Known(crate::objects::int::from_bigint(BigInt::from(*left)))
            }
            IterState::RangeBig { left, .. } => {
                Left::Known(crate::objects::int::from_bigint(left.clone()))
            }
            IterState::Dict {
                dict, len, left, ..
            } => {
                let now = dict
                    .downcast::<DictData>()
                    .map_or(usize::MAX, |d| d.table.borrow().len());
                n(if now == *len { *left } else { 0 })
            }
            IterState::Native(it) => match it.length_hint() {
                Some(k) => n(k),
                None => return Ok(None),
            },
            IterState::Set { set, len, left, .. } => {
                let now = crate::objects::set::len(set);
                n(if now == *len { *left } else { 0 })
            }
            IterState::Reversed { seq, idx } => Left::Seq {
                seq: seq.clone(),
                idx: *idx,
                reversed: true,
            },
            IterState::Seq { obj, idx } => Left::Seq {
                seq: obj.clone(),
                idx: usize::try_from(*idx).unwrap_or(0),
                reversed: false,
            },
            IterState::Done => n(0),
            _ => return Ok(None),
        }
    };
    Ok(Some(match left {
        Left::Known(v) => v,
        Left::Seq { seq, idx, reversed } => {
            let len = match vm.len(&seq) {
                Ok(n) => n,
                // A sequence iterator over something without a length.
                Err(e) if !reversed && e.matches(&types().exc.type_error) => {
                    return Ok(Some(types().not_implemented.clone()));
                }
                Err(e) => return Err(e),
            };
            let rest = match (reversed, len < idx) {
                (true, true) => 0,
                (true, false) => idx,
                (false, _) => len.saturating_sub(idx),
            };
            crate::objects::int::from_i64(rest as i64)
        }
    }))
}

/// `__reduce__` of the builtin iterators, as CPython pickles them: the
/// callable that makes one again (`iter`, `reversed`, `enumerate`, ...),
/// its arguments, and the position (`__setstate__`'s argument) where
/// there is one. Iterators that hold their remaining items only in a
/// container's order (dict and set iterators) pickle those items as a list.
pub fn reduce(vm: &mut Vm, it: &Value) -> PyResult {
    use crate::objects::int::from_i64;
    use crate::objects::tuple::new_tuple;
    let Some(d) = it.downcast::<IterData>() else {
        return Err(vm.type_error(format!("cannot pickle '{}' object", it.type_data().name)));
    };
    let builtin = |vm: &mut Vm, name: &str| vm.getattr_str(&vm.builtins.clone(), name);
    let t = types();
    // What to build, read under the borrow.
    enum Plan {
        Indexed(&'static str, Value, i64),
        Call(&'static str, Vec<Value>),
        Type(Value, Vec<Value>, Option<Value>),
        Remaining,
    }
    let plan = {
        let st = d.state.borrow();
        match &*st {
            IterState::List { list, idx } => Plan::Indexed("iter", list.clone(), *idx as i64),
            IterState::Tuple { tuple, idx } => Plan::Indexed("iter", tuple.clone(), *idx as i64),
            IterState::Bytes { b, idx } => Plan::Indexed("iter", b.clone(), *idx as i64),
            IterState::Str { s, byte } => {
                let chars = s
                    .downcast::<crate::objects::str::StrData>()
                    .map_or(0, |sd| {
                        sd.as_str().get(..*byte).map_or(0, |p| p.chars().count())
                    });
                Plan::Indexed("iter", s.clone(), chars as i64)
            }
            IterState::Seq { obj, idx } => Plan::Indexed("iter", obj.clone(), *idx),
            IterState::Reversed { seq, idx } => {
                Plan::Indexed("reversed", seq.clone(), *idx as i64 - 1)
            }
            IterState::Range { cur, step, left } => {
                let stop = BigInt::from(*cur) + BigInt::from(*step) * BigInt::from(*left);
                let r = vm.call(
                    &t.range,
                    &[
                        from_i64(*cur),
                        crate::objects::int::from_bigint(stop),
                        from_i64(*step),
                    ],
                    &[],
                )?;
                Plan::Indexed("iter", r, 0)
            }
            IterState::RangeBig { cur, step, left } => {
                let stop = cur + step * left;
                let r = vm.call(
                    &t.range,
                    &[
                        crate::objects::int::from_bigint(cur.clone()),
                        crate::objects::int::from_bigint(stop),
                        crate::objects::int::from_bigint(step.clone()),
                    ],
                    &[],
                )?;
                Plan::Indexed("iter", r, 0)
            }
            IterState::Enumerate { it, count } => Plan::Type(
                t.enumerate.clone(),
                vec![it.clone(), crate::objects::int::from_bigint(count.clone())],
                None,
            ),
            IterState::Zip { its, strict } => {
                Plan::Type(t.zip.clone(), its.clone(), strict.then(|| t.true_.clone()))
            }
            IterState::Map { func, its } => {
                let mut args = vec![func.clone()];
                args.extend(its.iter().cloned());
                Plan::Type(t.map.clone(), args, None)
            }
            IterState::Filter { func, it } => {
                Plan::Type(t.filter.clone(), vec![func.clone(), it.clone()], None)
            }
            IterState::Callable { func, sentinel } => {
                Plan::Call("iter", vec![func.clone(), sentinel.clone()])
            }
            IterState::Dict { .. } | IterState::Set { .. } => Plan::Remaining,
            IterState::Done => Plan::Call("iter", vec![new_tuple(Vec::new())]),
            _ => {
                return Err(
                    vm.type_error(format!("cannot pickle '{}' object", it.type_data().name))
                );
            }
        }
    };
    match plan {
        Plan::Indexed(f, seq, idx) => {
            let f = builtin(vm, f)?;
            Ok(new_tuple(vec![f, new_tuple(vec![seq]), from_i64(idx)]))
        }
        Plan::Call(f, args) => {
            let f = builtin(vm, f)?;
            Ok(new_tuple(vec![f, new_tuple(args)]))
        }
        Plan::Type(ty, args, state) => {
            let mut out = vec![ty, new_tuple(args)];
            out.extend(state);
            Ok(new_tuple(out))
        }
        Plan::Remaining => {
            // The items left, without consuming this iterator: a copy of
            // its state is iterated.
            let copy = {
                let st = d.state.borrow();
                match &*st {
                    IterState::Dict {
                        dict,
                        pos,
                        len,
                        left,
                        which,
                    } => IterState::Dict {
                        dict: dict.clone(),
                        pos: *pos,
                        len: *len,
                        left: *left,
                        which: *which,
                    },
                    IterState::Set {
                        set,
                        pos,
                        len,
                        left,
                    } => IterState::Set {
                        set: set.clone(),
                        pos: *pos,
                        len: *len,
                        left: *left,
                    },
                    _ => IterState::Done,
                }
            };
            let twin = new_iter(&it.class(), copy);
            let mut rest = Vec::new();
            while let Some(v) = vm.next(&twin)? {
                rest.push(v);
            }
            let f = builtin(vm, "iter")?;
            Ok(new_tuple(vec![
                f,
                new_tuple(vec![crate::objects::list::new_list(rest)]),
            ]))
        }
    }
}

/// `__setstate__` of the index-keeping iterators: the position, clamped
/// to the sequence as CPython clamps it.
pub fn set_state(vm: &mut Vm, it: &Value, state: &Value) -> PyResult<()> {
    let Some(d) = it.downcast::<IterData>() else {
        return Ok(());
    };
    let is_zip = matches!(&*d.state.borrow(), IterState::Zip { .. });
    if is_zip {
        let on = vm.truthy(state)?;
        if let IterState::Zip { strict, .. } = &mut *d.state.borrow_mut() {
            *strict = on;
        }
        return Ok(());
    }
    let n = vm.index_value(state)?;
    let len_of = |vm: &mut Vm, v: &Value| vm.len(v).map(|n| n as i64);
    let target = {
        let st = d.state.borrow();
        match &*st {
            IterState::List { list, .. } => Some(list.clone()),
            IterState::Tuple { tuple, .. } => Some(tuple.clone()),
            IterState::Bytes { b, .. } => Some(b.clone()),
            IterState::Str { s, .. } => Some(s.clone()),
            IterState::Reversed { seq, .. } => Some(seq.clone()),
            _ => None,
        }
    };
    let len = match &target {
        Some(v) => len_of(vm, v)?,
        None => i64::MAX,
    };
    let mut st = d.state.borrow_mut();
    match &mut *st {
        IterState::List { idx, .. }
        | IterState::Tuple { idx, .. }
        | IterState::Bytes { idx, .. } => {
            *idx = n.clamp(0, len) as usize;
        }
        IterState::Str { s, byte } => {
            let k = n.clamp(0, len) as usize;
            *byte = s
                .downcast::<crate::objects::str::StrData>()
                .map_or(0, |sd| {
                    sd.as_str()
                        .char_indices()
                        .nth(k)
                        .map_or(sd.as_str().len(), |(b, _)| b)
                });
        }
        IterState::Seq { idx, .. } => *idx = n.max(0),
        IterState::Reversed { idx, .. } => *idx = (n.clamp(-1, len - 1) + 1) as usize,
        _ => {}
    }
    Ok(())
}
