//! Methods of `int`, `float` and `range`, and the bytes methods that are
//! shared with `str` (run on the Latin-1 view of the bytes).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64, to_bigint};
use crate::objects::list::ListData;
use crate::objects::range::RangeData;
use crate::objects::str::{StrData, new_str};
use crate::objects::str_methods::add_methods;
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

fn int_self(a: &[Value]) -> BigInt {
    a.first().and_then(to_bigint).unwrap_or_default()
}

fn float_self(a: &[Value]) -> f64 {
    a.first()
        .and_then(crate::objects::float::float_of)
        .unwrap_or(0.0)
}

fn byteorder(vm: &mut Vm, v: Option<Value>) -> PyResult<bool> {
    // Python 3.11: the byte order defaults to "big".
    match v.map(|v| str_of(&v)) {
        None => Ok(true),
        Some(s) if s == "big" => Ok(true),
        Some(s) if s == "little" => Ok(false),
        Some(_) => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn to_bytes(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let v = int_self(a);
    let length = match a.get(1).cloned().or_else(|| kwarg(k, "length")) {
        Some(l) => vm.ssize_arg(&l)?,
        None => 1,
    };
    let big = byteorder(vm, a.get(2).cloned().or_else(|| kwarg(k, "byteorder")))?;
    let signed = match kwarg(k, "signed") {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    if v.is_negative() && !signed {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        v.to_signed_bytes_le()
    } else {
        v.to_bytes_le().1
    };
    if v.is_zero() {
        bytes.clear();
    }
    let fill = if v.is_negative() { 0xff } else { 0 };
    if bytes.len() > length as usize {
        // to_signed_bytes may carry a redundant sign byte.
        while bytes.len() > length as usize && bytes.last() == Some(&fill) && signed {
            bytes.pop();
        }
        if bytes.len() > length as usize {
            return Err(vm.overflow_error("int too big to convert"));
        }
    }
    let length = length as usize;
    bytes
        .try_reserve_exact(length.saturating_sub(bytes.len()))
        .map_err(|_| vm.memory_error())?;
    bytes.resize(length, fill);
    if big {
        bytes.reverse();
    }
    Ok(crate::objects::bytes::new_bytes(bytes))
}

fn from_bytes(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    // Called as a classmethod: a[0] is the class.
    let src = a.get(1).cloned().or_else(|| kwarg(k, "bytes"));
    let Some(src) = src else {
        return Err(vm.type_error("from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let mut data: Vec<u8> = match crate::objects::buffer::bytes_copy_opt(vm, &src)? {
        Some(b) => b,
        None => {
            // PyObject_Bytes: __bytes__, else bytes of an iterable of ints.
            if matches!(
                src.kind(),
                crate::object::types::Kind::Int
                    | crate::object::types::Kind::Bool
                    | crate::object::types::Kind::Str
            ) && src.type_data().lookup_static("__bytes__").is_none()
            {
                return Err(vm.type_error(format!(
                    "cannot convert '{}' object to bytes",
                    src.type_data().name
                )));
            }
            let b = vm.call(
                &crate::object::types::types().bytes,
                std::slice::from_ref(&src),
                &[],
            )?;
            crate::objects::buffer::bytes_like(vm, &b)?
        }
    };
    let big = byteorder(vm, a.get(2).cloned().or_else(|| kwarg(k, "byteorder")))?;
    let signed = match kwarg(k, "signed") {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if big {
        data.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&data)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &data)
    };
    Ok(from_bigint(v))
}

fn float_ratio(vm: &mut Vm, f: f64) -> PyResult {
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = crate::objects::float::frexp(f);
    let mut mant = m;
    let mut exp = e;
    let mut i = 0;
    while mant != mant.floor() && i < 300 {
        mant *= 2.0;
        exp -= 1;
        i += 1;
    }
    let mut num = crate::objects::int::f64_to_bigint(mant);
    let mut den = BigInt::one();
    if exp > 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    let g = num.gcd(&den);
    if !g.is_zero() {
        num /= &g;
        den /= &g;
    }
    Ok(new_tuple(vec![from_bigint(num), from_bigint(den)]))
}

fn range_self(a: &[Value]) -> Option<&RangeData> {
    a.first().and_then(|v| v.downcast::<RangeData>())
}

/// Runs a str method on the Latin-1 view of a bytes receiver and converts
/// str results back to bytes.
/// First code point of the private-use area: bytes the str methods must
/// not treat as letters, digits or whitespace travel through it.
const OPAQUE: u32 = 0xE000;

fn via_str(vm: &mut Vm, name: &str, a: &[Value], k: Kw) -> PyResult {
    // bytes methods know only ASCII: the other bytes (and the separators
    // str knows but bytes does not) go through as characters without case,
    // class or line-breaking meaning.
    let opaque = |b: u8| {
        b >= 0x80
            || (0x1c..=0x1f).contains(&b)
            || (name == "splitlines" && (b == 0x0b || b == 0x0c))
    };
    let to_str = |v: &Value| -> Option<Value> {
        v.downcast::<BytesData>().map(|b| {
            new_str(
                &b.data
                    .borrow()
                    .iter()
                    .map(|&c| {
                        if opaque(c) {
                            char::from_u32(OPAQUE + u32::from(c)).unwrap_or('?')
                        } else {
                            c as char
                        }
                    })
                    .collect::<String>(),
            )
        })
    };
    let as_bytearray = a[0].kind() == Kind::ByteArray;
    let mut args = Vec::with_capacity(a.len());
    for (i, v) in a.iter().enumerate() {
        // Arguments may be any buffer (a memoryview, an array).
        let converted;
        let v = if i > 0
            && v.downcast::<BytesData>().is_none()
            && crate::objects::buffer::is_exporter(v)
        {
            converted =
                crate::objects::bytes::new_bytes(crate::objects::buffer::bytes_like(vm, v)?);
            &converted
        } else {
            v
        };
        match to_str(v) {
            Some(s) => args.push(s),
            None if v.kind() == Kind::Tuple => {
                let items: Vec<Value> = v
                    .downcast::<TupleData>()
                    .map(|t| {
                        t.items
                            .iter()
                            .map(|x| to_str(x).unwrap_or_else(|| x.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                args.push(new_tuple(items));
            }
            None if i > 0 && v.kind() == Kind::Str => {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    v.type_data().name
                )));
            }
            None => args.push(v.clone()),
        }
    }
    let method = types()
        .str_
        .type_data_of_type()
        .lookup(name)
        .ok_or_else(|| vm.attribute_error(name))?;
    // Keyword arguments (`sep=b'|'`) convert as positional ones do.
    let mut kw = Vec::with_capacity(k.len());
    for (name, v) in k {
        let v = match crate::objects::buffer::bytes_like_opt(vm, v)? {
            Some(b) => to_str(&crate::objects::bytes::new_bytes(b)).unwrap_or_else(|| v.clone()),
            None if v.kind() == Kind::Str => {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    v.type_data().name
                )));
            }
            None => v.clone(),
        };
        kw.push((name.clone(), v));
    }
    let r = vm.call(&method, &args, &kw)?;
    let back = |v: &Value| -> Value {
        match v.downcast::<StrData>() {
            Some(s) => {
                let data: Vec<u8> = s
                    .as_str()
                    .chars()
                    .map(|c| {
                        let c = c as u32;
                        if (OPAQUE..OPAQUE + 256).contains(&c) {
                            (c - OPAQUE) as u8
                        } else {
                            c as u8
                        }
                    })
                    .collect();
                if as_bytearray {
                    crate::objects::bytes::new_bytearray(data)
                } else {
                    crate::objects::bytes::new_bytes(data)
                }
            }
            None => v.clone(),
        }
    };
    Ok(match r.kind() {
        Kind::Str => back(&r),
        Kind::List => crate::objects::list::new_list(
            r.downcast::<ListData>()
                .expect("list")
                .items
                .borrow()
                .iter()
                .map(back)
                .collect(),
        ),
        Kind::Tuple => new_tuple(
            r.downcast::<TupleData>()
                .expect("tuple")
                .items
                .iter()
                .map(back)
                .collect(),
        ),
        _ => r,
    })
}

macro_rules! bytes_via_str {
    ($($name:literal),* $(,)?) => {
        &[ $( ($name, (|vm, a, k| via_str(vm, $name, a, k)) as NativeFn) ),* ]
    };
}

pub fn register() {
    let t = types();
    let int_methods: &[(&'static str, NativeFn)] = &[
        ("bit_length", |_vm, a, _| {
            Ok(from_i64(int_self(a).bits() as i64))
        }),
        ("bit_count", |_vm, a, _| {
            let v = int_self(a).abs();
            let n: u64 = v
                .to_u64_digits()
                .1
                .iter()
                .map(|d| u64::from(d.count_ones()))
                .sum();
            Ok(from_i64(n as i64))
        }),
        ("to_bytes", to_bytes),
        ("as_integer_ratio", |_vm, a, _| {
            Ok(new_tuple(vec![from_bigint(int_self(a)), from_i64(1)]))
        }),
        ("conjugate", |_vm, a, _| Ok(from_bigint(int_self(a)))),
        ("__index__", |_vm, a, _| Ok(from_bigint(int_self(a)))),
        ("__int__", |_vm, a, _| Ok(from_bigint(int_self(a)))),
        ("__float__", |vm, a, _| {
            Ok(new_float(crate::objects::int::to_f64_checked(vm, &a[0])?))
        }),
        ("__abs__", |_vm, a, _| Ok(from_bigint(int_self(a).abs()))),
        ("__hash__", |vm, a, _| Ok(from_i64(vm.hash(&a[0])?))),
        ("__repr__", |vm, a, _| vm.repr_value(&a[0])),
        ("__format__", |vm, a, _| {
            let spec = a.get(1).map(str_of).unwrap_or_default();
            vm.format(&a[0], &spec)
        }),
    ];
    add_methods(&t.int, "int", int_methods);
    let fb = crate::objects::function::new_builtin("from_bytes", from_bytes);
    t.int.type_data_of_type().dict_mut().set_str(
        "from_bytes",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData { func: fb },
        ),
    );
    let float_methods: &[(&'static str, NativeFn)] = &[
        ("is_integer", |_vm, a, _| {
            let f = float_self(a);
            Ok(py_bool(f.is_finite() && f == f.trunc()))
        }),
        ("as_integer_ratio", |vm, a, _| {
            float_ratio(vm, float_self(a))
        }),
        ("hex", |_vm, a, _| {
            Ok(new_str(&crate::objects::float_hex::float_to_hex(
                float_self(a),
            )))
        }),
        ("conjugate", |_vm, a, _| Ok(new_float(float_self(a)))),
        ("__int__", |vm, a, _| {
            crate::objects::int::from_f64(vm, float_self(a))
        }),
        ("__float__", |_vm, a, _| Ok(new_float(float_self(a)))),
        ("__abs__", |_vm, a, _| Ok(new_float(float_self(a).abs()))),
        ("__repr__", |vm, a, _| vm.repr_value(&a[0])),
        ("__format__", |vm, a, _| {
            let spec = a.get(1).map(str_of).unwrap_or_default();
            vm.format(&a[0], &spec)
        }),
        ("__round__", |vm, a, _| {
            let f = crate::objects::function::new_builtin("round", |vm, a, k| {
                let r = vm
                    .builtins_dict
                    .downcast::<crate::objects::dict::DictData>()
                    .and_then(|d| d.table.borrow().get_str("round"));
                match r {
                    Some(r) => vm.call(&r, a, k),
                    None => Ok(vm.none()),
                }
            });
            vm.call(&f, a, &[])
        }),
    ];
    add_methods(&t.float, "float", float_methods);
    let fromhex = crate::objects::function::new_builtin("fromhex", |vm, a, _| {
        // Called through the classmethod: a[0] is the class.
        check_args(vm, "fromhex", a.get(1..).unwrap_or_default(), 1, 1)?;
        let (cls, arg) = (&a[0], &a[1]);
        let Some(s) = arg.downcast::<StrData>() else {
            return Err(vm.type_error("bad argument type for built-in operation"));
        };
        let v = match crate::objects::float_hex::float_from_hex(s.as_str()) {
            Ok(v) => new_float(v),
            Err(crate::objects::float_hex::FromHexError::Invalid) => {
                return Err(vm.value_error("invalid hexadecimal floating-point string"));
            }
            Err(crate::objects::float_hex::FromHexError::Overflow) => {
                return Err(
                    vm.overflow_error("hexadecimal value too large to represent as a float")
                );
            }
        };
        // A subclass gets cls(result), as CPython does.
        if cls.is(&types().float) {
            Ok(v)
        } else {
            vm.call(cls, &[v], &[])
        }
    });
    t.float.type_data_of_type().dict_mut().set_str(
        "fromhex",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData { func: fromhex },
        ),
    );
    // float.__getformat__(typestr): how C doubles and floats are stored.
    let getformat = crate::objects::function::new_builtin("__getformat__", |vm, a, _| {
        check_args(vm, "__getformat__", a.get(1..).unwrap_or_default(), 1, 1)?;
        let Some(s) = a[1].downcast::<StrData>() else {
            // CPython's argument errors name None as "None".
            let given = if a[1].is(&types().none) {
                "None".to_string()
            } else {
                a[1].type_data().name.to_string()
            };
            return Err(vm.type_error(format!("__getformat__() argument must be str, not {given}")));
        };
        match s.as_str() {
            "double" | "float" if cfg!(target_endian = "little") => {
                Ok(crate::objects::str::new_str("IEEE, little-endian"))
            }
            "double" | "float" => Ok(crate::objects::str::new_str("IEEE, big-endian")),
            _ => Err(vm.value_error("__getformat__() argument 1 must be 'double' or 'float'")),
        }
    });
    t.float.type_data_of_type().dict_mut().set_str(
        "__getformat__",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData { func: getformat },
        ),
    );
    let range_methods: &[(&'static str, NativeFn)] = &[
        ("index", |vm, a, _| {
            check_args(vm, "index", &a[1..], 1, 1)?;
            let r = range_self(a).ok_or_else(|| vm.type_error("range.index on non-range"))?;
            if let Some(v) =
                to_bigint(&a[1]).filter(|_| matches!(a[1].kind(), Kind::Int | Kind::Bool))
                && r.contains_int(&v)
            {
                return Ok(from_bigint((v - &r.start) / &r.step));
            }
            let s = vm.repr_string(&a[1])?;
            Err(vm.value_error(format!("{s} is not in range")))
        }),
        ("count", |vm, a, _| {
            check_args(vm, "count", &a[1..], 1, 1)?;
            let r = range_self(a).ok_or_else(|| vm.type_error("range.count on non-range"))?;
            let hit = to_bigint(&a[1])
                .filter(|_| matches!(a[1].kind(), Kind::Int | Kind::Bool))
                .is_some_and(|v| r.contains_int(&v));
            Ok(from_i64(i64::from(hit)))
        }),
        ("__reduce__", |vm, a, _| {
            let r = range_self(a).ok_or_else(|| vm.type_error("range.__reduce__ on non-range"))?;
            let args = crate::objects::tuple::new_tuple(vec![
                from_bigint(r.start.clone()),
                from_bigint(r.stop.clone()),
                from_bigint(r.step.clone()),
            ]);
            Ok(crate::objects::tuple::new_tuple(vec![
                types().range.clone(),
                args,
            ]))
        }),
    ];
    add_methods(&t.range, "range", range_methods);
    let shared: &[(&'static str, NativeFn)] = bytes_via_str!(
        "strip",
        "lstrip",
        "rstrip",
        "split",
        "rsplit",
        "replace",
        "partition",
        "rpartition",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "title",
        "capitalize",
        "swapcase",
        "isdigit",
        "isalpha",
        "isspace",
        "isupper",
        "islower",
        "isalnum",
        "splitlines",
        "expandtabs",
        "removeprefix",
        "removesuffix",
        "istitle"
    );
    add_methods(&t.bytes, "bytes", shared);
    add_methods(&t.bytearray, "bytearray", shared);
}
