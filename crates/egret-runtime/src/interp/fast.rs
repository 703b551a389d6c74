//! The interpreter's fast paths: operations on small ints and floats that
//! cannot fail, tried before the generic protocols.

use egret_bytecode::CmpOp;

use crate::object::Value;
use crate::object::types::types;

/// `x op y` for two small ints when the operation cannot fail and the
/// result is a small int: None otherwise.
#[inline]
pub fn small_int_fast(x: i64, y: i64, op: egret_bytecode::BinOp) -> Option<Value> {
    use egret_bytecode::BinOp as B;
    match op {
        B::Add => Value::small(x + y),
        B::Sub => Value::small(x - y),
        B::Mul => x.checked_mul(y).and_then(Value::small),
        B::Mod if y > 0 => Value::small(x.rem_euclid(y)),
        B::FloorDiv if y > 0 => Value::small(x.div_euclid(y)),
        B::And => Value::small(x & y),
        B::Or => Value::small(x | y),
        B::Xor => Value::small(x ^ y),
        _ => None,
    }
}

/// `a op b` for two small ints or two exact floats (a subclass may
/// override the comparison): None for anything else.
#[inline]
pub fn compare_fast(a: &Value, b: &Value, op: CmpOp) -> Option<bool> {
    fn ordered<T: PartialOrd>(x: T, y: T, op: CmpOp) -> bool {
        match op {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
        }
    }
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return Some(ordered(x, y, op));
    }
    let float = &types().float;
    if a.is_exact(float) && b.is_exact(float) {
        let (x, y) = (
            a.downcast::<crate::objects::float::FloatData>()?.0,
            b.downcast::<crate::objects::float::FloatData>()?.0,
        );
        return Some(ordered(x, y, op));
    }
    None
}

/// `a op b` for two floats, or a float and a small int, when the result is
/// a plain IEEE operation (no error case): None otherwise.
#[inline]
pub fn float_fast(a: &Value, b: &Value, op: egret_bytecode::BinOp) -> Option<f64> {
    use crate::objects::float::FloatData;
    use egret_bytecode::BinOp as B;
    // Exact floats only: a subclass may override the operator.
    let float = &types().float;
    fn exact<'a>(v: &'a Value, float: &Value) -> Option<&'a FloatData> {
        if v.is_exact(float) {
            v.downcast::<FloatData>()
        } else {
            None
        }
    }
    let x = match exact(a, float) {
        Some(f) => f.0,
        None => a.as_small().filter(|i| i.unsigned_abs() < (1 << 53))? as f64,
    };
    let y = match exact(b, float) {
        Some(f) => f.0,
        None => {
            // At least one side must be a float.
            exact(a, float)?;
            b.as_small().filter(|i| i.unsigned_abs() < (1 << 53))? as f64
        }
    };
    match op {
        B::Add => Some(x + y),
        B::Sub => Some(x - y),
        B::Mul => Some(x * y),
        B::TrueDiv if y != 0.0 => Some(x / y),
        _ => None,
    }
}
