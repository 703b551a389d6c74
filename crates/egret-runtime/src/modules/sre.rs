//! `_sre`: the regular-expression engine under CPython's `re` package.
//!
//! `re` (pure Python, from CPython's library) parses and compiles a pattern
//! into SRE code, a list of integers; `_sre.compile` wraps that code in a
//! Pattern object and this file runs it. The matcher is a backtracking
//! interpreter of the SRE opcodes with CPython's semantics (greedy, lazy,
//! possessive and atomic repeats, lookaround, group references,
//! `must_advance` for empty matches when iterating).

use std::cell::RefCell;

use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::bytes::{BytesData, new_bytes};
use crate::objects::dict::{DictTable, new_dict};
use crate::objects::function::NativeFn;
use crate::objects::int::from_i64;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::protocols::args::{Kw, check_args, kwarg};
use crate::vm::{PyResult, Vm};

const MAGIC: i64 = 20_220_615;
const MAXREPEAT: u32 = u32::MAX;
const MAXGROUPS: i64 = 1_073_741_823;

mod op {
    pub const FAILURE: u32 = 0;
    pub const SUCCESS: u32 = 1;
    pub const ANY: u32 = 2;
    pub const ANY_ALL: u32 = 3;
    pub const ASSERT: u32 = 4;
    pub const ASSERT_NOT: u32 = 5;
    pub const AT: u32 = 6;
    pub const BRANCH: u32 = 7;
    pub const CATEGORY: u32 = 8;
    pub const CHARSET: u32 = 9;
    pub const BIGCHARSET: u32 = 10;
    pub const GROUPREF: u32 = 11;
    pub const GROUPREF_EXISTS: u32 = 12;
    pub const IN: u32 = 13;
    pub const INFO: u32 = 14;
    pub const JUMP: u32 = 15;
    pub const LITERAL: u32 = 16;
    pub const MARK: u32 = 17;
    pub const MAX_UNTIL: u32 = 18;
    pub const MIN_UNTIL: u32 = 19;
    pub const NOT_LITERAL: u32 = 20;
    pub const NEGATE: u32 = 21;
    pub const RANGE: u32 = 22;
    pub const REPEAT: u32 = 23;
    pub const REPEAT_ONE: u32 = 24;
    pub const MIN_REPEAT_ONE: u32 = 26;
    pub const ATOMIC_GROUP: u32 = 27;
    pub const POSSESSIVE_REPEAT: u32 = 28;
    pub const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub const GROUPREF_IGNORE: u32 = 30;
    pub const IN_IGNORE: u32 = 31;
    pub const LITERAL_IGNORE: u32 = 32;
    pub const NOT_LITERAL_IGNORE: u32 = 33;
    pub const GROUPREF_LOC_IGNORE: u32 = 34;
    pub const IN_LOC_IGNORE: u32 = 35;
    pub const LITERAL_LOC_IGNORE: u32 = 36;
    pub const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub const GROUPREF_UNI_IGNORE: u32 = 38;
    pub const IN_UNI_IGNORE: u32 = 39;
    pub const LITERAL_UNI_IGNORE: u32 = 40;
    pub const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub const RANGE_UNI_IGNORE: u32 = 42;
}

// ----- character classes -----

fn ch(c: u32) -> char {
    crate::objects::unicode::char_for(c).unwrap_or('\u{fffd}')
}

fn ascii_lower(c: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&c) {
        c + 32
    } else {
        c
    }
}

fn uni_lower(c: u32) -> u32 {
    if (0xD800..=0xDFFF).contains(&c) {
        return c;
    }
    let mut it = ch(c).to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l as u32,
        (Some(l), Some(_)) if c == 0x130 => l as u32,
        _ => c,
    }
}

fn uni_upper(c: u32) -> u32 {
    if (0xD800..=0xDFFF).contains(&c) {
        return c;
    }
    let mut it = ch(c).to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u as u32,
        _ => c,
    }
}

fn is_ascii_word(c: u32) -> bool {
    c < 128 && (ch(c).is_ascii_alphanumeric() || c == b'_' as u32)
}

fn is_uni_word(c: u32) -> bool {
    let x = ch(c);
    crate::objects::unicode::is_alnum(x) || x == '_'
}

fn is_uni_space(c: u32) -> bool {
    crate::objects::unicode::is_space(ch(c))
}

fn is_uni_linebreak(c: u32) -> bool {
    matches!(c, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

fn category(code: u32, c: u32) -> bool {
    match code {
        0 => c < 128 && ch(c).is_ascii_digit(),
        1 => !(c < 128 && ch(c).is_ascii_digit()),
        2 => matches!(c, 0x09..=0x0d | 0x20),
        3 => !matches!(c, 0x09..=0x0d | 0x20),
        4 | 8 => is_ascii_word(c),
        5 | 9 => !is_ascii_word(c),
        6 => c == 0x0a,
        7 => c != 0x0a,
        10 => crate::objects::str::is_decimal_char(ch(c)),
        11 => !crate::objects::str::is_decimal_char(ch(c)),
        12 => is_uni_space(c),
        13 => !is_uni_space(c),
        14 => is_uni_word(c),
        15 => !is_uni_word(c),
        16 => is_uni_linebreak(c),
        17 => !is_uni_linebreak(c),
        _ => false,
    }
}

/// Whether `c` is in the set starting at `code[pc]` (ends with FAILURE).
fn in_charset(code: &[u32], mut pc: usize, c: u32) -> bool {
    let mut ok = true;
    loop {
        let Some(&o) = code.get(pc) else {
            return !ok;
        };
        match o {
            op::FAILURE => return !ok,
            op::LITERAL => {
                if c == code[pc + 1] {
                    return ok;
                }
                pc += 2;
            }
            op::CATEGORY => {
                if category(code[pc + 1], c) {
                    return ok;
                }
                pc += 2;
            }
            op::CHARSET => {
                if c < 256 && (code[pc + 1 + (c as usize >> 5)] & (1 << (c & 31))) != 0 {
                    return ok;
                }
                pc += 1 + 8;
            }
            op::RANGE => {
                if code[pc + 1] <= c && c <= code[pc + 2] {
                    return ok;
                }
                pc += 3;
            }
            op::RANGE_UNI_IGNORE => {
                if code[pc + 1] <= c && c <= code[pc + 2] {
                    return ok;
                }
                let u = uni_upper(c);
                if code[pc + 1] <= u && u <= code[pc + 2] {
                    return ok;
                }
                pc += 3;
            }
            op::NEGATE => {
                ok = !ok;
                pc += 1;
            }
            op::BIGCHARSET => {
                let count = code[pc + 1] as usize;
                pc += 2;
                if c < 65536 {
                    let word = code[pc + (c as usize >> 8) / 4];
                    let block = (word >> (8 * ((c as usize >> 8) & 3))) & 0xff;
                    let base = pc + 64 + block as usize * 8;
                    let cc = c & 255;
                    if code[base + (cc as usize >> 5)] & (1 << (cc & 31)) != 0 {
                        return ok;
                    }
                }
                pc += 64 + count * 8;
            }
            _ => return !ok,
        }
    }
}

// ----- the matcher -----

struct Rep {
    count: i64,
    /// Position of the REPEAT opcode.
    pc: usize,
    last_pos: Option<usize>,
}

/// The code points a pattern runs over: bytes (a bytes subject, or an
/// ASCII str read in place) or `u32`s.
trait Unit: Copy {
    fn cp(self) -> u32;
}

impl Unit for u8 {
    #[inline]
    fn cp(self) -> u32 {
        u32::from(self)
    }
}

impl Unit for u32 {
    #[inline]
    fn cp(self) -> u32 {
        self
    }
}

struct Matcher<'a, T> {
    code: &'a [u32],
    s: &'a [T],
    /// Where the search for this match started (for must_advance).
    start: usize,
    end: usize,
    marks: Vec<Option<usize>>,
    lastindex: i64,
    reps: Vec<Rep>,
    match_all: bool,
    must_advance: bool,
    /// End of the match once SUCCESS is reached.
    ptr: usize,
    steps: u64,
    /// Saved marks of the snapshots in use, one after another (a stack:
    /// each `run` drops what was saved above where it started).
    saved: Vec<Option<usize>>,
}

/// Where a snapshot's marks are in `Matcher::saved`, how many, and the
/// `lastindex` beside them.
type Snapshot = (usize, usize, i64);

impl<T: Unit> Matcher<'_, T> {
    fn new<'b>(code: &'b [u32], s: &'b [T], end: usize, match_all: bool) -> Matcher<'b, T> {
        Matcher {
            code,
            s,
            start: 0,
            end,
            marks: Vec::new(),
            lastindex: -1,
            reps: Vec::new(),
            match_all,
            must_advance: false,
            ptr: 0,
            steps: 0,
            saved: Vec::new(),
        }
    }

    /// Tries a match at `at` (what was left of an earlier try is reset).
    fn try_at(&mut self, at: usize, must_advance: bool) -> bool {
        self.start = at;
        self.ptr = at;
        self.must_advance = must_advance;
        self.marks.clear();
        self.lastindex = -1;
        self.reps.clear();
        self.saved.clear();
        self.run(0, at, true)
    }

    fn save(&mut self) -> Snapshot {
        let at = self.saved.len();
        self.saved.extend_from_slice(&self.marks);
        (at, self.marks.len(), self.lastindex)
    }

    fn restore(&mut self, s: &Snapshot) {
        self.marks.clear();
        self.marks.extend_from_slice(&self.saved[s.0..s.0 + s.1]);
        self.lastindex = s.2;
    }

    /// Forgets snapshot `s` (and any saved after it).
    fn release(&mut self, s: &Snapshot) {
        self.saved.truncate(s.0);
    }

    /// Matches from `pc` at `pos`; snapshots taken meanwhile are dropped
    /// when it returns.
    fn run(&mut self, pc: usize, pos: usize, toplevel: bool) -> bool {
        let mark = self.saved.len();
        let r = self.run_inner(pc, pos, toplevel);
        self.saved.truncate(mark);
        r
    }

    fn at(&self, code: u32, pos: usize) -> bool {
        let s = self.s;
        let word_at = |p: usize, f: fn(u32) -> bool| p < self.end && f(s[p].cp());
        let word_before = |p: usize, f: fn(u32) -> bool| p > 0 && f(s[p - 1].cp());
        match code {
            0 | 2 => pos == 0,
            1 => pos == 0 || s[pos - 1].cp() == 0x0a,
            3 | 8 => self.end > 0 && word_before(pos, is_ascii_word) != word_at(pos, is_ascii_word),
            4 | 9 => self.end > 0 && word_before(pos, is_ascii_word) == word_at(pos, is_ascii_word),
            5 => pos == self.end || (pos + 1 == self.end && s[pos].cp() == 0x0a),
            6 => pos == self.end || s[pos].cp() == 0x0a,
            7 => pos == self.end,
            10 => self.end > 0 && word_before(pos, is_uni_word) != word_at(pos, is_uni_word),
            11 => self.end > 0 && word_before(pos, is_uni_word) == word_at(pos, is_uni_word),
            _ => false,
        }
    }

    /// Whether the single-character item at `pc` matches `s[pos]`.
    fn one(&self, pc: usize, pos: usize) -> bool {
        if pos >= self.end {
            return false;
        }
        let c = self.s[pos].cp();
        let code = self.code;
        match code[pc] {
            op::ANY => c != 0x0a,
            op::ANY_ALL => true,
            op::LITERAL => c == code[pc + 1],
            op::NOT_LITERAL => c != code[pc + 1],
            op::LITERAL_IGNORE | op::LITERAL_LOC_IGNORE => ascii_lower(c) == code[pc + 1],
            op::NOT_LITERAL_IGNORE | op::NOT_LITERAL_LOC_IGNORE => ascii_lower(c) != code[pc + 1],
            op::LITERAL_UNI_IGNORE => uni_lower(c) == code[pc + 1],
            op::NOT_LITERAL_UNI_IGNORE => uni_lower(c) != code[pc + 1],
            op::IN => in_charset(code, pc + 2, c),
            op::IN_IGNORE | op::IN_LOC_IGNORE => in_charset(code, pc + 2, ascii_lower(c)),
            op::IN_UNI_IGNORE => in_charset(code, pc + 2, uni_lower(c)),
            op::CATEGORY => category(code[pc + 1], c),
            _ => false,
        }
    }

    /// How many characters from `pos` the single-character item at `pc`
    /// matches, up to `max`.
    fn count(&self, pc: usize, pos: usize, max: usize) -> usize {
        let limit = (self.end - pos).min(max);
        let mut n = 0;
        while n < limit && self.one(pc, pos + n) {
            n += 1;
        }
        n
    }

    fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        match (
            self.marks.get(2 * g).copied().flatten(),
            self.marks.get(2 * g + 1).copied().flatten(),
        ) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            _ => None,
        }
    }

    /// Matches the code from `pc` at `pos`; on success `self.ptr` is where
    /// the match (up to the SUCCESS that ended it) stopped.
    fn run_inner(&mut self, mut pc: usize, mut pos: usize, toplevel: bool) -> bool {
        let code = self.code;
        loop {
            self.steps += 1;
            let o = code[pc];
            match o {
                op::FAILURE => return false,
                op::SUCCESS => {
                    if toplevel
                        && ((self.match_all && pos != self.end)
                            || (self.must_advance && pos == self.start))
                    {
                        return false;
                    }
                    self.ptr = pos;
                    return true;
                }
                op::ANY | op::ANY_ALL => {
                    if !self.one(pc, pos) {
                        return false;
                    }
                    pos += 1;
                    pc += 1;
                }
                op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::CATEGORY => {
                    if !self.one(pc, pos) {
                        return false;
                    }
                    pos += 1;
                    pc += 2;
                }
                op::IN | op::IN_IGNORE | op::IN_LOC_IGNORE | op::IN_UNI_IGNORE => {
                    if !self.one(pc, pos) {
                        return false;
                    }
                    pos += 1;
                    pc += 1 + code[pc + 1] as usize;
                }
                op::AT => {
                    if !self.at(code[pc + 1], pos) {
                        return false;
                    }
                    pc += 2;
                }
                op::INFO => pc += 1 + code[pc + 1] as usize,
                op::JUMP => pc += 1 + code[pc + 1] as usize,
                op::MARK => {
                    let i = code[pc + 1] as usize;
                    if i >= self.marks.len() {
                        self.marks.resize(i + 1, None);
                    }
                    if i & 1 == 1 {
                        self.lastindex = (i / 2 + 1) as i64;
                    }
                    self.marks[i] = Some(pos);
                    pc += 2;
                }
                op::BRANCH => {
                    let saved = self.save();
                    let mut alt = pc + 1;
                    while code[alt] != 0 {
                        let skip = code[alt] as usize;
                        // A literal first opcode that cannot match: skip it.
                        let first = code[alt + 1];
                        let hopeless = first == op::LITERAL
                            && (pos >= self.end || self.s[pos].cp() != code[alt + 2]);
                        if !hopeless {
                            if self.run(alt + 1, pos, toplevel) {
                                return true;
                            }
                            self.restore(&saved);
                        }
                        alt += skip;
                    }
                    return false;
                }
                op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                    let skip = code[pc + 1] as usize;
                    let min = code[pc + 2] as usize;
                    let max = if code[pc + 3] == MAXREPEAT {
                        usize::MAX
                    } else {
                        code[pc + 3] as usize
                    };
                    let item = pc + 4;
                    let next = pc + 1 + skip;
                    if pos + min > self.end {
                        return false;
                    }
                    if o == op::MIN_REPEAT_ONE {
                        let n = self.count(item, pos, min);
                        if n < min {
                            return false;
                        }
                        let mut cur = pos + n;
                        let saved = self.save();
                        loop {
                            if self.run(next, cur, toplevel) {
                                return true;
                            }
                            self.restore(&saved);
                            if cur - pos >= max || !self.one(item, cur) {
                                return false;
                            }
                            cur += 1;
                        }
                    }
                    let n = self.count(item, pos, max);
                    if n < min {
                        return false;
                    }
                    if o == op::POSSESSIVE_REPEAT_ONE {
                        pos += n;
                        pc = next;
                        continue;
                    }
                    if code[next] == op::SUCCESS && !toplevel {
                        self.ptr = pos + n;
                        return true;
                    }
                    let saved = self.save();
                    let lit = (code[next] == op::LITERAL).then(|| code[next + 1]);
                    let mut k = n;
                    loop {
                        let at = pos + k;
                        let worth = match lit {
                            Some(l) => at < self.end && self.s[at].cp() == l,
                            None => true,
                        };
                        if worth {
                            if self.run(next, at, toplevel) {
                                return true;
                            }
                            self.restore(&saved);
                        }
                        if k == min {
                            return false;
                        }
                        k -= 1;
                    }
                }
                op::REPEAT | op::POSSESSIVE_REPEAT if o == op::POSSESSIVE_REPEAT => {
                    let skip = code[pc + 1] as usize;
                    let min = code[pc + 2] as i64;
                    let max = if code[pc + 3] == MAXREPEAT {
                        i64::MAX
                    } else {
                        code[pc + 3] as i64
                    };
                    let body = pc + 4;
                    let mut count = 0i64;
                    while count < max {
                        let saved = self.save();
                        let reps = std::mem::take(&mut self.reps);
                        let ok = self.run(body, pos, false);
                        self.reps = reps;
                        if !ok {
                            self.restore(&saved);
                            self.release(&saved);
                            break;
                        }
                        self.release(&saved);
                        if self.ptr == pos && count >= min {
                            break;
                        }
                        pos = self.ptr;
                        count += 1;
                    }
                    if count < min {
                        return false;
                    }
                    pc += 1 + skip;
                }
                op::REPEAT => {
                    let skip = code[pc + 1] as usize;
                    self.reps.push(Rep {
                        count: -1,
                        pc,
                        last_pos: None,
                    });
                    let ok = self.run(pc + 1 + skip, pos, toplevel);
                    if !ok {
                        self.reps.pop();
                    }
                    return ok;
                }
                op::MAX_UNTIL | op::MIN_UNTIL => {
                    let Some(rep) = self.reps.last() else {
                        return false;
                    };
                    let rpc = rep.pc;
                    let min = code[rpc + 2] as i64;
                    let max = if code[rpc + 3] == MAXREPEAT {
                        i64::MAX
                    } else {
                        code[rpc + 3] as i64
                    };
                    let count = rep.count + 1;
                    let body = rpc + 4;
                    let last = self.reps.len() - 1;
                    if count < min {
                        self.reps[last].count = count;
                        if self.run(body, pos, toplevel) {
                            return true;
                        }
                        if let Some(r) = self.reps.get_mut(last) {
                            r.count = count - 1;
                        }
                        return false;
                    }
                    let try_body = |m: &mut Self| -> bool {
                        if count >= max || m.reps[last].last_pos == Some(pos) {
                            return false;
                        }
                        let saved = m.save();
                        let old_last = m.reps[last].last_pos;
                        m.reps[last].count = count;
                        m.reps[last].last_pos = Some(pos);
                        if m.run(body, pos, toplevel) {
                            return true;
                        }
                        if let Some(r) = m.reps.get_mut(last) {
                            r.count = count - 1;
                            r.last_pos = old_last;
                        }
                        m.restore(&saved);
                        false
                    };
                    let try_tail = |m: &mut Self| -> bool {
                        let rep = m.reps.pop().expect("repeat context");
                        let saved = m.save();
                        if m.run(pc + 1, pos, toplevel) {
                            return true;
                        }
                        m.restore(&saved);
                        m.reps.push(rep);
                        false
                    };
                    if o == op::MAX_UNTIL {
                        return try_body(self) || try_tail(self);
                    }
                    return try_tail(self) || try_body(self);
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_LOC_IGNORE
                | op::GROUPREF_UNI_IGNORE => {
                    let g = code[pc + 1] as usize;
                    let Some((a, b)) = self.group_span(g) else {
                        return false;
                    };
                    let n = b - a;
                    if pos + n > self.end {
                        return false;
                    }
                    let fold: fn(u32) -> u32 = match o {
                        op::GROUPREF => |c| c,
                        op::GROUPREF_UNI_IGNORE => uni_lower,
                        _ => ascii_lower,
                    };
                    for i in 0..n {
                        if fold(self.s[a + i].cp()) != fold(self.s[pos + i].cp()) {
                            return false;
                        }
                    }
                    pos += n;
                    pc += 2;
                }
                op::GROUPREF_EXISTS => {
                    let g = code[pc + 1] as usize;
                    if self.group_span(g).is_some() {
                        pc += 3;
                    } else {
                        pc += 1 + code[pc + 2] as usize;
                    }
                }
                op::ASSERT | op::ASSERT_NOT => {
                    let skip = code[pc + 1] as usize;
                    let back = code[pc + 2] as usize;
                    let ok = if back > pos {
                        false
                    } else {
                        let saved = self.save();
                        let reps = std::mem::take(&mut self.reps);
                        let end = self.ptr;
                        let r = self.run(pc + 3, pos - back, false);
                        self.reps = reps;
                        self.ptr = end;
                        if !r || o == op::ASSERT_NOT {
                            self.restore(&saved);
                        }
                        self.release(&saved);
                        r
                    };
                    if ok != (o == op::ASSERT) {
                        return false;
                    }
                    pc += 1 + skip;
                }
                op::ATOMIC_GROUP => {
                    let skip = code[pc + 1] as usize;
                    let saved = self.save();
                    let reps = std::mem::take(&mut self.reps);
                    let r = self.run(pc + 2, pos, false);
                    self.reps = reps;
                    if !r {
                        self.restore(&saved);
                        return false;
                    }
                    self.release(&saved);
                    pos = self.ptr;
                    pc += 1 + skip;
                }
                _ => return false,
            }
        }
    }
}

/// The result of one match attempt: the marks (group boundaries).
struct Found {
    start: usize,
    end: usize,
    marks: Vec<Option<usize>>,
    lastindex: i64,
}

fn try_at<T: Unit>(
    code: &[u32],
    s: &[T],
    at: usize,
    end: usize,
    match_all: bool,
    must_advance: bool,
) -> Option<Found> {
    let mut m = Matcher::new(code, s, end, match_all);
    m.try_at(at, must_advance).then(|| m.found())
}

impl<T: Unit> Matcher<'_, T> {
    /// The match the last successful `try_at` made.
    fn found(&mut self) -> Found {
        Found {
            start: self.start,
            end: self.ptr,
            marks: std::mem::take(&mut self.marks),
            lastindex: self.lastindex,
        }
    }
}

/// The literal prefix the pattern must start with (from its INFO block), or
/// the first literal opcode: lets the search skip hopeless positions.
fn first_literal(code: &[u32]) -> Option<u32> {
    let mut pc = 0;
    if code.first() == Some(&op::INFO) {
        pc = 1 + code[1] as usize;
    }
    (code.get(pc) == Some(&op::LITERAL)).then(|| code[pc + 1])
}

fn search<T: Unit>(
    code: &[u32],
    s: &[T],
    pos: usize,
    end: usize,
    must_advance: bool,
) -> Option<Found> {
    let lit = first_literal(code);
    let mut at = pos;
    let mut advance = must_advance;
    // One matcher for every position: its buffers are allocated once.
    let mut m = Matcher::new(code, s, end, false);
    while at <= end {
        if let Some(l) = lit {
            while at < end && s[at].cp() != l {
                at += 1;
                advance = false;
            }
            if at >= end {
                return None;
            }
        }
        if m.try_at(at, advance) {
            return Some(m.found());
        }
        advance = false;
        at += 1;
    }
    None
}

// ----- Python objects -----

pub struct PatternInfo {
    code: Vec<u32>,
    groups: usize,
    is_bytes: bool,
}

crate::gil_local! {
    static PATTERNS: RefCell<Vec<std::rc::Rc<PatternInfo>>> = const { RefCell::new(Vec::new()) };
}

fn info(vm: &mut Vm, p: &Value) -> PyResult<std::rc::Rc<PatternInfo>> {
    let idx = vm.getattr_str(p, "_egret_code")?;
    let i = vm.index_value(&idx)? as usize;
    PATTERNS
        .with(|v| v.borrow().get(i).cloned())
        .ok_or_else(|| vm.type_error("not a compiled pattern"))
}

/// The subject as code points, and whether it is bytes.
fn subject(vm: &mut Vm, pat: &PatternInfo, v: &Value) -> PyResult<Vec<u32>> {
    match v.kind() {
        Kind::Str => {
            if pat.is_bytes {
                return Err(vm.type_error("cannot use a bytes pattern on a string-like object"));
            }
            Ok(crate::objects::str::as_str(v)
                .unwrap_or("")
                .chars()
                .map(crate::objects::unicode::code_point)
                .collect())
        }
        Kind::Bytes | Kind::ByteArray => {
            if !pat.is_bytes {
                return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
            }
            Ok(v.downcast::<BytesData>()
                .expect("bytes")
                .data
                .borrow()
                .iter()
                .map(|&b| u32::from(b))
                .collect())
        }
        _ if crate::objects::buffer::is_exporter(v) => {
            let b = crate::objects::bytes::new_bytes(crate::objects::buffer::bytes_like(vm, v)?);
            subject(vm, pat, &b)
        }
        _ => Err(vm.type_error(format!(
            "expected string or bytes-like object, got '{}'",
            v.type_data().name
        ))),
    }
}

fn slice_of(is_bytes: bool, s: &[u32], a: usize, b: usize) -> Value {
    if is_bytes {
        new_bytes(s[a..b].iter().map(|&c| c as u8).collect())
    } else {
        new_str(&s[a..b].iter().map(|&c| ch(c)).collect::<String>())
    }
}

fn pos_args(vm: &mut Vm, a: &[Value], k: Kw, len: usize) -> PyResult<(usize, usize)> {
    let clamp = |n: i64| -> usize { if n < 0 { 0 } else { (n as usize).min(len) } };
    let pos = match a.get(2).cloned().or_else(|| kwarg(k, "pos")) {
        Some(p) => clamp(vm.index_value(&p)?),
        None => 0,
    };
    let end = match a.get(3).cloned().or_else(|| kwarg(k, "endpos")) {
        Some(p) => clamp(vm.index_value(&p)?),
        None => len,
    };
    Ok((pos, end))
}

fn string_arg(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<Value> {
    a.get(1)
        .cloned()
        .or_else(|| kwarg(k, "string"))
        .ok_or_else(|| vm.type_error("missing required argument 'string' (pos 1)"))
}

fn new_match(
    vm: &mut Vm,
    pattern: &Value,
    pat: &PatternInfo,
    string: &Value,
    found: &Found,
    pos: usize,
    endpos: usize,
) -> PyResult {
    let mut spans = vec![from_i64(found.start as i64), from_i64(found.end as i64)];
    for g in 0..pat.groups {
        // Group g+1 is delimited by marks 2g and 2g+1.
        let (a, b) = (
            found.marks.get(2 * g).copied().flatten(),
            found.marks.get(2 * g + 1).copied().flatten(),
        );
        match (a, b) {
            (Some(a), Some(b)) if a <= b => {
                spans.push(from_i64(a as i64));
                spans.push(from_i64(b as i64));
            }
            _ => {
                spans.push(from_i64(-1));
                spans.push(from_i64(-1));
            }
        }
    }
    let lastindex = if found.lastindex >= 1 {
        from_i64(found.lastindex)
    } else {
        vm.none()
    };
    let lastgroup = if found.lastindex >= 1 {
        let ig = vm.getattr_str(pattern, "_indexgroup")?;
        match vm.getitem(&ig, &from_i64(found.lastindex)) {
            Ok(v) => v,
            Err(_) => vm.none(),
        }
    } else {
        vm.none()
    };
    let values = [
        new_tuple(spans),
        pattern.clone(),
        string.clone(),
        from_i64(pos as i64),
        from_i64(endpos as i64),
        lastindex,
        lastgroup,
    ];
    let mut t = DictTable::new();
    MATCH_KEYS.with(|keys| {
        for ((key, hash), value) in keys.iter().zip(values) {
            t.set_fast(key.clone(), *hash, value);
        }
    });
    Ok(Value::alloc(
        &types().sre_match,
        InstanceData::with_dict(new_dict(t)),
    ))
}

crate::gil_local! {
    /// The attribute names of a match object, with their hashes: made
    /// once, not at every match.
    static MATCH_KEYS: Vec<(Value, i64)> = ["_spans", "re", "string", "pos", "endpos", "lastindex", "lastgroup"]
        .iter()
        .map(|k| (new_str(k), crate::objects::str::hash_str(k)))
        .collect();
}

fn do_match(vm: &mut Vm, a: &[Value], k: Kw, mode: u8) -> PyResult {
    let pat = info(vm, &a[0])?;
    let string = string_arg(vm, a, k)?;
    // An ASCII str is matched in place: a match at a position in a long
    // text (a tokenizer's loop) costs nothing for the rest of the text.
    let ascii = (!pat.is_bytes)
        .then(|| string.downcast::<crate::objects::str::StrData>())
        .flatten()
        .filter(|sd| sd.is_ascii())
        .map(|sd| sd.as_str().as_bytes());
    fn run<T: Unit>(code: &[u32], s: &[T], pos: usize, end: usize, mode: u8) -> Option<Found> {
        match mode {
            0 => try_at(code, s, pos, end, false, false),
            1 => try_at(code, s, pos, end, true, false),
            _ => search(code, s, pos, end, false),
        }
    }
    let found = if let Some(b) = ascii {
        let (pos, end) = pos_args(vm, a, k, b.len())?;
        if end < pos {
            return Ok(vm.none());
        }
        (run(&pat.code, b, pos, end, mode), pos, end)
    } else {
        let s = subject(vm, &pat, &string)?;
        let (pos, end) = pos_args(vm, a, k, s.len())?;
        if end < pos {
            return Ok(vm.none());
        }
        (run(&pat.code, &s, pos, end, mode), pos, end)
    };
    let (found, pos, end) = found;
    match found {
        Some(f) => new_match(vm, &a[0], &pat, &string, &f, pos, end),
        None => Ok(vm.none()),
    }
}

/// Every non-overlapping match, as CPython's iteration finds them.
fn all_matches(pat: &PatternInfo, s: &[u32], pos: usize, end: usize, limit: usize) -> Vec<Found> {
    let mut out = Vec::new();
    let mut at = pos;
    let mut must_advance = false;
    while (limit == 0 || out.len() < limit) && at <= end {
        let Some(f) = search(&pat.code, s, at, end, must_advance) else {
            break;
        };
        must_advance = f.end == f.start;
        at = f.end;
        out.push(f);
    }
    out
}

fn group_value(pat: &PatternInfo, s: &[u32], f: &Found, g: usize, default: &Value) -> Value {
    if g == 0 {
        return slice_of(pat.is_bytes, s, f.start, f.end);
    }
    let m = 2 * (g - 1);
    match (
        f.marks.get(m).copied().flatten(),
        f.marks.get(m + 1).copied().flatten(),
    ) {
        (Some(a), Some(b)) if a <= b => slice_of(pat.is_bytes, s, a, b),
        _ => default.clone(),
    }
}

fn findall(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let pat = info(vm, &a[0])?;
    let string = string_arg(vm, a, k)?;
    let s = subject(vm, &pat, &string)?;
    let (pos, end) = pos_args(vm, a, k, s.len())?;
    let empty = slice_of(pat.is_bytes, &s, 0, 0);
    let mut out = Vec::new();
    for f in all_matches(&pat, &s, pos, end, 0) {
        out.push(match pat.groups {
            0 => group_value(&pat, &s, &f, 0, &empty),
            1 => group_value(&pat, &s, &f, 1, &empty),
            n => new_tuple(
                (1..=n)
                    .map(|g| group_value(&pat, &s, &f, g, &empty))
                    .collect(),
            ),
        });
    }
    Ok(crate::objects::list::new_list(out))
}

fn finditer(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let pat = info(vm, &a[0])?;
    let string = string_arg(vm, a, k)?;
    let s = subject(vm, &pat, &string)?;
    let (pos, end) = pos_args(vm, a, k, s.len())?;
    let mut out = Vec::new();
    for f in all_matches(&pat, &s, pos, end, 0) {
        out.push(new_match(vm, &a[0], &pat, &string, &f, pos, end)?);
    }
    let l = crate::objects::list::new_list(out);
    vm.get_iter(&l)
}

fn split(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult {
    let pat = info(vm, &a[0])?;
    let string = string_arg(vm, a, k)?;
    let s = subject(vm, &pat, &string)?;
    let maxsplit = match a.get(2).cloned().or_else(|| kwarg(k, "maxsplit")) {
        Some(m) => vm.index_value(&m)?,
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(crate::objects::list::new_list(vec![string]));
    }
    let none = vm.none();
    let mut out = Vec::new();
    let mut last = 0;
    for f in all_matches(&pat, &s, 0, s.len(), maxsplit as usize) {
        out.push(slice_of(pat.is_bytes, &s, last, f.start));
        for g in 1..=pat.groups {
            out.push(group_value(&pat, &s, &f, g, &none));
        }
        last = f.end;
    }
    out.push(slice_of(pat.is_bytes, &s, last, s.len()));
    Ok(crate::objects::list::new_list(out))
}

fn subn_impl(vm: &mut Vm, a: &[Value], k: Kw) -> PyResult<(Value, usize)> {
    let pat = info(vm, &a[0])?;
    let repl = a.get(1).cloned().or_else(|| kwarg(k, "repl"));
    let string = a.get(2).cloned().or_else(|| kwarg(k, "string"));
    let (Some(repl), Some(string)) = (repl, string) else {
        return Err(vm.type_error("sub() missing required argument"));
    };
    let count = match a.get(3).cloned().or_else(|| kwarg(k, "count")) {
        Some(c) => vm.index_value(&c)?.max(0) as usize,
        None => 0,
    };
    let s = subject(vm, &pat, &string)?;
    // A callable, a literal replacement, or a template that re._subx turns
    // into one of those.
    let (filter, literal) = if crate::builtins::is_callable(&repl) {
        (Some(repl.clone()), None)
    } else {
        let has_backslash = match repl.kind() {
            Kind::Str => crate::objects::str::as_str(&repl)
                .unwrap_or("")
                .contains('\\'),
            _ => repl
                .downcast::<BytesData>()
                .is_some_and(|b| b.data.borrow().contains(&b'\\')),
        };
        if has_backslash {
            let re_mod = vm.import_module("re")?;
            let subx = vm.getattr_str(&re_mod, "_subx")?;
            let r = vm.call(&subx, &[a[0].clone(), repl.clone()], &[])?;
            if crate::builtins::is_callable(&r) {
                (Some(r), None)
            } else {
                (None, Some(r))
            }
        } else {
            (None, Some(repl.clone()))
        }
    };
    let mut pieces: Vec<Value> = Vec::new();
    let mut last = 0;
    let matches = all_matches(&pat, &s, 0, s.len(), count);
    let n = matches.len();
    for f in &matches {
        if last < f.start {
            pieces.push(slice_of(pat.is_bytes, &s, last, f.start));
        }
        let item = match (&filter, &literal) {
            (Some(func), _) => {
                let m = new_match(vm, &a[0], &pat, &string, f, 0, s.len())?;
                vm.call(func, &[m], &[])?
            }
            (None, Some(l)) => l.clone(),
            (None, None) => vm.none(),
        };
        if !item.is(&types().none) {
            pieces.push(item);
        }
        last = f.end;
    }
    if last < s.len() {
        pieces.push(slice_of(pat.is_bytes, &s, last, s.len()));
    }
    let empty = slice_of(pat.is_bytes, &s, 0, 0);
    let joiner = vm.getattr_str(&empty, "join")?;
    let joined = vm.call(&joiner, &[crate::objects::list::new_list(pieces)], &[])?;
    Ok((joined, n))
}

fn match_span(vm: &mut Vm, m: &Value, g: &Value) -> PyResult<(i64, i64)> {
    let idx = group_index(vm, m, g)?;
    let spans = vm.getattr_str(m, "_spans")?;
    let a = vm.getitem(&spans, &from_i64(2 * idx))?;
    let b = vm.getitem(&spans, &from_i64(2 * idx + 1))?;
    Ok((vm.index_value(&a)?, vm.index_value(&b)?))
}

fn group_index(vm: &mut Vm, m: &Value, g: &Value) -> PyResult<i64> {
    let pattern = vm.getattr_str(m, "re")?;
    let groups = vm.getattr_str(&pattern, "groups")?;
    let n = vm.index_value(&groups)?;
    if matches!(g.kind(), Kind::Int | Kind::Bool) {
        let i = vm.index_value(g)?;
        if (0..=n).contains(&i) {
            return Ok(i);
        }
    } else if g.kind() == Kind::Str {
        let gi = vm.getattr_str(&pattern, "groupindex")?;
        if let Ok(i) = vm.getitem(&gi, g) {
            return vm.index_value(&i);
        }
    }
    Err(vm.index_error("no such group"))
}

fn match_group(vm: &mut Vm, m: &Value, g: &Value, default: &Value) -> PyResult {
    let (a, b) = match_span(vm, m, g)?;
    if a < 0 {
        return Ok(default.clone());
    }
    let s = vm.getattr_str(m, "string")?;
    let sl = crate::objects::range::new_slice(from_i64(a), from_i64(b), vm.none());
    vm.getitem(&s, &sl)
}

fn match_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("group", |vm, a, _| {
            let none = vm.none();
            match a.len() {
                1 => match_group(vm, &a[0], &from_i64(0), &none),
                2 => match_group(vm, &a[0], &a[1], &none),
                _ => {
                    let mut out = Vec::new();
                    for g in &a[1..] {
                        out.push(match_group(vm, &a[0], g, &none)?);
                    }
                    Ok(new_tuple(out))
                }
            }
        }),
        ("__getitem__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__getitem__", &a[1..], 1, usize::MAX)?;
            let none = vm.none();
            match_group(vm, &a[0], &a[1], &none)
        }),
        ("groups", |vm, a, k| {
            let default = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "default"))
                .unwrap_or_else(|| vm.none());
            let pattern = vm.getattr_str(&a[0], "re")?;
            let groups = vm.getattr_str(&pattern, "groups")?;
            let n = vm.index_value(&groups)?;
            let mut out = Vec::new();
            for g in 1..=n {
                out.push(match_group(vm, &a[0], &from_i64(g), &default)?);
            }
            Ok(new_tuple(out))
        }),
        ("groupdict", |vm, a, k| {
            let default = a
                .get(1)
                .cloned()
                .or_else(|| kwarg(k, "default"))
                .unwrap_or_else(|| vm.none());
            let pattern = vm.getattr_str(&a[0], "re")?;
            let gi = vm.getattr_str(&pattern, "groupindex")?;
            let d = new_dict(DictTable::new());
            for name in vm.iterate(&gi)? {
                let v = match_group(vm, &a[0], &name, &default)?;
                vm.setitem(&d, name, v)?;
            }
            Ok(d)
        }),
        ("start", |vm, a, _| {
            let g = a.get(1).cloned().unwrap_or_else(|| from_i64(0));
            Ok(from_i64(match_span(vm, &a[0], &g)?.0))
        }),
        ("end", |vm, a, _| {
            let g = a.get(1).cloned().unwrap_or_else(|| from_i64(0));
            Ok(from_i64(match_span(vm, &a[0], &g)?.1))
        }),
        ("span", |vm, a, _| {
            let g = a.get(1).cloned().unwrap_or_else(|| from_i64(0));
            let (x, y) = match_span(vm, &a[0], &g)?;
            Ok(new_tuple(vec![from_i64(x), from_i64(y)]))
        }),
        ("expand", |vm, a, _| {
            check_args(vm, "expand", &a[1..], 1, 1)?;
            let re_mod = vm.import_module("re")?;
            let f = vm.getattr_str(&re_mod, "_expand")?;
            let pattern = vm.getattr_str(&a[0], "re")?;
            vm.call(&f, &[pattern, a[0].clone(), a[1].clone()], &[])
        }),
        ("__repr__", |vm, a, _| {
            let (x, y) = match_span(vm, &a[0], &from_i64(0))?;
            let none = vm.none();
            let g = match_group(vm, &a[0], &from_i64(0), &none)?;
            let r = vm.repr_string(&g)?;
            Ok(new_str(&format!(
                "<re.Match object; span=({x}, {y}), match={r}>"
            )))
        }),
        ("__copy__", |_vm, a, _| Ok(a[0].clone())),
        ("__deepcopy__", |_vm, a, _| Ok(a[0].clone())),
        ("__bool__", |_vm, _a, _| Ok(types().true_.clone())),
    ]
}

fn pattern_methods() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("match", |vm, a, k| do_match(vm, a, k, 0)),
        ("fullmatch", |vm, a, k| do_match(vm, a, k, 1)),
        ("search", |vm, a, k| do_match(vm, a, k, 2)),
        ("findall", findall),
        ("finditer", finditer),
        ("split", split),
        ("sub", |vm, a, k| Ok(subn_impl(vm, a, k)?.0)),
        ("subn", |vm, a, k| {
            let (s, n) = subn_impl(vm, a, k)?;
            Ok(new_tuple(vec![s, from_i64(n as i64)]))
        }),
        ("scanner", |vm, _a, _| {
            Err(vm.err(
                &types().exc.not_implemented_error,
                "Pattern.scanner is not supported by egret yet",
            ))
        }),
        ("__repr__", |vm, a, _| {
            let p = vm.getattr_str(&a[0], "pattern")?;
            let r = vm.repr_string(&p)?;
            let flags = vm.getattr_str(&a[0], "flags")?;
            let mut f = vm.index_value(&flags)?;
            let is_str = p.kind() == Kind::Str;
            // Like CPython: the default UNICODE flag of str patterns is not shown.
            if is_str && f & 32 != 0 && f & (4 | 256) == 0 {
                f &= !32;
            }
            let names = [
                (2, "re.IGNORECASE"),
                (4, "re.LOCALE"),
                (8, "re.MULTILINE"),
                (16, "re.DOTALL"),
                (32, "re.UNICODE"),
                (64, "re.VERBOSE"),
                (128, "re.DEBUG"),
                (256, "re.ASCII"),
                (1, "re.TEMPLATE"),
            ];
            let mut parts = Vec::new();
            for (bit, n) in names {
                if f & bit != 0 {
                    parts.push(n.to_string());
                    f &= !bit;
                }
            }
            if f != 0 {
                parts.push(format!("{f:#x}"));
            }
            Ok(new_str(&if parts.is_empty() {
                format!("re.compile({r})")
            } else {
                format!("re.compile({r}, {})", parts.join("|"))
            }))
        }),
        ("__eq__", |vm, a, _| {
            crate::protocols::args::check_args(vm, "__eq__", &a[1..], 1, 1)?;
            if !a[1].is_exact(&types().sre_pattern) {
                return Ok(types().not_implemented.clone());
            }
            let (p1, p2) = (
                vm.getattr_str(&a[0], "pattern")?,
                vm.getattr_str(&a[1], "pattern")?,
            );
            let (f1, f2) = (
                vm.getattr_str(&a[0], "flags")?,
                vm.getattr_str(&a[1], "flags")?,
            );
            let same = vm.eq(&p1, &p2)? && vm.eq(&f1, &f2)?;
            Ok(crate::vm::py_bool(same))
        }),
        ("__hash__", |vm, a, _| {
            let p = vm.getattr_str(&a[0], "pattern")?;
            let f = vm.getattr_str(&a[0], "flags")?;
            let h = vm.hash(&p)? ^ vm.hash(&f)?;
            Ok(from_i64(h))
        }),
        ("__copy__", |_vm, a, _| Ok(a[0].clone())),
        ("__deepcopy__", |_vm, a, _| Ok(a[0].clone())),
    ]
}

fn compile(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult {
    check_args(vm, "compile", a, 6, 6)?;
    let items = vm.iterate(&a[2])?;
    let mut code = Vec::with_capacity(items.len());
    for x in items {
        let n = vm.index_value(&x)?;
        code.push(
            u32::try_from(n)
                .map_err(|_| vm.overflow_error("regular expression code size limit exceeded"))?,
        );
    }
    let groups = vm.index_value(&a[3])? as usize;
    let is_bytes = matches!(a[0].kind(), Kind::Bytes | Kind::ByteArray);
    let idx = PATTERNS.with(|v| {
        let mut v = v.borrow_mut();
        v.push(std::rc::Rc::new(PatternInfo {
            code,
            groups,
            is_bytes,
        }));
        v.len() - 1
    });
    let mut t = DictTable::new();
    t.set_str("pattern", a[0].clone());
    t.set_str("flags", a[1].clone());
    t.set_str("groups", from_i64(groups as i64));
    t.set_str("groupindex", a[4].clone());
    t.set_str("_indexgroup", a[5].clone());
    t.set_str("_egret_code", from_i64(idx as i64));
    Ok(Value::alloc(
        &types().sre_pattern,
        InstanceData::with_dict(new_dict(t)),
    ))
}

pub fn register_types() {
    let t = types();
    crate::objects::str_methods::add_methods(&t.sre_pattern, "Pattern", &pattern_methods());
    crate::objects::str_methods::add_methods(&t.sre_match, "Match", &match_methods());
    for ty in [&t.sre_pattern, &t.sre_match] {
        ty.type_data_of_type()
            .dict_mut()
            .set_str("__module__", new_str("re"));
    }
}

pub fn make(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[
        ("compile", compile),
        ("getcodesize", |_vm, _a, _| Ok(from_i64(4))),
        ("ascii_iscased", |vm, a, _| {
            crate::protocols::args::check_args(vm, "ascii_iscased", a, 1, 1)?;
            let c = vm.index_value(&a[0])?;
            Ok(crate::vm::py_bool(
                c < 128 && ch(c as u32).is_ascii_alphabetic(),
            ))
        }),
        ("unicode_iscased", |vm, a, _| {
            crate::protocols::args::check_args(vm, "unicode_iscased", a, 1, 1)?;
            let c = vm.index_value(&a[0])? as u32;
            Ok(crate::vm::py_bool(c != uni_lower(c) || c != uni_upper(c)))
        }),
        ("ascii_tolower", |vm, a, _| {
            crate::protocols::args::check_args(vm, "ascii_tolower", a, 1, 1)?;
            let c = vm.index_value(&a[0])? as u32;
            Ok(from_i64(i64::from(ascii_lower(c))))
        }),
        ("unicode_tolower", |vm, a, _| {
            crate::protocols::args::check_args(vm, "unicode_tolower", a, 1, 1)?;
            let c = vm.index_value(&a[0])? as u32;
            Ok(from_i64(i64::from(uni_lower(c))))
        }),
    ];
    super::make_module(
        "_sre",
        funcs,
        vec![
            ("MAGIC", from_i64(MAGIC)),
            ("CODESIZE", from_i64(4)),
            ("MAXREPEAT", from_i64(i64::from(MAXREPEAT))),
            ("MAXGROUPS", from_i64(MAXGROUPS)),
            ("copyright", new_str("SRE engine for egret")),
        ],
    )
}
