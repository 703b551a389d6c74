//! Runtime helpers called from compiled code (`extern "C"`, registered with
//! the JIT module by name in [`symbols`]).
//!
//! Two families. The typed helpers (`list_load`, `tuple_load`, `list_len`,
//! `float_pow`, ...) serve typed plans: containers are passed as the raw
//! bits of a borrowed `Value` (the caller's argument array or the
//! interpreter frame keeps them alive while compiled code runs), and element
//! words use the same encoding as locals: an i64 for an int or bool, the bits
//! of an f64 for a float. A typed helper that cannot do its job returns a
//! nonzero status without changing anything, and the compiled code leaves
//! through the exit of that instruction, so the interpreter repeats it
//! generically (raising `IndexError` itself, for example). The generic
//! helpers (`binary`, `getattr`, `call`, ...) do one instruction's work as
//! the interpreter does it, given the running code's context [`Ctx`]; they
//! take and return owned references and report a raised exception with
//! [`RAISED`] (the error waits in the context for [`take_error`]).
//!
//! # Safety
//!
//! The helpers are `pub(crate)`: only compiled code calls them, and it
//! upholds, for every helper: a context argument is the address of the
//! running code's [`Ctx`]; a container argument is the bits of a live value
//! of the type the plan guarded; a value argument is a live reference, owned
//! or borrowed as the helper's documentation says; each pointer argument
//! points to as many writable words of the compiled frame as the helper
//! writes.

use egret_runtime::object::Value;
use egret_runtime::objects::list::ListData;
use egret_runtime::objects::tuple::TupleData;

/// Element kinds, as passed in the `kind` argument.
pub const KIND_INT: i64 = 0;
pub const KIND_FLOAT: i64 = 1;
pub const KIND_BOOL: i64 = 2;

/// Status: done.
pub const OK: i64 = 0;
/// Status: not done (index out of range, element of another type).
pub const FAILED: i64 = 1;
/// `egret_jit_run_pending`: the work ran, and Python code may have run
/// with it (the compiled code's assumptions about globals may be stale).
pub const RAN: i64 = 2;

/// Declares [`Helper`]: one line per helper, `Variant => function, arity,
/// runs_python;`. The arity counts i64/pointer words (every helper returns
/// one word); `runs_python` says whether the helper may run Python code
/// (a call, `__del__` through a release, ...), before which a generic plan
/// spills its locals for frame introspection.
macro_rules! helper_table {
    ($($variant:ident => $func:ident, $arity:literal, $runs_python:literal;)*) => {
        /// A runtime helper compiled code calls.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Helper {
            $($variant,)*
        }

        impl Helper {
            /// Every helper, in declaration order.
            pub const ALL: &[Helper] = &[$(Helper::$variant,)*];

            /// Its symbol name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Helper::$variant => stringify!($func),)*
                }
            }

            /// Its address.
            pub fn address(self) -> *const u8 {
                match self {
                    $(Helper::$variant => $func as *const u8,)*
                }
            }

            /// How many words it takes.
            pub fn arity(self) -> usize {
                match self {
                    $(Helper::$variant => $arity,)*
                }
            }

            /// Whether it may run Python code.
            pub fn runs_python(self) -> bool {
                match self {
                    $(Helper::$variant => $runs_python,)*
                }
            }
        }
    };
}

helper_table! {
    FloatPow => egret_jit_float_pow, 3, false;
    ListLoad => egret_jit_list_load, 4, false;
    ListStore => egret_jit_list_store, 4, false;
    ListLen => egret_jit_list_len, 1, false;
    TupleLoad => egret_jit_tuple_load, 4, false;
    Decref => egret_jit_decref, 1, false;
    BoxFloat => egret_jit_box_float, 1, false;
    Binary => egret_jit_binary, 5, true;
    Compare => egret_jit_compare, 5, true;
    Truthy => egret_jit_truthy, 2, true;
    Unary => egret_jit_unary, 4, true;
    Getattr => egret_jit_getattr, 5, true;
    Setattr => egret_jit_setattr, 5, true;
    LoadMethod => egret_jit_load_method, 5, true;
    Call => egret_jit_call, 4, true;
    LoadGlobal => egret_jit_load_global, 4, true;
    IsBuiltin => egret_jit_is_builtin, 3, false;
    Getitem => egret_jit_getitem, 4, true;
    Setitem => egret_jit_setitem, 4, true;
    Build => egret_jit_build, 3, true;
    Unpack => egret_jit_unpack, 4, true;
    GetIter => egret_jit_get_iter, 3, true;
    ForIter => egret_jit_for_iter, 3, true;
    Contains => egret_jit_contains, 3, true;
    RunPending => egret_jit_run_pending, 1, true;
    RunFinalizers => egret_jit_run_finalizers, 1, true;
    BuildOp => egret_jit_build_op, 6, true;
    ContainerAdd => egret_jit_container_add, 5, true;
    CallKw => egret_jit_call_kw, 4, true;
    LoadDeref => egret_jit_load_deref, 4, false;
    StoreDeref => egret_jit_store_deref, 3, false;
    MakeFunction => egret_jit_make_function, 4, false;
    LoadName => egret_jit_load_name, 4, true;
    StoreName => egret_jit_store_name, 4, true;
}

/// The index into a sequence of `len` items that Python's `seq[index]` means.
fn normalize(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 { index + len } else { index };
    (0..len).contains(&i).then_some(i as usize)
}

/// The raw word of `v` if it is of `kind` (exactly: subclasses are left to
/// the interpreter).
fn word_of(v: &Value, kind: i64) -> Option<i64> {
    match kind {
        KIND_INT => v.as_small(),
        KIND_FLOAT if v.is_exact(&egret_runtime::object::types::types().float) => {
            egret_runtime::objects::float::float_of(v).map(|f| f.to_bits() as i64)
        }
        _ => None,
    }
}

/// `out[0] = list[index]` for an element of `kind`.
pub(crate) unsafe extern "C" fn egret_jit_list_load(
    list: u64,
    index: i64,
    kind: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: compiled code passes the bits of a live list (see the module doc).
    let list = unsafe { Value::borrow_bits(list) };
    let Some(data) = list.downcast::<ListData>() else {
        return FAILED;
    };
    let Ok(items) = data.items.try_borrow() else {
        return FAILED;
    };
    let Some(word) = normalize(index, items.len()).and_then(|i| word_of(&items[i], kind)) else {
        return FAILED;
    };
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = word };
    OK
}

/// `list[index] = word` (boxed as `kind`).
pub(crate) unsafe extern "C" fn egret_jit_list_store(
    list: u64,
    index: i64,
    kind: i64,
    word: i64,
) -> i64 {
    // SAFETY: as in `egret_jit_list_load`.
    let list = unsafe { Value::borrow_bits(list) };
    let Some(data) = list.downcast::<ListData>() else {
        return FAILED;
    };
    let Some(i) = data
        .items
        .try_borrow()
        .ok()
        .and_then(|items| normalize(index, items.len()))
    else {
        return FAILED;
    };
    let value = match kind {
        KIND_INT => egret_runtime::objects::int::from_i64(word),
        KIND_FLOAT => egret_runtime::objects::float::new_float(f64::from_bits(word as u64)),
        KIND_BOOL => egret_runtime::vm::py_bool(word != 0),
        _ => return FAILED,
    };
    // The old element is dropped after the list is released: its
    // destruction may not look at the list while it is borrowed.
    let old = match data.items.try_borrow_mut() {
        Ok(mut items) => std::mem::replace(&mut items[i], value),
        Err(_) => return FAILED,
    };
    drop(old);
    OK
}

/// `out[0] = tuple[index]` for an element of `kind`.
pub(crate) unsafe extern "C" fn egret_jit_tuple_load(
    tuple: u64,
    index: i64,
    kind: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: compiled code passes the bits of a live tuple (module doc).
    let tuple = unsafe { Value::borrow_bits(tuple) };
    let Some(data) = tuple.downcast::<TupleData>() else {
        return FAILED;
    };
    let Some(word) = normalize(index, data.items.len()).and_then(|i| word_of(&data.items[i], kind))
    else {
        return FAILED;
    };
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = word };
    OK
}

/// `len(seq)` of a list or tuple (-1 for anything else).
pub(crate) unsafe extern "C" fn egret_jit_list_len(seq: u64) -> i64 {
    // SAFETY: compiled code passes the bits of a live list or tuple.
    let seq = unsafe { Value::borrow_bits(seq) };
    if let Some(t) = seq.downcast::<TupleData>() {
        return t.items.len() as i64;
    }
    seq.downcast::<ListData>()
        .and_then(|d| d.items.try_borrow().ok().map(|items| items.len() as i64))
        .unwrap_or(-1)
}

/// `out[0] = x ** y` for floats (as bits), computed by the C library's
/// `pow` as CPython does. Everything CPython treats specially (a zero or
/// negative base with a non-integer or negative exponent, infinities, nan,
/// overflow) is left to the interpreter.
pub(crate) unsafe extern "C" fn egret_jit_float_pow(x: i64, y: i64, out: *mut i64) -> i64 {
    let (x, y) = (f64::from_bits(x as u64), f64::from_bits(y as u64));
    if !x.is_finite() || !y.is_finite() || (x <= 0.0 && (y.fract() != 0.0 || y < 0.0)) {
        return FAILED;
    }
    let r = x.powf(y);
    if !r.is_finite() {
        return FAILED;
    }
    // SAFETY: `out` points to a word of the compiled function's stack frame.
    unsafe { *out = r.to_bits() as i64 };
    OK
}

// ----- Generic helpers -----
//
// They work on boxed values (`Ty::Obj`): the bits of a `Value` the compiled
// code owns. A helper consumes the values passed to it (takes over their
// references) unless it returns `FAILED`, and writes owned results. They
// may run any Python code. An exception is kept here (`take_error`) and the
// helper returns `RAISED`; the compiled code then leaves through an exit that
// resumes the interpreter with the exception pending at that instruction.

use egret_bytecode::{BinOp, CmpOp};
use egret_runtime::objects::function::CodeRt;
use egret_runtime::vm::{PyErr, PyResult, Vm};

/// Status: an exception was raised (see `take_error`).
pub const RAISED: i64 = 2;

/// What compiled code passes to generic helpers: the interpreter and the
/// globals of the function being run.
#[repr(C)]
pub struct Ctx {
    pub vm: *mut Vm,
    pub globals: u64,
    /// Set while finalizers or callbacks wait (read at loop back-edges).
    pub work: *const bool,
    /// The cells of the running code (cellvars, then freevars).
    pub cells: *const Value,
    /// The namespace of a module or class body (`LOAD_NAME`), or 0.
    pub locals: u64,
    /// Where a generic plan writes its locals before calls that can run
    /// Python code (one word per local), and the number of the
    /// `SpillPoint` it wrote them at (-1 before the first).
    pub spill: *mut i64,
    pub point: std::cell::Cell<i64>,
    /// Set when a frame object was made for the running frame: the
    /// compiled code leaves for the interpreter instead of returning.
    pub escaped: std::cell::Cell<i64>,
    /// The status of the last helper called through a register-preserving
    /// trampoline (`lower::PRESERVING`), which cannot return one.
    pub status: std::cell::Cell<i64>,
}

/// Offsets of `Ctx`'s fields, for compiled code.
pub const CTX_WORK: i32 = 16;
pub const CTX_CELLS: i32 = 24;
pub const CTX_SPILL: i32 = 40;
pub const CTX_POINT: i32 = 48;
pub const CTX_ESCAPED: i32 = 56;
pub const CTX_STATUS: i32 = 64;

const _: () = {
    use std::mem::offset_of;
    assert!(offset_of!(Ctx, work) == CTX_WORK as usize);
    assert!(offset_of!(Ctx, cells) == CTX_CELLS as usize);
    assert!(offset_of!(Ctx, spill) == CTX_SPILL as usize);
    assert!(offset_of!(Ctx, point) == CTX_POINT as usize);
    assert!(offset_of!(Ctx, escaped) == CTX_ESCAPED as usize);
    assert!(offset_of!(Ctx, status) == CTX_STATUS as usize);
};

impl Ctx {
    /// A context for compiled code run by `vm` with `globals`.
    pub fn new(
        vm: &mut Vm,
        globals: &Value,
        cells: *const Value,
        locals: u64,
        spill: *mut i64,
    ) -> Ctx {
        Ctx {
            work: vm.pending_work_flag(),
            vm: vm as *mut Vm,
            globals: globals.to_bits(),
            cells,
            locals,
            spill,
            point: std::cell::Cell::new(-1),
            escaped: std::cell::Cell::new(0),
            status: std::cell::Cell::new(OK),
        }
    }
}

/// What a frame run by compiled code shows (`jit::LiveFrame`): the locals
/// the compiled code wrote at its last spill point.
pub struct LiveView {
    pub ctx: *const Ctx,
    pub spills: *const [crate::deopt::SpillPoint],
}

impl LiveView {
    fn point(&self) -> Option<&crate::deopt::SpillPoint> {
        // SAFETY: a LiveView is made for one run of compiled code and is
        // the frame's `live` only while that run lasts, with its context
        // and its version's spill points alive.
        let (ctx, spills) = unsafe { (&*self.ctx, &*self.spills) };
        usize::try_from(ctx.point.get())
            .ok()
            .and_then(|k| spills.get(k))
    }
}

impl egret_runtime::interp::jit::LiveFrame for LiveView {
    fn pc(&self) -> Option<usize> {
        self.point().map(|p| p.pc + 1)
    }

    fn fast(&self, frame_fast: &[Option<Value>]) -> Vec<Option<Value>> {
        match self.point() {
            // SAFETY: the compiled code wrote the spill area at this point
            // and is suspended in a call (the only time Python code runs).
            Some(p) => unsafe { p.read((*self.ctx).spill, frame_fast) },
            None => frame_fast.to_vec(),
        }
    }

    fn escape(&self) {
        // SAFETY: as in `point`.
        unsafe { (*self.ctx).escaped.set(1) };
    }
}

egret_runtime::gil_local! {
    static ERROR: std::cell::RefCell<Option<PyErr>> = const { std::cell::RefCell::new(None) };
}

/// The exception the last helper that returned `RAISED` raised.
pub fn take_error() -> Option<PyErr> {
    ERROR.with(|e| e.borrow_mut().take())
}

fn raise(e: PyErr) -> i64 {
    ERROR.with(|c| *c.borrow_mut() = Some(e));
    RAISED
}

/// Takes over the reference the bits stand for.
///
/// # Safety
/// `bits` must be an owned, non-zero `Value` of the compiled code.
unsafe fn owned(bits: i64) -> Value {
    // SAFETY: the caller gives up its reference, which the result now holds.
    std::mem::ManuallyDrop::into_inner(unsafe { Value::borrow_bits(bits as u64) })
}

/// Gives the reference `v` holds to the compiled code.
fn give(v: Value) -> i64 {
    let bits = v.to_bits() as i64;
    std::mem::forget(v);
    bits
}

/// # Safety
/// `ctx` must point to the live `Ctx` compiled code was entered with.
unsafe fn ctx<'a>(ctx: i64) -> (&'a mut Vm, &'a Value) {
    // SAFETY: see above; the globals are kept alive by the running function.
    unsafe {
        let c = &*(ctx as *const Ctx);
        (&mut *c.vm, &*(&c.globals as *const u64 as *const Value))
    }
}

/// Writes `r` to `out` or keeps its exception.
///
/// # Safety
/// `out` must point to a writable word.
unsafe fn put(r: PyResult, out: *mut i64) -> i64 {
    match r {
        Ok(v) => {
            // SAFETY: see above.
            unsafe { *out = give(v) };
            OK
        }
        Err(e) => raise(e),
    }
}

/// Gives up a reference (0 and small ints are ignored).
pub(crate) unsafe extern "C" fn egret_jit_decref(bits: i64) -> i64 {
    if bits != 0 {
        // SAFETY: compiled code passes a reference it owns.
        drop(unsafe { owned(bits) });
    }
    OK
}

/// A float object for the bits of an f64.
pub extern "C" fn egret_jit_box_float(bits: i64) -> i64 {
    give(egret_runtime::objects::float::new_float(f64::from_bits(
        bits as u64,
    )))
}

/// `a op b`; `op` is 2 * the index in `BinOp::ALL`, plus 1 for the in-place form.
pub(crate) unsafe extern "C" fn egret_jit_binary(
    c: i64,
    op: i64,
    a: i64,
    b: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let (a, b) = (owned(a), owned(b));
        let bop = BinOp::ALL[(op >> 1) as usize];
        // The interpreter's fast paths: small ints, then floats.
        if let (Some(x), Some(y)) = (a.as_small(), b.as_small())
            && let Some(v) = egret_runtime::interp::fast::small_int_fast(x, y, bop)
        {
            *out = give(v);
            return OK;
        }
        if let Some(r) = egret_runtime::interp::fast::float_fast(&a, &b, bop) {
            *out = give(egret_runtime::objects::float::new_float(r));
            return OK;
        }
        let r = vm.binary_op(&a, &b, bop, op & 1 == 1);
        drop((a, b));
        put(r, out)
    }
}

/// `a op b` for the comparison at index `op` of `CmpOp::ALL`.
pub(crate) unsafe extern "C" fn egret_jit_compare(
    c: i64,
    op: i64,
    a: i64,
    b: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let (a, b) = (owned(a), owned(b));
        let cop = CmpOp::ALL[op as usize];
        // The interpreter's fast paths: small ints, exact floats.
        if let Some(r) = egret_runtime::interp::fast::compare_fast(&a, &b, cop) {
            *out = give(egret_runtime::vm::py_bool(r));
            return OK;
        }
        let r = vm.compare(&a, &b, cop);
        drop((a, b));
        put(r, out)
    }
}

/// The truth of `a`: 0 or 1, or `RAISED`.
pub(crate) unsafe extern "C" fn egret_jit_truthy(c: i64, a: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let a = owned(a);
        let r = vm.truthy(&a);
        drop(a);
        match r {
            Ok(b) => i64::from(b),
            Err(e) => raise(e),
        }
    }
}

/// `-a` (kind 0), `+a` (1) or `~a` (2).
pub(crate) unsafe extern "C" fn egret_jit_unary(c: i64, kind: i64, a: i64, out: *mut i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let a = owned(a);
        let r = match kind {
            0 => vm.unary_neg(&a),
            1 => vm.unary_pos(&a),
            _ => vm.unary_invert(&a),
        };
        drop(a);
        put(r, out)
    }
}

/// `obj.name` (`name`: the bits of an interned str the code keeps alive;
/// `site`: the instruction's `AttrSite`, kept by the compiled version).
pub(crate) unsafe extern "C" fn egret_jit_getattr(
    c: i64,
    obj: i64,
    name: i64,
    site: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let obj = owned(obj);
        let name = Value::borrow_bits(name as u64);
        let site = &*(site as *const egret_runtime::protocols::attr::AttrSite);
        let r = vm.getattr_at(site, &obj, &name);
        drop(obj);
        put(r, out)
    }
}

/// `obj.name = value`.
pub(crate) unsafe extern "C" fn egret_jit_setattr(
    c: i64,
    obj: i64,
    name: i64,
    value: i64,
    site: i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `site` is 0 or the instruction's
    // AttrSite, kept alive by the version.
    unsafe {
        let (vm, _) = ctx(c);
        let (obj, value) = (owned(obj), owned(value));
        let name = Value::borrow_bits(name as u64);
        let r = match (site as *const egret_runtime::protocols::attr::AttrSite).as_ref() {
            Some(site) => vm.setattr_at(site, &obj, &name, value),
            None => vm.setattr(&obj, &name, value),
        };
        drop(obj);
        match r {
            Ok(()) => OK,
            Err(e) => raise(e),
        }
    }
}

/// `LOAD_METHOD`: writes (method, self) or (attribute, NULL) to `out[0..2]`.
pub(crate) unsafe extern "C" fn egret_jit_load_method(
    c: i64,
    obj: i64,
    name: i64,
    site: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let obj = owned(obj);
        let name = Value::borrow_bits(name as u64);
        let site = &*(site as *const egret_runtime::protocols::attr::AttrSite);
        match vm.load_method_at(site, &obj, &name) {
            Ok((f, true)) => {
                *out = give(f);
                *out.add(1) = give(obj);
                OK
            }
            Ok((attr, false)) => {
                *out = give(attr);
                *out.add(1) = 0;
                OK
            }
            Err(e) => raise(e),
        }
    }
}

/// `CALL n`: `argv` holds the callable, self or NULL, then `n` arguments.
/// Returns `FAILED` (consuming nothing) for a builtin that needs the
/// caller's frame.
pub(crate) unsafe extern "C" fn egret_jit_call(
    c: i64,
    argv: *mut i64,
    n: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `argv` holds n + 2 owned words
    // (the second may be 0).
    unsafe {
        let (vm, _) = ctx(c);
        let n = n as usize;
        let has_self = *argv.add(1) != 0;
        let callable = Value::borrow_bits(*argv as u64);
        let nargs = n + usize::from(has_self);
        if vm.call_needs_frame(&callable, nargs) {
            return FAILED;
        }
        if vm.has_pending_work() {
            vm.run_pending();
        }
        // The arguments are used in place: a `Value` is one word, and the
        // words after the callable (from self, when there is one) are
        // owned non-zero values, given up to the call and dropped after.
        let first = if has_self { 1 } else { 2 };
        let args = std::slice::from_raw_parts_mut(argv.add(first) as *mut Value, nargs);
        let r = egret_runtime::interp::jit::call_given(vm, &callable, args);
        std::ptr::drop_in_place(args as *mut [Value]);
        drop(std::mem::ManuallyDrop::into_inner(callable));
        put(r, out)
    }
}

/// `LOAD_GLOBAL` of `code.names[i]`.
pub(crate) unsafe extern "C" fn egret_jit_load_global(
    c: i64,
    code: i64,
    i: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `code` is the CodeRt being run.
    unsafe {
        let (vm, globals) = ctx(c);
        let code = &*(code as *const CodeRt);
        put(vm.load_global_cached(code, globals, i as usize), out)
    }
}

/// 0 if the global `name` still means the builtin of that name, 1 if not.
pub(crate) unsafe extern "C" fn egret_jit_is_builtin(c: i64, code: i64, i: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, globals) = ctx(c);
        let code = &*(code as *const CodeRt);
        let name = &code.code.names[i as usize];
        // `range` is a type, not one of the builtin functions.
        let same = if name == "range" {
            vm.lookup_global(globals, name)
                .is_some_and(|r| r.is(&egret_runtime::object::types::types().range))
        } else {
            vm.global_is_builtin(globals, name)
        };
        i64::from(!same)
    }
}

/// `obj[key]`.
pub(crate) unsafe extern "C" fn egret_jit_getitem(
    c: i64,
    obj: i64,
    key: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let (obj, key) = (owned(obj), owned(key));
        // The interpreter's fast path: an exact list and a small int.
        if let (Some(l), Some(i)) = (obj.downcast::<ListData>(), key.as_small())
            && obj.is_exact(&egret_runtime::object::types::types().list)
        {
            let found = {
                let items = l.items.borrow();
                normalize(i, items.len()).map(|j| items[j].clone())
            };
            if let Some(v) = found {
                *out = give(v);
                return OK;
            }
        }
        let r = vm.getitem(&obj, &key);
        drop((obj, key));
        put(r, out)
    }
}

/// `obj[key] = value`.
pub(crate) unsafe extern "C" fn egret_jit_setitem(c: i64, value: i64, obj: i64, key: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let (value, obj, key) = (owned(value), owned(obj), owned(key));
        let r = vm.setitem(&obj, key, value);
        drop(obj);
        match r {
            Ok(()) => OK,
            Err(e) => raise(e),
        }
    }
}

/// A tuple (kind 0) or list (kind 1) of the `n` words at `argv`.
pub(crate) unsafe extern "C" fn egret_jit_build(argv: *const i64, n: i64, kind: i64) -> i64 {
    // SAFETY: `argv` holds n owned words.
    unsafe {
        let items: Vec<Value> = std::slice::from_raw_parts(argv, n as usize)
            .iter()
            .map(|w| owned(*w))
            .collect();
        give(if kind == 0 {
            egret_runtime::objects::tuple::new_tuple(items)
        } else {
            egret_runtime::objects::list::new_list(items)
        })
    }
}

/// `UNPACK_SEQUENCE n`: the items, last first, to `out[0..n]`.
pub(crate) unsafe extern "C" fn egret_jit_unpack(c: i64, seq: i64, n: i64, out: *mut i64) -> i64 {
    // SAFETY: the module doc's conditions; `out` has n words.
    unsafe {
        let (vm, _) = ctx(c);
        let seq = owned(seq);
        let r = vm.unpack(&seq, n as usize);
        drop(seq);
        match r {
            Ok(items) => {
                for (k, v) in items.into_iter().rev().enumerate() {
                    *out.add(k) = give(v);
                }
                OK
            }
            Err(e) => raise(e),
        }
    }
}

/// `iter(obj)`.
pub(crate) unsafe extern "C" fn egret_jit_get_iter(c: i64, obj: i64, out: *mut i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let obj = owned(obj);
        let r = vm.get_iter(&obj);
        drop(obj);
        put(r, out)
    }
}

/// `FOR_ITER` on a borrowed iterator: OK with the item in `out`, FAILED
/// when exhausted, or RAISED.
pub(crate) unsafe extern "C" fn egret_jit_for_iter(c: i64, it: i64, out: *mut i64) -> i64 {
    // SAFETY: the module doc's conditions; the iterator stays owned by the caller.
    unsafe {
        let (vm, _) = ctx(c);
        let it = Value::borrow_bits(it as u64);
        match vm.next(&it) {
            Ok(Some(v)) => {
                *out = give(v);
                OK
            }
            Ok(None) => FAILED,
            Err(e) => raise(e),
        }
    }
}

/// `item in container`: 0 or 1, or RAISED.
pub(crate) unsafe extern "C" fn egret_jit_contains(c: i64, item: i64, container: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let (item, container) = (owned(item), owned(container));
        let r = vm.contains(&container, &item);
        drop((item, container));
        match r {
            Ok(b) => i64::from(b),
            Err(e) => raise(e),
        }
    }
}

/// Runs the finalizers (`__del__`) and weak reference callbacks that
/// queued while the last instruction ran. Cannot raise: what a finalizer
/// raises is reported, as CPython reports it.
pub(crate) unsafe extern "C" fn egret_jit_run_finalizers(c: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    let (vm, _) = unsafe { ctx(c) };
    vm.run_pending();
    OK
}

/// Runs waiting finalizers, callbacks and signal handlers (at a loop's
/// back-edge). `FAILED` when a signal handler raised: the exception is
/// kept for the interpreter, which raises it at the back-edge the compiled
/// code then leaves at.
pub(crate) unsafe extern "C" fn egret_jit_run_pending(c: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    let (vm, _) = unsafe { ctx(c) };
    if !vm.has_pending_work() {
        return OK;
    }
    let before = egret_runtime::gil::python_ran_count();
    match vm.handle_pending() {
        Ok(()) if egret_runtime::gil::python_ran_count() == before => OK,
        // Python code ran (another thread, a handler, a finalizer).
        Ok(()) => RAN,
        Err(e) => {
            vm.async_exc = Some(e);
            egret_runtime::object::finalize::wake();
            FAILED
        }
    }
}

/// Instructions that build one value from the `n` words at `argv` (kinds
/// for `egret_jit_build_op`).
pub const OP_MAP: i64 = 0;
pub const OP_STRING: i64 = 1;
pub const OP_FORMAT: i64 = 2;
pub const OP_SLICE: i64 = 3;
pub const OP_SET: i64 = 4;

/// `BUILD_MAP`, `BUILD_STRING`, `FORMAT_VALUE arg`, `BUILD_SLICE` or
/// `BUILD_SET` of the `n` owned words at `argv`, as the interpreter does it.
pub(crate) unsafe extern "C" fn egret_jit_build_op(
    c: i64,
    kind: i64,
    arg: i64,
    argv: *const i64,
    n: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `argv` holds n owned words.
    unsafe {
        let (vm, _) = ctx(c);
        let items: Vec<Value> = std::slice::from_raw_parts(argv, n as usize)
            .iter()
            .map(|w| owned(*w))
            .collect();
        let t = egret_runtime::object::types::types();
        let r: PyResult = match kind {
            OP_MAP => {
                let d = egret_runtime::objects::dict::new_dict(
                    egret_runtime::objects::dict::DictTable::new(),
                );
                let mut r = Ok(());
                if let Some(dd) = d.downcast::<egret_runtime::objects::dict::DictData>() {
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        r = egret_runtime::objects::dict::set(vm, &dd.table, k, v);
                        if r.is_err() {
                            break;
                        }
                    }
                }
                r.map(|()| d)
            }
            OP_STRING => {
                let mut s = String::new();
                for v in &items {
                    s.push_str(&egret_runtime::interp::str_of(v));
                }
                Ok(egret_runtime::objects::str::new_str(&s))
            }
            OP_FORMAT => {
                let mut it = items.into_iter();
                match it.next() {
                    Some(v) => {
                        let spec = it.next();
                        let v = match arg & 3 {
                            1 => vm.str_value(&v),
                            2 => vm.repr_value(&v),
                            3 => vm.ascii_value(&v),
                            _ => Ok(v),
                        };
                        let spec = spec
                            .as_ref()
                            .map(egret_runtime::interp::str_of)
                            .unwrap_or_default();
                        v.and_then(|v| vm.format(&v, &spec))
                    }
                    None => Ok(t.none.clone()),
                }
            }
            OP_SLICE => {
                let mut it = items.into_iter();
                let start = it.next().unwrap_or_else(|| t.none.clone());
                let stop = it.next().unwrap_or_else(|| t.none.clone());
                let step = it.next().unwrap_or_else(|| t.none.clone());
                Ok(egret_runtime::objects::range::new_slice(start, stop, step))
            }
            _ => {
                let s = egret_runtime::objects::set::new_set(&t.set);
                let mut r = Ok(());
                for v in items {
                    r = egret_runtime::objects::set::add(vm, &s, v);
                    if r.is_err() {
                        break;
                    }
                }
                r.map(|()| s)
            }
        };
        put(r, out)
    }
}

/// `LIST_APPEND` (kind 0), `SET_ADD` (1) or `MAP_ADD` (2): adds the owned
/// `a` (and `b`, the value of MAP_ADD) to the borrowed `container`.
pub(crate) unsafe extern "C" fn egret_jit_container_add(
    c: i64,
    kind: i64,
    container: i64,
    a: i64,
    b: i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let container = Value::borrow_bits(container as u64);
        let a = owned(a);
        let r = match kind {
            0 => match container.downcast::<ListData>() {
                Some(l) => {
                    l.items.borrow_mut().push(a);
                    Ok(())
                }
                None => Ok(()),
            },
            1 => egret_runtime::objects::set::add(vm, &container, a),
            _ => match container.downcast::<egret_runtime::objects::dict::DictData>() {
                Some(d) => egret_runtime::objects::dict::set(vm, &d.table, a, owned(b)),
                None => Ok(()),
            },
        };
        match r {
            Ok(()) => OK,
            Err(e) => raise(e),
        }
    }
}

/// `CALL_KW n`: `argv` holds the callable, self or NULL, `n` arguments
/// (the last ones passed by keyword) and the tuple of keyword names.
pub(crate) unsafe extern "C" fn egret_jit_call_kw(
    c: i64,
    argv: *const i64,
    n: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `argv` holds n + 3 owned words.
    unsafe {
        let (vm, _) = ctx(c);
        let n = n as usize;
        let words = std::slice::from_raw_parts(argv, n + 3);
        let callable = Value::borrow_bits(words[0] as u64);
        if vm.call_needs_frame(&callable, 1) {
            return FAILED;
        }
        if vm.has_pending_work() {
            vm.run_pending();
        }
        let callable = owned(words[0]);
        let recv = (words[1] != 0).then(|| owned(words[1]));
        let mut args: Vec<Value> = words[2..n + 2].iter().map(|w| owned(*w)).collect();
        let names = owned(words[n + 2]);
        let kw_names: Vec<Value> = names
            .downcast::<TupleData>()
            .map(|t| t.items.to_vec())
            .unwrap_or_default();
        let kw_values = args.split_off(args.len().saturating_sub(kw_names.len()));
        let mut kwargs: Vec<(Value, Value)> = kw_names.into_iter().zip(kw_values).collect();
        if let Some(r) = recv {
            args.insert(0, r);
        }
        let r = egret_runtime::interp::jit::call_given_kw(vm, &callable, &mut args, &mut kwargs);
        drop(args);
        drop(kwargs);
        drop(callable);
        put(r, out)
    }
}

/// The cell `i` of the running code.
///
/// # Safety
/// `c` must be the live `Ctx` of code with at least `i + 1` cells.
unsafe fn cell<'a>(c: i64, i: i64) -> Option<&'a egret_runtime::objects::function::CellData> {
    // SAFETY: see above.
    unsafe {
        let cells = (*(c as *const Ctx)).cells;
        (*cells.add(i as usize)).downcast::<egret_runtime::objects::function::CellData>()
    }
}

/// `LOAD_DEREF i` (`code`: the CodeRt, for the error naming the variable).
pub(crate) unsafe extern "C" fn egret_jit_load_deref(
    c: i64,
    code: i64,
    i: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, _) = ctx(c);
        let v = cell(c, i).and_then(|cd| cd.value.borrow().clone());
        match v {
            Some(v) => {
                *out = give(v);
                OK
            }
            None => raise(vm.unbound_deref(&*(code as *const CodeRt), i as usize)),
        }
    }
}

/// `STORE_DEREF i`.
pub(crate) unsafe extern "C" fn egret_jit_store_deref(c: i64, i: i64, value: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let value = owned(value);
        if let Some(cd) = cell(c, i) {
            let old = cd.value.replace(Some(value));
            drop(old);
        }
    }
    OK
}

/// `MAKE_FUNCTION flags`: `argv` holds (bottom first) the defaults, keyword
/// defaults, annotations and closure the flags announce, then the code.
pub(crate) unsafe extern "C" fn egret_jit_make_function(
    c: i64,
    flags: i64,
    argv: *const i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions; `argv` holds the owned words.
    unsafe {
        let (vm, globals) = ctx(c);
        let n = (flags & 15).count_ones() as usize + 1;
        let mut words = std::slice::from_raw_parts(argv, n)
            .iter()
            .map(|w| owned(*w));
        let mut next_if = |bit: i64| if flags & bit != 0 { words.next() } else { None };
        let defaults = next_if(1);
        let kwdefaults = next_if(2);
        let annotations = next_if(4);
        let closure = next_if(8);
        let Some(code) = words.next() else {
            return raise(vm.runtime_error("MAKE_FUNCTION without a code object"));
        };
        let func = vm.make_function(globals, &code, defaults, kwdefaults, closure);
        if let Some(fd) = func.downcast::<egret_runtime::objects::function::FunctionData>() {
            *fd.annotations.borrow_mut() = annotations;
        }
        *out = give(func);
        OK
    }
}

/// `LOAD_NAME` of `code.names[i]`: the body's namespace, then the globals
/// and builtins.
pub(crate) unsafe extern "C" fn egret_jit_load_name(
    c: i64,
    code: i64,
    i: i64,
    out: *mut i64,
) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, globals) = ctx(c);
        let code = &*(code as *const CodeRt);
        let locals = (*(c as *const Ctx)).locals;
        if locals != 0 {
            let ns = Value::borrow_bits(locals);
            match vm.mapping_get(&ns, &code.names[i as usize]) {
                Ok(Some(v)) => {
                    *out = give(v);
                    return OK;
                }
                Ok(None) => {}
                Err(e) => return raise(e),
            }
        }
        put(vm.load_global_cached(code, globals, i as usize), out)
    }
}

/// `STORE_NAME` of `code.names[i]` (into the body's namespace, or the
/// globals when there is none).
pub(crate) unsafe extern "C" fn egret_jit_store_name(c: i64, code: i64, i: i64, value: i64) -> i64 {
    // SAFETY: the module doc's conditions.
    unsafe {
        let (vm, globals) = ctx(c);
        let code = &*(code as *const CodeRt);
        let value = owned(value);
        let locals = (*(c as *const Ctx)).locals;
        let target = if locals != 0 {
            (*Value::borrow_bits(locals)).clone()
        } else {
            globals.clone()
        };
        match vm.setitem(&target, code.names[i as usize].clone(), value) {
            Ok(()) => OK,
            Err(e) => raise(e),
        }
    }
}
