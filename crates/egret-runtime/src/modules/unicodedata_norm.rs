//! Unicode normalization (NFC, NFD, NFKC, NFKD) for `unicodedata`:
//! decomposition (full, recursive; Hangul syllables algorithmically),
//! canonical ordering by combining class, and canonical composition with
//! Hangul syllables and the composition exclusions. For `ucd_3_2_0`,
//! characters unassigned in Unicode 3.2.0 are left alone and its
//! normalization corrections apply, as in CPython.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::unicodedata::{combining, decomposition_of, old_unassigned};
use super::unicodedata_tables as t;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// Appends the full decomposition of `cp` to `out`.
fn decompose_into(cp: u32, compat: bool, old: bool, out: &mut Vec<u32>, depth: u32) {
    if old && old_unassigned(cp) {
        out.push(cp);
        return;
    }
    if old
        && let Some(&(_, r)) = t::OLD_NORMALIZATION.iter().find(|&&(c, _)| c == cp)
        && depth < 32
    {
        decompose_into(r, compat, old, out, depth + 1);
        return;
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + s % N_COUNT / T_COUNT);
        if !s.is_multiple_of(T_COUNT) {
            out.push(T_BASE + s % T_COUNT);
        }
        return;
    }
    // The mappings are the current ones (ucd_3_2_0's differ in none).
    match decomposition_of(cp, false) {
        Some((tag, cps)) if (tag.is_none() || compat) && depth < 32 => {
            for &c in cps {
                decompose_into(c, compat, old, out, depth + 1);
            }
        }
        _ => out.push(cp),
    }
}

/// NFD or NFKD: decomposed, then canonically ordered.
fn decompose(s: &[u32], compat: bool, old: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for &cp in s {
        decompose_into(cp, compat, old, &mut out, 0);
    }
    // Canonical ordering: a stable sort of each run of non-starters.
    let mut i = 0;
    while i < out.len() {
        if combining(out[i], false) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len() && combining(out[i], false) != 0 {
            i += 1;
        }
        out[start..i].sort_by_key(|&c| combining(c, false));
    }
    out
}

/// Canonical pairs to their primary composites.
fn compositions() -> &'static HashMap<(u32, u32), u32> {
    static PAIRS: OnceLock<HashMap<(u32, u32), u32>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut map = HashMap::new();
        for entry in t::DECOMPOSITIONS.split(';') {
            let mut parts = entry.split(' ');
            let (Some(cp), Some("-"), Some(a), Some(b), None) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                continue;
            };
            let hex = |p: &str| u32::from_str_radix(p, 16).ok();
            let (Some(cp), Some(a), Some(b)) = (hex(cp), hex(a), hex(b)) else {
                continue;
            };
            if !t::COMPOSITION_EXCLUSIONS.contains(&cp) {
                map.insert((a, b), cp);
            }
        }
        map
    })
}

/// The primary composite of `a` followed by `b`, if any.
fn compose_pair(a: u32, b: u32) -> Option<u32> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + (b - T_BASE));
    }
    compositions().get(&(a, b)).copied()
}

/// Canonical composition of a decomposed, ordered string.
fn compose(mut s: Vec<u32>) -> Vec<u32> {
    let mut starter: Option<usize> = None;
    let mut last_class: Option<u8> = None;
    let mut out: Vec<u32> = Vec::with_capacity(s.len());
    for cp in s.drain(..) {
        let class = combining(cp, false);
        if let Some(st) = starter {
            // Not blocked: nothing between, or everything between has a
            // lower (non-zero) class.
            let blocked = match last_class {
                None => false,
                Some(lc) => lc == 0 || lc >= class,
            };
            if !blocked && let Some(c) = compose_pair(out[st], cp) {
                out[st] = c;
                continue;
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(cp);
    }
    out
}

pub(super) fn normalize(s: &[u32], form: Form, old: bool) -> Vec<u32> {
    match form {
        Form::Nfd => decompose(s, false, old),
        Form::Nfkd => decompose(s, true, old),
        Form::Nfc => compose(decompose(s, false, old)),
        Form::Nfkc => compose(decompose(s, true, old)),
    }
}

pub(super) fn is_normalized(s: &[u32], form: Form, old: bool) -> bool {
    normalize(s, form, old) == s
}
