# Functions called with some parameters left to their defaults, and with
# keyword-only parameters, run compiled with the defaults filled in.
def scale(x, k=2, offset=0.5):
    return x * k + offset


def window(items, start=0, *, size=3, fill=None):
    out = items[start:start + size]
    while len(out) < size:
        out.append(fill)
    return out


def mutable_default(v, acc=[]):
    acc.append(v)
    return len(acc)


total = 0.0
for i in range(3000):
    total += scale(i) + scale(i, 3) + scale(i, 1, 0)
print(total)
rows = []
for i in range(1500):
    rows.append(window([1, 2, 3, 4], i % 5))
print(rows[:6])
print(window([1], size=4, fill="-"), window([9, 8], 1))
for i in range(1200):
    n = mutable_default(i)
print(n)
try:
    scale()
except TypeError as e:
    print("TypeError:", e)
scale.__defaults__ = (10, 1)
print(scale(1), scale(1, 2))
window.__kwdefaults__ = {"size": 2, "fill": 0}
print(window([5, 6, 7]))
window.__kwdefaults__ = None
try:
    window([5])
except TypeError as e:
    print("TypeError:", e)
for attr, bad in (("__defaults__", [1]), ("__kwdefaults__", [1])):
    try:
        setattr(scale, attr, bad)
    except TypeError as e:
        print("TypeError:", e)
# jit-compiles: <module>, scale
