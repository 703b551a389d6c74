//! `marshal`: CPython's serialization format (version 4) for the values it
//! covers (None, booleans, ints, floats, complex numbers, str, bytes,
//! tuples, lists, dicts, sets, frozensets, Ellipsis, StopIteration), read
//! and written as CPython does, so data marshalled by one is read by the
//! other. Written data carries no back-references (a valid stream CPython
//! reads; CPython's own output may use them and is read here).
//!
//! Code objects are egret's, not CPython's: they are written under a type
//! code CPython does not use (`E`), with the build that wrote them, and
//! read back only by the same egret build (`py_compile` and `compileall`
//! write them into `__pycache__/*.egret-311.pyc`).

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm};

const VERSION: i64 = 4;
const MAX_DEPTH: usize = 2000;
const FLAG_REF: u8 = 0x80;
/// egret's code objects (a type code CPython does not use).
const TYPE_EGRET_CODE: u8 = b'E';

// ----- writing -----

struct Writer {
    out: Vec<u8>,
    version: i64,
}

impl Writer {
    fn int32(&mut self, n: i32) {
        self.out.extend(n.to_le_bytes());
    }

    fn sized(&mut self, vm: &Vm, ty: u8, data: &[u8]) -> PyResult<()> {
        let n = i32::try_from(data.len()).map_err(|_| vm.value_error("unmarshallable object"))?;
        self.out.push(ty);
        self.int32(n);
        self.out.extend_from_slice(data);
        Ok(())
    }

    fn str(&mut self, vm: &Vm, s: &str) -> PyResult<()> {
        if s.is_ascii() && self.version >= 4 {
            if s.len() < 256 {
                self.out.push(b'z');
                self.out.push(s.len() as u8);
                self.out.extend_from_slice(s.as_bytes());
                return Ok(());
            }
            return self.sized(vm, b'a', s.as_bytes());
        }
        // UTF-8 with lone surrogates written as their own three bytes
        // (CPython's "surrogatepass").
        let mut bytes = Vec::with_capacity(s.len());
        for c in s.chars() {
            if crate::objects::unicode::is_surrogate(c) {
                let cp = crate::objects::unicode::code_point(c);
                bytes.extend([
                    0xE0 | (cp >> 12) as u8,
                    0x80 | ((cp >> 6) & 0x3F) as u8,
                    0x80 | (cp & 0x3F) as u8,
                ]);
            } else {
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        self.sized(vm, b'u', &bytes)
    }

    fn items(&mut self, vm: &mut Vm, items: &[Value], depth: usize) -> PyResult<()> {
        for v in items {
            self.value(vm, v, depth + 1)?;
        }
        Ok(())
    }

    fn value(&mut self, vm: &mut Vm, v: &Value, depth: usize) -> PyResult<()> {
        if depth > MAX_DEPTH {
            return Err(vm.value_error("object too deeply nested to marshal"));
        }
        let t = types();
        if v.is(&t.none) {
            self.out.push(b'N');
            return Ok(());
        }
        if v.is(&t.true_) {
            self.out.push(b'T');
            return Ok(());
        }
        if v.is(&t.false_) {
            self.out.push(b'F');
            return Ok(());
        }
        if v.is(&t.ellipsis) {
            self.out.push(b'.');
            return Ok(());
        }
        if v.is(&t.exc.stop_iteration) {
            self.out.push(b'S');
            return Ok(());
        }
        if v.is_small() || v.is_exact(&t.int) {
            let n = crate::objects::int::to_bigint(v).unwrap_or_default();
            if let Ok(small) = i32::try_from(&n) {
                self.out.push(b'i');
                self.int32(small);
            } else {
                // Base 2**15 digits, least significant first; the count's
                // sign is the number's.
                let negative = n.sign() == num_bigint::Sign::Minus;
                let mut m = n.magnitude().clone();
                let mut words: Vec<u16> = Vec::new();
                while m > num_bigint::BigUint::from(0u32) {
                    let d = &m & num_bigint::BigUint::from(0x7FFFu32);
                    words.push(u16::try_from(d).unwrap_or(0));
                    m >>= 15;
                }
                let n = i32::try_from(words.len())
                    .map_err(|_| vm.value_error("unmarshallable object"))?;
                self.out.push(b'l');
                self.int32(if negative { -n } else { n });
                for w in words {
                    self.out.extend(w.to_le_bytes());
                }
            }
            return Ok(());
        }
        match v.kind() {
            Kind::Float if v.is_exact(&t.float) => {
                let f = crate::objects::float::float_of(v).unwrap_or_default();
                self.out.push(b'g');
                self.out.extend(f.to_le_bytes());
                Ok(())
            }
            Kind::Complex if v.is_exact(&t.complex) => {
                let c = v
                    .downcast::<crate::objects::float::ComplexData>()
                    .expect("complex");
                self.out.push(b'y');
                self.out.extend(c.re.to_le_bytes());
                self.out.extend(c.im.to_le_bytes());
                Ok(())
            }
            Kind::Str if v.is_exact(&t.str_) => {
                let s = crate::objects::str::as_str(v).unwrap_or("").to_string();
                self.str(vm, &s)
            }
            Kind::Bytes | Kind::ByteArray if v.is_exact(&t.bytes) || v.is_exact(&t.bytearray) => {
                let data = v
                    .downcast::<BytesData>()
                    .expect("bytes")
                    .data
                    .borrow()
                    .clone();
                self.sized(vm, b's', &data)
            }
            Kind::Tuple if v.is_exact(&t.tuple) => {
                let items = crate::objects::list::seq_items(v);
                if items.len() < 256 && self.version >= 4 {
                    self.out.push(b')');
                    self.out.push(items.len() as u8);
                } else {
                    self.out.push(b'(');
                    self.int32(items.len() as i32);
                }
                self.items(vm, &items, depth)
            }
            Kind::List if v.is_exact(&t.list) => {
                let items = crate::objects::list::seq_items(v);
                self.out.push(b'[');
                self.int32(items.len() as i32);
                self.items(vm, &items, depth)
            }
            Kind::Dict if v.is_exact(&t.dict) => {
                let items = v
                    .downcast::<DictData>()
                    .expect("dict")
                    .table
                    .borrow()
                    .items();
                self.out.push(b'{');
                for (k, val) in items {
                    self.value(vm, &k, depth + 1)?;
                    self.value(vm, &val, depth + 1)?;
                }
                self.out.push(b'0');
                Ok(())
            }
            Kind::Set | Kind::FrozenSet if v.is_exact(&t.set) || v.is_exact(&t.frozenset) => {
                let items = crate::objects::set::items(v);
                self.out
                    .push(if v.kind() == Kind::Set { b'<' } else { b'>' });
                self.int32(items.len() as i32);
                self.items(vm, &items, depth)
            }
            Kind::Code => {
                let code = v
                    .downcast::<crate::objects::function::CodeData>()
                    .expect("code");
                let body = bincode::serialize(&*code.code.code)
                    .map_err(|_| vm.value_error("unmarshallable object"))?;
                let id = crate::import::code_cache::build_id();
                self.out.push(TYPE_EGRET_CODE);
                self.int32(id.len() as i32);
                self.out.extend_from_slice(id);
                self.int32(
                    i32::try_from(body.len())
                        .map_err(|_| vm.value_error("unmarshallable object"))?,
                );
                self.out.extend(body);
                Ok(())
            }
            _ => Err(vm.value_error("unmarshallable object")),
        }
    }
}

// ----- reading -----

/// Where the bytes come from: a buffer, or a file read as needed.
enum Src<'a> {
    Bytes(&'a [u8], usize),
    File(Value),
}

struct Reader<'a> {
    src: Src<'a>,
    refs: Vec<Option<Value>>,
    /// A byte read from a file and put back.
    pending: Option<u8>,
}

fn bad(vm: &Vm, what: &str) -> crate::vm::PyErr {
    vm.value_error(format!("bad marshal data ({what})"))
}

fn eof(vm: &Vm) -> crate::vm::PyErr {
    vm.err(&types().exc.eof_error, "marshal data too short")
}

impl Reader<'_> {
    fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
        if n > 0
            && let Some(b) = self.pending.take()
        {
            let mut out = vec![b];
            out.extend(self.take(vm, n - 1)?);
            return Ok(out);
        }
        match &mut self.src {
            Src::Bytes(data, pos) => {
                let end = pos
                    .checked_add(n)
                    .filter(|e| *e <= data.len())
                    .ok_or_else(|| eof(vm))?;
                let out = data[*pos..end].to_vec();
                *pos = end;
                Ok(out)
            }
            Src::File(_) if n == 0 => Ok(Vec::new()),
            Src::File(f) => {
                let f = f.clone();
                let got = vm.call_method(&f, "read", &[from_i64(n as i64)])?;
                let bytes = got
                    .downcast::<BytesData>()
                    .map(|b| b.data.borrow().clone())
                    .ok_or_else(|| vm.type_error("file.read() must return bytes"))?;
                if bytes.len() != n {
                    return Err(eof(vm));
                }
                Ok(bytes)
            }
        }
    }

    fn byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        Ok(self.take(vm, 1)?[0])
    }

    fn int32(&mut self, vm: &mut Vm) -> PyResult<i32> {
        let b = self.take(vm, 4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self, vm: &mut Vm) -> PyResult<usize> {
        let n = self.int32(vm)?;
        usize::try_from(n).map_err(|_| bad(vm, "size out of range"))
    }

    fn f64(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let b = self.take(vm, 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(&b);
        Ok(f64::from_le_bytes(a))
    }

    fn text(&mut self, vm: &mut Vm, n: usize) -> PyResult<Value> {
        let b = self.take(vm, n)?;
        decode_utf8_surrogatepass(&b)
            .map(|s| new_str(&s))
            .ok_or_else(|| vm.value_error("bad marshal data (invalid UTF-8)"))
    }

    fn items(&mut self, vm: &mut Vm, n: usize, depth: usize) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            out.push(self.value(vm, depth + 1)?);
        }
        Ok(out)
    }

    fn value(&mut self, vm: &mut Vm, depth: usize) -> PyResult<Value> {
        if depth > MAX_DEPTH {
            return Err(vm.value_error("recursion limit exceeded"));
        }
        let code = match self.take(vm, 1) {
            Ok(b) => b[0],
            Err(e) if e.matches(&types().exc.eof_error) => {
                return Err(vm.err(&types().exc.eof_error, "EOF read where object expected"));
            }
            Err(e) => return Err(e),
        };
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        // A reference slot is reserved before the contents are read (the
        // contents may refer to it).
        let slot = if flag {
            self.refs.push(None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let t = types();
        let v = match ty {
            b'0' => return Err(bad(vm, "NULL object")),
            b'N' => t.none.clone(),
            b'F' => t.false_.clone(),
            b'T' => t.true_.clone(),
            b'.' => t.ellipsis.clone(),
            b'S' => t.exc.stop_iteration.clone(),
            b'i' => from_i64(i64::from(self.int32(vm)?)),
            b'l' => {
                let n = self.int32(vm)?;
                let count = n.unsigned_abs() as usize;
                let mut mag = num_bigint::BigUint::from(0u32);
                let mut words = Vec::with_capacity(count.min(1 << 16));
                for _ in 0..count {
                    let b = self.take(vm, 2)?;
                    let w = u16::from_le_bytes([b[0], b[1]]);
                    if w > 0x7FFF {
                        return Err(bad(vm, "digit out of range in long"));
                    }
                    words.push(w);
                }
                for w in words.iter().rev() {
                    mag = (mag << 15) | num_bigint::BigUint::from(*w);
                }
                let sign = if n < 0 {
                    num_bigint::Sign::Minus
                } else {
                    num_bigint::Sign::Plus
                };
                crate::objects::int::from_bigint(num_bigint::BigInt::from_biguint(sign, mag))
            }
            b'g' => crate::objects::float::new_float(self.f64(vm)?),
            b'f' => {
                let n = self.byte(vm)? as usize;
                let s = String::from_utf8(self.take(vm, n)?).unwrap_or_default();
                let f = s.trim().parse::<f64>().map_err(|_| bad(vm, "float"))?;
                crate::objects::float::new_float(f)
            }
            b'y' => {
                let re = self.f64(vm)?;
                let im = self.f64(vm)?;
                crate::objects::float::new_complex(re, im)
            }
            b's' => {
                let n = self.len(vm)?;
                new_bytes(self.take(vm, n)?)
            }
            b'u' | b't' | b'a' | b'A' => {
                let n = self.len(vm)?;
                self.text(vm, n)?
            }
            b'z' | b'Z' => {
                let n = self.byte(vm)? as usize;
                self.text(vm, n)?
            }
            b'(' => {
                let n = self.len(vm)?;
                new_tuple(self.items(vm, n, depth)?)
            }
            b')' => {
                let n = self.byte(vm)? as usize;
                new_tuple(self.items(vm, n, depth)?)
            }
            b'[' => {
                let n = self.len(vm)?;
                new_list(self.items(vm, n, depth)?)
            }
            b'{' => {
                let d = new_dict(DictTable::new());
                loop {
                    let peek = self.byte(vm)?;
                    if peek == b'0' {
                        break;
                    }
                    self.unread(peek);
                    let k = self.value(vm, depth + 1)?;
                    let val = self.value(vm, depth + 1)?;
                    let dd = d.downcast::<DictData>().expect("dict");
                    crate::objects::dict::set(vm, &dd.table, k, val)?;
                }
                d
            }
            b'<' | b'>' => {
                let n = self.len(vm)?;
                let items = self.items(vm, n, depth)?;
                let s =
                    crate::objects::set::new_set(if ty == b'<' { &t.set } else { &t.frozenset });
                for it in items {
                    crate::objects::set::add(vm, &s, it)?;
                }
                s
            }
            b'r' => {
                let i = self.len(vm)?;
                return match self.refs.get(i) {
                    Some(Some(v)) => Ok(v.clone()),
                    _ => Err(bad(vm, "invalid reference")),
                };
            }
            TYPE_EGRET_CODE => {
                let n = self.len(vm)?;
                let id = self.take(vm, n)?;
                let n = self.len(vm)?;
                let body = self.take(vm, n)?;
                if id != crate::import::code_cache::build_id() {
                    return Err(vm.value_error(
                        "bad marshal data (a code object written by another egret build)",
                    ));
                }
                let code: egret_bytecode::CodeObject =
                    bincode::deserialize(&body).map_err(|_| bad(vm, "code object"))?;
                let rt = crate::objects::function::CodeRt::new(vm, std::rc::Rc::new(code));
                Value::alloc(&t.code, crate::objects::function::CodeData { code: rt })
            }
            b'c' => {
                return Err(vm.value_error(
                    "bad marshal data (a CPython code object: egret cannot run CPython bytecode)",
                ));
            }
            _ => return Err(bad(vm, "unknown type code")),
        };
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
        Ok(v)
    }

    /// Puts back one byte just read (only a dict's end marker check needs it).
    fn unread(&mut self, b: u8) {
        match &mut self.src {
            Src::Bytes(_, pos) => *pos -= 1,
            Src::File(_) => self.pending = Some(b),
        }
    }
}

/// UTF-8 where encoded surrogates (ED A0..BF xx) are allowed and become
/// egret's stand-ins.
fn decode_utf8_surrogatepass(b: &[u8]) -> Option<String> {
    if let Ok(s) = std::str::from_utf8(b) {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0xED && i + 2 < b.len() && (0xA0..=0xBF).contains(&b[i + 1]) {
            let cp = (u32::from(b[i] & 0x0F) << 12)
                | (u32::from(b[i + 1] & 0x3F) << 6)
                | u32::from(b[i + 2] & 0x3F);
            out.push(crate::objects::unicode::surrogate_char(cp));
            i += 3;
            continue;
        }
        let len = match b[i] {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let chunk = b.get(i..i + len)?;
        out.push_str(std::str::from_utf8(chunk).ok()?);
        i += len;
    }
    Some(out)
}

fn version_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        Some(v) => vm.index_value(v),
        None => Ok(VERSION),
    }
}

fn dumps(vm: &mut Vm, v: &Value, version: i64) -> PyResult<Vec<u8>> {
    let mut w = Writer {
        out: Vec::new(),
        version,
    };
    w.value(vm, v, 0)?;
    Ok(w.out)
}

fn bytes_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::buffer::bytes_like(vm, v)
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("dumps", |vm, a, k| {
            let [v, version] =
                crate::protocols::args::clinic_args(vm, "dumps", a, k, ["value", "version"], 1)?;
            let version = version_arg(vm, version.as_ref())?;
            Ok(new_bytes(dumps(
                vm,
                v.as_ref().expect("required"),
                version,
            )?))
        }),
        ("loads", |vm, a, _| {
            check_args(vm, "loads", a, 1, 1)?;
            let data = bytes_arg(vm, &a[0])?;
            let mut r = Reader {
                src: Src::Bytes(&data, 0),
                refs: Vec::new(),
                pending: None,
            };
            r.value(vm, 0)
        }),
        ("dump", |vm, a, _| {
            check_args(vm, "dump", a, 2, 3)?;
            let version = version_arg(vm, a.get(2))?;
            let data = dumps(vm, &a[0], version)?;
            vm.call_method(&a[1], "write", &[new_bytes(data)])?;
            Ok(vm.none())
        }),
        ("load", |vm, a, _| {
            check_args(vm, "load", a, 1, 1)?;
            let mut r = Reader {
                src: Src::File(a[0].clone()),
                refs: Vec::new(),
                pending: None,
            };
            r.value(vm, 0)
        }),
    ];
    super::make_module("marshal", funcs, vec![("version", from_i64(VERSION))])
}
