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

/// Lone surrogates.
///
/// egret's `str` is UTF-8, which cannot hold the code points U+D800 to
/// U+DFFF on their own; Python's `str` can (`'\udcff'`, the
/// `surrogateescape` decoding of undecodable bytes). They are stored as
/// stand-ins: the private-use code points U+10D800 to U+10DFFF (the
/// surrogate plus 0x100000) stand for U+D800 to U+DFFF, in order.
/// Everything that shows a code point outside egret (`ord`, `repr`, the
/// hash, ordering, the codecs, regular expressions) maps the stand-ins
/// back, so they behave as the surrogates they stand for. Text that
/// really holds one of those private-use code points cannot be
/// represented and gets a `NotImplementedError` where it would enter
/// (`chr`, decoding; a SyntaxError in literals).
pub const STAND_IN_BASE: u32 = 0x10D800;
pub const STAND_IN_LAST: u32 = 0x10DFFF;
pub const SURROGATE_BASE: u32 = 0xD800;

/// The stand-in char of a surrogate code point (U+D800..=U+DFFF).
#[inline]
pub fn surrogate_char(cp: u32) -> char {
    debug_assert!((0xD800..=0xDFFF).contains(&cp));
    char::from_u32(cp - SURROGATE_BASE + STAND_IN_BASE).expect("stand-in in range")
}

/// The code point a char of egret's `str` stands for.
#[inline]
pub fn code_point(c: char) -> u32 {
    let n = c as u32;
    if (STAND_IN_BASE..=STAND_IN_LAST).contains(&n) {
        n - STAND_IN_BASE + SURROGATE_BASE
    } else {
        n
    }
}

/// Whether the char stands for a lone surrogate.
#[inline]
pub fn is_surrogate(c: char) -> bool {
    (STAND_IN_BASE..=STAND_IN_LAST).contains(&(c as u32))
}

/// The char for a code point `0..0x110000`: None for one of the
/// private-use code points the stand-ins take.
pub fn char_for(cp: u32) -> Option<char> {
    match cp {
        0xD800..=0xDFFF => Some(surrogate_char(cp)),
        STAND_IN_BASE..=STAND_IN_LAST => None,
        _ => char::from_u32(cp),
    }
}

/// Whether UTF-8 text holds a stand-in (the bytes F4 8D A0..BF start
/// one): a quick scan for 0xF4 bytes.
#[inline]
pub fn has_surrogates(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| x == 0xF4) {
        let at = i + p;
        if b.get(at + 1) == Some(&0x8D) && b.get(at + 2).is_some_and(|&x| x >= 0xA0) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// The error for text that holds one of the private-use code points the
/// stand-ins take.
pub fn reserved_error(vm: &crate::vm::Vm) -> crate::vm::PyErr {
    vm.not_implemented("code points U+10D800..U+10DFFF (egret keeps them for lone surrogates)")
}

/// Orders two strs by code point, as CPython does (a surrogate sorts
/// below U+E000, not where its stand-in is).
pub fn cmp_str(a: &str, b: &str) -> std::cmp::Ordering {
    if has_surrogates(a) || has_surrogates(b) {
        a.chars().map(code_point).cmp(b.chars().map(code_point))
    } else {
        a.cmp(b)
    }
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
