//! `_elementtree`: the accelerator `xml.etree.ElementTree` imports at its
//! end, in Rust as CPython has it in C. It provides `Element` (tag,
//! attributes, text, tail and children in one object, its iterators and
//! the sequence protocol over its children), `SubElement`, `TreeBuilder`
//! `XMLParser` (`parser.rs`) and `_set_factories`; `find`/`findall`/
//! `findtext` answer a plain tag name themselves and hand path expressions
//! to `xml.etree.ElementPath`, as the C module does, and `ParseError`.
//! Every import of the module shares these (and the factories), as
//! CPython's single module state does.
//!
//! Where CPython's C module and its pure-Python fallback differ, this
//! follows the C module (it is what CPython programs run): `__copy__`
//! shares the attribute dict, `makeelement` and `SubElement` make plain
//! `Element`s, `TreeBuilder.end` does not compare tags.

mod parser;

use std::cell::RefCell;

pub use parser::{XmlParserData, attr as parser_attr, is_readonly as parser_readonly, new_parser};

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::iter::{IterState, NativeIter, new_iter};
use crate::objects::list::{ListData, new_list};
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

/// An element: CPython's `ElementObject`. The attribute dict is made when
/// first asked for (most elements have none).
pub struct ElementData {
    pub tag: RefCell<Value>,
    pub attrib: RefCell<Option<Value>>,
    pub text: RefCell<Value>,
    pub tail: RefCell<Value>,
    pub children: RefCell<Vec<Value>>,
}

impl Payload for ElementData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Element
    }
}

/// A tree builder: CPython's `TreeBuilderObject`.
pub struct TreeBuilderData {
    state: RefCell<Builder>,
}

impl Payload for TreeBuilderData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::TreeBuilder
    }
}

#[derive(Default)]
struct Builder {
    root: Option<Value>,
    /// The element being built (None before the first start tag and after
    /// the last end tag).
    this: Option<Value>,
    /// The element text goes to (the last started one), or whose tail it
    /// goes to when `for_tail` is set (the last ended one, or an inserted
    /// comment or processing instruction).
    last: Option<Value>,
    for_tail: bool,
    data: Vec<Value>,
    stack: Vec<Option<Value>>,
    element_factory: Option<Value>,
    comment_factory: Option<Value>,
    pi_factory: Option<Value>,
    insert_comments: bool,
    insert_pis: bool,
    /// Set by `XMLParser._setevents`: where events go.
    events: Option<Events>,
}

/// The events an `XMLPullParser` asked for: `append` (its queue's) and the
/// event names to report, each None when not asked for.
#[derive(Default)]
pub(crate) struct Events {
    append: Option<Value>,
    start: Option<Value>,
    end: Option<Value>,
    start_ns: Option<Value>,
    end_ns: Option<Value>,
    comment: Option<Value>,
    pi: Option<Value>,
}

/// Reports `(event, payload)` when the builder's events include the one
/// `which` picks.
fn event(
    vm: &mut Vm,
    b: &TreeBuilderData,
    which: fn(&Events) -> &Option<Value>,
    payload: &Value,
) -> PyResult<()> {
    let (append, name) = {
        let s = b.state.borrow();
        let Some(ev) = s.events.as_ref() else {
            return Ok(());
        };
        match (ev.append.clone(), which(ev).clone()) {
            (Some(a), Some(n)) => (a, n),
            _ => return Ok(()),
        }
    };
    vm.call(&append, &[new_tuple(vec![name, payload.clone()])], &[])?;
    Ok(())
}

crate::gil_local! {
    static TYPES: RefCell<Option<(Value, Value, Value)>> = const { RefCell::new(None) };
    /// `_set_factories(comment_factory, pi_factory)`.
    static FACTORIES: RefCell<(Option<Value>, Option<Value>)> = const { RefCell::new((None, None)) };
    /// Elements whose `repr` is being computed (a tag holding its element).
    static IN_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// (Element, TreeBuilder, the element iterator type), made on first use
/// (XMLParser's type is `parser::parser_type`).
fn module_types() -> (Value, Value, Value) {
    TYPES.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let tt = types();
                let el = crate::object::types::extension_type(
                    "xml.etree.ElementTree.Element",
                    Kind::Element,
                    &tt.object,
                    &tt.type_,
                );
                crate::objects::str_methods::add_methods(&el, "Element", ELEMENT_METHODS);
                for name in ["tag", "text", "tail", "attrib"] {
                    crate::object::slots::add_getset(&el, name);
                }
                let tb = crate::object::types::extension_type(
                    "xml.etree.ElementTree.TreeBuilder",
                    Kind::TreeBuilder,
                    &tt.object,
                    &tt.type_,
                );
                tb.type_data_of_type().has_weakref.set(false);
                crate::objects::str_methods::add_methods(&tb, "TreeBuilder", BUILDER_METHODS);
                let it = crate::object::types::builtin_type(
                    "_element_iterator",
                    Kind::Iter,
                    Some(&tt.object),
                    &tt.type_,
                );
                for ty in [&el, &tb] {
                    ty.type_data_of_type()
                        .dict_mut()
                        .set_str("__module__", new_str("xml.etree.ElementTree"));
                }
                (el, tb, it)
            })
            .clone()
    })
}

/// Whether `ty` is `Element` or `TreeBuilder` themselves (immutable, as
/// CPython's extension types; classes derived from them are not).
pub fn is_module_type(ty: &Value) -> bool {
    TYPES.with(|t| {
        t.borrow()
            .as_ref()
            .is_some_and(|(el, tb, _)| ty.is(el) || ty.is(tb))
    }) || parser::is_parser_type(ty)
}

fn none() -> Value {
    types().none.clone()
}

/// A new element of class `ty` (Element or a subclass): tag None, no
/// attributes, text and tail None, no children.
pub fn new_element(ty: &Value) -> Value {
    Value::alloc(
        ty,
        ElementData {
            tag: RefCell::new(none()),
            attrib: RefCell::new(None),
            text: RefCell::new(none()),
            tail: RefCell::new(none()),
            children: RefCell::new(Vec::new()),
        },
    )
}

/// A new tree builder of class `ty` (TreeBuilder or a subclass).
pub fn new_builder(ty: &Value) -> Value {
    Value::alloc(
        ty,
        TreeBuilderData {
            state: RefCell::new(Builder::default()),
        },
    )
}

/// A plain `Element` with `tag` and `attrib` (kept, not copied; None when
/// empty).
fn make_element(tag: Value, attrib: Option<Value>) -> Value {
    let e = new_element(&module_types().0);
    let d = data(&e);
    *d.tag.borrow_mut() = tag;
    *d.attrib.borrow_mut() = attrib.filter(|a| !dict_is_empty(a));
    e
}

fn dict_is_empty(d: &Value) -> bool {
    d.downcast::<DictData>()
        .is_some_and(|d| d.table.borrow().is_empty())
}

fn data(v: &Value) -> &ElementData {
    v.downcast::<ElementData>().expect("an element")
}

fn is_element(v: &Value) -> bool {
    v.kind() == Kind::Element
}

/// The receiver of an Element method (checked by the method descriptor).
fn me<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a ElementData> {
    a.first()
        .and_then(|v| v.downcast::<ElementData>())
        .ok_or_else(|| {
            vm.type_error("descriptor requires a 'xml.etree.ElementTree.Element' object")
        })
}

/// CPython's `_PyArg_BadArgument` (None is named as such).
fn bad_argument(vm: &Vm, func: &str, which: &str, expected: &str, got: &Value) -> crate::vm::PyErr {
    let got = if got.is(&types().none) {
        "None"
    } else {
        got.type_data().name.as_str()
    };
    vm.type_error(format!("{func}() {which} must be {expected}, not {got}"))
}

fn expect_element(vm: &Vm, func: &str, which: &str, v: &Value) -> PyResult<()> {
    if is_element(v) {
        Ok(())
    } else {
        Err(bad_argument(
            vm,
            func,
            which,
            "xml.etree.ElementTree.Element",
            v,
        ))
    }
}

fn expected_an_element(vm: &Vm, v: &Value) -> crate::vm::PyErr {
    vm.type_error(format!(
        "expected an Element, not \"{}\"",
        v.type_data().name
    ))
}

/// A copy of the dict `attrib` with the keyword arguments added: the
/// attributes of a new element.
fn attrib_with(vm: &mut Vm, attrib: Option<&Value>, extra: Kw) -> PyResult<Option<Value>> {
    let mut table = match attrib {
        Some(a) => a
            .downcast::<DictData>()
            .expect("checked by the caller")
            .table
            .borrow()
            .clone(),
        None => DictTable::new(),
    };
    for (k, v) in extra {
        let cell = RefCell::new(std::mem::take(&mut table));
        crate::objects::dict::set(vm, &cell, k.clone(), v.clone())?;
        table = cell.into_inner();
    }
    Ok(if table.is_empty() {
        None
    } else {
        Some(new_dict(table))
    })
}

/// The attributes of `Element(tag, attrib={}, **extra)` and `SubElement`:
/// a copy of `attrib` updated with `extra`; without `attrib`, an `attrib`
/// keyword is taken for it (CPython's `get_attrib_from_keywords`).
fn init_attrib(vm: &mut Vm, attrib: Option<&Value>, k: Kw) -> PyResult<Option<Value>> {
    if attrib.is_none()
        && let Some(pos) = k.iter().position(|(n, _)| as_str(n) == Some("attrib"))
    {
        let given = &k[pos].1;
        if given.downcast::<DictData>().is_none() {
            return Err(vm.type_error(format!(
                "attrib must be dict, not {}",
                given.type_data().name
            )));
        }
        let rest: Vec<(Value, Value)> = k
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != pos)
            .map(|(_, kv)| kv.clone())
            .collect();
        return attrib_with(vm, Some(given), &rest);
    }
    attrib_with(vm, attrib, k)
}

/// The dict argument `which` of `func`, if given.
fn dict_arg<'a>(
    vm: &Vm,
    func: &str,
    which: &str,
    v: Option<&'a Value>,
) -> PyResult<Option<&'a Value>> {
    match v {
        Some(d) if d.downcast::<DictData>().is_none() => {
            Err(bad_argument(vm, func, which, "dict", d))
        }
        other => Ok(other),
    }
}

/// `elem.attrib`, made now when the element has none yet.
fn attrib_of(d: &ElementData) -> Value {
    d.attrib
        .borrow_mut()
        .get_or_insert_with(|| new_dict(DictTable::new()))
        .clone()
}

/// `f` of each entry of the element's attribute dict, in order.
fn attrib_entries(
    d: &ElementData,
    f: impl Fn(&crate::objects::dict::Entry) -> Value,
) -> Vec<Value> {
    match d
        .attrib
        .borrow()
        .as_ref()
        .and_then(|a| a.downcast::<DictData>())
    {
        Some(at) => at.table.borrow().iter().map(f).collect(),
        None => Vec::new(),
    }
}

/// Reads of the element's data attributes (`generic_getattr`).
pub fn attr(obj: &Value, n: &str) -> Option<Value> {
    let d = obj.downcast::<ElementData>()?;
    Some(match n {
        "tag" => d.tag.borrow().clone(),
        "text" => d.text.borrow().clone(),
        "tail" => d.tail.borrow().clone(),
        "attrib" => attrib_of(d),
        _ => return None,
    })
}

/// `elem.tag` and friends of an exact `Element` (its class cannot change
/// them): the interpreter's attribute fast path.
#[inline]
pub fn exact_attr(obj: &Value, n: &str) -> Option<Value> {
    if !is_exact_element(obj) {
        return None;
    }
    attr(obj, n)
}

fn is_exact_element(obj: &Value) -> bool {
    obj.kind() == Kind::Element
        && TYPES.with(|t| {
            t.borrow()
                .as_ref()
                .is_some_and(|(el, _, _)| obj.is_exact(el))
        })
}

/// `len(elem)` of an exact `Element`.
pub fn exact_len(obj: &Value) -> Option<usize> {
    if !is_exact_element(obj) {
        return None;
    }
    Some(data(obj).children.borrow().len())
}

/// `iter(elem)` of an exact `Element`: its children by position, read
/// live (CPython iterates it as a sequence).
pub fn exact_iter(obj: &Value) -> Option<Value> {
    if !is_exact_element(obj) {
        return None;
    }
    Some(new_iter(
        &types().iterator,
        IterState::Native(Box::new(Children {
            elem: Some(obj.clone()),
            idx: 0,
        })),
    ))
}

struct Children {
    elem: Option<Value>,
    idx: usize,
}

impl NativeIter for Children {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(e) = &self.elem else {
            return Ok(None);
        };
        let child = data(e).children.borrow().get(self.idx).cloned();
        match child {
            Some(c) => {
                self.idx += 1;
                Ok(Some(c))
            }
            None => {
                self.elem = None;
                Ok(None)
            }
        }
    }

    fn length_hint(&self) -> Option<usize> {
        self.elem
            .as_ref()
            .map(|e| data(e).children.borrow().len().saturating_sub(self.idx))
    }
}

/// Writes of the element's data attributes (`generic_setattr`): true when
/// `n` is one of them.
pub fn set_attr(vm: &mut Vm, obj: &Value, n: &str, v: &Value) -> PyResult<bool> {
    let Some(d) = obj.downcast::<ElementData>() else {
        return Ok(false);
    };
    let old = match n {
        "tag" => d.tag.replace(v.clone()),
        "text" => d.text.replace(v.clone()),
        "tail" => d.tail.replace(v.clone()),
        "attrib" => {
            if v.downcast::<DictData>().is_none() {
                return Err(
                    vm.type_error(format!("attrib must be dict, not {}", v.type_data().name))
                );
            }
            let old = d.attrib.replace(Some(v.clone()));
            drop(old);
            return Ok(true);
        }
        _ => return Ok(false),
    };
    drop(old);
    Ok(true)
}

/// The references an element holds, for the cycle collector.
pub fn traverse(v: &Value, visit: &mut dyn FnMut(&Value)) -> bool {
    let Some(d) = v.downcast::<ElementData>() else {
        return false;
    };
    let (Ok(tag), Ok(attrib), Ok(text), Ok(tail), Ok(children)) = (
        d.tag.try_borrow(),
        d.attrib.try_borrow(),
        d.text.try_borrow(),
        d.tail.try_borrow(),
        d.children.try_borrow(),
    ) else {
        return false;
    };
    visit(&tag);
    visit(&text);
    visit(&tail);
    if let Some(a) = attrib.as_ref() {
        visit(a);
    }
    children.iter().for_each(visit);
    true
}

/// Drops what an element in a garbage cycle holds.
pub fn clear(v: &Value) {
    let Some(d) = v.downcast::<ElementData>() else {
        return;
    };
    let taken = (
        d.tag
            .try_borrow_mut()
            .map(|mut t| std::mem::replace(&mut *t, none())),
        d.attrib.try_borrow_mut().map(|mut t| t.take()),
        d.text
            .try_borrow_mut()
            .map(|mut t| std::mem::replace(&mut *t, none())),
        d.tail
            .try_borrow_mut()
            .map(|mut t| std::mem::replace(&mut *t, none())),
        d.children
            .try_borrow_mut()
            .map(|mut c| std::mem::take(&mut *c)),
    );
    drop(taken);
}

/// Appends `child` (an element) to `parent`'s children: directly for an
/// exact Element, through its `append` otherwise (CPython's
/// `treebuilder_add_subelement`).
fn add_subelement(vm: &mut Vm, parent: &Value, child: Value) -> PyResult<()> {
    if parent.is_exact(&module_types().0) {
        // (A factory may make anything; children are elements.)
        if !is_element(&child) {
            return Err(expected_an_element(vm, &child));
        }
        data(parent).children.borrow_mut().push(child);
        Ok(())
    } else {
        vm.call_method(parent, "append", &[child]).map(drop)
    }
}

/// Whether `path` may be a path expression rather than a tag name
/// (CPython's `checkpath`): a `/`, `*`, `[`, `@` or `.` outside `{...}`.
fn is_path(v: &Value) -> bool {
    let check = |bytes: &mut dyn Iterator<Item = u8>| {
        let mut in_uri = false;
        for c in bytes {
            match c {
                b'{' => in_uri = true,
                b'}' => in_uri = false,
                b'/' | b'*' | b'[' | b'@' | b'.' if !in_uri => return true,
                _ => {}
            }
        }
        false
    };
    if let Some(s) = as_str(v) {
        // Wildcard namespaces: `{}tag`, `{*}tag`.
        if s.len() >= 3 && (s.starts_with("{}") || s.starts_with("{*}")) {
            return true;
        }
        return check(&mut s.bytes());
    }
    if v.kind() == Kind::Bytes {
        let b = v
            .downcast::<crate::objects::bytes::BytesData>()
            .expect("bytes")
            .data
            .borrow()
            .clone();
        return check(&mut b.into_iter());
    }
    true
}

fn tag_matches(vm: &mut Vm, tag: &Value, sought: &Value) -> PyResult<bool> {
    if let (Some(a), Some(b)) = (as_str(tag), as_str(sought)) {
        return Ok(a == b);
    }
    vm.eq(tag, sought)
}

/// `xml.etree.ElementPath.<func>(*args)`.
fn element_path(vm: &mut Vm, func: &str, args: &[Value]) -> PyResult {
    let m = vm.import_module("xml.etree.ElementPath")?;
    let f = vm.getattr_str(&m, func)?;
    vm.call(&f, args, &[])
}

/// The arguments of a method taking `names` positionally or by keyword,
/// the first `required` of them required.
fn bind_args(
    vm: &Vm,
    func: &str,
    a: &[Value],
    k: Kw,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let args = &a[1..];
    if args.len() > names.len() {
        return Err(vm.type_error(format!(
            "{func}() takes at most {} arguments ({} given)",
            names.len(),
            args.len()
        )));
    }
    let mut out: Vec<Option<Value>> = args.iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    for (key, v) in k {
        let key = as_str(key).unwrap_or("");
        match names.iter().position(|n| *n == key) {
            Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
            Some(_) => {
                return Err(vm.type_error(format!(
                    "argument for {func}() given by name ('{key}') and position"
                )));
            }
            None => {
                return Err(vm.type_error(format!(
                    "{func}() got an unexpected keyword argument '{key}'"
                )));
            }
        }
    }
    if let Some(i) = out[..required].iter().position(Option::is_none) {
        return Err(vm.type_error(format!(
            "{func}() missing required argument '{}' (pos {})",
            names[i],
            i + 1
        )));
    }
    Ok(out)
}

/// A child index (`__getitem__` and friends), negative ones from the end.
/// (The length is read after `__index__` has run.)
fn child_index(vm: &mut Vm, i: &Value, d: &ElementData, msg: &str) -> PyResult<usize> {
    let mut n = vm.index_value(i)?;
    let len = d.children.borrow().len();
    if n < 0 {
        n += len as i64;
    }
    if n < 0 || n >= len as i64 {
        return Err(vm.err(&types().exc.index_error, msg));
    }
    Ok(n as usize)
}

/// The positions a slice selects, in order.
/// (The length is read after the slice's `__index__` methods have run:
/// they may change the element.)
fn slice_positions(vm: &mut Vm, s: &Value, d: &ElementData) -> PyResult<Vec<usize>> {
    let (start, stop, step) =
        crate::objects::range::slice_indices_live(vm, s, || d.children.borrow().len())?;
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        match i.checked_add(step) {
            Some(n) => i = n,
            None => break,
        }
    }
    Ok(out)
}

/// `copy.deepcopy(v, memo)`, but for the values it would return as they
/// are.
fn deepcopy(vm: &mut Vm, v: &Value, memo: &Value) -> PyResult {
    if v.is(&types().none) || v.is_exact(&types().str_) {
        return Ok(v.clone());
    }
    let copy = vm.import_module("copy")?;
    let f = vm.getattr_str(&copy, "deepcopy")?;
    vm.call(&f, &[v.clone(), memo.clone()], &[])
}

const ELEMENT_METHODS: &[(&str, NativeFn)] = &[
    ("__init__", |vm, a, k| {
        let d = me(vm, a)?;
        check_args(vm, "Element", &a[1..], 1, 2)?;
        let attrib = dict_arg(vm, "Element", "argument 2", a.get(2))?;
        let attrib = init_attrib(vm, attrib, k)?;
        let old = (d.tag.replace(a[1].clone()), d.attrib.replace(attrib));
        drop(old);
        Ok(none())
    }),
    ("__repr__", |vm, a, _| {
        let d = me(vm, a)?;
        let id = a[0].id() as usize;
        if IN_REPR.with(|r| r.borrow().contains(&id)) {
            return Err(vm.runtime_error(format!(
                "reentrant call inside {}.__repr__",
                a[0].type_data().name
            )));
        }
        IN_REPR.with(|r| r.borrow_mut().push(id));
        let tag = d.tag.borrow().clone();
        let r = vm.repr_string(&tag);
        IN_REPR.with(|r| r.borrow_mut().retain(|x| *x != id));
        Ok(new_str(&format!("<Element {} at {:#x}>", r?, id)))
    }),
    ("__len__", |vm, a, _| {
        let d = me(vm, a)?;
        Ok(crate::objects::int::from_i64(
            d.children.borrow().len() as i64
        ))
    }),
    ("__getitem__", |vm, a, _| {
        let d = me(vm, a)?;
        check_args(vm, "__getitem__", &a[1..], 1, 1)?;
        if a[1].kind() == Kind::Slice {
            let pos = slice_positions(vm, &a[1], d)?;
            let c = d.children.borrow();
            return Ok(new_list(
                pos.into_iter().filter_map(|i| c.get(i).cloned()).collect(),
            ));
        }
        let i = child_index(vm, &a[1], d, "child index out of range")?;
        Ok(d.children.borrow()[i].clone())
    }),
    ("__setitem__", |vm, a, _| {
        let d = me(vm, a)?;
        check_args(vm, "__setitem__", &a[1..], 2, 2)?;
        if a[1].kind() == Kind::Slice {
            let items = vm.iterate(&a[2])?;
            if let Some(bad) = items.iter().find(|v| !is_element(v)) {
                return Err(expected_an_element(vm, bad));
            }
            let (start, stop, step) =
                crate::objects::range::slice_indices_live(vm, &a[1], || d.children.borrow().len())?;
            if step == 1 {
                let len = d.children.borrow().len();
                let start = start.clamp(0, len as i64) as usize;
                let stop = (stop.max(start as i64) as usize).min(len);
                let old: Vec<Value> = d.children.borrow_mut().splice(start..stop, items).collect();
                drop(old);
                return Ok(none());
            }
            let pos = slice_positions(vm, &a[1], d)?;
            if pos.len() != items.len() {
                return Err(vm.value_error(format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    items.len(),
                    pos.len()
                )));
            }
            let mut old = Vec::with_capacity(pos.len());
            {
                let mut c = d.children.borrow_mut();
                for (i, v) in pos.into_iter().zip(items) {
                    if let Some(slot) = c.get_mut(i) {
                        old.push(std::mem::replace(slot, v));
                    }
                }
            }
            drop(old);
            return Ok(none());
        }
        let i = child_index(vm, &a[1], d, "child assignment index out of range")?;
        if !is_element(&a[2]) {
            return Err(expected_an_element(vm, &a[2]));
        }
        let old = std::mem::replace(&mut d.children.borrow_mut()[i], a[2].clone());
        drop(old);
        Ok(none())
    }),
    ("__delitem__", |vm, a, _| {
        let d = me(vm, a)?;
        check_args(vm, "__delitem__", &a[1..], 1, 1)?;
        if a[1].kind() == Kind::Slice {
            let mut pos = slice_positions(vm, &a[1], d)?;
            pos.sort_unstable();
            let mut old = Vec::with_capacity(pos.len());
            {
                let mut c = d.children.borrow_mut();
                for i in pos.into_iter().rev() {
                    if i < c.len() {
                        old.push(c.remove(i));
                    }
                }
            }
            drop(old);
            return Ok(none());
        }
        let i = child_index(vm, &a[1], d, "child assignment index out of range")?;
        let old = d.children.borrow_mut().remove(i);
        drop(old);
        Ok(none())
    }),
    ("append", |vm, a, k| {
        no_kwargs(vm, "append", k)?;
        let d = me(vm, a)?;
        check_args(vm, "append", &a[1..], 1, 1)?;
        expect_element(vm, "append", "argument", &a[1])?;
        d.children.borrow_mut().push(a[1].clone());
        Ok(none())
    }),
    ("extend", |vm, a, k| {
        no_kwargs(vm, "extend", k)?;
        let d = me(vm, a)?;
        check_args(vm, "extend", &a[1..], 1, 1)?;
        let items = vm.iterate(&a[1])?;
        for v in items {
            if !is_element(&v) {
                return Err(expected_an_element(vm, &v));
            }
            d.children.borrow_mut().push(v);
        }
        Ok(none())
    }),
    ("insert", |vm, a, k| {
        no_kwargs(vm, "insert", k)?;
        let d = me(vm, a)?;
        check_args(vm, "insert", &a[1..], 2, 2)?;
        let mut i = vm.index_value(&a[1])?;
        expect_element(vm, "insert", "argument 2", &a[2])?;
        let mut c = d.children.borrow_mut();
        let len = c.len() as i64;
        if i < 0 {
            i = (i + len).max(0);
        }
        c.insert(i.min(len) as usize, a[2].clone());
        Ok(none())
    }),
    ("remove", |vm, a, k| {
        no_kwargs(vm, "remove", k)?;
        let d = me(vm, a)?;
        check_args(vm, "remove", &a[1..], 1, 1)?;
        expect_element(vm, "remove", "argument", &a[1])?;
        let mut i = 0;
        loop {
            let c = d.children.borrow().get(i).cloned();
            let Some(c) = c else {
                return Err(vm.value_error("list.remove(x): x not in list"));
            };
            if c.is(&a[1]) || vm.eq(&c, &a[1])? {
                break;
            }
            i += 1;
        }
        let mut c = d.children.borrow_mut();
        if i < c.len() {
            let old = c.remove(i);
            drop(c);
            drop(old);
        }
        Ok(none())
    }),
    ("clear", |vm, a, k| {
        no_kwargs(vm, "clear", k)?;
        let d = me(vm, a)?;
        check_args(vm, "clear", &a[1..], 0, 0)?;
        let old = (
            d.attrib.replace(None),
            d.children.replace(Vec::new()),
            d.text.replace(none()),
            d.tail.replace(none()),
        );
        drop(old);
        Ok(none())
    }),
    ("get", |vm, a, k| {
        let d = me(vm, a)?;
        let args = bind_args(vm, "get", a, k, &["key", "default"], 1)?;
        let default = args[1].clone().unwrap_or_else(none);
        let attrib = d.attrib.borrow().clone();
        let Some(attrib) = attrib else {
            return Ok(default);
        };
        let Some(at) = attrib.downcast::<DictData>() else {
            return Ok(default);
        };
        let found = crate::objects::dict::get(vm, &at.table, args[0].as_ref().expect("required"))?;
        Ok(found.unwrap_or(default))
    }),
    ("set", |vm, a, k| {
        no_kwargs(vm, "set", k)?;
        let d = me(vm, a)?;
        check_args(vm, "set", &a[1..], 2, 2)?;
        let attrib = attrib_of(d);
        vm.setitem(&attrib, a[1].clone(), a[2].clone())?;
        Ok(none())
    }),
    ("keys", |vm, a, k| {
        no_kwargs(vm, "keys", k)?;
        let d = me(vm, a)?;
        check_args(vm, "keys", &a[1..], 0, 0)?;
        Ok(new_list(attrib_entries(d, |e| e.key.clone())))
    }),
    ("items", |vm, a, k| {
        no_kwargs(vm, "items", k)?;
        let d = me(vm, a)?;
        check_args(vm, "items", &a[1..], 0, 0)?;
        Ok(new_list(attrib_entries(d, |e| {
            new_tuple(vec![e.key.clone(), e.value.clone()])
        })))
    }),
    ("find", |vm, a, k| {
        let d = me(vm, a)?;
        let args = bind_args(vm, "find", a, k, &["path", "namespaces"], 1)?;
        let path = args[0].clone().expect("required");
        let ns = args[1].clone().unwrap_or_else(none);
        if !ns.is(&types().none) || is_path(&path) {
            return element_path(vm, "find", &[a[0].clone(), path, ns]);
        }
        let children = d.children.borrow().clone();
        for c in children {
            if tag_matches(vm, &data(&c).tag.borrow().clone(), &path)? {
                return Ok(c);
            }
        }
        Ok(none())
    }),
    ("findtext", |vm, a, k| {
        let d = me(vm, a)?;
        let args = bind_args(vm, "findtext", a, k, &["path", "default", "namespaces"], 1)?;
        let path = args[0].clone().expect("required");
        let default = args[1].clone().unwrap_or_else(none);
        let ns = args[2].clone().unwrap_or_else(none);
        if !ns.is(&types().none) || is_path(&path) {
            return element_path(vm, "findtext", &[a[0].clone(), path, default, ns]);
        }
        let children = d.children.borrow().clone();
        for c in children {
            if tag_matches(vm, &data(&c).tag.borrow().clone(), &path)? {
                let text = data(&c).text.borrow().clone();
                return Ok(if text.is(&types().none) {
                    new_str("")
                } else {
                    text
                });
            }
        }
        Ok(default)
    }),
    ("findall", |vm, a, k| {
        let d = me(vm, a)?;
        let args = bind_args(vm, "findall", a, k, &["path", "namespaces"], 1)?;
        let path = args[0].clone().expect("required");
        let ns = args[1].clone().unwrap_or_else(none);
        if !ns.is(&types().none) || is_path(&path) {
            return element_path(vm, "findall", &[a[0].clone(), path, ns]);
        }
        let children = d.children.borrow().clone();
        let mut out = Vec::new();
        for c in children {
            if tag_matches(vm, &data(&c).tag.borrow().clone(), &path)? {
                out.push(c);
            }
        }
        Ok(new_list(out))
    }),
    ("iterfind", |vm, a, k| {
        me(vm, a)?;
        let args = bind_args(vm, "iterfind", a, k, &["path", "namespaces"], 1)?;
        let path = args[0].clone().expect("required");
        let ns = args[1].clone().unwrap_or_else(none);
        element_path(vm, "iterfind", &[a[0].clone(), path, ns])
    }),
    ("iter", |vm, a, k| {
        me(vm, a)?;
        let args = bind_args(vm, "iter", a, k, &["tag"], 0)?;
        let tag = args[0].clone().filter(|t| !t.is(&types().none));
        let tag = tag.filter(|t| {
            as_str(t) != Some("*")
                && !(t.kind() == Kind::Bytes
                    && t.downcast::<crate::objects::bytes::BytesData>()
                        .is_some_and(|b| b.data.borrow().as_slice() == b"*"))
        });
        Ok(element_iter(a[0].clone(), tag, false))
    }),
    ("itertext", |vm, a, k| {
        no_kwargs(vm, "itertext", k)?;
        me(vm, a)?;
        check_args(vm, "itertext", &a[1..], 0, 0)?;
        Ok(element_iter(a[0].clone(), None, true))
    }),
    ("makeelement", |vm, a, k| {
        no_kwargs(vm, "makeelement", k)?;
        me(vm, a)?;
        check_args(vm, "makeelement", &a[1..], 2, 2)?;
        let attrib = dict_arg(vm, "makeelement", "argument 2", Some(&a[2]))?;
        let attrib = attrib_with(vm, attrib, &[])?;
        Ok(make_element(a[1].clone(), attrib))
    }),
    ("__copy__", |vm, a, k| {
        no_kwargs(vm, "__copy__", k)?;
        let d = me(vm, a)?;
        check_args(vm, "__copy__", &a[1..], 0, 0)?;
        let e = make_element(d.tag.borrow().clone(), d.attrib.borrow().clone());
        let n = data(&e);
        *n.text.borrow_mut() = d.text.borrow().clone();
        *n.tail.borrow_mut() = d.tail.borrow().clone();
        *n.children.borrow_mut() = d.children.borrow().clone();
        Ok(e)
    }),
    ("__deepcopy__", |vm, a, k| {
        no_kwargs(vm, "__deepcopy__", k)?;
        let d = me(vm, a)?;
        check_args(vm, "__deepcopy__", &a[1..], 1, 1)?;
        let memo = &a[1];
        if memo.downcast::<DictData>().is_none() {
            return Err(bad_argument(vm, "__deepcopy__", "argument", "dict", memo));
        }
        let tag = deepcopy(vm, &d.tag.borrow().clone(), memo)?;
        let attrib = match d.attrib.borrow().clone() {
            Some(at) => {
                // (A dict subclass's `__deepcopy__` may return anything.)
                let copied = deepcopy(vm, &at, memo)?;
                if copied.downcast::<DictData>().is_none() {
                    return Err(vm.type_error(format!(
                        "attrib must be dict, not {}",
                        copied.type_data().name
                    )));
                }
                Some(copied)
            }
            None => None,
        };
        let e = make_element(tag, attrib);
        let text = deepcopy(vm, &d.text.borrow().clone(), memo)?;
        let tail = deepcopy(vm, &d.tail.borrow().clone(), memo)?;
        {
            let n = data(&e);
            *n.text.borrow_mut() = text;
            *n.tail.borrow_mut() = tail;
        }
        let children = d.children.borrow().clone();
        let mut copied = Vec::with_capacity(children.len());
        for c in &children {
            let c = deepcopy(vm, c, memo)?;
            if !is_element(&c) {
                return Err(expected_an_element(vm, &c));
            }
            copied.push(c);
        }
        *data(&e).children.borrow_mut() = copied;
        let id = crate::objects::int::from_i64(a[0].id());
        vm.setitem(memo, id, e.clone())?;
        Ok(e)
    }),
    ("__getstate__", |vm, a, k| {
        no_kwargs(vm, "__getstate__", k)?;
        let d = me(vm, a)?;
        let mut t = DictTable::new();
        t.set_str("tag", d.tag.borrow().clone());
        t.set_str("_children", new_list(d.children.borrow().clone()));
        t.set_str(
            "attrib",
            d.attrib
                .borrow()
                .clone()
                .unwrap_or_else(|| new_dict(DictTable::new())),
        );
        t.set_str("text", d.text.borrow().clone());
        t.set_str("tail", d.tail.borrow().clone());
        Ok(new_dict(t))
    }),
    ("__setstate__", |vm, a, k| {
        no_kwargs(vm, "__setstate__", k)?;
        let d = me(vm, a)?;
        check_args(vm, "__setstate__", &a[1..], 1, 1)?;
        let Some(state) = a[1].downcast::<DictData>() else {
            return Err(vm.type_error("Don't know how to unpickle \"%.200R\" as an Element"));
        };
        let get = |n: &str| state.table.borrow().get_str(n);
        let Some(tag) = get("tag") else {
            return Err(vm.value_error("tag may not be NULL"));
        };
        let children = match get("_children") {
            Some(c) => {
                let Some(l) = c.downcast::<ListData>() else {
                    return Err(vm.type_error("'_children' is not a list"));
                };
                let items = l.items.borrow().clone();
                if let Some(bad) = items.iter().find(|v| !is_element(v)) {
                    return Err(expected_an_element(vm, bad));
                }
                items
            }
            None => Vec::new(),
        };
        let attrib = match get("attrib") {
            Some(at) if at.downcast::<DictData>().is_some() => Some(at),
            Some(at) if at.is(&types().none) => None,
            Some(at) => {
                return Err(
                    vm.type_error(format!("attrib must be dict, not {}", at.type_data().name))
                );
            }
            None => None,
        };
        let old = (
            d.tag.replace(tag),
            d.attrib.replace(attrib),
            d.text.replace(get("text").unwrap_or_else(none)),
            d.tail.replace(get("tail").unwrap_or_else(none)),
            d.children.replace(children),
        );
        drop(old);
        Ok(none())
    }),
    ("__sizeof__", |vm, a, _| {
        let d = me(vm, a)?;
        let base = 16 + 5 * 8;
        let extra = if d.attrib.borrow().is_some() || !d.children.borrow().is_empty() {
            5 * 8 + 8 * d.children.borrow().capacity()
        } else {
            0
        };
        Ok(crate::objects::int::from_i64((base + extra) as i64))
    }),
];

/// `iter()` and `itertext()` of an element: CPython's `elementiter_next`,
/// a preorder walk keeping a stack of (parent, next child index).
struct ElementIter {
    root: Option<Value>,
    stack: Vec<(Value, usize)>,
    tag: Option<Value>,
    text: bool,
}

fn element_iter(root: Value, tag: Option<Value>, text: bool) -> Value {
    new_iter(
        &module_types().2,
        IterState::Native(Box::new(ElementIter {
            root: Some(root),
            stack: Vec::new(),
            tag,
            text,
        })),
    )
}

impl NativeIter for ElementIter {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            let elem = if self.stack.is_empty() {
                match self.root.take() {
                    Some(r) => r,
                    None => return Ok(None),
                }
            } else {
                let (parent, idx) = self.stack.last_mut().expect("not empty");
                let child = data(parent).children.borrow().get(*idx).cloned();
                match child {
                    Some(c) => {
                        *idx += 1;
                        c
                    }
                    None => {
                        let (done, _) = self.stack.pop().expect("not empty");
                        // itertext: the tail of an inner element follows its
                        // children.
                        if self.text && !self.stack.is_empty() {
                            let tail = data(&done).tail.borrow().clone();
                            if !tail.is(&types().none) && vm.truthy(&tail)? {
                                return Ok(Some(tail));
                            }
                        }
                        continue;
                    }
                }
            };
            self.stack.push((elem.clone(), 0));
            if self.text {
                let text = data(&elem).text.borrow().clone();
                if !text.is(&types().none) && vm.truthy(&text)? {
                    return Ok(Some(text));
                }
                continue;
            }
            match &self.tag {
                None => return Ok(Some(elem)),
                Some(t) => {
                    let tag = data(&elem).tag.borrow().clone();
                    if tag_matches(vm, &tag, t)? {
                        return Ok(Some(elem));
                    }
                }
            }
        }
    }
}

fn builder<'a>(vm: &Vm, a: &'a [Value]) -> PyResult<&'a TreeBuilderData> {
    a.first()
        .and_then(|v| v.downcast::<TreeBuilderData>())
        .ok_or_else(|| {
            vm.type_error("descriptor requires a 'xml.etree.ElementTree.TreeBuilder' object")
        })
}

/// Moves the collected character data into the text of the last started
/// element or the tail of the last ended one (CPython's
/// `treebuilder_flush_data`): extending what is there already.
fn flush(vm: &mut Vm, b: &TreeBuilderData) -> PyResult<()> {
    let (parts, last, for_tail) = {
        let mut s = b.state.borrow_mut();
        if s.data.is_empty() {
            return Ok(());
        }
        (std::mem::take(&mut s.data), s.last.clone(), s.for_tail)
    };
    let Some(last) = last else {
        return Ok(());
    };
    let mut text = if parts.len() == 1 {
        parts.into_iter().next().expect("one part")
    } else {
        let mut s = String::new();
        for p in &parts {
            match as_str(p) {
                Some(t) => s.push_str(t),
                None => {
                    let joined = vm.call_method(&new_str(""), "join", &[new_list(parts)])?;
                    s = crate::interp::str_of(&joined);
                    break;
                }
            }
        }
        new_str(&s)
    };
    let name = if for_tail { "tail" } else { "text" };
    if last.is_exact(&module_types().0) {
        let d = data(&last);
        let slot = if for_tail { &d.tail } else { &d.text };
        let cur = slot.borrow().clone();
        if !cur.is(&types().none) {
            text = vm.binary_op(&cur, &text, egret_bytecode::BinOp::Add, false)?;
        }
        let old = slot.replace(text);
        drop(old);
        return Ok(());
    }
    let cur = vm.getattr_str(&last, name)?;
    if !cur.is(&types().none) {
        text = vm.binary_op(&cur, &text, egret_bytecode::BinOp::Add, false)?;
    }
    vm.setattr(&last, &new_str(name), text)
}

/// A start tag: `attrib` is a dict; `fresh` when nobody else holds it (the
/// new element then keeps it rather than a copy).
fn start(vm: &mut Vm, b: &TreeBuilderData, tag: &Value, attrib: &Value, fresh: bool) -> PyResult {
    flush(vm, b)?;
    let factory = b.state.borrow().element_factory.clone();
    let node = match factory {
        None => {
            let attrib = if fresh {
                Some(attrib.clone()).filter(|a| !dict_is_empty(a))
            } else {
                attrib_with(vm, Some(attrib), &[])?
            };
            make_element(tag.clone(), attrib)
        }
        Some(f) => vm.call(&f, &[tag.clone(), attrib.clone()], &[])?,
    };
    let this = b.state.borrow().this.clone();
    match &this {
        Some(parent) => add_subelement(vm, parent, node.clone())?,
        None => {
            let mut s = b.state.borrow_mut();
            if s.root.is_none() {
                s.root = Some(node.clone());
            }
        }
    }
    {
        let mut s = b.state.borrow_mut();
        s.stack.push(this);
        s.this = Some(node.clone());
        s.last = Some(node.clone());
        s.for_tail = false;
    }
    event(vm, b, |e| &e.start, &node)?;
    Ok(node)
}

fn end(vm: &mut Vm, b: &TreeBuilderData) -> PyResult {
    flush(vm, b)?;
    let mut s = b.state.borrow_mut();
    let Some(parent) = s.stack.pop() else {
        return Err(vm.err(&types().exc.index_error, "pop from empty stack"));
    };
    let ended = std::mem::replace(&mut s.this, parent);
    s.last = ended.clone();
    s.for_tail = true;
    drop(s);
    let ended = ended.unwrap_or_else(none);
    event(vm, b, |e| &e.end, &ended)?;
    Ok(ended)
}

/// A comment or processing instruction made by `factory`, inserted into
/// the element being built when `insert` says so.
#[allow(clippy::too_many_arguments)]
fn single(
    vm: &mut Vm,
    b: &TreeBuilderData,
    factory: Option<Value>,
    insert: bool,
    args: &[Value],
    otherwise: Value,
    which: fn(&Events) -> &Option<Value>,
) -> PyResult {
    flush(vm, b)?;
    let node = match factory {
        None => otherwise,
        Some(f) => {
            let node = vm.call(&f, args, &[])?;
            let this = b.state.borrow().this.clone();
            if insert && let Some(parent) = this {
                add_subelement(vm, &parent, node.clone())?;
                let mut s = b.state.borrow_mut();
                s.last = Some(node.clone());
                s.for_tail = true;
            }
            node
        }
    };
    event(vm, b, which, &node)?;
    Ok(node)
}

const BUILDER_METHODS: &[(&str, NativeFn)] = &[
    ("__init__", |vm, a, k| {
        let b = builder(vm, a)?;
        check_args(vm, "TreeBuilder", &a[1..], 0, 1)?;
        let mut element_factory = a.get(1).cloned();
        let (mut comment_factory, mut pi_factory) = (None, None);
        let (mut insert_comments, mut insert_pis) = (false, false);
        for (key, v) in k {
            match as_str(key).unwrap_or("") {
                "element_factory" if element_factory.is_none() => {
                    element_factory = Some(v.clone());
                }
                "comment_factory" => comment_factory = Some(v.clone()),
                "pi_factory" => pi_factory = Some(v.clone()),
                "insert_comments" => insert_comments = vm.truthy(v)?,
                "insert_pis" => insert_pis = vm.truthy(v)?,
                other => {
                    return Err(vm.type_error(format!(
                        "TreeBuilder() got an unexpected keyword argument '{other}'"
                    )));
                }
            }
        }
        let not_none = |v: Option<Value>| v.filter(|v| !v.is(&types().none));
        let (default_comment, default_pi) = FACTORIES.with(|f| f.borrow().clone());
        let comment_factory = not_none(comment_factory).or(default_comment);
        let pi_factory = not_none(pi_factory).or(default_pi);
        let new = Builder {
            element_factory: not_none(element_factory),
            insert_comments: insert_comments && comment_factory.is_some(),
            insert_pis: insert_pis && pi_factory.is_some(),
            comment_factory,
            pi_factory,
            ..Builder::default()
        };
        let old = b.state.replace(new);
        drop(old);
        Ok(none())
    }),
    ("start", |vm, a, k| {
        no_kwargs(vm, "start", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "start", &a[1..], 2, 2)?;
        if a[2].downcast::<DictData>().is_none() {
            return Err(bad_argument(vm, "start", "argument 2", "dict", &a[2]));
        }
        start(vm, b, &a[1], &a[2], false)
    }),
    ("end", |vm, a, k| {
        no_kwargs(vm, "end", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "end", &a[1..], 1, 1)?;
        end(vm, b)
    }),
    ("data", |vm, a, k| {
        no_kwargs(vm, "data", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "data", &a[1..], 1, 1)?;
        b.state.borrow_mut().data.push(a[1].clone());
        Ok(none())
    }),
    ("comment", |vm, a, k| {
        no_kwargs(vm, "comment", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "comment", &a[1..], 1, 1)?;
        let (f, insert) = {
            let s = b.state.borrow();
            (s.comment_factory.clone(), s.insert_comments)
        };
        single(vm, b, f, insert, &a[1..2], a[1].clone(), |e| &e.comment)
    }),
    ("pi", |vm, a, k| {
        no_kwargs(vm, "pi", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "pi", &a[1..], 1, 2)?;
        let (f, insert) = {
            let s = b.state.borrow();
            (s.pi_factory.clone(), s.insert_pis)
        };
        let text = a.get(2).cloned().unwrap_or_else(none);
        let args = [a[1].clone(), text];
        let otherwise = new_tuple(args.to_vec());
        single(vm, b, f, insert, &args, otherwise, |e| &e.pi)
    }),
    ("close", |vm, a, k| {
        no_kwargs(vm, "close", k)?;
        let b = builder(vm, a)?;
        check_args(vm, "close", &a[1..], 0, 0)?;
        Ok(b.state.borrow().root.clone().unwrap_or_else(none))
    }),
];

/// `SubElement(parent, tag, attrib={}, **extra)`.
fn sub_element(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "SubElement", a, 2, 3)?;
    expect_element(vm, "SubElement", "argument 1", &a[0])?;
    let attrib = dict_arg(vm, "SubElement", "argument 3", a.get(2))?;
    let attrib = init_attrib(vm, attrib, k)?;
    let e = make_element(a[1].clone(), attrib);
    add_subelement(vm, &a[0], e.clone())?;
    Ok(e)
}

/// `_set_factories(comment_factory, pi_factory)`: the factories tree
/// builders use when given none; returns the previous pair.
fn set_factories(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    no_kwargs(vm, "_set_factories", k)?;
    check_args(vm, "_set_factories", a, 2, 2)?;
    let check = |v: &Value| -> PyResult<Option<Value>> {
        if v.is(&types().none) {
            Ok(None)
        } else if crate::builtins::is_callable(v) {
            Ok(Some(v.clone()))
        } else {
            Err(vm.type_error(format!(
                "Comment factory must be callable, not {}",
                v.type_data().name
            )))
        }
    };
    let new = (check(&a[0])?, check(&a[1])?);
    let old = FACTORIES.with(|f| std::mem::replace(&mut *f.borrow_mut(), new));
    Ok(new_tuple(vec![
        old.0.unwrap_or_else(none),
        old.1.unwrap_or_else(none),
    ]))
}

pub fn make(_vm: &mut Vm) -> Value {
    let (el, tb, _) = module_types();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("SubElement", sub_element),
        ("_set_factories", set_factories),
    ];
    super::make_module(
        "_elementtree",
        funcs,
        vec![
            ("Element", el),
            ("TreeBuilder", tb),
            ("XMLParser", parser::parser_type()),
            ("ParseError", parser::parse_error_type()),
        ],
    )
}
