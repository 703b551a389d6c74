//! Text forms: parsing the ISO 8601 strings `fromisoformat` accepts (the
//! wider set of 3.11, ported from `_datetimemodule.c`'s parsers), UTC
//! offsets as text, and `strftime` with `%f`, `%z` and `%Z` replaced before
//! `time.strftime` sees the format.

use super::{Delta, dt_of, tz};
use crate::object::Value;
use crate::objects::str::{as_str, new_string, str_repr};
use crate::vm::{PyErr, PyResult, Vm};

pub fn invalid_iso(vm: &Vm, s: &Value) -> PyErr {
    vm.value_error(format!(
        "Invalid isoformat string: {}",
        str_repr(as_str(s).unwrap_or(""))
    ))
}

/// ASCII text read as C reads a NUL-terminated string: 0 past the end.
struct Cursor<'a> {
    s: &'a [u8],
}

impl Cursor<'_> {
    fn at(&self, i: usize) -> u8 {
        self.s.get(i).copied().unwrap_or(0)
    }

    /// `n` digits at `p` (CPython's `parse_digits`).
    fn digits(&self, p: usize, n: usize) -> Option<(i64, usize)> {
        let mut v = 0i64;
        for i in 0..n {
            let c = self.at(p + i);
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
        }
        Some((v, p + n))
    }
}

fn is_digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// Where the date ends in a datetime string (the separator's index).
fn find_separator(s: &[u8]) -> Option<usize> {
    let len = s.len();
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    if len == 7 {
        return Some(7);
    }
    if at(4) == b'-' {
        if at(5) == b'W' {
            if len < 8 {
                return None;
            }
            if len > 8 && at(8) == b'-' {
                if len == 9 {
                    return None;
                }
                if len > 10 && is_digit(at(10)) {
                    return Some(8);
                }
                return Some(10);
            }
            return Some(8);
        }
        return Some(10);
    }
    if at(4) == b'W' {
        let mut idx = 7;
        while idx < len && is_digit(at(idx)) {
            idx += 1;
        }
        if idx < 9 {
            return Some(idx);
        }
        return Some(if idx % 2 == 0 { 7 } else { 8 });
    }
    Some(8)
}

/// (year, month, day) of a date part, week dates converted.
fn parse_date(s: &[u8]) -> Option<(i64, i64, i64)> {
    let c = Cursor { s };
    let (year, mut p) = c.digits(0, 4)?;
    let sep = c.at(p) == b'-';
    if sep {
        p += 1;
    }
    if c.at(p) == b'W' {
        p += 1;
        let (week, q) = c.digits(p, 2)?;
        p = q;
        let mut day = 1;
        if p < s.len() {
            if sep {
                if c.at(p) != b'-' {
                    return None;
                }
                p += 1;
            }
            day = c.digits(p, 1)?.0;
        }
        let vm_free = super::date::from_isocalendar_plain(year, week, day)?;
        return Some((vm_free.y, vm_free.m, vm_free.d));
    }
    let (month, mut p) = c.digits(p, 2)?;
    if sep {
        if c.at(p) != b'-' {
            return None;
        }
        p += 1;
    }
    let (day, _) = c.digits(p, 2)?;
    Some((year, month, day))
}

/// The date of `date.fromisoformat`.
pub fn parse_iso_date_only(text: &str) -> Option<(i64, i64, i64)> {
    if !text.is_ascii() || ![7, 8, 10].contains(&text.len()) {
        return None;
    }
    parse_date(text.as_bytes())
}

/// HH[:?MM[:?SS[{.,}fff[fff]]]] from `p` to `end`: the fields and whether
/// text follows (CPython's `parse_hh_mm_ss_ff`; `None` is a parse error).
fn parse_hms(c: &Cursor, start: usize, end: usize) -> Option<([i64; 4], bool)> {
    let mut vals = [0i64; 4];
    let mut p = start;
    let mut has_sep = true;
    for (i, val) in vals.iter_mut().enumerate().take(3) {
        let (v, q) = c.digits(p, 2)?;
        *val = v;
        p = q;
        let ch = c.at(p);
        p += 1;
        if i == 0 {
            has_sep = ch == b':';
        }
        if p >= end {
            return Some((vals, ch != 0));
        } else if has_sep && ch == b':' {
            continue;
        } else if ch == b'.' || ch == b',' {
            break;
        } else if !has_sep {
            p -= 1;
        } else {
            return None;
        }
    }
    let remains = end.saturating_sub(p);
    let n = remains.min(6);
    if n == 0 {
        return None;
    }
    let (mut us, mut q) = c.digits(p, n)?;
    const CORRECTION: [i64; 5] = [100_000, 10_000, 1000, 100, 10];
    if n < 6 {
        us *= CORRECTION[n - 1];
    }
    vals[3] = us;
    while is_digit(c.at(q)) {
        q += 1;
    }
    Some((vals, c.at(q) != 0))
}

/// A parsed time: fields and the UTC offset (seconds, microseconds) if any.
pub struct IsoTime {
    pub fields: [i64; 4],
    pub offset: Option<(i64, i64)>,
}

fn parse_time(s: &[u8]) -> Option<IsoTime> {
    let c = Cursor { s };
    let end = s.len();
    let tz_pos = s
        .iter()
        .position(|b| matches!(b, b'Z' | b'+' | b'-'))
        .unwrap_or(end);
    let (fields, more) = parse_hms(&c, 0, tz_pos)?;
    if tz_pos == end {
        return if more {
            None
        } else {
            Some(IsoTime {
                fields,
                offset: None,
            })
        };
    }
    if s[tz_pos] == b'Z' {
        return if tz_pos + 1 != end {
            None
        } else {
            Some(IsoTime {
                fields,
                offset: Some((0, 0)),
            })
        };
    }
    let sign = if s[tz_pos] == b'-' { -1 } else { 1 };
    let (tzf, more) = parse_hms(&c, tz_pos + 1, end)?;
    if more {
        return None;
    }
    Some(IsoTime {
        fields,
        offset: Some((sign * (tzf[0] * 3600 + tzf[1] * 60 + tzf[2]), sign * tzf[3])),
    })
}

/// The time of `time.fromisoformat` (a leading `T` allowed).
pub fn parse_iso_time_only(text: &str) -> Option<IsoTime> {
    if !text.is_ascii() {
        return None;
    }
    let t = text.strip_prefix('T').unwrap_or(text);
    parse_time(t.as_bytes())
}

/// The parts of `datetime.fromisoformat`'s string.
pub fn parse_iso_datetime(text: &str) -> Option<((i64, i64, i64), Option<IsoTime>)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 7 {
        return None;
    }
    // Only the separator may be outside ASCII.
    let ascii: Vec<u8> = chars
        .iter()
        .map(|c| if c.is_ascii() { *c as u8 } else { 0x80 })
        .collect();
    let sep = find_separator(&ascii)?;
    let date_part = ascii.get(..sep.min(ascii.len()))?;
    if date_part.iter().any(|b| *b >= 0x80) {
        return None;
    }
    let date = parse_date(date_part)?;
    if chars.len() <= sep {
        return Some((date, None));
    }
    let time_part = &ascii[sep + 1..];
    if time_part.iter().any(|b| *b >= 0x80) {
        return None;
    }
    Some((date, Some(parse_time(time_part)?)))
}

/// The tzinfo of a parsed offset: `timezone.utc` for zero.
pub fn iso_tzinfo(vm: &Vm, offset: Option<(i64, i64)>) -> PyResult<Option<Value>> {
    match offset {
        None => Ok(None),
        Some((0, 0)) => Ok(Some(super::dt_types().utc.clone())),
        Some((s, us)) => {
            let d = super::checked_delta(vm, i128::from(s) * 1_000_000 + i128::from(us))?;
            tz::new_timezone(vm, &super::dt_types().timezone, d, None).map(Some)
        }
    }
}

/// `+HH<sep>MM[<sep>SS[.ffffff]]`.
pub fn format_offset(d: Delta, sep: &str) -> String {
    let (sign, d) = if d.days < 0 {
        ('-', Delta::from_us(-d.total_us()).unwrap_or(d))
    } else {
        ('+', d)
    };
    let total = d.days * 86_400 + d.secs;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if d.us != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}.{:06}", d.us)
    } else if s != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}")
    } else {
        format!("{sign}{h:02}{sep}{m:02}")
    }
}

/// `strftime` of a date, time or datetime: `%f`, `%z` and `%Z` replaced,
/// the rest left to `time.strftime(format, timetuple)`.
pub fn wrap_strftime(vm: &mut Vm, obj: &Value, fmt: &Value, timetuple: &Value) -> PyResult {
    let Some(f) = as_str(fmt) else {
        return Err(vm.type_error(format!(
            "strftime() argument 1 must be str, not {}",
            fmt.type_data().name
        )));
    };
    let f = f.to_string();
    let (us, tzinfo, arg) = match dt_of(obj) {
        Some(super::Dt::DateTime(_, t, tz)) => (t.us, tz.clone(), obj.clone()),
        Some(super::Dt::Time(t, tz)) => (t.us, tz.clone(), vm.none()),
        _ => (0, None, vm.none()),
    };
    let mut out = String::with_capacity(f.len());
    let mut zrepl: Option<String> = None;
    let mut big_zrepl: Option<String> = None;
    let mut chars = f.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            None => out.push('%'),
            Some('f') => out.push_str(&format!("{us:06}")),
            Some('z') => {
                if zrepl.is_none() {
                    let off = tz::call_offset(vm, &tzinfo, &arg, "utcoffset")?;
                    zrepl = Some(off.map_or(String::new(), |d| format_offset(d, "")));
                }
                out.push_str(zrepl.as_deref().unwrap_or(""));
            }
            Some('Z') => {
                if big_zrepl.is_none() {
                    let name = tz::call_tzname(vm, &tzinfo, &arg)?;
                    big_zrepl = Some(match name {
                        None => String::new(),
                        // As in CPython, through the name's own `replace`.
                        Some(n) => {
                            let pct = [new_string("%".into()), new_string("%%".into())];
                            let r = vm.call_method(&n, "replace", &pct)?;
                            match as_str(&r) {
                                // CPython takes the name's UTF-8, which a
                                // lone surrogate does not have.
                                Some(s) if crate::objects::unicode::has_surrogates(s) => {
                                    let at = s
                                        .chars()
                                        .position(crate::objects::unicode::is_surrogate)
                                        .unwrap_or(0);
                                    return Err(crate::objects::codec::encode_error(
                                        vm,
                                        "utf-8",
                                        &r,
                                        at,
                                        at + 1,
                                        "surrogates not allowed",
                                    ));
                                }
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(vm.type_error(format!(
                                        "tzname.replace() did not return a string, not '{}'",
                                        r.type_data().name
                                    )));
                                }
                            }
                        }
                    });
                }
                out.push_str(big_zrepl.as_deref().unwrap_or(""));
            }
            Some(c) => {
                out.push('%');
                out.push(c);
            }
        }
    }
    let time = vm.import_module("time")?;
    let strftime = vm.getattr_str(&time, "strftime")?;
    vm.call(&strftime, &[new_string(out), timetuple.clone()], &[])
}
