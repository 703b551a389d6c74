//! `_pickle.Pickler`: the object (its settings and its memo, kept between
//! `dump` calls), its attributes and methods. Writing a pickle is `save`
//! (the builtin types, memo, frames) and `reduce` (everything else).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use super::opcodes::*;
use super::save::{Output, Saver, type_name};
use super::{DEFAULT_PROTOCOL, HIGHEST_PROTOCOL, pickling_error};
use crate::object::types::{Kind, types};
use crate::object::{IdBuildHasher, Payload, Value};
use crate::objects::bytes::new_bytes;
use crate::objects::dict::DictData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

/// The pickler's memo: object id to (memo index, the object, kept alive).
pub type Memo = HashMap<u64, (u32, Value), IdBuildHasher>;

/// A `_pickle.Pickler`'s state.
pub struct PicklerData {
    /// `__init__` has run.
    pub ready: Cell<bool>,
    pub proto: Cell<u8>,
    pub fix_imports: Cell<bool>,
    /// The file's `write`; None for `dumps`.
    pub write: RefCell<Option<Value>>,
    pub buffer_callback: RefCell<Option<Value>>,
    pub memo: RefCell<Memo>,
    /// Set through the `persistent_id` attribute.
    pub persistent_id: RefCell<Option<Value>>,
    /// Set through the `dispatch_table` attribute.
    pub dispatch_table: RefCell<Option<Value>>,
    pub fast: Cell<bool>,
    pub bin: Cell<bool>,
}

impl Payload for PicklerData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Pickler
    }
}

pub fn new_pickler(ty: &Value) -> Value {
    Value::alloc(
        ty,
        PicklerData {
            ready: Cell::new(false),
            proto: Cell::new(DEFAULT_PROTOCOL as u8),
            fix_imports: Cell::new(true),
            write: RefCell::new(None),
            buffer_callback: RefCell::new(None),
            memo: RefCell::new(Memo::default()),
            persistent_id: RefCell::new(None),
            dispatch_table: RefCell::new(None),
            fast: Cell::new(false),
            bin: Cell::new(true),
        },
    )
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PicklerData> {
    v.downcast::<PicklerData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a '_pickle.Pickler' object but received a '{}'",
            v.type_data().name
        ))
    })
}

fn this<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<(&'a Value, &'a PicklerData)> {
    let Some(p) = a.first() else {
        return Err(vm.type_error("descriptor needs a '_pickle.Pickler' argument"));
    };
    Ok((p, data(vm, p)?))
}

/// `Pickler.__init__(file, protocol=None, fix_imports=True,
/// buffer_callback=None)`; `file` None for `dumps`.
pub fn init(
    vm: &mut Vm,
    p: &Value,
    file: Option<&Value>,
    protocol: Option<Value>,
    fix_imports: Option<Value>,
    buffer_callback: Option<Value>,
) -> PyResult<()> {
    let d = data(vm, p)?;
    let proto = match protocol.filter(|v| !v.is(&types().none)) {
        None => DEFAULT_PROTOCOL,
        Some(v) => {
            let n = vm.index_value(&v)?;
            if n < 0 {
                HIGHEST_PROTOCOL
            } else if n > HIGHEST_PROTOCOL {
                return Err(
                    vm.value_error(format!("pickle protocol must be <= {HIGHEST_PROTOCOL}"))
                );
            } else {
                n
            }
        }
    };
    let fix = match fix_imports {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let callback = buffer_callback.filter(|v| !v.is(&types().none));
    if callback.is_some() && proto < 5 {
        return Err(vm.value_error("buffer_callback needs protocol >= 5"));
    }
    let write = match file {
        Some(f) => match vm.lookup_attr(f, "write")? {
            Some(w) => Some(w),
            None => return Err(vm.type_error("file must have a 'write' attribute")),
        },
        None => None,
    };
    d.proto.set(proto as u8);
    d.bin.set(proto >= 1);
    d.fix_imports.set(fix && proto < 3);
    *d.write.borrow_mut() = write;
    *d.buffer_callback.borrow_mut() = callback;
    let old = std::mem::take(&mut *d.memo.borrow_mut());
    drop(old);
    d.fast.set(false);
    d.ready.set(true);
    Ok(())
}

/// Writes `obj` as one pickle (to the file, or returned as bytes when the
/// pickler has none).
fn run_dump(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult<Vec<u8>> {
    let d = data(vm, p)?;
    if !d.ready.get() {
        return Err(pickling_error(
            vm,
            format!(
                "Pickler.__init__() was not called by {}.__init__()",
                type_name(p)
            ),
        ));
    }
    let exact = p.is_exact(&types().pickler);
    let (pers_func, dispatch_table, reducer_override) = if exact {
        (
            d.persistent_id.borrow().clone(),
            d.dispatch_table.borrow().clone(),
            None,
        )
    } else {
        (
            vm.lookup_attr(p, "persistent_id")?,
            vm.lookup_attr(p, "dispatch_table")?,
            vm.lookup_attr(p, "reducer_override")?,
        )
    };
    let proto = d.proto.get();
    let mut s = Saver {
        pickler: p,
        proto,
        bin: d.bin.get(),
        fast: d.fast.get(),
        fix_imports: d.fix_imports.get(),
        out: Output {
            buf: Vec::new(),
            framing: false,
            frame_start: None,
            write: d.write.borrow().clone(),
        },
        memo: std::mem::take(&mut *d.memo.borrow_mut()),
        pers_func,
        reducer_override,
        dispatch_table,
        copyreg_dispatch: None,
        buffer_callback: d.buffer_callback.borrow().clone(),
        fast_nesting: 0,
        fast_memo: HashSet::new(),
    };
    let _ = (s.pickler, &s.buffer_callback);
    if proto >= 2 {
        s.out.op_arg(PROTO, &[proto]);
    }
    if proto >= 4 {
        s.out.framing = true;
    }
    let r = s.save(vm, obj, false);
    // The memo stays with the pickler, whatever happened.
    let memo = std::mem::take(&mut s.memo);
    {
        let mut m = d.memo.borrow_mut();
        if m.is_empty() {
            *m = memo;
        }
    }
    r?;
    s.out.op(STOP);
    s.out.commit_frame();
    if s.out.write.is_some() {
        s.out.flush(vm)?;
        return Ok(Vec::new());
    }
    Ok(std::mem::take(&mut s.out.buf))
}

/// `Pickler.dump(obj)`.
pub fn dump(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult<()> {
    run_dump(vm, p, obj).map(drop)
}

/// `dumps`: the pickle of `obj` as bytes (the pickler has no file).
pub fn dump_to_bytes(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult {
    Ok(new_bytes(run_dump(vm, p, obj)?))
}

/// `Pickler.memo` as a dict: id to (index, object).
fn memo_dict(d: &PicklerData) -> Value {
    let mut table = crate::objects::dict::DictTable::new();
    let items: Vec<(u64, u32, Value)> = d
        .memo
        .borrow()
        .iter()
        .map(|(k, (i, v))| (*k, *i, v.clone()))
        .collect();
    let mut out = Vec::new();
    for (k, i, v) in items {
        out.push((
            from_i64(k as i64),
            new_tuple(vec![from_i64(i64::from(i)), v]),
        ));
    }
    for (k, v) in out {
        let h = crate::objects::int::hash_small(crate::objects::int::to_i64(&k).unwrap_or(0));
        table.set_fast(k, h, v);
    }
    crate::objects::dict::new_dict(table)
}

fn set_memo(vm: &mut Vm, d: &PicklerData, v: &Value) -> PyResult<()> {
    let v = if let Some(m) = vm.lookup_attr(v, "copy")?
        && v.kind() != Kind::Dict
    {
        vm.call(&m, &[], &[])?
    } else {
        v.clone()
    };
    let Some(dict) = v.downcast::<DictData>() else {
        return Err(vm.type_error(format!(
            "'memo' attribute must be a PicklerMemoProxy object or dict, not {}",
            type_name(&v)
        )));
    };
    let mut memo = Memo::default();
    for (k, item) in dict.table.borrow().items() {
        let pair = item
            .downcast::<TupleData>()
            .filter(|t| t.items.len() == 2)
            .map(|t| t.items.to_vec());
        let (Some(pair), Some(key)) = (pair, crate::objects::int::to_i64(&k)) else {
            return Err(vm.type_error("'memo' values must be 2-item tuples"));
        };
        let Some(idx) = crate::objects::int::to_i64(&pair[0]) else {
            return Err(vm.type_error("'memo' values must be 2-item tuples"));
        };
        memo.insert(key as u64, (idx as u32, pair[1].clone()));
    }
    let old = std::mem::replace(&mut *d.memo.borrow_mut(), memo);
    drop(old);
    Ok(())
}

fn property(name: &'static str, get: NativeFn, set: Option<NativeFn>) -> Value {
    Value::alloc(
        &types().property,
        crate::objects::descr::PropertyData {
            fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
            fset: RefCell::new(set.map(|s| crate::objects::function::new_builtin(name, s))),
            fdel: RefCell::new(None),
            doc: RefCell::new(None),
        },
    )
}

fn pickler_init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let (p, _) = this(vm, a)?;
    let [file, protocol, fix_imports, buffer_callback] = crate::protocols::args::clinic_args(
        vm,
        "Pickler",
        &a[1..],
        k,
        ["file", "protocol", "fix_imports", "buffer_callback"],
        1,
    )?;
    let Some(file) = file else {
        return Err(vm.type_error("Pickler() missing required argument 'file' (pos 1)"));
    };
    init(vm, p, Some(&file), protocol, fix_imports, buffer_callback)?;
    Ok(vm.none())
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", pickler_init),
        ("dump", |vm, a, _| {
            let (p, _) = this(vm, a)?;
            check_args(vm, "dump", &a[1..], 1, 1)?;
            dump(vm, p, &a[1])?;
            Ok(vm.none())
        }),
        ("clear_memo", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            check_args(vm, "clear_memo", &a[1..], 0, 0)?;
            let old = std::mem::take(&mut *d.memo.borrow_mut());
            drop(old);
            Ok(vm.none())
        }),
        ("__sizeof__", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            let n = std::mem::size_of::<PicklerData>() + 16 + d.memo.borrow().capacity() * 24;
            Ok(from_i64(n as i64))
        }),
    ]
}

pub fn register_type() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.pickler, "_pickle.Pickler", &methods());
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| match a.first() {
        Some(cls)
            if crate::object::types::is_type(cls)
                && cls.type_data_of_type().kind == Kind::Pickler =>
        {
            Ok(new_pickler(cls))
        }
        _ => Err(vm.type_error("Pickler.__new__(X): X is not a subtype of _pickle.Pickler")),
    });
    let td = t.pickler.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    d.set_str("__module__", new_str("_pickle"));
    d.set_str(
        "memo",
        property(
            "memo",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(memo_dict(d))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "memo", &a[1..], 1, 1)?;
                set_memo(vm, d, &a[1])?;
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "persistent_id",
        property(
            "persistent_id",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.persistent_id
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("persistent_id"))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "persistent_id", &a[1..], 1, 1)?;
                if !crate::builtins::is_callable(&a[1]) {
                    return Err(
                        vm.type_error("persistent_id must be a callable taking one argument")
                    );
                }
                *d.persistent_id.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "dispatch_table",
        property(
            "dispatch_table",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.dispatch_table
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("dispatch_table"))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "dispatch_table", &a[1..], 1, 1)?;
                *d.dispatch_table.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "fast",
        property(
            "fast",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(from_i64(i64::from(d.fast.get())))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "fast", &a[1..], 1, 1)?;
                let v = vm.truthy(&a[1])?;
                d.fast.set(v);
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "bin",
        property(
            "bin",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(from_i64(i64::from(d.bin.get())))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "bin", &a[1..], 1, 1)?;
                let v = vm.truthy(&a[1])?;
                d.bin.set(v);
                Ok(vm.none())
            }),
        ),
    );
}
