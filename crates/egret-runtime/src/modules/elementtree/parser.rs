//! `_elementtree.XMLParser`: a `pyexpat` parser (created with `}` as the
//! namespace separator, buffered text and ordered attributes) whose
//! element, namespace, entity and doctype handlers are native functions
//! of this module. With a `TreeBuilder` target (the default) they build
//! the tree directly, as CPython's C module does; any other target gets
//! its methods called. Errors of the document become `ParseError`s with
//! `code` and `position`.
//!
//! The handlers reach the parser through a weak reference, so the `pyexpat`
//! parser the XMLParser holds does not hold it back (no cycle to collect).

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::{TreeBuilderData, module_types, none};
use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::{BuiltinFunctionData, NativeFn};
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyErr, PyResult, Vm};

pub struct XmlParserData {
    state: RefCell<Option<Parser>>,
}

impl Payload for XmlParserData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::XmlParser
    }
}

/// An initialised parser (`__init__` has run).
struct Parser {
    /// The `pyexpat` parser.
    expat: Value,
    target: Value,
    /// `entity`: replacement text of entities the document does not declare.
    entity: Value,
    version: Value,
    /// Names as expat reports them (`uri}local`) to names as ElementTree
    /// has them (`{uri}local`).
    names: FxHashMap<String, Value>,
    /// The target is an exact `TreeBuilder`: its methods are not looked up.
    builder: bool,
    start: Option<Value>,
    end: Option<Value>,
    data: Option<Value>,
    start_ns: Option<Value>,
    end_ns: Option<Value>,
    close: Option<Value>,
    doctype: Option<Value>,
}

crate::gil_local! {
    static PARSER_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
    static PARSE_ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `ParseError`, a SyntaxError (the class `xml.etree.ElementTree` exports).
pub fn parse_error_type() -> Value {
    PARSE_ERROR.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let tt = types();
                let mut ns = DictTable::new();
                ns.set_str("__module__", new_str("xml.etree.ElementTree"));
                crate::object::types::new_class(
                    &tt.type_,
                    "ParseError",
                    vec![tt.exc.syntax_error.clone()],
                    ns,
                )
                .expect("a subclass of SyntaxError")
            })
            .clone()
    })
}

pub fn parser_type() -> Value {
    PARSER_TYPE.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let tt = types();
                let ty = crate::object::types::extension_type(
                    "xml.etree.ElementTree.XMLParser",
                    Kind::XmlParser,
                    &tt.object,
                    &tt.type_,
                );
                crate::objects::str_methods::add_methods(&ty, "XMLParser", PARSER_METHODS);
                for name in ["target", "entity", "version"] {
                    crate::object::slots::add_getset(&ty, name);
                }
                ty.type_data_of_type()
                    .dict_mut()
                    .set_str("__module__", new_str("xml.etree.ElementTree"));
                ty
            })
            .clone()
    })
}

pub fn is_parser_type(ty: &Value) -> bool {
    PARSER_TYPE.with(|t| t.borrow().as_ref().is_some_and(|p| p.is(ty)))
}

/// A new, uninitialised parser of class `ty` (XMLParser or a subclass).
pub fn new_parser(ty: &Value) -> Value {
    Value::alloc(
        ty,
        XmlParserData {
            state: RefCell::new(None),
        },
    )
}

/// `target`, `entity` and `version` (read-only, as in CPython).
pub fn attr(obj: &Value, n: &str) -> Option<Value> {
    let d = obj.downcast::<XmlParserData>()?;
    let s = d.state.borrow();
    let p = s.as_ref()?;
    Some(match n {
        "target" => p.target.clone(),
        "entity" => p.entity.clone(),
        "version" => p.version.clone(),
        _ => return None,
    })
}

pub fn is_readonly(obj: &Value, n: &str) -> bool {
    obj.kind() == Kind::XmlParser && matches!(n, "target" | "entity" | "version")
}

fn me<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a XmlParserData> {
    v.downcast::<XmlParserData>().ok_or_else(|| {
        vm.type_error("descriptor requires a 'xml.etree.ElementTree.XMLParser' object")
    })
}

fn not_initialised(vm: &Vm) -> PyErr {
    vm.value_error("XMLParser.__init__() wasn't called")
}

/// `getattr(obj, name, None)`, None for AttributeError.
fn method_of(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    match vm.getattr_str(obj, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.matches(&types().exc.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A handler for the `pyexpat` parser: `func` bound to a weak reference to
/// the XMLParser.
fn handler(name: &'static str, func: NativeFn, weak: &Value) -> Value {
    Value::alloc(
        &types().builtin_function,
        BuiltinFunctionData {
            name,
            func,
            bound: Some(weak.clone()),
            owner: None,
            module: None,
            owner_type: None,
            no_args: false,
        },
    )
}

/// The XMLParser a handler was made for (None once it is gone).
fn parser_of(weak: &Value) -> Option<Value> {
    crate::objects::weakref::target(weak)
}

/// The parser a handler was made for and what the handler needs of it;
/// None once the parser is gone.
fn reach(vm: &Vm, weak: &Value) -> PyResult<Option<(Value, View)>> {
    let Some(parser) = parser_of(weak) else {
        return Ok(None);
    };
    let v = view(vm, &parser)?;
    Ok(Some((parser, v)))
}

/// What a handler needs of the parser, read out of its state (which is
/// not kept borrowed while Python code runs).
struct View {
    target: Value,
    builder: bool,
    start: Option<Value>,
    end: Option<Value>,
    data: Option<Value>,
    start_ns: Option<Value>,
    end_ns: Option<Value>,
    doctype: Option<Value>,
    entity: Value,
    expat: Value,
}

fn view(vm: &Vm, parser: &Value) -> PyResult<View> {
    let d = me(vm, parser)?;
    let s = d.state.borrow();
    let p = s.as_ref().ok_or_else(|| not_initialised(vm))?;
    Ok(View {
        target: p.target.clone(),
        builder: p.builder,
        start: p.start.clone(),
        end: p.end.clone(),
        data: p.data.clone(),
        start_ns: p.start_ns.clone(),
        end_ns: p.end_ns.clone(),
        doctype: p.doctype.clone(),
        entity: p.entity.clone(),
        expat: p.expat.clone(),
    })
}

/// `{uri}local` for expat's `uri}local`, remembered per parser.
fn fixname(parser: &Value, name: &Value) -> Value {
    let Some(raw) = as_str(name) else {
        return name.clone();
    };
    let d = parser.downcast::<XmlParserData>().expect("a parser");
    let mut s = d.state.borrow_mut();
    let Some(p) = s.as_mut() else {
        return name.clone();
    };
    if let Some(v) = p.names.get(raw) {
        return v.clone();
    }
    let fixed = if raw.contains('}') {
        new_str(&format!("{{{raw}"))
    } else {
        name.clone()
    };
    p.names.insert(raw.to_string(), fixed.clone());
    fixed
}

fn tree_builder(target: &Value) -> &TreeBuilderData {
    target
        .downcast::<TreeBuilderData>()
        .expect("a tree builder")
}

/// `StartElementHandler(name, [attr, value, ...])`.
fn on_start(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some((parser, v)) = reach(vm, &a[0])? else {
        return Ok(none());
    };
    let tag = fixname(&parser, &a[1]);
    let mut table = DictTable::new();
    if let Some(items) = a
        .get(2)
        .and_then(|l| l.downcast::<crate::objects::list::ListData>())
    {
        let items = items.items.borrow().clone();
        let cell = RefCell::new(std::mem::take(&mut table));
        for pair in items.chunks(2) {
            if let [k, val] = pair {
                let k = fixname(&parser, k);
                crate::objects::dict::set(vm, &cell, k, val.clone())?;
            }
        }
        table = cell.into_inner();
    }
    let attrib = new_dict(table);
    if v.builder {
        return super::start(vm, tree_builder(&v.target), &tag, &attrib, true);
    }
    match v.start {
        Some(h) => vm.call(&h, &[tag, attrib], &[]),
        None => Ok(none()),
    }
}

/// `EndElementHandler(name)`.
fn on_end(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some((parser, v)) = reach(vm, &a[0])? else {
        return Ok(none());
    };
    if v.builder {
        return super::end(vm, tree_builder(&v.target));
    }
    let tag = fixname(&parser, &a[1]);
    match v.end {
        Some(h) => vm.call(&h, &[tag], &[]),
        None => Ok(none()),
    }
}

fn or_empty(v: Option<&Value>) -> Value {
    match v {
        Some(x) if !x.is(&types().none) => x.clone(),
        _ => new_str(""),
    }
}

/// `StartNamespaceDeclHandler(prefix, uri)`.
fn on_start_ns(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some((_, v)) = reach(vm, &a[0])? else {
        return Ok(none());
    };
    let (prefix, uri) = (or_empty(a.get(1)), or_empty(a.get(2)));
    if v.builder {
        let payload = new_tuple(vec![prefix, uri]);
        super::event(vm, tree_builder(&v.target), |e| &e.start_ns, &payload)?;
        return Ok(none());
    }
    match v.start_ns {
        Some(h) => vm.call(&h, &[prefix, uri], &[]),
        None => Ok(none()),
    }
}

/// `EndNamespaceDeclHandler(prefix)`.
fn on_end_ns(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some((_, v)) = reach(vm, &a[0])? else {
        return Ok(none());
    };
    if v.builder {
        super::event(vm, tree_builder(&v.target), |e| &e.end_ns, &none())?;
        return Ok(none());
    }
    match v.end_ns {
        Some(h) => vm.call(&h, &[or_empty(a.get(1))], &[]),
        None => Ok(none()),
    }
}

/// `DefaultHandlerExpand(text)`: references to entities the document does
/// not declare are looked up in `entity`, else an error.
fn on_default(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some(parser) = parser_of(&a[0]) else {
        return Ok(none());
    };
    let Some(text) = a.get(1).and_then(as_str).map(str::to_string) else {
        return Ok(none());
    };
    if text.len() < 2 || !text.starts_with('&') {
        return Ok(none());
    }
    let v = view(vm, &parser)?;
    let key = new_str(&text[1..text.len() - 1]);
    let found = match v.entity.downcast::<DictData>() {
        Some(d) => crate::objects::dict::get(vm, &d.table, &key)?,
        None => vm.getitem(&v.entity, &key).ok(),
    };
    match found {
        Some(value) => {
            if v.builder {
                tree_builder(&v.target).state.borrow_mut().data.push(value);
            } else if let Some(h) = v.data {
                vm.call(&h, &[value], &[])?;
            }
            Ok(none())
        }
        None => {
            let line = vm.getattr_str(&v.expat, "ErrorLineNumber")?;
            let col = vm.getattr_str(&v.expat, "ErrorColumnNumber")?;
            let shown: String = text.chars().take(100).collect();
            let msg = format!(
                "undefined entity {shown}: line {}, column {}",
                vm.str_string(&line)?,
                vm.str_string(&col)?
            );
            Err(parse_error(
                vm,
                &msg,
                crate::objects::int::from_i64(11),
                line,
                col,
            ))
        }
    }
}

/// `StartDoctypeDeclHandler(name, system_id, public_id, has_internal)`:
/// the target's `doctype(name, pubid, system)`; a `doctype` method of the
/// parser itself (a subclass's) is ignored with a warning, as in CPython.
fn on_doctype(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    let Some((parser, v)) = reach(vm, &a[0])? else {
        return Ok(none());
    };
    let arg = |i: usize| a.get(i).cloned().unwrap_or_else(none);
    match v.doctype {
        Some(h) => vm.call(&h, &[arg(1), arg(3), arg(2)], &[]),
        None => {
            if method_of(vm, &parser, "doctype")?.is_some() {
                let warnings = vm.import_module("warnings")?;
                let warn = vm.getattr_str(&warnings, "warn")?;
                let msg = new_str(
                    "The doctype() method of XMLParser is ignored.  \
                     Define doctype() method on the TreeBuilder target.",
                );
                vm.call(&warn, &[msg, types().exc.runtime_warning.clone()], &[])?;
            }
            Ok(none())
        }
    }
}

/// `xml.etree.ElementTree.ParseError(msg)` with `code` and `position`.
fn parse_error(vm: &mut Vm, msg: &str, code: Value, line: Value, col: Value) -> PyErr {
    let cls = parse_error_type();
    let exc = match vm.call(&cls, &[new_str(msg)], &[]) {
        Ok(e) => e,
        Err(e) => return e,
    };
    let set = vm
        .setattr(&exc, &new_str("code"), code)
        .and_then(|()| vm.setattr(&exc, &new_str("position"), new_tuple(vec![line, col])));
    if let Err(e) = set {
        return e;
    }
    PyErr::new(exc)
}

/// `expat.Parse(data, last)`, expat's errors as ParseErrors.
fn parse(vm: &mut Vm, expat: &Value, data: Value, last: bool) -> PyResult<()> {
    let r = vm.call_method(expat, "Parse", &[data, crate::vm::py_bool(last)]);
    let Err(e) = r else {
        return Ok(());
    };
    let error_cls = vm
        .import_module("pyexpat")
        .and_then(|m| vm.getattr_str(&m, "error"))?;
    if !e.matches(&error_cls) {
        return Err(e);
    }
    let exc = e.exc.clone();
    let msg = vm.str_string(&exc)?;
    let code = vm.getattr_str(&exc, "code")?;
    let line = vm.getattr_str(&exc, "lineno")?;
    let col = vm.getattr_str(&exc, "offset")?;
    Err(parse_error(vm, &msg, code, line, col))
}

fn expat_of(vm: &Vm, parser: &Value) -> PyResult<(Value, Value, bool, Option<Value>)> {
    let d = me(vm, parser)?;
    let s = d.state.borrow();
    let p = s.as_ref().ok_or_else(|| not_initialised(vm))?;
    Ok((
        p.expat.clone(),
        p.target.clone(),
        p.builder,
        p.close.clone(),
    ))
}

fn set(vm: &mut Vm, obj: &Value, name: &str, v: Value) -> PyResult<()> {
    vm.setattr(obj, &new_str(name), v)
}

const PARSER_METHODS: &[(&str, NativeFn)] = &[
    ("__init__", |vm, a, k| {
        let d = me(vm, &a[0])?;
        if a.len() > 1 {
            return Err(vm.type_error(format!(
                "XMLParser() takes exactly 0 positional arguments ({} given)",
                a.len() - 1
            )));
        }
        let (mut target, mut encoding) = (none(), none());
        for (key, v) in k {
            match as_str(key).unwrap_or("") {
                "target" => target = v.clone(),
                "encoding" => encoding = v.clone(),
                other => {
                    return Err(vm.type_error(format!(
                        "XMLParser() got an unexpected keyword argument '{other}'"
                    )));
                }
            }
        }
        if !encoding.is(&types().none) && encoding.kind() != Kind::Str {
            return Err(vm.type_error(format!(
                "XMLParser() argument 'encoding' must be str or None, not {}",
                encoding.type_data().name
            )));
        }
        let pyexpat = vm.import_module("pyexpat")?;
        let create = vm.getattr_str(&pyexpat, "ParserCreate")?;
        let expat = vm.call(&create, &[encoding, new_str("}")], &[])?;
        if target.is(&types().none) {
            target = vm.call(&module_types().1, &[], &[])?;
        }
        let builder = target.is_exact(&module_types().1);
        let mut p = Parser {
            expat: expat.clone(),
            target: target.clone(),
            entity: new_dict(DictTable::new()),
            version: new_str(""),
            names: FxHashMap::default(),
            builder,
            start: None,
            end: None,
            data: None,
            start_ns: None,
            end_ns: None,
            close: None,
            doctype: None,
        };
        for (slot, name) in [
            (&mut p.start, "start"),
            (&mut p.end, "end"),
            (&mut p.data, "data"),
            (&mut p.start_ns, "start_ns"),
            (&mut p.end_ns, "end_ns"),
            (&mut p.close, "close"),
            (&mut p.doctype, "doctype"),
        ] {
            *slot = method_of(vm, &target, name)?;
        }
        let comment = method_of(vm, &target, "comment")?;
        let pi = method_of(vm, &target, "pi")?;
        let info = vm.getattr_str(&pyexpat, "version_info")?;
        let parts = vm.iterate(&info)?;
        let parts: Vec<String> = parts.iter().map(crate::interp::str_of).collect();
        p.version = new_str(&format!("Expat {}", parts.join(".")));
        let weak = crate::objects::weakref::new_ref(vm, &types().weakref, &a[0], None)?;
        set(vm, &expat, "buffer_text", crate::vm::py_bool(true))?;
        set(vm, &expat, "ordered_attributes", crate::vm::py_bool(true))?;
        set(
            vm,
            &expat,
            "DefaultHandlerExpand",
            handler("_default", on_default, &weak),
        )?;
        if builder || p.start.is_some() {
            set(
                vm,
                &expat,
                "StartElementHandler",
                handler("_start", on_start, &weak),
            )?;
        }
        if builder || p.end.is_some() {
            set(
                vm,
                &expat,
                "EndElementHandler",
                handler("_end", on_end, &weak),
            )?;
        }
        if p.start_ns.is_some() {
            set(
                vm,
                &expat,
                "StartNamespaceDeclHandler",
                handler("_start_ns", on_start_ns, &weak),
            )?;
        }
        if p.end_ns.is_some() {
            set(
                vm,
                &expat,
                "EndNamespaceDeclHandler",
                handler("_end_ns", on_end_ns, &weak),
            )?;
        }
        if let Some(h) = &p.data {
            set(vm, &expat, "CharacterDataHandler", h.clone())?;
        }
        if let Some(h) = comment {
            set(vm, &expat, "CommentHandler", h)?;
        }
        if let Some(h) = pi {
            set(vm, &expat, "ProcessingInstructionHandler", h)?;
        }
        set(
            vm,
            &expat,
            "StartDoctypeDeclHandler",
            handler("_doctype", on_doctype, &weak),
        )?;
        let old = d.state.replace(Some(p));
        drop(old);
        Ok(none())
    }),
    ("feed", |vm, a, k| {
        no_kwargs(vm, "feed", k)?;
        check_args(vm, "feed", &a[1..], 1, 1)?;
        let (expat, ..) = expat_of(vm, &a[0])?;
        parse(vm, &expat, a[1].clone(), false)?;
        Ok(none())
    }),
    ("close", |vm, a, k| {
        no_kwargs(vm, "close", k)?;
        check_args(vm, "close", &a[1..], 0, 0)?;
        let (expat, target, builder, close) = expat_of(vm, &a[0])?;
        parse(
            vm,
            &expat,
            crate::objects::bytes::new_bytes(Vec::new()),
            true,
        )?;
        if builder {
            return Ok(tree_builder(&target)
                .state
                .borrow()
                .root
                .clone()
                .unwrap_or_else(none));
        }
        match close {
            Some(c) => vm.call(&c, &[], &[]),
            None => Ok(none()),
        }
    }),
    ("_setevents", |vm, a, k| {
        no_kwargs(vm, "_setevents", k)?;
        check_args(vm, "_setevents", &a[1..], 2, 2)?;
        let (expat, target, builder, _) = expat_of(vm, &a[0])?;
        if !builder {
            return Err(
                vm.type_error("event handling only supported for ElementTree.TreeBuilder targets")
            );
        }
        let append = vm.getattr_str(&a[1], "append")?;
        let names = vm.iterate(&a[2])?;
        let weak = crate::objects::weakref::new_ref(vm, &types().weakref, &a[0], None)?;
        let mut ev = super::Events {
            append: Some(append),
            ..super::Events::default()
        };
        for n in names {
            let Some(s) = as_str(&n) else {
                return Err(vm.type_error("invalid events sequence"));
            };
            match s {
                "start" => ev.start = Some(n.clone()),
                "end" => ev.end = Some(n.clone()),
                "start-ns" => {
                    ev.start_ns = Some(n.clone());
                    set(
                        vm,
                        &expat,
                        "StartNamespaceDeclHandler",
                        handler("_start_ns", on_start_ns, &weak),
                    )?;
                }
                "end-ns" => {
                    ev.end_ns = Some(n.clone());
                    set(
                        vm,
                        &expat,
                        "EndNamespaceDeclHandler",
                        handler("_end_ns", on_end_ns, &weak),
                    )?;
                }
                "comment" => ev.comment = Some(n.clone()),
                "pi" => ev.pi = Some(n.clone()),
                other => return Err(vm.value_error(format!("unknown event '{other}'"))),
            }
        }
        tree_builder(&target).state.borrow_mut().events = Some(ev);
        Ok(none())
    }),
];
