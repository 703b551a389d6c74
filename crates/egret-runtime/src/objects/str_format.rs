//! `str.format` and `str.format_map`: replacement fields with automatic or
//! explicit numbering, keyword names, attribute and index access,
//! conversions and nested format specs.

use crate::interp::str_of;
use crate::object::Value;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::protocols::args::Kw;
use crate::vm::{PyResult, Vm};

enum Source<'a> {
    Args(&'a [Value], Kw<'a>),
    Map(&'a Value),
}

pub fn str_format(vm: &mut Vm, fmt: &str, args: &[Value], kwargs: Kw) -> PyResult {
    let mut auto = 0usize;
    let mut manual = false;
    let s = render(
        vm,
        fmt,
        &Source::Args(args, kwargs),
        &mut auto,
        &mut manual,
        2,
    )?;
    Ok(new_str(&s))
}

pub fn str_format_map(vm: &mut Vm, fmt: &str, mapping: &Value) -> PyResult {
    let mut auto = 0usize;
    let mut manual = false;
    let s = render(vm, fmt, &Source::Map(mapping), &mut auto, &mut manual, 2)?;
    Ok(new_str(&s))
}

fn render(
    vm: &mut Vm,
    fmt: &str,
    src: &Source,
    auto: &mut usize,
    manual: &mut bool,
    depth: u32,
) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        // Find the matching close brace, allowing nested fields in the spec.
        let mut j = i + 1;
        let mut nest = 1;
        while j < chars.len() {
            match chars[j] {
                '{' => nest += 1,
                '}' => {
                    nest -= 1;
                    if nest == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() {
            return Err(vm.value_error("expected '}' before end of string"));
        }
        let field: String = chars[i + 1..j].iter().collect();
        i = j + 1;
        // Split field into name, conversion, spec.
        let mut name_end = field.len();
        let mut in_bracket = false;
        for (bi, ch) in field.char_indices() {
            match ch {
                '[' => in_bracket = true,
                ']' => in_bracket = false,
                '!' | ':' if !in_bracket => {
                    name_end = bi;
                    break;
                }
                _ => {}
            }
        }
        let name = &field[..name_end];
        let rest = &field[name_end..];
        let (conv, spec) = if let Some(r) = rest.strip_prefix('!') {
            let mut it = r.chars();
            let cv = it.next();
            let after = it.as_str();
            let spec = match after.strip_prefix(':') {
                Some(s) => s.to_string(),
                None if after.is_empty() => String::new(),
                None => return Err(vm.value_error("expected ':' after conversion specifier")),
            };
            (cv, spec)
        } else if let Some(s) = rest.strip_prefix(':') {
            (None, s.to_string())
        } else {
            (None, String::new())
        };
        // The field itself is numbered before the fields nested in its spec.
        let value = lookup_field(vm, name, src, auto, manual)?;
        let spec = if spec.contains('{') {
            if depth == 0 {
                return Err(vm.value_error("Max string recursion exceeded"));
            }
            render(vm, &spec, src, auto, manual, depth - 1)?
        } else {
            spec
        };
        let value = match conv {
            None => value,
            Some('r') => vm.repr_value(&value)?,
            Some('s') => vm.str_value(&value)?,
            Some('a') => vm.ascii_value(&value)?,
            Some(c) => return Err(vm.value_error(format!("Unknown conversion specifier {c}"))),
        };
        let s = vm.format(&value, &spec)?;
        out.push_str(&str_of(&s));
    }
    Ok(out)
}

fn lookup_field(
    vm: &mut Vm,
    name: &str,
    src: &Source,
    auto: &mut usize,
    manual: &mut bool,
) -> PyResult {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let head = &name[..first_end];
    let mut value = if head.is_empty() {
        if *manual {
            return Err(vm.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let idx = *auto;
        *auto += 1;
        positional(vm, src, idx)?
    } else if let Some(idx) = field_index(vm, head)? {
        if *auto > 0 {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        *manual = true;
        positional(vm, src, idx)?
    } else {
        keyword(vm, src, head)?
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            value = vm.getattr_str(&value, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| vm.value_error("Missing ']' in format string"))?;
            let key = &r[..end];
            let k = match field_index(vm, key)? {
                Some(n) => from_i64(n as i64),
                None => new_str(key),
            };
            value = vm.getitem(&value, &k)?;
            rest = &r[end + 1..];
        } else {
            return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(value)
}

/// A field name or `[key]` that is all decimal digits is an index
/// (CPython's `get_integer`); anything else is a name or a str key.
fn field_index(vm: &Vm, s: &str) -> PyResult<Option<usize>> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let n = crate::protocols::format::format_integer(vm, &chars, &mut i)?;
    Ok(n.filter(|_| i == chars.len()))
}

fn positional(vm: &mut Vm, src: &Source, idx: usize) -> PyResult {
    match src {
        Source::Args(args, _) => args.get(idx).cloned().ok_or_else(|| {
            vm.index_error(format!(
                "Replacement index {idx} out of range for positional args tuple"
            ))
        }),
        Source::Map(_) => Err(vm.value_error("Format string contains positional fields")),
    }
}

fn keyword(vm: &mut Vm, src: &Source, name: &str) -> PyResult {
    match src {
        Source::Args(_, kw) => match crate::protocols::args::kwarg(kw, name) {
            Some(v) => Ok(v),
            None => Err(vm.key_error(new_str(name))),
        },
        Source::Map(m) => vm.getitem(m, &new_str(name)),
    }
}
