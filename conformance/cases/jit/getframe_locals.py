# sys._getframe() and frame objects in and above compiled code: a frame
# object reads its frame live (locals, line) while the frame runs, and
# keeps its last state once the frame has finished.
import sys


def show(d):
    return sorted(
        (k, v if isinstance(v, (int, float, str, bool, type(None))) else type(v).__name__)
        for k, v in d.items()
    )


class Box:
    def __init__(self, v):
        self.v = v


def caller_locals():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno, show(f.f_locals)


def own_frame(n):
    total = 0
    box = Box(2)
    seen = []
    for i in range(n):
        total += i * box.v
        half = i * 0.5
        flag = i % 2 == 0
        if i % 250 == 249:
            seen.append(show(sys._getframe().f_locals))
            seen.append(caller_locals())
    return total, seen


for _ in range(4):
    print(own_frame(500))


kept = []


def keeps_its_frame(n):
    a = 1
    for i in range(n):
        a = a + i
        if i == n - 3:
            kept.append(sys._getframe())
        text = str(a)
    last = "done"
    return a


for k in range(40):
    keeps_its_frame(30 + k)
for f in kept[-3:]:
    print(f.f_lineno, show(f.f_locals), f.f_back.f_code.co_name)


def inner():
    return sys._getframe(1)


def outer_follows():
    y = 7
    f = inner()
    seen = [(f.f_lineno, show(f.f_locals))]
    y = 8
    z = [y]
    seen.append((f.f_lineno, show(f.f_locals)))
    return f, seen


for _ in range(30):
    f, seen = outer_follows()
print(seen, f.f_lineno, show(f.f_locals), f.f_back is sys._getframe())


def walk(n):
    if n == 0:
        names = []
        f = sys._getframe()
        while f is not None:
            names.append(f.f_code.co_name)
            f = f.f_back
        return names
    return walk(n - 1)


for _ in range(50):
    r = walk(4)
print(r)


def live_reads():
    fr = sys._getframe()
    out = []
    for i in range(300):
        j = i * 2
        out.append((fr.f_locals["i"], fr.f_locals["j"], fr.f_lineno))
    return out[0], out[-1], fr.f_locals is fr.f_locals, fr.f_locals is locals()


for _ in range(3):
    print(live_reads())


def numbers_seen_from_below(n):
    found = []
    for i in range(n):
        x = i * 1.5
        ok = i > 3
        if i % 100 == 99:
            found.append(caller_locals())
    return found


for _ in range(3):
    print(numbers_seen_from_below(300))


def loop_var_after_loop(n):
    for i in range(n):
        pass
    return sorted(locals().items())


def loop_var_in_handler(n):
    for i in range(n):
        pass
    try:
        return 1 // (n - n)
    except ZeroDivisionError:
        return i


def float_after_loop(n, seq):
    for i in range(n):
        x = i * 0.25
        ok = i > 1
    seq.append(caller_locals())
    return x, ok


for k in range(5):
    print(loop_var_after_loop(4 + k), loop_var_in_handler(5 + k), float_after_loop(3 + k, []))


def gen():
    me = sys._getframe()
    yield me.f_back.f_code.co_name
    yield me


for _ in range(20):
    g = gen()
    first = next(g)
    fr = next(g)
print(first, fr.f_back, fr.f_code.co_name, fr.f_lineno)

module_seen = []
for step in range(3000):
    if step % 1000 == 0:
        top = sys._getframe()
        module_seen.append((top.f_locals["step"], top.f_code.co_name, top.f_back))
print(module_seen)

try:
    sys._getframe(10_000)
except ValueError as e:
    print("ValueError:", e)
# jit-compiles: keeps_its_frame, own_frame
