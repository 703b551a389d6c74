//! `atexit`: functions run when the program ends (last registered first).

use std::cell::RefCell;

use crate::object::Value;
use crate::objects::function::NativeFn;
use crate::vm::Vm;

type Callback = (Value, Vec<Value>, Vec<(Value, Value)>);

crate::gil_local! {
    static CALLBACKS: RefCell<Vec<Callback>> = const { RefCell::new(Vec::new()) };
}

/// Runs and forgets the registered functions (at exit, or `_run_exitfuncs`).
pub fn run_exitfuncs(vm: &mut Vm) {
    loop {
        let Some((f, a, k)) = CALLBACKS.with(|c| c.borrow_mut().pop()) else {
            return;
        };
        if let Err(e) = vm.call(&f, &a, &k) {
            if e.matches(&crate::object::types::types().exc.system_exit) {
                continue;
            }
            let r = vm.repr_string(&f).unwrap_or_default();
            let text = crate::objects::exceptions::format_exception(vm, &e.exc);
            vm.write_stderr(&format!(
                "Exception ignored in atexit callback: {r}\n{text}"
            ));
        }
    }
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("register", |vm, a, k| {
            let Some(f) = a.first() else {
                return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
            };
            if !crate::builtins::is_callable(f) {
                return Err(vm.type_error("the first argument must be callable"));
            }
            CALLBACKS.with(|c| {
                c.borrow_mut()
                    .push((f.clone(), a[1..].to_vec(), k.to_vec()))
            });
            Ok(f.clone())
        }),
        ("unregister", |vm, a, _| {
            crate::protocols::args::check_args(vm, "unregister", a, 1, 1)?;
            let all = CALLBACKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
            let mut keep = Vec::new();
            for cb in all {
                if !vm.eq(&cb.0, &a[0])? {
                    keep.push(cb);
                }
            }
            CALLBACKS.with(|c| *c.borrow_mut() = keep);
            Ok(vm.none())
        }),
        ("_run_exitfuncs", |vm, _a, _| {
            run_exitfuncs(vm);
            Ok(vm.none())
        }),
        ("_clear", |vm, _a, _| {
            CALLBACKS.with(|c| c.borrow_mut().clear());
            Ok(vm.none())
        }),
        ("_ncallbacks", |_vm, _a, _| {
            Ok(crate::objects::int::from_i64(
                CALLBACKS.with(|c| c.borrow().len()) as i64,
            ))
        }),
    ];
    super::make_module("atexit", funcs, vec![])
}
