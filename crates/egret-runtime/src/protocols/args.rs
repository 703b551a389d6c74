//! Argument parsing for native functions: positional counts and keyword
//! arguments with CPython's error messages.

use crate::object::Value;
use crate::vm::{PyResult, Vm};

pub type Kw<'a> = &'a [(Value, Value)];

/// Looks a keyword argument up by name.
pub fn kwarg(kwargs: Kw, name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| crate::objects::str::as_str(k) == Some(name))
        .map(|(_, v)| v.clone())
}

/// Checks positional count; `max` None means unbounded.
pub fn check_args(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        let msg = if min == max {
            match min {
                0 => format!("{name}() takes no arguments ({} given)", args.len()),
                1 => format!("{name}() takes exactly one argument ({} given)", args.len()),
                n => format!("{name} expected {n} arguments, got {}", args.len()),
            }
        } else if args.len() < min {
            format!(
                "{name} expected at least {min} argument{}, got {}",
                if min == 1 { "" } else { "s" },
                args.len()
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {}",
                if max == 1 { "" } else { "s" },
                args.len()
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(())
}

/// Positional-or-keyword parameters `names`, the first `required` of them
/// required, checked in the order and words of CPython's Argument Clinic.
pub fn clinic_args<const N: usize>(
    vm: &Vm,
    fname: &str,
    args: &[Value],
    kwargs: Kw,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let given = args.len() + kwargs.len();
    if given > N {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {N} {}argument{} ({given} given)",
            if args.is_empty() { "keyword " } else { "" },
            if N == 1 { "" } else { "s" },
        )));
    }
    let by_name = |name: &str| {
        kwargs
            .iter()
            .find(|(k, _)| crate::objects::str::as_str(k) == Some(name))
            .map(|(_, v)| v.clone())
    };
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| args.get(i).cloned());
    let mut unused = kwargs.len();
    for i in args.len()..N {
        out[i] = by_name(names[i]);
        if out[i].is_some() {
            unused -= 1;
        } else if i < required {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    if unused > 0 {
        for (i, name) in names.iter().enumerate().take(args.len()) {
            if by_name(name).is_some() {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
        }
        for (k, _) in kwargs {
            let Some(k) = crate::objects::str::as_str(k) else {
                return Err(vm.type_error("keywords must be strings"));
            };
            if !names.contains(&k) {
                return Err(vm.type_error(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )));
            }
        }
    }
    Ok(out)
}

pub fn no_kwargs(vm: &Vm, name: &str, kwargs: Kw) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    Ok(())
}
