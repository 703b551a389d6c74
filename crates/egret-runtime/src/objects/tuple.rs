//! `tuple`: an immutable sequence, and CPython's xxHash-based tuple hash.

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::vm::{PyResult, Vm};

pub struct TupleData {
    pub items: Box<[Value]>,
}

impl TupleData {
    pub fn new(items: Vec<Value>) -> Self {
        TupleData {
            items: items.into_boxed_slice(),
        }
    }
}

impl Payload for TupleData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Tuple
    }
}

pub fn new_tuple(items: Vec<Value>) -> Value {
    if items.is_empty() {
        return types().empty_tuple.clone();
    }
    Value::alloc(&types().tuple, TupleData::new(items))
}

/// CPython's tuple hash.
pub fn hash_tuple(vm: &mut Vm, items: &[Value]) -> PyResult<i64> {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc: u64 = P5;
    for it in items {
        let lane = vm.hash(it)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return Ok(1_546_275_796);
    }
    Ok(acc as i64)
}
