//! Snapshots of the compiler's output: each `tests/dis/NAME.py` is compiled
//! and its disassembly (every code object, with its stack size and
//! exception table, as `egret -X dis` prints it) is compared with
//! `tests/dis/NAME.dis`, so that a change in code generation shows up in
//! review. Inputs are small programs written for this, each about one
//! construct.
//!
//! `EGRET_BLESS=1 cargo test -p egret-compiler --test dis` rewrites the
//! expected files after an intended change.

use std::path::PathBuf;

#[test]
fn disassembly_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/dis");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/dis")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    let bless = std::env::var_os("EGRET_BLESS").is_some();
    let mut differ = Vec::new();
    for input in &inputs {
        let source = std::fs::read_to_string(input).expect("read input");
        let name = input.file_name().expect("file name").to_string_lossy();
        let code = egret_compiler::compile_module(&source, &name)
            .unwrap_or_else(|e| panic!("{}: does not compile: {e:?}", input.display()));
        let text = code.disassemble();
        assert!(
            text.lines()
                .filter(|l| l.contains("stacksize="))
                .all(|l| !l.contains("stacksize=0 ")),
            "{}: a code object with stacksize 0",
            input.display()
        );
        let expected_path = input.with_extension("dis");
        if bless {
            std::fs::write(&expected_path, &text).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == text => {}
            Ok(_) => differ.push(format!("{}: disassembly differs", input.display())),
            Err(_) => differ.push(format!(
                "{}: no {}",
                input.display(),
                expected_path.display()
            )),
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(EGRET_BLESS=1 cargo test -p egret-compiler --test dis rewrites them)",
        differ.join("\n")
    );
}
