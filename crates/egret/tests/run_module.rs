//! `egret -m`: a module inside a package and a package's `__main__` run
//! with their packages imported first and `__package__` set, so relative
//! imports work. The expected output is what CPython (`$EGRET_PYTHON`, else
//! `python3`) prints for the same files, run the same way.

use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> String {
    std::env::var("EGRET_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A package `app` in a fresh directory: an `__init__` that prints, a
/// module using a relative import, and a `__main__` doing the same.
fn package_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("egret-run-module-{}", std::process::id()));
    let pkg = dir.join("app");
    std::fs::create_dir_all(&pkg).expect("create package");
    let files = [
        (
            "__init__.py",
            "print('init', __name__, __package__)\nVALUE = 41\n",
        ),
        ("util.py", "def answer():\n    return 42\n"),
        (
            "tool.py",
            "import sys, os\nfrom . import VALUE\nfrom .util import answer\n\
             print(__name__, __package__, VALUE, answer(), os.path.basename(sys.argv[0]), sys.argv[1:])\n",
        ),
        (
            "__main__.py",
            "import sys, os\nfrom .util import answer\n\
             print(__name__, __package__, answer(), os.path.basename(sys.argv[0]), sys.argv[1:])\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(pkg.join(name), text).expect("write module");
    }
    dir
}

fn run(program: &str, dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("PYTHONPATH")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn dash_m_runs_modules_in_packages_like_cpython() {
    let dir = package_dir();
    for args in [&["-m", "app.tool", "x", "y"][..], &["-m", "app", "z"][..]] {
        let (want, want_err, want_status) = run(&python(), &dir, args);
        assert_eq!(want_status, Some(0), "CPython failed: {want_err}");
        for mode in ["--jit=off", "--jit=eager"] {
            let full: Vec<&str> = [mode].iter().chain(args).copied().collect();
            let (got, err, status) = run(env!("CARGO_BIN_EXE_egret"), &dir, &full);
            assert_eq!(
                (got.as_str(), status),
                (want.as_str(), Some(0)),
                "{args:?} {mode}: {err}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
