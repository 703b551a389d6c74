//! `memoryview` basics: a read view of the bytes of a `bytes` or
//! `bytearray` (format 'B', one dimension). Writing through a view and
//! slicing a view of a bytearray are not supported yet and say so.

use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::vm::{PyResult, Vm, py_bool};

fn view_obj(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = v
        .downcast::<InstanceData>()
        .and_then(|d| d.dict.downcast::<DictData>())
        .and_then(|d| d.table.borrow().get_str("obj"));
    match d {
        Some(o) if !o.is(&types().none) => Ok(o),
        _ => Err(vm.value_error("operation forbidden on released memoryview object")),
    }
}

fn data(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    let o = view_obj(vm, v)?;
    Ok(o.downcast::<BytesData>()
        .map(|b| b.data.borrow().clone())
        .unwrap_or_default())
}

/// The item format of a view and its size in bytes.
fn item_format(vm: &mut Vm, v: &Value) -> PyResult<(char, usize)> {
    let f = vm.getattr_str(v, "format")?;
    let s = vm.getattr_str(v, "itemsize")?;
    let c = crate::interp::str_of(&f).chars().next().unwrap_or('B');
    Ok((c, vm.index_value(&s)? as usize))
}

/// The items of a view as Python values (ints, or bytes for 'c').
fn items_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    let (fmt, size) = item_format(vm, v)?;
    let d = data(vm, v)?;
    Ok(d.chunks(size)
        .map(|c| {
            let mut buf = [0u8; 8];
            buf[..size].copy_from_slice(c);
            let u = u64::from_ne_bytes(buf);
            match fmt {
                'c' => crate::objects::bytes::new_bytes(c.to_vec()),
                'b' => from_i64(i64::from(c[0] as i8)),
                'h' => from_i64(i64::from(i16::from_ne_bytes([c[0], c[1]]))),
                'i' => from_i64(i64::from(i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))),
                'l' | 'q' => from_i64(u as i64),
                'L' | 'Q' => crate::objects::int::from_bigint(num_bigint::BigInt::from(u)),
                _ => from_i64(u as i64),
            }
        })
        .collect())
}

/// `memoryview(obj)`.
pub fn new_memoryview(vm: &mut Vm, obj: &Value) -> PyResult {
    if obj.is_exact(&types().memoryview) {
        let inner = view_obj(vm, obj)?;
        return new_memoryview(vm, &inner);
    }
    let Some(b) = obj.downcast::<BytesData>() else {
        return Err(vm.type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.type_data().name
        )));
    };
    let n = b.data.borrow().len() as i64;
    let mut t = DictTable::new();
    t.set_str("obj", obj.clone());
    t.set_str("nbytes", from_i64(n));
    t.set_str("readonly", py_bool(obj.kind() == Kind::Bytes));
    t.set_str("itemsize", from_i64(1));
    t.set_str("format", new_str("B"));
    t.set_str("ndim", from_i64(1));
    t.set_str("shape", crate::objects::tuple::new_tuple(vec![from_i64(n)]));
    t.set_str(
        "strides",
        crate::objects::tuple::new_tuple(vec![from_i64(1)]),
    );
    Ok(Value::alloc(
        &types().memoryview,
        InstanceData {
            dict: new_dict(t).into(),
        },
    ))
}

pub fn register() {
    let methods: &[(&'static str, NativeFn)] = &[
        ("__new__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "memoryview", &a[1..], 1, 1)?;
            new_memoryview(vm, &a[1])
        }),
        ("__len__", |vm, a, _| {
            let (fmt, size) = item_format(vm, &a[0])?;
            let _ = fmt;
            Ok(from_i64((data(vm, &a[0])?.len() / size) as i64))
        }),
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let o = view_obj(vm, &a[0])?;
            let k = a[1].clone();
            let (fmt, size) = item_format(vm, &a[0])?;
            if size != 1 || fmt != 'B' {
                if k.kind() == Kind::Slice {
                    return Err(vm.err(
                        &types().exc.not_implemented_error,
                        "slicing a cast memoryview is not supported by egret yet",
                    ));
                }
                let items = items_of(vm, &a[0])?;
                let l = crate::objects::list::new_list(items);
                return vm.getitem(&l, &k);
            }
            if k.kind() == Kind::Slice {
                if o.kind() == Kind::ByteArray {
                    return Err(vm.err(
                        &types().exc.not_implemented_error,
                        "slicing a memoryview of a bytearray is not supported by egret yet",
                    ));
                }
                let part = vm.getitem(&o, &k)?;
                return new_memoryview(vm, &part);
            }
            vm.getitem(&o, &k)
        }),
        ("__setitem__", |vm, _a, _| {
            Err(vm.err(
                &types().exc.not_implemented_error,
                "writing through a memoryview is not supported by egret yet",
            ))
        }),
        ("tobytes", |vm, a, _| Ok(new_bytes(data(vm, &a[0])?))),
        ("cast", |vm, a, _| {
            crate::protocols::args::check_args(vm, "cast", &a[1..], 1, 2)?;
            let f = crate::interp::str_of(&a[1]);
            let size = match f.as_str() {
                "B" | "b" | "c" => 1,
                "H" | "h" => 2,
                "I" | "i" => 4,
                "L" | "l" | "Q" | "q" => 8,
                _ => 0,
            };
            if size == 0 || a.len() > 2 {
                return Err(vm.err(
                    &types().exc.not_implemented_error,
                    format!("memoryview.cast to '{f}' is not supported by egret yet"),
                ));
            }
            let o = view_obj(vm, &a[0])?;
            let n = data(vm, &a[0])?.len();
            if n % size != 0 {
                return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
            }
            let v = new_memoryview(vm, &o)?;
            vm.setattr_str(&v, "format", new_str(&f))?;
            vm.setattr_str(&v, "itemsize", from_i64(size as i64))?;
            vm.setattr_str(
                &v,
                "shape",
                crate::objects::tuple::new_tuple(vec![from_i64((n / size) as i64)]),
            )?;
            vm.setattr_str(
                &v,
                "strides",
                crate::objects::tuple::new_tuple(vec![from_i64(size as i64)]),
            )?;
            Ok(v)
        }),
        ("tolist", |vm, a, _| {
            let items = items_of(vm, &a[0])?;
            Ok(crate::objects::list::new_list(items))
        }),
        ("hex", |vm, a, _| {
            let d = data(vm, &a[0])?;
            Ok(new_str(
                &d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            ))
        }),
        ("release", |vm, a, _| {
            if let Some(d) = crate::protocols::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<DictData>()
            {
                dd.table.borrow_mut().set_str("obj", types().none.clone());
            }
            Ok(vm.none())
        }),
        ("__enter__", |_vm, a, _| Ok(a[0].clone())),
        ("__exit__", |vm, a, _| {
            if let Some(d) = crate::protocols::attr::instance_dict(&a[0])
                && let Some(dd) = d.downcast::<DictData>()
            {
                dd.table.borrow_mut().set_str("obj", types().none.clone());
            }
            Ok(vm.none())
        }),
        ("__eq__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__eq__", &a[1..], 1, 1)?;
            let mine = data(vm, &a[0])?;
            let other = if a[1].is_exact(&types().memoryview) {
                data(vm, &a[1])?
            } else if let Some(b) = a[1].downcast::<BytesData>() {
                b.data.borrow().clone()
            } else {
                return Ok(types().not_implemented.clone());
            };
            Ok(py_bool(mine == other))
        }),
        ("__repr__", |_vm, a, _| {
            Ok(new_str(&format!("<memory at {:#x}>", a[0].id())))
        }),
        ("__hash__", |vm, a, _| {
            let o = view_obj(vm, &a[0])?;
            if o.kind() != Kind::Bytes {
                return Err(vm.value_error("cannot hash writable memoryview object"));
            }
            let h = vm.hash(&o)?;
            Ok(from_i64(h))
        }),
    ];
    let t = types();
    crate::objects::str_methods::add_methods(&t.memoryview, "memoryview", &methods[1..]);
    let new = crate::objects::function::new_builtin("__new__", methods[0].1);
    t.memoryview.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    t.memoryview
        .type_data_of_type()
        .dict_mut()
        .set_str("__module__", new_str("builtins"));
}
