//! The `_weakref` module (the objects are in `crate::objects::weakref`).

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::weakref::*;
use crate::protocols::args::check_args;
use crate::vm::Vm;

pub fn make(_vm: &mut Vm) -> Value {
    let t = types();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("getweakrefcount", |vm, a, _| {
            check_args(vm, "getweakrefcount", a, 1, 1)?;
            Ok(crate::objects::int::from_i64(refs_to(&a[0]).len() as i64))
        }),
        ("getweakrefs", |vm, a, _| {
            check_args(vm, "getweakrefs", a, 1, 1)?;
            Ok(crate::objects::list::new_list(refs_to(&a[0])))
        }),
        ("proxy", |vm, a, _| {
            check_args(vm, "proxy", a, 1, 2)?;
            let callable = crate::builtins::is_callable(&a[0]);
            let ty = if callable {
                types().weakcallableproxy.clone()
            } else {
                types().weakproxy.clone()
            };
            new_ref(vm, &ty, &a[0], a.get(1).cloned())
        }),
        ("_remove_dead_weakref", |vm, a, _| {
            check_args(vm, "_remove_dead_weakref", a, 2, 2)?;
            if let Some(d) = a[0].downcast::<crate::objects::dict::DictData>() {
                let cur = crate::objects::dict::get(vm, &d.table, &a[1])?;
                if let Some(r) = cur
                    && r.kind() == Kind::WeakRef
                    && target(&r).is_none()
                {
                    crate::objects::dict::del(vm, &d.table, &a[1])?;
                }
            }
            Ok(vm.none())
        }),
    ];
    super::make_module(
        "_weakref",
        funcs,
        vec![
            ("ref", t.weakref.clone()),
            ("ReferenceType", t.weakref.clone()),
            ("ProxyType", t.weakproxy.clone()),
            ("CallableProxyType", t.weakcallableproxy.clone()),
        ],
    )
}
