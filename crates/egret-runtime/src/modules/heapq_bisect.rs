//! `_heapq` and `_bisect`: the accelerators of `heapq` and `bisect`, with
//! the same algorithms (and so the same element orders) as the pure-Python
//! modules, comparing with `<` as they do.

use crate::object::Value;
use crate::object::types::Kind;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::ListData;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

// ----- heapq -----

/// The heap argument, which must be a list.
fn heap_list<'a>(vm: &Vm, a: &'a [Value], name: &str, nargs: usize) -> PyResult<&'a ListData> {
    check_args(vm, name, a, nargs, nargs)?;
    a[0].downcast::<ListData>()
        .filter(|_| matches!(a[0].kind(), Kind::List))
        .ok_or_else(|| {
            let which = if nargs == 1 { "argument" } else { "argument 1" };
            vm.type_error(format!(
                "{name}() {which} must be list, not {}",
                a[0].type_data().name
            ))
        })
}

fn len(l: &ListData) -> usize {
    l.items.borrow().len()
}

fn get(vm: &Vm, l: &ListData, i: usize) -> PyResult<Value> {
    l.items
        .borrow()
        .get(i)
        .cloned()
        .ok_or_else(|| vm.runtime_error("list changed size during iteration"))
}

fn set(vm: &Vm, l: &ListData, i: usize, v: Value) -> PyResult<()> {
    let mut items = l.items.borrow_mut();
    match items.get_mut(i) {
        Some(slot) => {
            let old = std::mem::replace(slot, v);
            drop(items);
            drop(old);
            Ok(())
        }
        None => Err(vm.runtime_error("list changed size during iteration")),
    }
}

/// `a < b`, or `b < a` for the max-heap variants.
fn before(vm: &mut Vm, a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        vm.less_than(b, a)
    } else {
        vm.less_than(a, b)
    }
}

/// Moves the item at `pos` up towards `start` while it sorts before its
/// parent.
fn sift_down(vm: &mut Vm, l: &ListData, start: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let item = get(vm, l, pos)?;
    let n = len(l);
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let parent = get(vm, l, parent_pos)?;
        let lt = before(vm, &item, &parent, max)?;
        if len(l) != n {
            return Err(vm.runtime_error("list changed size during iteration"));
        }
        if !lt {
            break;
        }
        set(vm, l, pos, parent)?;
        pos = parent_pos;
    }
    set(vm, l, pos, item)
}

/// Moves the smaller child up until a leaf, puts the item there, then
/// sifts it down (the pure-Python module's `_siftup`).
fn sift_up(vm: &mut Vm, l: &ListData, mut pos: usize, max: bool) -> PyResult<()> {
    let end = len(l);
    let start = pos;
    let item = get(vm, l, pos)?;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (c, r) = (get(vm, l, child)?, get(vm, l, right)?);
            let lt = before(vm, &c, &r, max)?;
            if len(l) != end {
                return Err(vm.runtime_error("list changed size during iteration"));
            }
            if !lt {
                child = right;
            }
        }
        let c = get(vm, l, child)?;
        set(vm, l, pos, c)?;
        pos = child;
        child = 2 * pos + 1;
    }
    set(vm, l, pos, item)?;
    sift_down(vm, l, start, pos, max)
}

fn heappush(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let l = heap_list(vm, a, "heappush", 2)?;
    l.items.borrow_mut().push(a[1].clone());
    let last = len(l) - 1;
    sift_down(vm, l, 0, last, false)?;
    Ok(vm.none())
}

fn pop(vm: &mut Vm, a: &[Value], name: &str, max: bool) -> PyResult {
    let l = heap_list(vm, a, name, 1)?;
    let last = l.items.borrow_mut().pop();
    let Some(last) = last else {
        return Err(vm.index_error("index out of range"));
    };
    if len(l) == 0 {
        return Ok(last);
    }
    let first = get(vm, l, 0)?;
    set(vm, l, 0, last)?;
    sift_up(vm, l, 0, max)?;
    Ok(first)
}

fn replace(vm: &mut Vm, a: &[Value], name: &str, max: bool) -> PyResult {
    let l = heap_list(vm, a, name, 2)?;
    if len(l) == 0 {
        return Err(vm.index_error("index out of range"));
    }
    let first = get(vm, l, 0)?;
    set(vm, l, 0, a[1].clone())?;
    sift_up(vm, l, 0, max)?;
    Ok(first)
}

fn heappushpop(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let l = heap_list(vm, a, "heappushpop", 2)?;
    if len(l) == 0 {
        return Ok(a[1].clone());
    }
    let top = get(vm, l, 0)?;
    if !vm.less_than(&top, &a[1])? {
        return Ok(a[1].clone());
    }
    if len(l) == 0 {
        return Err(vm.index_error("index out of range"));
    }
    let top = get(vm, l, 0)?;
    set(vm, l, 0, a[1].clone())?;
    sift_up(vm, l, 0, false)?;
    Ok(top)
}

fn heapify(vm: &mut Vm, a: &[Value], name: &str, max: bool) -> PyResult {
    let l = heap_list(vm, a, name, 1)?;
    let n = len(l);
    for i in (0..n / 2).rev() {
        sift_up(vm, l, i, max)?;
    }
    Ok(vm.none())
}

pub fn make_heapq(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("heappush", heappush),
        ("heappop", |vm, a, _| pop(vm, a, "heappop", false)),
        ("heapreplace", |vm, a, _| {
            replace(vm, a, "heapreplace", false)
        }),
        ("heappushpop", heappushpop),
        ("heapify", |vm, a, _| heapify(vm, a, "heapify", false)),
        ("_heappop_max", |vm, a, _| pop(vm, a, "_heappop_max", true)),
        ("_heapreplace_max", |vm, a, _| {
            replace(vm, a, "_heapreplace_max", true)
        }),
        ("_heapify_max", |vm, a, _| {
            heapify(vm, a, "_heapify_max", true)
        }),
    ];
    super::make_module("_heapq", funcs, Vec::new())
}

// ----- bisect -----

/// The insertion point of `x` in `a[lo:hi]`: after equal items (`right`)
/// or before them.
fn bisect(vm: &mut Vm, a: &[Value], k: Kw, name: &str, right: bool) -> PyResult<i64> {
    check_args(vm, name, a, 2, 4)?;
    let (seq, x) = (&a[0], &a[1]);
    let lo = match a.get(2).cloned().or_else(|| kwarg(k, "lo")) {
        Some(v) => vm.index_value(&v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let hi = match a.get(3).cloned().or_else(|| kwarg(k, "hi")) {
        Some(v) if !v.is(&vm.none()) => vm.index_value(&v)?,
        _ => vm.len(seq)? as i64,
    };
    let key = kwarg(k, "key").filter(|f| !f.is(&vm.none()));
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let item = vm.getitem(seq, &from_i64(mid))?;
        let item = match &key {
            Some(f) => vm.call(f, &[item], &[])?,
            None => item,
        };
        let go_left = if right {
            vm.less_than(x, &item)?
        } else {
            !vm.less_than(&item, x)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn insort(vm: &mut Vm, a: &[Value], k: Kw, name: &str, right: bool) -> PyResult {
    check_args(vm, name, a, 2, 4)?;
    let key = kwarg(k, "key").filter(|f| !f.is(&vm.none()));
    let pos = match &key {
        None => bisect(vm, a, k, name, right)?,
        Some(f) => {
            let kx = vm.call(f, std::slice::from_ref(&a[1]), &[])?;
            let mut args = a.to_vec();
            args[1] = kx;
            bisect(vm, &args, k, name, right)?
        }
    };
    vm.call_method(&a[0], "insert", &[from_i64(pos), a[1].clone()])?;
    Ok(vm.none())
}

pub fn make_bisect(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("bisect_right", |vm, a, k| {
            bisect(vm, a, k, "bisect_right", true).map(from_i64)
        }),
        ("bisect_left", |vm, a, k| {
            bisect(vm, a, k, "bisect_left", false).map(from_i64)
        }),
        ("insort_right", |vm, a, k| {
            insort(vm, a, k, "insort_right", true)
        }),
        ("insort_left", |vm, a, k| {
            insort(vm, a, k, "insort_left", false)
        }),
    ];
    super::make_module("_bisect", funcs, Vec::new())
}
