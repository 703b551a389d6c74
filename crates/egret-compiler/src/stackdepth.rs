//! The operand-stack depth a code object needs (`co_stacksize`).
//!
//! A flow analysis over the finished instructions, as CPython's
//! `stackdepth()`: it walks from the entry (depth 0) and from every
//! exception handler (the entry's depth plus the exception pushed), follows
//! both branches of jumps with the effects the instruction table gives
//! ([`Op::pops`], [`Op::pushes`]) and keeps the largest depth seen. It also
//! checks what the interpreter relies on: every instruction is reached with
//! one depth, never pops more than there is, and control never runs off the
//! end. It does not decide what the depths are; codegen does.

use egret_bytecode::{CodeObject, Flow};

/// The result of [`analyze`].
#[derive(Debug, PartialEq, Eq)]
pub struct StackDepth {
    /// The largest depth reached (0 for empty code).
    pub max: u32,
    /// The first inconsistency found, if any (a bug in codegen).
    pub error: Option<String>,
}

/// Computes the largest stack depth `code` reaches.
pub fn analyze(code: &CodeObject) -> StackDepth {
    let n = code.code.len();
    let mut at: Vec<Option<u32>> = vec![None; n];
    let mut max = 0;
    let mut error: Option<String> = None;
    let mut fail = |msg: String| {
        error.get_or_insert(msg);
    };
    let mut work: Vec<(usize, u32)> = vec![(0, 0)];
    if n == 0 {
        work.clear();
    }
    for e in &code.exception_table {
        work.push((e.handler as usize, e.depth + 1));
    }
    while let Some((pc, depth)) = work.pop() {
        let Some(&op) = code.code.get(pc) else {
            fail(format!("control runs off the end ({pc})"));
            continue;
        };
        match at[pc] {
            Some(d) if d == depth => continue,
            Some(d) => {
                fail(format!(
                    "{pc} {op:?} is reached with depths {d} and {depth}"
                ));
                continue;
            }
            None => at[pc] = Some(depth),
        }
        max = max.max(depth);
        let Some(base) = depth.checked_sub(op.pops()) else {
            fail(format!("{pc} {op:?} pops {} of {depth}", op.pops()));
            continue;
        };
        let next = base + op.pushes(false);
        let jumped = base + op.pushes(true);
        max = max.max(next).max(jumped);
        let target = op.jump_target().map(|t| t as usize);
        match (op.flow(), target) {
            (Flow::Next, _) => work.push((pc + 1, next)),
            (Flow::Branch, Some(t)) => {
                work.push((pc + 1, next));
                work.push((t, jumped));
            }
            (Flow::Goto, Some(t)) => work.push((t, jumped)),
            (Flow::Stop, _) => {}
            (Flow::Branch | Flow::Goto, None) => unreachable!("jumps have targets"),
        }
    }
    StackDepth { max, error }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egret_bytecode::{Const, ExceptionEntry, Op};

    fn code_of(source: &str) -> std::rc::Rc<CodeObject> {
        crate::compile_module(source, "<test>").expect("compiles")
    }

    /// The code object of the function `name` defined at module level.
    fn function(source: &str, name: &str) -> std::rc::Rc<CodeObject> {
        let module = code_of(source);
        module
            .consts
            .iter()
            .find_map(|c| match c {
                Const::Code(c) if c.name == name => Some(c.clone()),
                _ => None,
            })
            .expect("function defined")
    }

    #[test]
    fn straight_line_code() {
        let f = function("def f(a, b): return a + b * 2\n", "f");
        assert_eq!(f.max_stack, 3);
    }

    #[test]
    fn every_kind_of_code_object_gets_a_depth() {
        let module = code_of(
            "class C:\n    x = [i for i in range(3)]\n\
             def g():\n    yield 1\n\
             h = lambda y: y + 1\n",
        );
        assert!(module.max_stack > 0);
        let mut seen = 0;
        let mut stack = vec![module];
        while let Some(c) = stack.pop() {
            assert!(c.max_stack > 0, "{} has a depth", c.qualname);
            seen += 1;
            for k in &c.consts {
                if let Const::Code(inner) = k {
                    stack.push(inner.clone());
                }
            }
        }
        // module, C, its comprehension, g, the lambda
        assert_eq!(seen, 5);
    }

    /// egret's depths beside CPython 3.11's `co_stacksize` for the same
    /// functions. They need not agree (the instructions differ: CPython's
    /// `with` keeps more on the stack, egret calls a comprehension with a
    /// `NULL` self slot); that egret's are never too small is checked by the
    /// interpreter's debug assertion on every instruction it runs.
    #[test]
    fn close_to_cpython() {
        let cases: &[(&str, u32, u32)] = &[
            ("def f(a, b): return a + b * 2\n", 3, 3),
            ("def f(x): return g(x, 1, 2)\ndef g(*a): pass\n", 5, 5),
            (
                "def f(xs):\n    t = 0\n    for x in xs:\n        t += x\n    return t\n",
                3,
                3,
            ),
            ("def f(d): return {k: v for k, v in d.items()}\n", 4, 3),
            (
                "def f():\n    try:\n        return 1 / 0\n    except ZeroDivisionError as e:\n        return str(e)\n",
                4,
                4,
            ),
            ("def f(m):\n    with m as x:\n        return x\n", 4, 6),
        ];
        for (source, egret, cpython) in cases {
            let f = function(source, "f");
            assert_eq!(f.max_stack, *egret, "{source}(CPython: {cpython})");
        }
    }

    /// Every code object of every conformance case is consistent.
    #[test]
    fn conformance_cases_are_consistent() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/cases");
        let mut dirs = vec![root];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("cases directory") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "py") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                // Cases that test syntax errors compile to nothing.
                let Ok(module) = crate::compile_module(&source, "<case>") else {
                    continue;
                };
                let mut codes = vec![module];
                while let Some(c) = codes.pop() {
                    let d = analyze(&c);
                    assert_eq!(d.error, None, "{} in {}", c.qualname, path.display());
                    assert_eq!(d.max, c.max_stack);
                    checked += 1;
                    codes.extend(c.consts.iter().filter_map(|k| match k {
                        Const::Code(inner) => Some(inner.clone()),
                        _ => None,
                    }));
                }
            }
        }
        assert!(checked > 1000, "{checked} code objects");
    }

    #[test]
    fn handlers_start_above_their_depth() {
        let code = CodeObject {
            code: vec![
                Op::LoadConst(0),
                Op::PopTop,
                Op::Nop,
                Op::LoadConst(0),
                Op::ReturnValue,
                // handler: [exc] -> re-raised
                Op::Reraise,
            ]
            .into(),
            exception_table: vec![ExceptionEntry {
                start: 0,
                end: 2,
                handler: 5,
                depth: 0,
            }],
            ..CodeObject::default()
        };
        assert_eq!(
            analyze(&code),
            StackDepth {
                max: 1,
                error: None
            }
        );
    }

    #[test]
    fn inconsistencies_are_reported() {
        let merge = CodeObject {
            code: vec![
                Op::LoadConst(0),
                Op::PopJumpIfFalse(3),
                Op::LoadConst(0),
                Op::ReturnValue,
            ]
            .into(),
            ..CodeObject::default()
        };
        assert!(analyze(&merge).error.is_some(), "depth 0 and 1 meet at 3");
        let underflow = CodeObject {
            code: vec![Op::PopTop].into(),
            ..CodeObject::default()
        };
        assert!(analyze(&underflow).error.is_some());
        let off_the_end = CodeObject {
            code: vec![Op::Nop].into(),
            ..CodeObject::default()
        };
        assert!(analyze(&off_the_end).error.is_some());
    }
}
