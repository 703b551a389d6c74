//! Conformance case discovery: which files under the cases directory are
//! cases, and how their ids and areas are derived.
//!
//! A case is a file `<cases>/<area>/.../<name>.py`. Its id is the path
//! relative to the cases directory, `/`-separated, without `.py` (for example
//! `modules/imports_basic`), and its area is the first directory of that path.
//! Any file or directory whose name starts with `_` is a support module (and
//! anything starting with `.` is hidden); neither is a case. These rules match
//! `conformance/record.py`, which records the expectations.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// The area reported for a case placed directly in the cases directory
/// (which has no area directory).
pub const TOP_LEVEL_AREA: &str = "(top)";

/// One conformance case found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The case id, e.g. `basics/int_arith` or `modules/imports_basic`.
    pub id: String,
    /// The area: the first directory under the cases directory.
    pub area: String,
    /// The full path of the `.py` file.
    pub path: PathBuf,
}

impl Case {
    /// Builds a case from the cases directory and a path relative to it, or
    /// returns `None` if that path is not a case (see [`case_id`]).
    pub fn from_relative(cases_dir: &Path, relative: &Path) -> Option<Case> {
        let (id, area) = case_id(relative)?;
        Some(Case {
            id,
            area,
            path: cases_dir.join(relative),
        })
    }

    /// The directory containing the case; cases run with it as working
    /// directory.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The case's file name (`<name>.py`), passed to egret as the script.
    pub fn file_name(&self) -> &str {
        // Cases are only built from UTF-8 paths ending in `<name>.py`, so
        // the fallback is unreachable in practice.
        self.path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("")
    }

    /// The path of the recorded expectation, `<name>.expected`.
    pub fn expectation_path(&self) -> PathBuf {
        self.path.with_extension("expected")
    }
}

/// Derives `(case id, area)` from a path relative to the cases directory.
///
/// Returns `None` if the path is not a case: it does not end in `.py`, some
/// component starts with `_` or `.`, a component is not valid UTF-8, or the
/// path is not a plain relative path.
pub fn case_id(relative: &Path) -> Option<(String, String)> {
    let mut parts = Vec::new();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return None;
        };
        let name = name.to_str()?;
        if name.is_empty() || name.starts_with('_') || name.starts_with('.') {
            return None;
        }
        parts.push(name);
    }
    let last = parts.pop()?;
    let stem = last.strip_suffix(".py").filter(|stem| !stem.is_empty())?;
    let area = parts.first().copied().unwrap_or(TOP_LEVEL_AREA).to_string();
    parts.push(stem);
    Some((parts.join("/"), area))
}

/// Finds every case under `cases_dir`, sorted by id.
///
/// Unreadable directories and non-UTF-8 names are reported in the returned
/// error list rather than aborting the whole discovery.
pub fn discover(cases_dir: &Path) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    walk(cases_dir, Path::new(""), &mut cases, &mut errors);
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    (cases, errors)
}

/// Recursive helper of [`discover`]: visits `cases_dir/relative`.
fn walk(cases_dir: &Path, relative: &Path, cases: &mut Vec<Case>, errors: &mut Vec<String>) {
    let dir = cases_dir.join(relative);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) => {
            errors.push(format!("cannot read directory {}: {err}", dir.display()));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                errors.push(format!("cannot read directory {}: {err}", dir.display()));
                continue;
            }
        };
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            errors.push(format!(
                "ignoring non-UTF-8 file name {}",
                entry.path().display()
            ));
            continue;
        };
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        let child = relative.join(name);
        // Follow symlinks so a linked directory or case behaves like a real one.
        let is_dir = match fs::metadata(entry.path()) {
            Ok(meta) => meta.is_dir(),
            Err(err) => {
                errors.push(format!("cannot stat {}: {err}", entry.path().display()));
                continue;
            }
        };
        if is_dir {
            walk(cases_dir, &child, cases, errors);
        } else if let Some(case) = Case::from_relative(cases_dir, &child) {
            cases.push(case);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(path: &str) -> Option<(String, String)> {
        case_id(Path::new(path))
    }

    fn some(id: &str, area: &str) -> Option<(String, String)> {
        Some((id.to_string(), area.to_string()))
    }

    #[test]
    fn ids_and_areas() {
        assert_eq!(
            id("basics/int_arith.py"),
            some("basics/int_arith", "basics")
        );
        assert_eq!(
            id("modules/imports_basic.py"),
            some("modules/imports_basic", "modules")
        );
        assert_eq!(
            id("modules/pkg/deep/case.py"),
            some("modules/pkg/deep/case", "modules")
        );
        assert_eq!(id("lonely.py"), some("lonely", TOP_LEVEL_AREA));
    }

    #[test]
    fn support_modules_and_other_files_are_not_cases() {
        assert_eq!(id("modules/_helper.py"), None);
        assert_eq!(id("modules/_pkg/mod.py"), None);
        assert_eq!(id("_shared/x.py"), None);
        assert_eq!(id("basics/.hidden.py"), None);
        assert_eq!(id("basics/int_arith.expected"), None);
        assert_eq!(id("basics/notes.txt"), None);
        assert_eq!(id("basics/.py"), None);
        assert_eq!(id("basics/readme.pyc"), None);
        assert_eq!(id("../basics/x.py"), None);
        assert_eq!(id("/abs/x.py"), None);
        assert_eq!(id(""), None);
    }

    #[test]
    fn case_paths() {
        let case = Case::from_relative(Path::new("/c"), Path::new("modules/pkg/t.py"));
        let Some(case) = case else {
            panic!("modules/pkg/t.py should be a case");
        };
        assert_eq!(case.id, "modules/pkg/t");
        assert_eq!(case.area, "modules");
        assert_eq!(case.dir(), Path::new("/c/modules/pkg"));
        assert_eq!(case.file_name(), "t.py");
        assert_eq!(
            case.expectation_path(),
            PathBuf::from("/c/modules/pkg/t.expected")
        );
    }

    #[test]
    fn discovery_walks_nested_directories() {
        let root =
            std::env::temp_dir().join(format!("egret-conformance-discover-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let files = [
            "basics/a.py",
            "basics/a.expected",
            "basics/_support.py",
            "modules/imports.py",
            "modules/nested/deep.py",
            "modules/_pkg/inner.py",
            ".git/x.py",
        ];
        for file in files {
            let path = root.join(file);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("create test directory");
            }
            fs::write(&path, "").expect("write test file");
        }
        let (cases, errors) = discover(&root);
        let _ = fs::remove_dir_all(&root);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = cases.iter().map(|case| case.id.as_str()).collect();
        assert_eq!(ids, ["basics/a", "modules/imports", "modules/nested/deep"]);
        assert_eq!(cases[2].area, "modules");
    }

    #[test]
    fn discovery_of_missing_directory_is_an_error() {
        let (cases, errors) = discover(Path::new("/nonexistent/egret/conformance/cases"));
        assert!(cases.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
