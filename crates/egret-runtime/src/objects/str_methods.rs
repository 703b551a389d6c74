//! The methods of `str` (and the codecs `str.encode` / `bytes.decode` use).

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::bytes::BytesData;
use crate::objects::function::{NativeFn, new_checked_method_descr};
use crate::objects::int::from_i64;
use crate::objects::list::new_list;
use crate::objects::str::{StrData, new_str};
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm, py_bool};

pub fn add_methods(ty: &Value, owner: &'static str, methods: &[(&'static str, NativeFn)]) {
    let td = ty.type_data_of_type();
    for (name, f) in methods {
        td.dict
            .borrow_mut()
            .set_str(name, new_checked_method_descr(ty, owner, name, *f));
    }
}

/// Marks methods already in `ty`'s dict (named `owner`) as taking no
/// arguments besides their receiver: a call with any says so as CPython
/// does ("dict.keys() takes no arguments (1 given)"), checked where
/// builtins are called (`BuiltinFunctionData::no_args`).
pub fn mark_noarg_methods<'a>(
    ty: &Value,
    owner: &'static str,
    names: impl IntoIterator<Item = &'a str>,
) {
    let td = ty.type_data_of_type();
    for name in names {
        let Some(d) = td.dict.borrow().get_str(name) else {
            continue;
        };
        let Some(bf) = d.downcast::<crate::objects::function::BuiltinFunctionData>() else {
            continue;
        };
        let marked = Value::alloc(
            &d.class(),
            crate::objects::function::BuiltinFunctionData {
                name: bf.name,
                func: bf.func,
                bound: None,
                owner: Some(owner),
                module: bf.module.clone(),
                owner_type: bf.owner_type.clone(),
                no_args: true,
            },
        );
        td.dict.borrow_mut().set_str(name, marked);
    }
}

/// Marks the no-argument methods of the builtin containers and strings
/// (see `mark_noarg_methods`), once they are all registered.
pub fn mark_builtin_noarg_methods() {
    let t = types();
    const BYTES: &[&str] = &[
        "upper",
        "lower",
        "swapcase",
        "title",
        "capitalize",
        "isalnum",
        "isalpha",
        "isascii",
        "isdigit",
        "islower",
        "isspace",
        "istitle",
        "isupper",
    ];
    mark_noarg_methods(
        &t.dict,
        "dict",
        ["keys", "values", "items", "copy", "clear", "popitem"],
    );
    mark_noarg_methods(&t.list, "list", ["copy", "clear", "reverse"]);
    mark_noarg_methods(&t.set, "set", ["copy", "clear", "pop"]);
    mark_noarg_methods(&t.frozenset, "frozenset", ["copy"]);
    mark_noarg_methods(&t.str_, "str", NO_ARGUMENTS.iter().copied());
    mark_noarg_methods(&t.bytes, "bytes", BYTES.iter().copied());
    mark_noarg_methods(
        &t.bytearray,
        "bytearray",
        BYTES.iter().copied().chain(["copy", "clear", "reverse"]),
    );
}

/// The str methods that take no arguments.
pub const NO_ARGUMENTS: &[&str] = &[
    "upper",
    "lower",
    "casefold",
    "swapcase",
    "title",
    "capitalize",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
];

/// The receiver of a str method (the methods that take no arguments are
/// checked before they are called: `mark_builtin_noarg_methods`).
fn this<'a>(vm: &Vm, args: &'a [Value], name: &str) -> PyResult<&'a str> {
    this_data(vm, args, name).map(StrData::as_str)
}

fn arg_str<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v.downcast::<StrData>() {
        Some(s) => Ok(s.as_str()),
        None => Err(vm.type_error(format!("{what} arg must be None or str"))),
    }
}

fn opt_arg(args: &[Value], i: usize) -> Option<&Value> {
    args.get(i).filter(|v| !v.is(&types().none))
}

/// Resolves optional start/end arguments to a char range of `s`.
fn char_range(vm: &mut Vm, s: &StrData, args: &[Value], at: usize) -> PyResult<(usize, usize)> {
    let len = s.char_len() as i64;
    let norm = |i: i64| -> usize {
        let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
        j as usize
    };
    let start = match opt_arg(args, at) {
        Some(v) => norm(vm.slice_index(v, true)?),
        None => 0,
    };
    let end = match opt_arg(args, at + 1) {
        Some(v) => norm(vm.slice_index(v, true)?),
        None => len as usize,
    };
    Ok((start, end))
}

/// The receiver of a str method that has no argument-count rule of its own.
fn this_data<'a>(vm: &Vm, args: &'a [Value], name: &str) -> PyResult<&'a StrData> {
    match args.first().and_then(|v| v.downcast::<StrData>()) {
        Some(s) => Ok(s),
        None => Err(vm.type_error(format!("descriptor '{name}' requires a 'str' object"))),
    }
}

/// The char index of byte offset `byte` of `s`.
fn char_index(s: &StrData, byte: usize) -> usize {
    if s.is_ascii() {
        byte
    } else {
        s.as_str()[..byte].chars().count()
    }
}

fn find_impl(vm: &mut Vm, args: &[Value], name: &str, rev: bool) -> PyResult<Option<usize>> {
    check_args(vm, name, &args[1..], 1, 3)?;
    let s = this_data(vm, args, name)?;
    let sub = match args[1].downcast::<StrData>() {
        Some(x) => x.as_str(),
        None => {
            return Err(vm.type_error(format!("must be str, not {}", args[1].type_data().name)));
        }
    };
    let (a, b) = char_range(vm, s, args, 2)?;
    if a > b {
        return Ok(None);
    }
    let (ba, bb) = (s.byte_offset(a), s.byte_offset(b));
    let hay = &s.as_str()[ba..bb];
    let r = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(r.map(|p| char_index(s, ba + p)))
}

fn split_whitespace(s: &str, maxsplit: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(crate::objects::unicode::is_space);
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 == maxsplit {
            out.push(rest.to_string());
            return out;
        }
        match rest.find(crate::objects::unicode::is_space) {
            Some(p) => {
                out.push(rest[..p].to_string());
                rest = rest[p..].trim_start_matches(crate::objects::unicode::is_space);
            }
            None => {
                out.push(rest.to_string());
                break;
            }
        }
    }
    out
}

fn rsplit_whitespace(s: &str, maxsplit: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(crate::objects::unicode::is_space);
    while !rest.is_empty() {
        if maxsplit >= 0 && out.len() as i64 == maxsplit {
            out.push(rest.to_string());
            break;
        }
        match rest.rfind(crate::objects::unicode::is_space) {
            Some(p) => {
                let c = rest[p..].chars().next().map_or(1, char::len_utf8);
                out.push(rest[p + c..].to_string());
                rest = rest[..p].trim_end_matches(crate::objects::unicode::is_space);
            }
            None => {
                out.push(rest.to_string());
                break;
            }
        }
    }
    out.reverse();
    out
}

fn split_args(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<(Option<String>, i64)> {
    let sep = opt_arg(args, 1)
        .cloned()
        .or_else(|| kwarg(kw, "sep").filter(|v| !v.is(&types().none)));
    let maxsplit = match args.get(2).cloned().or_else(|| kwarg(kw, "maxsplit")) {
        Some(m) => vm.ssize_arg(&m)?,
        None => -1,
    };
    let sep = match sep {
        Some(s) => {
            let s = arg_str(vm, &s, "sep")?.to_string();
            if s.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(s)
        }
        None => None,
    };
    Ok((sep, maxsplit))
}

fn strs(v: Vec<String>) -> Value {
    new_list(v.iter().map(|s| new_str(s)).collect())
}

fn strip_chars(vm: &Vm, args: &[Value]) -> PyResult<Option<Vec<char>>> {
    match opt_arg(args, 1) {
        Some(v) => Ok(Some(arg_str(vm, v, "strip")?.chars().collect())),
        None => Ok(None),
    }
}

/// `s` with `left` and `right` fill characters around it, allocated
/// fallibly (a width a program chose may not fit in memory).
fn padded(vm: &Vm, s: &str, fill: char, left: usize, right: usize) -> PyResult<String> {
    let total = left
        .checked_add(right)
        .and_then(|n| n.checked_mul(fill.len_utf8()))
        .and_then(|n| n.checked_add(s.len()))
        .ok_or_else(|| vm.memory_error())?;
    let mut out = String::new();
    out.try_reserve_exact(total)
        .map_err(|_| vm.memory_error())?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

fn pad_args(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<(String, usize, char)> {
    check_args(vm, name, &args[1..], 1, 2)?;
    let s = this(vm, args, name)?.to_string();
    let w = vm.ssize_arg(&args[1])?.max(0) as usize;
    let fill = match args.get(2) {
        Some(f) => {
            let fs = arg_str(vm, f, name)?;
            let mut it = fs.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    );
                }
            }
        }
        None => ' ',
    };
    Ok((s, w, fill))
}

fn is_all(vm: &Vm, args: &[Value], name: &str, f: fn(char) -> bool) -> PyResult {
    let s = this(vm, args, name)?;
    Ok(py_bool(!s.is_empty() && s.chars().all(f)))
}

/// The titlecase form of `c` (Unicode's, which differs from uppercase for
/// digraphs like `ǆ`, Greek letters with ypogegrammeni and ligatures).
fn to_title(c: char) -> String {
    let mapped = match c as u32 {
        0x01C4..=0x01C6 => Some(0x01C5),
        0x01C7..=0x01C9 => Some(0x01C8),
        0x01CA..=0x01CC => Some(0x01CB),
        0x01F1..=0x01F3 => Some(0x01F2),
        // ᾀ-ᾇ, ᾐ-ᾗ, ᾠ-ᾧ and their title forms: the title form is +8.
        n @ (0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7) => Some(n + 8),
        n @ (0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF) => Some(n),
        0x1FB3 | 0x1FBC => Some(0x1FBC),
        0x1FC3 | 0x1FCC => Some(0x1FCC),
        0x1FF3 | 0x1FFC => Some(0x1FFC),
        _ => None,
    };
    if let Some(t) = mapped.and_then(char::from_u32) {
        return t.to_string();
    }
    // Otherwise: the uppercase form, with any further letters lowercase
    // (ß -> Ss, ﬁ -> Fi); ŉ keeps its capital N.
    let upper: Vec<char> = c.to_uppercase().collect();
    if upper.len() <= 1 || c == '\u{149}' {
        return upper.into_iter().collect();
    }
    let mut out = upper[0].to_string();
    for u in &upper[1..] {
        out.extend(u.to_lowercase());
    }
    out
}

fn is_titlecase(c: char) -> bool {
    matches!(c as u32, 0x01C5 | 0x01C8 | 0x01CB | 0x01F2 | 0x1F88..=0x1F8F | 0x1F98..=0x1F9F
        | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC)
}

/// Cased letters: upper, lower or titlecase.
fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || is_titlecase(c)
}

/// Characters case mapping skips when looking for the letters around a
/// capital sigma (apostrophes, combining marks and the like).
fn case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`' | '\u{ad}' | '\u{b7}' | '\u{2019}'
    ) || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The lowercase of `chars[i]`, with Greek final sigma as in str.lower().
fn lower_at(chars: &[char], i: usize) -> String {
    let c = chars[i];
    if c != 'Σ' {
        return c.to_lowercase().collect();
    }
    let before = chars[..i].iter().rev().find(|c| !case_ignorable(**c));
    let after = chars[i + 1..].iter().find(|c| !case_ignorable(**c));
    let is_final = before.is_some_and(|b| is_cased(*b)) && !after.is_some_and(|a| is_cased(*a));
    if is_final { "ς" } else { "σ" }.to_string()
}

/// Title-case: the first cased letter of each run titlecase, the rest lower.
fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            out.push_str(&lower_at(&chars, i));
        } else {
            out.push_str(&to_title(c));
        }
        prev_cased = is_cased(c);
    }
    out
}

/// `str.expandtabs(tabsize=8)` (bytes use it too), as CPython's: the tab
/// size is a C int, the length of the result is counted first
/// (OverflowError past `sys.maxsize`) and its memory reserved fallibly
/// (MemoryError).
fn expandtabs(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let s = this(vm, a, "expandtabs")?;
    let [size] = crate::protocols::args::clinic_args(vm, "expandtabs", &a[1..], k, ["tabsize"], 0)?;
    let size = match size {
        Some(v) => i64::from(vm.c_int_arg(&v)?),
        None => 8,
    };
    if !s.contains('\t') {
        return Ok(if a[0].is_exact(&types().str_) {
            a[0].clone()
        } else {
            new_str(s)
        });
    }
    let too_long = || vm.overflow_error("new string is too long");
    // First pass: the length in characters, and the spaces to add.
    let (mut length, mut line_pos, mut spaces) = (0i64, 0i64, 0i64);
    for c in s.chars() {
        if c == '\t' {
            if size > 0 {
                let incr = size - line_pos % size;
                length = length.checked_add(incr).ok_or_else(too_long)?;
                spaces += incr;
                line_pos += incr;
            }
        } else {
            length = length.checked_add(1).ok_or_else(too_long)?;
            line_pos += 1;
            if c == '\n' || c == '\r' {
                line_pos = 0;
            }
        }
    }
    let tabs = s.bytes().filter(|&b| b == b'\t').count();
    let bytes = usize::try_from(spaces)
        .ok()
        .and_then(|n| (s.len() - tabs).checked_add(n))
        .ok_or_else(|| vm.memory_error())?;
    let mut out = String::new();
    out.try_reserve_exact(bytes)
        .map_err(|_| vm.memory_error())?;
    let mut line_pos = 0i64;
    for c in s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - line_pos % size;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    line_pos += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                line_pos = 0;
            }
            _ => {
                out.push(c);
                line_pos += 1;
            }
        }
    }
    Ok(new_str(&out))
}

pub fn register() {
    let t = types();
    let methods: &[(&'static str, NativeFn)] = &[
        ("upper", |vm, a, _| {
            Ok(new_str(&this(vm, a, "upper")?.to_uppercase()))
        }),
        ("lower", |vm, a, _| {
            Ok(new_str(&this(vm, a, "lower")?.to_lowercase()))
        }),
        ("casefold", |vm, a, _| {
            Ok(new_str(
                &this(vm, a, "casefold")?.to_lowercase().replace('ß', "ss"),
            ))
        }),
        ("swapcase", |vm, a, _| {
            let s = this(vm, a, "swapcase")?;
            let chars: Vec<char> = s.chars().collect();
            let mut out = String::with_capacity(s.len());
            for (i, &c) in chars.iter().enumerate() {
                if c.is_uppercase() {
                    out.push_str(&lower_at(&chars, i));
                } else if c.is_lowercase() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
            }
            Ok(new_str(&out))
        }),
        ("title", |vm, a, _| {
            Ok(new_str(&title(this(vm, a, "title")?)))
        }),
        ("capitalize", |vm, a, _| {
            let s = this(vm, a, "capitalize")?;
            let mut it = s.chars();
            let out = match it.next() {
                Some(c) => to_title(c) + &it.as_str().to_lowercase(),
                None => String::new(),
            };
            Ok(new_str(&out))
        }),
        ("strip", |vm, a, _| {
            let s = this(vm, a, "strip")?;
            Ok(new_str(match strip_chars(vm, a)? {
                Some(cs) => s.trim_matches(|c| cs.contains(&c)),
                None => s.trim_matches(crate::objects::unicode::is_space),
            }))
        }),
        ("lstrip", |vm, a, _| {
            let s = this(vm, a, "lstrip")?;
            Ok(new_str(match strip_chars(vm, a)? {
                Some(cs) => s.trim_start_matches(|c| cs.contains(&c)),
                None => s.trim_start_matches(crate::objects::unicode::is_space),
            }))
        }),
        ("rstrip", |vm, a, _| {
            let s = this(vm, a, "rstrip")?;
            Ok(new_str(match strip_chars(vm, a)? {
                Some(cs) => s.trim_end_matches(|c| cs.contains(&c)),
                None => s.trim_end_matches(crate::objects::unicode::is_space),
            }))
        }),
        ("split", |vm, a, k| {
            let s = this(vm, a, "split")?.to_string();
            let (sep, max) = split_args(vm, a, k)?;
            Ok(strs(match sep {
                None => split_whitespace(&s, max),
                Some(sep) => {
                    if max < 0 {
                        s.split(sep.as_str()).map(str::to_string).collect()
                    } else {
                        s.splitn(max as usize + 1, sep.as_str())
                            .map(str::to_string)
                            .collect()
                    }
                }
            }))
        }),
        ("rsplit", |vm, a, k| {
            let s = this(vm, a, "rsplit")?.to_string();
            let (sep, max) = split_args(vm, a, k)?;
            Ok(strs(match sep {
                None => rsplit_whitespace(&s, max),
                Some(sep) => {
                    let mut v: Vec<String> = if max < 0 {
                        s.rsplit(sep.as_str()).map(str::to_string).collect()
                    } else {
                        s.rsplitn(max as usize + 1, sep.as_str())
                            .map(str::to_string)
                            .collect()
                    };
                    v.reverse();
                    v
                }
            }))
        }),
        ("splitlines", |vm, a, k| {
            let s = this(vm, a, "splitlines")?.to_string();
            if a.len() > 2 {
                return Err(vm.type_error(format!(
                    "splitlines() takes at most 1 argument ({} given)",
                    a.len() - 1
                )));
            }
            let keep = match a.get(1).cloned().or_else(|| kwarg(k, "keepends")) {
                Some(v) => vm.truthy(&v)?,
                None => false,
            };
            let mut out = Vec::new();
            let mut cur = String::new();
            let chars: Vec<char> = s.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i];
                let is_break = matches!(
                    c,
                    '\n' | '\r'
                        | '\x0b'
                        | '\x0c'
                        | '\x1c'
                        | '\x1d'
                        | '\x1e'
                        | '\u{85}'
                        | '\u{2028}'
                        | '\u{2029}'
                );
                if is_break {
                    let mut end = c.to_string();
                    if c == '\r' && chars.get(i + 1) == Some(&'\n') {
                        end.push('\n');
                        i += 1;
                    }
                    if keep {
                        cur.push_str(&end);
                    }
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
                i += 1;
            }
            if !cur.is_empty() {
                out.push(cur);
            }
            Ok(strs(out))
        }),
        ("join", |vm, a, _| {
            check_args(vm, "join", &a[1..], 1, 1)?;
            let sep = this(vm, a, "join")?.to_string();
            let items = vm.iterate(&a[1])?;
            let mut out = String::new();
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                match it.downcast::<StrData>() {
                    Some(s) => out.push_str(s.as_str()),
                    None => {
                        return Err(vm.type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            it.type_data().name
                        )));
                    }
                }
            }
            Ok(new_str(&out))
        }),
        ("replace", |vm, a, _| {
            check_args(vm, "replace", &a[1..], 2, 3)?;
            let s = this(vm, a, "replace")?;
            let old = arg_str(vm, &a[1], "replace")?;
            let new = arg_str(vm, &a[2], "replace")?;
            let count = match a.get(3) {
                Some(c) => vm.ssize_arg(c)?,
                None => -1,
            };
            let r = if count < 0 {
                s.replace(old, new)
            } else {
                s.replacen(old, new, count as usize)
            };
            Ok(new_str(&r))
        }),
        ("find", |vm, a, _| {
            Ok(from_i64(
                find_impl(vm, a, "find", false)?.map_or(-1, |i| i as i64),
            ))
        }),
        ("rfind", |vm, a, _| {
            Ok(from_i64(
                find_impl(vm, a, "rfind", true)?.map_or(-1, |i| i as i64),
            ))
        }),
        ("index", |vm, a, _| {
            match find_impl(vm, a, "index", false)? {
                Some(i) => Ok(from_i64(i as i64)),
                None => Err(vm.value_error("substring not found")),
            }
        }),
        ("rindex", |vm, a, _| {
            match find_impl(vm, a, "rindex", true)? {
                Some(i) => Ok(from_i64(i as i64)),
                None => Err(vm.value_error("substring not found")),
            }
        }),
        ("count", |vm, a, _| {
            check_args(vm, "count", &a[1..], 1, 3)?;
            let s = this_data(vm, a, "count")?;
            let sub = arg_str(vm, &a[1], "count")?;
            let (x, y) = char_range(vm, s, a, 2)?;
            if x > y {
                return Ok(from_i64(0));
            }
            let hay = &s.as_str()[s.byte_offset(x)..s.byte_offset(y)];
            let n = if sub.is_empty() {
                y - x + 1
            } else {
                hay.matches(sub).count()
            };
            Ok(from_i64(n as i64))
        }),
        ("startswith", |vm, a, _| affix(vm, a, "startswith", true)),
        ("endswith", |vm, a, _| affix(vm, a, "endswith", false)),
        ("isdigit", |vm, a, _| {
            is_all(vm, a, "isdigit", crate::objects::unicode::is_digit)
        }),
        ("isdecimal", |vm, a, _| {
            is_all(vm, a, "isdecimal", crate::objects::str::is_decimal_char)
        }),
        ("isnumeric", |vm, a, _| {
            is_all(vm, a, "isnumeric", crate::objects::unicode::is_numeric)
        }),
        ("isalpha", |vm, a, _| {
            is_all(vm, a, "isalpha", crate::objects::unicode::is_alpha)
        }),
        ("isalnum", |vm, a, _| {
            is_all(vm, a, "isalnum", crate::objects::unicode::is_alnum)
        }),
        ("isspace", |vm, a, _| {
            is_all(vm, a, "isspace", crate::objects::unicode::is_space)
        }),
        ("isascii", |vm, a, _| {
            Ok(py_bool(this(vm, a, "isascii")?.is_ascii()))
        }),
        ("isupper", |vm, a, _| {
            let s = this(vm, a, "isupper")?;
            Ok(py_bool(crate::objects::unicode::str_is_upper(s)))
        }),
        ("islower", |vm, a, _| {
            let s = this(vm, a, "islower")?;
            Ok(py_bool(crate::objects::unicode::str_is_lower(s)))
        }),
        ("istitle", |vm, a, _| {
            let s = this(vm, a, "istitle")?;
            Ok(py_bool(crate::objects::unicode::str_is_title(s)))
        }),
        ("isidentifier", |vm, a, _| {
            let s = this(vm, a, "isidentifier")?;
            Ok(py_bool(crate::objects::unicode::is_identifier(s)))
        }),
        ("isprintable", |vm, a, _| {
            let s = this(vm, a, "isprintable")?;
            Ok(py_bool(
                s.chars().all(crate::objects::unicode::is_printable),
            ))
        }),
        ("center", |vm, a, _| {
            let (s, w, f) = pad_args(vm, a, "center")?;
            let n = s.chars().count();
            if w <= n {
                return Ok(new_str(&s));
            }
            let total = w - n;
            let left = total / 2 + (total & w & 1);
            Ok(new_str(&padded(vm, &s, f, left, total - left)?))
        }),
        ("ljust", |vm, a, _| {
            let (s, w, f) = pad_args(vm, a, "ljust")?;
            let n = s.chars().count();
            Ok(new_str(&padded(vm, &s, f, 0, w.saturating_sub(n))?))
        }),
        ("rjust", |vm, a, _| {
            let (s, w, f) = pad_args(vm, a, "rjust")?;
            let n = s.chars().count();
            Ok(new_str(&padded(vm, &s, f, w.saturating_sub(n), 0)?))
        }),
        ("zfill", |vm, a, _| {
            check_args(vm, "zfill", &a[1..], 1, 1)?;
            let s = this(vm, a, "zfill")?.to_string();
            let w = vm.ssize_arg(&a[1])?.max(0) as usize;
            let n = s.chars().count();
            if w <= n {
                return Ok(new_str(&s));
            }
            let zeros = vm.try_repeat_str("0", w - n)?;
            let out = if s.starts_with('+') || s.starts_with('-') {
                format!("{}{zeros}{}", &s[..1], &s[1..])
            } else {
                format!("{zeros}{s}")
            };
            Ok(new_str(&out))
        }),
        ("partition", |vm, a, _| {
            check_args(vm, "partition", &a[1..], 1, 1)?;
            let s = this(vm, a, "partition")?;
            let sep = arg_str(vm, &a[1], "partition")?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let parts = match s.find(sep) {
                Some(p) => vec![&s[..p], sep, &s[p + sep.len()..]],
                None => vec![s, "", ""],
            };
            Ok(crate::objects::tuple::new_tuple(
                parts.into_iter().map(new_str).collect(),
            ))
        }),
        ("rpartition", |vm, a, _| {
            check_args(vm, "rpartition", &a[1..], 1, 1)?;
            let s = this(vm, a, "rpartition")?;
            let sep = arg_str(vm, &a[1], "rpartition")?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let parts = match s.rfind(sep) {
                Some(p) => vec![&s[..p], sep, &s[p + sep.len()..]],
                None => vec!["", "", s],
            };
            Ok(crate::objects::tuple::new_tuple(
                parts.into_iter().map(new_str).collect(),
            ))
        }),
        ("removeprefix", |vm, a, _| {
            check_args(vm, "removeprefix", &a[1..], 1, 1)?;
            let s = this(vm, a, "removeprefix")?;
            let p = arg_str(vm, &a[1], "removeprefix")?;
            Ok(new_str(s.strip_prefix(p).unwrap_or(s)))
        }),
        ("removesuffix", |vm, a, _| {
            check_args(vm, "removesuffix", &a[1..], 1, 1)?;
            let s = this(vm, a, "removesuffix")?;
            let p = arg_str(vm, &a[1], "removesuffix")?;
            Ok(new_str(if p.is_empty() {
                s
            } else {
                s.strip_suffix(p).unwrap_or(s)
            }))
        }),
        ("expandtabs", expandtabs),
        ("encode", |vm, a, k| {
            let s = this(vm, a, "encode")?.to_string();
            let enc = a.get(1).cloned().or_else(|| kwarg(k, "encoding"));
            let errors = a.get(2).cloned().or_else(|| kwarg(k, "errors"));
            encode_str(vm, &s, enc.as_ref(), errors.as_ref(), false)
        }),
        ("format", |vm, a, k| {
            let s = this(vm, a, "format")?.to_string();
            crate::objects::str_format::str_format(vm, &s, &a[1..], k)
        }),
        ("format_map", |vm, a, _| {
            check_args(vm, "format_map", &a[1..], 1, 1)?;
            let s = this(vm, a, "format_map")?.to_string();
            crate::objects::str_format::str_format_map(vm, &s, &a[1])
        }),
        ("__format__", |vm, a, _| {
            let spec = a.get(1).map(str_of).unwrap_or_default();
            vm.format(&a[0], &spec)
        }),
        ("translate", |vm, a, _| {
            check_args(vm, "translate", &a[1..], 1, 1)?;
            let s = this(vm, a, "translate")?.to_string();
            let mut out = String::new();
            for c in s.chars() {
                let key = from_i64(c as i64);
                match vm.getitem(&a[1], &key) {
                    Ok(v) if v.is(&types().none) => {}
                    Ok(v) => match v.kind() {
                        Kind::Str => out.push_str(&str_of(&v)),
                        _ => {
                            let n = vm.index_value(&v)?;
                            out.push(
                                u32::try_from(n)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('\u{fffd}'),
                            );
                        }
                    },
                    Err(e) if e.matches(&types().exc.lookup_error) => out.push(c),
                    Err(e) => return Err(e),
                }
            }
            Ok(new_str(&out))
        }),
    ];
    add_methods(&t.str_, "str", methods);
    let td = t.str_.type_data_of_type();
    td.dict_mut().set_str(
        "maketrans",
        Value::alloc(
            &t.staticmethod,
            crate::objects::descr::WrapperData {
                func: crate::objects::function::new_builtin("maketrans", maketrans),
            },
        ),
    );
}

fn maketrans(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "maketrans", a, 1, 3)?;
    let d = crate::protocols::items::empty_dict();
    let dd = d
        .downcast::<crate::objects::dict::DictData>()
        .expect("dict");
    if a.len() == 1 {
        let items = match a[0].downcast::<crate::objects::dict::DictData>() {
            Some(src) => src.table.borrow().items(),
            None => {
                return Err(
                    vm.type_error("if you give only one argument to maketrans it must be a dict")
                );
            }
        };
        for (k, v) in items {
            let key = match k.downcast::<StrData>() {
                Some(s) if s.char_len() == 1 => from_i64(s.char_at(0) as i64),
                Some(_) => {
                    return Err(
                        vm.value_error("string keys in translate table must be of length 1")
                    );
                }
                None => k.clone(),
            };
            crate::objects::dict::set(vm, &dd.table, key, v)?;
        }
        return Ok(d);
    }
    let x: Vec<char> = arg_str(vm, &a[0], "maketrans")?.chars().collect();
    let y: Vec<char> = arg_str(vm, &a[1], "maketrans")?.chars().collect();
    if x.len() != y.len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (c, r) in x.iter().zip(y.iter()) {
        crate::objects::dict::set(vm, &dd.table, from_i64(*c as i64), from_i64(*r as i64))?;
    }
    if let Some(z) = a.get(2) {
        for c in arg_str(vm, z, "maketrans")?.chars() {
            crate::objects::dict::set(vm, &dd.table, from_i64(c as i64), types().none.clone())?;
        }
    }
    Ok(d)
}

fn affix(vm: &mut Vm, a: &[Value], name: &str, start: bool) -> PyResult {
    check_args(vm, name, &a[1..], 1, 3)?;
    let s = this_data(vm, a, name)?;
    let (x, y) = char_range(vm, s, a, 2)?;
    let hay = if x <= y {
        &s.as_str()[s.byte_offset(x)..s.byte_offset(y)]
    } else {
        ""
    };
    let cands: Vec<Value> = match a[1].downcast::<crate::objects::tuple::TupleData>() {
        Some(t) => t.items.to_vec(),
        None => vec![a[1].clone()],
    };
    for c in cands {
        let Some(p) = c.downcast::<StrData>() else {
            return Err(vm.type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                c.type_data().name
            )));
        };
        if x > y {
            continue;
        }
        let ok = if start {
            hay.starts_with(p.as_str())
        } else {
            hay.ends_with(p.as_str())
        };
        if ok {
            return Ok(py_bool(true));
        }
    }
    Ok(py_bool(false))
}

fn norm_encoding(vm: &Vm, enc: Option<&Value>) -> PyResult<String> {
    let e = match enc {
        Some(v) => str_of(v),
        None => return Ok("utf-8".into()),
    };
    let e = e.to_ascii_lowercase().replace('_', "-");
    Ok(match e.as_str() {
        "utf-8" | "utf8" | "u8" => "utf-8".into(),
        "ascii" | "us-ascii" => "ascii".into(),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => "latin-1".into(),
        _ if vm.options.stdlib.is_some() => "registry".into(),
        other => {
            return Err(vm.err(
                &types().exc.lookup_error,
                format!("unknown encoding: {other}"),
            ));
        }
    })
}

/// Encodes or decodes through the codec registry (`encodings` package):
/// `index` 0 is the encoder, 1 the decoder.
fn via_registry(
    vm: &mut Vm,
    arg: Value,
    enc: &Value,
    errors: Option<&Value>,
    index: i64,
) -> PyResult {
    let codecs = vm.import_module("_codecs")?;
    let lookup = vm.getattr_str(&codecs, "lookup")?;
    let info = vm.call(&lookup, std::slice::from_ref(enc), &[])?;
    let f = vm.getitem(&info, &crate::objects::int::from_i64(index))?;
    let mut args = vec![arg];
    args.extend(errors.cloned());
    let r = vm.call(&f, &args, &[])?;
    vm.getitem(&r, &crate::objects::int::from_i64(0))
}

/// `str.encode(encoding, errors)`.
pub fn encode_str(
    vm: &mut Vm,
    s: &str,
    enc: Option<&Value>,
    errors: Option<&Value>,
    bytearray: bool,
) -> PyResult {
    let enc_name = norm_encoding(vm, enc)?;
    if enc_name == "registry"
        && let Some(e) = enc
    {
        let r = via_registry(vm, new_str(s), e, errors, 0)?;
        if bytearray {
            let b = r
                .downcast::<BytesData>()
                .map(|b| b.data.borrow().clone())
                .unwrap_or_default();
            return Ok(crate::objects::bytes::new_bytearray(b));
        }
        return Ok(r);
    }
    let codec = crate::objects::codec::Codec::from_name(&enc_name).expect("native codec");
    let errors = errors.map(str_of).unwrap_or_else(|| "strict".into());
    let out = crate::objects::codec::encode(vm, s, codec, &errors)?;
    Ok(if bytearray {
        crate::objects::bytes::new_bytearray(out)
    } else {
        crate::objects::bytes::new_bytes(out)
    })
}

/// `bytes.decode(encoding, errors)`.
pub fn decode_bytes(
    vm: &mut Vm,
    b: &[u8],
    enc: Option<&Value>,
    errors: Option<&Value>,
) -> PyResult {
    let enc_name = norm_encoding(vm, enc)?;
    if enc_name == "registry"
        && let Some(e) = enc
    {
        return via_registry(
            vm,
            crate::objects::bytes::new_bytes(b.to_vec()),
            e,
            errors,
            1,
        );
    }
    let codec = crate::objects::codec::Codec::from_name(&enc_name).expect("native codec");
    let errors = errors.map(str_of).unwrap_or_else(|| "strict".into());
    let s = crate::objects::codec::decode(vm, b, codec, &errors)?;
    Ok(new_str(&s))
}

/// The bytes payload of a bytes-like receiver.
pub fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    v.downcast::<BytesData>().map(|b| b.data.borrow().clone())
}
