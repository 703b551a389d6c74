# A small test module run with CPython's unittest, unmodified. The report
# goes to a StringIO; its timing line is normalized before printing.
import io, re, sys, unittest

class Arith(unittest.TestCase):
    def setUp(self):
        self.items = [3, 1, 2]
    def test_sorted(self):
        self.assertEqual(sorted(self.items), [1, 2, 3])
    def test_sum(self):
        self.assertEqual(sum(self.items), 6)
    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0
        self.assertRaises(KeyError, {}.__getitem__, "k")
    def test_almost(self):
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertIn(2, self.items)
    @unittest.skip("not today")
    def test_skipped(self):
        self.fail("never")
    def test_fails(self):
        self.assertEqual(1 + 1, 3)
    @unittest.expectedFailure
    def test_expected(self):
        self.assertTrue(False)

class Strings(unittest.TestCase):
    def test_upper(self):
        self.assertEqual("abc".upper(), "ABC")
    def test_sub(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 5)

stream = io.StringIO()
prog = unittest.main(argv=["prog", "-v"], exit=False, testRunner=unittest.TextTestRunner(stream=stream, verbosity=2))
out = stream.getvalue()
lines = [l for l in out.splitlines() if l.endswith(("ok", "FAIL", "skipped 'not today'", "expected failure"))]
print("\n".join(lines))
print(re.sub(r"in \d+\.\d+s", "in T", [l for l in out.splitlines() if l.startswith("Ran ")][0]))
print(out.splitlines()[-1])
r = prog.result
print(r.testsRun, len(r.failures), len(r.errors), len(r.skipped), len(r.expectedFailures), r.wasSuccessful())
print([t.id() for t, _ in r.failures])
print("AssertionError: 2 != 3" in r.failures[0][1])
