//! The operator protocols: truth value, hashing, equality and rich
//! comparison, binary and unary operators with `NotImplemented` fallback,
//! `repr`/`str`, and the error messages CPython gives when they fail.

use egret_bytecode::{BinOp, CmpOp};

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::dict::DictData;
use crate::objects::float::FloatData;
use crate::objects::list::ListData;
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::TupleData;
use crate::vm::{PyResult, Vm, py_bool};

fn is_numeric(k: Kind) -> bool {
    matches!(k, Kind::Int | Kind::Bool | Kind::Float | Kind::Complex)
}

/// The hash a `__hash__` method's int result stands for: itself when it
/// fits a machine word (-1 is reserved, as in CPython), else its hash.
fn hash_result(r: &Value) -> i64 {
    match crate::objects::int::to_i64(r) {
        Some(-1) => -2,
        Some(h) => h,
        None => crate::objects::int::hash_int(r),
    }
}

/// An instance of a class derived from a builtin type other than object
/// (`class C(list)`): builtin behaviour, unless the class overrides it.
#[inline]
pub fn is_heap_builtin(v: &Value) -> bool {
    !v.is_small()
        && v.type_data().is_heap
        && !matches!(
            v.type_data().kind,
            Kind::Object | Kind::Exception | Kind::Type | Kind::Module
        )
}

/// The ends of `RecursionError`'s message for native recursion, as CPython's.
const IN_COMPARISON: &str = " in comparison";
const WHILE_REPR: &str = " while getting the repr of an object";

impl Vm {
    /// `bool(v)`.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(i) = v.as_small() {
            return Ok(i != 0);
        }
        let t = types();
        if v.is(&t.true_) {
            return Ok(true);
        }
        if v.is(&t.false_) || v.is(&t.none) {
            return Ok(false);
        }
        if is_heap_builtin(v) {
            if let Some(b) = self.user_method(v, "__bool__") {
                let r = self.call_special(&b, v, &[])?;
                if r.kind() != Kind::Bool {
                    return Err(self.type_error(format!(
                        "__bool__ should return bool, returned {}",
                        r.type_data().name
                    )));
                }
                return Ok(r.is(&t.true_));
            }
            if let Some(l) = self.user_method(v, "__len__") {
                let r = self.call_special(&l, v, &[])?;
                return Ok(self.index_value(&r)? != 0);
            }
        }
        Ok(match v.kind() {
            Kind::Int => !crate::objects::int::is_zero(v),
            Kind::Float => v.downcast::<FloatData>().expect("float").0 != 0.0,
            Kind::Complex => {
                let c = v
                    .downcast::<crate::objects::float::ComplexData>()
                    .expect("complex");
                c.re != 0.0 || c.im != 0.0
            }
            Kind::Str => !v.downcast::<StrData>().expect("str").as_str().is_empty(),
            Kind::Bytes | Kind::ByteArray => !v
                .downcast::<BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .is_empty(),
            Kind::List => !v
                .downcast::<ListData>()
                .expect("list")
                .items
                .borrow()
                .is_empty(),
            Kind::Tuple => !v.downcast::<TupleData>().expect("tuple").items.is_empty(),
            Kind::Dict => !v
                .downcast::<DictData>()
                .expect("dict")
                .table
                .borrow()
                .is_empty(),
            Kind::Set | Kind::FrozenSet => crate::objects::set::len(v) != 0,
            Kind::Range => crate::objects::range::range_len(v) != 0,
            Kind::DictView => self.len(v)? != 0,
            Kind::Object | Kind::Exception | Kind::Type => {
                if v.kind() == Kind::Type {
                    return Ok(true);
                }
                if let Some(b) = self.user_method(v, "__bool__") {
                    let r = self.call_special(&b, v, &[])?;
                    if r.kind() != Kind::Bool {
                        return Err(self.type_error(format!(
                            "__bool__ should return bool, returned {}",
                            r.type_data().name
                        )));
                    }
                    return Ok(r.is(&t.true_));
                }
                if let Some(l) = self.user_method(v, "__len__") {
                    let r = self.call_special(&l, v, &[])?;
                    return Ok(self.index_value(&r)? != 0);
                }
                true
            }
            _ => true,
        })
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small() {
            return Ok(crate::objects::int::hash_small(i));
        }
        if v.kind() == Kind::Str && !v.type_data().is_heap {
            return Ok(v.downcast::<StrData>().expect("str").hash());
        }
        if is_heap_builtin(v)
            && v.type_data().builtin_hash.get() != crate::object::types::lookup_epoch()
        {
            let td = v.type_data();
            match td.lookup_heap_static("__hash__") {
                Some(h) if h.is(&types().none) => {
                    return Err(self.type_error(format!("unhashable type: '{}'", td.name)));
                }
                Some(h) => {
                    let r = self.call_special(&h, v, &[])?;
                    return match r.kind() {
                        Kind::Int | Kind::Bool => Ok(hash_result(&r)),
                        _ => Err(self.type_error("__hash__ method should return an integer")),
                    };
                }
                None => {
                    if self.user_method(v, "__eq__").is_some() {
                        return Err(self.type_error(format!("unhashable type: '{}'", td.name)));
                    }
                    td.builtin_hash.set(crate::object::types::lookup_epoch());
                }
            }
        }
        self.hash_builtin(v)
    }

    /// `hash(v)` as the builtin type of `v` computes it.
    pub fn hash_builtin(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small() {
            return Ok(crate::objects::int::hash_small(i));
        }
        match v.kind() {
            Kind::Str => Ok(v.downcast::<StrData>().expect("str").hash()),
            Kind::Int | Kind::Bool => Ok(crate::objects::int::hash_int(v)),
            Kind::Float => Ok(crate::objects::float::hash_float(
                v.downcast::<FloatData>().expect("float").0,
                v,
            )),
            Kind::Complex => {
                let c = v
                    .downcast::<crate::objects::float::ComplexData>()
                    .expect("complex");
                let re = crate::objects::float::hash_float(c.re, v) as u64;
                let im = crate::objects::float::hash_float(c.im, v) as u64;
                let mut h = re.wrapping_add(1_000_003u64.wrapping_mul(im)) as i64;
                if h == -1 {
                    h = -2;
                }
                Ok(h)
            }
            Kind::Tuple => {
                // (A tuple's items never change: no copy is needed.)
                let t = v.downcast::<TupleData>().expect("tuple");
                crate::objects::tuple::hash_tuple(self, &t.items)
            }
            Kind::Bytes => Ok(crate::objects::str::hash_bytes(
                &v.downcast::<BytesData>().expect("bytes").data.borrow(),
            )),
            Kind::FrozenSet => crate::objects::set::hash_frozenset(self, v),
            // Consistent with the equality of bound methods.
            Kind::Method | Kind::BuiltinFunction if bound_parts(v).is_some() => {
                let (recv, func) = bound_parts(v).expect("just checked");
                let h = identity_hash(&recv) ^ func.hash_word();
                Ok(if h == -1 { -2 } else { h })
            }
            Kind::List | Kind::Dict | Kind::Set | Kind::ByteArray => {
                Err(self.type_error(format!("unhashable type: '{}'", v.type_data().name)))
            }
            Kind::Range => {
                let r = crate::objects::range::range_tuple(v);
                crate::objects::tuple::hash_tuple(self, &r)
            }
            Kind::Object | Kind::Exception => {
                let td = v.type_data();
                if td.is_heap {
                    match td.lookup_heap_static("__hash__") {
                        Some(h) if h.is(&types().none) => {
                            return Err(self.type_error(format!("unhashable type: '{}'", td.name)));
                        }
                        Some(h) if matches!(h.kind(), Kind::Function | Kind::BuiltinFunction) => {
                            let r = self.call_special(&h, v, &[])?;
                            return match r.kind() {
                                Kind::Int | Kind::Bool => Ok(hash_result(&r)),
                                _ => {
                                    Err(self.type_error("__hash__ method should return an integer"))
                                }
                            };
                        }
                        _ => {
                            if self.user_method(v, "__eq__").is_some() {
                                return Err(
                                    self.type_error(format!("unhashable type: '{}'", td.name))
                                );
                            }
                        }
                    }
                }
                Ok(identity_hash(v))
            }
            _ => Ok(identity_hash(v)),
        }
    }

    /// `a == b` as a bool.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) && a.kind() != Kind::Float {
            return Ok(true);
        }
        if let Some(r) = crate::objects::dict::fast_key_eq(a, b) {
            return Ok(r);
        }
        let r = self.compare(a, b, CmpOp::Eq)?;
        self.truthy(&r)
    }

    /// Rich comparison `a op b`.
    pub fn compare(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult {
        let (ka, kb) = (a.kind(), b.kind());
        if is_numeric(ka)
            && is_numeric(kb)
            && !is_heap_builtin(a)
            && !is_heap_builtin(b)
            && let Some(r) = crate::objects::float::numeric_compare(a, b, op)
        {
            return Ok(py_bool(r));
        }
        if (ka == Kind::Decimal || kb == Kind::Decimal)
            && let Some(r) = crate::modules::decimal::number::fast_compare(self, a, b, op)
        {
            return r;
        }
        // User-defined comparisons (reflected first when b's type is a subclass).
        let (name, rname) = op.dunders();
        let a_heap = a.type_data().is_heap;
        let b_heap = b.type_data().is_heap;
        if a_heap || b_heap {
            let b_first = b_heap && !a.is_exact(&b.class()) && b.type_data().is_subtype(&a.class());
            if b_first && let Some(m) = self.user_method(b, rname) {
                let r = self.call_special(&m, b, std::slice::from_ref(a))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            }
            if let Some(m) = self.user_method(a, name) {
                let r = self.call_special(&m, a, std::slice::from_ref(b))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            }
            if !b_first && let Some(m) = self.user_method(b, rname) {
                let r = self.call_special(&m, b, std::slice::from_ref(a))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            }
            // object.__ne__ inverts __eq__: tried in the same order as
            // __ne__ itself (the subclass's first, then reflected).
            if op == CmpOp::Ne {
                let order = if b_first {
                    [(b, a), (a, b)]
                } else {
                    [(a, b), (b, a)]
                };
                for (x, y) in order {
                    if let Some(m) = self.user_method(x, "__eq__") {
                        let r = self.call_special(&m, x, std::slice::from_ref(y))?;
                        if !r.is(&types().not_implemented) {
                            let t = self.truthy(&r)?;
                            return Ok(py_bool(!t));
                        }
                    }
                }
            }
        }
        if is_numeric(ka)
            && is_numeric(kb)
            && let Some(r) = crate::objects::float::numeric_compare(a, b, op)
        {
            return Ok(py_bool(r));
        }
        if let Some(r) = self.builtin_compare(a, b, op)? {
            return Ok(py_bool(r));
        }
        match op {
            CmpOp::Eq => Ok(py_bool(a.is(b))),
            CmpOp::Ne => Ok(py_bool(!a.is(b))),
            _ => Err(self.type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                a.type_data().name,
                b.type_data().name
            ))),
        }
    }

    /// Comparisons of builtin types; None when the pair is not comparable.
    pub(crate) fn builtin_compare(
        &mut self,
        a: &Value,
        b: &Value,
        op: CmpOp,
    ) -> PyResult<Option<bool>> {
        let (ka, kb) = (a.kind(), b.kind());
        let ord = |o: std::cmp::Ordering| match op {
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Eq => o.is_eq(),
            CmpOp::Ne => o.is_ne(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
        };
        match (ka, kb) {
            (Kind::Str, Kind::Str) => {
                let (x, y) = (
                    a.downcast::<StrData>().expect("str").as_str(),
                    b.downcast::<StrData>().expect("str").as_str(),
                );
                // Equality needs no code-point order (nor its scan for
                // lone surrogates).
                Ok(Some(match op {
                    CmpOp::Eq => x == y,
                    CmpOp::Ne => x != y,
                    _ => ord(crate::objects::unicode::cmp_str(x, y)),
                }))
            }
            (Kind::Bytes | Kind::ByteArray, Kind::Bytes | Kind::ByteArray) => {
                let x = a
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow()
                    .clone();
                let y = b
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow()
                    .clone();
                Ok(Some(ord(x.cmp(&y))))
            }
            // A bytearray compares with any buffer, byte for byte.
            (Kind::ByteArray, _) | (_, Kind::ByteArray)
                if crate::objects::buffer::is_exporter(a)
                    && crate::objects::buffer::is_exporter(b) =>
            {
                let simple =
                    |vm: &mut Self, v: &Value| match crate::objects::buffer::bytes_like(vm, v) {
                        Err(e) if e.matches(&types().exc.buffer_error) => Ok(None),
                        r => r.map(Some),
                    };
                let (Some(x), Some(y)) = (simple(self, a)?, simple(self, b)?) else {
                    return Ok(None);
                };
                Ok(Some(ord(x.cmp(&y))))
            }
            // Containers compare their elements: native recursion.
            (Kind::List, Kind::List) | (Kind::Tuple, Kind::Tuple) => {
                let x = crate::objects::list::seq_items(a);
                let y = crate::objects::list::seq_items(b);
                self.recursive(IN_COMPARISON, |vm| vm.sequence_compare(&x, &y, op))
                    .map(Some)
            }
            (Kind::Dict, Kind::Dict) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                let r = self.recursive(IN_COMPARISON, |vm| {
                    crate::objects::dict_methods::dict_eq(vm, a, b)
                })?;
                Ok(Some(if op == CmpOp::Eq { r } else { !r }))
            }
            (Kind::Set | Kind::FrozenSet, Kind::Set | Kind::FrozenSet) => self
                .recursive(IN_COMPARISON, |vm| {
                    crate::objects::set::compare(vm, a, b, op)
                })
                .map(Some),
            (Kind::DictView, _) | (_, Kind::DictView) => self.recursive(IN_COMPARISON, |vm| {
                crate::objects::dict_methods::view_compare(vm, a, b, op)
            }),
            // Bound methods are equal when bound to the same object (`is`)
            // and their functions are equal, as in CPython 3.8+.
            (Kind::Method, Kind::Method) | (Kind::BuiltinFunction, Kind::BuiltinFunction)
                if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
            {
                let r = match (bound_parts(a), bound_parts(b)) {
                    (Some((sa, fa)), Some((sb, fb))) => sa.is(&sb) && fa == fb,
                    _ => a.is(b),
                };
                Ok(Some(if op == CmpOp::Eq { r } else { !r }))
            }
            (Kind::Range, Kind::Range) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                let r = crate::objects::range::range_eq(a, b);
                Ok(Some(if op == CmpOp::Eq { r } else { !r }))
            }
            (Kind::Slice, Kind::Slice) => {
                let x = crate::objects::range::slice_tuple(a);
                let y = crate::objects::range::slice_tuple(b);
                self.sequence_compare(&x, &y, op).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Lexicographic comparison of two sequences.
    pub fn sequence_compare(&mut self, x: &[Value], y: &[Value], op: CmpOp) -> PyResult<bool> {
        let n = x.len().min(y.len());
        for i in 0..n {
            if !self.eq(&x[i], &y[i])? {
                return match op {
                    CmpOp::Eq => Ok(false),
                    CmpOp::Ne => Ok(true),
                    _ => {
                        let r = self.compare(&x[i], &y[i], op)?;
                        self.truthy(&r)
                    }
                };
            }
        }
        let o = x.len().cmp(&y.len());
        Ok(match op {
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Eq => o.is_eq(),
            CmpOp::Ne => o.is_ne(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
        })
    }

    /// `a < b` as a bool (sorting, min, max).
    pub fn less_than(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
            return Ok(x < y);
        }
        let r = self.compare(a, b, CmpOp::Lt)?;
        self.truthy(&r)
    }

    /// `a op b` (`inplace` for `a op= b`).
    pub fn binary_op(&mut self, a: &Value, b: &Value, op: BinOp, inplace: bool) -> PyResult {
        let (ka, kb) = (a.kind(), b.kind());
        if is_numeric(ka) && is_numeric(kb) && !is_heap_builtin(a) && !is_heap_builtin(b) {
            return self.numeric_binop(a, b, op);
        }
        if (ka == Kind::Decimal || kb == Kind::Decimal)
            && let Some(r) = crate::modules::decimal::number::fast_binop(self, a, b, op)
        {
            return r;
        }
        let a_heap = a.type_data().is_heap;
        let b_heap = b.type_data().is_heap;
        let (name, rname, iname) = op.dunders();
        if inplace
            && a_heap
            && let Some(m) = self.user_method(a, iname)
        {
            let r = self.call_special(&m, a, std::slice::from_ref(b))?;
            if !r.is(&types().not_implemented) {
                return Ok(r);
            }
        }
        if !a_heap && !b_heap {
            if let Some(r) = crate::protocols::seqops::builtin_binop(self, a, b, op, inplace)? {
                return Ok(r);
            }
        } else {
            let b_first = b_heap && !a.is_exact(&b.class()) && b.type_data().is_subtype(&a.class());
            if b_first && let Some(m) = self.user_method(b, rname) {
                let r = self.call_special(&m, b, std::slice::from_ref(a))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            }
            if let Some(m) = self.user_method(a, name) {
                let r = self.call_special(&m, a, std::slice::from_ref(b))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            } else if !a_heap || is_heap_builtin(a) {
                if is_numeric(ka) && is_numeric(kb) {
                    return self.numeric_binop(a, b, op);
                }
                if let Some(r) = crate::protocols::seqops::builtin_binop(self, a, b, op, inplace)? {
                    return Ok(r);
                }
            }
            if !b_first && let Some(m) = self.user_method(b, rname) {
                let r = self.call_special(&m, b, std::slice::from_ref(a))?;
                if !r.is(&types().not_implemented) {
                    return Ok(r);
                }
            }
        }
        let sym = if inplace {
            format!("{}=", op.symbol())
        } else {
            op.symbol().to_string()
        };
        if op == BinOp::Pow && !inplace {
            return Err(self.type_error(format!(
                "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
                a.type_data().name,
                b.type_data().name
            )));
        }
        if op == BinOp::Add && ka == Kind::Str && !b_heap {
            return Err(self.type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                b.type_data().name
            )));
        }
        if op == BinOp::Add && matches!(ka, Kind::Bytes | Kind::ByteArray) && !b_heap {
            return Err(self.type_error(format!(
                "can't concat {} to {}",
                b.type_data().name,
                a.type_data().name
            )));
        }
        if op == BinOp::Add && ka == Kind::List && !b_heap {
            return Err(self.type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                b.type_data().name
            )));
        }
        if op == BinOp::Add && ka == Kind::Tuple && !b_heap {
            return Err(self.type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                b.type_data().name
            )));
        }
        if op == BinOp::Mul
            && matches!(ka, Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes)
            && !b_heap
        {
            return Err(self.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                b.type_data().name
            )));
        }
        if op == BinOp::Mul
            && matches!(kb, Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes)
            && !a_heap
        {
            return Err(self.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                a.type_data().name
            )));
        }
        Err(self.type_error(format!(
            "unsupported operand type(s) for {sym}: '{}' and '{}'",
            a.type_data().name,
            b.type_data().name
        )))
    }

    /// Arithmetic on two numbers (int, bool, float, complex) of builtin behaviour.
    pub(crate) fn numeric_binop(&mut self, a: &Value, b: &Value, op: BinOp) -> PyResult {
        let (ka, kb) = (a.kind(), b.kind());
        if matches!(ka, Kind::Int | Kind::Bool) && matches!(kb, Kind::Int | Kind::Bool) {
            return crate::objects::int::binop(self, a, b, op);
        }
        if ka == Kind::Complex || kb == Kind::Complex {
            return crate::objects::float::complex_binop(self, a, b, op);
        }
        crate::objects::float::binop(self, a, b, op)
    }

    fn unary_special(&mut self, a: &Value, name: &'static str, sym: &str) -> PyResult {
        if let Some(m) = self.user_method(a, name) {
            return self.call_special(&m, a, &[]);
        }
        Err(self.type_error(format!(
            "bad operand type for unary {sym}: '{}'",
            a.type_data().name
        )))
    }

    pub fn unary_neg(&mut self, a: &Value) -> PyResult {
        if is_heap_builtin(a)
            && let Some(m) = self.user_method(a, "__neg__")
        {
            return self.call_special(&m, a, &[]);
        }
        match a.kind() {
            Kind::Int | Kind::Bool => Ok(crate::objects::int::neg(a)),
            Kind::Float => Ok(crate::objects::float::new_float(
                -a.downcast::<FloatData>().expect("float").0,
            )),
            Kind::Complex => {
                let c = a
                    .downcast::<crate::objects::float::ComplexData>()
                    .expect("complex");
                Ok(crate::objects::float::new_complex(-c.re, -c.im))
            }
            _ => self.unary_special(a, "__neg__", "-"),
        }
    }

    pub fn unary_pos(&mut self, a: &Value) -> PyResult {
        if is_heap_builtin(a)
            && let Some(m) = self.user_method(a, "__pos__")
        {
            return self.call_special(&m, a, &[]);
        }
        match a.kind() {
            Kind::Int => Ok(a.clone()),
            Kind::Bool => Ok(crate::objects::int::from_i64(i64::from(
                a.is(&types().true_),
            ))),
            Kind::Float | Kind::Complex => Ok(a.clone()),
            _ => self.unary_special(a, "__pos__", "+"),
        }
    }

    pub fn unary_invert(&mut self, a: &Value) -> PyResult {
        if is_heap_builtin(a)
            && let Some(m) = self.user_method(a, "__invert__")
        {
            return self.call_special(&m, a, &[]);
        }
        match a.kind() {
            Kind::Int | Kind::Bool => Ok(crate::objects::int::invert(a)),
            _ => self.unary_special(a, "__invert__", "~"),
        }
    }

    /// `repr(v)` as a str value.
    pub fn repr_value(&mut self, v: &Value) -> PyResult {
        let s = self.repr_string(v)?;
        Ok(new_str(&s))
    }

    /// `str(v)` as a str value.
    pub fn str_value(&mut self, v: &Value) -> PyResult {
        if v.kind() == Kind::Str && !v.type_data().is_heap {
            return Ok(v.clone());
        }
        let s = self.str_string(v)?;
        Ok(new_str(&s))
    }

    pub fn ascii_value(&mut self, v: &Value) -> PyResult {
        let s = self.repr_string(v)?;
        Ok(new_str(&crate::objects::str::ascii_escape(&s)))
    }

    /// `str(v)` as a Rust string.
    pub fn str_string(&mut self, v: &Value) -> PyResult<String> {
        if let Some(m) = self.user_method(v, "__str__") {
            let r = self.call_special(&m, v, &[])?;
            return match r.downcast::<StrData>() {
                Some(s) => Ok(s.as_str().to_string()),
                None => Err(self.type_error(format!(
                    "__str__ returned non-string (type {})",
                    r.type_data().name
                ))),
            };
        }
        match v.kind() {
            Kind::Str => Ok(v.downcast::<StrData>().expect("str").as_str().to_string()),
            Kind::Exception => crate::objects::exceptions::exception_str(self, v),
            _ => self.repr_string(v),
        }
    }

    /// `repr(v)` as a Rust string.
    pub fn repr_string(&mut self, v: &Value) -> PyResult<String> {
        if let Some(i) = v.as_small() {
            return Ok(i.to_string());
        }
        self.recursive(WHILE_REPR, |vm| vm.repr_string_inner(v))
    }

    fn repr_string_inner(&mut self, v: &Value) -> PyResult<String> {
        if let Some(m) = self.user_method(v, "__repr__") {
            let r = self.call_special(&m, v, &[])?;
            return match r.downcast::<StrData>() {
                Some(s) => Ok(s.as_str().to_string()),
                None => Err(self.type_error(format!(
                    "__repr__ returned non-string (type {})",
                    r.type_data().name
                ))),
            };
        }
        crate::protocols::repr::builtin_repr(self, v)
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        // A weak proxy measures its referent (ReferenceError once dead).
        if v.kind() == Kind::WeakRef && crate::objects::weakref::is_proxy(v) {
            let target = crate::objects::weakref::proxy_target(self, v)?;
            return self.len(&target);
        }
        if v.kind() == Kind::Element
            && let Some(n) = crate::modules::elementtree::exact_len(v)
        {
            return Ok(n);
        }
        if is_heap_builtin(v)
            && let Some(m) = self.user_method(v, "__len__")
        {
            let r = self.call_special(&m, v, &[])?;
            let n = self.len_result(&r)?;
            return Ok(n);
        }
        self.len_builtin(v)
    }

    /// What a `__len__` returned, as a length: its `__index__` (an
    /// OverflowError naming int beyond the index range), at least 0.
    fn len_result(&mut self, r: &Value) -> PyResult<usize> {
        let n = if matches!(r.kind(), Kind::Int | Kind::Bool) {
            self.index_value(r)?
        } else {
            let i = self.index_int(r)?;
            self.index_value(&i)?
        };
        if n < 0 {
            return Err(self.value_error("__len__() should return >= 0"));
        }
        Ok(n as usize)
    }

    /// `len(v)` as the builtin type of `v` computes it.
    pub fn len_builtin(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v.kind() {
            Kind::Str => v.downcast::<StrData>().expect("str").char_len(),
            Kind::List => v.downcast::<ListData>().expect("list").items.borrow().len(),
            Kind::Tuple => v.downcast::<TupleData>().expect("tuple").items.len(),
            Kind::Dict => v.downcast::<DictData>().expect("dict").table.borrow().len(),
            Kind::Set | Kind::FrozenSet => crate::objects::set::len(v),
            Kind::Bytes | Kind::ByteArray => v
                .downcast::<BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .len(),
            Kind::Range => {
                let n = crate::objects::range::range_len_big(v);
                match usize::try_from(&n) {
                    Ok(n) if n <= i64::MAX as usize => n,
                    _ => {
                        return Err(
                            self.overflow_error("Python int too large to convert to C ssize_t")
                        );
                    }
                }
            }
            Kind::DictView => {
                let dv = v
                    .downcast::<crate::objects::dict::DictViewData>()
                    .expect("view");
                dv.dict
                    .downcast::<DictData>()
                    .expect("dict")
                    .table
                    .borrow()
                    .len()
            }
            _ => {
                if let Some(m) = self.user_method(v, "__len__") {
                    let r = self.call_special(&m, v, &[])?;
                    return self.len_result(&r);
                }
                return Err(self.type_error(format!(
                    "object of type '{}' has no len()",
                    v.type_data().name
                )));
            }
        })
    }

    /// `operator.index(v)` as an i64 (OverflowError beyond: CPython's
    /// `PyNumber_AsSsize_t(v, PyExc_OverflowError)`).
    pub fn index_value(&mut self, v: &Value) -> PyResult<i64> {
        self.index_value_or(v, &types().exc.overflow_error)
    }

    /// `index_value` raising `exc` beyond the i64 range ("cannot fit 'T'
    /// into an index-sized integer", T the type of `v`): IndexError for
    /// subscripts.
    pub fn index_value_or(&mut self, v: &Value, exc: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small() {
            return Ok(i);
        }
        let fit = |vm: &Vm| {
            vm.err(
                exc,
                format!(
                    "cannot fit '{}' into an index-sized integer",
                    v.type_data().name
                ),
            )
        };
        match v.kind() {
            Kind::Int | Kind::Bool => crate::objects::int::to_i64(v).ok_or_else(|| fit(self)),
            Kind::WeakRef if crate::objects::weakref::is_proxy(v) => {
                let target = crate::objects::weakref::proxy_target(self, v)?;
                self.index_value_or(&target, exc)
            }
            _ => {
                if let Some(m) = self.user_method(v, "__index__") {
                    let r = self.call_special(&m, v, &[])?;
                    if matches!(r.kind(), Kind::Int | Kind::Bool) {
                        return match r.as_small() {
                            Some(i) => Ok(i),
                            None => crate::objects::int::to_i64(&r).ok_or_else(|| fit(self)),
                        };
                    }
                    return self.index_value_or(&r, exc);
                }
                Err(self.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_data().name
                )))
            }
        }
    }

    /// An argument CPython converts to a `Py_ssize_t` (Argument Clinic's
    /// `Py_ssize_t`, `PyArg_Parse`'s `n`: `list.insert`'s index, widths,
    /// counts): an int or an object with `__index__`, and OverflowError
    /// beyond the i64 range (where a subscript raises IndexError instead).
    pub fn ssize_arg(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small() {
            return Ok(i);
        }
        let r = self.index_int(v)?;
        crate::objects::int::to_i64(&r)
            .ok_or_else(|| self.overflow_error("Python int too large to convert to C ssize_t"))
    }

    /// An argument CPython converts to a C `int` (Argument Clinic's `int`:
    /// `str.expandtabs`'s tab size): as [`Vm::ssize_arg`], within the i32
    /// range.
    pub fn c_int_arg(&mut self, v: &Value) -> PyResult<i32> {
        let r = match v.as_small() {
            Some(i) => crate::objects::int::from_i64(i),
            None => self.index_int(v)?,
        };
        crate::objects::int::to_i64(&r)
            .and_then(|i| i32::try_from(i).ok())
            .ok_or_else(|| self.overflow_error("Python int too large to convert to C int"))
    }

    /// `operator.index(v)`: an int, or what `__index__` returns (which
    /// must be an int).
    pub(crate) fn index_int(&mut self, v: &Value) -> PyResult {
        if matches!(v.kind(), Kind::Int | Kind::Bool) {
            return Ok(v.clone());
        }
        // A weak proxy is its referent's index (ReferenceError once dead).
        if v.kind() == Kind::WeakRef && crate::objects::weakref::is_proxy(v) {
            let target = crate::objects::weakref::proxy_target(self, v)?;
            return self.index_int(&target);
        }
        let Some(m) = self.user_method(v, "__index__") else {
            return Err(self.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_data().name
            )));
        };
        let r = self.call_special(&m, v, &[])?;
        if !matches!(r.kind(), Kind::Int | Kind::Bool) {
            return Err(self.type_error(format!(
                "__index__ returned non-int (type {})",
                r.type_data().name
            )));
        }
        Ok(r)
    }

    /// A slice bound or a `start`/`end` argument (`str.find`, `list.index`)
    /// as CPython's `_PyEval_SliceIndex` reads it: an int or an object with
    /// `__index__`, saturated to the i64 range (such bounds are clamped to
    /// the sequence afterwards, so saturating loses nothing). `none_ok`
    /// chooses the TypeError's wording for arguments that may be None.
    pub fn slice_index(&mut self, v: &Value, none_ok: bool) -> PyResult<i64> {
        if let Some(i) = v.as_small() {
            return Ok(i);
        }
        let saturate = |b: num_bigint::BigInt| {
            num_traits::ToPrimitive::to_i64(&b).unwrap_or(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            })
        };
        if let (Kind::Int | Kind::Bool, Some(b)) = (v.kind(), crate::objects::int::to_bigint(v)) {
            return Ok(saturate(b));
        }
        if let Some(m) = self.user_method(v, "__index__") {
            let r = self.call_special(&m, v, &[])?;
            return match (r.kind(), crate::objects::int::to_bigint(&r)) {
                (Kind::Int | Kind::Bool, Some(b)) => Ok(saturate(b)),
                _ => Err(self.type_error(format!(
                    "__index__ returned non-int (type {})",
                    r.type_data().name
                ))),
            };
        }
        Err(self.type_error(if none_ok {
            "slice indices must be integers or None or have an __index__ method"
        } else {
            "slice indices must be integers or have an __index__ method"
        }))
    }

    /// The default `sys.displayhook`: `repr(v)` and a newline written to
    /// `sys.stdout` (whatever it is now), remembered as `builtins._`.
    pub fn display_hook(&mut self, v: &Value) -> PyResult<()> {
        if v.is(&types().none) {
            return Ok(());
        }
        let set_underscore = |vm: &mut Vm, x: Value| {
            if let Some(b) = vm.builtins_dict.downcast::<DictData>() {
                b.table.borrow_mut().set_str("_", x);
            }
        };
        set_underscore(self, types().none.clone());
        let s = self.repr_string(v)?;
        let sys = self.sys.clone();
        let stdout = match self.getattr_str(&sys, "stdout") {
            Ok(f) if !f.is(&types().none) => f,
            _ => return Err(self.runtime_error("lost sys.stdout")),
        };
        crate::objects::file::write_to(self, &stdout, &s)?;
        crate::objects::file::write_to(self, &stdout, "\n")?;
        self.flush_stdout_checked()?;
        set_underscore(self, v.clone());
        Ok(())
    }

    /// `PRINT_EXPR`: an expression statement typed at the REPL (or
    /// compiled in 'single' mode) goes to `sys.displayhook`.
    pub fn print_expr(&mut self, v: &Value) -> PyResult<()> {
        let sys = self.sys.clone();
        let hook = match self.getattr_str(&sys, "displayhook") {
            Ok(h) => h,
            Err(_) => return Err(self.runtime_error("lost sys.displayhook")),
        };
        self.call(&hook, std::slice::from_ref(v), &[])?;
        Ok(())
    }
}

/// CPython's default hash: the address, rotated.
pub fn identity_hash(v: &Value) -> i64 {
    let x = v.id() as u64;
    let h = x.rotate_right(4) as i64;
    if h == -1 { -2 } else { h }
}

/// What identifies a function within a bound method.
#[derive(PartialEq)]
enum BoundFunc {
    /// A Python function (or any callable), by identity.
    Object(i64),
    /// A native method: its name and body.
    Native(&'static str, usize),
}

impl BoundFunc {
    fn hash_word(&self) -> i64 {
        match self {
            BoundFunc::Object(id) => *id >> 4,
            BoundFunc::Native(_, f) => (*f as i64) >> 4,
        }
    }
}

/// The receiver and function of a bound method (`a.m`, `[].append`).
fn bound_parts(v: &Value) -> Option<(Value, BoundFunc)> {
    if let Some(m) = v.downcast::<crate::objects::function::MethodData>() {
        return Some((m.receiver.clone(), BoundFunc::Object(m.func.id())));
    }
    let b = v.downcast::<crate::objects::function::BuiltinFunctionData>()?;
    let recv = b.bound.clone()?;
    Some((recv, BoundFunc::Native(b.name, b.func as usize)))
}
