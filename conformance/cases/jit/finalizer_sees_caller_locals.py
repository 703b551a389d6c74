# __del__ run from a hot compiled loop looks at the loop's frame once, late:
# it sees the loop's locals as they are when the last reference goes
# (compiled code spills them before it runs finalizers)
import sys

seen = []
N = 4000


class D:
    def __init__(self, k):
        self.k = k

    def __del__(self):
        if self.k == N - 1:
            f = sys._getframe(1)
            seen.append((f.f_code.co_name, f.f_locals.get("i"), f.f_locals.get("tag")))


def loop(n):
    tag = "start"
    total = 0.0
    for i in range(n):
        d = D(i)
        tag = str(i)
        total += i * 0.5
        d = None
    return tag, total


print(loop(N))
print(seen)
# jit-compiles: loop
