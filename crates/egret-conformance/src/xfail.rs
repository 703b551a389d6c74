//! Parsing of `conformance/expected-failures.txt`, the list of cases known
//! not to pass yet.
//!
//! Blank lines and lines starting with `#` are ignored. Every other line is
//! an entry, in one of two forms:
//!
//! ```text
//! <case-id>: <reason>                      # fails in every mode
//! <case-id>@<mode>[,<mode>...]: <reason>   # fails only in these modes
//! ```
//!
//! The reason is mandatory. A case/mode pair may be listed only once.

use std::fs;
use std::io;
use std::path::Path;

use crate::Mode;

/// One entry of the expected-failures file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedFailure {
    /// The case id, e.g. `basics/bigint`.
    pub case_id: String,
    /// The modes the case fails in; `None` means every mode.
    pub modes: Option<Vec<Mode>>,
    /// Why it fails (free text, never empty).
    pub reason: String,
    /// The 1-based line number of the entry.
    pub line: usize,
}

impl ExpectedFailure {
    /// Whether this entry covers `mode`.
    pub fn covers(&self, mode: Mode) -> bool {
        self.modes
            .as_ref()
            .is_none_or(|modes| modes.contains(&mode))
    }

    /// Parses one line. Returns `Ok(None)` for blank and comment lines.
    /// `line` is the 1-based line number stored in the entry.
    pub fn parse_line(text: &str, line: usize) -> Result<Option<ExpectedFailure>, String> {
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            return Ok(None);
        }
        let Some((target, reason)) = text.split_once(':') else {
            return Err(format!(
                "expected \"<case-id>[@<modes>]: <reason>\", found {text:?}"
            ));
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(format!("entry {:?} has no reason", target.trim()));
        }
        let target = target.trim();
        let (case_id, modes) = match target.split_once('@') {
            Some((case_id, modes)) => (case_id.trim(), Some(Mode::parse_list(modes)?)),
            None => (target, None),
        };
        if case_id.is_empty() {
            return Err("entry has an empty case id".to_string());
        }
        if case_id.contains(char::is_whitespace) {
            return Err(format!("case id {case_id:?} contains whitespace"));
        }
        if case_id.ends_with(".py") {
            return Err(format!(
                "case id {case_id:?} should not include the .py suffix"
            ));
        }
        Ok(Some(ExpectedFailure {
            case_id: case_id.to_string(),
            modes,
            reason: reason.to_string(),
            line,
        }))
    }
}

/// The parsed expected-failures file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpectedFailures {
    entries: Vec<ExpectedFailure>,
}

impl ExpectedFailures {
    /// Reads and parses `path`. A missing file is an empty list; any other
    /// read error, and every malformed line, is returned as an error message
    /// prefixed with the path (and line number).
    pub fn load(path: &Path) -> (ExpectedFailures, Vec<String>) {
        match fs::read_to_string(path) {
            Ok(text) => {
                let (list, errors) = ExpectedFailures::parse(&text);
                let errors = errors
                    .into_iter()
                    .map(|err| format!("{}:{err}", path.display()))
                    .collect();
                (list, errors)
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                (ExpectedFailures::default(), Vec::new())
            }
            Err(err) => (
                ExpectedFailures::default(),
                vec![format!("{}: {err}", path.display())],
            ),
        }
    }

    /// Parses the whole file. Well-formed entries are kept even when other
    /// lines are bad; errors are `<line>: <message>`.
    pub fn parse(text: &str) -> (ExpectedFailures, Vec<String>) {
        let mut entries: Vec<ExpectedFailure> = Vec::new();
        let mut errors = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            match ExpectedFailure::parse_line(line, number) {
                Ok(None) => {}
                Ok(Some(entry)) => {
                    let overlap = entries.iter().find(|other| {
                        other.case_id == entry.case_id
                            && Mode::ALL
                                .into_iter()
                                .any(|mode| other.covers(mode) && entry.covers(mode))
                    });
                    if let Some(other) = overlap {
                        errors.push(format!(
                            "{number}: {} is already listed on line {}",
                            entry.case_id, other.line
                        ));
                    } else {
                        entries.push(entry);
                    }
                }
                Err(err) => errors.push(format!("{number}: {err}")),
            }
        }
        (ExpectedFailures { entries }, errors)
    }

    /// The entry saying `case_id` fails in `mode`, if any.
    pub fn lookup(&self, case_id: &str, mode: Mode) -> Option<&ExpectedFailure> {
        self.entries
            .iter()
            .find(|entry| entry.case_id == case_id && entry.covers(mode))
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[ExpectedFailure] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Option<ExpectedFailure>, String> {
        ExpectedFailure::parse_line(line, 7)
    }

    #[test]
    fn blank_and_comment_lines() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("   \t"), Ok(None));
        assert_eq!(parse("# basics/x: not an entry"), Ok(None));
        assert_eq!(parse("   # indented comment"), Ok(None));
    }

    #[test]
    fn entry_for_all_modes() {
        assert_eq!(
            parse("basics/bigint: needs arbitrary precision: later"),
            Ok(Some(ExpectedFailure {
                case_id: "basics/bigint".to_string(),
                modes: None,
                reason: "needs arbitrary precision: later".to_string(),
                line: 7,
            }))
        );
    }

    #[test]
    fn entry_for_some_modes() {
        let entry = parse("modules/imports_basic@on,eager :  jit lacks IMPORT_NAME ");
        let Ok(Some(entry)) = entry else {
            panic!("should parse: {entry:?}");
        };
        assert_eq!(entry.case_id, "modules/imports_basic");
        assert_eq!(entry.modes, Some(vec![Mode::On, Mode::Eager]));
        assert_eq!(entry.reason, "jit lacks IMPORT_NAME");
        assert!(!entry.covers(Mode::Off));
        assert!(entry.covers(Mode::On));
        assert!(entry.covers(Mode::Eager));
    }

    #[test]
    fn bad_lines() {
        for bad in [
            "basics/bigint",
            "basics/bigint:",
            "basics/bigint:   ",
            "basics/bigint@on:",
            ": no case",
            "@on: no case",
            "basics/bigint@: no modes",
            "basics/bigint@fast: unknown mode",
            "basics/bigint@on,,eager: empty mode",
            "basics/big int: whitespace",
            "basics/bigint.py: suffix",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn whole_file() {
        let text = "\
# Known failures.

basics/a: reason a
basics/b@eager: reason b
basics/b@off: reason b off
broken line
basics/a@on: duplicate of line 3
";
        let (list, errors) = ExpectedFailures::parse(text);
        assert_eq!(list.entries().len(), 3);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("6: "));
        assert!(errors[1].starts_with("7: ") && errors[1].contains("line 3"));

        assert_eq!(
            list.lookup("basics/a", Mode::On).map(|e| e.reason.as_str()),
            Some("reason a")
        );
        assert_eq!(list.lookup("basics/b", Mode::Off).map(|e| e.line), Some(5));
        assert_eq!(list.lookup("basics/b", Mode::On), None);
        assert_eq!(
            list.lookup("basics/b", Mode::Eager).map(|e| e.line),
            Some(4)
        );
        assert_eq!(list.lookup("basics/c", Mode::Off), None);
    }

    #[test]
    fn missing_file_is_empty() {
        let (list, errors) =
            ExpectedFailures::load(Path::new("/nonexistent/egret/expected-failures.txt"));
        assert!(list.entries().is_empty());
        assert!(errors.is_empty());
    }
}
