//! The driver: [`Config`] says what to run, [`run`] finds the cases, runs
//! each one in every mode on a pool of worker threads, prints progress and
//! returns the [`Summary`].
//!
//! Each run is `[runner...] <egret> -S --jit=<mode> <name>.py` with the case's
//! directory as working directory, `PYTHONHASHSEED=0`, stdin closed and
//! stdout/stderr captured — the same environment `conformance/record.py`
//! gives CPython when recording the expectations. Under a runner, the
//! variable `EGRET_CONFORMANCE_RUNNER` names it, for cases that start
//! egret again.

use std::env;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::Mode;
use crate::case::{self, Case};
use crate::compare::{self, Mismatch};
use crate::exec;
use crate::expectation::Expectation;
use crate::report::{Failure, Outcome, RunResult, Summary, Verdict};
use crate::xfail::ExpectedFailures;

/// The default per-run time limit.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How many stderr lines a failure report shows.
const STDERR_TAIL_LINES: usize = 6;

/// Progress dots per line before wrapping.
const DOTS_PER_LINE: usize = 64;

/// What to run and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The egret binary.
    pub egret: PathBuf,
    /// A command prefix egret runs under (e.g. `["qemu-riscv64"]`); usually
    /// empty.
    pub runner: Vec<String>,
    /// The directory holding the cases (`conformance/cases`).
    pub cases_dir: PathBuf,
    /// The expected-failures list (`conformance/expected-failures.txt`); a
    /// missing file means no expected failures.
    pub expected_failures: PathBuf,
    /// The modes every case runs in.
    pub modes: Vec<Mode>,
    /// Number of cases run at the same time (0 is treated as 1).
    pub jobs: usize,
    /// Only run cases whose id contains this substring.
    pub filter: Option<String>,
    /// Per-run time limit; a run taking longer is killed and fails.
    pub timeout: Duration,
    /// Print a line per run instead of a dot, and list the expected
    /// failures in the report.
    pub verbose: bool,
}

impl Config {
    /// A configuration running the cases in `cases_dir` with `egret`, in
    /// every mode, with the expected-failures list next to `cases_dir`
    /// (`<cases_dir>/../expected-failures.txt`) and default settings.
    pub fn new(egret: impl Into<PathBuf>, cases_dir: impl Into<PathBuf>) -> Config {
        let cases_dir = cases_dir.into();
        let expected_failures = cases_dir
            .parent()
            .unwrap_or(&cases_dir)
            .join("expected-failures.txt");
        Config {
            egret: egret.into(),
            runner: Vec::new(),
            cases_dir,
            expected_failures,
            modes: Mode::ALL.to_vec(),
            jobs: default_jobs(),
            filter: None,
            timeout: DEFAULT_TIMEOUT,
            verbose: false,
        }
    }

    /// The default configuration for the workspace at `root`: egret at
    /// `<root>/target/debug/egret`, cases in `<root>/conformance/cases`.
    pub fn for_root(root: &Path) -> Config {
        let egret = root
            .join("target")
            .join("debug")
            .join(format!("egret{}", env::consts::EXE_SUFFIX));
        Config::new(egret, root.join("conformance").join("cases"))
    }
}

/// The default number of jobs: the available parallelism, or 1 if unknown.
pub fn default_jobs() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Finds the workspace root: the nearest ancestor of `start` (or `start`
/// itself) containing `conformance/cases`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("conformance").join("cases").is_dir())
        .map(Path::to_path_buf)
}

/// A case ready to run, with its expectation.
struct Prepared {
    case: Case,
    expectation: Expectation,
    /// The functions (qualified names) the case's `# jit-compiles:` header
    /// says the JIT compiles in the modes that compile.
    jit_compiles: Vec<String>,
}

/// The names of a `# jit-compiles: f, C.m` header line in `source`, if any.
fn jit_compiles(source: &str) -> Vec<String> {
    source
        .lines()
        .find_map(|l| l.strip_prefix("# jit-compiles:"))
        .map(|names| {
            names
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Everything a worker needs, shared by reference.
struct Context<'a> {
    config: &'a Config,
    egret: PathBuf,
    cases: Vec<Prepared>,
    expected_failures: ExpectedFailures,
    /// `(index into cases, mode)` for every run.
    jobs: Vec<(usize, Mode)>,
    next: AtomicUsize,
}

/// Runs the conformance suite described by `config`, printing progress to
/// stdout, and returns what it found. Use [`Summary::report`] for the
/// report and [`Summary::success`] for the verdict.
pub fn run(config: &Config) -> Summary {
    let mut summary = Summary {
        verbose: config.verbose,
        ..Summary::default()
    };
    let Some(context) = prepare(config, &mut summary.errors) else {
        return summary;
    };
    if context.jobs.is_empty() {
        return summary;
    }

    let workers = config.jobs.clamp(1, context.jobs.len());
    println!(
        "running {} cases x {} modes with {} {} ({})",
        context.cases.len(),
        config.modes.len(),
        workers,
        if workers == 1 { "job" } else { "jobs" },
        context.egret.display()
    );
    let mut progress = Progress::new(context.jobs.len(), config.verbose);
    let mut runs = Vec::with_capacity(context.jobs.len());
    let (sender, receiver) = mpsc::channel::<RunResult>();
    thread::scope(|scope| {
        let mut spawned = 0;
        for index in 0..workers {
            let sender = sender.clone();
            let context = &context;
            let started = thread::Builder::new()
                .name(format!("conformance-worker-{index}"))
                .spawn_scoped(scope, move || work(context, &sender));
            match started {
                Ok(_) => spawned += 1,
                Err(err) => {
                    summary
                        .errors
                        .push(format!("could not start worker thread: {err}"));
                    break;
                }
            }
        }
        if spawned == 0 {
            // No threads at all: do the work on this one.
            work(&context, &sender);
        }
        drop(sender);
        for result in receiver {
            progress.record(&result);
            runs.push(result);
        }
    });
    progress.finish();

    let position = |mode: Mode| config.modes.iter().position(|&m| m == mode);
    runs.sort_by(|a, b| {
        (a.case_id.as_str(), position(a.mode)).cmp(&(b.case_id.as_str(), position(b.mode)))
    });
    summary.runs = runs;
    summary
}

/// Worker loop: claims jobs until none are left, sending each result.
fn work(context: &Context<'_>, sender: &mpsc::Sender<RunResult>) {
    loop {
        let next = context.next.fetch_add(1, Ordering::Relaxed);
        let Some(&(index, mode)) = context.jobs.get(next) else {
            return;
        };
        let prepared = &context.cases[index];
        let result = run_one(context, prepared, mode);
        if sender.send(result).is_err() {
            return;
        }
    }
}

/// Finds and loads everything needed before running: the egret binary, the
/// expected failures, the cases and their expectations. Problems are pushed
/// onto `errors`; `None` means nothing can run at all.
fn prepare<'a>(config: &'a Config, errors: &mut Vec<String>) -> Option<Context<'a>> {
    if config.modes.is_empty() {
        errors.push("no modes selected".to_string());
        return None;
    }
    let egret = match resolve_program(&config.egret) {
        Ok(egret) => egret,
        Err(err) => {
            errors.push(err);
            return None;
        }
    };

    let (expected_failures, xfail_errors) = ExpectedFailures::load(&config.expected_failures);
    errors.extend(xfail_errors);

    let (all_cases, discovery_errors) = case::discover(&config.cases_dir);
    errors.extend(discovery_errors);
    if all_cases.is_empty() {
        errors.push(format!("no cases found in {}", config.cases_dir.display()));
        return None;
    }
    for entry in expected_failures.entries() {
        if !all_cases.iter().any(|case| case.id == entry.case_id) {
            errors.push(format!(
                "{}:{}: unknown case {:?}",
                config.expected_failures.display(),
                entry.line,
                entry.case_id
            ));
        }
    }

    let selected: Vec<Case> = all_cases
        .into_iter()
        .filter(|case| {
            config
                .filter
                .as_deref()
                .is_none_or(|filter| case.id.contains(filter))
        })
        .collect();
    if selected.is_empty() {
        if let Some(filter) = &config.filter {
            errors.push(format!("no case id contains {filter:?}"));
        }
        return None;
    }

    let mut cases = Vec::with_capacity(selected.len());
    for case in selected {
        let path = case.expectation_path();
        if !path.exists() {
            errors.push(format!(
                "{}: no expectation recorded (run conformance/record.py)",
                case.id
            ));
            continue;
        }
        match Expectation::load(&path) {
            Ok(expectation) => {
                let source = std::fs::read_to_string(&case.path).unwrap_or_default();
                cases.push(Prepared {
                    jit_compiles: jit_compiles(&source),
                    case,
                    expectation,
                })
            }
            Err(err) => errors.push(format!("{}: bad expectation: {err}", case.id)),
        }
    }
    let jobs = (0..cases.len())
        .flat_map(|index| config.modes.iter().map(move |&mode| (index, mode)))
        .collect();
    Some(Context {
        config,
        egret,
        cases,
        expected_failures,
        jobs,
        next: AtomicUsize::new(0),
    })
}

/// Makes a program path independent of the working directory (cases run in
/// their own directories) and checks that it exists. A bare name such as
/// `egret` is left for `PATH` lookup.
fn resolve_program(path: &Path) -> Result<PathBuf, String> {
    if !path.is_absolute() && path.components().count() <= 1 {
        return Ok(path.to_path_buf());
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        env::current_dir()
            .map_err(|err| format!("cannot determine the current directory: {err}"))?
            .join(path)
    };
    if absolute.is_file() {
        Ok(absolute)
    } else {
        Err(format!(
            "egret binary not found at {} (build it with `cargo build -p egret`, or pass --egret)",
            absolute.display()
        ))
    }
}

/// The argument vector of one run: `[runner...] <egret> -S --jit=<mode>
/// [-X jit-stats=FILE] <file>`.
fn command_line(
    context: &Context<'_>,
    case: &Case,
    mode: Mode,
    stats: Option<&Path>,
) -> Vec<String> {
    let mut argv = context.config.runner.clone();
    argv.push(context.egret.to_string_lossy().into_owned());
    // Without `site`: the cases are about the language and library, not
    // the installation, and importing site (with this machine's `.pth`
    // files) would multiply the suite's time. A case that needs site runs
    // egret itself (`sys.executable`).
    argv.push("-S".into());
    argv.push(format!("--jit={mode}"));
    if let Some(path) = stats {
        argv.push("-X".into());
        argv.push(format!("jit-stats={}", path.display()));
    }
    argv.push(case.file_name().to_string());
    argv
}

/// Where a run writes its JIT statistics (unique per case and mode).
fn stats_path(case: &Case, mode: Mode) -> PathBuf {
    std::env::temp_dir().join(format!(
        "egret-conformance-{}-{}-{mode}.stats",
        std::process::id(),
        case.id.replace('/', "_")
    ))
}

/// The names of `wanted` that the statistics at `path` do not list as
/// compiled (all of them when the file is missing).
fn not_compiled(path: &Path, wanted: &[String]) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let compiled: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("compiled: "))
        .collect();
    wanted
        .iter()
        .filter(|w| !compiled.contains(&w.as_str()))
        .cloned()
        .collect()
}

/// Runs one case in one mode and compares the result with its expectation.
fn run_one(context: &Context<'_>, prepared: &Prepared, mode: Mode) -> RunResult {
    let case = &prepared.case;
    let stats =
        (mode != Mode::Off && !prepared.jit_compiles.is_empty()).then(|| stats_path(case, mode));
    let argv = command_line(context, case, mode, stats.as_deref());
    let command_text = format!(
        "cd {} && PYTHONHASHSEED=0 {}",
        shell_quote(&case.dir().to_string_lossy()),
        argv.iter()
            .map(|arg| shell_quote(arg))
            .collect::<Vec<_>>()
            .join(" ")
    );

    let (program, args) = match argv.split_first() {
        Some((program, args)) => (program.as_str(), args),
        None => ("", &[][..]),
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(case.dir())
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONSTARTUP")
        .env_remove("PYTHONPATH");
    // A case that starts egret again (`sys.executable`) needs the same
    // runner: under qemu user-mode emulation the binary cannot be executed
    // directly. CPython records with the variable unset.
    if !context.config.runner.is_empty() {
        command.env("EGRET_CONFORMANCE_RUNNER", context.config.runner.join(" "));
    }

    let timeout = context.config.timeout;
    let (mut mismatches, execution) = match exec::execute(command, timeout) {
        Ok(execution) => (
            compare::compare(&prepared.expectation, &execution, timeout),
            execution,
        ),
        Err(err) => (vec![Mismatch::Launch(err)], exec::Execution::default()),
    };
    if let Some(path) = &stats {
        let missing = not_compiled(path, &prepared.jit_compiles);
        let _ = std::fs::remove_file(path);
        if mismatches.is_empty() && !missing.is_empty() {
            mismatches.push(Mismatch::NotCompiled(missing));
        }
    }
    let outcome = if mismatches.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail(Failure {
            mismatches,
            stderr_tail: compare::stderr_tail(&execution.stderr, STDERR_TAIL_LINES),
            truncated: execution.truncated,
        })
    };
    RunResult {
        case_id: case.id.clone(),
        area: case.area.clone(),
        mode,
        outcome,
        expected_failure: context
            .expected_failures
            .lookup(&case.id, mode)
            .map(|entry| entry.reason.clone()),
        elapsed: execution.elapsed,
        command: command_text,
    }
}

/// Quotes `text` for a POSIX shell if it contains anything special.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=@:,+%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Prints progress as results arrive: a dot per passing run (`x` for an
/// expected failure) and a line per unexpected result, or with `verbose` a
/// line per run.
struct Progress {
    total: usize,
    done: usize,
    column: usize,
    verbose: bool,
}

impl Progress {
    fn new(total: usize, verbose: bool) -> Progress {
        Progress {
            total,
            done: 0,
            column: 0,
            verbose,
        }
    }

    fn record(&mut self, result: &RunResult) {
        self.done += 1;
        let verdict = result.verdict();
        if self.verbose {
            let tag = match verdict {
                Verdict::Pass => "PASS ",
                Verdict::ExpectedFailure => "XFAIL",
                Verdict::UnexpectedFailure => "FAIL ",
                Verdict::UnexpectedPass => "XPASS",
            };
            let detail = match verdict {
                Verdict::Pass => String::new(),
                Verdict::UnexpectedPass => ": listed in expected-failures.txt".to_string(),
                _ => format!(": {}", result.headline()),
            };
            println!(
                "{tag} {} ({:.2}s){detail}",
                result.label(),
                result.elapsed.as_secs_f64()
            );
            return;
        }
        match verdict {
            Verdict::Pass | Verdict::ExpectedFailure => {
                print!("{}", if verdict == Verdict::Pass { '.' } else { 'x' });
                self.column += 1;
                if self.column == DOTS_PER_LINE {
                    println!(" [{}/{}]", self.done, self.total);
                    self.column = 0;
                }
            }
            Verdict::UnexpectedFailure | Verdict::UnexpectedPass => {
                if self.column > 0 {
                    println!();
                    self.column = 0;
                }
                if verdict == Verdict::UnexpectedPass {
                    println!(
                        "XPASS {}: passes but is listed in expected-failures.txt",
                        result.label()
                    );
                } else {
                    println!("FAIL {}: {}", result.label(), result.headline());
                }
            }
        }
        // Progress is best effort; a closed stdout is not worth failing for.
        let _ = io::stdout().flush();
    }

    fn finish(&mut self) {
        if self.column > 0 {
            println!(" [{}/{}]", self.done, self.total);
            self.column = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jit_compiles_header() {
        assert_eq!(
            jit_compiles("x = 1\n# jit-compiles: f, C.m,  <module>\n"),
            vec!["f", "C.m", "<module>"]
        );
        assert!(jit_compiles("# jit-compiles:\nprint(1)\n").is_empty());
        assert!(jit_compiles("print(1)\n").is_empty());
    }

    #[test]
    fn config_defaults() {
        let config = Config::new("/bin/egret", "/ws/conformance/cases");
        assert_eq!(
            config.expected_failures,
            PathBuf::from("/ws/conformance/expected-failures.txt")
        );
        assert_eq!(config.modes, Mode::ALL);
        assert_eq!(config.timeout, DEFAULT_TIMEOUT);
        assert!(config.jobs >= 1);
        assert!(config.runner.is_empty());

        let config = Config::for_root(Path::new("/ws"));
        assert!(config.egret.starts_with("/ws/target/debug"));
        assert_eq!(config.cases_dir, PathBuf::from("/ws/conformance/cases"));
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("--jit=on"), "--jit=on");
        assert_eq!(shell_quote("/a/b.py"), "/a/b.py");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn missing_egret_is_an_error() {
        let mut config = Config::new("/nonexistent/egret", "/nonexistent/cases");
        config.jobs = 1;
        let summary = run(&config);
        assert!(summary.runs.is_empty());
        assert!(!summary.success());
        assert!(summary.errors[0].contains("egret binary not found"));
    }

    /// Runs a tiny suite with `sh` standing in for egret: the fake binary
    /// ignores its options (`-S --jit=...`) and runs the case file (the
    /// last argument) as a shell script.
    #[cfg(unix)]
    #[test]
    fn end_to_end_with_fake_egret() {
        use std::fs;
        use std::os::unix::fs::PermissionsExt;

        let root = env::temp_dir().join(format!("egret-conformance-e2e-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let cases = root.join("conformance").join("cases");
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("create test directory");
            }
            fs::write(path, text).expect("write test file");
        };
        write(
            "fake-egret",
            "#!/bin/sh\nfor a in \"$@\"; do last=$a; done\nexec sh \"$last\"\n",
        );
        let fake = root.join("fake-egret");
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).expect("chmod");

        // Passes everywhere.
        write("conformance/cases/basics/ok.py", "echo hi\n");
        write(
            "conformance/cases/basics/ok.expected",
            "status: 0\nexception: \nstdout:\nhi\n",
        );
        // Raises; the exception line matches.
        write(
            "conformance/cases/basics/raises.py",
            "echo partial; echo 'Traceback' >&2; echo 'ValueError: x' >&2; exit 1\n",
        );
        write(
            "conformance/cases/basics/raises.expected",
            "status: 1\nexception: ValueError: x\nstdout:\npartial\n",
        );
        // Wrong output, listed as failing in mode `on` only.
        write("conformance/cases/modules/nested/wrong.py", "echo bye\n");
        write(
            "conformance/cases/modules/nested/wrong.expected",
            "status: 0\nexception: \nstdout:\nhi\n",
        );
        // Hangs.
        write("conformance/cases/modules/slow.py", "exec sleep 10\n");
        write(
            "conformance/cases/modules/slow.expected",
            "status: 0\nexception: \nstdout:\n",
        );
        // Support module and a case without expectation.
        write("conformance/cases/modules/_support.py", "exit 9\n");
        write("conformance/cases/modules/unrecorded.py", "echo\n");
        write(
            "conformance/expected-failures.txt",
            "# test list\nmodules/nested/wrong@on: prints bye\nbasics/ok@eager: listed but passes\n",
        );

        let mut config = Config::new(&fake, &cases);
        config.modes = vec![Mode::On, Mode::Eager];
        config.jobs = 2;
        config.timeout = Duration::from_millis(500);
        let summary = run(&config);

        let filtered = {
            let mut config = config.clone();
            config.filter = Some("raises".to_string());
            run(&config)
        };
        let _ = fs::remove_dir_all(&root);

        let verdicts: Vec<(String, Verdict)> = summary
            .runs
            .iter()
            .map(|run| (run.label(), run.verdict()))
            .collect();
        let expected = [
            ("basics/ok@on", Verdict::Pass),
            ("basics/ok@eager", Verdict::UnexpectedPass),
            ("basics/raises@on", Verdict::Pass),
            ("basics/raises@eager", Verdict::Pass),
            ("modules/nested/wrong@on", Verdict::ExpectedFailure),
            ("modules/nested/wrong@eager", Verdict::UnexpectedFailure),
            ("modules/slow@on", Verdict::UnexpectedFailure),
            ("modules/slow@eager", Verdict::UnexpectedFailure),
        ];
        let expected: Vec<(String, Verdict)> = expected
            .iter()
            .map(|(label, verdict)| (label.to_string(), *verdict))
            .collect();
        assert_eq!(verdicts, expected);
        assert_eq!(summary.errors.len(), 1, "{:?}", summary.errors);
        assert!(summary.errors[0].contains("modules/unrecorded: no expectation recorded"));
        let report = summary.report();
        assert!(report.contains("timeout after 0.5s"), "{report}");
        assert!(report.contains("+bye"), "{report}");
        assert!(
            report.ends_with("1 expected failure, 1 error\n3 passed, 4 failed\n"),
            "{report}"
        );
        assert!(!summary.success());

        assert_eq!(filtered.runs.len(), 2);
        assert!(filtered.success(), "{}", filtered.report());
    }
}
