//! Writing one pickle (`Saver`): the output buffer with its protocol 4
//! frames, the memo, and the exact builtin types written without going
//! through Python (`reduce` has the rest).

use std::collections::HashSet;

use super::opcodes::*;
use super::pickler::Memo;
use super::{copyreg_attr, pickling_error};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::DictData;
use crate::objects::int::{IntData, from_i64};
use crate::objects::list::ListData;
use crate::objects::set::SetData;
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm};
/// Frames are closed once they reach this size (protocol 4).
pub(super) const FRAME_SIZE_TARGET: usize = 64 * 1024;
/// Frames smaller than this are written without a FRAME header.
pub(super) const FRAME_SIZE_MIN: usize = 4;
/// Items per APPENDS, SETITEMS and ADDITEMS.
pub(super) const BATCHSIZE: usize = 1000;
/// In fast mode, nesting deeper than this is checked for cycles.
pub(super) const FAST_NESTING_LIMIT: usize = 50;

/// Where a pickle being written goes: a buffer, with protocol 4 frames
/// laid out in it, flushed to the file (if any) at frame ends and at the
/// end.
pub(super) struct Output {
    pub(super) buf: Vec<u8>,
    pub(super) framing: bool,
    /// Where the current frame's 9 header bytes are reserved.
    pub(super) frame_start: Option<usize>,
    pub(super) write: Option<Value>,
}

impl Output {
    #[inline]
    pub(super) fn start_frame_if_needed(&mut self) {
        if self.framing && self.frame_start.is_none() {
            self.frame_start = Some(self.buf.len());
            self.buf.extend_from_slice(&[0; 9]);
        }
    }

    #[inline]
    pub(super) fn op(&mut self, op: u8) {
        self.start_frame_if_needed();
        self.buf.push(op);
    }

    #[inline]
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.start_frame_if_needed();
        self.buf.extend_from_slice(b);
    }

    #[inline]
    pub(super) fn op_arg(&mut self, op: u8, arg: &[u8]) {
        self.start_frame_if_needed();
        self.buf.push(op);
        self.buf.extend_from_slice(arg);
    }

    /// Closes the current frame: its header is filled in, or dropped if
    /// the frame is too small to deserve one.
    pub(super) fn commit_frame(&mut self) {
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

    pub(super) fn flush(&mut self, vm: &mut Vm) -> PyResult<()> {
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
    pub(super) fn boundary(&mut self, vm: &mut Vm) -> PyResult<()> {
        if let Some(start) = self.frame_start
            && self.buf.len() - start - 9 >= FRAME_SIZE_TARGET
        {
            self.commit_frame();
            self.flush(vm)?;
        }
        Ok(())
    }

    /// A header and a large payload, outside any frame.
    pub(super) fn large(&mut self, vm: &mut Vm, header: &[u8], payload: &[u8]) -> PyResult<()> {
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
pub(super) struct Saver<'a> {
    pub(super) pickler: &'a Value,
    pub(super) proto: u8,
    pub(super) bin: bool,
    pub(super) fast: bool,
    pub(super) fix_imports: bool,
    pub(super) out: Output,
    pub(super) memo: Memo,
    pub(super) pers_func: Option<Value>,
    pub(super) reducer_override: Option<Value>,
    /// The pickler's own dispatch table; None means copyreg's.
    pub(super) dispatch_table: Option<Value>,
    pub(super) copyreg_dispatch: Option<Value>,
    pub(super) buffer_callback: Option<Value>,
    pub(super) fast_nesting: usize,
    pub(super) fast_memo: HashSet<u64>,
}

/// The little-endian two's complement bytes of an int, as short as they
/// can be (`pickle.encode_long`).
pub(super) fn encode_long(v: &Value) -> Vec<u8> {
    let big = crate::objects::int::to_bigint(v).unwrap_or_default();
    if big == num_bigint::BigInt::from(0) {
        return Vec::new();
    }
    big.to_signed_bytes_le()
}

/// The UTF-8 bytes of a str, surrogates included (`surrogatepass`).
pub(super) fn utf8_surrogatepass(vm: &mut Vm, s: &str) -> PyResult<Vec<u8>> {
    if !crate::objects::unicode::has_surrogates(s) {
        return Ok(s.as_bytes().to_vec());
    }
    crate::objects::codec::encode(vm, s, crate::objects::codec::Codec::Utf8, "surrogatepass")
}

/// Protocol 0's str argument: `raw-unicode-escape` of the text with the
/// backslash, NUL, newline, carriage return and ^Z escaped too.
pub(super) fn raw_unicode_escape(s: &str) -> Vec<u8> {
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

pub(super) fn type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

impl Saver<'_> {
    pub(super) fn memo_put(&mut self, obj: &Value) {
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

    pub(super) fn memo_index(&self, obj: &Value) -> Option<u32> {
        if self.memo.is_empty() {
            return None;
        }
        self.memo.get(&(obj.id() as u64)).map(|e| e.0)
    }

    pub(super) fn memo_get(&mut self, idx: u32) {
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

    pub(super) fn fast_enter(&mut self, vm: &Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn fast_leave(&mut self, obj: &Value) {
        if !self.fast {
            return;
        }
        if self.fast_nesting >= FAST_NESTING_LIMIT {
            self.fast_memo.remove(&(obj.id() as u64));
        }
        self.fast_nesting = self.fast_nesting.saturating_sub(1);
    }

    /// Writes one object.
    pub(super) fn save(&mut self, vm: &mut Vm, obj: &Value, pers_save: bool) -> PyResult<()> {
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

    pub(super) fn save_other(&mut self, vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<()> {
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

    pub(super) fn save_int(&mut self, i: i64) {
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

    pub(super) fn save_big_int(&mut self, obj: &Value) {
        match obj.downcast::<IntData>().and_then(|d| {
            use num_traits::ToPrimitive;
            d.0.to_i64()
        }) {
            Some(i) if (-0x8000_0000..=0x7fff_ffff).contains(&i) => self.save_int(i),
            _ => self.save_long_tail(obj),
        }
    }

    /// An int beyond 32 bits.
    pub(super) fn save_long_tail(&mut self, obj: &Value) {
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

    pub(super) fn save_str(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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
    pub(super) fn bytes_of(obj: &Value) -> Vec<u8> {
        obj.downcast::<BytesData>()
            .map(|b| b.data.borrow().clone())
            .unwrap_or_default()
    }

    pub(super) fn save_bytes(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_bytearray(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_tuple(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_list(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_dict(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_set(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_frozenset(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
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

    pub(super) fn save_pers(&mut self, vm: &mut Vm, pid: &Value) -> PyResult<()> {
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
}

/// The `'latin1'` of `codecs.encode(text, 'latin1')`: one object, so
/// that it is memoized once per pickle as in CPython.
pub(super) fn latin1_name() -> Value {
    crate::gil_local! {
        static NAME: Value = new_str("latin1");
    }
    NAME.with(Clone::clone)
}
