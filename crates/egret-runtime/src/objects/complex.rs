//! `complex`: construction (from numbers, strings and `__complex__`),
//! division and powers computed as CPython computes them, formatting, and
//! the methods.

use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::float::{ComplexData, new_complex};
use crate::objects::str::as_str;
use crate::protocols::format::{Spec, format_float, parse_spec};
use crate::vm::{PyResult, Vm};

/// `a / b`; None for division by zero (CPython's `_Py_c_quot`, which
/// scales by the larger part of the divisor).
pub fn quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Why a power could not be computed.
pub enum PowError {
    /// `0 ** negative-or-complex`.
    Domain,
    Overflow,
}

/// `a ** b`: small integer exponents by repeated multiplication, others
/// through polar form, as CPython does.
pub fn pow(a: (f64, f64), b: (f64, f64)) -> Result<(f64, f64), PowError> {
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let mut r = (1.0, 0.0);
        let mut p = a;
        let mut m = n.unsigned_abs();
        while m > 0 {
            if m & 1 == 1 {
                r = prod(r, p);
            }
            m >>= 1;
            if m > 0 {
                p = prod(p, p);
            }
        }
        if n < 0 {
            quot((1.0, 0.0), r).ok_or(PowError::Domain)?
        } else {
            r
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(PowError::Domain);
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    if (r.0.is_infinite() || r.1.is_infinite()) && a.0.is_finite() && a.1.is_finite() {
        return Err(PowError::Overflow);
    }
    Ok(r)
}

/// Parses the text `complex(str)` accepts: `1`, `2j`, `1+2j`, `(1-2.5e3j)`,
/// `inf`, `nanj`, with surrounding whitespace and optional parentheses.
pub fn parse(s: &str) -> Option<(f64, f64)> {
    if !underscores_ok(s) {
        return None;
    }
    let mut s = s.trim();
    if let Some(inner) = s.strip_prefix('(') {
        s = inner.strip_suffix(')')?.trim();
    }
    if s.is_empty() {
        return None;
    }
    // Each part is float() text without surrounding whitespace.
    let num = |t: &str| -> Option<f64> {
        if t.contains(char::is_whitespace) {
            return None;
        }
        crate::objects::float::parse_float(t)
    };
    if let Some(body) = s.strip_suffix(['j', 'J']) {
        // Split before the last sign that does not follow an exponent mark.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = Some(i);
                break;
            }
        }
        let (re, im) = match split {
            Some(i) => (num(&body[..i])?, &body[i..]),
            None => (0.0, body),
        };
        let im = match im {
            "" | "+" => 1.0,
            "-" => -1.0,
            t => num(t)?,
        };
        return Some((re, im));
    }
    Some((num(s)?, 0.0))
}

/// Underscores may only stand between two digits.
pub fn underscores_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
    })
}

/// The value of a number argument as a float, for `complex(x)`.
fn real_part(vm: &mut Vm, v: &Value) -> PyResult<Option<f64>> {
    if let Some(f) = crate::objects::int::as_f64(v) {
        return Ok(Some(f));
    }
    for m in ["__float__", "__index__"] {
        if v.type_data().lookup(m).is_some() {
            let r = vm.call_method(v, m, &[])?;
            return match crate::objects::int::as_f64(&r) {
                Some(f) => Ok(Some(f)),
                None => {
                    let name = vm.type_name(&r);
                    Err(vm.type_error(format!("{m} returned non-float (type {name})")))
                }
            };
        }
    }
    Ok(None)
}

/// `complex(real=0, imag=0)`.
pub fn construct(vm: &mut Vm, real: Option<&Value>, imag: Option<&Value>) -> PyResult<(f64, f64)> {
    let t = types();
    let (mut re, mut im) = (0.0, 0.0);
    if let Some(r) = real {
        if let Some(s) = as_str(r) {
            if imag.is_some() {
                return Err(vm.type_error("complex() can't take second arg if first is a string"));
            }
            // Digits of any script and any whitespace, as for int and float.
            let Some(s) = crate::objects::str::number_text_to_ascii(s) else {
                return Err(vm.value_error("complex() arg is a malformed string"));
            };
            if !underscores_ok(&s) {
                let r = vm.repr_string(r)?;
                return Err(vm.value_error(format!("could not convert string to complex: {r}")));
            }
            return parse(&s).ok_or_else(|| vm.value_error("complex() arg is a malformed string"));
        }
        if let Some(c) = r.downcast::<ComplexData>()
            && !r.type_data().is_heap
        {
            (re, im) = (c.re, c.im);
        } else if r.type_data().lookup_static("__complex__").is_some() {
            let c = vm.call_method(r, "__complex__", &[])?;
            let Some(cd) = c.downcast::<ComplexData>() else {
                let name = vm.type_name(&c);
                return Err(
                    vm.type_error(format!("__complex__ returned non-complex (type {name})"))
                );
            };
            (re, im) = (cd.re, cd.im);
        } else if let Some(c) = r.downcast::<ComplexData>() {
            (re, im) = (c.re, c.im);
        } else {
            match real_part(vm, r)? {
                Some(f) => re = f,
                None => {
                    let name = vm.type_name(r);
                    return Err(vm.type_error(format!(
                        "complex() first argument must be a string or a number, not '{name}'"
                    )));
                }
            }
        }
    }
    if let Some(i) = imag {
        if as_str(i).is_some() {
            return Err(vm.type_error("complex() second arg can't be a string"));
        }
        let (ir, ii) = if let Some(c) = i.downcast::<ComplexData>() {
            (c.re, c.im)
        } else {
            match real_part(vm, i)? {
                Some(f) => (f, 0.0),
                None => {
                    let name = vm.type_name(i);
                    return Err(vm.type_error(format!(
                        "complex() second argument must be a number, not '{name}'"
                    )));
                }
            }
        };
        // As CPython combines them: a complex real part contributes its
        // imaginary part, a complex imag part its real part (signed zeros
        // survive when neither is complex).
        let real_is_complex = real.is_some_and(|r| {
            r.kind() == Kind::Complex || r.type_data().lookup_static("__complex__").is_some()
        });
        let imag_is_complex = i.kind() == Kind::Complex;
        if imag_is_complex {
            re -= ii;
        }
        im = if real_is_complex { im + ir } else { ir };
    }
    let _ = t;
    Ok((re, im))
}

/// `format(complex, spec)`.
pub fn format(vm: &mut Vm, re: f64, im: f64, spec: &str) -> PyResult<String> {
    let sp = parse_spec(vm, spec, "complex")?;
    if sp.zero || sp.fill == Some('0') && sp.align == Some('=') {
        return Err(vm.value_error("Zero padding is not allowed in complex format specifier"));
    }
    if sp.align == Some('=') {
        return Err(vm.value_error("'=' alignment flag is not allowed in complex format specifier"));
    }
    let ty = match sp.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G') => sp.ty,
        Some('n') => Some('g'),
        Some(c) => {
            return Err(vm.value_error(format!(
                "Unknown format code '{c}' for object of type 'complex'"
            )));
        }
    };
    let plain = ty.is_none();
    let skip_re = plain && re == 0.0 && re.is_sign_positive();
    let parens = plain && !skip_re;
    // Each part is formatted without width; the sign of the imaginary part
    // is always shown.
    let part = |x: f64, sign: Option<char>| -> PyResult<String> {
        let s = Spec {
            sign,
            alt: sp.alt,
            grouping: sp.grouping,
            precision: sp.precision,
            ty: match (ty, sp.precision) {
                (None, None) => None,
                (None, Some(_)) => Some('g'),
                (t, _) => t,
            },
            ..Spec::default()
        };
        if plain && sp.precision.is_none() {
            let r = crate::objects::float::float_repr(x);
            let r = r.strip_suffix(".0").map(str::to_string).unwrap_or(r);
            return Ok(match sign {
                Some('+') if !r.starts_with('-') => format!("+{r}"),
                Some(' ') if !r.starts_with('-') => format!(" {r}"),
                _ => r,
            });
        }
        format_float(vm, x, &s)
    };
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(&part(re, sp.sign)?);
    }
    let im_sign = if skip_re { sp.sign } else { Some('+') };
    body.push_str(&part(im, im_sign)?);
    body.push('j');
    if parens {
        body.push(')');
    }
    crate::protocols::format::pad(vm, &body, &sp, '>', 0)
}

fn parts(vm: &mut Vm, v: &Value, method: &str) -> PyResult<(f64, f64)> {
    match v.downcast::<ComplexData>() {
        Some(c) if v.kind() == Kind::Complex => Ok((c.re, c.im)),
        _ => {
            let name = vm.type_name(v);
            Err(vm.type_error(format!(
                "descriptor '{method}' for 'complex' objects doesn't apply to a '{name}' object"
            )))
        }
    }
}

pub fn register() {
    let t = types();
    let methods: &[(&'static str, crate::objects::function::NativeFn)] = &[
        ("conjugate", |vm, a, _| {
            crate::protocols::args::check_args(vm, "conjugate", &a[1..], 0, 0)?;
            let (re, im) = parts(vm, &a[0], "conjugate")?;
            Ok(new_complex(re, -im))
        }),
        ("__complex__", |vm, a, _| {
            let (re, im) = parts(vm, &a[0], "__complex__")?;
            Ok(new_complex(re, im))
        }),
        ("__getnewargs__", |vm, a, _| {
            let (re, im) = parts(vm, &a[0], "__getnewargs__")?;
            Ok(crate::objects::tuple::new_tuple(vec![
                crate::objects::float::new_float(re),
                crate::objects::float::new_float(im),
            ]))
        }),
        ("__format__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__format__", &a[1..], 1, 1)?;
            let (re, im) = parts(vm, &a[0], "__format__")?;
            let Some(spec) = as_str(&a[1]).map(str::to_string) else {
                return Err(vm.type_error("__format__() argument must be str"));
            };
            if spec.is_empty() {
                return vm.str_value(&a[0]);
            }
            Ok(crate::objects::str::new_string(format(vm, re, im, &spec)?))
        }),
    ];
    crate::objects::str_methods::add_methods(&t.complex, "complex", methods);
    let slice_methods: &[(&'static str, crate::objects::function::NativeFn)] =
        &[("indices", |vm, a, _| {
            crate::protocols::args::check_args(vm, "indices", &a[1..], 1, 1)?;
            if a[0].kind() != Kind::Slice {
                return Err(vm.type_error("descriptor 'indices' requires a 'slice' object"));
            }
            let n = match crate::objects::int::to_bigint(&a[1]) {
                Some(n) => n,
                None => num_bigint::BigInt::from(vm.index_value(&a[1])?),
            };
            if n.sign() == num_bigint::Sign::Minus {
                return Err(vm.value_error("length should not be negative"));
            }
            let (start, stop, step) = crate::objects::range::slice_indices_big(vm, &a[0], &n)?;
            let i = crate::objects::int::from_bigint;
            Ok(crate::objects::tuple::new_tuple(vec![
                i(start),
                i(stop),
                i(step),
            ]))
        })];
    crate::objects::str_methods::add_methods(&t.slice, "slice", slice_methods);
    crate::objects::str_methods::add_methods(
        &t.slice,
        "slice",
        &[("__reduce__", |vm, a, _| {
            let Some(s) = a
                .first()
                .and_then(|s| s.downcast::<crate::objects::range::SliceData>())
            else {
                return Err(vm.type_error("descriptor '__reduce__' requires a 'slice' object"));
            };
            let args = crate::objects::tuple::new_tuple(vec![
                s.start.clone(),
                s.stop.clone(),
                s.step.clone(),
            ]);
            Ok(crate::objects::tuple::new_tuple(vec![
                types().slice.clone(),
                args,
            ]))
        })],
    );
    // `Ellipsis` and `NotImplemented` pickle as their names.
    crate::objects::str_methods::add_methods(
        &t.ellipsis_type,
        "ellipsis",
        &[("__reduce__", |_vm, _a, _| {
            Ok(crate::objects::str::new_str("Ellipsis"))
        })],
    );
    crate::objects::str_methods::add_methods(
        &t.not_implemented_type,
        "NotImplementedType",
        &[("__reduce__", |_vm, _a, _| {
            Ok(crate::objects::str::new_str("NotImplemented"))
        })],
    );
}

// ----- code objects: `code.replace` and `function.__code__ = code` -----
// (kept here with the other small method tables registered at start-up)

use crate::objects::function::{CodeData, CodeRt, FunctionData};
use egret_bytecode::flags;

/// `code.replace(**changes)`: a copy with other flags, names, file or
/// first line. Changing anything else raises NotImplementedError.
fn code_replace(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    if a.len() != 1 {
        return Err(vm.type_error("replace() takes no positional arguments"));
    }
    let Some(c) = a[0].downcast::<CodeData>() else {
        return Err(vm.type_error("descriptor 'replace' requires a 'code' object"));
    };
    let mut code = (*c.code.code).clone();
    for (key, v) in k {
        let key = crate::interp::str_of(key);
        let text = || as_str(v).map(str::to_string);
        match key.as_str() {
            "co_flags" => code.flags = vm.index_value(v)? as u32,
            "co_firstlineno" => code.first_line = vm.index_value(v)? as u32,
            "co_name" => {
                code.name = text().ok_or_else(|| vm.type_error("co_name must be a str"))?
            }
            "co_qualname" => {
                code.qualname = text().ok_or_else(|| vm.type_error("co_qualname must be a str"))?
            }
            "co_filename" => {
                code.filename = text()
                    .ok_or_else(|| vm.type_error("co_filename must be a str"))?
                    .into()
            }
            other => {
                return Err(vm.err(
                    &types().exc.not_implemented_error,
                    format!("code.replace({other}=...) is not supported by egret"),
                ));
            }
        }
    }
    let rt = CodeRt::new(vm, std::rc::Rc::new(code));
    Ok(Value::alloc(&types().code, CodeData { code: rt }))
}

/// `function.__code__ = code`: egret accepts the function's own code with
/// ITERABLE_COROUTINE added or removed (what `types.coroutine` does).
pub fn set_function_code(vm: &mut Vm, fd: &FunctionData, v: &Value) -> PyResult<()> {
    let Some(new) = v.downcast::<CodeData>() else {
        let name = vm.type_name(v);
        return Err(vm.type_error(format!(
            "__code__ must be set to a code object, not a '{name}' object"
        )));
    };
    let (old, new) = (&fd.code.code, &new.code.code);
    let same_body = old.code == new.code
        && old.varnames == new.varnames
        && old.freevars == new.freevars
        && old.cellvars == new.cellvars
        && old.arg_count == new.arg_count
        && old.kwonly_count == new.kwonly_count
        && old.consts.len() == new.consts.len();
    let changed = (old.flags | fd.extra_flags.get()) ^ new.flags;
    if !same_body || changed & !flags::ITERABLE_COROUTINE != 0 {
        return Err(vm.err(
            &types().exc.not_implemented_error,
            "assigning another code object to __code__ is not supported by egret",
        ));
    }
    fd.extra_flags.set(new.flags & flags::ITERABLE_COROUTINE);
    Ok(())
}

pub fn register_code() {
    crate::objects::str_methods::add_methods(&types().code, "code", &[("replace", code_replace)]);
}
