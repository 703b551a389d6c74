//! `_pickle.Unpickler`: the object (its settings and its memo, kept
//! between `load` calls), its attributes and methods, and `find_class`.
//! Reading a pickle is `load` (one step per opcode) over `input`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::input::Input;
use super::load::Loader;
use super::{compat_attr, deep_attribute, unpickling_error};
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

/// Memo indices up to this are kept in a vector; larger ones in a map.
const DENSE_MEMO: usize = 1 << 20;

/// The unpickler's memo: index to object.
#[derive(Default)]
pub struct Memo {
    dense: Vec<Option<Value>>,
    sparse: HashMap<usize, Value>,
    pub(super) len: usize,
}

impl Memo {
    pub(super) fn get(&self, i: usize) -> Option<&Value> {
        match self.dense.get(i) {
            Some(v) => v.as_ref(),
            None => self.sparse.get(&i),
        }
    }

    pub(super) fn put(&mut self, i: usize, v: Value) {
        let old = if i < DENSE_MEMO {
            if i >= self.dense.len() {
                self.dense.resize(i + 1, None);
            }
            self.dense[i].replace(v)
        } else {
            self.sparse.insert(i, v)
        };
        if old.is_none() {
            self.len += 1;
        }
        drop(old);
    }

    fn items(&self) -> Vec<(usize, Value)> {
        let mut out: Vec<(usize, Value)> = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.clone().map(|v| (i, v)))
            .collect();
        out.extend(self.sparse.iter().map(|(i, v)| (*i, v.clone())));
        out
    }
}

/// A `_pickle.Unpickler`'s state.
pub struct UnpicklerData {
    pub ready: Cell<bool>,
    pub read: RefCell<Option<Value>>,
    pub readline: RefCell<Option<Value>>,
    pub fix_imports: Cell<bool>,
    pub encoding: RefCell<String>,
    pub errors: RefCell<String>,
    /// An iterator over the out-of-band buffers, if given.
    pub buffers: RefCell<Option<Value>>,
    pub memo: RefCell<Memo>,
    /// Set through the `persistent_load` attribute.
    pub persistent_load: RefCell<Option<Value>>,
    pub proto: Cell<u8>,
}

impl Payload for UnpicklerData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Unpickler
    }
}

pub fn new_unpickler(ty: &Value) -> Value {
    Value::alloc(
        ty,
        UnpicklerData {
            ready: Cell::new(false),
            read: RefCell::new(None),
            readline: RefCell::new(None),
            fix_imports: Cell::new(true),
            encoding: RefCell::new("ASCII".into()),
            errors: RefCell::new("strict".into()),
            buffers: RefCell::new(None),
            memo: RefCell::new(Memo::default()),
            persistent_load: RefCell::new(None),
            proto: Cell::new(0),
        },
    )
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a UnpicklerData> {
    v.downcast::<UnpicklerData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a '_pickle.Unpickler' object but received a '{}'",
            v.type_data().name
        ))
    })
}

fn this<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<(&'a Value, &'a UnpicklerData)> {
    let Some(u) = a.first() else {
        return Err(vm.type_error("descriptor needs a '_pickle.Unpickler' argument"));
    };
    Ok((u, data(vm, u)?))
}

pub(super) fn type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

/// The bytes of a bytes-like argument (`loads`).
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    if v.kind() == Kind::Str {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(v)
        )));
    }
    if let Some(b) = crate::objects::buffer::bytes_like_opt(vm, v)? {
        return Ok(b);
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        type_name(v)
    )))
}

/// `Unpickler.__init__(file, *, fix_imports=True, encoding='ASCII',
/// errors='strict', buffers=None)`; `file` None for `loads`.
pub fn init(
    vm: &mut Vm,
    u: &Value,
    file: Option<&Value>,
    fix_imports: Option<Value>,
    encoding: Option<Value>,
    errors: Option<Value>,
    buffers: Option<Value>,
) -> PyResult<()> {
    let d = data(vm, u)?;
    let fix = match fix_imports {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let text = |vm: &Vm, v: Option<Value>, default: &str, what: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) => as_str(&v).map(str::to_string).ok_or_else(|| {
                vm.type_error(format!(
                    "Unpickler() argument '{what}' must be str, not {}",
                    type_name(&v)
                ))
            }),
        }
    };
    let encoding = text(vm, encoding, "ASCII", "encoding")?;
    let errors = text(vm, errors, "strict", "errors")?;
    let buffers = match buffers.filter(|b| !b.is(&types().none)) {
        Some(b) => Some(vm.get_iter(&b)?),
        None => None,
    };
    let (read, readline) = match file {
        Some(f) => {
            let read = vm.lookup_attr(f, "read")?;
            let readline = vm.lookup_attr(f, "readline")?;
            match (read, readline) {
                (Some(r), Some(l)) => (Some(r), Some(l)),
                _ => {
                    return Err(vm.type_error("file must have 'read' and 'readline' attributes"));
                }
            }
        }
        None => (None, None),
    };
    *d.read.borrow_mut() = read;
    *d.readline.borrow_mut() = readline;
    d.fix_imports.set(fix);
    *d.encoding.borrow_mut() = encoding;
    *d.errors.borrow_mut() = errors;
    *d.buffers.borrow_mut() = buffers;
    let old = std::mem::take(&mut *d.memo.borrow_mut());
    drop(old);
    d.proto.set(0);
    d.ready.set(true);
    Ok(())
}

/// `Unpickler.find_class(module, name)` as the native unpickler does it.
pub(super) fn find_class(
    vm: &mut Vm,
    proto: u8,
    fix_imports: bool,
    module: &Value,
    name: &Value,
) -> PyResult<Value> {
    let (Some(m), Some(n)) = (as_str(module), as_str(name)) else {
        return Err(vm.type_error("find_class(): module and name must be str"));
    };
    let mut m = m.to_string();
    let mut n = n.to_string();
    if proto < 3 && fix_imports {
        let names = compat_attr(vm, "NAME_MAPPING")?;
        let key = new_tuple(vec![new_str(&m), new_str(&n)]);
        let hit = match names.downcast::<DictData>() {
            Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
            None => None,
        };
        if let Some(item) = hit {
            let pair = item
                .downcast::<TupleData>()
                .filter(|t| t.items.len() == 2)
                .map(|t| t.items.to_vec());
            match pair.as_deref() {
                Some([a, b]) if as_str(a).is_some() && as_str(b).is_some() => {
                    m = as_str(a).unwrap_or("").to_string();
                    n = as_str(b).unwrap_or("").to_string();
                }
                _ => {
                    return Err(vm.type_error(format!(
                        "_compat_pickle.NAME_MAPPING values should be 2-tuples, not {}",
                        type_name(&item)
                    )));
                }
            }
        } else {
            let imports = compat_attr(vm, "IMPORT_MAPPING")?;
            let hit = match imports.downcast::<DictData>() {
                Some(d) => crate::objects::dict::get(vm, &d.table, &new_str(&m))?,
                None => None,
            };
            if let Some(item) = hit {
                match as_str(&item) {
                    Some(s) => m = s.to_string(),
                    None => {
                        return Err(vm.type_error(format!(
                            "_compat_pickle.IMPORT_MAPPING values should be strings, not {}",
                            type_name(&item)
                        )));
                    }
                }
            }
        }
    }
    let module = vm.import_module(&m)?;
    if proto >= 4 {
        Ok(deep_attribute(vm, &module, &n)?.0)
    } else {
        vm.getattr_str(&module, &n)
    }
}

/// Reads one pickle with the unpickler `u`, its input given.
fn run_load(vm: &mut Vm, u: &Value, input: Input) -> PyResult {
    let d = data(vm, u)?;
    if !d.ready.get() {
        return Err(unpickling_error(
            vm,
            format!(
                "Unpickler.__init__() was not called by {}.__init__()",
                type_name(u)
            ),
        ));
    }
    let exact = u.is_exact(&types().unpickler);
    let (pers_load, find) = if exact {
        (d.persistent_load.borrow().clone(), None)
    } else {
        let own = u.type_data().lookup_static("find_class").is_some_and(|f| {
            types()
                .unpickler
                .type_data_of_type()
                .dict
                .borrow()
                .get_str("find_class")
                .is_some_and(|g| g.is(&f))
        });
        (
            vm.lookup_attr(u, "persistent_load")?,
            if own {
                None
            } else {
                Some(vm.getattr_str(u, "find_class")?)
            },
        )
    };
    let mut l = Loader {
        unpickler: u,
        input,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: std::mem::take(&mut *d.memo.borrow_mut()),
        proto: 0,
        fix_imports: d.fix_imports.get(),
        encoding: d.encoding.borrow().clone(),
        errors: d.errors.borrow().clone(),
        buffers: d.buffers.borrow().clone(),
        pers_load,
        find_class: find,
    };
    let _ = l.unpickler;
    let r = l.run(vm);
    d.proto.set(l.proto);
    let memo = std::mem::take(&mut l.memo);
    {
        let mut m = d.memo.borrow_mut();
        if m.len == 0 {
            *m = memo;
        }
    }
    r
}

/// `Unpickler.load()`: from the file.
pub fn load(vm: &mut Vm, u: &Value) -> PyResult {
    let d = data(vm, u)?;
    let input = Input {
        buf: Vec::new(),
        pos: 0,
        read: d.read.borrow().clone(),
        readline: d.readline.borrow().clone(),
    };
    run_load(vm, u, input)
}

/// `loads`: from bytes.
pub fn load_from_bytes(vm: &mut Vm, u: &Value, buf: Vec<u8>) -> PyResult {
    let input = Input {
        buf,
        pos: 0,
        read: None,
        readline: None,
    };
    run_load(vm, u, input)
}

fn memo_dict(d: &UnpicklerData) -> Value {
    let mut table = DictTable::new();
    for (i, v) in d.memo.borrow().items() {
        table.set_fast(
            from_i64(i as i64),
            crate::objects::int::hash_small(i as i64),
            v,
        );
    }
    new_dict(table)
}

fn set_memo(vm: &mut Vm, d: &UnpicklerData, v: &Value) -> PyResult<()> {
    let v = if v.kind() != Kind::Dict
        && let Some(m) = vm.lookup_attr(v, "copy")?
    {
        vm.call(&m, &[], &[])?
    } else {
        v.clone()
    };
    let Some(dict) = v.downcast::<DictData>() else {
        return Err(vm.type_error(format!(
            "'memo' attribute must be an UnpicklerMemoProxy object or dict, not {}",
            type_name(&v)
        )));
    };
    let mut memo = Memo::default();
    for (k, item) in dict.table.borrow().items() {
        match crate::objects::int::to_i64(&k) {
            Some(i) if i >= 0 => memo.put(i as usize, item),
            Some(_) => return Err(vm.value_error("memo key must be positive integers.")),
            None => return Err(vm.type_error("memo key must be integers")),
        }
    }
    let old = std::mem::replace(&mut *d.memo.borrow_mut(), memo);
    drop(old);
    Ok(())
}

fn unpickler_init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let (u, _) = this(vm, a)?;
    let mut file = a.get(1).cloned();
    if a.len() > 2 {
        return Err(vm.type_error(format!(
            "Unpickler() takes exactly 1 positional argument ({} given)",
            a.len() - 1
        )));
    }
    let mut rest = Vec::new();
    for (key, v) in k {
        if as_str(key) == Some("file") && file.is_none() {
            file = Some(v.clone());
        } else {
            rest.push((key.clone(), v.clone()));
        }
    }
    let Some(file) = file else {
        return Err(vm.type_error("Unpickler() missing required argument 'file' (pos 1)"));
    };
    let [fix_imports, encoding, errors, buffers] = super::load_kwargs(vm, "Unpickler", &rest)?;
    init(vm, u, Some(&file), fix_imports, encoding, errors, buffers)?;
    Ok(vm.none())
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", unpickler_init),
        ("load", |vm, a, _| {
            let (u, _) = this(vm, a)?;
            check_args(vm, "load", &a[1..], 0, 0)?;
            load(vm, u)
        }),
        ("find_class", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            check_args(vm, "find_class", &a[1..], 2, 2)?;
            let proto = d.proto.get();
            let fix = d.fix_imports.get();
            find_class(vm, proto, fix, &a[1], &a[2])
        }),
        ("__sizeof__", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            let n =
                std::mem::size_of::<UnpicklerData>() + 16 + d.memo.borrow().dense.capacity() * 8;
            Ok(from_i64(n as i64))
        }),
    ]
}

pub fn register_type() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.unpickler, "_pickle.Unpickler", &methods());
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| match a.first() {
        Some(cls)
            if crate::object::types::is_type(cls)
                && cls.type_data_of_type().kind == Kind::Unpickler =>
        {
            Ok(new_unpickler(cls))
        }
        _ => Err(vm.type_error("Unpickler.__new__(X): X is not a subtype of _pickle.Unpickler")),
    });
    let td = t.unpickler.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    d.set_str("__module__", new_str("_pickle"));
    let property = |name: &'static str, get: NativeFn, set: NativeFn| {
        Value::alloc(
            &t.property,
            crate::objects::descr::PropertyData {
                fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
                fset: RefCell::new(Some(crate::objects::function::new_builtin(name, set))),
                fdel: RefCell::new(None),
                doc: RefCell::new(None),
            },
        )
    };
    d.set_str(
        "memo",
        property(
            "memo",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(memo_dict(d))
            },
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "memo", &a[1..], 1, 1)?;
                set_memo(vm, d, &a[1])?;
                Ok(vm.none())
            },
        ),
    );
    d.set_str(
        "persistent_load",
        property(
            "persistent_load",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.persistent_load
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("persistent_load"))
            },
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "persistent_load", &a[1..], 1, 1)?;
                if !crate::builtins::is_callable(&a[1]) {
                    return Err(
                        vm.type_error("persistent_load must be a callable taking one argument")
                    );
                }
                *d.persistent_load.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            },
        ),
    );
}
