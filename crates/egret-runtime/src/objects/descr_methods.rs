//! Methods of `object`, `type`, `BaseException`, `property`, generators, and
//! the `super` object.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, TypeData, types};
use crate::objects::descr::{PropertyData, SuperData};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::str_methods::add_methods;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

/// `super(type, obj)` (the compiler passes both for `super()`).
pub fn make_super(vm: &mut Vm, args: &[Value]) -> PyResult {
    if args.is_empty() {
        return Err(vm.super_without_args_error());
    }
    let ty = args[0].clone();
    if ty.downcast::<TypeData>().is_none() {
        return Err(vm.type_error(format!(
            "super() argument 1 must be a type, not {}",
            ty.type_data().name
        )));
    }
    let Some(obj) = args.get(1).cloned() else {
        return Err(vm.not_implemented("unbound super objects"));
    };
    let obj_type = if obj.kind() == Kind::Type && obj.type_data_of_type().is_subtype(&ty) {
        obj.clone()
    } else if crate::object::types::isinstance(&obj, &ty) {
        obj.class()
    } else {
        return Err(vm.type_error("super(type, obj): obj must be an instance or subtype of type"));
    };
    Ok(Value::alloc(
        &types().super_,
        SuperData { ty, obj, obj_type },
    ))
}

/// Attribute lookup on a super object: the MRO of obj's type after `ty`.
pub fn super_getattr(vm: &mut Vm, s: &Value, name: &str) -> PyResult<Option<Value>> {
    let sd = s.downcast::<SuperData>().expect("super");
    let mro = sd.obj_type.type_data_of_type().mro.borrow().clone();
    let start = mro
        .iter()
        .position(|t| t.is(&sd.ty))
        .map_or(mro.len(), |p| p + 1);
    for t in &mro[start..] {
        let found = t.type_data_of_type().dict.borrow().get_str(name);
        if let Some(d) = found {
            let obj = sd.obj.clone();
            let obj_type = sd.obj_type.clone();
            if obj.is(&obj_type) {
                // super() in a classmethod: bind to the class.
                return Ok(Some(match d.kind() {
                    Kind::ClassMethod => {
                        let f = d
                            .downcast::<crate::objects::descr::WrapperData>()
                            .expect("wrapper")
                            .func
                            .clone();
                        crate::objects::function::new_method(f, obj)
                    }
                    Kind::StaticMethod => d
                        .downcast::<crate::objects::descr::WrapperData>()
                        .expect("wrapper")
                        .func
                        .clone(),
                    _ => d,
                }));
            }
            return vm.bind_descriptor(&d, &obj, &obj_type).map(Some);
        }
    }
    Ok(None)
}

pub fn register() {
    let t = types();
    let object_methods: &[(&'static str, NativeFn)] = &[
        ("__init__", |_vm, _a, _| Ok(types().none.clone())),
        ("__repr__", |vm, a, _| {
            Ok(new_str(&crate::protocols::repr::default_repr(vm, &a[0])))
        }),
        ("__str__", |vm, a, _| {
            let s = vm.repr_string(&a[0])?;
            Ok(new_str(&s))
        }),
        ("__eq__", |_vm, a, _| {
            if a.len() == 2 && a[0].is(&a[1]) {
                Ok(py_bool(true))
            } else {
                Ok(types().not_implemented.clone())
            }
        }),
        ("__ne__", |vm, a, _| {
            check_args(vm, "__ne__", &a[1..], 1, 1)?;
            let r = vm.compare(&a[0], &a[1], egret_bytecode::CmpOp::Eq)?;
            if r.is(&types().not_implemented) {
                return Ok(r);
            }
            let b = vm.truthy(&r)?;
            Ok(py_bool(!b))
        }),
        ("__hash__", |vm, a, _| {
            Ok(crate::objects::int::from_i64(crate::protocols::ops::identity_hash(&a[0])).clone())
                .inspect(|_v| {
                    let _ = vm;
                })
        }),
        ("__setattr__", |vm, a, _| {
            check_args(vm, "__setattr__", &a[1..], 2, 2)?;
            let n = str_of(&a[1]);
            vm.generic_setattr(&a[0], &n, a[2].clone())?;
            Ok(vm.none())
        }),
        ("__getattribute__", |vm, a, _| {
            check_args(vm, "__getattribute__", &a[1..], 1, 1)?;
            vm.generic_getattr(&a[0], &a[1])
        }),
        ("__delattr__", |vm, a, _| {
            check_args(vm, "__delattr__", &a[1..], 1, 1)?;
            let n = str_of(&a[1]);
            if let Some(td) = a[0].downcast::<TypeData>() {
                if td.is_heap && td.dict_mut().del_str(&n).is_some() {
                    td.version.set(td.version.get() + 1);
                    return Ok(vm.none());
                }
                return Err(
                    vm.attribute_error(format!("type object '{}' has no attribute '{n}'", td.name))
                );
            }
            let d = crate::protocols::attr::instance_dict(&a[0]).map(|d| d.into_owned());
            if let Some(d) = d
                && let Some(dd) = d.downcast::<crate::objects::dict::DictData>()
                && dd.table.borrow_mut().del_str(&n).is_some()
            {
                return Ok(vm.none());
            }
            Err(vm.attribute_error(format!(
                "'{}' object has no attribute '{n}'",
                a[0].type_data().name
            )))
        }),
        ("__format__", |vm, a, _| {
            let spec = a.get(1).map(str_of).unwrap_or_default();
            if !spec.is_empty() {
                return Err(vm.type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    a[0].type_data().name
                )));
            }
            vm.str_value(&a[0])
        }),
        ("__dir__", |vm, a, _| {
            // The default listing, never the class's own __dir__ (which
            // is what calls this, typically).
            crate::protocols::args::check_args(vm, "__dir__", a, 1, 1)?;
            let mut names = crate::builtins::default_dir(&a[0]);
            names.sort();
            names.dedup();
            Ok(crate::objects::list::new_list(
                names
                    .iter()
                    .map(|n| crate::objects::str::new_str(n))
                    .collect(),
            ))
        }),
    ];
    add_methods(&t.object, "object", object_methods);
    add_methods(
        &t.object,
        "object",
        &[
            ("__reduce_ex__", object_reduce_ex),
            ("__reduce__", |vm, a, _| {
                let copyreg = vm.import_module("copyreg")?;
                let f = vm.getattr_str(&copyreg, "_reduce_ex")?;
                vm.call(&f, &[a[0].clone(), crate::objects::int::from_i64(0)], &[])
            }),
            ("__getstate__", |vm, a, _| {
                check_args(vm, "__getstate__", &a[1..], 0, 0)?;
                let state = match crate::protocols::attr::instance_dict(&a[0]) {
                    Some(d) if vm.len(&d)? > 0 => d.into_owned(),
                    _ => vm.none(),
                };
                // Set slots come as a second dict: (state, slots).
                let slots = crate::object::slots::values(vm, &a[0])?;
                if slots.is_empty() {
                    return Ok(state);
                }
                let mut table = crate::objects::dict::DictTable::new();
                for (k, v) in slots {
                    table.set_str(&k, v);
                }
                Ok(crate::objects::tuple::new_tuple(vec![
                    state,
                    crate::objects::dict::new_dict(table),
                ]))
            }),
        ],
    );
    let new = crate::objects::function::new_builtin("__new__", |vm, a, k| {
        if a.is_empty() {
            return Err(vm.type_error("object.__new__(): not enough arguments"));
        }
        let cls = a[0].clone();
        if cls.downcast::<TypeData>().is_none() {
            return Err(vm.type_error("object.__new__(X): X is not a type object"));
        }
        let _ = k;
        // BaseException.__new__ keeps the arguments (as `args`), and
        // OSError's picks the subclass for the errno.
        let args = if cls.type_data_of_type().kind == crate::object::types::Kind::Exception {
            &a[1..]
        } else {
            &[]
        };
        vm.object_new(&cls, args, &[])
    });
    t.object.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    // More of what `object` shows in dir(): ordering comparisons that
    // defer to the other operand, __sizeof__ and __class__.
    let object_extra: &[(&'static str, NativeFn)] = &[
        ("__lt__", |_vm, _a, _| Ok(types().not_implemented.clone())),
        ("__le__", |_vm, _a, _| Ok(types().not_implemented.clone())),
        ("__gt__", |_vm, _a, _| Ok(types().not_implemented.clone())),
        ("__ge__", |_vm, _a, _| Ok(types().not_implemented.clone())),
        ("__sizeof__", |vm, a, _| {
            check_args(vm, "__sizeof__", &a[1..], 0, 0)?;
            Ok(crate::objects::int::from_i64(16))
        }),
    ];
    add_methods(&t.object, "object", object_extra);
    {
        let mut attrs = crate::objects::dict::DictTable::new();
        attrs.set_str("__name__", new_str("__class__"));
        attrs.set_str("__objclass__", t.object.clone());
        let descr = Value::alloc(
            &t.getset_descriptor,
            crate::object::types::InstanceData::with_dict(crate::objects::dict::new_dict(attrs)),
        );
        let mut d = t.object.type_data_of_type().dict_mut();
        d.set_str("__class__", descr);
    }
    let subclasshook = crate::objects::function::new_builtin("__subclasshook__", |_vm, _a, _| {
        Ok(types().not_implemented.clone())
    });
    t.object.type_data_of_type().dict_mut().set_str(
        "__subclasshook__",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData { func: subclasshook },
        ),
    );
    let init_subclass = crate::objects::function::new_builtin("__init_subclass__", |vm, a, k| {
        if !k.is_empty() {
            let name = a
                .first()
                .and_then(|c| c.downcast::<TypeData>())
                .map(|t| t.name.clone())
                .unwrap_or_default();
            return Err(vm.type_error(format!(
                "{name}.__init_subclass__() takes no keyword arguments"
            )));
        }
        Ok(vm.none())
    });
    t.object.type_data_of_type().dict_mut().set_str(
        "__init_subclass__",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData {
                func: init_subclass,
            },
        ),
    );

    let type_methods: &[(&'static str, NativeFn)] = &[
        ("mro", |_vm, a, _| {
            let m = a[0].type_data_of_type().mro.borrow().clone();
            Ok(crate::objects::list::new_list(m))
        }),
        ("__subclasses__", |_vm, a, _| {
            let live: Vec<Value> = a[0]
                .downcast::<TypeData>()
                .map(|t| {
                    t.subclasses
                        .borrow()
                        .iter()
                        .filter_map(crate::objects::weakref::target)
                        .collect()
                })
                .unwrap_or_default();
            Ok(crate::objects::list::new_list(live))
        }),
        ("__instancecheck__", |vm, a, _| {
            check_args(vm, "__instancecheck__", &a[1..], 1, 1)?;
            Ok(py_bool(crate::object::types::isinstance(&a[1], &a[0])))
        }),
        ("__subclasscheck__", |vm, a, _| {
            check_args(vm, "__subclasscheck__", &a[1..], 1, 1)?;
            Ok(py_bool(
                a[1].downcast::<TypeData>()
                    .is_some_and(|t| t.is_subtype(&a[0])),
            ))
        }),
    ];
    add_methods(&t.type_, "type", type_methods);
    let type_new = crate::objects::function::new_builtin("__new__", |vm, a, k| {
        if a.is_empty() {
            return Err(vm.type_error("type.__new__(): not enough arguments"));
        }
        vm.type_new(&a[0], &a[1..], k)
    });
    t.type_.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: type_new },
        ),
    );
    let type_init = crate::objects::function::new_builtin("__init__", |vm, _a, _| Ok(vm.none()));
    t.type_
        .type_data_of_type()
        .dict
        .borrow_mut()
        .set_str("__init__", type_init);
    let type_call = crate::objects::function::new_checked_method_descr(
        &t.type_,
        "type",
        "__call__",
        |vm, a, k| {
            if a.is_empty() {
                return Err(vm.type_error("type.__call__(): not enough arguments"));
            }
            crate::protocols::call::call_type_default(vm, &a[0], &a[1..], k)
        },
    );
    t.type_
        .type_data_of_type()
        .dict
        .borrow_mut()
        .set_str("__call__", type_call);
    // `f.__call__` of functions, builtin functions and bound methods
    // (calls dispatch on their kind, never through this entry).
    for (ty, owner) in [
        (&t.function, "function"),
        (&t.builtin_function, "builtin_function_or_method"),
        (&t.method_descriptor, "method_descriptor"),
        (&t.method, "method"),
    ] {
        let call = crate::objects::function::new_checked_method_descr(
            ty,
            owner,
            "__call__",
            |vm, a, k| match a.split_first() {
                Some((f, rest)) => vm.call(f, rest, k),
                None => Err(vm.type_error("__call__() needs an argument")),
            },
        );
        ty.type_data_of_type()
            .dict
            .borrow_mut()
            .set_str("__call__", call);
    }

    let exc_methods: &[(&'static str, NativeFn)] = &[
        ("__init__", |vm, a, _| {
            if let Some(d) = a[0].downcast::<crate::objects::exceptions::ExceptionData>() {
                *d.args.borrow_mut() = crate::objects::tuple::new_tuple(a[1..].to_vec());
            }
            Ok(vm.none())
        }),
        ("__str__", |vm, a, _| {
            let s = crate::objects::exceptions::exception_str(vm, &a[0])?;
            Ok(new_str(&s))
        }),
        ("__repr__", |vm, a, _| {
            let s = crate::objects::exceptions::exception_repr(vm, &a[0])?;
            Ok(new_str(&s))
        }),
        ("with_traceback", |vm, a, _| {
            check_args(vm, "with_traceback", &a[1..], 1, 1)?;
            vm.setattr_str(&a[0], "__traceback__", a[1].clone())?;
            Ok(a[0].clone())
        }),
        ("add_note", |vm, a, _| {
            check_args(vm, "add_note", &a[1..], 1, 1)?;
            if crate::objects::str::as_str(&a[1]).is_none() {
                let name = vm.type_name(&a[1]);
                return Err(vm.type_error(format!("note must be a str, not '{name}'")));
            }
            match vm.lookup_attr(&a[0], "__notes__")? {
                None => {
                    let notes = crate::objects::list::new_list(vec![a[1].clone()]);
                    vm.setattr_str(&a[0], "__notes__", notes)?;
                }
                Some(l) if l.kind() == Kind::List => {
                    vm.call_method(&l, "append", std::slice::from_ref(&a[1]))?;
                }
                Some(_) => {
                    return Err(vm.type_error("Cannot add note: __notes__ is not a list"));
                }
            }
            Ok(vm.none())
        }),
        // `(type, args)`, and the instance dict when it has anything.
        ("__reduce__", |vm, a, _| {
            let Some(e) = a
                .first()
                .and_then(|e| e.downcast::<crate::objects::exceptions::ExceptionData>())
            else {
                return Err(
                    vm.type_error("descriptor '__reduce__' requires a 'BaseException' object")
                );
            };
            let args = e.args.borrow().clone();
            let mut out = vec![a[0].class(), args];
            if vm.len(&e.dict)? > 0 {
                out.push(e.dict.clone());
            }
            Ok(crate::objects::tuple::new_tuple(out))
        }),
    ];
    add_methods(&t.exc.base_exception, "BaseException", exc_methods);
    add_methods(
        &t.exc.import_error,
        "ImportError",
        &[("__init__", |vm, a, k| {
            if let Some(d) = a[0].downcast::<crate::objects::exceptions::ExceptionData>() {
                *d.args.borrow_mut() = crate::objects::tuple::new_tuple(a[1..].to_vec());
            }
            for (key, v) in k {
                let key = crate::interp::str_of(key);
                if key != "name" && key != "path" {
                    return Err(vm.type_error(format!(
                        "'{key}' is an invalid keyword argument for ImportError()"
                    )));
                }
                vm.setattr_str(&a[0], &key, v.clone())?;
            }
            Ok(vm.none())
        })],
    );

    let prop_methods: &[(&'static str, NativeFn)] = &[
        ("getter", |vm, a, _| {
            check_args(vm, "getter", &a[1..], 1, 1)?;
            Ok(copy_property(&a[0], Some(&a[1]), None, None))
        }),
        ("setter", |vm, a, _| {
            check_args(vm, "setter", &a[1..], 1, 1)?;
            Ok(copy_property(&a[0], None, Some(&a[1]), None))
        }),
        ("deleter", |vm, a, _| {
            check_args(vm, "deleter", &a[1..], 1, 1)?;
            Ok(copy_property(&a[0], None, None, Some(&a[1])))
        }),
        ("__get__", |vm, a, _| {
            if a.len() < 2 || a[1].is(&types().none) {
                return Ok(a[0].clone());
            }
            let ty = a[1].class();
            vm.bind_descriptor(&a[0], &a[1], &ty)
        }),
    ];
    add_methods(&t.property, "property", prop_methods);
    // The descriptor protocol of functions, class and static methods.
    let get: &[(&'static str, NativeFn)] = &[("__get__", |vm, a, _| {
        check_args(vm, "__get__", &a[1..], 1, 2)?;
        let obj = &a[1];
        let ty = match a.get(2).filter(|t| !t.is(&types().none)) {
            Some(t) => t.clone(),
            None => obj.class(),
        };
        if obj.is(&types().none) && a[0].kind() == Kind::Function {
            return Ok(a[0].clone());
        }
        if a[0].kind() == Kind::ClassMethod {
            let f = a[0]
                .downcast::<crate::objects::descr::WrapperData>()
                .expect("wrapper")
                .func
                .clone();
            return Ok(crate::objects::function::new_method(f, ty));
        }
        vm.bind_descriptor(&a[0], obj, &ty)
    })];
    add_methods(&t.function, "function", get);
    // A bound method pickles as `getattr(self, name)`.
    add_methods(
        &t.method,
        "method",
        &[("__reduce__", |vm, a, _| {
            let Some(m) = a
                .first()
                .and_then(|m| m.downcast::<crate::objects::function::MethodData>())
            else {
                return Err(vm.type_error("descriptor '__reduce__' requires a 'method' object"));
            };
            let name = vm.getattr_str(&m.func, "__name__")?;
            let builtins = vm.builtins.clone();
            let getattr = vm.getattr_str(&builtins, "getattr")?;
            Ok(crate::objects::tuple::new_tuple(vec![
                getattr,
                crate::objects::tuple::new_tuple(vec![m.receiver.clone(), name]),
            ]))
        })],
    );
    for (ty, owner) in [
        (&t.builtin_function, "builtin_function_or_method"),
        (&t.method_descriptor, "method_descriptor"),
    ] {
        add_methods(
            ty,
            owner,
            &[
                ("__reduce__", builtin_reduce),
                ("__reduce_ex__", builtin_reduce),
            ],
        );
    }
    add_methods(
        &t.method_descriptor,
        "method_descriptor",
        &[("__get__", |vm, a, _| {
            check_args(vm, "__get__", a, 2, 3)?;
            if a[1].is(&vm.none()) {
                return Ok(a[0].clone());
            }
            let ty = a[1].class();
            vm.bind_descriptor(&a[0], &a[1], &ty)
        })],
    );
    add_methods(&t.classmethod, "classmethod", get);
    add_methods(&t.staticmethod, "staticmethod", get);

    let gen_methods: &[(&'static str, NativeFn)] = &[
        ("send", |vm, a, _| {
            check_args(vm, "send", &a[1..], 1, 1)?;
            crate::objects::generator::send(vm, &a[0], a[1].clone())
        }),
        ("throw", |vm, a, _| {
            check_args(vm, "throw", &a[1..], 1, 3)?;
            let exc = crate::objects::generator::thrown(vm, &a[1..])?;
            crate::objects::generator::throw(vm, &a[0], exc)
        }),
        ("close", |vm, a, _| {
            crate::objects::generator::close(vm, &a[0])
        }),
        (
            "__next__",
            |vm, a, _| match crate::objects::generator::next(vm, &a[0])? {
                Some(v) => Ok(v),
                None => Err(vm.stop_iteration(None)),
            },
        ),
        ("__iter__", |_vm, a, _| Ok(a[0].clone())),
    ];
    add_methods(&t.generator, "generator", gen_methods);
    // Coroutines: send/throw/close like generators, awaited through __await__.
    add_methods(&t.coroutine, "coroutine", &gen_methods[..3]);
    add_methods(
        &t.coroutine,
        "coroutine",
        &[("__await__", |_vm, a, _| {
            Ok(crate::objects::iter::new_iter(
                &types().coroutine_wrapper,
                crate::objects::iter::IterState::Await { coro: a[0].clone() },
            ))
        })],
    );
    add_methods(
        &t.coroutine_wrapper,
        "coroutine_wrapper",
        &[
            ("send", |vm, a, _| {
                check_args(vm, "send", &a[1..], 1, 1)?;
                let c = crate::objects::iter::await_target(&a[0]);
                crate::objects::generator::send(vm, &c, a[1].clone())
            }),
            ("throw", |vm, a, _| {
                check_args(vm, "throw", &a[1..], 1, 3)?;
                let exc = crate::objects::generator::thrown(vm, &a[1..])?;
                let c = crate::objects::iter::await_target(&a[0]);
                crate::objects::generator::throw(vm, &c, exc)
            }),
            ("close", |vm, a, _| {
                let c = crate::objects::iter::await_target(&a[0]);
                crate::objects::generator::close(vm, &c)
            }),
            ("__next__", |vm, a, _| {
                let c = crate::objects::iter::await_target(&a[0]);
                let none = vm.none();
                crate::objects::generator::send(vm, &c, none)
            }),
            ("__iter__", |_vm, a, _| Ok(a[0].clone())),
        ],
    );
    crate::objects::asyncgen::register_types();
    crate::object::slots::register_types();
    for ty in [
        &t.list_iterator,
        &t.tuple_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.range_iterator,
        &t.dict_keyiterator,
        &t.dict_valueiterator,
        &t.dict_itemiterator,
        &t.set_iterator,
        &t.enumerate,
        &t.zip,
        &t.map,
        &t.filter,
        &t.reversed,
        &t.iterator,
        &t.callable_iterator,
    ] {
        add_methods(
            ty,
            "iterator",
            &[
                ("__next__", |vm, a, _| match vm.next(&a[0])? {
                    Some(v) => Ok(v),
                    None => Err(vm.stop_iteration(None)),
                }),
                ("__iter__", |_vm, a, _| Ok(a[0].clone())),
            ],
        );
    }
    // Pickling the builtin iterators.
    for ty in [
        &t.list_iterator,
        &t.tuple_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.range_iterator,
        &t.dict_keyiterator,
        &t.dict_valueiterator,
        &t.dict_itemiterator,
        &t.set_iterator,
        &t.enumerate,
        &t.zip,
        &t.map,
        &t.filter,
        &t.reversed,
        &t.iterator,
        &t.callable_iterator,
    ] {
        add_methods(
            ty,
            "iterator",
            &[
                ("__reduce__", |vm, a, _| {
                    crate::objects::iter::reduce(vm, &a[0])
                }),
                ("__setstate__", |vm, a, _| {
                    crate::protocols::args::check_args(vm, "__setstate__", &a[1..], 1, 1)?;
                    crate::objects::iter::set_state(vm, &a[0], &a[1])?;
                    Ok(vm.none())
                }),
            ],
        );
    }
    // The iterators that know how many items they have left.
    for ty in [
        &t.list_iterator,
        &t.tuple_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.range_iterator,
        &t.dict_keyiterator,
        &t.dict_valueiterator,
        &t.dict_itemiterator,
        &t.set_iterator,
        &t.reversed,
        &t.iterator,
    ] {
        add_methods(
            ty,
            "iterator",
            &[(
                "__length_hint__",
                |vm, a, _| match crate::objects::iter::length_hint(vm, &a[0])? {
                    Some(n) => Ok(n),
                    None => Ok(types().not_implemented.clone()),
                },
            )],
        );
    }
}

fn copy_property(
    p: &Value,
    get: Option<&Value>,
    set: Option<&Value>,
    del: Option<&Value>,
) -> Value {
    let pd = p.downcast::<PropertyData>().expect("property");
    let pick = |new: Option<&Value>, old: &std::cell::RefCell<Option<Value>>| {
        new.cloned().or_else(|| old.borrow().clone())
    };
    Value::alloc(
        &types().property,
        PropertyData {
            fget: std::cell::RefCell::new(pick(get, &pd.fget)),
            fset: std::cell::RefCell::new(pick(set, &pd.fset)),
            fdel: std::cell::RefCell::new(pick(del, &pd.fdel)),
            doc: std::cell::RefCell::new(pd.doc.borrow().clone()),
        },
    )
}

/// `object.__reduce_ex__(protocol)`, as CPython's `copyreg` expects it.
fn object_reduce_ex(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "__reduce_ex__", &a[1..], 1, 1)?;
    let obj = &a[0];
    let proto = vm.index_value(&a[1])?;
    let cls = obj.class();
    let object_reduce = types()
        .object
        .type_data_of_type()
        .dict
        .borrow()
        .get_str("__reduce__");
    if let Some(r) = cls.type_data_of_type().lookup_static("__reduce__")
        && object_reduce.as_ref().is_none_or(|o| !o.is(&r))
    {
        let bound = vm.bind_descriptor(&r, obj, &cls)?;
        return vm.call(&bound, &[], &[]);
    }
    let copyreg = vm.import_module("copyreg")?;
    if proto < 2 {
        return reduce_ex_old(vm, obj, &copyreg, proto);
    }
    let (args, kwargs) = new_arguments(vm, obj)?;
    let has_args = args.is_some();
    let args = args.unwrap_or_default();
    let (newobj, newargs) = match kwargs.filter(|k| {
        k.downcast::<crate::objects::dict::DictData>()
            .is_some_and(|d| !d.table.borrow().is_empty())
    }) {
        None => {
            let mut all = vec![cls.clone()];
            all.extend(args);
            (
                vm.getattr_str(&copyreg, "__newobj__")?,
                crate::objects::tuple::new_tuple(all),
            )
        }
        Some(kw) => (
            vm.getattr_str(&copyreg, "__newobj_ex__")?,
            crate::objects::tuple::new_tuple(vec![
                cls.clone(),
                crate::objects::tuple::new_tuple(args),
                kw,
            ]),
        ),
    };
    let getstate = vm.getattr_str(obj, "__getstate__")?;
    // The default state of an object whose layout is more than a plain
    // object's (and that no arguments rebuild) cannot be pickled: the
    // builtin types CPython refuses so.
    let unpicklable = matches!(
        obj.kind(),
        Kind::StaticMethod
            | Kind::ClassMethod
            | Kind::Property
            | Kind::Generator
            | Kind::Module
            | Kind::Frame
            | Kind::Code
            | Kind::Super
            | Kind::File
            | Kind::Cell
            | Kind::DictView
            | Kind::Pickler
            | Kind::Unpickler
    );
    if !has_args && unpicklable && is_default_getstate(&getstate) {
        return Err(vm.type_error(format!("cannot pickle '{}' object", obj.type_data().name)));
    }
    let state = vm.call(&getstate, &[], &[])?;
    let list_items = if obj.kind() == Kind::List {
        vm.get_iter(obj)?
    } else {
        vm.none()
    };
    let dict_items = if obj.kind() == Kind::Dict {
        let items = vm.getattr_str(obj, "items")?;
        let it = vm.call(&items, &[], &[])?;
        vm.get_iter(&it)?
    } else {
        vm.none()
    };
    Ok(crate::objects::tuple::new_tuple(vec![
        newobj, newargs, state, list_items, dict_items,
    ]))
}

/// `copyreg._reduce_ex(obj, proto)` for protocols 0 and 1: rebuilt by
/// `copyreg._reconstructor(cls, base, state)` where `base` is the builtin
/// type the class derives from. (copyreg finds the base through
/// `__flags__`, which egret's types lack, so it is done here.)
fn reduce_ex_old(vm: &mut Vm, obj: &Value, copyreg: &Value, proto: i64) -> PyResult {
    let t = types();
    let cls = obj.class();
    let base = crate::object::types::builtin_base(&cls);
    let state = if base.is(&t.object) {
        vm.none()
    } else {
        if base.is(&cls) {
            return Err(vm.type_error(format!(
                "cannot pickle '{}' object",
                cls.type_data_of_type().name
            )));
        }
        vm.call(&base, std::slice::from_ref(obj), &[])?
    };
    let args = crate::objects::tuple::new_tuple(vec![cls.clone(), base, state]);
    let has_slots = |vm: &mut Vm| -> PyResult<bool> {
        match vm.lookup_attr(obj, "__slots__")? {
            Some(s) => vm.truthy(&s),
            None => Ok(false),
        }
    };
    let dict = match vm.lookup_attr(obj, "__getstate__")? {
        None => {
            if has_slots(vm)? {
                return Err(vm.type_error(format!(
                    "cannot pickle '{}' object: a class that defines __slots__ without defining __getstate__ cannot be pickled with protocol {proto}",
                    cls.type_data_of_type().name
                )));
            }
            vm.lookup_attr(obj, "__dict__")?
                .unwrap_or_else(|| vm.none())
        }
        Some(getstate) => {
            let default = cls
                .type_data_of_type()
                .lookup_static("__getstate__")
                .is_some_and(|g| {
                    t.object
                        .type_data_of_type()
                        .dict
                        .borrow()
                        .get_str("__getstate__")
                        .is_some_and(|o| o.is(&g))
                });
            if default && has_slots(vm)? {
                return Err(vm.type_error(
                    "a class that defines __slots__ without defining __getstate__ cannot be pickled",
                ));
            }
            vm.call(&getstate, &[], &[])?
        }
    };
    let reconstructor = vm.getattr_str(copyreg, "_reconstructor")?;
    if vm.truthy(&dict)? {
        Ok(crate::objects::tuple::new_tuple(vec![
            reconstructor,
            args,
            dict,
        ]))
    } else {
        Ok(crate::objects::tuple::new_tuple(vec![reconstructor, args]))
    }
}

/// Whether a bound `__getstate__` is `object.__getstate__` itself.
fn is_default_getstate(getstate: &Value) -> bool {
    let Some(m) = getstate.downcast::<crate::objects::function::MethodData>() else {
        return getstate
            .downcast::<crate::objects::function::BuiltinFunctionData>()
            .is_some_and(|b| b.name == "__getstate__" && b.owner == Some("object"));
    };
    types()
        .object
        .type_data_of_type()
        .dict
        .borrow()
        .get_str("__getstate__")
        .is_some_and(|d| d.is(&m.func))
}

/// The arguments `__new__` gets back an object with (CPython's
/// `_PyObject_GetNewArguments`): from `__getnewargs_ex__`, else
/// `__getnewargs__`, else none.
fn new_arguments(vm: &mut Vm, obj: &Value) -> PyResult<(Option<Vec<Value>>, Option<Value>)> {
    let tuple_items = |v: &Value| {
        v.downcast::<crate::objects::tuple::TupleData>()
            .map(|t| t.items.to_vec())
    };
    if let Some(f) = vm.lookup_attr(obj, "__getnewargs_ex__")? {
        let r = vm.call(&f, &[], &[])?;
        let Some(pair) = tuple_items(&r) else {
            return Err(vm.type_error(format!(
                "__getnewargs_ex__ should return a tuple, not '{}'",
                r.type_data().name
            )));
        };
        if pair.len() != 2 {
            return Err(vm.value_error(format!(
                "__getnewargs_ex__ should return a tuple of length 2, not {}",
                pair.len()
            )));
        }
        let Some(args) = tuple_items(&pair[0]) else {
            return Err(vm.type_error(format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                pair[0].type_data().name
            )));
        };
        if pair[1].kind() != Kind::Dict {
            return Err(vm.type_error(format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                pair[1].type_data().name
            )));
        }
        return Ok((Some(args), Some(pair[1].clone())));
    }
    if let Some(f) = vm.lookup_attr(obj, "__getnewargs__")? {
        let r = vm.call(&f, &[], &[])?;
        let Some(args) = tuple_items(&r) else {
            return Err(vm.type_error(format!(
                "__getnewargs__ should return a tuple, not '{}'",
                r.type_data().name
            )));
        };
        return Ok((Some(args), None));
    }
    Ok((None, None))
}

/// `__reduce__` of a builtin function or method, for pickle: a module
/// function pickles as its name (found again in its `__module__`), a bound
/// method as `getattr(receiver, name)`.
fn builtin_reduce(vm: &mut Vm, a: &[Value], _k: crate::protocols::args::Kw) -> PyResult {
    let Some(b) = a
        .first()
        .and_then(|f| f.downcast::<crate::objects::function::BuiltinFunctionData>())
    else {
        return Err(vm.type_error("__reduce__ needs a builtin function"));
    };
    let builtins = vm.import_module("builtins")?;
    let getattr = vm.getattr_str(&builtins, "getattr")?;
    let name = crate::objects::str::new_str(b.name);
    let receiver = match (&b.bound, b.owner) {
        (Some(r), _) => r.clone(),
        (None, None) => return Ok(name),
        (None, Some(owner)) => match vm.lookup_attr(&builtins, owner)? {
            Some(ty) => ty,
            None => {
                return Err(vm.type_error(format!("cannot pickle '{owner}.{}' object", b.name)));
            }
        },
    };
    Ok(crate::objects::tuple::new_tuple(vec![
        getattr,
        crate::objects::tuple::new_tuple(vec![receiver, name]),
    ]))
}
