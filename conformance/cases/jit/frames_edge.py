# More frame-object edges in compiled code: f_lineno of several calls on a
# line, closures' cells in f_locals, frames kept by a function that raises,
# locals() identity across a loop, generator frames, methods, deep chains.
import sys
def show(d):
    return sorted((k, v if isinstance(v, (int, float, str, bool, type(None))) else type(v).__name__) for k, v in d.items())
def peek():
    f = sys._getframe(1)
    return f.f_lineno, show(f.f_locals)
def lines_in_compiled(n):
    out = []
    for i in range(n):
        a = peek()
        b = peek(); c = [peek()]
        out.append((a[0], b[0], c[0][0]))
    return out[-1]
for _ in range(5):
    print(lines_in_compiled(30))
def closure_frames(n):
    k = 10
    def inner():
        return k + 1
    res = []
    for i in range(n):
        k = i
        res.append(peek())
    return res[-1], inner()
for _ in range(5):
    print(closure_frames(20))
kept = []
def raises_later(n):
    total = 0
    fr = None
    for i in range(n):
        total += i
        if i == n - 2:
            kept.append(sys._getframe())
    if n > 5:
        raise KeyError(total)
    return total
for k in range(10):
    try:
        raises_later(k)
    except KeyError as e:
        pass
print(len(kept), [(f.f_lineno, show(f.f_locals)) for f in kept[-2:]])
def same_dict(n):
    d1 = locals()
    acc = 0
    for i in range(n):
        acc += len(str(i))
    d2 = locals()
    return d1 is d2, sorted(d2)
for _ in range(5):
    print(same_dict(50))
def gen_frames():
    def g():
        x = 1
        yield sys._getframe()
        x = 2
        yield sys._getframe().f_back.f_code.co_name
    out = []
    for _ in range(20):
        it = g()
        f = next(it)
        out.append((f.f_back, show(f.f_locals), next(it), show(f.f_locals)))
    return out[-1]
print(gen_frames())
class C:
    def method(self, n):
        s = 0
        for i in range(n):
            s += i
            if i == n - 1:
                f = sys._getframe()
                return f.f_code.co_name, show(f.f_locals), f.f_back.f_code.co_name
print([C().method(k) for k in range(1, 30)][-1])
def deep(n):
    if n == 0:
        f = sys._getframe()
        depth = 0
        while f.f_back is not None:
            f = f.f_back
            depth += 1
        return depth
    return deep(n - 1)
print([deep(k) for k in range(0, 40, 5)])
