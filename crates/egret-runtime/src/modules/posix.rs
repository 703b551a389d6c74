//! `posix`: the operating-system calls CPython's `os` module is built on.

use std::cell::RefCell;
use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, PermissionsExt};

use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictTable, new_dict};
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyErr, PyResult, Vm, py_bool};

crate::gil_local! {
    static TYPES: RefCell<Option<PosixTypes>> = const { RefCell::new(None) };
}

#[derive(Clone)]
struct PosixTypes {
    stat_result: Value,
    uname_result: Value,
    terminal_size: Value,
    times_result: Value,
}

fn ptypes() -> PosixTypes {
    TYPES
        .with(|t| t.borrow().clone())
        .expect("posix initialised")
}

/// The OSError subclass CPython raises for an errno (OSError itself when
/// the errno has none).
pub fn error_type_for(errno: i32) -> &'static Value {
    let t = types();
    match errno {
        libc::ENOENT => &t.exc.file_not_found_error,
        libc::EEXIST => &t.exc.file_exists_error,
        libc::EISDIR => &t.exc.is_a_directory_error,
        libc::ENOTDIR => &t.exc.not_a_directory_error,
        libc::EACCES | libc::EPERM => &t.exc.permission_error,
        libc::ETIMEDOUT => &t.exc.timeout_error,
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => &t.exc.blocking_io_error,
        libc::ECHILD => &t.exc.child_process_error,
        libc::EPIPE | libc::ESHUTDOWN => &t.exc.broken_pipe_error,
        libc::ECONNABORTED => &t.exc.connection_aborted_error,
        libc::ECONNREFUSED => &t.exc.connection_refused_error,
        libc::ECONNRESET => &t.exc.connection_reset_error,
        libc::EINTR => &t.exc.interrupted_error,
        libc::ESRCH => &t.exc.process_lookup_error,
        _ => &t.exc.os_error,
    }
}

/// The OSError subclass CPython raises for an errno.
pub fn os_error(vm: &Vm, errno: i32, filename: Option<&Value>, filename2: Option<&Value>) -> PyErr {
    let ty = error_type_for(errno);
    let msg = strerror(errno);
    let mut args = vec![from_i64(i64::from(errno)), new_str(&msg)];
    if let Some(f) = filename {
        args.push(f.clone());
        if let Some(f2) = filename2 {
            args.push(from_i64(0));
            args.push(f2.clone());
        }
    }
    let _ = vm;
    PyErr::new(crate::objects::exceptions::new_exception(
        ty,
        crate::objects::tuple::new_tuple(args),
    ))
}

fn io_error(vm: &Vm, e: &std::io::Error, filename: Option<&Value>) -> PyErr {
    os_error(vm, e.raw_os_error().unwrap_or(libc::EIO), filename, None)
}

pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Seconds as a `timespec`, rounded toward minus infinity (CPython's
/// `_PyTime_ObjectToTimespec` with `_PyTime_ROUND_FLOOR`).
fn timespec_of(vm: &mut Vm, v: &Value) -> PyResult<libc::timespec> {
    if let Some(f) = crate::objects::float::float_of(v) {
        if !f.is_finite() {
            return Err(vm.value_error("Invalid value NaN (not a number)"));
        }
        let mut sec = f.trunc();
        let mut nsec = ((f - sec) * 1e9).floor();
        if nsec >= 1e9 {
            nsec -= 1e9;
            sec += 1.0;
        } else if nsec < 0.0 {
            nsec += 1e9;
            sec -= 1.0;
        }
        if sec.abs() > i64::MAX as f64 {
            return Err(vm.overflow_error("timestamp out of range for platform time_t"));
        }
        return Ok(libc::timespec {
            tv_sec: sec as libc::time_t,
            tv_nsec: nsec as libc::c_long,
        });
    }
    let s = vm.index_value(v)?;
    Ok(libc::timespec {
        tv_sec: s as libc::time_t,
        tv_nsec: 0,
    })
}

/// `os.utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)`.
fn utime(vm: &mut Vm, a: &[Value], k: crate::protocols::args::Kw) -> PyResult {
    let [path, times, ns, dir_fd, follow] = crate::protocols::args::clinic_args(
        vm,
        "utime",
        a,
        k,
        ["path", "times", "ns", "dir_fd", "follow_symlinks"],
        1,
    )?;
    let path = path.expect("required");
    let none = |v: &Option<Value>| v.as_ref().is_none_or(|v| v.is(&types().none));
    if !none(&times) && ns.is_some() {
        return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let pair = |vm: &mut Vm, v: &Value| -> Option<(Value, Value)> {
        let _ = vm;
        let items = crate::objects::list::seq_items(v);
        (v.kind() == Kind::Tuple && items.len() == 2).then(|| (items[0].clone(), items[1].clone()))
    };
    let now = libc::timespec {
        tv_sec: 0,
        tv_nsec: libc::UTIME_NOW,
    };
    let spec = if let Some(t) = times.as_ref().filter(|t| !t.is(&types().none)) {
        let Some((at, mt)) = pair(vm, t) else {
            return Err(vm.type_error("utime: 'times' must be either a tuple of two ints or None"));
        };
        [timespec_of(vm, &at)?, timespec_of(vm, &mt)?]
    } else if let Some(n) = &ns {
        let Some((at, mt)) = pair(vm, n) else {
            return Err(vm.type_error("utime: 'ns' must be a tuple of two ints"));
        };
        let split = |vm: &mut Vm, v: &Value| -> PyResult<libc::timespec> {
            let big = crate::objects::int::to_bigint(v)
                .ok_or_else(|| vm.type_error("utime: 'ns' must be a tuple of two ints"))?;
            let billion = num_bigint::BigInt::from(1_000_000_000);
            let (q, r) = num_integer::Integer::div_mod_floor(&big, &billion);
            Ok(libc::timespec {
                tv_sec: i64::try_from(q).map_err(|_| vm.overflow_error("timestamp too large"))?
                    as libc::time_t,
                tv_nsec: i64::try_from(r).unwrap_or(0) as libc::c_long,
            })
        };
        [split(vm, &at)?, split(vm, &mt)?]
    } else {
        [now, now]
    };
    let follow = match &follow {
        Some(f) => vm.truthy(f)?,
        None => true,
    };
    let dirfd = match dir_fd.filter(|d| !d.is(&types().none)) {
        Some(d) => vm.index_value(&d)? as i32,
        None => libc::AT_FDCWD,
    };
    let r = if crate::objects::int::to_bigint(&path).is_some() {
        let fd = vm.index_value(&path)? as i32;
        // SAFETY: futimens reads two timespecs from a valid array.
        unsafe { libc::futimens(fd, spec.as_ptr()) }
    } else {
        let p = path_arg(vm, &path)?;
        let c = cstring(vm, &p)?;
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: a NUL-terminated path and a valid two-element array.
        unsafe { libc::utimensat(dirfd, c.as_ptr(), spec.as_ptr(), flags) }
    };
    if r != 0 {
        // (CPython's utime names no file in its error.)
        let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(os_error(vm, e, None, None));
    }
    Ok(vm.none())
}

/// A path argument: str or bytes (or os.PathLike), as bytes.
fn path_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v.kind() {
        Kind::Str => Ok(crate::objects::str::as_str(v)
            .unwrap_or("")
            .as_bytes()
            .to_vec()),
        Kind::Bytes => Ok(v
            .downcast::<BytesData>()
            .expect("bytes")
            .data
            .borrow()
            .clone()),
        _ => {
            if let Some(f) = vm.lookup_attr(v, "__fspath__")? {
                let p = vm.call(&f, &[], &[])?;
                if matches!(p.kind(), Kind::Str | Kind::Bytes) {
                    return path_arg(vm, &p);
                }
            }
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                v.type_data().name
            )))
        }
    }
}

fn os_path(b: &[u8]) -> &std::path::Path {
    std::path::Path::new(OsStr::from_bytes(b))
}

/// A name from the file system, as str or bytes like the argument was.
fn name_like(arg_is_bytes: bool, b: &[u8]) -> Value {
    if arg_is_bytes {
        new_bytes(b.to_vec())
    } else {
        new_str(&String::from_utf8_lossy(b))
    }
}

fn cstring(vm: &Vm, b: &[u8]) -> PyResult<CString> {
    CString::new(b.to_vec()).map_err(|_| vm.value_error("embedded null byte"))
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_value(v)?;
    i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))
}

fn stat_value(vm: &mut Vm, m: &std::fs::Metadata) -> PyResult {
    let times = |s: i64, ns: i64| (new_float(s as f64 + ns as f64 * 1e-9), s, ns);
    let (at, ats, atns) = times(m.atime(), m.atime_nsec());
    let (mt, mts, mtns) = times(m.mtime(), m.mtime_nsec());
    let (ct, cts, ctns) = times(m.ctime(), m.ctime_nsec());
    let big = |s: i64, ns: i64| {
        crate::objects::int::from_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + ns)
    };
    let values = vec![
        from_i64(i64::from(m.mode())),
        from_i64(m.ino() as i64),
        from_i64(m.dev() as i64),
        from_i64(m.nlink() as i64),
        from_i64(i64::from(m.uid())),
        from_i64(i64::from(m.gid())),
        from_i64(m.size() as i64),
        from_i64(ats),
        from_i64(mts),
        from_i64(cts),
        at,
        mt,
        ct,
        big(ats, atns),
        big(mts, mtns),
        big(cts, ctns),
        from_i64(m.blksize() as i64),
        from_i64(m.blocks() as i64),
        from_i64(m.rdev() as i64),
    ];
    crate::objects::structseq::new_value(vm, &ptypes().stat_result, values)
}

fn follow(vm: &mut Vm, k: Kw) -> PyResult<bool> {
    match kwarg(k, "follow_symlinks") {
        Some(v) => vm.truthy(&v),
        None => Ok(true),
    }
}

fn do_stat(vm: &mut Vm, a: &[Value], k: Kw, follow_default: bool) -> PyResult {
    check_args(vm, "stat", a, 1, 1)?;
    if matches!(a[0].kind(), Kind::Int | Kind::Bool) {
        return fstat(vm, &a[0]);
    }
    let p = path_arg(vm, &a[0])?;
    let follow_links = follow_default && follow(vm, k)?;
    let r = if follow_links {
        std::fs::metadata(os_path(&p))
    } else {
        std::fs::symlink_metadata(os_path(&p))
    };
    match r {
        Ok(m) => stat_value(vm, &m),
        Err(e) => Err(io_error(vm, &e, Some(&a[0]))),
    }
}

fn with_fd<T>(
    fd: i32,
    f: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    use std::os::fd::FromRawFd;
    // A negative descriptor is no file (and File may not hold one).
    if fd < 0 {
        return Err(std::io::Error::from_raw_os_error(libc::EBADF));
    }
    // SAFETY: the file is never dropped (ManuallyDrop), so the descriptor,
    // which the caller owns, is not closed here.
    let mut file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    f(&mut file)
}

fn fstat(vm: &mut Vm, fd: &Value) -> PyResult {
    let fd = fd_arg(vm, fd)?;
    let r = with_fd(fd, |f| f.metadata());
    match r {
        Ok(m) => stat_value(vm, &m),
        Err(e) => Err(io_error(vm, &e, None)),
    }
}

fn environ(vm: &mut Vm) -> PyResult {
    let d = new_dict(DictTable::new());
    for (k, v) in std::env::vars_os() {
        vm.setitem(&d, new_bytes(k.into_vec()), new_bytes(v.into_vec()))?;
    }
    Ok(d)
}

fn uname(vm: &mut Vm) -> PyResult {
    let read = |f: &str| {
        std::fs::read_to_string(format!("/proc/sys/kernel/{f}"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let machine = std::env::consts::ARCH;
    let values = vec![
        new_str(&read("ostype")),
        new_str(&read("hostname")),
        new_str(&read("osrelease")),
        new_str(&read("version")),
        new_str(machine),
    ];
    crate::objects::structseq::new_value(vm, &ptypes().uname_result, values)
}

fn scandir_entry(vm: &mut Vm, dir: &[u8], name: &[u8], bytes: bool) -> PyResult {
    let mut full = dir.to_vec();
    if !full.is_empty() && !full.ends_with(b"/") {
        full.push(b'/');
    }
    full.extend_from_slice(name);
    let mut t = DictTable::new();
    t.set_str("name", name_like(bytes, name));
    t.set_str("path", name_like(bytes, &full));
    let _ = vm;
    Ok(Value::alloc(
        &types().dir_entry,
        InstanceData::with_dict(new_dict(t)),
    ))
}

fn entry_path(vm: &mut Vm, e: &Value) -> PyResult<Vec<u8>> {
    let p = vm.getattr_str(e, "path")?;
    path_arg(vm, &p)
}

fn entry_meta(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Option<std::fs::Metadata>> {
    let p = entry_path(vm, &a[0])?;
    let r = if follow(vm, k)? {
        std::fs::metadata(os_path(&p))
    } else {
        std::fs::symlink_metadata(os_path(&p))
    };
    Ok(r.ok())
}

pub fn register_types() {
    let t = types();
    let entry_methods: &[(&'static str, NativeFn)] = &[
        ("is_dir", |vm, a, k| {
            Ok(py_bool(entry_meta(vm, a, k)?.is_some_and(|m| m.is_dir())))
        }),
        ("is_file", |vm, a, k| {
            Ok(py_bool(entry_meta(vm, a, k)?.is_some_and(|m| m.is_file())))
        }),
        ("is_symlink", |vm, a, _| {
            let p = entry_path(vm, &a[0])?;
            Ok(py_bool(
                std::fs::symlink_metadata(os_path(&p)).is_ok_and(|m| m.file_type().is_symlink()),
            ))
        }),
        ("stat", |vm, a, k| {
            let p = vm.getattr_str(&a[0], "path")?;
            let follow_links = follow(vm, k)?;
            do_stat(vm, &[p], &[], follow_links)
        }),
        ("inode", |vm, a, _| {
            let p = entry_path(vm, &a[0])?;
            match std::fs::symlink_metadata(os_path(&p)) {
                Ok(m) => Ok(from_i64(m.ino() as i64)),
                Err(e) => Err(io_error(vm, &e, None)),
            }
        }),
        ("__fspath__", |vm, a, _| vm.getattr_str(&a[0], "path")),
        ("__repr__", |vm, a, _| {
            let n = vm.getattr_str(&a[0], "name")?;
            let r = vm.repr_string(&n)?;
            Ok(new_str(&format!("<DirEntry {r}>")))
        }),
    ];
    crate::objects::str_methods::add_methods(&t.dir_entry, "DirEntry", entry_methods);
    let it_methods: &[(&'static str, NativeFn)] = &[
        ("__iter__", |_vm, a, _| Ok(a[0].clone())),
        ("__next__", |vm, a, _| {
            let entries = vm.getattr_str(&a[0], "_entries")?;
            let i = vm.getattr_str(&a[0], "_pos")?;
            let n = vm.index_value(&i)?;
            let len = vm.len(&entries)? as i64;
            if n >= len {
                return Err(vm.stop_iteration(None));
            }
            vm.setattr_str(&a[0], "_pos", from_i64(n + 1))?;
            vm.getitem(&entries, &from_i64(n))
        }),
        ("__enter__", |_vm, a, _| Ok(a[0].clone())),
        ("__exit__", |vm, _a, _| Ok(vm.none())),
        ("close", |vm, _a, _| Ok(vm.none())),
    ];
    crate::objects::str_methods::add_methods(&t.scandir_iterator, "ScandirIterator", it_methods);
    for ty in [&t.dir_entry, &t.scandir_iterator] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("posix"));
    }
}

fn listdir_names(vm: &mut Vm, a: &[Value]) -> PyResult<(Vec<Vec<u8>>, Vec<u8>, bool)> {
    let arg = a.first().filter(|v| !v.is(&types().none));
    let (p, bytes) = match arg {
        Some(v) => (path_arg(vm, v)?, v.kind() == Kind::Bytes),
        None => (b".".to_vec(), false),
    };
    let rd = std::fs::read_dir(os_path(&p)).map_err(|e| io_error(vm, &e, arg))?;
    let mut names = Vec::new();
    for ent in rd {
        let ent = ent.map_err(|e| io_error(vm, &e, arg))?;
        names.push(ent.file_name().into_vec());
    }
    Ok((names, p, bytes))
}

pub fn make(vm: &mut Vm) -> Value {
    let stat_fields = [
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime_int",
        "st_mtime_int",
        "st_ctime_int",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ];
    let stat_result =
        crate::objects::structseq::new_type(vm, "os", "stat_result", &stat_fields, 10);
    let uname_result = crate::objects::structseq::new_type(
        vm,
        "posix",
        "uname_result",
        &["sysname", "nodename", "release", "version", "machine"],
        5,
    );
    let terminal_size =
        crate::objects::structseq::new_type(vm, "os", "terminal_size", &["columns", "lines"], 2);
    let times_result = crate::objects::structseq::new_type(
        vm,
        "posix",
        "times_result",
        &[
            "user",
            "system",
            "children_user",
            "children_system",
            "elapsed",
        ],
        5,
    );
    TYPES.with(|t| {
        *t.borrow_mut() = Some(PosixTypes {
            stat_result: stat_result.clone(),
            uname_result: uname_result.clone(),
            terminal_size: terminal_size.clone(),
            times_result: times_result.clone(),
        })
    });
    let funcs: &[(&'static str, NativeFn)] = &[
        ("stat", |vm, a, k| do_stat(vm, a, k, true)),
        ("lstat", |vm, a, k| do_stat(vm, a, k, false)),
        ("fstat", |vm, a, _| {
            check_args(vm, "fstat", a, 1, 1)?;
            fstat(vm, &a[0])
        }),
        ("getcwd", |vm, _a, _| match std::env::current_dir() {
            Ok(p) => Ok(new_str(&p.to_string_lossy())),
            Err(e) => Err(io_error(vm, &e, None)),
        }),
        ("getcwdb", |vm, _a, _| match std::env::current_dir() {
            Ok(p) => Ok(new_bytes(p.into_os_string().into_vec())),
            Err(e) => Err(io_error(vm, &e, None)),
        }),
        ("chdir", |vm, a, _| {
            check_args(vm, "chdir", a, 1, 1)?;
            let p = path_arg(vm, &a[0])?;
            std::env::set_current_dir(os_path(&p)).map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("listdir", |vm, a, _| {
            check_args(vm, "listdir", a, 0, 1)?;
            let (names, _, bytes) = listdir_names(vm, a)?;
            Ok(crate::objects::list::new_list(
                names.iter().map(|n| name_like(bytes, n)).collect(),
            ))
        }),
        ("scandir", |vm, a, _| {
            check_args(vm, "scandir", a, 0, 1)?;
            let (names, dir, bytes) = listdir_names(vm, a)?;
            let shown_dir = if a.first().is_none_or(|v| v.is(&types().none)) {
                b".".to_vec()
            } else {
                dir
            };
            let mut entries = Vec::new();
            for n in &names {
                entries.push(scandir_entry(vm, &shown_dir, n, bytes)?);
            }
            let mut t = DictTable::new();
            t.set_str("_entries", crate::objects::list::new_list(entries));
            t.set_str("_pos", from_i64(0));
            Ok(Value::alloc(
                &types().scandir_iterator,
                InstanceData::with_dict(new_dict(t)),
            ))
        }),
        ("mkdir", |vm, a, k| {
            check_args(vm, "mkdir", a, 1, 2)?;
            let p = path_arg(vm, &a[0])?;
            let mode = match a.get(1).cloned().or_else(|| kwarg(k, "mode")) {
                Some(m) => vm.index_value(&m)? as u32,
                None => 0o777,
            };
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(mode)
                .create(os_path(&p))
                .map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("rmdir", |vm, a, _| {
            check_args(vm, "rmdir", a, 1, 1)?;
            let p = path_arg(vm, &a[0])?;
            std::fs::remove_dir(os_path(&p)).map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("unlink", unlink),
        ("remove", unlink),
        ("rename", rename),
        ("replace", rename),
        ("readlink", |vm, a, _| {
            check_args(vm, "readlink", a, 1, 1)?;
            let p = path_arg(vm, &a[0])?;
            match std::fs::read_link(os_path(&p)) {
                Ok(t) => Ok(name_like(
                    a[0].kind() == Kind::Bytes,
                    t.as_os_str().as_bytes(),
                )),
                Err(e) => Err(io_error(vm, &e, Some(&a[0]))),
            }
        }),
        ("symlink", |vm, a, _| {
            check_args(vm, "symlink", a, 2, 3)?;
            let src = path_arg(vm, &a[0])?;
            let dst = path_arg(vm, &a[1])?;
            std::os::unix::fs::symlink(os_path(&src), os_path(&dst))
                .map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("link", |vm, a, _| {
            check_args(vm, "link", a, 2, 2)?;
            let src = path_arg(vm, &a[0])?;
            let dst = path_arg(vm, &a[1])?;
            std::fs::hard_link(os_path(&src), os_path(&dst))
                .map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("chmod", |vm, a, _| {
            check_args(vm, "chmod", a, 2, 2)?;
            let p = path_arg(vm, &a[0])?;
            let mode = vm.index_value(&a[1])? as u32;
            std::fs::set_permissions(os_path(&p), std::fs::Permissions::from_mode(mode))
                .map_err(|e| io_error(vm, &e, Some(&a[0])))?;
            Ok(vm.none())
        }),
        ("access", |vm, a, _| {
            check_args(vm, "access", a, 2, 2)?;
            let p = path_arg(vm, &a[0])?;
            let mode = vm.index_value(&a[1])? as i32;
            let c = cstring(vm, &p)?;
            // SAFETY: `c` is a valid NUL-terminated path for the call.
            let r = unsafe { libc::access(c.as_ptr(), mode) };
            Ok(py_bool(r == 0))
        }),
        ("getpid", |_vm, _a, _| {
            Ok(from_i64(i64::from(std::process::id())))
        }),
        ("getppid", |_vm, _a, _| {
            Ok(from_i64(i64::from(std::os::unix::process::parent_id())))
        }),
        ("getuid", |_vm, _a, _| {
            // SAFETY: getuid(2) takes no arguments and cannot fail.
            Ok(from_i64(i64::from(unsafe { libc::getuid() })))
        }),
        ("geteuid", |_vm, _a, _| {
            // SAFETY: geteuid(2) takes no arguments and cannot fail.
            Ok(from_i64(i64::from(unsafe { libc::geteuid() })))
        }),
        ("getgid", |_vm, _a, _| {
            // SAFETY: getgid(2) takes no arguments and cannot fail.
            Ok(from_i64(i64::from(unsafe { libc::getgid() })))
        }),
        ("getegid", |_vm, _a, _| {
            // SAFETY: getegid(2) takes no arguments and cannot fail.
            Ok(from_i64(i64::from(unsafe { libc::getegid() })))
        }),
        ("umask", |vm, a, _| {
            check_args(vm, "umask", a, 1, 1)?;
            let m = vm.index_value(&a[0])? as libc::mode_t;
            // SAFETY: umask has no preconditions.
            Ok(from_i64(i64::from(unsafe { libc::umask(m) })))
        }),
        ("kill", |vm, a, _| {
            check_args(vm, "kill", a, 2, 2)?;
            let pid = vm.index_value(&a[0])? as libc::pid_t;
            let sig = vm.index_value(&a[1])? as i32;
            // SAFETY: kill has no memory-safety preconditions.
            if unsafe { libc::kill(pid, sig) } != 0 {
                let e = std::io::Error::last_os_error();
                return Err(io_error(vm, &e, None));
            }
            // A signal sent to this process is handled before kill returns,
            // as in CPython.
            super::signal::run_handlers(vm)?;
            Ok(vm.none())
        }),
        ("strerror", |vm, a, _| {
            check_args(vm, "strerror", a, 1, 1)?;
            let n = vm.index_value(&a[0])? as i32;
            Ok(new_str(&strerror(n)))
        }),
        ("urandom", |vm, a, _| {
            check_args(vm, "urandom", a, 1, 1)?;
            let n = vm.index_value(&a[0])?;
            if n < 0 {
                return Err(vm.value_error("negative argument not allowed"));
            }
            let mut buf = vec![0u8; n as usize];
            use std::io::Read;
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut buf))
                .map_err(|e| io_error(vm, &e, None))?;
            Ok(new_bytes(buf))
        }),
        ("fspath", |vm, a, _| {
            check_args(vm, "fspath", a, 1, 1)?;
            if matches!(a[0].kind(), Kind::Str | Kind::Bytes) {
                return Ok(a[0].clone());
            }
            let Some(f) = vm.lookup_attr(&a[0], "__fspath__")? else {
                return Err(vm.type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    a[0].type_data().name
                )));
            };
            let r = vm.call(&f, &[], &[])?;
            if !matches!(r.kind(), Kind::Str | Kind::Bytes) {
                return Err(vm.type_error(format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    a[0].type_data().name,
                    r.type_data().name
                )));
            }
            Ok(r)
        }),
        ("open", |vm, a, k| {
            check_args(vm, "open", a, 2, 3)?;
            let p = path_arg(vm, &a[0])?;
            let flags = vm.index_value(&a[1])? as i32;
            let mode = match a.get(2).cloned().or_else(|| kwarg(k, "mode")) {
                Some(m) => vm.index_value(&m)? as libc::c_uint,
                None => 0o777,
            };
            let c = cstring(vm, &p)?;
            // SAFETY: `c` is a valid NUL-terminated path.
            let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode) };
            if fd < 0 {
                let e = std::io::Error::last_os_error();
                return Err(io_error(vm, &e, Some(&a[0])));
            }
            Ok(from_i64(i64::from(fd)))
        }),
        ("close", |vm, a, _| {
            check_args(vm, "close", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            // SAFETY: closing a descriptor number has no memory-safety
            // preconditions; the caller owns it.
            if unsafe { libc::close(fd) } != 0 {
                let e = std::io::Error::last_os_error();
                return Err(io_error(vm, &e, None));
            }
            Ok(vm.none())
        }),
        ("read", |vm, a, _| {
            check_args(vm, "read", a, 2, 2)?;
            let fd = fd_arg(vm, &a[0])?;
            let n = vm.index_value(&a[1])?.max(0) as usize;
            let mut buf = vec![0u8; n];
            vm.flush_stdout();
            let r = loop {
                match vm.allow_threads(|| with_fd(fd, |f| std::io::Read::read(f, &mut buf))) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                        super::signal::run_handlers(vm)?;
                    }
                    r => break r,
                }
            };
            match r {
                Ok(k) => {
                    buf.truncate(k);
                    Ok(new_bytes(buf))
                }
                Err(e) => Err(io_error(vm, &e, None)),
            }
        }),
        ("write", |vm, a, _| {
            check_args(vm, "write", a, 2, 2)?;
            let fd = fd_arg(vm, &a[0])?;
            let data = path_arg_bytes(vm, &a[1])?;
            vm.flush_stdout();
            let r = loop {
                match vm.allow_threads(|| with_fd(fd, |f| std::io::Write::write(f, &data))) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                        super::signal::run_handlers(vm)?;
                    }
                    r => break r,
                }
            };
            match r {
                Ok(k) => Ok(from_i64(k as i64)),
                Err(e) => Err(io_error(vm, &e, None)),
            }
        }),
        ("lseek", |vm, a, _| {
            check_args(vm, "lseek", a, 3, 3)?;
            let fd = fd_arg(vm, &a[0])?;
            let pos = vm.index_value(&a[1])?;
            let how = vm.index_value(&a[2])?;
            let whence = match how {
                0 => std::io::SeekFrom::Start(pos.max(0) as u64),
                1 => std::io::SeekFrom::Current(pos),
                2 => std::io::SeekFrom::End(pos),
                _ => return Err(vm.value_error("invalid whence")),
            };
            let r = with_fd(fd, |f| std::io::Seek::seek(f, whence));
            match r {
                Ok(p) => Ok(from_i64(p as i64)),
                Err(e) => Err(io_error(vm, &e, None)),
            }
        }),
        ("isatty", |vm, a, _| {
            check_args(vm, "isatty", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            // SAFETY: isatty has no memory-safety preconditions.
            Ok(py_bool(unsafe { libc::isatty(fd) } == 1))
        }),
        ("device_encoding", |vm, a, _| {
            check_args(vm, "device_encoding", a, 1, 1)?;
            let fd = fd_arg(vm, &a[0])?;
            // SAFETY: isatty has no memory-safety preconditions.
            if unsafe { libc::isatty(fd) } == 1 {
                Ok(new_str("utf-8"))
            } else {
                Ok(vm.none())
            }
        }),
        ("get_terminal_size", |vm, a, _| {
            let fd = match a.first() {
                Some(f) => fd_arg(vm, f)?,
                None => 1,
            };
            let mut ws = libc::winsize {
                ws_row: 0,
                ws_col: 0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            // SAFETY: TIOCGWINSZ writes a winsize into the pointed-to struct.
            let r = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) };
            if r != 0 {
                let e = std::io::Error::last_os_error();
                return Err(io_error(vm, &e, None));
            }
            let ty = ptypes().terminal_size;
            crate::objects::structseq::new_value(
                vm,
                &ty,
                vec![
                    from_i64(i64::from(ws.ws_col)),
                    from_i64(i64::from(ws.ws_row)),
                ],
            )
        }),
        ("uname", |vm, _a, _| uname(vm)),
        ("cpu_count", |_vm, _a, _| {
            Ok(std::thread::available_parallelism()
                .map_or_else(|_| types().none.clone(), |n| from_i64(n.get() as i64)))
        }),
        ("putenv", |vm, a, _| {
            check_args(vm, "putenv", a, 2, 2)?;
            let k = path_arg(vm, &a[0])?;
            let v = path_arg(vm, &a[1])?;
            let (k, v) = (cstring(vm, &k)?, cstring(vm, &v)?);
            // SAFETY: both are valid C strings; egret runs Python code on one thread.
            unsafe { libc::setenv(k.as_ptr(), v.as_ptr(), 1) };
            Ok(vm.none())
        }),
        ("unsetenv", |vm, a, _| {
            check_args(vm, "unsetenv", a, 1, 1)?;
            let k = path_arg(vm, &a[0])?;
            let k = cstring(vm, &k)?;
            // SAFETY: a valid C string; egret runs Python code on one thread.
            unsafe { libc::unsetenv(k.as_ptr()) };
            Ok(vm.none())
        }),
        ("system", |vm, a, _| {
            check_args(vm, "system", a, 1, 1)?;
            let cmd = path_arg(vm, &a[0])?;
            vm.flush_stdout();
            let st = std::process::Command::new("/bin/sh")
                .arg("-c")
                .arg(OsString::from_vec(cmd))
                .status()
                .map_err(|e| io_error(vm, &e, None))?;
            use std::os::unix::process::ExitStatusExt;
            Ok(from_i64(i64::from(st.into_raw())))
        }),
        ("times", |vm, _a, _| {
            let mut t = libc::tms {
                tms_utime: 0,
                tms_stime: 0,
                tms_cutime: 0,
                tms_cstime: 0,
            };
            // SAFETY: times writes into the pointed-to struct.
            let c = unsafe { libc::times(&mut t) };
            // SAFETY: sysconf has no preconditions.
            let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
            let f = |x: libc::clock_t| new_float(x as f64 / hz);
            let ty = ptypes().times_result;
            crate::objects::structseq::new_value(
                vm,
                &ty,
                vec![
                    f(t.tms_utime),
                    f(t.tms_stime),
                    f(t.tms_cutime),
                    f(t.tms_cstime),
                    f(c),
                ],
            )
        }),
        ("_exit", |vm, a, _| {
            check_args(vm, "_exit", a, 1, 1)?;
            let n = vm.index_value(&a[0])?;
            vm.flush_stdout();
            // No exit handlers (as CPython): in the child of a fork from a
            // threaded process they could wait on a vanished thread's lock.
            // SAFETY: _exit ends the process at once.
            unsafe { libc::_exit(n as i32) }
        }),
        ("waitstatus_to_exitcode", |vm, a, _| {
            check_args(vm, "waitstatus_to_exitcode", a, 1, 1)?;
            let s = vm.index_value(&a[0])? as i32;
            if libc::WIFEXITED(s) {
                Ok(from_i64(i64::from(libc::WEXITSTATUS(s))))
            } else if libc::WIFSIGNALED(s) {
                Ok(from_i64(-i64::from(libc::WTERMSIG(s))))
            } else {
                Err(vm.value_error(format!("invalid wait status: {s}")))
            }
        }),
        ("utime", utime),
    ];
    let env = environ(vm).unwrap_or_else(|_| new_dict(DictTable::new()));
    let mut values: Vec<(&str, Value)> = vec![
        ("environ", env),
        ("error", types().exc.os_error.clone()),
        ("stat_result", stat_result),
        ("uname_result", uname_result),
        ("terminal_size", terminal_size),
        ("times_result", times_result),
        ("DirEntry", types().dir_entry.clone()),
        (
            "_have_functions",
            crate::objects::list::new_list(Vec::new()),
        ),
    ];
    let consts: &[(&str, i64)] = &[
        ("F_OK", libc::F_OK as i64),
        ("R_OK", libc::R_OK as i64),
        ("W_OK", libc::W_OK as i64),
        ("X_OK", libc::X_OK as i64),
        ("O_RDONLY", libc::O_RDONLY as i64),
        ("O_WRONLY", libc::O_WRONLY as i64),
        ("O_RDWR", libc::O_RDWR as i64),
        ("O_APPEND", libc::O_APPEND as i64),
        ("O_CREAT", libc::O_CREAT as i64),
        ("O_EXCL", libc::O_EXCL as i64),
        ("O_TRUNC", libc::O_TRUNC as i64),
        ("O_NONBLOCK", libc::O_NONBLOCK as i64),
        ("O_CLOEXEC", libc::O_CLOEXEC as i64),
        ("O_DIRECTORY", libc::O_DIRECTORY as i64),
        ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
        ("O_SYNC", libc::O_SYNC as i64),
        ("O_NOCTTY", libc::O_NOCTTY as i64),
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("WNOHANG", libc::WNOHANG as i64),
        ("EX_OK", 0),
    ];
    for (n, v) in consts.iter().chain(super::posix_proc::CONSTANTS) {
        values.push((n, from_i64(*v)));
    }
    let mut all = funcs.to_vec();
    all.extend_from_slice(super::posix_proc::functions());
    super::make_module("posix", &all, values)
}

fn path_arg_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

fn unlink(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "unlink", a, 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    std::fs::remove_file(os_path(&p)).map_err(|e| io_error(vm, &e, Some(&a[0])))?;
    Ok(vm.none())
}

fn rename(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "rename", a, 2, 2)?;
    let src = path_arg(vm, &a[0])?;
    let dst = path_arg(vm, &a[1])?;
    std::fs::rename(os_path(&src), os_path(&dst)).map_err(|e| {
        os_error(
            vm,
            e.raw_os_error().unwrap_or(libc::EIO),
            Some(&a[0]),
            Some(&a[1]),
        )
    })?;
    Ok(vm.none())
}
