//! `_decimal`: CPython's C decimal module (`Modules/_decimal`) over the
//! `egret-decimal` kernel. `decimal.py` imports it when it provides
//! `__version__` and `__libmpdec_version__`, and uses `_pydecimal`
//! otherwise (about a hundred times slower under egret).
//!
//! Three native types share one layout (`Kind::Decimal`), whose payload is
//! a [`Dec`]: `Decimal` (an immutable number), `Context` (the arithmetic
//! context, mutable: its state is shared with its two signal dicts) and
//! `SignalDictMixin` (the `flags` and `traps` views of a context). The
//! Python layer (`layer.py`) holds what is no hot path: the signal classes
//! with C's bases, `DecimalTuple`, the `MutableMapping` half of the signal
//! dicts, `localcontext` and `__format__` (through `_pydecimal`'s
//! formatter, used from the installed standard library).
//!
//! The kernel reports conditions in the context's `flags` (its "status"
//! here, as libmpdec's); after each operation the new conditions are
//! checked against the traps and a trapped one raises the first signal in
//! C's order with the list of the trapped conditions, as C does.

/// A method table whose every entry calls `$wrap(vm, args, kwargs, name, f)`.
macro_rules! named_methods {
    ($wrap:path; $($name:literal => $f:expr),* $(,)?) => {
        vec![$((
            $name,
            (|vm: &mut Vm, a: &[Value], k: Kw| $wrap(vm, a, k, $name, $f))
                as crate::objects::function::NativeFn,
        )),*]
    };
}

mod context;
pub mod number;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use egret_decimal::{Context as KCtx, Decimal, Flags, Rounding};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::str::new_str;
use crate::protocols::args::Kw;
use crate::vm::{PyErr, PyResult, Vm};

const SOURCE: &str = include_str!("layer.py");

/// FloatOperation, a Python signal the kernel never raises (it knows no
/// floats): a bit of our own above the kernel's.
pub const FLOAT_OPERATION: Flags = Flags(1 << 13);

/// The signals in the order of C's `signal_map` (the order of a context's
/// repr and of the trapped list): name and condition bit.
pub const SIGNALS: [(&str, Flags); 9] = [
    ("InvalidOperation", Flags::INVALID_OPERATION),
    ("FloatOperation", FLOAT_OPERATION),
    ("DivisionByZero", Flags::DIVISION_BY_ZERO),
    ("Overflow", Flags::OVERFLOW),
    ("Underflow", Flags::UNDERFLOW),
    ("Subnormal", Flags::SUBNORMAL),
    ("Inexact", Flags::INEXACT),
    ("Rounded", Flags::ROUNDED),
    ("Clamped", Flags::CLAMPED),
];

/// The conditions that raise InvalidOperation, as C's `cond_map` lists
/// them when they are trapped.
pub const CONDITIONS: [(&str, Flags); 5] = [
    ("InvalidOperation", Flags::INVALID_OPERATION),
    ("ConversionSyntax", Flags::CONVERSION_SYNTAX),
    ("DivisionImpossible", Flags::DIVISION_IMPOSSIBLE),
    ("DivisionUndefined", Flags::DIVISION_UNDEFINED),
    ("InvalidContext", Flags::INVALID_CONTEXT),
];

pub const ROUNDINGS: [(&str, Rounding); 8] = [
    ("ROUND_UP", Rounding::Up),
    ("ROUND_DOWN", Rounding::Down),
    ("ROUND_CEILING", Rounding::Ceiling),
    ("ROUND_FLOOR", Rounding::Floor),
    ("ROUND_HALF_UP", Rounding::HalfUp),
    ("ROUND_HALF_DOWN", Rounding::HalfDown),
    ("ROUND_HALF_EVEN", Rounding::HalfEven),
    ("ROUND_05UP", Rounding::Up05),
];

pub fn rounding_name(r: Rounding) -> &'static str {
    ROUNDINGS
        .iter()
        .find(|(_, x)| *x == r)
        .map(|(n, _)| *n)
        .unwrap_or("ROUND_HALF_EVEN")
}

/// The mutable state of a `Context`: the kernel context (whose `flags` are
/// the accumulated status), the traps (signal bits) and `capitals`.
#[derive(Clone)]
pub struct CtxState {
    pub k: KCtx,
    pub traps: Flags,
    pub capitals: bool,
}

pub type SharedState = Rc<RefCell<CtxState>>;

/// The value of a `_decimal` object.
pub enum Dec {
    Num(Decimal),
    /// A context, and its `flags` and `traps` dicts once asked for (they
    /// share the state, never the context object: no cycle).
    Ctx(SharedState, OnceCell<(Value, Value)>),
    /// A signal dict: the state it views, and whether it is the traps.
    Signals(Option<SharedState>, bool),
}

pub struct DecData(pub Dec);

impl Payload for DecData {
    fn matches(kind: Kind) -> bool {
        matches!(kind, Kind::Decimal | Kind::DecContext | Kind::DecSignals)
    }
}

/// The number held by `v` (a Decimal or an instance of a subclass).
pub fn num(v: &Value) -> Option<&Decimal> {
    match v.downcast::<DecData>() {
        Some(DecData(Dec::Num(d))) => Some(d),
        _ => None,
    }
}

/// The state of a context object.
pub fn ctx_state(v: &Value) -> Option<&SharedState> {
    match v.downcast::<DecData>() {
        Some(DecData(Dec::Ctx(s, _))) => Some(s),
        _ => None,
    }
}

/// The module's types, signal classes and templates, made once per
/// process (so that re-importing `_decimal` gives the same classes, as
/// CPython's single-phase module does).
pub struct DecState {
    pub decimal: Value,
    pub context: Value,
    pub mixin: Value,
    /// The Python layer's classes and functions.
    pub signal_dict: Value,
    pub signals: Vec<Value>,
    pub conditions: Vec<Value>,
    pub decimal_tuple: Value,
    pub format: Value,
    pub default_ctx: Value,
    pub basic_ctx: Value,
    pub extended_ctx: Value,
    /// The context variable holding each context's current decimal context.
    pub var: Value,
    pub module: Value,
}

crate::gil_local! {
    static TYPES: OnceCell<(Value, Value, Value)> = const { OnceCell::new() };
    static STATE: OnceCell<&'static DecState> = const { OnceCell::new() };
    /// The last current context looked up: (contextvars context, decimal
    /// context). Only this module sets its variable, so the pair stays true
    /// until `setcontext` (which updates it).
    static CURRENT: RefCell<Option<(Value, Value)>> = const { RefCell::new(None) };
}

/// (Decimal, Context, SignalDictMixin).
pub fn dec_types() -> (Value, Value, Value) {
    TYPES.with(|c| {
        c.get_or_init(|| {
            let t = types();
            let ext =
                |name, kind| crate::object::types::extension_type(name, kind, &t.object, &t.type_);
            let decimal = ext("decimal.Decimal", Kind::Decimal);
            let context = ext("decimal.Context", Kind::DecContext);
            let mixin = ext("decimal.SignalDictMixin", Kind::DecSignals);
            for ty in [&decimal, &context, &mixin] {
                ty.type_data_of_type().has_weakref.set(false);
                ty.type_data_of_type()
                    .dict_mut()
                    .set_str("__module__", new_str("decimal"));
            }
            number::register(&decimal);
            context::register(&context, &mixin);
            (decimal, context, mixin)
        })
        .clone()
    })
}

/// The module state; the module must have been imported.
pub fn state() -> &'static DecState {
    STATE.with(|s| {
        *s.get()
            .expect("_decimal is imported before its objects are used")
    })
}

/// Whether `v` is exactly a Decimal (not an instance of a subclass).
pub fn is_exact_decimal(v: &Value) -> bool {
    TYPES.with(|c| c.get().is_some_and(|(decimal, _, _)| v.is_exact(decimal)))
}

pub fn new_dec(d: Decimal) -> Value {
    TYPES.with(|c| {
        let (decimal, _, _) = c.get().expect("_decimal types");
        Value::alloc(decimal, DecData(Dec::Num(d)))
    })
}

pub fn new_dec_of(cls: &Value, d: Decimal) -> Value {
    Value::alloc(cls, DecData(Dec::Num(d)))
}

pub fn new_context_value(cls: &Value, st: CtxState) -> Value {
    Value::alloc(
        cls,
        DecData(Dec::Ctx(Rc::new(RefCell::new(st)), OnceCell::new())),
    )
}

/// The state of a new context before `__init__`: the default context's
/// (with `capitals` 1, as C copies it) once the module exists, C's
/// defaults before.
pub fn template_state() -> CtxState {
    let mut s = default_copy();
    s.capitals = true;
    s
}

/// A copy of the default context's state (C's defaults before the module
/// exists).
fn default_copy() -> CtxState {
    let dflt = STATE.with(|s| s.get().map(|s| s.default_ctx.clone()));
    match dflt.as_ref().and_then(ctx_state) {
        Some(st) => st.borrow().clone(),
        None => CtxState {
            k: KCtx::default(),
            traps: Flags::INVALID_OPERATION | Flags::DIVISION_BY_ZERO | Flags::OVERFLOW,
            capitals: true,
        },
    }
}

// ----- the current context -----

/// `getcontext()`: the current context, made from the default context the
/// first time a thread or a contextvars context asks.
pub fn current_ctx(vm: &mut Vm) -> PyResult<Value> {
    let cur = crate::modules::contextvars::current_context();
    let hit = CURRENT.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(k, _)| k.is(&cur))
            .map(|(_, v)| v.clone())
    });
    if let Some(v) = hit {
        return Ok(v);
    }
    let st = state();
    let v = match crate::modules::contextvars::lookup_in(vm, &cur, &st.var)? {
        Some(v) if ctx_state(&v).is_some() => v,
        Some(_) => return Err(vm.type_error("the decimal context variable holds no context")),
        None => {
            let mut fresh = default_copy();
            fresh.k.flags = Flags::EMPTY;
            let v = new_context_value(&st.context, fresh);
            crate::modules::contextvars::store_in(vm, &cur, &st.var, v.clone())?;
            v
        }
    };
    CURRENT.with(|c| *c.borrow_mut() = Some((cur, v.clone())));
    Ok(v)
}

/// `setcontext(ctx)`: a template context is copied (with its flags
/// cleared), as in C.
pub fn set_current(vm: &mut Vm, ctx: &Value) -> PyResult<()> {
    let st = state();
    let Some(s) = ctx_state(ctx) else {
        return Err(vm.type_error("argument must be a context"));
    };
    let ctx = if ctx.is(&st.default_ctx) || ctx.is(&st.basic_ctx) || ctx.is(&st.extended_ctx) {
        let mut copy = s.borrow().clone();
        copy.k.flags = Flags::EMPTY;
        new_context_value(&st.context, copy)
    } else {
        ctx.clone()
    };
    let cur = crate::modules::contextvars::current_context();
    crate::modules::contextvars::store_in(vm, &cur, &st.var, ctx.clone())?;
    CURRENT.with(|c| *c.borrow_mut() = Some((cur, ctx)));
    Ok(())
}

/// `T.__new__(cls)` needs `cls` to be `T` or a subclass of it.
pub fn check_subtype(vm: &Vm, cls: &Value, base: &Value, name: &str) -> PyResult<()> {
    if cls.type_data_of_type().is_subtype(base) {
        return Ok(());
    }
    let n = cls.type_data_of_type().name.clone();
    Err(vm.type_error(format!(
        "{name}.__new__({n}): {n} is not a subtype of {name}"
    )))
}

/// The context argument of a method: the current context for None.
pub fn ctx_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Value> {
    match v {
        None => current_ctx(vm),
        Some(v) if v.is(&types().none) => current_ctx(vm),
        Some(v) if ctx_state(v).is_some() => Ok(v.clone()),
        Some(_) => Err(vm.type_error("optional argument must be a context")),
    }
}

// ----- running operations and raising signals -----

/// Runs `f` on the kernel context of `ctx`, then adds the conditions it
/// raised to the context's status and raises the first trapped one.
pub fn run<R>(vm: &mut Vm, ctx: &Value, f: impl FnOnce(&mut KCtx) -> R) -> PyResult<R> {
    let st = ctx_state(ctx).expect("a decimal context");
    let (r, new, traps) = {
        let mut s = st.borrow_mut();
        let saved = s.k.flags;
        s.k.flags = Flags::EMPTY;
        let r = f(&mut s.k);
        let new = s.k.flags;
        s.k.flags = saved | new;
        (r, new, s.traps)
    };
    if !new.is_empty() {
        check_traps(vm, new, traps)?;
    }
    Ok(r)
}

/// Adds `cond` to the status of `ctx`, raising it if trapped.
pub fn signal(vm: &mut Vm, ctx: &Value, cond: Flags) -> PyResult<()> {
    run(vm, ctx, |k| k.raise(cond))
}

/// Raises the exception C raises for the conditions `new` under `traps`.
pub fn check_traps(vm: &mut Vm, new: Flags, traps: Flags) -> PyResult<()> {
    if new.contains(Flags::INSUFFICIENT_STORAGE) {
        return Err(vm.memory_error());
    }
    let trapped = Flags(new.to_signals().0 & traps.0);
    if trapped.is_empty() {
        return Ok(());
    }
    let st = state();
    let first = SIGNALS
        .iter()
        .position(|(_, f)| trapped.intersects(*f))
        .expect("a trapped signal");
    let mut list = Vec::new();
    if traps.contains(Flags::INVALID_OPERATION) {
        for (i, (_, f)) in CONDITIONS.iter().enumerate() {
            if new.intersects(*f) {
                list.push(st.conditions[i].clone());
            }
        }
    }
    for (i, (_, f)) in SIGNALS.iter().enumerate().skip(1) {
        if trapped.intersects(*f) {
            list.push(st.signals[i].clone());
        }
    }
    let arg = crate::objects::list::new_list(list);
    let exc = vm.call(&st.signals[first], &[arg], &[])?;
    Err(PyErr::new(exc))
}

// ----- arguments -----

pub use crate::modules::datetime::parse_args;

/// An operand that C converts implicitly: a Decimal or an int.
pub fn operand(v: &Value) -> Option<std::borrow::Cow<'_, Decimal>> {
    if let Some(d) = num(v) {
        return Some(std::borrow::Cow::Borrowed(d));
    }
    if let Some(i) = v.as_small() {
        return Some(std::borrow::Cow::Owned(Decimal::from_i64(i)));
    }
    if matches!(v.kind(), Kind::Int | Kind::Bool) {
        let b = crate::objects::int::to_bigint(v)?;
        return Some(std::borrow::Cow::Owned(Decimal::from_bigint(&b)));
    }
    None
}

/// An operand of a method or a context operation: TypeError for anything
/// but a Decimal or an int.
pub fn operand_or_raise<'a>(vm: &Vm, v: &'a Value) -> PyResult<std::borrow::Cow<'a, Decimal>> {
    operand(v).ok_or_else(|| {
        vm.type_error(format!(
            "conversion from {} to Decimal is not supported",
            v.type_data().name
        ))
    })
}

/// The rounding named by `v` (one of the ROUND_* strings).
pub fn rounding_arg(vm: &Vm, v: &Value) -> PyResult<Rounding> {
    if let Some(s) = crate::objects::str::as_str(v)
        && let Some((_, r)) = ROUNDINGS.iter().find(|(n, _)| *n == s)
    {
        return Ok(*r);
    }
    Err(vm.type_error(
        "valid values for rounding are:\n  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\n   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\n   ROUND_05UP]",
    ))
}

// ----- the module -----

crate::gil_local! {
    static LOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes the module (once: later imports get the same module).
pub fn load(vm: &mut Vm) -> PyResult {
    if let Some(st) = STATE.with(|s| s.get().copied()) {
        return Ok(st.module.clone());
    }
    if LOADING.with(|l| l.replace(true)) {
        return Err(vm.err(
            &types().exc.import_error,
            "_decimal is being imported (circular import)",
        ));
    }
    let r = load_once(vm);
    LOADING.with(|l| l.set(false));
    r
}

fn load_once(vm: &mut Vm) -> PyResult {
    let (decimal, context, mixin) = dec_types();
    let ns = new_dict(DictTable::new());
    let m = crate::objects::module::new_module("decimal", ns.clone());
    let var = vm.call(&types().context_var, &[new_str("decimal_context")], &[])?;
    let dflt = new_context_value(&context, {
        let mut s = default_copy();
        s.k.flags = Flags::EMPTY;
        s
    });
    let basic = new_context_value(
        &context,
        CtxState {
            k: KCtx::new(9, Rounding::HalfUp),
            traps: Flags::INVALID_OPERATION
                | Flags::DIVISION_BY_ZERO
                | Flags::OVERFLOW
                | Flags::UNDERFLOW
                | Flags::CLAMPED,
            capitals: true,
        },
    );
    let extended = new_context_value(
        &context,
        CtxState {
            k: KCtx::new(9, Rounding::HalfEven),
            traps: Flags::EMPTY,
            capitals: true,
        },
    );
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        t.set_str("Decimal", decimal.clone());
        t.set_str("Context", context.clone());
        t.set_str("_SignalDictMixin", mixin.clone());
        t.set_str("DefaultContext", dflt.clone());
        t.set_str("BasicContext", basic.clone());
        t.set_str("ExtendedContext", extended.clone());
        let int = |i: i64| crate::objects::int::from_i64(i);
        t.set_str("MAX_PREC", int(egret_decimal::MAX_PREC as i64));
        t.set_str("MAX_EMAX", int(egret_decimal::MAX_EMAX));
        t.set_str("MIN_EMIN", int(egret_decimal::MIN_EMIN));
        t.set_str("MIN_ETINY", int(egret_decimal::MIN_ETINY));
        t.set_str("HAVE_THREADS", types().true_.clone());
        t.set_str("HAVE_CONTEXTVAR", types().true_.clone());
        for (n, _) in ROUNDINGS {
            t.set_str(n, vm.intern(&n.into()));
        }
        t.set_str("__version__", new_str("1.70"));
        t.set_str("__libmpdec_version__", new_str("2.5.1"));
        let module: Rc<str> = "decimal".into();
        for (n, f) in [
            (
                "getcontext",
                getcontext as crate::objects::function::NativeFn,
            ),
            ("setcontext", setcontext),
        ] {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, f, module.clone()),
            );
        }
    }
    super::run_layer(vm, SOURCE, "<_decimal>", &ns)?;
    let get = |n: &str| -> Value {
        ns.downcast::<DictData>()
            .and_then(|d| d.table.borrow().get_str(n))
            .unwrap_or_else(|| panic!("_decimal's layer defines {n}"))
    };
    let st = DecState {
        signal_dict: get("_SignalDict"),
        signals: SIGNALS.iter().map(|(n, _)| get(n)).collect(),
        conditions: CONDITIONS.iter().map(|(n, _)| get(n)).collect(),
        decimal_tuple: get("DecimalTuple"),
        format: get("_format"),
        decimal,
        context,
        mixin,
        default_ctx: dflt,
        basic_ctx: basic,
        extended_ctx: extended,
        var,
        module: m.clone(),
    };
    STATE.with(|s| {
        let _ = s.set(Box::leak(Box::new(st)));
    });
    Ok(m)
}

fn getcontext(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    crate::protocols::args::no_kwargs(vm, "getcontext", k)?;
    crate::protocols::args::check_args(vm, "getcontext", a, 0, 0)?;
    current_ctx(vm)
}

fn setcontext(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    crate::protocols::args::no_kwargs(vm, "setcontext", k)?;
    crate::protocols::args::check_args(vm, "setcontext", a, 1, 1)?;
    set_current(vm, &a[0])?;
    Ok(vm.none())
}

/// `T.__new__(cls, ...)` reached through `object.__new__` for a class
/// derived from one of the types here.
pub fn subclass_new(vm: &mut Vm, ty: &Value, args: &[Value], kwargs: Kw) -> PyResult {
    let (decimal, context, mixin) = dec_types();
    let mro = ty.type_data_of_type().mro.borrow().clone();
    let mut all = vec![ty.clone()];
    all.extend_from_slice(args);
    if mro.iter().any(|t| t.is(&decimal)) {
        number::decimal_new(vm, &all, kwargs)
    } else if mro.iter().any(|t| t.is(&context)) {
        context::context_new(vm, &all, kwargs)
    } else if mro.iter().any(|t| t.is(&mixin)) {
        // A signal dict made by calling its class views no context: every
        // use says so (CPython's gh-106263).
        Ok(Value::alloc(ty, DecData(Dec::Signals(None, false))))
    } else {
        Err(vm.type_error(format!(
            "cannot create '{}' instances",
            ty.type_data_of_type().name
        )))
    }
}
