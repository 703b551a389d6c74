//! `_sqlite3`: CPython's sqlite3 driver over the SQLite library bundled by
//! `libsqlite3-sys` (the sys crate of rusqlite). rusqlite's own API ties a
//! statement's lifetime to a borrow of its connection, which a Python
//! cursor cannot hold across calls; the driver needs SQLite's C API as
//! CPython's C module uses it, so it calls the sys crate directly.
//!
//! Two native object types hold SQLite's handles: `_Db` (a connection,
//! closed with `sqlite3_close_v2` when the object dies or is closed, so
//! statements still alive keep it valid) and `_Stmt` (a prepared
//! statement, holding its `_Db`, finalized when it dies). Everything of
//! the DB-API (connections, cursors, rows, transactions, adapters and
//! converters, argument checks and errors) is the Python layer in
//! `sqlite3.py`, run in the module's namespace at first import; these
//! primitives raise its exception classes, found in that namespace.
//!
//! Callbacks (user functions, aggregates, window functions, collations,
//! the authorizer, progress handler and trace callback) run Python code
//! from inside SQLite: the primitives that can reach them (`step`,
//! `prepare`, `exec`) publish the running `Vm` in `CURRENT_VM` while
//! SQLite runs. A callback's Python exception is reported through
//! `sys.unraisablehook` when callback tracebacks are enabled and becomes
//! the SQLite error CPython reports.

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::ptr;

use libsqlite3_sys as ffi;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::new_bytes;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::float::{float_of, new_float};
use crate::objects::function::NativeFn;
use crate::objects::int::{from_i64, to_i64};
use crate::objects::module::new_module;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyErr, PyResult, Vm, py_bool};

const SOURCE: &str = include_str!("sqlite3.py");

unsafe extern "C" {
    /// In the bundled library, but not among the sys crate's bindings:
    /// closes a connection once its last statement is finalized.
    fn sqlite3_close_v2(db: *mut ffi::sqlite3) -> c_int;
}

/// A connection handle.
struct Db {
    ptr: *mut ffi::sqlite3,
    /// The authorizer, progress handler and trace callback, boxed so that
    /// SQLite can hold their addresses.
    authorizer: Option<Box<Callback>>,
    progress: Option<Box<Callback>>,
    trace: Option<Box<Callback>>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the handle is open and owned by this object; close_v2
            // defers the close while statements are alive.
            unsafe {
                quiet_close(self.ptr);
            }
            self.ptr = ptr::null_mut();
        }
    }
}

/// A prepared statement.
struct Stmt {
    ptr: *mut ffi::sqlite3_stmt,
    /// The connection (its `_Db`), kept alive while the statement is.
    _db: Value,
    stepping: bool,
}

impl Drop for Stmt {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the statement is live and owned by this object.
            unsafe {
                quiet_finalize(self.ptr);
            }
            self.ptr = ptr::null_mut();
        }
    }
}

/// A Python callable SQLite calls back, with what the callback needs to
/// report its errors.
struct Callback {
    func: Value,
}

/// An aggregate's or window function's state in SQLite's aggregate
/// context: the instance of the Python class (null until the first step).
type AggSlot = *mut Value;

crate::gil_local! {
    static DB_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
    static STMT_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
    /// The module's namespace (its exception classes, the callback
    /// tracebacks flag).
    static NS: RefCell<Option<Value>> = const { RefCell::new(None) };
    /// The Vm running SQLite code that may call back into Python.
    static CURRENT_VM: Cell<*mut Vm> = const { Cell::new(ptr::null_mut()) };
}

fn db_type() -> Value {
    DB_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("_sqlite3._Db"))
            .clone()
    })
}

fn stmt_type() -> Value {
    STMT_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("_sqlite3._Stmt"))
            .clone()
    })
}

fn ns_get(name: &str) -> Option<Value> {
    NS.with(|n| {
        n.borrow()
            .as_ref()
            .and_then(|ns| ns.downcast::<DictData>())
            .and_then(|d| d.table.borrow().get_str(name))
    })
}

/// An exception of the module's class `cls` (falls back to RuntimeError
/// before the Python layer has defined it).
fn sql_err(vm: &Vm, cls: &str, msg: impl AsRef<str>) -> PyErr {
    match ns_get(cls) {
        Some(c) => vm.err(&c, msg),
        None => vm.runtime_error(msg),
    }
}

/// SQLite's names of its result codes, as `sqlite_errorname` gives them.
const ERROR_NAMES: &[(c_int, &str)] = &[
    (ffi::SQLITE_ERROR, "SQLITE_ERROR"),
    (ffi::SQLITE_INTERNAL, "SQLITE_INTERNAL"),
    (ffi::SQLITE_PERM, "SQLITE_PERM"),
    (ffi::SQLITE_ABORT, "SQLITE_ABORT"),
    (ffi::SQLITE_BUSY, "SQLITE_BUSY"),
    (ffi::SQLITE_LOCKED, "SQLITE_LOCKED"),
    (ffi::SQLITE_NOMEM, "SQLITE_NOMEM"),
    (ffi::SQLITE_READONLY, "SQLITE_READONLY"),
    (ffi::SQLITE_INTERRUPT, "SQLITE_INTERRUPT"),
    (ffi::SQLITE_IOERR, "SQLITE_IOERR"),
    (ffi::SQLITE_CORRUPT, "SQLITE_CORRUPT"),
    (ffi::SQLITE_NOTFOUND, "SQLITE_NOTFOUND"),
    (ffi::SQLITE_FULL, "SQLITE_FULL"),
    (ffi::SQLITE_CANTOPEN, "SQLITE_CANTOPEN"),
    (ffi::SQLITE_PROTOCOL, "SQLITE_PROTOCOL"),
    (ffi::SQLITE_EMPTY, "SQLITE_EMPTY"),
    (ffi::SQLITE_SCHEMA, "SQLITE_SCHEMA"),
    (ffi::SQLITE_TOOBIG, "SQLITE_TOOBIG"),
    (ffi::SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"),
    (ffi::SQLITE_MISMATCH, "SQLITE_MISMATCH"),
    (ffi::SQLITE_MISUSE, "SQLITE_MISUSE"),
    (ffi::SQLITE_NOLFS, "SQLITE_NOLFS"),
    (ffi::SQLITE_AUTH, "SQLITE_AUTH"),
    (ffi::SQLITE_FORMAT, "SQLITE_FORMAT"),
    (ffi::SQLITE_RANGE, "SQLITE_RANGE"),
    (ffi::SQLITE_NOTADB, "SQLITE_NOTADB"),
    (ffi::SQLITE_NOTICE, "SQLITE_NOTICE"),
    (ffi::SQLITE_WARNING, "SQLITE_WARNING"),
    (ffi::SQLITE_ROW, "SQLITE_ROW"),
    (ffi::SQLITE_DONE, "SQLITE_DONE"),
];

/// The exception CPython raises for SQLite's error on `db` (the class by
/// the primary result code, `sqlite_errorcode`/`sqlite_errorname` from the
/// extended one, the message SQLite keeps).
fn db_error(vm: &mut Vm, db: *mut ffi::sqlite3) -> PyErr {
    // SAFETY: db is a live connection handle.
    let (code, msg) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db);
        let m = ffi::sqlite3_errmsg(db);
        let msg = if m.is_null() {
            String::from("unknown error")
        } else {
            CStr::from_ptr(m).to_string_lossy().into_owned()
        };
        (code, msg)
    };
    code_error(vm, code, &msg)
}

fn code_error(vm: &mut Vm, code: c_int, msg: &str) -> PyErr {
    let cls = match code & 0xff {
        ffi::SQLITE_OK => "Error",
        ffi::SQLITE_INTERNAL | ffi::SQLITE_NOTFOUND => "InternalError",
        ffi::SQLITE_NOMEM => return vm.memory_error(),
        ffi::SQLITE_ERROR
        | ffi::SQLITE_PERM
        | ffi::SQLITE_ABORT
        | ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_READONLY
        | ffi::SQLITE_INTERRUPT
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_FULL
        | ffi::SQLITE_CANTOPEN
        | ffi::SQLITE_PROTOCOL
        | ffi::SQLITE_EMPTY
        | ffi::SQLITE_SCHEMA => "OperationalError",
        ffi::SQLITE_CORRUPT => "DatabaseError",
        ffi::SQLITE_TOOBIG => "DataError",
        ffi::SQLITE_CONSTRAINT | ffi::SQLITE_MISMATCH => "IntegrityError",
        ffi::SQLITE_MISUSE | ffi::SQLITE_RANGE => "InterfaceError",
        _ => "DatabaseError",
    };
    let e = sql_err(vm, cls, msg);
    let name = error_name(code);
    let _ = vm.setattr_str(&e.exc, "sqlite_errorcode", from_i64(i64::from(code)));
    let _ = vm.setattr_str(&e.exc, "sqlite_errorname", new_str(&name));
    e
}

/// The name of an (extended) result code, as CPython's table gives it
/// ("unknown" for a code it does not name). Extended codes are above 255,
/// where no authorizer action or limit category lies.
fn error_name(code: c_int) -> String {
    if let Some((_, n)) = ERROR_NAMES.iter().find(|(c, _)| *c == code) {
        return (*n).to_string();
    }
    if code > 255
        && let Some((n, _)) = CONSTANTS
            .iter()
            .find(|(n, v)| *v == i64::from(code) && !n.starts_with("SQLITE_LIMIT_"))
    {
        return (*n).to_string();
    }
    "unknown".to_string()
}

fn int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    vm.index_value(v)
}

fn text(vm: &Vm, v: &Value, what: &str) -> PyResult<String> {
    match v.downcast::<StrData>() {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.type_error(format!("{what} must be str, not {}", v.type_data().name))),
    }
}

fn cstring(vm: &Vm, s: &str) -> PyResult<CString> {
    CString::new(s).map_err(|_| vm.value_error("embedded null character"))
}

/// The connection handle of `v` (a `_Db`), or ProgrammingError when it is
/// closed.
fn db_ptr(vm: &Vm, v: &Value) -> PyResult<*mut ffi::sqlite3> {
    let p = with_state(vm, v, "_sqlite3._Db", |d: &mut Db| d.ptr)?;
    if p.is_null() {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "Cannot operate on a closed database.",
        ));
    }
    Ok(p)
}

fn stmt_ptr(vm: &Vm, v: &Value) -> PyResult<*mut ffi::sqlite3_stmt> {
    let p = with_state(vm, v, "_sqlite3._Stmt", |s: &mut Stmt| s.ptr)?;
    if p.is_null() {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "Cannot operate on a finalized statement.",
        ));
    }
    Ok(p)
}

/// Runs `f` (SQLite code that may call back into Python) with `vm`
/// published for the callbacks.
fn with_vm<R>(vm: &mut Vm, f: impl FnOnce() -> R) -> R {
    let saved = CURRENT_VM.with(|c| c.replace(vm as *mut Vm));
    let r = f();
    CURRENT_VM.with(|c| c.set(saved));
    r
}

/// Runs `f` with no Vm published: SQLite code that must not run Python.
/// Resetting, finalizing or closing finishes a statement's pending
/// aggregates, and may happen while a reference count drops (a cursor or
/// a statement dying) in the middle of the interpreter's own work; the
/// aggregate callbacks then free their state without calling Python.
fn without_vm<R>(f: impl FnOnce() -> R) -> R {
    let saved = CURRENT_VM.with(|c| c.replace(ptr::null_mut()));
    let r = f();
    CURRENT_VM.with(|c| c.set(saved));
    r
}

/// `sqlite3_reset` without callbacks into Python (see `without_vm`).
///
/// # Safety
/// `st` is a live statement no step of which is running.
unsafe fn quiet_reset(st: *mut ffi::sqlite3_stmt) -> c_int {
    // SAFETY: see the function's contract.
    without_vm(|| unsafe { ffi::sqlite3_reset(st) })
}

/// `sqlite3_finalize` without callbacks into Python.
///
/// # Safety
/// `st` is a live statement, not used afterwards.
unsafe fn quiet_finalize(st: *mut ffi::sqlite3_stmt) -> c_int {
    // SAFETY: see the function's contract.
    without_vm(|| unsafe { ffi::sqlite3_finalize(st) })
}

/// `sqlite3_close_v2` without callbacks into Python.
///
/// # Safety
/// `db` is an open connection handle, not used afterwards.
unsafe fn quiet_close(db: *mut ffi::sqlite3) -> c_int {
    // SAFETY: see the function's contract.
    without_vm(|| unsafe { sqlite3_close_v2(db) })
}

/// The Vm published by `with_vm`, for a callback.
///
/// # Safety
/// Only called from a SQLite callback, while the `with_vm` that published
/// the pointer is running (the Vm outlives it and is not otherwise used
/// until SQLite returns).
unsafe fn current_vm<'a>() -> Option<&'a mut Vm> {
    let p = CURRENT_VM.with(Cell::get);
    // SAFETY: see the function's contract.
    unsafe { p.as_mut() }
}

// ----- values between SQLite and Python -----

/// A Python value of an SQLite value (a function's argument).
///
/// # Safety
/// `v` is a protected sqlite3_value of the running callback.
unsafe fn from_sqlite_value(v: *mut ffi::sqlite3_value) -> Value {
    // SAFETY: v is valid for the callback's duration.
    unsafe {
        match ffi::sqlite3_value_type(v) {
            ffi::SQLITE_INTEGER => from_i64(ffi::sqlite3_value_int64(v)),
            ffi::SQLITE_FLOAT => new_float(ffi::sqlite3_value_double(v)),
            ffi::SQLITE_TEXT => {
                let p = ffi::sqlite3_value_text(v);
                let n = ffi::sqlite3_value_bytes(v) as usize;
                let b = if p.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(p, n)
                };
                new_str(&String::from_utf8_lossy(b))
            }
            ffi::SQLITE_BLOB => {
                let p = ffi::sqlite3_value_blob(v).cast::<u8>();
                let n = ffi::sqlite3_value_bytes(v) as usize;
                let b = if p.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(p, n).to_vec()
                };
                new_bytes(b)
            }
            _ => types().none.clone(),
        }
    }
}

/// Why a Python value could not become a function's result.
enum ResultError {
    /// OverflowError (an int beyond 64 bits): SQLite's "too big".
    TooBig,
    /// Any other exception (or an unsupported type).
    Raised,
}

/// Sets the result of a user function to `v`.
///
/// # Safety
/// `ctx` is the running callback's context.
unsafe fn set_result(
    vm: &mut Vm,
    ctx: *mut ffi::sqlite3_context,
    v: &Value,
) -> Result<(), (ResultError, Option<PyErr>)> {
    // SAFETY: ctx is live; SQLITE_TRANSIENT makes SQLite copy the data.
    unsafe {
        if v.is(&types().none) {
            ffi::sqlite3_result_null(ctx);
        } else if matches!(v.kind(), Kind::Int | Kind::Bool) || v.as_small().is_some() {
            match to_i64(v) {
                Some(i) => ffi::sqlite3_result_int64(ctx, i),
                None => {
                    let e = vm.overflow_error("Python int too large to convert to SQLite INTEGER");
                    return Err((ResultError::TooBig, Some(e)));
                }
            }
        } else if let Some(f) = float_of(v) {
            ffi::sqlite3_result_double(ctx, f);
        } else if let Some(s) = v.downcast::<StrData>() {
            let s = s.as_str();
            ffi::sqlite3_result_text64(
                ctx,
                s.as_ptr().cast::<c_char>(),
                s.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as u8,
            );
        } else {
            match crate::objects::buffer::bytes_like_opt(vm, v) {
                Ok(Some(b)) => {
                    if b.len() > i32::MAX as usize {
                        return Err((ResultError::TooBig, None));
                    }
                    ffi::sqlite3_result_blob(
                        ctx,
                        b.as_ptr().cast::<c_void>(),
                        b.len() as c_int,
                        ffi::SQLITE_TRANSIENT(),
                    );
                }
                Ok(None) => return Err((ResultError::Raised, None)),
                Err(e) => return Err((ResultError::Raised, Some(e))),
            }
        }
    }
    Ok(())
}

/// Reports a callback's exception (through `sys.unraisablehook` when the
/// module's callback tracebacks are on) and forgets it.
fn report(vm: &mut Vm, e: &PyErr, obj: &Value) {
    let on = ns_get("_callback_tracebacks").is_some_and(|v| v.is(&types().true_));
    if on {
        vm.unraisable(e, obj, None);
    }
}

/// The callable in a callback's user data.
///
/// # Safety
/// `p` is the address of a live `Callback`.
unsafe fn callback_func(p: *mut c_void) -> Value {
    // SAFETY: see the function's contract.
    unsafe { (*p.cast::<Callback>()).func.clone() }
}

unsafe extern "C" fn destroy_callback(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: p came from Box::into_raw of a Callback (create_*).
        drop(unsafe { Box::from_raw(p.cast::<Callback>()) });
    }
}

/// The arguments of a function call as Python values.
///
/// # Safety
/// `argv` points to `argc` values of the running callback.
unsafe fn args_of(argc: c_int, argv: *mut *mut ffi::sqlite3_value) -> Vec<Value> {
    let mut args = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: see the function's contract.
        args.push(unsafe { from_sqlite_value(*argv.add(i)) });
    }
    args
}

unsafe fn result_error(ctx: *mut ffi::sqlite3_context, msg: &CStr) {
    // SAFETY: ctx is the running callback's context.
    unsafe { ffi::sqlite3_result_error(ctx, msg.as_ptr(), -1) }
}

/// Makes the callback's exception `e` its SQLite error, as CPython does:
/// MemoryError is SQLite's out-of-memory, OverflowError its "too big",
/// anything else `msg`; the exception is reported (`obj` is the callable
/// or class it came from).
unsafe fn set_error(
    vm: &mut Vm,
    ctx: *mut ffi::sqlite3_context,
    e: &PyErr,
    obj: &Value,
    msg: &CStr,
) {
    let t = types();
    // SAFETY: ctx is the running callback's context.
    unsafe {
        if crate::object::types::isinstance(&e.exc, &t.exc.memory_error) {
            ffi::sqlite3_result_error_nomem(ctx);
        } else if crate::object::types::isinstance(&e.exc, &t.exc.overflow_error) {
            ffi::sqlite3_result_error_toobig(ctx);
        } else {
            result_error(ctx, msg);
        }
    }
    report(vm, e, obj);
}

fn is_attribute_error(e: &PyErr) -> bool {
    crate::object::types::isinstance(&e.exc, &types().exc.attribute_error)
}

/// Sets `v` as the result, or the error CPython reports for it.
unsafe fn finish_result(
    vm: &mut Vm,
    ctx: *mut ffi::sqlite3_context,
    r: PyResult,
    func: &Value,
    msg: &CStr,
) {
    match r {
        Ok(v) => {
            // SAFETY: ctx is the running callback's context.
            if let Err((kind, e)) = unsafe { set_result(vm, ctx, &v) } {
                if let Some(e) = &e {
                    report(vm, e, func);
                }
                // SAFETY: as above.
                unsafe {
                    match kind {
                        ResultError::TooBig => ffi::sqlite3_result_error_toobig(ctx),
                        ResultError::Raised => result_error(ctx, msg),
                    }
                }
            }
        }
        // SAFETY: as above.
        Err(e) => unsafe { set_error(vm, ctx, &e, func, msg) },
    }
}

unsafe extern "C" fn func_callback(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: called by SQLite during a `with_vm` (statements only step
    // there); the user data is the Callback registered with the function.
    unsafe {
        let Some(vm) = current_vm() else {
            result_error(ctx, c"user-defined function raised exception");
            return;
        };
        let func = callback_func(ffi::sqlite3_user_data(ctx));
        let args = args_of(argc, argv);
        let r = vm.call(&func, &args, &[]);
        finish_result(vm, ctx, r, &func, c"user-defined function raised exception");
    }
}

/// The aggregate instance of this group: made on the first step (None
/// when making it failed, reported as CPython reports it).
unsafe fn aggregate_instance(
    vm: &mut Vm,
    ctx: *mut ffi::sqlite3_context,
    create: bool,
) -> Option<Value> {
    // SAFETY: ctx is the running callback's context; the aggregate
    // context is zeroed memory SQLite owns until the final call.
    unsafe {
        let slot = ffi::sqlite3_aggregate_context(
            ctx,
            if create {
                std::mem::size_of::<AggSlot>() as c_int
            } else {
                0
            },
        )
        .cast::<AggSlot>();
        if slot.is_null() {
            return None;
        }
        if (*slot).is_null() {
            if !create {
                return None;
            }
            let cls = callback_func(ffi::sqlite3_user_data(ctx));
            match vm.call(&cls, &[], &[]) {
                Ok(inst) => *slot = Box::into_raw(Box::new(inst)),
                Err(e) => {
                    report(vm, &e, &cls);
                    result_error(
                        ctx,
                        c"user-defined aggregate's '__init__' method raised error",
                    );
                    return None;
                }
            }
        }
        Some((**slot).clone())
    }
}

/// Frees the aggregate instance of this group (at its final call).
unsafe fn drop_aggregate(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: as in aggregate_instance; the slot is cleared after use.
    unsafe {
        let slot = ffi::sqlite3_aggregate_context(ctx, 0).cast::<AggSlot>();
        if !slot.is_null() && !(*slot).is_null() {
            drop(Box::from_raw(*slot));
            *slot = ptr::null_mut();
        }
    }
}

unsafe fn agg_method(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
    method: &str,
    msg: &CStr,
    undefined: &CStr,
) {
    // SAFETY: called by SQLite inside `with_vm`.
    unsafe {
        let Some(vm) = current_vm() else {
            result_error(ctx, msg);
            return;
        };
        let Some(inst) = aggregate_instance(vm, ctx, true) else {
            return;
        };
        let args = args_of(argc, argv);
        let r = match vm.getattr_str(&inst, method) {
            Ok(m) => vm.call(&m, &args, &[]).map_err(|e| (e, false)),
            Err(e) => Err((e, true)),
        };
        if let Err((e, lookup)) = r {
            let cls = callback_func(ffi::sqlite3_user_data(ctx));
            let m = if lookup || is_attribute_error(&e) {
                undefined
            } else {
                msg
            };
            set_error(vm, ctx, &e, &cls, m);
        }
    }
}

unsafe extern "C" fn agg_step(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: forwarded from SQLite.
    unsafe {
        agg_method(
            ctx,
            argc,
            argv,
            "step",
            c"user-defined aggregate's 'step' method raised error",
            c"user-defined aggregate's 'step' method not defined",
        )
    }
}

unsafe extern "C" fn win_inverse(
    ctx: *mut ffi::sqlite3_context,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: forwarded from SQLite.
    unsafe {
        agg_method(
            ctx,
            argc,
            argv,
            "inverse",
            c"user-defined aggregate's 'inverse' method raised error",
            c"user-defined aggregate's 'inverse' method not defined",
        )
    }
}

/// Calls the aggregate's `method` (`finalize` or `value`) for the result
/// (NULL for a group that never stepped, or whose `__init__` failed).
unsafe fn agg_result(
    ctx: *mut ffi::sqlite3_context,
    method: &str,
    msg: &CStr,
    undefined: &CStr,
    last: bool,
) {
    // SAFETY: called by SQLite inside `with_vm`.
    unsafe {
        let Some(vm) = current_vm() else {
            result_error(ctx, msg);
            if last {
                drop_aggregate(ctx);
            }
            return;
        };
        if let Some(inst) = aggregate_instance(vm, ctx, false) {
            let cls = callback_func(ffi::sqlite3_user_data(ctx));
            let r = match vm.getattr_str(&inst, method) {
                Ok(m) => vm.call(&m, &[], &[]),
                Err(e) => Err(e),
            };
            let m = match &r {
                Err(e) if is_attribute_error(e) => undefined,
                _ => msg,
            };
            finish_result(vm, ctx, r, &cls, m);
        }
        if last {
            drop_aggregate(ctx);
        }
    }
}

unsafe extern "C" fn agg_final(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: forwarded from SQLite.
    unsafe {
        agg_result(
            ctx,
            "finalize",
            c"user-defined aggregate's 'finalize' method raised error",
            c"user-defined aggregate's 'finalize' method not defined",
            true,
        )
    }
}

unsafe extern "C" fn win_value(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: forwarded from SQLite.
    unsafe {
        agg_result(
            ctx,
            "value",
            c"user-defined aggregate's 'value' method raised error",
            c"user-defined aggregate's 'value' method not defined",
            false,
        )
    }
}

unsafe extern "C" fn collation_callback(
    p: *mut c_void,
    n1: c_int,
    s1: *const c_void,
    n2: c_int,
    s2: *const c_void,
) -> c_int {
    // SAFETY: called by SQLite inside `with_vm` with its two strings.
    unsafe {
        let Some(vm) = current_vm() else {
            return 0;
        };
        let func = callback_func(p);
        let a = String::from_utf8_lossy(std::slice::from_raw_parts(
            s1.cast::<u8>(),
            n1.max(0) as usize,
        ));
        let b = String::from_utf8_lossy(std::slice::from_raw_parts(
            s2.cast::<u8>(),
            n2.max(0) as usize,
        ));
        match vm.call(&func, &[new_str(&a), new_str(&b)], &[]) {
            Ok(r) => match vm.index_value(&r) {
                Ok(i) => i.signum() as c_int,
                Err(e) => {
                    report(vm, &e, &func);
                    0
                }
            },
            Err(e) => {
                report(vm, &e, &func);
                0
            }
        }
    }
}

unsafe fn opt_str(p: *const c_char) -> Value {
    if p.is_null() {
        types().none.clone()
    } else {
        // SAFETY: SQLite passes NUL-terminated UTF-8.
        new_str(&unsafe { CStr::from_ptr(p) }.to_string_lossy())
    }
}

unsafe extern "C" fn authorizer_callback(
    p: *mut c_void,
    action: c_int,
    a1: *const c_char,
    a2: *const c_char,
    a3: *const c_char,
    a4: *const c_char,
) -> c_int {
    // SAFETY: called by SQLite inside `with_vm` (statements are prepared
    // there), with the Callback the connection holds.
    unsafe {
        let Some(vm) = current_vm() else {
            return ffi::SQLITE_DENY;
        };
        let func = callback_func(p);
        let args = [
            from_i64(i64::from(action)),
            opt_str(a1),
            opt_str(a2),
            opt_str(a3),
            opt_str(a4),
        ];
        match vm.call(&func, &args, &[]) {
            Ok(r) => {
                if matches!(r.kind(), Kind::Int | Kind::Bool) || r.as_small().is_some() {
                    match to_i64(&r).and_then(|i| c_int::try_from(i).ok()) {
                        Some(i) => i,
                        None => {
                            let e = vm.overflow_error("Python int too large to convert to C int");
                            report(vm, &e, &func);
                            ffi::SQLITE_DENY
                        }
                    }
                } else {
                    ffi::SQLITE_DENY
                }
            }
            Err(e) => {
                report(vm, &e, &func);
                ffi::SQLITE_DENY
            }
        }
    }
}

unsafe extern "C" fn progress_callback(p: *mut c_void) -> c_int {
    // SAFETY: called by SQLite inside `with_vm`.
    unsafe {
        let Some(vm) = current_vm() else {
            return 1;
        };
        let func = callback_func(p);
        match vm.call(&func, &[], &[]) {
            Ok(r) => match vm.truthy(&r) {
                Ok(b) => c_int::from(b),
                Err(e) => {
                    report(vm, &e, &func);
                    1
                }
            },
            Err(e) => {
                report(vm, &e, &func);
                1
            }
        }
    }
}

unsafe extern "C" fn trace_callback(
    kind: u32,
    p: *mut c_void,
    stmt: *mut c_void,
    _x: *mut c_void,
) -> c_int {
    if kind != ffi::SQLITE_TRACE_STMT {
        return 0;
    }
    // SAFETY: called by SQLite inside `with_vm`; `stmt` is the statement
    // starting to run.
    unsafe {
        let Some(vm) = current_vm() else {
            return 0;
        };
        let func = callback_func(p);
        let stmt = stmt.cast::<ffi::sqlite3_stmt>();
        let expanded = ffi::sqlite3_expanded_sql(stmt);
        let sql = if expanded.is_null() {
            let e = sql_err(
                vm,
                "DataError",
                "Expanded SQL string exceeds the maximum string length",
            );
            report(vm, &e, &func);
            opt_str(ffi::sqlite3_sql(stmt))
        } else {
            let s = opt_str(expanded);
            ffi::sqlite3_free(expanded.cast());
            s
        };
        if let Err(e) = vm.call(&func, &[sql], &[]) {
            report(vm, &e, &func);
        }
    }
    0
}

// ----- the primitives -----

/// `_open(path, flags, uri, timeout_ms)`: a new connection.
fn open(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_open", a, 4, 4)?;
    let path = text(vm, &a[0], "database")?;
    let mut flags = int(vm, &a[1])? as c_int;
    if vm.truthy(&a[2])? {
        flags |= ffi::SQLITE_OPEN_URI;
    }
    let timeout = int(vm, &a[3])?;
    let cpath = cstring(vm, &path)?;
    let mut db: *mut ffi::sqlite3 = ptr::null_mut();
    // SAFETY: a fresh handle out-parameter; the path is NUL-terminated.
    let rc = unsafe { ffi::sqlite3_open_v2(cpath.as_ptr(), &mut db, flags, ptr::null()) };
    if rc != ffi::SQLITE_OK {
        let e = if db.is_null() {
            vm.memory_error()
        } else {
            db_error(vm, db)
        };
        // SAFETY: closing the handle open_v2 gave back on failure.
        unsafe {
            quiet_close(db);
        }
        return Err(e);
    }
    // SAFETY: db is open. Foreign keys off by default, as in CPython's
    // SQLite builds (the bundled one enables them).
    unsafe {
        ffi::sqlite3_busy_timeout(db, timeout.clamp(0, i64::from(i32::MAX)) as c_int);
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_FKEY,
            0 as c_int,
            ptr::null_mut::<c_int>(),
        );
    }
    Ok(new_native(
        &db_type(),
        Db {
            ptr: db,
            authorizer: None,
            progress: None,
            trace: None,
        },
    ))
}

fn close(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_close", a, 1, 1)?;
    let r = with_state(vm, &a[0], "_sqlite3._Db", |d: &mut Db| {
        if d.ptr.is_null() {
            return ffi::SQLITE_OK;
        }
        // SAFETY: the handle is open and owned; close_v2 waits for live
        // statements (which may still run: the hooks, whose callbacks are
        // freed below, are removed first).
        let rc = unsafe {
            ffi::sqlite3_set_authorizer(d.ptr, None, ptr::null_mut());
            ffi::sqlite3_progress_handler(d.ptr, 0, None, ptr::null_mut());
            ffi::sqlite3_trace_v2(d.ptr, 0, None, ptr::null_mut());
            quiet_close(d.ptr)
        };
        if rc == ffi::SQLITE_OK {
            d.ptr = ptr::null_mut();
            d.authorizer = None;
            d.progress = None;
            d.trace = None;
        }
        rc
    })?;
    if r != ffi::SQLITE_OK {
        let p = db_ptr(vm, &a[0])?;
        return Err(db_error(vm, p));
    }
    Ok(vm.none())
}

/// `_prepare(db, sql)`: `(stmt or None, tail)`; None when `sql` holds no
/// statement (only whitespace or comments).
fn prepare(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_prepare", a, 2, 2)?;
    let db = db_ptr(vm, &a[0])?;
    let sql = text(vm, &a[1], "sql")?;
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    let mut tail: *const c_char = ptr::null();
    let base = sql.as_ptr().cast::<c_char>();
    let len = sql.len();
    if len > i32::MAX as usize {
        return Err(sql_err(vm, "DataError", "query string is too large"));
    }
    // SAFETY: sql outlives the call; its length is given (no NUL needed).
    let rc = with_vm(vm, || unsafe {
        ffi::sqlite3_prepare_v2(db, base, len as c_int, &mut stmt, &mut tail)
    });
    if rc != ffi::SQLITE_OK {
        return Err(db_error(vm, db));
    }
    let used = if tail.is_null() {
        len
    } else {
        // SAFETY: tail points into sql.
        (unsafe { tail.offset_from(base) }) as usize
    };
    let rest = new_str(sql.get(used.min(len)..).unwrap_or(""));
    let s = if stmt.is_null() {
        vm.none()
    } else {
        new_native(
            &stmt_type(),
            Stmt {
                ptr: stmt,
                _db: a[0].clone(),
                stepping: false,
            },
        )
    };
    Ok(new_tuple(vec![s, rest]))
}

/// Binds `v` at `i` (1-based): None when bound, else the reason for the
/// caller to raise (-1: a type SQLite cannot hold; a result code).
fn bind_one(vm: &mut Vm, st: *mut ffi::sqlite3_stmt, i: c_int, v: &Value) -> PyResult<c_int> {
    // SAFETY: st is a live statement; SQLITE_TRANSIENT copies the data.
    let rc = unsafe {
        if v.is(&types().none) {
            ffi::sqlite3_bind_null(st, i)
        } else if matches!(v.kind(), Kind::Int | Kind::Bool) || v.as_small().is_some() {
            match to_i64(v) {
                Some(n) => ffi::sqlite3_bind_int64(st, i, n),
                None => {
                    return Err(
                        vm.overflow_error("Python int too large to convert to SQLite INTEGER")
                    );
                }
            }
        } else if let Some(f) = float_of(v) {
            ffi::sqlite3_bind_double(st, i, f)
        } else if let Some(s) = v.downcast::<StrData>() {
            let s = s.as_str();
            ffi::sqlite3_bind_text64(
                st,
                i,
                s.as_ptr().cast::<c_char>(),
                s.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as u8,
            )
        } else {
            match crate::objects::buffer::bytes_like_opt(vm, v)? {
                Some(b) => ffi::sqlite3_bind_blob64(
                    st,
                    i,
                    b.as_ptr().cast::<c_void>(),
                    b.len() as u64,
                    ffi::SQLITE_TRANSIENT(),
                ),
                None => return Ok(-1),
            }
        }
    };
    Ok(rc)
}

/// Whether a parameter binds as it is: an exact int, float, str or
/// bytearray while no adapter was registered for those types (CPython's
/// `need_adapt`).
fn binds_as_is(v: &Value, base_adapted: bool) -> bool {
    if base_adapted {
        return false;
    }
    if v.as_small().is_some() {
        return true;
    }
    let t = types();
    let c = v.class();
    c.is(&t.int) || c.is(&t.float) || c.is(&t.str_) || c.is(&t.bytearray)
}

/// Steps `st` (the statement of `stmt`) once: SQLITE_ROW or SQLITE_DONE,
/// or the error (the statement reset then, as CPython does). A statement
/// being stepped is marked, so that a callback cannot step, reset or
/// finalize it meanwhile. The connection may have been closed (or
/// re-initialized) since the statement was prepared: its statements still
/// run on the closed handle until finalized.
fn step_raw(vm: &mut Vm, stmt: &Value, st: *mut ffi::sqlite3_stmt) -> PyResult<c_int> {
    let reentered = with_state(vm, stmt, "_sqlite3._Stmt", |s: &mut Stmt| {
        std::mem::replace(&mut s.stepping, true)
    })?;
    if reentered {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "Recursive use of cursors not allowed.",
        ));
    }
    // SAFETY: st is live (its object is borrowed by the caller) and marked
    // stepping, so no callback finalizes it meanwhile.
    let rc = with_vm(vm, || unsafe { ffi::sqlite3_step(st) });
    let _ = with_state(vm, stmt, "_sqlite3._Stmt", |s: &mut Stmt| {
        s.stepping = false
    });
    if rc == ffi::SQLITE_ROW || rc == ffi::SQLITE_DONE {
        return Ok(rc);
    }
    // SAFETY: st and its connection are live; reset returns the same
    // error code.
    let db = unsafe {
        quiet_reset(st);
        ffi::sqlite3_db_handle(st)
    };
    Err(db_error(vm, db))
}

/// Steps `st` (bound) once: `(row ready, column count, changes, last
/// rowid)`, the statement reset when done (changes counted for DML
/// statements).
fn step_once(vm: &mut Vm, stmt: &Value, st: *mut ffi::sqlite3_stmt, is_dml: bool) -> PyResult {
    let rc = step_raw(vm, stmt, st)?;
    // SAFETY: st is live.
    let db = unsafe { ffi::sqlite3_db_handle(st) };
    // SAFETY: st and its connection are live.
    let (ncols, changes, rowid) = unsafe {
        let n = ffi::sqlite3_column_count(st);
        let changes = if rc == ffi::SQLITE_DONE {
            let c = if is_dml {
                ffi::sqlite3_changes64(db)
            } else {
                0
            };
            quiet_reset(st);
            c
        } else {
            0
        };
        (n, changes, ffi::sqlite3_last_insert_rowid(db))
    };
    Ok(new_tuple(vec![
        py_bool(rc == ffi::SQLITE_ROW),
        from_i64(i64::from(ncols)),
        from_i64(changes),
        from_i64(rowid),
    ]))
}

/// `_run(stmt, params, adapted, is_dml)`: resets the statement, binds the
/// list or tuple `params` (adapting them first unless `adapted`, checking
/// their number) and steps once, as `step_once`; None, touching nothing,
/// when the statement is in use (being stepped, or on a row).
fn run(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_run", a, 4, 4)?;
    let st = stmt_ptr(vm, &a[0])?;
    let stepping = with_state(vm, &a[0], "_sqlite3._Stmt", |s: &mut Stmt| s.stepping)?;
    // SAFETY: st is live; it is reset only when no step of it is running
    // and no cursor is on one of its rows.
    unsafe {
        if stepping || ffi::sqlite3_stmt_busy(st) != 0 {
            return Ok(vm.none());
        }
        quiet_reset(st);
        ffi::sqlite3_clear_bindings(st);
    }
    let mut items: Vec<Value> = if let Some(t) = a[1].downcast::<crate::objects::tuple::TupleData>()
    {
        t.items.to_vec()
    } else if let Some(l) = a[1].downcast::<crate::objects::list::ListData>() {
        l.items.borrow().clone()
    } else {
        return Err(vm.type_error("_run needs a list or tuple"));
    };
    let adapted = vm.truthy(&a[2])?;
    let is_dml = vm.truthy(&a[3])?;
    if !adapted {
        // SAFETY: st is live.
        let needed = unsafe { ffi::sqlite3_bind_parameter_count(st) } as usize;
        if items.len() != needed {
            return Err(sql_err(
                vm,
                "ProgrammingError",
                format!(
                    "Incorrect number of bindings supplied. The current statement uses {needed}, and there are {} supplied.",
                    items.len()
                ),
            ));
        }
        let base = ns_get("_base_adapted").is_some_and(|v| v.is(&types().true_));
        let list = a[1].downcast::<crate::objects::list::ListData>();
        for (i, v) in items.iter_mut().enumerate() {
            if let Some(l) = list {
                // An adapter may have changed the list: read it afresh.
                match l.items.borrow().get(i) {
                    Some(x) => *v = x.clone(),
                    None => return Err(vm.index_error("list index out of range")),
                }
            }
            if !binds_as_is(v, base) {
                let (Some(adapt), Some(proto)) = (ns_get("adapt"), ns_get("PrepareProtocol"))
                else {
                    return Err(vm.runtime_error("_sqlite3 is not initialized"));
                };
                *v = vm.call(&adapt, &[v.clone(), proto, v.clone()], &[])?;
            }
        }
    }
    for (n, v) in items.iter().enumerate() {
        let rc = bind_one(vm, st, n as c_int + 1, v)?;
        if rc == -1 {
            return Err(sql_err(
                vm,
                "ProgrammingError",
                format!(
                    "Error binding parameter {}: type '{}' is not supported",
                    n + 1,
                    v.type_data().name
                ),
            ));
        }
        if rc != ffi::SQLITE_OK {
            // SAFETY: st is live; its connection too.
            let db = unsafe { ffi::sqlite3_db_handle(st) };
            return Err(db_error(vm, db));
        }
    }
    step_once(vm, &a[0], st, is_dml)
}

/// `_params(stmt)`: the names of the statement's parameters (None for a
/// nameless one), in order.
fn params(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_params", a, 1, 1)?;
    let st = stmt_ptr(vm, &a[0])?;
    // SAFETY: st is live.
    let n = unsafe { ffi::sqlite3_bind_parameter_count(st) };
    let mut names = Vec::with_capacity(n.max(0) as usize);
    for i in 1..=n {
        // SAFETY: st is live, i in range.
        names.push(unsafe { opt_str(ffi::sqlite3_bind_parameter_name(st, i)) });
    }
    Ok(new_tuple(names))
}

/// `_step(stmt)`: True for a row, False when done; the SQLite error
/// otherwise (the statement is reset then, as CPython does).
fn step(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_step", a, 1, 1)?;
    let st = stmt_ptr(vm, &a[0])?;
    Ok(py_bool(step_raw(vm, &a[0], st)? == ffi::SQLITE_ROW))
}

/// Column `i` of the current row: text as `Err(bytes)` (the caller
/// decodes it or hands it to the text factory), anything else as its
/// Python value.
///
/// # Safety
/// `st` is a live statement positioned on a row.
unsafe fn column(st: *mut ffi::sqlite3_stmt, i: c_int) -> Result<Value, Vec<u8>> {
    // SAFETY: see the function's contract.
    unsafe {
        Ok(match ffi::sqlite3_column_type(st, i) {
            ffi::SQLITE_INTEGER => from_i64(ffi::sqlite3_column_int64(st, i)),
            ffi::SQLITE_FLOAT => new_float(ffi::sqlite3_column_double(st, i)),
            ffi::SQLITE_TEXT => {
                let p = ffi::sqlite3_column_text(st, i);
                let n = ffi::sqlite3_column_bytes(st, i) as usize;
                return Err(if p.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(p, n).to_vec()
                });
            }
            ffi::SQLITE_BLOB => {
                let p = ffi::sqlite3_column_blob(st, i).cast::<u8>();
                let n = ffi::sqlite3_column_bytes(st, i) as usize;
                new_bytes(if p.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(p, n).to_vec()
                })
            }
            _ => types().none.clone(),
        })
    }
}

/// `_row(stmt, text_factory)`: the current row as a tuple (None when the
/// statement is not on a row). Text columns are decoded from UTF-8 when
/// `text_factory` is None, else given to it as bytes (kept as bytes for
/// `bytes`).
fn row(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_row", a, 2, 2)?;
    let st = stmt_ptr(vm, &a[0])?;
    // SAFETY: st is live.
    let n = unsafe { ffi::sqlite3_data_count(st) };
    if n == 0 {
        return Ok(vm.none());
    }
    // Every column is read before any Python code runs (a text factory
    // could reset the statement).
    let mut cols = Vec::with_capacity(n as usize);
    for i in 0..n {
        // SAFETY: st is live and on a row; i is in range.
        cols.push(unsafe { column(st, i) });
    }
    let factory = &a[1];
    let decode = factory.is(&types().none);
    let keep_bytes = factory.is(&types().bytes);
    let mut items = Vec::with_capacity(cols.len());
    for (i, c) in cols.into_iter().enumerate() {
        items.push(match c {
            Ok(v) => v,
            Err(b) if decode => match String::from_utf8(b) {
                Ok(s) => new_str(&s),
                Err(e) => {
                    // SAFETY: st is live (no Python code ran since).
                    let name = unsafe { opt_str(ffi::sqlite3_column_name(st, i as c_int)) };
                    let name = crate::interp::str_of(&name);
                    return Err(sql_err(
                        vm,
                        "OperationalError",
                        format!(
                            "Could not decode to UTF-8 column '{name}' with text '{}'",
                            String::from_utf8_lossy(e.as_bytes())
                        ),
                    ));
                }
            },
            Err(b) if keep_bytes => new_bytes(b),
            Err(b) => vm.call(factory, &[new_bytes(b)], &[])?,
        });
    }
    Ok(new_tuple(items))
}

/// `_column_bytes(stmt, i)`: column `i` as bytes (None for NULL), the
/// form converters receive.
fn column_bytes(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_column_bytes", a, 2, 2)?;
    let st = stmt_ptr(vm, &a[0])?;
    let i = int(vm, &a[1])? as c_int;
    // SAFETY: st is live and on a row.
    unsafe {
        if ffi::sqlite3_column_type(st, i) == ffi::SQLITE_NULL {
            return Ok(vm.none());
        }
        // An empty value converts to None, as in CPython.
        let p = ffi::sqlite3_column_blob(st, i).cast::<u8>();
        let n = ffi::sqlite3_column_bytes(st, i) as usize;
        if p.is_null() {
            return Ok(vm.none());
        }
        Ok(new_bytes(std::slice::from_raw_parts(p, n).to_vec()))
    }
}

/// `_columns(stmt)`: `(name, decltype)` pairs of the result columns.
fn columns(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_columns", a, 1, 1)?;
    let st = stmt_ptr(vm, &a[0])?;
    // SAFETY: st is live.
    let n = unsafe { ffi::sqlite3_column_count(st) };
    let mut cols = Vec::with_capacity(n.max(0) as usize);
    for i in 0..n {
        // SAFETY: st is live, i in range.
        let (name, decl) = unsafe {
            (
                opt_str(ffi::sqlite3_column_name(st, i)),
                opt_str(ffi::sqlite3_column_decltype(st, i)),
            )
        };
        cols.push(new_tuple(vec![name, decl]));
    }
    Ok(new_tuple(cols))
}

fn db_op(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: impl FnOnce(*mut ffi::sqlite3) -> i64,
) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let db = db_ptr(vm, &a[0])?;
    Ok(from_i64(f(db)))
}

fn finalize(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_finalize", a, 1, 1)?;
    let busy = with_state(vm, &a[0], "_sqlite3._Stmt", |s: &mut Stmt| s.stepping)?;
    if busy {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "Recursive use of cursors not allowed.",
        ));
    }
    with_state(vm, &a[0], "_sqlite3._Stmt", |s: &mut Stmt| {
        if !s.ptr.is_null() {
            // SAFETY: the statement is live, owned and not stepping.
            unsafe {
                quiet_finalize(s.ptr);
            }
            s.ptr = ptr::null_mut();
        }
    })?;
    Ok(vm.none())
}

/// `_create_function(db, name, narg, obj, kind, flags)`: kind 0 a scalar
/// function, 1 an aggregate class, 2 a window aggregate class (None removes
/// a window function). SQLite's result code.
fn create_function(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_create_function", a, 6, 6)?;
    let db = db_ptr(vm, &a[0])?;
    let name = text(vm, &a[1], "name")?;
    let narg = int(vm, &a[2])? as c_int;
    let kind = int(vm, &a[4])?;
    let flags = int(vm, &a[5])? as c_int | ffi::SQLITE_UTF8;
    let cname = cstring(vm, &name)?;
    // None removes a window function; for the others it is the callable
    // (whose call fails), as in CPython 3.11.
    let remove = a[3].is(&types().none) && kind == 2;
    let user = if remove {
        ptr::null_mut()
    } else {
        Box::into_raw(Box::new(Callback { func: a[3].clone() })).cast::<c_void>()
    };
    let destroy: Option<unsafe extern "C" fn(*mut c_void)> =
        if remove { None } else { Some(destroy_callback) };
    // SAFETY: db is open; on failure SQLite calls destroy on `user`.
    let rc = with_vm(vm, || unsafe {
        match (kind, remove) {
            (_, true) if kind == 2 => ffi::sqlite3_create_window_function(
                db,
                cname.as_ptr(),
                narg,
                flags,
                ptr::null_mut(),
                None,
                None,
                None,
                None,
                None,
            ),
            (_, true) => ffi::sqlite3_create_function_v2(
                db,
                cname.as_ptr(),
                narg,
                flags,
                ptr::null_mut(),
                None,
                None,
                None,
                None,
            ),
            (0, false) => ffi::sqlite3_create_function_v2(
                db,
                cname.as_ptr(),
                narg,
                flags,
                user,
                Some(func_callback),
                None,
                None,
                destroy,
            ),
            (1, false) => ffi::sqlite3_create_function_v2(
                db,
                cname.as_ptr(),
                narg,
                flags,
                user,
                None,
                Some(agg_step),
                Some(agg_final),
                destroy,
            ),
            _ => ffi::sqlite3_create_window_function(
                db,
                cname.as_ptr(),
                narg,
                flags,
                user,
                Some(agg_step),
                Some(agg_final),
                Some(win_value),
                Some(win_inverse),
                destroy,
            ),
        }
    });
    Ok(from_i64(i64::from(rc)))
}

/// `_create_collation(db, name, callable or None)`.
fn create_collation(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_create_collation", a, 3, 3)?;
    let db = db_ptr(vm, &a[0])?;
    let name = text(vm, &a[1], "name")?;
    let cname = cstring(vm, &name)?;
    let remove = a[2].is(&types().none);
    let user = if remove {
        ptr::null_mut()
    } else {
        Box::into_raw(Box::new(Callback { func: a[2].clone() })).cast::<c_void>()
    };
    // SAFETY: db is open; SQLite calls destroy on `user` when replaced.
    let rc = with_vm(vm, || unsafe {
        ffi::sqlite3_create_collation_v2(
            db,
            cname.as_ptr(),
            ffi::SQLITE_UTF8,
            user,
            if remove {
                None
            } else {
                Some(collation_callback)
            },
            if remove { None } else { Some(destroy_callback) },
        )
    });
    if rc != ffi::SQLITE_OK {
        return Err(db_error(vm, db));
    }
    Ok(vm.none())
}

/// `_set_hook(db, which, callable or None, n)`: which 0 the authorizer,
/// 1 the progress handler (every `n` instructions), 2 the trace callback.
fn set_hook(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_set_hook", a, 4, 4)?;
    let db = db_ptr(vm, &a[0])?;
    let which = int(vm, &a[1])?;
    let n = int(vm, &a[3])? as c_int;
    let cb = if a[2].is(&types().none) {
        None
    } else {
        Some(Box::new(Callback { func: a[2].clone() }))
    };
    let p = cb.as_ref().map_or(ptr::null_mut(), |b| {
        std::ptr::from_ref::<Callback>(b)
            .cast_mut()
            .cast::<c_void>()
    });
    // SAFETY: db is open; the Callback is kept in the connection's state
    // (below) for as long as SQLite holds its address.
    unsafe {
        match which {
            0 => {
                ffi::sqlite3_set_authorizer(
                    db,
                    if cb.is_some() {
                        Some(authorizer_callback)
                    } else {
                        None
                    },
                    p,
                );
            }
            1 => ffi::sqlite3_progress_handler(
                db,
                n,
                if cb.is_some() {
                    Some(progress_callback)
                } else {
                    None
                },
                p,
            ),
            _ => {
                ffi::sqlite3_trace_v2(
                    db,
                    if cb.is_some() {
                        ffi::SQLITE_TRACE_STMT
                    } else {
                        0
                    },
                    if cb.is_some() {
                        Some(trace_callback)
                    } else {
                        None
                    },
                    p,
                );
            }
        }
    }
    // The old callback is dropped after SQLite stopped using it.
    let old = with_state(vm, &a[0], "_sqlite3._Db", |d: &mut Db| match which {
        0 => std::mem::replace(&mut d.authorizer, cb),
        1 => std::mem::replace(&mut d.progress, cb),
        _ => std::mem::replace(&mut d.trace, cb),
    })?;
    drop(old);
    Ok(vm.none())
}

/// `_limit(db, category, value)`: the old limit (value -1 only reads).
fn limit(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_limit", a, 3, 3)?;
    let db = db_ptr(vm, &a[0])?;
    let cat = int(vm, &a[1])?;
    let val = int(vm, &a[2])?;
    let cat = c_int::try_from(cat)
        .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
    let val = c_int::try_from(val)
        .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))?;
    // SAFETY: db is open.
    let old = unsafe { ffi::sqlite3_limit(db, cat, val) };
    if old < 0 {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "'category' is out of bounds",
        ));
    }
    Ok(from_i64(i64::from(old)))
}

fn complete(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_complete", a, 1, 1)?;
    let s = text(vm, &a[0], "statement")?;
    let Ok(c) = CString::new(s) else {
        return Ok(py_bool(false));
    };
    // SAFETY: a NUL-terminated string.
    Ok(py_bool(unsafe { ffi::sqlite3_complete(c.as_ptr()) } != 0))
}

/// `_serialize(db, name)`: the database's bytes.
fn serialize(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_serialize", a, 2, 2)?;
    let db = db_ptr(vm, &a[0])?;
    let name = cstring(vm, &text(vm, &a[1], "name")?)?;
    let mut size: i64 = 0;
    // SAFETY: db is open; the returned buffer is SQLite's to free.
    unsafe {
        let p = ffi::sqlite3_serialize(db, name.as_ptr(), &mut size, 0);
        if p.is_null() {
            return Err(sql_err(
                vm,
                "OperationalError",
                format!("unable to serialize '{}'", name.to_string_lossy()),
            ));
        }
        let b = std::slice::from_raw_parts(p, size.max(0) as usize).to_vec();
        ffi::sqlite3_free(p.cast());
        Ok(new_bytes(b))
    }
}

/// `_deserialize(db, data, name)`.
fn deserialize(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_deserialize", a, 3, 3)?;
    let db = db_ptr(vm, &a[0])?;
    let data = crate::objects::buffer::bytes_like(vm, &a[1])?;
    let name = cstring(vm, &text(vm, &a[2], "name")?)?;
    // SAFETY: db is open; the buffer is allocated with sqlite3_malloc64
    // and handed over (FREEONCLOSE | RESIZEABLE).
    unsafe {
        let n = data.len().max(1);
        let buf = ffi::sqlite3_malloc64(n as u64).cast::<u8>();
        if buf.is_null() {
            return Err(vm.memory_error());
        }
        ptr::copy_nonoverlapping(data.as_ptr(), buf, data.len());
        let rc = ffi::sqlite3_deserialize(
            db,
            name.as_ptr(),
            buf,
            data.len() as i64,
            data.len() as i64,
            ffi::SQLITE_DESERIALIZE_FREEONCLOSE | ffi::SQLITE_DESERIALIZE_RESIZEABLE,
        );
        if rc != ffi::SQLITE_OK {
            return Err(db_error(vm, db));
        }
    }
    Ok(vm.none())
}

/// An online backup in progress (`sqlite3_backup`), finished when it dies
/// if not before.
struct Backup {
    ptr: *mut ffi::sqlite3_backup,
    /// The destination's handle (for its error) and both connections'
    /// objects, kept alive while the backup is.
    dst: *mut ffi::sqlite3,
    _conns: (Value, Value),
}

impl Drop for Backup {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the backup is live and owned by this object.
            unsafe {
                ffi::sqlite3_backup_finish(self.ptr);
            }
            self.ptr = ptr::null_mut();
        }
    }
}

crate::gil_local! {
    static BACKUP_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `_backup_init(src_db, dst_db, name)`: a backup of database `name` of
/// `src_db` into the main database of `dst_db`.
fn backup_init(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_backup_init", a, 3, 3)?;
    let src = db_ptr(vm, &a[0])?;
    let dst = db_ptr(vm, &a[1])?;
    let name = cstring(vm, &text(vm, &a[2], "name")?)?;
    // SAFETY: both connections are open.
    let b = unsafe { ffi::sqlite3_backup_init(dst, c"main".as_ptr(), src, name.as_ptr()) };
    if b.is_null() {
        return Err(db_error(vm, dst));
    }
    let ty = BACKUP_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("_sqlite3._Backup"))
            .clone()
    });
    Ok(new_native(
        &ty,
        Backup {
            ptr: b,
            dst,
            _conns: (a[0].clone(), a[1].clone()),
        },
    ))
}

/// `_backup_step(backup, pages)`: `(rc, remaining, pagecount)`.
fn backup_step(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_backup_step", a, 2, 2)?;
    let pages = int(vm, &a[1])? as c_int;
    let b = with_state(vm, &a[0], "_sqlite3._Backup", |b: &mut Backup| b.ptr)?;
    if b.is_null() {
        return Err(sql_err(vm, "ProgrammingError", "backup is finished"));
    }
    // SAFETY: the backup is live (its object is borrowed by the caller).
    let (rc, remaining, total) = with_vm(vm, || unsafe {
        let rc = ffi::sqlite3_backup_step(b, pages);
        (
            rc,
            ffi::sqlite3_backup_remaining(b),
            ffi::sqlite3_backup_pagecount(b),
        )
    });
    Ok(new_tuple(vec![
        from_i64(i64::from(rc)),
        from_i64(i64::from(remaining)),
        from_i64(i64::from(total)),
    ]))
}

/// `_backup_finish(backup)`: finishes it; the destination's error if the
/// backup failed.
fn backup_finish(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_backup_finish", a, 1, 1)?;
    let (rc, dst) = with_state(vm, &a[0], "_sqlite3._Backup", |b: &mut Backup| {
        if b.ptr.is_null() {
            return (ffi::SQLITE_OK, b.dst);
        }
        // SAFETY: the backup is live and owned.
        let rc = unsafe { ffi::sqlite3_backup_finish(b.ptr) };
        b.ptr = ptr::null_mut();
        (rc, b.dst)
    })?;
    if rc != ffi::SQLITE_OK {
        return Err(db_error(vm, dst));
    }
    Ok(vm.none())
}

/// An open BLOB handle (`sqlite3_blob`), closed when it dies if not
/// before.
struct BlobH {
    ptr: *mut ffi::sqlite3_blob,
    db: *mut ffi::sqlite3,
    _conn: Value,
}

impl Drop for BlobH {
    fn drop(&mut self) {
        if !self.ptr.is_null() {
            // SAFETY: the handle is open and owned by this object.
            unsafe {
                ffi::sqlite3_blob_close(self.ptr);
            }
            self.ptr = ptr::null_mut();
        }
    }
}

crate::gil_local! {
    static BLOB_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `_blob_open(db, table, column, row, readonly, name)`.
fn blob_open(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_blob_open", a, 6, 6)?;
    let db = db_ptr(vm, &a[0])?;
    let table = cstring(vm, &text(vm, &a[1], "table")?)?;
    let column = cstring(vm, &text(vm, &a[2], "column")?)?;
    let row = int(vm, &a[3])?;
    let readonly = vm.truthy(&a[4])?;
    let name = cstring(vm, &text(vm, &a[5], "name")?)?;
    let mut b: *mut ffi::sqlite3_blob = ptr::null_mut();
    // SAFETY: db is open; the strings are NUL-terminated.
    let rc = unsafe {
        ffi::sqlite3_blob_open(
            db,
            name.as_ptr(),
            table.as_ptr(),
            column.as_ptr(),
            row,
            c_int::from(!readonly),
            &mut b,
        )
    };
    if rc == ffi::SQLITE_MISUSE {
        // SAFETY: errstr returns a static string.
        let msg = crate::interp::str_of(&unsafe { opt_str(ffi::sqlite3_errstr(rc)) });
        return Err(sql_err(vm, "InterfaceError", msg));
    }
    if rc != ffi::SQLITE_OK {
        return Err(db_error(vm, db));
    }
    let ty = BLOB_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("_sqlite3._BlobHandle"))
            .clone()
    });
    Ok(new_native(
        &ty,
        BlobH {
            ptr: b,
            db,
            _conn: a[0].clone(),
        },
    ))
}

fn blob_handle(vm: &Vm, v: &Value) -> PyResult<(*mut ffi::sqlite3_blob, *mut ffi::sqlite3)> {
    let (p, db) = with_state(vm, v, "_sqlite3._BlobHandle", |b: &mut BlobH| (b.ptr, b.db))?;
    if p.is_null() {
        return Err(sql_err(
            vm,
            "ProgrammingError",
            "Cannot operate on a closed blob.",
        ));
    }
    Ok((p, db))
}

/// The error of a failed BLOB read or write.
fn blob_error(vm: &mut Vm, rc: c_int, db: *mut ffi::sqlite3) -> PyErr {
    if rc == ffi::SQLITE_ABORT {
        return sql_err(
            vm,
            "OperationalError",
            "Cannot operate on an expired blob handle",
        );
    }
    db_error(vm, db)
}

/// `_blob_read(h, offset, n)`: `n` bytes at `offset` (checked by the
/// caller to lie inside the BLOB).
fn blob_read(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_blob_read", a, 3, 3)?;
    let (b, db) = blob_handle(vm, &a[0])?;
    let off = int(vm, &a[1])?;
    let n = int(vm, &a[2])?;
    let (Ok(off), Ok(n)) = (c_int::try_from(off), c_int::try_from(n.max(0))) else {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    };
    let mut buf = vm.try_vec::<u8>(n as usize)?;
    buf.resize(n as usize, 0);
    // SAFETY: the handle is open; buf holds n bytes.
    let rc = unsafe { ffi::sqlite3_blob_read(b, buf.as_mut_ptr().cast(), n, off) };
    if rc != ffi::SQLITE_OK {
        return Err(blob_error(vm, rc, db));
    }
    Ok(new_bytes(buf))
}

/// `_blob_write(h, offset, data)`: writes the bytes `data` at `offset`.
fn blob_write(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_blob_write", a, 3, 3)?;
    let (b, db) = blob_handle(vm, &a[0])?;
    let off = int(vm, &a[1])?;
    let data = crate::objects::buffer::bytes_like(vm, &a[2])?;
    let (Ok(off), Ok(n)) = (c_int::try_from(off), c_int::try_from(data.len())) else {
        return Err(vm.overflow_error("data longer than INT_MAX bytes"));
    };
    // SAFETY: the handle is open; data holds n bytes.
    let rc = unsafe { ffi::sqlite3_blob_write(b, data.as_ptr().cast(), n, off) };
    if rc != ffi::SQLITE_OK {
        return Err(blob_error(vm, rc, db));
    }
    Ok(vm.none())
}

fn blob_len(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_blob_len", a, 1, 1)?;
    let (b, _) = blob_handle(vm, &a[0])?;
    // SAFETY: the handle is open.
    Ok(from_i64(i64::from(unsafe { ffi::sqlite3_blob_bytes(b) })))
}

fn blob_close(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_blob_close", a, 1, 1)?;
    with_state(vm, &a[0], "_sqlite3._BlobHandle", |b: &mut BlobH| {
        if !b.ptr.is_null() {
            // SAFETY: the handle is open and owned.
            unsafe {
                ffi::sqlite3_blob_close(b.ptr);
            }
            b.ptr = ptr::null_mut();
        }
    })?;
    Ok(vm.none())
}

fn errstr(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "_errstr", a, 1, 1)?;
    let code = int(vm, &a[0])? as c_int;
    // SAFETY: errstr returns a static string.
    Ok(unsafe { opt_str(ffi::sqlite3_errstr(code)) })
}

/// The module's SQLITE_* constants (CPython 3.11's set), from the bundled
/// library's header.
const CONSTANTS: &[(&str, i64)] = &[
    ("SQLITE_ABORT", ffi::SQLITE_ABORT as i64),
    ("SQLITE_ABORT_ROLLBACK", ffi::SQLITE_ABORT_ROLLBACK as i64),
    ("SQLITE_ALTER_TABLE", ffi::SQLITE_ALTER_TABLE as i64),
    ("SQLITE_ANALYZE", ffi::SQLITE_ANALYZE as i64),
    ("SQLITE_ATTACH", ffi::SQLITE_ATTACH as i64),
    ("SQLITE_AUTH", ffi::SQLITE_AUTH as i64),
    ("SQLITE_AUTH_USER", ffi::SQLITE_AUTH_USER as i64),
    ("SQLITE_BUSY", ffi::SQLITE_BUSY as i64),
    ("SQLITE_BUSY_RECOVERY", ffi::SQLITE_BUSY_RECOVERY as i64),
    ("SQLITE_BUSY_SNAPSHOT", ffi::SQLITE_BUSY_SNAPSHOT as i64),
    ("SQLITE_BUSY_TIMEOUT", ffi::SQLITE_BUSY_TIMEOUT as i64),
    ("SQLITE_CANTOPEN", ffi::SQLITE_CANTOPEN as i64),
    (
        "SQLITE_CANTOPEN_CONVPATH",
        ffi::SQLITE_CANTOPEN_CONVPATH as i64,
    ),
    (
        "SQLITE_CANTOPEN_DIRTYWAL",
        ffi::SQLITE_CANTOPEN_DIRTYWAL as i64,
    ),
    (
        "SQLITE_CANTOPEN_FULLPATH",
        ffi::SQLITE_CANTOPEN_FULLPATH as i64,
    ),
    ("SQLITE_CANTOPEN_ISDIR", ffi::SQLITE_CANTOPEN_ISDIR as i64),
    (
        "SQLITE_CANTOPEN_NOTEMPDIR",
        ffi::SQLITE_CANTOPEN_NOTEMPDIR as i64,
    ),
    (
        "SQLITE_CANTOPEN_SYMLINK",
        ffi::SQLITE_CANTOPEN_SYMLINK as i64,
    ),
    ("SQLITE_CONSTRAINT", ffi::SQLITE_CONSTRAINT as i64),
    (
        "SQLITE_CONSTRAINT_CHECK",
        ffi::SQLITE_CONSTRAINT_CHECK as i64,
    ),
    (
        "SQLITE_CONSTRAINT_COMMITHOOK",
        ffi::SQLITE_CONSTRAINT_COMMITHOOK as i64,
    ),
    (
        "SQLITE_CONSTRAINT_FOREIGNKEY",
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY as i64,
    ),
    (
        "SQLITE_CONSTRAINT_FUNCTION",
        ffi::SQLITE_CONSTRAINT_FUNCTION as i64,
    ),
    (
        "SQLITE_CONSTRAINT_NOTNULL",
        ffi::SQLITE_CONSTRAINT_NOTNULL as i64,
    ),
    (
        "SQLITE_CONSTRAINT_PINNED",
        ffi::SQLITE_CONSTRAINT_PINNED as i64,
    ),
    (
        "SQLITE_CONSTRAINT_PRIMARYKEY",
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY as i64,
    ),
    (
        "SQLITE_CONSTRAINT_ROWID",
        ffi::SQLITE_CONSTRAINT_ROWID as i64,
    ),
    (
        "SQLITE_CONSTRAINT_TRIGGER",
        ffi::SQLITE_CONSTRAINT_TRIGGER as i64,
    ),
    (
        "SQLITE_CONSTRAINT_UNIQUE",
        ffi::SQLITE_CONSTRAINT_UNIQUE as i64,
    ),
    ("SQLITE_CONSTRAINT_VTAB", ffi::SQLITE_CONSTRAINT_VTAB as i64),
    ("SQLITE_CORRUPT", ffi::SQLITE_CORRUPT as i64),
    ("SQLITE_CORRUPT_INDEX", ffi::SQLITE_CORRUPT_INDEX as i64),
    (
        "SQLITE_CORRUPT_SEQUENCE",
        ffi::SQLITE_CORRUPT_SEQUENCE as i64,
    ),
    ("SQLITE_CORRUPT_VTAB", ffi::SQLITE_CORRUPT_VTAB as i64),
    ("SQLITE_CREATE_INDEX", ffi::SQLITE_CREATE_INDEX as i64),
    ("SQLITE_CREATE_TABLE", ffi::SQLITE_CREATE_TABLE as i64),
    (
        "SQLITE_CREATE_TEMP_INDEX",
        ffi::SQLITE_CREATE_TEMP_INDEX as i64,
    ),
    (
        "SQLITE_CREATE_TEMP_TABLE",
        ffi::SQLITE_CREATE_TEMP_TABLE as i64,
    ),
    (
        "SQLITE_CREATE_TEMP_TRIGGER",
        ffi::SQLITE_CREATE_TEMP_TRIGGER as i64,
    ),
    (
        "SQLITE_CREATE_TEMP_VIEW",
        ffi::SQLITE_CREATE_TEMP_VIEW as i64,
    ),
    ("SQLITE_CREATE_TRIGGER", ffi::SQLITE_CREATE_TRIGGER as i64),
    ("SQLITE_CREATE_VIEW", ffi::SQLITE_CREATE_VIEW as i64),
    ("SQLITE_CREATE_VTABLE", ffi::SQLITE_CREATE_VTABLE as i64),
    ("SQLITE_DELETE", ffi::SQLITE_DELETE as i64),
    ("SQLITE_DENY", ffi::SQLITE_DENY as i64),
    ("SQLITE_DETACH", ffi::SQLITE_DETACH as i64),
    ("SQLITE_DONE", ffi::SQLITE_DONE as i64),
    ("SQLITE_DROP_INDEX", ffi::SQLITE_DROP_INDEX as i64),
    ("SQLITE_DROP_TABLE", ffi::SQLITE_DROP_TABLE as i64),
    ("SQLITE_DROP_TEMP_INDEX", ffi::SQLITE_DROP_TEMP_INDEX as i64),
    ("SQLITE_DROP_TEMP_TABLE", ffi::SQLITE_DROP_TEMP_TABLE as i64),
    (
        "SQLITE_DROP_TEMP_TRIGGER",
        ffi::SQLITE_DROP_TEMP_TRIGGER as i64,
    ),
    ("SQLITE_DROP_TEMP_VIEW", ffi::SQLITE_DROP_TEMP_VIEW as i64),
    ("SQLITE_DROP_TRIGGER", ffi::SQLITE_DROP_TRIGGER as i64),
    ("SQLITE_DROP_VIEW", ffi::SQLITE_DROP_VIEW as i64),
    ("SQLITE_DROP_VTABLE", ffi::SQLITE_DROP_VTABLE as i64),
    ("SQLITE_EMPTY", ffi::SQLITE_EMPTY as i64),
    ("SQLITE_ERROR", ffi::SQLITE_ERROR as i64),
    (
        "SQLITE_ERROR_MISSING_COLLSEQ",
        ffi::SQLITE_ERROR_MISSING_COLLSEQ as i64,
    ),
    ("SQLITE_ERROR_RETRY", ffi::SQLITE_ERROR_RETRY as i64),
    ("SQLITE_ERROR_SNAPSHOT", ffi::SQLITE_ERROR_SNAPSHOT as i64),
    ("SQLITE_FORMAT", ffi::SQLITE_FORMAT as i64),
    ("SQLITE_FULL", ffi::SQLITE_FULL as i64),
    ("SQLITE_FUNCTION", ffi::SQLITE_FUNCTION as i64),
    ("SQLITE_IGNORE", ffi::SQLITE_IGNORE as i64),
    ("SQLITE_INSERT", ffi::SQLITE_INSERT as i64),
    ("SQLITE_INTERNAL", ffi::SQLITE_INTERNAL as i64),
    ("SQLITE_INTERRUPT", ffi::SQLITE_INTERRUPT as i64),
    ("SQLITE_IOERR", ffi::SQLITE_IOERR as i64),
    ("SQLITE_IOERR_ACCESS", ffi::SQLITE_IOERR_ACCESS as i64),
    ("SQLITE_IOERR_AUTH", ffi::SQLITE_IOERR_AUTH as i64),
    (
        "SQLITE_IOERR_BEGIN_ATOMIC",
        ffi::SQLITE_IOERR_BEGIN_ATOMIC as i64,
    ),
    ("SQLITE_IOERR_BLOCKED", ffi::SQLITE_IOERR_BLOCKED as i64),
    (
        "SQLITE_IOERR_CHECKRESERVEDLOCK",
        ffi::SQLITE_IOERR_CHECKRESERVEDLOCK as i64,
    ),
    ("SQLITE_IOERR_CLOSE", ffi::SQLITE_IOERR_CLOSE as i64),
    (
        "SQLITE_IOERR_COMMIT_ATOMIC",
        ffi::SQLITE_IOERR_COMMIT_ATOMIC as i64,
    ),
    ("SQLITE_IOERR_CONVPATH", ffi::SQLITE_IOERR_CONVPATH as i64),
    ("SQLITE_IOERR_CORRUPTFS", ffi::SQLITE_IOERR_CORRUPTFS as i64),
    ("SQLITE_IOERR_DATA", ffi::SQLITE_IOERR_DATA as i64),
    ("SQLITE_IOERR_DELETE", ffi::SQLITE_IOERR_DELETE as i64),
    (
        "SQLITE_IOERR_DELETE_NOENT",
        ffi::SQLITE_IOERR_DELETE_NOENT as i64,
    ),
    ("SQLITE_IOERR_DIR_CLOSE", ffi::SQLITE_IOERR_DIR_CLOSE as i64),
    ("SQLITE_IOERR_DIR_FSYNC", ffi::SQLITE_IOERR_DIR_FSYNC as i64),
    ("SQLITE_IOERR_FSTAT", ffi::SQLITE_IOERR_FSTAT as i64),
    ("SQLITE_IOERR_FSYNC", ffi::SQLITE_IOERR_FSYNC as i64),
    (
        "SQLITE_IOERR_GETTEMPPATH",
        ffi::SQLITE_IOERR_GETTEMPPATH as i64,
    ),
    ("SQLITE_IOERR_LOCK", ffi::SQLITE_IOERR_LOCK as i64),
    ("SQLITE_IOERR_MMAP", ffi::SQLITE_IOERR_MMAP as i64),
    ("SQLITE_IOERR_NOMEM", ffi::SQLITE_IOERR_NOMEM as i64),
    ("SQLITE_IOERR_RDLOCK", ffi::SQLITE_IOERR_RDLOCK as i64),
    ("SQLITE_IOERR_READ", ffi::SQLITE_IOERR_READ as i64),
    (
        "SQLITE_IOERR_ROLLBACK_ATOMIC",
        ffi::SQLITE_IOERR_ROLLBACK_ATOMIC as i64,
    ),
    ("SQLITE_IOERR_SEEK", ffi::SQLITE_IOERR_SEEK as i64),
    ("SQLITE_IOERR_SHMLOCK", ffi::SQLITE_IOERR_SHMLOCK as i64),
    ("SQLITE_IOERR_SHMMAP", ffi::SQLITE_IOERR_SHMMAP as i64),
    ("SQLITE_IOERR_SHMOPEN", ffi::SQLITE_IOERR_SHMOPEN as i64),
    ("SQLITE_IOERR_SHMSIZE", ffi::SQLITE_IOERR_SHMSIZE as i64),
    (
        "SQLITE_IOERR_SHORT_READ",
        ffi::SQLITE_IOERR_SHORT_READ as i64,
    ),
    ("SQLITE_IOERR_TRUNCATE", ffi::SQLITE_IOERR_TRUNCATE as i64),
    ("SQLITE_IOERR_UNLOCK", ffi::SQLITE_IOERR_UNLOCK as i64),
    ("SQLITE_IOERR_VNODE", ffi::SQLITE_IOERR_VNODE as i64),
    ("SQLITE_IOERR_WRITE", ffi::SQLITE_IOERR_WRITE as i64),
    ("SQLITE_LIMIT_ATTACHED", ffi::SQLITE_LIMIT_ATTACHED as i64),
    ("SQLITE_LIMIT_COLUMN", ffi::SQLITE_LIMIT_COLUMN as i64),
    (
        "SQLITE_LIMIT_COMPOUND_SELECT",
        ffi::SQLITE_LIMIT_COMPOUND_SELECT as i64,
    ),
    (
        "SQLITE_LIMIT_EXPR_DEPTH",
        ffi::SQLITE_LIMIT_EXPR_DEPTH as i64,
    ),
    (
        "SQLITE_LIMIT_FUNCTION_ARG",
        ffi::SQLITE_LIMIT_FUNCTION_ARG as i64,
    ),
    ("SQLITE_LIMIT_LENGTH", ffi::SQLITE_LIMIT_LENGTH as i64),
    (
        "SQLITE_LIMIT_LIKE_PATTERN_LENGTH",
        ffi::SQLITE_LIMIT_LIKE_PATTERN_LENGTH as i64,
    ),
    (
        "SQLITE_LIMIT_SQL_LENGTH",
        ffi::SQLITE_LIMIT_SQL_LENGTH as i64,
    ),
    (
        "SQLITE_LIMIT_TRIGGER_DEPTH",
        ffi::SQLITE_LIMIT_TRIGGER_DEPTH as i64,
    ),
    (
        "SQLITE_LIMIT_VARIABLE_NUMBER",
        ffi::SQLITE_LIMIT_VARIABLE_NUMBER as i64,
    ),
    ("SQLITE_LIMIT_VDBE_OP", ffi::SQLITE_LIMIT_VDBE_OP as i64),
    (
        "SQLITE_LIMIT_WORKER_THREADS",
        ffi::SQLITE_LIMIT_WORKER_THREADS as i64,
    ),
    ("SQLITE_LOCKED", ffi::SQLITE_LOCKED as i64),
    (
        "SQLITE_LOCKED_SHAREDCACHE",
        ffi::SQLITE_LOCKED_SHAREDCACHE as i64,
    ),
    ("SQLITE_LOCKED_VTAB", ffi::SQLITE_LOCKED_VTAB as i64),
    ("SQLITE_MISMATCH", ffi::SQLITE_MISMATCH as i64),
    ("SQLITE_MISUSE", ffi::SQLITE_MISUSE as i64),
    ("SQLITE_NOLFS", ffi::SQLITE_NOLFS as i64),
    ("SQLITE_NOMEM", ffi::SQLITE_NOMEM as i64),
    ("SQLITE_NOTADB", ffi::SQLITE_NOTADB as i64),
    ("SQLITE_NOTFOUND", ffi::SQLITE_NOTFOUND as i64),
    ("SQLITE_NOTICE", ffi::SQLITE_NOTICE as i64),
    (
        "SQLITE_NOTICE_RECOVER_ROLLBACK",
        ffi::SQLITE_NOTICE_RECOVER_ROLLBACK as i64,
    ),
    (
        "SQLITE_NOTICE_RECOVER_WAL",
        ffi::SQLITE_NOTICE_RECOVER_WAL as i64,
    ),
    ("SQLITE_OK", ffi::SQLITE_OK as i64),
    (
        "SQLITE_OK_LOAD_PERMANENTLY",
        ffi::SQLITE_OK_LOAD_PERMANENTLY as i64,
    ),
    ("SQLITE_OK_SYMLINK", ffi::SQLITE_OK_SYMLINK as i64),
    ("SQLITE_PERM", ffi::SQLITE_PERM as i64),
    ("SQLITE_PRAGMA", ffi::SQLITE_PRAGMA as i64),
    ("SQLITE_PROTOCOL", ffi::SQLITE_PROTOCOL as i64),
    ("SQLITE_RANGE", ffi::SQLITE_RANGE as i64),
    ("SQLITE_READ", ffi::SQLITE_READ as i64),
    ("SQLITE_READONLY", ffi::SQLITE_READONLY as i64),
    (
        "SQLITE_READONLY_CANTINIT",
        ffi::SQLITE_READONLY_CANTINIT as i64,
    ),
    (
        "SQLITE_READONLY_CANTLOCK",
        ffi::SQLITE_READONLY_CANTLOCK as i64,
    ),
    (
        "SQLITE_READONLY_DBMOVED",
        ffi::SQLITE_READONLY_DBMOVED as i64,
    ),
    (
        "SQLITE_READONLY_DIRECTORY",
        ffi::SQLITE_READONLY_DIRECTORY as i64,
    ),
    (
        "SQLITE_READONLY_RECOVERY",
        ffi::SQLITE_READONLY_RECOVERY as i64,
    ),
    (
        "SQLITE_READONLY_ROLLBACK",
        ffi::SQLITE_READONLY_ROLLBACK as i64,
    ),
    ("SQLITE_RECURSIVE", ffi::SQLITE_RECURSIVE as i64),
    ("SQLITE_REINDEX", ffi::SQLITE_REINDEX as i64),
    ("SQLITE_ROW", ffi::SQLITE_ROW as i64),
    ("SQLITE_SAVEPOINT", ffi::SQLITE_SAVEPOINT as i64),
    ("SQLITE_SCHEMA", ffi::SQLITE_SCHEMA as i64),
    ("SQLITE_SELECT", ffi::SQLITE_SELECT as i64),
    ("SQLITE_TOOBIG", ffi::SQLITE_TOOBIG as i64),
    ("SQLITE_TRANSACTION", ffi::SQLITE_TRANSACTION as i64),
    ("SQLITE_UPDATE", ffi::SQLITE_UPDATE as i64),
    ("SQLITE_WARNING", ffi::SQLITE_WARNING as i64),
    (
        "SQLITE_WARNING_AUTOINDEX",
        ffi::SQLITE_WARNING_AUTOINDEX as i64,
    ),
];

const FUNCS: &[(&str, NativeFn)] = &[
    ("_open", open),
    ("_close", close),
    ("_prepare", prepare),
    ("_step1", |vm, a, _| {
        check_args(vm, "_step1", a, 2, 2)?;
        let st = stmt_ptr(vm, &a[0])?;
        let is_dml = vm.truthy(&a[1])?;
        step_once(vm, &a[0], st, is_dml)
    }),
    ("_run", run),
    ("_params", params),
    ("_step", step),
    ("_row", row),
    ("_column_bytes", column_bytes),
    ("_columns", columns),
    ("_finalize", finalize),
    ("_reset", |vm, a, _| {
        check_args(vm, "_reset", a, 1, 1)?;
        let st = stmt_ptr(vm, &a[0])?;
        let stepping = with_state(vm, &a[0], "_sqlite3._Stmt", |s: &mut Stmt| s.stepping)?;
        if stepping {
            return Err(sql_err(
                vm,
                "ProgrammingError",
                "Recursive use of cursors not allowed.",
            ));
        }
        // SAFETY: a live statement no step of which is running.
        unsafe {
            quiet_reset(st);
            ffi::sqlite3_clear_bindings(st);
        }
        Ok(vm.none())
    }),
    ("_shared_cache", |vm, a, _| {
        check_args(vm, "enable_shared_cache", a, 1, 1)?;
        let on = vm.truthy(&a[0])?;
        // SAFETY: a global setting with no preconditions.
        let rc = unsafe { ffi::sqlite3_enable_shared_cache(c_int::from(on)) };
        if rc != ffi::SQLITE_OK {
            return Err(code_error(vm, rc, "Changing the shared_cache flag failed"));
        }
        Ok(vm.none())
    }),
    ("_total_changes", |vm, a, _| {
        // SAFETY: an open connection.
        db_op(vm, a, "_total_changes", |db| unsafe {
            ffi::sqlite3_total_changes64(db)
        })
    }),
    ("_lastrowid", |vm, a, _| {
        // SAFETY: an open connection.
        db_op(vm, a, "_lastrowid", |db| unsafe {
            ffi::sqlite3_last_insert_rowid(db)
        })
    }),
    ("_autocommit", |vm, a, _| {
        // SAFETY: an open connection.
        db_op(vm, a, "_autocommit", |db| {
            i64::from(unsafe { ffi::sqlite3_get_autocommit(db) })
        })
    }),
    ("_interrupt", |vm, a, _| {
        // SAFETY: an open connection.
        db_op(vm, a, "_interrupt", |db| {
            unsafe { ffi::sqlite3_interrupt(db) };
            0
        })
    }),
    ("_create_function", create_function),
    ("_create_collation", create_collation),
    ("_set_hook", set_hook),
    ("_limit", limit),
    ("_complete", complete),
    ("_serialize", serialize),
    ("_deserialize", deserialize),
    ("_backup_init", backup_init),
    ("_backup_step", backup_step),
    ("_backup_finish", backup_finish),
    ("_sleep", |vm, a, _| {
        check_args(vm, "_sleep", a, 1, 1)?;
        let ms = int(vm, &a[0])?.clamp(0, i64::from(i32::MAX)) as c_int;
        // SAFETY: no preconditions.
        unsafe {
            ffi::sqlite3_sleep(ms);
        }
        Ok(vm.none())
    }),
    ("_blob_open", blob_open),
    ("_blob_read", blob_read),
    ("_blob_write", blob_write),
    ("_blob_len", blob_len),
    ("_blob_close", blob_close),
    ("_bytes", |vm, a, _| {
        check_args(vm, "_bytes", a, 1, 1)?;
        Ok(new_bytes(crate::objects::buffer::bytes_like(vm, &a[0])?))
    }),
    ("_errstr", errstr),
];

/// Makes the module: the native primitives, then the Python layer.
pub fn load(vm: &mut Vm) -> PyResult {
    let ns = new_dict(DictTable::new());
    let m = new_module("_sqlite3", ns.clone());
    NS.with(|n| *n.borrow_mut() = Some(ns.clone()));
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        for (n, f) in FUNCS {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, *f, "_sqlite3".into()),
            );
        }
        // SAFETY: static strings and a pure query.
        let (version, threadsafe) = unsafe {
            (
                CStr::from_ptr(ffi::sqlite3_libversion())
                    .to_string_lossy()
                    .into_owned(),
                ffi::sqlite3_threadsafe(),
            )
        };
        t.set_str("sqlite_version", new_str(&version));
        t.set_str("_threadsafe", from_i64(i64::from(threadsafe)));
        for (n, v) in CONSTANTS {
            t.set_str(n, from_i64(*v));
        }
    }
    super::run_layer(vm, SOURCE, "<_sqlite3>", &ns)?;
    Ok(m)
}
