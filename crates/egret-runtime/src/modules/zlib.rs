//! `zlib`: deflate compression (flate2 over zlib-rs) with CPython's
//! interface: one-shot `compress`/`decompress`, streaming `compressobj` and
//! `decompressobj` (zlib, raw deflate and gzip containers, or automatic
//! detection, chosen by `wbits` as in zlib), `crc32` and `adler32`.
//!
//! What flate2 does not expose is refused rather than ignored wrongly:
//! `Compress.copy()` and `Decompress.copy()` raise NotImplementedError.
//! `memLevel` and `strategy` are checked and then left to the library's
//! defaults; the output is a valid stream either way (its exact bytes are
//! not specified by zlib across versions either).

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::new_bytes;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::new_str;
use crate::protocols::args::{Kw, check_args, clinic_args, no_kwargs};
use crate::vm::{PyErr, PyResult, Vm, py_bool};

const MAX_WBITS: i64 = 15;
const DEF_BUF_SIZE: i64 = 16384;
const Z_NO_FLUSH: i64 = 0;
const Z_PARTIAL_FLUSH: i64 = 1;
const Z_SYNC_FLUSH: i64 = 2;
const Z_FULL_FLUSH: i64 = 3;
const Z_FINISH: i64 = 4;
/// The output buffer size of one call into the library.
const CHUNK: usize = 64 * 1024;

struct Types {
    error: Value,
    compress: Value,
    decompress: Value,
}

crate::gil_local! {
    static TYPES: std::cell::RefCell<Option<std::rc::Rc<Types>>> = const { std::cell::RefCell::new(None) };
}

fn module_types() -> std::rc::Rc<Types> {
    TYPES.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let ty = types();
                let mut ns = crate::objects::dict::DictTable::new();
                ns.set_str("__module__", new_str("zlib"));
                let error = crate::object::types::new_class(
                    &ty.type_,
                    "error",
                    vec![ty.exc.exception.clone()],
                    ns,
                )
                .expect("an exception class");
                let compress = native_type("zlib.Compress");
                crate::objects::str_methods::add_methods(&compress, "Compress", COMPRESS_METHODS);
                let decompress = native_type("zlib.Decompress");
                crate::objects::str_methods::add_methods(
                    &decompress,
                    "Decompress",
                    DECOMPRESS_METHODS,
                );
                {
                    let td = decompress.type_data_of_type();
                    let mut d = td.dict_mut();
                    d.set_str(
                        "unused_data",
                        crate::objects::descr::getter("unused_data", |vm, a, _| {
                            dstate(vm, &a[0], |d| new_bytes(d.unused_data.clone()))
                        }),
                    );
                    d.set_str(
                        "unconsumed_tail",
                        crate::objects::descr::getter("unconsumed_tail", |vm, a, _| {
                            dstate(vm, &a[0], |d| new_bytes(d.unconsumed_tail.clone()))
                        }),
                    );
                    d.set_str(
                        "eof",
                        crate::objects::descr::getter("eof", |vm, a, _| {
                            dstate(vm, &a[0], |d| py_bool(d.eof))
                        }),
                    );
                }
                std::rc::Rc::new(Types {
                    error,
                    compress,
                    decompress,
                })
            })
            .clone()
    })
}

fn zerror(vm: &Vm, msg: String) -> PyErr {
    vm.err(&module_types().error, msg)
}

/// The data argument: any bytes-like object.
fn data(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

fn int_arg(vm: &mut Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => vm.index_value(v),
        None => Ok(default),
    }
}

fn level_of(level: i64) -> Option<Compression> {
    match level {
        -1 => Some(Compression::default()),
        0..=9 => Some(Compression::new(level as u32)),
        _ => None,
    }
}

/// The container `wbits` selects for compression: zlib (9..15), raw deflate
/// (-15..-9) or gzip (25..31); None for anything else.
fn new_compress(level: Compression, wbits: i64) -> Option<Compress> {
    match wbits {
        9..=15 => Some(Compress::new_with_window_bits(level, true, wbits as u8)),
        // zlib itself turns a raw window of 8 into 9.
        -15..=-8 => Some(Compress::new_with_window_bits(
            level,
            false,
            (-wbits).max(9) as u8,
        )),
        25..=31 => Some(Compress::new_gzip(level, (wbits - 16) as u8)),
        _ => None,
    }
}

/// What `wbits` selects for decompression.
#[derive(Clone, Copy)]
enum Container {
    /// zlib header; 0 takes the window size from the header.
    Zlib(u8),
    Raw(u8),
    Gzip(u8),
    /// zlib or gzip, whichever the first byte shows.
    Auto(u8),
}

fn container(wbits: i64) -> Option<Container> {
    let w = |b: i64| b.clamp(9, 15) as u8;
    match wbits {
        0 => Some(Container::Zlib(15)),
        8..=15 => Some(Container::Zlib(w(wbits))),
        -15..=-8 => Some(Container::Raw(w(-wbits))),
        24..=31 => Some(Container::Gzip(w(wbits - 16))),
        40..=47 => Some(Container::Auto(w(wbits - 32))),
        _ => None,
    }
}

fn new_decompress(c: Container, first: Option<u8>) -> Decompress {
    match c {
        Container::Zlib(w) => Decompress::new_with_window_bits(true, w),
        Container::Raw(w) => Decompress::new_with_window_bits(false, w),
        Container::Gzip(w) => Decompress::new_gzip(w),
        Container::Auto(w) if first == Some(0x1f) => Decompress::new_gzip(w),
        Container::Auto(w) => Decompress::new_with_window_bits(true, w),
    }
}

// ----- streaming decompression -----

struct DState {
    container: Container,
    /// Made when the first byte arrives (automatic detection needs it).
    z: Option<Decompress>,
    zdict: Option<Vec<u8>>,
    unused_data: Vec<u8>,
    unconsumed_tail: Vec<u8>,
    eof: bool,
}

enum Inflated {
    /// All input consumed (or the output limit reached).
    Done,
    /// The end of the stream: the rest of the input is not part of it.
    End,
}

/// Inflates `input` into `out` (at most `limit` bytes of output if given);
/// returns how much input was consumed and whether the stream ended.
fn inflate(
    st: &mut DState,
    input: &[u8],
    out: &mut Vec<u8>,
    limit: Option<usize>,
) -> Result<(usize, Inflated), String> {
    if st.z.is_none() {
        let Some(&first) = input.first() else {
            return Ok((0, Inflated::Done));
        };
        let mut z = new_decompress(st.container, Some(first));
        if let (Container::Raw(_), Some(d)) = (st.container, &st.zdict) {
            z.set_dictionary(d)
                .map_err(|e| format!("Error -2 while setting zdict: {e}"))?;
        }
        st.z = Some(z);
    }
    let z = st.z.as_mut().expect("made above");
    let start = z.total_in();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let consumed = (z.total_in() - start) as usize;
        let room = match limit {
            Some(l) if out.len() >= l => return Ok((consumed, Inflated::Done)),
            Some(l) => (l - out.len()).min(CHUNK),
            None => CHUNK,
        };
        let before_out = z.total_out();
        let status = z.decompress(&input[consumed..], &mut buf[..room], FlushDecompress::None);
        let written = (z.total_out() - before_out) as usize;
        out.extend_from_slice(&buf[..written]);
        let now_consumed = (z.total_in() - start) as usize;
        match status {
            Ok(Status::StreamEnd) => return Ok((now_consumed, Inflated::End)),
            Ok(_) => {
                let all_in = now_consumed >= input.len();
                if (all_in && written < room) || (written == 0 && now_consumed == consumed) {
                    return Ok((now_consumed, Inflated::Done));
                }
            }
            Err(e) => {
                if e.needs_dictionary().is_some() {
                    let Some(d) = &st.zdict else {
                        return Err("Error 2 while decompressing data".to_string());
                    };
                    z.set_dictionary(d).map_err(|_| {
                        "Error -3 while decompressing data: invalid dictionary".to_string()
                    })?;
                    continue;
                }
                return Err(format!(
                    "Error -3 while decompressing data: {}",
                    e.message().unwrap_or("invalid input")
                ));
            }
        }
    }
}

fn dstate<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut DState) -> R) -> PyResult<R> {
    with_state(vm, v, "zlib.Decompress", f)
}

const DECOMPRESS_METHODS: &[(&str, NativeFn)] = &[
    ("decompress", |vm, a, k| {
        let [d, max_length] = clinic_args(vm, "decompress", &a[1..], k, ["data", "max_length"], 1)?;
        let input = data(vm, d.as_ref().expect("required"))?;
        let max = int_arg(vm, max_length.as_ref(), 0)?;
        if max < 0 {
            return Err(vm.value_error("max_length must be non-negative"));
        }
        let limit = (max > 0).then_some(max as usize);
        let r = dstate(vm, &a[0], |st| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            if st.eof {
                st.unused_data.extend_from_slice(&input);
                st.unconsumed_tail.clear();
                return Ok(out);
            }
            let (used, how) = inflate(st, &input, &mut out, limit)?;
            match how {
                Inflated::End => {
                    st.eof = true;
                    st.unused_data.extend_from_slice(&input[used..]);
                    st.unconsumed_tail.clear();
                }
                Inflated::Done => st.unconsumed_tail = input[used..].to_vec(),
            }
            Ok(out)
        })?;
        r.map(new_bytes).map_err(|m| zerror(vm, m))
    }),
    ("flush", |vm, a, k| {
        let [length] = clinic_args(vm, "flush", &a[1..], k, ["length"], 0)?;
        let length = int_arg(vm, length.as_ref(), DEF_BUF_SIZE)?;
        if length <= 0 {
            return Err(vm.value_error("length must be greater than zero"));
        }
        let r = dstate(vm, &a[0], |st| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            if st.eof {
                return Ok(out);
            }
            let input = std::mem::take(&mut st.unconsumed_tail);
            let (used, how) = inflate(st, &input, &mut out, None)?;
            if let Inflated::End = how {
                st.eof = true;
                st.unused_data.extend_from_slice(&input[used..]);
            }
            Ok(out)
        })?;
        r.map(new_bytes).map_err(|m| zerror(vm, m))
    }),
    ("copy", |vm, _a, _| {
        Err(vm.err(
            &types().exc.not_implemented_error,
            "zlib.Decompress.copy() is not supported by egret",
        ))
    }),
];

// ----- streaming compression -----

struct CState {
    /// None once flushed with Z_FINISH.
    z: Option<Compress>,
}

fn deflate(z: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; CHUNK];
    let start = z.total_in();
    loop {
        let consumed = (z.total_in() - start) as usize;
        let before_out = z.total_out();
        let status = z.compress(&input[consumed..], &mut buf, flush);
        let written = (z.total_out() - before_out) as usize;
        out.extend_from_slice(&buf[..written]);
        let now_consumed = (z.total_in() - start) as usize;
        match status {
            Ok(Status::StreamEnd) | Err(_) => return out,
            Ok(_) => {
                let all_in = now_consumed >= input.len();
                if (all_in && written < buf.len()) || (written == 0 && now_consumed == consumed) {
                    return out;
                }
            }
        }
    }
}

fn cstate<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut CState) -> R) -> PyResult<R> {
    with_state(vm, v, "zlib.Compress", f)
}

const COMPRESS_METHODS: &[(&str, NativeFn)] = &[
    ("compress", |vm, a, k| {
        no_kwargs(vm, "compress", k)?;
        check_args(vm, "compress", &a[1..], 1, 1)?;
        let input = data(vm, &a[1])?;
        let out = cstate(vm, &a[0], |st| {
            st.z.as_mut()
                .map(|z| deflate(z, &input, FlushCompress::None))
        })?;
        out.map(new_bytes).ok_or_else(|| {
            zerror(
                vm,
                "Error -2 while compressing data: inconsistent stream state".into(),
            )
        })
    }),
    ("flush", |vm, a, k| {
        no_kwargs(vm, "flush", k)?;
        check_args(vm, "flush", &a[1..], 0, 1)?;
        let mode = int_arg(vm, a.get(1), Z_FINISH)?;
        let flush = match mode {
            Z_NO_FLUSH => return Ok(new_bytes(Vec::new())),
            Z_PARTIAL_FLUSH => FlushCompress::Partial,
            Z_SYNC_FLUSH => FlushCompress::Sync,
            Z_FULL_FLUSH => FlushCompress::Full,
            Z_FINISH => FlushCompress::Finish,
            _ => {
                return Err(vm.err(
                    &types().exc.not_implemented_error,
                    format!("zlib.Compress.flush() mode {mode} is not supported by egret"),
                ));
            }
        };
        let out = cstate(vm, &a[0], |st| {
            let out = st.z.as_mut().map(|z| deflate(z, &[], flush));
            if mode == Z_FINISH {
                st.z = None;
            }
            out
        })?;
        out.map(new_bytes).ok_or_else(|| {
            zerror(
                vm,
                "Error -2 while flushing: inconsistent stream state".into(),
            )
        })
    }),
    ("copy", |vm, _a, _| {
        Err(vm.err(
            &types().exc.not_implemented_error,
            "zlib.Compress.copy() is not supported by egret",
        ))
    }),
];

// ----- checksums -----

fn adler32(data: &[u8], start: u32) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (start & 0xffff, start >> 16);
    // 5552 bytes is the most that cannot overflow u32 before reducing.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

fn checksum_start(vm: &mut Vm, v: Option<&Value>, default: u32) -> PyResult<u32> {
    match v {
        None => Ok(default),
        Some(v) => {
            let n = match crate::objects::int::to_bigint(v) {
                Some(n) => n,
                None => num_bigint::BigInt::from(vm.index_value(v)?),
            };
            let low = n & num_bigint::BigInt::from(0xFFFF_FFFFu32);
            Ok(u32::try_from(low).unwrap_or(0))
        }
    }
}

// ----- the module -----

fn compress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [d, level, wbits] = clinic_args(vm, "compress", a, k, ["data", "level", "wbits"], 1)?;
    if k.iter()
        .any(|(n, _)| crate::objects::str::as_str(n) == Some("data"))
    {
        return Err(vm.type_error("compress() takes at most 0 keyword arguments"));
    }
    let input = data(vm, d.as_ref().expect("required"))?;
    let level = int_arg(vm, level.as_ref(), -1)?;
    let wbits = int_arg(vm, wbits.as_ref(), MAX_WBITS)?;
    let Some(level) = level_of(level) else {
        return Err(zerror(vm, "Bad compression level".into()));
    };
    let Some(mut z) = new_compress(level, wbits) else {
        return Err(zerror(
            vm,
            "Error -2 while compressing data: inconsistent stream state".into(),
        ));
    };
    Ok(new_bytes(deflate(&mut z, &input, FlushCompress::Finish)))
}

fn decompress(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [d, wbits, bufsize] = clinic_args(vm, "decompress", a, k, ["data", "wbits", "bufsize"], 1)?;
    let input = data(vm, d.as_ref().expect("required"))?;
    let wbits = int_arg(vm, wbits.as_ref(), MAX_WBITS)?;
    if int_arg(vm, bufsize.as_ref(), DEF_BUF_SIZE)? < 0 {
        return Err(vm.value_error("bufsize must be non-negative"));
    }
    let Some(c) = container(wbits) else {
        return Err(zerror(
            vm,
            "Error -2 while preparing to decompress data: inconsistent stream state".into(),
        ));
    };
    let mut st = DState {
        container: c,
        z: None,
        zdict: None,
        unused_data: Vec::new(),
        unconsumed_tail: Vec::new(),
        eof: false,
    };
    let mut out = Vec::new();
    match inflate(&mut st, &input, &mut out, None) {
        Ok((_, Inflated::End)) => Ok(new_bytes(out)),
        Ok((_, Inflated::Done)) => Err(zerror(
            vm,
            "Error -5 while decompressing data: incomplete or truncated stream".into(),
        )),
        Err(m) => Err(zerror(vm, m)),
    }
}

fn compressobj(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [level, method, wbits, mem_level, strategy, zdict] = clinic_args(
        vm,
        "compressobj",
        a,
        k,
        ["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let level = int_arg(vm, level.as_ref(), -1)?;
    let method = int_arg(vm, method.as_ref(), 8)?;
    let wbits = int_arg(vm, wbits.as_ref(), MAX_WBITS)?;
    let mem_level = int_arg(vm, mem_level.as_ref(), 8)?;
    let strategy = int_arg(vm, strategy.as_ref(), 0)?;
    let invalid = || vm.value_error("Invalid initialization option");
    let level = level_of(level).ok_or_else(invalid)?;
    if method != 8 || !(1..=9).contains(&mem_level) || !(0..=4).contains(&strategy) {
        return Err(invalid());
    }
    let mut z = new_compress(level, wbits).ok_or_else(invalid)?;
    if let Some(d) = zdict.filter(|d| !d.is(&types().none)) {
        let Ok(dict) = data(vm, &d) else {
            return Err(vm.type_error("zdict argument must support the buffer protocol"));
        };
        if z.set_dictionary(&dict).is_err() {
            return Err(vm.value_error("Invalid dictionary"));
        }
    }
    Ok(new_native(&module_types().compress, CState { z: Some(z) }))
}

fn decompressobj(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [wbits, zdict] = clinic_args(vm, "decompressobj", a, k, ["wbits", "zdict"], 0)?;
    let wbits = int_arg(vm, wbits.as_ref(), MAX_WBITS)?;
    let c = container(wbits).ok_or_else(|| vm.value_error("Invalid initialization option"))?;
    let zdict = match zdict {
        Some(d) => Some(
            data(vm, &d)
                .map_err(|_| vm.type_error("zdict argument must support the buffer protocol"))?,
        ),
        None => None,
    };
    Ok(new_native(
        &module_types().decompress,
        DState {
            container: c,
            z: None,
            zdict,
            unused_data: Vec::new(),
            unconsumed_tail: Vec::new(),
            eof: false,
        },
    ))
}

pub fn make(_vm: &mut Vm) -> Value {
    let tys = module_types();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("compress", compress),
        ("decompress", decompress),
        ("compressobj", compressobj),
        ("decompressobj", decompressobj),
        ("crc32", |vm, a, k| {
            no_kwargs(vm, "crc32", k)?;
            check_args(vm, "crc32", a, 1, 2)?;
            let d = data(vm, &a[0])?;
            let start = checksum_start(vm, a.get(1), 0)?;
            let mut h = crc32fast::Hasher::new_with_initial(start);
            h.update(&d);
            Ok(from_i64(i64::from(h.finalize())))
        }),
        ("adler32", |vm, a, k| {
            no_kwargs(vm, "adler32", k)?;
            check_args(vm, "adler32", a, 1, 2)?;
            let d = data(vm, &a[0])?;
            let start = checksum_start(vm, a.get(1), 1)?;
            Ok(from_i64(i64::from(adler32(&d, start))))
        }),
    ];
    let int = from_i64;
    super::make_module(
        "zlib",
        funcs,
        vec![
            ("error", tys.error.clone()),
            ("MAX_WBITS", int(MAX_WBITS)),
            ("DEFLATED", int(8)),
            ("DEF_MEM_LEVEL", int(8)),
            ("DEF_BUF_SIZE", int(DEF_BUF_SIZE)),
            ("Z_NO_COMPRESSION", int(0)),
            ("Z_BEST_SPEED", int(1)),
            ("Z_BEST_COMPRESSION", int(9)),
            ("Z_DEFAULT_COMPRESSION", int(-1)),
            ("Z_FILTERED", int(1)),
            ("Z_HUFFMAN_ONLY", int(2)),
            ("Z_RLE", int(3)),
            ("Z_FIXED", int(4)),
            ("Z_DEFAULT_STRATEGY", int(0)),
            ("Z_NO_FLUSH", int(Z_NO_FLUSH)),
            ("Z_PARTIAL_FLUSH", int(Z_PARTIAL_FLUSH)),
            ("Z_SYNC_FLUSH", int(Z_SYNC_FLUSH)),
            ("Z_FULL_FLUSH", int(Z_FULL_FLUSH)),
            ("Z_FINISH", int(Z_FINISH)),
            ("Z_BLOCK", int(5)),
            ("Z_TREES", int(6)),
            ("ZLIB_VERSION", new_str("1.2.13")),
            ("ZLIB_RUNTIME_VERSION", new_str("1.2.13")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::adler32;

    #[test]
    fn adler32_known_values() {
        // RFC 1950's definition: 1 for nothing, 0x11E60398 for "Wikipedia".
        assert_eq!(adler32(b"", 1), 1);
        assert_eq!(adler32(b"Wikipedia", 1), 0x11E6_0398);
        // Continuing from a previous value gives the same as one pass.
        let whole = adler32(&[7u8; 20000], 1);
        assert_eq!(adler32(&[7u8; 10000], adler32(&[7u8; 10000], 1)), whole);
    }
}
