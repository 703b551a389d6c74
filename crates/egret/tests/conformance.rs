//! The conformance suite as a `cargo test`: runs every case in
//! `conformance/cases` with the freshly built `egret` binary and compares it
//! with the recorded CPython 3.11 behaviour (see the `egret-conformance`
//! crate).
//!
//! Environment variables:
//!
//! * `EGRET_CONFORMANCE_MODES` — comma-separated modes (default `off,on,eager`),
//! * `EGRET_CONFORMANCE_RUNNER` — a command prefix egret runs under, split on
//!   whitespace (e.g. `qemu-riscv64 -L /usr/riscv64-linux-gnu`),
//! * `EGRET_CONFORMANCE_FILTER` — only run cases whose id contains this.

use std::env;
use std::path::PathBuf;

use egret_conformance::{Config, Mode, run};

#[test]
fn conformance_suite() {
    let cases = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("conformance")
        .join("cases");
    let mut config = Config::new(env!("CARGO_BIN_EXE_egret"), cases);

    let modes = env::var("EGRET_CONFORMANCE_MODES").unwrap_or_else(|_| "off,on,eager".to_string());
    config.modes = Mode::parse_list(&modes)
        .unwrap_or_else(|err| panic!("bad EGRET_CONFORMANCE_MODES {modes:?}: {err}"));
    if let Ok(runner) = env::var("EGRET_CONFORMANCE_RUNNER") {
        config.runner = runner.split_whitespace().map(String::from).collect();
    }
    if let Ok(filter) = env::var("EGRET_CONFORMANCE_FILTER") {
        config.filter = Some(filter).filter(|filter| !filter.is_empty());
    }

    let summary = run(&config);
    println!("\n{}", summary.report());
    assert!(
        summary.success(),
        "conformance suite: {} unexpected failure(s) or pass(es) and {} error(s); see the report above",
        summary.failed(),
        summary.errors.len()
    );
}
