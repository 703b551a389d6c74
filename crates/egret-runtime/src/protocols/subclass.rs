//! Classes derived from builtin types (`class C(int)`, `class D(dict)`):
//! creating their instances, and the `__new__`/`__init__` of the builtin
//! types that such classes (and `super()`) call.
//!
//! An instance of `class C(list)` is a list object whose type is `C`: the
//! payload is the builtin one, so every builtin operation works on it, and
//! the operations check for overriding methods first because the type is a
//! heap type. Its attribute dict lives in a side table (see
//! `attr::instance_dict`).

use std::cell::RefCell;

use crate::builtins::construct_builtin;
use crate::object::Value;
use crate::object::types::{Kind, builtin_base, is_type, types};
use crate::objects::bytes::BytesData;
use crate::objects::descr::{PropertyData, WrapperData};
use crate::objects::dict::{DictData, DictTable};
use crate::objects::float::{ComplexData, FloatData};
use crate::objects::function::new_builtin;
use crate::objects::int::IntData;
use crate::objects::list::ListData;
use crate::objects::set::{SetData, SetTable};
use crate::objects::str::StrData;
use crate::objects::tuple::TupleData;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm};

/// A fresh object of type `ty` (a heap subclass) with `v`'s builtin value.
fn rebox(vm: &mut Vm, v: &Value, ty: &Value) -> PyResult {
    Ok(match v.kind() {
        Kind::Int | Kind::Bool => {
            let b = crate::objects::int::to_bigint(v).unwrap_or_default();
            Value::alloc(ty, IntData(b))
        }
        Kind::Float => Value::alloc(
            ty,
            FloatData(crate::objects::float::float_of(v).unwrap_or(0.0)),
        ),
        Kind::Complex => {
            let c = v.downcast::<ComplexData>().expect("complex");
            Value::alloc(ty, ComplexData { re: c.re, im: c.im })
        }
        Kind::Str => Value::alloc(
            ty,
            StrData::new(crate::objects::str::as_str(v).unwrap_or("")),
        ),
        Kind::Bytes | Kind::ByteArray => {
            let b = v
                .downcast::<BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .clone();
            Value::alloc(
                ty,
                BytesData {
                    data: RefCell::new(b),
                },
            )
        }
        Kind::Tuple => {
            let items = v.downcast::<TupleData>().expect("tuple").items.to_vec();
            Value::alloc(ty, TupleData::new(items))
        }
        Kind::Set | Kind::FrozenSet => {
            let t = v.downcast::<SetData>().expect("set").table.borrow().clone();
            Value::alloc(
                ty,
                SetData {
                    table: RefCell::new(t),
                },
            )
        }
        Kind::StaticMethod | Kind::ClassMethod => {
            let f = v.downcast::<WrapperData>().expect("wrapper").func.clone();
            Value::alloc(ty, WrapperData { func: f })
        }
        Kind::Property => {
            let p = v.downcast::<PropertyData>().expect("property");
            Value::alloc(
                ty,
                PropertyData {
                    fget: RefCell::new(p.fget.borrow().clone()),
                    fset: RefCell::new(p.fset.borrow().clone()),
                    fdel: RefCell::new(p.fdel.borrow().clone()),
                    doc: RefCell::new(p.doc.borrow().clone()),
                },
            )
        }
        _ => {
            return Err(vm.type_error(format!(
                "cannot create '{}' instances",
                ty.type_data_of_type().name
            )));
        }
    })
}

impl Vm {
    /// `B.__new__(cls, ...)` for a builtin type B and a heap class `cls`
    /// derived from it. Mutable containers start empty (their `__init__`
    /// fills them, as in CPython); immutable values are built from the
    /// arguments.
    pub fn builtin_subclass_new(&mut self, ty: &Value, args: &[Value], kwargs: Kw) -> PyResult {
        let td = ty.type_data_of_type();
        Ok(match td.kind {
            Kind::List => Value::alloc(
                ty,
                ListData {
                    items: RefCell::new(Vec::new()),
                },
            ),
            Kind::Dict => Value::alloc(
                ty,
                DictData {
                    table: RefCell::new(DictTable::new()),
                },
            ),
            Kind::Set => Value::alloc(
                ty,
                SetData {
                    table: RefCell::new(SetTable::new()),
                },
            ),
            Kind::ByteArray => Value::alloc(
                ty,
                BytesData {
                    data: RefCell::new(Vec::new()),
                },
            ),
            Kind::Module => crate::objects::module::new_empty_module(ty),
            Kind::Deque => crate::modules::collections::new_deque(ty),
            Kind::Element => crate::modules::elementtree::new_element(ty),
            Kind::TreeBuilder => crate::modules::elementtree::new_builder(ty),
            Kind::XmlParser => crate::modules::elementtree::new_parser(ty),
            Kind::Random => crate::modules::random::new_random(ty),
            Kind::Socket => crate::modules::socket::new_socket(ty),
            Kind::DateTime => crate::modules::datetime::subclass_new(self, ty, args, kwargs)?,
            Kind::Decimal | Kind::DecContext | Kind::DecSignals => {
                crate::modules::decimal::subclass_new(self, ty, args, kwargs)?
            }
            Kind::Pickler => crate::modules::pickle::new_pickler(ty),
            Kind::Unpickler => crate::modules::pickle::new_unpickler(ty),
            Kind::WeakRef => {
                let mut all = vec![ty.clone()];
                all.extend_from_slice(args);
                crate::objects::weakref::ref_new(self, &all, kwargs)?
            }
            _ => {
                let base = builtin_base(ty);
                let v = construct_builtin(self, &base, args, kwargs)?;
                rebox(self, &v, ty)?
            }
        })
    }
}

/// `T.__new__(cls, *args, **kwargs)` for builtin type `T`.
fn builtin_dunder_new(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult {
    let Some(cls) = args.first().filter(|c| is_type(c)) else {
        return Err(vm.type_error("__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let td = cls.type_data_of_type();
    if td.kind == Kind::Module {
        return Ok(crate::objects::module::new_empty_module(&cls));
    }
    if !td.is_heap {
        if td.kind == Kind::Object || td.kind == Kind::Exception {
            return vm.object_new(&cls, &args[1..], kwargs);
        }
        return construct_builtin(vm, &cls, &args[1..], kwargs);
    }
    match td.kind {
        Kind::Object | Kind::Exception => vm.object_new(&cls, &args[1..], kwargs),
        Kind::Type => vm.type_new(&cls, &args[1..], kwargs),
        _ => vm.builtin_subclass_new(&cls, &args[1..], kwargs),
    }
}

/// `list.__init__(self, iterable=())`, and the same for dict, set, bytearray.
fn container_init(vm: &mut Vm, args: &[Value], kwargs: Kw) -> PyResult {
    let Some(this) = args.first() else {
        return Err(vm.type_error("descriptor '__init__' needs an argument"));
    };
    let rest = &args[1..];
    match this.kind() {
        Kind::List => {
            crate::protocols::args::check_args(vm, "list", rest, 0, 1)?;
            let items = match rest.first() {
                Some(it) => vm.iterate(it)?,
                None => Vec::new(),
            };
            *this
                .downcast::<ListData>()
                .expect("list")
                .items
                .borrow_mut() = items;
        }
        Kind::Dict => {
            crate::protocols::args::check_args(vm, "dict", rest, 0, 1)?;
            // As CPython's dict_init: a mapping or an iterable of pairs,
            // then the keywords, straight into the table (a subclass's
            // __setitem__ is not called).
            crate::objects::dict_methods::dict_update(vm, args, kwargs)?;
        }
        Kind::Set => {
            crate::protocols::args::check_args(vm, "set", rest, 0, 1)?;
            let items = match rest.first() {
                Some(it) => vm.iterate(it)?,
                None => Vec::new(),
            };
            *this.downcast::<SetData>().expect("set").table.borrow_mut() = SetTable::new();
            for it in items {
                crate::objects::set::add(vm, this, it)?;
            }
        }
        Kind::ByteArray => {
            if let Some(src) = rest.first() {
                let t = types();
                let b = construct_builtin(vm, &t.bytearray, std::slice::from_ref(src), kwargs)?;
                let data = b
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow()
                    .clone();
                *this
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow_mut() = data;
            }
        }
        _ => {}
    }
    Ok(vm.none())
}

/// The receiver of a slot wrapper (`list.__len__(self)`), checked.
fn receiver<'a>(vm: &Vm, a: &'a [Value], name: &str, ty: &Value) -> PyResult<&'a Value> {
    match a.first() {
        Some(v) if crate::object::types::isinstance(v, ty) => Ok(v),
        Some(v) => Err(vm.type_error(format!(
            "descriptor '{name}' requires a '{}' object but received a '{}'",
            ty.type_data_of_type().name,
            v.type_data().name
        ))),
        None => Err(vm.type_error(format!(
            "descriptor '{name}' of '{}' object needs an argument",
            ty.type_data_of_type().name
        ))),
    }
}

fn arg1<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a Value> {
    a.get(1)
        .ok_or_else(|| vm.type_error(format!("expected 1 argument, got 0 ({name})")))
}

fn cmp_wrapper(vm: &mut Vm, a: &[Value], op: egret_bytecode::CmpOp) -> PyResult {
    let x = &a[0];
    let y = arg1(vm, a, "comparison")?;
    let numeric = |v: &Value| {
        matches!(
            v.kind(),
            Kind::Int | Kind::Bool | Kind::Float | Kind::Complex
        )
    };
    let r = if numeric(x) && numeric(y) {
        crate::objects::float::numeric_compare(x, y, op)
    } else {
        vm.builtin_compare(x, y, op)?
    };
    Ok(match r {
        Some(b) => crate::vm::py_bool(b),
        None => types().not_implemented.clone(),
    })
}

fn binop_wrapper(vm: &mut Vm, a: &[Value], op: egret_bytecode::BinOp, reflected: bool) -> PyResult {
    let y = arg1(vm, a, "operator")?;
    let (x, y) = if reflected { (y, &a[0]) } else { (&a[0], y) };
    let numeric = |v: &Value| {
        matches!(
            v.kind(),
            Kind::Int | Kind::Bool | Kind::Float | Kind::Complex
        )
    };
    if numeric(&a[0]) {
        // int.__add__(1, 2.0) is NotImplemented: the float must decide.
        let float_on_int = matches!(a[0].kind(), Kind::Int | Kind::Bool)
            && !matches!(a[1].kind(), Kind::Int | Kind::Bool);
        if float_on_int || !numeric(&a[1]) {
            return Ok(types().not_implemented.clone());
        }
        return vm.numeric_binop(x, y, op);
    }
    match crate::protocols::seqops::builtin_binop(vm, x, y, op, false)? {
        Some(r) => Ok(r),
        None => Ok(types().not_implemented.clone()),
    }
}

macro_rules! cmp_slots {
    ($($name:literal => $op:ident),*) => {
        &[$(($name, |vm, a, _| {
            cmp_wrapper(vm, a, egret_bytecode::CmpOp::$op)
        })),*]
    };
}

macro_rules! bin_slots {
    ($($name:literal, $rname:literal => $op:ident),*) => {
        &[$(
            ($name, |vm, a, _| binop_wrapper(vm, a, egret_bytecode::BinOp::$op, false)),
            ($rname, |vm, a, _| binop_wrapper(vm, a, egret_bytecode::BinOp::$op, true)),
        )*]
    };
}

/// The special methods of the builtin types, as methods (`int.__add__`,
/// `dict.__setitem__`, `tuple.__repr__`): what a subclass reaches through
/// `super()` or by naming the base. They run the builtin behaviour even
/// when the receiver's class overrides the operation.
fn register_slots() {
    use crate::objects::function::NativeFn;
    use crate::objects::str_methods::add_methods;
    let t = types();
    let comparisons: &[(&'static str, NativeFn)] = cmp_slots!(
        "__eq__" => Eq, "__ne__" => Ne, "__lt__" => Lt,
        "__le__" => Le, "__gt__" => Gt, "__ge__" => Ge
    );
    let arithmetic: &[(&'static str, NativeFn)] = bin_slots!(
        "__add__", "__radd__" => Add, "__sub__", "__rsub__" => Sub,
        "__mul__", "__rmul__" => Mul, "__truediv__", "__rtruediv__" => TrueDiv,
        "__floordiv__", "__rfloordiv__" => FloorDiv, "__mod__", "__rmod__" => Mod,
        "__pow__", "__rpow__" => Pow
    );
    let bitwise: &[(&'static str, NativeFn)] = bin_slots!(
        "__and__", "__rand__" => And,
        "__or__", "__ror__" => Or, "__xor__", "__rxor__" => Xor,
        "__lshift__", "__rlshift__" => LShift, "__rshift__", "__rrshift__" => RShift
    );
    let complex_arithmetic: &[(&'static str, NativeFn)] = bin_slots!(
        "__add__", "__radd__" => Add, "__sub__", "__rsub__" => Sub,
        "__mul__", "__rmul__" => Mul, "__truediv__", "__rtruediv__" => TrueDiv,
        "__pow__", "__rpow__" => Pow
    );
    // Unary operations and the conversions round(), math.floor() and
    // friends look up.
    let unary: &[(&'static str, NativeFn)] = &[
        ("__neg__", |vm, a, _| vm.unary_neg(&a[0])),
        ("__pos__", |vm, a, _| vm.unary_pos(&a[0])),
        ("__abs__", |vm, a, _| call_builtin(vm, "abs", &a[..1])),
        ("__bool__", |vm, a, _| {
            let b = vm.truthy(&a[0])?;
            Ok(crate::vm::py_bool(b))
        }),
    ];
    let real: &[(&'static str, NativeFn)] = &[
        ("__divmod__", |vm, a, _| {
            let y = arg1(vm, a, "__divmod__")?.clone();
            call_builtin(vm, "divmod", &[a[0].clone(), y])
        }),
        ("__rdivmod__", |vm, a, _| {
            let y = arg1(vm, a, "__rdivmod__")?.clone();
            call_builtin(vm, "divmod", &[y, a[0].clone()])
        }),
        ("__trunc__", |vm, a, _| integral(vm, &a[0], f64::trunc)),
        ("__floor__", |vm, a, _| integral(vm, &a[0], f64::floor)),
        ("__ceil__", |vm, a, _| integral(vm, &a[0], f64::ceil)),
    ];
    let common: &[(&'static str, NativeFn)] = &[
        ("__getnewargs__", |vm, a, _| {
            let base = crate::object::types::builtin_base(&a[0].class());
            let plain = construct_builtin(vm, &base, std::slice::from_ref(&a[0]), &[])?;
            Ok(crate::objects::tuple::new_tuple(vec![plain]))
        }),
        ("__repr__", |vm, a, _| {
            let s = crate::protocols::repr::builtin_repr(vm, &a[0])?;
            Ok(crate::objects::str::new_str(&s))
        }),
        ("__hash__", |vm, a, _| {
            let h = vm.hash_builtin(&a[0])?;
            Ok(crate::objects::int::from_i64(h))
        }),
        ("__format__", |vm, a, _| {
            let spec = a.get(1).map(crate::interp::str_of).unwrap_or_default();
            vm.format_builtin(&a[0], &spec)
        }),
    ];
    let containers: &[(&'static str, NativeFn)] = &[
        ("__len__", |vm, a, _| {
            let n = vm.len_builtin(&a[0])?;
            Ok(crate::objects::int::from_i64(n as i64))
        }),
        ("__getitem__", |vm, a, _| {
            let k = arg1(vm, a, "__getitem__")?.clone();
            vm.getitem_builtin(&a[0], &k)
        }),
        ("__contains__", |vm, a, _| {
            let k = arg1(vm, a, "__contains__")?.clone();
            Ok(crate::vm::py_bool(vm.contains_builtin(&a[0], &k)?))
        }),
    ];
    let mutable: &[(&'static str, NativeFn)] = &[
        ("__setitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__setitem__", &a[1..], 2, 2)?;
            vm.setitem_builtin(&a[0], a[1].clone(), a[2].clone())?;
            Ok(vm.none())
        }),
        ("__delitem__", |vm, a, _| {
            let k = arg1(vm, a, "__delitem__")?.clone();
            vm.delitem_builtin(&a[0], &k)?;
            Ok(vm.none())
        }),
    ];
    let numbers = [(&t.int, "int"), (&t.float, "float")];
    for (ty, owner) in numbers {
        add_methods(ty, owner, comparisons);
        add_methods(ty, owner, arithmetic);
        add_methods(ty, owner, common);
        add_methods(ty, owner, unary);
        add_methods(ty, owner, real);
    }
    add_methods(&t.int, "int", bitwise);
    add_methods(
        &t.int,
        "int",
        &[
            ("__invert__", |vm, a, _| vm.unary_invert(&a[0])),
            ("__round__", |vm, a, _| call_builtin(vm, "round", a)),
        ],
    );
    add_methods(&t.complex, "complex", common);
    add_methods(&t.complex, "complex", complex_arithmetic);
    add_methods(&t.complex, "complex", unary);
    add_methods(&t.complex, "complex", &comparisons[..2]);
    add_methods(
        &t.none_type,
        "NoneType",
        &[("__bool__", |_vm, _a, _| Ok(crate::vm::py_bool(false)))],
    );
    let seqs = [
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.bytearray, "bytearray"),
        (&t.tuple, "tuple"),
        (&t.list, "list"),
        (&t.dict, "dict"),
        (&t.set, "set"),
        (&t.frozenset, "frozenset"),
    ];
    let iterable: &[(&'static str, NativeFn)] = &[("__iter__", |vm, a, _| vm.builtin_iter(&a[0]))];
    for (ty, owner) in seqs {
        add_methods(ty, owner, comparisons);
        // __getnewargs__ belongs to the immutable ones only.
        let plain_common = if matches!(owner, "str" | "bytes" | "tuple") {
            common
        } else {
            &common[1..]
        };
        add_methods(ty, owner, plain_common);
        // Sets are not subscriptable.
        let c = if matches!(owner, "set" | "frozenset") {
            &[containers[0], containers[2]][..]
        } else {
            containers
        };
        add_methods(ty, owner, c);
        add_methods(ty, owner, iterable);
        if matches!(owner, "set" | "frozenset") {
            add_methods(ty, owner, &[("__reduce__", set_reduce)]);
        }
    }
    add_methods(&t.range, "range", containers);
    add_methods(&t.range, "range", iterable);
    add_methods(&t.range, "range", &unary[3..]);
    for (ty, owner) in [(&t.list, "list"), (&t.dict, "dict"), (&t.range, "range")] {
        add_methods(
            ty,
            owner,
            &[("__reversed__", |vm, a, _| {
                call_builtin(vm, "reversed", &a[..1])
            })],
        );
    }
    for (ty, owner) in [
        (&t.str_, "str"),
        (&t.bytes, "bytes"),
        (&t.tuple, "tuple"),
        (&t.list, "list"),
    ] {
        add_methods(
            ty,
            owner,
            &[
                ("__add__", |vm, a, _| {
                    binop_wrapper(vm, a, egret_bytecode::BinOp::Add, false)
                }),
                ("__mul__", |vm, a, _| {
                    binop_wrapper(vm, a, egret_bytecode::BinOp::Mul, false)
                }),
                ("__rmul__", |vm, a, _| {
                    binop_wrapper(vm, a, egret_bytecode::BinOp::Mul, true)
                }),
            ],
        );
    }
    add_methods(
        &t.str_,
        "str",
        &[("__mod__", |vm, a, _| {
            binop_wrapper(vm, a, egret_bytecode::BinOp::Mod, false)
        })],
    );
    for (ty, owner) in [
        (&t.list, "list"),
        (&t.dict, "dict"),
        (&t.bytearray, "bytearray"),
    ] {
        add_methods(ty, owner, mutable);
    }
    add_methods(
        &t.str_,
        "str",
        &[("__str__", |vm, a, _| {
            let s = receiver(vm, a, "__str__", &types().str_)?;
            Ok(crate::objects::str::new_str(
                crate::objects::str::as_str(s).unwrap_or(""),
            ))
        })],
    );
    // In-place forms, and the `|` of dicts.
    macro_rules! inplace_slots {
        ($($name:literal => $op:ident),*) => {
            &[$(($name, |vm, a, _| {
                let y = arg1(vm, a, $name)?.clone();
                match crate::protocols::seqops::builtin_binop(vm, &a[0], &y, egret_bytecode::BinOp::$op, true)? {
                    Some(r) => Ok(r),
                    None => Ok(types().not_implemented.clone()),
                }
            })),*]
        };
    }
    add_methods(
        &t.list,
        "list",
        inplace_slots!("__iadd__" => Add, "__imul__" => Mul),
    );
    add_methods(
        &t.bytearray,
        "bytearray",
        inplace_slots!("__iadd__" => Add, "__imul__" => Mul),
    );
    add_methods(
        &t.set,
        "set",
        inplace_slots!("__ior__" => Or, "__iand__" => And, "__ixor__" => Xor, "__isub__" => Sub),
    );
    add_methods(&t.dict, "dict", inplace_slots!("__ior__" => Or));
    add_methods(&t.dict, "dict", bin_slots!("__or__", "__ror__" => Or));
    add_methods(
        &t.bytearray,
        "bytearray",
        bin_slots!("__mul__", "__rmul__" => Mul, "__mod__", "__rmod__" => Mod),
    );
    add_methods(
        &t.bytearray,
        "bytearray",
        &[("__add__", |vm, a, _| {
            binop_wrapper(vm, a, egret_bytecode::BinOp::Add, false)
        })],
    );
    add_methods(&t.bytes, "bytes", bin_slots!("__mod__", "__rmod__" => Mod));
    add_methods(
        &t.str_,
        "str",
        &[("__rmod__", |vm, a, _| {
            binop_wrapper(vm, a, egret_bytecode::BinOp::Mod, true)
        })],
    );
    // list[int] and friends: `__class_getitem__` makes a GenericAlias.
    for ty in [&t.list, &t.dict, &t.tuple, &t.set, &t.frozenset] {
        let f = new_builtin("__class_getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__class_getitem__", &a[1..], 1, 1)?;
            Ok(crate::objects::alias::generic_alias(&a[0], &a[1]))
        });
        ty.type_data_of_type().dict_mut().set_str(
            "__class_getitem__",
            Value::alloc(&t.classmethod, WrapperData { func: f }),
        );
    }
    for (ty, owner) in [(&t.set, "set"), (&t.frozenset, "frozenset")] {
        add_methods(
            ty,
            owner,
            bin_slots!("__and__", "__rand__" => And, "__or__", "__ror__" => Or,
                       "__xor__", "__rxor__" => Xor, "__sub__", "__rsub__" => Sub),
        );
    }
}

/// Calls the builtin function `name`.
fn call_builtin(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult {
    let f = vm
        .builtins_dict
        .downcast::<crate::objects::dict::DictData>()
        .and_then(|d| d.table.borrow().get_str(name))
        .ok_or_else(|| vm.type_error(format!("builtin {name} is missing")))?;
    vm.call(&f, args, &[])
}

/// `__trunc__`/`__floor__`/`__ceil__` of an int (itself) or a float.
fn integral(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult {
    match v.kind() {
        Kind::Int => Ok(v.clone()),
        Kind::Bool => Ok(crate::objects::int::from_i64(i64::from(
            v.is(&types().true_),
        ))),
        _ => {
            let x = crate::objects::int::as_f64(v).unwrap_or(0.0);
            crate::objects::int::from_f64(vm, f(x))
        }
    }
}

pub fn register() {
    register_slots();
    let t = types();
    for ty in [
        &t.int,
        &t.float,
        &t.complex,
        &t.str_,
        &t.bytes,
        &t.bytearray,
        &t.tuple,
        &t.list,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.property,
        &t.staticmethod,
        &t.classmethod,
        &t.module,
    ] {
        ty.type_data_of_type().dict_mut().set_str(
            "__new__",
            Value::alloc(
                &t.staticmethod,
                WrapperData {
                    func: new_builtin("__new__", builtin_dunder_new),
                },
            ),
        );
    }
    crate::objects::str_methods::add_methods(
        &t.module,
        "module",
        &[("__init__", crate::objects::module::module_init)],
    );
    crate::objects::str_methods::add_methods(&t.list, "list", &[("__init__", container_init)]);
    crate::objects::str_methods::add_methods(&t.dict, "dict", &[("__init__", container_init)]);
    crate::objects::str_methods::add_methods(&t.set, "set", &[("__init__", container_init)]);
    crate::objects::str_methods::add_methods(
        &t.bytearray,
        "bytearray",
        &[("__init__", container_init)],
    );
}

/// `set.__reduce__` and `frozenset.__reduce__`: `(type, (list,), state)`.
fn set_reduce(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some(s) = a.first().filter(|s| s.downcast::<SetData>().is_some()) else {
        return Err(vm.type_error("descriptor '__reduce__' requires a 'set' object"));
    };
    let items = crate::objects::list::new_list(crate::objects::set::items(s));
    let getstate = vm.getattr_str(s, "__getstate__")?;
    let state = vm.call(&getstate, &[], &[])?;
    Ok(crate::objects::tuple::new_tuple(vec![
        s.class(),
        crate::objects::tuple::new_tuple(vec![items]),
        state,
    ]))
}
