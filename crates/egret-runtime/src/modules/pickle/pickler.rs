//! `_pickle.Pickler`: the object (its settings and memo, kept between
//! `dump` calls) and the writing of one pickle (`Saver`): fast paths for
//! the exact builtin types, the reduce protocol for everything else,
//! memoization, and protocol 4 framing.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::opcodes::*;
use super::{DEFAULT_PROTOCOL, HIGHEST_PROTOCOL, copyreg_attr, deep_attribute, pickling_error};
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::DictData;
use crate::objects::function::NativeFn;
use crate::objects::int::{IntData, from_i64};
use crate::objects::list::ListData;
use crate::objects::set::SetData;
use crate::objects::str::{StrData, as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

/// Frames are closed once they reach this size (protocol 4).
const FRAME_SIZE_TARGET: usize = 64 * 1024;
/// Frames smaller than this are written without a FRAME header.
const FRAME_SIZE_MIN: usize = 4;
/// Items per APPENDS, SETITEMS and ADDITEMS.
const BATCHSIZE: usize = 1000;
/// In fast mode, nesting deeper than this is checked for cycles.
const FAST_NESTING_LIMIT: usize = 50;

/// Hashes object ids (addresses): a multiply spreads their bits.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The pickler's memo: object id to (memo index, the object, kept alive).
pub type Memo = HashMap<u64, (u32, Value), BuildHasherDefault<IdHasher>>;

/// A `_pickle.Pickler`'s state.
pub struct PicklerData {
    /// `__init__` has run.
    pub ready: Cell<bool>,
    pub proto: Cell<u8>,
    pub fix_imports: Cell<bool>,
    /// The file's `write`; None for `dumps`.
    pub write: RefCell<Option<Value>>,
    pub buffer_callback: RefCell<Option<Value>>,
    pub memo: RefCell<Memo>,
    /// Set through the `persistent_id` attribute.
    pub persistent_id: RefCell<Option<Value>>,
    /// Set through the `dispatch_table` attribute.
    pub dispatch_table: RefCell<Option<Value>>,
    pub fast: Cell<bool>,
    pub bin: Cell<bool>,
}

impl Payload for PicklerData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Pickler
    }
}

pub fn new_pickler(ty: &Value) -> Value {
    Value::alloc(
        ty,
        PicklerData {
            ready: Cell::new(false),
            proto: Cell::new(DEFAULT_PROTOCOL as u8),
            fix_imports: Cell::new(true),
            write: RefCell::new(None),
            buffer_callback: RefCell::new(None),
            memo: RefCell::new(Memo::default()),
            persistent_id: RefCell::new(None),
            dispatch_table: RefCell::new(None),
            fast: Cell::new(false),
            bin: Cell::new(true),
        },
    )
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PicklerData> {
    v.downcast::<PicklerData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a '_pickle.Pickler' object but received a '{}'",
            v.type_data().name
        ))
    })
}

fn this<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<(&'a Value, &'a PicklerData)> {
    let Some(p) = a.first() else {
        return Err(vm.type_error("descriptor needs a '_pickle.Pickler' argument"));
    };
    Ok((p, data(vm, p)?))
}

/// `Pickler.__init__(file, protocol=None, fix_imports=True,
/// buffer_callback=None)`; `file` None for `dumps`.
pub fn init(
    vm: &mut Vm,
    p: &Value,
    file: Option<&Value>,
    protocol: Option<Value>,
    fix_imports: Option<Value>,
    buffer_callback: Option<Value>,
) -> PyResult<()> {
    let d = data(vm, p)?;
    let proto = match protocol.filter(|v| !v.is(&types().none)) {
        None => DEFAULT_PROTOCOL,
        Some(v) => {
            let n = vm.index_value(&v)?;
            if n < 0 {
                HIGHEST_PROTOCOL
            } else if n > HIGHEST_PROTOCOL {
                return Err(
                    vm.value_error(format!("pickle protocol must be <= {HIGHEST_PROTOCOL}"))
                );
            } else {
                n
            }
        }
    };
    let fix = match fix_imports {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let callback = buffer_callback.filter(|v| !v.is(&types().none));
    if callback.is_some() && proto < 5 {
        return Err(vm.value_error("buffer_callback needs protocol >= 5"));
    }
    let write = match file {
        Some(f) => match vm.lookup_attr(f, "write")? {
            Some(w) => Some(w),
            None => return Err(vm.type_error("file must have a 'write' attribute")),
        },
        None => None,
    };
    d.proto.set(proto as u8);
    d.bin.set(proto >= 1);
    d.fix_imports.set(fix && proto < 3);
    *d.write.borrow_mut() = write;
    *d.buffer_callback.borrow_mut() = callback;
    let old = std::mem::take(&mut *d.memo.borrow_mut());
    drop(old);
    d.fast.set(false);
    d.ready.set(true);
    Ok(())
}

/// Where a pickle being written goes: a buffer, with protocol 4 frames
/// laid out in it, flushed to the file (if any) at frame ends and at the
/// end.
struct Output {
    buf: Vec<u8>,
    framing: bool,
    /// Where the current frame's 9 header bytes are reserved.
    frame_start: Option<usize>,
    write: Option<Value>,
}

impl Output {
    #[inline]
    fn start_frame_if_needed(&mut self) {
        if self.framing && self.frame_start.is_none() {
            self.frame_start = Some(self.buf.len());
            self.buf.extend_from_slice(&[0; 9]);
        }
    }

    #[inline]
    fn op(&mut self, op: u8) {
        self.start_frame_if_needed();
        self.buf.push(op);
    }

    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.start_frame_if_needed();
        self.buf.extend_from_slice(b);
    }

    #[inline]
    fn op_arg(&mut self, op: u8, arg: &[u8]) {
        self.start_frame_if_needed();
        self.buf.push(op);
        self.buf.extend_from_slice(arg);
    }

    /// Closes the current frame: its header is filled in, or dropped if
    /// the frame is too small to deserve one.
    fn commit_frame(&mut self) {
        if let Some(start) = self.frame_start.take() {
            let len = self.buf.len() - start - 9;
            if len >= FRAME_SIZE_MIN {
                self.buf[start] = FRAME;
                self.buf[start + 1..start + 9].copy_from_slice(&(len as u64).to_le_bytes());
            } else {
                self.buf.drain(start..start + 9);
            }
        }
    }

    fn flush(&mut self, vm: &mut Vm) -> PyResult<()> {
        if let Some(w) = self.write.clone()
            && !self.buf.is_empty()
        {
            let chunk = std::mem::take(&mut self.buf);
            vm.call(&w, &[new_bytes(chunk)], &[])?;
        }
        Ok(())
    }

    /// Before an object: a frame that reached its target size is closed
    /// (and written out to a file).
    fn boundary(&mut self, vm: &mut Vm) -> PyResult<()> {
        if let Some(start) = self.frame_start
            && self.buf.len() - start - 9 >= FRAME_SIZE_TARGET
        {
            self.commit_frame();
            self.flush(vm)?;
        }
        Ok(())
    }

    /// A header and a large payload, outside any frame.
    fn large(&mut self, vm: &mut Vm, header: &[u8], payload: &[u8]) -> PyResult<()> {
        self.commit_frame();
        let framing = self.framing;
        self.framing = false;
        self.buf.extend_from_slice(header);
        if self.write.is_some() {
            self.flush(vm)?;
            if let Some(w) = self.write.clone() {
                vm.call(&w, &[new_bytes(payload.to_vec())], &[])?;
            }
        } else {
            self.buf.extend_from_slice(payload);
        }
        self.framing = framing;
        Ok(())
    }
}

/// The writing of one pickle.
struct Saver<'a> {
    pickler: &'a Value,
    proto: u8,
    bin: bool,
    fast: bool,
    fix_imports: bool,
    out: Output,
    memo: Memo,
    pers_func: Option<Value>,
    reducer_override: Option<Value>,
    /// The pickler's own dispatch table; None means copyreg's.
    dispatch_table: Option<Value>,
    copyreg_dispatch: Option<Value>,
    buffer_callback: Option<Value>,
    fast_nesting: usize,
    fast_memo: HashSet<u64>,
}

/// The little-endian two's complement bytes of an int, as short as they
/// can be (`pickle.encode_long`).
fn encode_long(v: &Value) -> Vec<u8> {
    let big = crate::objects::int::to_bigint(v).unwrap_or_default();
    if big == num_bigint::BigInt::from(0) {
        return Vec::new();
    }
    big.to_signed_bytes_le()
}

/// The UTF-8 bytes of a str, surrogates included (`surrogatepass`).
fn utf8_surrogatepass(vm: &mut Vm, s: &str) -> PyResult<Vec<u8>> {
    if !crate::objects::unicode::has_surrogates(s) {
        return Ok(s.as_bytes().to_vec());
    }
    crate::objects::codec::encode(vm, s, crate::objects::codec::Codec::Utf8, "surrogatepass")
}

/// Protocol 0's str argument: `raw-unicode-escape` of the text with the
/// backslash, NUL, newline, carriage return and ^Z escaped too.
fn raw_unicode_escape(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let n = crate::objects::unicode::code_point(c);
        if n >= 0x10000 {
            out.extend_from_slice(format!("\\U{n:08x}").as_bytes());
        } else if n >= 256 || matches!(n, 0x5c | 0 | 0x0a | 0x0d | 0x1a) {
            out.extend_from_slice(format!("\\u{n:04x}").as_bytes());
        } else {
            out.push(n as u8);
        }
    }
    out
}

fn type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

impl Saver<'_> {
    fn memo_put(&mut self, obj: &Value) {
        if self.fast {
            return;
        }
        let idx = self.memo.len();
        self.memo.insert(obj.id() as u64, (idx as u32, obj.clone()));
        if self.proto >= 4 {
            self.out.op(MEMOIZE);
        } else if self.bin {
            if idx < 256 {
                self.out.op_arg(BINPUT, &[idx as u8]);
            } else {
                self.out.op_arg(LONG_BINPUT, &(idx as u32).to_le_bytes());
            }
        } else {
            self.out.op(PUT);
            self.out.bytes(format!("{idx}\n").as_bytes());
        }
    }

    fn memo_index(&self, obj: &Value) -> Option<u32> {
        if self.memo.is_empty() {
            return None;
        }
        self.memo.get(&(obj.id() as u64)).map(|e| e.0)
    }

    fn memo_get(&mut self, idx: u32) {
        if self.bin {
            if idx < 256 {
                self.out.op_arg(BINGET, &[idx as u8]);
            } else {
                self.out.op_arg(LONG_BINGET, &idx.to_le_bytes());
            }
        } else {
            self.out.op(GET);
            self.out.bytes(format!("{idx}\n").as_bytes());
        }
    }

    fn fast_enter(&mut self, vm: &Vm, obj: &Value) -> PyResult<()> {
        if !self.fast {
            return Ok(());
        }
        self.fast_nesting += 1;
        if self.fast_nesting >= FAST_NESTING_LIMIT && !self.fast_memo.insert(obj.id() as u64) {
            self.fast_nesting = 0;
            return Err(vm.value_error(format!(
                "fast mode: can't pickle cyclic objects including object type {} at {:#x}",
                type_name(obj),
                obj.id()
            )));
        }
        Ok(())
    }

    fn fast_leave(&mut self, obj: &Value) {
        if !self.fast {
            return;
        }
        if self.fast_nesting >= FAST_NESTING_LIMIT {
            self.fast_memo.remove(&(obj.id() as u64));
        }
        self.fast_nesting = self.fast_nesting.saturating_sub(1);
    }

    /// Writes one object.
    fn save(&mut self, vm: &mut Vm, obj: &Value, pers_save: bool) -> PyResult<()> {
        // A frame grown to its target size ends before the next object.
        self.out.boundary(vm)?;
        if !pers_save && let Some(f) = self.pers_func.clone() {
            let pid = vm.call(&f, std::slice::from_ref(obj), &[])?;
            if !pid.is(&types().none) {
                return self.save_pers(vm, &pid);
            }
        }
        let t = types();
        // Atoms: never memoized.
        if let Some(i) = obj.as_small() {
            self.save_int(i);
            return Ok(());
        }
        let cls = obj.class();
        if obj.is(&t.none) {
            self.out.op(NONE);
            return Ok(());
        }
        if cls.is(&t.bool_) {
            let yes = obj.is(&t.true_);
            if self.proto >= 2 {
                self.out.op(if yes { NEWTRUE } else { NEWFALSE });
            } else {
                self.out.bytes(if yes { TRUE } else { FALSE });
            }
            return Ok(());
        }
        if cls.is(&t.int) {
            self.save_big_int(obj);
            return Ok(());
        }
        if cls.is(&t.float) {
            let f = crate::objects::float::float_of(obj).unwrap_or(0.0);
            if self.bin {
                self.out.op_arg(BINFLOAT, &f.to_be_bytes());
            } else {
                self.out.op(FLOAT);
                self.out
                    .bytes(crate::objects::float::float_repr(f).as_bytes());
                self.out.bytes(b"\n");
            }
            return Ok(());
        }
        if let Some(idx) = self.memo_index(obj) {
            self.memo_get(idx);
            return Ok(());
        }
        if cls.is(&t.str_) {
            return self.save_str(vm, obj);
        }
        if cls.is(&t.bytes) {
            return self.save_bytes(vm, obj);
        }
        vm.enter_recursive(" while pickling an object")?;
        let r = self.save_other(vm, obj, &cls);
        vm.leave_recursive();
        r
    }

    fn save_other(&mut self, vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<()> {
        let t = types();
        if cls.is(&t.dict) {
            return self.save_dict(vm, obj);
        }
        if cls.is(&t.list) {
            return self.save_list(vm, obj);
        }
        if cls.is(&t.tuple) {
            return self.save_tuple(vm, obj);
        }
        if cls.is(&t.set) {
            return self.save_set(vm, obj);
        }
        if cls.is(&t.frozenset) {
            return self.save_frozenset(vm, obj);
        }
        if cls.is(&t.bytearray) {
            return self.save_bytearray(vm, obj);
        }
        let mut rv = None;
        if let Some(f) = self.reducer_override.clone() {
            let r = vm.call(&f, std::slice::from_ref(obj), &[])?;
            if !r.is(&t.not_implemented) {
                rv = Some(r);
            }
        }
        let rv = match rv {
            Some(r) => r,
            None => {
                if cls.is(&t.type_) {
                    return self.save_type(vm, obj);
                }
                if cls.is(&t.function) {
                    return self.save_global(vm, obj, None);
                }
                let reduce_func = match &self.dispatch_table {
                    Some(table) => match vm.getitem(table, cls) {
                        Ok(f) => Some(f),
                        Err(e) if e.matches(&t.exc.key_error) => None,
                        Err(e) => return Err(e),
                    },
                    None => {
                        let table = match &self.copyreg_dispatch {
                            Some(d) => d.clone(),
                            None => {
                                let d = copyreg_attr(vm, "dispatch_table")?;
                                self.copyreg_dispatch = Some(d.clone());
                                d
                            }
                        };
                        match table.downcast::<DictData>() {
                            Some(d) => crate::objects::dict::get(vm, &d.table, cls)?,
                            None => None,
                        }
                    }
                };
                if let Some(f) = reduce_func {
                    vm.call(&f, std::slice::from_ref(obj), &[])?
                } else if cls.type_data_of_type().is_subtype(&t.type_) {
                    return self.save_global(vm, obj, None);
                } else if let Some(f) = vm.lookup_attr(obj, "__reduce_ex__")? {
                    vm.call(&f, &[from_i64(i64::from(self.proto))], &[])?
                } else if let Some(f) = vm.lookup_attr(obj, "__reduce__")? {
                    vm.call(&f, &[], &[])?
                } else {
                    let r = vm.repr_string(obj)?;
                    return Err(pickling_error(
                        vm,
                        format!("can't pickle '{}' object: {r}", type_name(obj)),
                    ));
                }
            }
        };
        if rv.kind() == Kind::Str {
            return self.save_global(vm, obj, Some(&rv));
        }
        if rv.kind() != Kind::Tuple {
            return Err(pickling_error(
                vm,
                "__reduce__ must return a string or tuple",
            ));
        }
        let items = rv
            .downcast::<TupleData>()
            .map(|t| t.items.to_vec())
            .unwrap_or_default();
        self.save_reduce(vm, &items, Some(obj))
    }

    fn save_int(&mut self, i: i64) {
        if (-0x8000_0000..=0x7fff_ffff).contains(&i) {
            if self.bin {
                if (0..=0xff).contains(&i) {
                    self.out.op_arg(BININT1, &[i as u8]);
                } else if (0..=0xffff).contains(&i) {
                    self.out.op_arg(BININT2, &(i as u16).to_le_bytes());
                } else {
                    self.out.op_arg(BININT, &(i as i32).to_le_bytes());
                }
            } else {
                self.out.op(INT);
                self.out.bytes(format!("{i}\n").as_bytes());
            }
            return;
        }
        self.save_long_tail(&from_i64(i));
    }

    fn save_big_int(&mut self, obj: &Value) {
        match obj.downcast::<IntData>().and_then(|d| {
            use num_traits::ToPrimitive;
            d.0.to_i64()
        }) {
            Some(i) if (-0x8000_0000..=0x7fff_ffff).contains(&i) => self.save_int(i),
            _ => self.save_long_tail(obj),
        }
    }

    /// An int beyond 32 bits.
    fn save_long_tail(&mut self, obj: &Value) {
        if self.proto >= 2 {
            let enc = encode_long(obj);
            if enc.len() < 256 {
                self.out.op_arg(LONG1, &[enc.len() as u8]);
            } else {
                self.out.op_arg(LONG4, &(enc.len() as i32).to_le_bytes());
            }
            self.out.bytes(&enc);
        } else {
            let big = crate::objects::int::to_bigint(obj).unwrap_or_default();
            self.out.op(LONG);
            self.out.bytes(format!("{big}L\n").as_bytes());
        }
    }

    fn save_str(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let s = obj.downcast::<StrData>().map(StrData::as_str).unwrap_or("");
        if self.bin {
            let enc = utf8_surrogatepass(vm, s)?;
            let n = enc.len();
            if n <= 0xff && self.proto >= 4 {
                self.out.op_arg(SHORT_BINUNICODE, &[n as u8]);
                self.out.bytes(&enc);
            } else if n > 0xffff_ffff {
                if self.proto < 4 {
                    return Err(vm.overflow_error("cannot serialize a string larger than 4GiB"));
                }
                let mut h = vec![BINUNICODE8];
                h.extend_from_slice(&(n as u64).to_le_bytes());
                self.out.large(vm, &h, &enc)?;
            } else {
                let mut h = vec![BINUNICODE];
                h.extend_from_slice(&(n as u32).to_le_bytes());
                if n >= FRAME_SIZE_TARGET {
                    self.out.large(vm, &h, &enc)?;
                } else {
                    self.out.bytes(&h);
                    self.out.bytes(&enc);
                }
            }
        } else {
            self.out.op(UNICODE);
            self.out.bytes(&raw_unicode_escape(s));
            self.out.bytes(b"\n");
        }
        self.memo_put(obj);
        Ok(())
    }

    /// The bytes of a bytes or bytearray, copied.
    fn bytes_of(obj: &Value) -> Vec<u8> {
        obj.downcast::<BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default()
    }

    fn save_bytes(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let b = Self::bytes_of(obj);
        if self.proto < 3 {
            let rv = if b.is_empty() {
                vec![types().bytes.clone(), new_tuple(vec![])]
            } else {
                let encode = {
                    let m = vm.import_module("codecs")?;
                    vm.getattr_str(&m, "encode")?
                };
                let text: String = b.iter().map(|&c| char::from(c)).collect();
                vec![encode, new_tuple(vec![new_str(&text), latin1_name()])]
            };
            return self.save_reduce(vm, &rv, Some(obj));
        }
        let n = b.len();
        if n <= 0xff {
            self.out.op_arg(SHORT_BINBYTES, &[n as u8]);
            self.out.bytes(&b);
        } else {
            let h = if n > 0xffff_ffff {
                if self.proto < 4 {
                    return Err(
                        vm.overflow_error("cannot serialize a bytes object larger than 4 GiB")
                    );
                }
                let mut h = vec![BINBYTES8];
                h.extend_from_slice(&(n as u64).to_le_bytes());
                h
            } else {
                let mut h = vec![BINBYTES];
                h.extend_from_slice(&(n as u32).to_le_bytes());
                h
            };
            if n >= FRAME_SIZE_TARGET {
                self.out.large(vm, &h, &b)?;
            } else {
                self.out.bytes(&h);
                self.out.bytes(&b);
            }
        }
        self.memo_put(obj);
        Ok(())
    }

    fn save_bytearray(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let b = Self::bytes_of(obj);
        if self.proto < 5 {
            let t = types();
            let args = if b.is_empty() {
                new_tuple(vec![])
            } else {
                new_tuple(vec![new_bytes(b)])
            };
            return self.save_reduce(vm, &[t.bytearray.clone(), args], Some(obj));
        }
        let mut h = vec![BYTEARRAY8];
        h.extend_from_slice(&(b.len() as u64).to_le_bytes());
        if b.len() >= FRAME_SIZE_TARGET {
            self.out.large(vm, &h, &b)?;
        } else {
            self.out.bytes(&h);
            self.out.bytes(&b);
        }
        self.memo_put(obj);
        Ok(())
    }

    fn save_tuple(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let items = obj
            .downcast::<TupleData>()
            .map(|t| t.items.to_vec())
            .unwrap_or_default();
        let n = items.len();
        if n == 0 {
            if self.bin {
                self.out.op(EMPTY_TUPLE);
            } else {
                self.out.bytes(&[MARK, TUPLE]);
            }
            return Ok(());
        }
        self.fast_enter(vm, obj)?;
        if n <= 3 && self.proto >= 2 {
            for x in &items {
                self.save(vm, x, false)?;
            }
            if let Some(idx) = self.memo_index(obj) {
                for _ in 0..n {
                    self.out.op(POP);
                }
                self.memo_get(idx);
            } else {
                self.out.op([TUPLE1, TUPLE2, TUPLE3][n - 1]);
                self.memo_put(obj);
            }
        } else {
            self.out.op(MARK);
            for x in &items {
                self.save(vm, x, false)?;
            }
            if let Some(idx) = self.memo_index(obj) {
                if self.bin {
                    self.out.op(POP_MARK);
                } else {
                    for _ in 0..=n {
                        self.out.op(POP);
                    }
                }
                self.memo_get(idx);
            } else {
                self.out.op(TUPLE);
                self.memo_put(obj);
            }
        }
        self.fast_leave(obj);
        Ok(())
    }

    fn save_list(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        if self.bin {
            self.out.op(EMPTY_LIST);
        } else {
            self.out.bytes(&[MARK, LIST]);
        }
        self.memo_put(obj);
        self.fast_enter(vm, obj)?;
        let Some(l) = obj.downcast::<ListData>() else {
            return Ok(());
        };
        let item = |i: usize| l.items.borrow().get(i).cloned();
        if !self.bin {
            let mut i = 0;
            while let Some(x) = item(i) {
                self.save(vm, &x, false)?;
                self.out.op(APPEND);
                i += 1;
            }
        } else if l.items.borrow().len() == 1 {
            if let Some(x) = item(0) {
                self.save(vm, &x, false)?;
                self.out.op(APPEND);
            }
        } else {
            let mut total = 0;
            while total < l.items.borrow().len() {
                self.out.op(MARK);
                let mut batch = 0;
                while let Some(x) = item(total) {
                    self.save(vm, &x, false)?;
                    total += 1;
                    batch += 1;
                    if batch == BATCHSIZE {
                        break;
                    }
                }
                self.out.op(APPENDS);
            }
        }
        self.fast_leave(obj);
        Ok(())
    }

    fn save_dict(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        if self.bin {
            self.out.op(EMPTY_DICT);
        } else {
            self.out.bytes(&[MARK, DICT]);
        }
        self.memo_put(obj);
        self.fast_enter(vm, obj)?;
        let Some(d) = obj.downcast::<DictData>() else {
            return Ok(());
        };
        let len = d.table.borrow().len();
        let mut pos = 0;
        // The next item, with the check CPython makes on each step.
        let next = |vm: &Vm, pos: &mut usize| -> PyResult<Option<(Value, Value)>> {
            let t = d.table.borrow();
            if t.len() != len {
                return Err(vm.runtime_error("dictionary changed size during iteration"));
            }
            Ok(t.entry_from(*pos).map(|(p, e)| {
                *pos = p;
                (e.key.clone(), e.value.clone())
            }))
        };
        if !self.bin {
            while let Some((k, v)) = next(vm, &mut pos)? {
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
            }
        } else if len == 1 {
            if let Some((k, v)) = next(vm, &mut pos)? {
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
            }
            next(vm, &mut pos)?;
        } else if len > 1 {
            let mut done = false;
            while !done {
                self.out.op(MARK);
                let mut batch = 0;
                loop {
                    match next(vm, &mut pos)? {
                        Some((k, v)) => {
                            self.save(vm, &k, false)?;
                            self.save(vm, &v, false)?;
                            batch += 1;
                            if batch == BATCHSIZE {
                                break;
                            }
                        }
                        None => {
                            done = true;
                            break;
                        }
                    }
                }
                self.out.op(SETITEMS);
                if !done {
                    // CPython looks ahead: a batch that ends the dict
                    // exactly is the last.
                    let t = d.table.borrow();
                    if t.len() == len && t.entry_from(pos).is_none() {
                        done = true;
                    }
                }
            }
            if d.table.borrow().len() != len {
                return Err(vm.runtime_error("dictionary changed size during iteration"));
            }
        }
        self.fast_leave(obj);
        Ok(())
    }

    fn save_set(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let items = crate::objects::set::items(obj);
        if self.proto < 4 {
            let args = new_tuple(vec![crate::objects::list::new_list(items)]);
            return self.save_reduce(vm, &[types().set.clone(), args], Some(obj));
        }
        self.out.op(EMPTY_SET);
        self.memo_put(obj);
        let Some(s) = obj.downcast::<SetData>() else {
            return Ok(());
        };
        let len = s.table.borrow().len();
        let mut pos = 0;
        let mut written = 0;
        while written < len {
            self.out.op(MARK);
            let mut batch = 0;
            while batch < BATCHSIZE {
                let next = {
                    let t = s.table.borrow();
                    if t.len() != len {
                        return Err(vm.runtime_error("set changed size during iteration"));
                    }
                    t.item_from(pos)
                };
                let Some((p, x)) = next else {
                    break;
                };
                pos = p;
                self.save(vm, &x, false)?;
                batch += 1;
                written += 1;
            }
            self.out.op(ADDITEMS);
            if batch == 0 {
                break;
            }
        }
        if s.table.borrow().len() != len {
            return Err(vm.runtime_error("set changed size during iteration"));
        }
        Ok(())
    }

    fn save_frozenset(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let items = crate::objects::set::items(obj);
        if self.proto < 4 {
            let args = new_tuple(vec![crate::objects::list::new_list(items)]);
            return self.save_reduce(vm, &[types().frozenset.clone(), args], Some(obj));
        }
        self.out.op(MARK);
        for x in &items {
            self.save(vm, x, false)?;
        }
        if let Some(idx) = self.memo_index(obj) {
            self.out.op(POP_MARK);
            self.memo_get(idx);
            return Ok(());
        }
        self.out.op(FROZENSET);
        self.memo_put(obj);
        Ok(())
    }

    fn save_pers(&mut self, vm: &mut Vm, pid: &Value) -> PyResult<()> {
        if self.bin {
            self.save(vm, pid, true)?;
            self.out.op(BINPERSID);
        } else {
            let s = vm.str_string(pid)?;
            if !s.is_ascii() {
                return Err(pickling_error(
                    vm,
                    "persistent IDs in protocol 0 must be ASCII strings",
                ));
            }
            self.out.op(PERSID);
            self.out.bytes(s.as_bytes());
            self.out.bytes(b"\n");
        }
        Ok(())
    }

    fn save_type(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let t = types();
        for (ty, single) in [
            (&t.none_type, &t.none),
            (&t.ellipsis_type, &t.ellipsis),
            (&t.not_implemented_type, &t.not_implemented),
        ] {
            if obj.is(ty) {
                let rv = [t.type_.clone(), new_tuple(vec![single.clone()])];
                return self.save_reduce(vm, &rv, Some(obj));
            }
        }
        self.save_global(vm, obj, None)
    }

    /// The module a global lives in: its `__module__`, else the module in
    /// `sys.modules` that has it at `path`, else `__main__`.
    fn whichmodule(vm: &mut Vm, obj: &Value, path: &str) -> PyResult<Value> {
        if let Some(m) = vm.lookup_attr(obj, "__module__")?
            && !m.is(&types().none)
        {
            return Ok(m);
        }
        let sys = vm.import_module("sys")?;
        let modules = vm.getattr_str(&sys, "modules")?;
        let items = match modules.downcast::<DictData>() {
            Some(d) => d.table.borrow().items(),
            None => Vec::new(),
        };
        for (name, module) in items {
            let Some(n) = as_str(&name) else { continue };
            if n == "__main__" || n == "__mp_main__" || module.is(&types().none) {
                continue;
            }
            match deep_attribute(vm, &module, path) {
                Ok((found, _)) if found.is(obj) => return Ok(name),
                Ok(_) => {}
                Err(e) if e.matches(&types().exc.attribute_error) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(new_str("__main__"))
    }

    fn save_global(&mut self, vm: &mut Vm, obj: &Value, name: Option<&Value>) -> PyResult<()> {
        let global_name = match name {
            Some(n) => n.clone(),
            None => match vm.lookup_attr(obj, "__qualname__")? {
                Some(n) => n,
                None => vm.getattr_str(obj, "__name__")?,
            },
        };
        let Some(gname) = as_str(&global_name).map(str::to_string) else {
            return Err(vm.type_error(format!(
                "can't pickle global identifier of type {}",
                type_name(&global_name)
            )));
        };
        if gname.split('.').any(|p| p == "<locals>") {
            return Err(vm.attribute_error(format!(
                "Can't pickle local object {}",
                crate::objects::str::str_repr(&gname)
            )));
        }
        let module_name = Self::whichmodule(vm, obj, &gname)?;
        // Module names are interned in CPython (one object, memoized once
        // per pickle): so here.
        let module_name = match as_str(&module_name) {
            Some(m) if module_name.is_exact(&types().str_) => vm.intern(&std::rc::Rc::from(m)),
            _ => module_name,
        };
        let module = match as_str(&module_name) {
            Some(m) => {
                let m = m.to_string();
                vm.import_module(&m).ok()
            }
            None => None,
        };
        let Some(module) = module else {
            let (r, mr) = (vm.repr_string(obj)?, vm.repr_string(&module_name)?);
            return Err(pickling_error(
                vm,
                format!("Can't pickle {r}: import of module {mr} failed"),
            ));
        };
        let mname = as_str(&module_name).unwrap_or("").to_string();
        let (found, parent) = match deep_attribute(vm, &module, &gname) {
            Ok(x) => x,
            Err(_) => {
                let r = vm.repr_string(obj)?;
                return Err(pickling_error(
                    vm,
                    format!("Can't pickle {r}: attribute lookup {gname} on {mname} failed"),
                ));
            }
        };
        if !found.is(obj) {
            let r = vm.repr_string(obj)?;
            return Err(pickling_error(
                vm,
                format!("Can't pickle {r}: it's not the same object as {mname}.{gname}"),
            ));
        }
        if self.proto >= 2 {
            let registry = copyreg_attr(vm, "_extension_registry")?;
            let key = new_tuple(vec![module_name.clone(), global_name.clone()]);
            let code = match registry.downcast::<DictData>() {
                Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
                None => None,
            };
            if let Some(code) = code {
                let c = crate::objects::int::to_i64(&code).unwrap_or(0);
                if c <= 0 || c > 0x7fff_ffff {
                    let (r, cr) = (vm.repr_string(obj)?, vm.repr_string(&code)?);
                    return Err(pickling_error(
                        vm,
                        format!("Can't pickle {r}: extension code {cr} is out of range"),
                    ));
                }
                if c <= 0xff {
                    self.out.op_arg(EXT1, &[c as u8]);
                } else if c <= 0xffff {
                    self.out.op_arg(EXT2, &(c as u16).to_le_bytes());
                } else {
                    self.out.op_arg(EXT4, &(c as i32).to_le_bytes());
                }
                return Ok(());
            }
        }
        let lastname = gname.rsplit('.').next().unwrap_or(&gname).to_string();
        let at_top = parent.is(&module);
        let mut name_out = if at_top {
            lastname.clone()
        } else {
            gname.clone()
        };
        if self.proto >= 4 {
            self.save(vm, &module_name, false)?;
            let n = if at_top {
                new_str(&lastname)
            } else {
                global_name.clone()
            };
            self.save(vm, &n, false)?;
            self.out.op(STACK_GLOBAL);
        } else if !at_top {
            let builtins = vm.builtins.clone();
            let getattr = vm.getattr_str(&builtins, "getattr")?;
            let rv = [getattr, new_tuple(vec![parent, new_str(&lastname)])];
            self.save_reduce(vm, &rv, None)?;
        } else {
            let mut mod_out = mname.clone();
            if self.proto < 3 && self.fix_imports {
                let names = super::compat_attr(vm, "REVERSE_NAME_MAPPING")?;
                let key = new_tuple(vec![new_str(&mod_out), new_str(&name_out)]);
                let hit = match names.downcast::<DictData>() {
                    Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
                    None => None,
                };
                if let Some(item) = hit {
                    let pair = item
                        .downcast::<TupleData>()
                        .filter(|t| t.items.len() == 2)
                        .map(|t| t.items.to_vec());
                    let Some(pair) = pair else {
                        return Err(vm.runtime_error(format!(
                            "_compat_pickle.REVERSE_NAME_MAPPING values should be 2-tuples, not {}",
                            type_name(&item)
                        )));
                    };
                    match (as_str(&pair[0]), as_str(&pair[1])) {
                        (Some(m), Some(n)) => {
                            mod_out = m.to_string();
                            name_out = n.to_string();
                        }
                        _ => {
                            return Err(vm.runtime_error(format!(
                                "_compat_pickle.REVERSE_NAME_MAPPING values should be pairs of str, not ({}, {})",
                                type_name(&pair[0]),
                                type_name(&pair[1])
                            )));
                        }
                    }
                } else {
                    let imports = super::compat_attr(vm, "REVERSE_IMPORT_MAPPING")?;
                    let hit = match imports.downcast::<DictData>() {
                        Some(d) => crate::objects::dict::get(vm, &d.table, &new_str(&mod_out))?,
                        None => None,
                    };
                    if let Some(item) = hit {
                        match as_str(&item) {
                            Some(m) => mod_out = m.to_string(),
                            None => {
                                return Err(vm.runtime_error(format!(
                                    "_compat_pickle.REVERSE_IMPORT_MAPPING values should be strings, not {}",
                                    type_name(&item)
                                )));
                            }
                        }
                    }
                }
            }
            let ok = |s: &str| {
                if self.proto >= 3 {
                    !crate::objects::unicode::has_surrogates(s)
                } else {
                    s.is_ascii()
                }
            };
            if !ok(&mod_out) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "can't pickle module identifier '{mod_out}' using pickle protocol {}",
                        self.proto
                    ),
                ));
            }
            if !ok(&name_out) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "can't pickle global identifier '{name_out}' using pickle protocol {}",
                        self.proto
                    ),
                ));
            }
            self.out.op(GLOBAL);
            self.out.bytes(mod_out.as_bytes());
            self.out.bytes(b"\n");
            self.out.bytes(name_out.as_bytes());
            self.out.bytes(b"\n");
        }
        self.memo_put(obj);
        Ok(())
    }

    /// Writes what a `__reduce__` returned (2 to 6 items).
    fn save_reduce(&mut self, vm: &mut Vm, rv: &[Value], obj: Option<&Value>) -> PyResult<()> {
        if !(2..=6).contains(&rv.len()) {
            return Err(pickling_error(
                vm,
                "tuple returned by __reduce__ must contain 2 through 6 elements",
            ));
        }
        let t = types();
        let none = |v: Option<&Value>| v.filter(|v| !v.is(&t.none)).cloned();
        let callable = &rv[0];
        let argtup = &rv[1];
        let state = none(rv.get(2));
        let listitems = none(rv.get(3));
        let dictitems = none(rv.get(4));
        let state_setter = none(rv.get(5));
        if !crate::builtins::is_callable(callable) {
            return Err(pickling_error(
                vm,
                "first item of the tuple returned by __reduce__ must be callable",
            ));
        }
        let Some(args) = argtup.downcast::<TupleData>().map(|t| t.items.to_vec()) else {
            return Err(pickling_error(
                vm,
                "second item of the tuple returned by __reduce__ must be a tuple",
            ));
        };
        let is_iter = |v: &Value| v.type_data().lookup("__next__").is_some();
        if let Some(l) = &listitems
            && !is_iter(l)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "fourth element of the tuple returned by __reduce__ must be an iterator, not {}",
                    type_name(l)
                ),
            ));
        }
        if let Some(d) = &dictitems
            && !is_iter(d)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "fifth element of the tuple returned by __reduce__ must be an iterator, not {}",
                    type_name(d)
                ),
            ));
        }
        if let Some(s) = &state_setter
            && !crate::builtins::is_callable(s)
        {
            return Err(pickling_error(
                vm,
                format!(
                    "sixth element of the tuple returned by __reduce__ must be a function, not {}",
                    type_name(s)
                ),
            ));
        }
        let (mut newobj, mut newobj_ex) = (false, false);
        if self.proto >= 2
            && let Some(name) = vm.lookup_attr(callable, "__name__")?
        {
            match as_str(&name) {
                Some("__newobj_ex__") => newobj_ex = true,
                Some("__newobj__") => newobj = true,
                _ => {}
            }
        }
        if let Some(o) = obj {
            self.fast_enter(vm, o)?;
        }
        if newobj_ex {
            if args.len() != 3 {
                return Err(pickling_error(
                    vm,
                    format!(
                        "length of the NEWOBJ_EX argument tuple must be exactly 3, not {}",
                        args.len()
                    ),
                ));
            }
            let (cls, cargs, kwargs) = (&args[0], &args[1], &args[2]);
            if !crate::object::types::is_type(cls) {
                return Err(pickling_error(
                    vm,
                    format!(
                        "first item from NEWOBJ_EX argument tuple must be a class, not {}",
                        type_name(cls)
                    ),
                ));
            }
            if let Some(o) = obj {
                let oc = vm.getattr_str(o, "__class__")?;
                if !oc.is(cls) {
                    return Err(pickling_error(
                        vm,
                        "first item from NEWOBJ_EX argument tuple must be the class of the object",
                    ));
                }
            }
            if cargs.kind() != Kind::Tuple {
                return Err(pickling_error(
                    vm,
                    format!(
                        "second item from NEWOBJ_EX argument tuple must be a tuple, not {}",
                        type_name(cargs)
                    ),
                ));
            }
            if kwargs.kind() != Kind::Dict {
                return Err(pickling_error(
                    vm,
                    format!(
                        "third item from NEWOBJ_EX argument tuple must be a dict, not {}",
                        type_name(kwargs)
                    ),
                ));
            }
            if self.proto >= 4 {
                self.save(vm, cls, false)?;
                self.save(vm, cargs, false)?;
                self.save(vm, kwargs, false)?;
                self.out.op(NEWOBJ_EX);
            } else {
                let functools = vm.import_module("functools")?;
                let partial = vm.getattr_str(&functools, "partial")?;
                let new = vm.getattr_str(cls, "__new__")?;
                let mut pargs = vec![new, cls.clone()];
                pargs.extend(
                    cargs
                        .downcast::<TupleData>()
                        .map(|t| t.items.to_vec())
                        .unwrap_or_default(),
                );
                let kw: Vec<(Value, Value)> = kwargs
                    .downcast::<DictData>()
                    .map(|d| d.table.borrow().items())
                    .unwrap_or_default();
                let func = vm.call(&partial, &pargs, &kw)?;
                self.save(vm, &func, false)?;
                self.save(vm, &new_tuple(vec![]), false)?;
                self.out.op(REDUCE);
            }
        } else if newobj {
            let Some(cls) = args.first() else {
                return Err(pickling_error(vm, "__newobj__ arglist is empty"));
            };
            if !crate::object::types::is_type(cls) {
                return Err(pickling_error(
                    vm,
                    "args[0] from __newobj__ args is not a type",
                ));
            }
            if let Some(o) = obj {
                let oc = vm.getattr_str(o, "__class__")?;
                if !oc.is(cls) {
                    return Err(pickling_error(
                        vm,
                        "args[0] from __newobj__ args has the wrong class",
                    ));
                }
            }
            self.save(vm, cls, false)?;
            self.save(vm, &new_tuple(args[1..].to_vec()), false)?;
            self.out.op(NEWOBJ);
        } else {
            self.save(vm, callable, false)?;
            self.save(vm, argtup, false)?;
            self.out.op(REDUCE);
        }
        if let Some(o) = obj {
            if let Some(idx) = self.memo_index(o) {
                self.out.op(POP);
                self.memo_get(idx);
            } else {
                self.memo_put(o);
            }
        }
        if let Some(l) = listitems {
            self.batch_list(vm, &l)?;
        }
        if let Some(d) = dictitems {
            self.batch_dict(vm, &d)?;
        }
        if let Some(s) = state {
            match state_setter {
                None => {
                    self.save(vm, &s, false)?;
                    self.out.op(BUILD);
                }
                Some(setter) => {
                    self.save(vm, &setter, false)?;
                    if let Some(o) = obj {
                        self.save(vm, o, false)?;
                    }
                    self.save(vm, &s, false)?;
                    self.out.op(TUPLE2);
                    self.out.op(REDUCE);
                    self.out.op(POP);
                }
            }
        }
        if let Some(o) = obj {
            self.fast_leave(o);
        }
        Ok(())
    }

    /// The items of a reduce value's list iterator.
    fn batch_list(&mut self, vm: &mut Vm, it: &Value) -> PyResult<()> {
        if !self.bin {
            while let Some(x) = vm.next(it)? {
                self.save(vm, &x, false)?;
                self.out.op(APPEND);
            }
            return Ok(());
        }
        loop {
            let Some(first) = vm.next(it)? else {
                return Ok(());
            };
            let Some(second) = vm.next(it)? else {
                self.save(vm, &first, false)?;
                self.out.op(APPEND);
                return Ok(());
            };
            self.out.op(MARK);
            self.save(vm, &first, false)?;
            let mut n = 1;
            let mut cur = Some(second);
            while let Some(x) = cur {
                self.save(vm, &x, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                cur = vm.next(it)?;
            }
            self.out.op(APPENDS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }

    /// A (key, value) pair from a reduce value's dict iterator.
    fn pair(vm: &Vm, item: &Value) -> PyResult<(Value, Value)> {
        match item.downcast::<TupleData>() {
            Some(t) if t.items.len() == 2 => Ok((t.items[0].clone(), t.items[1].clone())),
            _ => Err(vm.type_error("dict items iterator must return 2-tuples")),
        }
    }

    /// The items of a reduce value's dict iterator.
    fn batch_dict(&mut self, vm: &mut Vm, it: &Value) -> PyResult<()> {
        if !self.bin {
            while let Some(item) = vm.next(it)? {
                let (k, v) = Self::pair(vm, &item)?;
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
            }
            return Ok(());
        }
        loop {
            let Some(first) = vm.next(it)? else {
                return Ok(());
            };
            let (k, v) = Self::pair(vm, &first)?;
            let Some(second) = vm.next(it)? else {
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                self.out.op(SETITEM);
                return Ok(());
            };
            self.out.op(MARK);
            self.save(vm, &k, false)?;
            self.save(vm, &v, false)?;
            let mut n = 1;
            let mut cur = Some(second);
            while let Some(item) = cur {
                let (k, v) = Self::pair(vm, &item)?;
                self.save(vm, &k, false)?;
                self.save(vm, &v, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                cur = vm.next(it)?;
            }
            self.out.op(SETITEMS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }
}

/// The `'latin1'` of `codecs.encode(text, 'latin1')`: one object, so
/// that it is memoized once per pickle as in CPython.
fn latin1_name() -> Value {
    thread_local! {
        static NAME: Value = new_str("latin1");
    }
    NAME.with(Clone::clone)
}

/// Writes `obj` as one pickle (to the file, or returned as bytes when the
/// pickler has none).
fn run_dump(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult<Vec<u8>> {
    let d = data(vm, p)?;
    if !d.ready.get() {
        return Err(pickling_error(
            vm,
            format!(
                "Pickler.__init__() was not called by {}.__init__()",
                type_name(p)
            ),
        ));
    }
    let exact = p.is_exact(&types().pickler);
    let (pers_func, dispatch_table, reducer_override) = if exact {
        (
            d.persistent_id.borrow().clone(),
            d.dispatch_table.borrow().clone(),
            None,
        )
    } else {
        (
            vm.lookup_attr(p, "persistent_id")?,
            vm.lookup_attr(p, "dispatch_table")?,
            vm.lookup_attr(p, "reducer_override")?,
        )
    };
    let proto = d.proto.get();
    let mut s = Saver {
        pickler: p,
        proto,
        bin: d.bin.get(),
        fast: d.fast.get(),
        fix_imports: d.fix_imports.get(),
        out: Output {
            buf: Vec::new(),
            framing: false,
            frame_start: None,
            write: d.write.borrow().clone(),
        },
        memo: std::mem::take(&mut *d.memo.borrow_mut()),
        pers_func,
        reducer_override,
        dispatch_table,
        copyreg_dispatch: None,
        buffer_callback: d.buffer_callback.borrow().clone(),
        fast_nesting: 0,
        fast_memo: HashSet::new(),
    };
    let _ = (s.pickler, &s.buffer_callback);
    if proto >= 2 {
        s.out.op_arg(PROTO, &[proto]);
    }
    if proto >= 4 {
        s.out.framing = true;
    }
    let r = s.save(vm, obj, false);
    // The memo stays with the pickler, whatever happened.
    let memo = std::mem::take(&mut s.memo);
    {
        let mut m = d.memo.borrow_mut();
        if m.is_empty() {
            *m = memo;
        }
    }
    r?;
    s.out.op(STOP);
    s.out.commit_frame();
    if s.out.write.is_some() {
        s.out.flush(vm)?;
        return Ok(Vec::new());
    }
    Ok(std::mem::take(&mut s.out.buf))
}

/// `Pickler.dump(obj)`.
pub fn dump(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult<()> {
    run_dump(vm, p, obj).map(drop)
}

/// `dumps`: the pickle of `obj` as bytes (the pickler has no file).
pub fn dump_to_bytes(vm: &mut Vm, p: &Value, obj: &Value) -> PyResult {
    Ok(new_bytes(run_dump(vm, p, obj)?))
}

/// `Pickler.memo` as a dict: id to (index, object).
fn memo_dict(d: &PicklerData) -> Value {
    let mut table = crate::objects::dict::DictTable::new();
    let items: Vec<(u64, u32, Value)> = d
        .memo
        .borrow()
        .iter()
        .map(|(k, (i, v))| (*k, *i, v.clone()))
        .collect();
    let mut out = Vec::new();
    for (k, i, v) in items {
        out.push((
            from_i64(k as i64),
            new_tuple(vec![from_i64(i64::from(i)), v]),
        ));
    }
    for (k, v) in out {
        let h = crate::objects::int::hash_small(crate::objects::int::to_i64(&k).unwrap_or(0));
        table.set_fast(k, h, v);
    }
    crate::objects::dict::new_dict(table)
}

fn set_memo(vm: &mut Vm, d: &PicklerData, v: &Value) -> PyResult<()> {
    let v = if let Some(m) = vm.lookup_attr(v, "copy")?
        && v.kind() != Kind::Dict
    {
        vm.call(&m, &[], &[])?
    } else {
        v.clone()
    };
    let Some(dict) = v.downcast::<DictData>() else {
        return Err(vm.type_error(format!(
            "'memo' attribute must be a PicklerMemoProxy object or dict, not {}",
            type_name(&v)
        )));
    };
    let mut memo = Memo::default();
    for (k, item) in dict.table.borrow().items() {
        let pair = item
            .downcast::<TupleData>()
            .filter(|t| t.items.len() == 2)
            .map(|t| t.items.to_vec());
        let (Some(pair), Some(key)) = (pair, crate::objects::int::to_i64(&k)) else {
            return Err(vm.type_error("'memo' values must be 2-item tuples"));
        };
        let Some(idx) = crate::objects::int::to_i64(&pair[0]) else {
            return Err(vm.type_error("'memo' values must be 2-item tuples"));
        };
        memo.insert(key as u64, (idx as u32, pair[1].clone()));
    }
    let old = std::mem::replace(&mut *d.memo.borrow_mut(), memo);
    drop(old);
    Ok(())
}

fn property(name: &'static str, get: NativeFn, set: Option<NativeFn>) -> Value {
    Value::alloc(
        &types().property,
        crate::objects::descr::PropertyData {
            fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
            fset: RefCell::new(set.map(|s| crate::objects::function::new_builtin(name, s))),
            fdel: RefCell::new(None),
            doc: RefCell::new(None),
        },
    )
}

fn pickler_init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let (p, _) = this(vm, a)?;
    let [file, protocol, fix_imports, buffer_callback] = crate::protocols::args::clinic_args(
        vm,
        "Pickler",
        &a[1..],
        k,
        ["file", "protocol", "fix_imports", "buffer_callback"],
        1,
    )?;
    let Some(file) = file else {
        return Err(vm.type_error("Pickler() missing required argument 'file' (pos 1)"));
    };
    init(vm, p, Some(&file), protocol, fix_imports, buffer_callback)?;
    Ok(vm.none())
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", pickler_init),
        ("dump", |vm, a, _| {
            let (p, _) = this(vm, a)?;
            check_args(vm, "dump", &a[1..], 1, 1)?;
            dump(vm, p, &a[1])?;
            Ok(vm.none())
        }),
        ("clear_memo", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            check_args(vm, "clear_memo", &a[1..], 0, 0)?;
            let old = std::mem::take(&mut *d.memo.borrow_mut());
            drop(old);
            Ok(vm.none())
        }),
        ("__sizeof__", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            let n = std::mem::size_of::<PicklerData>() + 16 + d.memo.borrow().capacity() * 24;
            Ok(from_i64(n as i64))
        }),
    ]
}

pub fn register_type() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.pickler, "_pickle.Pickler", &methods());
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| match a.first() {
        Some(cls)
            if crate::object::types::is_type(cls)
                && cls.type_data_of_type().kind == Kind::Pickler =>
        {
            Ok(new_pickler(cls))
        }
        _ => Err(vm.type_error("Pickler.__new__(X): X is not a subtype of _pickle.Pickler")),
    });
    let td = t.pickler.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    d.set_str("__module__", new_str("_pickle"));
    d.set_str(
        "memo",
        property(
            "memo",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(memo_dict(d))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "memo", &a[1..], 1, 1)?;
                set_memo(vm, d, &a[1])?;
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "persistent_id",
        property(
            "persistent_id",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.persistent_id
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("persistent_id"))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "persistent_id", &a[1..], 1, 1)?;
                if !crate::builtins::is_callable(&a[1]) {
                    return Err(
                        vm.type_error("persistent_id must be a callable taking one argument")
                    );
                }
                *d.persistent_id.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "dispatch_table",
        property(
            "dispatch_table",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.dispatch_table
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("dispatch_table"))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "dispatch_table", &a[1..], 1, 1)?;
                *d.dispatch_table.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "fast",
        property(
            "fast",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(from_i64(i64::from(d.fast.get())))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "fast", &a[1..], 1, 1)?;
                let v = vm.truthy(&a[1])?;
                d.fast.set(v);
                Ok(vm.none())
            }),
        ),
    );
    d.set_str(
        "bin",
        property(
            "bin",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(from_i64(i64::from(d.bin.get())))
            },
            Some(|vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "bin", &a[1..], 1, 1)?;
                let v = vm.truthy(&a[1])?;
                d.bin.set(v);
                Ok(vm.none())
            }),
        ),
    );
}
