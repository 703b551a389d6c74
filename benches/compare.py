"""Compare egret against CPython on the programs in benches/programs.

Usage:
    python3 benches/compare.py [--egret PATH] [--runs N] [--modes off,on] [PROGRAM ...]

For every program (default: all of benches/programs/*.py, or only the named
ones), runs ``PATH --jit=MODE prog.py`` for each mode and the real CPython
binary (``sys.executable``), takes the median wall time of N runs, checks that
all outputs agree, prints a table and writes it as Markdown to
benches/out/latest.md.  Startup time (``-c pass``, median of 10 runs) is
measured for CPython and for egret in each mode.

Exit status: 0 if every run succeeded and all outputs agreed, 1 otherwise.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, "programs")
OUT = os.path.join(HERE, "out")
TIMEOUT = 600
STARTUP_RUNS = 10


class RunError(Exception):
    pass


def run_once(cmd, cwd):
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise RunError(f"timed out after {TIMEOUT}s")
    except OSError as e:
        raise RunError(f"cannot run: {e}")
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        last = lines[-1] if lines else ""
        raise RunError(f"exit status {proc.returncode}: {last}")
    return elapsed, proc.stdout


def measure(cmd, cwd, runs):
    """Median wall time over `runs` runs; returns (seconds, stdout) or raises RunError."""
    times = []
    out = None
    for _ in range(runs):
        t, o = run_once(cmd, cwd)
        if out is not None and o != out:
            raise RunError("output differs between runs")
        out = o
        times.append(t)
    return statistics.median(times), out


def fmt_s(v):
    return "—" if v is None else f"{v:.3f}"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}x"


def main():
    ap = argparse.ArgumentParser(description="Compare egret against CPython.")
    ap.add_argument("--egret", default=os.path.join(ROOT, "target", "release", "egret"),
                    help="path to the egret binary (default: target/release/egret)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median is taken)")
    ap.add_argument("--modes", default="off,on", help="comma-separated --jit modes for egret")
    ap.add_argument("programs", nargs="*", help="program names (default: all)")
    args = ap.parse_args()

    egret = os.path.abspath(args.egret)
    if not (os.path.isfile(egret) and os.access(egret, os.X_OK)):
        print(f"compare.py: egret binary not found or not executable: {egret}", file=sys.stderr)
        return 1
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    runs = max(1, args.runs)
    cpython = sys.executable

    progs = sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py") and not f.startswith("_"))
    if args.programs:
        wanted = {p if p.endswith(".py") else p + ".py" for p in args.programs}
        missing = wanted - set(progs)
        if missing:
            print(f"compare.py: unknown program(s): {', '.join(sorted(missing))}", file=sys.stderr)
            return 1
        progs = [p for p in progs if p in wanted]

    ok = True
    rows = []
    notes = []
    for prog in progs:
        print(f"running {prog} ...", file=sys.stderr, flush=True)
        results = {}
        outputs = {}
        try:
            results["cpython"], outputs["cpython"] = measure([cpython, prog], PROGRAMS, runs)
        except RunError as e:
            results["cpython"] = None
            notes.append(f"{prog}: cpython {e}")
            ok = False
        for mode in modes:
            key = f"egret-{mode}"
            try:
                results[key], outputs[key] = measure([egret, f"--jit={mode}", prog], PROGRAMS, runs)
            except RunError as e:
                results[key] = None
                notes.append(f"{prog}: {key} {e}")
                ok = False
        ref = outputs.get("cpython")
        agree = True
        for key, out in outputs.items():
            if ref is not None and out != ref:
                agree = False
                ok = False
                notes.append(f"{prog}: {key} output differs from cpython: "
                             f"{out.decode('utf-8', 'replace').strip()[:200]!r} vs "
                             f"{ref.decode('utf-8', 'replace').strip()[:200]!r}")
        rows.append((prog, results, agree and len(outputs) == 1 + len(modes)))

    print("measuring startup ...", file=sys.stderr, flush=True)
    startup = {}
    try:
        startup["cpython"], _ = measure([cpython, "-c", "pass"], ROOT, STARTUP_RUNS)
    except RunError as e:
        startup["cpython"] = None
        notes.append(f"startup: cpython {e}")
        ok = False
    for mode in modes:
        key = f"egret-{mode}"
        try:
            startup[key], _ = measure([egret, f"--jit={mode}", "-c", "pass"], ROOT, STARTUP_RUNS)
        except RunError as e:
            startup[key] = None
            notes.append(f"startup: {key} {e}")
            ok = False

    header = ["program", "cpython s"]
    for mode in modes:
        header += [f"egret-{mode} s", f"egret-{mode}/cpython"]
    header.append("outputs agree")
    table = []
    for prog, res, agree in rows:
        line = [prog, fmt_s(res.get("cpython"))]
        for mode in modes:
            v = res.get(f"egret-{mode}")
            line += [fmt_s(v), fmt_ratio(v, res.get("cpython"))]
        line.append("yes" if agree else "NO")
        table.append(line)
    line = ["startup (-c pass)", fmt_s(startup.get("cpython"))]
    for mode in modes:
        v = startup.get(f"egret-{mode}")
        line += [fmt_s(v), fmt_ratio(v, startup.get("cpython"))]
    line.append("")
    table.append(line)

    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]

    def text_row(r):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))

    print(text_row(header))
    print("  ".join("-" * w for w in widths))
    for r in table:
        print(text_row(r))
    for n in notes:
        print("note:", n)

    md = []
    md.append("# egret vs CPython")
    md.append("")
    md.append(f"- date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}")
    md.append(f"- cpython: {platform.python_version()} ({cpython})")
    md.append(f"- egret: {os.path.relpath(egret, ROOT) if egret.startswith(ROOT) else egret}")
    md.append(f"- machine: {platform.machine()}, {os.cpu_count()} cpus")
    md.append(f"- median of {runs} runs per program, {STARTUP_RUNS} for startup; wall-clock seconds")
    md.append("")
    md.append("| " + " | ".join(header) + " |")
    md.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in table:
        md.append("| " + " | ".join(r) + " |")
    if notes:
        md.append("")
        md.append("Notes:")
        md.append("")
        for n in notes:
            md.append(f"- {n}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "latest.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print(f"wrote {os.path.relpath(os.path.join(OUT, 'latest.md'), ROOT)}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
