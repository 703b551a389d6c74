//! File objects: `open()` for text and binary files, and `sys.stdout` /
//! `sys.stderr` / `sys.stdin`.

use std::cell::RefCell;
use std::io::{BufRead, Read, Seek, Write};

use crate::interp::str_of;
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::str_methods::add_methods;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

pub enum Stream {
    Stdout,
    Stderr,
    Stdin,
    Reader(std::io::BufReader<std::fs::File>),
    Writer(std::io::BufWriter<std::fs::File>),
    /// `+` modes: reads are buffered; a write first moves the file to the
    /// logical position (dropping what was read ahead), then goes straight
    /// to the file.
    Update(std::io::BufReader<std::fs::File>),
    Closed,
}

impl Stream {
    fn is_file(&self) -> bool {
        matches!(
            self,
            Stream::Reader(_) | Stream::Writer(_) | Stream::Update(_)
        )
    }
}

/// `io.UnsupportedOperation` (an OSError and a ValueError), or OSError
/// when the io module cannot be loaded.
fn unsupported(vm: &mut Vm, msg: &str) -> crate::vm::PyErr {
    let cls = vm
        .import_module("io")
        .and_then(|io| vm.getattr_str(&io, "UnsupportedOperation"));
    match cls.and_then(|c| vm.call(&c, &[new_str(msg)], &[])) {
        Ok(e) => crate::vm::PyErr::new(e),
        Err(_) => vm.err(&types().exc.os_error, msg),
    }
}

/// Writes bytes to a file object's stream.
fn write_bytes(vm: &mut Vm, fd: &FileData, b: &[u8]) -> PyResult<()> {
    let mut st = fd.stream.borrow_mut();
    let r = match &mut *st {
        Stream::Writer(w) => w.write_all(b),
        // Binary files write at the logical position. Text files write
        // where the file is after what was read ahead, as CPython's text
        // layer does (it keeps its own read-ahead), and forget it.
        Stream::Update(u) if fd.binary => u
            .stream_position()
            .and_then(|p| u.seek(std::io::SeekFrom::Start(p)))
            .and_then(|_| u.get_mut().write_all(b)),
        Stream::Update(u) => u.get_mut().stream_position().and_then(|p| {
            u.get_mut().write_all(b)?;
            u.seek(std::io::SeekFrom::Start(p + b.len() as u64))
                .map(|_| ())
        }),
        Stream::Stdout => {
            drop(st);
            return vm.write_stdout_bytes(b);
        }
        Stream::Stderr => {
            drop(st);
            vm.write_stderr_bytes(b);
            return Ok(());
        }
        Stream::Closed => {
            drop(st);
            return Err(vm.value_error("I/O operation on closed file."));
        }
        _ => {
            drop(st);
            return Err(unsupported(vm, "not writable"));
        }
    };
    drop(st);
    r.map_err(|e| os_error(vm, &e, &fd.name))
}

pub struct FileData {
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub stream: RefCell<Stream>,
    /// `sys.stdout.buffer` and friends: the binary stream under a standard
    /// text stream, made when first asked for.
    pub buffer: std::cell::OnceCell<Value>,
}

impl Payload for FileData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::File
    }
}

pub fn std_stream(name: &str, s: Stream, mode: &str) -> Value {
    Value::alloc(
        &types().file,
        FileData {
            name: name.into(),
            mode: mode.into(),
            binary: false,
            stream: RefCell::new(s),
            buffer: std::cell::OnceCell::new(),
        },
    )
}

fn os_error(vm: &Vm, e: &std::io::Error, path: &str) -> crate::vm::PyErr {
    let t = types();
    let (ty, errno) = match e.kind() {
        std::io::ErrorKind::NotFound => (&t.exc.file_not_found_error, 2),
        std::io::ErrorKind::PermissionDenied => (&t.exc.permission_error, 13),
        std::io::ErrorKind::AlreadyExists => (&t.exc.file_exists_error, 17),
        _ if e.raw_os_error() == Some(21) => (&t.exc.is_a_directory_error, 21),
        _ => (&t.exc.os_error, e.raw_os_error().unwrap_or(0) as i64),
    };
    let msg = match errno {
        2 => "No such file or directory".to_string(),
        13 => "Permission denied".to_string(),
        17 => "File exists".to_string(),
        21 => "Is a directory".to_string(),
        _ => e.to_string(),
    };
    let _ = vm;
    let args = crate::objects::tuple::new_tuple(vec![
        crate::objects::int::from_i64(errno),
        new_str(&msg),
        new_str(path),
    ]);
    let exc = crate::objects::exceptions::new_exception(ty, args);
    crate::vm::PyErr::new(exc)
}

/// Whether `open` needs the full implementation (`io.open`): an encoding
/// other than UTF-8, an error handler, a newline mode or any argument the
/// native file does not handle.
fn needs_io_open(a: &[Value], k: Kw) -> bool {
    if a.len() > 3 {
        return true;
    }
    if a.get(2)
        .is_some_and(|b| crate::objects::int::to_i64(b) != Some(-1))
    {
        return true;
    }
    k.iter().any(|(n, v)| match crate::objects::str::as_str(n) {
        Some("mode") => false,
        Some("buffering") => crate::objects::int::to_i64(v) != Some(-1),
        Some("encoding") => {
            !(v.is(&types().none)
                || crate::objects::str::as_str(v).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().replace('_', "-").as_str(),
                        "utf-8" | "utf8"
                    )
                }))
        }
        _ => !v.is(&types().none),
    })
}

pub fn builtin_open(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    // Paths other than strs (path-like objects, bytes, file descriptors)
    // are io.open's too.
    if needs_io_open(a, k) || a.first().is_none_or(|p| p.kind() != Kind::Str) {
        let io = vm.import_module("io")?;
        let open = vm.getattr_str(&io, "open")?;
        return vm.call(&open, a, k);
    }
    check_args(vm, "open", a, 1, 3)?;
    let path = str_of(&a[0]);
    let mode = a
        .get(1)
        .cloned()
        .or_else(|| kwarg(k, "mode"))
        .map(|m| str_of(&m))
        .unwrap_or_else(|| "r".into());
    let binary = mode.contains('b');
    let mut opts = std::fs::OpenOptions::new();
    let writing = if mode.contains('w') {
        opts.write(true).create(true).truncate(true);
        true
    } else if mode.contains('a') {
        opts.append(true).create(true);
        true
    } else if mode.contains('x') {
        opts.write(true).create_new(true);
        true
    } else {
        opts.read(true);
        false
    };
    let update = mode.contains('+');
    if update {
        opts.read(true).write(true);
    }
    let f = opts.open(&path).map_err(|e| os_error(vm, &e, &path))?;
    if !writing && f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_error(vm, &e, &path));
    }
    let stream = if update {
        Stream::Update(std::io::BufReader::new(f))
    } else if writing {
        Stream::Writer(std::io::BufWriter::new(f))
    } else {
        Stream::Reader(std::io::BufReader::new(f))
    };
    let ty = &types().file;
    Ok(Value::alloc(
        ty,
        FileData {
            name: path,
            mode,
            binary,
            stream: RefCell::new(stream),
            buffer: std::cell::OnceCell::new(),
        },
    ))
}

/// The error handler of a text stream, as CPython picks it: standard
/// output and input take `surrogateescape` under the C and POSIX locales
/// (C.UTF-8 included), standard error `backslashreplace`, files `strict`.
fn stream_errors(s: &Stream) -> &'static str {
    match s {
        Stream::Stderr => "backslashreplace",
        Stream::Stdout | Stream::Stdin if c_locale() => "surrogateescape",
        _ => "strict",
    }
}

/// Whether the character-type locale is C or POSIX (`LC_ALL`, then
/// `LC_CTYPE`, then `LANG`; unset is C).
fn c_locale() -> bool {
    let name = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    name.is_empty() || name == "C" || name == "POSIX" || name.starts_with("C.")
}

/// Writes text to a file object (or anything with a `write` method).
pub fn write_to(vm: &mut Vm, file: &Value, s: &str) -> PyResult<()> {
    if let Some(fd) = file.downcast::<FileData>() {
        if crate::objects::unicode::has_surrogates(s) {
            // Lone surrogates go through the stream's error handler.
            let errors = stream_errors(&fd.stream.borrow());
            let b =
                crate::objects::codec::encode(vm, s, crate::objects::codec::Codec::Utf8, errors)?;
            return match &*fd.stream.borrow() {
                Stream::Stdout => vm.write_stdout_bytes(&b),
                Stream::Stderr => {
                    vm.write_stderr_bytes(&b);
                    Ok(())
                }
                _ => write_bytes(vm, fd, &b),
            };
        }
        let mut st = fd.stream.borrow_mut();
        match &mut *st {
            Stream::Stdout => {
                drop(st);
                vm.write_stdout(s)?;
            }
            Stream::Stderr => {
                drop(st);
                vm.write_stderr(s);
            }
            _ => {
                drop(st);
                return write_bytes(vm, fd, s.as_bytes());
            }
        }
        return Ok(());
    }
    let w = vm.getattr_str(file, "write")?;
    vm.call(&w, &[new_str(s)], &[])?;
    Ok(())
}

pub fn flush(vm: &mut Vm, file: &Value) -> PyResult<()> {
    if let Some(fd) = file.downcast::<FileData>() {
        match &mut *fd.stream.borrow_mut() {
            Stream::Stdout => vm.flush_stdout_checked()?,
            Stream::Writer(w) => {
                let _ = w.flush();
            }
            Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
            _ => {}
        }
        return Ok(());
    }
    if let Some(f) = vm.lookup_attr(file, "flush")? {
        vm.call(&f, &[], &[])?;
    }
    Ok(())
}

fn read_line(vm: &mut Vm, fd: &FileData) -> PyResult<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let r = match &mut *fd.stream.borrow_mut() {
        Stream::Reader(r) | Stream::Update(r) => r.read_until(b'\n', &mut buf),
        Stream::Stdin => {
            vm.flush_stdout();
            std::io::stdin().lock().read_until(b'\n', &mut buf)
        }
        Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
        _ => return Err(unsupported(vm, "not readable")),
    };
    match r {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(buf)),
        Err(e) => Err(os_error(vm, &e, &fd.name)),
    }
}

fn to_value(vm: &mut Vm, fd: &FileData, b: Vec<u8>) -> PyResult {
    if fd.binary {
        return Ok(crate::objects::bytes::new_bytes(b));
    }
    match String::from_utf8(b) {
        Ok(s) => Ok(new_str(&s.replace("\r\n", "\n"))),
        Err(e) => Err(vm.err(
            &types().exc.unicode_decode_error,
            format!(
                "'utf-8' codec can't decode byte {:#04x} in position {}: invalid start byte",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ),
        )),
    }
}

pub fn next_line(vm: &mut Vm, f: &Value) -> PyResult<Option<Value>> {
    let fd = f.downcast::<FileData>().expect("file");
    match read_line(vm, fd)? {
        Some(b) => Ok(Some(to_value(vm, fd, b)?)),
        None => Ok(None),
    }
}

pub fn file_repr(v: &Value) -> String {
    let fd = v.downcast::<FileData>().expect("file");
    if fd.binary {
        let kind = if fd.mode.contains('+') {
            "BufferedRandom"
        } else if fd.mode.contains('r') {
            "BufferedReader"
        } else {
            "BufferedWriter"
        };
        return format!("<_io.{kind} name='{}'>", fd.name);
    }
    format!(
        "<_io.TextIOWrapper name='{}' mode='{}' encoding='utf-8'>",
        fd.name, fd.mode
    )
}

/// `sys.stdout.buffer` (and stderr's, stdin's): a binary stream over the
/// same standard stream, sharing its buffering so that text and bytes come
/// out in the order they were written.
fn std_buffer(fd: &FileData) -> Option<Value> {
    if fd.binary {
        return None;
    }
    let (stream, mode) = match &*fd.stream.borrow() {
        Stream::Stdout => (Stream::Stdout, "wb"),
        Stream::Stderr => (Stream::Stderr, "wb"),
        Stream::Stdin => (Stream::Stdin, "rb"),
        _ => return None,
    };
    Some(
        fd.buffer
            .get_or_init(|| {
                Value::alloc(
                    &types().file,
                    FileData {
                        name: fd.name.clone(),
                        mode: mode.into(),
                        binary: true,
                        stream: RefCell::new(stream),
                        buffer: std::cell::OnceCell::new(),
                    },
                )
            })
            .clone(),
    )
}

pub fn file_attr(_vm: &mut Vm, v: &Value, n: &str) -> PyResult<Option<Value>> {
    let fd = v.downcast::<FileData>().expect("file");
    Ok(match n {
        "name" => Some(new_str(&fd.name)),
        "mode" => Some(new_str(&fd.mode)),
        "closed" => Some(crate::vm::py_bool(matches!(
            &*fd.stream.borrow(),
            Stream::Closed
        ))),
        "encoding" if !fd.binary => Some(new_str("utf-8")),
        "errors" if !fd.binary => Some(new_str(stream_errors(&fd.stream.borrow()))),
        "buffer" => std_buffer(fd),
        _ => None,
    })
}

fn file<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a FileData> {
    a.first()
        .and_then(|v| v.downcast::<FileData>())
        .ok_or_else(|| vm.type_error("file method on non-file"))
}

pub fn register() {
    let methods: &[(&'static str, NativeFn)] = &[
        ("write", |vm, a, _| {
            check_args(vm, "write", &a[1..], 1, 1)?;
            let fd = file(vm, a)?;
            if fd.binary {
                let b = crate::objects::buffer::bytes_like(vm, &a[1])?;
                write_bytes(vm, fd, &b)?;
                return Ok(crate::objects::int::from_i64(b.len() as i64));
            }
            let s = match crate::objects::str::as_str(&a[1]) {
                Some(s) => s.to_string(),
                None => {
                    return Err(vm.type_error(format!(
                        "write() argument must be str, not {}",
                        a[1].type_data().name
                    )));
                }
            };
            write_to(vm, &a[0], &s)?;
            Ok(crate::objects::int::from_i64(s.chars().count() as i64))
        }),
        ("read", |vm, a, _| {
            let fd = file(vm, a)?;
            let limit = a
                .get(1)
                .filter(|v| !v.is(&types().none))
                .map(|v| vm.index_value(v))
                .transpose()?
                .filter(|n| *n >= 0);
            if let Some(n) = limit
                && let Stream::Reader(r) | Stream::Update(r) = &mut *fd.stream.borrow_mut()
            {
                return read_some(vm, fd, r, n as usize);
            }
            let mut buf = Vec::new();
            let r = match &mut *fd.stream.borrow_mut() {
                Stream::Reader(r) | Stream::Update(r) => r.read_to_end(&mut buf),
                Stream::Stdin => std::io::stdin().read_to_end(&mut buf),
                Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
                _ => return Err(unsupported(vm, "not readable")),
            };
            if let Err(e) = r {
                return Err(os_error(vm, &e, &fd.name));
            }
            if let Some(n) = a.get(1).and_then(|v| v.as_small())
                && n >= 0
                && !fd.binary
            {
                let s = String::from_utf8_lossy(&buf).into_owned();
                let head: String = s.chars().take(n as usize).collect();
                return Ok(new_str(&head));
            }
            to_value(vm, fd, buf)
        }),
        ("readline", |vm, a, _| {
            let fd = file(vm, a)?;
            match read_line(vm, fd)? {
                Some(b) => to_value(vm, fd, b),
                None => Ok(if fd.binary {
                    crate::objects::bytes::new_bytes(Vec::new())
                } else {
                    new_str("")
                }),
            }
        }),
        ("readlines", |vm, a, _| {
            let fd = file(vm, a)?;
            let mut out = Vec::new();
            while let Some(b) = read_line(vm, fd)? {
                out.push(to_value(vm, fd, b)?);
            }
            Ok(crate::objects::list::new_list(out))
        }),
        ("writelines", |vm, a, _| {
            crate::protocols::args::check_args(vm, "writelines", &a[1..], 1, 1)?;
            let items = vm.iterate(&a[1])?;
            for it in items {
                let s = str_of(&it);
                write_to(vm, &a[0], &s)?;
            }
            Ok(vm.none())
        }),
        ("flush", |vm, a, _| {
            flush(vm, &a[0])?;
            Ok(vm.none())
        }),
        ("close", |vm, a, _| {
            let fd = file(vm, a)?;
            let mut st = fd.stream.borrow_mut();
            if let Stream::Writer(w) = &mut *st {
                let _ = w.flush();
            }
            if matches!(&*st, Stream::Stdout) {
                // As CPython's sys.stdout: flushed and closed for Python,
                // file descriptor 1 left open.
                drop(st);
                let r = vm.flush_stdout_checked();
                *fd.stream.borrow_mut() = Stream::Closed;
                r?;
            } else if st.is_file() {
                *st = Stream::Closed;
            }
            Ok(vm.none())
        }),
        ("fileno", |vm, a, _| {
            let fd = file(vm, a)?;
            use std::os::fd::AsRawFd;
            let n = match &*fd.stream.borrow() {
                Stream::Stdin => 0,
                Stream::Stdout => 1,
                Stream::Stderr => 2,
                Stream::Reader(r) | Stream::Update(r) => r.get_ref().as_raw_fd(),
                Stream::Writer(w) => w.get_ref().as_raw_fd(),
                Stream::Closed => return Err(vm.value_error("I/O operation on closed file")),
            };
            Ok(crate::objects::int::from_i64(i64::from(n)))
        }),
        ("isatty", |vm, _a, _| Ok(vm.bool_value(false))),
        ("read1", |vm, a, _| {
            let fd = file(vm, a)?;
            let n = match a.get(1) {
                Some(v) if !v.is(&types().none) => vm.index_value(v)?.max(0) as usize,
                _ => 8192,
            };
            match &mut *fd.stream.borrow_mut() {
                Stream::Reader(r) | Stream::Update(r) => read_some(vm, fd, r, n),
                Stream::Closed => Err(vm.value_error("I/O operation on closed file.")),
                _ => Err(unsupported(vm, "not readable")),
            }
        }),
        // Binary files only (`hashlib.file_digest` and other buffered
        // readers use it), into a bytearray.
        ("readinto", |vm, a, _| {
            check_args(vm, "readinto", &a[1..], 1, 1)?;
            let fd = file(vm, a)?;
            if !fd.binary {
                return Err(unsupported(vm, "readinto"));
            }
            let target = &a[1];
            let Some(dest) = target
                .downcast::<crate::objects::bytes::BytesData>()
                .filter(|_| target.kind() == Kind::ByteArray)
            else {
                if target.kind() == Kind::Bytes || target.kind() == Kind::Str {
                    return Err(vm.type_error(format!(
                        "readinto() argument must be read-write bytes-like object, not {}",
                        target.type_data().name
                    )));
                }
                return Err(
                    vm.not_implemented(format!("readinto() into a '{}'", target.type_data().name))
                );
            };
            let n = dest.data.borrow().len();
            let got = match &mut *fd.stream.borrow_mut() {
                Stream::Reader(r) | Stream::Update(r) => read_some(vm, fd, r, n)?,
                Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
                _ => return Err(unsupported(vm, "not readable")),
            };
            let got = got
                .downcast::<crate::objects::bytes::BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            let mut d = dest.data.borrow_mut();
            let k = got.len().min(d.len());
            d[..k].copy_from_slice(&got[..k]);
            Ok(crate::objects::int::from_i64(k as i64))
        }),
        ("readable", |vm, a, _| {
            let fd = file(vm, a)?;
            let r = matches!(
                &*fd.stream.borrow(),
                Stream::Reader(_) | Stream::Update(_) | Stream::Stdin
            );
            Ok(vm.bool_value(r))
        }),
        ("writable", |vm, a, _| {
            let fd = file(vm, a)?;
            let w = matches!(
                &*fd.stream.borrow(),
                Stream::Writer(_) | Stream::Update(_) | Stream::Stdout | Stream::Stderr
            );
            Ok(vm.bool_value(w))
        }),
        ("seekable", |vm, a, _| {
            let fd = file(vm, a)?;
            let s = fd.stream.borrow().is_file();
            Ok(vm.bool_value(s))
        }),
        ("tell", |vm, a, _| {
            let fd = file(vm, a)?;
            let r = match &mut *fd.stream.borrow_mut() {
                Stream::Reader(r) | Stream::Update(r) => r.stream_position(),
                Stream::Writer(w) => w.stream_position(),
                Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
                _ => return Err(vm.err(&types().exc.os_error, "underlying stream is not seekable")),
            };
            r.map(|p| crate::objects::int::from_i64(p as i64))
                .map_err(|e| os_error(vm, &e, &fd.name))
        }),
        ("seek", |vm, a, _| {
            check_args(vm, "seek", &a[1..], 1, 2)?;
            let fd = file(vm, a)?;
            let pos = vm.index_value(&a[1])?;
            let whence = match a.get(2) {
                Some(w) => vm.index_value(w)?,
                None => 0,
            };
            let to = match whence {
                0 if pos >= 0 => std::io::SeekFrom::Start(pos as u64),
                0 => return Err(vm.value_error(format!("negative seek position {pos}"))),
                1 => std::io::SeekFrom::Current(pos),
                2 => std::io::SeekFrom::End(pos),
                _ => {
                    return Err(
                        vm.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
                    );
                }
            };
            let r = match &mut *fd.stream.borrow_mut() {
                Stream::Reader(r) | Stream::Update(r) => r.seek(to),
                Stream::Writer(w) => w.seek(to),
                Stream::Closed => return Err(vm.value_error("I/O operation on closed file.")),
                _ => return Err(vm.err(&types().exc.os_error, "underlying stream is not seekable")),
            };
            r.map(|p| crate::objects::int::from_i64(p as i64))
                .map_err(|e| os_error(vm, &e, &fd.name))
        }),
        ("__enter__", |_vm, a, _| Ok(a[0].clone())),
        ("__exit__", |vm, a, _| {
            let fd = file(vm, a)?;
            let mut st = fd.stream.borrow_mut();
            if let Stream::Writer(w) = &mut *st {
                let _ = w.flush();
            }
            if matches!(&*st, Stream::Stdout) {
                // As CPython's sys.stdout: flushed and closed for Python,
                // file descriptor 1 left open.
                drop(st);
                let r = vm.flush_stdout_checked();
                *fd.stream.borrow_mut() = Stream::Closed;
                r?;
            } else if st.is_file() {
                *st = Stream::Closed;
            }
            Ok(vm.none())
        }),
        ("__iter__", |_vm, a, _| Ok(a[0].clone())),
        ("__next__", |vm, a, _| match next_line(vm, &a[0])? {
            Some(v) => Ok(v),
            None => Err(vm.stop_iteration(None)),
        }),
    ];
    add_methods(&types().file, "TextIOWrapper", methods);
}

/// `read(n)` on a file being read: n bytes, or n characters in text mode.
fn read_some(
    vm: &mut Vm,
    fd: &FileData,
    r: &mut std::io::BufReader<std::fs::File>,
    n: usize,
) -> PyResult {
    let mut buf = Vec::new();
    if fd.binary {
        let mut chunk = vec![0u8; n];
        let mut got = 0;
        while got < n {
            match r.read(&mut chunk[got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) => return Err(os_error(vm, &e, &fd.name)),
            }
        }
        chunk.truncate(got);
        return Ok(crate::objects::bytes::new_bytes(chunk));
    }
    // Text: whole characters, however many bytes they take.
    let mut chars = 0;
    let mut byte = [0u8; 1];
    while chars < n {
        match r.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => {
                buf.push(byte[0]);
                if byte[0] & 0xC0 != 0x80 {
                    // A lead byte starts a character; count it when its
                    // continuation bytes (if any) have been read.
                    let need = match byte[0] {
                        0xF0..=0xFF => 3,
                        0xE0..=0xEF => 2,
                        0xC0..=0xDF => 1,
                        _ => 0,
                    };
                    for _ in 0..need {
                        if r.read(&mut byte).unwrap_or(0) == 1 {
                            buf.push(byte[0]);
                        }
                    }
                    chars += 1;
                }
            }
            Err(e) => return Err(os_error(vm, &e, &fd.name)),
        }
    }
    to_value(vm, fd, buf)
}
