//! A rough, ignored-by-default timing of telco-style and pi-style loops
//! (`cargo test -p egret-decimal --release --test perf -- --ignored
//! --nocapture`).

use egret_decimal::{Context, Decimal, Rounding};
use std::time::Instant;

#[test]
#[ignore]
fn telco_like_loop() {
    let mut ctx = Context::new(28, Rounding::Down);
    let rates = [
        Decimal::parse("0.0013").unwrap(),
        Decimal::parse("0.00894").unwrap(),
    ];
    let two = Decimal::parse("0.01").unwrap();
    let disc = Decimal::parse("0.0675").unwrap();
    let tax = Decimal::parse("0.0341").unwrap();
    let mut sum_t = Decimal::from_i64(0);
    let start = Instant::now();
    let n = 200_000u64;
    let mut out_len = 0usize;
    for i in 0..n {
        let secs = Decimal::from_u64(i.wrapping_mul(2_654_435_761) % 10_000);
        let r = &rates[(i % 2) as usize];
        let mut t = secs
            .multiply(r, &mut ctx)
            .quantize(&two, Some(Rounding::HalfEven), &mut ctx);
        sum_t = sum_t.add(&t, &mut ctx);
        if i % 2 == 0 {
            let b = t
                .multiply(&disc, &mut ctx)
                .quantize(&two, Some(Rounding::Down), &mut ctx);
            t = t.add(&b, &mut ctx);
        }
        let d = t
            .multiply(&tax, &mut ctx)
            .quantize(&two, Some(Rounding::Down), &mut ctx);
        t = t.add(&d, &mut ctx);
        sum_t = sum_t.add(&t, &mut ctx);
        out_len += t.to_sci_string(true).len();
    }
    let el = start.elapsed();
    println!(
        "telco-like: {n} calls in {el:?} ({:?}/call), sum {sum_t}, {out_len}",
        el / n as u32
    );
}

#[test]
#[ignore]
fn pi_like_loop() {
    // Plouffe-free classic: pi via the decimal module docs recipe.
    for prec in [9u64, 19, 38, 100] {
        let mut best = std::time::Duration::MAX;
        let mut pi = Decimal::from_i64(0);
        for _ in 0..7 {
            let start = Instant::now();
            for _ in 0..100 {
                let mut ctx = Context::new(prec + 2, Rounding::HalfEven);
                let three = Decimal::from_i64(3);
                let (mut lasts, mut t, mut s, mut n, mut na, mut d, mut da) = (
                    Decimal::from_i64(0),
                    three.clone(),
                    three.clone(),
                    Decimal::from_i64(1),
                    Decimal::from_i64(0),
                    Decimal::from_i64(0),
                    Decimal::from_i64(24),
                );
                let eight = Decimal::from_i64(8);
                let thirty_two = Decimal::from_i64(32);
                while s != lasts {
                    lasts = s.clone();
                    n = n.add(&na, &mut ctx);
                    na = na.add(&eight, &mut ctx);
                    d = d.add(&da, &mut ctx);
                    da = da.add(&thirty_two, &mut ctx);
                    t = t.multiply(&n, &mut ctx).divide(&d, &mut ctx);
                    s = s.add(&t, &mut ctx);
                }
                let mut c2 = Context::new(prec, Rounding::HalfEven);
                pi = s.plus(&mut c2);
            }
            best = best.min(start.elapsed());
        }
        println!("pi prec {prec}: {} x100 in {best:?} (best of 7)", pi);
    }
}
