//! Micro-benchmarks: interpreter dispatch, attribute lookup, dict
//! operations, and the JIT's compile time per function.
//! Run with `cargo bench -p egret-bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use egret_bench::{Snippet, function_code};
use egret_jit::specialize::Ty;

fn interpreter(c: &mut Criterion) {
    let mut dispatch = Snippet::new("t = 0\nfor i in range(1000):\n    t = t + i * 2 - 1\n");
    c.bench_function("dispatch: 1000 iterations of int arithmetic", |b| {
        b.iter(|| dispatch.run())
    });
    let mut attrs = Snippet::new(
        "class P:\n    def __init__(self):\n        self.x = 1\n        self.y = 2\n\
         p = P()\nt = 0\nfor i in range(1000):\n    t = t + p.x + p.y\n",
    );
    c.bench_function("attribute lookup: 2000 instance attribute loads", |b| {
        b.iter(|| attrs.run())
    });
    let mut dicts = Snippet::new(
        "d = {}\nfor i in range(500):\n    d[i] = i\n    d['k' + str(i % 10)] = d.get(i, 0) + 1\n",
    );
    c.bench_function("dict: 500 int stores, 500 str stores, 500 gets", |b| {
        b.iter(|| dicts.run())
    });
}

fn jit_compile(c: &mut Criterion) {
    let source = "def f(n):\n    s = 0.0\n    for i in range(n):\n        if i % 3 == 0:\n            s = s + i * 0.5\n        else:\n            s = s - 1.0\n    return s\n";
    let code = function_code(source, "f");
    let isa = egret_jit::isa_for(&target_lexicon::HOST.to_string()).expect("host ISA");
    c.bench_function("jit: analyse, lower and compile a 9-line loop", |b| {
        b.iter(|| egret_jit::clif_for_isa(&code, &[Ty::Int], isa.clone()).expect("compiles"))
    });
}

criterion_group!(benches, interpreter, jit_compile);
criterion_main!(benches);
