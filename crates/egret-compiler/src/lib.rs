//! Python source to egret bytecode.
//!
//! Parsing is ruff_python_parser's; this crate owns the symbol tables
//! ([`symtable`]) and code generation ([`codegen`]). Its output is an
//! [`egret_bytecode::CodeObject`] tree; running it is the runtime's business.
//! Errors come back as [`SyntaxError`] values carrying CPython's location
//! information (line, column, source line), never as panics.

pub mod codegen;
pub mod future;
mod limits;
mod stackdepth;
pub mod symtable;
pub mod unparse;

use std::rc::Rc;

use egret_bytecode::CodeObject;

/// An error found while compiling, at a byte offset into the source.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub message: String,
    pub offset: usize,
}

/// A syntax error located the way CPython reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The exception type name: `SyntaxError` or `IndentationError`.
    pub kind: &'static str,
    pub message: String,
    pub filename: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The offending source line without its newline.
    pub text: String,
}

impl SyntaxError {
    /// The CPython-style report: location, source line, caret, message.
    pub fn render(&self) -> String {
        if self.kind == "RecursionError" {
            // CPython reports its compiler's RecursionError without a location.
            return format!("{}: {}\n", self.kind, self.message);
        }
        let mut out = format!("  File \"{}\", line {}\n", self.filename, self.line);
        let trimmed = self.text.trim_start();
        if !trimmed.is_empty() {
            let indent = self.text.chars().count() - trimmed.chars().count();
            let col = self.column.saturating_sub(1).saturating_sub(indent);
            out.push_str(&format!("    {}\n", trimmed.trim_end()));
            out.push_str(&format!("    {}^\n", " ".repeat(col)));
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.message));
        out
    }
}

/// Maps byte offsets to 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    /// Nonzero for a tree made by the caller ([`compile_tree`]): every
    /// line is this many bytes long.
    width: usize,
}

/// The line length [`compile_tree`] assumes: a node on 1-based line `n`
/// starts at offset `(n - 1) * TREE_LINE_WIDTH`.
pub const TREE_LINE_WIDTH: usize = 8;

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts, width: 0 }
    }

    fn fixed(width: usize) -> Self {
        LineIndex {
            starts: Vec::new(),
            width,
        }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        if let Some(line) = offset.checked_div(self.width) {
            return line + 1;
        }
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        if self.width > 0 {
            return line.saturating_sub(1) * self.width;
        }
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }
}

/// The text of 1-based `line` in `source`.
pub fn source_line(source: &str, line: usize) -> String {
    source
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .to_string()
}

fn make_syntax_error(source: &str, filename: &str, offset: usize, message: String) -> SyntaxError {
    let index = LineIndex::new(source);
    let offset = offset.min(source.len());
    let line = index.line_of(offset);
    let start = index.line_start(line);
    let column = source
        .get(start..offset)
        .map(|s| s.chars().count() + 1)
        .unwrap_or(1);
    let kind = if message.contains("indent") {
        "IndentationError"
    } else {
        "SyntaxError"
    };
    SyntaxError {
        kind,
        message,
        filename: filename.to_string(),
        line,
        column,
        text: source_line(source, line),
    }
}

/// Translates ruff's parse error wording into CPython's where they differ.
fn cpython_message(source: &str, err: &ruff_python_parser::ParseError) -> (String, usize) {
    use ruff_python_parser::{LexicalErrorType, ParseErrorType};
    let offset = err.location.start().to_usize();
    let msg = match &err.error {
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => {
            let line = LineIndex::new(source).line_of(offset);
            format!("unterminated string literal (detected at line {line})")
        }
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
            "unindent does not match any outer indentation level".to_string()
        }
        ParseErrorType::ExpectedToken { expected, found } => {
            let e = expected.to_string();
            if e.contains(':') && found.is_any_newline() {
                "expected ':'".to_string()
            } else {
                "invalid syntax".to_string()
            }
        }
        ParseErrorType::OtherError(m) if m.contains("indented block") => {
            // "Expected an indented block after `for` statement" -> CPython's wording,
            // which names the line of the block's header.
            let m = m.replacen("Expected", "expected", 1).replace('`', "'");
            let index = LineIndex::new(source);
            let line = index.line_of(offset);
            let header = (1..line)
                .rev()
                .find(|&l| {
                    let text = source_line(source, l);
                    let code = text.split('#').next().unwrap_or("").trim_end();
                    code.ends_with(':')
                })
                .unwrap_or(line.saturating_sub(1));
            format!("{m} on line {header}")
        }
        ParseErrorType::UnexpectedIndentation => "unexpected indent".to_string(),
        ParseErrorType::Lexical(LexicalErrorType::Eof) => {
            // An unclosed bracket: CPython names the opener.
            if let Some((ch, pos)) = unclosed_bracket(source) {
                return (format!("'{ch}' was never closed"), pos);
            }
            "unexpected EOF while parsing".to_string()
        }
        _ => "invalid syntax".to_string(),
    };
    (msg, offset)
}

/// The first bracket that is never closed, ignoring strings and comments.
fn unclosed_bracket(source: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                for (_, c2) in chars.by_ref() {
                    if c2 == '\n' {
                        break;
                    }
                }
            }
            '\'' | '"' => {
                while let Some((_, c2)) = chars.next() {
                    if c2 == '\\' {
                        chars.next();
                    } else if c2 == c || c2 == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.first().copied()
}

/// Compiles a module's source. `filename` is what tracebacks will show.
pub fn compile_module(source: &str, filename: &str) -> Result<Rc<CodeObject>, SyntaxError> {
    compile_source(source, filename, Mode::Module)
}

/// What the source is compiled as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A file or `exec` string: returns None.
    Module,
    /// An interactive statement: expression statements print their value.
    Interactive,
    /// An `eval` expression: returns its value.
    Eval,
}

pub fn compile_source(
    source: &str,
    filename: &str,
    mode: Mode,
) -> Result<Rc<CodeObject>, SyntaxError> {
    compile_source_flags(source, filename, mode, 0)
}

/// `compile_source` with `compile()`'s flags: `future::CO_FUTURE_ANNOTATIONS`
/// turns PEP 563 on as a future statement would.
pub fn compile_source_flags(
    source: &str,
    filename: &str,
    mode: Mode,
    flags: u32,
) -> Result<Rc<CodeObject>, SyntaxError> {
    if let Err(e) = limits::check(source) {
        let mut err = make_syntax_error(source, filename, e.offset, e.message.into());
        err.kind = e.kind;
        return Err(err);
    }
    let too_deep = |e: CompileError| {
        let mut err = make_syntax_error(source, filename, e.offset, e.message);
        if err.message == symtable::TOO_DEEP {
            err.kind = "RecursionError";
        }
        err
    };
    let module = if mode == Mode::Eval {
        match ruff_python_parser::parse_expression(source) {
            Ok(parsed) => {
                let expr = parsed.into_syntax();
                let r = codegen::compile_eval(&expr.body, source, filename).map_err(too_deep);
                if r.is_err() {
                    // An expression nested too deeply to compile is too deep
                    // to drop recursively too: leak it.
                    std::mem::forget(expr);
                }
                return r;
            }
            Err(err) => {
                let (msg, off) = cpython_message(source, &err);
                return Err(make_syntax_error(source, filename, off, msg));
            }
        }
    } else {
        let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
            .with_target_version(ruff_python_ast::PythonVersion::PY311);
        match ruff_python_parser::parse(source, options) {
            Ok(parsed) => {
                if let Some(e) = parsed.unsupported_syntax_errors().first() {
                    return Err(newer_syntax(source, filename, e));
                }
                match parsed.try_into_module() {
                    Some(m) => m.into_syntax(),
                    None => unreachable!("parsed in module mode"),
                }
            }
            Err(err) => {
                let (msg, off) = cpython_message(source, &err);
                return Err(make_syntax_error(source, filename, off, msg));
            }
        }
    };
    let r = future::features(&module.body)
        .and_then(|mut features| {
            features.annotations |= flags & future::CO_FUTURE_ANNOTATIONS != 0;
            codegen::compile_module(
                &module.body,
                source,
                filename,
                mode == Mode::Interactive,
                features,
            )
        })
        .map_err(too_deep);
    if r.as_ref().is_err_and(|e| e.kind == "RecursionError") {
        // Too deeply nested to drop recursively: leak it.
        std::mem::forget(module);
    }
    r
}

/// The ruff AST crate, for callers converting to and from it.
pub use ruff_python_ast;
pub use ruff_text_size;

/// Parses source for `ast.parse` (`compile(..., PyCF_ONLY_AST)`): the
/// syntax tree, or the SyntaxError `compile()` would give for a parse
/// error. `Mode::Eval` gives `Mod::Expression`, the others `Mod::Module`.
pub fn parse_to_ast(
    source: &str,
    filename: &str,
    mode: Mode,
    minor: u8,
) -> Result<(ruff_python_ast::Mod, Vec<ruff_text_size::TextRange>), SyntaxError> {
    use ruff_python_ast::token::{TokenKind, Tokens};
    use ruff_text_size::Ranged;
    if let Err(e) = limits::check(source) {
        let mut err = make_syntax_error(source, filename, e.offset, e.message.into());
        err.kind = e.kind;
        return Err(err);
    }
    let comments = |tokens: &Tokens| {
        tokens
            .iter()
            .filter(|t| t.kind() == TokenKind::Comment)
            .map(|t| t.range())
            .collect::<Vec<_>>()
    };
    if mode == Mode::Eval {
        if let Some(off) = eval_indent(source) {
            let mut e = make_syntax_error(source, filename, off, "unexpected indent".into());
            e.kind = "IndentationError";
            return Err(e);
        }
        return match ruff_python_parser::parse_expression(source) {
            Ok(parsed) => {
                let c = comments(parsed.tokens());
                Ok((ruff_python_ast::Mod::Expression(parsed.into_syntax()), c))
            }
            Err(err) => {
                let (msg, off) = cpython_message(source, &err);
                Err(make_syntax_error(source, filename, off, msg))
            }
        };
    }
    let version = ruff_python_ast::PythonVersion {
        major: 3,
        minor: minor.clamp(7, 11),
    };
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(version);
    match ruff_python_parser::parse(source, options) {
        Ok(parsed) => {
            if let Some(e) = parsed.unsupported_syntax_errors().first() {
                return Err(newer_syntax(source, filename, e));
            }
            let c = comments(parsed.tokens());
            match parsed.try_into_module() {
                Some(m) => Ok((ruff_python_ast::Mod::Module(m.into_syntax()), c)),
                None => Err(make_syntax_error(
                    source,
                    filename,
                    0,
                    "invalid syntax".into(),
                )),
            }
        }
        Err(err) => {
            let (msg, off) = cpython_message(source, &err);
            Err(make_syntax_error(source, filename, off, msg))
        }
    }
}

/// Where an expression's source has an indented line outside brackets
/// (CPython's tokenizer says "unexpected indent" there in eval mode).
fn eval_indent(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at_line_start = true;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if at_line_start {
            at_line_start = false;
            if depth == 0 && matches!(c, ' ' | '\t' | '\x0c') {
                let mut j = i;
                let mut next = c;
                while matches!(next, ' ' | '\t' | '\x0c') {
                    chars.next();
                    match chars.peek() {
                        Some(&(k, n)) => {
                            j = k;
                            next = n;
                        }
                        None => return None,
                    }
                }
                if !matches!(next, '\n' | '\r' | '#') {
                    return Some(j);
                }
                continue;
            }
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '\\' => {
                chars.next();
            }
            '\n' => at_line_start = true,
            '\'' | '"' => return None,
            _ => {}
        }
    }
    None
}

/// Compiles a syntax tree built by the caller (`compile(ast_object, ...)`).
/// There is no source: a node's offset says its line (see
/// [`TREE_LINE_WIDTH`]), and str literals must carry their final values
/// (marked raw: their text is not read again from a source).
pub fn compile_tree(
    tree: &ruff_python_ast::Mod,
    filename: &str,
    mode: Mode,
    flags: u32,
) -> Result<Rc<CodeObject>, SyntaxError> {
    let as_error = |e: CompileError| {
        let kind = if e.message == symtable::TOO_DEEP {
            "RecursionError"
        } else {
            "SyntaxError"
        };
        SyntaxError {
            kind,
            message: e.message,
            filename: filename.to_string(),
            line: e.offset / TREE_LINE_WIDTH + 1,
            column: 1,
            text: String::new(),
        }
    };
    let lines = || LineIndex::fixed(TREE_LINE_WIDTH);
    match tree {
        ruff_python_ast::Mod::Expression(e) => {
            codegen::compile_eval_with(&e.body, "", lines(), filename).map_err(as_error)
        }
        ruff_python_ast::Mod::Module(m) => future::features(&m.body)
            .and_then(|mut features| {
                features.annotations |= flags & future::CO_FUTURE_ANNOTATIONS != 0;
                codegen::compile_module_with(
                    &m.body,
                    "",
                    lines(),
                    filename,
                    mode == Mode::Interactive,
                    features,
                )
            })
            .map_err(as_error),
    }
}

/// The value of an int literal.
pub fn int_literal_value(i: &ruff_python_ast::Int) -> Option<num_bigint::BigInt> {
    codegen::parse_int(i, ruff_text_size::TextRange::default()).ok()
}

/// The value of one str literal part (or f-string literal text when
/// `fstring`), with lone surrogates as the runtime's stand-ins (see
/// `codegen::literals`).
pub fn str_literal_value(
    source: &str,
    value: &str,
    body: ruff_text_size::TextRange,
    raw: bool,
    fstring: bool,
) -> String {
    codegen::literals::literal_value(source, value, body, raw, fstring)
}

/// Syntax that Python 3.11 does not have (3.12's f-strings with nested
/// quotes, backslashes or comments, `type` statements, ...): the error 3.11
/// gives for it.
fn newer_syntax(
    source: &str,
    filename: &str,
    e: &ruff_python_parser::UnsupportedSyntaxError,
) -> SyntaxError {
    use ruff_python_parser::UnsupportedSyntaxErrorKind as K;
    // (The parser does not export the f-string kinds: told apart by text.)
    let text = e.to_string();
    let msg = match e.kind {
        K::Pep701FString(_) if text.contains("backslash") => {
            "f-string expression part cannot include a backslash"
        }
        K::Pep701FString(_) if text.contains("comment") => {
            "f-string expression part cannot include '#'"
        }
        K::Pep701FString(_) => "f-string: expecting '}'",
        // `def f[T](...)`: 3.11 wants the parameters after the name.
        K::TypeParameterList
            if source[..e.range.start().to_usize()]
                .split_whitespace()
                .rev()
                .nth(1)
                == Some("def") =>
        {
            "expected '('"
        }
        _ => "invalid syntax",
    };
    make_syntax_error(source, filename, e.range.start().to_usize(), msg.into())
}

/// Decodes a source file's bytes (a UTF-8 BOM is skipped) as PEP 263
/// says: UTF-8 unless a comment on the first or second line names another
/// encoding (`# -*- coding: latin-1 -*-`). UTF-8, Latin-1 and ASCII are
/// decoded here; other encodings by `other(name, bytes)` (the runtime's
/// codecs), `None` when it does not know the name.
pub fn decode_source_with(
    bytes: &[u8],
    filename: &str,
    other: &mut dyn FnMut(&str, &[u8]) -> Option<String>,
) -> Result<String, SyntaxError> {
    let (bom, bytes) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let problem = |message: String| SyntaxError {
        kind: "SyntaxError",
        message,
        filename: filename.to_string(),
        line: 0,
        column: 0,
        text: String::new(),
    };
    let name = match coding_spec(bytes) {
        None => return decode_utf8(bytes, filename),
        Some(n) => normal_encoding_name(&n),
    };
    if bom && name != "utf-8" {
        return Err(problem(format!("encoding problem: {name} with BOM")));
    }
    match name.as_str() {
        "utf-8" => decode_utf8(bytes, filename),
        "iso-8859-1" => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        "ascii" | "us-ascii" if bytes.is_ascii() => Ok(String::from_utf8_lossy(bytes).into_owned()),
        _ => other(&name, bytes).ok_or_else(|| problem(format!("encoding problem: {name}"))),
    }
}

/// [`decode_source_with`] knowing only UTF-8, Latin-1 and ASCII.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, SyntaxError> {
    decode_source_with(bytes, filename, &mut |_, _| None)
}

/// The encoding a PEP 263 comment names on the first line, or on the
/// second when the first is blank or a comment.
pub fn coding_spec(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|&b| b == b'\n');
    for _ in 0..2 {
        let line = lines.next()?;
        let text = line.trim_ascii_start();
        if !text.starts_with(b"#") {
            // Code (or nothing more to look at): no declaration further on.
            if !text.is_empty() {
                return None;
            }
            continue;
        }
        if let Some(name) = coding_in_comment(text) {
            return Some(name);
        }
    }
    None
}

/// `coding[:=][ \t]*NAME` in a comment line (NAME: letters, digits, `-_.`).
fn coding_in_comment(line: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(i) = line[from..].windows(6).position(|w| w == b"coding") {
        let at = from + i + 6;
        if matches!(line.get(at), Some(b':' | b'=')) {
            let rest = &line[at + 1..];
            let rest = &rest[rest
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()..];
            let n = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                .count();
            if n > 0 {
                return Some(String::from_utf8_lossy(&rest[..n]).into_owned());
            }
        }
        from = at;
    }
    None
}

/// CPython's tokenizer's normalisation of the UTF-8 and Latin-1 names
/// (`utf_8`, `UTF-8-unix`, `latin-1`, `iso-latin-1-dos`, ...).
fn normal_encoding_name(name: &str) -> String {
    let lower: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let is = |base: &str| lower == base || lower.starts_with(&format!("{base}-"));
    if is("utf-8") {
        "utf-8".into()
    } else if is("latin-1") || is("iso-8859-1") || is("iso-latin-1") {
        "iso-8859-1".into()
    } else {
        name.to_string()
    }
}

fn decode_utf8(bytes: &[u8], filename: &str) -> Result<String, SyntaxError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let bad = bytes[e.valid_up_to()];
            Err(SyntaxError {
                kind: "SyntaxError",
                message: format!(
                    "(unicode error) 'utf-8' codec can't decode byte {bad:#04x} in position {}: invalid start byte",
                    e.valid_up_to()
                ),
                filename: filename.to_string(),
                line,
                column: 0,
                text: String::new(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_location_and_caret() {
        let err = compile_module("x = 1\nif True print(1)\n", "t.py").unwrap_err();
        assert_eq!(err.line, 2);
        let text = err.render();
        assert!(text.starts_with("  File \"t.py\", line 2\n    if True print(1)\n"));
        assert!(text.ends_with("SyntaxError: invalid syntax\n"), "{text}");
        let err = compile_module("x = 1\nif True\n    pass\n", "t.py").unwrap_err();
        assert_eq!(err.message, "expected ':'");
    }

    #[test]
    fn unclosed_paren_names_the_opener() {
        let err = compile_module("x = (1,\n", "t.py").unwrap_err();
        assert_eq!(err.message, "'(' was never closed");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error() {
        let err = decode_source(b"x = 1\ny = '\xff'\n", "t.py").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("can't decode byte 0xff"));
    }

    #[test]
    fn closures_get_cells_and_free_vars() {
        let code = compile_module(
            "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n",
            "t.py",
        )
        .unwrap();
        let outer = code
            .consts
            .iter()
            .find_map(|c| match c {
                egret_bytecode::Const::Code(c) => Some(c.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(outer.cellvars, vec!["x".to_string()]);
        let inner = outer
            .consts
            .iter()
            .find_map(|c| match c {
                egret_bytecode::Const::Code(c) => Some(c.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(inner.freevars, vec!["x".to_string()]);
    }
}
