//! `unicodedata`: the Unicode Character Database as CPython 3.11 has it
//! (Unicode 14.0.0), and `ucd_3_2_0`, the same questions answered for
//! Unicode 3.2.0 (what `stringprep` and `encodings.idna` use).
//!
//! The data are tables generated from CPython's own answers
//! (`unicodedata_tables`, by `tools/gen_unicodedata.py`); the database
//! proper and the names are here, normalization in `unicodedata_norm`.
//! Lone surrogates are held in str as stand-ins; every function answers for
//! the code point a character stands for.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::unicodedata_norm::{Form, is_normalized, normalize};
use super::unicodedata_tables as t;
use crate::object::Value;
use crate::object::types::{InstanceData, Kind, types};
use crate::objects::dict::{DictTable, new_dict};
use crate::objects::float::new_float;
use crate::objects::function::{NativeFn, new_builtin};
use crate::objects::int::from_i64;
use crate::objects::str::{as_str, new_str, new_string};
use crate::objects::unicode::{char_for, code_point};
use crate::vm::{PyResult, Vm, py_bool};

// ----- the database -----

/// Whether `cp` is in sorted, disjoint, inclusive ranges.
pub(super) fn in_ranges(table: &[(u32, u32)], cp: u32) -> bool {
    let i = table.partition_point(|&(_, hi)| hi < cp);
    table.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

/// Whether `cp` was unassigned in Unicode 3.2.0 (and is assigned now).
pub(super) fn old_unassigned(cp: u32) -> bool {
    in_ranges(t::OLD_UNASSIGNED, cp)
}

/// The (category, bidirectional, combining, east_asian_width, mirrored)
/// record of `cp`, as indices into the name tables.
fn record(cp: u32, old: bool) -> (u8, u8, u8, u8, u8) {
    let mut idx = None;
    if old {
        let i = t::OLD_RECORD_RUNS.partition_point(|&(_, hi, _)| hi < cp);
        if let Some(&(lo, _, r)) = t::OLD_RECORD_RUNS.get(i)
            && lo <= cp
        {
            idx = Some(r);
        }
    }
    let idx = idx.unwrap_or_else(|| {
        let i = t::RECORD_RUNS.partition_point(|&(first, _)| first <= cp);
        t::RECORD_RUNS.get(i.wrapping_sub(1)).map_or(0, |&(_, r)| r)
    });
    t::RECORDS
        .get(usize::from(idx))
        .copied()
        .unwrap_or((0, 0, 0, 0, 0))
}

fn name_at(table: &'static [&'static str], i: u8) -> &'static str {
    table.get(usize::from(i)).copied().unwrap_or("")
}

/// `cp`'s canonical combining class.
pub(super) fn combining(cp: u32, old: bool) -> u8 {
    record(cp, old).2
}

/// The decompositions: code point to (tag, code points).
type Decomps = HashMap<u32, (Option<u8>, Vec<u32>)>;

fn parse_decomps(text: &'static str) -> Decomps {
    let mut map = HashMap::new();
    for entry in text.split(';').filter(|e| !e.is_empty()) {
        let mut parts = entry.split(' ');
        let Some(cp) = parts.next().and_then(|p| u32::from_str_radix(p, 16).ok()) else {
            continue;
        };
        let tag = match parts.next().and_then(|p| p.bytes().next()) {
            Some(b) if b.is_ascii_lowercase() => Some(b - b'a'),
            _ => None,
        };
        let cps = parts
            .filter_map(|p| u32::from_str_radix(p, 16).ok())
            .collect();
        map.insert(cp, (tag, cps));
    }
    map
}

fn decomps(old: bool) -> &'static Decomps {
    static NEW: OnceLock<Decomps> = OnceLock::new();
    static OLD: OnceLock<Decomps> = OnceLock::new();
    if old {
        OLD.get_or_init(|| parse_decomps(t::OLD_DECOMPOSITIONS))
    } else {
        NEW.get_or_init(|| parse_decomps(t::DECOMPOSITIONS))
    }
}

/// `cp`'s decomposition mapping: (tag or None for canonical, code points).
pub(super) fn decomposition_of(cp: u32, old: bool) -> Option<(Option<u8>, &'static [u32])> {
    if old {
        if old_unassigned(cp) {
            return None;
        }
        if let Some((tag, cps)) = decomps(true).get(&cp) {
            return (!cps.is_empty()).then_some((*tag, cps.as_slice()));
        }
    }
    decomps(false)
        .get(&cp)
        .map(|(tag, cps)| (*tag, cps.as_slice()))
}

fn decomposition_str(cp: u32, old: bool) -> String {
    let Some((tag, cps)) = decomposition_of(cp, old) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(tag) = tag {
        parts.push(name_at(t::DECOMP_TAGS, tag).to_string());
    }
    parts.extend(cps.iter().map(|c| format!("{c:04X}")));
    parts.join(" ")
}

/// (kind, value): kind 2 for a decimal (and digit), 1 for a digit.
fn numeric_of(cp: u32) -> Option<(u8, f64)> {
    let i = t::NUMERIC_RUNS.partition_point(|r| r.1 < cp);
    let &(lo, _, kind, num, den, step) = t::NUMERIC_RUNS.get(i).filter(|r| r.0 <= cp)?;
    let n = num + i64::from(cp - lo) * i64::from(step);
    Some((kind, n as f64 / f64::from(den)))
}

/// (decimal, numeric) as `ucd_3_2_0` has them, when they differ.
fn old_numeric(cp: u32) -> Option<(Option<f64>, Option<f64>)> {
    if old_unassigned(cp) {
        return Some((None, None));
    }
    let i = t::OLD_NUMERIC.partition_point(|r| r.0 < cp);
    let &(_, dec, num, den) = t::OLD_NUMERIC.get(i).filter(|r| r.0 == cp)?;
    let dec = (dec >= 0).then(|| f64::from(dec));
    let numeric = (den != 0).then(|| num as f64 / f64::from(den));
    Some((dec, numeric))
}

fn decimal_value(cp: u32, old: bool) -> Option<f64> {
    if old && let Some((d, _)) = old_numeric(cp) {
        return d;
    }
    numeric_of(cp).filter(|&(k, _)| k == 2).map(|(_, v)| v)
}

fn numeric_value(cp: u32, old: bool) -> Option<f64> {
    if old && let Some((_, n)) = old_numeric(cp) {
        return n;
    }
    numeric_of(cp).map(|(_, v)| v)
}

// ----- names -----

const S_BASE: u32 = 0xAC00;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;
const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

/// The stored names, decoded once, and the names `lookup()` knows.
struct Names {
    /// The stored names in code point order.
    names: Vec<String>,
    /// For each run of `NAMED_RUNS`, the index of its first name.
    run_starts: Vec<usize>,
    /// Upper-cased name (stored, algorithmic other than CJK unified
    /// ideographs, aliases, named sequences) to its index in `answers`.
    by_name: HashMap<String, usize>,
    /// What a looked-up name gives: code points, and whether Unicode 3.2.0
    /// knows it too.
    answers: Vec<(Vec<u32>, bool)>,
}

fn decode_names() -> Names {
    let (alphabet, one, two) = t::WORD_CODES;
    let alphabet = alphabet.as_bytes();
    let b = alphabet.len();
    let mut value = [usize::MAX; 128];
    for (i, &c) in alphabet.iter().enumerate() {
        value[usize::from(c & 0x7F)] = i;
    }
    let val = |c: u8| value[usize::from(c & 0x7F)];
    let words: Vec<&str> = t::WORDS.split(' ').collect();
    let text = t::NAMES.as_bytes();
    let mut names = Vec::new();
    let mut prev: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let keep = usize::from(text[i].wrapping_sub(b'0')).min(prev.len());
        i += 1;
        let mut w: Vec<&str> = prev[..keep].to_vec();
        while i < text.len() && !text[i].is_ascii_digit() {
            let v = val(text[i]);
            let at = |k: usize| text.get(i + k).map_or(0, |&c| val(c));
            let idx = if v < one {
                i += 1;
                v
            } else if v < one + two {
                let idx = one + (v - one) * b + at(1);
                i += 2;
                idx
            } else {
                let idx = one + two * b + ((v - one - two) * b + at(1)) * b + at(2);
                i += 3;
                idx
            };
            w.push(words.get(idx).copied().unwrap_or(""));
        }
        names.push(w.join(" "));
        prev = w;
    }
    let mut run_starts = Vec::with_capacity(t::NAMED_RUNS.len());
    let mut n = 0;
    for &(lo, hi) in t::NAMED_RUNS {
        run_starts.push(n);
        n += (hi - lo + 1) as usize;
    }
    let mut by_name = HashMap::new();
    let mut answers = Vec::new();
    let mut add = |name: String, cps: Vec<u32>, old_too: bool| {
        by_name.entry(name).or_insert(answers.len());
        answers.push((cps, old_too));
    };
    let mut k = 0;
    for (&(lo, hi), _) in t::NAMED_RUNS.iter().zip(&run_starts) {
        for cp in lo..=hi {
            if let Some(name) = names.get(k) {
                add(name.clone(), vec![cp], !old_unassigned(cp));
            }
            k += 1;
        }
    }
    for &(lo, hi, prefix, kind) in t::ALGORITHMIC {
        if prefix == "CJK UNIFIED IDEOGRAPH-" {
            continue;
        }
        for cp in lo..=hi {
            add(
                algorithmic_name(cp, lo, prefix, kind),
                vec![cp],
                !old_unassigned(cp),
            );
        }
    }
    for &(alias, cp) in t::ALIASES {
        add(alias.to_string(), vec![cp], false);
    }
    for &(name, cps) in t::NAMED_SEQUENCES {
        add(name.to_string(), cps.to_vec(), false);
    }
    Names {
        names,
        run_starts,
        by_name,
        answers,
    }
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(decode_names)
}

fn algorithmic_name(cp: u32, lo: u32, prefix: &str, kind: u8) -> String {
    if kind == 0 {
        format!("{prefix}{cp:04X}")
    } else {
        format!("{prefix}{:03}", cp - lo + 1)
    }
}

/// The name of `cp`, if it has one.
fn name_of(cp: u32, old: bool) -> Option<String> {
    if old && old_unassigned(cp) {
        return None;
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let (l, v, tt) = (s / N_COUNT, s % N_COUNT / T_COUNT, s % T_COUNT);
        return Some(format!(
            "HANGUL SYLLABLE {}{}{}",
            JAMO_L[l as usize], JAMO_V[v as usize], JAMO_T[tt as usize]
        ));
    }
    let i = t::ALGORITHMIC.partition_point(|a| a.1 < cp);
    if let Some(&(lo, _, prefix, kind)) = t::ALGORITHMIC.get(i).filter(|a| a.0 <= cp) {
        return Some(algorithmic_name(cp, lo, prefix, kind));
    }
    let r = t::NAMED_RUNS.partition_point(|&(_, hi)| hi < cp);
    let &(lo, _) = t::NAMED_RUNS.get(r).filter(|&&(lo, _)| lo <= cp)?;
    let n = names();
    let k = n.run_starts.get(r)? + (cp - lo) as usize;
    n.names.get(k).cloned()
}

/// The longest of `table`'s names at the start of `s` (a jamo short name).
fn jamo(s: &[u8], table: &[&str]) -> Option<(usize, usize)> {
    table
        .iter()
        .enumerate()
        .filter(|(_, n)| s.starts_with(n.as_bytes()))
        .max_by_key(|&(i, n)| (n.len(), std::cmp::Reverse(i)))
        .map(|(i, n)| (i, n.len()))
}

/// What `lookup(name)` answers: the code points, or None.
fn lookup_name(name: &[u8], old: bool) -> Option<Vec<u32>> {
    const HANGUL: &[u8] = b"HANGUL SYLLABLE ";
    const CJK: &[u8] = b"CJK UNIFIED IDEOGRAPH-";
    if let Some(mut s) = name.strip_prefix(HANGUL) {
        let (l, n) = jamo(s, &JAMO_L)?;
        s = &s[n..];
        let (v, n) = jamo(s, &JAMO_V)?;
        s = &s[n..];
        let (tt, n) = jamo(s, &JAMO_T)?;
        if n != s.len() {
            return None;
        }
        return Some(vec![
            S_BASE + (l as u32 * V_COUNT + v as u32) * T_COUNT + tt as u32,
        ]);
    }
    if let Some(hex) = name.strip_prefix(CJK) {
        if !(4..=5).contains(&hex.len())
            || !hex.iter().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'))
        {
            return None;
        }
        let cp = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        let unified = t::ALGORITHMIC
            .iter()
            .any(|&(lo, hi, p, _)| p == "CJK UNIFIED IDEOGRAPH-" && (lo..=hi).contains(&cp));
        return unified.then(|| vec![cp]);
    }
    let upper = String::from_utf8(name.to_ascii_uppercase()).ok()?;
    let n = names();
    let (cps, old_too) = n.answers.get(*n.by_name.get(&upper)?)?;
    (!old || *old_too).then(|| cps.clone())
}

/// The character a `\N{name}` escape names (names and aliases, not
/// named sequences), for the `unicode_escape` codec.
pub fn lookup_char(name: &[u8]) -> Option<char> {
    if name.len() > 256 {
        return None;
    }
    match lookup_name(name, false)?.as_slice() {
        [cp] => char_for(*cp),
        _ => None,
    }
}

// ----- arguments -----

fn no_kwargs(vm: &Vm, name: &str, k: &[(Value, Value)]) -> PyResult<()> {
    if k.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{name}() takes no keyword arguments")))
    }
}

/// The code point of a one-character str argument.
fn char_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<u32> {
    if let Some(s) = as_str(v) {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(code_point(c));
        }
    }
    Err(vm.type_error(format!(
        "{what} must be a unicode character, not {}",
        arg_type_name(v)
    )))
}

/// A type as argument errors name it (None for None, as CPython does).
fn arg_type_name(v: &Value) -> String {
    if v.is(&types().none) {
        "None".to_string()
    } else {
        v.type_data().name.clone()
    }
}

/// The code point of the only argument of `name`.
fn one_char(vm: &Vm, a: &[Value], k: &[(Value, Value)], name: &str, owner: &str) -> PyResult<u32> {
    no_kwargs(vm, &format!("{owner}.{name}"), k)?;
    crate::protocols::args::check_args(vm, &format!("{owner}.{name}"), a, 1, 1)?;
    char_arg(vm, &a[0], &format!("{name}() argument"))
}

/// The code point and the optional default of `name`.
fn char_default(
    vm: &Vm,
    a: &[Value],
    k: &[(Value, Value)],
    name: &str,
    owner: &str,
) -> PyResult<(u32, Option<Value>)> {
    no_kwargs(vm, &format!("{owner}.{name}"), k)?;
    crate::protocols::args::check_args(vm, name, a, 1, 2)?;
    let cp = char_arg(vm, &a[0], &format!("{name}() argument 1"))?;
    Ok((cp, a.get(1).cloned()))
}

fn form_args(
    vm: &Vm,
    a: &[Value],
    k: &[(Value, Value)],
    name: &str,
    owner: &str,
) -> PyResult<(Form, Vec<u32>)> {
    no_kwargs(vm, &format!("{owner}.{name}"), k)?;
    crate::protocols::args::check_args(vm, name, a, 2, 2)?;
    let mut strs = [""; 2];
    for (i, v) in a.iter().enumerate() {
        strs[i] = as_str(v).ok_or_else(|| {
            vm.type_error(format!(
                "{name}() argument {} must be str, not {}",
                i + 1,
                arg_type_name(v)
            ))
        })?;
    }
    let form = match strs[0] {
        "NFC" => Form::Nfc,
        "NFD" => Form::Nfd,
        "NFKC" => Form::Nfkc,
        "NFKD" => Form::Nfkd,
        _ => return Err(vm.value_error("invalid normalization form")),
    };
    Ok((form, strs[1].chars().map(code_point).collect()))
}

// ----- the functions -----

/// Which database a call asks: the module's functions (Unicode 14.0.0) or
/// a `UCD` object's methods (Unicode 3.2.0; the only instance is
/// `ucd_3_2_0`). The methods get the object first.
fn split(a: &[Value], old: bool) -> (&[Value], &'static str) {
    if old {
        (a.get(1..).unwrap_or(&[]), "UCD")
    } else {
        (a, "unicodedata")
    }
}

fn category(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "category", owner)?;
    Ok(new_str(name_at(t::CATEGORIES, record(cp, old).0)))
}

fn bidirectional(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "bidirectional", owner)?;
    Ok(new_str(name_at(t::BIDIRECTIONALS, record(cp, old).1)))
}

fn combining_fn(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "combining", owner)?;
    Ok(from_i64(i64::from(combining(cp, old))))
}

fn east_asian_width(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "east_asian_width", owner)?;
    Ok(new_str(name_at(t::EAST_ASIAN_WIDTHS, record(cp, old).3)))
}

fn mirrored(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "mirrored", owner)?;
    Ok(from_i64(i64::from(record(cp, old).4)))
}

fn decomposition(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let cp = one_char(vm, a, k, "decomposition", owner)?;
    Ok(new_string(decomposition_str(cp, old)))
}

/// `decimal`, `digit` and `numeric`: the value, else the default, else
/// ValueError.
fn number(
    vm: &mut Vm,
    a: &[Value],
    k: &[(Value, Value)],
    old: bool,
    name: &str,
    value: fn(u32, bool) -> Option<Value>,
    error: &str,
) -> PyResult {
    let (a, owner) = split(a, old);
    let (cp, default) = char_default(vm, a, k, name, owner)?;
    match (value(cp, old), default) {
        (Some(v), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(vm.value_error(error)),
    }
}

fn as_int(v: f64) -> Value {
    from_i64(v as i64)
}

fn decimal(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    number(
        vm,
        a,
        k,
        old,
        "decimal",
        |cp, old| decimal_value(cp, old).map(as_int),
        "not a decimal",
    )
}

fn digit(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    // ucd_3_2_0's digit() is the module's, as in CPython.
    number(
        vm,
        a,
        k,
        old,
        "digit",
        |cp, _| {
            numeric_of(cp)
                .filter(|&(kind, _)| kind >= 1)
                .map(|(_, v)| as_int(v))
        },
        "not a digit",
    )
}

fn numeric(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    number(
        vm,
        a,
        k,
        old,
        "numeric",
        |cp, old| numeric_value(cp, old).map(new_float),
        "not a numeric character",
    )
}

fn name(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let (cp, default) = char_default(vm, a, k, "name", owner)?;
    match (name_of(cp, old), default) {
        (Some(n), _) => Ok(new_string(n)),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(vm.value_error("no such name")),
    }
}

fn lookup(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    no_kwargs(vm, &format!("{owner}.lookup"), k)?;
    crate::protocols::args::check_args(vm, &format!("{owner}.lookup"), a, 1, 1)?;
    let bytes: Vec<u8> = if let Some(s) = as_str(&a[0]) {
        // A lone surrogate cannot be encoded: no name has one anyway.
        s.as_bytes().to_vec()
    } else if let Some(b) = a[0]
        .downcast::<crate::objects::bytes::BytesData>()
        .filter(|_| matches!(a[0].kind(), Kind::Bytes))
    {
        b.data.borrow().clone()
    } else if matches!(a[0].kind(), Kind::ByteArray) {
        return Err(vm.type_error(format!(
            "lookup() argument must be read-only bytes-like object, not {}",
            a[0].type_data().name
        )));
    } else {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            a[0].type_data().name
        )));
    };
    if bytes.len() > 256 {
        return Err(vm.key_error(new_str("name too long")));
    }
    match lookup_name(&bytes, old) {
        Some(cps) => Ok(new_string(cps.into_iter().filter_map(char_for).collect())),
        None => {
            let shown = bytes.split(|&b| b == 0).next().unwrap_or(&[]);
            Err(vm.key_error(new_string(format!(
                "undefined character name '{}'",
                String::from_utf8_lossy(shown)
            ))))
        }
    }
}

fn normalize_fn(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (args, owner) = split(a, old);
    let (form, cps) = form_args(vm, args, k, "normalize", owner)?;
    let out = normalize(&cps, form, old);
    if out == cps && matches!(args[1].kind(), Kind::Str) {
        return Ok(args[1].clone());
    }
    Ok(new_string(out.into_iter().filter_map(char_for).collect()))
}

fn is_normalized_fn(vm: &mut Vm, a: &[Value], k: &[(Value, Value)], old: bool) -> PyResult {
    let (a, owner) = split(a, old);
    let (form, cps) = form_args(vm, a, k, "is_normalized", owner)?;
    Ok(py_bool(is_normalized(&cps, form, old)))
}

// ----- the module -----

/// The functions, for the module (`old` false) or as `UCD` methods.
macro_rules! funcs {
    ($old:expr; $($name:literal => $f:ident),* $(,)?) => {
        vec![$((
            $name,
            (|vm: &mut Vm, a: &[Value], k: &[(Value, Value)]| $f(vm, a, k, $old)) as NativeFn,
        )),*]
    };
}

fn functions(old: bool) -> Vec<(&'static str, NativeFn)> {
    if old {
        funcs!(true;
            "category" => category, "bidirectional" => bidirectional, "combining" => combining_fn,
            "east_asian_width" => east_asian_width, "mirrored" => mirrored,
            "decomposition" => decomposition, "decimal" => decimal, "digit" => digit,
            "numeric" => numeric, "name" => name, "lookup" => lookup,
            "normalize" => normalize_fn, "is_normalized" => is_normalized_fn,
        )
    } else {
        funcs!(false;
            "category" => category, "bidirectional" => bidirectional, "combining" => combining_fn,
            "east_asian_width" => east_asian_width, "mirrored" => mirrored,
            "decomposition" => decomposition, "decimal" => decimal, "digit" => digit,
            "numeric" => numeric, "name" => name, "lookup" => lookup,
            "normalize" => normalize_fn, "is_normalized" => is_normalized_fn,
        )
    }
}

pub fn make(vm: &mut Vm) -> Value {
    let ty = types();
    let mut ns = DictTable::new();
    ns.set_str("__module__", new_str("unicodedata"));
    let ucd = match crate::object::types::new_class(&ty.type_, "UCD", vec![], ns) {
        Ok(c) => c,
        Err(_) => return super::make_module("unicodedata", &functions(false), vec![]),
    };
    crate::objects::str_methods::add_methods(&ucd, "UCD", &functions(true));
    ucd.type_data_of_type().dict_mut().set_str(
        "__new__",
        Value::alloc(
            &ty.staticmethod,
            crate::objects::descr::WrapperData {
                func: new_builtin("__new__", |vm, _a, _| {
                    Err(vm.type_error("cannot create 'unicodedata.UCD' instances"))
                }),
            },
        ),
    );
    let mut d = DictTable::new();
    d.set_str("unidata_version", new_str("3.2.0"));
    let old = Value::alloc(&ucd, InstanceData::with_dict(new_dict(d)));
    let _ = vm;
    let values = vec![
        ("unidata_version", new_str("14.0.0")),
        ("UCD", ucd),
        ("ucd_3_2_0", old),
    ];
    super::make_module("unicodedata", &functions(false), values)
}
