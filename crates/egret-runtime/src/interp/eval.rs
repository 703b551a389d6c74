//! `exec()` and `eval()` of source strings and code objects.

use crate::interp::str_of;
use crate::object::Value;
use crate::object::types::{Kind, types};
use crate::objects::dict::DictData;
use crate::objects::function::{CodeData, CodeRt};
use crate::protocols::args::{Kw, check_args};
use crate::vm::{PyResult, Vm};

pub fn builtin_exec(vm: &mut Vm, a: &[Value], k: Kw, is_eval: bool) -> PyResult {
    let name = if is_eval { "eval" } else { "exec" };
    check_args(vm, name, a, 1, 3)?;
    let globals = match a.get(1).filter(|g| !g.is(&types().none)) {
        Some(g) => {
            if g.kind() != Kind::Dict {
                return Err(vm.type_error(format!(
                    "{name}() globals must be a dict, not {}",
                    g.type_data().name
                )));
            }
            g.clone()
        }
        None => vm
            .current_globals()
            .unwrap_or_else(crate::protocols::items::empty_dict),
    };
    let locals = match a.get(2).filter(|l| !l.is(&types().none)) {
        Some(l) => {
            let mapping =
                l.kind() == Kind::Dict || l.type_data().lookup_static("__getitem__").is_some();
            if !mapping {
                return Err(vm.type_error(if is_eval {
                    "locals must be a mapping".to_string()
                } else {
                    format!(
                        "locals must be a mapping or None, not {}",
                        l.type_data().name
                    )
                }));
            }
            Some(l.clone())
        }
        None if a.get(1).is_some_and(|g| !g.is(&types().none)) => None,
        None => vm.current_locals(),
    };
    if let Some(g) = globals.downcast::<DictData>()
        && g.table.borrow().get_str("__builtins__").is_none()
    {
        g.table
            .borrow_mut()
            .set_str("__builtins__", vm.builtins.clone());
    }
    let source = buffer_source(vm, &a[0]);
    let a0 = source.as_ref().unwrap_or(&a[0]);
    let code = match a0.kind() {
        Kind::Code => {
            let code = a0.downcast::<CodeData>().expect("code").code.clone();
            let free = code.code.freevars.len();
            if free > 0 {
                // exec()'s `closure=` (new in 3.11) is not supported.
                if k.iter().any(|(name, _)| str_of(name) == "closure") {
                    return Err(vm.not_implemented("exec() with closure="));
                }
                return Err(vm.type_error(if is_eval {
                    "code object passed to eval() may not contain free variables".to_string()
                } else {
                    format!("code object requires a closure of exactly length {free}")
                }));
            }
            code
        }
        Kind::Str | Kind::Bytes | Kind::ByteArray => {
            let src = match a0.downcast::<crate::objects::bytes::BytesData>() {
                Some(b) => {
                    let b = b.data.borrow().clone();
                    match vm.decode_source(&b, "<string>") {
                        Ok(s) => s,
                        Err(e) => return Err(crate::exceptions_syntax(vm, &e)),
                    }
                }
                None => str_of(a0),
            };
            let mode = if is_eval {
                egret_compiler::Mode::Eval
            } else {
                egret_compiler::Mode::Module
            };
            let src = if is_eval {
                src.trim_start_matches([' ', '\t']).to_string()
            } else {
                src
            };
            match egret_compiler::compile_source(&src, "<string>", mode) {
                Ok(c) => CodeRt::new(vm, c),
                Err(e) => return Err(crate::exceptions_syntax(vm, &e)),
            }
        }
        _ => {
            return Err(vm.type_error(format!(
                "{name}() arg 1 must be a string, bytes or code object"
            )));
        }
    };
    let locals = locals.filter(|l| !l.is(&globals));
    let r = vm.run_code(code, globals, locals)?;
    Ok(if is_eval { r } else { vm.none() })
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
impl Vm {
    /// Decodes source bytes as PEP 263 says (see
    /// `egret_compiler::decode_source_with`), with this interpreter's
    /// codecs for encodings other than UTF-8, Latin-1 and ASCII.
    pub fn decode_source(
        &mut self,
        bytes: &[u8],
        filename: &str,
    ) -> Result<String, egret_compiler::SyntaxError> {
        egret_compiler::decode_source_with(bytes, filename, &mut |name, raw| {
            let codecs = self.import_module("codecs").ok()?;
            let decode = self.getattr_str(&codecs, "decode").ok()?;
            let text = self
                .call(
                    &decode,
                    &[
                        crate::objects::bytes::new_bytes(raw.to_vec()),
                        crate::objects::str::new_str(name),
                    ],
                    &[],
                )
                .ok()?;
            crate::objects::str::as_str(&text).map(str::to_string)
        })
    }
}

/// The source held by a buffer other than bytes and bytearray (a
/// memoryview, an array), copied to bytes; None for anything else.
fn buffer_source(vm: &mut Vm, v: &Value) -> Option<Value> {
    if v.downcast::<crate::objects::bytes::BytesData>().is_some()
        || !crate::objects::buffer::is_exporter(v)
    {
        return None;
    }
    match crate::objects::buffer::bytes_like_opt(vm, v) {
        Ok(Some(b)) => Some(crate::objects::bytes::new_bytes(b)),
        _ => None,
    }
}

pub fn builtin_compile(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    check_args(vm, "compile", a, 3, 6)?;
    let arg = |i: usize, n: &str| {
        a.get(i)
            .cloned()
            .or_else(|| crate::protocols::args::kwarg(k, n))
    };
    let source = buffer_source(vm, &a[0]);
    let a0 = source.as_ref().unwrap_or(&a[0]);
    let src = match a0.kind() {
        Kind::Str => str_of(a0),
        Kind::Bytes | Kind::ByteArray => {
            let b = a0
                .downcast::<crate::objects::bytes::BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .clone();
            match vm.decode_source(&b, "<string>") {
                Ok(s) => s,
                Err(mut e) => {
                    // A string's tokenizer names an encoding it cannot find
                    // differently from a file's.
                    if let Some(name) = e.message.strip_prefix("encoding problem: ")
                        && !name.ends_with(" with BOM")
                    {
                        e.message = format!("unknown encoding: {name}");
                    }
                    return Err(crate::exceptions_syntax(vm, &e));
                }
            }
        }
        Kind::Code => return Ok(a[0].clone()),
        _ if crate::modules::ast_compile::is_ast(vm, &a[0])? => {
            let filename = str_of(&a[1]);
            let mode_s = str_of(&a[2]);
            let flags = match arg(3, "flags") {
                Some(f) => vm.index_value(&f)?,
                None => 0,
            };
            return crate::modules::ast_compile::compile(vm, &a[0], &filename, &mode_s, flags);
        }
        _ => {
            return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
        }
    };
    let filename = str_of(&a[1]);
    let mode_s = str_of(&a[2]);
    let flags = match arg(3, "flags") {
        Some(f) => vm.index_value(&f)?,
        None => 0,
    };
    // PyCF_ONLY_AST: the syntax tree as `_ast` nodes.
    if flags & 0x400 != 0 {
        let minor = match crate::protocols::args::kwarg(k, "_feature_version") {
            Some(v) if !v.is(&types().none) => {
                let v = vm.index_value(&v)?;
                if v < 0 { 11 } else { v.min(255) as u8 }
            }
            _ => 11,
        };
        return crate::modules::ast_parse::parse(vm, &src, &filename, &mode_s, flags, minor);
    }
    let mode = match mode_s.as_str() {
        "exec" => egret_compiler::Mode::Module,
        "eval" => egret_compiler::Mode::Eval,
        "single" => egret_compiler::Mode::Interactive,
        "func_type" => {
            return Err(vm.value_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST"));
        }
        _ => {
            return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'"));
        }
    };
    let src = if mode_s == "eval" {
        src.trim_start_matches([' ', '\t']).to_string()
    } else {
        src
    };
    match egret_compiler::compile_source_flags(&src, &filename, mode, flags as u32) {
        Ok(c) => {
            let rt = CodeRt::new(vm, c);
            Ok(Value::alloc(&types().code, CodeData { code: rt }))
        }
        Err(e) => Err(crate::exceptions_syntax(vm, &e)),
    }
}
