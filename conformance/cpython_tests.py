#!/usr/bin/env python3
"""CPython's own regression tests (the installed Lib/test, unmodified)
under egret, measured against CPython on the same machine.

For each module of conformance/cpython/modules.txt (or the modules named
on the command line) this runs conformance/cpython/driver.py under CPython
and under egret in each chosen JIT mode, and prints per module: the tests
CPython passes, and of those, how many egret passes, fails, errors, skips.

The tests CPython passes and egret does not are listed, with a reason, in
conformance/cpython/failing.txt. `--check` fails (exit 1) when egret does
not pass a test CPython passes that is not listed there (a regression), in
any mode: the eager JIT must pass the same tests as the interpreter.
`--update` rewrites failing.txt (from the first mode) and RESULTS.md.

    python3 conformance/cpython_tests.py --mode off,eager --check --ci
    python3 conformance/cpython_tests.py test_int test_float
    python3 conformance/cpython_tests.py --mode off --update
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "cpython")
DRIVER = os.path.join(DATA, "driver.py")
MODULES = os.path.join(DATA, "modules.txt")
FAILING = os.path.join(DATA, "failing.txt")
RESULTS = os.path.join(DATA, "RESULTS.md")


def read_modules(ci_only):
    """Module names from modules.txt; `ci` after a name puts it in the
    set CI runs."""
    mods = []
    with open(MODULES) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if ci_only and "ci" not in line[1:]:
                continue
            mods.append(line[0])
    return mods


def read_failing():
    """{test id: reason} of the tests egret is known not to pass; a
    `?` before the id marks a test whose outcome varies (either is
    accepted); `MODE:` before it (`eager:test.x.Y.test_z`) a test that
    fails only in that JIT mode. Keys are `MODE:id` for those."""
    known, flaky = {}, set()
    if not os.path.exists(FAILING):
        return known, flaky
    with open(FAILING, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            test, _, reason = line.partition("  ")
            if test.startswith("?"):
                test = test[1:]
                flaky.add(test)
            known[test] = reason.strip()
    return known, flaky


def is_known(known, mode, test):
    return test in known or f"{mode}:{test}" in known


class Run:
    """One module under one interpreter: the outcome of every test, and
    how the process ended."""

    def __init__(self, module):
        self.module = module
        self.tests = {}  # id -> (status, reason)
        self.state = "ok"  # ok, import-error, module-skip, crash, timeout
        self.detail = ""
        self.seconds = 0.0

    def passed(self):
        return {t for t, (s, _) in self.tests.items() if s == "pass"}


def run_module(cmd, module, timeout):
    run = Run(module)
    work = tempfile.mkdtemp(prefix="egret-libtest-")
    results = os.path.join(work, "results.txt")
    log = os.path.join(work, "output.txt")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["TMPDIR"] = work
    start = time.time()
    try:
        with open(log, "wb") as logf:
            p = subprocess.run(
                cmd + [DRIVER, results, module],
                cwd=work,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=logf,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        rc = p.returncode
    except subprocess.TimeoutExpired:
        rc = None
    run.seconds = time.time() - start
    done = False
    if os.path.exists(results):
        with open(results, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3:
                    continue
                status, test, reason = parts[0], parts[1], parts[2]
                if status in ("import-error", "module-skip"):
                    run.state, run.detail = status, reason
                    done = True
                elif status == "done":
                    done = True
                else:
                    # A test reported twice (a subtest failure, then a
                    # teardown error) keeps its first failure.
                    if test not in run.tests or run.tests[test][0] == "pass":
                        run.tests[test] = (status, reason)
    if rc is None:
        run.state, run.detail = "timeout", f"killed after {timeout} s"
    elif not done:
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = [l for l in f.read().splitlines() if l.strip()][-3:]
        run.state = "crash"
        run.detail = f"exit status {rc}: " + " | ".join(tail)[-300:]
    shutil.rmtree(work, ignore_errors=True)
    return run


def egret_cmd(egret, mode):
    return [egret, f"--jit={mode}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", help="test modules (default: modules.txt)")
    ap.add_argument("--egret", default=os.path.join(ROOT, "target", "debug", "egret"))
    ap.add_argument("--cpython", default=sys.executable)
    ap.add_argument("--mode", default="off", help="JIT modes, comma-separated")
    ap.add_argument("--ci", action="store_true", help="only the modules marked ci")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=900, help="seconds per module run")
    ap.add_argument("--check", action="store_true", help="exit 1 on a regression")
    ap.add_argument("--update", action="store_true", help="rewrite failing.txt and RESULTS.md")
    ap.add_argument("-v", "--verbose", action="store_true", help="list failing tests")
    args = ap.parse_args()

    args.egret = os.path.abspath(args.egret)
    modules = args.modules or read_modules(args.ci)
    modes = args.mode.split(",")
    known, flaky = read_failing()
    jobs = [("cpython", [args.cpython], m) for m in modules]
    jobs += [(mode, egret_cmd(args.egret, mode), m) for mode in modes for m in modules]
    runs = {}
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {
            pool.submit(run_module, cmd, m, args.timeout): (who, m) for who, cmd, m in jobs
        }
        for fut in concurrent.futures.as_completed(futures):
            runs[futures[fut]] = fut.result()

    regressions, fixed, table = [], [], []
    failing_out = {}
    totals = {mode: [0, 0] for mode in modes}
    for m in modules:
        base = runs[("cpython", m)]
        cp = base.passed()
        if base.state not in ("ok", "module-skip"):
            print(f"{m}: CPython itself: {base.state}: {base.detail}")
        row = [m, len(cp)]
        for mode in modes:
            r = runs[(mode, m)]
            ep = r.passed() & cp
            totals[mode][0] += len(cp)
            totals[mode][1] += len(ep)
            missing = sorted(cp - ep)
            counts = {"fail": 0, "error": 0, "skip": 0}
            for t in missing:
                s = r.tests.get(t, ("not run", ""))[0]
                counts[s] = counts.get(s, 0) + 1
            not_run = len(missing) - counts["fail"] - counts["error"] - counts["skip"]
            state = "" if r.state == "ok" else f" [{r.state}: {r.detail}]"
            ratio = f"{100.0 * len(ep) / len(cp):.0f}%" if cp else "-"
            print(
                f"{m:28} {mode:5} cpython {len(cp):4}  egret {len(ep):4} ({ratio:>4})"
                f"  fail {counts['fail']:3} error {counts['error']:3}"
                f" skip {counts['skip']:3} not-run {not_run:3}"
                f"  {r.seconds:5.1f}s{state}"
            )
            row += [len(ep), ratio, r.state if r.state != "ok" else ""]
            for t in missing:
                status, reason = r.tests.get(t, ("not run", ""))
                if status == "not run":
                    reason = f"not run ({r.state}: {r.detail})" if r.state != "ok" else "not run"
                text = f"{status}: {reason}" if status != "not run" else reason
                if mode == modes[0]:
                    failing_out[t] = text
                elif t not in failing_out:
                    failing_out[f"{mode}:{t}"] = text
                if not is_known(known, mode, t) and t not in flaky:
                    regressions.append((mode, t, status, reason))
                if args.verbose:
                    print(f"    {t}  {status}: {reason}")
            for t in sorted(ep):
                if t not in flaky and (t in known and mode == modes[0] or f"{mode}:{t}" in known):
                    fixed.append(t)
        table.append(row)

    print()
    for mode in modes:
        cp, ep = totals[mode]
        pct = 100.0 * ep / cp if cp else 0.0
        print(
            f"total {mode}: egret passes {ep} of the {cp} tests CPython passes "
            f"({pct:.1f}%) over {len(modules)} modules"
        )
    print(f"wall time {time.time() - start:.0f} s")

    if args.update:
        # The tests these modules ran (a module may run tests named after
        # another module: test_datetime's are test.datetimetester.*).
        covered = set()
        for (who, m), r in runs.items():
            covered |= set(r.tests)
        write_failing(modules, failing_out, known, flaky, covered)
        print(f"wrote {os.path.relpath(FAILING)}")
        if args.modules:
            print(f"{os.path.relpath(RESULTS)} is written by a run of the whole list only")
        else:
            write_results(modes, table, totals, len(modules), os.path.relpath(args.egret, ROOT))
            print(f"wrote {os.path.relpath(RESULTS)}")
    if fixed:
        print(f"\n{len(fixed)} tests listed in failing.txt now pass (run --update):")
        for t in fixed[:20]:
            print("   ", t)
    if regressions:
        print(f"\n{len(regressions)} REGRESSIONS (tests CPython passes, not in failing.txt):")
        for mode, t, status, reason in regressions[:100]:
            print(f"    [{mode}] {t}  {status}: {reason}")
        if args.check:
            sys.exit(1)


def write_failing(modules, failing_out, known, flaky, covered):
    """failing.txt for the modules run, keeping the lines of the others."""
    prefixes = tuple(f"test.{m}." for m in modules)

    def ran(t):
        name = t.split(":")[-1]
        return name.startswith(prefixes) or name in covered

    keep = {t: r for t, r in known.items() if not ran(t)}
    merged = dict(keep)
    merged.update(failing_out)
    with open(FAILING, "w", encoding="utf-8") as f:
        f.write(
            "# Tests CPython passes that egret does not pass yet, with the reason\n"
            "# (written by conformance/cpython_tests.py --update from egret's run).\n"
            "# A `?` before a test marks an outcome that varies from run to run;\n"
            "# `MODE:` before it, a test that fails only in that JIT mode.\n"
        )
        for t in sorted(merged):
            mark = "?" if t in flaky else ""
            f.write(f"{mark}{t}  {merged[t]}\n")


def write_results(modes, table, totals, nmodules, egret):
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write(
            "# CPython's Lib/test under egret\n\n"
            f"Written by `python3 conformance/cpython_tests.py --update` (egret: `{egret}`).\n"
            "Columns: the tests CPython 3.11 passes on this machine, and how many\n"
            "of them egret passes in each JIT mode. A note names a module that\n"
            "does not load or does not finish under egret.\n\n"
        )
        for mode in modes:
            cp, ep = totals[mode]
            pct = 100.0 * ep / cp if cp else 0.0
            f.write(
                f"- `--jit={mode}`: **{ep} of {cp}** ({pct:.1f}%) over {nmodules} modules\n"
            )
        f.write("\n| module | CPython | " + " | ".join(f"egret {m}" for m in modes) + " | note |\n")
        f.write("|---|---:|" + "---:|" * len(modes) + "---|\n")
        for row in table:
            m, cp = row[0], row[1]
            cells, notes = [], []
            for i in range(len(modes)):
                ep, ratio, state = row[2 + 3 * i : 5 + 3 * i]
                cells.append(f"{ep} ({ratio})")
                if state:
                    notes.append(f"{modes[i]}: {state}")
            f.write(f"| {m} | {cp} | " + " | ".join(cells) + f" | {'; '.join(notes)} |\n")


if __name__ == "__main__":
    main()
