//! `gc`: the interface to the cycle collector (`crate::object::gc`).

use std::cell::Cell;

use crate::object::Value;
use crate::object::types::Kind;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::Vm;

thread_local! {
    static DEBUG: Cell<i64> = const { Cell::new(0) };
    static FROZEN: Cell<i64> = const { Cell::new(0) };
    static THRESHOLDS: Cell<(i64, i64)> = const { Cell::new((10, 10)) };
    static COLLECTIONS: Cell<i64> = const { Cell::new(0) };
    static COLLECTED: Cell<i64> = const { Cell::new(0) };
}

/// `gc.is_tracked`: as in CPython, a dict holding no containers is not.
fn is_tracked(v: &Value) -> bool {
    if !crate::object::gc::is_tracked(v) {
        return false;
    }
    if v.kind() == Kind::Dict && !v.type_data().is_heap {
        let mut any = false;
        crate::object::gc::traverse(v, &mut |x| {
            if !x.is(&v.class()) && crate::object::gc::is_tracked(x) {
                any = true;
            }
        });
        return any;
    }
    true
}

fn generation_arg(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> crate::vm::PyResult<()> {
    let g = match (a.first(), k.first()) {
        (Some(g), _) => Some(g.clone()),
        (None, Some((_, g))) => Some(g.clone()),
        _ => None,
    };
    if let Some(g) = g {
        let n = vm.index_value(&g)?;
        if !(0..=2).contains(&n) {
            return Err(vm.value_error("invalid generation"));
        }
    }
    Ok(())
}

pub fn make(vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("collect", |vm, a, k| {
            check_args(vm, "collect", a, 0, 1)?;
            generation_arg(vm, a, k)?;
            let n = vm.collect_cycles();
            vm.run_pending_finalizers_only();
            COLLECTIONS.with(|c| c.set(c.get() + 1));
            COLLECTED.with(|c| c.set(c.get() + n as i64));
            Ok(from_i64(n as i64))
        }),
        ("enable", |vm, a, _| {
            check_args(vm, "enable", a, 0, 0)?;
            crate::object::gc::set_enabled(true);
            Ok(vm.none())
        }),
        ("disable", |vm, a, _| {
            check_args(vm, "disable", a, 0, 0)?;
            crate::object::gc::set_enabled(false);
            Ok(vm.none())
        }),
        ("isenabled", |vm, a, _| {
            check_args(vm, "isenabled", a, 0, 0)?;
            Ok(vm.bool_value(crate::object::gc::is_enabled()))
        }),
        ("get_count", |vm, a, _| {
            check_args(vm, "get_count", a, 0, 0)?;
            let n =
                crate::object::gc::count().min(crate::object::gc::threshold().saturating_sub(1));
            Ok(new_tuple(vec![
                from_i64(n as i64),
                from_i64(0),
                from_i64(0),
            ]))
        }),
        ("get_threshold", |vm, a, _| {
            check_args(vm, "get_threshold", a, 0, 0)?;
            let (t1, t2) = THRESHOLDS.with(Cell::get);
            Ok(new_tuple(vec![
                from_i64(crate::object::gc::threshold() as i64),
                from_i64(t1),
                from_i64(t2),
            ]))
        }),
        ("set_threshold", |vm, a, _| {
            check_args(vm, "set_threshold", a, 1, 3)?;
            let t0 = vm.index_value(&a[0])?;
            crate::object::gc::set_threshold(t0.max(0) as usize);
            let (mut t1, mut t2) = THRESHOLDS.with(Cell::get);
            if let Some(v) = a.get(1) {
                t1 = vm.index_value(v)?;
            }
            if let Some(v) = a.get(2) {
                t2 = vm.index_value(v)?;
            }
            THRESHOLDS.with(|t| t.set((t1, t2)));
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
            if let Some(g) = a.first().or(k.first().map(|(_, v)| v))
                && !g.is(&vm.none())
            {
                generation_arg(vm, std::slice::from_ref(g), &[])?;
            }
            let objs: Vec<Value> = crate::object::gc::tracked_objects()
                .into_iter()
                .filter(is_tracked)
                .collect();
            Ok(new_list(objs))
        }),
        ("get_referents", |_vm, a, _| {
            let mut out = Vec::new();
            for o in a {
                if crate::object::gc::is_tracked(o) {
                    crate::object::gc::traverse(o, &mut |r| {
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
            for candidate in crate::object::gc::tracked_objects() {
                let mut refers = false;
                crate::object::gc::traverse(&candidate, &mut |r| {
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
            for g in 0..3 {
                let mut t = crate::objects::dict::DictTable::new();
                let (n, c) = if g == 2 {
                    (COLLECTIONS.with(Cell::get), COLLECTED.with(Cell::get))
                } else {
                    (0, 0)
                };
                t.set_str("collections", from_i64(n));
                t.set_str("collected", from_i64(c));
                t.set_str("uncollectable", from_i64(0));
                gens.push(crate::objects::dict::new_dict(t));
            }
            Ok(new_list(gens))
        }),
        ("freeze", |vm, a, _| {
            check_args(vm, "freeze", a, 0, 0)?;
            FROZEN.with(|f| f.set(crate::object::gc::tracked_objects().len() as i64));
            Ok(vm.none())
        }),
        ("unfreeze", |vm, a, _| {
            check_args(vm, "unfreeze", a, 0, 0)?;
            FROZEN.with(|f| f.set(0));
            Ok(vm.none())
        }),
        ("get_freeze_count", |vm, a, _| {
            check_args(vm, "get_freeze_count", a, 0, 0)?;
            Ok(from_i64(FROZEN.with(Cell::get)))
        }),
    ];
    let values = vec![
        ("garbage", new_list(Vec::new())),
        ("callbacks", new_list(Vec::new())),
        ("DEBUG_STATS", from_i64(1)),
        ("DEBUG_COLLECTABLE", from_i64(2)),
        ("DEBUG_UNCOLLECTABLE", from_i64(4)),
        ("DEBUG_SAVEALL", from_i64(32)),
        ("DEBUG_LEAK", from_i64(38)),
    ];
    let _ = vm;
    super::make_module("gc", funcs, values)
}
