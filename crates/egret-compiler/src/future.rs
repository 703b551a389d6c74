//! Future statements (`from __future__ import ...`): which features a
//! module turns on, and CPython's compile-time errors for them. They must
//! come first in the module (after the docstring, with other future
//! statements only); a future statement anywhere else, an unknown feature
//! or `braces` is a SyntaxError.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::CompileError;

/// The features a module turned on that change how egret compiles it
/// (the others exist only for compatibility and change nothing in 3.11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// PEP 563: annotations are kept as strings, never evaluated.
    pub annotations: bool,
}

/// `compile()`'s flag for PEP 563 (`__future__.annotations.compiler_flag`).
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;

const KNOWN: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

fn is_future_import(s: &Stmt) -> Option<&ast::StmtImportFrom> {
    match s {
        Stmt::ImportFrom(i)
            if i.level == 0
                && i.module
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "__future__") =>
        {
            Some(i)
        }
        _ => None,
    }
}

fn error(range: ruff_text_size::TextRange, msg: String) -> CompileError {
    CompileError {
        message: msg,
        offset: range.start().to_usize(),
    }
}

/// The features the module's leading future statements turn on.
pub fn features(body: &[Stmt]) -> Result<Features, CompileError> {
    let mut f = Features::default();
    let mut rest = body;
    // A docstring may come first.
    if let Some(Stmt::Expr(e)) = rest.first()
        && let Expr::StringLiteral(_) = &*e.value
    {
        rest = &rest[1..];
    }
    while let Some(i) = rest.first().and_then(is_future_import) {
        for alias in &i.names {
            let name = alias.name.as_str();
            if name == "braces" {
                return Err(error(i.range(), "not a chance".into()));
            }
            if !KNOWN.contains(&name) {
                return Err(error(
                    i.range(),
                    format!("future feature {name} is not defined"),
                ));
            }
            if name == "annotations" {
                f.annotations = true;
            }
        }
        rest = &rest[1..];
    }
    misplaced(rest)?;
    Ok(f)
}

/// A future statement after the leading ones, at any depth.
fn misplaced(body: &[Stmt]) -> Result<(), CompileError> {
    for s in body {
        if let Some(i) = is_future_import(s) {
            return Err(error(
                i.range(),
                "from __future__ imports must occur at the beginning of the file".into(),
            ));
        }
        match s {
            Stmt::FunctionDef(d) => misplaced(&d.body)?,
            Stmt::ClassDef(d) => misplaced(&d.body)?,
            Stmt::If(i) => {
                misplaced(&i.body)?;
                for c in &i.elif_else_clauses {
                    misplaced(&c.body)?;
                }
            }
            Stmt::For(x) => {
                misplaced(&x.body)?;
                misplaced(&x.orelse)?;
            }
            Stmt::While(x) => {
                misplaced(&x.body)?;
                misplaced(&x.orelse)?;
            }
            Stmt::With(x) => misplaced(&x.body)?,
            Stmt::Try(t) => {
                misplaced(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    misplaced(&h.body)?;
                }
                misplaced(&t.orelse)?;
                misplaced(&t.finalbody)?;
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    misplaced(&c.body)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
