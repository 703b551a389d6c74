//! `pyexpat`: the XML parser `xml.parsers.expat`, ElementTree, minidom,
//! sax, plistlib and xmlrpc build on. The tokenizer is Rust (`scanner.rs`:
//! incremental, expat's events, error codes and positions); the parser
//! object's interface (handler attributes, buffering of character data,
//! namespace processing, attribute defaults, errors) is the Python layer in
//! `pyexpat.py`, compiled into the module when it is first imported, but
//! for the events every document is made of (character data, start and end
//! tags), which `dispatch.rs` hands to the handlers itself.

mod dispatch;
mod scanner;

use crate::object::Value;
use crate::object::types::types;
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::module::new_module;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

use scanner::{Arg, Scanner};

const SOURCE: &str = include_str!("pyexpat.py");

crate::gil_local! {
    static SCANNER_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

fn scanner_type() -> Value {
    SCANNER_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let ty = native_type("pyexpat._Scanner");
                crate::objects::str_methods::add_methods(&ty, "_Scanner", SCANNER_METHODS);
                ty
            })
            .clone()
    })
}

crate::gil_local! {
    static EVENTS_TYPE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// The type of what `_scanner.feed` returns: the events of one call, for
/// `_dispatch_events`.
fn events_type() -> Value {
    EVENTS_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| native_type("pyexpat._Events"))
            .clone()
    })
}

/// `_dispatch_events(parser, events)`: see `dispatch.rs`.
fn dispatch_events(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "_dispatch_events", k)?;
    check_args(vm, "_dispatch_events", a, 2, 2)?;
    let events = with_state(
        vm,
        &a[1],
        "pyexpat._Events",
        |e: &mut Vec<scanner::Event>| std::mem::take(e),
    )?;
    dispatch::dispatch_events(vm, &a[0], events)?;
    Ok(types().none.clone())
}

fn to_value(a: Arg) -> Value {
    match a {
        Arg::S(s) => new_str(&s),
        Arg::N(n) => from_i64(n),
        Arg::Nothing => types().none.clone(),
        Arg::List(v) => new_list(v.into_iter().map(to_value).collect()),
        Arg::Tuple(v) => new_tuple(v.into_iter().map(to_value).collect()),
    }
}

fn bytes_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = v.downcast::<BytesData>() {
        return Ok(b.data.borrow().clone());
    }
    if let Some(s) = crate::objects::str::as_str(v) {
        return Ok(s.as_bytes().to_vec());
    }
    let b = vm.call_method(v, "tobytes", &[])?;
    match b.downcast::<BytesData>() {
        Some(b) => Ok(b.data.borrow().clone()),
        None => Err(vm.type_error("a bytes-like object is required")),
    }
}

const SCANNER_METHODS: &[(&str, NativeFn)] = &[
    // feed(data, isfinal, want_raw) -> (events, error or None, consumed)
    ("feed", |vm, a, k| {
        no_kwargs(vm, "feed", k)?;
        check_args(vm, "feed", &a[1..], 3, 3)?;
        let data = bytes_of(vm, &a[1])?;
        let last = vm.truthy(&a[2])?;
        let raw = vm.truthy(&a[3])?;
        let (evs, err, consumed) = with_state(vm, &a[0], "pyexpat._Scanner", |s: &mut Scanner| {
            s.want_raw = raw;
            let (evs, err) = s.feed(&data, last);
            (evs, err, s.consumed)
        })?;
        let none = types().none.clone();
        let events = new_native(&events_type(), evs);
        let err = match err {
            Some((code, pos, line, col)) => new_tuple(vec![
                from_i64(code),
                from_i64(pos as i64),
                from_i64(line as i64),
                from_i64(col as i64),
            ]),
            None => none,
        };
        Ok(new_tuple(vec![events, err, from_i64(consumed as i64)]))
    }),
    ("fragment", |vm, a, _| {
        with_state(vm, &a[0], "pyexpat._Scanner", |s: &mut Scanner| {
            s.set_fragment()
        })?;
        Ok(types().none.clone())
    }),
    ("position", |vm, a, _| {
        let (l, c) = with_state(vm, &a[0], "pyexpat._Scanner", |s: &mut Scanner| {
            s.position()
        })?;
        Ok(new_tuple(vec![from_i64(l as i64), from_i64(c as i64)]))
    }),
];

fn new_scanner(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "_scanner", k)?;
    check_args(vm, "_scanner", a, 0, 0)?;
    Ok(new_native(&scanner_type(), Scanner::new()))
}

/// Makes the module: the native tokenizer, then the Python layer run in the
/// module's namespace.
pub fn load(vm: &mut Vm) -> PyResult {
    let ns = new_dict(DictTable::new());
    let m = new_module("pyexpat", ns.clone());
    {
        let d = ns.downcast::<DictData>().expect("dict");
        let mut t = d.table.borrow_mut();
        t.set_str("__builtins__", vm.builtins.clone());
        t.set_str(
            "_scanner",
            crate::objects::function::new_module_function(
                "_scanner",
                new_scanner,
                "pyexpat".into(),
            ),
        );
        t.set_str(
            "_dispatch_events",
            crate::objects::function::new_module_function(
                "_dispatch_events",
                dispatch_events,
                "pyexpat".into(),
            ),
        );
        t.set_str("_empty", new_bytes(Vec::new()));
    }
    super::run_layer(vm, SOURCE, "<pyexpat>", &ns)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::scanner::{Arg, Scanner, ev};

    fn kinds(chunks: &[&[u8]]) -> (Vec<(i64, Vec<Arg>)>, Option<i64>) {
        let mut s = Scanner::new();
        let mut out = Vec::new();
        for (n, c) in chunks.iter().enumerate() {
            let (evs, err) = s.feed(c, n + 1 == chunks.len());
            out.extend(evs.into_iter().map(|e| (e.kind, e.args)));
            if let Some(e) = err {
                return (out, Some(e.0));
            }
        }
        (out, None)
    }

    #[test]
    fn chunked_input_gives_the_same_elements() {
        let doc: &[u8] = b"<a x='1'><b>t&amp;u</b><!--c--></a>";
        let (whole, err) = kinds(&[doc]);
        assert_eq!(err, None);
        let pieces: Vec<&[u8]> = doc.chunks(3).collect();
        let (split, err2) = kinds(&pieces);
        assert_eq!(err2, None);
        let starts = |v: &Vec<(i64, Vec<Arg>)>| v.iter().filter(|e| e.0 == ev::START).count();
        assert_eq!(starts(&whole), 2);
        assert_eq!(starts(&split), 2);
    }

    #[test]
    fn errors_have_expat_codes() {
        assert_eq!(kinds(&[b"<a></b>"]).1, Some(7));
        assert_eq!(kinds(&[b""]).1, Some(3));
        assert_eq!(kinds(&[b"<a/><b/>"]).1, Some(9));
        assert_eq!(kinds(&[b"<a>&foo;</a>"]).1, Some(11));
    }
}
