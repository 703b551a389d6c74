//! Binary operators on builtin non-numeric types: concatenation and
//! repetition of sequences, set algebra, dict union, and `%` formatting.

use egret_bytecode::BinOp;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::dict::{DictData, new_dict};
use crate::objects::list::ListData;
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm};

fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<i64>> {
    match n.kind() {
        Kind::Int | Kind::Bool => {
            Ok(Some(crate::objects::int::to_i64(n).ok_or_else(|| {
                vm.overflow_error("cannot fit 'int' into an index-sized integer")
            })?))
        }
        _ => Ok(None),
    }
}

/// The repetition count `n` (negative counts as 0) for a sequence of `len`
/// items; `Err` when the result could not be indexed (CPython then raises
/// `MemoryError`, or `OverflowError(too_long)` for str and bytes).
fn repeat_total(vm: &Vm, len: usize, n: i64, too_long: Option<&str>) -> PyResult<usize> {
    let n = n.max(0) as usize;
    match len.checked_mul(n) {
        Some(total) if total <= isize::MAX as usize => Ok(n),
        _ => Err(match too_long {
            Some(msg) => vm.overflow_error(msg),
            None => vm.memory_error(),
        }),
    }
}

/// Returns None when the operation does not apply to these types.
pub fn builtin_binop(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    op: BinOp,
    inplace: bool,
) -> PyResult<Option<Value>> {
    let (ka, kb) = (a.kind(), b.kind());
    let t = types();
    if op == BinOp::Or
        && (ka == Kind::Type || kb == Kind::Type)
        && let Some(u) = crate::objects::alias::make_union(vm, a, b)?
    {
        return Ok(Some(u));
    }
    Ok(Some(match (op, ka, kb) {
        (BinOp::Add, Kind::Str, Kind::Str) => {
            let (x, y) = (
                a.downcast::<StrData>().expect("str"),
                b.downcast::<StrData>().expect("str"),
            );
            let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
            s.push_str(x.as_str());
            s.push_str(y.as_str());
            new_str(&s)
        }
        (BinOp::Add, Kind::List, Kind::List) => {
            let other = b
                .downcast::<ListData>()
                .expect("list")
                .items
                .borrow()
                .clone();
            let items = &a.downcast::<ListData>().expect("list").items;
            if inplace {
                // In place: proportional to what is added, not to the list.
                items.borrow_mut().extend(other);
                return Ok(Some(a.clone()));
            }
            let mut all = Vec::with_capacity(items.borrow().len() + other.len());
            all.extend(items.borrow().iter().cloned());
            all.extend(other);
            crate::objects::list::new_list(all)
        }
        (BinOp::Add, Kind::List, _) if inplace => {
            let other = vm.iterate(b)?;
            a.downcast::<ListData>()
                .expect("list")
                .items
                .borrow_mut()
                .extend(other);
            a.clone()
        }
        (BinOp::Add, Kind::Tuple, Kind::Tuple) => {
            let mut items = a.downcast::<TupleData>().expect("tuple").items.to_vec();
            items.extend(
                b.downcast::<TupleData>()
                    .expect("tuple")
                    .items
                    .iter()
                    .cloned(),
            );
            crate::objects::tuple::new_tuple(items)
        }
        (BinOp::Add, Kind::Bytes | Kind::ByteArray, _)
            if crate::objects::buffer::is_exporter(b) =>
        {
            let y = match crate::objects::buffer::bytes_like(vm, b) {
                Ok(y) => y,
                // CPython reports any failure to get the buffer so.
                Err(_) => {
                    return Err(vm.type_error(format!(
                        "can't concat {} to {}",
                        b.type_data().name,
                        a.type_data().name
                    )));
                }
            };
            let data = &a.downcast::<BytesData>().expect("bytes").data;
            if ka == Kind::ByteArray && inplace {
                // In place: proportional to what is added.
                if !y.is_empty() {
                    crate::objects::buffer::check_resizable(vm, a)?;
                    if b.is(a) {
                        // As CPython: the buffer of the right operand is
                        // an export of the bytearray being resized.
                        return Err(vm.err(
                            &crate::object::types::types().exc.buffer_error,
                            "Existing exports of data: object cannot be re-sized",
                        ));
                    }
                }
                data.borrow_mut().extend_from_slice(&y);
                return Ok(Some(a.clone()));
            }
            let mut x = Vec::with_capacity(data.borrow().len() + y.len());
            x.extend_from_slice(&data.borrow());
            x.extend_from_slice(&y);
            if ka == Kind::ByteArray {
                crate::objects::bytes::new_bytearray(x)
            } else {
                crate::objects::bytes::new_bytes(x)
            }
        }
        (
            BinOp::Mul,
            Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes | Kind::ByteArray,
            Kind::Int | Kind::Bool,
        )
        | (
            BinOp::Mul,
            Kind::Int | Kind::Bool,
            Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes | Kind::ByteArray,
        ) => {
            let (seq, n) = if matches!(ka, Kind::Int | Kind::Bool) {
                (b, a)
            } else {
                (a, b)
            };
            let Some(n) = repeat_count(vm, n)? else {
                return Ok(None);
            };
            match seq.kind() {
                Kind::Str => {
                    let s = seq.downcast::<StrData>().expect("str").as_str();
                    let n = repeat_total(vm, s.len(), n, Some("repeated string is too long"))?;
                    new_str(&vm.try_repeat_str(s, n)?)
                }
                Kind::List => {
                    let items = seq
                        .downcast::<ListData>()
                        .expect("list")
                        .items
                        .borrow()
                        .clone();
                    let n = repeat_total(vm, items.len(), n, None)?;
                    let out = vm.try_repeat(&items, n)?;
                    if inplace && ka == Kind::List {
                        *a.downcast::<ListData>().expect("list").items.borrow_mut() = out;
                        return Ok(Some(a.clone()));
                    }
                    crate::objects::list::new_list(out)
                }
                Kind::Tuple => {
                    let items = seq.downcast::<TupleData>().expect("tuple").items.to_vec();
                    let n = repeat_total(vm, items.len(), n, None)?;
                    crate::objects::tuple::new_tuple(vm.try_repeat(&items, n)?)
                }
                _ => {
                    let bytes = seq
                        .downcast::<BytesData>()
                        .expect("bytes")
                        .data
                        .borrow()
                        .clone();
                    let too_long =
                        (seq.kind() == Kind::Bytes).then_some("repeated bytes are too long");
                    let n = repeat_total(vm, bytes.len(), n, too_long)?;
                    let out = vm.try_repeat(&bytes, n)?;
                    if inplace && ka == Kind::ByteArray {
                        if out.len() != bytes.len() {
                            crate::objects::buffer::check_resizable(vm, a)?;
                        }
                        *a.downcast::<BytesData>().expect("bytes").data.borrow_mut() = out;
                        return Ok(Some(a.clone()));
                    }
                    if seq.kind() == Kind::ByteArray {
                        crate::objects::bytes::new_bytearray(out)
                    } else {
                        crate::objects::bytes::new_bytes(out)
                    }
                }
            }
        }
        (BinOp::Mod, Kind::Str, _) => {
            let fmt = a.downcast::<StrData>().expect("str").as_str().to_string();
            new_str(&crate::protocols::format::percent_format(vm, &fmt, b)?)
        }
        (BinOp::Mod, Kind::Bytes, _) => {
            let fmt = a
                .downcast::<BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .clone();
            crate::objects::bytes::new_bytes(crate::protocols::format::percent_format_bytes(
                vm, &fmt, b,
            )?)
        }
        (
            BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor,
            Kind::Set | Kind::FrozenSet,
            Kind::Set | Kind::FrozenSet,
        ) => {
            let r = crate::objects::set_methods::set_op(vm, a, b, op)?;
            if inplace && ka == Kind::Set {
                let items = crate::objects::set::copy_as(&r, &t.set);
                let tb = items
                    .downcast::<crate::objects::set::SetData>()
                    .expect("set")
                    .table
                    .borrow()
                    .clone();
                *a.downcast::<crate::objects::set::SetData>()
                    .expect("set")
                    .table
                    .borrow_mut() = tb;
                return Ok(Some(a.clone()));
            }
            r
        }
        (BinOp::Or, Kind::Dict, Kind::Dict) => {
            if inplace {
                vm.dict_update_from(a, b, false)?;
                return Ok(Some(a.clone()));
            }
            let table = a
                .downcast::<DictData>()
                .expect("dict")
                .table
                .borrow()
                .clone();
            let d = new_dict(table);
            vm.dict_update_from(&d, b, false)?;
            d
        }
        (BinOp::Sub | BinOp::And | BinOp::Or | BinOp::Xor, Kind::DictView, _) => {
            return crate::objects::dict_methods::view_binop(vm, a, b, op);
        }
        _ => return Ok(None),
    }))
}
