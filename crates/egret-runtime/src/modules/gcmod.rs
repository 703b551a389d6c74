//! `gc`: the interface to the cycle collector (`crate::object::gc`).

use std::cell::Cell;

use crate::object::Value;
use crate::object::gc::{self, GENERATIONS};
use crate::object::types::Kind;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::Vm;

crate::gil_local! {
    static DEBUG: Cell<i64> = const { Cell::new(0) };
    /// `gc.callbacks`, the list collections report to.
    static CALLBACKS: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

impl Vm {
    /// Calls each of `gc.callbacks` with `phase` ("start" or "stop") and
    /// the collection's info dict, as CPython does around every
    /// collection; a callback's exception is reported as unraisable.
    pub(crate) fn gc_callbacks(&mut self, phase: &str, generation: usize, collected: usize) {
        let Some(list) = CALLBACKS.with(|c| c.borrow().clone()) else {
            return;
        };
        let Some(ld) = list.downcast::<crate::objects::list::ListData>() else {
            return;
        };
        if ld.items.borrow().is_empty() {
            return;
        }
        // (A copy: a callback may change the list.)
        let callbacks: Vec<Value> = ld.items.borrow().clone();
        let mut t = crate::objects::dict::DictTable::new();
        t.set_str("generation", from_i64(generation as i64));
        t.set_str("collected", from_i64(collected as i64));
        t.set_str("uncollectable", from_i64(0));
        let info = crate::objects::dict::new_dict(t);
        let phase = crate::objects::str::new_str(phase);
        for cb in callbacks {
            if let Err(e) = self.call(&cb, &[phase.clone(), info.clone()], &[]) {
                self.unraisable(&e, &cb, None);
            }
        }
    }
}

/// `gc.is_tracked`: as in CPython, a dict holding no containers is not.
fn is_tracked(v: &Value) -> bool {
    if !gc::is_tracked(v) {
        return false;
    }
    if v.kind() == Kind::Dict && !v.type_data().is_heap {
        let mut any = false;
        gc::traverse(v, &mut |x| {
            if !x.is(&v.class()) && gc::is_tracked(x) {
                any = true;
            }
        });
        return any;
    }
    true
}

/// The `generation` argument (positional or keyword), when given.
fn generation_value(a: &[Value], k: &[(Value, Value)]) -> Option<Value> {
    a.first().or(k.first().map(|(_, v)| v)).cloned()
}

/// `gc.collect`'s generation: an integer in range, the oldest by default.
fn collect_generation_arg(
    vm: &mut Vm,
    a: &[Value],
    k: &[(Value, Value)],
) -> crate::vm::PyResult<usize> {
    let Some(g) = generation_value(a, k) else {
        return Ok(GENERATIONS - 1);
    };
    let n = vm.index_value(&g)?;
    if !(0..GENERATIONS as i64).contains(&n) {
        return Err(vm.value_error("invalid generation"));
    }
    Ok(n as usize)
}

/// `gc.get_objects`' generation: None (or -1) for all of them.
fn objects_generation_arg(
    vm: &mut Vm,
    a: &[Value],
    k: &[(Value, Value)],
) -> crate::vm::PyResult<Option<usize>> {
    let Some(g) = generation_value(a, k) else {
        return Ok(None);
    };
    if g.is(&vm.none()) {
        return Ok(None);
    }
    if !matches!(g.kind(), Kind::Int | Kind::Bool) {
        return Err(vm.type_error(format!(
            "argument should be integer or None, not '{}'",
            vm.type_name(&g)
        )));
    }
    let n = vm.index_value(&g)?;
    if n >= GENERATIONS as i64 {
        return Err(vm.value_error(format!(
            "generation parameter must be less than the number of available generations ({GENERATIONS})"
        )));
    }
    if n < -1 {
        return Err(vm.value_error("generation parameter cannot be negative"));
    }
    Ok((n >= 0).then_some(n as usize))
}

pub fn make(vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("collect", |vm, a, k| {
            check_args(vm, "collect", a, 0, 1)?;
            let g = collect_generation_arg(vm, a, k)?;
            let n = vm.collect_generation(g);
            vm.run_pending_finalizers_only();
            Ok(from_i64(n as i64))
        }),
        ("enable", |vm, a, _| {
            check_args(vm, "enable", a, 0, 0)?;
            gc::set_enabled(true);
            Ok(vm.none())
        }),
        ("disable", |vm, a, _| {
            check_args(vm, "disable", a, 0, 0)?;
            gc::set_enabled(false);
            Ok(vm.none())
        }),
        ("isenabled", |vm, a, _| {
            check_args(vm, "isenabled", a, 0, 0)?;
            Ok(vm.bool_value(gc::is_enabled()))
        }),
        ("get_count", |vm, a, _| {
            check_args(vm, "get_count", a, 0, 0)?;
            let counts = gc::counts();
            Ok(new_tuple(
                counts.iter().map(|&c| from_i64(c as i64)).collect(),
            ))
        }),
        ("get_threshold", |vm, a, _| {
            check_args(vm, "get_threshold", a, 0, 0)?;
            let t = gc::thresholds();
            Ok(new_tuple(t.iter().map(|&t| from_i64(t as i64)).collect()))
        }),
        ("set_threshold", |vm, a, _| {
            check_args(vm, "set_threshold", a, 1, 3)?;
            let mut t = gc::thresholds();
            for (slot, v) in t.iter_mut().zip(a) {
                *slot = vm.index_value(v)? as isize;
            }
            gc::set_thresholds(t);
            Ok(vm.none())
        }),
        ("get_debug", |vm, a, _| {
            check_args(vm, "get_debug", a, 0, 0)?;
            Ok(from_i64(DEBUG.with(Cell::get)))
        }),
        ("set_debug", |vm, a, _| {
            check_args(vm, "set_debug", a, 1, 1)?;
            let f = vm.index_value(&a[0])?;
            DEBUG.with(|d| d.set(f));
            Ok(vm.none())
        }),
        ("is_tracked", |vm, a, _| {
            check_args(vm, "is_tracked", a, 1, 1)?;
            Ok(vm.bool_value(is_tracked(&a[0])))
        }),
        ("is_finalized", |vm, a, _| {
            check_args(vm, "is_finalized", a, 1, 1)?;
            Ok(vm.bool_value(a[0].is_finalized()))
        }),
        ("get_objects", |vm, a, k| {
            check_args(vm, "get_objects", a, 0, 1)?;
            let objs = match objects_generation_arg(vm, a, k)? {
                Some(g) => gc::generation_objects(g),
                None => gc::tracked_objects(),
            };
            let objs: Vec<Value> = objs.into_iter().filter(is_tracked).collect();
            Ok(new_list(objs))
        }),
        ("get_referents", |_vm, a, _| {
            let mut out = Vec::new();
            for o in a {
                // Any container, tracked or not (as CPython's traverse).
                if !o.is_small() && o.type_data().gc_tracked {
                    gc::traverse(o, &mut |r| {
                        if !r.is(&o.class()) || o.type_data().is_heap {
                            out.push(r.clone());
                        }
                    });
                }
            }
            Ok(new_list(out))
        }),
        ("get_referrers", |_vm, a, _| {
            let mut out = Vec::new();
            for candidate in gc::tracked_objects() {
                let mut refers = false;
                gc::traverse(&candidate, &mut |r| {
                    if a.iter().any(|x| x.is(r)) {
                        refers = true;
                    }
                });
                if refers {
                    out.push(candidate);
                }
            }
            Ok(new_list(out))
        }),
        ("get_stats", |vm, a, _| {
            check_args(vm, "get_stats", a, 0, 0)?;
            let mut gens = Vec::new();
            for s in gc::stats() {
                let mut t = crate::objects::dict::DictTable::new();
                t.set_str("collections", from_i64(s.collections as i64));
                t.set_str("collected", from_i64(s.collected as i64));
                t.set_str("uncollectable", from_i64(0));
                gens.push(crate::objects::dict::new_dict(t));
            }
            Ok(new_list(gens))
        }),
        ("freeze", |vm, a, _| {
            check_args(vm, "freeze", a, 0, 0)?;
            gc::freeze();
            Ok(vm.none())
        }),
        ("unfreeze", |vm, a, _| {
            check_args(vm, "unfreeze", a, 0, 0)?;
            gc::unfreeze();
            Ok(vm.none())
        }),
        ("get_freeze_count", |vm, a, _| {
            check_args(vm, "get_freeze_count", a, 0, 0)?;
            Ok(from_i64(gc::freeze_count() as i64))
        }),
    ];
    let callbacks = new_list(Vec::new());
    CALLBACKS.with(|c| *c.borrow_mut() = Some(callbacks.clone()));
    let values = vec![
        ("garbage", new_list(Vec::new())),
        ("callbacks", callbacks),
        ("DEBUG_STATS", from_i64(1)),
        ("DEBUG_COLLECTABLE", from_i64(2)),
        ("DEBUG_UNCOLLECTABLE", from_i64(4)),
        ("DEBUG_SAVEALL", from_i64(32)),
        ("DEBUG_LEAK", from_i64(38)),
    ];
    let _ = vm;
    super::make_module("gc", funcs, values)
}
