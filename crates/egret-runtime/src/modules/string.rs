//! `_string`: the format-string parser behind `string.Formatter`.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::check_args;
use crate::vm::{PyResult, Vm, py_bool};

/// (literal, field_name, format_spec, conversion) items, as
/// `string.Formatter.parse` yields them.
fn parse(vm: &Vm, s: &str) -> PyResult<Vec<(String, Option<(String, String, Option<char>)>)>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' || c == '}' {
            if i + 1 < chars.len() && chars[i + 1] == c {
                lit.push(c);
                out.push((std::mem::take(&mut lit), None));
                i += 2;
                continue;
            }
            if c == '}' {
                return Err(vm.value_error("Single '}' encountered in format string"));
            }
            // A replacement field: find its end, counting nested braces.
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(vm.value_error(if depth > 1 || i + 1 < chars.len() {
                    "expected '}' before end of string"
                } else {
                    "Single '{' encountered in format string"
                }));
            }
            let field: Vec<char> = chars[i + 1..j].to_vec();
            // The name ends at '!' or ':' outside brackets.
            let mut k = 0;
            let mut in_bracket = false;
            while k < field.len() {
                match field[k] {
                    '[' => in_bracket = true,
                    ']' => in_bracket = false,
                    '!' | ':' if !in_bracket => break,
                    _ => {}
                }
                k += 1;
            }
            let name: String = field[..k].iter().collect();
            let mut conversion = None;
            let mut spec = String::new();
            if k < field.len() && field[k] == '!' {
                if k + 1 >= field.len() {
                    return Err(
                        vm.value_error("end of string while looking for conversion specifier")
                    );
                }
                conversion = Some(field[k + 1]);
                k += 2;
                if k < field.len() && field[k] != ':' {
                    return Err(vm.value_error("expected ':' after conversion specifier"));
                }
            }
            if k < field.len() && field[k] == ':' {
                spec = field[k + 1..].iter().collect();
            }
            out.push((std::mem::take(&mut lit), Some((name, spec, conversion))));
            i = j + 1;
            continue;
        }
        lit.push(c);
        i += 1;
    }
    if !lit.is_empty() {
        out.push((lit, None));
    }
    Ok(out)
}

fn index_or_str(s: &str) -> Value {
    if !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit())
        && let Ok(n) = s.parse::<i64>()
    {
        return from_i64(n);
    }
    new_str(s)
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("formatter_parser", |vm, a, _| {
            check_args(vm, "formatter_parser", a, 1, 1)?;
            let s = crate::objects::str::as_str(&a[0])
                .ok_or_else(|| vm.type_error("expected str"))?
                .to_string();
            let none = types().none.clone();
            let items = parse(vm, &s)?
                .into_iter()
                .map(|(lit, field)| match field {
                    None => new_tuple(vec![
                        new_str(&lit),
                        none.clone(),
                        none.clone(),
                        none.clone(),
                    ]),
                    Some((name, spec, conv)) => new_tuple(vec![
                        new_str(&lit),
                        new_str(&name),
                        new_str(&spec),
                        conv.map_or_else(|| none.clone(), |c| new_str(&c.to_string())),
                    ]),
                })
                .collect();
            let l = crate::objects::list::new_list(items);
            vm.get_iter(&l)
        }),
        ("formatter_field_name_split", |vm, a, _| {
            check_args(vm, "formatter_field_name_split", a, 1, 1)?;
            let s = crate::objects::str::as_str(&a[0])
                .ok_or_else(|| vm.type_error("expected str"))?
                .to_string();
            let end = s.find(['.', '[']).unwrap_or(s.len());
            let first = index_or_str(&s[..end]);
            let mut rest = Vec::new();
            let b = s.as_bytes();
            let mut i = end;
            while i < b.len() {
                if b[i] == b'.' {
                    let j = s[i + 1..].find(['.', '[']).map_or(s.len(), |p| p + i + 1);
                    if j == i + 1 {
                        return Err(vm.value_error("Empty attribute in format string"));
                    }
                    rest.push(new_tuple(vec![py_bool(true), new_str(&s[i + 1..j])]));
                    i = j;
                } else if b[i] == b'[' {
                    let Some(close) = s[i..].find(']').map(|p| p + i) else {
                        return Err(vm.value_error("Missing ']' in format string"));
                    };
                    rest.push(new_tuple(vec![
                        py_bool(false),
                        index_or_str(&s[i + 1..close]),
                    ]));
                    i = close + 1;
                    if i < b.len() && b[i] != b'.' && b[i] != b'[' {
                        return Err(vm.value_error(
                            "Only '.' or '[' may follow ']' in format field specifier",
                        ));
                    }
                } else {
                    break;
                }
            }
            let l = crate::objects::list::new_list(rest);
            let it = vm.get_iter(&l)?;
            Ok(new_tuple(vec![first, it]))
        }),
    ];
    super::make_module("_string", funcs, vec![])
}
