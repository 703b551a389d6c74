//! `str`: immutable Unicode text stored as UTF-8 with its length in code
//! points (indexing is O(1) for ASCII strings), a cached hash, and `repr`.
//!
//! The hash is CPython's SipHash-1-3 over the same bytes CPython hashes (the
//! Latin-1/UCS-2/UCS-4 form of the text) with the all-zero key CPython uses
//! under `PYTHONHASHSEED=0`, so sets of strings iterate in the same order.
//! The methods live in str_methods.rs.

use std::cell::Cell;

use crate::object::types::{Kind, types};
use crate::object::{Payload, Value};

pub struct StrData {
    s: Box<str>,
    char_len: usize,
    hash: Cell<i64>,
    /// For long non-ASCII text, made at the first index into it: the byte
    /// offset of every `INDEX_STRIDE`th code point, so indexing and
    /// slicing cost at most a stride's walk instead of one from the start.
    /// (Boxed so the field is one word in every str, most of which never
    /// have an index.)
    #[allow(clippy::box_collection)]
    index: std::cell::OnceCell<Box<Vec<usize>>>,
}

/// Code points between two entries of a str's offset index.
const INDEX_STRIDE: usize = 32;

impl Payload for StrData {
    fn matches(kind: Kind) -> bool {
        kind == Kind::Str
    }
}

impl StrData {
    pub fn new(s: &str) -> Self {
        StrData {
            char_len: s.chars().count(),
            s: s.into(),
            hash: Cell::new(-1),
            index: std::cell::OnceCell::new(),
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.s.len()
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = hash_str(&self.s);
        self.hash.set(h);
        h
    }

    /// The code point at index `i` (0 <= i < len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s[self.byte_offset(i)..].chars().next().unwrap_or('\0')
        }
    }

    /// Byte offset of code point `i` (i may equal len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            return i.min(self.s.len());
        }
        if i >= self.char_len {
            return self.s.len();
        }
        let (mut b, walk) = if self.char_len <= 2 * INDEX_STRIDE {
            (0, i)
        } else {
            let index = self.index.get_or_init(|| {
                let offsets = self
                    .s
                    .char_indices()
                    .step_by(INDEX_STRIDE)
                    .map(|(b, _)| b)
                    .collect();
                Box::new(offsets)
            });
            (index[i / INDEX_STRIDE], i % INDEX_STRIDE)
        };
        let bytes = self.s.as_bytes();
        for _ in 0..walk {
            b += utf8_width(bytes[b]);
        }
        b
    }

    /// The substring of code points `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        &self.s[a..b]
    }
}

/// The length of the UTF-8 sequence a leading byte starts.
#[inline]
fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

pub fn new_str(s: &str) -> Value {
    if let &[c] = s.as_bytes() {
        // One ASCII character (a one-byte str is always ASCII).
        if let Some(v) = types().ascii_chars.get(usize::from(c)) {
            return v.clone();
        }
    }
    Value::alloc(&types().str_, StrData::new(s))
}

pub fn new_string(s: String) -> Value {
    new_str(&s)
}

/// The str payload of `v`, if it is a str.
pub fn as_str(v: &Value) -> Option<&str> {
    v.downcast::<StrData>().map(|s| s.as_str())
}

struct Sip13 {
    v0: u64,
    v1: u64,
    v2: u64,
    v3: u64,
}

impl Sip13 {
    fn new() -> Self {
        Sip13 {
            v0: 0x736f_6d65_7073_6575,
            v1: 0x646f_7261_6e64_6f6d,
            v2: 0x6c79_6765_6e65_7261,
            v3: 0x7465_6462_7974_6573,
        }
    }
    #[inline]
    fn round(&mut self) {
        self.v0 = self.v0.wrapping_add(self.v1);
        self.v1 = self.v1.rotate_left(13);
        self.v1 ^= self.v0;
        self.v0 = self.v0.rotate_left(32);
        self.v2 = self.v2.wrapping_add(self.v3);
        self.v3 = self.v3.rotate_left(16);
        self.v3 ^= self.v2;
        self.v0 = self.v0.wrapping_add(self.v3);
        self.v3 = self.v3.rotate_left(21);
        self.v3 ^= self.v0;
        self.v2 = self.v2.wrapping_add(self.v1);
        self.v1 = self.v1.rotate_left(17);
        self.v1 ^= self.v2;
        self.v2 = self.v2.rotate_left(32);
    }
    fn word(&mut self, m: u64) {
        self.v3 ^= m;
        self.round();
        self.v0 ^= m;
    }
}

fn siphash13(data: &[u8]) -> u64 {
    let mut s = Sip13::new();
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        s.word(u64::from_le_bytes(w));
    }
    let mut b: u64 = (data.len() as u64) << 56;
    for (i, byte) in chunks.remainder().iter().enumerate() {
        b |= u64::from(*byte) << (8 * i);
    }
    s.word(b);
    s.v2 ^= 0xff;
    s.round();
    s.round();
    s.round();
    s.v0 ^ s.v1 ^ s.v2 ^ s.v3
}

fn finish_hash(h: u64) -> i64 {
    let h = h as i64;
    if h == -1 { -2 } else { h }
}

/// CPython's str hash (PYTHONHASHSEED=0): SipHash-1-3 over the string's
/// Latin-1, UCS-2 or UCS-4 form, computed without building that form.
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    if s.is_ascii() {
        return finish_hash(siphash13(s.as_bytes()));
    }
    // Lone surrogates hash as the code points they stand for.
    let cp = crate::objects::unicode::code_point;
    let max = s.chars().map(cp).max().unwrap_or(0);
    let width = if max < 0x100 {
        1
    } else if max < 0x10000 {
        2
    } else {
        4
    };
    let mut h = SipStream::new();
    for c in s.chars() {
        let n = cp(c);
        for k in 0..width {
            h.push((n >> (8 * k)) as u8);
        }
    }
    finish_hash(h.finish())
}

crate::gil_local! {
    /// Hashes of recently used names, keyed by the text's address and length
    /// (names are mostly string literals and interned strings).
    static NAME_HASHES: std::cell::RefCell<[(usize, usize, i64); NAME_SLOTS]> =
        const { std::cell::RefCell::new([(0, 0, 0); NAME_SLOTS]) };
}

/// Entries of the memo of literal names' hashes (a power of two).
const NAME_SLOTS: usize = 4096;

/// `hash_str` of a string literal, memoised by its (immutable) address.
#[inline]
pub fn name_hash_static(s: &'static str) -> i64 {
    let key = s.as_ptr() as usize;
    // Literals sit close together: mix higher address bits in, so that
    // neighbours of different lengths do not keep evicting each other.
    let slot = ((key ^ s.len()).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (usize::BITS - 12))
        & (NAME_SLOTS - 1);
    let cached = NAME_HASHES.with(|c| c.borrow()[slot]);
    if cached.0 == key && cached.1 == s.len() {
        return cached.2;
    }
    let h = hash_str(s);
    NAME_HASHES.with(|c| c.borrow_mut()[slot] = (key, s.len(), h));
    h
}

/// SipHash-1-3 fed one byte at a time.
struct SipStream {
    state: Sip13,
    word: u64,
    filled: u32,
    len: u64,
}

impl SipStream {
    fn new() -> Self {
        SipStream {
            state: Sip13::new(),
            word: 0,
            filled: 0,
            len: 0,
        }
    }

    #[inline]
    fn push(&mut self, b: u8) {
        self.word |= u64::from(b) << (8 * self.filled);
        self.filled += 1;
        self.len += 1;
        if self.filled == 8 {
            self.state.word(self.word);
            self.word = 0;
            self.filled = 0;
        }
    }

    fn finish(mut self) -> u64 {
        let b = (self.len << 56) | self.word;
        self.state.word(b);
        self.state.v2 ^= 0xff;
        self.state.round();
        self.state.round();
        self.state.round();
        self.state.v0 ^ self.state.v1 ^ self.state.v2 ^ self.state.v3
    }
}

/// CPython's bytes hash (PYTHONHASHSEED=0).
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    finish_hash(siphash13(b))
}

/// `repr(str)` with CPython's quote choice and escapes.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if crate::objects::unicode::is_printable(c) => out.push(c),
            c => {
                let n = crate::objects::unicode::code_point(c);
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `ascii()`: non-ASCII characters escaped.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = crate::objects::unicode::code_point(c);
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// Unicode decimal digits (general category Nd), as `str.isdecimal` and
/// the regex `\d` see them.
pub fn is_decimal_char(c: char) -> bool {
    decimal_value(c).is_some()
}

/// The value of a Unicode decimal digit (general category Nd), as CPython's
/// `Py_UNICODE_TODECIMAL`; None for any other character (superscripts,
/// fractions and roman numerals are numeric but not decimal).
pub fn decimal_value(c: char) -> Option<u32> {
    // Nd digits come in runs of ten, each starting with its zero (checked
    // against CPython 3.11's unicodedata for every code point).
    const ND: &[(u32, u32)] = &[
        (0x30, 0x39),
        (0x660, 0x669),
        (0x6F0, 0x6F9),
        (0x7C0, 0x7C9),
        (0x966, 0x96F),
        (0x9E6, 0x9EF),
        (0xA66, 0xA6F),
        (0xAE6, 0xAEF),
        (0xB66, 0xB6F),
        (0xBE6, 0xBEF),
        (0xC66, 0xC6F),
        (0xCE6, 0xCEF),
        (0xD66, 0xD6F),
        (0xDE6, 0xDEF),
        (0xE50, 0xE59),
        (0xED0, 0xED9),
        (0xF20, 0xF29),
        (0x1040, 0x1049),
        (0x1090, 0x1099),
        (0x17E0, 0x17E9),
        (0x1810, 0x1819),
        (0x1946, 0x194F),
        (0x19D0, 0x19D9),
        (0x1A80, 0x1A89),
        (0x1A90, 0x1A99),
        (0x1B50, 0x1B59),
        (0x1BB0, 0x1BB9),
        (0x1C40, 0x1C49),
        (0x1C50, 0x1C59),
        (0xA620, 0xA629),
        (0xA8D0, 0xA8D9),
        (0xA900, 0xA909),
        (0xA9D0, 0xA9D9),
        (0xA9F0, 0xA9F9),
        (0xAA50, 0xAA59),
        (0xABF0, 0xABF9),
        (0xFF10, 0xFF19),
        (0x104A0, 0x104A9),
        (0x10D30, 0x10D39),
        (0x11066, 0x1106F),
        (0x110F0, 0x110F9),
        (0x11136, 0x1113F),
        (0x111D0, 0x111D9),
        (0x112F0, 0x112F9),
        (0x11450, 0x11459),
        (0x114D0, 0x114D9),
        (0x11650, 0x11659),
        (0x116C0, 0x116C9),
        (0x11730, 0x11739),
        (0x118E0, 0x118E9),
        (0x11950, 0x11959),
        (0x11C50, 0x11C59),
        (0x11D50, 0x11D59),
        (0x11DA0, 0x11DA9),
        (0x16A60, 0x16A69),
        (0x16AC0, 0x16AC9),
        (0x16B50, 0x16B59),
        (0x1D7CE, 0x1D7FF),
        (0x1E140, 0x1E149),
        (0x1E2F0, 0x1E2F9),
        (0x1E950, 0x1E959),
        (0x1FBF0, 0x1FBF9),
    ];
    let u = c as u32;
    if u < 0x80 {
        return c.to_digit(10);
    }
    ND.iter()
        .find(|&&(lo, hi)| (lo..=hi).contains(&u))
        .map(|&(lo, _)| (u - lo) % 10)
}

/// C's `isspace` in the C locale (CPython's `Py_ISSPACE`): the ASCII
/// whitespace the number parsers skip.
pub fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Text for the int, float and complex parsers, as CPython's
/// `_PyUnicode_TransformDecimalAndSpaceToASCII` makes it: ASCII stays,
/// other whitespace becomes a space and decimal digits of any script
/// become ASCII digits. None when another non-ASCII character makes the
/// text no number at all.
pub fn number_text_to_ascii(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    if s.is_ascii() {
        return Some(std::borrow::Cow::Borrowed(s));
    }
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                Some(c)
            } else if crate::objects::unicode::is_space(c) {
                Some(' ')
            } else {
                decimal_value(c).and_then(|d| char::from_digit(d, 10))
            }
        })
        .collect::<Option<String>>()
        .map(std::borrow::Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_cpython_spelling() {
        use crate::objects::float::float_repr;
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(123456789.0), "123456789.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(-0.0), "-0.0");
        assert_eq!(float_repr(1.5e300), "1.5e+300");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
    }

    #[test]
    fn str_hash_matches_cpython() {
        // Values printed by CPython 3.11 with PYTHONHASHSEED=0.
        assert_eq!(hash_str("a"), 4_644_417_185_603_328_019);
        assert_eq!(hash_str("é"), 6_047_309_291_227_476_195);
        assert_eq!(hash_str("€uro"), 7_542_247_858_446_192_590);
    }

    #[test]
    fn str_repr_quotes() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(str_repr("both ' and \""), "'both \\' and \"'");
        assert_eq!(str_repr("\x00é"), "'\\x00é'");
    }
}
