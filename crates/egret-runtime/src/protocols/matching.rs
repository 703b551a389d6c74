//! The run-time side of `match` statements (PEP 634): which subjects count
//! as sequences and mappings, mapping-key lookup and class patterns.

use crate::object::Value;
use crate::object::types::{TypeData, types};
use crate::objects::str::{as_str, new_str};
use crate::objects::tuple::{TupleData, new_tuple};
use crate::vm::{PyResult, Vm};

/// `collections.abc` marks its classes with `__abc_tpflags__`; these are
/// CPython's `Py_TPFLAGS_SEQUENCE` and `Py_TPFLAGS_MAPPING` bits.
const ABC_SEQUENCE: i64 = 1 << 5;
const ABC_MAPPING: i64 = 1 << 6;

/// Walks the subject's MRO: the first class that decides wins.
fn collection_flags(v: &Value) -> i64 {
    let t = types();
    let ty = v.class();
    let mro = ty.type_data_of_type().mro.borrow().clone();
    for c in &mro {
        let sequences = [
            &t.list,
            &t.tuple,
            &t.range,
            &t.memoryview,
            &t.deque,
            &t.array,
        ];
        if sequences.iter().any(|s| c.is(s)) {
            return ABC_SEQUENCE;
        }
        if c.is(&t.dict) || c.is(&t.mappingproxy) {
            return ABC_MAPPING;
        }
        let non_sequences = [&t.str_, &t.bytes, &t.bytearray];
        if non_sequences.iter().any(|s| c.is(s)) {
            return 0;
        }
        let td = c.type_data_of_type();
        if td.abc_flags.get() != 0 {
            return td.abc_flags.get() & (ABC_SEQUENCE | ABC_MAPPING);
        }
        let flags = td.dict.borrow().get_str("__abc_tpflags__");
        if let Some(f) = flags.and_then(|f| f.as_small()) {
            return f & (ABC_SEQUENCE | ABC_MAPPING);
        }
    }
    0
}

/// `MATCH_SEQUENCE`: list, tuple, range, memoryview, deque, array and
/// `collections.abc.Sequence` subclasses, but never str, bytes or bytearray.
pub fn is_sequence(v: &Value) -> bool {
    collection_flags(v) & ABC_SEQUENCE != 0
}

/// `MATCH_MAPPING`: dict and `collections.abc.Mapping` subclasses.
pub fn is_mapping(v: &Value) -> bool {
    collection_flags(v) & ABC_MAPPING != 0
}

impl Vm {
    /// `MATCH_KEYS`: the values of `keys` in the mapping `subject`, as a
    /// tuple, or None when one is missing. Lookups go through `get`.
    pub fn match_keys(&mut self, subject: &Value, keys: &Value) -> PyResult {
        let t = types();
        let keys: Vec<Value> = keys
            .downcast::<TupleData>()
            .map(|k| k.items.to_vec())
            .unwrap_or_default();
        if keys.is_empty() {
            return Ok(new_tuple(Vec::new()));
        }
        let get = self.getattr_str(subject, "get")?;
        let dummy = self.call(&t.object, &[], &[])?;
        let mut seen: Vec<Value> = Vec::with_capacity(keys.len());
        let mut values = Vec::with_capacity(keys.len());
        for key in keys {
            for s in &seen {
                if self.eq(s, &key)? {
                    let r = self.repr_string(&key)?;
                    return Err(
                        self.value_error(format!("mapping pattern checks duplicate key ({r})"))
                    );
                }
            }
            let v = self.call(&get, &[key.clone(), dummy.clone()], &[])?;
            if v.is(&dummy) {
                return Ok(t.none.clone());
            }
            seen.push(key);
            values.push(v);
        }
        Ok(new_tuple(values))
    }

    /// `MATCH_CLASS`: when `subject` is an instance of `cls`, a tuple of the
    /// attributes the `npos` positional sub-patterns (named by
    /// `cls.__match_args__`) and the keyword sub-patterns (`names`) select;
    /// None when it is not an instance or an attribute is missing.
    pub fn match_class(
        &mut self,
        subject: &Value,
        cls: &Value,
        names: &Value,
        npos: usize,
    ) -> PyResult {
        let t = types();
        if cls.downcast::<TypeData>().is_none() {
            return Err(self.type_error("called match pattern must be a type"));
        }
        if !crate::builtins::isinstance_check(self, subject, cls)? {
            return Ok(t.none.clone());
        }
        let cls_name = cls.type_data_of_type().name.clone();
        let mut attrs = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        if npos > 0 {
            let match_args = match self.getattr_str(cls, "__match_args__") {
                Ok(m) => Some(m),
                Err(e) if e.matches(&t.exc.attribute_error) => None,
                Err(e) => return Err(e),
            };
            match match_args {
                Some(m) => {
                    let Some(tuple) = m.downcast::<TupleData>() else {
                        let got = self.type_name(&m);
                        return Err(self.type_error(format!(
                            "{cls_name}.__match_args__ must be a tuple (got {got})"
                        )));
                    };
                    let allowed = tuple.items.len();
                    if npos > allowed {
                        return Err(self.type_error(format!(
                            "{cls_name}() accepts {allowed} positional sub-pattern{} ({npos} given)",
                            if allowed == 1 { "" } else { "s" }
                        )));
                    }
                    for name in tuple.items[..npos].iter() {
                        let Some(n) = as_str(name).map(str::to_string) else {
                            let got = self.type_name(name);
                            return Err(self.type_error(format!(
                                "__match_args__ elements must be strings (got {got})"
                            )));
                        };
                        match self.match_attr(subject, &n, &cls_name, &mut seen)? {
                            Some(v) => attrs.push(v),
                            None => return Ok(t.none.clone()),
                        }
                    }
                }
                None if npos == 1 && matches_self(cls) => attrs.push(subject.clone()),
                None => {
                    return Err(self.type_error(format!(
                        "{cls_name}() accepts 0 positional sub-patterns ({npos} given)"
                    )));
                }
            }
        }
        let names: Vec<Value> = names
            .downcast::<TupleData>()
            .map(|k| k.items.to_vec())
            .unwrap_or_default();
        for name in names {
            let n = as_str(&name).unwrap_or("").to_string();
            match self.match_attr(subject, &n, &cls_name, &mut seen)? {
                Some(v) => attrs.push(v),
                None => return Ok(t.none.clone()),
            }
        }
        Ok(new_tuple(attrs))
    }

    /// One attribute of a class pattern: None when it is missing.
    fn match_attr(
        &mut self,
        subject: &Value,
        name: &str,
        cls_name: &str,
        seen: &mut Vec<String>,
    ) -> PyResult<Option<Value>> {
        if seen.iter().any(|s| s == name) {
            return Err(self.type_error(format!(
                "{cls_name}() got multiple sub-patterns for attribute '{name}'"
            )));
        }
        seen.push(name.to_string());
        match self.getattr(subject, &new_str(name)) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(&types().exc.attribute_error) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The builtins whose single positional sub-pattern matches the whole
/// subject (`case int(x)`).
fn matches_self(cls: &Value) -> bool {
    let t = types();
    let builtins = [
        &t.bool_,
        &t.bytearray,
        &t.bytes,
        &t.dict,
        &t.float,
        &t.frozenset,
        &t.int,
        &t.list,
        &t.set,
        &t.str_,
        &t.tuple,
    ];
    let mro = cls.type_data_of_type().mro.borrow().clone();
    mro.iter().any(|c| builtins.iter().any(|b| c.is(b)))
}
