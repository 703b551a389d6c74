# Slices whose step or bounds are near or beyond sys.maxsize: the index
# arithmetic saturates as CPython's PySlice_AdjustIndices does, for every
# builtin sequence, in reads, assignments and deletions.
import sys

M = sys.maxsize
slices = [
    slice(3, None, M), slice(None, None, M), slice(None, None, -M), slice(None, None, -M - 1),
    slice(-M - 1, None, -2**70), slice(-2**100, None, M), slice(2**100, None, -M),
    slice(-2**100, 2**100, 2), slice(2**100, -2**100, -2), slice(1, M, M - 1),
    slice(M, None, -1), slice(-M - 1, M, 3), slice(4, 0, -M), slice(None, -2**64, -1),
    slice(3, None, 2**64), slice(None, 2, -(2**64)), slice(0, 5, M), slice(-1, None, M),
]
seqs = [[0, 1, 2, 3, 4], (0, 1, 2, 3, 4), "abcde", b"abcde", bytearray(b"abcde"), range(5)]
for s in slices:
    print(s, s.indices(5), [seq[s] for seq in seqs])

print(range(10, 20, 3)[3::M], range(10, 20, 3)[::-M], range(-5, 5)[-2**80:2**80:2**70])
print(range(0, 2**100, 7)[5::M], range(0, 2**100, 7)[-1::-M])

for s in slices:
    a = [0, 1, 2, 3, 4]
    del a[s]
    b = bytearray(b"abcde")
    del b[s]
    print("del", s, a, b)

for s in slices:
    a = [0, 1, 2, 3, 4]
    n = len(a[s])
    a[s] = list(range(10, 10 + n))
    b = bytearray(b"abcde")
    b[s] = b"x" * n
    print("set", s, a, b)
    try:
        a[s] = [99] * (n + 1)
    except ValueError as e:
        print(" ", e)

a = [0, 1, 2, 3, 4]
a[-2**100:1] = ["x", "y"]
a[2**100:] = ["z"]
a[-M - 1 : -M - 1] = ["w"]
print(a)


class Big:
    def __index__(self):
        return 2**100


class Neg:
    def __index__(self):
        return -(2**100)


print([0, 1, 2, 3, 4][Neg() : Big()], "abcde"[Big() :: -1], (0, 1, 2)[:Neg():-1])
print([0, 1, 2, 3, 4][1 : Big() : Big()], slice(Neg(), Big(), Big()).indices(5))

# start/end arguments are slice indices too: any int, saturated.
import collections

for t in [
    "[1, 2, 3].index(2, -M - 1)", "[1, 2, 3].index(2, -2**100, 2**100)", "(1, 2, 3).index(3, -M - 1, M)",
    "'abc'.find('c', -M - 1, M)", "'abc'.find('c', 2**100)", "'abc'.find('', -2**100)",
    "'abc'.rfind('a', -2**100, 2**100)", "'abc'.count('', -2**100, 2**100)", "'abc'.index('c', Neg(), Big())",
    "'abc'.startswith('a', -2**100)", "'abc'.endswith('c', 0, 2**100)",
    "collections.deque([1, 2, 3]).index(2, -2**100, 2**100)", "[1, 2, 3].index(3, M)",
    "'abc'.find('c', 'x')", "'abc'.count('a', 1.0)", "[1].index(1, 'x')", "[1].index(1, None)",
    "(1,).index(1, 'x')", "collections.deque([1]).index(1, 'x')", "[1, 2][1.0:]",
]:
    try:
        print(t, "->", repr(eval(t)))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
