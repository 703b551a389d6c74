//! The nesting limits CPython's tokenizer puts on source code, checked by
//! a scan of the text before it is parsed: at most 200 nested brackets
//! ("too many nested parentheses"), at most 99 levels of indentation
//! ("too many levels of indentation"), and no run of 3000 or more unary
//! `-`/`+`/`~` (which CPython's compiler refuses with a RecursionError).
//! Besides matching CPython's errors, this keeps input nested beyond them
//! from exhausting the parser's native stack.
//!
//! The scan knows just enough of the token grammar to be right about
//! brackets and line starts: comments, string literals of every kind
//! (their brackets do not count, f-strings included, as in 3.11's
//! tokenizer), backslash continuations.

use crate::symtable::{MAX_EXPR_DEPTH, TOO_DEEP};

/// Brackets nested deeper than this are refused (CPython's `MAXLEVEL`).
const MAX_BRACKETS: usize = 200;
/// Indentation levels from this many on are refused (`MAXINDENT`).
const MAX_INDENT: usize = 100;

/// A limit the source goes past.
#[derive(Debug)]
pub(crate) struct LimitError {
    /// `SyntaxError`, `IndentationError` or `RecursionError`.
    pub kind: &'static str,
    pub message: &'static str,
    pub offset: usize,
}

pub(crate) fn check(source: &str) -> Result<(), LimitError> {
    let b = source.as_bytes();
    let mut i = 0;
    let mut brackets = 0usize;
    let mut indents: Vec<usize> = vec![0];
    let mut line_start = true;
    let mut unary_run = 0usize;
    while i < b.len() {
        if line_start && brackets == 0 {
            line_start = false;
            // Measure the indentation of a logical line (blank and
            // comment-only lines do not count).
            let start = i;
            let mut col = 0;
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\x0c') {
                col = if b[i] == b'\t' {
                    (col / 8 + 1) * 8
                } else {
                    col + 1
                };
                i += 1;
            }
            if i < b.len() && !matches!(b[i], b'\n' | b'\r' | b'#') {
                let top = *indents.last().unwrap_or(&0);
                if col > top {
                    if indents.len() >= MAX_INDENT {
                        return Err(LimitError {
                            kind: "IndentationError",
                            message: "too many levels of indentation",
                            offset: start,
                        });
                    }
                    indents.push(col);
                } else {
                    while indents.len() > 1 && *indents.last().unwrap_or(&0) > col {
                        indents.pop();
                    }
                }
            }
            continue;
        }
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\\' if matches!(b.get(i + 1), Some(b'\n')) => {
                i += 2;
                continue;
            }
            b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => {
                i += 3;
                continue;
            }
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(b, i);
                unary_run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                brackets += 1;
                if brackets > MAX_BRACKETS {
                    return Err(LimitError {
                        kind: "SyntaxError",
                        message: "too many nested parentheses",
                        offset: i,
                    });
                }
            }
            b')' | b']' | b'}' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        match c {
            b'-' | b'+' | b'~' => {
                unary_run += 1;
                if unary_run >= MAX_EXPR_DEPTH {
                    return Err(LimitError {
                        kind: "RecursionError",
                        message: TOO_DEEP,
                        offset: i,
                    });
                }
            }
            b' ' | b'\t' | b'\r' | b'(' => {}
            _ => unary_run = 0,
        }
        i += 1;
    }
    Ok(())
}

/// The offset just past the string literal whose opening quote is at `i`
/// (or the end of the source if it is not closed: the parser reports it).
fn skip_string(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' if !triple => return j,
            c if c == q => {
                if !triple {
                    return j + 1;
                }
                if b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) {
                    return j + 3;
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn brackets_indentation_and_unary_runs() {
        let deep = |n: usize| format!("x = {}1{}", "(".repeat(n), ")".repeat(n));
        assert!(check(&deep(200)).is_ok());
        assert_eq!(check(&deep(201)).unwrap_err().offset, 4 + 200);
        // Brackets in strings and comments do not count.
        assert!(
            check(&format!(
                "x = '{}' # {}\n",
                "(".repeat(300),
                "[".repeat(300)
            ))
            .is_ok()
        );
        assert!(check(&format!("x = f'''{}'''\n", "{".repeat(300))).is_ok());
        let nested = |n: usize| {
            let mut s = String::new();
            for i in 0..n {
                s += &format!("{}if x:\n", " ".repeat(i));
            }
            s + &format!("{}pass\n", " ".repeat(n))
        };
        assert!(check(&nested(99)).is_ok());
        assert_eq!(check(&nested(100)).unwrap_err().kind, "IndentationError");
        assert!(check(&format!("x = {}1", "-".repeat(2999))).is_ok());
        assert_eq!(
            check(&format!("x = {}1", "- ".repeat(3000)))
                .unwrap_err()
                .kind,
            "RecursionError"
        );
    }
}
