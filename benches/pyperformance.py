"""Run pyperformance's standard-library-only benchmarks under CPython, egret and PyPy.

Usage:
    python3 benches/pyperformance.py [--egret PATH] [--runs N] [--modes off,on]
                                     [--no-pypy] [--only NAME,...] [--timeout S]
                                     [--harness ours|pyperf] [--write-results]

pyperformance (and pyperf) are fetched with CPython's pip (`pip download
--no-deps`) into target/pyperformance-cache/ on first use and unzipped there;
nothing of them is committed. The benchmarks whose folder has no
requirements.txt need only the standard library; those that time another
process (`bench_command`: 2to3, python_startup) are left out. A folder with
several variants runs its default one (pyproject.toml's `extra_opts`).

Each benchmark runs as one process doing a fixed amount of work, the same for
every implementation, in pyperf's single-process worker form:

    run_benchmark.py [extra_opts] --worker -p 1 -l LOOPS -w 0 -n 1

and the whole process is timed (wall clock, startup and imports included),
like benches/compare.py does for benches/programs. LOOPS comes from the
LOOPS table below (chosen so that CPython takes roughly 1 s); a benchmark
missing from it is calibrated once on CPython and cached in
target/pyperformance-cache/loops.json.

`import pyperf` resolves to (--harness):
  ours    benches/harness/pyperf.py, our stand-in offering the Runner API the
          programs use (default: every implementation can run it, PyPy 3.9
          included, and it adds little startup work of its own);
  pyperf  the real pyperf from the cache (needs Python 3.11: PyPy fails).

The table (time per implementation, speedup = CPython time / time, peak RSS
by GNU time, the geometric mean of the speedups over the programs each
implementation ran, and every failure with its last stderr line) goes to
benches/out/pyperformance.md; with --write-results also to
benches/PYPERFORMANCE.md. Exit status 1 if CPython fails a benchmark.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tomllib
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (benches/compare.py: run_once, RunError, geomean, ...)

ROOT = compare.ROOT
CACHE = os.path.join(ROOT, "target", "pyperformance-cache")
PYPERFORMANCE = "pyperformance==1.14.0"
PYPERF = "pyperf==2.11.0"
HARNESS = os.path.join(HERE, "harness")
OUT = compare.OUT
CALIBRATE_TARGET = 1.0  # seconds of timed work on CPython

# Loops per benchmark (pyperf's -l), calibrated on CPython 3.11 so that the
# timed part takes roughly CALIBRATE_TARGET seconds. Fixed here so that every
# run, on any machine, does the same work.
LOOPS = {
    "argparse_many_optionals": 1276, "async_generators": 3, "async_tree": 1,
    "asyncio_tcp": 1, "barnes_hut": 1, "base64": 1, "bpe_tokeniser": 1, "chaos": 15,
    "comprehensions": 32330, "concurrent_imap": 40, "coroutines": 36,
    "decimal_factorial": 5, "decimal_pi": 4, "deepcopy": 2636, "deltablue": 227,
    "fannkuch": 2, "float": 12, "gc_collect": 950, "gc_traversal": 257, "generators": 21,
    "go": 8, "hexiom": 174, "json_dumps": 84, "json_loads": 2474, "logging": 8018, "mdp": 1,
    "meteor_contest": 11, "nbody": 12, "nqueens": 12, "pathlib": 39, "pickle": 5433,
    "pidigits": 5, "pprint": 1, "pyflate": 2, "raytrace": 3, "regex_compile": 9,
    "regex_dna": 5, "regex_effbot": 34, "regex_v8": 50, "richards": 19,
    "richards_super": 17, "scimark": 2, "spectral_norm": 10, "sqlite_synth": 382352,
    "telco": 125, "typing_runtime_protocols": 1251, "unpack_sequence": 72595,
    "xml_etree": 3,
}


def fetch():
    """Download and unzip pyperformance and pyperf; return their unzipped folders."""
    dirs = []
    for spec in (PYPERFORMANCE, PYPERF):
        name, version = spec.split("==")
        dest = os.path.join(CACHE, f"{name}-{version}")
        if not os.path.isdir(dest):
            wheel = os.path.join(CACHE, f"{name}-{version}-py3-none-any.whl")
            if not os.path.isfile(wheel):
                print(f"  fetching {spec} ...", file=sys.stderr, flush=True)
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                                "--only-binary", ":all:", "-d", CACHE, spec],
                               check=True, stdout=subprocess.DEVNULL)
            with zipfile.ZipFile(wheel) as z:
                z.extractall(dest + ".tmp")
            os.rename(dest + ".tmp", dest)
        dirs.append(dest)
    return dirs


def discover(pyperformance_dir):
    """The stdlib-only benchmarks: (benchmarks, skipped), each a list of dicts."""
    top = os.path.join(pyperformance_dir, "pyperformance", "data-files", "benchmarks")
    benches, skipped = [], []
    for folder in sorted(os.listdir(top)):
        path = os.path.join(top, folder)
        if not folder.startswith("bm_") or os.path.exists(os.path.join(path, "requirements.txt")):
            continue
        with open(os.path.join(path, "pyproject.toml"), "rb") as f:
            meta = tomllib.load(f).get("tool", {}).get("pyperformance", {})
        with open(os.path.join(path, "run_benchmark.py")) as f:
            source = f.read()
        b = {"name": meta.get("name", folder[3:]), "folder": folder, "dir": path,
             "opts": list(meta.get("extra_opts", []))}
        if "bench_command(" in source:
            skipped.append((b, "times another process (bench_command)"))
        else:
            benches.append(b)
    return benches, skipped


def command(b, python, loops):
    return python + [os.path.join(b["dir"], "run_benchmark.py")] + b["opts"] + \
        ["--worker", "-p", "1", "-l", str(loops), "-w", "0", "-n", "1"]


def calibrate(b, cpython):
    """Loops for about CALIBRATE_TARGET s of timed work on CPython (our harness)."""
    loops = 1
    while True:
        _, _, out = compare.run_once(command(b, cpython, loops), b["dir"])
        timed = sum(float(s) for s in re.findall(rb" in ([0-9.]+) s\)", out))
        if timed >= 0.2 * CALIBRATE_TARGET or loops >= 10 ** 6:
            break
        loops = min(10 ** 6, max(loops * 2, math.ceil(loops * 0.3 * CALIBRATE_TARGET
                                                       / max(timed, 1e-4))))
    return max(1, round(loops * CALIBRATE_TARGET / max(timed, 1e-6)))


def loops_for(benches, cpython):
    """Loops per benchmark name: the LOOPS table, else cached or fresh calibration."""
    cache_file = os.path.join(CACHE, "loops.json")
    try:
        with open(cache_file) as f:
            cached = json.load(f)
    except (OSError, ValueError):
        cached = {}
    result = {}
    for b in benches:
        name = b["name"]
        if name in LOOPS:
            result[name] = LOOPS[name]
            continue
        if name not in cached:
            os.environ["PYTHONPATH"] = HARNESS
            print(f"  {name:<28} calibrating on CPython ...", end="", file=sys.stderr, flush=True)
            try:
                cached[name] = calibrate(b, cpython)
            except compare.RunError as e:
                print(f" failed: {e}", file=sys.stderr)
                continue
            print(f" {cached[name]} loops", file=sys.stderr)
            with open(cache_file, "w") as f:
                json.dump(cached, f, indent=1, sort_keys=True)
        result[name] = cached[name]
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--egret", default=os.path.join(ROOT, "target", "release", "egret"),
                    help="path to the egret binary (default: target/release/egret)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median is taken)")
    ap.add_argument("--modes", default="off,on", help="comma-separated --jit modes for egret")
    ap.add_argument("--no-pypy", action="store_true", help="do not run pypy3 even if installed")
    ap.add_argument("--only", default="", help="comma-separated benchmark names (default: all)")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds per run before it counts as a failure (default 300)")
    ap.add_argument("--harness", choices=["ours", "pyperf"], default="ours",
                    help="what `import pyperf` gives the programs (default: ours)")
    ap.add_argument("--write-results", action="store_true",
                    help="also write benches/PYPERFORMANCE.md")
    args = ap.parse_args()

    egret = os.path.abspath(args.egret)
    if not (os.path.isfile(egret) and os.access(egret, os.X_OK)):
        print(f"pyperformance.py: egret binary not found or not executable: {egret}",
              file=sys.stderr)
        return 1
    compare.TIMEOUT = args.timeout
    runs = max(1, args.runs)
    os.makedirs(CACHE, exist_ok=True)
    try:
        pyperformance_dir, pyperf_dir = fetch()
    except (OSError, subprocess.CalledProcessError, zipfile.BadZipFile) as e:
        print(f"pyperformance.py: cannot fetch {PYPERFORMANCE} and {PYPERF}: {e}", file=sys.stderr)
        return 1
    benches, skipped = discover(pyperformance_dir)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        known = {b["name"]: b for b in benches}
        known.update({b["folder"][3:]: b for b in benches})
        missing = [w for w in wanted if w not in known]
        if missing:
            print(f"pyperformance.py: unknown benchmark(s): {', '.join(missing)} "
                  f"(known: {', '.join(sorted(b['name'] for b in benches))})", file=sys.stderr)
            return 1
        benches = [b for b in benches if any(known[w] is b for w in wanted)]
        skipped = []

    cpython = [sys.executable]
    impls = [("cpython", cpython)]
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        impls.append((f"egret-{mode}", [egret, f"--jit={mode}"]))
    pypy = None if args.no_pypy else shutil.which("pypy3")
    if pypy:
        impls.append(("pypy", [pypy]))
    others = [name for name, _ in impls[1:]]

    loops = loops_for(benches, cpython)
    os.environ["PYTHONPATH"] = HARNESS if args.harness == "ours" else pyperf_dir
    failures = []  # (benchmark, implementation, reason)
    results = {}  # name -> impl -> (seconds, rss KiB)
    for b in benches:
        name = b["name"]
        results[name] = {}
        if name not in loops:
            failures.append((name, "cpython", "calibration failed"))
            continue
        for impl, python in impls:
            print(f"  {name:<28} {impl:<10} ...", end="", file=sys.stderr, flush=True)
            times, rsss = [], []
            try:
                for _ in range(runs):
                    t, rss, _ = compare.run_once(command(b, python, loops[name]), b["dir"])
                    times.append(t)
                    if rss is not None:
                        rsss.append(rss)
            except compare.RunError as e:
                print(f" failed: {e}", file=sys.stderr)
                failures.append((name, impl, str(e)))
                continue
            results[name][impl] = (statistics.median(times), max(rsss) if rsss else None)
            print(f" {results[name][impl][0]:.3f}s", file=sys.stderr)

    names = [b["name"] for b in benches]
    speedups, means = compare.speedups_over_cpython(results, names, others)

    def secs(r):
        return f"{r[0]:.3f}" if r else "fail"

    def mib(r):
        return f"{r[1] / 1024:.0f}" if r and r[1] else "—"

    all_impls = ["cpython"] + others
    header = ["benchmark", "loops"] + [f"{i} s" for i in all_impls] + \
        [f"{i} speedup" for i in others] + [f"{i} MiB" for i in all_impls]
    table = []
    for name in names:
        r = results[name]
        row = [name, str(loops.get(name, "—"))] + [secs(r.get(i)) for i in all_impls]
        row += [f"{speedups[i][name]:.2f}x" if name in speedups[i] else "—" for i in others]
        row += [mib(r.get(i)) for i in all_impls]
        table.append(row)
    table.append(["geometric mean", ""] + ["" for _ in all_impls] +
                 [f"{means[i]:.2f}x" if means[i] else "—" for i in others] +
                 ["" for _ in all_impls])
    ran = sum(1 for name in names if "cpython" in results[name])
    coverage = [f"{i}: {len(speedups[i])} of {ran}" for i in others]

    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]
    print()
    for r in [header, ["-" * w for w in widths]] + table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))
    print("geometric means cover: " + "; ".join(coverage))
    for name, impl, reason in failures:
        print(f"failed: {name} under {impl}: {reason}")

    harness = ("benches/harness/pyperf.py (egret's stand-in for pyperf's Runner, the same "
               "for every implementation)" if args.harness == "ours"
               else f"the real {PYPERF} in worker mode")
    versions = [f"CPython {platform.python_version()} ({sys.executable})",
                compare.version_of([egret, "--version"])]
    if pypy:
        versions.append(compare.version_of([pypy, "--version"]).replace("\n", " "))
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = f"{compare.cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"
    md = [f"- date: {now}", f"- machine: {machine}",
          f"- implementations: {'; '.join(versions)}",
          f"- benchmarks: the {len(benches)} standard-library-only programs of {PYPERFORMANCE}"
          " (no requirements.txt; default variant)",
          f"- harness: `import pyperf` is {harness}; each program runs as "
          "`run_benchmark.py --worker -p 1 -l LOOPS -w 0 -n 1`",
          f"- whole-process wall time, median of {runs} run(s); speedup = CPython time / time "
          "(above 1.00x is faster than CPython); MiB = largest max RSS over the runs", "",
          "| " + " | ".join(header) + " |",
          "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    md += ["| " + " | ".join(r) + " |" for r in table]
    md += ["", "Geometric means cover " + "; ".join(coverage) + "."]
    if failures:
        md += ["", "Failures (last line of stderr):", ""]
        md += [f"- {name} under {impl}: `{reason}`" for name, impl, reason in failures]
    if skipped:
        md += ["", "Left out:", ""] + [f"- {b['name']}: {why}" for b, why in skipped]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "pyperformance.md"), "w") as f:
        f.write("# pyperformance: egret vs CPython\n\n" + "\n".join(md) + "\n")
    print("wrote benches/out/pyperformance.md", file=sys.stderr)
    if args.write_results:
        cmdline = " ".join(["python3", "benches/pyperformance.py"] + sys.argv[1:])
        with open(os.path.join(HERE, "PYPERFORMANCE.md"), "w") as f:
            f.write("# pyperformance results\n\n"
                    f"Generated by `{cmdline}` (nothing here is edited by hand). "
                    "pyperformance is fetched at bench time into target/pyperformance-cache/.\n\n"
                    + "\n".join(md) + "\n")
        print("wrote benches/PYPERFORMANCE.md", file=sys.stderr)
    return 1 if any(impl == "cpython" for _, impl, _ in failures) else 0


if __name__ == "__main__":
    sys.exit(main())
