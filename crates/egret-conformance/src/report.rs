//! Results of a conformance run and their textual report.
//!
//! Every case runs once per mode; each such run is a [`RunResult`] whose
//! [`Verdict`] combines its [`Outcome`] with the expected-failures list. The
//! [`Summary`] collects all runs plus the errors found before running
//! (malformed or missing expectations, bad expected-failures lines, ...) and
//! renders the report: a per-area table, the details of every unexpected
//! failure, the unexpected passes, the errors, and the final
//! `N passed, M failed` line.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::time::Duration;

use crate::Mode;
use crate::compare::Mismatch;

/// Why a run failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Every way the run differs from the expectation (never empty).
    pub mismatches: Vec<Mismatch>,
    /// The last few non-blank lines of egret's stderr, for context.
    pub stderr_tail: Vec<String>,
    /// Whether egret's output was longer than the capture limit.
    pub truncated: bool,
}

/// The result of comparing one run with its expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Behaved exactly like CPython.
    Pass,
    /// Differed from CPython.
    Fail(Failure),
}

/// A run's outcome judged against `expected-failures.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Passed, and was not listed.
    Pass,
    /// Failed, and was listed: fine for now.
    ExpectedFailure,
    /// Failed but was not listed: a regression or a new case to fix.
    UnexpectedFailure,
    /// Passed although listed: the entry should be removed.
    UnexpectedPass,
}

impl Verdict {
    /// Whether this verdict makes the run unsuccessful.
    pub fn is_problem(self) -> bool {
        matches!(self, Verdict::UnexpectedFailure | Verdict::UnexpectedPass)
    }
}

/// One case run in one mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// The case id, e.g. `basics/int_arith`.
    pub case_id: String,
    /// The case's area, e.g. `basics`.
    pub area: String,
    /// The mode it ran in.
    pub mode: Mode,
    /// How it compared with the expectation.
    pub outcome: Outcome,
    /// The reason from `expected-failures.txt`, if it is listed for this mode.
    pub expected_failure: Option<String>,
    /// How long the run took.
    pub elapsed: Duration,
    /// A shell command reproducing the run.
    pub command: String,
}

impl RunResult {
    /// The verdict: the outcome judged against the expected-failures list.
    pub fn verdict(&self) -> Verdict {
        match (&self.outcome, self.expected_failure.is_some()) {
            (Outcome::Pass, false) => Verdict::Pass,
            (Outcome::Pass, true) => Verdict::UnexpectedPass,
            (Outcome::Fail(_), true) => Verdict::ExpectedFailure,
            (Outcome::Fail(_), false) => Verdict::UnexpectedFailure,
        }
    }

    /// `case-id@mode`, the name of this run in reports.
    pub fn label(&self) -> String {
        format!("{}@{}", self.case_id, self.mode)
    }

    /// A one-line description of what went wrong, or `"ok"`.
    pub fn headline(&self) -> String {
        match &self.outcome {
            Outcome::Pass => "ok".to_string(),
            Outcome::Fail(failure) => failure
                .mismatches
                .iter()
                .map(Mismatch::headline)
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// Everything a conformance run found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every case × mode run, sorted by case id then mode.
    pub runs: Vec<RunResult>,
    /// Problems found outside the runs themselves: cases without (or with
    /// malformed) expectations, bad expected-failures lines, entries naming
    /// unknown cases, no cases at all, a missing egret binary...
    pub errors: Vec<String>,
    /// Whether the report also lists the expected failures with reasons.
    pub verbose: bool,
}

impl Summary {
    /// Number of runs with the given verdict.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.runs
            .iter()
            .filter(|run| run.verdict() == verdict)
            .count()
    }

    /// Runs that passed and were not listed as expected failures.
    pub fn passed(&self) -> usize {
        self.count(Verdict::Pass)
    }

    /// Unexpected failures plus unexpected passes.
    pub fn failed(&self) -> usize {
        self.runs
            .iter()
            .filter(|run| run.verdict().is_problem())
            .count()
    }

    /// Runs that failed as listed in `expected-failures.txt`.
    pub fn expected_failures(&self) -> usize {
        self.count(Verdict::ExpectedFailure)
    }

    /// True if nothing unexpected happened and there were no errors.
    pub fn success(&self) -> bool {
        self.failed() == 0 && self.errors.is_empty()
    }

    /// The full report; its last line is exactly `N passed, M failed`.
    pub fn report(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_report(&mut out);
        out
    }

    /// Writes the report (see [`Summary::report`]) to `out`.
    fn write_report(&self, out: &mut String) -> fmt::Result {
        if !self.runs.is_empty() {
            self.write_table(out)?;
        }

        let failures: Vec<&RunResult> = self
            .runs
            .iter()
            .filter(|run| run.verdict() == Verdict::UnexpectedFailure)
            .collect();
        if !failures.is_empty() {
            writeln!(out, "\nunexpected failures:")?;
            for run in failures {
                write_failure(out, run)?;
            }
        }

        let passes: Vec<&RunResult> = self
            .runs
            .iter()
            .filter(|run| run.verdict() == Verdict::UnexpectedPass)
            .collect();
        if !passes.is_empty() {
            writeln!(out, "\nunexpected passes:")?;
            for run in passes {
                writeln!(
                    out,
                    "  {} passes but is listed in expected-failures.txt: remove it",
                    run.label()
                )?;
            }
        }

        if self.verbose {
            let listed: Vec<&RunResult> = self
                .runs
                .iter()
                .filter(|run| run.verdict() == Verdict::ExpectedFailure)
                .collect();
            if !listed.is_empty() {
                writeln!(out, "\nexpected failures:")?;
                for run in listed {
                    let reason = run.expected_failure.as_deref().unwrap_or("");
                    writeln!(out, "  {}: {reason}", run.label())?;
                    writeln!(out, "      {}", run.headline())?;
                }
            }
        }

        if !self.errors.is_empty() {
            writeln!(out, "\nerrors:")?;
            for error in &self.errors {
                writeln!(out, "  {error}")?;
            }
        }

        writeln!(out)?;
        let expected = self.expected_failures();
        write!(
            out,
            "{expected} expected {}",
            plural(expected, "failure", "failures")
        )?;
        if !self.errors.is_empty() {
            let errors = self.errors.len();
            write!(out, ", {errors} {}", plural(errors, "error", "errors"))?;
        }
        writeln!(out)?;
        writeln!(out, "{} passed, {} failed", self.passed(), self.failed())
    }

    /// Writes the `area mode passed failed xfail` table, with a total row.
    fn write_table(&self, out: &mut String) -> fmt::Result {
        // (area, mode) -> [passed, failed, xfail]
        let mut rows: BTreeMap<(&str, Mode), [usize; 3]> = BTreeMap::new();
        let mut total = [0usize; 3];
        for run in &self.runs {
            let column = match run.verdict() {
                Verdict::Pass => 0,
                Verdict::UnexpectedFailure | Verdict::UnexpectedPass => 1,
                Verdict::ExpectedFailure => 2,
            };
            rows.entry((run.area.as_str(), run.mode)).or_default()[column] += 1;
            total[column] += 1;
        }
        let area_width = rows
            .keys()
            .map(|(area, _)| area.len())
            .chain(["area".len(), "total".len()])
            .max()
            .unwrap_or(0);
        let mode_width = "eager".len();
        writeln!(
            out,
            "{:area_width$}  {:mode_width$}  {:>6}  {:>6}  {:>6}",
            "area", "mode", "passed", "failed", "xfail"
        )?;
        for ((area, mode), [passed, failed, xfail]) in &rows {
            writeln!(
                out,
                "{area:area_width$}  {mode:mode_width$}  {passed:>6}  {failed:>6}  {xfail:>6}"
            )?;
        }
        let [passed, failed, xfail] = total;
        writeln!(
            out,
            "{:area_width$}  {:mode_width$}  {passed:>6}  {failed:>6}  {xfail:>6}",
            "total", ""
        )
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report())
    }
}

/// Writes the details of one unexpected failure.
fn write_failure(out: &mut String, run: &RunResult) -> fmt::Result {
    writeln!(
        out,
        "\nFAIL {} ({:.2}s)",
        run.label(),
        run.elapsed.as_secs_f64()
    )?;
    if let Outcome::Fail(failure) = &run.outcome {
        for mismatch in &failure.mismatches {
            for line in mismatch.to_string().lines() {
                writeln!(out, "  {line}")?;
            }
        }
        if failure.truncated {
            writeln!(out, "  (output was truncated at the capture limit)")?;
        }
        if !failure.stderr_tail.is_empty() {
            writeln!(out, "  stderr (last lines):")?;
            for line in &failure.stderr_tail {
                writeln!(out, "    | {line}")?;
            }
        }
    }
    writeln!(out, "  reproduce: {}", run.command)
}

/// Picks the singular or plural noun for `count`.
fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(case_id: &str, mode: Mode, pass: bool, listed: bool) -> RunResult {
        let outcome = if pass {
            Outcome::Pass
        } else {
            Outcome::Fail(Failure {
                mismatches: vec![Mismatch::Status {
                    expected: 0,
                    actual: 1,
                }],
                stderr_tail: vec!["Error: boom".to_string()],
                truncated: false,
            })
        };
        RunResult {
            case_id: case_id.to_string(),
            area: case_id.split('/').next().unwrap_or("").to_string(),
            mode,
            outcome,
            expected_failure: listed.then(|| "known".to_string()),
            elapsed: Duration::from_millis(5),
            command: format!("egret --jit={mode} x.py"),
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(run("a/x", Mode::Off, true, false).verdict(), Verdict::Pass);
        assert_eq!(
            run("a/x", Mode::Off, true, true).verdict(),
            Verdict::UnexpectedPass
        );
        assert_eq!(
            run("a/x", Mode::Off, false, true).verdict(),
            Verdict::ExpectedFailure
        );
        assert_eq!(
            run("a/x", Mode::Off, false, false).verdict(),
            Verdict::UnexpectedFailure
        );
    }

    #[test]
    fn counts_and_success() {
        let mut summary = Summary {
            runs: vec![
                run("basics/a", Mode::Off, true, false),
                run("basics/a", Mode::On, true, false),
                run("basics/b", Mode::Off, false, true),
                run("modules/c", Mode::Off, true, false),
            ],
            ..Summary::default()
        };
        assert_eq!(summary.passed(), 3);
        assert_eq!(summary.failed(), 0);
        assert_eq!(summary.expected_failures(), 1);
        assert!(summary.success());
        let report = summary.report();
        assert!(
            report.ends_with("\n1 expected failure\n3 passed, 0 failed\n"),
            "{report}"
        );

        summary
            .errors
            .push("modules/d: no expectation recorded".to_string());
        assert!(!summary.success());
        assert!(summary.report().contains("1 expected failure, 1 error\n"));
    }

    #[test]
    fn report_lists_problems() {
        let summary = Summary {
            runs: vec![
                run("basics/a", Mode::Off, false, false),
                run("basics/a", Mode::Eager, true, true),
                run("generators/long_area_name", Mode::On, true, false),
            ],
            ..Summary::default()
        };
        assert_eq!(summary.failed(), 2);
        assert!(!summary.success());
        let report = summary.report();
        let expected_table = "\
area        mode   passed  failed   xfail
basics      off         0       1       0
basics      eager       0       1       0
generators  on          1       0       0
total                   1       2       0
";
        assert!(report.starts_with(expected_table), "{report}");
        assert!(report.contains("FAIL basics/a@off"));
        assert!(report.contains("status: expected 0, got 1"));
        assert!(report.contains("    | Error: boom"));
        assert!(
            report.contains(
                "basics/a@eager passes but is listed in expected-failures.txt: remove it"
            )
        );
        assert!(
            report.ends_with("\n0 expected failures\n1 passed, 2 failed\n"),
            "{report}"
        );
    }
}
