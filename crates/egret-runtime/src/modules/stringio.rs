//! `io.StringIO` over a native text buffer. `_pyio`'s StringIO is a
//! TextIOWrapper over a BytesIO, encoding every write and decoding every
//! read in Python (about 50 times slower than CPython's C class); this is
//! the C class's behaviour: the text kept as text, the newline argument
//! translating on write (`None`: `\r\n` and `\r` become `\n`; `'\r'` and
//! `'\r\n'`: `\n` becomes them) and deciding where `readline` ends a line.
//!
//! The class itself (its constructor's checks, the properties, pickling)
//! is the Python layer in `stringio.py`, a subclass of `_pyio.TextIOBase`
//! whose instances keep their buffer, a native object, in the slot `_buf`;
//! the hot methods are native methods added to that class here.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::{StrData, new_str};
use crate::protocols::args::{check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("stringio.py");

/// Newline kinds seen by a universal-newlines buffer (`newlines`).
const SEEN_CR: u8 = 1;
const SEEN_LF: u8 = 2;
const SEEN_CRLF: u8 = 4;

struct Buffer {
    text: String,
    /// Length of `text` in code points.
    nchars: usize,
    /// The position, in code points (may be past the end: a write there
    /// pads with NULs).
    pos: usize,
    /// The byte offset of `pos` in `text` (`text.len()` when past the end).
    pos_byte: usize,
    /// Whether `text` is ASCII (code point and byte offsets agree).
    ascii: bool,
    closed: bool,
    /// The constructor's `newline` (None is `None`).
    newline: Option<String>,
    seen: u8,
}

impl Buffer {
    fn new(newline: Option<String>) -> Buffer {
        Buffer {
            text: String::new(),
            nchars: 0,
            pos: 0,
            pos_byte: 0,
            ascii: true,
            closed: false,
            newline,
            seen: 0,
        }
    }

    /// `newline=None`: `\r\n` and `\r` read as `\n`.
    fn translates(&self) -> bool {
        self.newline.is_none()
    }

    /// `newline=None` or `''`: lines end at `\n`, `\r` or `\r\n`.
    fn universal(&self) -> bool {
        self.newline.as_deref().is_none_or(str::is_empty)
    }

    /// The byte offset of code point `i` of the text (at most its end).
    fn byte_at(&self, i: usize) -> usize {
        if i >= self.nchars {
            return self.text.len();
        }
        if self.ascii {
            return i;
        }
        self.text
            .char_indices()
            .nth(i)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// The byte offset `n` code points after byte offset `from`.
    fn advance(&self, from: usize, n: usize) -> usize {
        if self.ascii {
            return (from + n).min(self.text.len());
        }
        self.text[from..]
            .char_indices()
            .nth(n)
            .map_or(self.text.len(), |(b, _)| from + b)
    }

    fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
        self.pos_byte = self.byte_at(pos);
    }

    /// The text a write of `s` stores, after newline translation.
    fn translate<'a>(&mut self, s: &'a str) -> std::borrow::Cow<'a, str> {
        let mut out = std::borrow::Cow::Borrowed(s);
        if self.universal() && s.contains(['\r', '\n']) {
            let b = s.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'\r' if b.get(i + 1) == Some(&b'\n') => {
                        self.seen |= SEEN_CRLF;
                        i += 1;
                    }
                    b'\r' => self.seen |= SEEN_CR,
                    b'\n' => self.seen |= SEEN_LF,
                    _ => {}
                }
                i += 1;
            }
            if self.translates() && s.contains('\r') {
                out = std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"));
            }
        }
        if let Some(nl) = self.newline.as_deref()
            && nl.starts_with('\r')
            && out.contains('\n')
        {
            out = std::borrow::Cow::Owned(out.replace('\n', nl));
        }
        out
    }

    /// Stores `s` (already translated) at the position.
    fn store(&mut self, s: &str) {
        let n = s.chars().count();
        if n == 0 {
            return;
        }
        if self.pos > self.nchars {
            let pad = self.pos - self.nchars;
            self.text.extend(std::iter::repeat_n('\0', pad));
            self.nchars = self.pos;
            self.pos_byte = self.text.len();
        }
        if !s.is_ascii() {
            self.ascii = false;
        }
        if self.pos_byte == self.text.len() {
            self.text.push_str(s);
            self.nchars += n;
        } else {
            let end = self.advance(self.pos_byte, n);
            let replaced = self.text[self.pos_byte..end].chars().count();
            self.text.replace_range(self.pos_byte..end, s);
            self.nchars += n - replaced;
        }
        self.pos += n;
        self.pos_byte += s.len();
    }

    /// The text from the position to byte offset `end`, the position
    /// moved there.
    fn take_to(&mut self, end: usize) -> &str {
        let start = self.pos_byte;
        self.pos += if self.ascii {
            end - start
        } else {
            self.text[start..end].chars().count()
        };
        self.pos_byte = end;
        &self.text[start..end]
    }

    /// Up to `limit` code points from the position (all when None).
    fn read(&mut self, limit: Option<usize>) -> &str {
        if self.pos >= self.nchars {
            return "";
        }
        let start = self.pos_byte;
        let end = match limit {
            Some(n) => self.advance(start, n),
            None => self.text.len(),
        };
        self.take_to(end)
    }

    /// The next line (ending included), at most `limit` code points.
    fn readline(&mut self, limit: Option<usize>) -> &str {
        if self.pos >= self.nchars {
            return "";
        }
        let start = self.pos_byte;
        let rest = &self.text[start..];
        let line_end = if self.translates() {
            rest.find('\n').map(|i| i + 1)
        } else if self.universal() {
            rest.find(['\r', '\n']).map(|i| {
                if rest.as_bytes()[i] == b'\r' && rest.as_bytes().get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                }
            })
        } else {
            let nl = self.newline.as_deref().unwrap_or("\n");
            rest.find(nl).map(|i| i + nl.len())
        };
        let mut end = start + line_end.unwrap_or(rest.len());
        if let Some(n) = limit {
            end = end.min(self.advance(start, n));
        }
        self.take_to(end)
    }

    fn truncate(&mut self, size: usize) {
        if size < self.nchars {
            let b = self.byte_at(size);
            self.text.truncate(b);
            self.nchars = size;
            if self.pos_byte > b {
                self.pos_byte = b;
            }
        }
    }

    fn newlines(&self) -> Value {
        let s = |x: &str| new_str(x);
        let tuple =
            |xs: &[&str]| crate::objects::tuple::new_tuple(xs.iter().map(|x| s(x)).collect());
        match self.seen {
            0 => types().none.clone(),
            SEEN_CR => s("\r"),
            SEEN_LF => s("\n"),
            3 => tuple(&["\r", "\n"]),
            SEEN_CRLF => s("\r\n"),
            5 => tuple(&["\r", "\r\n"]),
            6 => tuple(&["\n", "\r\n"]),
            _ => tuple(&["\r", "\n", "\r\n"]),
        }
    }
}

const WHAT: &str = "_io._StringIOBuffer";

/// Runs `f` on the buffer of `obj` (a StringIO instance, or the buffer
/// itself for the module-level primitives).
fn with_buf<R>(vm: &mut Vm, obj: &Value, f: impl FnOnce(&mut Buffer) -> R) -> PyResult<R> {
    if obj.kind() == crate::object::types::Kind::Native {
        return with_state(vm, obj, WHAT, f);
    }
    let buf = crate::object::slots::get(vm, obj, "_buf")?;
    with_state(vm, &buf, WHAT, f)
}

/// `with_buf` for the methods that fail on a closed StringIO.
fn with_open<R>(vm: &mut Vm, obj: &Value, f: impl FnOnce(&mut Buffer) -> R) -> PyResult<R> {
    let r = with_buf(vm, obj, |b| if b.closed { None } else { Some(f(b)) })?;
    r.ok_or_else(|| vm.value_error("I/O operation on closed file"))
}

/// A size argument: an int, or None / negative for "no limit".
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is(&types().none) => Ok(None),
        Some(v) => {
            if !matches!(
                v.kind(),
                crate::object::types::Kind::Int | crate::object::types::Kind::Bool
            ) && vm.user_method(v, "__index__").is_none()
            {
                return Err(vm.type_error(format!(
                    "argument should be integer or None, not '{}'",
                    v.type_data().name
                )));
            }
            let n = vm.index_value(v)?;
            Ok(usize::try_from(n).ok())
        }
    }
}

fn text_arg<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a str> {
    v.downcast::<StrData>().map(StrData::as_str).ok_or_else(|| {
        vm.type_error(format!(
            "string argument expected, got '{}'",
            v.type_data().name
        ))
    })
}

const METHODS: &[(&str, NativeFn)] = &[
    ("write", |vm, a, kw| {
        no_kwargs(vm, "write", kw)?;
        check_args(vm, "write", &a[1..], 1, 1)?;
        let s = text_arg(vm, &a[1])?;
        let n = a[1].downcast::<StrData>().map_or(0, StrData::char_len);
        with_open(vm, &a[0], |b| {
            let t = b.translate(s);
            b.store(&t);
        })?;
        Ok(from_i64(n as i64))
    }),
    ("read", |vm, a, kw| {
        no_kwargs(vm, "read", kw)?;
        check_args(vm, "read", &a[1..], 0, 1)?;
        let limit = size_arg(vm, a.get(1))?;
        with_open(vm, &a[0], |b| new_str(b.read(limit)))
    }),
    ("readline", |vm, a, kw| {
        no_kwargs(vm, "readline", kw)?;
        check_args(vm, "readline", &a[1..], 0, 1)?;
        let limit = size_arg(vm, a.get(1))?;
        with_open(vm, &a[0], |b| new_str(b.readline(limit)))
    }),
    ("__next__", |vm, a, _| {
        // A subclass's own readline is what iteration reads with.
        let exact = STRINGIO_CLASS.with(|c| c.get().is_some_and(|c| a[0].is_exact(c)));
        let line = if exact {
            with_open(vm, &a[0], |b| new_str(b.readline(None)))?
        } else {
            with_open(vm, &a[0], |_| ())?;
            let line = vm.call_method(&a[0], "readline", &[])?;
            if line.downcast::<StrData>().is_none() {
                return Err(vm.type_error(format!(
                    "readline() should have returned a str object, not '{}'",
                    line.type_data().name
                )));
            }
            line
        };
        if line
            .downcast::<StrData>()
            .is_some_and(|s| s.as_str().is_empty())
        {
            return Err(vm.stop_iteration(None));
        }
        Ok(line)
    }),
    ("getvalue", |vm, a, kw| {
        no_kwargs(vm, "getvalue", kw)?;
        check_args(vm, "getvalue", &a[1..], 0, 0)?;
        with_open(vm, &a[0], |b| new_str(&b.text))
    }),
    ("tell", |vm, a, kw| {
        no_kwargs(vm, "tell", kw)?;
        check_args(vm, "tell", &a[1..], 0, 0)?;
        with_open(vm, &a[0], |b| from_i64(b.pos as i64))
    }),
    ("seek", |vm, a, kw| {
        no_kwargs(vm, "seek", kw)?;
        check_args(vm, "seek", &a[1..], 1, 2)?;
        let pos = vm.index_value(&a[1])?;
        let whence = match a.get(2) {
            Some(w) => vm.index_value(w)?,
            None => 0,
        };
        with_open(vm, &a[0], |_| ())?;
        if !(0..=2).contains(&whence) {
            return Err(vm.value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)")));
        }
        if pos < 0 && whence == 0 {
            return Err(vm.value_error(format!("Negative seek position {pos}")));
        }
        if whence != 0 && pos != 0 {
            return Err(vm.err(&types().exc.os_error, "Can't do nonzero cur-relative seeks"));
        }
        with_open(vm, &a[0], |b| {
            match whence {
                0 => b.set_pos(pos as usize),
                2 => b.set_pos(b.nchars),
                _ => {}
            }
            from_i64(b.pos as i64)
        })
    }),
    ("truncate", |vm, a, kw| {
        no_kwargs(vm, "truncate", kw)?;
        check_args(vm, "truncate", &a[1..], 0, 1)?;
        let size = match a.get(1) {
            Some(v) if !v.is(&types().none) => {
                let n = size_arg(vm, Some(v))?;
                match n {
                    Some(n) => Some(n),
                    None => {
                        let n = vm.index_value(v)?;
                        return Err(vm.value_error(format!("Negative size value {n}")));
                    }
                }
            }
            _ => None,
        };
        with_open(vm, &a[0], |b| {
            let size = size.unwrap_or(b.pos);
            b.truncate(size);
            from_i64(size as i64)
        })
    }),
];

const FUNCS: &[(&str, NativeFn)] = &[
    ("_new_buffer", |vm, a, _| {
        check_args(vm, "_new_buffer", a, 1, 1)?;
        let newline = crate::objects::str::as_str(&a[0]).map(str::to_string);
        let ty = BUFFER_TYPE.with(|t| t.get_or_init(|| native_type(WHAT)).clone());
        Ok(new_native(&ty, Buffer::new(newline)))
    }),
    ("_buffer_write", |vm, a, _| {
        check_args(vm, "_buffer_write", a, 2, 2)?;
        let s = text_arg(vm, &a[1])?;
        with_buf(vm, &a[0], |b| {
            let t = b.translate(s);
            b.store(&t);
        })?;
        Ok(types().none.clone())
    }),
    ("_buffer_set_value", |vm, a, _| {
        check_args(vm, "_buffer_set_value", a, 2, 2)?;
        let s = text_arg(vm, &a[1])?;
        with_buf(vm, &a[0], |b| {
            b.text.clear();
            b.nchars = 0;
            b.ascii = true;
            b.set_pos(0);
            b.store(s);
            b.set_pos(0);
        })?;
        Ok(types().none.clone())
    }),
    ("_buffer_seek0", |vm, a, _| {
        check_args(vm, "_buffer_seek0", a, 1, 1)?;
        with_buf(vm, &a[0], |b| b.set_pos(0))?;
        Ok(types().none.clone())
    }),
    ("_buffer_close", |vm, a, _| {
        check_args(vm, "_buffer_close", a, 1, 1)?;
        with_buf(vm, &a[0], |b| {
            b.closed = true;
            b.text = String::new();
            b.nchars = 0;
            b.pos = 0;
            b.pos_byte = 0;
        })?;
        Ok(types().none.clone())
    }),
    ("_buffer_closed", |vm, a, _| {
        check_args(vm, "_buffer_closed", a, 1, 1)?;
        let closed = with_buf(vm, &a[0], |b| b.closed)?;
        Ok(crate::vm::py_bool(closed))
    }),
    ("_buffer_newlines", |vm, a, _| {
        check_args(vm, "_buffer_newlines", a, 1, 1)?;
        with_buf(vm, &a[0], |b| {
            if b.universal() {
                b.newlines()
            } else {
                types().none.clone()
            }
        })
    }),
    ("_buffer_newline_arg", |vm, a, _| {
        check_args(vm, "_buffer_newline_arg", a, 1, 1)?;
        with_buf(vm, &a[0], |b| match &b.newline {
            Some(n) => new_str(n),
            None => types().none.clone(),
        })
    }),
];

crate::gil_local! {
    static BUFFER_TYPE: std::cell::OnceCell<Value> = const { std::cell::OnceCell::new() };
    /// The class (iteration reads through a subclass's own readline).
    static STRINGIO_CLASS: std::cell::OnceCell<Value> = const { std::cell::OnceCell::new() };
}

/// The StringIO class: the Python layer run in a namespace holding
/// `TextIOBase` and `UnsupportedOperation` (from `_pyio`) and the native
/// primitives, then the native methods added to it.
pub fn make_class(vm: &mut Vm, text_io_base: Value, unsupported: Value) -> PyResult {
    let ns = new_dict(DictTable::new());
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        t.set_str("__name__", new_str("_io"));
        t.set_str("TextIOBase", text_io_base);
        t.set_str("UnsupportedOperation", unsupported);
        for (n, f) in FUNCS {
            t.set_str(
                n,
                crate::objects::function::new_module_function(n, *f, "_io".into()),
            );
        }
    }
    crate::modules::run_layer(vm, SOURCE, "<_io.StringIO>", &ns)?;
    let cls = ns
        .downcast::<DictData>()
        .and_then(|d| d.table.borrow().get_str("StringIO"))
        .expect("stringio.py defines StringIO");
    crate::objects::str_methods::add_methods(&cls, "StringIO", METHODS);
    crate::object::types::invalidate_lookup_cache();
    STRINGIO_CLASS.with(|c| {
        let _ = c.set(cls.clone());
    });
    Ok(cls)
}
