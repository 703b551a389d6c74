"""Record CPython 3.11 expectations for the conformance cases.

Usage:
    python3 conformance/record.py [--check] [--jobs N] [PATH ...]

Every case is a file ``conformance/cases/**/*.py`` whose name does not start
with ``_`` and which is not inside a directory whose name starts with ``_``
(those are support modules imported by cases).  Each case is run with the real
CPython 3.11 binary, with the case's directory as working directory, and the
result is written next to it as ``<name>.expected``::

    status: <exit code>
    exception: <last non-empty stderr line if exit code != 0, else empty>
    stdout:
    <raw stdout, byte for byte, to end of file>

With ``--check`` nothing is written; stale or missing expectations are
reported and the exit status is 1 if there are any.  When paths are given
(case files or directories), only those cases are recorded/checked.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
TIMEOUT = 60


def is_case(path):
    """True if `path` (a .py file under CASES) is a case, not a support module."""
    rel = os.path.relpath(os.path.abspath(path), CASES)
    parts = rel.split(os.sep)
    if parts[0] == os.pardir:
        return False
    if not parts[-1].endswith(".py"):
        return False
    return not any(p.startswith("_") for p in parts)


def find_cases(roots):
    found = []
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isfile(root):
            if is_case(root):
                found.append(root)
            else:
                print(f"record.py: not a case: {root}", file=sys.stderr)
            continue
        if not os.path.isdir(root):
            print(f"record.py: no such file or directory: {root}", file=sys.stderr)
            sys.exit(2)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if name.endswith(".py") and is_case(full):
                    found.append(full)
    return sorted(set(found))


def expected_path(case):
    return case[: -len(".py")] + ".expected"


def run_case(case):
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONPATH", None)
    try:
        proc = subprocess.run(
            [sys.executable, os.path.basename(case)],
            cwd=os.path.dirname(case),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT}s"
    status = proc.returncode
    exception = ""
    if status != 0:
        lines = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        exception = lines[-1].strip() if lines else ""
    header = f"status: {status}\nexception: {exception}\nstdout:\n".encode("utf-8")
    return header + proc.stdout, None


def main():
    if sys.version_info[:2] != (3, 11):
        print(
            "record.py: expectations must be recorded with CPython 3.11, "
            f"but this is {sys.version.split()[0]}",
            file=sys.stderr,
        )
        return 1
    if sys.implementation.name != "cpython":
        print("record.py: must run under CPython", file=sys.stderr)
        return 1
    ap = argparse.ArgumentParser(description="Record CPython expectations for conformance cases.")
    ap.add_argument("--check", action="store_true", help="only report stale or missing expectations")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel workers")
    ap.add_argument("paths", nargs="*", help="case files or directories (default: all cases)")
    args = ap.parse_args()

    cases = find_cases(args.paths or [CASES])
    if not cases:
        print("record.py: no cases found", file=sys.stderr)
        return 1

    failures = []
    stale = []
    written = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(run_case, cases)
        for case, (content, err) in zip(cases, results):
            rel = os.path.relpath(case, HERE)
            if err is not None:
                failures.append((rel, err))
                print(f"FAILED  {rel}: {err}")
                continue
            exp = expected_path(case)
            try:
                with open(exp, "rb") as f:
                    old = f.read()
            except FileNotFoundError:
                old = None
            if old == content:
                continue
            if args.check:
                stale.append(rel)
                print(f"{'MISSING' if old is None else 'STALE'}   {rel}")
            else:
                with open(exp, "wb") as f:
                    f.write(content)
                written += 1
                print(f"{'new' if old is None else 'updated'}     {rel}")

    if args.check:
        if not args.paths:
            orphans = []
            for dirpath, _dirs, filenames in os.walk(CASES):
                for name in filenames:
                    if name.endswith(".expected"):
                        full = os.path.join(dirpath, name)
                        if full[: -len(".expected")] + ".py" not in cases:
                            orphans.append(os.path.relpath(full, HERE))
            for o in sorted(orphans):
                print(f"ORPHAN  {o}")
            stale.extend(orphans)
        print(f"{len(cases)} cases, {len(stale)} stale, missing or orphaned, {len(failures)} failed")
        return 1 if (stale or failures) else 0
    print(f"{len(cases)} cases, {written} written, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
