//! `Context`: its attributes (checked as C checks them), the signal dicts
//! `flags` and `traps`, copying and pickling, and every arithmetic
//! operation as a method (operands converted with C's rules: Decimal or
//! int, else TypeError).

use std::cell::RefCell;

use egret_decimal::{Context as KCtx, Decimal, Flags};

use super::{
    CtxState, Dec, DecData, SIGNALS, SharedState, ctx_state, new_context_value, new_dec,
    operand_or_raise, parse_args, rounding_arg, rounding_name, run, state, template_state,
};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::descr::PropertyData;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyResult, Vm, py_bool};

/// The state of the receiver; TypeError when it is no context (an
/// attribute's getter called on something else).
fn st<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a SharedState> {
    match a.first() {
        Some(v) => ctx_state(v).ok_or_else(|| {
            vm.type_error(format!(
                "descriptor for 'decimal.Context' objects doesn't apply to a '{}' object",
                v.type_data().name
            ))
        }),
        None => Err(vm.type_error("descriptor needs an argument")),
    }
}

pub fn context_new(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some(cls) = a
        .first()
        .filter(|c| crate::object::types::is_type(c))
        .cloned()
    else {
        return Err(vm.type_error("Context.__new__(X): X is not a type object"));
    };
    super::check_subtype(vm, &cls, &state().context, "decimal.Context")?;
    Ok(new_context_value(&cls, template_state()))
}

// ----- attributes -----

fn int_attr(vm: &Vm, v: &Value) -> PyResult<i64> {
    if !matches!(v.kind(), Kind::Int | Kind::Bool) {
        return Err(vm.type_error("an integer is required"));
    }
    crate::objects::int::to_i64(v)
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C ssize_t"))
}

fn set_prec(vm: &Vm, s: &mut CtxState, v: &Value) -> PyResult<()> {
    let p = int_attr(vm, v)?;
    if p < 1 || p as u64 > egret_decimal::MAX_PREC {
        return Err(vm.value_error("valid range for prec is [1, MAX_PREC]"));
    }
    s.k.prec = p as u64;
    Ok(())
}

fn set_emax(vm: &Vm, s: &mut CtxState, v: &Value) -> PyResult<()> {
    let e = int_attr(vm, v)?;
    if !(0..=egret_decimal::MAX_EMAX).contains(&e) {
        return Err(vm.value_error("valid range for Emax is [0, MAX_EMAX]"));
    }
    s.k.emax = e;
    Ok(())
}

fn set_emin(vm: &Vm, s: &mut CtxState, v: &Value) -> PyResult<()> {
    let e = int_attr(vm, v)?;
    if !(egret_decimal::MIN_EMIN..=0).contains(&e) {
        return Err(vm.value_error("valid range for Emin is [MIN_EMIN, 0]"));
    }
    s.k.emin = e;
    Ok(())
}

fn set_capitals(vm: &Vm, s: &mut CtxState, v: &Value) -> PyResult<()> {
    let c = int_attr(vm, v)?;
    if c != 0 && c != 1 {
        return Err(vm.value_error("valid values for capitals are 0 or 1"));
    }
    s.capitals = c == 1;
    Ok(())
}

fn set_clamp(vm: &Vm, s: &mut CtxState, v: &Value) -> PyResult<()> {
    let c = int_attr(vm, v)?;
    if c != 0 && c != 1 {
        return Err(vm.value_error("valid values for clamp are 0 or 1"));
    }
    s.k.clamp = c == 1;
    Ok(())
}

/// The signal bit of a signal class (None for anything else).
fn signal_bit(key: &Value) -> Option<Flags> {
    let st = state();
    st.signals
        .iter()
        .position(|s| s.is(key))
        .map(|i| SIGNALS[i].1)
}

fn signal_key_error(vm: &Vm) -> crate::vm::PyErr {
    vm.key_error(new_str(
        "valid values for signals are:\n  [InvalidOperation, FloatOperation, DivisionByZero,\n   Overflow, Underflow, Subnormal, Inexact, Rounded,\n   Clamped]",
    ))
}

/// The signals set by a dict (or signal dict) holding every signal: what
/// the `flags` and `traps` attributes take.
fn signal_dict(vm: &mut Vm, v: &Value) -> PyResult<Flags> {
    if v.kind() == Kind::List {
        return Err(vm.type_error("argument must be a signal dict"));
    }
    signals_from(vm, v)
}

/// The signals set by a list of signal classes, or by a dict (or signal
/// dict) holding every signal.
fn signals_from(vm: &mut Vm, v: &Value) -> PyResult<Flags> {
    if v.kind() == Kind::List {
        let mut f = Flags::EMPTY;
        for item in crate::objects::list::seq_items(v) {
            f |= signal_bit(&item).ok_or_else(|| signal_key_error(vm))?;
        }
        return Ok(f);
    }
    if let Some(DecData(Dec::Signals(s, traps))) = v.downcast::<DecData>() {
        let Some(s) = s else {
            return Err(vm.value_error("invalid signal dict"));
        };
        let s = s.borrow();
        return Ok(if *traps {
            s.traps
        } else {
            s.k.flags.to_signals()
        });
    }
    if v.kind() == Kind::Dict {
        let n = vm.len(v)?;
        if n != SIGNALS.len() {
            return Err(vm.key_error(new_str("invalid signal dict")));
        }
        let mut f = Flags::EMPTY;
        for (i, sig) in state().signals.clone().iter().enumerate() {
            let Some(x) = vm.mapping_get(v, sig)? else {
                return Err(vm.key_error(new_str("invalid signal dict")));
            };
            if vm.truthy(&x)? {
                f |= SIGNALS[i].1;
            }
        }
        return Ok(f);
    }
    Err(vm.type_error("argument must be a signal dict"))
}

/// The signals in the order of a context's repr (libmpdec's bit order).
const REPR_ORDER: [usize; 9] = [8, 0, 2, 6, 1, 3, 7, 5, 4];

fn signal_names(f: Flags) -> String {
    let names: Vec<&str> = REPR_ORDER
        .iter()
        .map(|i| SIGNALS[*i])
        .filter(|(_, b)| f.intersects(*b))
        .map(|(n, _)| n)
        .collect();
    format!("[{}]", names.join(", "))
}

fn signal_list(f: Flags) -> Value {
    let st = state();
    crate::objects::list::new_list(
        SIGNALS
            .iter()
            .enumerate()
            .filter(|(_, (_, b))| f.intersects(*b))
            .map(|(i, _)| st.signals[i].clone())
            .collect(),
    )
}

/// The `flags` or `traps` dict of a context (made once).
fn views<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a (Value, Value)> {
    st(vm, a)?;
    let Some(DecData(Dec::Ctx(s, views))) = a[0].downcast::<DecData>() else {
        unreachable!("st checked a Context receiver");
    };
    Ok(views.get_or_init(|| {
        let cls = &state().signal_dict;
        (
            Value::alloc(cls, DecData(Dec::Signals(Some(s.clone()), false))),
            Value::alloc(cls, DecData(Dec::Signals(Some(s.clone()), true))),
        )
    }))
}

type Setter = fn(&Vm, &mut CtxState, &Value) -> PyResult<()>;

fn getset(name: &'static str, get: NativeFn, set: NativeFn) -> Value {
    Value::alloc(
        &types().property,
        PropertyData {
            fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
            fset: RefCell::new(Some(crate::objects::function::new_builtin(name, set))),
            fdel: RefCell::new(Some(crate::objects::function::new_builtin(
                name,
                |vm, _a, _k| Err(vm.attribute_error("context attributes cannot be deleted")),
            ))),
            doc: RefCell::new(None),
        },
    )
}

fn apply_setter(vm: &mut Vm, a: &[Value], f: Setter) -> PyResult {
    let s = st(vm, a)?.clone();
    let mut s = s.borrow_mut();
    f(vm, &mut s, &a[1])?;
    Ok(vm.none())
}

macro_rules! attr {
    ($name:literal, $get:expr, $set:expr) => {
        (
            $name,
            getset(
                $name,
                |vm, a, _k| {
                    let s = st(vm, a)?.borrow();
                    Ok($get(&*s))
                },
                |vm, a, _k| apply_setter(vm, a, $set),
            ),
        )
    };
}

fn init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let names = [
        "prec", "rounding", "Emin", "Emax", "capitals", "clamp", "flags", "traps",
    ];
    let args = parse_args(vm, "Context", &a[1..], k, names, 0, 0)?;
    let none = types().none.clone();
    let given = |i: usize| args[i].clone().filter(|v| !v.is(&none));
    let s = st(vm, a)?.clone();
    let mut new = s.borrow().clone();
    if let Some(v) = given(0) {
        set_prec(vm, &mut new, &v)?;
    }
    if let Some(v) = given(1) {
        new.k.rounding = rounding_arg(vm, &v)?;
    }
    if let Some(v) = given(2) {
        set_emin(vm, &mut new, &v)?;
    }
    if let Some(v) = given(3) {
        set_emax(vm, &mut new, &v)?;
    }
    if let Some(v) = given(4) {
        set_capitals(vm, &mut new, &v)?;
    }
    if let Some(v) = given(5) {
        set_clamp(vm, &mut new, &v)?;
    }
    if let Some(v) = given(7) {
        new.traps = signals_from(vm, &v)?;
    }
    if let Some(v) = given(6) {
        new.k.flags = signals_from(vm, &v)?;
    }
    *s.borrow_mut() = new;
    Ok(vm.none())
}

fn repr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let s = st(vm, a)?.borrow();
    Ok(new_string(format!(
        "Context(prec={}, rounding={}, Emin={}, Emax={}, capitals={}, clamp={}, flags={}, traps={})",
        s.k.prec,
        rounding_name(s.k.rounding),
        s.k.emin,
        s.k.emax,
        i32::from(s.capitals),
        i32::from(s.k.clamp),
        signal_names(s.k.flags.to_signals()),
        signal_names(s.traps),
    )))
}

fn copy(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let s = st(vm, a)?.borrow().clone();
    Ok(new_context_value(&state().context, s))
}

fn reduce(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let s = st(vm, a)?.borrow();
    let args = vec![
        from_i64(s.k.prec as i64),
        new_str(rounding_name(s.k.rounding)),
        from_i64(s.k.emin),
        from_i64(s.k.emax),
        from_i64(i64::from(s.capitals)),
        from_i64(i64::from(s.k.clamp)),
        signal_list(s.k.flags.to_signals()),
        signal_list(s.traps),
    ];
    Ok(new_tuple(vec![a[0].class(), new_tuple(args)]))
}

// ----- operations -----

type Un = fn(&Decimal, &mut KCtx) -> Decimal;
type Bin = fn(&Decimal, &Decimal, &mut KCtx) -> Decimal;

fn one<'a>(vm: &Vm, name: &str, a: &'a [Value], k: Kw) -> PyResult<&'a Value> {
    no_kwargs(vm, name, k)?;
    check_args(vm, name, &a[1..], 1, 1)?;
    Ok(&a[1])
}

fn two<'a>(vm: &Vm, name: &str, a: &'a [Value], k: Kw) -> PyResult<(&'a Value, &'a Value)> {
    no_kwargs(vm, name, k)?;
    check_args(vm, name, &a[1..], 2, 2)?;
    Ok((&a[1], &a[2]))
}

fn unary(vm: &mut Vm, a: &[Value], k: Kw, name: &str, f: Un) -> PyResult {
    let x = one(vm, name, a, k)?;
    let x = operand_or_raise(vm, x)?;
    let r = run(vm, &a[0], |c| f(&x, c))?;
    Ok(new_dec(r))
}

fn binary(vm: &mut Vm, a: &[Value], k: Kw, name: &str, f: Bin) -> PyResult {
    let (x, y) = two(vm, name, a, k)?;
    let x = operand_or_raise(vm, x)?;
    let y = operand_or_raise(vm, y)?;
    let r = run(vm, &a[0], |c| f(&x, &y, c))?;
    Ok(new_dec(r))
}

fn unary_pure(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    f: fn(&Decimal, &KCtx) -> Value,
) -> PyResult {
    let x = one(vm, name, a, k)?;
    let x = operand_or_raise(vm, x)?;
    let s = st(vm, a)?.borrow();
    Ok(f(&x, &s.k))
}

fn binary_pure(
    vm: &mut Vm,
    a: &[Value],
    k: Kw,
    name: &str,
    f: fn(&Decimal, &Decimal) -> Value,
) -> PyResult {
    let (x, y) = two(vm, name, a, k)?;
    let x = operand_or_raise(vm, x)?;
    let y = operand_or_raise(vm, y)?;
    Ok(f(&x, &y))
}

fn create_decimal(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(vm, "create_decimal", &a[1..], k, ["num"], 0, 0)?;
    let ctx = a[0].clone();
    let Some(v) = args[0].clone() else {
        return Ok(new_dec(Decimal::zero(false, 0)));
    };
    if let Some(s) = as_str(&v) {
        let text = super::number::numeric_text(s, false);
        let r = run(vm, &ctx, |c| match text {
            Some(t) => c.create_decimal(&t),
            None => c.create_decimal("\u{0}"),
        })?;
        return Ok(new_dec(r));
    }
    let exact = super::number::convert_exact(vm, &v, &ctx, false)?;
    let r = run(vm, &ctx, |c| c.create_decimal_from(exact))?;
    Ok(new_dec(r))
}

fn create_decimal_from_float(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let v = one(vm, "create_decimal_from_float", a, k)?.clone();
    let d = if v.kind() == Kind::Float {
        super::number::from_float_exact(crate::objects::float::float_of(&v).unwrap_or(0.0))
    } else if matches!(v.kind(), Kind::Int | Kind::Bool) {
        operand_or_raise(vm, &v)?.into_owned()
    } else {
        return Err(vm.type_error("argument must be int or float"));
    };
    let r = run(vm, &a[0], |c| c.create_decimal_from(d))?;
    Ok(new_dec(r))
}

fn power(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = parse_args(vm, "power", &a[1..], k, ["a", "b", "modulo"], 2, 0)?;
    let x = args[0].clone().expect("req");
    let y = args[1].clone().expect("req");
    let x = operand_or_raise(vm, &x)?.into_owned();
    let y = operand_or_raise(vm, &y)?.into_owned();
    let m = match &args[2] {
        Some(m) if !m.is(&types().none) => Some(operand_or_raise(vm, m)?.into_owned()),
        _ => None,
    };
    let r = super::number::power_values(vm, &x, &y, m.as_ref(), &a[0])?;
    Ok(new_dec(r))
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    let mut m: Vec<(&'static str, NativeFn)> = named_methods![unary;
        "abs" => Decimal::abs,
        "exp" => Decimal::exp,
        "ln" => Decimal::ln,
        "log10" => Decimal::log10,
        "logb" => Decimal::logb,
        "logical_invert" => Decimal::logical_invert,
        "minus" => Decimal::minus,
        "next_minus" => Decimal::next_minus,
        "next_plus" => Decimal::next_plus,
        "normalize" => Decimal::reduce,
        "plus" => Decimal::plus,
        "sqrt" => Decimal::sqrt,
        "to_integral" => |x, c| x.to_integral_value(None, c),
        "to_integral_value" => |x, c| x.to_integral_value(None, c),
        "to_integral_exact" => |x, c| x.to_integral_exact(None, c),
        "_apply" => Decimal::apply,
    ];
    m.extend(named_methods![binary;
        "add" => Decimal::add,
        "compare" => Decimal::compare,
        "compare_signal" => Decimal::compare_signal,
        "divide" => Decimal::divide,
        "divide_int" => Decimal::divide_integer,
        "logical_and" => Decimal::logical_and,
        "logical_or" => Decimal::logical_or,
        "logical_xor" => Decimal::logical_xor,
        "max" => Decimal::max,
        "max_mag" => Decimal::max_mag,
        "min" => Decimal::min,
        "min_mag" => Decimal::min_mag,
        "multiply" => Decimal::multiply,
        "next_toward" => Decimal::next_toward,
        "quantize" => |x, y, c| x.quantize(y, None, c),
        "remainder" => Decimal::remainder,
        "remainder_near" => Decimal::remainder_near,
        "rotate" => Decimal::rotate,
        "scaleb" => Decimal::scaleb,
        "shift" => Decimal::shift,
        "subtract" => Decimal::subtract,
    ]);
    m.extend(named_methods![unary_pure;
        "copy_abs" => |x, _| new_dec(x.copy_abs()),
        "copy_decimal" => |x, _| new_dec(x.clone()),
        "copy_negate" => |x, _| new_dec(x.copy_negate()),
        "is_finite" => |x, _| py_bool(x.is_finite()),
        "is_infinite" => |x, _| py_bool(x.is_infinite()),
        "is_nan" => |x, _| py_bool(x.is_nan()),
        "is_normal" => |x, c| py_bool(x.is_normal(c)),
        "is_qnan" => |x, _| py_bool(x.is_qnan()),
        "is_signed" => |x, _| py_bool(x.is_signed()),
        "is_snan" => |x, _| py_bool(x.is_snan()),
        "is_subnormal" => |x, c| py_bool(x.is_subnormal(c)),
        "is_zero" => |x, _| py_bool(x.is_zero()),
        "number_class" => |x, c| new_str(x.number_class(c)),
    ]);
    m.extend(named_methods![binary_pure;
        "compare_total" => |x, y| super::number::ordering_dec(x.compare_total(y)),
        "compare_total_mag" => |x, y| super::number::ordering_dec(x.compare_total_mag(y)),
        "copy_sign" => |x, y| new_dec(x.copy_sign(y)),
        "same_quantum" => |x, y| py_bool(x.same_quantum(y)),
    ]);
    m.extend([
        ("__init__", init as NativeFn),
        ("__repr__", repr),
        ("copy", copy),
        ("__copy__", copy),
        ("__reduce__", reduce),
        ("clear_flags", |vm, a, _k| {
            st(vm, a)?.borrow_mut().k.flags = Flags::EMPTY;
            Ok(vm.none())
        }),
        ("clear_traps", |vm, a, _k| {
            st(vm, a)?.borrow_mut().traps = Flags::EMPTY;
            Ok(vm.none())
        }),
        ("Etiny", |vm, a, _k| {
            Ok(from_i64(st(vm, a)?.borrow().k.etiny()))
        }),
        ("Etop", |vm, a, _k| {
            Ok(from_i64(st(vm, a)?.borrow().k.etop()))
        }),
        ("radix", |_vm, _a, _k| Ok(new_dec(Decimal::from_i64(10)))),
        ("canonical", |vm, a, k| {
            let x = one(vm, "canonical", a, k)?;
            if super::num(x).is_none() {
                return Err(vm.type_error("argument must be a Decimal"));
            }
            Ok(new_dec(super::num(x).expect("Decimal").clone()))
        }),
        ("is_canonical", |vm, a, k| {
            let x = one(vm, "is_canonical", a, k)?;
            match super::num(x) {
                Some(d) => Ok(py_bool(d.is_canonical())),
                None => Err(vm.type_error("argument must be a Decimal")),
            }
        }),
        ("create_decimal", create_decimal),
        ("create_decimal_from_float", create_decimal_from_float),
        ("power", power),
        ("divmod", |vm, a, k| {
            let (x, y) = two(vm, "divmod", a, k)?;
            let x = operand_or_raise(vm, x)?.into_owned();
            let y = operand_or_raise(vm, y)?.into_owned();
            let (q, r) = run(vm, &a[0], |c| x.divmod(&y, c))?;
            Ok(new_tuple(vec![new_dec(q), new_dec(r)]))
        }),
        ("fma", |vm, a, k| {
            no_kwargs(vm, "fma", k)?;
            check_args(vm, "fma", &a[1..], 3, 3)?;
            let x = operand_or_raise(vm, &a[1])?.into_owned();
            let y = operand_or_raise(vm, &a[2])?.into_owned();
            let z = operand_or_raise(vm, &a[3])?.into_owned();
            let r = run(vm, &a[0], |c| x.fma(&y, &z, c))?;
            Ok(new_dec(r))
        }),
        ("to_sci_string", |vm, a, k| {
            let x = one(vm, "to_sci_string", a, k)?;
            let x = operand_or_raise(vm, x)?;
            let caps = st(vm, a)?.borrow().capitals;
            Ok(new_string(x.to_sci_string(caps)))
        }),
        ("to_eng_string", |vm, a, k| {
            let x = one(vm, "to_eng_string", a, k)?;
            let x = operand_or_raise(vm, x)?;
            let caps = st(vm, a)?.borrow().capitals;
            Ok(new_string(x.to_eng_string(caps)))
        }),
        ("_unsafe_setprec", |vm, a, k| {
            let v = one(vm, "_unsafe_setprec", a, k)?;
            let p = int_attr(vm, v)?;
            if !(1..=1_070_000_000).contains(&p) {
                return Err(vm.value_error("valid range for unsafe prec is [1, 1070000000]"));
            }
            st(vm, a)?.borrow_mut().k.prec = p as u64;
            Ok(vm.none())
        }),
        ("_unsafe_setemin", |vm, a, k| {
            let v = one(vm, "_unsafe_setemin", a, k)?;
            let e = int_attr(vm, v)?;
            if !(-1_070_000_000..=0).contains(&e) {
                return Err(vm.value_error("valid range for unsafe emin is [-1070000000, 0]"));
            }
            st(vm, a)?.borrow_mut().k.emin = e;
            Ok(vm.none())
        }),
        ("_unsafe_setemax", |vm, a, k| {
            let v = one(vm, "_unsafe_setemax", a, k)?;
            let e = int_attr(vm, v)?;
            if !(0..=1_070_000_000).contains(&e) {
                return Err(vm.value_error("valid range for unsafe emax is [0, 1070000000]"));
            }
            st(vm, a)?.borrow_mut().k.emax = e;
            Ok(vm.none())
        }),
    ]);
    m
}

// ----- signal dicts -----

fn sd_state<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<(&'a SharedState, bool)> {
    match a.first().and_then(|v| v.downcast::<DecData>()) {
        Some(DecData(Dec::Signals(Some(s), t))) => Ok((s, *t)),
        _ => Err(vm.value_error("invalid signal dict")),
    }
}

fn sd_bits(vm: &Vm, a: &[Value]) -> PyResult<Flags> {
    let (s, traps) = sd_state(vm, a)?;
    let s = s.borrow();
    Ok(if traps {
        s.traps
    } else {
        s.k.flags.to_signals()
    })
}

fn mixin_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__getitem__", |vm, a, _k| {
            check_args(vm, "__getitem__", &a[1..], 1, 1)?;
            let bit = signal_bit(&a[1]).ok_or_else(|| signal_key_error(vm))?;
            Ok(py_bool(sd_bits(vm, a)?.intersects(bit)))
        }),
        ("__setitem__", |vm, a, _k| {
            check_args(vm, "__setitem__", &a[1..], 2, 2)?;
            let bit = signal_bit(&a[1]).ok_or_else(|| signal_key_error(vm))?;
            let on = vm.truthy(&a[2])?;
            let (s, traps) = sd_state(vm, a)?;
            let mut s = s.borrow_mut();
            let set = if traps { &mut s.traps } else { &mut s.k.flags };
            if on {
                set.insert(bit);
            } else if bit == Flags::INVALID_OPERATION && !traps {
                *set = Flags(set.0 & !Flags::INVALID_OPERATION.0);
                let sub = [
                    Flags::CONVERSION_SYNTAX,
                    Flags::DIVISION_IMPOSSIBLE,
                    Flags::DIVISION_UNDEFINED,
                    Flags::INVALID_CONTEXT,
                ];
                for f in sub {
                    set.remove(f);
                }
            } else {
                set.remove(bit);
            }
            Ok(vm.none())
        }),
        ("__delitem__", |vm, _a, _k| {
            Err(vm.value_error("signal keys cannot be deleted"))
        }),
        ("__len__", |vm, a, _k| {
            sd_state(vm, a)?;
            Ok(from_i64(SIGNALS.len() as i64))
        }),
        ("__iter__", |vm, a, _k| {
            sd_state(vm, a)?;
            let keys = crate::objects::list::new_list(state().signals.clone());
            vm.get_iter(&keys)
        }),
        ("__repr__", |vm, a, _k| {
            let bits = sd_bits(vm, a)?;
            let parts: Vec<String> = SIGNALS
                .iter()
                .map(|(n, b)| {
                    format!(
                        "<class 'decimal.{n}'>:{}",
                        if bits.intersects(*b) { "True" } else { "False" }
                    )
                })
                .collect();
            Ok(new_string(format!("{{{}}}", parts.join(", "))))
        }),
        ("copy", |vm, a, _k| {
            let bits = sd_bits(vm, a)?;
            let st = state();
            let d = crate::objects::dict::new_dict(crate::objects::dict::DictTable::new());
            for (i, (_, b)) in SIGNALS.iter().enumerate() {
                vm.setitem(&d, st.signals[i].clone(), py_bool(bits.intersects(*b)))?;
            }
            Ok(d)
        }),
    ]
}

pub fn register(ctx: &Value, mixin: &Value) {
    crate::objects::str_methods::add_methods(ctx, "decimal.Context", &methods());
    crate::objects::str_methods::mark_noarg_methods(
        ctx,
        "Context",
        [
            "clear_flags",
            "clear_traps",
            "copy",
            "__copy__",
            "__reduce__",
            "Etiny",
            "Etop",
            "radix",
        ],
    );
    {
        let td = ctx.type_data_of_type();
        let mut d = td.dict_mut();
        d.set_str(
            "__new__",
            crate::modules::datetime::staticmethod("__new__", context_new),
        );
        let attrs = [
            attr!("prec", |s: &CtxState| from_i64(s.k.prec as i64), set_prec),
            attr!(
                "rounding",
                |s: &CtxState| new_str(rounding_name(s.k.rounding)),
                |vm: &Vm, s: &mut CtxState, v: &Value| {
                    s.k.rounding = rounding_arg(vm, v)?;
                    Ok(())
                }
            ),
            attr!("Emin", |s: &CtxState| from_i64(s.k.emin), set_emin),
            attr!("Emax", |s: &CtxState| from_i64(s.k.emax), set_emax),
            attr!(
                "capitals",
                |s: &CtxState| from_i64(i64::from(s.capitals)),
                set_capitals
            ),
            attr!(
                "clamp",
                |s: &CtxState| from_i64(i64::from(s.k.clamp)),
                set_clamp
            ),
        ];
        for (n, v) in attrs {
            d.set_str(n, v);
        }
        d.set_str(
            "flags",
            getset(
                "flags",
                |vm, a, _k| Ok(views(vm, a)?.0.clone()),
                |vm, a, _k| {
                    let f = signal_dict(vm, &a[1])?;
                    st(vm, a)?.borrow_mut().k.flags = f;
                    Ok(vm.none())
                },
            ),
        );
        d.set_str(
            "traps",
            getset(
                "traps",
                |vm, a, _k| Ok(views(vm, a)?.1.clone()),
                |vm, a, _k| {
                    let f = signal_dict(vm, &a[1])?;
                    st(vm, a)?.borrow_mut().traps = f;
                    Ok(vm.none())
                },
            ),
        );
    }
    crate::objects::str_methods::add_methods(mixin, "decimal.SignalDictMixin", &mixin_methods());
}
