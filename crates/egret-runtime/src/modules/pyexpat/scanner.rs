//! The XML tokenizer under `pyexpat`: UTF-8 input fed in arbitrary chunks,
//! turned into a list of events (start and end tags, character data,
//! comments, processing instructions, the XML declaration, the document
//! type declaration and its internal subset) in the order expat reports
//! them, with expat's error codes at expat's positions. Namespace
//! processing, attribute defaults and handler dispatch are the Python
//! layer's (`pyexpat.py`).

use std::collections::HashMap;

pub const E_SYNTAX: i64 = 2;
pub const E_NO_ELEMENTS: i64 = 3;
pub const E_INVALID_TOKEN: i64 = 4;
pub const E_UNCLOSED_TOKEN: i64 = 5;
pub const E_TAG_MISMATCH: i64 = 7;
pub const E_DUPLICATE_ATTRIBUTE: i64 = 8;
pub const E_JUNK_AFTER_DOC_ELEMENT: i64 = 9;
pub const E_UNDEFINED_ENTITY: i64 = 11;
pub const E_RECURSIVE_ENTITY_REF: i64 = 12;
pub const E_ASYNC_ENTITY: i64 = 13;
pub const E_BAD_CHAR_REF: i64 = 14;
pub const E_BINARY_ENTITY_REF: i64 = 15;
pub const E_ATTRIBUTE_EXTERNAL_ENTITY_REF: i64 = 16;
pub const E_MISPLACED_XML_PI: i64 = 17;
pub const E_UNCLOSED_CDATA_SECTION: i64 = 20;
pub const E_XML_DECL: i64 = 30;

/// An argument of an event, turned into a Python value by the module.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    S(String),
    N(i64),
    Nothing,
    List(Vec<Arg>),
    Tuple(Vec<Arg>),
}

/// Event kinds (the first item of each event tuple).
pub mod ev {
    pub const START: i64 = 0;
    pub const END: i64 = 1;
    pub const CHARS: i64 = 2;
    pub const PI: i64 = 3;
    pub const COMMENT: i64 = 4;
    pub const XML_DECL: i64 = 5;
    pub const START_DOCTYPE: i64 = 6;
    pub const END_DOCTYPE: i64 = 7;
    pub const START_CDATA: i64 = 8;
    pub const END_CDATA: i64 = 9;
    pub const ENTITY_DECL: i64 = 10;
    pub const NOTATION_DECL: i64 = 11;
    pub const SKIPPED: i64 = 12;
    pub const EXT_REF: i64 = 13;
    pub const ELEMENT_DECL: i64 = 14;
    pub const ATTLIST_DECL: i64 = 15;
    /// Whitespace outside the root element (DefaultHandler only).
    pub const OUTSIDE: i64 = 16;
    /// A parameter entity reference in the internal subset.
    pub const PE_REF: i64 = 17;
}

#[derive(Debug)]
pub struct Event {
    pub kind: i64,
    /// Absolute byte offset of the event's start.
    pub pos: usize,
    pub line: usize,
    pub col: usize,
    pub args: Vec<Arg>,
    /// The markup as written (for the DefaultHandler), when asked for.
    pub raw: Option<String>,
}

enum Ent {
    Internal(String),
    External {
        sysid: String,
        pubid: Option<String>,
        ndata: bool,
    },
}

type Fail = (i64, usize);
/// `Ok(Some(next))`: a token was read up to `next`; `Ok(None)`: more input
/// is needed; `Err((code, index))`: an error at that index of the data.
type Step = Result<Option<usize>, Fail>;

pub struct Scanner {
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: usize,
    /// Line and column tracking: the position reached so far.
    t_pos: usize,
    t_line: usize,
    t_col: usize,
    stack: Vec<String>,
    root_seen: bool,
    doctype_seen: bool,
    entities: HashMap<String, Ent>,
    /// An external subset or parameter entity references: undefined
    /// entities are skipped rather than errors.
    skip_undefined: bool,
    standalone: bool,
    expanding: Vec<String>,
    /// Entity expansion pins positions to the reference.
    pinned: Option<usize>,
    pub want_raw: bool,
    /// Absolute position of the end of what was consumed.
    pub consumed: usize,
    pub done: bool,
    fragment: bool,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name_char(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-' || b == b'.'
}

fn find(data: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from > data.len() {
        return None;
    }
    data[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A character reference's value is a character XML allows.
fn valid_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Length of the UTF-8 sequence starting at `data[i]` if it is complete and
/// valid; Err(true) when it may be completed by more input, Err(false) when
/// it is invalid.
fn utf8_len(data: &[u8], i: usize) -> Result<usize, bool> {
    let b = data[i];
    let n = match b {
        0..=0x7F => return Ok(1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return Err(false),
    };
    if i + n > data.len() {
        // Check what is there so far.
        if data[i + 1..].iter().all(|&c| (0x80..0xC0).contains(&c)) {
            return Err(true);
        }
        return Err(false);
    }
    match std::str::from_utf8(&data[i..i + n]) {
        Ok(s) => {
            // U+FFFE and U+FFFF are not XML characters.
            if matches!(s.chars().next(), Some('\u{FFFE}' | '\u{FFFF}')) {
                Err(false)
            } else {
                Ok(n)
            }
        }
        Err(_) => Err(false),
    }
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            buf: Vec::new(),
            base: 0,
            t_pos: 0,
            t_line: 1,
            t_col: 0,
            stack: Vec::new(),
            root_seen: false,
            doctype_seen: false,
            entities: HashMap::new(),
            skip_undefined: false,
            standalone: false,
            expanding: Vec::new(),
            pinned: None,
            want_raw: false,
            consumed: 0,
            done: false,
            fragment: false,
        }
    }

    /// Line (1-based) and column (0-based, in characters) of absolute `pos`
    /// within `data` (which starts at `self.base`).
    fn locate(&mut self, data: &[u8], pos: usize) -> (usize, usize) {
        if pos < self.t_pos {
            return (self.t_line, self.t_col);
        }
        let start = self.t_pos.saturating_sub(self.base);
        let end = (pos - self.base).min(data.len());
        let mut k = start;
        while k < end {
            match data[k] {
                b'\n' => {
                    self.t_line += 1;
                    self.t_col = 0;
                }
                b'\r' => {
                    if data.get(k + 1) != Some(&b'\n') {
                        self.t_line += 1;
                        self.t_col = 0;
                    }
                }
                b if (0x80..0xC0).contains(&b) => {}
                _ => self.t_col += 1,
            }
            k += 1;
        }
        self.t_pos = pos;
        (self.t_line, self.t_col)
    }

    fn abs(&self, i: usize) -> usize {
        self.pinned.unwrap_or(self.base + i)
    }

    fn push(
        &mut self,
        evs: &mut Vec<Event>,
        data: &[u8],
        kind: i64,
        at: usize,
        end: usize,
        args: Vec<Arg>,
    ) {
        let pos = self.abs(at);
        let raw = if self.want_raw && self.pinned.is_none() {
            Some(text(&data[at..end.min(data.len())]))
        } else {
            None
        };
        evs.push(Event {
            kind,
            pos,
            line: 0,
            col: 0,
            args,
            raw,
        });
    }

    /// Feeds `input`; returns the events and the error (code, absolute
    /// position, line, column) that stopped parsing, if any.
    pub fn feed(
        &mut self,
        input: &[u8],
        last: bool,
    ) -> (Vec<Event>, Option<(i64, usize, usize, usize)>) {
        let mut evs = Vec::new();
        let data = {
            let mut d = std::mem::take(&mut self.buf);
            d.extend_from_slice(input);
            d
        };
        let mut i = 0;
        let mut err: Option<Fail> = None;
        while i < data.len() {
            match self.token(&data, i, last, &mut evs) {
                Ok(Some(n)) => i = n,
                Ok(None) => break,
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        let open = self.stack.len() - usize::from(self.fragment);
        if err.is_none() && last && (!self.root_seen || open != 0) {
            err = Some((E_NO_ELEMENTS, data.len()));
        }
        // Positions for the events.
        for e in evs.iter_mut() {
            let (l, c) = self.locate(&data, e.pos);
            e.line = l;
            e.col = c;
        }
        let error = err.map(|(code, at)| {
            let pos = self.base + at;
            let (l, c) = self.locate(&data, pos);
            self.done = true;
            (code, pos, l, c)
        });
        let (l, c) = self.locate(&data, self.base + i);
        let _ = (l, c);
        self.consumed = self.base + i;
        self.buf = data[i..].to_vec();
        self.base += i;
        if last {
            self.done = true;
        }
        (evs, error)
    }

    /// Parses an external parsed entity: content without a root element.
    pub fn set_fragment(&mut self) {
        self.fragment = true;
        self.root_seen = true;
        self.stack.push(String::new());
    }

    /// The current line and column (of the end of what was consumed).
    pub fn position(&self) -> (usize, usize) {
        (self.t_line, self.t_col)
    }

    fn token(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let in_root = !self.stack.is_empty();
        if d[i] == b'<' {
            let Some(&n) = d.get(i + 1) else {
                return self.more(i, last, E_UNCLOSED_TOKEN);
            };
            return match n {
                b'/' => self.end_tag(d, i, last, evs),
                b'?' => self.pi(d, i, last, evs),
                b'!' => {
                    if d.len() < i + 4
                        && (b"<!--".starts_with(&d[i..])
                            || b"<![CDATA[".starts_with(&d[i..])
                            || b"<!DOCTYPE".starts_with(&d[i..]))
                    {
                        return self.more(i, last, E_UNCLOSED_TOKEN);
                    }
                    if d[i..].starts_with(b"<!--") {
                        self.comment(d, i, last, evs)
                    } else if in_root
                        && (d[i..].starts_with(b"<![CDATA[") || (b"<![CDATA[".starts_with(&d[i..])))
                    {
                        if d.len() < i + 9 {
                            return self.more(i, last, E_UNCLOSED_TOKEN);
                        }
                        self.cdata(d, i, last, evs)
                    } else if !in_root
                        && !self.root_seen
                        && !self.doctype_seen
                        && (d[i..].starts_with(b"<!DOCTYPE") || b"<!DOCTYPE".starts_with(&d[i..]))
                    {
                        if d.len() < i + 9 {
                            return self.more(i, last, E_UNCLOSED_TOKEN);
                        }
                        self.doctype(d, i, last, evs)
                    } else {
                        Err((if in_root { E_INVALID_TOKEN } else { E_SYNTAX }, i))
                    }
                }
                _ => {
                    if self.root_seen && !in_root {
                        return Err((E_JUNK_AFTER_DOC_ELEMENT, i));
                    }
                    self.start_tag(d, i, last, evs)
                }
            };
        }
        if in_root {
            return self.content_text(d, i, last, evs);
        }
        // Outside the root element: whitespace only.
        let mut j = i;
        while j < d.len() && is_ws(d[j]) {
            j += 1;
        }
        if j > i {
            self.push(evs, d, ev::OUTSIDE, i, j, vec![Arg::S(text(&d[i..j]))]);
            return Ok(Some(j));
        }
        if self.root_seen {
            return Err((E_JUNK_AFTER_DOC_ELEMENT, i));
        }
        // A name-like run is one (invalid) token to expat.
        let mut k = i;
        while k < d.len() && is_name_char(d[k]) {
            k += 1;
        }
        if k == d.len() {
            return if last { Err((E_SYNTAX, i)) } else { Ok(None) };
        }
        Err((E_INVALID_TOKEN, k))
    }

    /// Incomplete token: wait for more input, or fail at the end.
    fn more(&self, i: usize, last: bool, code: i64) -> Step {
        if last { Err((code, i)) } else { Ok(None) }
    }

    /// The end of the name starting at `d[i]` (None if none starts there).
    /// Non-ASCII characters must be valid UTF-8; one cut by the end of the
    /// data counts as part of the name (more input decides).
    fn read_name(d: &[u8], i: usize) -> Option<usize> {
        let step = |k: usize| -> Option<usize> {
            if d[k] < 0x80 {
                return Some(1);
            }
            match utf8_len(d, k) {
                Ok(n) => Some(n),
                Err(true) => Some(d.len() - k),
                Err(false) => None,
            }
        };
        if i >= d.len() || !is_name_start(d[i]) {
            return None;
        }
        let mut j = i + step(i)?;
        while j < d.len() && is_name_char(d[j]) {
            match step(j) {
                Some(n) => j += n,
                None => break,
            }
        }
        Some(j)
    }

    fn skip_ws(d: &[u8], mut i: usize) -> usize {
        while i < d.len() && is_ws(d[i]) {
            i += 1;
        }
        i
    }

    fn start_tag(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let Some(ne) = Self::read_name(d, i + 1) else {
            return Err((E_INVALID_TOKEN, i + 1));
        };
        if ne == d.len() {
            return self.more(i, last, E_UNCLOSED_TOKEN);
        }
        let name = text(&d[i + 1..ne]);
        let mut attrs: Vec<Arg> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut j = ne;
        let empty;
        loop {
            let k = Self::skip_ws(d, j);
            if k >= d.len() {
                return self.more(i, last, E_UNCLOSED_TOKEN);
            }
            if d[k] == b'>' {
                j = k + 1;
                empty = false;
                break;
            }
            if d[k] == b'/' {
                if k + 1 >= d.len() {
                    return self.more(i, last, E_UNCLOSED_TOKEN);
                }
                if d[k + 1] != b'>' {
                    return Err((E_INVALID_TOKEN, k + 1));
                }
                j = k + 2;
                empty = true;
                break;
            }
            if k == j {
                return Err((E_INVALID_TOKEN, k));
            }
            let Some(ae) = Self::read_name(d, k) else {
                return Err((E_INVALID_TOKEN, k));
            };
            let aname = text(&d[k..ae]);
            let mut m = Self::skip_ws(d, ae);
            if m >= d.len() {
                return self.more(i, last, E_UNCLOSED_TOKEN);
            }
            if d[m] != b'=' {
                return Err((E_INVALID_TOKEN, m));
            }
            m = Self::skip_ws(d, m + 1);
            if m >= d.len() {
                return self.more(i, last, E_UNCLOSED_TOKEN);
            }
            let q = d[m];
            if q != b'"' && q != b'\'' {
                return Err((E_INVALID_TOKEN, m));
            }
            let Some(close) = d[m + 1..].iter().position(|&c| c == q).map(|p| p + m + 1) else {
                // A '<' before the end is an error already.
                if let Some(p) = d[m + 1..].iter().position(|&c| c == b'<') {
                    return Err((E_INVALID_TOKEN, p + m + 1));
                }
                return self.more(i, last, E_UNCLOSED_TOKEN);
            };
            let value = self.attr_value(d, m + 1, close, i)?;
            if seen.contains(&aname) {
                return Err((E_DUPLICATE_ATTRIBUTE, k));
            }
            seen.push(aname.clone());
            attrs.push(Arg::S(aname));
            attrs.push(Arg::S(value));
            j = close + 1;
        }
        self.root_seen = true;
        self.push(
            evs,
            d,
            ev::START,
            i,
            j,
            vec![Arg::S(name.clone()), Arg::List(attrs)],
        );
        if empty {
            self.push(evs, d, ev::END, j, j, vec![Arg::S(name)]);
        } else {
            self.stack.push(name);
        }
        Ok(Some(j))
    }

    /// An attribute value (between quotes at `s..e`): references replaced,
    /// white space normalized to spaces.
    fn attr_value(&mut self, d: &[u8], s: usize, e: usize, tag: usize) -> Result<String, Fail> {
        let mut out: Vec<u8> = Vec::new();
        let mut k = s;
        while k < e {
            match d[k] {
                b'<' => return Err((E_INVALID_TOKEN, k)),
                b'&' => {
                    let (s2, next) = self.reference(d, k, e, true, tag)?;
                    out.extend_from_slice(s2.as_bytes());
                    k = next;
                }
                b'\r' => {
                    out.push(b' ');
                    k += if d.get(k + 1) == Some(&b'\n') { 2 } else { 1 };
                }
                b'\n' | b'\t' => {
                    out.push(b' ');
                    k += 1;
                }
                b if b < 0x20 => return Err((E_INVALID_TOKEN, k)),
                _ => match utf8_len(d, k) {
                    Ok(n) => {
                        out.extend_from_slice(&d[k..k + n]);
                        k += n;
                    }
                    Err(_) => return Err((E_INVALID_TOKEN, k)),
                },
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// A reference at `d[k]` ('&') ending before `limit`, inside an
    /// attribute value (`attr`): its replacement text and where it ends.
    fn reference(
        &mut self,
        d: &[u8],
        k: usize,
        limit: usize,
        attr: bool,
        _tag: usize,
    ) -> Result<(String, usize), Fail> {
        let Some(semi) = d[k..limit].iter().position(|&c| c == b';').map(|p| p + k) else {
            return Err((E_INVALID_TOKEN, k + 1));
        };
        if d.get(k + 1) == Some(&b'#') {
            let c = self.char_ref(d, k, semi)?;
            return Ok((c.to_string(), semi + 1));
        }
        let Some(ne) = Self::read_name(d, k + 1) else {
            return Err((E_INVALID_TOKEN, k + 1));
        };
        if ne != semi {
            return Err((E_INVALID_TOKEN, ne));
        }
        let name = text(&d[k + 1..ne]);
        if let Some(p) = predefined(&name) {
            return Ok((p.to_string(), semi + 1));
        }
        match self.entities.get(&name) {
            Some(Ent::Internal(v)) => {
                if attr {
                    if self.expanding.contains(&name) {
                        return Err((E_RECURSIVE_ENTITY_REF, k));
                    }
                    let v = v.clone().into_bytes();
                    self.expanding.push(name);
                    let saved = self.pinned;
                    self.pinned = Some(self.abs(k));
                    let r = self.attr_value(&v, 0, v.len(), 0);
                    self.pinned = saved;
                    self.expanding.pop();
                    let r = r.map_err(|(c, _)| (c, k))?;
                    Ok((r, semi + 1))
                } else {
                    Ok((String::new(), semi + 1))
                }
            }
            Some(Ent::External { .. }) => Err((E_ATTRIBUTE_EXTERNAL_ENTITY_REF, k)),
            None => {
                if self.skip_undefined && !self.standalone {
                    Ok((String::new(), semi + 1))
                } else {
                    Err((E_UNDEFINED_ENTITY, k))
                }
            }
        }
    }

    fn char_ref(&self, d: &[u8], k: usize, semi: usize) -> Result<char, Fail> {
        let (digits, radix) = if d.get(k + 2) == Some(&b'x') {
            (k + 3, 16)
        } else {
            (k + 2, 10)
        };
        if digits == semi {
            return Err((E_INVALID_TOKEN, semi));
        }
        let mut v: u32 = 0;
        for (p, &c) in d[digits..semi].iter().enumerate() {
            let Some(x) = (c as char).to_digit(radix) else {
                return Err((E_INVALID_TOKEN, digits + p));
            };
            v = v.saturating_mul(radix).saturating_add(x);
        }
        if !valid_char(v) {
            return Err((E_BAD_CHAR_REF, k));
        }
        char::from_u32(v).ok_or((E_BAD_CHAR_REF, k))
    }

    fn end_tag(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let Some(ne) = Self::read_name(d, i + 2) else {
            if i + 2 >= d.len() {
                return self.more(i, last, E_UNCLOSED_TOKEN);
            }
            return Err((E_INVALID_TOKEN, i + 2));
        };
        let k = Self::skip_ws(d, ne);
        if k >= d.len() {
            return self.more(i, last, E_UNCLOSED_TOKEN);
        }
        if d[k] != b'>' {
            return Err((E_INVALID_TOKEN, k));
        }
        let name = text(&d[i + 2..ne]);
        if self.stack.is_empty() {
            return Err((
                if self.root_seen {
                    E_JUNK_AFTER_DOC_ELEMENT
                } else {
                    E_INVALID_TOKEN
                },
                i,
            ));
        }
        if self.stack.last() != Some(&name) {
            return Err((E_TAG_MISMATCH, i + 2));
        }
        self.stack.pop();
        self.push(evs, d, ev::END, i, k + 1, vec![Arg::S(name)]);
        Ok(Some(k + 1))
    }

    fn comment(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let s = i + 4;
        // "--" may only end the comment.
        let Some(k) = find(d, s, b"--") else {
            return self.more(i, last, E_UNCLOSED_TOKEN);
        };
        if k + 2 >= d.len() {
            return self.more(i, last, E_UNCLOSED_TOKEN);
        }
        if d[k + 2] != b'>' {
            return Err((E_INVALID_TOKEN, k + 2));
        }
        self.check_chars(d, s, k)?;
        self.push(
            evs,
            d,
            ev::COMMENT,
            i,
            k + 3,
            vec![Arg::S(normalize_newlines(&d[s..k]))],
        );
        Ok(Some(k + 3))
    }

    /// Characters XML does not allow in `d[s..e]`.
    fn check_chars(&self, d: &[u8], s: usize, e: usize) -> Result<(), Fail> {
        let mut k = s;
        while k < e {
            let b = d[k];
            if b < 0x20 && !is_ws(b) {
                return Err((E_INVALID_TOKEN, k));
            }
            match utf8_len(d, k) {
                Ok(n) => k += n,
                Err(_) => return Err((E_INVALID_TOKEN, k)),
            }
        }
        Ok(())
    }

    fn pi(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let Some(end) = find(d, i + 2, b"?>") else {
            if let Some(ne) = Self::read_name(d, i + 2) {
                if ne < d.len() && !is_ws(d[ne]) && d[ne] != b'?' {
                    return Err((E_INVALID_TOKEN, ne));
                }
            } else if i + 2 < d.len() {
                return Err((E_INVALID_TOKEN, i + 2));
            }
            return self.more(i, last, E_UNCLOSED_TOKEN);
        };
        let Some(ne) = Self::read_name(d, i + 2) else {
            return Err((E_INVALID_TOKEN, i + 2));
        };
        let ne = ne.min(end);
        let target = text(&d[i + 2..ne]);
        if ne < end && !is_ws(d[ne]) {
            return Err((E_INVALID_TOKEN, ne));
        }
        if target.eq_ignore_ascii_case("xml") {
            if target != "xml" {
                return Err((E_INVALID_TOKEN, i));
            }
            if self.abs(i) != 0 {
                return Err((E_MISPLACED_XML_PI, i));
            }
            let decl = parse_xml_decl(&d[ne..end]).ok_or((E_XML_DECL, i))?;
            if decl.2 == Arg::N(1) {
                self.standalone = true;
            }
            self.push(
                evs,
                d,
                ev::XML_DECL,
                i,
                end + 2,
                vec![decl.0, decl.1, decl.2],
            );
            return Ok(Some(end + 2));
        }
        let ds = Self::skip_ws(d, ne);
        self.check_chars(d, ds.min(end), end)?;
        let data = normalize_newlines(&d[ds.min(end)..end]);
        self.push(
            evs,
            d,
            ev::PI,
            i,
            end + 2,
            vec![Arg::S(target), Arg::S(data)],
        );
        Ok(Some(end + 2))
    }

    fn cdata(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let s = i + 9;
        let Some(e) = find(d, s, b"]]>") else {
            if last {
                return Err((E_UNCLOSED_CDATA_SECTION, d.len()));
            }
            return Ok(None);
        };
        self.check_chars(d, s, e)?;
        self.push(evs, d, ev::START_CDATA, i, s, vec![]);
        self.split_lines(d, s, e, evs);
        self.push(evs, d, ev::END_CDATA, e, e + 3, vec![]);
        Ok(Some(e + 3))
    }

    /// Character data events for `d[s..e]`, each line end separately.
    fn split_lines(&mut self, d: &[u8], s: usize, e: usize, evs: &mut Vec<Event>) {
        let mut k = s;
        let mut run = s;
        while k < e {
            if d[k] == b'\n' || d[k] == b'\r' {
                if run < k {
                    self.push(evs, d, ev::CHARS, run, k, vec![Arg::S(text(&d[run..k]))]);
                }
                let n = if d[k] == b'\r' && k + 1 < e && d[k + 1] == b'\n' {
                    2
                } else {
                    1
                };
                self.push(evs, d, ev::CHARS, k, k + n, vec![Arg::S("\n".into())]);
                k += n;
                run = k;
            } else {
                k += 1;
            }
        }
        if run < e {
            self.push(evs, d, ev::CHARS, run, e, vec![Arg::S(text(&d[run..e]))]);
        }
    }

    fn content_text(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        match d[i] {
            b'&' => return self.content_ref(d, i, last, evs),
            b'\n' => {
                self.push(evs, d, ev::CHARS, i, i + 1, vec![Arg::S("\n".into())]);
                return Ok(Some(i + 1));
            }
            b'\r' => {
                if i + 1 >= d.len() && !last {
                    return Ok(None);
                }
                let n = if d.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                self.push(evs, d, ev::CHARS, i, i + n, vec![Arg::S("\n".into())]);
                return Ok(Some(i + n));
            }
            _ => {}
        }
        let mut k = i;
        while k < d.len() {
            let b = d[k];
            if matches!(b, b'<' | b'&' | b'\n' | b'\r') {
                break;
            }
            if b == b'>' && k >= i + 2 && d[k - 1] == b']' && d[k - 2] == b']' {
                return Err((E_INVALID_TOKEN, k));
            }
            if b < 0x20 && b != b'\t' {
                return Err((E_INVALID_TOKEN, k));
            }
            match utf8_len(d, k) {
                Ok(n) => k += n,
                Err(true) if !last => break,
                Err(_) => return Err((E_INVALID_TOKEN, k)),
            }
        }
        if k == i {
            return Ok(None);
        }
        // A "]]" at the very end may become "]]>".
        if k == d.len() && !last && d[k - 1] == b']' {
            let keep = if k >= i + 2 && d[k - 2] == b']' { 2 } else { 1 };
            if k - keep == i {
                return Ok(None);
            }
            k -= keep;
        }
        self.push(evs, d, ev::CHARS, i, k, vec![Arg::S(text(&d[i..k]))]);
        Ok(Some(k))
    }

    fn content_ref(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let Some(semi) = d[i..].iter().position(|&c| c == b';').map(|p| p + i) else {
            // Check what is there is a possible reference.
            let mut k = i + 1;
            if d.get(k) == Some(&b'#') {
                k += 1;
                if d.get(k) == Some(&b'x') {
                    k += 1;
                }
                while k < d.len() && d[k].is_ascii_hexdigit() {
                    k += 1;
                }
            } else {
                while k < d.len() && is_name_char(d[k]) {
                    k += 1;
                }
            }
            if k < d.len() {
                return Err((E_INVALID_TOKEN, k));
            }
            return self.more(i, last, E_UNCLOSED_TOKEN);
        };
        if d.get(i + 1) == Some(&b'#') {
            let c = self.char_ref(d, i, semi)?;
            self.push(evs, d, ev::CHARS, i, semi + 1, vec![Arg::S(c.to_string())]);
            return Ok(Some(semi + 1));
        }
        let Some(ne) = Self::read_name(d, i + 1) else {
            return Err((E_INVALID_TOKEN, i + 1));
        };
        if ne != semi {
            return Err((E_INVALID_TOKEN, ne));
        }
        let name = text(&d[i + 1..ne]);
        if let Some(p) = predefined(&name) {
            self.push(evs, d, ev::CHARS, i, semi + 1, vec![Arg::S(p.into())]);
            return Ok(Some(semi + 1));
        }
        match self.entities.get(&name) {
            Some(Ent::Internal(v)) => {
                if self.expanding.contains(&name) {
                    return Err((E_RECURSIVE_ENTITY_REF, i));
                }
                let v = v.clone().into_bytes();
                self.expanding.push(name);
                let saved = self.pinned;
                let depth = self.stack.len();
                self.pinned = Some(self.abs(i));
                let mut k = 0;
                let mut r: Result<(), Fail> = Ok(());
                while k < v.len() {
                    match self.token(&v, k, true, evs) {
                        Ok(Some(n)) => k = n,
                        Ok(None) => {
                            r = Err((E_INVALID_TOKEN, k));
                            break;
                        }
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                self.pinned = saved;
                self.expanding.pop();
                r.map_err(|(c, _)| (c, i))?;
                if self.stack.len() != depth {
                    return Err((E_ASYNC_ENTITY, i));
                }
                Ok(Some(semi + 1))
            }
            Some(Ent::External {
                sysid,
                pubid,
                ndata,
            }) => {
                if *ndata {
                    return Err((E_BINARY_ENTITY_REF, i));
                }
                let args = vec![
                    Arg::S(name.clone()),
                    Arg::S(sysid.clone()),
                    pubid.clone().map_or(Arg::Nothing, Arg::S),
                ];
                self.push(evs, d, ev::EXT_REF, i, semi + 1, args);
                Ok(Some(semi + 1))
            }
            None => {
                if self.skip_undefined && !self.standalone {
                    self.push(
                        evs,
                        d,
                        ev::SKIPPED,
                        i,
                        semi + 1,
                        vec![Arg::S(name), Arg::N(0)],
                    );
                    Ok(Some(semi + 1))
                } else {
                    Err((E_UNDEFINED_ENTITY, i))
                }
            }
        }
    }

    // ----- the document type declaration -----

    fn doctype(&mut self, d: &[u8], i: usize, last: bool, evs: &mut Vec<Event>) -> Step {
        let mut local = Vec::new();
        match self.doctype_inner(d, i, &mut local) {
            Ok(Some(n)) => {
                self.doctype_seen = true;
                evs.extend(local);
                Ok(Some(n))
            }
            Ok(None) => self.more(i, last, E_UNCLOSED_TOKEN),
            Err(e) => Err(e),
        }
    }

    fn quoted(d: &[u8], k: usize) -> Result<Option<(String, usize)>, Fail> {
        if k >= d.len() {
            return Ok(None);
        }
        let q = d[k];
        if q != b'"' && q != b'\'' {
            return Err((E_SYNTAX, k));
        }
        match d[k + 1..].iter().position(|&c| c == q) {
            Some(p) => Ok(Some((text(&d[k + 1..k + 1 + p]), k + 2 + p))),
            None => Ok(None),
        }
    }

    /// `SYSTEM "s"` or `PUBLIC "p" "s"` (the system literal optional when
    /// `public_alone`): (sysid, pubid, end), or None when absent.
    fn external_id(
        d: &[u8],
        k: usize,
        public_alone: bool,
    ) -> Result<Option<(Option<String>, Option<String>, usize)>, Option<Fail>> {
        if d[k..].starts_with(b"SYSTEM") {
            let m = Self::skip_ws(d, k + 6);
            let (s, e) = Self::quoted(d, m).map_err(Some)?.ok_or(None)?;
            return Ok(Some((Some(s), None, e)));
        }
        if d[k..].starts_with(b"PUBLIC") {
            let m = Self::skip_ws(d, k + 6);
            let (p, e) = Self::quoted(d, m).map_err(Some)?.ok_or(None)?;
            let m2 = Self::skip_ws(d, e);
            if public_alone && (m2 >= d.len() || d[m2] == b'>') {
                return Ok(Some((None, Some(p), e)));
            }
            if m2 >= d.len() {
                return Err(None);
            }
            if public_alone && d[m2] == b'>' {
                return Ok(Some((None, Some(p), e)));
            }
            let (s, e2) = Self::quoted(d, m2).map_err(Some)?.ok_or(None)?;
            return Ok(Some((Some(s), Some(p), e2)));
        }
        Ok(None)
    }

    fn doctype_inner(&mut self, d: &[u8], i: usize, evs: &mut Vec<Event>) -> Step {
        macro_rules! need {
            ($e:expr) => {
                match $e {
                    Ok(Some(v)) => v,
                    Ok(None) | Err(None) => return Ok(None),
                    Err(Some(f)) => return Err(f),
                }
            };
        }
        let mut k = Self::skip_ws(d, i + 9);
        if k >= d.len() {
            return Ok(None);
        }
        let Some(ne) = Self::read_name(d, k) else {
            return Err((E_SYNTAX, k));
        };
        let name = text(&d[k..ne]);
        k = Self::skip_ws(d, ne);
        if k + 6 > d.len() {
            return Ok(None);
        }
        let (sysid, pubid) = match Self::external_id(d, k, false) {
            Ok(Some((s, p, e))) => {
                k = Self::skip_ws(d, e);
                (s, p)
            }
            Ok(None) => (None, None),
            Err(None) => return Ok(None),
            Err(Some(f)) => return Err(f),
        };
        if k >= d.len() {
            return Ok(None);
        }
        let has_subset = d[k] == b'[';
        if sysid.is_some() {
            self.skip_undefined = true;
        }
        self.push(
            evs,
            d,
            ev::START_DOCTYPE,
            i,
            k,
            vec![
                Arg::S(name),
                sysid.map_or(Arg::Nothing, Arg::S),
                pubid.map_or(Arg::Nothing, Arg::S),
                Arg::N(i64::from(has_subset)),
            ],
        );
        if has_subset {
            k += 1;
            loop {
                k = Self::skip_ws(d, k);
                if k >= d.len() {
                    return Ok(None);
                }
                if d[k] == b']' {
                    k = Self::skip_ws(d, k + 1);
                    break;
                }
                k = need!(self.subset_decl(d, k, evs).map_err(Some));
            }
        }
        if k >= d.len() {
            return Ok(None);
        }
        if d[k] != b'>' {
            return Err((E_SYNTAX, k));
        }
        self.push(evs, d, ev::END_DOCTYPE, k, k + 1, vec![]);
        Ok(Some(k + 1))
    }

    fn subset_decl(&mut self, d: &[u8], k: usize, evs: &mut Vec<Event>) -> Step {
        if d[k] == b'%' {
            if k + 1 >= d.len() {
                return Ok(None);
            }
            let Some(ne) = Self::read_name(d, k + 1) else {
                return Err((E_SYNTAX, k));
            };
            if ne >= d.len() {
                return Ok(None);
            }
            if d[ne] != b';' {
                return Err((E_SYNTAX, ne));
            }
            self.skip_undefined = true;
            let name = text(&d[k + 1..ne]);
            self.push(evs, d, ev::PE_REF, k, ne + 1, vec![Arg::S(name)]);
            return Ok(Some(ne + 1));
        }
        if d[k] != b'<' {
            return Err((E_SYNTAX, k));
        }
        if k + 10 > d.len() {
            return Ok(None);
        }
        if d[k..].starts_with(b"<!--") {
            return self.comment(d, k, false, evs);
        }
        if d[k..].starts_with(b"<?") {
            return self.pi(d, k, false, evs);
        }
        // The declaration's end: the first '>' outside quotes.
        let mut m = k + 2;
        let mut quote = 0u8;
        let end = loop {
            if m >= d.len() {
                return Ok(None);
            }
            let b = d[m];
            if quote != 0 {
                if b == quote {
                    quote = 0;
                }
            } else if b == b'"' || b == b'\'' {
                quote = b;
            } else if b == b'>' {
                break m;
            }
            m += 1;
        };
        let body = &d[..end];
        if d[k..].starts_with(b"<!ENTITY") {
            self.entity_decl(d, body, k, end, evs)?;
        } else if d[k..].starts_with(b"<!ELEMENT") {
            let s = Self::skip_ws(body, k + 9);
            let Some(ne) = Self::read_name(body, s) else {
                return Err((E_SYNTAX, s));
            };
            let name = text(&body[s..ne]);
            let ms = Self::skip_ws(body, ne);
            let (model, me) = content_model(body, ms).ok_or((E_SYNTAX, ms))?;
            if Self::skip_ws(body, me) != end {
                return Err((E_SYNTAX, me));
            }
            self.push(
                evs,
                d,
                ev::ELEMENT_DECL,
                k,
                end + 1,
                vec![Arg::S(name), model],
            );
        } else if d[k..].starts_with(b"<!ATTLIST") {
            self.attlist_decl(d, body, k, end, evs)?;
        } else if d[k..].starts_with(b"<!NOTATION") {
            let s = Self::skip_ws(body, k + 10);
            let Some(ne) = Self::read_name(body, s) else {
                return Err((E_SYNTAX, s));
            };
            let name = text(&body[s..ne]);
            let m = Self::skip_ws(body, ne);
            let Ok(Some((sysid, pubid, e))) = Self::external_id(body, m, true) else {
                return Err((E_SYNTAX, m));
            };
            if Self::skip_ws(body, e) != end {
                return Err((E_SYNTAX, e));
            }
            self.push(
                evs,
                d,
                ev::NOTATION_DECL,
                k,
                end + 1,
                vec![
                    Arg::S(name),
                    sysid.map_or(Arg::Nothing, Arg::S),
                    pubid.map_or(Arg::Nothing, Arg::S),
                ],
            );
        } else {
            return Err((E_SYNTAX, k));
        }
        Ok(Some(end + 1))
    }

    fn entity_decl(
        &mut self,
        d: &[u8],
        body: &[u8],
        k: usize,
        end: usize,
        evs: &mut Vec<Event>,
    ) -> Result<(), Fail> {
        let mut s = Self::skip_ws(body, k + 8);
        let param = body.get(s) == Some(&b'%');
        if param {
            s = Self::skip_ws(body, s + 1);
        }
        let Some(ne) = Self::read_name(body, s) else {
            return Err((E_SYNTAX, s));
        };
        let name = text(&body[s..ne]);
        let m = Self::skip_ws(body, ne);
        if m >= body.len() {
            return Err((E_SYNTAX, m));
        }
        let args;
        if body[m] == b'"' || body[m] == b'\'' {
            let Ok(Some((_, e))) = Self::quoted(body, m) else {
                return Err((E_SYNTAX, m));
            };
            if Self::skip_ws(body, e) != end {
                return Err((E_SYNTAX, e));
            }
            // Character references are replaced in the literal; general
            // entity references stay for expansion at use.
            let lit = &body[m + 1..e - 1];
            let mut out = String::new();
            let mut p = 0;
            while p < lit.len() {
                if lit[p] == b'&' && lit.get(p + 1) == Some(&b'#') {
                    let Some(semi) = lit[p..].iter().position(|&c| c == b';').map(|x| x + p) else {
                        return Err((E_SYNTAX, m + 1 + p));
                    };
                    let c = self
                        .char_ref(lit, p, semi)
                        .map_err(|(c, q)| (c, m + 1 + q))?;
                    out.push(c);
                    p = semi + 1;
                } else if lit[p] == b'%' {
                    return Err((E_SYNTAX, m + 1 + p));
                } else {
                    let n = utf8_len(lit, p).map_err(|_| (E_INVALID_TOKEN, m + 1 + p))?;
                    out.push_str(&text(&lit[p..p + n]));
                    p += n;
                }
            }
            let out = out.replace("\r\n", "\n").replace('\r', "\n");
            args = vec![
                Arg::S(name.clone()),
                Arg::N(i64::from(param)),
                Arg::S(out.clone()),
                Arg::Nothing,
                Arg::Nothing,
                Arg::Nothing,
            ];
            if !param && !self.entities.contains_key(&name) {
                self.entities.insert(name, Ent::Internal(out));
            }
        } else {
            let Ok(Some((sysid, pubid, e))) = Self::external_id(body, m, false) else {
                return Err((E_SYNTAX, m));
            };
            let mut e2 = Self::skip_ws(body, e);
            let mut ndata = None;
            if body[e2..].starts_with(b"NDATA") {
                let s2 = Self::skip_ws(body, e2 + 5);
                let Some(n2) = Self::read_name(body, s2) else {
                    return Err((E_SYNTAX, s2));
                };
                ndata = Some(text(&body[s2..n2]));
                e2 = Self::skip_ws(body, n2);
            }
            if e2 != end {
                return Err((E_SYNTAX, e2));
            }
            let sysid = sysid.unwrap_or_default();
            args = vec![
                Arg::S(name.clone()),
                Arg::N(i64::from(param)),
                Arg::Nothing,
                Arg::S(sysid.clone()),
                pubid.clone().map_or(Arg::Nothing, Arg::S),
                ndata.clone().map_or(Arg::Nothing, Arg::S),
            ];
            if !param && !self.entities.contains_key(&name) {
                self.entities.insert(
                    name,
                    Ent::External {
                        sysid,
                        pubid,
                        ndata: ndata.is_some(),
                    },
                );
            }
        }
        self.push(evs, d, ev::ENTITY_DECL, k, end + 1, args);
        Ok(())
    }

    fn attlist_decl(
        &mut self,
        d: &[u8],
        body: &[u8],
        k: usize,
        end: usize,
        evs: &mut Vec<Event>,
    ) -> Result<(), Fail> {
        let s = Self::skip_ws(body, k + 9);
        let Some(ne) = Self::read_name(body, s) else {
            return Err((E_SYNTAX, s));
        };
        let elname = text(&body[s..ne]);
        let mut m = Self::skip_ws(body, ne);
        while m < end {
            let Some(ae) = Self::read_name(body, m) else {
                return Err((E_SYNTAX, m));
            };
            let aname = text(&body[m..ae]);
            let t = Self::skip_ws(body, ae);
            let (ty, te) = if body.get(t) == Some(&b'(') {
                let Some(c) = body[t..].iter().position(|&c| c == b')') else {
                    return Err((E_SYNTAX, t));
                };
                let inner: String = text(&body[t..t + c + 1])
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                (inner, t + c + 1)
            } else {
                let Some(te) = Self::read_name(body, t) else {
                    return Err((E_SYNTAX, t));
                };
                let word = text(&body[t..te]);
                if word == "NOTATION" {
                    let p = Self::skip_ws(body, te);
                    let Some(c) = body[p..].iter().position(|&c| c == b')') else {
                        return Err((E_SYNTAX, p));
                    };
                    let inner: String = text(&body[p..p + c + 1])
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    (format!("NOTATION{inner}"), p + c + 1)
                } else {
                    (word, te)
                }
            };
            let dft = Self::skip_ws(body, te);
            let (default, required, de) = if body[dft..].starts_with(b"#REQUIRED") {
                (Arg::Nothing, 1, dft + 9)
            } else if body[dft..].starts_with(b"#IMPLIED") {
                (Arg::Nothing, 0, dft + 8)
            } else {
                let (fixed, q) = if body[dft..].starts_with(b"#FIXED") {
                    (1, Self::skip_ws(body, dft + 6))
                } else {
                    (0, dft)
                };
                let Ok(Some((_, e))) = Self::quoted(body, q) else {
                    return Err((E_SYNTAX, q));
                };
                let v = self
                    .attr_value(body, q + 1, e - 1, k)
                    .map_err(|(c, _)| (c, q))?;
                (Arg::S(v), fixed, e)
            };
            self.push(
                evs,
                d,
                ev::ATTLIST_DECL,
                k,
                end + 1,
                vec![
                    Arg::S(elname.clone()),
                    Arg::S(aname),
                    Arg::S(ty),
                    default,
                    Arg::N(required),
                ],
            );
            m = Self::skip_ws(body, de);
        }
        Ok(())
    }
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

fn normalize_newlines(b: &[u8]) -> String {
    text(b).replace("\r\n", "\n").replace('\r', "\n")
}

/// The XML declaration's pseudo-attributes: version, encoding (or None)
/// and standalone (-1 absent, 0 no, 1 yes).
fn parse_xml_decl(b: &[u8]) -> Option<(Arg, Arg, Arg)> {
    let mut k = 0;
    let mut vals: Vec<(String, String)> = Vec::new();
    loop {
        let s = Scanner::skip_ws(b, k);
        if s >= b.len() {
            break;
        }
        if s == k {
            return None;
        }
        let ne = Scanner::read_name(b, s)?;
        let name = text(&b[s..ne]);
        let m = Scanner::skip_ws(b, ne);
        if b.get(m) != Some(&b'=') {
            return None;
        }
        let q = Scanner::skip_ws(b, m + 1);
        let (v, e) = Scanner::quoted(b, q).ok()??;
        vals.push((name, v));
        k = e;
    }
    let order = ["version", "encoding", "standalone"];
    let mut last = 0;
    let mut version = None;
    let mut encoding = Arg::Nothing;
    let mut standalone = Arg::N(-1);
    for (n, v) in vals {
        let idx = order.iter().position(|o| *o == n)?;
        if idx < last || (idx == last && version.is_some() && idx == 0) {
            return None;
        }
        last = idx + 1;
        match idx {
            0 => version = Some(v),
            1 => encoding = Arg::S(v),
            _ => {
                standalone = match v.as_str() {
                    "yes" => Arg::N(1),
                    "no" => Arg::N(0),
                    _ => return None,
                }
            }
        }
    }
    Some((version.map_or(Arg::Nothing, Arg::S), encoding, standalone))
}

/// A content specification at `b[k..]`: the model tuple pyexpat gives
/// (type, quantifier, name, children) and where it ends.
fn content_model(b: &[u8], k: usize) -> Option<(Arg, usize)> {
    let leaf = |t: i64, q: i64, n: Arg, c: Vec<Arg>| {
        Arg::Tuple(vec![Arg::N(t), Arg::N(q), n, Arg::Tuple(c)])
    };
    if b[k..].starts_with(b"EMPTY") {
        return Some((leaf(1, 0, Arg::Nothing, vec![]), k + 5));
    }
    if b[k..].starts_with(b"ANY") {
        return Some((leaf(2, 0, Arg::Nothing, vec![]), k + 3));
    }
    if b.get(k) != Some(&b'(') {
        return None;
    }
    let s = Scanner::skip_ws(b, k + 1);
    if b[s..].starts_with(b"#PCDATA") {
        let mut m = Scanner::skip_ws(b, s + 7);
        let mut names = Vec::new();
        while b.get(m) == Some(&b'|') {
            let n = Scanner::skip_ws(b, m + 1);
            let ne = Scanner::read_name(b, n)?;
            names.push(leaf(4, 0, Arg::S(text(&b[n..ne])), vec![]));
            m = Scanner::skip_ws(b, ne);
        }
        if b.get(m) != Some(&b')') {
            return None;
        }
        m += 1;
        let q = if b.get(m) == Some(&b'*') {
            m += 1;
            2
        } else {
            0
        };
        return Some((leaf(3, q, Arg::Nothing, names), m));
    }
    group(b, k)
}

fn quant(b: &[u8], m: usize) -> (i64, usize) {
    match b.get(m) {
        Some(b'?') => (1, m + 1),
        Some(b'*') => (2, m + 1),
        Some(b'+') => (3, m + 1),
        _ => (0, m),
    }
}

fn group(b: &[u8], k: usize) -> Option<(Arg, usize)> {
    let mut items = Vec::new();
    let mut m = k + 1;
    let mut sep = 0u8;
    loop {
        m = Scanner::skip_ws(b, m);
        let (item, e) = if b.get(m) == Some(&b'(') {
            group(b, m)?
        } else {
            let ne = Scanner::read_name(b, m)?;
            let (q, e) = quant(b, ne);
            (
                Arg::Tuple(vec![
                    Arg::N(4),
                    Arg::N(q),
                    Arg::S(text(&b[m..ne])),
                    Arg::Tuple(vec![]),
                ]),
                e,
            )
        };
        items.push(item);
        m = Scanner::skip_ws(b, e);
        match b.get(m) {
            Some(b')') => break,
            Some(&c @ (b'|' | b',')) => {
                if sep != 0 && sep != c {
                    return None;
                }
                sep = c;
                m += 1;
            }
            _ => return None,
        }
    }
    let (q, e) = quant(b, m + 1);
    let t = if sep == b'|' { 5 } else { 6 };
    Some((
        Arg::Tuple(vec![Arg::N(t), Arg::N(q), Arg::Nothing, Arg::Tuple(items)]),
        e,
    ))
}
