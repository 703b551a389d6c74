//! Reading one pickle (`Loader`): the stack with its marks, the memo, and
//! one step per opcode.

use super::input::{
    Input, decode_long, escape_decode, le_uint, line_text, parse_int_line, raw_unicode_unescape,
};
use super::opcodes::*;
use super::unpickler::{Memo, find_class, type_name};
use super::{copyreg_attr, is_unpickling_error, unpickling_error};
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::{new_bytearray, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::int::from_i64;
use crate::objects::list::{ListData, new_list};
use crate::objects::set::SetData;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm};
/// The reading of one pickle.
pub(super) struct Loader<'a> {
    pub(super) unpickler: &'a Value,
    pub(super) input: Input,
    pub(super) stack: Vec<Value>,
    /// Stack heights at the MARKs still open.
    pub(super) marks: Vec<usize>,
    pub(super) memo: Memo,
    pub(super) proto: u8,
    pub(super) fix_imports: bool,
    pub(super) encoding: String,
    pub(super) errors: String,
    pub(super) buffers: Option<Value>,
    pub(super) pers_load: Option<Value>,
    /// A `find_class` of a subclass; None for the native one.
    pub(super) find_class: Option<Value>,
}

impl Loader<'_> {
    pub(super) fn underflow(&self, vm: &Vm) -> crate::vm::PyErr {
        unpickling_error(
            vm,
            if self.marks.is_empty() {
                "unpickling stack underflow"
            } else {
                "unexpected MARK found"
            },
        )
    }

    #[inline]
    pub(super) fn fence(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    #[inline]
    pub(super) fn pop(&mut self, vm: &Vm) -> PyResult<Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.pop().expect("stack above the fence"))
    }

    #[inline]
    pub(super) fn top(&self, vm: &Vm) -> PyResult<&Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.last().expect("stack above the fence"))
    }

    pub(super) fn pop_mark(&mut self, vm: &Vm) -> PyResult<usize> {
        self.marks
            .pop()
            .ok_or_else(|| unpickling_error(vm, "could not find MARK"))
    }

    pub(super) fn pop_to_mark(&mut self, vm: &Vm) -> PyResult<Vec<Value>> {
        let k = self.pop_mark(vm)?;
        Ok(self.stack.split_off(k.min(self.stack.len())))
    }

    #[inline]
    pub(super) fn byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        let at = self.input.take(vm, 1)?;
        Ok(self.input.buf[at])
    }

    pub(super) fn uint(&mut self, vm: &mut Vm, n: usize) -> PyResult<u64> {
        let at = self.input.take(vm, n)?;
        Ok(le_uint(&self.input.buf[at..at + n]))
    }

    pub(super) fn bytes(&mut self, vm: &mut Vm, n: u64) -> PyResult<Vec<u8>> {
        let n =
            usize::try_from(n).map_err(|_| vm.overflow_error("pickle argument is too large"))?;
        if n > isize::MAX as usize {
            return Err(vm.overflow_error("pickle argument is too large"));
        }
        let at = self.input.take(vm, n)?;
        Ok(self.input.buf[at..at + n].to_vec())
    }

    pub(super) fn line(&mut self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        let (a, b) = self.input.line(vm)?;
        Ok(line_text(&self.input.buf[a..b]).to_vec())
    }

    pub(super) fn utf8(&self, vm: &mut Vm, b: &[u8]) -> PyResult<Value> {
        match std::str::from_utf8(b) {
            Ok(s) => Ok(new_str(s)),
            Err(_) => {
                let s = crate::objects::codec::decode(
                    vm,
                    b,
                    crate::objects::codec::Codec::Utf8,
                    "surrogatepass",
                )?;
                Ok(new_string(s))
            }
        }
    }

    /// A Python 2 str: bytes with `encoding="bytes"`, else decoded.
    pub(super) fn decode_string(&self, vm: &mut Vm, b: Vec<u8>) -> PyResult<Value> {
        if self.encoding == "bytes" {
            return Ok(new_bytes(b));
        }
        if self.encoding.eq_ignore_ascii_case("ascii") && b.is_ascii() {
            // SAFETY-free: ASCII is UTF-8.
            return Ok(new_str(std::str::from_utf8(&b).unwrap_or("")));
        }
        let by = new_bytes(b);
        vm.call_method(
            &by,
            "decode",
            &[new_str(&self.encoding), new_str(&self.errors)],
        )
    }

    pub(super) fn memo_get(&mut self, vm: &Vm, i: u64) -> PyResult<()> {
        let v = usize::try_from(i)
            .ok()
            .and_then(|i| self.memo.get(i).cloned());
        match v {
            Some(v) => {
                self.stack.push(v);
                Ok(())
            }
            None => Err(unpickling_error(
                vm,
                format!("Memo value not found at index {i}"),
            )),
        }
    }

    pub(super) fn memo_put(&mut self, vm: &Vm, i: u64) -> PyResult<()> {
        let v = self.top(vm)?.clone();
        let i = usize::try_from(i).map_err(|_| vm.overflow_error("memo index too large"))?;
        self.memo.put(i, v);
        Ok(())
    }

    /// A memo index or int argument of protocol 0.
    pub(super) fn line_int(&mut self, vm: &mut Vm) -> PyResult<i64> {
        let l = self.line(vm)?;
        std::str::from_utf8(&l)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| vm.value_error("could not convert string to int"))
    }

    pub(super) fn find_class(
        &mut self,
        vm: &mut Vm,
        module: Value,
        name: Value,
    ) -> PyResult<Value> {
        match self.find_class.clone() {
            Some(f) => vm.call(&f, &[module, name], &[]),
            None => find_class(vm, self.proto, self.fix_imports, &module, &name),
        }
    }

    /// `cls(*args)`, or `cls.__new__(cls)` for a class without
    /// `__getinitargs__` and no arguments (INST and OBJ).
    pub(super) fn instantiate(
        &mut self,
        vm: &mut Vm,
        cls: &Value,
        args: Vec<Value>,
    ) -> PyResult<()> {
        if args.is_empty()
            && crate::object::types::is_type(cls)
            && vm.lookup_attr(cls, "__getinitargs__")?.is_none()
        {
            let new = vm.getattr_str(cls, "__new__")?;
            let obj = vm.call(&new, std::slice::from_ref(cls), &[])?;
            self.stack.push(obj);
            return Ok(());
        }
        let obj = vm.call(cls, &args, &[])?;
        self.stack.push(obj);
        Ok(())
    }

    pub(super) fn newobj(&mut self, vm: &mut Vm, ex: bool) -> PyResult<()> {
        let op = if ex { "NEWOBJ_EX" } else { "NEWOBJ" };
        let kwargs = if ex { Some(self.pop(vm)?) } else { None };
        let args = self.pop(vm)?;
        let cls = self.pop(vm)?;
        if !crate::object::types::is_type(&cls) {
            return Err(unpickling_error(
                vm,
                format!(
                    "{op} class argument must be a type, not {}",
                    type_name(&cls)
                ),
            ));
        }
        let Some(args) = args.downcast::<TupleData>().map(|t| t.items.to_vec()) else {
            return Err(unpickling_error(
                vm,
                format!(
                    "{op} args argument must be a tuple, not {}",
                    type_name(&args)
                ),
            ));
        };
        let kw = match &kwargs {
            Some(k) => match k.downcast::<DictData>() {
                Some(d) => d.table.borrow().items(),
                None => {
                    return Err(unpickling_error(
                        vm,
                        format!("{op} kwargs argument must be a dict, not {}", type_name(k)),
                    ));
                }
            },
            None => Vec::new(),
        };
        let new = vm.getattr_str(&cls, "__new__")?;
        let mut all = vec![cls];
        all.extend(args);
        let obj = vm.call(&new, &all, &kw)?;
        self.stack.push(obj);
        Ok(())
    }

    pub(super) fn ext(&mut self, vm: &mut Vm, code: i64) -> PyResult<()> {
        let key = from_i64(code);
        let cache = copyreg_attr(vm, "_extension_cache")?;
        if let Some(d) = cache.downcast::<DictData>()
            && let Some(obj) = crate::objects::dict::get(vm, &d.table, &key)?
        {
            self.stack.push(obj);
            return Ok(());
        }
        let inverted = copyreg_attr(vm, "_inverted_registry")?;
        let pair = match inverted.downcast::<DictData>() {
            Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
            None => None,
        };
        let Some(pair) = pair else {
            if code <= 0 {
                return Err(unpickling_error(vm, "EXT specifies code <= 0"));
            }
            return Err(vm.value_error(format!("unregistered extension code {code}")));
        };
        let items = pair
            .downcast::<TupleData>()
            .filter(|t| t.items.len() == 2)
            .map(|t| t.items.to_vec());
        let Some(items) = items else {
            return Err(vm.value_error(format!(
                "_inverted_registry[{code}] isn't a 2-tuple of strings"
            )));
        };
        let obj = self.find_class(vm, items[0].clone(), items[1].clone())?;
        vm.setitem(&cache, key, obj.clone())?;
        self.stack.push(obj);
        Ok(())
    }

    /// APPEND and APPENDS: the items above `x` go into the list below it.
    pub(super) fn append_from(&mut self, vm: &mut Vm, x: usize) -> PyResult<()> {
        if x > self.stack.len() || x <= self.fence() {
            return Err(self.underflow(vm));
        }
        if x == self.stack.len() {
            return Ok(());
        }
        let list = self.stack[x - 1].clone();
        let items = self.stack.split_off(x);
        if list.is_exact(&types().list)
            && let Some(l) = list.downcast::<ListData>()
        {
            l.items.borrow_mut().extend(items);
            return Ok(());
        }
        if let Some(extend) = vm.lookup_attr(&list, "extend")? {
            vm.call(&extend, &[new_list(items)], &[])?;
        } else {
            let append = vm.getattr_str(&list, "append")?;
            for v in items {
                vm.call(&append, &[v], &[])?;
            }
        }
        Ok(())
    }

    /// SETITEM and SETITEMS: the pairs above `x` go into the dict below.
    pub(super) fn setitems_from(&mut self, vm: &mut Vm, x: usize) -> PyResult<()> {
        if x > self.stack.len() || x <= self.fence() {
            return Err(self.underflow(vm));
        }
        if x == self.stack.len() {
            return Ok(());
        }
        if !(self.stack.len() - x).is_multiple_of(2) {
            return Err(unpickling_error(vm, "odd number of items for SETITEMS"));
        }
        let dict = self.stack[x - 1].clone();
        let items = self.stack.split_off(x);
        let mut it = items.into_iter();
        if dict.is_exact(&types().dict)
            && let Some(d) = dict.downcast::<DictData>()
        {
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                crate::objects::dict::set(vm, &d.table, k, v)?;
            }
            return Ok(());
        }
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            vm.setitem(&dict, k, v)?;
        }
        Ok(())
    }

    pub(super) fn additems(&mut self, vm: &mut Vm) -> PyResult<()> {
        let x = self.pop_mark(vm)?;
        if x == 0 || x > self.stack.len() {
            return Err(self.underflow(vm));
        }
        let set = self.stack[x - 1].clone();
        let items = self.stack.split_off(x);
        if set.downcast::<SetData>().is_some() && set.kind() == Kind::Set {
            return crate::objects::set::update(vm, &set, items);
        }
        let add = vm.getattr_str(&set, "add")?;
        for v in items {
            vm.call(&add, &[v], &[])?;
        }
        Ok(())
    }

    pub(super) fn build(&mut self, vm: &mut Vm) -> PyResult<()> {
        let state = self.pop(vm)?;
        let inst = self.top(vm)?.clone();
        if let Some(setstate) = vm.lookup_attr(&inst, "__setstate__")? {
            vm.call(&setstate, &[state], &[])?;
            return Ok(());
        }
        let t = types();
        let (state, slotstate) = match state.downcast::<TupleData>() {
            Some(tu) if tu.items.len() == 2 => (tu.items[0].clone(), Some(tu.items[1].clone())),
            _ => (state, None),
        };
        if !state.is(&t.none) {
            let Some(sd) = state.downcast::<DictData>() else {
                return Err(unpickling_error(vm, "state is not a dictionary"));
            };
            let dict = vm.getattr_str(&inst, "__dict__")?;
            let items = sd.table.borrow().items();
            for (k, v) in items {
                // Attribute names are interned, as CPython does.
                let k = match as_str(&k) {
                    Some(s) if k.is_exact(&t.str_) => vm.intern(&std::rc::Rc::from(s)),
                    _ => k,
                };
                vm.setitem(&dict, k, v)?;
            }
        }
        if let Some(slots) = slotstate.filter(|s| !s.is(&t.none)) {
            let Some(sd) = slots.downcast::<DictData>() else {
                return Err(unpickling_error(vm, "slot state is not a dictionary"));
            };
            let items = sd.table.borrow().items();
            for (k, v) in items {
                vm.setattr(&inst, &k, v)?;
            }
        }
        Ok(())
    }

    pub(super) fn persistent(&mut self, vm: &mut Vm, pid: Value) -> PyResult<()> {
        let Some(f) = self.pers_load.clone() else {
            return Err(unpickling_error(
                vm,
                "A load persistent id instruction was encountered,\nbut no persistent_load function was specified.",
            ));
        };
        let obj = vm.call(&f, &[pid], &[])?;
        self.stack.push(obj);
        Ok(())
    }

    pub(super) fn frame(&mut self, vm: &mut Vm) -> PyResult<()> {
        let n = self.uint(vm, 8)?;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| {
                vm.overflow_error(format!(
                    "FRAME length exceeds system's maximum of {} bytes",
                    isize::MAX
                ))
            })?;
        // Brought into the buffer, not consumed.
        self.input.take(vm, n)?;
        self.input.pos -= n;
        Ok(())
    }

    /// Reads the pickle up to STOP and returns its object.
    pub(super) fn run(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let t = types();
        loop {
            let op = if self.input.pos < self.input.buf.len() {
                let c = self.input.buf[self.input.pos];
                self.input.pos += 1;
                c
            } else {
                match self.byte(vm) {
                    Ok(c) => c,
                    Err(e) if is_unpickling_error(&e) => {
                        return Err(vm.err(&t.exc.eof_error, "Ran out of input"));
                    }
                    Err(e) => return Err(e),
                }
            };
            match op {
                STOP => return self.pop(vm),
                PROTO => {
                    let p = self.byte(vm)?;
                    if i64::from(p) > super::HIGHEST_PROTOCOL {
                        return Err(vm.value_error(format!("unsupported pickle protocol: {p}")));
                    }
                    self.proto = p;
                }
                FRAME => self.frame(vm)?,
                NONE => self.stack.push(t.none.clone()),
                NEWTRUE => self.stack.push(t.true_.clone()),
                NEWFALSE => self.stack.push(t.false_.clone()),
                BININT1 => {
                    let v = self.byte(vm)?;
                    self.stack.push(from_i64(i64::from(v)));
                }
                BININT2 => {
                    let v = self.uint(vm, 2)?;
                    self.stack.push(from_i64(v as i64));
                }
                BININT => {
                    let v = self.uint(vm, 4)? as u32 as i32;
                    self.stack.push(from_i64(i64::from(v)));
                }
                LONG1 => {
                    let n = self.byte(vm)?;
                    let b = self.bytes(vm, u64::from(n))?;
                    self.stack.push(decode_long(&b));
                }
                LONG4 => {
                    let n = self.uint(vm, 4)? as u32 as i32;
                    if n < 0 {
                        return Err(unpickling_error(vm, "LONG pickle has negative byte count"));
                    }
                    let b = self.bytes(vm, n as u64)?;
                    self.stack.push(decode_long(&b));
                }
                INT => {
                    let l = self.line(vm)?;
                    let v = match &l[..] {
                        b"00" => t.false_.clone(),
                        b"01" => t.true_.clone(),
                        _ => parse_int_line(vm, &l, false)?,
                    };
                    self.stack.push(v);
                }
                LONG => {
                    let l = self.line(vm)?;
                    let l = l.strip_suffix(b"L").unwrap_or(&l).to_vec();
                    let v = parse_int_line(vm, &l, true)?;
                    self.stack.push(v);
                }
                BINFLOAT => {
                    let at = self.input.take(vm, 8)?;
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&self.input.buf[at..at + 8]);
                    self.stack
                        .push(crate::objects::float::new_float(f64::from_be_bytes(b)));
                }
                FLOAT => {
                    let l = self.line(vm)?;
                    let f = std::str::from_utf8(&l)
                        .ok()
                        .filter(|s| !s.is_empty() && !s.contains('_') && s.trim() == *s)
                        .and_then(crate::objects::float::parse_float)
                        .ok_or_else(|| vm.value_error("could not convert string to float"))?;
                    self.stack.push(crate::objects::float::new_float(f));
                }
                SHORT_BINUNICODE => {
                    let n = self.byte(vm)? as usize;
                    let at = self.input.take(vm, n)?;
                    let s = match std::str::from_utf8(&self.input.buf[at..at + n]) {
                        Ok(s) => new_str(s),
                        Err(_) => {
                            let b = self.input.buf[at..at + n].to_vec();
                            self.utf8(vm, &b)?
                        }
                    };
                    self.stack.push(s);
                }
                BINUNICODE | BINUNICODE8 => {
                    let n = self.uint(vm, if op == BINUNICODE { 4 } else { 8 })?;
                    let b = self.bytes(vm, n)?;
                    let s = self.utf8(vm, &b)?;
                    self.stack.push(s);
                }
                UNICODE => {
                    let l = self.line(vm)?;
                    let s = raw_unicode_unescape(vm, &l)?;
                    self.stack.push(new_string(s));
                }
                SHORT_BINBYTES => {
                    let n = self.byte(vm)?;
                    let b = self.bytes(vm, u64::from(n))?;
                    self.stack.push(new_bytes(b));
                }
                BINBYTES => {
                    let n = self.uint(vm, 4)?;
                    let b = self.bytes(vm, n)?;
                    self.stack.push(new_bytes(b));
                }
                BINBYTES8 => {
                    let n = self.uint(vm, 8)?;
                    if n > isize::MAX as u64 {
                        return Err(vm.overflow_error(format!(
                            "BINBYTES8 exceeds system's maximum size of {} bytes",
                            isize::MAX
                        )));
                    }
                    let b = self.bytes(vm, n)?;
                    self.stack.push(new_bytes(b));
                }
                BYTEARRAY8 => {
                    let n = self.uint(vm, 8)?;
                    if n > isize::MAX as u64 {
                        return Err(vm.overflow_error(format!(
                            "BYTEARRAY8 exceeds system's maximum size of {} bytes",
                            isize::MAX
                        )));
                    }
                    let b = self.bytes(vm, n)?;
                    self.stack.push(new_bytearray(b));
                }
                SHORT_BINSTRING => {
                    let n = self.byte(vm)?;
                    let b = self.bytes(vm, u64::from(n))?;
                    let s = self.decode_string(vm, b)?;
                    self.stack.push(s);
                }
                BINSTRING => {
                    let n = self.uint(vm, 4)? as u32 as i32;
                    if n < 0 {
                        return Err(unpickling_error(
                            vm,
                            "BINSTRING pickle has negative byte count",
                        ));
                    }
                    let b = self.bytes(vm, n as u64)?;
                    let s = self.decode_string(vm, b)?;
                    self.stack.push(s);
                }
                STRING => {
                    let l = self.line(vm)?;
                    let quoted =
                        l.len() >= 2 && l[0] == l[l.len() - 1] && (l[0] == b'\'' || l[0] == b'"');
                    if !quoted {
                        return Err(unpickling_error(
                            vm,
                            "the STRING opcode argument must be quoted",
                        ));
                    }
                    let b = escape_decode(vm, &l[1..l.len() - 1])?;
                    let s = self.decode_string(vm, b)?;
                    self.stack.push(s);
                }
                NEXT_BUFFER => {
                    let Some(bufs) = self.buffers.clone() else {
                        return Err(unpickling_error(
                            vm,
                            "pickle stream refers to out-of-band data but no *buffers* argument was given",
                        ));
                    };
                    match vm.next(&bufs)? {
                        Some(b) => self.stack.push(b),
                        None => {
                            return Err(unpickling_error(vm, "not enough out-of-band buffers"));
                        }
                    }
                }
                READONLY_BUFFER => {
                    let top = self.top(vm)?.clone();
                    if top.kind() != Kind::Bytes {
                        let mv = vm.call(&t.memoryview, &[top], &[])?;
                        let ro = vm.getattr_str(&mv, "readonly")?;
                        if !vm.truthy(&ro)? {
                            let r = vm.call_method(&mv, "toreadonly", &[])?;
                            if let Some(slot) = self.stack.last_mut() {
                                *slot = r;
                            }
                        }
                    }
                }
                EMPTY_TUPLE => self.stack.push(t.empty_tuple.clone()),
                TUPLE1 | TUPLE2 | TUPLE3 => {
                    let n = usize::from(op - TUPLE1) + 1;
                    if self.stack.len() < self.fence() + n {
                        return Err(self.underflow(vm));
                    }
                    let items = self.stack.split_off(self.stack.len() - n);
                    self.stack.push(new_tuple(items));
                }
                TUPLE => {
                    let items = self.pop_to_mark(vm)?;
                    self.stack.push(new_tuple(items));
                }
                EMPTY_LIST => self.stack.push(new_list(Vec::new())),
                LIST => {
                    let items = self.pop_to_mark(vm)?;
                    self.stack.push(new_list(items));
                }
                EMPTY_DICT => self.stack.push(new_dict(DictTable::new())),
                DICT => {
                    let items = self.pop_to_mark(vm)?;
                    if !items.len().is_multiple_of(2) {
                        return Err(unpickling_error(vm, "odd number of items for DICT"));
                    }
                    let d = new_dict(DictTable::new());
                    if let Some(dd) = d.downcast::<DictData>() {
                        let mut it = items.into_iter();
                        while let (Some(k), Some(v)) = (it.next(), it.next()) {
                            crate::objects::dict::set(vm, &dd.table, k, v)?;
                        }
                    }
                    self.stack.push(d);
                }
                EMPTY_SET => self.stack.push(crate::objects::set::new_set(&t.set)),
                FROZENSET => {
                    let items = self.pop_to_mark(vm)?;
                    let s = crate::objects::set::new_set(&t.frozenset);
                    crate::objects::set::update(vm, &s, items)?;
                    self.stack.push(s);
                }
                APPEND => {
                    let x = self.stack.len().saturating_sub(1);
                    if self.stack.len() <= self.fence() + 1 {
                        return Err(self.underflow(vm));
                    }
                    self.append_from(vm, x)?;
                }
                APPENDS => {
                    let x = self.pop_mark(vm)?;
                    self.append_from(vm, x)?;
                }
                SETITEM => {
                    if self.stack.len() < self.fence() + 3 {
                        return Err(self.underflow(vm));
                    }
                    let x = self.stack.len() - 2;
                    self.setitems_from(vm, x)?;
                }
                SETITEMS => {
                    let x = self.pop_mark(vm)?;
                    self.setitems_from(vm, x)?;
                }
                ADDITEMS => self.additems(vm)?,
                BUILD => self.build(vm)?,
                MARK => self.marks.push(self.stack.len()),
                POP => {
                    if self.marks.last() == Some(&self.stack.len()) {
                        self.marks.pop();
                    } else {
                        self.pop(vm)?;
                    }
                }
                POP_MARK => {
                    self.pop_to_mark(vm)?;
                }
                DUP => {
                    let v = self.top(vm)?.clone();
                    self.stack.push(v);
                }
                GET => {
                    let i = self.line_int(vm)?;
                    if i < 0 {
                        return Err(unpickling_error(
                            vm,
                            format!("Memo value not found at index {i}"),
                        ));
                    }
                    self.memo_get(vm, i as u64)?;
                }
                BINGET => {
                    let i = self.byte(vm)?;
                    self.memo_get(vm, u64::from(i))?;
                }
                LONG_BINGET => {
                    let i = self.uint(vm, 4)?;
                    self.memo_get(vm, i)?;
                }
                PUT => {
                    let i = self.line_int(vm)?;
                    if i < 0 {
                        return Err(vm.value_error("negative PUT argument"));
                    }
                    self.memo_put(vm, i as u64)?;
                }
                BINPUT => {
                    let i = self.byte(vm)?;
                    self.memo_put(vm, u64::from(i))?;
                }
                LONG_BINPUT => {
                    let i = self.uint(vm, 4)?;
                    self.memo_put(vm, i)?;
                }
                MEMOIZE => {
                    let i = self.memo.len as u64;
                    self.memo_put(vm, i)?;
                }
                GLOBAL => {
                    let m = self.line(vm)?;
                    let n = self.line(vm)?;
                    let (m, n) = (self.utf8(vm, &m)?, self.utf8(vm, &n)?);
                    let v = self.find_class(vm, m, n)?;
                    self.stack.push(v);
                }
                STACK_GLOBAL => {
                    let n = self.pop(vm)?;
                    let m = self.pop(vm)?;
                    if !m.is_exact(&t.str_) || !n.is_exact(&t.str_) {
                        return Err(unpickling_error(vm, "STACK_GLOBAL requires str"));
                    }
                    let v = self.find_class(vm, m, n)?;
                    self.stack.push(v);
                }
                EXT1 => {
                    let c = self.byte(vm)?;
                    self.ext(vm, i64::from(c))?;
                }
                EXT2 => {
                    let c = self.uint(vm, 2)?;
                    self.ext(vm, c as i64)?;
                }
                EXT4 => {
                    let c = self.uint(vm, 4)? as u32 as i32;
                    self.ext(vm, i64::from(c))?;
                }
                REDUCE => {
                    let args = self.pop(vm)?;
                    let func = self.pop(vm)?;
                    let Some(args) = args.downcast::<TupleData>().map(|t| t.items.to_vec()) else {
                        return Err(vm.type_error("argument list must be a tuple"));
                    };
                    let v = vm.call(&func, &args, &[])?;
                    self.stack.push(v);
                }
                NEWOBJ => self.newobj(vm, false)?,
                NEWOBJ_EX => self.newobj(vm, true)?,
                OBJ => {
                    let mut items = self.pop_to_mark(vm)?;
                    if items.is_empty() {
                        return Err(self.underflow(vm));
                    }
                    let cls = items.remove(0);
                    self.instantiate(vm, &cls, items)?;
                }
                INST => {
                    let m = self.line(vm)?;
                    let n = self.line(vm)?;
                    let (m, n) = (self.utf8(vm, &m)?, self.utf8(vm, &n)?);
                    let args = self.pop_to_mark(vm)?;
                    let cls = self.find_class(vm, m, n)?;
                    self.instantiate(vm, &cls, args)?;
                }
                PERSID => {
                    let l = self.line(vm)?;
                    if !l.is_ascii() {
                        return Err(unpickling_error(
                            vm,
                            "persistent IDs in protocol 0 must be ASCII strings",
                        ));
                    }
                    let pid = new_str(std::str::from_utf8(&l).unwrap_or(""));
                    self.persistent(vm, pid)?;
                }
                BINPERSID => {
                    // (No persistent_load is reported before the stack.)
                    let pid = if self.pers_load.is_some() {
                        self.pop(vm)?
                    } else {
                        t.none.clone()
                    };
                    self.persistent(vm, pid)?;
                }
                other => {
                    let shown =
                        if (0x20..=0x7e).contains(&other) && other != b'\'' && other != b'\\' {
                            (other as char).to_string()
                        } else {
                            format!("\\x{other:02x}")
                        };
                    return Err(unpickling_error(
                        vm,
                        format!("invalid load key, '{shown}'."),
                    ));
                }
            }
        }
    }
}
