//! The egret conformance runner: runs every case under `conformance/cases`
//! with the `egret` binary in each JIT mode and compares the behaviour with
//! the CPython 3.11 expectation recorded next to the case.
//!
//! This crate root owns the [`Mode`] type and ties the pieces together; the
//! work is split into modules:
//!
//! * [`case`] — discovering cases and deriving their ids and areas,
//! * [`expectation`] — parsing `<case>.expected` files,
//! * [`xfail`] — parsing `conformance/expected-failures.txt`,
//! * [`exec`] — running one process with captured output and a timeout,
//! * [`compare`] — comparing a run with its expectation (and diffing stdout),
//! * [`runner`] — [`Config`] and [`run`], the parallel driver,
//! * [`report`] — [`Summary`], per-run results and the textual report.
//!
//! Typical use (this is what the `egret-conformance` binary and egret's
//! `conformance_suite` integration test do):
//!
//! ```no_run
//! use egret_conformance::{Config, run};
//!
//! let config = Config::new("target/debug/egret", "conformance/cases");
//! let summary = run(&config);
//! print!("{}", summary.report());
//! assert!(summary.success());
//! ```

pub mod case;
pub mod compare;
pub mod exec;
pub mod expectation;
pub mod report;
pub mod runner;
pub mod xfail;

use std::fmt;
use std::str::FromStr;

pub use case::Case;
pub use compare::Mismatch;
pub use expectation::Expectation;
pub use report::{Failure, Outcome, RunResult, Summary, Verdict};
pub use runner::{Config, DEFAULT_TIMEOUT, default_jobs, find_root, run};
pub use xfail::{ExpectedFailure, ExpectedFailures};

/// An execution mode of egret, selected with `--jit=<mode>`.
///
/// The derived ordering (`Off < On < Eager`) is the order used in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Interpreter only.
    Off,
    /// Interpreter with the JIT compiling hot code.
    On,
    /// Everything is JIT-compiled before it first runs.
    Eager,
}

impl Mode {
    /// Every mode, in report order.
    pub const ALL: [Mode; 3] = [Mode::Off, Mode::On, Mode::Eager];

    /// The name used on the command line and in reports (`off`, `on`, `eager`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::On => "on",
            Mode::Eager => "eager",
        }
    }

    /// Parses a comma-separated list of modes such as `off,eager`.
    ///
    /// Whitespace around names is ignored and duplicates are dropped; the
    /// result is in report order. An empty list is an error.
    pub fn parse_list(list: &str) -> Result<Vec<Mode>, String> {
        let mut modes = Vec::new();
        for name in list.split(',') {
            let mode: Mode = name.trim().parse()?;
            if !modes.contains(&mode) {
                modes.push(mode);
            }
        }
        modes.sort();
        Ok(modes)
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(name: &str) -> Result<Mode, String> {
        Mode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == name)
            .ok_or_else(|| format!("unknown mode {name:?} (expected off, on or eager)"))
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_names_round_trip() {
        for mode in Mode::ALL {
            assert_eq!(mode.as_str().parse::<Mode>(), Ok(mode));
            assert_eq!(mode.to_string(), mode.as_str());
        }
        assert!("ON".parse::<Mode>().is_err());
        assert!("".parse::<Mode>().is_err());
    }

    #[test]
    fn mode_lists() {
        assert_eq!(Mode::parse_list("off,on,eager"), Ok(Mode::ALL.to_vec()));
        assert_eq!(
            Mode::parse_list(" eager , off,eager"),
            Ok(vec![Mode::Off, Mode::Eager])
        );
        assert!(Mode::parse_list("").is_err());
        assert!(Mode::parse_list("off,,on").is_err());
        assert!(Mode::parse_list("off,fast").is_err());
    }
}
