//! Runs the IBM/Cowlishaw `.decTest` vectors shipped with CPython
//! (`Lib/test/decimaltestdata`) against the kernel, the way CPython's
//! `test_decimal.IBMTestCases` does: same line filtering, same skipped test
//! ids (the C-implementation set), same operand conversion (exact
//! `Decimal(str)` except `toSci`/`toEng`, which use
//! `Context.create_decimal`), and the same condition-to-signal mapping.

use egret_decimal::{Context, Decimal, Flags, Rounding};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Test ids CPython's `IBMTestCases` skips for the C implementation.
const SKIPPED_IDS: &[&str] = &[
    "scbx164", "scbx165", "expx901", "expx902", "expx903", "expx905", "lnx901", "lnx902", "lnx903",
    "lnx905", "logx901", "logx902", "logx903", "logx905", "powx1183", "powx1184", "powx4001",
    "powx4002", "powx4003", "powx4005", "powx4008", "powx4010", "powx4012", "powx4014",
    // C-only additions.
    "pwsx803", "pwsx805", "powx4302", "powx4303", "powx4342", "powx4343", "pwmx325", "pwmx326",
];

/// Operations the kernel implements; failures in these fail the test.
const IMPLEMENTED: &[&str] = &[
    "abs",
    "add",
    "and",
    "apply",
    "canonical",
    "class",
    "compare",
    "comparesig",
    "comparetotal",
    "comparetotmag",
    "copy",
    "copyabs",
    "copynegate",
    "copysign",
    "divide",
    "divideint",
    "exp",
    "fma",
    "invert",
    "iscanonical",
    "isfinite",
    "isinfinite",
    "isnan",
    "isnormal",
    "isqnan",
    "issigned",
    "issnan",
    "issubnormal",
    "iszero",
    "ln",
    "log10",
    "logb",
    "max",
    "maxmag",
    "max_mag",
    "min",
    "minmag",
    "min_mag",
    "minus",
    "multiply",
    "nextminus",
    "nextplus",
    "nexttoward",
    "or",
    "plus",
    "power",
    "quantize",
    "reduce",
    "remainder",
    "remaindernear",
    "rotate",
    "samequantum",
    "scaleb",
    "shift",
    "squareroot",
    "subtract",
    "toeng",
    "tointegral",
    "tointegralx",
    "tosci",
    "xor",
];

fn find_dir() -> PathBuf {
    if let Ok(d) = std::env::var("EGRET_DECTEST_DIR") {
        let p = PathBuf::from(d);
        assert!(
            p.is_dir(),
            "EGRET_DECTEST_DIR={} is not a directory",
            p.display()
        );
        return p;
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import test, os; print(os.path.dirname(test.__file__))",
        ])
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        _ => panic!(
            "cannot locate the decTest vectors: set EGRET_DECTEST_DIR to CPython's \
             Lib/test/decimaltestdata (python3 with the `test` package was not usable)"
        ),
    };
    let base = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let p = Path::new(&base).join("decimaltestdata");
    assert!(
        p.is_dir(),
        "cannot locate the decTest vectors: {} does not exist; set EGRET_DECTEST_DIR",
        p.display()
    );
    p
}

/// Python's `Decimal(str, context)`: surrounding whitespace and PEP 515
/// underscores are accepted; a syntax error, or an exponent outside
/// CPython's limits, yields NaN and raises ConversionSyntax.
fn py_decimal(s: &str, ctx: &mut Context) -> Decimal {
    let t = s.trim();
    let cleaned: String;
    let t = if t.contains('_') {
        let b = t.as_bytes();
        let ok = b.iter().enumerate().all(|(i, &c)| {
            c != b'_'
                || (i > 0
                    && i + 1 < b.len()
                    && b[i - 1].is_ascii_digit()
                    && b[i + 1].is_ascii_digit())
        });
        if !ok {
            ctx.raise(Flags::CONVERSION_SYNTAX);
            return Decimal::qnan();
        }
        cleaned = t.replace('_', "");
        cleaned.as_str()
    } else {
        t
    };
    match Decimal::parse_checked(t) {
        None => {
            ctx.raise(Flags::CONVERSION_SYNTAX);
            Decimal::qnan()
        }
        Some(d) => d,
    }
}

fn fix_quotes(v: &str) -> String {
    v.replace("''", "\u{1}")
        .replace("\"\"", "\u{2}")
        .replace(['\'', '"'], "")
        .replace('\u{1}', "'")
        .replace('\u{2}', "\"")
}

fn rounding(name: &str) -> Rounding {
    match name {
        "ceiling" => Rounding::Ceiling,
        "down" => Rounding::Down,
        "floor" => Rounding::Floor,
        "half_down" => Rounding::HalfDown,
        "half_even" => Rounding::HalfEven,
        "half_up" => Rounding::HalfUp,
        "up" => Rounding::Up,
        "05up" => Rounding::Up05,
        other => panic!("unknown rounding {other}"),
    }
}

fn flag_of(name: &str) -> Flags {
    Flags::NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(f, _)| *f)
        .unwrap_or_else(|| panic!("unknown condition {name}"))
}

fn flag_names(f: Flags) -> String {
    let v: Vec<&str> = Flags::NAMES
        .iter()
        .filter(|(x, _)| f.contains(*x))
        .map(|(_, n)| *n)
        .collect();
    v.join(" ")
}

fn b(x: bool) -> String {
    if x { "1".into() } else { "0".into() }
}

fn ord(o: std::cmp::Ordering) -> String {
    (o as i8).to_string()
}

/// Evaluates one operation; `None` when the operation is not implemented.
fn eval(op: &str, raw: &[String], ctx: &mut Context) -> Option<String> {
    if op == "x_fromfloat" || op == "x_tofloat" {
        // Operands are IEEE-754 bit patterns as decimal integers.
        return Some(if op == "x_fromfloat" {
            let f = f64::from_bits(raw[0].parse::<u64>().ok()?);
            ctx.create_decimal_from(Decimal::from_f64(f)).to_string()
        } else {
            let d = py_decimal(&raw[0], ctx);
            d.to_f64().to_bits().to_string()
        });
    }
    if !IMPLEMENTED.contains(&op) && !op.starts_with("x_") {
        return None;
    }
    let v: Vec<Decimal> = if op == "tosci" || op == "toeng" {
        raw.iter().map(|s| ctx.create_decimal(s)).collect()
    } else {
        raw.iter().map(|s| py_decimal(s, ctx)).collect()
    };
    let a = &v[0];
    let bb = || &v[1];
    let r = match op {
        "abs" => a.abs(ctx).to_string(),
        "add" => a.add(bb(), ctx).to_string(),
        "and" => a.logical_and(bb(), ctx).to_string(),
        "apply" => a.apply(ctx).to_string(),
        "canonical" | "copy" => a.clone().to_string(),
        "class" => a.number_class(ctx).to_string(),
        "compare" => a.compare(bb(), ctx).to_string(),
        "comparesig" => a.compare_signal(bb(), ctx).to_string(),
        "comparetotal" => ord(a.compare_total(bb())),
        "comparetotmag" => ord(a.compare_total_mag(bb())),
        "copyabs" => a.copy_abs().to_string(),
        "copynegate" => a.copy_negate().to_string(),
        "copysign" => a.copy_sign(bb()).to_string(),
        "divide" => a.divide(bb(), ctx).to_string(),
        "divideint" => a.divide_integer(bb(), ctx).to_string(),
        "exp" => a.exp(ctx).to_string(),
        "fma" => a.fma(bb(), &v[2], ctx).to_string(),
        "invert" => a.logical_invert(ctx).to_string(),
        "iscanonical" => b(a.is_canonical()),
        "isfinite" => b(a.is_finite()),
        "isinfinite" => b(a.is_infinite()),
        "isnan" => b(a.is_nan()),
        "isnormal" => b(a.is_normal(ctx)),
        "isqnan" => b(a.is_qnan()),
        "issigned" => b(a.is_signed()),
        "issnan" => b(a.is_snan()),
        "issubnormal" => b(a.is_subnormal(ctx)),
        "iszero" => b(a.is_zero()),
        "ln" => a.ln(ctx).to_string(),
        "log10" => a.log10(ctx).to_string(),
        "logb" => a.logb(ctx).to_string(),
        "max" => a.max(bb(), ctx).to_string(),
        "maxmag" | "max_mag" => a.max_mag(bb(), ctx).to_string(),
        "min" => a.min(bb(), ctx).to_string(),
        "minmag" | "min_mag" => a.min_mag(bb(), ctx).to_string(),
        "minus" => a.minus(ctx).to_string(),
        "multiply" => a.multiply(bb(), ctx).to_string(),
        "nextminus" => a.next_minus(ctx).to_string(),
        "nextplus" => a.next_plus(ctx).to_string(),
        "nexttoward" => a.next_toward(bb(), ctx).to_string(),
        "or" => a.logical_or(bb(), ctx).to_string(),
        "plus" => a.plus(ctx).to_string(),
        "power" => {
            if v.len() == 3 {
                a.power_modulo(bb(), &v[2], ctx).to_string()
            } else {
                a.power(bb(), ctx).to_string()
            }
        }
        "quantize" => a.quantize(bb(), None, ctx).to_string(),
        "reduce" => a.reduce(ctx).to_string(),
        "remainder" => a.remainder(bb(), ctx).to_string(),
        "remaindernear" => a.remainder_near(bb(), ctx).to_string(),
        "rotate" => a.rotate(bb(), ctx).to_string(),
        "samequantum" => b(a.same_quantum(bb())),
        "scaleb" => a.scaleb(bb(), ctx).to_string(),
        "shift" => a.shift(bb(), ctx).to_string(),
        "squareroot" => a.sqrt(ctx).to_string(),
        "subtract" => a.subtract(bb(), ctx).to_string(),
        "toeng" => a.to_eng_string(true),
        "tointegral" => a.to_integral_value(None, ctx).to_string(),
        "tointegralx" => a.to_integral_exact(None, ctx).to_string(),
        "tosci" => a.to_sci_string(true),
        "xor" => a.logical_xor(bb(), ctx).to_string(),
        // Extensions (not in the decTest files), used for differential
        // testing against CPython with generated vectors.
        "x_divmod" => {
            let (q, r) = a.divmod(bb(), ctx);
            format!("{q}|{r}")
        }
        "x_toint" => a
            .to_bigint(ctx.rounding)
            .map_or_else(|| "None".into(), |v| v.to_string()),
        "x_hash" => a.py_hash().map_or_else(|| "None".into(), |v| v.to_string()),
        _ => return None,
    };
    Some(r)
}

#[derive(Default)]
struct Counts {
    run: u64,
    passed: u64,
}

#[test]
fn dectest_vectors() {
    let dir = find_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read decTest dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.contains(".decTest") && !n.starts_with('.')
        })
        .collect();
    files.sort();
    // An explicitly chosen directory may hold extra (e.g. generated) files.
    assert!(
        files.len() > 100 || std::env::var_os("EGRET_DECTEST_DIR").is_some(),
        "expected the full decTest suite in {}",
        dir.display()
    );
    let only = std::env::var("EGRET_DECTEST_ONLY").ok();
    let trace = std::env::var_os("EGRET_DECTEST_TRACE").is_some();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut not_impl: BTreeMap<String, u64> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut shown: BTreeMap<String, u32> = BTreeMap::new();
    let mut skipped_ids = 0u64;
    let mut skipped_null = 0u64;
    let mut skipped_rescale = 0u64;
    let start = std::time::Instant::now();
    for file in &files {
        if let Some(o) = &only
            && !file.to_string_lossy().contains(o.as_str())
        {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read decTest file");
        let mut ctx = Context::default();
        for line in text.lines() {
            let s = if line.contains(" -> ") && !line.starts_with("--") && !line.starts_with("  --")
            {
                let (lhs, rhs) = line.split_once("->").unwrap_or((line, ""));
                let rhs = rhs.split("--").next().unwrap_or("");
                format!("{lhs}->{rhs}").trim().to_string()
            } else {
                line.split("--").next().unwrap_or("").trim().to_string()
            };
            if s.is_empty() {
                continue;
            }
            if s.contains('#') {
                skipped_null += 1;
                continue;
            }
            if s.contains(':') {
                let mut it = s.splitn(2, ':');
                let key = it.next().unwrap_or("").trim().to_lowercase();
                let val = it.next().unwrap_or("").trim().to_lowercase();
                let num = || {
                    val.trim_start_matches('+')
                        .parse::<i64>()
                        .expect("numeric directive")
                };
                match key.as_str() {
                    "precision" => ctx.prec = num() as u64,
                    "rounding" => ctx.rounding = rounding(&val),
                    "maxexponent" => ctx.emax = num(),
                    "minexponent" => ctx.emin = num(),
                    "clamp" => ctx.clamp = num() != 0,
                    // `extended`, `version` and `dectest` (includes) are
                    // ignored, as in CPython: every file is run on its own.
                    _ => {}
                }
                continue;
            }
            let (lhs, rhs) = s.split_once("->").expect("test line has ->");
            let l: Vec<&str> = lhs.split_whitespace().collect();
            let r: Vec<&str> = rhs.split_whitespace().collect();
            let id = l[0];
            let op = l[1].to_lowercase();
            if SKIPPED_IDS.contains(&id) {
                skipped_ids += 1;
                continue;
            }
            if op == "rescale" {
                skipped_rescale += 1;
                continue;
            }
            // Re-join quoted operands the way CPython does.
            let mut vals = Vec::new();
            let mut conglomerate = String::new();
            let mut quote = false;
            for val in &l[2..] {
                if val.matches('\'').count() % 2 == 1 {
                    quote = !quote;
                }
                if quote {
                    conglomerate = format!("{conglomerate} {val}");
                    continue;
                }
                let joined = format!("{conglomerate}{val}");
                conglomerate.clear();
                vals.push(fix_quotes(&joined));
            }
            let expected = fix_quotes(r[0]);
            let mut want = Flags::EMPTY;
            for c in &r[1..] {
                want.insert(flag_of(&c.to_lowercase()));
            }
            let want = want.to_signals();
            ctx.clear_flags();
            if trace {
                eprintln!("{s}");
            }
            let Some(got) = eval(&op, &vals, &mut ctx) else {
                *not_impl.entry(op).or_default() += 1;
                continue;
            };
            let got_flags = ctx.flags.to_signals();
            let c = counts.entry(op.clone()).or_default();
            c.run += 1;
            if got == expected && got_flags == want {
                c.passed += 1;
            } else {
                let n = shown.entry(op.clone()).or_default();
                *n += 1;
                if *n > 8 {
                    failures.push(String::new());
                    continue;
                }
                failures.push(format!(
                    "{}: {s}\n    got {got} [{}] want [{}]",
                    file.file_name().unwrap_or_default().to_string_lossy(),
                    flag_names(got_flags),
                    flag_names(want)
                ));
            }
        }
    }
    let (mut tr, mut tp) = (0, 0);
    println!("{:<16} {:>7} {:>7}", "operation", "run", "passed");
    for (op, c) in &counts {
        println!("{op:<16} {:>7} {:>7}", c.run, c.passed);
        tr += c.run;
        tp += c.passed;
    }
    println!("{:<16} {tr:>7} {tp:>7}", "TOTAL");
    println!(
        "skipped: {skipped_ids} by CPython's skip list, {skipped_null} with '#' operands, \
         {skipped_rescale} rescale; not implemented: {not_impl:?}"
    );
    println!("elapsed: {:?}", start.elapsed());
    for f in failures.iter().filter(|f| !f.is_empty()) {
        println!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} decTest failures", failures.len());
    assert!(tr > 0, "no decTest vectors were run");
}
