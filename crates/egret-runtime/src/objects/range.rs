//! `range` and `slice` objects, and the index arithmetic shared by every
//! sequence (`slice.indices`, negative indices, clamping).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::int::{from_bigint, to_bigint};
use crate::vm::{PyResult, Vm};

pub struct RangeData {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}
impl Payload for RangeData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Range
    }
}

pub struct SliceData {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}
impl Payload for SliceData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Slice
    }
}

pub fn new_range(start: BigInt, stop: BigInt, step: BigInt) -> Value {
    Value::alloc(&types().range, RangeData { start, stop, step })
}

pub fn new_slice(start: Value, stop: Value, step: Value) -> Value {
    Value::alloc(&types().slice, SliceData { start, stop, step })
}

impl RangeData {
    /// `(start, step, len)` when the range and the position one step past
    /// its end are all within i64 (the common case), computed without
    /// big-integer arithmetic.
    pub fn small_parts(&self) -> Option<(i64, i64, u64)> {
        let (start, stop, step) = (
            self.start.to_i64()?,
            self.stop.to_i64()?,
            self.step.to_i64()?,
        );
        let (lo, hi, st) = (i128::from(start), i128::from(stop), i128::from(step));
        let len = if st > 0 {
            if lo >= hi { 0 } else { (hi - lo - 1) / st + 1 }
        } else if lo <= hi {
            0
        } else {
            (lo - hi - 1) / (-st) + 1
        };
        i64::try_from(lo + len * st).ok()?;
        Some((start, step, u64::try_from(len).ok()?))
    }

    pub fn len(&self) -> BigInt {
        if let Some((_, _, n)) = self.small_parts() {
            return BigInt::from(n);
        }
        let (lo, hi, step) = (&self.start, &self.stop, &self.step);
        if step.is_positive() {
            if lo >= hi {
                BigInt::zero()
            } else {
                (hi - lo - 1u8) / step + 1u8
            }
        } else if lo <= hi {
            BigInt::zero()
        } else {
            (lo - hi - 1u8) / (-step) + 1u8
        }
    }

    pub fn item(&self, i: &BigInt) -> BigInt {
        &self.start + i * &self.step
    }

    /// Whether integer `v` is in the range.
    pub fn contains_int(&self, v: &BigInt) -> bool {
        let in_bounds = if self.step.is_positive() {
            &self.start <= v && v < &self.stop
        } else {
            &self.stop < v && v <= &self.start
        };
        in_bounds && ((v - &self.start).mod_floor(&self.step.abs())).is_zero()
    }
}

pub fn range_len_big(v: &Value) -> BigInt {
    v.downcast::<RangeData>()
        .map(|r| r.len())
        .unwrap_or_default()
}

pub fn range_len(v: &Value) -> usize {
    range_len_big(v).to_usize().unwrap_or(usize::MAX)
}

pub fn range_tuple(v: &Value) -> Vec<Value> {
    let r = v.downcast::<RangeData>().expect("range");
    let n = r.len();
    if n.is_zero() {
        return vec![from_bigint(n), types().none.clone(), types().none.clone()];
    }
    if n.is_one() {
        return vec![
            from_bigint(n),
            from_bigint(r.start.clone()),
            types().none.clone(),
        ];
    }
    vec![
        from_bigint(n),
        from_bigint(r.start.clone()),
        from_bigint(r.step.clone()),
    ]
}

pub fn range_eq(a: &Value, b: &Value) -> bool {
    let (x, y) = (
        a.downcast::<RangeData>().expect("range"),
        b.downcast::<RangeData>().expect("range"),
    );
    let (lx, ly) = (x.len(), y.len());
    if lx != ly {
        return false;
    }
    if lx.is_zero() {
        return true;
    }
    if x.start != y.start {
        return false;
    }
    lx.is_one() || x.step == y.step
}

pub fn slice_tuple(v: &Value) -> Vec<Value> {
    let s = v.downcast::<SliceData>().expect("slice");
    vec![s.start.clone(), s.stop.clone(), s.step.clone()]
}

fn slice_arg(vm: &mut Vm, v: &Value) -> PyResult<Option<BigInt>> {
    if v.is(&types().none) {
        return Ok(None);
    }
    if let Some(b) = to_bigint(v) {
        return Ok(Some(b));
    }
    if let Some(m) = vm.user_method(v, "__index__") {
        // The result may be any int: slice indices clamp, they never overflow.
        let r = vm.call_special(&m, v, &[])?;
        return match r.kind() {
            Kind::Int | Kind::Bool => Ok(to_bigint(&r)),
            _ => Err(vm.type_error(format!(
                "__index__ returned non-int (type {})",
                r.type_data().name
            ))),
        };
    }
    Err(vm.type_error("slice indices must be integers or None or have an __index__ method"))
}

/// A slice bound as an i64, saturated (slice indices clamp to the
/// sequence, so beyond i64 only the sign matters); small ints without a
/// detour through BigInt.
#[inline]
fn slice_arg_i64(vm: &mut Vm, v: &Value) -> PyResult<Option<i64>> {
    if let Some(i) = v.as_small() {
        return Ok(Some(i));
    }
    Ok(slice_arg(vm, v)?.map(|b| {
        b.to_i64()
            .unwrap_or(if b.is_negative() { i64::MIN } else { i64::MAX })
    }))
}

/// `slice.indices(len)` for any length (huge ranges): (start, stop, step).
pub fn slice_indices_big(
    vm: &mut Vm,
    s: &Value,
    len: &BigInt,
) -> PyResult<(BigInt, BigInt, BigInt)> {
    let sd = s.downcast::<SliceData>().expect("slice");
    let step = match slice_arg(vm, &sd.step)? {
        None => BigInt::from(1),
        Some(b) if b.is_zero() => return Err(vm.value_error("slice step cannot be zero")),
        Some(b) => b,
    };
    let neg = step.is_negative();
    let (lo, hi) = if neg {
        (BigInt::from(-1), len - 1)
    } else {
        (BigInt::from(0), len.clone())
    };
    let clamp = |b: BigInt| -> BigInt {
        if b.is_negative() {
            let v = b + len;
            if v < lo { lo.clone() } else { v }
        } else if b > hi {
            hi.clone()
        } else {
            b
        }
    };
    let start = match slice_arg(vm, &sd.start)? {
        None => {
            if neg {
                hi.clone()
            } else {
                lo.clone()
            }
        }
        Some(b) => clamp(b),
    };
    let stop = match slice_arg(vm, &sd.stop)? {
        None => {
            if neg {
                lo.clone()
            } else {
                hi.clone()
            }
        }
        Some(b) => clamp(b),
    };
    Ok((start, stop, step))
}

/// `slice.indices(len)`: (start, stop, step) clamped to a sequence of `len`,
/// as CPython's `PySlice_Unpack` and `PySlice_AdjustIndices` do it. Bounds
/// beyond an i64 saturate and the step is kept in `-i64::MAX..=i64::MAX`, so
/// no arithmetic on the results can overflow: `start` and `stop` end up in
/// `-1..=len`.
pub fn slice_indices(vm: &mut Vm, s: &Value, len: usize) -> PyResult<(i64, i64, i64)> {
    slice_indices_live(vm, s, || len)
}

/// `slice_indices` for a sequence whose length may change while the
/// slice's `__index__` methods run: the length is read after them (as
/// CPython's PySlice_Unpack then PySlice_AdjustIndices).
pub fn slice_indices_live(
    vm: &mut Vm,
    s: &Value,
    len: impl FnOnce() -> usize,
) -> PyResult<(i64, i64, i64)> {
    let sd = s.downcast::<SliceData>().expect("slice");
    let step = match slice_arg_i64(vm, &sd.step)? {
        None => 1,
        Some(0) => return Err(vm.value_error("slice step cannot be zero")),
        // -i64::MIN would overflow; CPython clamps the same way.
        Some(b) => b.max(-i64::MAX),
    };
    let start_arg = slice_arg_i64(vm, &sd.start)?;
    let stop_arg = slice_arg_i64(vm, &sd.stop)?;
    let len = i64::try_from(len()).unwrap_or(i64::MAX);
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |v: i64| -> i64 {
        if v < 0 {
            // Both operands have opposite signs here: no overflow.
            (v + len).max(lo)
        } else {
            v.min(hi)
        }
    };
    let start = match start_arg {
        None => {
            if step < 0 {
                hi
            } else {
                lo
            }
        }
        Some(b) => adjust(b),
    };
    let stop = match stop_arg {
        None => {
            if step < 0 {
                lo
            } else {
                hi
            }
        }
        Some(b) => adjust(b),
    };
    Ok((start, stop, step))
}

/// How many items a slice adjusted by `slice_indices` selects
/// (CPython's slicelength).
pub fn slice_len(start: i64, stop: i64, step: i64) -> usize {
    let n = if step > 0 {
        if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if stop < start {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    n as usize
}

/// The indices a slice adjusted by `slice_indices` selects, in order. Every
/// index is computed from the start, never stepped past the last one, so a
/// huge step cannot overflow.
pub fn slice_positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    (0..slice_len(start, stop, step) as i64)
        .map(|k| (start + k * step) as usize)
        .collect()
}

/// Normalises an index into a sequence of `len`, or None when out of range.
pub fn norm_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j >= 0 && (j as usize) < len {
        Some(j as usize)
    } else {
        None
    }
}

pub fn one() -> BigInt {
    BigInt::one()
}
