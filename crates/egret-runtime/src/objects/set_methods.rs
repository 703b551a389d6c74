//! The methods and operators of `set` and `frozenset`.

use egret_bytecode::BinOp;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::set::{add, contains, copy_as, discard, items, len, merge, new_set, update};
use crate::objects::str_methods::add_methods;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm};

fn result_type(a: &Value) -> Value {
    if a.kind() == Kind::FrozenSet {
        types().frozenset.clone()
    } else {
        types().set.clone()
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` (both sets).
pub fn set_op(vm: &mut Vm, a: &Value, b: &Value, op: BinOp) -> PyResult {
    let ty = result_type(a);
    match op {
        BinOp::Or => {
            let r = copy_as(a, &ty);
            merge(vm, &r, b)?;
            Ok(r)
        }
        BinOp::And => {
            let r = new_set(&ty);
            let (small, big) = if len(a) <= len(b) { (a, b) } else { (b, a) };
            for it in items(small) {
                if contains(vm, big, &it)? {
                    add(vm, &r, it)?;
                }
            }
            Ok(r)
        }
        BinOp::Sub => {
            let r = new_set(&ty);
            for it in items(a) {
                if !contains(vm, b, &it)? {
                    add(vm, &r, it)?;
                }
            }
            Ok(r)
        }
        _ => {
            let r = copy_as(a, &ty);
            for it in items(b) {
                if !discard(vm, &r, &it)? {
                    add(vm, &r, it)?;
                }
            }
            Ok(r)
        }
    }
}

fn other_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if matches!(v.kind(), Kind::Set | Kind::FrozenSet) {
        return Ok(v.clone());
    }
    let s = new_set(&types().set);
    let it = vm.iterate(v)?;
    update(vm, &s, it)?;
    Ok(s)
}

fn multi(vm: &mut Vm, a: &[Value], op: BinOp) -> PyResult {
    let mut r = copy_as(&a[0], &result_type(&a[0]));
    for o in &a[1..] {
        let o = other_set(vm, o)?;
        r = set_op(vm, &r, &o, op)?;
    }
    Ok(r)
}

fn inplace(vm: &mut Vm, a: &[Value], op: BinOp) -> PyResult {
    let r = multi(vm, a, op)?;
    let tb = r
        .downcast::<crate::objects::set::SetData>()
        .expect("set")
        .table
        .borrow()
        .clone();
    *a[0]
        .downcast::<crate::objects::set::SetData>()
        .expect("set")
        .table
        .borrow_mut() = tb;
    Ok(vm.none())
}

pub fn register() {
    let t = types();
    let common: &[(&'static str, NativeFn)] = &[
        ("union", |vm, a, _| multi(vm, a, BinOp::Or)),
        ("intersection", |vm, a, _| multi(vm, a, BinOp::And)),
        ("difference", |vm, a, _| multi(vm, a, BinOp::Sub)),
        ("symmetric_difference", |vm, a, _| {
            check_args(vm, "symmetric_difference", &a[1..], 1, 1)?;
            multi(vm, a, BinOp::Xor)
        }),
        ("issubset", |vm, a, _| {
            check_args(vm, "issubset", &a[1..], 1, 1)?;
            let o = other_set(vm, &a[1])?;
            let r = crate::objects::set::compare(vm, &a[0], &o, egret_bytecode::CmpOp::Le)?;
            Ok(vm.bool_value(r))
        }),
        ("issuperset", |vm, a, _| {
            check_args(vm, "issuperset", &a[1..], 1, 1)?;
            let o = other_set(vm, &a[1])?;
            let r = crate::objects::set::compare(vm, &a[0], &o, egret_bytecode::CmpOp::Ge)?;
            Ok(vm.bool_value(r))
        }),
        ("isdisjoint", |vm, a, _| {
            check_args(vm, "isdisjoint", &a[1..], 1, 1)?;
            let o = other_set(vm, &a[1])?;
            for it in items(&a[0]) {
                if contains(vm, &o, &it)? {
                    return Ok(vm.bool_value(false));
                }
            }
            Ok(vm.bool_value(true))
        }),
        ("copy", |_vm, a, _| Ok(copy_as(&a[0], &a[0].class()))),
        ("__contains__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let r = contains(vm, &a[0], &a[1])?;
            Ok(vm.bool_value(r))
        }),
        ("__len__", |_vm, a, _| {
            Ok(crate::objects::int::from_i64(len(&a[0]) as i64))
        }),
    ];
    add_methods(&t.set, "set", common);
    add_methods(&t.frozenset, "frozenset", common);
    let mutating: &[(&'static str, NativeFn)] = &[
        ("add", |vm, a, _| {
            check_args(vm, "add", &a[1..], 1, 1)?;
            add(vm, &a[0], a[1].clone())?;
            Ok(vm.none())
        }),
        ("discard", |vm, a, _| {
            check_args(vm, "discard", &a[1..], 1, 1)?;
            discard(vm, &a[0], &a[1])?;
            Ok(vm.none())
        }),
        ("remove", |vm, a, _| {
            check_args(vm, "remove", &a[1..], 1, 1)?;
            if !discard(vm, &a[0], &a[1])? {
                return Err(vm.key_error(a[1].clone()));
            }
            Ok(vm.none())
        }),
        ("pop", |vm, a, _| match crate::objects::set::pop(&a[0]) {
            Some(v) => Ok(v),
            None => Err(vm.err(&types().exc.key_error, "pop from an empty set")),
        }),
        ("clear", |vm, a, _| {
            a[0].downcast::<crate::objects::set::SetData>()
                .expect("set")
                .table
                .borrow_mut()
                .clear();
            Ok(vm.none())
        }),
        ("update", |vm, a, _| {
            for o in &a[1..] {
                if matches!(o.kind(), Kind::Set | Kind::FrozenSet) {
                    merge(vm, &a[0], o)?;
                } else {
                    let it = vm.iterate(o)?;
                    update(vm, &a[0], it)?;
                }
            }
            Ok(vm.none())
        }),
        ("intersection_update", |vm, a, _| inplace(vm, a, BinOp::And)),
        ("difference_update", |vm, a, _| inplace(vm, a, BinOp::Sub)),
        ("symmetric_difference_update", |vm, a, _| {
            inplace(vm, a, BinOp::Xor)
        }),
    ];
    add_methods(&t.set, "set", mutating);
}
