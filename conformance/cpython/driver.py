"""Runs one CPython test module (from the installed Lib/test) and writes
one line per test to a results file, as each test ends, so that a crash
loses only the test that was running.

Run by conformance/cpython_tests.py under the interpreter being measured
(egret in some JIT mode, or CPython for the baseline):

    INTERPRETER driver.py RESULTS_FILE test_module

Each line is `STATUS<TAB>TEST_ID<TAB>REASON`, STATUS one of pass, fail,
error, skip, xfail, xpass; or `import-error` / `module-skip` for a module
that cannot be loaded. Tests run as regrtest runs them without `-u`:
tests that need a resource (network, cpu, ...) skip.
"""

import os
import re
import sys

results_path, module_name = sys.argv[1], sys.argv[2]
out = open(results_path, "w", encoding="utf-8")


def emit(status, test_id, reason=""):
    out.write(f"{status}\t{test_id}\t{reason}\n")
    out.flush()


def reason_of(exc_type, exc):
    """The first line of an exception, without addresses that change
    from run to run."""
    try:
        text = str(exc)
    except BaseException:
        text = "<unprintable>"
    line = text.strip().splitlines()[0] if text.strip() else ""
    line = re.sub(r"0x[0-9a-fA-F]+", "0x...", line)
    line = line.replace("\t", " ")
    if len(line) > 150:
        line = line[:150] + "..."
    name = getattr(exc_type, "__name__", str(exc_type))
    return f"{name}: {line}" if line else name


import unittest

try:
    from test import support

    support.use_resources = []
    support.verbose = 0
except BaseException as e:
    emit("import-error", "test.support", reason_of(type(e), e))
    sys.exit(0)


class Result(unittest.TestResult):
    """Streams one line per test; a test with a failing subtest fails."""

    def __init__(self):
        super().__init__()
        self.sub_failed = {}

    def addSuccess(self, test):
        super().addSuccess(test)
        bad = self.sub_failed.pop(test.id(), None)
        if bad is None:
            emit("pass", test.id())
        else:
            emit(*bad)

    def _bad(self, status, test, err):
        emit(status, test.id(), reason_of(err[0], err[1]))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.sub_failed.pop(test.id(), None)
        self._bad("fail", test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self.sub_failed.pop(test.id(), None)
        self._bad("error", test, err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None and test.id() not in self.sub_failed:
            status = "fail" if issubclass(err[0], test.failureException) else "error"
            self.sub_failed[test.id()] = (
                status,
                test.id(),
                "subtest: " + reason_of(err[0], err[1]),
            )

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.sub_failed.pop(test.id(), None)
        emit("skip", test.id(), reason_of(unittest.SkipTest, reason))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        emit("xfail", test.id())

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        emit("xpass", test.id())

    def stopTest(self, test):
        super().stopTest(test)
        # A test whose only failures were in subtests never reaches
        # addSuccess when it also failed itself; report what is left.
        bad = self.sub_failed.pop(test.id(), None)
        if bad is not None:
            emit(*bad)


import importlib

try:
    module = importlib.import_module("test." + module_name)
except unittest.SkipTest as e:
    emit("module-skip", module_name, reason_of(unittest.SkipTest, e))
    sys.exit(0)
except BaseException as e:
    emit("import-error", module_name, reason_of(type(e), e))
    sys.exit(0)

try:
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
except BaseException as e:
    emit("import-error", module_name, "loading tests: " + reason_of(type(e), e))
    sys.exit(0)

# Tests that can deadlock egret, which would take the rest of their module
# down with them (the module is killed at its timeout): under egret they
# are reported as errors without being run, and listed in failing.txt.
# Two threads importing the same module race: egret has no per-module
# import lock yet, and the test can hang rather than fail.
NOT_RUN_UNDER_EGRET = {
    "test_unpickle_module_race": "can deadlock: no per-module import lock (threads importing one module)",
}


def without_hangs(suite):
    kept = unittest.TestSuite()
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            kept.addTest(without_hangs(t))
            continue
        why = NOT_RUN_UNDER_EGRET.get(getattr(t, "_testMethodName", ""))
        if why is not None:
            emit("error", t.id(), "not run under egret: " + why)
            continue
        kept.addTest(t)
    return kept


if sys.implementation.name == "egret":
    suite = without_hangs(suite)

result = Result()
try:
    suite.run(result)
except BaseException as e:
    emit("error", module_name + ".<suite>", reason_of(type(e), e))
emit("done", module_name, str(result.testsRun))
out.close()
# Skip interpreter shutdown work that could hang on leftover threads.
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
