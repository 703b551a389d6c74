//! `_collections`: `deque`, `defaultdict`, `_count_elements` and
//! `_tuplegetter`, in Rust as CPython has them in C, and `OrderedDict`
//! (defined in `odict`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use egret_bytecode::CmpOp;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::dict::DictData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::iter::{IterState, NativeIter, new_iter};
use crate::objects::str::new_str;
use crate::protocols::args::{check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

pub struct DequeData {
    pub items: RefCell<VecDeque<Value>>,
    pub maxlen: Cell<Option<usize>>,
    /// Bumped by every mutation (iterators check it).
    pub state: Cell<u64>,
}

impl Payload for DequeData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Deque
    }
}

pub fn new_deque(ty: &Value) -> Value {
    Value::alloc(
        ty,
        DequeData {
            items: RefCell::new(VecDeque::new()),
            maxlen: Cell::new(None),
            state: Cell::new(0),
        },
    )
}

fn dq(vm: &Vm, v: &Value) -> PyResult<&'static DequeData> {
    match v.downcast::<DequeData>() {
        // SAFETY-free lifetime extension is not possible; see `with_dq`.
        Some(d) => Ok(unsafe_extend(d)),
        None => Err(vm.type_error(format!(
            "descriptor requires a 'collections.deque' object but received a '{}'",
            v.type_data().name
        ))),
    }
}

/// The payload outlives the call: the receiver `a[0]` holds the object.
fn unsafe_extend(d: &DequeData) -> &'static DequeData {
    // SAFETY: every caller keeps the deque alive (it is an argument of the
    // native method being run) for as long as it uses the reference, and
    // never stores it.
    unsafe { &*(d as *const DequeData) }
}

impl DequeData {
    fn touch(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn push_back(&self, v: Value) -> Option<Value> {
        self.touch();
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return Some(v);
        }
        items.push_back(v);
        if self.maxlen.get().is_some_and(|m| items.len() > m) {
            return items.pop_front();
        }
        None
    }

    fn push_front(&self, v: Value) -> Option<Value> {
        self.touch();
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return Some(v);
        }
        items.push_front(v);
        if self.maxlen.get().is_some_and(|m| items.len() > m) {
            return items.pop_back();
        }
        None
    }
}

fn index_of(vm: &mut Vm, d: &DequeData, i: &Value) -> PyResult<usize> {
    let n = d.items.borrow().len() as i64;
    let i = vm.index_value_or(i, &types().exc.index_error)?;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(vm.index_error("deque index out of range"));
    }
    Ok(j as usize)
}

struct DequeIter {
    deque: Value,
    pos: usize,
    /// The deque's length when the iterator was made.
    len: usize,
    state: u64,
    reverse: bool,
}

impl NativeIter for DequeIter {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let d = self.deque.downcast::<DequeData>().expect("deque");
        if d.state.get() != self.state {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        let items = d.items.borrow();
        if self.pos >= items.len() {
            return Ok(None);
        }
        let i = if self.reverse {
            items.len() - 1 - self.pos
        } else {
            self.pos
        };
        self.pos += 1;
        Ok(Some(items[i].clone()))
    }

    fn length_hint(&self) -> Option<usize> {
        Some(self.len.saturating_sub(self.pos))
    }
}

fn deque_iter(v: &Value, reverse: bool, ty: &Value) -> Value {
    let d = v.downcast::<DequeData>().expect("deque");
    new_iter(
        ty,
        IterState::Native(Box::new(DequeIter {
            deque: v.clone(),
            pos: 0,
            len: d.items.borrow().len(),
            state: d.state.get(),
            reverse,
        })),
    )
}

fn deque_compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    if a.len() != 2 || a[1].kind() != Kind::Deque {
        return Ok(types().not_implemented.clone());
    }
    let x: Vec<Value> = a[0]
        .downcast::<DequeData>()
        .expect("deque")
        .items
        .borrow()
        .iter()
        .cloned()
        .collect();
    let y: Vec<Value> = a[1]
        .downcast::<DequeData>()
        .expect("deque")
        .items
        .borrow()
        .iter()
        .cloned()
        .collect();
    Ok(py_bool(vm.sequence_compare(&x, &y, op)?))
}

fn deque_init(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "deque", &a[1..], 0, 2)?;
    let d = dq(vm, &a[0])?;
    let iterable = a.get(1).cloned().or_else(|| kwarg(k, "iterable"));
    let maxlen = a.get(2).cloned().or_else(|| kwarg(k, "maxlen"));
    let maxlen = match maxlen.filter(|m| !m.is(&types().none)) {
        Some(m) => {
            let n = vm.ssize_arg(&m)?;
            if n < 0 {
                return Err(vm.value_error("maxlen must be non-negative"));
            }
            Some(n as usize)
        }
        None => None,
    };
    d.maxlen.set(maxlen);
    d.items.borrow_mut().clear();
    d.touch();
    if let Some(it) = iterable {
        for v in vm.iterate(&it)? {
            d.push_back(v);
        }
    }
    Ok(vm.none())
}

fn deque_repr(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let d = dq(vm, &a[0])?;
    let name = a[0].type_data().name.clone();
    if !vm.guard_recursive(&a[0]) {
        return Ok(new_str("[...]"));
    }
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    let mut parts = Vec::with_capacity(items.len());
    for x in &items {
        match vm.repr_string(x) {
            Ok(s) => parts.push(s),
            Err(e) => {
                vm.unguard();
                return Err(e);
            }
        }
    }
    vm.unguard();
    let body = format!("[{}]", parts.join(", "));
    Ok(new_str(&match d.maxlen.get() {
        Some(m) => format!("{name}({body}, maxlen={m})"),
        None => format!("{name}({body})"),
    }))
}

fn copy_deque(vm: &mut Vm, v: &Value) -> PyResult {
    let d = dq(vm, v)?;
    let out = new_deque(&v.class());
    let o = out.downcast::<DequeData>().expect("deque");
    o.maxlen.set(d.maxlen.get());
    *o.items.borrow_mut() = d.items.borrow().clone();
    Ok(out)
}

fn deque_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", deque_init),
        ("__repr__", deque_repr),
        ("append", |vm, a, _| {
            check_args(vm, "append", &a[1..], 1, 1)?;
            let dropped = dq(vm, &a[0])?.push_back(a[1].clone());
            drop(dropped);
            Ok(vm.none())
        }),
        ("appendleft", |vm, a, _| {
            check_args(vm, "appendleft", &a[1..], 1, 1)?;
            let dropped = dq(vm, &a[0])?.push_front(a[1].clone());
            drop(dropped);
            Ok(vm.none())
        }),
        ("pop", |vm, a, _| {
            check_args(vm, "pop", &a[1..], 0, 0)?;
            let d = dq(vm, &a[0])?;
            d.touch();
            let v = d.items.borrow_mut().pop_back();
            v.ok_or_else(|| vm.index_error("pop from an empty deque"))
        }),
        ("popleft", |vm, a, _| {
            check_args(vm, "popleft", &a[1..], 0, 0)?;
            let d = dq(vm, &a[0])?;
            d.touch();
            let v = d.items.borrow_mut().pop_front();
            v.ok_or_else(|| vm.index_error("pop from an empty deque"))
        }),
        ("extend", |vm, a, _| {
            check_args(vm, "extend", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            let d = dq(vm, &a[0])?;
            for v in items {
                d.push_back(v);
            }
            Ok(vm.none())
        }),
        ("extendleft", |vm, a, _| {
            check_args(vm, "extendleft", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            let d = dq(vm, &a[0])?;
            for v in items {
                d.push_front(v);
            }
            Ok(vm.none())
        }),
        ("clear", |vm, a, _| {
            let d = dq(vm, &a[0])?;
            d.touch();
            let old = std::mem::take(&mut *d.items.borrow_mut());
            drop(old);
            Ok(vm.none())
        }),
        ("copy", |vm, a, _| copy_deque(vm, &a[0])),
        ("__copy__", |vm, a, _| copy_deque(vm, &a[0])),
        ("count", |vm, a, _| {
            check_args(vm, "count", &a[1..], 1, 1)?;
            let items: Vec<Value> = dq(vm, &a[0])?.items.borrow().iter().cloned().collect();
            let mut n = 0;
            for x in &items {
                if vm.eq(x, &a[1])? {
                    n += 1;
                }
            }
            Ok(from_i64(n))
        }),
        ("index", |vm, a, _| {
            check_args(vm, "index", &a[1..], 1, 3)?;
            let items: Vec<Value> = dq(vm, &a[0])?.items.borrow().iter().cloned().collect();
            let n = items.len() as i64;
            let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
            let start = match a.get(2) {
                Some(s) => norm(vm.slice_index(s, false)?),
                None => 0,
            };
            let stop = match a.get(3) {
                Some(s) => norm(vm.slice_index(s, false)?),
                None => n,
            };
            for i in start..stop {
                if vm.eq(&items[i as usize], &a[1])? {
                    return Ok(from_i64(i));
                }
            }
            let r = vm.repr_string(&a[1])?;
            Err(vm.value_error(format!("{r} is not in deque")))
        }),
        ("insert", |vm, a, _| {
            check_args(vm, "insert", &a[1..], 2, 2)?;
            let d = dq(vm, &a[0])?;
            let i = vm.ssize_arg(&a[1])?;
            let n = d.items.borrow().len() as i64;
            if d.maxlen.get().is_some_and(|m| n as usize >= m) {
                return Err(vm.index_error("deque already at its maximum size"));
            }
            let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
            d.touch();
            d.items.borrow_mut().insert(j as usize, a[2].clone());
            Ok(vm.none())
        }),
        ("remove", |vm, a, _| {
            check_args(vm, "remove", &a[1..], 1, 1)?;
            let d = dq(vm, &a[0])?;
            let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
            for (i, x) in items.iter().enumerate() {
                if vm.eq(x, &a[1])? {
                    d.touch();
                    let v = d.items.borrow_mut().remove(i);
                    drop(v);
                    return Ok(vm.none());
                }
            }
            Err(vm.value_error("deque.remove(x): x not in deque"))
        }),
        ("reverse", |vm, a, _| {
            let d = dq(vm, &a[0])?;
            d.touch();
            d.items.borrow_mut().make_contiguous().reverse();
            Ok(vm.none())
        }),
        ("rotate", |vm, a, _| {
            check_args(vm, "rotate", &a[1..], 0, 1)?;
            let n = match a.get(1) {
                Some(n) => vm.ssize_arg(n)?,
                None => 1,
            };
            let d = dq(vm, &a[0])?;
            let len = d.items.borrow().len() as i64;
            if len > 0 {
                d.touch();
                let k = n.rem_euclid(len) as usize;
                d.items.borrow_mut().rotate_right(k);
            }
            Ok(vm.none())
        }),
        ("__len__", |vm, a, _| {
            Ok(from_i64(dq(vm, &a[0])?.items.borrow().len() as i64))
        }),
        ("__bool__", |vm, a, _| {
            Ok(py_bool(!dq(vm, &a[0])?.items.borrow().is_empty()))
        }),
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let d = dq(vm, &a[0])?;
            if a[1].kind() == Kind::Slice {
                return Err(vm.type_error("sequence index must be integer, not 'slice'"));
            }
            let i = index_of(vm, d, &a[1])?;
            Ok(d.items.borrow()[i].clone())
        }),
        ("__setitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__setitem__", &a[1..], 2, 2)?;
            let d = dq(vm, &a[0])?;
            let i = index_of(vm, d, &a[1])?;
            let old = std::mem::replace(&mut d.items.borrow_mut()[i], a[2].clone());
            drop(old);
            Ok(vm.none())
        }),
        ("__delitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__delitem__", &a[1..], 1, 1)?;
            let d = dq(vm, &a[0])?;
            let i = index_of(vm, d, &a[1])?;
            d.touch();
            let v = d.items.borrow_mut().remove(i);
            drop(v);
            Ok(vm.none())
        }),
        ("__contains__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let d = dq(vm, &a[0])?;
            let state = d.state.get();
            let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
            for x in &items {
                if vm.eq(x, &a[1])? {
                    return Ok(py_bool(true));
                }
                if d.state.get() != state {
                    return Err(vm.runtime_error("deque mutated during iteration"));
                }
            }
            Ok(py_bool(false))
        }),
        ("__iter__", |vm, a, _| {
            dq(vm, &a[0])?;
            Ok(deque_iter(&a[0], false, &types().deque_iterator))
        }),
        ("__reversed__", |vm, a, _| {
            dq(vm, &a[0])?;
            Ok(deque_iter(&a[0], true, &types().deque_iterator))
        }),
        ("__eq__", |vm, a, _| deque_compare(vm, a, CmpOp::Eq)),
        ("__ne__", |vm, a, _| deque_compare(vm, a, CmpOp::Ne)),
        ("__lt__", |vm, a, _| deque_compare(vm, a, CmpOp::Lt)),
        ("__le__", |vm, a, _| deque_compare(vm, a, CmpOp::Le)),
        ("__gt__", |vm, a, _| deque_compare(vm, a, CmpOp::Gt)),
        ("__ge__", |vm, a, _| deque_compare(vm, a, CmpOp::Ge)),
        ("__add__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__add__", &a[1..], 1, 1)?;
            if a[1].kind() != Kind::Deque {
                return Err(vm.type_error(format!(
                    "can only concatenate deque (not \"{}\") to deque",
                    a[1].type_data().name
                )));
            }
            let out = copy_deque(vm, &a[0])?;
            let more: Vec<Value> = dq(vm, &a[1])?.items.borrow().iter().cloned().collect();
            let o = out.downcast::<DequeData>().expect("deque");
            for v in more {
                o.push_back(v);
            }
            Ok(out)
        }),
        ("__iadd__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__iadd__", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            let d = dq(vm, &a[0])?;
            for v in items {
                d.push_back(v);
            }
            Ok(a[0].clone())
        }),
        ("__mul__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__mul__", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?.max(0) as usize;
            let out = copy_deque(vm, &a[0])?;
            let base: Vec<Value> = dq(vm, &a[0])?.items.borrow().iter().cloned().collect();
            let o = out.downcast::<DequeData>().expect("deque");
            o.items.borrow_mut().clear();
            for _ in 0..n {
                for v in &base {
                    o.push_back(v.clone());
                }
            }
            Ok(out)
        }),
        ("__hash__", |vm, _a, _| {
            Err(vm.type_error("unhashable type: 'collections.deque'"))
        }),
        // As CPython: (cls, () or ((), maxlen), state, iterator).
        ("__reduce__", |vm, a, _| {
            let d = dq(vm, &a[0])?;
            let args = match d.maxlen.get() {
                None => crate::objects::tuple::new_tuple(vec![]),
                Some(m) => crate::objects::tuple::new_tuple(vec![
                    crate::objects::tuple::new_tuple(vec![]),
                    from_i64(m as i64),
                ]),
            };
            let getstate = vm.getattr_str(&a[0], "__getstate__")?;
            let state = vm.call(&getstate, &[], &[])?;
            let it = vm.get_iter(&a[0])?;
            Ok(crate::objects::tuple::new_tuple(vec![
                a[0].class(),
                args,
                state,
                it,
            ]))
        }),
    ]
}

// ----- defaultdict -----

fn factory(vm: &mut Vm, d: &Value) -> PyResult<Value> {
    Ok(vm
        .lookup_attr(d, "default_factory")?
        .unwrap_or_else(|| vm.none()))
}

fn defaultdict_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", |vm, a, k| {
            let f = a.get(1).cloned().unwrap_or_else(|| vm.none());
            if !f.is(&types().none) && !crate::builtins::is_callable(&f) {
                return Err(vm.type_error("first argument must be callable or None"));
            }
            vm.setattr_str(&a[0], "default_factory", f)?;
            if a.len() > 3 {
                return Err(vm.type_error(format!(
                    "dict expected at most 1 argument, got {}",
                    a.len() - 2
                )));
            }
            // The rest as dict.__init__ takes it.
            let mut rest = vec![a[0].clone()];
            rest.extend(a.get(2).cloned());
            crate::objects::dict_methods::dict_update(vm, &rest, k)?;
            Ok(vm.none())
        }),
        ("__missing__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__missing__", &a[1..], 1, 1)?;
            let f = factory(vm, &a[0])?;
            if f.is(&types().none) {
                return Err(vm.key_error(a[1].clone()));
            }
            let v = vm.call(&f, &[], &[])?;
            vm.setitem(&a[0], a[1].clone(), v.clone())?;
            Ok(v)
        }),
        ("__repr__", |vm, a, _| {
            let f = factory(vm, &a[0])?;
            let fr = if f.is(&types().none) {
                "None".to_string()
            } else if !vm.guard_recursive(&a[0]) {
                "...".to_string()
            } else {
                let r = vm.repr_string(&f);
                vm.unguard();
                r?
            };
            let body = crate::protocols::repr::builtin_repr(vm, &a[0])?;
            Ok(new_str(&format!("{}({fr}, {body})", a[0].type_data().name)))
        }),
        ("copy", |vm, a, _| copy_defaultdict(vm, &a[0])),
        ("__copy__", |vm, a, _| copy_defaultdict(vm, &a[0])),
        ("__reduce__", |vm, a, _| {
            let f = factory(vm, &a[0])?;
            let args = if f.is(&types().none) {
                crate::objects::tuple::new_tuple(vec![])
            } else {
                crate::objects::tuple::new_tuple(vec![f])
            };
            let items = vm.getattr_str(&a[0], "items")?;
            let it = vm.call(&items, &[], &[])?;
            let it = vm.get_iter(&it)?;
            let none = vm.none();
            Ok(crate::objects::tuple::new_tuple(vec![
                a[0].class(),
                args,
                none.clone(),
                none,
                it,
            ]))
        }),
    ]
}

fn copy_defaultdict(vm: &mut Vm, d: &Value) -> PyResult {
    let f = factory(vm, d)?;
    let cls = d.class();
    vm.call(&cls, &[f, d.clone()], &[])
}

// ----- the module -----

pub fn register_types() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.deque, "deque", &deque_methods());
    crate::objects::str_methods::add_methods(&t.defaultdict, "defaultdict", &defaultdict_methods());
    super::odict::register_types();
    crate::objects::str_methods::add_methods(
        &t.deque_iterator,
        "deque_iterator",
        &[
            ("__next__", |vm, a, _| match vm.next(&a[0])? {
                Some(v) => Ok(v),
                None => Err(vm.stop_iteration(None)),
            }),
            ("__iter__", |_vm, a, _| Ok(a[0].clone())),
            (
                "__length_hint__",
                |vm, a, _| match crate::objects::iter::length_hint(vm, &a[0])? {
                    Some(n) => Ok(n),
                    None => Ok(types().not_implemented.clone()),
                },
            ),
        ],
    );
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| {
        if a.is_empty() {
            return Err(vm.type_error("deque.__new__(): not enough arguments"));
        }
        Ok(new_deque(&a[0]))
    });
    t.deque.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    for ty in [&t.deque, &t.defaultdict] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("collections"));
    }
    // `maxlen` is read through builtin_attr (see attr.rs).
    let _ = &t.deque;
}

/// `deque.maxlen`.
pub fn maxlen_of(v: &Value) -> Option<Value> {
    v.downcast::<DequeData>().map(|d| {
        d.maxlen
            .get()
            .map_or_else(|| types().none.clone(), |m| from_i64(m as i64))
    })
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let funcs: &[(&'static str, NativeFn)] = &[("_count_elements", |vm, a, _| {
        check_args(vm, "_count_elements", a, 2, 2)?;
        let items = vm.iterate(&a[1])?;
        let exact_dict = a[0].is_exact(&types().dict);
        for x in items {
            if exact_dict {
                let d = a[0].downcast::<DictData>().expect("dict");
                let cur = crate::objects::dict::get(vm, &d.table, &x)?;
                let n = match cur {
                    Some(c) => vm.binary_op(&c, &from_i64(1), egret_bytecode::BinOp::Add, false)?,
                    None => from_i64(1),
                };
                crate::objects::dict::set(vm, &d.table, x, n)?;
            } else {
                let get = vm.getattr_str(&a[0], "get")?;
                let cur = vm.call(&get, &[x.clone(), from_i64(0)], &[])?;
                let n = vm.binary_op(&cur, &from_i64(1), egret_bytecode::BinOp::Add, false)?;
                vm.setitem(&a[0], x, n)?;
            }
        }
        Ok(vm.none())
    })];
    super::make_module(
        "_collections",
        funcs,
        vec![
            ("deque", t.deque.clone()),
            ("defaultdict", t.defaultdict.clone()),
            ("OrderedDict", t.ordered_dict.clone()),
            ("_deque_iterator", t.deque_iterator.clone()),
        ],
    )
}
