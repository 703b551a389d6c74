//! Counters for `-X jit-stats`, what `-X jit-dump`/`-X perf` write, and
//! the switches that turn them on ([`Visibility`]).

/// Counters for `-X jit-stats`.
#[derive(Default, Debug)]
pub(crate) struct Stats {
    pub(crate) offered: usize,
    pub(crate) compiled: usize,
    pub(crate) rejected: Vec<(String, String)>,
    pub(crate) deopts: usize,
    pub(crate) restarts: usize,
    pub(crate) compile_nanos: u128,
    /// Deoptimizations by (function, bytecode offset resumed at).
    pub(crate) deopt_sites: std::collections::BTreeMap<(String, usize), u64>,
    /// Versions recompiled with every local boxed.
    pub(crate) widened: usize,
    /// The code objects compiled (qualified names), for tests that check
    /// that what they target was compiled.
    pub(crate) compiled_names: std::collections::BTreeSet<String>,
    /// Exits taken on purpose (loop ends, instructions not compiled).
    pub(crate) left: usize,
}

impl Stats {
    pub(crate) fn deopt(&mut self, qualname: &str, pc: usize) {
        self.deopts += 1;
        *self
            .deopt_sites
            .entry((qualname.to_string(), pc))
            .or_default() += 1;
    }
}

/// What the JIT writes out for inspection (`-X jit-dump=DIR`, `-X perf`).
#[derive(Clone, Debug, Default)]
pub struct Visibility {
    /// Each compiled function's CLIF, before (`NAME.clif`) and after
    /// (`NAME.opt.clif`) Cranelift's optimizations, goes to this directory.
    pub dump_dir: Option<std::path::PathBuf>,
    /// Append `ADDRESS SIZE NAME` lines to `/tmp/perf-PID.map`, so that
    /// Linux `perf report` names compiled Python functions.
    pub perf_map: bool,
}

/// Appends one entry to `/tmp/perf-PID.map` (the convention Linux perf reads
/// for code generated at run time). Best effort, like the CLIF dump.
pub(crate) fn write_perf_map(addr: usize, size: usize, qualname: &str) {
    use std::io::Write;
    let path = format!("/tmp/perf-{}.map", std::process::id());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{addr:x} {size:x} py::{qualname}");
    }
}
