//! `_json.make_encoder`: the `Encoder` type. `Encoder(markers, default,
//! encoder, indent, key_separator, item_separator, sort_keys, skipkeys,
//! allow_nan)` holds an encoder's settings; calling it with
//! `(obj, _current_indent_level)` returns a one-element list holding the
//! JSON text of `obj`, as `_json.c`'s encoder does: the same order of
//! type checks, the same errors, cycles found through `markers` (a dict
//! keyed by `id`), `default` called for anything else. Like CPython
//! 3.11's, it leaves `indent` to the pure-Python encoder (`json` only uses
//! this one when `indent` is None).

use super::quote_into;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::DictData;
use crate::objects::function::BuiltinFunctionData;
use crate::objects::int::{IntData, to_decimal};
use crate::objects::list::{ListData, new_list};
use crate::objects::native::{new_native, with_state};
use crate::objects::str::{StrData, as_str, new_str};
use crate::objects::tuple::TupleData;
use crate::protocols::args::{Kw, clinic_args};
use crate::vm::{PyResult, Vm, py_bool};

/// How strings are written: by our own `encode_basestring(_ascii)`
/// without a call, or by calling the given encoder.
#[derive(Clone, Copy, PartialEq)]
enum Quote {
    Ascii,
    Unicode,
    Call,
}

#[derive(Clone)]
struct Settings {
    markers: Value,
    default: Value,
    encoder: Value,
    indent: Value,
    key_separator: Value,
    item_separator: Value,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
    quote: Quote,
}

crate::gil_local! {
    static ENCODER: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// The `_json.Encoder` type (the module's `make_encoder`).
pub(super) fn encoder_type() -> Value {
    ENCODER.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                super::callable_type(
                    "Encoder",
                    encoder_new,
                    encoder_call,
                    &[
                        ("markers", |vm, a, _| settings(vm, &a[0]).map(|s| s.markers)),
                        ("default", |vm, a, _| settings(vm, &a[0]).map(|s| s.default)),
                        ("encoder", |vm, a, _| settings(vm, &a[0]).map(|s| s.encoder)),
                        ("indent", |vm, a, _| settings(vm, &a[0]).map(|s| s.indent)),
                        ("key_separator", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.key_separator)
                        }),
                        ("item_separator", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| s.item_separator)
                        }),
                        ("sort_keys", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| py_bool(s.sort_keys))
                        }),
                        ("skipkeys", |vm, a, _| {
                            settings(vm, &a[0]).map(|s| py_bool(s.skipkeys))
                        }),
                    ],
                )
            })
            .clone()
    })
}

fn settings(vm: &Vm, v: &Value) -> PyResult<Settings> {
    with_state(vm, v, "_json.Encoder", |s: &mut Settings| s.clone())
}

const NAMES: [&str; 9] = [
    "markers",
    "default",
    "encoder",
    "indent",
    "key_separator",
    "item_separator",
    "sort_keys",
    "skipkeys",
    "allow_nan",
];

/// `make_encoder(markers, default, encoder, indent, key_separator,
/// item_separator, sort_keys, skipkeys, allow_nan)`.
fn encoder_new(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let args = clinic_args(vm, "make_encoder", a.get(1..).unwrap_or(&[]), k, NAMES, 9)?;
    let [
        Some(markers),
        Some(default),
        Some(encoder),
        Some(indent),
        Some(key_separator),
        Some(item_separator),
        Some(sort_keys),
        Some(skipkeys),
        Some(allow_nan),
    ] = args
    else {
        unreachable!("all nine arguments are required");
    };
    for (pos, sep) in [(5, &key_separator), (6, &item_separator)] {
        if sep.kind() != Kind::Str {
            return Err(vm.type_error(format!(
                "make_encoder() argument {pos} must be str, not {}",
                sep.type_data().name
            )));
        }
    }
    let sort_keys = vm.truthy(&sort_keys)?;
    let skipkeys = vm.truthy(&skipkeys)?;
    let allow_nan = vm.truthy(&allow_nan)?;
    if !markers.is(&types().none) && markers.kind() != Kind::Dict {
        return Err(vm.type_error(format!(
            "make_encoder() argument 1 must be dict or None, not {}",
            markers.type_data().name
        )));
    }
    let quote = match encoder.downcast::<BuiltinFunctionData>() {
        Some(f) if f.bound.is_none() && f.module.as_deref() == Some("_json") => match f.name {
            "encode_basestring_ascii" => Quote::Ascii,
            "encode_basestring" => Quote::Unicode,
            _ => Quote::Call,
        },
        _ => Quote::Call,
    };
    let s = Settings {
        markers,
        default,
        encoder,
        indent,
        key_separator,
        item_separator,
        sort_keys,
        skipkeys,
        allow_nan,
        quote,
    };
    Ok(new_native(&encoder_type(), s))
}

/// `encoder(obj, _current_indent_level)`: `[text]`.
fn encoder_call(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = settings(vm, &a[0])?;
    let [obj, level] = clinic_args(
        vm,
        "_iterencode",
        &a[1..],
        k,
        ["obj", "_current_indent_level"],
        2,
    )?;
    let (Some(obj), Some(level)) = (obj, level) else {
        unreachable!("both arguments are required");
    };
    vm.index_value(&level)?;
    let mut enc = Encode {
        key_sep: as_str(&s.key_separator).unwrap_or("").to_string(),
        item_sep: as_str(&s.item_separator).unwrap_or("").to_string(),
        s,
        out: String::new(),
    };
    enc.obj(vm, &obj)?;
    Ok(new_list(vec![new_str(&enc.out)]))
}

/// One call of an encoder.
struct Encode {
    s: Settings,
    key_sep: String,
    item_sep: String,
    out: String,
}

impl Encode {
    fn obj(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let t = types();
        if obj.is(&t.none) {
            self.out.push_str("null");
        } else if obj.is(&t.true_) {
            self.out.push_str("true");
        } else if obj.is(&t.false_) {
            self.out.push_str("false");
        } else if obj.kind() == Kind::Str {
            self.string(vm, obj)?;
        } else if obj.is_small() || obj.kind() == Kind::Int {
            let text = Self::int_text(vm, obj)?;
            self.out.push_str(&text);
        } else if obj.kind() == Kind::Float {
            let f = crate::objects::float::float_of(obj).unwrap_or(0.0);
            let text = self.float_text(vm, f)?;
            self.out.push_str(&text);
        } else if matches!(obj.kind(), Kind::List | Kind::Tuple) {
            vm.enter_recursive(" while encoding a JSON object")?;
            let r = self.list(vm, obj);
            vm.leave_recursive();
            r?;
        } else if obj.kind() == Kind::Dict {
            vm.enter_recursive(" while encoding a JSON object")?;
            let r = self.dict(vm, obj);
            vm.leave_recursive();
            r?;
        } else {
            let ident = self.mark(vm, obj)?;
            let new = vm.call(&self.s.default.clone(), std::slice::from_ref(obj), &[])?;
            vm.enter_recursive(" while encoding a JSON object")?;
            let r = self.obj(vm, &new);
            vm.leave_recursive();
            r?;
            self.unmark(vm, ident)?;
        }
        Ok(())
    }

    /// `int.__repr__` of an int (or int subclass instance).
    fn int_text(vm: &Vm, obj: &Value) -> PyResult<String> {
        match (obj.as_small(), obj.downcast::<IntData>()) {
            (Some(i), _) => Ok(i.to_string()),
            (None, Some(d)) => to_decimal(vm, &d.0),
            (None, None) => Ok(String::new()),
        }
    }

    /// `float.__repr__`, or the names JSON gives the non-finite floats.
    fn float_text(&self, vm: &Vm, f: f64) -> PyResult<String> {
        if f.is_finite() {
            return Ok(crate::objects::float::float_repr(f));
        }
        if !self.s.allow_nan {
            return Err(vm.value_error("Out of range float values are not JSON compliant"));
        }
        Ok(if f > 0.0 {
            "Infinity"
        } else if f < 0.0 {
            "-Infinity"
        } else {
            "NaN"
        }
        .to_string())
    }

    fn string(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        fn text(v: &Value) -> &str {
            v.downcast::<StrData>().map_or("", StrData::as_str)
        }
        match self.s.quote {
            Quote::Ascii => quote_into(text(obj), true, &mut self.out),
            Quote::Unicode => quote_into(text(obj), false, &mut self.out),
            Quote::Call => {
                let r = vm.call(&self.s.encoder.clone(), std::slice::from_ref(obj), &[])?;
                if r.kind() != Kind::Str {
                    return Err(vm.type_error(format!(
                        "encoder() must return a string, not {}",
                        r.type_data().name
                    )));
                }
                self.out.push_str(text(&r));
            }
        }
        Ok(())
    }

    /// Records `obj` in `markers` (a cycle if it is there already); the
    /// key to remove afterwards.
    fn mark(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
        let Some(d) = self.s.markers.downcast::<DictData>() else {
            return Ok(None);
        };
        let ident = crate::objects::int::from_i64(obj.id());
        if crate::objects::dict::contains(vm, &d.table, &ident)? {
            return Err(vm.value_error("Circular reference detected"));
        }
        crate::objects::dict::set(vm, &d.table, ident.clone(), obj.clone())?;
        Ok(Some(ident))
    }

    fn unmark(&mut self, vm: &mut Vm, ident: Option<Value>) -> PyResult<()> {
        if let (Some(ident), Some(d)) = (ident, self.s.markers.downcast::<DictData>())
            && crate::objects::dict::del(vm, &d.table, &ident)?.is_none()
        {
            return Err(vm.key_error(ident));
        }
        Ok(())
    }

    fn list(&mut self, vm: &mut Vm, seq: &Value) -> PyResult<()> {
        // A list is read live, as `_json.c` reads it: `default` may
        // shrink it while it is being written.
        let item_at = |i: usize| -> Option<Value> {
            if let Some(l) = seq.downcast::<ListData>() {
                l.items.borrow().get(i).cloned()
            } else {
                seq.downcast::<TupleData>()
                    .and_then(|t| t.items.get(i).cloned())
            }
        };
        if item_at(0).is_none() {
            self.out.push_str("[]");
            return Ok(());
        }
        let ident = self.mark(vm, seq)?;
        self.out.push('[');
        let mut i = 0;
        while let Some(item) = item_at(i) {
            if i > 0 {
                self.out.push_str(&self.item_sep);
            }
            self.obj(vm, &item)?;
            i += 1;
        }
        self.unmark(vm, ident)?;
        self.out.push(']');
        Ok(())
    }

    fn dict(&mut self, vm: &mut Vm, dct: &Value) -> PyResult<()> {
        let Some(d) = dct.downcast::<DictData>() else {
            return Ok(());
        };
        if d.table.borrow().is_empty() {
            self.out.push_str("{}");
            return Ok(());
        }
        let ident = self.mark(vm, dct)?;
        self.out.push('{');
        // The items as `PyMapping_Items` gives them: a dict subclass's
        // own `items()`.
        let items: Vec<(Value, Value)> = if dct.is_exact(&types().dict) && !self.s.sort_keys {
            d.table.borrow().items()
        } else {
            let list = if dct.is_exact(&types().dict) {
                new_list(
                    d.table
                        .borrow()
                        .items()
                        .into_iter()
                        .map(|(k, v)| crate::objects::tuple::new_tuple(vec![k, v]))
                        .collect(),
                )
            } else {
                let view = vm.call_method(dct, "items", &[])?;
                vm.call(&types().list, &[view], &[])?
            };
            if self.s.sort_keys {
                vm.call_method(&list, "sort", &[])?;
            }
            let snapshot = list
                .downcast::<ListData>()
                .map(|l| l.items.borrow().clone())
                .unwrap_or_default();
            let mut pairs = Vec::with_capacity(snapshot.len());
            for item in snapshot {
                match item.downcast::<TupleData>().map(|t| &*t.items) {
                    Some([k, v]) => pairs.push((k.clone(), v.clone())),
                    _ => return Err(vm.value_error("items must return tuples of 2 elements")),
                }
            }
            pairs
        };
        let t = types();
        let mut first = true;
        for (key, value) in items {
            let kstr: Value = if key.kind() == Kind::Str {
                key
            } else if key.kind() == Kind::Float {
                let f = crate::objects::float::float_of(&key).unwrap_or(0.0);
                new_str(&self.float_text(vm, f)?)
            } else if key.is(&t.true_) || key.is(&t.false_) || key.is(&t.none) {
                new_str(if key.is(&t.true_) {
                    "true"
                } else if key.is(&t.false_) {
                    "false"
                } else {
                    "null"
                })
            } else if key.is_small() || key.kind() == Kind::Int {
                new_str(&Self::int_text(vm, &key)?)
            } else if self.s.skipkeys {
                continue;
            } else {
                return Err(vm.type_error(format!(
                    "keys must be str, int, float, bool or None, not {}",
                    key.type_data().name
                )));
            };
            if !first {
                self.out.push_str(&self.item_sep);
            }
            first = false;
            self.string(vm, &kstr)?;
            self.out.push_str(&self.key_sep);
            self.obj(vm, &value)?;
        }
        self.unmark(vm, ident)?;
        self.out.push('}');
        Ok(())
    }
}
