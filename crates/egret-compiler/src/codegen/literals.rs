//! The values of str literals where the parser's differ from Python's.
//!
//! The parser gives `\ud800`-style escapes (lone surrogates, which Rust's
//! strings cannot hold) as U+FFFD. For such literals the text is decoded
//! again from the source here, and each surrogate becomes the stand-in
//! char the runtime uses for it (the code point + 0x100000; see
//! `egret_runtime::objects::unicode`). Text that holds one of those
//! stand-in code points itself is refused: egret cannot tell it apart.

use std::rc::Rc;

use ruff_python_ast::{self as ast, StringFlags};
use ruff_text_size::{Ranged, TextRange};

use super::{CResult, Compiler, err};

/// The code points that stand for U+D800..=U+DFFF.
const STAND_IN_BASE: u32 = 0x10D800;
const STAND_IN_LAST: u32 = 0x10DFFF;

fn char_for(cp: u32) -> Option<char> {
    match cp {
        0xD800..=0xDFFF => char::from_u32(cp - 0xD800 + STAND_IN_BASE),
        _ => char::from_u32(cp),
    }
}

/// Decodes the escapes of a non-raw literal's body. None when the body
/// uses `\N{...}` (the parser's value is kept then).
fn decode(body: &str, fstring: bool) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if fstring && (c == '{' || c == '}') && it.peek() == Some(&c) {
            it.next();
            out.push(c);
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else {
            out.push('\\');
            break;
        };
        let hex = |it: &mut std::iter::Peekable<std::str::Chars>, n: usize| {
            let mut v = 0u32;
            for _ in 0..n {
                v = v * 16 + it.next()?.to_digit(16)?;
            }
            Some(v)
        };
        match e {
            '\n' => {}
            '\r' => {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
            }
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match it.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v)?);
            }
            'x' => out.push(char::from_u32(hex(&mut it, 2)?)?),
            'u' => out.push(char_for(hex(&mut it, 4)?)?),
            'U' => out.push(char_for(hex(&mut it, 8)?)?),
            'N' => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// Whether text holds one of the stand-in code points.
fn has_stand_ins(s: &str) -> bool {
    s.chars()
        .any(|c| (STAND_IN_BASE..=STAND_IN_LAST).contains(&(c as u32)))
}

/// The value of a literal whose parser value is `value` and whose body
/// (between the quotes) is `body` in `source`: `value`, unless it holds a
/// U+FFFD that may stand for a lone surrogate escape.
pub(crate) fn literal_value(
    source: &str,
    value: &str,
    body: TextRange,
    raw: bool,
    fstring: bool,
) -> String {
    if raw || !value.contains('\u{fffd}') {
        return value.to_string();
    }
    source
        .get(body.start().to_usize()..body.end().to_usize())
        .and_then(|b| decode(b, fstring))
        .unwrap_or_else(|| value.to_string())
}

impl Compiler<'_> {
    /// The value of one literal: the parser's, unless the source spells
    /// a lone surrogate.
    fn literal_text(
        &self,
        value: &str,
        range: TextRange,
        body: TextRange,
        raw: bool,
        fstring: bool,
    ) -> CResult<String> {
        // (A tree made by the caller has no source: its values are final,
        // stand-ins included.)
        if !self.source.is_empty() && has_stand_ins(value) {
            return Err(err(
                range,
                "egret cannot represent code points U+10D800..U+10DFFF (kept for lone surrogates)",
            ));
        }
        if raw || !value.contains('\u{fffd}') {
            return Ok(value.to_string());
        }
        let src = self
            .source
            .get(body.start().to_usize()..body.end().to_usize());
        Ok(src
            .and_then(|b| decode(b, fstring))
            .unwrap_or_else(|| value.to_string()))
    }

    /// The value of a str literal part (`'...'`).
    pub(super) fn string_part(&self, part: &ast::StringLiteral) -> CResult<String> {
        let r = part.range();
        let body = TextRange::new(
            r.start() + part.flags.opener_len(),
            r.end() - part.flags.closer_len(),
        );
        let raw = part.flags.prefix().is_raw();
        self.literal_text(&part.value, r, body, raw, false)
    }

    /// The value of a (possibly implicitly concatenated) str literal.
    pub(super) fn string_value(&self, value: &ast::StringLiteralValue) -> CResult<Rc<str>> {
        if value
            .iter()
            .all(|p| !p.value.contains('\u{fffd}') && p.value.is_ascii())
        {
            return Ok(value.to_str().into());
        }
        let mut out = String::new();
        for part in value.iter() {
            out.push_str(&self.string_part(part)?);
        }
        Ok(out.into())
    }

    /// The value of the literal text between an f-string's fields.
    pub(super) fn fstring_literal(
        &self,
        el: &ast::InterpolatedStringLiteralElement,
        raw: bool,
    ) -> CResult<String> {
        self.literal_text(&el.value, el.range(), el.range(), raw, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_escapes_become_stand_ins() {
        let s = decode(r"a\udcffb\x41\n", false).expect("decodes");
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        assert_eq!(cps, vec![0x61, 0x10DCFF, 0x62, 0x41, 0x0A]);
        assert_eq!(decode(r"\N{BULLET}", false), None);
        assert_eq!(decode("{{x}}", true).as_deref(), Some("{x}"));
    }
}
