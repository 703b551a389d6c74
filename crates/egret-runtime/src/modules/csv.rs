//! `_csv`: the CSV reader and writer under `csv`, with CPython 3.11's
//! dialect rules, parsing states and error messages. `csv.py` (CPython's,
//! unmodified) builds `DictReader`, `Sniffer` and the named dialects on
//! top of it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::native::{native_type, new_native, with_state};
use crate::objects::str::{as_str, new_str};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyErr, PyResult, Vm, py_bool};

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;

/// A validated dialect.
#[derive(Clone)]
struct Dialect {
    delimiter: char,
    quotechar: Option<char>,
    escapechar: Option<char>,
    doublequote: bool,
    skipinitialspace: bool,
    lineterminator: String,
    quoting: i64,
    strict: bool,
}

struct Module {
    error: Value,
    dialect: Value,
    reader: Value,
    writer: Value,
    /// `register_dialect`'s table, in registration order.
    dialects: RefCell<Vec<(String, Value)>>,
    field_limit: std::cell::Cell<i64>,
}

crate::gil_local! {
    static MODULE: RefCell<Option<Rc<Module>>> = const { RefCell::new(None) };
}

fn module() -> Rc<Module> {
    MODULE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| {
                let t = types();
                let mut ns = crate::objects::dict::DictTable::new();
                ns.set_str("__module__", new_str("_csv"));
                let error = crate::object::types::new_class(
                    &t.type_,
                    "Error",
                    vec![t.exc.exception.clone()],
                    ns,
                )
                .expect("an exception class");
                let dialect = native_type("_csv.Dialect");
                dialect_type_setup(&dialect);
                let reader = native_type("_csv.reader");
                crate::objects::str_methods::add_methods(&reader, "reader", READER_METHODS);
                {
                    let td = reader.type_data_of_type();
                    let mut d = td.dict_mut();
                    d.set_str(
                        "dialect",
                        crate::objects::descr::getter("dialect", |vm, a, _| {
                            with_state(vm, &a[0], "_csv.reader", |r: &mut ReaderState| {
                                r.dialect_obj.clone()
                            })
                        }),
                    );
                    d.set_str(
                        "line_num",
                        crate::objects::descr::getter("line_num", |vm, a, _| {
                            with_state(vm, &a[0], "_csv.reader", |r: &mut ReaderState| {
                                from_i64(r.line_num)
                            })
                        }),
                    );
                }
                let writer = native_type("_csv.writer");
                crate::objects::str_methods::add_methods(&writer, "writer", WRITER_METHODS);
                writer.type_data_of_type().dict_mut().set_str(
                    "dialect",
                    crate::objects::descr::getter("dialect", |vm, a, _| {
                        with_state(vm, &a[0], "_csv.writer", |w: &mut WriterState| {
                            w.dialect_obj.clone()
                        })
                    }),
                );
                Rc::new(Module {
                    error,
                    dialect,
                    reader,
                    writer,
                    dialects: RefCell::new(Vec::new()),
                    field_limit: std::cell::Cell::new(128 * 1024),
                })
            })
            .clone()
    })
}

fn csv_error(vm: &Vm, msg: impl AsRef<str>) -> PyErr {
    vm.err(&module().error, msg.as_ref())
}

// ----- dialects -----

const DIALECT_FIELDS: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

fn dialect_of(vm: &Vm, v: &Value) -> PyResult<Dialect> {
    with_state(vm, v, "_csv.Dialect", |d: &mut Dialect| d.clone())
}

fn dialect_type_setup(ty: &Value) {
    let td = ty.type_data_of_type();
    let mut d = td.dict_mut();
    macro_rules! field {
        ($name:literal, $get:expr) => {
            d.set_str(
                $name,
                crate::objects::descr::getter($name, |vm, a, _| {
                    let d = dialect_of(vm, &a[0])?;
                    #[allow(clippy::redundant_closure_call)]
                    Ok(($get)(&d))
                }),
            );
        };
    }
    field!("delimiter", |d: &Dialect| new_str(&d.delimiter.to_string()));
    field!("quotechar", |d: &Dialect| match d.quotechar {
        Some(c) => new_str(&c.to_string()),
        None => types().none.clone(),
    });
    field!("escapechar", |d: &Dialect| match d.escapechar {
        Some(c) => new_str(&c.to_string()),
        None => types().none.clone(),
    });
    field!("doublequote", |d: &Dialect| py_bool(d.doublequote));
    field!("skipinitialspace", |d: &Dialect| py_bool(
        d.skipinitialspace
    ));
    field!("lineterminator", |d: &Dialect| new_str(&d.lineterminator));
    field!("quoting", |d: &Dialect| from_i64(d.quoting));
    field!("strict", |d: &Dialect| py_bool(d.strict));
    let new = crate::objects::function::new_builtin("__new__", |vm, a, k| {
        // a[0] is the class.
        make_dialect(vm, a.get(1), k)
    });
    d.set_str(
        "__new__",
        Value::alloc(
            &types().staticmethod,
            crate::objects::descr::WrapperData { func: new },
        ),
    );
    drop(d);
    let methods: &[(&'static str, NativeFn)] = &[
        ("__reduce_ex__", |vm, _a, _| {
            Err(vm.type_error("cannot pickle 'Dialect' instances"))
        }),
        ("__reduce__", |vm, _a, _| {
            Err(vm.type_error("cannot pickle 'Dialect' instances"))
        }),
    ];
    crate::objects::str_methods::add_methods(ty, "Dialect", methods);
}

fn char_arg(vm: &Vm, name: &str, v: &Value, none_ok: bool) -> PyResult<Option<char>> {
    if none_ok && v.is(&types().none) {
        return Ok(None);
    }
    let Some(s) = as_str(v).filter(|_| v.kind() == Kind::Str) else {
        return Err(vm.type_error(format!(
            "\"{name}\" must be string{}, not {}",
            if none_ok { " or None" } else { "" },
            v.type_data().name
        )));
    };
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(Some(c)),
        _ => Err(vm.type_error(format!("\"{name}\" must be a 1-character string"))),
    }
}

/// `_csv.Dialect(dialect=None, **fmtparams)`: a registered name, an
/// object with the dialect attributes, and keyword overrides, checked.
fn make_dialect(vm: &mut Vm, base: Option<&Value>, k: Kw) -> PyResult {
    let m = module();
    let mut base = base.cloned();
    for (key, v) in k {
        let key = as_str(key).unwrap_or("");
        if key == "dialect" {
            base = Some(v.clone());
        } else if !DIALECT_FIELDS.contains(&key) {
            return Err(vm.type_error(format!(
                "'{key}' is an invalid keyword argument for this function"
            )));
        }
    }
    if let Some(b) = &base
        && b.kind() == Kind::Str
    {
        base = Some(get_dialect(vm, b)?);
    }
    let overrides: Vec<&(Value, Value)> = k
        .iter()
        .filter(|(key, _)| as_str(key) != Some("dialect"))
        .collect();
    if let Some(b) = &base
        && overrides.is_empty()
        && b.is_exact(&m.dialect)
    {
        return Ok(b.clone());
    }
    let get = |vm: &mut Vm, name: &str| -> PyResult<Option<Value>> {
        if let Some((_, v)) = overrides.iter().find(|(key, _)| as_str(key) == Some(name)) {
            return Ok(Some(v.clone()));
        }
        match &base {
            Some(b) => vm.lookup_attr(b, name),
            None => Ok(None),
        }
    };
    let delimiter = get(vm, "delimiter")?;
    let doublequote = get(vm, "doublequote")?;
    let escapechar = get(vm, "escapechar")?;
    let lineterminator = get(vm, "lineterminator")?;
    let quotechar = get(vm, "quotechar")?;
    let quoting = get(vm, "quoting")?;
    let skipinitialspace = get(vm, "skipinitialspace")?;
    let strict = get(vm, "strict")?;
    let truth = |vm: &mut Vm, v: &Option<Value>, default: bool| -> PyResult<bool> {
        match v {
            Some(v) => vm.truthy(v),
            None => Ok(default),
        }
    };
    let mut d = Dialect {
        delimiter: ',',
        quotechar: Some('"'),
        escapechar: None,
        doublequote: truth(vm, &doublequote, true)?,
        skipinitialspace: truth(vm, &skipinitialspace, false)?,
        lineterminator: "\r\n".to_string(),
        quoting: QUOTE_MINIMAL,
        strict: truth(vm, &strict, false)?,
    };
    if let Some(v) = &delimiter {
        d.delimiter = char_arg(vm, "delimiter", v, false)?.unwrap_or(',');
    }
    if let Some(v) = &escapechar {
        d.escapechar = char_arg(vm, "escapechar", v, true)?;
    }
    if let Some(v) = &lineterminator {
        match as_str(v).filter(|_| v.kind() == Kind::Str) {
            Some(s) => d.lineterminator = s.to_string(),
            None => return Err(vm.type_error("\"lineterminator\" must be a string")),
        }
    }
    if let Some(v) = &quoting {
        if crate::objects::int::to_bigint(v).is_none() {
            return Err(vm.type_error("\"quoting\" must be an integer"));
        }
        d.quoting = vm.index_value(v).unwrap_or(-1);
        if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&d.quoting) {
            return Err(vm.type_error("bad \"quoting\" value"));
        }
    }
    if let Some(v) = &quotechar {
        d.quotechar = char_arg(vm, "quotechar", v, true)?;
        if d.quotechar.is_none() && quoting.is_none() {
            d.quoting = QUOTE_NONE;
        }
    }
    if d.quoting != QUOTE_NONE && d.quotechar.is_none() {
        return Err(vm.type_error("quotechar must be set if quoting enabled"));
    }
    Ok(new_native(&m.dialect, d))
}

fn get_dialect(vm: &mut Vm, name: &Value) -> PyResult {
    let m = module();
    let key = as_str(name).unwrap_or("").to_string();
    let found = m
        .dialects
        .borrow()
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, d)| d.clone());
    found.ok_or_else(|| csv_error(vm, "unknown dialect"))
}

/// The dialect of `reader(...)`/`writer(...)`: argument 2 and keywords.
fn dialect_from_args(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<(Value, Dialect)> {
    // Without a dialect argument the keywords alone make the dialect (the
    // defaults are excel's).
    let d = make_dialect(vm, a.get(1), k)?;
    let rust = dialect_of(vm, &d)?;
    Ok((d, rust))
}

// ----- the reader -----

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

struct ReaderState {
    input: Value,
    dialect_obj: Value,
    d: Dialect,
    state: State,
    field: String,
    field_len: i64,
    numeric: bool,
    /// The fields of the record being read; numbers wait to be converted.
    fields: Vec<Field>,
    line_num: i64,
}

enum Field {
    Text(String),
    Number(String),
}

/// One input char, or the end of a line (`None`).
type Input = Option<char>;

impl ReaderState {
    fn save_field(&mut self) {
        let text = std::mem::take(&mut self.field);
        self.field_len = 0;
        if self.numeric {
            self.numeric = false;
            self.fields.push(Field::Number(text));
        } else {
            self.fields.push(Field::Text(text));
        }
    }

    fn add_char(&mut self, c: char, limit: i64) -> Result<(), String> {
        if self.field_len >= limit {
            return Err(format!("field larger than field limit ({limit})"));
        }
        self.field.push(c);
        self.field_len += 1;
        Ok(())
    }

    fn process(&mut self, c: Input, limit: i64) -> Result<(), String> {
        let d = &self.d;
        let newline = matches!(c, Some('\n' | '\r'));
        let is = |x: Option<char>| x.is_some() && c == x;
        match self.state {
            State::StartRecord => {
                if c.is_none() {
                    return Ok(());
                }
                if newline {
                    self.state = State::EatCrnl;
                    return Ok(());
                }
                self.state = State::StartField;
                self.start_field(c, limit)
            }
            State::StartField => self.start_field(c, limit),
            State::EscapedChar => {
                if newline {
                    self.add_char(c.unwrap_or('\n'), limit)?;
                    self.state = State::AfterEscapedCrnl;
                    return Ok(());
                }
                self.add_char(c.unwrap_or('\n'), limit)?;
                self.state = State::InField;
                Ok(())
            }
            State::AfterEscapedCrnl if c.is_none() => Ok(()),
            State::AfterEscapedCrnl | State::InField => {
                if newline || c.is_none() {
                    self.save_field();
                    self.state = if c.is_none() {
                        State::StartRecord
                    } else {
                        State::EatCrnl
                    };
                } else if is(d.escapechar) {
                    self.state = State::EscapedChar;
                } else if c == Some(d.delimiter) {
                    self.save_field();
                    self.state = State::StartField;
                } else {
                    self.add_char(c.unwrap_or('\n'), limit)?;
                    self.state = State::InField;
                }
                Ok(())
            }
            State::InQuotedField => {
                if c.is_none() {
                } else if is(d.escapechar) {
                    self.state = State::EscapeInQuotedField;
                } else if is(d.quotechar) && d.quoting != QUOTE_NONE {
                    self.state = if d.doublequote {
                        State::QuoteInQuotedField
                    } else {
                        State::InField
                    };
                } else {
                    self.add_char(c.unwrap_or('\n'), limit)?;
                }
                Ok(())
            }
            State::EscapeInQuotedField => {
                self.add_char(c.unwrap_or('\n'), limit)?;
                self.state = State::InQuotedField;
                Ok(())
            }
            State::QuoteInQuotedField => {
                if d.quoting != QUOTE_NONE && is(d.quotechar) {
                    self.add_char(c.unwrap_or('"'), limit)?;
                    self.state = State::InQuotedField;
                } else if c == Some(d.delimiter) {
                    self.save_field();
                    self.state = State::StartField;
                } else if newline || c.is_none() {
                    self.save_field();
                    self.state = if c.is_none() {
                        State::StartRecord
                    } else {
                        State::EatCrnl
                    };
                } else if !d.strict {
                    self.add_char(c.unwrap_or('\n'), limit)?;
                    self.state = State::InField;
                } else {
                    return Err(format!(
                        "'{}' expected after '{}'",
                        d.delimiter,
                        d.quotechar.unwrap_or('"')
                    ));
                }
                Ok(())
            }
            State::EatCrnl => {
                if newline {
                } else if c.is_none() {
                    self.state = State::StartRecord;
                } else {
                    return Err(
                        "new-line character seen in unquoted field - do you need to \
                                open the file in universal-newline mode?"
                            .to_string(),
                    );
                }
                Ok(())
            }
        }
    }

    fn start_field(&mut self, c: Input, limit: i64) -> Result<(), String> {
        let d = &self.d;
        let newline = matches!(c, Some('\n' | '\r'));
        if newline || c.is_none() {
            self.save_field();
            self.state = if c.is_none() {
                State::StartRecord
            } else {
                State::EatCrnl
            };
        } else if d.quotechar.is_some() && c == d.quotechar && d.quoting != QUOTE_NONE {
            self.state = State::InQuotedField;
        } else if d.escapechar.is_some() && c == d.escapechar {
            self.state = State::EscapedChar;
        } else if c == Some(' ') && d.skipinitialspace {
        } else if c == Some(d.delimiter) {
            self.save_field();
        } else {
            if d.quoting == QUOTE_NONNUMERIC {
                self.numeric = true;
            }
            self.add_char(c.unwrap_or('\n'), limit)?;
            self.state = State::InField;
        }
        Ok(())
    }
}

fn rstate<R>(vm: &Vm, v: &Value, f: impl FnOnce(&mut ReaderState) -> R) -> PyResult<R> {
    with_state(vm, v, "_csv.reader", f)
}

/// The fields of a finished record as Python values.
fn record(vm: &mut Vm, fields: Vec<Field>) -> PyResult {
    let mut out = Vec::with_capacity(fields.len());
    for f in fields {
        out.push(match f {
            Field::Text(s) => new_str(&s),
            Field::Number(s) => vm.call(&types().float, &[new_str(&s)], &[])?,
        });
    }
    Ok(new_list(out))
}

fn reader_next(vm: &mut Vm, this: &Value) -> PyResult {
    let limit = module().field_limit.get();
    loop {
        let input = rstate(vm, this, |r| r.input.clone())?;
        let line = match vm.next(&input)? {
            Some(l) => l,
            None => {
                let (pending, strict) = rstate(vm, this, |r| {
                    (
                        r.field_len != 0 || r.state == State::InQuotedField,
                        r.d.strict,
                    )
                })?;
                if pending {
                    if strict {
                        return Err(csv_error(vm, "unexpected end of data"));
                    }
                    let fields = rstate(vm, this, |r| {
                        r.save_field();
                        r.state = State::StartRecord;
                        std::mem::take(&mut r.fields)
                    })?;
                    return record(vm, fields);
                }
                return Err(vm.err(&types().exc.stop_iteration, ""));
            }
        };
        let Some(text) = as_str(&line).filter(|_| line.kind() == Kind::Str) else {
            return Err(csv_error(
                vm,
                format!(
                    "iterator should return strings, not {} (the file should be opened in text mode)",
                    line.type_data().name
                ),
            ));
        };
        let text = text.to_string();
        let done = rstate(vm, this, |r| -> Result<Option<Vec<Field>>, String> {
            r.line_num += 1;
            for c in text.chars() {
                if let Err(e) = r.process(Some(c), limit) {
                    r.fields.clear();
                    r.field.clear();
                    r.field_len = 0;
                    r.state = State::StartRecord;
                    return Err(e);
                }
            }
            r.process(None, limit)?;
            Ok((r.state == State::StartRecord).then(|| std::mem::take(&mut r.fields)))
        })?;
        match done {
            Err(e) => return Err(csv_error(vm, e)),
            Ok(Some(fields)) => return record(vm, fields),
            Ok(None) => {}
        }
    }
}

const READER_METHODS: &[(&str, NativeFn)] = &[
    ("__iter__", |_vm, a, _| Ok(a[0].clone())),
    ("__next__", |vm, a, _| reader_next(vm, &a[0])),
];

// ----- the writer -----

struct WriterState {
    write: Value,
    dialect_obj: Value,
    d: Dialect,
}

/// Whether CPython's `PyNumber_Check` holds (numbers are not quoted under
/// QUOTE_NONNUMERIC).
fn is_number(v: &Value) -> bool {
    if v.is_small() {
        return true;
    }
    match v.kind() {
        Kind::Int | Kind::Bool | Kind::Float | Kind::Complex => true,
        _ => {
            let td = v.type_data();
            ["__index__", "__int__", "__float__"]
                .iter()
                .any(|n| td.lookup(n).is_some())
        }
    }
}

/// Appends one field (None for an empty one) to the record.
fn join_field(
    d: &Dialect,
    rec: &mut String,
    first: bool,
    field: Option<&str>,
    mut quoted: bool,
) -> Result<(), String> {
    let mut body = String::new();
    for c in field.unwrap_or("").chars() {
        let special = c == d.delimiter
            || Some(c) == d.escapechar
            || Some(c) == d.quotechar
            || d.lineterminator.contains(c);
        if special {
            let mut escape = false;
            if d.quoting == QUOTE_NONE {
                escape = true;
            } else {
                if Some(c) == d.quotechar {
                    if d.doublequote {
                        body.push(c);
                    } else {
                        escape = true;
                    }
                } else if Some(c) == d.escapechar {
                    escape = true;
                }
                if !escape {
                    quoted = true;
                }
            }
            if escape {
                let Some(e) = d.escapechar else {
                    return Err("need to escape, but no escapechar set".to_string());
                };
                body.push(e);
            }
        }
        body.push(c);
    }
    if !first {
        rec.push(d.delimiter);
    }
    let q = d.quotechar.unwrap_or('"');
    if quoted {
        rec.push(q);
    }
    rec.push_str(&body);
    if quoted {
        rec.push(q);
    }
    Ok(())
}

fn writerow(vm: &mut Vm, this: &Value, row: &Value) -> PyResult {
    let (write, d) = with_state(vm, this, "_csv.writer", |w: &mut WriterState| {
        (w.write.clone(), w.d.clone())
    })?;
    let iter = match vm.get_iter(row) {
        Ok(i) => i,
        Err(e) if e.matches(&types().exc.type_error) => {
            return Err(csv_error(
                vm,
                format!("iterable expected, not {}", row.type_data().name),
            ));
        }
        Err(e) => return Err(e),
    };
    let mut rec = String::new();
    let mut count = 0usize;
    while let Some(field) = vm.next(&iter)? {
        let quoted = match d.quoting {
            QUOTE_NONNUMERIC => !is_number(&field),
            QUOTE_ALL => true,
            _ => false,
        };
        let text = if field.is(&types().none) {
            None
        } else if field.kind() == Kind::Str {
            Some(as_str(&field).unwrap_or("").to_string())
        } else {
            Some(vm.str_string(&field)?)
        };
        join_field(&d, &mut rec, count == 0, text.as_deref(), quoted)
            .map_err(|e| csv_error(vm, e))?;
        count += 1;
    }
    if count == 1 && rec.is_empty() {
        if d.quoting == QUOTE_NONE {
            return Err(csv_error(vm, "single empty field record must be quoted"));
        }
        join_field(&d, &mut rec, true, None, true).map_err(|e| csv_error(vm, e))?;
    }
    rec.push_str(&d.lineterminator);
    vm.call(&write, &[new_str(&rec)], &[])
}

const WRITER_METHODS: &[(&str, NativeFn)] = &[
    ("writerow", |vm, a, _| {
        check_args(vm, "writerow", &a[1..], 1, 1)?;
        writerow(vm, &a[0], &a[1])
    }),
    ("writerows", |vm, a, _| {
        check_args(vm, "writerows", &a[1..], 1, 1)?;
        let it = vm.get_iter(&a[1])?;
        while let Some(row) = vm.next(&it)? {
            writerow(vm, &a[0], &row)?;
        }
        Ok(vm.none())
    }),
];

// ----- the module -----

pub fn make(_vm: &mut Vm) -> Value {
    let m = module();
    let funcs: &[(&'static str, NativeFn)] = &[
        ("reader", |vm, a, k| {
            if a.is_empty() {
                return Err(vm.type_error("expected at least 1 argument, got 0"));
            }
            let input = vm.get_iter(&a[0])?;
            let (dialect_obj, d) = dialect_from_args(vm, a, k)?;
            Ok(new_native(
                &module().reader,
                ReaderState {
                    input,
                    dialect_obj,
                    d,
                    state: State::StartRecord,
                    field: String::new(),
                    field_len: 0,
                    numeric: false,
                    fields: Vec::new(),
                    line_num: 0,
                },
            ))
        }),
        ("writer", |vm, a, k| {
            if a.is_empty() {
                return Err(vm.type_error("expected at least 1 argument, got 0"));
            }
            let write = match vm.lookup_attr(&a[0], "write")? {
                Some(w) if crate::builtins::is_callable(&w) => w,
                _ => return Err(vm.type_error("argument 1 must have a \"write\" method")),
            };
            let (dialect_obj, d) = dialect_from_args(vm, a, k)?;
            Ok(new_native(
                &module().writer,
                WriterState {
                    write,
                    dialect_obj,
                    d,
                },
            ))
        }),
        ("register_dialect", |vm, a, k| {
            let Some(name) = a.first() else {
                return Err(vm.type_error("register_dialect() expected at least 1 argument, got 0"));
            };
            if a.len() > 2 {
                return Err(vm.type_error(format!("expected at most 2 arguments, got {}", a.len())));
            }
            if name.kind() != Kind::Str {
                return Err(vm.type_error("dialect name must be a string"));
            }
            let d = make_dialect(vm, a.get(1), k)?;
            let key = as_str(name).unwrap_or("").to_string();
            let m = module();
            let mut table = m.dialects.borrow_mut();
            match table.iter_mut().find(|(n, _)| *n == key) {
                Some(entry) => entry.1 = d,
                None => table.push((key, d)),
            }
            Ok(vm.none())
        }),
        ("unregister_dialect", |vm, a, _| {
            check_args(vm, "unregister_dialect", a, 1, 1)?;
            let key = as_str(&a[0]).unwrap_or("").to_string();
            let m = module();
            let mut table = m.dialects.borrow_mut();
            match table.iter().position(|(n, _)| *n == key) {
                Some(i) => {
                    table.remove(i);
                    Ok(vm.none())
                }
                None => Err(csv_error(vm, "unknown dialect")),
            }
        }),
        ("get_dialect", |vm, a, _| {
            check_args(vm, "get_dialect", a, 1, 1)?;
            get_dialect(vm, &a[0])
        }),
        ("list_dialects", |vm, a, _| {
            check_args(vm, "list_dialects", a, 0, 0)?;
            let names = module()
                .dialects
                .borrow()
                .iter()
                .map(|(n, _)| new_str(n))
                .collect();
            Ok(new_list(names))
        }),
        ("field_size_limit", |vm, a, k| {
            if a.len() + k.len() > 1 {
                return Err(vm.type_error(format!(
                    "field_size_limit() takes at most 1 argument ({} given)",
                    a.len() + k.len()
                )));
            }
            let new = a
                .first()
                .cloned()
                .or_else(|| crate::protocols::args::kwarg(k, "new_limit"));
            let m = module();
            let old = m.field_limit.get();
            if let Some(n) = new {
                if crate::objects::int::to_bigint(&n).is_none() {
                    return Err(vm.type_error("limit must be an integer"));
                }
                m.field_limit.set(vm.index_value(&n)?);
            }
            Ok(from_i64(old))
        }),
    ];
    let int = from_i64;
    super::make_module(
        "_csv",
        funcs,
        vec![
            ("Error", m.error.clone()),
            ("Dialect", m.dialect.clone()),
            ("Reader", m.reader.clone()),
            ("Writer", m.writer.clone()),
            ("__version__", new_str("1.0")),
            ("__doc__", new_str("CSV parsing and writing.")),
            ("QUOTE_MINIMAL", int(QUOTE_MINIMAL)),
            ("QUOTE_ALL", int(QUOTE_ALL)),
            ("QUOTE_NONNUMERIC", int(QUOTE_NONNUMERIC)),
            ("QUOTE_NONE", int(QUOTE_NONE)),
        ],
    )
}
