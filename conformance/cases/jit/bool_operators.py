# `and` and `or` as values inside compiled code: the operand that decides
# is the result, whatever its type; operands are evaluated at most once.
calls = []


def noisy(v):
    calls.append(v)
    return v


def pick(a, b, c):
    return a and b or c


def first_true(xs):
    out = []
    for x in xs:
        out.append(x or "empty")
        out.append(x and len(str(x)))
    return out


def lazy(n):
    t = 0
    for i in range(n):
        t += (i % 3 == 0 and noisy(i) or 0) + (i % 5 and 1)
    return t


for r in range(4000):
    v = pick(r % 2, [r], 2.5)
print(v, pick(0, 1, None), pick("", 0, ()), pick(1.5, "", [0]))
print(first_true([0, 1, "", "ab", None, [], [1], 0.0, 2.5] * 300)[-18:])
print(lazy(3000), len(calls), calls[:5])
class Bad:
    def __bool__(self):
        raise ValueError("no truth")
def raising_truth(xs):
    out = []
    for x in xs:
        try:
            out.append(x or 1)
        except ValueError as e:
            out.append(str(e))
    return out
print(raising_truth([0, Bad(), 2] * 400)[-6:])
# jit-compiles: <module>, first_true, lazy, pick, raising_truth
