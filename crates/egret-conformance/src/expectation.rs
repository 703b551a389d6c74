//! Parsing of recorded expectations (`<case>.expected`).
//!
//! The format, written by `conformance/record.py` from a CPython 3.11 run:
//!
//! ```text
//! status: <exit code>
//! exception: <last non-empty line of stderr when status != 0, else empty>
//! stdout:
//! <stdout verbatim to end of file>
//! ```
//!
//! The stdout section is raw bytes and is compared byte for byte.

use std::fs;
use std::path::Path;

/// What CPython did when it ran a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// The exit status (negative for death by signal, as CPython reports it).
    pub status: i32,
    /// The last non-empty line of stderr, trimmed, if `status != 0`;
    /// otherwise empty.
    pub exception: String,
    /// Everything the case wrote to stdout.
    pub stdout: Vec<u8>,
}

impl Expectation {
    /// Reads and parses an expectation file. Errors name the file.
    pub fn load(path: &Path) -> Result<Expectation, String> {
        let bytes = fs::read(path).map_err(|err| format!("{}: {err}", path.display()))?;
        Expectation::parse(&bytes).map_err(|err| format!("{}: {err}", path.display()))
    }

    /// Parses the contents of an expectation file.
    pub fn parse(bytes: &[u8]) -> Result<Expectation, String> {
        let (status_line, rest) = header_line(bytes, 1)?;
        let status = field(status_line, "status", 1)?;
        let status = status
            .parse::<i32>()
            .map_err(|_| format!("line 1: status {status:?} is not an integer"))?;

        let (exception_line, rest) = header_line(rest, 2)?;
        let exception = field(exception_line, "exception", 2)?.to_string();

        let (stdout_line, stdout) = header_line(rest, 3)?;
        if stdout_line.trim_end() != "stdout:" {
            return Err(format!(
                "line 3: expected \"stdout:\", found {stdout_line:?}"
            ));
        }
        Ok(Expectation {
            status,
            exception,
            stdout: stdout.to_vec(),
        })
    }
}

/// Splits the first `\n`-terminated line off `bytes`, requiring it to be
/// UTF-8. `number` is the 1-based line number, for error messages.
fn header_line(bytes: &[u8], number: usize) -> Result<(&str, &[u8]), String> {
    let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
        return Err(format!(
            "line {number}: missing (the header is status, exception and stdout lines)"
        ));
    };
    let line = std::str::from_utf8(&bytes[..end])
        .map_err(|_| format!("line {number}: not valid UTF-8"))?;
    Ok((line, &bytes[end + 1..]))
}

/// Returns the trimmed value of a `name: value` header line.
fn field<'a>(line: &'a str, name: &str, number: usize) -> Result<&'a str, String> {
    line.strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::trim)
        .ok_or_else(|| format!("line {number}: expected \"{name}: ...\", found {line:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successful_run() {
        let parsed = Expectation::parse(b"status: 0\nexception: \nstdout:\n1\n2\n");
        assert_eq!(
            parsed,
            Ok(Expectation {
                status: 0,
                exception: String::new(),
                stdout: b"1\n2\n".to_vec(),
            })
        );
    }

    #[test]
    fn failing_run() {
        let parsed = Expectation::parse(
            b"status: 1\nexception: ZeroDivisionError: division by zero\nstdout:\nbefore\n",
        );
        assert_eq!(
            parsed,
            Ok(Expectation {
                status: 1,
                exception: "ZeroDivisionError: division by zero".to_string(),
                stdout: b"before\n".to_vec(),
            })
        );
    }

    #[test]
    fn stdout_is_verbatim() {
        // No trailing newline, blank lines, non-UTF-8 bytes and lines that
        // look like headers all survive untouched.
        let parsed =
            Expectation::parse(b"status: -11\nexception:\nstdout:\n\nstatus: 0\n\xff\xfe  x")
                .expect("valid expectation");
        assert_eq!(parsed.status, -11);
        assert_eq!(parsed.exception, "");
        assert_eq!(parsed.stdout, b"\nstatus: 0\n\xff\xfe  x");

        let empty = Expectation::parse(b"status: 0\nexception: \nstdout:\n").expect("valid");
        assert!(empty.stdout.is_empty());
    }

    #[test]
    fn malformed_files() {
        for bad in [
            &b""[..],
            b"status: 0\n",
            b"status: 0\nexception: \n",
            b"status: 0\nexception: \nstdout:",
            b"status: zero\nexception: \nstdout:\n",
            b"exit: 0\nexception: \nstdout:\n",
            b"status: 0\nstdout:\nexception: \n",
            b"status: 0\nexception: \nout:\n",
            b"status: 0\nexception: \xff\nstdout:\n",
        ] {
            assert!(
                Expectation::parse(bad).is_err(),
                "{:?} should be rejected",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn errors_name_the_line() {
        let err = Expectation::parse(b"status: 0\nexceptions: x\nstdout:\n");
        assert!(matches!(err, Err(msg) if msg.starts_with("line 2:")));
    }
}
