//! Comparing one run of a case with its recorded expectation, and rendering
//! the differences (including a short unified-style diff of stdout).
//!
//! The rules: stdout must match byte for byte; the exit status must match;
//! and when the expected status is non-zero, the last non-empty line of
//! stderr (trimmed) must equal the recorded `exception:` line.

use std::fmt;
use std::time::Duration;

use crate::exec::Execution;
use crate::expectation::Expectation;

/// Lines of unchanged context shown around each change in a diff.
const CONTEXT: usize = 2;

/// A diff is cut off after this many lines.
pub const MAX_DIFF_LINES: usize = 40;

/// Above this many cells (changed lines expected × actual) the diff falls
/// back to showing the changed region as a block removal plus insertion.
const MAX_LCS_CELLS: usize = 1 << 20;

/// One way in which a run differs from its expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The process could not be run at all.
    Launch(String),
    /// The process was killed after running for this long.
    Timeout(Duration),
    /// Stdout differs; `diff` is a rendered unified-style diff.
    Stdout {
        /// The 1-based number of the first line that differs.
        first_line: usize,
        /// A short diff, expected (`-`) against actual (`+`).
        diff: String,
    },
    /// The exit status differs.
    Status {
        /// The recorded status.
        expected: i32,
        /// egret's status.
        actual: i32,
    },
    /// The last non-empty stderr line differs from the recorded exception.
    Exception {
        /// The recorded exception line.
        expected: String,
        /// egret's last non-empty stderr line.
        actual: String,
    },
    /// Functions the case's `# jit-compiles:` header names were not
    /// compiled (the case would pass by staying interpreted).
    NotCompiled(Vec<String>),
}

impl Mismatch {
    /// A one-line description, used for progress output.
    pub fn headline(&self) -> String {
        match self {
            Mismatch::Launch(err) => format!("could not run: {err}"),
            Mismatch::Timeout(limit) => format!("timeout after {:.1}s", limit.as_secs_f64()),
            Mismatch::Stdout { first_line, .. } => {
                format!("stdout differs from line {first_line}")
            }
            Mismatch::Status { expected, actual } => {
                format!("status {actual}, expected {expected}")
            }
            Mismatch::Exception { expected, actual } => {
                format!("exception {actual:?}, expected {expected:?}")
            }
            Mismatch::NotCompiled(names) => {
                format!("not compiled: {}", names.join(", "))
            }
        }
    }
}

impl fmt::Display for Mismatch {
    /// The full description: the headline, plus the diff for stdout.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Stdout { first_line, diff } => {
                writeln!(f, "stdout differs (first difference at line {first_line}):")?;
                for line in diff.lines() {
                    writeln!(f, "    {line}")?;
                }
                Ok(())
            }
            Mismatch::Status { expected, actual } => {
                writeln!(f, "status: expected {expected}, got {actual}")
            }
            Mismatch::Exception { expected, actual } => {
                writeln!(f, "exception: expected {expected:?}")?;
                writeln!(f, "           got      {actual:?}")
            }
            other => writeln!(f, "{}", other.headline()),
        }
    }
}

/// Compares `actual` with `expected`, returning every mismatch (none means
/// the run passes). A timed-out run only reports the timeout.
pub fn compare(expected: &Expectation, actual: &Execution, timeout: Duration) -> Vec<Mismatch> {
    let Some(status) = actual.status else {
        return vec![Mismatch::Timeout(timeout)];
    };
    let mut mismatches = Vec::new();
    if actual.stdout != expected.stdout {
        let (first_line, diff) = diff(&expected.stdout, &actual.stdout);
        mismatches.push(Mismatch::Stdout { first_line, diff });
    }
    if status != expected.status {
        mismatches.push(Mismatch::Status {
            expected: expected.status,
            actual: status,
        });
    }
    if expected.status != 0 {
        let exception = last_nonempty_line(&actual.stderr);
        if exception != expected.exception {
            mismatches.push(Mismatch::Exception {
                expected: expected.exception.clone(),
                actual: exception,
            });
        }
    }
    mismatches
}

/// The last line of `stderr` that is not blank, trimmed; empty if none.
/// (This is how `record.py` derives the `exception:` line.)
pub fn last_nonempty_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .unwrap_or("")
        .to_string()
}

/// The last `count` non-blank lines of `stderr`, for failure details.
pub fn stderr_tail(stderr: &[u8], count: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..]
        .iter()
        .map(|line| visible(line))
        .collect()
}

/// One step of an edit script: indices into the expected (`a`) and actual
/// (`b`) line lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `a[i] == b[j]`.
    Equal(usize, usize),
    /// `a[i]` was removed; `j` is the position in `b`.
    Delete(usize, usize),
    /// `b[j]` was inserted; `i` is the position in `a`.
    Insert(usize, usize),
}

impl Op {
    fn positions(self) -> (usize, usize) {
        match self {
            Op::Equal(i, j) | Op::Delete(i, j) | Op::Insert(i, j) => (i, j),
        }
    }
}

/// Diffs two outputs line by line. Returns the 1-based number of the first
/// differing line and a unified-style diff (`-` expected, `+` actual) with a
/// little context, cut off after [`MAX_DIFF_LINES`] lines.
pub fn diff(expected: &[u8], actual: &[u8]) -> (usize, String) {
    let a: Vec<&[u8]> = expected.split_inclusive(|&b| b == b'\n').collect();
    let b: Vec<&[u8]> = actual.split_inclusive(|&b| b == b'\n').collect();
    let ops = edit_script(&a, &b);

    let changes: Vec<usize> = (0..ops.len())
        .filter(|&k| !matches!(ops[k], Op::Equal(..)))
        .collect();
    let Some(&first_change) = changes.first() else {
        return (0, String::new());
    };
    let first_line = ops[first_change].positions().0 + 1;

    // Group changes whose unchanged gap is small enough to share context.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &k in &changes {
        match hunks.last_mut() {
            Some((_, end)) if k - *end <= 2 * CONTEXT + 1 => *end = k,
            _ => hunks.push((k, k)),
        }
    }

    let mut out = vec![
        "--- expected (CPython)".to_string(),
        "+++ actual (egret)".to_string(),
    ];
    for (first, last) in hunks {
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT + 1).min(ops.len());
        let (a_start, b_start) = ops[lo].positions();
        let a_len = ops[lo..hi]
            .iter()
            .filter(|op| !matches!(op, Op::Insert(..)))
            .count();
        let b_len = ops[lo..hi]
            .iter()
            .filter(|op| !matches!(op, Op::Delete(..)))
            .count();
        // As in `diff -u`, an empty range names the line before it.
        let a_from = if a_len == 0 { a_start } else { a_start + 1 };
        let b_from = if b_len == 0 { b_start } else { b_start + 1 };
        out.push(format!("@@ -{a_from},{a_len} +{b_from},{b_len} @@"));
        for op in &ops[lo..hi] {
            let (sign, line) = match *op {
                Op::Equal(i, _) => (' ', a[i]),
                Op::Delete(i, _) => ('-', a[i]),
                Op::Insert(_, j) => ('+', b[j]),
            };
            let text = String::from_utf8_lossy(line);
            match text.strip_suffix('\n') {
                Some(text) => out.push(format!("{sign}{}", visible(text))),
                None => {
                    out.push(format!("{sign}{}", visible(&text)));
                    out.push("\\ No newline at end of file".to_string());
                }
            }
        }
    }
    if out.len() > MAX_DIFF_LINES {
        let hidden = out.len() - MAX_DIFF_LINES;
        out.truncate(MAX_DIFF_LINES);
        out.push(format!("... ({hidden} more diff lines)"));
    }
    (first_line, out.join("\n"))
}

/// Builds an edit script turning `a` into `b`: common prefix and suffix are
/// matched directly, the middle with a longest-common-subsequence table when
/// it is small enough (otherwise as one removal plus one insertion).
fn edit_script(a: &[&[u8]], b: &[&[u8]]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);

    let mut ops: Vec<Op> = (0..prefix).map(|k| Op::Equal(k, k)).collect();
    if a_mid.len().saturating_mul(b_mid.len()) <= MAX_LCS_CELLS {
        let (n, m) = (a_mid.len(), b_mid.len());
        // lcs[i * (m + 1) + j] = length of the LCS of a_mid[i..] and b_mid[j..].
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if a_mid[i] == b_mid[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            let (ai, bj) = (prefix + i, prefix + j);
            if i < n && j < m && a_mid[i] == b_mid[j] {
                ops.push(Op::Equal(ai, bj));
                i += 1;
                j += 1;
            } else if j == m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                ops.push(Op::Delete(ai, bj));
                i += 1;
            } else {
                ops.push(Op::Insert(ai, bj));
                j += 1;
            }
        }
    } else {
        let b_at = prefix;
        ops.extend((0..a_mid.len()).map(|i| Op::Delete(prefix + i, b_at)));
        let a_end = prefix + a_mid.len();
        ops.extend((0..b_mid.len()).map(|j| Op::Insert(a_end, prefix + j)));
    }
    let (a_tail, b_tail) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Equal(a_tail + k, b_tail + k)));
    ops
}

/// Makes control characters (other than the line break) visible, so that
/// lines differing only in `\r` or `\t` are distinguishable in a report.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expectation(status: i32, exception: &str, stdout: &str) -> Expectation {
        Expectation {
            status,
            exception: exception.to_string(),
            stdout: stdout.as_bytes().to_vec(),
        }
    }

    fn execution(status: Option<i32>, stdout: &str, stderr: &str) -> Execution {
        Execution {
            status,
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
            ..Execution::default()
        }
    }

    const LIMIT: Duration = Duration::from_secs(30);

    #[test]
    fn matching_successful_run_passes() {
        let expected = expectation(0, "", "1\n2\n");
        // Stderr is irrelevant when the expected status is 0.
        let actual = execution(Some(0), "1\n2\n", "warning: something\n");
        assert_eq!(compare(&expected, &actual, LIMIT), vec![]);
    }

    #[test]
    fn matching_failing_run_passes() {
        let expected = expectation(1, "ValueError: bad", "partial\n");
        let actual = execution(
            Some(1),
            "partial\n",
            "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad  \n\n",
        );
        assert_eq!(compare(&expected, &actual, LIMIT), vec![]);
    }

    #[test]
    fn stdout_must_match_exactly() {
        let expected = expectation(0, "", "a\nb\n");
        for stdout in ["a\nc\n", "a\nb", "a\nb\n\n", "a\r\nb\n", ""] {
            let result = compare(&expected, &execution(Some(0), stdout, ""), LIMIT);
            assert!(
                matches!(result.as_slice(), [Mismatch::Stdout { .. }]),
                "{stdout:?}: {result:?}"
            );
        }
    }

    #[test]
    fn status_must_match() {
        let expected = expectation(0, "", "x\n");
        let result = compare(&expected, &execution(Some(101), "x\n", "panicked"), LIMIT);
        assert_eq!(
            result,
            vec![Mismatch::Status {
                expected: 0,
                actual: 101
            }]
        );
    }

    #[test]
    fn exception_must_match_when_failure_expected() {
        let expected = expectation(1, "KeyError: 'k'", "");
        let result = compare(
            &expected,
            &execution(Some(1), "", "Traceback...\nKeyError: 'j'\n"),
            LIMIT,
        );
        assert_eq!(
            result,
            vec![Mismatch::Exception {
                expected: "KeyError: 'k'".to_string(),
                actual: "KeyError: 'j'".to_string(),
            }]
        );

        // Exiting cleanly instead of raising reports both problems.
        let result = compare(&expected, &execution(Some(0), "", ""), LIMIT);
        assert_eq!(result.len(), 2, "{result:?}");
    }

    #[test]
    fn timeout_is_reported_alone() {
        let expected = expectation(0, "", "x\n");
        let result = compare(&expected, &execution(None, "", ""), LIMIT);
        assert_eq!(result, vec![Mismatch::Timeout(LIMIT)]);
    }

    #[test]
    fn last_line_of_stderr() {
        assert_eq!(last_nonempty_line(b""), "");
        assert_eq!(last_nonempty_line(b"\n \n"), "");
        assert_eq!(last_nonempty_line(b"a\nb\n\n  \n"), "b");
        assert_eq!(last_nonempty_line(b"a\n  SystemExit: 3  "), "SystemExit: 3");
    }

    #[test]
    fn stderr_tail_keeps_last_lines() {
        assert_eq!(stderr_tail(b"1\n2\n\n3\n4\n", 3), ["2", "3", "4"]);
        assert_eq!(stderr_tail(b"only\n", 3), ["only"]);
        assert!(stderr_tail(b"", 3).is_empty());
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let (first, text) = diff(b"1\n2\n3\n4\n5\n6\n7\n8\n", b"1\n2\n3\n4\nfive\n6\n7\n8\n");
        assert_eq!(first, 5);
        let expected = "\
--- expected (CPython)
+++ actual (egret)
@@ -3,5 +3,5 @@
 3
 4
-5
+five
 6
 7";
        assert_eq!(text, expected);
    }

    #[test]
    fn diff_handles_insertions_deletions_and_missing_newline() {
        let (first, text) = diff(b"a\nb\nc", b"a\nc\nd\n");
        assert_eq!(first, 2);
        let expected = "\
--- expected (CPython)
+++ actual (egret)
@@ -1,3 +1,3 @@
 a
-b
-c
\\ No newline at end of file
+c
+d";
        assert_eq!(text, expected);

        let (first, text) = diff(b"", b"x\n");
        assert_eq!(first, 1);
        assert!(text.ends_with("@@ -0,0 +1,1 @@\n+x"), "{text}");
    }

    #[test]
    fn diff_separates_distant_hunks_and_is_bounded() {
        let a: String = (0..100).map(|i| format!("{i}\n")).collect();
        let b = a.replace("10\n", "ten\n").replace("90\n", "ninety\n");
        let (first, text) = diff(a.as_bytes(), b.as_bytes());
        assert_eq!(first, 11);
        assert_eq!(text.matches("@@").count(), 4, "{text}");

        let long: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let (first, text) = diff(long.as_bytes(), b"");
        assert_eq!(first, 1);
        assert_eq!(text.lines().count(), MAX_DIFF_LINES + 1);
        assert!(text.ends_with("more diff lines)"));
    }

    #[test]
    fn control_characters_are_visible() {
        let (_, text) = diff(b"a\n", b"a\r\n");
        assert!(text.contains("+a\\r"), "{text}");
    }
}
