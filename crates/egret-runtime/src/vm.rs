//! The interpreter state ([`Vm`]), Python errors as Rust values ([`PyErr`]),
//! and the constructors for the exceptions the runtime raises.

use std::io::Write;
use std::rc::Rc;

use crate::interp::frame::Frame;
use crate::interp::jit::{JitHook, JitMode};
use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictTable, new_dict};
use crate::objects::exceptions::{ExceptionData, new_exception, new_exception_msg};
use crate::objects::str::new_str;

/// A raised Python exception.
#[derive(Debug, Clone)]
pub struct PyErr {
    pub exc: Value,
}

pub type PyResult<T = Value> = Result<T, PyErr>;

impl PyErr {
    pub fn new(exc: Value) -> Self {
        PyErr { exc }
    }

    pub fn data(&self) -> Option<&ExceptionData> {
        self.exc.downcast::<ExceptionData>()
    }

    /// Whether the exception is an instance of `ty` (a subclass counts).
    pub fn matches(&self, ty: &Value) -> bool {
        crate::object::types::isinstance(&self.exc, ty)
    }
}

thread_local! {
    /// The lowest stack address native recursion may reach on this thread
    /// before it raises `RecursionError` (0: not set, no check). Set by
    /// [`set_stack_size`] where the thread starts.
    static STACK_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Records that the calling thread's stack is `size` bytes, of which the
/// caller is near the top: native recursion (comparisons, repr, calls from
/// native code, compiled code) raises `RecursionError` once less than an
/// eighth of it (at least 1 MiB) is left, instead of overflowing it.
pub fn set_stack_size(size: usize) {
    let here = stack_address();
    let margin = (size / 8).max(1 << 20);
    STACK_LIMIT.with(|l| l.set(here.saturating_sub(size.saturating_sub(margin))));
}

/// An address in the caller's stack frame.
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

/// The bytes of native stack left before [`stack_exhausted`] (`usize::MAX`
/// on a thread whose stack size was not recorded).
pub fn stack_remaining() -> usize {
    match STACK_LIMIT.with(std::cell::Cell::get) {
        0 => usize::MAX,
        limit => stack_address().saturating_sub(limit),
    }
}

/// Whether the native stack is nearly exhausted (see [`set_stack_size`]).
#[inline]
pub fn stack_exhausted() -> bool {
    stack_address() < STACK_LIMIT.with(std::cell::Cell::get)
}

/// Options the embedding program sets before running code.
#[derive(Clone, Debug)]
pub struct Options {
    pub argv: Vec<String>,
    /// Directories searched for modules after the script's own.
    pub path: Vec<String>,
    pub jit_mode: JitMode,
    pub jit_threshold: u32,
    pub xoptions: Vec<(String, String)>,
    /// The CPython standard library directory on sys.path, if one was found.
    pub stdlib: Option<String>,
    /// `sys.flags`: the command-line options that set them, by field name
    /// (the others are 0).
    pub flags: Vec<(&'static str, i64)>,
    /// `sys.warnoptions`: `PYTHONWARNINGS` then each `-W`.
    pub warnoptions: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            argv: vec![String::new()],
            path: Vec::new(),
            jit_mode: JitMode::On,
            jit_threshold: 1000,
            xoptions: Vec::new(),
            stdlib: None,
            flags: Vec::new(),
            warnoptions: Vec::new(),
        }
    }
}

/// Buffered standard output, flushed at exit and before anything is read
/// from stdin or written to stderr.
pub struct StdStreams {
    pub out: std::io::BufWriter<std::io::Stdout>,
    /// A flush that failed where it could not raise (see `flush_stdout`).
    pub failed: Option<std::io::Error>,
}

impl StdStreams {
    pub fn new() -> StdStreams {
        StdStreams {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            failed: None,
        }
    }

    /// Forgets what is buffered (after a write to stdout failed).
    fn discard(&mut self) {
        let old = std::mem::replace(
            &mut self.out,
            std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
        );
        drop(old.into_parts());
    }
}

impl Default for StdStreams {
    fn default() -> Self {
        StdStreams::new()
    }
}

/// The interpreter.
pub struct Vm {
    pub builtins: Value,
    pub builtins_dict: Value,
    pub sys: Value,
    /// `sys.modules`.
    pub modules: Value,
    /// The exception currently being handled (`sys.exc_info()`), or None.
    pub exc_info: Value,
    /// Python frames currently active (inline and nested).
    pub depth: usize,
    pub recursion_limit: usize,
    /// The frame the interpreter is executing (for `locals()`, `globals()`).
    pub(crate) frame_ptr: crate::interp::frame::FramePtr,
    pub options: Options,
    pub jit: Option<Box<dyn JitHook>>,
    /// Code objects that reached their call threshold while the JIT was busy
    /// (running a loop it compiled by on-stack replacement, which calls them
    /// through the interpreter): offered to it when it is back.
    pub(crate) hot_while_busy: Vec<Rc<crate::objects::function::CodeRt>>,
    /// importlib's spec machinery once `importlib` is imported (modules
    /// get `__spec__` from then on; see `import`).
    pub(crate) spec_makers: Option<crate::import::SpecMakers>,
    /// `sys.set_asyncgen_hooks`: (firstiter, finalizer).
    pub(crate) asyncgen_hooks: (Option<Value>, Option<Value>),
    pub streams: StdStreams,
    /// Names interned as str objects (attribute names in code objects).
    pub(crate) interned: rustc_hash::FxHashMap<Rc<str>, Value>,
    /// Objects whose repr is in progress (for `[...]` in recursive containers).
    pub(crate) repr_stack: Vec<Value>,
    /// Calls or back-edges after which a code object is offered to the JIT
    /// (1 in eager mode, `u32::MAX` without a JIT).
    pub(crate) jit_threshold: u32,
    /// Finished frames kept for reuse (saves three allocations per call).
    /// Boxed: a running frame's address must not move (see `frame_ptr`).
    #[allow(clippy::vec_box)]
    pub(crate) frame_pool: Vec<Box<Frame>>,
    /// The builtin functions as registered at start-up, by name: compiled
    /// code that inlines one checks the name still means it.
    pub(crate) builtin_originals: std::collections::HashMap<&'static str, Value>,
    /// An exception raised by a signal handler that compiled code ran: it
    /// leaves for the interpreter, which raises it (see `handle_pending`).
    pub async_exc: Option<PyErr>,
}

impl Vm {
    pub fn new(options: Options) -> Vm {
        crate::gil::set_main_thread();
        let t = types();
        let builtins_dict = new_dict(DictTable::new());
        let builtins = crate::objects::module::new_module("builtins", builtins_dict.clone());
        let modules = new_dict(DictTable::new());
        let mut vm = Vm {
            builtins,
            builtins_dict,
            sys: t.none.clone(),
            modules,
            exc_info: t.none.clone(),
            depth: 0,
            recursion_limit: 1000,
            builtin_originals: std::collections::HashMap::new(),
            frame_ptr: crate::interp::frame::FramePtr::NONE,
            options,
            jit: None,
            hot_while_busy: Vec::new(),
            spec_makers: None,
            asyncgen_hooks: (None, None),
            streams: StdStreams::new(),
            interned: rustc_hash::FxHashMap::default(),
            repr_stack: Vec::new(),
            jit_threshold: u32::MAX,
            frame_pool: Vec::new(),
            async_exc: None,
        };
        crate::builtins::init(&mut vm);
        crate::setup_types(&mut vm);
        let (base_eg, eg) = crate::objects::excgroup::create(&mut vm);
        if let Some(d) = vm
            .builtins_dict
            .downcast::<crate::objects::dict::DictData>()
        {
            let mut t = d.table.borrow_mut();
            t.set_str("BaseExceptionGroup", base_eg);
            t.set_str("ExceptionGroup", eg);
        }
        let sys = crate::modules::sys::make(&mut vm);
        vm.sys = sys.clone();
        vm.register_module("sys", sys);
        let b = vm.builtins.clone();
        vm.register_module("builtins", b);
        vm
    }

    /// Installs a JIT; the threshold follows the JIT mode.
    pub fn install_jit(&mut self, jit: Box<dyn JitHook>) {
        self.jit_threshold = match self.options.jit_mode {
            JitMode::Off => u32::MAX,
            JitMode::Eager => 1,
            JitMode::On => self.options.jit_threshold.max(1),
        };
        self.jit = Some(jit);
    }

    /// Counts a call of (or a back-edge in) `code` and offers it to the JIT
    /// when the count reaches the threshold.
    #[inline]
    pub(crate) fn count_hot(
        &mut self,
        code: &std::rc::Rc<crate::objects::function::CodeRt>,
        counter: &std::cell::Cell<u32>,
    ) {
        let n = counter.get().wrapping_add(1);
        counter.set(n);
        if n == self.jit_threshold {
            match self.jit.as_mut() {
                Some(j) => {
                    j.compile(code);
                }
                None if self.jit_threshold != u32::MAX => self.hot_while_busy.push(code.clone()),
                None => {}
            }
        }
    }

    /// Gives the JIT back after on-stack replacement, and offers it the code
    /// objects that became hot meanwhile.
    pub(crate) fn return_jit(&mut self, mut jit: Box<dyn JitHook>) {
        for code in std::mem::take(&mut self.hot_while_busy) {
            jit.compile(&code);
        }
        self.jit = Some(jit);
    }

    pub fn register_module(&mut self, name: &str, m: Value) {
        if let Some(d) = self.modules.downcast::<crate::objects::dict::DictData>() {
            d.table.borrow_mut().set_str(name, m);
        }
    }

    /// An interned str for a name.
    pub fn intern(&mut self, name: &Rc<str>) -> Value {
        if let Some(v) = self.interned.get(name) {
            return v.clone();
        }
        let v = new_str(name);
        self.interned.insert(name.clone(), v.clone());
        v
    }

    /// Flushes standard output where an error cannot be reported (before
    /// writing to stderr, reading stdin, ...): a failure is reported by the
    /// next write or flush that can raise (`write_stdout`,
    /// `flush_stdout_checked`) or at exit.
    pub fn flush_stdout(&mut self) {
        if let Err(e) = self.streams.out.flush() {
            self.streams.failed.get_or_insert(e);
        }
    }

    /// Writes to standard output (buffered); a failed write (a closed
    /// pipe, a full disk) raises the OSError CPython raises, and what was
    /// buffered is dropped, as CPython's buffered writer drops it.
    pub fn write_stdout(&mut self, s: &str) -> PyResult<()> {
        let r = self.streams.out.write_all(s.as_bytes());
        self.stdout_result(r)
    }

    /// `write_stdout` of encoded text.
    pub fn write_stdout_bytes(&mut self, b: &[u8]) -> PyResult<()> {
        let r = self.streams.out.write_all(b);
        self.stdout_result(r)
    }

    pub fn write_stderr_bytes(&mut self, b: &[u8]) {
        self.flush_stdout();
        let _ = std::io::stderr().write_all(b);
    }

    /// Flushes standard output, raising what a failed write raises.
    pub fn flush_stdout_checked(&mut self) -> PyResult<()> {
        let r = self.streams.out.flush();
        self.stdout_result(r)
    }

    fn stdout_result(&mut self, r: std::io::Result<()>) -> PyResult<()> {
        match r.err().or_else(|| self.streams.failed.take()) {
            None => Ok(()),
            Some(e) => {
                self.streams.discard();
                let errno = e.raw_os_error().unwrap_or(libc::EIO);
                Err(crate::modules::posix::os_error(self, errno, None, None))
            }
        }
    }

    pub fn write_stderr(&mut self, s: &str) {
        self.flush_stdout();
        let _ = std::io::stderr().write_all(s.as_bytes());
    }

    // ----- raising -----

    /// Enters a native operation that can recurse without a Python frame
    /// (comparing, repr'ing or hashing nested containers, calling from
    /// native code), as CPython's `Py_EnterRecursiveCall`: it counts against
    /// the recursion limit, and the native stack is checked. `what` ends the
    /// message (" in comparison"). Pair with [`Vm::leave_recursive`].
    pub fn enter_recursive(&mut self, what: &str) -> PyResult<()> {
        if self.depth >= self.recursion_limit || stack_exhausted() {
            return Err(self.err(
                &types().exc.recursion_error,
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves what [`Vm::enter_recursive`] entered.
    pub fn leave_recursive(&mut self) {
        self.depth -= 1;
    }

    /// Runs `f` inside [`Vm::enter_recursive`]/[`Vm::leave_recursive`].
    pub fn recursive<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<T>,
    ) -> PyResult<T> {
        self.enter_recursive(what)?;
        let r = f(self);
        self.leave_recursive();
        r
    }

    pub fn err(&self, ty: &Value, msg: impl AsRef<str>) -> PyErr {
        PyErr::new(new_exception_msg(ty, msg.as_ref()))
    }

    pub fn type_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.type_error, msg)
    }
    pub fn value_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.value_error, msg)
    }
    pub fn index_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.index_error, msg)
    }
    pub fn attribute_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.attribute_error, msg)
    }
    pub fn name_error(&self, name: &str) -> PyErr {
        self.err(
            &types().exc.name_error,
            format!("name '{name}' is not defined"),
        )
    }
    pub fn zero_division(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.zero_division_error, msg)
    }
    pub fn overflow_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.overflow_error, msg)
    }
    pub fn runtime_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.err(&types().exc.runtime_error, msg)
    }
    pub fn not_implemented(&self, what: impl AsRef<str>) -> PyErr {
        self.err(
            &types().exc.not_implemented_error,
            format!("{} is not supported by egret yet", what.as_ref()),
        )
    }
    /// An empty vector with room for `n` elements, or `MemoryError`: for
    /// sizes a program chooses (`[0] * n`, `bytes(n)`), which must raise
    /// rather than abort the process when the allocation fails.
    pub fn try_vec<T>(&self, n: usize) -> PyResult<Vec<T>> {
        let mut v = Vec::new();
        v.try_reserve_exact(n).map_err(|_| self.memory_error())?;
        Ok(v)
    }

    /// `items` repeated `n` times, allocated fallibly (see [`Vm::try_vec`]).
    pub fn try_repeat<T: Clone>(&self, items: &[T], n: usize) -> PyResult<Vec<T>> {
        let total = items
            .len()
            .checked_mul(n)
            .ok_or_else(|| self.memory_error())?;
        let mut out = self.try_vec(total)?;
        for _ in 0..n {
            out.extend_from_slice(items);
        }
        Ok(out)
    }

    /// `s` repeated `n` times, allocated fallibly (see [`Vm::try_vec`]).
    pub fn try_repeat_str(&self, s: &str, n: usize) -> PyResult<String> {
        let total = s.len().checked_mul(n).ok_or_else(|| self.memory_error())?;
        let mut out = String::new();
        out.try_reserve_exact(total)
            .map_err(|_| self.memory_error())?;
        for _ in 0..n {
            out.push_str(s);
        }
        Ok(out)
    }

    pub fn memory_error(&self) -> PyErr {
        PyErr::new(new_exception(
            &types().exc.memory_error,
            types().empty_tuple.clone(),
        ))
    }
    pub fn stop_iteration(&self, value: Option<Value>) -> PyErr {
        let args = match value {
            Some(v) => crate::objects::tuple::new_tuple(vec![v]),
            None => types().empty_tuple.clone(),
        };
        PyErr::new(new_exception(&types().exc.stop_iteration, args))
    }
    pub fn key_error(&self, key: Value) -> PyErr {
        PyErr::new(new_exception(
            &types().exc.key_error,
            crate::objects::tuple::new_tuple(vec![key]),
        ))
    }

    /// `TypeError: 'X' object is not subscriptable` and friends.
    pub fn type_name(&self, v: &Value) -> String {
        v.type_data().name.clone()
    }

    pub fn none(&self) -> Value {
        types().none.clone()
    }

    pub fn bool_value(&self, b: bool) -> Value {
        if b {
            types().true_.clone()
        } else {
            types().false_.clone()
        }
    }
}

/// The interpreter's view of `bool` values.
pub fn py_bool(b: bool) -> Value {
    if b {
        types().true_.clone()
    } else {
        types().false_.clone()
    }
}
