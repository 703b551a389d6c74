//! Expressions back to source text, as CPython 3.11 writes them for
//! postponed annotations (PEP 563, `from __future__ import annotations`):
//! the same spacing, parentheses only where precedence needs them, literals
//! as their `repr`. The rules follow the precedence table of Python's
//! grammar; the code is ours.

use ruff_python_ast::{self as ast, Expr};

/// Binding strength, weakest first (the order of Python's grammar).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pr {
    Tuple,
    Test,
    Or,
    And,
    Not,
    Cmp,
    /// `|`
    Expr,
    BXor,
    BAnd,
    Shift,
    Arith,
    Term,
    Factor,
    Power,
    Await,
    Atom,
}

impl Pr {
    fn next(self) -> Pr {
        use Pr::*;
        match self {
            Tuple => Test,
            Test => Or,
            Or => And,
            And => Not,
            Not => Cmp,
            Cmp => Expr,
            Expr => BXor,
            BXor => BAnd,
            BAnd => Shift,
            Shift => Arith,
            Arith => Term,
            Term => Factor,
            Factor => Power,
            Power => Await,
            Await | Atom => Atom,
        }
    }
}

/// The source text CPython gives for `e` as an annotation string.
pub fn unparse(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, Pr::Test);
    out
}

fn binop(op: ast::Operator) -> (&'static str, Pr) {
    use ast::Operator::*;
    match op {
        Add => ("+", Pr::Arith),
        Sub => ("-", Pr::Arith),
        Mult => ("*", Pr::Term),
        MatMult => ("@", Pr::Term),
        Div => ("/", Pr::Term),
        Mod => ("%", Pr::Term),
        FloorDiv => ("//", Pr::Term),
        Pow => ("**", Pr::Power),
        LShift => ("<<", Pr::Shift),
        RShift => (">>", Pr::Shift),
        BitOr => ("|", Pr::Expr),
        BitXor => ("^", Pr::BXor),
        BitAnd => ("&", Pr::BAnd),
    }
}

fn open(out: &mut String, cond: bool, s: &str) {
    if cond {
        out.push_str(s);
    }
}

fn join(out: &mut String, items: &[Expr], level: Pr) {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, e, level);
    }
}

fn write_expr(out: &mut String, e: &Expr, level: Pr) {
    match e {
        Expr::BoolOp(b) => {
            let (word, pr) = match b.op {
                ast::BoolOp::And => (" and ", Pr::And),
                ast::BoolOp::Or => (" or ", Pr::Or),
            };
            open(out, level > pr, "(");
            for (i, v) in b.values.iter().enumerate() {
                if i > 0 {
                    out.push_str(word);
                }
                write_expr(out, v, pr.next());
            }
            open(out, level > pr, ")");
        }
        Expr::BinOp(b) => {
            let (sym, pr) = binop(b.op);
            let right_assoc = b.op == ast::Operator::Pow;
            open(out, level > pr, "(");
            write_expr(out, &b.left, if right_assoc { pr.next() } else { pr });
            out.push(' ');
            out.push_str(sym);
            out.push(' ');
            write_expr(out, &b.right, if right_assoc { pr } else { pr.next() });
            open(out, level > pr, ")");
        }
        Expr::UnaryOp(u) => {
            let (sym, pr) = match u.op {
                ast::UnaryOp::Not => ("not ", Pr::Not),
                ast::UnaryOp::Invert => ("~", Pr::Factor),
                ast::UnaryOp::UAdd => ("+", Pr::Factor),
                ast::UnaryOp::USub => ("-", Pr::Factor),
            };
            open(out, level > pr, "(");
            out.push_str(sym);
            write_expr(out, &u.operand, pr);
            open(out, level > pr, ")");
        }
        Expr::Lambda(l) => {
            open(out, level > Pr::Test, "(");
            out.push_str("lambda");
            if let Some(p) = &l.parameters
                && !p.is_empty()
            {
                out.push(' ');
                write_parameters(out, p);
            }
            out.push_str(": ");
            write_expr(out, &l.body, Pr::Test);
            open(out, level > Pr::Test, ")");
        }
        Expr::If(i) => {
            open(out, level > Pr::Test, "(");
            write_expr(out, &i.body, Pr::Test.next());
            out.push_str(" if ");
            write_expr(out, &i.test, Pr::Test.next());
            out.push_str(" else ");
            write_expr(out, &i.orelse, Pr::Test);
            open(out, level > Pr::Test, ")");
        }
        Expr::Dict(d) => {
            out.push('{');
            for (i, item) in d.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match &item.key {
                    Some(k) => {
                        write_expr(out, k, Pr::Test);
                        out.push_str(": ");
                        write_expr(out, &item.value, Pr::Test);
                    }
                    None => {
                        out.push_str("**");
                        write_expr(out, &item.value, Pr::Expr);
                    }
                }
            }
            out.push('}');
        }
        Expr::Set(s) => {
            if s.elts.is_empty() {
                out.push_str("{*()}");
            } else {
                out.push('{');
                join(out, &s.elts, Pr::Test);
                out.push('}');
            }
        }
        Expr::ListComp(c) => {
            out.push('[');
            write_expr(out, &c.elt, Pr::Test);
            write_generators(out, &c.generators);
            out.push(']');
        }
        Expr::SetComp(c) => {
            out.push('{');
            write_expr(out, &c.elt, Pr::Test);
            write_generators(out, &c.generators);
            out.push('}');
        }
        Expr::DictComp(c) => {
            out.push('{');
            if let Some(k) = &c.key {
                write_expr(out, k, Pr::Test);
            }
            out.push_str(": ");
            write_expr(out, &c.value, Pr::Test);
            write_generators(out, &c.generators);
            out.push('}');
        }
        Expr::Generator(g) => {
            out.push('(');
            write_expr(out, &g.elt, Pr::Test);
            write_generators(out, &g.generators);
            out.push(')');
        }
        Expr::Await(a) => {
            open(out, level > Pr::Await, "(");
            out.push_str("await ");
            write_expr(out, &a.value, Pr::Atom);
            open(out, level > Pr::Await, ")");
        }
        Expr::Yield(y) => match &y.value {
            None => out.push_str("(yield)"),
            Some(v) => {
                out.push_str("(yield ");
                write_expr(out, v, Pr::Test);
                out.push(')');
            }
        },
        Expr::YieldFrom(y) => {
            out.push_str("(yield from ");
            write_expr(out, &y.value, Pr::Test);
            out.push(')');
        }
        Expr::Compare(c) => {
            open(out, level > Pr::Cmp, "(");
            write_expr(out, &c.left, Pr::Cmp.next());
            for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                write_expr(out, right, Pr::Cmp.next());
            }
            open(out, level > Pr::Cmp, ")");
        }
        Expr::Call(c) => {
            write_expr(out, &c.func, Pr::Atom);
            let args = &c.arguments;
            // A lone generator argument keeps only its own parentheses.
            if args.args.len() == 1
                && args.keywords.is_empty()
                && let Expr::Generator(g) = &args.args[0]
                && !g.parenthesized
            {
                write_expr(out, &args.args[0], Pr::Test);
                return;
            }
            out.push('(');
            let mut first = true;
            for a in args.iter_source_order() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match a {
                    ast::ArgOrKeyword::Arg(e) => write_expr(out, e, Pr::Test),
                    ast::ArgOrKeyword::Keyword(k) => {
                        match &k.arg {
                            Some(name) => {
                                out.push_str(name.as_str());
                                out.push('=');
                            }
                            None => out.push_str("**"),
                        }
                        write_expr(out, &k.value, Pr::Test);
                    }
                }
            }
            out.push(')');
        }
        Expr::FString(f) => write_fstring(out, f),
        Expr::TString(_) => out.push_str("t''"),
        Expr::StringLiteral(s) => {
            if s.value
                .iter()
                .next()
                .is_some_and(|p| p.flags.prefix().is_unicode())
            {
                out.push('u');
            }
            out.push_str(&str_repr(s.value.to_str()));
        }
        Expr::BytesLiteral(b) => {
            let bytes: Vec<u8> = b.value.bytes().collect();
            out.push_str(&bytes_repr(&bytes));
        }
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => out.push_str(&int_text(i)),
            ast::Number::Float(f) => out.push_str(&float_repr(*f)),
            ast::Number::Complex { real, imag } => {
                if *real == 0.0 && real.is_sign_positive() {
                    out.push_str(&complex_part(*imag));
                    out.push('j');
                } else {
                    out.push('(');
                    out.push_str(&complex_part(*real));
                    out.push_str(
                        if *imag < 0.0 || (*imag == 0.0 && imag.is_sign_negative()) {
                            "-"
                        } else {
                            "+"
                        },
                    );
                    out.push_str(&complex_part(imag.abs()));
                    out.push_str("j)");
                }
            }
        },
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::Attribute(a) => {
            write_expr(out, &a.value, Pr::Atom);
            // `1 .real`: an int literal followed by `.` would read as a float.
            let int_value = matches!(&*a.value, Expr::NumberLiteral(n) if matches!(n.value, ast::Number::Int(_)));
            out.push_str(if int_value { " ." } else { "." });
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            write_expr(out, &s.value, Pr::Atom);
            let starred = matches!(&*s.slice, Expr::Tuple(t) if t.elts.iter().any(|e| matches!(e, Expr::Starred(_))));
            out.push('[');
            write_expr(out, &s.slice, if starred { Pr::Test } else { Pr::Tuple });
            out.push(']');
        }
        Expr::Starred(s) => {
            out.push('*');
            write_expr(out, &s.value, Pr::Expr);
        }
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::List(l) => {
            out.push('[');
            join(out, &l.elts, Pr::Test);
            out.push(']');
        }
        Expr::Tuple(t) => {
            if t.elts.is_empty() {
                out.push_str("()");
                return;
            }
            open(out, level > Pr::Tuple, "(");
            join(out, &t.elts, Pr::Test);
            if t.elts.len() == 1 {
                out.push(',');
            }
            open(out, level > Pr::Tuple, ")");
        }
        Expr::Slice(s) => {
            if let Some(l) = &s.lower {
                write_expr(out, l, Pr::Test);
            }
            out.push(':');
            if let Some(u) = &s.upper {
                write_expr(out, u, Pr::Test);
            }
            if let Some(st) = &s.step {
                out.push(':');
                write_expr(out, st, Pr::Test);
            }
        }
        Expr::Named(n) => {
            open(out, level > Pr::Tuple, "(");
            write_expr(out, &n.target, Pr::Atom);
            out.push_str(" := ");
            write_expr(out, &n.value, Pr::Atom);
            open(out, level > Pr::Tuple, ")");
        }
        Expr::IpyEscapeCommand(_) => {}
    }
}

fn write_generators(out: &mut String, gens: &[ast::Comprehension]) {
    for g in gens {
        out.push_str(if g.is_async { " async for " } else { " for " });
        write_expr(out, &g.target, Pr::Tuple);
        out.push_str(" in ");
        write_expr(out, &g.iter, Pr::Test.next());
        for cond in &g.ifs {
            out.push_str(" if ");
            write_expr(out, cond, Pr::Test.next());
        }
    }
}

fn write_parameters(out: &mut String, p: &ast::Parameters) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let with_default = |out: &mut String, a: &ast::ParameterWithDefault| {
        out.push_str(a.parameter.name.as_str());
        if let Some(d) = &a.default {
            out.push('=');
            write_expr(out, d, Pr::Test);
        }
    };
    for a in &p.posonlyargs {
        sep(out);
        with_default(out, a);
    }
    if !p.posonlyargs.is_empty() {
        sep(out);
        out.push('/');
    }
    for a in &p.args {
        sep(out);
        with_default(out, a);
    }
    if let Some(v) = &p.vararg {
        sep(out);
        out.push('*');
        out.push_str(v.name.as_str());
    } else if !p.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
    }
    for a in &p.kwonlyargs {
        sep(out);
        with_default(out, a);
    }
    if let Some(k) = &p.kwarg {
        sep(out);
        out.push_str("**");
        out.push_str(k.name.as_str());
    }
}

/// An f-string: its body rebuilt (literal text with braces doubled,
/// replacement fields with their expression unparsed), written as the
/// `repr` of that body after an `f`.
fn write_fstring(out: &mut String, f: &ast::ExprFString) {
    let mut body = String::new();
    for part in f.value.iter() {
        match part {
            ast::FStringPart::Literal(l) => push_literal(&mut body, &l.value),
            ast::FStringPart::FString(fs) => write_elements(&mut body, &fs.elements),
        }
    }
    out.push('f');
    out.push_str(&str_repr(&body));
}

fn push_literal(body: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '{' => body.push_str("{{"),
            '}' => body.push_str("}}"),
            c => body.push(c),
        }
    }
}

fn write_elements(body: &mut String, elements: &ast::InterpolatedStringElements) {
    for el in elements.iter() {
        match el {
            ast::InterpolatedStringElement::Literal(l) => push_literal(body, &l.value),
            ast::InterpolatedStringElement::Interpolation(i) => {
                // `{x=}` is the text `x=` then `{x!r}` (unless a conversion
                // or format spec is given), as CPython's parser makes it.
                let mut conversion = i.conversion;
                if let Some(d) = &i.debug_text {
                    push_literal(body, d.as_str());
                    if conversion == ast::ConversionFlag::None && i.format_spec.is_none() {
                        conversion = ast::ConversionFlag::Repr;
                    }
                }
                let mut inner = String::new();
                write_expr(&mut inner, &i.expression, Pr::Test.next());
                body.push('{');
                if inner.starts_with('{') {
                    body.push(' ');
                }
                body.push_str(&inner);
                match conversion {
                    ast::ConversionFlag::None => {}
                    ast::ConversionFlag::Str => body.push_str("!s"),
                    ast::ConversionFlag::Repr => body.push_str("!r"),
                    ast::ConversionFlag::Ascii => body.push_str("!a"),
                }
                if let Some(spec) = &i.format_spec {
                    body.push(':');
                    write_elements(body, &spec.elements);
                }
                body.push('}');
            }
        }
    }
}

fn int_text(i: &ast::Int) -> String {
    if let Some(v) = i.as_u64() {
        return v.to_string();
    }
    let text = i.to_string().replace('_', "").to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = text.strip_prefix("0x") {
        (r, 16)
    } else if let Some(r) = text.strip_prefix("0o") {
        (r, 8)
    } else if let Some(r) = text.strip_prefix("0b") {
        (r, 2)
    } else {
        (text.as_str(), 10)
    };
    num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix)
        .map(|v| v.to_string())
        .unwrap_or(text.clone())
}

/// `repr(float)` (an infinite value is written `1e309`, which reads back
/// as infinity, as CPython's unparser does).
fn float_repr(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 {
            "1e309".into()
        } else {
            "-1e309".into()
        };
    }
    if f.is_nan() {
        return "nan".into();
    }
    // Rust's `{:e}` gives the shortest digits that read back exactly.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exp - 1) as usize));
            out.push_str(&digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    }
    out
}

/// A component of a complex repr: integral values without `.0`.
fn complex_part(f: f64) -> String {
    let r = float_repr(f);
    r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
}

fn printable(c: char) -> bool {
    let cp = c as u32;
    !(cp < 0x20
        || (0x7f..=0xa0).contains(&cp)
        || cp == 0xad
        || cp == 0x2028
        || cp == 0x2029
        || (0x10_D800..=0x10_DFFF).contains(&cp))
}

/// `repr(str)`: single quotes unless the text has one and no double quote.
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
            c if (0x10_D800..=0x10_DFFF).contains(&(c as u32)) => {
                // A lone surrogate's stand-in (see `codegen::literals`).
                out.push_str(&format!("\\u{:04x}", c as u32 - 0x10_D800 + 0xD800));
            }
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `repr(bytes)`.
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(src: &str) -> String {
        let parsed = ruff_python_parser::parse_expression(src).expect("parses");
        unparse(&parsed.into_syntax().body)
    }

    #[test]
    fn annotations_come_back_as_cpython_writes_them() {
        // Each expected text is what CPython 3.11 stores in __annotations__
        // for the annotation on the left (under PEP 563).
        for (src, want) in [
            ("int", "int"),
            ("str  |  None", "str | None"),
            ("Dict[ str,int ]", "Dict[str, int]"),
            ("'x'", "'x'"),
            ("\"it's\"", "\"it's\""),
            ("List[Tuple[int, ...]]", "List[Tuple[int, ...]]"),
            ("(a + b) * c", "(a + b) * c"),
            ("a + (b * c)", "a + b * c"),
            ("2 ** -1", "2 ** (-1)"),
            ("(2 ** 3) ** 4", "(2 ** 3) ** 4"),
            ("not (a and b)", "not (a and b)"),
            ("lambda x, *a, y=1, **k: x", "lambda x, *a, y=1, **k: x"),
            ("x if y else z", "x if y else z"),
            ("f(a, *b, c=1, **d)", "f(a, *b, c=1, **d)"),
            ("1 .real", "1 .real"),
            ("x[1:2, ::3]", "x[1:2, ::3]"),
            ("()", "()"),
            ("(1,)", "(1,)"),
            ("0x10", "16"),
            ("1e16", "1e+16"),
            ("1.5e-7", "1.5e-07"),
            ("0.0001", "0.0001"),
            ("1e300 * 1e300", "1e+300 * 1e+300"),
            ("1j", "1j"),
            ("b'a\\x00'", "b'a\\x00'"),
            ("{**a, 'b': 1}", "{**a, 'b': 1}"),
            ("[x for x in y if x]", "[x for x in y if x]"),
            ("f'{x!r:>{w}} {{z}}'", "f'{x!r:>{w}} {{z}}'"),
            ("a < b <= c", "a < b <= c"),
            ("-x ** 2", "-x ** 2"),
        ] {
            assert_eq!(roundtrip(src), want, "for {src}");
        }
    }
}
