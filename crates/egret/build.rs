//! Finds the installed CPython 3.11 standard library at build time, so that
//! egret can import its pure-Python modules at run time (DESIGN.md,
//! "Standard library"). The interpreter asked is `$EGRET_PYTHON`, else
//! `python3`. Nothing is copied: only the directory's path is recorded.
//! When no CPython 3.11 is found the path is left empty and egret says, on
//! the first import that needs it, how to point it at one.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=EGRET_PYTHON");
    println!("cargo:rerun-if-changed=build.rs");
    let python = std::env::var("EGRET_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = "import sys, sysconfig\n\
                 if sys.version_info[:2] == (3, 11):\n    print(sysconfig.get_paths()['stdlib'])";
    let dir = Command::new(&python)
        .args(["-c", probe])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|d| std::path::Path::new(d).join("os.py").is_file())
        .unwrap_or_default();
    if dir.is_empty() {
        println!(
            "cargo:warning=no CPython 3.11 standard library found via `{python}`; set EGRET_STDLIB at run time"
        );
    }
    println!("cargo:rustc-env=EGRET_BUILD_STDLIB={dir}");
}
