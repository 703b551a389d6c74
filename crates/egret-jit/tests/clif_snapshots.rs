//! Snapshot tests of the code generator, in the spirit of cranelift's
//! filetests: a small Python function goes in, its Cranelift IR comes out and
//! is compared with `tests/snapshots/<name>.clif`. Every function is also
//! verified and compiled for x86-64 and aarch64, so a change that breaks (or
//! changes) either ISA's code generation shows up in review on any machine.
//!
//! Run with `EGRET_BLESS=1` to rewrite the snapshots after an intended change.

use std::path::PathBuf;
use std::rc::Rc;

use egret_bytecode::{CodeObject, Const};
use egret_jit::specialize::Ty;

const ISAS: [&str; 2] = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/// The code object of function `name` defined at the top of `source`.
fn function(source: &str, name: &str) -> Rc<CodeObject> {
    let module = egret_compiler::compile_module(source, "snapshot.py").expect("compiles");
    module
        .consts
        .iter()
        .find_map(|c| match c {
            Const::Code(code) if code.name == name => Some(code.clone()),
            _ => None,
        })
        .expect("function defined")
}

fn check(name: &str, source: &str, func: &str, args: &[Ty]) {
    let code = function(source, func);
    let mut text = String::new();
    let mut first_clif: Option<String> = None;
    for triple in ISAS {
        let isa = egret_jit::isa_for(triple).expect("ISA available");
        let (clif, size) = egret_jit::clif_for_isa(&code, args, isa)
            .unwrap_or_else(|e| panic!("{name} does not compile for {triple}: {e}"));
        match &first_clif {
            None => first_clif = Some(clif),
            Some(c) => assert_eq!(c, &clif, "{name}: the IR must not depend on the ISA"),
        }
        text.push_str(&format!(
            ";; {triple}: compiled, {size} bytes of machine code\n"
        ));
    }
    text.push_str(";; source:\n");
    for line in source.lines() {
        text.push_str(&format!(";;   {line}\n"));
    }
    text.push_str(&first_clif.expect("at least one ISA"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.clif"));
    if std::env::var_os("EGRET_BLESS").is_some()
        || !path.exists() && std::env::var_os("CI").is_none()
    {
        std::fs::write(&path, &text).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("snapshot exists");
    assert_eq!(
        expected,
        text,
        "{name}: generated IR differs from {} (EGRET_BLESS=1 updates it)",
        path.display()
    );
}

#[test]
fn int_loop_with_overflow_guards() {
    check(
        "int_loop",
        "def f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s = s + i * i\n        i += 1\n    return s\n",
        "f",
        &[Ty::Int],
    );
}

#[test]
fn float_arithmetic_stays_unboxed() {
    check(
        "float_mix",
        "def f(x, n):\n    i = 0\n    while i < n:\n        x = x * 0.5 + i / 2\n        i = i + 1\n    return x\n",
        "f",
        &[Ty::Float, Ty::Int],
    );
}

#[test]
fn self_recursion_is_a_direct_call() {
    check(
        "fib",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
        "fib",
        &[Ty::Int],
    );
}

#[test]
fn floor_division_has_a_zero_guard() {
    check(
        "floordiv",
        "def f(a, b):\n    return a // b + a % b\n",
        "f",
        &[Ty::Int, Ty::Int],
    );
}

#[test]
fn unsupported_code_is_rejected_with_a_reason() {
    // A generator is never compiled; the reason names it.
    let code = function("def f(x):\n    yield x\n", "f");
    let isa = egret_jit::isa_for(ISAS[0]).expect("ISA");
    let err = egret_jit::clif_for_isa(&code, &[Ty::Int], isa).unwrap_err();
    assert!(err.contains("generator"), "{err}");
}

#[test]
fn objects_go_through_helpers_with_reference_counts() {
    check(
        "generic_attrs",
        "def f(p, k):\n    return [p.x * k, p.y]\n",
        "f",
        &[Ty::Obj, Ty::Int],
    );
}

#[test]
fn list_reads_and_stores_call_helpers() {
    check(
        "list_scale",
        "def f(xs, k):\n    for i in range(len(xs)):\n        xs[i] = xs[i] * k\n    return k\n",
        "f",
        &[Ty::List(egret_jit::specialize::Elem::Float), Ty::Float],
    );
}

#[test]
fn range_loop_is_a_counted_loop() {
    check(
        "range_loop",
        "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i\n    return t\n",
        "f",
        &[Ty::Int],
    );
}
