//! The `egret-conformance` command: parses the command line into a
//! [`Config`], runs the suite and prints the report. Exits 0 if everything
//! behaved as expected, 1 otherwise, 2 on a usage error.

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use egret_conformance::{Config, DEFAULT_TIMEOUT, Mode, find_root, run};

const USAGE: &str = "\
usage: egret-conformance [OPTIONS] [FILTER]

Runs every conformance case under conformance/cases with egret in each JIT
mode and compares stdout, exit status and exception line with the CPython
3.11 expectation recorded in <case>.expected.

arguments:
  FILTER              only run cases whose id contains this substring

options:
  --egret PATH        the egret binary (default: <root>/target/debug/egret)
  --runner \"CMD ARGS\" run egret under this command, e.g. \"qemu-riscv64 -L /x\"
  --mode LIST         comma-separated modes: off, on, eager (default: all)
  --jobs N            cases run in parallel (default: available cores)
  --cases DIR         the cases directory (default: <root>/conformance/cases)
  --xfail FILE        expected failures (default: <root>/conformance/expected-failures.txt)
  --timeout SECS      per-run time limit (default: 30)
  -v, --verbose       a line per run; list expected failures in the report
  -h, --help          print this help

<root> is the nearest directory above the current one that contains
conformance/cases. Exit status: 0 if every run behaved as expected, 1 if
there were unexpected failures, unexpected passes or errors, 2 on bad usage.
";

/// What the command line asked for.
enum Request {
    Help,
    Run(Config),
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Request::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Request::Run(config)) => {
            let summary = run(&config);
            print!("\n{}", summary.report());
            if summary.success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            eprintln!("egret-conformance: {err}");
            eprintln!("run `egret-conformance --help` for usage");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments (without the program name) into a request.
fn parse_args(args: &[String]) -> Result<Request, String> {
    let mut egret: Option<PathBuf> = None;
    let mut runner: Vec<String> = Vec::new();
    let mut modes: Option<Vec<Mode>> = None;
    let mut jobs: Option<usize> = None;
    let mut cases: Option<PathBuf> = None;
    let mut xfail: Option<PathBuf> = None;
    let mut timeout = DEFAULT_TIMEOUT;
    let mut verbose = false;
    let mut filter: Option<String> = None;

    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        // Accept both `--opt value` and `--opt=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || -> Result<String, String> {
            match &inline {
                Some(value) => Ok(value.clone()),
                None => rest
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match name {
            "-h" | "--help" => return Ok(Request::Help),
            "-v" | "--verbose" => verbose = true,
            "--egret" => egret = Some(PathBuf::from(value()?)),
            "--runner" => runner = value()?.split_whitespace().map(String::from).collect(),
            "--mode" | "--modes" => modes = Some(Mode::parse_list(&value()?)?),
            "--jobs" | "-j" => {
                let text = value()?;
                let n = text
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--jobs needs a positive integer, got {text:?}"))?;
                jobs = Some(n);
            }
            "--cases" => cases = Some(PathBuf::from(value()?)),
            "--xfail" => xfail = Some(PathBuf::from(value()?)),
            "--timeout" => {
                let text = value()?;
                let secs = text
                    .parse::<f64>()
                    .ok()
                    .filter(|secs| secs.is_finite() && *secs > 0.0)
                    .ok_or_else(|| format!("--timeout needs a positive number, got {text:?}"))?;
                timeout = Duration::from_secs_f64(secs);
            }
            _ if name.starts_with('-') && name.len() > 1 => {
                return Err(format!("unknown option {arg:?}"));
            }
            _ => {
                if filter.is_some() {
                    return Err(format!("unexpected extra argument {arg:?}"));
                }
                filter = Some(arg.clone());
            }
        }
    }

    // Only look for the workspace root if some default needs it.
    let root = if egret.is_none() || cases.is_none() || xfail.is_none() {
        let here = env::current_dir()
            .map_err(|err| format!("cannot determine the current directory: {err}"))?;
        Some(find_root(&here).ok_or_else(|| {
            "not inside the egret workspace (no conformance/cases above the current \
             directory); pass --egret, --cases and --xfail"
                .to_string()
        })?)
    } else {
        None
    };
    let mut config = match &root {
        Some(root) => Config::for_root(root),
        None => Config::new(PathBuf::new(), PathBuf::new()),
    };
    if let Some(egret) = egret {
        config.egret = egret;
    }
    if let Some(cases) = cases {
        config.expected_failures = default_xfail_for(&cases);
        config.cases_dir = cases;
    }
    if let Some(xfail) = xfail {
        if !xfail.exists() {
            return Err(format!("--xfail: no such file {}", xfail.display()));
        }
        config.expected_failures = xfail;
    }
    if let Some(modes) = modes {
        config.modes = modes;
    }
    if let Some(jobs) = jobs {
        config.jobs = jobs;
    }
    config.runner = runner;
    config.timeout = timeout;
    config.verbose = verbose;
    config.filter = filter;
    Ok(Request::Run(config))
}

/// The expected-failures file that belongs with a cases directory:
/// `<cases>/../expected-failures.txt`.
fn default_xfail_for(cases: &Path) -> PathBuf {
    cases
        .parent()
        .unwrap_or(cases)
        .join("expected-failures.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
        match parse_args(&args)? {
            Request::Run(config) => Ok(config),
            Request::Help => Err("help".to_string()),
        }
    }

    /// Options that make the parse independent of the current directory.
    const FIXED: [&str; 6] = [
        "--egret",
        "/e",
        "--cases",
        "/c/cases",
        "--xfail",
        "/dev/null",
    ];

    #[test]
    fn full_command_line() {
        let mut args = FIXED.to_vec();
        args.extend([
            "--runner",
            "qemu-x -L /sys",
            "--mode=off,eager",
            "--jobs",
            "3",
            "--timeout",
            "2.5",
            "-v",
            "basics/",
        ]);
        let config = parse(&args).expect("valid command line");
        assert_eq!(config.egret, PathBuf::from("/e"));
        assert_eq!(config.cases_dir, PathBuf::from("/c/cases"));
        assert_eq!(config.expected_failures, PathBuf::from("/dev/null"));
        assert_eq!(config.runner, ["qemu-x", "-L", "/sys"]);
        assert_eq!(config.modes, [Mode::Off, Mode::Eager]);
        assert_eq!(config.jobs, 3);
        assert_eq!(config.timeout, Duration::from_millis(2500));
        assert!(config.verbose);
        assert_eq!(config.filter.as_deref(), Some("basics/"));
    }

    #[test]
    fn bad_command_lines() {
        for extra in [
            &["--jobs", "0"][..],
            &["--jobs"],
            &["--timeout", "-1"],
            &["--mode", "fast"],
            &["--frobnicate"],
            &["one", "two"],
        ] {
            let mut args = FIXED.to_vec();
            args.extend(extra);
            assert!(parse(&args).is_err(), "{extra:?} should be rejected");
        }
    }

    #[test]
    fn help() {
        assert!(matches!(
            parse_args(&["--help".to_string()]),
            Ok(Request::Help)
        ));
    }

    #[test]
    fn xfail_defaults_next_to_cases() {
        assert_eq!(
            default_xfail_for(Path::new("/w/conformance/cases")),
            PathBuf::from("/w/conformance/expected-failures.txt")
        );
    }
}
