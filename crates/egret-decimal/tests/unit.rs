//! Small unit tests of the public API: parsing and printing, rounding
//! modes on half-way cases, conversions, divmod, and guards against huge
//! exponents.

use egret_decimal::{Coeff, Context, Decimal, Flags, Kind, Rounding};
use num_bigint::BigInt;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap_or_else(|| panic!("bad literal {s}"))
}

#[test]
fn parse_print_round_trip() {
    for s in [
        "0",
        "-0",
        "1",
        "-1.50",
        "123.456",
        "1E+3",
        "1.23E-7",
        "0.000001",
        "1E-7",
        "-0E-7",
        "-0.00000",
        "Infinity",
        "-Infinity",
        "NaN",
        "-NaN123",
        "sNaN",
        "sNaN45",
        "12345678901234567890123456789012345678901234567890",
        "1.000000000000000000000000000000000000000001E+999999999",
    ] {
        assert_eq!(d(s).to_sci_string(true), s, "round trip of {s}");
    }
    assert_eq!(d("1e3").to_sci_string(false), "1e+3");
    assert_eq!(d("inf").to_sci_string(true), "Infinity");
    assert_eq!(d("+.5").to_sci_string(true), "0.5");
    assert_eq!(d("5.").to_sci_string(true), "5");
    assert_eq!(d("0.00E-3").to_sci_string(true), "0.00000");
    assert_eq!(d("123E+4").to_eng_string(true), "1.23E+6");
    assert_eq!(d("0E+4").to_eng_string(true), "0.00E+6");
    for bad in [
        "", "-", ".", "1e", "1e+", "e5", "1.2.3", "Inf1", "NaNx", "1 ", "1_0", "0x10",
    ] {
        assert!(Decimal::parse(bad).is_none(), "{bad:?} should not parse");
    }
}

#[test]
fn rounding_modes_on_half_way_cases() {
    let cases = [
        (Rounding::Down, ["2", "2", "-2", "3"]),
        (Rounding::HalfUp, ["3", "3", "-3", "4"]),
        (Rounding::HalfEven, ["2", "3", "-2", "4"]),
        (Rounding::Ceiling, ["3", "3", "-2", "4"]),
        (Rounding::Floor, ["2", "2", "-3", "3"]),
        (Rounding::Up, ["3", "3", "-3", "4"]),
        (Rounding::HalfDown, ["2", "3", "-2", "3"]),
        (Rounding::Up05, ["2", "2", "-2", "3"]),
    ];
    let inputs = ["2.5", "2.51", "-2.5", "3.5"];
    for (mode, want) in cases {
        for (inp, w) in inputs.iter().zip(want) {
            let mut ctx = Context::new(1, mode);
            let r = d(inp).plus(&mut ctx);
            assert_eq!(r.to_sci_string(true), w, "{inp} with {mode:?}");
            assert!(ctx.flags.contains(Flags::INEXACT | Flags::ROUNDED));
        }
    }
    // ROUND_05UP rounds away from zero when the kept digit is 0 or 5.
    let mut ctx = Context::new(2, Rounding::Up05);
    assert_eq!(d("1.01").plus(&mut ctx).to_sci_string(true), "1.1");
    assert_eq!(d("1.51").plus(&mut ctx).to_sci_string(true), "1.6");
    assert_eq!(d("1.41").plus(&mut ctx).to_sci_string(true), "1.4");
}

#[test]
fn arithmetic_and_flags() {
    let mut ctx = Context::default();
    assert_eq!(
        d("1").divide(&d("3"), &mut ctx).to_string(),
        "0.3333333333333333333333333333"
    );
    assert!(ctx.flags.contains(Flags::INEXACT | Flags::ROUNDED));
    ctx.clear_flags();
    assert_eq!(d("1.30").add(&d("1.20"), &mut ctx).to_string(), "2.50");
    assert_eq!(d("1.20").multiply(&d("3"), &mut ctx).to_string(), "3.60");
    assert!(ctx.flags.is_empty());
    let (q, r) = d("-7").divmod(&d("2"), &mut ctx);
    assert_eq!((q.to_string(), r.to_string()), ("-3".into(), "-1".into()));
    d("1").divide(&d("0"), &mut ctx);
    assert!(ctx.flags.contains(Flags::DIVISION_BY_ZERO));
    ctx.clear_flags();
    d("0").divide(&d("0"), &mut ctx);
    assert_eq!(ctx.flags, Flags::DIVISION_UNDEFINED);
    assert_eq!(ctx.flags.to_signals(), Flags::INVALID_OPERATION);
    let mut small = Context::new(9, Rounding::HalfEven);
    d("1E+20").divide_integer(&d("3"), &mut small);
    assert_eq!(small.flags, Flags::DIVISION_IMPOSSIBLE);
}

#[test]
fn conversions() {
    assert_eq!(
        Decimal::from_f64(0.1).to_string(),
        "0.1000000000000000055511151231257827021181583404541015625"
    );
    assert_eq!(Decimal::from_f64(-0.0).to_string(), "-0");
    assert_eq!(Decimal::from_f64(1e300).adjusted(), 300);
    assert_eq!(Decimal::from_f64(f64::INFINITY).kind(), Kind::Infinite);
    assert_eq!(
        Decimal::from_i64(i64::MIN).to_string(),
        "-9223372036854775808"
    );
    assert_eq!(d("-2.7").to_bigint_truncated(), Some(BigInt::from(-2)));
    assert_eq!(
        d("2.5").to_bigint(Rounding::HalfEven),
        Some(BigInt::from(2))
    );
    assert_eq!(d("-2.5").to_bigint(Rounding::Floor), Some(BigInt::from(-3)));
    assert_eq!(d("1.5E+3").to_bigint_truncated(), Some(BigInt::from(1500)));
    assert_eq!(d("NaN").to_bigint_truncated(), None);
    assert_eq!(d("123.456").adjusted(), 2);
    assert_eq!(d("0.25").to_f64(), 0.25);
    assert_eq!(
        Decimal::from_parts(true, Coeff::from(5u64), -1).to_string(),
        "-0.5"
    );
}

#[test]
fn huge_exponents_do_not_allocate() {
    let mut ctx = Context::new(5, Rounding::HalfEven);
    let r = d("1").quantize(&d("1E-1000000000000000000"), None, &mut ctx);
    assert!(r.is_nan());
    assert!(ctx.flags.contains(Flags::INVALID_OPERATION));
    let mut ctx = Context::default();
    let r = d("1E+999999999999999999").add(&d("1E-999999999999999999"), &mut ctx);
    assert!(r.is_infinite());
    assert!(ctx.flags.contains(Flags::OVERFLOW));
    let mut ctx = Context::max_context();
    let r = d("1E+999999999999999").add(&d("1E-999999999999999"), &mut Context::default());
    assert!(r.is_infinite());
    let r2 = d("7E+123456789012").multiply(&d("3E-123456789000"), &mut ctx);
    assert_eq!(r2.to_string(), "2.1E+13");
    let r3 = d("2").power(&d("1E+999999999999"), &mut Context::default());
    assert!(r3.is_infinite());
    let r4 = d("1E+999999999").exp(&mut Context::default());
    assert!(r4.is_infinite());
}

#[test]
fn transcendental_functions() {
    let mut ctx = Context::new(20, Rounding::HalfEven);
    assert_eq!(d("2").sqrt(&mut ctx).to_string(), "1.4142135623730950488");
    assert_eq!(d("1").exp(&mut ctx).to_string(), "2.7182818284590452354");
    assert_eq!(d("10").ln(&mut ctx).to_string(), "2.3025850929940456840");
    assert_eq!(d("2").log10(&mut ctx).to_string(), "0.30102999566398119521");
    assert_eq!(
        d("2").power(&d("0.5"), &mut ctx).to_string(),
        "1.4142135623730950488"
    );
    ctx.clear_flags();
    assert_eq!(d("2.0").power(&d("3"), &mut ctx).to_string(), "8.000");
    assert!(ctx.flags.is_empty());
    assert_eq!(
        d("3")
            .power_modulo(&d("200"), &d("7"), &mut ctx)
            .to_string(),
        "2"
    );
}

#[test]
fn enormous_precision_reports_insufficient_storage() {
    let mut ctx = Context::max_context();
    let r = d("1E+999999999999999999").add(&d("1"), &mut ctx);
    assert!(r.is_nan() && ctx.flags.contains(Flags::INSUFFICIENT_STORAGE));
    for op in 0..6 {
        let mut ctx = Context::max_context();
        let r = match op {
            0 => d("1").divide(&d("3"), &mut ctx),
            1 => d("2").sqrt(&mut ctx),
            2 => d("2").exp(&mut ctx),
            3 => d("101").logical_invert(&mut ctx),
            4 => d("Inf").next_minus(&mut ctx),
            _ => d("12").rotate(&d("1"), &mut ctx),
        };
        assert!(
            r.is_nan() && ctx.flags.contains(Flags::INSUFFICIENT_STORAGE),
            "op {op}"
        );
    }
    // Exact results stay cheap even with enormous precision.
    let mut ctx = Context::max_context();
    assert_eq!(d("1").divide(&d("8"), &mut ctx).to_string(), "0.125");
    assert_eq!(d("1.5").add(&d("2.25"), &mut ctx).to_string(), "3.75");
    assert_eq!(d("1").logical_and(&d("11"), &mut ctx).to_string(), "1");
}

/// Every operation on extreme operands in extreme contexts terminates
/// without panicking (debug builds check integer overflow).
#[test]
fn extreme_inputs_do_not_panic() {
    let vals = [
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "9.99",
        "1E+999999999999999999",
        "-1E+999999999999999999",
        "1E-999999999999999999",
        "9E-1999999999999999997",
        "123456789012345678901234567890123456789012345",
        "1E+3000000000000000000",
        "-1E-3000000000000000000",
        "Inf",
        "-Inf",
        "NaN",
        "sNaN12",
        "-NaN3",
        "1E+18",
        "10",
        "1011",
        "2",
        "-3",
        "1.000000000000000000000000000000000000000001",
    ];
    let ds: Vec<Decimal> = vals.iter().map(|s| d(s)).collect();
    let ctxs = [
        Context::new(1, Rounding::Up),
        Context::default(),
        Context {
            prec: 9,
            emax: 0,
            emin: 0,
            clamp: true,
            ..Context::default()
        },
        Context {
            prec: 5,
            emax: 999_999_999_999_999_999,
            emin: -999_999_999_999_999_999,
            ..Context::default()
        },
        Context {
            rounding: Rounding::Floor,
            ..Context::max_context()
        },
    ];
    for base in &ctxs {
        for a in &ds {
            let mut c = base.clone();
            let _ = (
                a.plus(&mut c),
                a.minus(&mut c),
                a.abs(&mut c),
                a.reduce(&mut c),
                a.logb(&mut c),
            );
            let _ = (
                a.next_plus(&mut c),
                a.next_minus(&mut c),
                a.to_integral_exact(None, &mut c),
            );
            let _ = (
                a.logical_invert(&mut c),
                a.number_class(&c),
                a.to_eng_string(true),
                a.apply(&mut c),
            );
            if base.prec < 100 {
                let _ = (a.sqrt(&mut c), a.exp(&mut c), a.ln(&mut c), a.log10(&mut c));
            }
            for b in &ds {
                let _ = (
                    a.add(b, &mut c),
                    a.subtract(b, &mut c),
                    a.multiply(b, &mut c),
                    a.divide(b, &mut c),
                );
                let _ = (
                    a.divide_integer(b, &mut c),
                    a.remainder(b, &mut c),
                    a.remainder_near(b, &mut c),
                );
                let _ = (
                    a.divmod(b, &mut c),
                    a.compare(b, &mut c),
                    a.compare_signal(b, &mut c),
                );
                let _ = (
                    a.compare_total(b),
                    a.max(b, &mut c),
                    a.min_mag(b, &mut c),
                    a.quantize(b, None, &mut c),
                );
                let _ = (
                    a.scaleb(b, &mut c),
                    a.shift(b, &mut c),
                    a.rotate(b, &mut c),
                    a.next_toward(b, &mut c),
                );
                let _ = (
                    a.logical_xor(b, &mut c),
                    a.same_quantum(b),
                    a.fma(b, a, &mut c),
                );
                if base.prec < 100 {
                    let _ = a.power(b, &mut c);
                    let _ = a.power_modulo(b, &ds[19], &mut c);
                }
            }
        }
    }
}

#[test]
fn python_hashes() {
    // Values from CPython: hash(Decimal(...)).
    assert_eq!(d("0").py_hash(), Some(0));
    assert_eq!(d("-1").py_hash(), Some(-2));
    assert_eq!(d("1.5").py_hash(), Some(1152921504606846977));
    assert_eq!(d("-0.1").py_hash(), Some(-2075258708292324556));
    assert_eq!(d("1E+30").py_hash(), Some(465258685558744706));
    assert_eq!(d("1.000E+30").py_hash(), Some(465258685558744706));
    assert_eq!(d("-Inf").py_hash(), Some(-314159));
    assert_eq!(d("NaN").py_hash(), None);
}
