//! The command-line options CPython's `python3` has and egret follows:
//! `-i` (the prompt after the program, fed from a pipe), `-W` and
//! `PYTHONWARNINGS`, `-E`, `-I`, `-P`, `-s` and `sys.flags`. Each invocation
//! runs under CPython (`$EGRET_PYTHON`, else `python3`) and egret with the
//! same input; stdout, stderr and the exit status must agree.

use std::io::Write;
use std::process::{Command, Stdio};

fn python() -> String {
    std::env::var("EGRET_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn run(program: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> (String, String, i32) {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(std::env::temp_dir())
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONWARNINGS")
        .env_remove("PYTHONINSPECT")
        .env_remove("PYTHONSAFEPATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const FLAGS: &str = "import sys; print(sys.flags.inspect, sys.flags.quiet, \
     sys.flags.ignore_environment, sys.flags.no_user_site, sys.flags.no_site, \
     sys.flags.isolated, sys.flags.safe_path, sys.path[0] == '', sys.warnoptions)";

#[test]
fn options_behave_as_in_cpython() {
    let cases: &[(&[&str], &[(&str, &str)], &str)] = &[
        // -i: the prompt reads the rest of stdin; the prompts go to stderr.
        (
            &["-i", "-c", "x = 7"],
            &[],
            "print(x + 1)\nfor i in range(2):\n    print(i)\n\nx\n",
        ),
        // An exception does not stop -i; SystemExit does.
        (&["-i", "-c", "x = 7; 1/0"], &[], "print(x)\n"),
        (
            &["-i", "-c", "raise SystemExit(3)"],
            &[],
            "print('not reached')\n",
        ),
        (
            &["-c", "print('no prompt')"],
            &[("PYTHONINSPECT", "1")],
            "print('prompt')\n",
        ),
        (
            &["-E", "-c", "print('env ignored')"],
            &[("PYTHONINSPECT", "1")],
            "print('no')\n",
        ),
        (
            &["-W", "error::DeprecationWarning", "-Wignore", "-c", FLAGS],
            &[],
            "",
        ),
        (
            &["-W", "error", "-c", FLAGS],
            &[("PYTHONWARNINGS", "always,ignore::UserWarning")],
            "",
        ),
        (&["-E", "-c", FLAGS], &[("PYTHONWARNINGS", "always")], ""),
        (&["-Is", "-c", FLAGS], &[], ""),
        (&["-P", "-q", "-S", "-c", FLAGS], &[], ""),
        (&["-c", FLAGS], &[("PYTHONSAFEPATH", "1")], ""),
        (
            &[
                "-W",
                "error",
                "-c",
                "import warnings\ntry: warnings.warn('boom')\nexcept UserWarning as e: print('raised', e)",
            ],
            &[],
            "",
        ),
    ];
    for (args, env, stdin) in cases {
        let want = run(&python(), args, env, stdin);
        for mode in ["--jit=off", "--jit=eager"] {
            let full: Vec<&str> = [mode].iter().chain(args.iter()).copied().collect();
            let got = run(env!("CARGO_BIN_EXE_egret"), &full, env, stdin);
            assert_eq!(got, want, "{args:?} {env:?} {mode}");
        }
    }
}
