//! Deoptimization data: what an exit of compiled code writes back.
//!
//! Compiled code returns a status: 0 when the function returned (its raw
//! result in `out[0]`), `RESTART` when it must be re-run from the start in the
//! interpreter (allowed because the code compiled so far has no side effects:
//! it only computes on its own locals), or the number of an exit. An exit's
//! [`ExitMap`] says at which bytecode offset the interpreter resumes and how
//! to box the raw words the exit stored: first the bound locals, then the
//! operand stack.

use egret_runtime::object::Value;

use crate::specialize::{Elem, Ty};

/// Status: the function returned normally.
pub const RETURNED: i64 = 0;
/// Status: re-run the call in the interpreter from the beginning.
pub const RESTART: i64 = -1;

/// One deoptimization exit.
#[derive(Clone, Debug, PartialEq)]
pub struct ExitMap {
    /// Bytecode offset the interpreter resumes at (the instruction whose
    /// guard failed, re-executed generically).
    pub pc: usize,
    /// Type of each local bound at the exit (None: not stored here).
    pub locals: Vec<Option<Ty>>,
    /// Unboxed locals that may or may not be bound at the exit (the
    /// analysis keeps a local bound on one path only as unbound): stored
    /// after the operand stack, see [`maybe_words`].
    pub maybe: Vec<(usize, Ty)>,
    /// Types of the operand stack, bottom first.
    pub stack: Vec<Ty>,
    /// Step of each range loop (a range iterator is stored as current and stop).
    pub range_steps: Vec<(u32, i64)>,
    /// The instruction before `pc` raised: the interpreter resumes with
    /// the exception (`helpers::take_error`) pending.
    pub raised: bool,
    /// Left on purpose, not because a guard failed: the end of a loop
    /// compiled alone, or an instruction the plan does not compile.
    pub planned: bool,
}

impl ExitMap {
    /// Number of words the exit writes.
    pub fn words(&self) -> usize {
        self.locals.iter().filter(|l| l.is_some()).count()
            + self.stack.iter().map(|t| ty_words(*t)).sum::<usize>()
            + self
                .maybe
                .iter()
                .map(|(_, t)| maybe_words(*t))
                .sum::<usize>()
    }

    /// Boxes the raw words an exit stored: (fast locals, operand stack).
    pub fn rebuild(&self, raw: &[i64]) -> (Vec<Option<Value>>, Vec<Value>) {
        let mut it = raw.iter();
        let locals = self
            .locals
            .iter()
            .map(|t| match t {
                // A boxed local is 0 when unbound.
                Some(Ty::Obj) => it.next().filter(|w| **w != 0).map(|w| box_raw(Ty::Obj, *w)),
                Some(t) => it.next().map(|w| box_raw(*t, *w)),
                None => None,
            })
            .collect();
        let mut locals: Vec<Option<Value>> = locals;
        let mut stack = Vec::with_capacity(self.stack.len());
        for t in &self.stack {
            match t {
                Ty::RangeIter(site) => {
                    let cur = it.next().copied().unwrap_or(0);
                    let stop = it.next().copied().unwrap_or(0);
                    let step = self
                        .range_steps
                        .iter()
                        .find(|(s, _)| s == site)
                        .map_or(1, |(_, st)| *st);
                    stack.push(range_iterator(cur, stop, step));
                }
                t => {
                    if let Some(w) = it.next() {
                        stack.push(box_raw(*t, *w));
                    }
                }
            }
        }
        for (i, t) in &self.maybe {
            let flag = if flagged(*t) {
                it.next().copied()
            } else {
                None
            };
            let w = it.next().copied().unwrap_or(UNBOUND);
            if let Some(slot) = locals.get_mut(*i) {
                *slot = maybe_value(*t, flag, w);
            }
        }
        (locals, stack)
    }
}

/// The word an unbound unboxed int, list or tuple local holds (outside the
/// inline int range, and no object's address).
pub const UNBOUND: i64 = i64::MIN;

/// Whether a may-be-bound local of type `t` keeps whether it is bound in a
/// flag of its own (every word is a valid float or bool), rather than in
/// the word [`UNBOUND`].
pub fn flagged(t: Ty) -> bool {
    matches!(t, Ty::Float | Ty::Bool)
}

/// Words a may-be-bound local of type `t` takes: its flag, if it has one,
/// then its value.
pub fn maybe_words(t: Ty) -> usize {
    if flagged(t) { 2 } else { 1 }
}

/// The value of a may-be-bound local from its flag (if it has one) and word.
fn maybe_value(t: Ty, flag: Option<i64>, w: i64) -> Option<Value> {
    let bound = match flag {
        Some(f) => f != 0,
        None => w != UNBOUND,
    };
    bound.then(|| box_raw(t, w))
}

/// A place where compiled code running a generic plan, about to call
/// something that can run Python code, wrote its locals (to the spill area
/// of `helpers::Ctx`), so that a frame object can read them
/// (`helpers::LiveView`).
#[derive(Clone, Debug, PartialEq)]
pub struct SpillPoint {
    /// The instruction being executed.
    pub pc: usize,
    /// The type of each local written (None: unbound, or not kept by the
    /// compiled code).
    pub locals: Vec<Option<Ty>>,
    /// Unboxed locals that may be bound, as in [`ExitMap::maybe`]: the
    /// value is written in the local's word, the flag (if any) in the
    /// word `nlocals` further on.
    pub maybe: Vec<(usize, Ty)>,
}

impl SpillPoint {
    /// The fast locals a spill area written at this point holds; those the
    /// point does not keep come from `frame_fast`.
    ///
    /// # Safety
    /// `spill` holds the words the compiled code wrote at this point, and
    /// the compiled code still owns the references they stand for.
    pub unsafe fn read(
        &self,
        spill: *const i64,
        frame_fast: &[Option<Value>],
    ) -> Vec<Option<Value>> {
        let n = self.locals.len();
        // SAFETY: see the function's contract (the area has 2 * n words).
        let word = |i: usize| unsafe { *spill.add(i) };
        let mut fast: Vec<Option<Value>> = self
            .locals
            .iter()
            .enumerate()
            .map(|(i, t)| match t {
                Some(t) => box_borrowed(*t, word(i)),
                None => frame_fast.get(i).cloned().flatten(),
            })
            .collect();
        for (i, t) in &self.maybe {
            let flag = flagged(*t).then(|| word(n + i));
            fast[*i] = maybe_value(*t, flag, word(*i));
        }
        fast
    }
}

/// A value for a raw word of type `t` that compiled code keeps (a boxed
/// word's reference stays the compiled code's): None for an unbound local.
fn box_borrowed(t: Ty, w: i64) -> Option<Value> {
    match t {
        Ty::Obj if w == 0 => None,
        Ty::Obj => {
            // SAFETY: the word is a reference compiled code owns; the clone
            // takes one of its own.
            let borrowed = unsafe { Value::borrow_bits(w as u64) };
            Some((*borrowed).clone())
        }
        t => Some(box_raw(t, w)),
    }
}

/// Words a value of type `t` occupies in an exit or entry buffer.
pub fn ty_words(t: Ty) -> usize {
    match t {
        Ty::RangeIter(_) => 2,
        _ => 1,
    }
}

/// A `range_iterator` positioned at `cur`, ending before `stop`.
pub fn range_iterator(cur: i64, stop: i64, step: i64) -> Value {
    let left = if step > 0 {
        if stop > cur {
            (stop - cur + step - 1) / step
        } else {
            0
        }
    } else if cur > stop {
        (cur - stop + (-step) - 1) / (-step)
    } else {
        0
    };
    egret_runtime::objects::iter::new_iter(
        &egret_runtime::object::types::types().range_iterator,
        egret_runtime::objects::iter::IterState::Range {
            cur,
            step,
            left: left as u64,
        },
    )
}

/// The (current, stop, step) of a range iterator value, if it is one.
pub fn range_state(v: &Value) -> Option<(i64, i64, i64)> {
    let it = v.downcast::<egret_runtime::objects::iter::IterData>()?;
    match &*it.state.borrow() {
        egret_runtime::objects::iter::IterState::Range { cur, step, left } => {
            let stop = cur.checked_add((*left as i64).checked_mul(*step)?)?;
            Some((*cur, stop, *step))
        }
        _ => None,
    }
}

/// Boxes one raw word of type `t`.
pub fn box_raw(t: Ty, w: i64) -> Value {
    match t {
        Ty::Int => egret_runtime::objects::int::from_i64(w),
        Ty::Float => egret_runtime::objects::float::new_float(f64::from_bits(w as u64)),
        Ty::Bool => egret_runtime::vm::py_bool(w != 0),
        // A range iterator takes two words: `rebuild` handles it.
        Ty::RangeIter(_) => egret_runtime::object::types::types().none.clone(),
        // SAFETY: the word is the bits of a list the caller or the frame
        // keeps alive (see specialize::Ty::List); the clone takes a reference.
        Ty::List(_) | Ty::Tuple(_) => {
            let borrowed = unsafe { Value::borrow_bits(w as u64) };
            (*borrowed).clone()
        }
        // The interpreter's NULL (`PUSH_NULL`) is an object of its own.
        Ty::Obj if w == 0 => egret_runtime::object::types::types().null.clone(),
        // SAFETY: the word is a reference the compiled code owned and
        // hands over (see specialize::Ty::Obj).
        Ty::Obj => std::mem::ManuallyDrop::into_inner(unsafe { Value::borrow_bits(w as u64) }),
    }
}

/// The raw word of a value of type `t` (None if the value is not of that type).
pub fn unbox(t: Ty, v: &Value) -> Option<i64> {
    match t {
        Ty::Int => v.as_small(),
        Ty::Float if v.is_exact(&egret_runtime::object::types::types().float) => {
            egret_runtime::objects::float::float_of(v).map(|f| f.to_bits() as i64)
        }
        Ty::Float => None,
        Ty::Bool => v
            .downcast::<egret_runtime::objects::int::BoolData>()
            .map(|b| i64::from(b.0)),
        Ty::RangeIter(_) => None,
        Ty::List(_) | Ty::Tuple(_) => (type_of(v) == Some(t)).then(|| v.to_bits() as i64),
        // A reference handed to compiled code.
        Ty::Obj => {
            let v = v.clone();
            let bits = v.to_bits() as i64;
            std::mem::forget(v);
            Some(bits)
        }
    }
}

/// The raw word of a value whose reference compiled code takes over.
pub fn hand_over(v: Value) -> i64 {
    let bits = v.to_bits() as i64;
    std::mem::forget(v);
    bits
}

/// The type a value is passed to compiled code with: unboxed where it can
/// be, boxed otherwise.
pub fn entry_type(v: &Value) -> Ty {
    type_of(v).unwrap_or(Ty::Obj)
}

/// The type compiled code would give a value, if it can hold it unboxed.
/// Only exact ints, floats and lists: a subclass may override operations.
pub fn type_of(v: &Value) -> Option<Ty> {
    let t = egret_runtime::object::types::types();
    if v.is_small() {
        return Some(Ty::Int);
    }
    // A float object is never unboxed: compiled code that boxed it again
    // would hand out a different object (`f(x) is x`, `nan in [nan]`).
    // Floats compiled code computes live unboxed until they are stored.
    if v.is_exact(&t.tuple) {
        // Specialized on the kind of the first element (checked at every read).
        let tuple = v.downcast::<egret_runtime::objects::tuple::TupleData>()?;
        return match tuple.items.first() {
            Some(e) if e.is_small() => Some(Ty::Tuple(Elem::Int)),
            _ => None,
        };
    }
    if v.is_exact(&t.list) {
        // Specialized on the kind of the first element (checked at every read).
        let list = v.downcast::<egret_runtime::objects::list::ListData>()?;
        let items = list.items.try_borrow().ok()?;
        return match items.first() {
            Some(e) if e.is_small() => Some(Ty::List(Elem::Int)),
            _ => None,
        };
    }
    if v.downcast::<egret_runtime::objects::int::BoolData>()
        .is_some()
    {
        return Some(Ty::Bool);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_words_follow_the_map() {
        let m = ExitMap {
            pc: 7,
            locals: vec![Some(Ty::Int), None, Some(Ty::Float)],
            stack: vec![Ty::Bool],
            range_steps: Vec::new(),
            raised: false,
            planned: false,
            maybe: Vec::new(),
        };
        assert_eq!(m.words(), 3);
        let raw = [5, 2.5f64.to_bits() as i64, 1];
        let (locals, stack) = m.rebuild(&raw);
        assert_eq!(locals[0].as_ref().and_then(|v| v.as_small()), Some(5));
        assert!(locals[1].is_none());
        assert_eq!(
            locals[2]
                .as_ref()
                .and_then(egret_runtime::objects::float::float_of),
            Some(2.5)
        );
        assert_eq!(stack.len(), 1);
    }
}
