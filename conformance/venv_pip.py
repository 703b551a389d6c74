#!/usr/bin/env python3
"""egret makes a virtual environment and pip installs into it, offline.

    python3 conformance/venv_pip.py --egret target/release/egret

Runs, as a user would (no network):

1. `egret -m venv ENV` (with pip, through ensurepip's bundled wheels);
2. `ENV/bin/python -m pip install --no-index --find-links DIR hello-egret`,
   a pure-Python wheel this script writes, then imports it with
   `ENV/bin/python`;
3. the same for `sdist-egret`, a source distribution built by setuptools.
   pip builds it in an isolated environment from DIR, which needs the
   `setuptools` and `wheel` wheels there: setuptools comes from ensurepip's
   bundle; `wheel` is not bundled with CPython 3.11, so it is taken from
   another CPython's test data on this machine when there is one, and the
   step is reported as skipped otherwise (CPython itself cannot install an
   sdist offline without it).

Prints one line per step and exits non-zero if a step failed (steps in
KNOWN_FAILURES are reported as `xfail` when they fail the known way).
"""

import argparse
import base64
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile


def write_wheel(d):
    files = {
        "hello_egret/__init__.py": b'def greet():\n    return "hello from a wheel"\n',
        "hello_egret-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: hello-egret\nVersion: 1.0\n",
        "hello_egret-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: egret-test\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append("hello_egret-1.0.dist-info/RECORD,,")
    files["hello_egret-1.0.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(os.path.join(d, "hello_egret-1.0-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def write_sdist(d):
    files = {
        "sdist_egret-2.0/setup.py": b'from setuptools import setup\n'
        b'setup(name="sdist-egret", version="2.0", py_modules=["sdist_egret"])\n',
        "sdist_egret-2.0/sdist_egret.py": b"def answer():\n    return 42\n",
        "sdist_egret-2.0/PKG-INFO": b"Metadata-Version: 2.1\nName: sdist-egret\nVersion: 2.0\n",
    }
    with tarfile.open(os.path.join(d, "sdist_egret-2.0.tar.gz"), "w:gz") as t:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def wheel_package():
    """A `wheel` wheel available offline on this machine (the test data of
    an installed CPython beside this one), if any."""
    versions = os.path.dirname(sys.base_prefix)
    pattern = os.path.join(versions, "*", "lib", "python3*", "test", "**", "wheel-*-py3-none-any.whl")
    found = sorted(glob.glob(pattern, recursive=True))
    return found[-1] if found else None


# Steps egret cannot pass yet: (text their output shows, the reason). A
# known failure that passes, or fails another way, fails the run.
KNOWN_FAILURES = {
    "pip install an sdist (setuptools)": (
        "No module named '_ctypes'",
        "setuptools builds the wheel with the `wheel` package, which imports ctypes (egret has no _ctypes yet)",
    ),
}


def run(cmd, env, timeout):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--egret", default="target/release/egret")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    egret = os.path.abspath(args.egret)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_CONFIG_FILE"] = os.devnull
    failed = 0
    with tempfile.TemporaryDirectory(prefix="egret-venv-") as tmp:
        pkgs = os.path.join(tmp, "pkgs")
        os.mkdir(pkgs)
        write_wheel(pkgs)
        write_sdist(pkgs)
        bundled = os.path.join(os.path.dirname(__import__("ensurepip").__file__), "_bundled")
        for w in glob.glob(os.path.join(bundled, "setuptools-*.whl")):
            shutil.copy(w, pkgs)
        extra = wheel_package()
        if extra:
            shutil.copy(extra, pkgs)
        venv = os.path.join(tmp, "env")
        py = os.path.join(venv, "bin", "python")
        steps = [
            ("egret -m venv ENV", [egret, "-m", "venv", venv], None),
            ("pip install a wheel", [py, "-m", "pip", "install", "--no-index", "--find-links", pkgs, "hello-egret"], None),
            ("the wheel's package imports", [py, "-c", "import hello_egret; print(hello_egret.greet())"], "hello from a wheel"),
            ("pip install an sdist (setuptools)", [py, "-m", "pip", "install", "--no-index", "--find-links", pkgs, "sdist-egret"], None),
            ("the sdist's module imports", [py, "-c", "import sdist_egret; print(sdist_egret.answer())"], "42"),
        ]
        broken = False
        for name, cmd, expect in steps:
            if "sdist" in name and not extra:
                print(f"skip  {name}: no `wheel` wheel on this machine to build it offline")
                continue
            if broken:
                print(f"skip  {name}: an earlier step failed")
                continue
            try:
                status, out = run(cmd, env, args.timeout)
            except subprocess.TimeoutExpired:
                status, out = -1, f"timed out after {args.timeout}s"
            ok = status == 0 and (expect is None or out.strip().endswith(expect))
            known = KNOWN_FAILURES.get(name)
            if known and not ok and known[0] in out:
                print(f"xfail {name}: {known[1]}")
                broken = True
                continue
            if known and ok:
                print(f"XPASS {name}: remove it from KNOWN_FAILURES")
                failed += 1
                continue
            print(f"{'ok   ' if ok else 'FAIL '} {name}")
            if not ok:
                failed += 1
                broken = True
                tail = out.strip().splitlines()[-25:]
                print("      " + "\n      ".join(tail))
            elif args.verbose:
                print("      " + "\n      ".join(out.strip().splitlines()[-5:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
