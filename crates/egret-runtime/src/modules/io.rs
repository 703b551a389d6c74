//! `_io`, built from CPython's pure-Python `_pyio` (the issue allows the
//! `_pyio` path): `_pyio` is loaded unmodified from the standard library
//! and `_io` exposes its classes under the names the C module has, so that
//! CPython's `io` module imports unchanged.
//!
//! `_pyio` expects to run after `io` is complete: it reads `io.SEEK_*`,
//! registers its classes with `io.RawIOBase` and friends, and imports
//! `_io.FileIO`. While it loads, `sys.modules['io']` and `['_io']` hold
//! placeholder modules providing exactly those names (the registrations
//! go nowhere: `io` registers the classes itself afterwards). The
//! placeholders are removed when `_pyio` has loaded.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictData, DictTable};
use crate::objects::function::new_builtin;
use crate::objects::int::from_i64;
use crate::objects::module::new_module;
use crate::objects::str::new_str;
use crate::vm::{PyResult, Vm};

const IO_ALL: &[&str] = &[
    "BlockingIOError",
    "open",
    "open_code",
    "IOBase",
    "RawIOBase",
    "FileIO",
    "BytesIO",
    "StringIO",
    "BufferedIOBase",
    "BufferedReader",
    "BufferedWriter",
    "BufferedRWPair",
    "BufferedRandom",
    "TextIOBase",
    "TextIOWrapper",
    "UnsupportedOperation",
    "SEEK_SET",
    "SEEK_CUR",
    "SEEK_END",
    "DEFAULT_BUFFER_SIZE",
    "text_encoding",
    "IncrementalNewlineDecoder",
];

fn set(m: &Value, name: &str, v: Value) {
    if let Some(d) = m
        .downcast::<crate::objects::module::ModuleData>()
        .and_then(|md| md.dict.downcast::<DictData>())
    {
        d.table.borrow_mut().set_str(name, v);
    }
}

/// A class whose `register` accepts anything (the placeholder ABCs).
fn placeholder_class(name: &str) -> Value {
    let t = types();
    let mut ns = DictTable::new();
    ns.set_str(
        "register",
        Value::alloc(
            &t.classmethod,
            crate::objects::descr::WrapperData {
                func: new_builtin("register", |_vm, a, _| {
                    Ok(a.get(1).cloned().unwrap_or_else(|| types().none.clone()))
                }),
            },
        ),
    );
    crate::object::types::new_class(&t.type_, name, vec![t.object.clone()], ns)
        .expect("a plain class")
}

pub fn load(vm: &mut Vm) -> PyResult {
    let modules = vm.modules.clone();
    let saved_io = modules
        .downcast::<DictData>()
        .and_then(|d| d.table.borrow().get_str("io"));
    let stub_io = new_module("io", crate::objects::dict::new_dict(DictTable::new()));
    set(
        &stub_io,
        "__all__",
        crate::objects::list::new_list(IO_ALL.iter().map(|n| new_str(n)).collect()),
    );
    for (n, v) in [("SEEK_SET", 0), ("SEEK_CUR", 1), ("SEEK_END", 2)] {
        set(&stub_io, n, from_i64(v));
    }
    for n in ["IOBase", "RawIOBase", "BufferedIOBase", "TextIOBase"] {
        set(&stub_io, n, placeholder_class(n));
    }
    let stub_c = new_module("_io", crate::objects::dict::new_dict(DictTable::new()));
    set(&stub_c, "FileIO", placeholder_class("FileIO"));
    vm.register_module("io", stub_io);
    vm.register_module("_io", stub_c);
    let pyio = vm.import_module("_pyio");
    // Take the placeholders away whatever happened.
    if let Some(d) = modules.downcast::<DictData>() {
        let mut t = d.table.borrow_mut();
        t.del_str("_io");
        match saved_io {
            Some(m) => t.set_str("io", m),
            None => {
                t.del_str("io");
            }
        }
    }
    let pyio = pyio?;
    let m = new_module("_io", crate::objects::dict::new_dict(DictTable::new()));
    let names: &[(&str, &str)] = &[
        ("DEFAULT_BUFFER_SIZE", "DEFAULT_BUFFER_SIZE"),
        ("UnsupportedOperation", "UnsupportedOperation"),
        ("open", "open"),
        ("FileIO", "FileIO"),
        ("BufferedReader", "BufferedReader"),
        ("BufferedWriter", "BufferedWriter"),
        ("BufferedRWPair", "BufferedRWPair"),
        ("BufferedRandom", "BufferedRandom"),
        ("IncrementalNewlineDecoder", "IncrementalNewlineDecoder"),
        ("text_encoding", "text_encoding"),
        ("TextIOWrapper", "TextIOWrapper"),
        ("_IOBase", "IOBase"),
        ("_RawIOBase", "RawIOBase"),
        ("_BufferedIOBase", "BufferedIOBase"),
        ("_TextIOBase", "TextIOBase"),
    ];
    for (ours, theirs) in names {
        let v = vm.getattr_str(&pyio, theirs)?;
        set(&m, ours, v);
    }
    let text_io_base = vm.getattr_str(&pyio, "TextIOBase")?;
    let unsupported = vm.getattr_str(&pyio, "UnsupportedOperation")?;
    let sio = crate::modules::stringio::make_class(vm, text_io_base, unsupported)?;
    set(&m, "StringIO", sio);
    let buffered_io_base = vm.getattr_str(&pyio, "BufferedIOBase")?;
    let bio = crate::modules::bytesio::make_class(vm, buffered_io_base)?;
    set(&m, "BytesIO", bio);
    set(&m, "BlockingIOError", types().exc.os_error.clone());
    if let Some(b) = vm
        .builtins_dict
        .downcast::<DictData>()
        .and_then(|d| d.table.borrow().get_str("BlockingIOError"))
    {
        set(&m, "BlockingIOError", b);
    }
    set(
        &m,
        "open_code",
        new_builtin("open_code", |vm, a, _| {
            crate::protocols::args::check_args(vm, "open_code", a, 1, 1)?;
            let io = vm.import_module("_io")?;
            let open = vm.getattr_str(&io, "open")?;
            vm.call(&open, &[a[0].clone(), new_str("rb")], &[])
        }),
    );
    // `_pyio.open_code` itself warns that no hook is installed: point it
    // at the same function.
    let oc = vm.getattr_str(&m, "open_code")?;
    vm.setattr_str(&pyio, "open_code", oc)?;
    // `encoding="locale"`: the C library's codeset for the environment's
    // locale, as CPython's C `_io` finds it (`_pyio` asks `locale`, whose
    // fallback without `_locale` warns, an error under `-W error`).
    let wrapper = vm.getattr_str(&pyio, "TextIOWrapper")?;
    vm.setattr_str(
        &wrapper,
        "_get_locale_encoding",
        new_builtin("_get_locale_encoding", |_vm, _a, _| {
            Ok(new_str(&locale_encoding()))
        }),
    )?;
    Ok(m)
}

/// The codeset of the locale the environment names for `LC_CTYPE` (what
/// `nl_langinfo(CODESET)` gives after `setlocale(LC_CTYPE, "")`); UTF-8
/// for the C and POSIX locales, as CPython coerces them (PEP 538).
fn locale_encoding() -> String {
    use std::ffi::CStr;
    // SAFETY: setlocale and nl_langinfo with valid arguments; the strings
    // they return are copied before the next call. The previous LC_CTYPE
    // is restored.
    unsafe {
        let prev = libc::setlocale(libc::LC_CTYPE, std::ptr::null());
        let prev = (!prev.is_null()).then(|| CStr::from_ptr(prev).to_owned());
        libc::setlocale(libc::LC_CTYPE, c"".as_ptr());
        let cs = libc::nl_langinfo(libc::CODESET);
        let name = if cs.is_null() {
            String::new()
        } else {
            CStr::from_ptr(cs).to_string_lossy().into_owned()
        };
        if let Some(p) = prev {
            libc::setlocale(libc::LC_CTYPE, p.as_ptr());
        }
        match name.as_str() {
            "" | "ANSI_X3.4-1968" | "ASCII" => "UTF-8".to_string(),
            _ => name,
        }
    }
}
