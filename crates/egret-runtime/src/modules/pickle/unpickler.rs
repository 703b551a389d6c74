//! `_pickle.Unpickler`: the object (its settings and memo) and the reading
//! of one pickle (`Loader`): the input (in memory, or read from a file a
//! frame or an argument at a time), the stack with its marks, and one
//! step per opcode.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::opcodes::*;
use super::{compat_attr, copyreg_attr, deep_attribute, is_unpickling_error, unpickling_error};
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::bytes::{BytesData, new_bytearray, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::{from_bigint, from_i64};
use crate::objects::list::{ListData, new_list};
use crate::objects::set::SetData;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

/// Memo indices up to this are kept in a vector; larger ones in a map.
const DENSE_MEMO: usize = 1 << 20;

/// The unpickler's memo: index to object.
#[derive(Default)]
pub struct Memo {
    dense: Vec<Option<Value>>,
    sparse: HashMap<usize, Value>,
    len: usize,
}

impl Memo {
    fn get(&self, i: usize) -> Option<&Value> {
        match self.dense.get(i) {
            Some(v) => v.as_ref(),
            None => self.sparse.get(&i),
        }
    }

    fn put(&mut self, i: usize, v: Value) {
        let old = if i < DENSE_MEMO {
            if i >= self.dense.len() {
                self.dense.resize(i + 1, None);
            }
            self.dense[i].replace(v)
        } else {
            self.sparse.insert(i, v)
        };
        if old.is_none() {
            self.len += 1;
        }
        drop(old);
    }

    fn items(&self) -> Vec<(usize, Value)> {
        let mut out: Vec<(usize, Value)> = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.clone().map(|v| (i, v)))
            .collect();
        out.extend(self.sparse.iter().map(|(i, v)| (*i, v.clone())));
        out
    }
}

/// A `_pickle.Unpickler`'s state.
pub struct UnpicklerData {
    pub ready: Cell<bool>,
    pub read: RefCell<Option<Value>>,
    pub readline: RefCell<Option<Value>>,
    pub fix_imports: Cell<bool>,
    pub encoding: RefCell<String>,
    pub errors: RefCell<String>,
    /// An iterator over the out-of-band buffers, if given.
    pub buffers: RefCell<Option<Value>>,
    pub memo: RefCell<Memo>,
    /// Set through the `persistent_load` attribute.
    pub persistent_load: RefCell<Option<Value>>,
    pub proto: Cell<u8>,
}

impl Payload for UnpicklerData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Unpickler
    }
}

pub fn new_unpickler(ty: &Value) -> Value {
    Value::alloc(
        ty,
        UnpicklerData {
            ready: Cell::new(false),
            read: RefCell::new(None),
            readline: RefCell::new(None),
            fix_imports: Cell::new(true),
            encoding: RefCell::new("ASCII".into()),
            errors: RefCell::new("strict".into()),
            buffers: RefCell::new(None),
            memo: RefCell::new(Memo::default()),
            persistent_load: RefCell::new(None),
            proto: Cell::new(0),
        },
    )
}

fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a UnpicklerData> {
    v.downcast::<UnpicklerData>().ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a '_pickle.Unpickler' object but received a '{}'",
            v.type_data().name
        ))
    })
}

fn this<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<(&'a Value, &'a UnpicklerData)> {
    let Some(u) = a.first() else {
        return Err(vm.type_error("descriptor needs a '_pickle.Unpickler' argument"));
    };
    Ok((u, data(vm, u)?))
}

fn type_name(v: &Value) -> String {
    v.type_data().name.clone()
}

/// The bytes of a bytes-like argument (`loads`).
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    if v.kind() == Kind::Str {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(v)
        )));
    }
    if v.is_exact(&types().memoryview) || v.type_data().is_subtype(&types().memoryview) {
        let b = vm.call_method(v, "tobytes", &[])?;
        if let Some(b) = b.downcast::<BytesData>() {
            return Ok(b.data.borrow().clone());
        }
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        type_name(v)
    )))
}

/// `Unpickler.__init__(file, *, fix_imports=True, encoding='ASCII',
/// errors='strict', buffers=None)`; `file` None for `loads`.
pub fn init(
    vm: &mut Vm,
    u: &Value,
    file: Option<&Value>,
    fix_imports: Option<Value>,
    encoding: Option<Value>,
    errors: Option<Value>,
    buffers: Option<Value>,
) -> PyResult<()> {
    let d = data(vm, u)?;
    let fix = match fix_imports {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let text = |vm: &Vm, v: Option<Value>, default: &str, what: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) => as_str(&v).map(str::to_string).ok_or_else(|| {
                vm.type_error(format!(
                    "Unpickler() argument '{what}' must be str, not {}",
                    type_name(&v)
                ))
            }),
        }
    };
    let encoding = text(vm, encoding, "ASCII", "encoding")?;
    let errors = text(vm, errors, "strict", "errors")?;
    let buffers = match buffers.filter(|b| !b.is(&types().none)) {
        Some(b) => Some(vm.get_iter(&b)?),
        None => None,
    };
    let (read, readline) = match file {
        Some(f) => {
            let read = vm.lookup_attr(f, "read")?;
            let readline = vm.lookup_attr(f, "readline")?;
            match (read, readline) {
                (Some(r), Some(l)) => (Some(r), Some(l)),
                _ => {
                    return Err(vm.type_error("file must have 'read' and 'readline' attributes"));
                }
            }
        }
        None => (None, None),
    };
    *d.read.borrow_mut() = read;
    *d.readline.borrow_mut() = readline;
    d.fix_imports.set(fix);
    *d.encoding.borrow_mut() = encoding;
    *d.errors.borrow_mut() = errors;
    *d.buffers.borrow_mut() = buffers;
    let old = std::mem::take(&mut *d.memo.borrow_mut());
    drop(old);
    d.proto.set(0);
    d.ready.set(true);
    Ok(())
}

/// The pickle being read: what has been read of it and where reading is.
struct Input {
    buf: Vec<u8>,
    pos: usize,
    read: Option<Value>,
    readline: Option<Value>,
}

impl Input {
    /// Makes sure `n` more bytes are in the buffer (reading them from the
    /// file if there is one) and returns where they start; they are then
    /// consumed.
    fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<usize> {
        if self.buf.len() - self.pos >= n {
            let at = self.pos;
            self.pos += n;
            return Ok(at);
        }
        let Some(read) = self.read.clone() else {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        };
        self.buf.drain(..self.pos);
        self.pos = 0;
        let need = n - self.buf.len();
        let got = vm.call(&read, &[from_i64(need as i64)], &[])?;
        let Some(b) = got.downcast::<BytesData>() else {
            let r = vm.repr_string(&got.class())?;
            return Err(vm.value_error(format!("read() returned non-bytes object ({r})")));
        };
        let b = b.data.borrow();
        if b.len() < need {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        }
        self.buf.extend_from_slice(&b[..need]);
        self.pos = n;
        Ok(0)
    }

    /// A line, its newline included; returns its range in the buffer.
    fn line(&mut self, vm: &mut Vm) -> PyResult<(usize, usize)> {
        if let Some(i) = self.buf[self.pos..].iter().position(|&c| c == b'\n') {
            let at = self.pos;
            self.pos += i + 1;
            return Ok((at, self.pos));
        }
        let Some(readline) = self.readline.clone() else {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        };
        self.buf.drain(..self.pos);
        self.pos = 0;
        let got = vm.call(&readline, &[], &[])?;
        let Some(b) = got.downcast::<BytesData>() else {
            let r = vm.repr_string(&got.class())?;
            return Err(vm.value_error(format!("readline() returned non-bytes object ({r})")));
        };
        self.buf.extend_from_slice(&b.data.borrow());
        if self.buf.last() != Some(&b'\n') {
            return Err(unpickling_error(vm, "pickle data was truncated"));
        }
        self.pos = self.buf.len();
        Ok((0, self.pos))
    }
}

/// The reading of one pickle.
struct Loader<'a> {
    unpickler: &'a Value,
    input: Input,
    stack: Vec<Value>,
    /// Stack heights at the MARKs still open.
    marks: Vec<usize>,
    memo: Memo,
    proto: u8,
    fix_imports: bool,
    encoding: String,
    errors: String,
    buffers: Option<Value>,
    pers_load: Option<Value>,
    /// A `find_class` of a subclass; None for the native one.
    find_class: Option<Value>,
}

fn le_uint(b: &[u8]) -> u64 {
    let mut v = 0u64;
    for (i, &c) in b.iter().enumerate() {
        v |= u64::from(c) << (8 * i);
    }
    v
}

/// `pickle.decode_long`: little-endian two's complement.
fn decode_long(b: &[u8]) -> Value {
    if b.is_empty() {
        return from_i64(0);
    }
    from_bigint(num_bigint::BigInt::from_signed_bytes_le(b))
}

/// `PyBytes_DecodeEscape`: the body of a protocol 0 `STRING`.
fn escape_decode(vm: &Vm, b: &[u8]) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&n) = b.get(i) else {
            return Err(vm.value_error("Trailing \\ in string"));
        };
        i += 1;
        match n {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(n - b'0');
                for _ in 0..2 {
                    if let Some(&d) = b.get(i).filter(|d| (b'0'..=b'7').contains(d)) {
                        v = v * 8 + u32::from(d - b'0');
                        i += 1;
                    }
                }
                out.push(v as u8);
            }
            b'x' => {
                let hex = b
                    .get(i..i + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(v) = hex else {
                    return Err(vm.value_error(format!("invalid \\x escape at position {}", i - 2)));
                };
                out.push(v);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// `raw-unicode-escape` decoding (the argument of protocol 0 `UNICODE`).
fn raw_unicode_unescape(vm: &Vm, b: &[u8]) -> PyResult<String> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && matches!(b.get(i + 1), Some(b'u' | b'U')) {
            // An odd number of backslashes before makes it an escape.
            let mut k = 0;
            while k < i && b[i - 1 - k] == b'\\' {
                k += 1;
            }
            if k % 2 == 0 {
                let w = if b[i + 1] == b'u' { 4 } else { 8 };
                let digits = b.get(i + 2..i + 2 + w);
                let v = digits
                    .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|d| std::str::from_utf8(d).ok())
                    .and_then(|d| u32::from_str_radix(d, 16).ok());
                let Some(v) = v else {
                    return Err(vm.err(
                        &types().exc.unicode_decode_error,
                        format!(
                            "'rawunicodeescape' codec can't decode bytes in position {i}-{}: truncated \\{}XXXX escape",
                            (i + 1 + w).min(b.len() - 1),
                            b[i + 1] as char
                        ),
                    ));
                };
                match crate::objects::unicode::char_for(v) {
                    Some(ch) if v < 0x110000 => out.push(ch),
                    _ => {
                        return Err(vm.err(
                            &types().exc.unicode_decode_error,
                            format!(
                                "'rawunicodeescape' codec can't decode bytes in position {i}-{}: \\Uxxxxxxxx out of range",
                                i + 1 + w
                            ),
                        ));
                    }
                }
                i += 2 + w;
                continue;
            }
        }
        out.push(char::from(c));
        i += 1;
    }
    Ok(out)
}

/// Text of a protocol 0 argument line, without its newline.
fn line_text(b: &[u8]) -> &[u8] {
    b.strip_suffix(b"\n").unwrap_or(b)
}

impl Loader<'_> {
    fn underflow(&self, vm: &Vm) -> crate::vm::PyErr {
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
    fn fence(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    #[inline]
    fn pop(&mut self, vm: &Vm) -> PyResult<Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.pop().expect("stack above the fence"))
    }

    #[inline]
    fn top(&self, vm: &Vm) -> PyResult<&Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.last().expect("stack above the fence"))
    }

    fn pop_mark(&mut self, vm: &Vm) -> PyResult<usize> {
        self.marks
            .pop()
            .ok_or_else(|| unpickling_error(vm, "could not find MARK"))
    }

    fn pop_to_mark(&mut self, vm: &Vm) -> PyResult<Vec<Value>> {
        let k = self.pop_mark(vm)?;
        Ok(self.stack.split_off(k.min(self.stack.len())))
    }

    #[inline]
    fn byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        let at = self.input.take(vm, 1)?;
        Ok(self.input.buf[at])
    }

    fn uint(&mut self, vm: &mut Vm, n: usize) -> PyResult<u64> {
        let at = self.input.take(vm, n)?;
        Ok(le_uint(&self.input.buf[at..at + n]))
    }

    fn bytes(&mut self, vm: &mut Vm, n: u64) -> PyResult<Vec<u8>> {
        let n =
            usize::try_from(n).map_err(|_| vm.overflow_error("pickle argument is too large"))?;
        if n > isize::MAX as usize {
            return Err(vm.overflow_error("pickle argument is too large"));
        }
        let at = self.input.take(vm, n)?;
        Ok(self.input.buf[at..at + n].to_vec())
    }

    fn line(&mut self, vm: &mut Vm) -> PyResult<Vec<u8>> {
        let (a, b) = self.input.line(vm)?;
        Ok(line_text(&self.input.buf[a..b]).to_vec())
    }

    fn utf8(&self, vm: &mut Vm, b: &[u8]) -> PyResult<Value> {
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
    fn decode_string(&self, vm: &mut Vm, b: Vec<u8>) -> PyResult<Value> {
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

    fn memo_get(&mut self, vm: &Vm, i: u64) -> PyResult<()> {
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

    fn memo_put(&mut self, vm: &Vm, i: u64) -> PyResult<()> {
        let v = self.top(vm)?.clone();
        let i = usize::try_from(i).map_err(|_| vm.overflow_error("memo index too large"))?;
        self.memo.put(i, v);
        Ok(())
    }

    /// A memo index or int argument of protocol 0.
    fn line_int(&mut self, vm: &mut Vm) -> PyResult<i64> {
        let l = self.line(vm)?;
        std::str::from_utf8(&l)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| vm.value_error("could not convert string to int"))
    }

    fn find_class(&mut self, vm: &mut Vm, module: Value, name: Value) -> PyResult<Value> {
        match self.find_class.clone() {
            Some(f) => vm.call(&f, &[module, name], &[]),
            None => find_class(vm, self.proto, self.fix_imports, &module, &name),
        }
    }

    /// `cls(*args)`, or `cls.__new__(cls)` for a class without
    /// `__getinitargs__` and no arguments (INST and OBJ).
    fn instantiate(&mut self, vm: &mut Vm, cls: &Value, args: Vec<Value>) -> PyResult<()> {
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

    fn newobj(&mut self, vm: &mut Vm, ex: bool) -> PyResult<()> {
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

    fn ext(&mut self, vm: &mut Vm, code: i64) -> PyResult<()> {
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
    fn append_from(&mut self, vm: &mut Vm, x: usize) -> PyResult<()> {
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
    fn setitems_from(&mut self, vm: &mut Vm, x: usize) -> PyResult<()> {
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

    fn additems(&mut self, vm: &mut Vm) -> PyResult<()> {
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

    fn build(&mut self, vm: &mut Vm) -> PyResult<()> {
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

    fn persistent(&mut self, vm: &mut Vm, pid: Value) -> PyResult<()> {
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

    fn frame(&mut self, vm: &mut Vm) -> PyResult<()> {
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
    fn run(&mut self, vm: &mut Vm) -> PyResult<Value> {
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

/// The int of a protocol 0 INT or LONG line: as `int(text, 0)` reads it
/// (C's `strtol` for INT, which also takes a leading-zero octal).
fn parse_int_line(vm: &mut Vm, l: &[u8], long: bool) -> PyResult<Value> {
    let bad = |vm: &Vm| vm.value_error("could not convert string to int");
    let Ok(s) = std::str::from_utf8(l) else {
        return Err(bad(vm));
    };
    if let Ok(i) = s.parse::<i64>()
        && !(s.trim_start_matches(['-', '+']).starts_with('0')
            && s.trim_start_matches(['-', '+']).len() > 1)
    {
        return Ok(from_i64(i));
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) =
        if let Some(r) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, r)
        } else if let Some(r) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, r)
        } else if let Some(r) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, r)
        } else if !long && body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else if body.bytes().all(|c| c == b'0') && !body.is_empty() {
            return Ok(from_i64(0));
        } else {
            (10, body)
        };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return Err(bad(vm));
    }
    match num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix) {
        Some(v) => Ok(from_bigint(if neg { -v } else { v })),
        None => Err(bad(vm)),
    }
}

/// `Unpickler.find_class(module, name)` as the native unpickler does it.
fn find_class(
    vm: &mut Vm,
    proto: u8,
    fix_imports: bool,
    module: &Value,
    name: &Value,
) -> PyResult<Value> {
    let (Some(m), Some(n)) = (as_str(module), as_str(name)) else {
        return Err(vm.type_error("find_class(): module and name must be str"));
    };
    let mut m = m.to_string();
    let mut n = n.to_string();
    if proto < 3 && fix_imports {
        let names = compat_attr(vm, "NAME_MAPPING")?;
        let key = new_tuple(vec![new_str(&m), new_str(&n)]);
        let hit = match names.downcast::<DictData>() {
            Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
            None => None,
        };
        if let Some(item) = hit {
            let pair = item
                .downcast::<TupleData>()
                .filter(|t| t.items.len() == 2)
                .map(|t| t.items.to_vec());
            match pair.as_deref() {
                Some([a, b]) if as_str(a).is_some() && as_str(b).is_some() => {
                    m = as_str(a).unwrap_or("").to_string();
                    n = as_str(b).unwrap_or("").to_string();
                }
                _ => {
                    return Err(vm.type_error(format!(
                        "_compat_pickle.NAME_MAPPING values should be 2-tuples, not {}",
                        type_name(&item)
                    )));
                }
            }
        } else {
            let imports = compat_attr(vm, "IMPORT_MAPPING")?;
            let hit = match imports.downcast::<DictData>() {
                Some(d) => crate::objects::dict::get(vm, &d.table, &new_str(&m))?,
                None => None,
            };
            if let Some(item) = hit {
                match as_str(&item) {
                    Some(s) => m = s.to_string(),
                    None => {
                        return Err(vm.type_error(format!(
                            "_compat_pickle.IMPORT_MAPPING values should be strings, not {}",
                            type_name(&item)
                        )));
                    }
                }
            }
        }
    }
    let module = vm.import_module(&m)?;
    if proto >= 4 {
        Ok(deep_attribute(vm, &module, &n)?.0)
    } else {
        vm.getattr_str(&module, &n)
    }
}

/// Reads one pickle with the unpickler `u`, its input given.
fn run_load(vm: &mut Vm, u: &Value, input: Input) -> PyResult {
    let d = data(vm, u)?;
    if !d.ready.get() {
        return Err(unpickling_error(
            vm,
            format!(
                "Unpickler.__init__() was not called by {}.__init__()",
                type_name(u)
            ),
        ));
    }
    let exact = u.is_exact(&types().unpickler);
    let (pers_load, find) = if exact {
        (d.persistent_load.borrow().clone(), None)
    } else {
        let own = u.type_data().lookup("find_class").is_some_and(|f| {
            types()
                .unpickler
                .type_data_of_type()
                .dict
                .borrow()
                .get_str("find_class")
                .is_some_and(|g| g.is(&f))
        });
        (
            vm.lookup_attr(u, "persistent_load")?,
            if own {
                None
            } else {
                Some(vm.getattr_str(u, "find_class")?)
            },
        )
    };
    let mut l = Loader {
        unpickler: u,
        input,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: std::mem::take(&mut *d.memo.borrow_mut()),
        proto: 0,
        fix_imports: d.fix_imports.get(),
        encoding: d.encoding.borrow().clone(),
        errors: d.errors.borrow().clone(),
        buffers: d.buffers.borrow().clone(),
        pers_load,
        find_class: find,
    };
    let _ = l.unpickler;
    let r = l.run(vm);
    d.proto.set(l.proto);
    let memo = std::mem::take(&mut l.memo);
    {
        let mut m = d.memo.borrow_mut();
        if m.len == 0 {
            *m = memo;
        }
    }
    r
}

/// `Unpickler.load()`: from the file.
pub fn load(vm: &mut Vm, u: &Value) -> PyResult {
    let d = data(vm, u)?;
    let input = Input {
        buf: Vec::new(),
        pos: 0,
        read: d.read.borrow().clone(),
        readline: d.readline.borrow().clone(),
    };
    run_load(vm, u, input)
}

/// `loads`: from bytes.
pub fn load_from_bytes(vm: &mut Vm, u: &Value, buf: Vec<u8>) -> PyResult {
    let input = Input {
        buf,
        pos: 0,
        read: None,
        readline: None,
    };
    run_load(vm, u, input)
}

fn memo_dict(d: &UnpicklerData) -> Value {
    let mut table = DictTable::new();
    for (i, v) in d.memo.borrow().items() {
        table.set_fast(
            from_i64(i as i64),
            crate::objects::int::hash_small(i as i64),
            v,
        );
    }
    new_dict(table)
}

fn set_memo(vm: &mut Vm, d: &UnpicklerData, v: &Value) -> PyResult<()> {
    let v = if v.kind() != Kind::Dict
        && let Some(m) = vm.lookup_attr(v, "copy")?
    {
        vm.call(&m, &[], &[])?
    } else {
        v.clone()
    };
    let Some(dict) = v.downcast::<DictData>() else {
        return Err(vm.type_error(format!(
            "'memo' attribute must be an UnpicklerMemoProxy object or dict, not {}",
            type_name(&v)
        )));
    };
    let mut memo = Memo::default();
    for (k, item) in dict.table.borrow().items() {
        match crate::objects::int::to_i64(&k) {
            Some(i) if i >= 0 => memo.put(i as usize, item),
            Some(_) => return Err(vm.value_error("memo key must be positive integers.")),
            None => return Err(vm.type_error("memo key must be integers")),
        }
    }
    let old = std::mem::replace(&mut *d.memo.borrow_mut(), memo);
    drop(old);
    Ok(())
}

fn unpickler_init(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let (u, _) = this(vm, a)?;
    let mut file = a.get(1).cloned();
    if a.len() > 2 {
        return Err(vm.type_error(format!(
            "Unpickler() takes exactly 1 positional argument ({} given)",
            a.len() - 1
        )));
    }
    let mut rest = Vec::new();
    for (key, v) in k {
        if as_str(key) == Some("file") && file.is_none() {
            file = Some(v.clone());
        } else {
            rest.push((key.clone(), v.clone()));
        }
    }
    let Some(file) = file else {
        return Err(vm.type_error("Unpickler() missing required argument 'file' (pos 1)"));
    };
    let [fix_imports, encoding, errors, buffers] = super::load_kwargs(vm, "Unpickler", &rest)?;
    init(vm, u, Some(&file), fix_imports, encoding, errors, buffers)?;
    Ok(vm.none())
}

fn methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("__init__", unpickler_init),
        ("load", |vm, a, _| {
            let (u, _) = this(vm, a)?;
            check_args(vm, "load", &a[1..], 0, 0)?;
            load(vm, u)
        }),
        ("find_class", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            check_args(vm, "find_class", &a[1..], 2, 2)?;
            let proto = d.proto.get();
            let fix = d.fix_imports.get();
            find_class(vm, proto, fix, &a[1], &a[2])
        }),
        ("__sizeof__", |vm, a, _| {
            let (_, d) = this(vm, a)?;
            let n =
                std::mem::size_of::<UnpicklerData>() + 16 + d.memo.borrow().dense.capacity() * 8;
            Ok(from_i64(n as i64))
        }),
    ]
}

pub fn register_type() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.unpickler, "_pickle.Unpickler", &methods());
    let new = crate::objects::function::new_builtin("__new__", |vm, a, _| match a.first() {
        Some(cls)
            if crate::object::types::is_type(cls)
                && cls.type_data_of_type().kind == Kind::Unpickler =>
        {
            Ok(new_unpickler(cls))
        }
        _ => Err(vm.type_error("Unpickler.__new__(X): X is not a subtype of _pickle.Unpickler")),
    });
    let td = t.unpickler.type_data_of_type();
    let mut d = td.dict_mut();
    d.set_str(
        "__new__",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    d.set_str("__module__", new_str("_pickle"));
    let property = |name: &'static str, get: NativeFn, set: NativeFn| {
        Value::alloc(
            &t.property,
            crate::objects::descr::PropertyData {
                fget: RefCell::new(Some(crate::objects::function::new_builtin(name, get))),
                fset: RefCell::new(Some(crate::objects::function::new_builtin(name, set))),
                fdel: RefCell::new(None),
                doc: RefCell::new(None),
            },
        )
    };
    d.set_str(
        "memo",
        property(
            "memo",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                Ok(memo_dict(d))
            },
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "memo", &a[1..], 1, 1)?;
                set_memo(vm, d, &a[1])?;
                Ok(vm.none())
            },
        ),
    );
    d.set_str(
        "persistent_load",
        property(
            "persistent_load",
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                d.persistent_load
                    .borrow()
                    .clone()
                    .ok_or_else(|| vm.attribute_error("persistent_load"))
            },
            |vm, a, _| {
                let (_, d) = this(vm, a)?;
                check_args(vm, "persistent_load", &a[1..], 1, 1)?;
                if !crate::builtins::is_callable(&a[1]) {
                    return Err(
                        vm.type_error("persistent_load must be a callable taking one argument")
                    );
                }
                *d.persistent_load.borrow_mut() = Some(a[1].clone());
                Ok(vm.none())
            },
        ),
    );
}
