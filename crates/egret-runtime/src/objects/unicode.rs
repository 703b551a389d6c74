//! The character classes behind str's predicates (`isspace`, `isalpha`,
//! `isdigit`, `isnumeric`, `isalnum`, `isprintable`, `isidentifier`,
//! `isupper`, `islower`, `istitle`), the
//! whitespace of `split()`/`strip()`, the printable characters of `repr()`
//! and the classes of regular expressions' `\s` and `\w`: as CPython 3.11
//! defines them, for Unicode 14.0.0. The tables (`unicode_tables`) are
//! generated from CPython's own answers; Rust's `char` methods follow other
//! definitions and newer Unicode versions.
//!
//! Decimal digits (`isdecimal`, `int()` of any script's digits) live with
//! the number parsers in `str` (`decimal_value`); case mappings (`upper()`
//! and friends) are not handled here.

use crate::objects::unicode_tables as t;

/// Whether `c` is in a table of sorted, disjoint, inclusive ranges.
fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    let i = table.partition_point(|&(_, hi)| hi < c);
    table.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// `Py_UNICODE_ISSPACE`: ASCII's `\t\n\v\f\r`, the information separators
/// `\x1c`-`\x1f` and the space, and categories Zs, Zl, Zp and bidirectional
/// classes WS, B, S beyond.
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\t'..='\r' | '\x1c'..=' ');
    }
    in_table(t::SPACE, c)
}

/// `Py_UNICODE_ISALPHA`: letters (categories Lu, Ll, Lt, Lm, Lo).
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(t::ALPHA, c)
}

/// `Py_UNICODE_ISDIGIT`: characters with a digit value (decimal digits,
/// superscripts, circled digits, ...).
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(t::DIGIT, c)
}

/// `Py_UNICODE_ISNUMERIC`: characters with a numeric value (digits,
/// fractions, roman numerals, CJK numerals, ...).
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(t::NUMERIC, c)
}

/// `Py_UNICODE_ISALNUM`: a letter, or a character with a decimal, digit
/// or numeric value.
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alpha(c) || is_numeric(c)
}

/// `Py_UNICODE_ISPRINTABLE`: the space, and characters in no C* (control,
/// format, private use, unassigned) and no Z* (separator) category.
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(t::PRINTABLE, c)
}

/// `str.isidentifier`: `_` or an XID_Start character, then XID_Continue
/// characters.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_xid_start(c) => chars.all(is_xid_continue),
        _ => false,
    }
}

/// `Py_UNICODE_ISUPPER`: the Uppercase property.
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(t::UPPER, c)
}

/// `Py_UNICODE_ISLOWER`: the Lowercase property.
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(t::LOWER, c)
}

/// `Py_UNICODE_ISTITLE`: titlecase letters (category Lt, `ǅ`).
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && in_table(t::TITLE, c)
}

/// `str.isupper`: a cased character, and none lowercase or titlecase.
pub fn str_is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// `str.islower`: a cased character, and none uppercase or titlecase.
pub fn str_is_lower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `str.istitle`: a cased character; uppercase and titlecase ones only
/// after uncased ones, lowercase ones only after cased ones.
pub fn str_is_title(s: &str) -> bool {
    let (mut cased, mut previous_is_cased) = (false, false);
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_table(t::XID_START, c)
}

fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_table(t::XID_CONTINUE, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for table in [
            t::SPACE,
            t::ALPHA,
            t::DIGIT,
            t::NUMERIC,
            t::PRINTABLE,
            t::XID_START,
            t::XID_CONTINUE,
            t::UPPER,
            t::LOWER,
            t::TITLE,
        ] {
            for w in table.windows(2) {
                assert!(w[0].0 <= w[0].1 && w[0].1 + 1 < w[1].0, "{w:?}");
            }
        }
    }

    #[test]
    fn ascii_fast_paths_agree_with_the_tables() {
        for c in (0u8..0x80).map(char::from) {
            assert_eq!(is_space(c), in_table(t::SPACE, c), "{c:?}");
            assert_eq!(is_alpha(c), in_table(t::ALPHA, c), "{c:?}");
            assert_eq!(is_digit(c), in_table(t::DIGIT, c), "{c:?}");
            assert_eq!(is_numeric(c), in_table(t::NUMERIC, c), "{c:?}");
            assert_eq!(is_printable(c), in_table(t::PRINTABLE, c), "{c:?}");
            assert_eq!(is_xid_start(c), in_table(t::XID_START, c), "{c:?}");
            assert_eq!(is_xid_continue(c), in_table(t::XID_CONTINUE, c), "{c:?}");
            assert_eq!(is_upper(c), in_table(t::UPPER, c), "{c:?}");
            assert_eq!(is_lower(c), in_table(t::LOWER, c), "{c:?}");
            assert_eq!(is_title(c), in_table(t::TITLE, c), "{c:?}");
        }
    }
}
