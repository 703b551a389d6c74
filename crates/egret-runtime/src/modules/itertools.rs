//! The `itertools` module, in Rust as CPython has it in C. Every function
//! is a type whose instances are iterators (`IterState::Native`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use egret_bytecode::BinOp;

use crate::object::Value;
use crate::object::types::{Kind, builtin_type, types};
use crate::objects::function::{NativeFn, new_builtin};
use crate::objects::int::from_i64;
use crate::objects::iter::{IterState, NativeIter, new_iter};
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

fn native(ty: &Value, it: impl NativeIter + 'static) -> Value {
    new_iter(ty, IterState::Native(Box::new(it)))
}

fn none_or(v: Option<&Value>) -> Option<&Value> {
    v.filter(|x| !x.is(&types().none))
}

fn no_kwargs(vm: &Vm, name: &str, k: Kw) -> PyResult<()> {
    if k.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{name}() takes no keyword arguments")))
    }
}

// ----- count, cycle, repeat -----

struct Count {
    cur: Value,
    step: Value,
}

impl NativeIter for Count {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let v = self.cur.clone();
        self.cur = vm.binary_op(&self.cur, &self.step, BinOp::Add, false)?;
        Ok(Some(v))
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let c = vm.repr_string(&self.cur)?;
        let one = self.step.as_small() == Some(1);
        Ok(Some(if one {
            format!("count({c})")
        } else {
            let s = vm.repr_string(&self.step)?;
            format!("count({c}, {s})")
        }))
    }
}

fn count_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "count", &a[1..], 0, 2)?;
    let start = a
        .get(1)
        .cloned()
        .or_else(|| kwarg(k, "start"))
        .unwrap_or_else(|| from_i64(0));
    let step = a
        .get(2)
        .cloned()
        .or_else(|| kwarg(k, "step"))
        .unwrap_or_else(|| from_i64(1));
    let numeric = |v: &Value| {
        matches!(
            v.kind(),
            Kind::Int | Kind::Bool | Kind::Float | Kind::Complex
        )
    };
    if !numeric(&start) || !numeric(&step) {
        return Err(vm.type_error("a number is required"));
    }
    Ok(native(&a[0], Count { cur: start, step }))
}

struct Cycle {
    it: Option<Value>,
    saved: Vec<Value>,
    idx: usize,
}

impl NativeIter for Cycle {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if let Some(it) = &self.it {
            match vm.next(it)? {
                Some(v) => {
                    self.saved.push(v.clone());
                    return Ok(Some(v));
                }
                None => self.it = None,
            }
        }
        if self.saved.is_empty() {
            return Ok(None);
        }
        let v = self.saved[self.idx % self.saved.len()].clone();
        self.idx += 1;
        Ok(Some(v))
    }
}

fn cycle_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "cycle", k)?;
    check_args(vm, "cycle", &a[1..], 1, 1)?;
    let it = vm.get_iter(&a[1])?;
    Ok(native(
        &a[0],
        Cycle {
            it: Some(it),
            saved: Vec::new(),
            idx: 0,
        },
    ))
}

struct Repeat {
    obj: Value,
    left: Option<i64>,
}

impl NativeIter for Repeat {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        match &mut self.left {
            Some(0) => Ok(None),
            Some(n) => {
                *n -= 1;
                Ok(Some(self.obj.clone()))
            }
            None => Ok(Some(self.obj.clone())),
        }
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let o = vm.repr_string(&self.obj)?;
        Ok(Some(match self.left {
            Some(n) => format!("repeat({o}, {n})"),
            None => format!("repeat({o})"),
        }))
    }
}

fn repeat_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let obj = a.get(1).cloned().or_else(|| kwarg(k, "object"));
    let Some(obj) = obj else {
        return Err(vm.type_error("repeat() missing required argument 'object' (pos 1)"));
    };
    check_args(vm, "repeat", &a[1..], 0, 2)?;
    let times = match a.get(2).cloned().or_else(|| kwarg(k, "times")) {
        Some(t) => Some(vm.index_value(&t)?.max(0)),
        None => None,
    };
    Ok(native(&a[0], Repeat { obj, left: times }))
}

// ----- accumulate, chain, compress, dropwhile, takewhile, filterfalse -----

struct Accumulate {
    it: Value,
    func: Option<Value>,
    total: Option<Value>,
    initial: Option<Value>,
}

impl NativeIter for Accumulate {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if let Some(init) = self.initial.take() {
            self.total = Some(init.clone());
            return Ok(Some(init));
        }
        let Some(v) = vm.next(&self.it)? else {
            return Ok(None);
        };
        let new = match self.total.take() {
            None => v,
            Some(t) => match &self.func {
                Some(f) => vm.call(f, &[t, v], &[])?,
                None => vm.binary_op(&t, &v, BinOp::Add, false)?,
            },
        };
        self.total = Some(new.clone());
        Ok(Some(new))
    }
}

fn accumulate_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "accumulate", &a[1..], 1, 2)?;
    let it = vm.get_iter(&a[1])?;
    let func = none_or(a.get(2))
        .cloned()
        .or_else(|| none_or(kwarg(k, "func").as_ref()).cloned());
    let initial = kwarg(k, "initial").filter(|v| !v.is(&types().none));
    Ok(native(
        &a[0],
        Accumulate {
            it,
            func,
            total: None,
            initial,
        },
    ))
}

struct Chain {
    sources: Value,
    cur: Option<Value>,
}

impl NativeIter for Chain {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            if let Some(c) = &self.cur {
                if let Some(v) = vm.next(c)? {
                    return Ok(Some(v));
                }
                self.cur = None;
            }
            match vm.next(&self.sources)? {
                Some(src) => self.cur = Some(vm.get_iter(&src)?),
                None => return Ok(None),
            }
        }
    }
}

fn chain_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "chain", k)?;
    let srcs = vm.get_iter(&new_tuple(a[1..].to_vec()))?;
    Ok(native(
        &a[0],
        Chain {
            sources: srcs,
            cur: None,
        },
    ))
}

fn chain_from_iterable(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "from_iterable", &a[1..], 1, 1)?;
    let srcs = vm.get_iter(&a[1])?;
    Ok(native(
        &a[0],
        Chain {
            sources: srcs,
            cur: None,
        },
    ))
}

struct Compress {
    data: Value,
    selectors: Value,
}

impl NativeIter for Compress {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            let Some(d) = vm.next(&self.data)? else {
                return Ok(None);
            };
            let Some(s) = vm.next(&self.selectors)? else {
                return Ok(None);
            };
            if vm.truthy(&s)? {
                return Ok(Some(d));
            }
        }
    }
}

fn compress_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let data = a.get(1).cloned().or_else(|| kwarg(k, "data"));
    let sel = a.get(2).cloned().or_else(|| kwarg(k, "selectors"));
    let (Some(data), Some(sel)) = (data, sel) else {
        return Err(vm.type_error("compress() missing required argument"));
    };
    let data = vm.get_iter(&data)?;
    let selectors = vm.get_iter(&sel)?;
    Ok(native(&a[0], Compress { data, selectors }))
}

fn predicate(vm: &mut Vm, pred: &Value, v: &Value) -> PyResult<bool> {
    if pred.is(&types().none) {
        return vm.truthy(v);
    }
    let r = vm.call(pred, std::slice::from_ref(v), &[])?;
    vm.truthy(&r)
}

#[derive(Clone, Copy, PartialEq)]
enum PredMode {
    DropWhile,
    TakeWhile,
    FilterFalse,
}

struct PredIter {
    mode: PredMode,
    pred: Value,
    it: Value,
    /// dropwhile: done dropping; takewhile: stopped.
    flag: bool,
}

impl NativeIter for PredIter {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            if self.mode == PredMode::TakeWhile && self.flag {
                return Ok(None);
            }
            let Some(v) = vm.next(&self.it)? else {
                return Ok(None);
            };
            match self.mode {
                PredMode::DropWhile => {
                    if self.flag || !predicate(vm, &self.pred, &v)? {
                        self.flag = true;
                        return Ok(Some(v));
                    }
                }
                PredMode::TakeWhile => {
                    if predicate(vm, &self.pred, &v)? {
                        return Ok(Some(v));
                    }
                    self.flag = true;
                    return Ok(None);
                }
                PredMode::FilterFalse => {
                    if !predicate(vm, &self.pred, &v)? {
                        return Ok(Some(v));
                    }
                }
            }
        }
    }
}

fn pred_new(vm: &mut Vm, a: &[Value], k: Kw, name: &str, mode: PredMode) -> PyResult {
    no_kwargs(vm, name, k)?;
    check_args(vm, name, &a[1..], 2, 2)?;
    let it = vm.get_iter(&a[2])?;
    Ok(native(
        &a[0],
        PredIter {
            mode,
            pred: a[1].clone(),
            it,
            flag: false,
        },
    ))
}

// ----- groupby -----

struct GroupShared {
    it: Value,
    key: Option<Value>,
    /// The current item and its key, when one has been read ahead.
    cur: Option<(Value, Value)>,
    /// Which group is current; older groupers stop.
    generation: u64,
    exhausted: bool,
}

impl GroupShared {
    fn advance(&mut self, vm: &mut Vm) -> PyResult<bool> {
        match vm.next(&self.it)? {
            Some(v) => {
                let k = match &self.key {
                    Some(f) => vm.call(f, std::slice::from_ref(&v), &[])?,
                    None => v.clone(),
                };
                self.cur = Some((k, v));
                Ok(true)
            }
            None => {
                self.cur = None;
                self.exhausted = true;
                Ok(false)
            }
        }
    }
}

struct GroupBy {
    shared: Rc<RefCell<GroupShared>>,
    tgtkey: Option<Value>,
    grouper_ty: Value,
}

impl NativeIter for GroupBy {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        // Skip the rest of the current group.
        loop {
            let (cur, exhausted) = {
                let s = self.shared.borrow();
                (s.cur.clone(), s.exhausted)
            };
            match cur {
                None => {
                    if exhausted {
                        return Ok(None);
                    }
                    if !advance(vm, &self.shared)? {
                        return Ok(None);
                    }
                }
                Some((k, _)) => match &self.tgtkey {
                    Some(t) if vm.eq(&k, t)? => {
                        if !advance(vm, &self.shared)? {
                            return Ok(None);
                        }
                    }
                    _ => break,
                },
            }
        }
        let key = self
            .shared
            .borrow()
            .cur
            .as_ref()
            .map(|(k, _)| k.clone())
            .expect("current");
        self.tgtkey = Some(key.clone());
        let generation = {
            let mut s = self.shared.borrow_mut();
            s.generation += 1;
            s.generation
        };
        let grouper = native(
            &self.grouper_ty,
            Grouper {
                shared: self.shared.clone(),
                key: key.clone(),
                generation,
            },
        );
        Ok(Some(new_tuple(vec![key, grouper])))
    }
}

/// Reads the next item into the shared state without holding its borrow
/// while Python code (the iterator, the key function) runs.
fn advance(vm: &mut Vm, shared: &Rc<RefCell<GroupShared>>) -> PyResult<bool> {
    let (it, key) = {
        let s = shared.borrow();
        (s.it.clone(), s.key.clone())
    };
    let mut tmp = GroupShared {
        it,
        key,
        cur: None,
        generation: 0,
        exhausted: false,
    };
    let r = tmp.advance(vm)?;
    let mut s = shared.borrow_mut();
    s.cur = tmp.cur;
    s.exhausted = tmp.exhausted;
    Ok(r)
}

struct Grouper {
    shared: Rc<RefCell<GroupShared>>,
    key: Value,
    generation: u64,
}

impl NativeIter for Grouper {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.shared.borrow().generation != self.generation {
            return Ok(None);
        }
        let cur = self.shared.borrow().cur.clone();
        let (k, v) = match cur {
            Some(c) => c,
            None => {
                if self.shared.borrow().exhausted || !advance(vm, &self.shared)? {
                    return Ok(None);
                }
                self.shared.borrow().cur.clone().expect("advanced")
            }
        };
        if !vm.eq(&k, &self.key)? {
            return Ok(None);
        }
        self.shared.borrow_mut().cur = None;
        Ok(Some(v))
    }
}

fn groupby_new(vm: &mut Vm, a: &[Value], k: Kw, grouper_ty: Value) -> PyResult {
    check_args(vm, "groupby", &a[1..], 0, 2)?;
    let Some(iterable) = a.get(1).cloned().or_else(|| kwarg(k, "iterable")) else {
        return Err(vm.type_error("groupby() missing required argument 'iterable' (pos 1)"));
    };
    let key = none_or(a.get(2))
        .cloned()
        .or_else(|| none_or(kwarg(k, "key").as_ref()).cloned());
    let it = vm.get_iter(&iterable)?;
    let shared = Rc::new(RefCell::new(GroupShared {
        it,
        key,
        cur: None,
        generation: 0,
        exhausted: false,
    }));
    Ok(native(
        &a[0],
        GroupBy {
            shared,
            tgtkey: None,
            grouper_ty,
        },
    ))
}

// ----- islice, pairwise, starmap, zip_longest -----

struct ISlice {
    it: Value,
    next_idx: u64,
    stop: Option<u64>,
    step: u64,
    pos: u64,
}

impl NativeIter for ISlice {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            if self.stop.is_some_and(|s| self.next_idx >= s) {
                // Consume up to stop, as CPython does.
                while self.stop.is_some_and(|s| self.pos < s) {
                    if vm.next(&self.it)?.is_none() {
                        break;
                    }
                    self.pos += 1;
                }
                return Ok(None);
            }
            let Some(v) = vm.next(&self.it)? else {
                self.stop = Some(0);
                return Ok(None);
            };
            let here = self.pos;
            self.pos += 1;
            if here == self.next_idx {
                self.next_idx += self.step;
                return Ok(Some(v));
            }
        }
    }
}

fn islice_arg(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Option<u64>> {
    if v.is(&types().none) {
        return Ok(None);
    }
    let msg =
        format!("{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
    if !matches!(v.kind(), Kind::Int | Kind::Bool) && vm.user_method(v, "__index__").is_none() {
        return Err(vm.value_error(msg));
    }
    match vm.index_value(v) {
        Ok(n) if n >= 0 => Ok(Some(n as u64)),
        _ => Err(vm.value_error(msg)),
    }
}

fn islice_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "islice", k)?;
    check_args(vm, "islice", &a[1..], 2, 4)?;
    let it = vm.get_iter(&a[1])?;
    let (start, stop, step) = if a.len() == 3 {
        (0, islice_arg(vm, &a[2], "Stop")?, 1)
    } else {
        let start = islice_arg(vm, &a[2], "Indices")?.unwrap_or(0);
        let stop = islice_arg(vm, &a[3], "Stop")?;
        let step = match a.get(4) {
            Some(s) if !s.is(&types().none) => match vm.index_value(s) {
                Ok(n) if n >= 1 => n as u64,
                _ => {
                    return Err(
                        vm.value_error("Step for islice() must be a positive integer or None.")
                    );
                }
            },
            _ => 1,
        };
        (start, stop, step)
    };
    Ok(native(
        &a[0],
        ISlice {
            it,
            next_idx: start,
            stop,
            step,
            pos: 0,
        },
    ))
}

struct Pairwise {
    it: Value,
    last: Option<Value>,
}

impl NativeIter for Pairwise {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.last.is_none() {
            match vm.next(&self.it)? {
                Some(v) => self.last = Some(v),
                None => return Ok(None),
            }
        }
        let Some(v) = vm.next(&self.it)? else {
            self.last = None;
            return Ok(None);
        };
        let prev = self.last.replace(v.clone()).expect("set above");
        Ok(Some(new_tuple(vec![prev, v])))
    }
}

fn pairwise_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "pairwise", k)?;
    check_args(vm, "pairwise", &a[1..], 1, 1)?;
    let it = vm.get_iter(&a[1])?;
    Ok(native(&a[0], Pairwise { it, last: None }))
}

struct Starmap {
    func: Value,
    it: Value,
}

impl NativeIter for Starmap {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(args) = vm.next(&self.it)? else {
            return Ok(None);
        };
        let args = vm.iterate(&args)?;
        Ok(Some(vm.call(&self.func, &args, &[])?))
    }
}

fn starmap_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "starmap", k)?;
    check_args(vm, "starmap", &a[1..], 2, 2)?;
    let it = vm.get_iter(&a[2])?;
    Ok(native(
        &a[0],
        Starmap {
            func: a[1].clone(),
            it,
        },
    ))
}

struct ZipLongest {
    its: Vec<Option<Value>>,
    fill: Value,
    active: usize,
}

impl NativeIter for ZipLongest {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.its.is_empty() || self.active == 0 {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(self.its.len());
        for i in 0..self.its.len() {
            let v = match self.its[i].clone() {
                Some(it) => match vm.next(&it)? {
                    Some(v) => v,
                    None => {
                        self.its[i] = None;
                        self.active -= 1;
                        if self.active == 0 {
                            return Ok(None);
                        }
                        self.fill.clone()
                    }
                },
                None => self.fill.clone(),
            };
            out.push(v);
        }
        Ok(Some(new_tuple(out)))
    }
}

fn zip_longest_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let mut fill = types().none.clone();
    for (name, v) in k {
        if crate::interp::str_of(name) == "fillvalue" {
            fill = v.clone();
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mut its = Vec::new();
    for x in &a[1..] {
        its.push(Some(vm.get_iter(x)?));
    }
    let active = its.len();
    Ok(native(&a[0], ZipLongest { its, fill, active }))
}

// ----- tee -----

struct TeeShared {
    it: Value,
    buf: VecDeque<Value>,
    /// Absolute index of buf[0].
    start: u64,
    /// Positions of the live tee iterators, by id.
    positions: Vec<(u64, u64)>,
    next_id: u64,
    /// Set while the underlying iterator runs (another thread, or the
    /// iterator itself, reaching it meanwhile is an error, as in CPython).
    running: bool,
}

struct Tee {
    shared: Rc<RefCell<TeeShared>>,
    id: u64,
    pos: u64,
}

impl NativeIter for Tee {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let (start, len) = {
            let s = self.shared.borrow();
            (s.start, s.buf.len() as u64)
        };
        let v = if self.pos < start + len {
            self.shared.borrow().buf[(self.pos - start) as usize].clone()
        } else {
            let it = {
                let mut s = self.shared.borrow_mut();
                if s.running {
                    return Err(vm.runtime_error("cannot re-enter the tee iterator"));
                }
                s.running = true;
                s.it.clone()
            };
            let r = vm.next(&it);
            self.shared.borrow_mut().running = false;
            match r? {
                Some(v) => {
                    self.shared.borrow_mut().buf.push_back(v.clone());
                    v
                }
                None => return Ok(None),
            }
        };
        self.pos += 1;
        let mut s = self.shared.borrow_mut();
        let id = self.id;
        if let Some(p) = s.positions.iter_mut().find(|(i, _)| *i == id) {
            p.1 = self.pos;
        }
        // Drop what every live iterator has read.
        let min = s.positions.iter().map(|p| p.1).min().unwrap_or(self.pos);
        while s.start < min && !s.buf.is_empty() {
            s.buf.pop_front();
            s.start += 1;
        }
        Ok(Some(v))
    }
}

impl Drop for Tee {
    fn drop(&mut self) {
        if let Ok(mut s) = self.shared.try_borrow_mut() {
            let id = self.id;
            s.positions.retain(|(i, _)| *i != id);
        }
    }
}

fn tee_iter(ty: &Value, shared: &Rc<RefCell<TeeShared>>, pos: u64) -> Value {
    let id = {
        let mut s = shared.borrow_mut();
        s.next_id += 1;
        let id = s.next_id;
        s.positions.push((id, pos));
        id
    };
    native(
        ty,
        Tee {
            shared: shared.clone(),
            id,
            pos,
        },
    )
}

fn tee(vm: &mut Vm, a: &[Value], tee_ty: &Value) -> PyResult {
    check_args(vm, "tee", a, 1, 2)?;
    let n = match a.get(1) {
        Some(n) => vm.index_value(n)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.value_error("n must be >= 0"));
    }
    let it = vm.get_iter(&a[0])?;
    let shared = Rc::new(RefCell::new(TeeShared {
        it,
        buf: VecDeque::new(),
        start: 0,
        positions: Vec::new(),
        next_id: 0,
        running: false,
    }));
    let out = (0..n).map(|_| tee_iter(tee_ty, &shared, 0)).collect();
    Ok(new_tuple(out))
}

// ----- combinatorics -----

/// product, permutations, combinations and combinations_with_replacement:
/// an index vector over pools, advanced as in the itertools documentation.
enum Comb {
    Product {
        pools: Vec<Vec<Value>>,
        idx: Vec<usize>,
    },
    Permutations {
        pool: Vec<Value>,
        r: usize,
        indices: Vec<usize>,
        cycles: Vec<usize>,
    },
    Combinations {
        pool: Vec<Value>,
        r: usize,
        idx: Vec<usize>,
        repl: bool,
    },
}

struct Combinatoric {
    comb: Comb,
    first: bool,
    done: bool,
}

impl NativeIter for Combinatoric {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.done {
            return Ok(None);
        }
        let first = std::mem::replace(&mut self.first, false);
        let ok = match &mut self.comb {
            Comb::Product { pools, idx } => {
                if first {
                    !pools.iter().any(|p| p.is_empty())
                } else {
                    let mut i = pools.len();
                    loop {
                        if i == 0 {
                            break false;
                        }
                        i -= 1;
                        idx[i] += 1;
                        if idx[i] < pools[i].len() {
                            break true;
                        }
                        idx[i] = 0;
                    }
                }
            }
            Comb::Permutations {
                pool,
                r,
                indices,
                cycles,
            } => {
                let n = pool.len();
                if first {
                    *r <= n
                } else {
                    let mut found = false;
                    for i in (0..*r).rev() {
                        cycles[i] -= 1;
                        if cycles[i] == 0 {
                            let x = indices.remove(i);
                            indices.push(x);
                            cycles[i] = n - i;
                        } else {
                            let j = n - cycles[i];
                            indices.swap(i, j);
                            found = true;
                            break;
                        }
                    }
                    found
                }
            }
            Comb::Combinations { pool, r, idx, repl } => {
                let n = pool.len();
                if first {
                    if *repl { n > 0 || *r == 0 } else { *r <= n }
                } else if *repl {
                    let mut found = None;
                    for i in (0..*r).rev() {
                        if idx[i] != n - 1 {
                            found = Some(i);
                            break;
                        }
                    }
                    match found {
                        Some(i) => {
                            let v = idx[i] + 1;
                            for x in idx[i..].iter_mut() {
                                *x = v;
                            }
                            true
                        }
                        None => false,
                    }
                } else {
                    let mut found = None;
                    for i in (0..*r).rev() {
                        if idx[i] != i + n - *r {
                            found = Some(i);
                            break;
                        }
                    }
                    match found {
                        Some(i) => {
                            idx[i] += 1;
                            for j in i + 1..*r {
                                idx[j] = idx[j - 1] + 1;
                            }
                            true
                        }
                        None => false,
                    }
                }
            }
        };
        if !ok {
            self.done = true;
            return Ok(None);
        }
        let items: Vec<Value> = match &self.comb {
            Comb::Product { pools, idx } => {
                pools.iter().zip(idx).map(|(p, &i)| p[i].clone()).collect()
            }
            Comb::Permutations {
                pool, r, indices, ..
            } => indices[..*r].iter().map(|&i| pool[i].clone()).collect(),
            Comb::Combinations { pool, idx, .. } => idx.iter().map(|&i| pool[i].clone()).collect(),
        };
        Ok(Some(new_tuple(items)))
    }
}

fn product_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let mut repeat = 1;
    for (name, v) in k {
        if crate::interp::str_of(name) == "repeat" {
            repeat = vm.index_value(v)?;
            if repeat < 0 {
                return Err(vm.value_error("repeat argument cannot be negative"));
            }
        } else {
            return Err(vm.type_error("product() got an unexpected keyword argument"));
        }
    }
    let mut base = Vec::new();
    for x in &a[1..] {
        base.push(vm.iterate(x)?);
    }
    let mut pools = Vec::new();
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    let idx = vec![0; pools.len()];
    Ok(native(
        &a[0],
        Combinatoric {
            comb: Comb::Product { pools, idx },
            first: true,
            done: false,
        },
    ))
}

fn r_arg(vm: &mut Vm, v: Option<Value>, default: usize) -> PyResult<usize> {
    match v.filter(|x| !x.is(&types().none)) {
        None => Ok(default),
        Some(r) => {
            if !matches!(r.kind(), Kind::Int | Kind::Bool) {
                return Err(vm.type_error("Expected int as r"));
            }
            let n = vm.index_value(&r)?;
            if n < 0 {
                return Err(vm.value_error("r must be non-negative"));
            }
            Ok(n as usize)
        }
    }
}

fn permutations_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "permutations", &a[1..], 0, 2)?;
    let Some(src) = a.get(1).cloned().or_else(|| kwarg(k, "iterable")) else {
        return Err(vm.type_error("permutations() missing required argument 'iterable' (pos 1)"));
    };
    let pool = vm.iterate(&src)?;
    let n = pool.len();
    let r = r_arg(vm, a.get(2).cloned().or_else(|| kwarg(k, "r")), n)?;
    let indices = (0..n).collect();
    let cycles = (0..r.min(n)).map(|i| n - i).collect();
    Ok(native(
        &a[0],
        Combinatoric {
            comb: Comb::Permutations {
                pool,
                r,
                indices,
                cycles,
            },
            first: true,
            done: false,
        },
    ))
}

fn combinations_new(vm: &mut Vm, a: &[Value], k: Kw, repl: bool) -> PyResult {
    let name = if repl {
        "combinations_with_replacement"
    } else {
        "combinations"
    };
    check_args(vm, name, &a[1..], 0, 2)?;
    let src = a.get(1).cloned().or_else(|| kwarg(k, "iterable"));
    let r = a.get(2).cloned().or_else(|| kwarg(k, "r"));
    let (Some(src), Some(r)) = (src, r) else {
        return Err(vm.type_error(format!("{name}() missing required argument")));
    };
    let pool = vm.iterate(&src)?;
    let r = r_arg(vm, Some(r), 0)?;
    let idx = if repl { vec![0; r] } else { (0..r).collect() };
    Ok(native(
        &a[0],
        Combinatoric {
            comb: Comb::Combinations { pool, r, idx, repl },
            first: true,
            done: false,
        },
    ))
}

// ----- the module -----

crate::gil_local! {
    static GROUPER: RefCell<Option<Value>> = const { RefCell::new(None) };
    static TEE: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn make_type(name: &str, new: NativeFn) -> Value {
    let t = types();
    let ty = builtin_type(name, Kind::Iter, Some(&t.object), &t.type_);
    {
        let mut d = ty.type_data_of_type().dict_mut();
        d.set_str("__module__", new_str("itertools"));
        d.set_str(
            "__new__",
            Value::alloc(
                &t.staticmethod,
                crate::objects::descr::WrapperData {
                    func: new_builtin("__new__", new),
                },
            ),
        );
    }
    crate::objects::str_methods::add_methods(
        &ty,
        "itertools",
        &[
            ("__next__", |vm, a, _| match vm.next(&a[0])? {
                Some(v) => Ok(v),
                None => Err(vm.stop_iteration(None)),
            }),
            ("__iter__", |_vm, a, _| Ok(a[0].clone())),
        ],
    );
    ty
}

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let grouper = make_type("_grouper", |vm, _a, _| {
        Err(vm.type_error("cannot create 'itertools._grouper' instances"))
    });
    let tee_ty = make_type("_tee", |vm, _a, _| {
        Err(vm.type_error("cannot create 'itertools._tee' instances"))
    });
    GROUPER.with(|g| *g.borrow_mut() = Some(grouper.clone()));
    TEE.with(|g| *g.borrow_mut() = Some(tee_ty.clone()));
    let chain = make_type("chain", chain_new);
    chain.type_data_of_type().dict_mut().set_str(
        "from_iterable",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData {
                func: new_builtin("from_iterable", chain_from_iterable),
            },
        ),
    );
    let types_list: Vec<(&str, Value)> = vec![
        ("count", make_type("count", count_new)),
        ("cycle", make_type("cycle", cycle_new)),
        ("repeat", make_type("repeat", repeat_new)),
        ("accumulate", make_type("accumulate", accumulate_new)),
        ("chain", chain),
        ("compress", make_type("compress", compress_new)),
        (
            "dropwhile",
            make_type("dropwhile", |vm, a, k| {
                pred_new(vm, a, k, "dropwhile", PredMode::DropWhile)
            }),
        ),
        (
            "takewhile",
            make_type("takewhile", |vm, a, k| {
                pred_new(vm, a, k, "takewhile", PredMode::TakeWhile)
            }),
        ),
        (
            "filterfalse",
            make_type("filterfalse", |vm, a, k| {
                pred_new(vm, a, k, "filterfalse", PredMode::FilterFalse)
            }),
        ),
        (
            "groupby",
            make_type("groupby", |vm, a, k| {
                let g = GROUPER
                    .with(|g| g.borrow().clone())
                    .expect("itertools initialised");
                groupby_new(vm, a, k, g)
            }),
        ),
        ("islice", make_type("islice", islice_new)),
        ("pairwise", make_type("pairwise", pairwise_new)),
        ("starmap", make_type("starmap", starmap_new)),
        ("zip_longest", make_type("zip_longest", zip_longest_new)),
        ("product", make_type("product", product_new)),
        ("permutations", make_type("permutations", permutations_new)),
        (
            "combinations",
            make_type("combinations", |vm, a, k| combinations_new(vm, a, k, false)),
        ),
        (
            "combinations_with_replacement",
            make_type("combinations_with_replacement", |vm, a, k| {
                combinations_new(vm, a, k, true)
            }),
        ),
        ("_grouper", grouper),
        ("_tee", tee_ty),
    ];
    let funcs: &[(&'static str, NativeFn)] = &[("tee", |vm, a, k| {
        no_kwargs(vm, "tee", k)?;
        let ty = TEE
            .with(|g| g.borrow().clone())
            .expect("itertools initialised");
        tee(vm, a, &ty)
    })];
    super::make_module("itertools", funcs, types_list)
}
