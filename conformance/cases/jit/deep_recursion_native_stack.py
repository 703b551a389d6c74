# With a raised recursion limit, compiled code calling itself deeper than
# the native stack holds leaves the rest of the recursion to the
# interpreter (whose Python-to-Python calls use no native stack), as
# CPython 3.11 does; nothing overflows the native stack.
import sys

sys.setrecursionlimit(2_000_000)


def count(n):
    if n == 0:
        return 0
    return count(n - 1) + 1


def carry(n, o):
    if n == 0:
        return o
    return carry(n - 1, o)


class Node:
    def __init__(self, n):
        self.n = n

    def depth(self):
        if self.n == 0:
            return 0
        return Node(self.n - 1).depth() + 1


for d in (10, 1000, 300_000):
    print(d, count(d), carry(d, [d])[0])
print(Node(100_000).depth())
sys.setrecursionlimit(1000)
try:
    count(5000)
except RecursionError:
    print("RecursionError at the default limit")
# jit-compiles: Node.__init__, Node.depth, carry, count
