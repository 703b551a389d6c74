//! The parser object's hot path: character data, start tags and end tags
//! handed to the handlers without going through the Python layer.
//!
//! `pyexpat.py`'s `_dispatch` is the specification; this file does the same
//! for the three events every document is made of, reading and writing the
//! parser's state where the Python layer keeps it (the parser's `__dict__`),
//! so the two can take turns event by event. An event this file does not
//! cover as a whole (namespace declarations, attribute defaults from a DTD,
//! a default handler standing in for a missing one, a foreign DTD, a name
//! whose prefix is not bound, ...) is decided on before anything changes and
//! goes to `_dispatch` as a one-event list, in order with the rest.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::int::from_i64;
use crate::objects::list::{ListData, new_list};
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::new_tuple;
use crate::vm::{PyResult, Vm};

use super::scanner::{Arg, Event, ev};

/// The parser's `__dict__` entries read and written here.
mod key {
    pub const CHARACTER_DATA_HANDLER: usize = 0;
    pub const START_ELEMENT_HANDLER: usize = 1;
    pub const END_ELEMENT_HANDLER: usize = 2;
    pub const DEFAULT_HANDLER_EXPAND: usize = 3;
    pub const DECODER: usize = 4;
    pub const BUFFER_USED: usize = 5;
    pub const BUFFER_SIZE: usize = 6;
    pub const BUFFER_TEXT: usize = 7;
    pub const BUFFER: usize = 8;
    pub const FOREIGN_DTD: usize = 9;
    pub const ATTDEFAULTS: usize = 10;
    pub const SEP: usize = 11;
    pub const NS: usize = 12;
    pub const NS_DECLS: usize = 13;
    pub const NAMESPACE_PREFIXES: usize = 14;
    pub const INTERN: usize = 15;
    pub const ORDERED_ATTRIBUTES: usize = 16;
    pub const POS: usize = 17;
    pub const NAMES: [&str; 18] = [
        "CharacterDataHandler",
        "StartElementHandler",
        "EndElementHandler",
        "DefaultHandlerExpand",
        "_decoder",
        "_buffer_used",
        "_buffer_size",
        "_buffer_text",
        "_buffer",
        "_foreign_dtd",
        "_attdefaults",
        "_sep",
        "_ns",
        "_ns_decls",
        "_namespace_prefixes",
        "intern",
        "ordered_attributes",
        "_pos",
    ];
}

/// The parser's state: its `__dict__`, with the interned names of its
/// entries (which the Python layer's constants are too: a lookup compares
/// pointers and reuses the names' hashes).
struct State<'a> {
    parser: &'a Value,
    dict: &'a DictData,
    keys: Vec<Value>,
}

impl State<'_> {
    /// `self.name` for an entry of the parser's `__dict__` (None when
    /// missing: the Python layer sets every one of them at creation).
    fn get(&self, k: usize) -> Value {
        self.dict
            .table
            .borrow()
            .get_name(&self.keys[k])
            .unwrap_or_else(|| types().none.clone())
    }

    fn set(&self, k: usize, v: Value) {
        let key = &self.keys[k];
        let hash = key
            .downcast::<crate::objects::str::StrData>()
            .map_or(0, |s| s.hash());
        self.dict.table.borrow_mut().set_fast(key.clone(), hash, v);
    }

    fn is_none(&self, k: usize) -> bool {
        self.get(k).is(&types().none)
    }

    fn truthy(&self, vm: &mut Vm, k: usize) -> PyResult<bool> {
        let v = self.get(k);
        vm.truthy(&v)
    }

    fn int(&self, k: usize) -> Option<i64> {
        self.get(k).as_small()
    }

    /// `self._flush()`: the buffered character data to the handler.
    fn flush(&self, vm: &mut Vm) -> PyResult<()> {
        let buf = self.get(key::BUFFER);
        let text = match buf.downcast::<ListData>() {
            Some(l) => {
                let items = l.items.borrow();
                if items.is_empty() {
                    return Ok(());
                }
                let mut s = String::new();
                for it in items.iter() {
                    s.push_str(as_str(it).unwrap_or_default());
                }
                s
            }
            None => {
                vm.call_method(self.parser, "_flush", &[])?;
                return Ok(());
            }
        };
        self.set(key::BUFFER, new_list(Vec::new()));
        self.set(key::BUFFER_USED, from_i64(0));
        let h = self.get(key::CHARACTER_DATA_HANDLER);
        if !h.is(&types().none) {
            vm.call(&h, &[new_str(&text)], &[])?;
        }
        Ok(())
    }

    /// `self._intern(name)`.
    fn intern(&self, vm: &mut Vm, name: Value) -> PyResult<Value> {
        let table = self.get(key::INTERN);
        let Some(d) = table.downcast::<DictData>() else {
            return Ok(name);
        };
        if let Some(v) = crate::objects::dict::get(vm, &d.table, &name)? {
            return Ok(v);
        }
        crate::objects::dict::set(vm, &d.table, name.clone(), name.clone())?;
        Ok(name)
    }

    /// `self._lookup(prefix)`: the innermost binding of `prefix` (None for
    /// the default namespace); `None` when unbound, `Some(None)` when bound
    /// to nothing.
    fn lookup(&self, vm: &mut Vm, prefix: Option<&str>) -> PyResult<Option<Value>> {
        let key = match prefix {
            Some(p) => new_str(p),
            None => types().none.clone(),
        };
        let scopes = self.get(key::NS);
        let Some(l) = scopes.downcast::<ListData>() else {
            return Ok(None);
        };
        let scopes: Vec<Value> = l.items.borrow().clone();
        for scope in scopes.iter().rev() {
            // (Most elements declare nothing: their scope is empty.)
            if let Some(d) = scope.downcast::<DictData>()
                && !d.table.borrow().is_empty()
                && let Some(v) = crate::objects::dict::get(vm, &d.table, &key)?
            {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// `self._name(qname, is_attr)`: the namespace-expanded name, None for
    /// an unbound prefix.
    fn expand(
        &self,
        vm: &mut Vm,
        qname: &str,
        sep: &str,
        is_attr: bool,
    ) -> PyResult<Option<String>> {
        match qname.split_once(':') {
            None => {
                if is_attr {
                    return Ok(Some(qname.to_string()));
                }
                let uri = self.lookup(vm, None)?;
                match uri.as_ref().and_then(|u| as_str(u)) {
                    Some(u) if !u.is_empty() => Ok(Some(format!("{u}{sep}{qname}"))),
                    _ => Ok(Some(qname.to_string())),
                }
            }
            Some((prefix, local)) => {
                let Some(uri) = self.lookup(vm, Some(prefix))? else {
                    return Ok(None);
                };
                let Some(u) = as_str(&uri) else {
                    return Ok(None);
                };
                if self.truthy(vm, key::NAMESPACE_PREFIXES)? {
                    Ok(Some(format!("{u}{sep}{local}{sep}{prefix}")))
                } else {
                    Ok(Some(format!("{u}{sep}{local}")))
                }
            }
        }
    }

    fn set_pos(&self, e: &Event) {
        self.set(
            key::POS,
            new_tuple(vec![
                from_i64(e.line as i64),
                from_i64(e.col as i64),
                from_i64(e.pos as i64),
            ]),
        );
    }
}

fn text_arg(e: &Event, i: usize) -> Option<&str> {
    match e.args.get(i) {
        Some(Arg::S(s)) => Some(s),
        _ => None,
    }
}

/// Character data (`_dispatch`'s `_CHARS` with a CharacterDataHandler).
fn chars(vm: &mut Vm, st: &State, e: &Event) -> PyResult<bool> {
    let Some(data) = text_arg(e, 0) else {
        return Ok(false);
    };
    if st.is_none(key::CHARACTER_DATA_HANDLER) {
        // Nobody to tell: done, unless a default handler takes it.
        if e.raw.is_none() && st.is_none(key::DEFAULT_HANDLER_EXPAND) {
            st.set_pos(e);
            return Ok(true);
        }
        return Ok(false);
    }
    let n = data.chars().count() as i64;
    if !st.is_none(key::DECODER) && n > 1024 {
        return Ok(false);
    }
    let (Some(_), Some(_)) = (st.int(key::BUFFER_USED), st.int(key::BUFFER_SIZE)) else {
        return Ok(false);
    };
    st.set_pos(e);
    if !st.truthy(vm, key::BUFFER_TEXT)? {
        let h = st.get(key::CHARACTER_DATA_HANDLER);
        vm.call(&h, &[new_str(data)], &[])?;
        return Ok(true);
    }
    let used = st.int(key::BUFFER_USED).unwrap_or(0);
    let size = st.int(key::BUFFER_SIZE).unwrap_or(0);
    if used + n > size {
        st.flush(vm)?;
        if st.is_none(key::CHARACTER_DATA_HANDLER) {
            return Ok(true);
        }
    }
    if n > st.int(key::BUFFER_SIZE).unwrap_or(0) {
        let h = st.get(key::CHARACTER_DATA_HANDLER);
        vm.call(&h, &[new_str(data)], &[])?;
        return Ok(true);
    }
    let buf = st.get(key::BUFFER);
    match buf.downcast::<ListData>() {
        Some(l) => l.items.borrow_mut().push(new_str(data)),
        None => {
            vm.call_method(&buf, "append", &[new_str(data)])?;
        }
    }
    let used = st.int(key::BUFFER_USED).unwrap_or(0);
    st.set(key::BUFFER_USED, from_i64(used + n));
    Ok(true)
}

/// A start tag without namespace declarations or attribute defaults.
fn start(vm: &mut Vm, st: &State, e: &Event) -> PyResult<bool> {
    let (Some(Arg::S(name)), Some(Arg::List(attrs))) = (e.args.first(), e.args.get(1)) else {
        return Ok(false);
    };
    let mut names = Vec::with_capacity(attrs.len());
    for a in attrs {
        match a {
            Arg::S(s) => names.push(s.as_str()),
            _ => return Ok(false),
        }
    }
    if st.truthy(vm, key::FOREIGN_DTD)? {
        return Ok(false);
    }
    let defaults = st.get(key::ATTDEFAULTS);
    match defaults.downcast::<DictData>() {
        Some(d) if d.table.borrow().is_empty() => {}
        _ => return Ok(false),
    }
    let sep = st.get(key::SEP);
    let (ename, anames): (String, Vec<String>) = if sep.is(&types().none) {
        (
            name.clone(),
            names.iter().step_by(2).map(|s| s.to_string()).collect(),
        )
    } else {
        let Some(sep) = as_str(&sep) else {
            return Ok(false);
        };
        let sep = sep.to_string();
        if names
            .iter()
            .step_by(2)
            .any(|a| *a == "xmlns" || a.starts_with("xmlns:"))
        {
            return Ok(false);
        }
        let Some(ename) = st.expand(vm, name, &sep, false)? else {
            return Ok(false);
        };
        let mut out: Vec<String> = Vec::with_capacity(names.len() / 2);
        for a in names.iter().step_by(2) {
            let Some(an) = st.expand(vm, a, &sep, true)? else {
                return Ok(false);
            };
            if out.contains(&an) {
                return Ok(false);
            }
            out.push(an);
        }
        // The element's (empty) namespace scope.
        for (list, item) in [
            (key::NS, new_dict(DictTable::new())),
            (key::NS_DECLS, new_list(Vec::new())),
        ] {
            let l = st.get(list);
            match l.downcast::<ListData>() {
                Some(l) => l.items.borrow_mut().push(item),
                None => {
                    vm.call_method(&l, "append", &[item])?;
                }
            }
        }
        (ename, out)
    };
    st.set_pos(e);
    let h = st.get(key::START_ELEMENT_HANDLER);
    let name = st.intern(vm, new_str(&ename))?;
    if h.is(&types().none) {
        if let Some(raw) = &e.raw {
            vm.call_method(st.parser, "_default", &[new_str(raw)])?;
        }
        return Ok(true);
    }
    st.flush(vm)?;
    let values = names.iter().skip(1).step_by(2);
    if st.truthy(vm, key::ORDERED_ATTRIBUTES)? {
        let mut items = Vec::with_capacity(names.len());
        for (an, v) in anames.iter().zip(values) {
            items.push(st.intern(vm, new_str(an))?);
            items.push(new_str(v));
        }
        vm.call(&h, &[name, new_list(items)], &[])?;
    } else {
        let table = std::cell::RefCell::new(DictTable::new());
        for (an, v) in anames.iter().zip(values) {
            let an = st.intern(vm, new_str(an))?;
            crate::objects::dict::set(vm, &table, an, new_str(v))?;
        }
        vm.call(&h, &[name, new_dict(table.into_inner())], &[])?;
    }
    Ok(true)
}

/// An end tag whose element declared no namespaces.
fn end(vm: &mut Vm, st: &State, e: &Event) -> PyResult<bool> {
    let Some(name) = text_arg(e, 0) else {
        return Ok(false);
    };
    let sep = st.get(key::SEP);
    let ns = !sep.is(&types().none);
    let ename = if ns {
        let Some(sep) = as_str(&sep) else {
            return Ok(false);
        };
        let decls = st.get(key::NS_DECLS);
        let Some(l) = decls.downcast::<ListData>() else {
            return Ok(false);
        };
        let top_empty = l.items.borrow().last().and_then(|d| {
            d.downcast::<ListData>()
                .map(|d| d.items.borrow().is_empty())
        });
        if top_empty != Some(true) {
            return Ok(false);
        }
        let sep = sep.to_string();
        match st.expand(vm, name, &sep, false)? {
            Some(n) => n,
            None => return Ok(false),
        }
    } else {
        name.to_string()
    };
    let h = st.get(key::END_ELEMENT_HANDLER);
    if h.is(&types().none) && e.raw.as_deref().is_some_and(|r| !r.is_empty()) {
        return Ok(false);
    }
    st.set_pos(e);
    if !h.is(&types().none) {
        st.flush(vm)?;
        let name = st.intern(vm, new_str(&ename))?;
        vm.call(&h, &[name], &[])?;
    }
    if ns {
        for list in [key::NS, key::NS_DECLS] {
            let l = st.get(list);
            if l.is_exact(&types().list) {
                let popped = l
                    .downcast::<ListData>()
                    .and_then(|d| d.items.borrow_mut().pop());
                if popped.is_some() {
                    drop(popped);
                    continue;
                }
            }
            vm.call_method(&l, "pop", &[])?;
        }
    }
    Ok(true)
}

/// An event as the tuple `_dispatch` takes: (kind, pos, line, col, args,
/// raw).
pub(super) fn event_tuple(e: Event) -> Value {
    let none = types().none.clone();
    new_tuple(vec![
        from_i64(e.kind),
        from_i64(e.pos as i64),
        from_i64(e.line as i64),
        from_i64(e.col as i64),
        new_tuple(e.args.into_iter().map(super::to_value).collect()),
        e.raw.map_or(none, |r| new_str(&r)),
    ])
}

/// `_dispatch_events(parser, events)`: the events of one `Parse` call, in
/// order, each here or through the parser's `_dispatch`.
pub(super) fn dispatch_events(vm: &mut Vm, parser: &Value, events: Vec<Event>) -> PyResult<()> {
    let Some(dict) = crate::protocols::attr::instance_dict(parser).map(|d| d.into_owned()) else {
        return Err(vm.type_error("pyexpat parser without a __dict__"));
    };
    let Some(dd) = dict.downcast::<DictData>() else {
        return Err(vm.type_error("pyexpat parser without a __dict__"));
    };
    let keys = key::NAMES
        .iter()
        .map(|n| vm.intern(&std::rc::Rc::from(*n)))
        .collect();
    let st = State {
        parser,
        dict: dd,
        keys,
    };
    for e in events {
        let done = match e.kind {
            ev::CHARS => chars(vm, &st, &e)?,
            ev::START => start(vm, &st, &e)?,
            ev::END => end(vm, &st, &e)?,
            _ => false,
        };
        if !done {
            let one = new_list(vec![event_tuple(e)]);
            vm.call_method(parser, "_dispatch", &[one])?;
        }
    }
    Ok(())
}
