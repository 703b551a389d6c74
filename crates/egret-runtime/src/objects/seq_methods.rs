//! The methods of `list`, `tuple`, `bytes` and `bytearray`, and the stable
//! merge sort behind `list.sort` and `sorted` (it only uses `<`, like
//! CPython's, and reports errors from comparisons instead of panicking).

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::{ListData, new_list};
use crate::objects::str_methods::add_methods;
use crate::objects::tuple::TupleData;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

fn list<'a>(vm: &Vm, a: &'a [Value], name: &str) -> PyResult<&'a ListData> {
    a.first()
        .and_then(|v| v.downcast::<ListData>())
        .ok_or_else(|| vm.type_error(format!("descriptor '{name}' requires a 'list' object")))
}

/// Sorts `idx` (positions into `keys`) stably by `keys` with `<`: a merge
/// sort whose short runs are sorted by binary insertion and which leaves
/// two halves that are already in order unmerged, so that Python `__lt__`
/// runs about as often as under CPython's timsort on random and on
/// partly ordered input.
fn merge_sort(vm: &mut Vm, keys: &[Value], idx: &mut Vec<usize>) -> PyResult<()> {
    if idx.len() <= 1 {
        return Ok(());
    }
    if idx.len() <= 32 {
        return binary_insertion_sort(vm, keys, idx);
    }
    let mid = idx.len() / 2;
    let mut right = idx.split_off(mid);
    merge_sort(vm, keys, idx)?;
    merge_sort(vm, keys, &mut right)?;
    // Already in order: the right half's first is not below the left's last.
    if !vm.less_than(&keys[right[0]], &keys[idx[mid - 1]])? {
        idx.extend_from_slice(&right);
        return Ok(());
    }
    let left = std::mem::take(idx);
    let (mut i, mut j) = (0, 0);
    idx.reserve(left.len() + right.len());
    while i < left.len() && j < right.len() {
        if vm.less_than(&keys[right[j]], &keys[left[i]])? {
            idx.push(right[j]);
            j += 1;
        } else {
            idx.push(left[i]);
            i += 1;
        }
    }
    idx.extend_from_slice(&left[i..]);
    idx.extend_from_slice(&right[j..]);
    Ok(())
}

/// Sorts a short `idx` by inserting each element after the sorted ones
/// not greater than it (found by bisection: stable).
fn binary_insertion_sort(vm: &mut Vm, keys: &[Value], idx: &mut [usize]) -> PyResult<()> {
    for i in 1..idx.len() {
        let pivot = idx[i];
        let (mut lo, mut hi) = (0, i);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if vm.less_than(&keys[pivot], &keys[idx[mid]])? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        idx.copy_within(lo..i, lo + 1);
        idx[lo] = pivot;
    }
    Ok(())
}

/// `list.sort(*, key=None, reverse=False)`.
pub fn list_sort(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "sort", &a[1..], 0, 0)?;
    let l = list(vm, a, "sort")?;
    let key = kwarg(k, "key").filter(|v| !v.is(&types().none));
    let reverse = match kwarg(k, "reverse") {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    for (name, _) in k {
        let n = crate::interp::str_of(name);
        if n != "key" && n != "reverse" {
            return Err(vm.type_error(format!("'{n}' is an invalid keyword argument for sort()")));
        }
    }
    // Sort a copy; the list looks empty while sorting, as in CPython.
    let mut items = std::mem::take(&mut *l.items.borrow_mut());
    if reverse {
        items.reverse();
    }
    let keys: Vec<Value> = match &key {
        Some(f) => {
            let mut ks = Vec::with_capacity(items.len());
            for it in &items {
                match vm.call(f, std::slice::from_ref(it), &[]) {
                    Ok(v) => ks.push(v),
                    Err(e) => {
                        *l.items.borrow_mut() = items;
                        return Err(e);
                    }
                }
            }
            ks
        }
        None => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let r = merge_sort(vm, &keys, &mut idx);
    // Modified means the stand-in empty list was touched: an append followed by
    // a pop leaves it empty but with storage, which CPython also reports.
    let modified = {
        let now = l.items.borrow();
        !now.is_empty() || now.capacity() != 0
    };
    if r.is_ok() {
        let mut sorted: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
        if reverse {
            sorted.reverse();
        }
        *l.items.borrow_mut() = sorted;
    } else {
        if reverse {
            items.reverse();
        }
        *l.items.borrow_mut() = items;
    }
    r?;
    if modified {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(vm.none())
}

fn index_of(
    vm: &mut Vm,
    items: &[Value],
    x: &Value,
    start: usize,
    end: usize,
) -> PyResult<Option<usize>> {
    for (i, it) in items
        .iter()
        .enumerate()
        .take(end.min(items.len()))
        .skip(start)
    {
        if it.is(x) || vm.eq(it, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn bounds(vm: &mut Vm, a: &[Value], at: usize, len: usize) -> PyResult<(usize, usize)> {
    let norm = |i: i64| -> usize {
        let j = if i < 0 { (i + len as i64).max(0) } else { i };
        (j as usize).min(len)
    };
    let s = match a.get(at) {
        Some(v) => norm(vm.slice_index(v, false)?),
        None => 0,
    };
    let e = match a.get(at + 1) {
        Some(v) => norm(vm.slice_index(v, false)?),
        None => len,
    };
    Ok((s, e))
}

pub fn register() {
    let t = types();
    let list_methods: &[(&'static str, NativeFn)] = &[
        ("append", |vm, a, _| {
            check_args(vm, "append", &a[1..], 1, 1)?;
            list(vm, a, "append")?.items.borrow_mut().push(a[1].clone());
            Ok(vm.none())
        }),
        ("extend", |vm, a, _| {
            check_args(vm, "extend", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            list(vm, a, "extend")?.items.borrow_mut().extend(items);
            Ok(vm.none())
        }),
        ("insert", |vm, a, _| {
            check_args(vm, "insert", &a[1..], 2, 2)?;
            let i = vm.ssize_arg(&a[1])?;
            let l = list(vm, a, "insert")?;
            let mut items = l.items.borrow_mut();
            let n = items.len() as i64;
            let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
            items.insert(j as usize, a[2].clone());
            Ok(vm.none())
        }),
        ("pop", |vm, a, _| {
            check_args(vm, "pop", &a[1..], 0, 1)?;
            let i = match a.get(1) {
                Some(v) => vm.ssize_arg(v)?,
                None => -1,
            };
            let l = list(vm, a, "pop")?;
            let mut items = l.items.borrow_mut();
            if items.is_empty() {
                drop(items);
                return Err(vm.index_error("pop from empty list"));
            }
            match crate::objects::range::norm_index(i, items.len()) {
                Some(j) => Ok(items.remove(j)),
                None => {
                    drop(items);
                    Err(vm.index_error("pop index out of range"))
                }
            }
        }),
        ("remove", |vm, a, _| {
            check_args(vm, "remove", &a[1..], 1, 1)?;
            let items = list(vm, a, "remove")?.items.borrow().clone();
            match index_of(vm, &items, &a[1], 0, usize::MAX)? {
                Some(i) => {
                    let l = list(vm, a, "remove")?;
                    let old = l.items.borrow_mut().remove(i);
                    drop(old);
                    Ok(vm.none())
                }
                None => Err(vm.value_error("list.remove(x): x not in list")),
            }
        }),
        ("index", |vm, a, _| {
            check_args(vm, "index", &a[1..], 1, 3)?;
            let items = list(vm, a, "index")?.items.borrow().clone();
            let (s, e) = bounds(vm, a, 2, items.len())?;
            match index_of(vm, &items, &a[1], s, e)? {
                Some(i) => Ok(from_i64(i as i64)),
                None => {
                    let r = vm.repr_string(&a[1])?;
                    Err(vm.value_error(format!("{r} is not in list")))
                }
            }
        }),
        ("count", |vm, a, _| {
            check_args(vm, "count", &a[1..], 1, 1)?;
            let items = list(vm, a, "count")?.items.borrow().clone();
            let mut n = 0;
            for it in &items {
                if it.is(&a[1]) || vm.eq(it, &a[1])? {
                    n += 1;
                }
            }
            Ok(from_i64(n))
        }),
        ("reverse", |vm, a, _| {
            list(vm, a, "reverse")?.items.borrow_mut().reverse();
            Ok(vm.none())
        }),
        ("clear", |vm, a, _| {
            let old = std::mem::take(&mut *list(vm, a, "clear")?.items.borrow_mut());
            drop(old);
            Ok(vm.none())
        }),
        ("copy", |vm, a, _| {
            Ok(new_list(list(vm, a, "copy")?.items.borrow().clone()))
        }),
        ("sort", list_sort),
        ("__len__", |vm, a, _| {
            Ok(from_i64(list(vm, a, "__len__")?.items.borrow().len() as i64))
        }),
        ("__getitem__", |vm, a, _| {
            check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            vm.getitem(&a[0], &a[1])
        }),
        ("__contains__", |vm, a, _| {
            check_args(vm, "__contains__", &a[1..], 1, 1)?;
            let r = vm.contains(&a[0], &a[1])?;
            Ok(vm.bool_value(r))
        }),
    ];
    add_methods(&t.list, "list", list_methods);
    let tuple_methods: &[(&'static str, NativeFn)] = &[
        ("index", |vm, a, _| {
            check_args(vm, "index", &a[1..], 1, 3)?;
            let items = a[0]
                .downcast::<TupleData>()
                .map(|t| t.items.to_vec())
                .unwrap_or_default();
            let (s, e) = bounds(vm, a, 2, items.len())?;
            match index_of(vm, &items, &a[1], s, e)? {
                Some(i) => Ok(from_i64(i as i64)),
                None => Err(vm.value_error("tuple.index(x): x not in tuple")),
            }
        }),
        ("count", |vm, a, _| {
            check_args(vm, "count", &a[1..], 1, 1)?;
            let items = a[0]
                .downcast::<TupleData>()
                .map(|t| t.items.to_vec())
                .unwrap_or_default();
            let mut n = 0;
            for it in &items {
                if it.is(&a[1]) || vm.eq(it, &a[1])? {
                    n += 1;
                }
            }
            Ok(from_i64(n))
        }),
    ];
    add_methods(&t.tuple, "tuple", tuple_methods);
    let bytes_methods: &[(&'static str, NativeFn)] = &[
        ("decode", |vm, a, k| {
            let b = a[0]
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            let enc = a.get(1).cloned().or_else(|| kwarg(k, "encoding"));
            let errors = a.get(2).cloned().or_else(|| kwarg(k, "errors"));
            crate::objects::str_methods::decode_bytes(vm, &b, enc.as_ref(), errors.as_ref())
        }),
        ("hex", |vm, a, k| {
            check_args(vm, "hex", &a[1..], 0, 2)?;
            let b = a[0]
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            let sep = a
                .get(1)
                .cloned()
                .or_else(|| crate::protocols::args::kwarg(k, "sep"));
            let per = match a
                .get(2)
                .cloned()
                .or_else(|| crate::protocols::args::kwarg(k, "bytes_per_sep"))
            {
                Some(v) => vm.index_value(&v)?,
                None => 1,
            };
            Ok(crate::objects::str::new_string(hex_with_sep(
                vm,
                &b,
                sep.as_ref(),
                per,
            )?))
        }),
        ("join", |vm, a, _| {
            check_args(vm, "join", &a[1..], 1, 1)?;
            let sep = a[0]
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            let items = vm.iterate(&a[1])?;
            let mut out = Vec::new();
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(&sep);
                }
                // Any failure to get the buffer is reported as below.
                let data = crate::objects::buffer::bytes_like_opt(vm, it).unwrap_or(None);
                match data {
                    Some(b) => out.extend_from_slice(&b),
                    None => {
                        return Err(vm.type_error(format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            it.type_data().name
                        )));
                    }
                }
            }
            Ok(if a[0].kind() == Kind::ByteArray {
                crate::objects::bytes::new_bytearray(out)
            } else {
                crate::objects::bytes::new_bytes(out)
            })
        }),
        ("upper", |vm, a, _| {
            no_arguments(vm, a, "upper")?;
            let b = a[0]
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().to_ascii_uppercase())
                .unwrap_or_default();
            Ok(same_kind(&a[0], b))
        }),
        ("lower", |vm, a, _| {
            no_arguments(vm, a, "lower")?;
            let b = a[0]
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().to_ascii_lowercase())
                .unwrap_or_default();
            Ok(same_kind(&a[0], b))
        }),
        ("isascii", |vm, a, _| {
            no_arguments(vm, a, "isascii")?;
            let ok = a[0]
                .downcast::<BytesData>()
                .is_some_and(|b| b.data.borrow().is_ascii());
            Ok(vm.bool_value(ok))
        }),
    ];
    add_methods(&t.bytes, "bytes", bytes_methods);
    add_methods(&t.bytearray, "bytearray", bytes_methods);
    let bytearray_methods: &[(&'static str, NativeFn)] = &[
        ("append", |vm, a, _| {
            check_args(vm, "append", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?;
            if !(0..=255).contains(&n) {
                return Err(vm.value_error("byte must be in range(0, 256)"));
            }
            crate::objects::buffer::check_resizable(vm, &a[0])?;
            if let Some(b) = a[0].downcast::<BytesData>() {
                b.data.borrow_mut().push(n as u8);
            }
            Ok(vm.none())
        }),
        ("extend", |vm, a, _| {
            check_args(vm, "extend", &a[1..], 1, 1)?;
            let data = match crate::objects::buffer::bytes_like_opt(vm, &a[1]) {
                Err(_) => {
                    return Err(vm.type_error(format!(
                        "can't set bytearray slice from {}",
                        a[1].type_data().name
                    )));
                }
                Ok(d) => d,
            };
            let bytes = match data {
                Some(b) => b,
                None => {
                    if a[1].kind() == Kind::Str {
                        return Err(vm.type_error("expected iterable of integers; got: 'str'"));
                    }
                    let items = vm.iterate(&a[1])?;
                    let mut bytes = Vec::with_capacity(items.len());
                    for it in items {
                        let n = vm.index_value(&it)?;
                        if !(0..=255).contains(&n) {
                            return Err(vm.value_error("byte must be in range(0, 256)"));
                        }
                        bytes.push(n as u8);
                    }
                    bytes
                }
            };
            crate::objects::buffer::check_resizable(vm, &a[0])?;
            if let Some(b) = a[0].downcast::<BytesData>() {
                b.data.borrow_mut().extend(bytes);
            }
            Ok(vm.none())
        }),
        ("copy", |vm, a, _| {
            check_args(vm, "copy", &a[1..], 0, 0)?;
            let d = bytearray_self(vm, a)?.data.borrow().clone();
            Ok(crate::objects::bytes::new_bytearray(d))
        }),
        ("clear", |vm, a, _| {
            check_args(vm, "clear", &a[1..], 0, 0)?;
            let b = bytearray_self(vm, a)?;
            crate::objects::buffer::check_resizable(vm, &a[0])?;
            b.data.borrow_mut().clear();
            Ok(vm.none())
        }),
        ("pop", |vm, a, _| {
            check_args(vm, "pop", &a[1..], 0, 1)?;
            let b = bytearray_self(vm, a)?;
            // The index is converted first, as CPython's argument clinic does.
            let i = match a.get(1) {
                Some(i) => vm.ssize_arg(i)?,
                None => -1,
            };
            let len = b.data.borrow().len() as i64;
            if len == 0 {
                return Err(vm.index_error("pop from empty bytearray"));
            }
            let j = if i < 0 { i + len } else { i };
            if !(0..len).contains(&j) {
                return Err(vm.index_error("pop index out of range"));
            }
            crate::objects::buffer::check_resizable(vm, &a[0])?;
            let v = b.data.borrow_mut().remove(j as usize);
            Ok(crate::objects::int::from_i64(i64::from(v)))
        }),
        ("insert", |vm, a, _| {
            check_args(vm, "insert", &a[1..], 2, 2)?;
            let b = bytearray_self(vm, a)?;
            let len = b.data.borrow().len() as i64;
            let i = vm.ssize_arg(&a[1])?;
            let n = vm.index_value(&a[2])?;
            if !(0..=255).contains(&n) {
                return Err(vm.value_error("byte must be in range(0, 256)"));
            }
            let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
            crate::objects::buffer::check_resizable(vm, &a[0])?;
            b.data.borrow_mut().insert(j as usize, n as u8);
            Ok(vm.none())
        }),
        ("reverse", |vm, a, _| {
            check_args(vm, "reverse", &a[1..], 0, 0)?;
            bytearray_self(vm, a)?.data.borrow_mut().reverse();
            Ok(vm.none())
        }),
        ("remove", |vm, a, _| {
            check_args(vm, "remove", &a[1..], 1, 1)?;
            let n = vm.index_value(&a[1])?;
            let b = bytearray_self(vm, a)?;
            let pos = b.data.borrow().iter().position(|&x| i64::from(x) == n);
            match pos {
                Some(p) => {
                    crate::objects::buffer::check_resizable(vm, &a[0])?;
                    b.data.borrow_mut().remove(p);
                    Ok(vm.none())
                }
                None => Err(vm.value_error("value not found in bytearray")),
            }
        }),
    ];
    add_methods(&t.bytearray, "bytearray", bytearray_methods);
    let translate: &[(&'static str, NativeFn)] = &[("translate", bytes_translate)];
    add_methods(&t.bytes, "bytes", translate);
    add_methods(&t.bytearray, "bytearray", translate);
    crate::objects::bytes_search::register();
    let maketrans = crate::objects::function::new_builtin("maketrans", |vm, a, _| {
        check_args(vm, "maketrans", a, 2, 2)?;
        let (x, y) = (bytes_arg(vm, &a[0])?, bytes_arg(vm, &a[1])?);
        if x.len() != y.len() {
            return Err(vm.value_error("maketrans arguments must have same length"));
        }
        let mut table: Vec<u8> = (0..=255).collect();
        for (f, t) in x.iter().zip(y.iter()) {
            table[*f as usize] = *t;
        }
        Ok(crate::objects::bytes::new_bytes(table))
    });
    for ty in [&t.bytes, &t.bytearray] {
        ty.type_data_of_type().dict_mut().set_str(
            "maketrans",
            Value::alloc(
                &t.staticmethod,
                crate::objects::descr::WrapperData {
                    func: maketrans.clone(),
                },
            ),
        );
    }
    let fromhex = crate::objects::function::new_builtin("fromhex", |vm, a, _| {
        check_args(vm, "fromhex", &a[1..], 1, 1)?;
        let Some(s) = crate::objects::str::as_str(&a[1]).map(str::to_string) else {
            let name = vm.type_name(&a[1]);
            return Err(vm.type_error(format!("fromhex() argument must be str, not {name}")));
        };
        // Pairs of hex digits, with whitespace allowed between pairs only.
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        let bad = |vm: &Vm, i: usize| {
            vm.value_error(format!(
                "non-hexadecimal number found in fromhex() arg at position {i}"
            ))
        };
        while i < chars.len() {
            if chars[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let hi = chars[i]
                .to_digit(16)
                .filter(|_| chars[i].is_ascii())
                .ok_or_else(|| bad(vm, i))?;
            let lo = chars
                .get(i + 1)
                .and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()))
                .ok_or_else(|| bad(vm, i + 1))?;
            out.push((hi * 16 + lo) as u8);
            i += 2;
        }
        let cls = &a[0];
        if cls
            .downcast::<crate::object::types::TypeData>()
            .is_some_and(|t| t.is_subtype(&types().bytearray))
        {
            return Ok(crate::objects::bytes::new_bytearray(out));
        }
        Ok(crate::objects::bytes::new_bytes(out))
    });
    for ty in [&t.bytes, &t.bytearray] {
        ty.type_data_of_type().dict_mut().set_str(
            "fromhex",
            Value::alloc(
                &t.classmethod,
                crate::objects::descr::WrapperData {
                    func: fromhex.clone(),
                },
            ),
        );
    }
}

/// CPython's error for an argument given to a bytes method taking none.
fn no_arguments(vm: &Vm, a: &[Value], name: &str) -> PyResult<()> {
    if a.len() > 1 {
        let owner = if a[0].kind() == Kind::ByteArray {
            "bytearray"
        } else {
            "bytes"
        };
        return Err(vm.type_error(format!(
            "{owner}.{name}() takes no arguments ({} given)",
            a.len() - 1
        )));
    }
    Ok(())
}

fn bytes_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

/// `bytes.translate(table, /, delete=b'')`.
fn bytes_translate(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    check_args(vm, "translate", &a[1..], 1, 2)?;
    let data = bytes_arg(vm, &a[0])?;
    let table = if a[1].is(&types().none) {
        None
    } else {
        let t = bytes_arg(vm, &a[1])?;
        if t.len() != 256 {
            return Err(vm.value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let delete = match a
        .get(2)
        .cloned()
        .or_else(|| crate::protocols::args::kwarg(k, "delete"))
    {
        Some(d) => bytes_arg(vm, &d)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = data
        .into_iter()
        .filter(|b| !delete.contains(b))
        .map(|b| table.as_ref().map_or(b, |t| t[b as usize]))
        .collect();
    Ok(if a[0].kind() == Kind::ByteArray {
        crate::objects::bytes::new_bytearray(out)
    } else {
        crate::objects::bytes::new_bytes(out)
    })
}

/// The receiver of a bytearray method (`bytearray.pop(5)` is a TypeError).
fn bytearray_self<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a BytesData> {
    a.first()
        .filter(|v| v.kind() == Kind::ByteArray)
        .and_then(|v| v.downcast::<BytesData>())
        .ok_or_else(|| vm.type_error("descriptor requires a 'bytearray' object"))
}

/// `bytes.hex(sep, bytes_per_sep)`: groups of `|bytes_per_sep|` bytes,
/// counted from the right (positive) or the left (negative).
pub fn hex_with_sep(vm: &mut Vm, data: &[u8], sep: Option<&Value>, per: i64) -> PyResult<String> {
    let pairs: Vec<String> = data.iter().map(|x| format!("{x:02x}")).collect();
    let sep = match sep {
        None => return Ok(pairs.concat()),
        Some(s) if s.is(&crate::object::types::types().none) => return Ok(pairs.concat()),
        Some(s) => {
            let text = if let Some(t) = crate::objects::str::as_str(s) {
                t.to_string()
            } else if let Some(b) = s.downcast::<BytesData>() {
                b.data.borrow().iter().map(|&c| c as char).collect()
            } else {
                // CPython asks for the separator's length first.
                let name = vm.type_name(s);
                return Err(vm.type_error(format!("object of type '{name}' has no len()")));
            };
            if text.chars().count() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if !text.is_ascii() {
                return Err(vm.value_error("sep must be ASCII."));
            }
            text
        }
    };
    let n = per.unsigned_abs() as usize;
    if n == 0 || pairs.is_empty() {
        return Ok(pairs.concat());
    }
    let mut out = String::new();
    let len = pairs.len();
    for (i, p) in pairs.iter().enumerate() {
        if i > 0 {
            let boundary = if per > 0 {
                (len - i).is_multiple_of(n)
            } else {
                i.is_multiple_of(n)
            };
            if boundary {
                out.push_str(&sep);
            }
        }
        out.push_str(p);
    }
    Ok(out)
}

/// A new bytes object, or a bytearray when `like` is one.
fn same_kind(like: &Value, data: Vec<u8>) -> Value {
    if like.kind() == Kind::ByteArray {
        crate::objects::bytes::new_bytearray(data)
    } else {
        crate::objects::bytes::new_bytes(data)
    }
}
