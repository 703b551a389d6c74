//! The JIT's filetests, in the spirit of cranelift's: each
//! `filetests/NAME.py` holds one Python function (the first defined) and,
//! in a header comment, the argument types to specialize it for
//! (`# args: Int, List(Int)`). Its plan and Cranelift IR (helpers named)
//! are compared with `filetests/NAME.clif`. Every function is also verified
//! and compiled for x86-64 and aarch64, so a change that breaks (or
//! changes) either ISA's code generation shows up in review on any machine.
//!
//! `EGRET_BLESS=1 cargo test -p egret-jit --test filetests` rewrites the
//! expected files after an intended change.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use egret_bytecode::{CodeObject, Const};
use egret_jit::specialize::{Elem, Ty};

const ISAS: [&str; 2] = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/// The first function defined at the top of `source`.
fn first_function(source: &str, path: &Path) -> Rc<CodeObject> {
    let module = egret_compiler::compile_module(source, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{}: does not compile: {e:?}", path.display()));
    module
        .consts
        .iter()
        .find_map(|c| match c {
            Const::Code(code) => Some(code.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{}: defines no function", path.display()))
}

/// One argument type as written in a header: `Int`, `Float`, `Bool`,
/// `Obj`, `List(Int)`, `Tuple(Int)`.
fn parse_ty(s: &str) -> Result<Ty, String> {
    let elem = |e: &str| match e {
        "Int" => Ok(Elem::Int),
        _ => Err(format!("unknown element kind {e:?}")),
    };
    match s.trim() {
        "Int" => Ok(Ty::Int),
        "Float" => Ok(Ty::Float),
        "Bool" => Ok(Ty::Bool),
        "Obj" => Ok(Ty::Obj),
        t => match t.strip_suffix(')').and_then(|t| t.split_once('(')) {
            Some(("List", e)) => Ok(Ty::List(elem(e)?)),
            Some(("Tuple", e)) => Ok(Ty::Tuple(elem(e)?)),
            _ => Err(format!("unknown type {t:?}")),
        },
    }
}

/// The argument types from the `# args:` line.
fn header_args(source: &str, path: &Path) -> Vec<Ty> {
    let line = source
        .lines()
        .find_map(|l| l.strip_prefix("# args:"))
        .unwrap_or_else(|| panic!("{}: no `# args:` line", path.display()));
    line.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_ty(s).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// What a filetest produces: the machine-code size per ISA, the source,
/// then the plan and IR (which must not depend on the ISA).
fn render(path: &Path) -> String {
    let source = std::fs::read_to_string(path).expect("read filetest");
    let code = first_function(&source, path);
    let args = header_args(&source, path);
    let mut text = String::new();
    let mut first_clif: Option<String> = None;
    for triple in ISAS {
        let isa = egret_jit::isa_for(triple).expect("ISA available");
        let (clif, size) = egret_jit::clif_for_isa(&code, &args, isa)
            .unwrap_or_else(|e| panic!("{}: does not compile for {triple}: {e}", path.display()));
        match &first_clif {
            None => first_clif = Some(clif),
            Some(c) => assert_eq!(
                c,
                &clif,
                "{}: the IR must not depend on the ISA",
                path.display()
            ),
        }
        text.push_str(&format!(
            ";; {triple}: compiled, {size} bytes of machine code\n"
        ));
    }
    text.push_str(&first_clif.expect("at least one ISA"));
    text
}

#[test]
fn filetests() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("filetests");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("filetests directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no filetests in {}", dir.display());
    let bless = std::env::var_os("EGRET_BLESS").is_some();
    let mut differ = Vec::new();
    for input in &inputs {
        let text = render(input);
        let expected_path = input.with_extension("clif");
        if bless {
            std::fs::write(&expected_path, &text).expect("write expected IR");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == text => {}
            Ok(_) => differ.push(format!(
                "{}: generated IR differs from {}",
                input.display(),
                expected_path.display()
            )),
            Err(_) => differ.push(format!(
                "{}: no {}",
                input.display(),
                expected_path.display()
            )),
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(EGRET_BLESS=1 cargo test -p egret-jit --test filetests rewrites them)",
        differ.join("\n")
    );
}

#[test]
fn unsupported_code_is_rejected_with_a_reason() {
    // A generator is never compiled; the reason names it.
    let code = first_function("def f(x):\n    yield x\n", Path::new("gen.py"));
    let isa = egret_jit::isa_for(ISAS[0]).expect("ISA");
    let err = egret_jit::clif_for_isa(&code, &[Ty::Int], isa).unwrap_err();
    assert!(err.contains("generator"), "{err}");
}
