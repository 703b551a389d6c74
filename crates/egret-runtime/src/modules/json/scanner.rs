//! `_json.make_scanner`: the `Scanner` type. `Scanner(context)` reads the
//! decoder's settings once (`strict`, `object_hook`, `object_pairs_hook`,
//! `parse_float`, `parse_int`, `parse_constant`); calling it with
//! `(string, idx)` decodes the JSON value starting at `idx` and returns it
//! with the index after it, or raises `StopIteration(idx)` when no value
//! starts there, as `_json.c`'s scanner does (the same positions, the same
//! `JSONDecodeError` messages, keys of one document shared through a memo).

use super::{Text, decode_error, scan_string};
use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictTable, new_dict};
use crate::objects::float::new_float;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::native::{new_native, with_state};
use crate::objects::str::{StrData, new_str};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, clinic_args};
use crate::vm::{PyResult, Vm};

/// The settings a scanner read from its context.
#[derive(Clone)]
struct Settings {
    strict: bool,
    object_hook: Value,
    object_pairs_hook: Value,
    parse_float: Value,
    parse_int: Value,
    parse_constant: Value,
}

crate::gil_local! {
    static SCANNER: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// The `_json.Scanner` type (the module's `make_scanner`).
pub(super) fn scanner_type() -> Value {
    SCANNER.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                super::callable_type(
                    "Scanner",
                    scanner_new,
                    scanner_call,
                    &[
                        ("strict", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| crate::vm::py_bool(s.strict))
                        }),
                        ("object_hook", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.object_hook)
                        }),
                        ("object_pairs_hook", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.object_pairs_hook)
                        }),
                        ("parse_float", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.parse_float)
                        }),
                        ("parse_int", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.parse_int)
                        }),
                        ("parse_constant", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.parse_constant)
                        }),
                    ],
                )
            })
            .clone()
    })
}

fn settings(vm: &Vm, v: &Value) -> PyResult<Settings> {
    with_state(vm, v, "_json.Scanner", |s: &mut Settings| s.clone())
}

/// `make_scanner(context)`.
fn scanner_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let [ctx] = clinic_args(
        vm,
        "make_scanner",
        a.get(1..).unwrap_or(&[]),
        k,
        ["context"],
        1,
    )?;
    let ctx = ctx.unwrap_or_else(|| types().none.clone());
    let strict = vm.getattr_str(&ctx, "strict")?;
    let strict = vm.truthy(&strict)?;
    let settings = Settings {
        strict,
        object_hook: vm.getattr_str(&ctx, "object_hook")?,
        object_pairs_hook: vm.getattr_str(&ctx, "object_pairs_hook")?,
        parse_float: vm.getattr_str(&ctx, "parse_float")?,
        parse_int: vm.getattr_str(&ctx, "parse_int")?,
        parse_constant: vm.getattr_str(&ctx, "parse_constant")?,
    };
    Ok(new_native(&scanner_type(), settings))
}

/// `scanner(string, idx)`: `(value, end)`.
fn scanner_call(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = settings(vm, &a[0])?;
    let [string, idx] = clinic_args(vm, "scan_once", &a[1..], k, ["string", "idx"], 2)?;
    let (Some(doc), Some(idx)) = (string, idx) else {
        unreachable!("both arguments are required");
    };
    let Some(sd) = doc.downcast::<StrData>() else {
        return Err(vm.type_error(format!(
            "first argument must be a string, not {}",
            doc.type_data().name
        )));
    };
    let idx = vm.index_value(&idx)?;
    if idx < 0 {
        return Err(vm.value_error("idx cannot be negative"));
    }
    let idx = idx as usize;
    if idx >= sd.char_len() {
        return Err(vm.stop_iteration(Some(from_i64(idx as i64))));
    }
    let (value, end) = match Text::of(sd, idx) {
        Text::Ascii(b) => Scan::new(&s, &doc, b).value(vm, idx)?,
        Text::Wide(v) => Scan::new(&s, &doc, &v).value(vm, idx)?,
    };
    Ok(new_tuple(vec![value, from_i64(end as i64)]))
}

/// What follows an item of an object or array (`Scan::after_item`).
enum After {
    /// The closing bracket, at this index.
    Close(usize),
    /// A comma, and the next item at this index.
    Item(usize),
}

/// One call of a scanner over one document.
struct Scan<'a, T> {
    s: &'a Settings,
    doc: &'a Value,
    text: &'a [T],
    /// The keys decoded so far: equal keys become one object.
    memo: rustc_hash::FxHashMap<Box<str>, Value>,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl<'a, T: Copy + Into<char>> Scan<'a, T> {
    fn new(s: &'a Settings, doc: &'a Value, text: &'a [T]) -> Self {
        Scan {
            s,
            doc,
            text,
            memo: rustc_hash::FxHashMap::default(),
        }
    }

    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        self.text.get(i).map(|&c| c.into())
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    /// Whether `word` is at `i`.
    fn has(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    fn stop(&self, vm: &Vm, i: usize) -> crate::vm::PyErr {
        vm.stop_iteration(Some(from_i64(i as i64)))
    }

    /// The value starting at `i` and the index after it.
    fn value(&mut self, vm: &mut Vm, i: usize) -> PyResult<(Value, usize)> {
        let Some(c) = self.at(i) else {
            return Err(self.stop(vm, i));
        };
        let t = types();
        match c {
            '"' => {
                let (s, end) = scan_string(vm, self.doc, self.text, i + 1, self.s.strict)?;
                Ok((new_str(&s), end))
            }
            '{' => {
                vm.enter_recursive(" while decoding a JSON object from a unicode string")?;
                let r = self.object(vm, i + 1);
                vm.leave_recursive();
                r
            }
            '[' => {
                vm.enter_recursive(" while decoding a JSON array from a unicode string")?;
                let r = self.array(vm, i + 1);
                vm.leave_recursive();
                r
            }
            'n' if self.has(i, "null") => Ok((t.none.clone(), i + 4)),
            't' if self.has(i, "true") => Ok((t.true_.clone(), i + 4)),
            'f' if self.has(i, "false") => Ok((t.false_.clone(), i + 5)),
            'N' if self.has(i, "NaN") => self.constant(vm, "NaN", i),
            'I' if self.has(i, "Infinity") => self.constant(vm, "Infinity", i),
            '-' if self.has(i, "-Infinity") => self.constant(vm, "-Infinity", i),
            _ => self.number(vm, i),
        }
    }

    fn constant(&mut self, vm: &mut Vm, name: &str, i: usize) -> PyResult<(Value, usize)> {
        let v = vm.call(&self.s.parse_constant.clone(), &[new_str(name)], &[])?;
        Ok((v, i + name.chars().count()))
    }

    fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// A number at `start`, as `_json.c` matches one (ASCII digits only).
    fn number(&mut self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('1'..='9') => {
                i += 1;
                while self.is_digit(i) {
                    i += 1;
                }
            }
            Some('0') => i += 1,
            _ => return Err(self.stop(vm, start)),
        }
        let mut is_float = false;
        if self.at(i) == Some('.') && self.is_digit(i + 1) {
            is_float = true;
            i += 2;
            while self.is_digit(i) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let e_start = i;
            i += 1;
            if matches!(self.at(i), Some('-' | '+')) {
                i += 1;
            }
            let digits = i;
            while self.is_digit(i) {
                i += 1;
            }
            if i > digits {
                is_float = true;
            } else {
                i = e_start;
            }
        }
        let numstr: String = self.text[start..i].iter().map(|&c| c.into()).collect();
        let t = types();
        let value = if is_float {
            if self.s.parse_float.is(&t.float) {
                new_float(numstr.parse::<f64>().unwrap_or(f64::NAN))
            } else {
                vm.call(&self.s.parse_float.clone(), &[new_str(&numstr)], &[])?
            }
        } else if self.s.parse_int.is(&t.int) && numstr.len() <= 18 {
            from_i64(numstr.parse::<i64>().unwrap_or(0))
        } else {
            vm.call(&self.s.parse_int.clone(), &[new_str(&numstr)], &[])?
        };
        Ok((value, i))
    }

    /// A key: one object per distinct key in the document.
    fn key(&mut self, vm: &mut Vm, i: usize) -> PyResult<(Value, usize)> {
        let (s, end) = scan_string(vm, self.doc, self.text, i, self.s.strict)?;
        if let Some(k) = self.memo.get(s.as_str()) {
            return Ok((k.clone(), end));
        }
        let k = new_str(&s);
        self.memo.insert(s.into_boxed_str(), k.clone());
        Ok((k, end))
    }

    /// What follows an item of an object or array ending at `i`: its
    /// `close` bracket, or a comma and the next item.
    fn after_item(&self, vm: &mut Vm, i: usize, close: char) -> PyResult<After> {
        let i = self.skip_ws(i);
        match self.at(i) {
            Some(c) if c == close => Ok(After::Close(i)),
            Some(',') => Ok(After::Item(self.skip_ws(i + 1))),
            _ => Err(decode_error(vm, "Expecting ',' delimiter", self.doc, i)),
        }
    }

    /// The object whose `{` is just before `i`.
    fn object(&mut self, vm: &mut Vm, i: usize) -> PyResult<(Value, usize)> {
        let pairs_hook = !self.s.object_pairs_hook.is(&types().none);
        let mut pairs: Vec<Value> = Vec::new();
        let mut table = DictTable::new();
        let mut i = self.skip_ws(i);
        if self.at(i) != Some('}') {
            loop {
                if self.at(i) != Some('"') {
                    return Err(decode_error(
                        vm,
                        "Expecting property name enclosed in double quotes",
                        self.doc,
                        i,
                    ));
                }
                let (key, next) = self.key(vm, i + 1)?;
                i = self.skip_ws(next);
                if self.at(i) != Some(':') {
                    return Err(decode_error(vm, "Expecting ':' delimiter", self.doc, i));
                }
                i = self.skip_ws(i + 1);
                let (val, next) = self.value(vm, i)?;
                if pairs_hook {
                    pairs.push(new_tuple(vec![key, val]));
                } else {
                    let hash = key.downcast::<StrData>().map_or(0, StrData::hash);
                    table.set_fast(key, hash, val);
                }
                match self.after_item(vm, next, '}')? {
                    After::Close(end) => {
                        i = end;
                        break;
                    }
                    After::Item(next) => i = next,
                }
            }
        }
        let end = i + 1;
        if pairs_hook {
            let v = vm.call(&self.s.object_pairs_hook.clone(), &[new_list(pairs)], &[])?;
            return Ok((v, end));
        }
        let d = new_dict(table);
        if self.s.object_hook.is(&types().none) {
            return Ok((d, end));
        }
        let v = vm.call(&self.s.object_hook.clone(), &[d], &[])?;
        Ok((v, end))
    }

    /// The array whose `[` is just before `i`.
    fn array(&mut self, vm: &mut Vm, i: usize) -> PyResult<(Value, usize)> {
        let mut items = Vec::new();
        let mut i = self.skip_ws(i);
        if self.at(i) != Some(']') {
            loop {
                let (val, next) = self.value(vm, i)?;
                items.push(val);
                match self.after_item(vm, next, ']')? {
                    After::Close(end) => {
                        i = end;
                        break;
                    }
                    After::Item(next) => i = next,
                }
            }
        }
        Ok((new_list(items), i + 1))
    }
}
