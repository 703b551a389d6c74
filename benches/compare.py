"""Compare egret against CPython (and PyPy, if installed) on benches/programs.

Usage:
    python3 benches/compare.py [--egret PATH] [--runs N] [--modes off,on]
                               [--no-pypy] [--write-results] [--allow-errors]
                               [PROGRAM ...]

Every program (default: all of benches/programs/*.py, or only the named ones)
runs under the real CPython binary (``sys.executable``: run this script with
the python3 you want to compare against), ``egret --jit=MODE`` for each mode,
and ``pypy3`` when it is on PATH. Each run is repeated N times; the table
shows the median wall time, the speedup over CPython (CPython time / time,
so above 1.00x is faster than CPython) and the peak memory (largest max RSS
over the runs). The last row is the geometric mean of the speedups over the
programs each implementation ran. Startup (``-c pass``, median of 10 runs)
is measured for each implementation.

All outputs must agree with CPython's (each program prints a checksum). The
table goes to benches/out/latest.md and a bar chart of the speedups to
benches/out/speedups.svg; with --write-results also to benches/RESULTS.md
and benches/speedups.svg. Progress is printed to stderr.

Exit status: 1 if an output disagrees with CPython's or CPython fails; 1 if
egret or PyPy fails a program, unless --allow-errors; otherwise 0.
"""

import argparse
import datetime
import math
import os
import platform
import shutil
import signal
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


# Peak memory is read by GNU time (`%M`, max RSS in KiB). Not from our own
# wait4: a child spawned by this (large) Python process starts as a copy of
# it, and Linux counts that copy in the child's max RSS even after exec, so
# every figure would be at least this script's own size. GNU time forks the
# measured program from its own small process.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd, cwd):
    """One run: (wall seconds, max RSS in KiB or None, stdout bytes)."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    rss_file = None
    if GNU_TIME:
        rss_file = os.path.join(OUT, ".maxrss")
        os.makedirs(OUT, exist_ok=True)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
    start = time.perf_counter()
    try:
        # A session of its own, so that a timeout kills the measured program
        # too, not only GNU time (whose child would keep our pipes open).
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as e:
        raise RunError(f"cannot run: {e}")
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        raise RunError(f"timed out after {TIMEOUT}s")
    elapsed = time.perf_counter() - start
    rss = None
    if rss_file:
        try:
            with open(rss_file) as f:
                rss = int(f.read().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            rss = None
    if proc.returncode != 0:
        lines = [l for l in err.decode("utf-8", "replace").splitlines() if l.strip()]
        raise RunError(f"exit status {proc.returncode}: {lines[-1] if lines else ''}")
    return elapsed, rss, out


def measure(cmd, cwd, runs):
    """Median wall time and largest max RSS over `runs` runs, and the output."""
    times, rsss, out = [], [], None
    for _ in range(runs):
        t, rss, o = run_once(cmd, cwd)
        if out is not None and o != out:
            raise RunError("output differs between runs")
        out = o
        times.append(t)
        if rss is not None:
            rsss.append(rss)
    return statistics.median(times), (max(rsss) if rsss else None), out


def version_of(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        return p.stdout.decode("utf-8", "replace").strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "unknown"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def speedups_over_cpython(results, rows, others):
    """Per implementation in `others`: {row: CPython time / its time} over
    the rows both ran, and the geometric mean of those speedups.
    `results[row][impl]` is (seconds, max RSS) or missing."""
    speedups = {impl: {} for impl in others}
    for row in rows:
        base = results[row].get("cpython")
        for impl in others:
            r = results[row].get(impl)
            if base and r:
                speedups[impl][row] = base[0] / r[0]
    means = {impl: geomean(list(speedups[impl].values())) for impl in others}
    return speedups, means


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def svg_chart(programs, impls, speedups, title):
    """A grouped bar chart of speedups over CPython, log scale, as SVG text."""
    colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1"]
    groups = programs + ["geometric mean"]
    values = [v for row in speedups.values() for v in row.values() if v]
    lo = min([0.5] + values)
    hi = max([2.0] + values)
    lo_e, hi_e = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    left, right, top, bottom = 70, 20, 50, 110
    bar_w = 14
    group_w = bar_w * len(impls) + 16
    width = left + right + group_w * len(groups)
    height = 420
    plot_h = height - top - bottom

    def y_of(v):
        return top + plot_h * (hi_e - math.log10(v)) / (hi_e - lo_e)

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'font-family="sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>']
    for e in range(lo_e, hi_e + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if v < 10 ** lo_e or v > 10 ** hi_e:
                continue
            y = y_of(v)
            s.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="#ddd"/>')
            label = f"{v:g}x"
            s.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    y1 = y_of(1.0)
    s.append(f'<line x1="{left}" y1="{y1:.1f}" x2="{width - right}" y2="{y1:.1f}" '
             f'stroke="black" stroke-dasharray="4,3"/>')
    s.append(f'<text x="14" y="{top + plot_h / 2}" transform="rotate(-90 14 {top + plot_h / 2})" '
             f'text-anchor="middle">speedup over CPython 3.11 (log scale)</text>')
    for gi, g in enumerate(groups):
        x0 = left + gi * group_w + 8
        for ii, impl in enumerate(impls):
            v = speedups[impl].get(g)
            if not v:
                continue
            x = x0 + ii * bar_w
            y = y_of(v)
            y_base = y_of(10 ** lo_e)
            s.append(f'<rect x="{x}" y="{min(y, y_base):.1f}" width="{bar_w - 2}" '
                     f'height="{abs(y_base - y):.1f}" fill="{colors[ii % len(colors)]}">'
                     f'<title>{impl} {g}: {v:.2f}x</title></rect>')
        cx = x0 + bar_w * len(impls) / 2
        s.append(f'<text x="{cx}" y="{top + plot_h + 14}" text-anchor="end" '
                 f'transform="rotate(-40 {cx} {top + plot_h + 14})">{g}</text>')
    for ii, impl in enumerate(impls):
        x = left + 10 + ii * 130
        s.append(f'<rect x="{x}" y="30" width="10" height="10" fill="{colors[ii % len(colors)]}"/>')
        s.append(f'<text x="{x + 14}" y="39">{impl}</text>')
    s.append("</svg>")
    return "\n".join(s) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Compare egret against CPython and PyPy.")
    ap.add_argument("--egret", default=os.path.join(ROOT, "target", "release", "egret"),
                    help="path to the egret binary (default: target/release/egret)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median is taken)")
    ap.add_argument("--modes", default="off,on", help="comma-separated --jit modes for egret")
    ap.add_argument("--no-pypy", action="store_true", help="do not run pypy3 even if installed")
    ap.add_argument("--write-results", action="store_true",
                    help="also write benches/RESULTS.md and benches/speedups.svg")
    ap.add_argument("--allow-errors", action="store_true",
                    help="exit 0 even if egret or pypy fails a program (wrong outputs still fail)")
    ap.add_argument("programs", nargs="*", help="program names (default: all)")
    args = ap.parse_args()

    egret = os.path.abspath(args.egret)
    if not (os.path.isfile(egret) and os.access(egret, os.X_OK)):
        print(f"compare.py: egret binary not found or not executable: {egret}", file=sys.stderr)
        return 1
    runs = max(1, args.runs)
    impls = [("cpython", [sys.executable])]
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        impls.append((f"egret-{mode}", [egret, f"--jit={mode}"]))
    pypy = None if args.no_pypy else shutil.which("pypy3")
    if pypy:
        impls.append(("pypy", [pypy]))
    others = [name for name, _ in impls[1:]]

    progs = sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py") and not f.startswith("_"))
    if args.programs:
        wanted = {p if p.endswith(".py") else p + ".py" for p in args.programs}
        missing = wanted - set(progs)
        if missing:
            print(f"compare.py: unknown program(s): {', '.join(sorted(missing))}", file=sys.stderr)
            return 1
        progs = [p for p in progs if p in wanted]

    fatal = False
    errors = False
    notes = []
    results = {}  # prog -> impl -> (seconds, rss KiB)
    for prog in progs:
        results[prog] = {}
        ref = None
        for name, cmd in impls:
            print(f"  {prog:<20} {name:<10} ...", end="", file=sys.stderr, flush=True)
            try:
                t, rss, out = measure(cmd + [prog], PROGRAMS, runs)
            except RunError as e:
                print(f" failed: {e}", file=sys.stderr)
                notes.append(f"{prog}: {name} {e}")
                if name == "cpython":
                    fatal = True
                else:
                    errors = True
                continue
            print(f" {t:.3f}s", file=sys.stderr)
            if name == "cpython":
                ref = out
            elif ref is not None and out != ref:
                notes.append(f"{prog}: {name} printed {out.decode('utf-8', 'replace').strip()[:120]!r}, "
                             f"CPython {ref.decode('utf-8', 'replace').strip()[:120]!r}")
                fatal = True
                continue
            results[prog][name] = (t, rss)

    print("  startup ...", file=sys.stderr, flush=True)
    startup = {}
    for name, cmd in impls:
        try:
            startup[name] = measure(cmd + ["-c", "pass"], ROOT, STARTUP_RUNS)[:2]
        except RunError as e:
            notes.append(f"startup: {name} {e}")
            errors = True

    # Speedups over CPython, per program and as geometric means.
    speedups, means = speedups_over_cpython(results, progs, others)
    for name in others:
        speedups[name]["geometric mean"] = means[name]

    def secs(r):
        return f"{r[0]:.3f}" if r else "—"

    def mib(r):
        return f"{r[1] / 1024:.0f}" if r and r[1] else "—"

    header = ["program", "cpython s"] + [f"{n} s" for n in others] + \
        [f"{n} speedup" for n in others] + [f"{n} MiB" for n in ["cpython"] + others]
    table = []
    for prog in progs:
        row = [prog[:-3], secs(results[prog].get("cpython"))]
        row += [secs(results[prog].get(n)) for n in others]
        row += [f"{speedups[n][prog]:.2f}x" if prog in speedups[n] else "—" for n in others]
        row += [mib(results[prog].get(n)) for n in ["cpython"] + others]
        table.append(row)
    row = ["geometric mean", ""] + ["" for _ in others]
    row += [f"{means[n]:.2f}x" if means[n] else "—" for n in others]
    row += ["" for _ in ["cpython"] + others]
    table.append(row)
    row = ["startup (-c pass)", secs(startup.get("cpython"))]
    row += [secs(startup.get(n)) for n in others]
    row += [f"{startup['cpython'][0] / startup[n][0]:.2f}x"
            if startup.get("cpython") and startup.get(n) else "—" for n in others]
    row += [mib(startup.get(n)) for n in ["cpython"] + others]
    table.append(row)
    coverage = [f"{n}: {len(speedups[n]) - 1} of {len(progs)} programs" for n in others]

    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]
    print()
    for r in [header, ["-" * w for w in widths]] + table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print("geometric means cover: " + "; ".join(coverage))
    for n in notes:
        print("note:", n)

    versions = [f"CPython {platform.python_version()} ({sys.executable})",
                version_of([egret, "--version"])]
    if pypy:
        versions.append(version_of([pypy, "--version"]).replace("\n", " "))
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = f"{cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"
    md = [f"- date: {now}", f"- machine: {machine}",
          f"- implementations: {'; '.join(versions)}",
          f"- median wall time of {runs} runs per program ({STARTUP_RUNS} for startup); "
          "speedup = CPython time / time (above 1.00x is faster than CPython); "
          "MiB = largest max RSS over the runs" + ("" if GNU_TIME else
          " (not measured: GNU time, /usr/bin/time, is not installed)"), "",
          "| " + " | ".join(header) + " |",
          "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    md += ["| " + " | ".join(r) + " |" for r in table]
    md += ["", "Geometric means cover " + "; ".join(coverage) + "."]
    if notes:
        md += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    chart = svg_chart([p[:-3] for p in progs], others,
                      {n: {k[:-3] if k.endswith(".py") else k: v for k, v in speedups[n].items()}
                       for n in others},
                      f"Speedup over CPython 3.11 ({now})")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "latest.md"), "w") as f:
        f.write("# egret vs CPython\n\n" + "\n".join(md) + "\n")
    with open(os.path.join(OUT, "speedups.svg"), "w") as f:
        f.write(chart)
    print("wrote benches/out/latest.md and benches/out/speedups.svg", file=sys.stderr)
    if args.write_results:
        with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
            f.write("# Benchmark results\n\n"
                    "Generated by `python3 benches/compare.py --write-results` (numbers and "
                    "chart come from the runner; nothing here is edited by hand).\n\n"
                    + "\n".join(md) + "\n\n![speedups](speedups.svg)\n")
        with open(os.path.join(HERE, "speedups.svg"), "w") as f:
            f.write(chart)
        print("wrote benches/RESULTS.md and benches/speedups.svg", file=sys.stderr)
    if fatal or (errors and not args.allow_errors):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
