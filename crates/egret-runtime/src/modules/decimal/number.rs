//! `Decimal`: construction (from str, int, float, tuple and Decimal, with
//! C's checks and messages), arithmetic and comparison operators under the
//! current context, the methods, conversions, hashing and pickling.

use std::borrow::Cow;

use egret_bytecode::CmpOp;
use egret_decimal::{Coeff, Context as KCtx, Decimal, Flags, Kind as DKind, Rounding};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::{
    FLOAT_OPERATION, ctx_arg, current_ctx, new_dec, new_dec_of, num, operand, operand_or_raise,
    parse_args, rounding_arg, run, signal, state,
};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64};
use crate::objects::str::{as_str, new_string};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm, py_bool};

fn this(a: &[Value]) -> &Decimal {
    a.first().and_then(num).expect("a Decimal receiver")
}

fn not_implemented() -> Value {
    types().not_implemented.clone()
}

/// The capitals setting of the current context.
fn capitals(vm: &mut Vm) -> PyResult<bool> {
    let c = current_ctx(vm)?;
    Ok(super::ctx_state(&c).is_some_and(|s| s.borrow().capitals))
}

// ----- construction -----

/// The text of a numeric string as C's `numeric_as_ascii` makes it: any
/// decimal digit becomes ASCII, and for the constructor surrounding
/// whitespace is stripped and underscores are dropped. None when a
/// character cannot be part of a number.
pub fn numeric_text(s: &str, constructor: bool) -> Option<String> {
    let s = if constructor {
        s.trim_matches(|c: char| crate::objects::unicode::is_space(c))
    } else {
        s
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if constructor && c == '_' {
                continue;
            }
            out.push(c);
        } else if let Some(d) = crate::objects::str::decimal_value(c) {
            out.push(char::from_digit(d, 10)?);
        } else {
            return None;
        }
    }
    Some(out)
}

/// A number from a str, exactly (`Decimal(str)`): ConversionSyntax is
/// signalled in `ctx` (NaN when not trapped).
fn from_str_exact(vm: &mut Vm, s: &str, ctx: &Value) -> PyResult<Decimal> {
    if let Some(t) = numeric_text(s, true)
        && let Some(d) = Decimal::parse(&t)
    {
        if within_limits(&d) {
            return Ok(d);
        }
        // Valid syntax, but the exponent is past what an exact conversion
        // holds: InvalidOperation, as C reports it.
        signal(vm, ctx, Flags::INVALID_OPERATION)?;
        return Ok(Decimal::qnan());
    }
    signal(vm, ctx, Flags::CONVERSION_SYNTAX)?;
    Ok(Decimal::qnan())
}

/// A number from a float, exactly.
pub fn from_float_exact(f: f64) -> Decimal {
    Decimal::from_f64(f)
}

/// A number from a `(sign, digits, exponent)` tuple or list.
pub fn from_tuple(vm: &mut Vm, v: &Value) -> PyResult<Decimal> {
    let items = crate::objects::list::seq_items(v);
    if items.len() != 3 {
        return Err(vm.value_error("argument must be a sequence of length 3"));
    }
    let sign = match crate::objects::int::to_i64(&items[0]) {
        Some(s @ (0 | 1)) if matches!(items[0].kind(), Kind::Int | Kind::Bool) => s == 1,
        _ => {
            return Err(vm.value_error("sign must be an integer with the value 0 or 1"));
        }
    };
    enum E {
        Fin(i64),
        Inf,
        QNaN,
        SNaN,
    }
    let e = if let Some(s) = as_str(&items[2]) {
        match s {
            "F" => E::Inf,
            "n" => E::QNaN,
            "N" => E::SNaN,
            _ => {
                return Err(
                    vm.value_error("string argument in the third position must be 'F', 'n' or 'N'")
                );
            }
        }
    } else if matches!(items[2].kind(), Kind::Int | Kind::Bool) {
        match crate::objects::int::to_i64(&items[2]) {
            Some(e) => E::Fin(e),
            None => {
                return Err(vm.overflow_error("Python int too large to convert to C ssize_t"));
            }
        }
    } else {
        return Err(vm.value_error("exponent must be an integer"));
    };
    if items[1].kind() != Kind::Tuple && items[1].kind() != Kind::List {
        return Err(vm.value_error("coefficient must be a tuple of digits"));
    }
    let mut digits = Vec::new();
    for d in crate::objects::list::seq_items(&items[1]) {
        match crate::objects::int::to_i64(&d) {
            Some(x @ 0..=9) if matches!(d.kind(), Kind::Int | Kind::Bool) => {
                digits.push(b'0' + x as u8)
            }
            _ => return Err(vm.value_error("coefficient must be a tuple of digits")),
        }
    }
    let coeff = |digits: &[u8]| -> Coeff {
        let trimmed: &[u8] = {
            let i = digits
                .iter()
                .position(|c| *c != b'0')
                .unwrap_or(digits.len());
            &digits[i..]
        };
        if trimmed.is_empty() {
            Coeff::ZERO
        } else {
            Coeff::from_digits(trimmed).unwrap_or(Coeff::ZERO)
        }
    };
    Ok(match e {
        E::Inf => Decimal::infinity(sign),
        E::QNaN => Decimal::nan(sign, coeff(&digits), false),
        E::SNaN => Decimal::nan(sign, coeff(&digits), true),
        E::Fin(e) => Decimal::from_parts(sign, coeff(&digits), e),
    })
}

/// Whether a finite number is within the exponent limits of an exact
/// conversion (C converts under its maximum context).
fn within_limits(d: &Decimal) -> bool {
    if !d.is_finite() {
        return true;
    }
    let e = d.exponent();
    if d.is_zero() {
        (egret_decimal::MIN_ETINY..=egret_decimal::MAX_EMAX).contains(&e)
    } else {
        d.adjusted() <= egret_decimal::MAX_EMAX && e >= egret_decimal::MIN_ETINY
    }
}

/// The number `Decimal(v, context)` makes (exactly; `ctx` is where
/// ConversionSyntax and FloatOperation are signalled).
pub fn convert_exact(vm: &mut Vm, v: &Value, ctx: &Value, exact: bool) -> PyResult<Decimal> {
    if let Some(d) = operand(v) {
        return Ok(d.into_owned());
    }
    if let Some(s) = as_str(v) {
        return from_str_exact(vm, s, ctx);
    }
    if let Some(f) = crate::objects::float::float_of(v)
        && v.kind() == Kind::Float
    {
        signal(vm, ctx, FLOAT_OPERATION)?;
        return Ok(from_float_exact(f));
    }
    if matches!(v.kind(), Kind::Tuple | Kind::List) {
        let d = from_tuple(vm, v)?;
        if exact && !within_limits(&d) {
            signal(vm, ctx, Flags::INVALID_OPERATION)?;
            return Ok(Decimal::qnan());
        }
        return Ok(d);
    }
    Err(vm.type_error(format!(
        "conversion from {} to Decimal is not supported",
        v.type_data().name
    )))
}

pub fn decimal_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let Some(cls) = a
        .first()
        .filter(|c| crate::object::types::is_type(c))
        .cloned()
    else {
        return Err(vm.type_error("Decimal.__new__(X): X is not a type object"));
    };
    super::check_subtype(vm, &cls, &super::dec_types().0, "decimal.Decimal")?;
    let args = parse_args(vm, "Decimal", &a[1..], k, ["value", "context"], 0, 0)?;
    let ctx = ctx_arg(vm, args[1].as_ref())?;
    let d = match &args[0] {
        None => Decimal::zero(false, 0),
        Some(v) => convert_exact(vm, v, &ctx, true)?,
    };
    Ok(new_dec_of(&cls, d))
}

fn from_float(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    crate::protocols::args::no_kwargs(vm, "from_float", k)?;
    crate::protocols::args::check_args(vm, "from_float", &a[1..], 1, 1)?;
    let cls = a[0].clone();
    let v = &a[1];
    let d = if let Some(d) = operand(v).filter(|_| num(v).is_none()) {
        d.into_owned()
    } else if v.kind() == Kind::Float {
        from_float_exact(crate::objects::float::float_of(v).unwrap_or(0.0))
    } else {
        return Err(vm.type_error("argument must be int or float"));
    };
    if cls.is(&state().decimal) {
        Ok(new_dec(d))
    } else {
        vm.call(&cls, &[new_dec(d)], &[])
    }
}

// ----- operators -----

type Un = fn(&Decimal, &mut KCtx) -> Decimal;
type Bin = fn(&Decimal, &Decimal, &mut KCtx) -> Decimal;

/// Checks that a dunder got between `min` and `max` operands besides self.
fn operand_count(vm: &Vm, a: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = a.len().saturating_sub(1);
    if (min..=max).contains(&n) {
        return Ok(());
    }
    Err(vm.type_error(match max {
        1 => format!("expected 1 argument, got {n}"),
        _ => format!("expected {min} or {max} arguments, got {n}"),
    }))
}

/// `self OP other` (or reflected): NotImplemented for what does not
/// convert implicitly.
fn binop(vm: &mut Vm, a: &[Value], f: Bin, reflected: bool) -> PyResult {
    operand_count(vm, a, 1, 1)?;
    if reflected {
        binop_values(vm, &a[1], &a[0], f)
    } else {
        binop_values(vm, &a[0], &a[1], f)
    }
}

/// `x OP y`: NotImplemented unless both convert implicitly.
fn binop_values(vm: &mut Vm, x: &Value, y: &Value, f: Bin) -> PyResult {
    let (Some(x), Some(y)) = (operand(x), operand(y)) else {
        return Ok(not_implemented());
    };
    let ctx = current_ctx(vm)?;
    let r = run(vm, &ctx, |c| f(&x, &y, c))?;
    Ok(new_dec(r))
}

/// Whether `v` is an operand the operators' fast paths take: an exact
/// Decimal or an int (subclasses may override the operators).
fn plain_operand(v: &Value) -> bool {
    match v.kind() {
        Kind::Decimal => super::is_exact_decimal(v),
        Kind::Int => !v.type_data().is_heap,
        _ => false,
    }
}

/// `a OP b` for exact Decimals and ints, without looking the operator up
/// (what `Decimal.__add__` and friends do): None for anything else.
pub fn fast_binop(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    op: egret_bytecode::BinOp,
) -> Option<PyResult> {
    use egret_bytecode::BinOp;
    let f: Bin = match op {
        BinOp::Add => Decimal::add,
        BinOp::Sub => Decimal::subtract,
        BinOp::Mul => Decimal::multiply,
        BinOp::TrueDiv => Decimal::divide,
        BinOp::FloorDiv => Decimal::divide_integer,
        BinOp::Mod => Decimal::remainder,
        BinOp::Pow => Decimal::power,
        _ => return None,
    };
    if !plain_operand(a) || !plain_operand(b) {
        return None;
    }
    Some(binop_values(vm, a, b, f))
}

/// `a OP b` for an exact Decimal and an exact Decimal or int.
pub fn fast_compare(vm: &mut Vm, a: &Value, b: &Value, op: CmpOp) -> Option<PyResult> {
    if !plain_operand(a) || !plain_operand(b) {
        return None;
    }
    if a.kind() == Kind::Decimal {
        Some(compare_values(vm, a, b, op))
    } else {
        let swapped = match op {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        };
        Some(compare_values(vm, b, a, swapped))
    }
}

fn unop(vm: &mut Vm, a: &[Value], f: Un) -> PyResult {
    let ctx = current_ctx(vm)?;
    let x = this(a);
    let r = run(vm, &ctx, |c| f(x, c))?;
    Ok(new_dec(r))
}

fn divmod_values(vm: &mut Vm, x: &Decimal, y: &Decimal, ctx: &Value) -> PyResult {
    let (q, r) = run(vm, ctx, |c| x.divmod(y, c))?;
    Ok(new_tuple(vec![new_dec(q), new_dec(r)]))
}

fn divmod_op(vm: &mut Vm, a: &[Value], reflected: bool) -> PyResult {
    operand_count(vm, a, 1, 1)?;
    let (x, y) = if reflected {
        (&a[1], &a[0])
    } else {
        (&a[0], &a[1])
    };
    let (Some(x), Some(y)) = (operand(x), operand(y)) else {
        return Ok(not_implemented());
    };
    let ctx = current_ctx(vm)?;
    divmod_values(vm, &x, &y, &ctx)
}

pub fn power_values(
    vm: &mut Vm,
    x: &Decimal,
    y: &Decimal,
    m: Option<&Decimal>,
    ctx: &Value,
) -> PyResult<Decimal> {
    run(vm, ctx, |c| match m {
        None => x.power(y, c),
        Some(m) => x.power_modulo(y, m, c),
    })
}

fn pow_op(vm: &mut Vm, a: &[Value], reflected: bool) -> PyResult {
    operand_count(vm, a, 1, 2)?;
    let (x, y) = if reflected {
        (&a[1], &a[0])
    } else {
        (&a[0], &a[1])
    };
    let (Some(x), Some(y)) = (operand(x), operand(y)) else {
        return Ok(not_implemented());
    };
    let m = match a.get(2) {
        Some(m) if !m.is(&types().none) => match operand(m) {
            Some(m) => Some(m),
            None => return Ok(not_implemented()),
        },
        _ => None,
    };
    let ctx = current_ctx(vm)?;
    let r = power_values(vm, &x, &y, m.as_deref(), &ctx)?;
    Ok(new_dec(r))
}

/// `pow(base, exp, mod)` when one of them is a Decimal and the others
/// convert (C's ternary slot gets all three): None when one does not.
pub fn ternary_pow(vm: &mut Vm, b: &Value, e: &Value, m: &Value) -> Option<PyResult> {
    let (Some(x), Some(y), Some(z)) = (operand(b), operand(e), operand(m)) else {
        return None;
    };
    Some(current_ctx(vm).and_then(|ctx| {
        let r = power_values(vm, &x, &y, Some(&z), &ctx)?;
        Ok(new_dec(r))
    }))
}

/// The other side of a comparison, as C's `convert_op_cmp` takes it: a
/// Decimal or int; a float (exactly, signalling FloatOperation: trapped
/// only for an ordering); a Rational (compared through its numerator,
/// self scaled by the denominator); a complex with no imaginary part for
/// `==` and `!=`. None: NotImplemented.
fn cmp_operands<'a>(
    vm: &mut Vm,
    x: &'a Decimal,
    other: &'a Value,
    op: CmpOp,
) -> PyResult<Option<(Cow<'a, Decimal>, Cow<'a, Decimal>)>> {
    if let Some(y) = operand(other) {
        return Ok(Some((Cow::Borrowed(x), y)));
    }
    let eq = matches!(op, CmpOp::Eq | CmpOp::Ne);
    let float = if other.kind() == Kind::Float {
        crate::objects::float::float_of(other)
    } else if eq && other.kind() == Kind::Complex {
        match other
            .downcast::<crate::objects::float::ComplexData>()
            .map(|c| (c.re, c.im))
        {
            Some((re, 0.0)) => Some(re),
            Some(_) => return Ok(None),
            None => None,
        }
    } else {
        None
    };
    if let Some(f) = float {
        let ctx = current_ctx(vm)?;
        if eq {
            let st = super::ctx_state(&ctx).expect("context");
            st.borrow_mut().k.flags.insert(FLOAT_OPERATION);
        } else {
            signal(vm, &ctx, FLOAT_OPERATION)?;
        }
        return Ok(Some((Cow::Borrowed(x), Cow::Owned(from_float_exact(f)))));
    }
    let numbers = vm.import_module("numbers")?;
    let rational = vm.getattr_str(&numbers, "Rational")?;
    if crate::builtins::isinstance_check(vm, other, &rational)? {
        let n = vm.getattr_str(other, "numerator")?;
        let d = vm.getattr_str(other, "denominator")?;
        let (Some(n), Some(d)) = (
            crate::objects::int::to_bigint(&n),
            crate::objects::int::to_bigint(&d),
        ) else {
            return Ok(None);
        };
        if x.is_special() {
            // Infinities and NaNs compare the same against any finite number.
            return Ok(Some((
                Cow::Borrowed(x),
                Cow::Owned(Decimal::from_bigint(&n)),
            )));
        }
        let mut k = KCtx::max_context();
        let scaled = x.multiply(&Decimal::from_bigint(&d), &mut k);
        return Ok(Some((
            Cow::Owned(scaled),
            Cow::Owned(Decimal::from_bigint(&n)),
        )));
    }
    Ok(None)
}

fn compare(vm: &mut Vm, a: &[Value], op: CmpOp) -> PyResult {
    operand_count(vm, a, 1, 1)?;
    compare_values(vm, &a[0], &a[1], op)
}

/// `x OP other` for a Decimal `x`.
fn compare_values(vm: &mut Vm, x: &Value, other: &Value, op: CmpOp) -> PyResult {
    let x = num(x).expect("a Decimal");
    let Some((x, y)) = cmp_operands(vm, x, other, op)? else {
        return Ok(not_implemented());
    };
    match x.cmp_value(&y) {
        Some(o) => Ok(crate::modules::datetime::cmp_result(o, op)),
        None => {
            if x.is_snan() || y.is_snan() || !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                let ctx = current_ctx(vm)?;
                signal(vm, &ctx, Flags::INVALID_OPERATION)?;
            }
            Ok(py_bool(op == CmpOp::Ne))
        }
    }
}

// ----- conversions -----

/// The integer of a finite number rounded with `r`; ValueError for a NaN,
/// OverflowError for an infinity, MemoryError past what can be held.
pub fn to_int(vm: &Vm, d: &Decimal, r: Rounding) -> PyResult<BigInt> {
    if d.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer"));
    }
    if d.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer"));
    }
    if d.exponent() > 0 && d.adjusted() > 1_000_000_000 {
        return Err(vm.memory_error());
    }
    d.to_bigint(r).ok_or_else(|| vm.memory_error())
}

fn int_with(vm: &mut Vm, a: &[Value], r: Rounding) -> PyResult {
    Ok(from_bigint(to_int(vm, this(a), r)?))
}

fn to_float(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let d = this(a);
    if d.is_snan() {
        return Err(vm.value_error("cannot convert signaling NaN to float"));
    }
    if d.is_nan() {
        let f = if d.is_negative() { -f64::NAN } else { f64::NAN };
        return Ok(crate::objects::float::new_float(f));
    }
    Ok(crate::objects::float::new_float(d.to_f64()))
}

fn round(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(vm, "__round__", &a[1..], k, ["ndigits"], 0, 0)?;
    let d = this(a);
    match &args[0] {
        Some(n) if !n.is(&types().none) => {
            let Some(n) = crate::objects::int::to_bigint(n)
                .filter(|_| matches!(n.kind(), Kind::Int | Kind::Bool))
            else {
                return Err(vm.type_error("optional arg must be an integer"));
            };
            let Some(n) = n.to_i64() else {
                return Err(vm.overflow_error("Python int too large to convert to C ssize_t"));
            };
            let q = Decimal::from_parts(
                false,
                Coeff::from(1u64),
                n.checked_neg().unwrap_or(i64::MAX),
            );
            let ctx = current_ctx(vm)?;
            let r = run(vm, &ctx, |c| d.quantize(&q, None, c))?;
            Ok(new_dec(r))
        }
        _ => Ok(from_bigint(to_int(vm, d, Rounding::HalfEven)?)),
    }
}

fn as_integer_ratio(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let d = this(a);
    if d.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    if d.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    let c = BigInt::from(d.coeff().to_biguint());
    let c = if d.is_negative() { -c } else { c };
    let e = d.exponent();
    if !(-1_000_000_000..=1_000_000_000).contains(&e) {
        return Err(vm.memory_error());
    }
    let (n, m) = if e >= 0 {
        (
            c * num_traits::pow(BigInt::from(10), e as usize),
            BigInt::from(1),
        )
    } else {
        let den = num_traits::pow(BigInt::from(10), (-e) as usize);
        let g = num_integer::Integer::gcd(&c, &den);
        if g.is_zero() {
            (BigInt::zero(), BigInt::from(1))
        } else {
            (c / &g, den / g)
        }
    };
    Ok(new_tuple(vec![from_bigint(n), from_bigint(m)]))
}

fn as_tuple(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let d = this(a);
    let sign = from_i64(i64::from(d.is_negative()));
    let digits: Vec<Value> = match d.kind() {
        DKind::Infinite => vec![from_i64(0)],
        DKind::QNaN | DKind::SNaN if d.coeff().is_zero() => vec![],
        _ => d
            .coeff()
            .to_digits()
            .bytes()
            .map(|b| from_i64(i64::from(b - b'0')))
            .collect(),
    };
    let exp = match d.kind() {
        DKind::Finite => from_i64(d.exponent()),
        DKind::Infinite => crate::objects::str::new_str("F"),
        DKind::QNaN => crate::objects::str::new_str("n"),
        DKind::SNaN => crate::objects::str::new_str("N"),
    };
    let dt = state().decimal_tuple.clone();
    vm.call(&dt, &[sign, new_tuple(digits), exp], &[])
}

fn hash(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let d = this(a);
    if d.is_snan() {
        return Err(vm.type_error("Cannot hash a signaling NaN value"));
    }
    match d.py_hash() {
        Some(h) => Ok(from_i64(h)),
        None => Ok(from_i64(crate::protocols::ops::identity_hash(&a[0]))),
    }
}

fn str_(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let caps = capitals(vm)?;
    Ok(new_string(this(a).to_sci_string(caps)))
}

fn repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let caps = capitals(vm)?;
    Ok(new_string(format!(
        "Decimal('{}')",
        this(a).to_sci_string(caps)
    )))
}

fn format(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(
        vm,
        "__format__",
        &a[1..],
        k,
        ["format_spec", "override"],
        1,
        0,
    )?;
    let spec = args[0].clone().expect("required");
    if as_str(&spec).is_none() {
        return Err(vm.type_error(format!(
            "format arg must be str, not {}",
            spec.type_data().name
        )));
    }
    if let Some(o) = &args[1]
        && o.kind() != Kind::Dict
    {
        return Err(vm.type_error("optional argument must be a dict"));
    }
    let ctx = current_ctx(vm)?;
    let f = state().format.clone();
    let over = args[1].clone().unwrap_or_else(|| vm.none());
    vm.call(&f, &[a[0].clone(), spec, over, ctx], &[])
}

fn reduce(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let s = new_string(this(a).to_sci_string(true));
    let _ = vm;
    Ok(new_tuple(vec![a[0].class(), new_tuple(vec![s])]))
}

// ----- methods -----

/// `self.f(context=None)`.
fn unary_ctx(vm: &mut Vm, a: &[Value], k: Kw, name: &str, f: Un) -> PyResult {
    let args = parse_args(vm, name, &a[1..], k, ["context"], 0, 0)?;
    let ctx = ctx_arg(vm, args[0].as_ref())?;
    let x = this(a);
    let r = run(vm, &ctx, |c| f(x, c))?;
    Ok(new_dec(r))
}

/// `self.f(other, context=None)`.
fn binary_ctx(vm: &mut Vm, a: &[Value], k: Kw, name: &str, f: Bin) -> PyResult {
    let args = parse_args(vm, name, &a[1..], k, ["other", "context"], 1, 0)?;
    let ctx = ctx_arg(vm, args[1].as_ref())?;
    let other = args[0].clone().expect("required");
    let y = operand_or_raise(vm, &other)?;
    let x = this(a);
    let r = run(vm, &ctx, |c| f(x, &y, c))?;
    Ok(new_dec(r))
}

fn to_integral_m(vm: &mut Vm, a: &[Value], k: Kw, name: &str, exact: bool) -> PyResult {
    let args = parse_args(vm, name, &a[1..], k, ["rounding", "context"], 0, 0)?;
    let ctx = ctx_arg(vm, args[1].as_ref())?;
    let r = match &args[0] {
        Some(r) if !r.is(&types().none) => Some(rounding_arg(vm, r)?),
        _ => None,
    };
    let x = this(a);
    let d = run(vm, &ctx, |c| {
        if exact {
            x.to_integral_exact(r, c)
        } else {
            x.to_integral_value(r, c)
        }
    })?;
    Ok(new_dec(d))
}

fn quantize(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(
        vm,
        "quantize",
        &a[1..],
        k,
        ["exp", "rounding", "context"],
        1,
        0,
    )?;
    let ctx = ctx_arg(vm, args[2].as_ref())?;
    let r = match &args[1] {
        Some(r) if !r.is(&types().none) => Some(rounding_arg(vm, r)?),
        _ => None,
    };
    let e = args[0].clone().expect("required");
    let y = operand_or_raise(vm, &e)?;
    let x = this(a);
    let d = run(vm, &ctx, |c| x.quantize(&y, r, c))?;
    Ok(new_dec(d))
}

fn fma(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(vm, "fma", &a[1..], k, ["other", "third", "context"], 2, 0)?;
    let ctx = ctx_arg(vm, args[2].as_ref())?;
    let (o, t) = (args[0].clone().expect("req"), args[1].clone().expect("req"));
    let y = operand_or_raise(vm, &o)?;
    let z = operand_or_raise(vm, &t)?;
    let x = this(a);
    let d = run(vm, &ctx, |c| x.fma(&y, &z, c))?;
    Ok(new_dec(d))
}

/// `self.f(other, context=None)` for the operations that need no context
/// (which is still checked).
fn binary_noctx(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    f: fn(&Decimal, &Decimal) -> Value,
) -> PyResult {
    let args = parse_args(vm, name, &a[1..], k, ["other", "context"], 1, 0)?;
    ctx_arg(vm, args[1].as_ref())?;
    let other = args[0].clone().expect("required");
    let y = operand_or_raise(vm, &other)?;
    Ok(f(this(a), &y))
}

pub fn ordering_dec(o: std::cmp::Ordering) -> Value {
    new_dec(Decimal::from_i64(o as i64))
}

fn predicate(a: &[Value], f: fn(&Decimal) -> bool) -> PyResult {
    Ok(py_bool(f(this(a))))
}

fn ctx_predicate(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    f: fn(&Decimal, &KCtx) -> bool,
) -> PyResult {
    let args = parse_args(vm, name, &a[1..], k, ["context"], 0, 0)?;
    let ctx = ctx_arg(vm, args[0].as_ref())?;
    let st = super::ctx_state(&ctx).expect("context");
    let r = f(this(a), &st.borrow().k);
    Ok(py_bool(r))
}

macro_rules! operators {
    ($($name:literal, $rname:literal => $f:expr),* $(,)?) => {
        vec![$(
            ($name, (|vm: &mut Vm, a: &[Value], _k: Kw| binop(vm, a, $f, false)) as NativeFn),
            ($rname, (|vm: &mut Vm, a: &[Value], _k: Kw| binop(vm, a, $f, true)) as NativeFn),
        )*]
    };
}

macro_rules! predicates {
    ($($name:literal => $f:expr),* $(,)?) => {
        vec![$(($name, (|_vm: &mut Vm, a: &[Value], _k: Kw| predicate(a, $f)) as NativeFn)),*]
    };
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = named_methods![unary_ctx;
        "exp" => Decimal::exp,
        "ln" => Decimal::ln,
        "log10" => Decimal::log10,
        "next_minus" => Decimal::next_minus,
        "next_plus" => Decimal::next_plus,
        "normalize" => Decimal::reduce,
        "sqrt" => Decimal::sqrt,
        "logb" => Decimal::logb,
        "logical_invert" => Decimal::logical_invert,
    ];
    m.extend(named_methods![binary_ctx;
        "compare" => Decimal::compare,
        "compare_signal" => Decimal::compare_signal,
        "max" => Decimal::max,
        "max_mag" => Decimal::max_mag,
        "min" => Decimal::min,
        "min_mag" => Decimal::min_mag,
        "next_toward" => Decimal::next_toward,
        "remainder_near" => Decimal::remainder_near,
        "logical_and" => Decimal::logical_and,
        "logical_or" => Decimal::logical_or,
        "logical_xor" => Decimal::logical_xor,
        "rotate" => Decimal::rotate,
        "scaleb" => Decimal::scaleb,
        "shift" => Decimal::shift,
    ]);
    m.extend(operators![
        "__add__", "__radd__" => Decimal::add,
        "__sub__", "__rsub__" => Decimal::subtract,
        "__mul__", "__rmul__" => Decimal::multiply,
        "__truediv__", "__rtruediv__" => Decimal::divide,
        "__floordiv__", "__rfloordiv__" => Decimal::divide_integer,
        "__mod__", "__rmod__" => Decimal::remainder,
    ]);
    m.extend(predicates![
        "is_canonical" => Decimal::is_canonical,
        "is_finite" => Decimal::is_finite,
        "is_infinite" => Decimal::is_infinite,
        "is_nan" => Decimal::is_nan,
        "is_qnan" => Decimal::is_qnan,
        "is_snan" => Decimal::is_snan,
        "is_signed" => Decimal::is_signed,
        "is_zero" => Decimal::is_zero,
        "__bool__" => |d: &Decimal| !d.is_zero(),
    ]);
    m.extend([
        (
            "__divmod__",
            (|vm: &mut Vm, a: &[Value], _k: Kw| divmod_op(vm, a, false)) as NativeFn,
        ),
        ("__rdivmod__", |vm, a, _k| divmod_op(vm, a, true)),
        ("__pow__", |vm, a, _k| pow_op(vm, a, false)),
        ("__rpow__", |vm, a, _k| pow_op(vm, a, true)),
        ("__neg__", |vm, a, _k| unop(vm, a, Decimal::minus)),
        ("__pos__", |vm, a, _k| unop(vm, a, Decimal::plus)),
        ("__abs__", |vm, a, _k| unop(vm, a, Decimal::abs)),
        ("__eq__", |vm, a, _k| compare(vm, a, CmpOp::Eq)),
        ("__ne__", |vm, a, _k| compare(vm, a, CmpOp::Ne)),
        ("__lt__", |vm, a, _k| compare(vm, a, CmpOp::Lt)),
        ("__le__", |vm, a, _k| compare(vm, a, CmpOp::Le)),
        ("__gt__", |vm, a, _k| compare(vm, a, CmpOp::Gt)),
        ("__ge__", |vm, a, _k| compare(vm, a, CmpOp::Ge)),
        ("__hash__", hash),
        ("__str__", str_),
        ("__repr__", repr),
        ("__format__", format),
        ("__reduce__", reduce),
        ("__int__", |vm, a, _k| int_with(vm, a, Rounding::Down)),
        ("__trunc__", |vm, a, _k| int_with(vm, a, Rounding::Down)),
        ("__floor__", |vm, a, _k| int_with(vm, a, Rounding::Floor)),
        ("__ceil__", |vm, a, _k| int_with(vm, a, Rounding::Ceiling)),
        ("__float__", to_float),
        ("__complex__", |vm, a, k| {
            let f = to_float(vm, a, k)?;
            let f = crate::objects::float::float_of(&f).unwrap_or(0.0);
            Ok(crate::objects::float::new_complex(f, 0.0))
        }),
        ("__round__", round),
        ("__copy__", |_vm, a, _k| Ok(a[0].clone())),
        ("__deepcopy__", |_vm, a, _k| Ok(a[0].clone())),
        ("__sizeof__", |_vm, a, _k| {
            let d = this(a);
            Ok(from_i64(104 + (d.coeff().digits() as i64 / 19) * 8))
        }),
        ("as_integer_ratio", as_integer_ratio),
        ("as_tuple", as_tuple),
        ("adjusted", |_vm, a, _k| {
            let d = this(a);
            Ok(from_i64(if d.is_special() { 0 } else { d.adjusted() }))
        }),
        ("canonical", |_vm, a, _k| Ok(a[0].clone())),
        ("conjugate", |_vm, a, _k| Ok(a[0].clone())),
        ("radix", |_vm, _a, _k| Ok(new_dec(Decimal::from_i64(10)))),
        ("copy_abs", |_vm, a, _k| Ok(new_dec(this(a).copy_abs()))),
        ("copy_negate", |_vm, a, _k| {
            Ok(new_dec(this(a).copy_negate()))
        }),
        ("copy_sign", |vm, a, k| {
            binary_noctx(vm, a, k, "copy_sign", |x, y| new_dec(x.copy_sign(y)))
        }),
        ("compare_total", |vm, a, k| {
            binary_noctx(vm, a, k, "compare_total", |x, y| {
                ordering_dec(x.compare_total(y))
            })
        }),
        ("compare_total_mag", |vm, a, k| {
            binary_noctx(vm, a, k, "compare_total_mag", |x, y| {
                ordering_dec(x.compare_total_mag(y))
            })
        }),
        ("same_quantum", |vm, a, k| {
            binary_noctx(vm, a, k, "same_quantum", |x, y| py_bool(x.same_quantum(y)))
        }),
        ("is_normal", |vm, a, k| {
            ctx_predicate(vm, a, k, "is_normal", Decimal::is_normal)
        }),
        ("is_subnormal", |vm, a, k| {
            ctx_predicate(vm, a, k, "is_subnormal", Decimal::is_subnormal)
        }),
        ("number_class", |vm, a, k| {
            let args = parse_args(vm, "number_class", &a[1..], k, ["context"], 0, 0)?;
            let ctx = ctx_arg(vm, args[0].as_ref())?;
            let st = super::ctx_state(&ctx).expect("context");
            let s = this(a).number_class(&st.borrow().k);
            Ok(crate::objects::str::new_str(s))
        }),
        ("to_eng_string", |vm, a, k| {
            let args = parse_args(vm, "to_eng_string", &a[1..], k, ["context"], 0, 0)?;
            let ctx = ctx_arg(vm, args[0].as_ref())?;
            let caps = super::ctx_state(&ctx).is_some_and(|s| s.borrow().capitals);
            Ok(new_string(this(a).to_eng_string(caps)))
        }),
        ("to_integral", |vm, a, k| {
            to_integral_m(vm, a, k, "to_integral", false)
        }),
        ("to_integral_value", |vm, a, k| {
            to_integral_m(vm, a, k, "to_integral_value", false)
        }),
        ("to_integral_exact", |vm, a, k| {
            to_integral_m(vm, a, k, "to_integral_exact", true)
        }),
        ("quantize", quantize),
        ("fma", fma),
    ]);
    m
}

pub fn register(ty: &Value) {
    crate::objects::str_methods::add_methods(ty, "decimal.Decimal", &methods());
    crate::objects::str_methods::mark_noarg_methods(
        ty,
        "Decimal",
        [
            "is_canonical",
            "is_finite",
            "is_infinite",
            "is_nan",
            "is_qnan",
            "is_snan",
            "is_signed",
            "is_zero",
            "adjusted",
            "canonical",
            "conjugate",
            "radix",
            "copy_abs",
            "copy_negate",
            "as_tuple",
            "as_integer_ratio",
            "__copy__",
            "__reduce__",
            "__ceil__",
            "__floor__",
            "__trunc__",
            "__complex__",
            "__sizeof__",
        ],
    );
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        crate::modules::datetime::staticmethod("__new__", decimal_new),
    );
    d.set_str(
        "from_float",
        crate::modules::datetime::classmethod("from_float", from_float),
    );
    d.set_str(
        "real",
        crate::objects::descr::getter("real", |_vm, a, _k| Ok(a[0].clone())),
    );
    d.set_str(
        "imag",
        crate::objects::descr::getter("imag", |_vm, _a, _k| Ok(new_dec(Decimal::zero(false, 0)))),
    );
}
