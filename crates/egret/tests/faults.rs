//! Faults a conformance case cannot set up: Ctrl-C (SIGINT) while a
//! program runs, an address-space limit (`ulimit -v`), standard output on a
//! full device or a closed pipe. Each program runs under CPython 3.11
//! (`$EGRET_PYTHON`, else `python3`) and under egret in every JIT mode, in
//! the same conditions, and what they print (stdout, the last line of
//! stderr, how the process ended) must agree.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::Duration;

const MODES: [&str; 3] = ["off", "on", "eager"];

fn python() -> String {
    std::env::var("EGRET_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn egret(mode: &str) -> Vec<String> {
    vec![
        env!("CARGO_BIN_EXE_egret").to_string(),
        format!("--jit={mode}"),
        "-X".into(),
        "jit-threshold=10".into(),
    ]
}

/// A program in a temporary file (removed when dropped).
struct Script(std::path::PathBuf);

impl Script {
    fn new(name: &str, source: &str) -> Script {
        let dir = std::env::temp_dir().join(format!("egret-faults-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let path = dir.join(name);
        std::fs::write(&path, source).expect("write the script");
        Script(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What a run left: stdout, the last non-empty line of stderr, and the
/// exit code or the signal that ended it.
#[derive(Debug, PartialEq)]
struct Ending {
    stdout: String,
    last_stderr: String,
    code: Option<i32>,
    signal: Option<i32>,
}

fn ending(stdout: Vec<u8>, stderr: Vec<u8>, status: std::process::ExitStatus) -> Ending {
    let err = String::from_utf8_lossy(&stderr).into_owned();
    Ending {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        last_stderr: err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string(),
        code: status.code(),
        signal: status.signal(),
    }
}

/// A command for `argv` with SIGINT at its default disposition (a test
/// runner may have started us with it ignored) and Python's output
/// buffering as a program gets it by default.
fn command(argv: &[String]) -> Command {
    let mut c = Command::new(&argv[0]);
    c.args(&argv[1..]).env_remove("PYTHONUNBUFFERED");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        c.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    c
}

/// Runs `argv`; once it has printed its first line, waits `delay` and
/// sends it SIGINT.
fn run_interrupted(argv: &[String], delay: Duration) -> Ending {
    let mut child = command(argv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("the program's first line");
    std::thread::sleep(delay);
    // SAFETY: kill has no memory-safety preconditions.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let mut rest = Vec::new();
    out.read_to_end(&mut rest).expect("read stdout");
    let mut err = Vec::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_end(&mut err)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    let mut stdout = first.into_bytes();
    stdout.extend(rest);
    ending(stdout, err, status)
}

/// Runs `argv` through `sh -c SCRIPT` (the program is `"$@"` there).
fn run_in_shell(script: &str, argv: &[String]) -> Ending {
    let mut full = vec!["sh".to_string(), "-c".into(), script.into(), "sh".into()];
    full.extend_from_slice(argv);
    let out = command(&full).output().expect("run sh");
    ending(out.stdout, out.stderr, out.status)
}

fn with_script(mut argv: Vec<String>, script: &Script) -> Vec<String> {
    argv.push(script.path().to_string());
    argv
}

#[test]
fn ctrl_c_in_a_hot_loop_raises_keyboard_interrupt_and_runs_finally() {
    let script = Script::new(
        "interrupted.py",
        "def spin():\n    n = 0\n    try:\n        while True:\n            n += 1\n    finally:\n        print('finally ran', n > 0)\n\n\
         print('ready', flush=True)\nspin()\n",
    );
    let cpython = run_interrupted(
        &with_script(vec![python()], &script),
        Duration::from_millis(500),
    );
    assert_eq!(
        cpython.last_stderr, "KeyboardInterrupt",
        "CPython: {cpython:?}"
    );
    for mode in MODES {
        let e = run_interrupted(
            &with_script(egret(mode), &script),
            Duration::from_millis(500),
        );
        assert_eq!(e, cpython, "--jit={mode}");
    }
}

#[test]
fn ctrl_c_stops_a_long_native_loop() {
    // CPython's sum() does not look for signals, so this one is egret's
    // own promise: the loop stops with KeyboardInterrupt as the
    // interpreter's loops do.
    let script = Script::new(
        "native_loop.py",
        "print('ready', flush=True)\ntry:\n    sum(range(10**15))\nfinally:\n    print('finally')\n",
    );
    for mode in MODES {
        let e = run_interrupted(
            &with_script(egret(mode), &script),
            Duration::from_millis(300),
        );
        assert_eq!(e.stdout, "ready\nfinally\n", "--jit={mode}: {e:?}");
        assert_eq!(e.last_stderr, "KeyboardInterrupt", "--jit={mode}: {e:?}");
        assert_eq!(e.signal, Some(libc::SIGINT), "--jit={mode}: {e:?}");
    }
}

#[test]
fn huge_lists_raise_memory_error_under_an_address_space_limit() {
    let script = Script::new(
        "ulimit.py",
        "def grow(n):\n    caught = 0\n    for i in range(50):\n        try:\n            x = [0] * n\n        except MemoryError:\n            caught += 1\n    return caught\n\n\
         print(grow(10**10), grow(6 * 10**8), grow(10))\n\
         for src in ['bytes(10**10)', \"'x' * 10**10\", 'list(range(10**10))', 'bytearray(6 * 10**9)']:\n    \
         try:\n        eval(src)\n        print(src, 'allocated')\n    except MemoryError:\n        print(src, 'MemoryError')\n",
    );
    let limit = "ulimit -v 4000000 && exec \"$@\"";
    let cpython = run_in_shell(limit, &with_script(vec![python()], &script));
    assert_eq!(cpython.code, Some(0), "CPython: {cpython:?}");
    for mode in MODES {
        let e = run_in_shell(limit, &with_script(egret(mode), &script));
        assert_eq!(e, cpython, "--jit={mode}");
    }
}

#[test]
fn output_to_a_full_device_or_a_closed_pipe_fails_as_in_cpython() {
    let many = Script::new(
        "many_lines.py",
        "for i in range(100000):\n    print('line', i)\n",
    );
    let one = Script::new("one_line.py", "print('hello')\n");
    let late = Script::new(
        "late_line.py",
        "import time\ntime.sleep(0.3)\nprint('late')\n",
    );
    let cases = [
        ("exec \"$@\" > /dev/full", &many),
        ("exec \"$@\" > /dev/full", &one),
        // The program's status goes to stderr (not `head`'s or `true`'s).
        ("(\"$@\"; echo \"status $?\" >&2) | true", &late),
        (
            "(\"$@\"; echo \"status $?\" >&2) | head -1 > /dev/null",
            &many,
        ),
    ];
    for (shell, script) in cases {
        let cpython = run_in_shell(shell, &with_script(vec![python()], script));
        for mode in MODES {
            let e = run_in_shell(shell, &with_script(egret(mode), script));
            assert_eq!(e, cpython, "--jit={mode}: {shell} with {}", script.path());
        }
    }
}
