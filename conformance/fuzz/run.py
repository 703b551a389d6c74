"""Differential fuzzer: generated programs, CPython 3.11 against egret.

    python3 conformance/fuzz/run.py --seeds 0:500 [--egret PATH] [--jobs N]
        [--timeout S] [--time-limit SECONDS] [--out DIR] [--modes off,on,eager]

For each seed, gen.generate(seed) is run under CPython and under egret in each
mode (off: `--jit=off`, on: `--jit=on -X jit-threshold=10`, eager:
`--jit=eager`).  A mode fails when its stdout, exit status or last stderr line
(the exception line) differs from CPython's, when it times out while CPython
did not, or always when it crashed: "egret: internal error", death by a
signal, or allocator/stack messages ("double free", "malloc()", ...).

A failing seed is classified as
  crash        some mode crashed (see above)
  runtime bug  every egret mode differs from CPython, and they agree
  JIT bug      the egret modes disagree among themselves
Each failing program is written to --out (default /tmp/egret-fuzz-out) as
seed_N.py with seed_N.json (machine-readable) and seed_N.txt (diffs).
Exit status 1 if any seed failed.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_EGRET = os.path.join(REPO, "target", "debug", "egret")
DEFAULT_PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3"
MODE_ARGS = {
    "off": ["--jit=off"],
    "on": ["--jit=on", "-X", "jit-threshold=10"],
    "eager": ["--jit=eager"],
    # not in the default set: compile almost at once, exits taken early
    "on2": ["--jit=on", "-X", "jit-threshold=2"],
}
CRASH_PATTERNS = [
    "egret: internal error", "double free", "malloc()", "free():", "corrupted size",
    "corrupted double-linked", "has overflowed its stack", "Segmentation fault",
    "stack smashing", "munmap_chunk", "realloc():", "panicked at",
]


def default_python():
    return DEFAULT_PYTHON if os.path.exists(DEFAULT_PYTHON) else shutil.which("python3")


class Result:
    """What one process did."""

    def __init__(self, rc, stdout, stderr, timed_out, seconds):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out
        self.seconds = seconds

    @property
    def last_line(self):
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        return lines[-1] if lines else ""

    def crash(self):
        """A crash signature, or None."""
        text = self.stdout + "\n" + self.stderr
        m = re.search(r"egret: internal error: (.*)", text)
        if m:
            # drop the source location so that the signature survives edits
            return "internal error: " + re.sub(r" at \S+:\d+$", "", m.group(1).strip())
        for p in CRASH_PATTERNS:
            if p in text:
                return "crash: " + p
        if self.rc is not None and self.rc < 0:
            try:
                name = signal.Signals(-self.rc).name
            except ValueError:
                name = str(-self.rc)
            return "signal " + name
        return None

    def key(self):
        """What is compared between implementations."""
        return (self.stdout, self.rc, self.last_line, self.timed_out)


def execute(cmd, timeout, cwd=None, env=None):
    """Run cmd; kill its whole process group on timeout."""
    t0 = time.time()
    for attempt in range(60):
        try:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, cwd=cwd, env=env,
                                 start_new_session=True)
            break
        except OSError as e:
            # the binary may be being replaced by a new build: wait for it
            if attempt == 59:
                raise RuntimeError(f"cannot run {cmd[0]}: {e}")
            time.sleep(1)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = p.communicate()
        timed_out = True
    dec = lambda b: b.decode("utf-8", errors="backslashreplace")  # noqa: E731
    return Result(None if timed_out else p.returncode, dec(out), dec(err), timed_out,
                  time.time() - t0)


def run_cpython(path, python, timeout):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    return execute([python, path], timeout, cwd=os.path.dirname(path), env=env)


def run_egret(path, egret, mode, timeout):
    return execute([egret] + MODE_ARGS[mode] + [path], timeout, cwd=os.path.dirname(path))


def compare(cpy, results):
    """Per-mode verdicts: {mode: None | 'diff' | 'timeout' | crash signature}."""
    verdict = {}
    for mode, r in results.items():
        c = r.crash()
        if c:
            verdict[mode] = c
        elif r.timed_out:
            verdict[mode] = None if cpy.timed_out else "timeout"
        elif cpy.timed_out:
            verdict[mode] = None
        elif r.key() != cpy.key():
            verdict[mode] = "diff"
        else:
            verdict[mode] = None
    return verdict


def classify(verdict, results):
    failing = [m for m, v in verdict.items() if v]
    if not failing:
        return None
    if any(v not in ("diff", "timeout") for v in verdict.values() if v):
        return "crash"
    keys = {r.key() for r in results.values()}
    if len(keys) > 1:
        return "JIT bug"
    return "runtime bug"


def signature(verdict, results):
    """A failure's identity, kept by the reducer: the verdict of each mode,
    plus the exception type each failing mode ended with."""
    sig = []
    for mode in sorted(verdict):
        v = verdict[mode]
        exc = ""
        if v == "diff":
            exc = results[mode].last_line.split(":")[0]
        sig.append((mode, v or "ok", exc))
    return tuple(sig)


def describe(cpy, results, verdict):
    """A human-readable account of the differences."""
    out = []
    out.append(f"cpython: rc={cpy.rc} timed_out={cpy.timed_out} last={cpy.last_line!r}")
    for mode, r in results.items():
        out.append(f"egret {mode}: rc={r.rc} timed_out={r.timed_out} verdict={verdict[mode]} "
                   f"last={r.last_line!r}")
    for mode, r in results.items():
        if not verdict[mode]:
            continue
        out.append("")
        out.append(f"=== {mode}: {verdict[mode]}")
        d = list(difflib.unified_diff(cpy.stdout.splitlines(), r.stdout.splitlines(),
                                      "cpython", "egret-" + mode, lineterm="", n=1))
        out += d[:60]
        if len(d) > 60:
            out.append(f"... ({len(d) - 60} more diff lines)")
        if r.stderr.strip():
            err = r.stderr.strip().splitlines()
            out.append("--- stderr (last 15 lines):")
            out += err[-15:]
    return "\n".join(out)


def check_file(path, egret, modes, timeout, python=None):
    """Run one program everywhere; returns (cpy, results, verdict)."""
    python = python or default_python()
    cpy = run_cpython(path, python, timeout)
    results = {m: run_egret(path, egret, m, timeout) for m in modes}
    return cpy, results, compare(cpy, results)


def run_seed(seed, args, workdir):
    src = gen.generate(seed, args.skip_kernels)
    path = os.path.join(workdir, f"seed_{seed}.py")
    with open(path, "w") as f:
        f.write(src)
    cpy, results, verdict = check_file(path, args.egret, args.modes, args.timeout, args.python)
    cls = classify(verdict, results)
    rec = {
        "seed": seed,
        "skip_kernels": args.skip_kernels,
        "class": cls,
        "verdict": verdict,
        "cpython_rc": cpy.rc,
        "cpython_timeout": cpy.timed_out,
        "cpython_raised_calls": cpy.stdout.count(" raised"),
        "seconds": round(cpy.seconds + sum(r.seconds for r in results.values()), 3),
    }
    if cls:
        os.makedirs(args.out, exist_ok=True)
        base = os.path.join(args.out, f"seed_{seed}")
        shutil.copy(path, base + ".py")
        detail = dict(rec)
        detail["signature"] = signature(verdict, results)
        detail["cpython"] = {"rc": cpy.rc, "last": cpy.last_line, "stdout": cpy.stdout[-4000:]}
        detail["egret"] = {m: {"rc": r.rc, "last": r.last_line, "timed_out": r.timed_out,
                               "stdout": r.stdout[-4000:], "stderr": r.stderr[-2000:]}
                           for m, r in results.items()}
        with open(base + ".json", "w") as f:
            json.dump(detail, f, indent=1)
        with open(base + ".txt", "w") as f:
            f.write(describe(cpy, results, verdict) + "\n")
    os.unlink(path)
    return rec


def parse_seeds(spec):
    if ":" in spec:
        a, b = spec.split(":", 1)
        return range(int(a), int(b))
    return [int(s) for s in spec.split(",")]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="0:100", help="A:B (half-open) or a,b,c")
    ap.add_argument("--egret", default=DEFAULT_EGRET)
    ap.add_argument("--python", default=None, help="CPython 3.11 binary")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="per process, seconds")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="start no new seed after this many seconds")
    ap.add_argument("--out", default="/tmp/egret-fuzz-out")
    ap.add_argument("--modes", default="off,on,eager")
    ap.add_argument("--skip-kernels", default="",
                    help="comma-separated gen.py kernels not to use (e.g. ones hitting a known bug)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    args.skip_kernels = [k for k in args.skip_kernels.split(",") if k]
    for k in args.skip_kernels:
        if k not in gen.kernel_names():
            ap.error(f"unknown kernel {k}; kernels: {', '.join(gen.kernel_names())}")
    args.modes = [m for m in args.modes.split(",") if m]
    for m in args.modes:
        if m not in MODE_ARGS:
            ap.error(f"unknown mode {m}")
    args.python = args.python or default_python()
    if not os.path.exists(args.egret):
        ap.error(f"no egret binary at {args.egret}")
    seeds = list(parse_seeds(args.seeds))

    t0 = time.time()
    workdir = tempfile.mkdtemp(prefix="egret-fuzz-")
    records = []
    stopped_early = False
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            pending = set()
            it = iter(seeds)
            while True:
                while len(pending) < args.jobs:
                    if args.time_limit is not None and time.time() - t0 > args.time_limit:
                        stopped_early = True
                        break
                    s = next(it, None)
                    if s is None:
                        break
                    pending.add(pool.submit(run_seed, s, args, workdir))
                if not pending:
                    break
                done, pending = concurrent.futures.wait(
                    pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for fut in done:
                    rec = fut.result()
                    records.append(rec)
                    if rec["class"] and not args.quiet:
                        bad = ", ".join(f"{m}: {v}" for m, v in rec["verdict"].items() if v)
                        print(f"seed {rec['seed']}: {rec['class']} ({bad})", flush=True)
                if stopped_early and not pending:
                    break
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # run failing seeds once more: a failure that does not reproduce (the
    # binary was replaced by a new build, load-dependent timeout) is flaky
    workdir = tempfile.mkdtemp(prefix="egret-fuzz-")
    try:
        for rec in records:
            if rec["class"]:
                again = run_seed(rec["seed"], args, workdir)
                if again["verdict"] != rec["verdict"]:
                    rec["class"] = None if not again["class"] else again["class"]
                    rec["flaky"] = True
                    print(f"seed {rec['seed']}: not reproduced the same way (flaky)", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.time() - t0
    records.sort(key=lambda r: r["seed"])
    failing = [r for r in records if r["class"]]
    print()
    print(f"seeds run: {len(records)} of {len(seeds)} in {elapsed:.1f} s"
          + (" (time limit reached)" if stopped_early else ""))
    clean = sum(1 for r in records if r["cpython_rc"] == 0 and not r["cpython_raised_calls"])
    print(f"CPython: {sum(1 for r in records if r['cpython_rc'] == 0)} exited 0, "
          f"{clean} with no top-level call raising, "
          f"{sum(1 for r in records if r['cpython_timeout'])} timed out")
    odd = [r["seed"] for r in records if r["cpython_timeout"] or r["cpython_rc"] != 0]
    if odd:
        print(f"  seeds where CPython timed out or failed (generator problem): {odd[:20]}")
    for m in args.modes:
        n = sum(1 for r in records if r["verdict"].get(m))
        print(f"failures in mode {m}: {n}")
    flaky = [r["seed"] for r in records if r.get("flaky")]
    if flaky:
        print(f"flaky (not reproduced the same way): {flaky}")
    classes = {}
    for r in failing:
        classes.setdefault(r["class"], []).append(r["seed"])
    for c, ss in sorted(classes.items()):
        shown = " ".join(map(str, ss[:30])) + (" ..." if len(ss) > 30 else "")
        print(f"{c}: {len(ss)} seeds: {shown}")
    if failing:
        print(f"failing programs and diffs written to {args.out}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
