# Object-heavy code compiled by the JIT's generic path: attributes, method
# calls, containers, strings, identity and membership tests, exceptions.
import traceback


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


def walk(n):
    p = Point(0, 0)
    seen = []
    for i in range(n):
        p = p.moved(i % 3, -1)
        if i % 250 == 0:
            seen.append(p)
    return p, seen


def classify(items):
    out = {}
    for it in items:
        if it is None:
            key = "none"
        elif it in ("a", "b"):
            key = "ab"
        else:
            key = type(it).__name__
        out[key] = out.get(key, 0) + 1
    return out


def build(n):
    s = ""
    parts = []
    for i in range(n):
        s = s + str(i % 10)
        parts.append(s[-1:])
    return len(s), "".join(parts[:12])


def fail_at(n, bad):
    total = 0
    for i in range(n):
        if i == bad:
            total = total + None
        total = total + i
    return total


def lookup(d, keys):
    found = 0
    for k in keys:
        try:
            found += d[k]
        except KeyError:
            found -= 1
    return found


for rep in range(3):
    p, seen = walk(1000)
print(p, seen)
print(classify([None, "a", 1, 2.5, "b", None, (1,), [2], "c"] * 200))
print(build(3000))
for bad in (5, 2000):
    try:
        fail_at(3000, bad)
    except TypeError as e:
        frames = [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]
        print("TypeError:", e, frames)
print(lookup({i: i for i in range(0, 100, 3)}, list(range(100)) * 20))
# jit-compiles: Point.__init__, Point.moved, build, classify, fail_at, lookup, walk
