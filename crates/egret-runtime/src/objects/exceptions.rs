//! The built-in exception hierarchy, exception objects and traceback text.
//!
//! An exception object carries its `args`, the traceback entries collected
//! while it unwinds, its `__cause__`/`__context__` chain and an attribute dict
//! (user exception classes store their own attributes there).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::types::{Kind, builtin_type, types};
use crate::object::{Payload, Value};
use crate::objects::dict::{DictTable, new_dict};

/// One traceback line: where an exception passed through.
#[derive(Clone)]
pub struct TbEntry {
    pub filename: Rc<str>,
    pub name: Rc<str>,
    pub line: u32,
    /// The frame's code and globals, for `tb_frame`.
    pub code: Option<Rc<crate::objects::function::CodeRt>>,
    pub globals: Option<Value>,
}

pub struct ExceptionData {
    pub args: RefCell<Value>,
    pub dict: Value,
    pub traceback: RefCell<Vec<TbEntry>>,
    pub cause: RefCell<Option<Value>>,
    pub context: RefCell<Option<Value>>,
    pub suppress_context: Cell<bool>,
}

impl Payload for ExceptionData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Exception
    }
}

impl ExceptionData {
    pub fn new(args: Value) -> Self {
        ExceptionData {
            args: RefCell::new(args),
            dict: new_dict(DictTable::new()),
            traceback: RefCell::new(Vec::new()),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
        }
    }
}

macro_rules! exception_types {
    ($base:ident; $( $field:ident : $name:literal < $parent:ident ),* $(,)?) => {
        /// Every built-in exception type.
        pub struct ExceptionTypes {
            pub $base: Value,
            $( pub $field: Value, )*
            /// (name, type) of every built-in exception, for the builtins module.
            pub all: Vec<(&'static str, Value)>,
        }

        impl ExceptionTypes {
            #[allow(clippy::redundant_clone)]
            pub(crate) fn create(object: &Value, meta: &Value) -> Self {
                let $base = builtin_type("BaseException", Kind::Exception, Some(object), meta);
                let mut all = vec![("BaseException", $base.clone())];
                $(
                    let $field = builtin_type($name, Kind::Exception, Some(&$parent), meta);
                    all.push(($name, $field.clone()));
                )*
                ExceptionTypes { $base, $( $field, )* all }
            }
        }
    };
}

exception_types! {
    base_exception;
    system_exit: "SystemExit" < base_exception,
    keyboard_interrupt: "KeyboardInterrupt" < base_exception,
    generator_exit: "GeneratorExit" < base_exception,
    exception: "Exception" < base_exception,
    stop_iteration: "StopIteration" < exception,
    stop_async_iteration: "StopAsyncIteration" < exception,
    arithmetic_error: "ArithmeticError" < exception,
    floating_point_error: "FloatingPointError" < arithmetic_error,
    overflow_error: "OverflowError" < arithmetic_error,
    zero_division_error: "ZeroDivisionError" < arithmetic_error,
    assertion_error: "AssertionError" < exception,
    attribute_error: "AttributeError" < exception,
    buffer_error: "BufferError" < exception,
    eof_error: "EOFError" < exception,
    import_error: "ImportError" < exception,
    module_not_found_error: "ModuleNotFoundError" < import_error,
    lookup_error: "LookupError" < exception,
    index_error: "IndexError" < lookup_error,
    key_error: "KeyError" < lookup_error,
    memory_error: "MemoryError" < exception,
    name_error: "NameError" < exception,
    unbound_local_error: "UnboundLocalError" < name_error,
    os_error: "OSError" < exception,
    file_exists_error: "FileExistsError" < os_error,
    file_not_found_error: "FileNotFoundError" < os_error,
    is_a_directory_error: "IsADirectoryError" < os_error,
    not_a_directory_error: "NotADirectoryError" < os_error,
    permission_error: "PermissionError" < os_error,
    timeout_error: "TimeoutError" < os_error,
    blocking_io_error: "BlockingIOError" < os_error,
    child_process_error: "ChildProcessError" < os_error,
    connection_error: "ConnectionError" < os_error,
    broken_pipe_error: "BrokenPipeError" < connection_error,
    connection_aborted_error: "ConnectionAbortedError" < connection_error,
    connection_refused_error: "ConnectionRefusedError" < connection_error,
    connection_reset_error: "ConnectionResetError" < connection_error,
    interrupted_error: "InterruptedError" < os_error,
    process_lookup_error: "ProcessLookupError" < os_error,
    reference_error: "ReferenceError" < exception,
    runtime_error: "RuntimeError" < exception,
    not_implemented_error: "NotImplementedError" < runtime_error,
    recursion_error: "RecursionError" < runtime_error,
    syntax_error: "SyntaxError" < exception,
    indentation_error: "IndentationError" < syntax_error,
    tab_error: "TabError" < indentation_error,
    system_error: "SystemError" < exception,
    type_error: "TypeError" < exception,
    value_error: "ValueError" < exception,
    unicode_error: "UnicodeError" < value_error,
    unicode_decode_error: "UnicodeDecodeError" < unicode_error,
    unicode_encode_error: "UnicodeEncodeError" < unicode_error,
    unicode_translate_error: "UnicodeTranslateError" < unicode_error,
    warning: "Warning" < exception,
    deprecation_warning: "DeprecationWarning" < warning,
    runtime_warning: "RuntimeWarning" < warning,
    user_warning: "UserWarning" < warning,
    syntax_warning: "SyntaxWarning" < warning,
    future_warning: "FutureWarning" < warning,
    pending_deprecation_warning: "PendingDeprecationWarning" < warning,
    import_warning: "ImportWarning" < warning,
    unicode_warning: "UnicodeWarning" < warning,
    bytes_warning: "BytesWarning" < warning,
    resource_warning: "ResourceWarning" < warning,
    encoding_warning: "EncodingWarning" < warning,
}

/// Creates an exception instance of `ty` with the given args tuple.
pub fn new_exception(ty: &Value, args: Value) -> Value {
    Value::alloc(ty, ExceptionData::new(args))
}

/// Creates an exception with a single message argument.
pub fn new_exception_msg(ty: &Value, msg: &str) -> Value {
    let args = crate::objects::tuple::new_tuple(vec![crate::objects::str::new_str(msg)]);
    new_exception(ty, args)
}

pub fn exception_data(v: &Value) -> Option<&ExceptionData> {
    v.downcast::<ExceptionData>()
}

/// Whether `v` is an exception class (a subclass of BaseException).
pub fn is_exception_type(v: &Value) -> bool {
    v.downcast::<crate::object::types::TypeData>()
        .is_some_and(|t| t.is_subtype(&types().exc.base_exception))
}

/// Attributes computed from an exception's state.
pub fn exception_attr(
    _vm: &mut crate::vm::Vm,
    v: &Value,
    name: &str,
) -> crate::vm::PyResult<Option<Value>> {
    let d = v.downcast::<ExceptionData>().expect("exception");
    let t = types();
    let args = d.args.borrow().clone();
    let first = || {
        args.downcast::<crate::objects::tuple::TupleData>()
            .and_then(|a| a.items.first().cloned())
    };
    Ok(match name {
        "args" => Some(args.clone()),
        "__cause__" => Some(d.cause.borrow().clone().unwrap_or_else(|| t.none.clone())),
        "__context__" => Some(d.context.borrow().clone().unwrap_or_else(|| t.none.clone())),
        "__suppress_context__" => Some(crate::vm::py_bool(d.suppress_context.get())),
        "__traceback__" => Some(traceback_object(d)),
        "value" if crate::object::types::isinstance(v, &t.exc.stop_iteration) => {
            Some(first().unwrap_or_else(|| t.none.clone()))
        }
        "code" if crate::object::types::isinstance(v, &t.exc.system_exit) => {
            let a = args
                .downcast::<crate::objects::tuple::TupleData>()
                .map(|a| a.items.to_vec())
                .unwrap_or_default();
            Some(match a.len() {
                0 => t.none.clone(),
                1 => a[0].clone(),
                _ => args.clone(),
            })
        }
        "errno" | "strerror" | "filename"
            if crate::object::types::isinstance(v, &t.exc.os_error) =>
        {
            let a = args
                .downcast::<crate::objects::tuple::TupleData>()
                .map(|a| a.items.to_vec())
                .unwrap_or_default();
            let idx = match name {
                "errno" => 0,
                "strerror" => 1,
                _ => 2,
            };
            Some(if a.len() >= 2 {
                a.get(idx).cloned().unwrap_or_else(|| t.none.clone())
            } else {
                t.none.clone()
            })
        }
        "msg" if crate::object::types::isinstance(v, &t.exc.syntax_error) => {
            Some(first().unwrap_or_else(|| t.none.clone()))
        }
        "filename" | "lineno" | "offset" | "text" | "end_lineno" | "end_offset"
            if crate::object::types::isinstance(v, &t.exc.syntax_error) =>
        {
            // args = (msg, (filename, lineno, offset, text[, end_lineno, end_offset]))
            let details = args
                .downcast::<crate::objects::tuple::TupleData>()
                .and_then(|a| a.items.get(1).cloned())
                .and_then(|d| {
                    d.downcast::<crate::objects::tuple::TupleData>()
                        .map(|t| t.items.to_vec())
                })
                .unwrap_or_default();
            let idx = match name {
                "filename" => 0,
                "lineno" => 1,
                "offset" => 2,
                "text" => 3,
                "end_lineno" => 4,
                _ => 5,
            };
            Some(details.get(idx).cloned().unwrap_or_else(|| t.none.clone()))
        }
        "name"
            if crate::object::types::isinstance(v, &t.exc.import_error)
                || crate::object::types::isinstance(v, &t.exc.name_error) =>
        {
            Some(t.none.clone())
        }
        "path" if crate::object::types::isinstance(v, &t.exc.import_error) => Some(t.none.clone()),
        // UnicodeEncodeError/DecodeError(encoding, object, start, end,
        // reason), UnicodeTranslateError(object, start, end, reason).
        "encoding" | "object" | "start" | "end" | "reason"
            if crate::object::types::isinstance(v, &t.exc.unicode_error) =>
        {
            let items = args
                .downcast::<crate::objects::tuple::TupleData>()
                .map(|a| a.items.to_vec())
                .unwrap_or_default();
            let translate = crate::object::types::isinstance(v, &t.exc.unicode_translate_error);
            let fields: &[&str] = if translate {
                &["object", "start", "end", "reason"]
            } else {
                &["encoding", "object", "start", "end", "reason"]
            };
            if items.len() != fields.len() {
                return Ok(None);
            }
            fields
                .iter()
                .position(|f| *f == name)
                .map(|i| items[i].clone())
        }
        // ImportError.msg: the message when it was the only argument.
        "msg" if crate::object::types::isinstance(v, &t.exc.import_error) => {
            let args = d.args.borrow().clone();
            let items = args
                .downcast::<crate::objects::tuple::TupleData>()
                .map(|a| a.items.to_vec())
                .unwrap_or_default();
            Some(match items.as_slice() {
                [m] => m.clone(),
                _ => t.none.clone(),
            })
        }
        _ => None,
    })
}

/// The `traceback` chain of an exception (outermost frame first), or None.
pub fn traceback_object(d: &ExceptionData) -> Value {
    let t = types();
    let mut next = t.none.clone();
    // Entries are recorded innermost first; build the chain from the inside out.
    for e in d.traceback.borrow().iter() {
        let mut table = DictTable::new();
        table.set_str(
            "tb_lineno",
            crate::objects::int::from_i64(i64::from(e.line)),
        );
        table.set_str("tb_next", next);
        table.set_str("tb_frame", frame_snapshot(e));
        // No instruction offsets: traceback falls back to tb_lineno.
        table.set_str("tb_lasti", crate::objects::int::from_i64(-1));
        next = Value::alloc(
            &t.traceback,
            crate::object::types::InstanceData::with_dict(new_dict(table)),
        );
    }
    next
}

/// A `frame` object for a traceback entry: its code, globals and line.
/// (`f_back` is None and `f_locals` is absent: the frame has finished.)
fn frame_snapshot(e: &TbEntry) -> Value {
    let globals = e.globals.clone().unwrap_or_else(|| types().none.clone());
    crate::objects::frameobj::finished(e.code.clone(), globals, e.line)
}

/// Sets the special attributes of an exception; false for ordinary ones.
pub fn set_exception_attr(
    vm: &mut crate::vm::Vm,
    v: &Value,
    name: &str,
    value: &Value,
) -> crate::vm::PyResult<bool> {
    let d = v.downcast::<ExceptionData>().expect("exception");
    let t = types();
    let opt = |x: &Value| if x.is(&t.none) { None } else { Some(x.clone()) };
    match name {
        "args" => {
            let items = vm.iterate(value)?;
            *d.args.borrow_mut() = crate::objects::tuple::new_tuple(items);
        }
        "__cause__" => {
            *d.cause.borrow_mut() = opt(value);
            d.suppress_context.set(true);
        }
        "__context__" => *d.context.borrow_mut() = opt(value),
        "__suppress_context__" => d.suppress_context.set(vm.truthy(value)?),
        "__traceback__" => {
            if value.is(&t.none) {
                d.traceback.borrow_mut().clear();
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `str(exc)`.
/// The first argument of an exception when it is a str ("" otherwise).
pub fn exception_message(v: &Value) -> String {
    v.downcast::<ExceptionData>()
        .and_then(|d| {
            d.args
                .borrow()
                .downcast::<crate::objects::tuple::TupleData>()
                .and_then(|t| {
                    t.items
                        .first()
                        .and_then(crate::objects::str::as_str)
                        .map(str::to_string)
                })
        })
        .unwrap_or_default()
}

pub fn exception_str(vm: &mut crate::vm::Vm, v: &Value) -> crate::vm::PyResult<String> {
    let d = v.downcast::<ExceptionData>().expect("exception");
    let args = d.args.borrow().clone();
    let items = args
        .downcast::<crate::objects::tuple::TupleData>()
        .map(|a| a.items.to_vec())
        .unwrap_or_default();
    if crate::object::types::isinstance(v, &types().exc.key_error) && items.len() == 1 {
        return vm.repr_string(&items[0]);
    }
    if crate::object::types::isinstance(v, &types().exc.unicode_error)
        && let Some(s) = unicode_error_str(vm, v, items.len())?
    {
        return Ok(s);
    }
    // OSError(errno, strerror[, filename[, winerror[, filename2]]]).
    if (2..=5).contains(&items.len()) && crate::object::types::isinstance(v, &types().exc.os_error)
    {
        let none = &types().none;
        let mut s = format!(
            "[Errno {}] {}",
            vm.str_string(&items[0])?,
            vm.str_string(&items[1])?
        );
        if let Some(f) = items.get(2).filter(|f| !f.is(none)) {
            s.push_str(&format!(": {}", vm.repr_string(f)?));
            if let Some(f2) = items.get(4).filter(|f| !f.is(none)) {
                s.push_str(&format!(" -> {}", vm.repr_string(f2)?));
            }
        }
        return Ok(s);
    }
    // SyntaxError(msg, (filename, lineno, offset, text, ...)): "msg
    // (file, line N)", from the attributes (which may have been set since).
    if items.len() == 2 && crate::object::types::isinstance(v, &types().exc.syntax_error) {
        let msg = vm.getattr_str(v, "msg")?;
        let mut s = vm.str_string(&msg)?;
        let filename = vm.getattr_str(v, "filename")?;
        let lineno = vm.getattr_str(v, "lineno")?;
        let file = crate::objects::str::as_str(&filename)
            .filter(|_| filename.kind() == Kind::Str)
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_string());
        let line = (lineno.kind() == Kind::Int)
            .then(|| crate::objects::int::to_bigint(&lineno))
            .flatten();
        match (file, line) {
            (Some(f), Some(l)) => s.push_str(&format!(" ({f}, line {l})")),
            (Some(f), None) => s.push_str(&format!(" ({f})")),
            (None, Some(l)) => s.push_str(&format!(" (line {l})")),
            (None, None) => {}
        }
        return Ok(s);
    }
    match items.len() {
        0 => Ok(String::new()),
        1 => vm.str_string(&items[0]),
        _ => vm.repr_string(&args),
    }
}

/// `str()` of a UnicodeEncodeError, UnicodeDecodeError or
/// UnicodeTranslateError made with its full arguments, in CPython's words
/// (from the attributes, which may have been set since).
fn unicode_error_str(
    vm: &mut crate::vm::Vm,
    v: &Value,
    nargs: usize,
) -> crate::vm::PyResult<Option<String>> {
    let t = types();
    let isa = |ty: &Value| crate::object::types::isinstance(v, ty);
    let (decode, encode) = (
        isa(&t.exc.unicode_decode_error),
        isa(&t.exc.unicode_encode_error),
    );
    let translate = isa(&t.exc.unicode_translate_error);
    if !(decode || encode || translate) || nargs != if translate { 4 } else { 5 } {
        return Ok(None);
    }
    let start = vm.getattr_str(v, "start")?;
    let end = vm.getattr_str(v, "end")?;
    let (start, end) = (vm.index_value(&start)?, vm.index_value(&end)?);
    let reason = vm.getattr_str(v, "reason")?;
    let reason = vm.str_string(&reason)?;
    let object = vm.getattr_str(v, "object")?;
    let codec = if translate {
        String::new()
    } else {
        let e = vm.getattr_str(v, "encoding")?;
        vm.str_string(&e)?
    };
    if decode {
        let bytes = crate::objects::str_methods::bytes_of(&object).unwrap_or_default();
        if start >= 0 && (start as usize) < bytes.len() && end == start + 1 {
            return Ok(Some(format!(
                "'{codec}' codec can't decode byte {:#04x} in position {start}: {reason}",
                bytes[start as usize]
            )));
        }
        return Ok(Some(format!(
            "'{codec}' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )));
    }
    let verb = if translate {
        "can't translate".to_string()
    } else {
        format!("'{codec}' codec can't encode")
    };
    let text = crate::objects::str::as_str(&object).unwrap_or("");
    let ch = (start >= 0 && end == start + 1)
        .then(|| text.chars().nth(start as usize))
        .flatten();
    if let Some(c) = ch {
        let n = crate::objects::unicode::code_point(c);
        let esc = if n <= 0xff {
            format!("\\x{n:02x}")
        } else if n <= 0xffff {
            format!("\\u{n:04x}")
        } else {
            format!("\\U{n:08x}")
        };
        return Ok(Some(format!(
            "{verb} character '{esc}' in position {start}: {reason}"
        )));
    }
    Ok(Some(format!(
        "{verb} characters in position {start}-{}: {reason}",
        end - 1
    )))
}

/// `repr(exc)`.
pub fn exception_repr(vm: &mut crate::vm::Vm, v: &Value) -> crate::vm::PyResult<String> {
    let d = v.downcast::<ExceptionData>().expect("exception");
    let args = d.args.borrow().clone();
    let name = v.type_data().name.clone();
    let items = args
        .downcast::<crate::objects::tuple::TupleData>()
        .map(|a| a.items.to_vec())
        .unwrap_or_default();
    if items.len() == 1 {
        return Ok(format!("{name}({})", vm.repr_string(&items[0])?));
    }
    let r = vm.repr_string(&args)?;
    Ok(format!("{name}{r}"))
}

/// The last line of a traceback: `TypeName: message`.
pub fn exception_line(vm: &mut crate::vm::Vm, v: &Value) -> String {
    let ty = v.class();
    let td = ty.type_data_of_type();
    let mut name = td.qualname.borrow().clone();
    if td.is_heap
        && let Some(m) = td.dict.borrow().get_str("__module__")
    {
        let m = crate::interp::str_of(&m);
        if m != "builtins" && m != "__main__" {
            name = format!("{m}.{name}");
        }
    }
    let msg = match vm.str_string(v) {
        Ok(s) => s,
        Err(_) => "<exception str() failed>".to_string(),
    };
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

fn source_line(filename: &str, line: u32) -> Option<String> {
    let text = std::fs::read_to_string(filename).ok()?;
    text.lines()
        .nth(line.saturating_sub(1) as usize)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

/// The full CPython-style traceback text, chained exceptions included;
/// exception groups are drawn as nested boxes, as CPython draws them.
pub fn format_exception(vm: &mut crate::vm::Vm, v: &Value) -> String {
    let mut ctx = PrintContext {
        depth: 0,
        need_close: false,
        seen: Vec::new(),
    };
    let mut out = String::new();
    format_chain(vm, v, &mut ctx, &mut out);
    out
}

/// CPython's limits on how much of an exception group is shown.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

struct PrintContext {
    /// Nesting of exception groups being drawn.
    depth: usize,
    need_close: bool,
    seen: Vec<Value>,
}

impl PrintContext {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text`, each line behind the group margin.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// The sub-exceptions of an exception group, or None for other exceptions.
fn group_members(vm: &mut crate::vm::Vm, v: &Value) -> Option<Vec<Value>> {
    if !crate::object::types::isinstance(v, &crate::objects::excgroup::base_group()) {
        return None;
    }
    let excs = vm.getattr_str(v, "exceptions").ok()?;
    vm.iterate(&excs).ok()
}

/// Prints `v` after what it was chained from (its cause, or else its
/// context), each exception at most once, as CPython's printer does.
fn format_chain(vm: &mut crate::vm::Vm, v: &Value, ctx: &mut PrintContext, out: &mut String) {
    ctx.seen.push(v.clone());
    if let Some(d) = v.downcast::<ExceptionData>() {
        let none = &types().none;
        let cause = d.cause.borrow().clone().filter(|c| !c.is(none));
        let context = d.context.borrow().clone().filter(|c| !c.is(none));
        let chained = match (cause, context) {
            (Some(c), _) => Some((
                c,
                "\nThe above exception was the direct cause of the following exception:\n\n",
            )),
            (None, Some(c)) if !d.suppress_context.get() => Some((
                c,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            )),
            _ => None,
        };
        if let Some((c, msg)) = chained
            && !ctx.seen.iter().any(|s| s.is(&c))
        {
            let need_close = ctx.need_close;
            format_chain(vm, &c, ctx, out);
            ctx.need_close = need_close;
            ctx.emit(out, msg, '|');
        }
    }
    let tb = v
        .downcast::<ExceptionData>()
        .map(|d| d.traceback.borrow().clone())
        .unwrap_or_default();
    let mut stack = String::new();
    for e in tb.iter().rev() {
        stack.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.filename, e.line, e.name
        ));
        if let Some(src) = source_line(&e.filename, e.line) {
            stack.push_str(&format!("    {src}\n"));
        }
    }
    let only = format_exception_only(vm, v);
    let Some(members) = group_members(vm, v) else {
        if !tb.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &stack, '|');
        }
        ctx.emit(out, &only, '|');
        return;
    };
    if ctx.depth > MAX_GROUP_DEPTH {
        ctx.emit(
            out,
            &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"),
            '|',
        );
        return;
    }
    let toplevel = ctx.depth == 0;
    if toplevel {
        ctx.depth += 1;
    }
    if !tb.is_empty() {
        let margin = if toplevel { '+' } else { '|' };
        ctx.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            margin,
        );
        ctx.emit(out, &stack, '|');
    }
    ctx.emit(out, &only, '|');
    let n = members.len().min(MAX_GROUP_WIDTH + 1);
    ctx.need_close = false;
    for (i, member) in members.iter().take(n).enumerate() {
        let last = i + 1 == n;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        out.push_str(&ctx.indent());
        out.push_str(if i == 0 { "+-" } else { "  " });
        out.push_str(&format!("+---------------- {title} ----------------\n"));
        ctx.depth += 1;
        if truncated {
            let remaining = members.len() - MAX_GROUP_WIDTH;
            let plural = if remaining > 1 { "s" } else { "" };
            ctx.emit(
                out,
                &format!("and {remaining} more exception{plural}\n"),
                '|',
            );
        } else {
            format_chain(vm, member, ctx, out);
        }
        if last && ctx.need_close {
            out.push_str(&ctx.indent());
            out.push_str("+------------------------------------\n");
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if toplevel {
        ctx.depth = 0;
    }
}

/// `TypeName: message`, then the exception's `__notes__`, one per line.
fn format_exception_only(vm: &mut crate::vm::Vm, v: &Value) -> String {
    let mut s = exception_line(vm, v);
    s.push('\n');
    if let Ok(notes) = vm.getattr_str(v, "__notes__") {
        match vm.iterate(&notes) {
            Ok(items) if notes.kind() == Kind::List || notes.kind() == Kind::Tuple => {
                for n in items {
                    match crate::objects::str::as_str(&n) {
                        Some(t) => s.push_str(t),
                        None => match vm.str_string(&n) {
                            Ok(t) => s.push_str(&t),
                            Err(_) => s.push_str("<note str() failed>"),
                        },
                    }
                    s.push('\n');
                }
            }
            _ => match vm.repr_string(&notes) {
                Ok(r) => s.push_str(&r),
                Err(_) => s.push_str("<__notes__ repr() failed>"),
            },
        }
    }
    s
}
