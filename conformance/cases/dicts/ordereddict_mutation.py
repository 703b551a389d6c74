# Changing an OrderedDict while iterating over it: CPython's C OrderedDict
# reports "mutated" when keys were added, removed or moved (even at the same
# size) and "changed size" when only the size changed (clear()).
from collections import OrderedDict


def run(name, change, view=lambda od: od):
    od = OrderedDict.fromkeys("abc", 0)
    seen = []
    try:
        for x in view(od):
            seen.append(x)
            change(od, seen[-1] if isinstance(seen[-1], str) else "a")
    except RuntimeError as e:
        print(name, seen, "RuntimeError:", e)
    else:
        print(name, seen, "finished", list(od.items()))


run("add", lambda od, k: od.__setitem__(k + "x", 1))
run("add via update", lambda od, k: od.update({k + "y": 1}))
run("replace value", lambda od, k: od.__setitem__(k, 1))
run("delete", lambda od, k: od.__delitem__(k))
run("delete and add back", lambda od, k: (od.pop(k), od.__setitem__(k, 2)))
run("pop and add other", lambda od, k: (od.pop(k), od.__setitem__(k + "z", 2)))
run("popitem", lambda od, k: od.popitem())
run("popitem first", lambda od, k: od.popitem(last=False))
run("clear", lambda od, k: od.clear())
run("clear and refill", lambda od, k: (od.clear(), od.update(a=1, b=2, c=3)))
run("move current", lambda od, k: od.move_to_end(k))
run("move first to front", lambda od, k: od.move_to_end("a", last=False))
run("move last to end", lambda od, k: od.move_to_end("c"))
run("move other to front", lambda od, k: od.move_to_end("c", last=False))
run("setdefault existing", lambda od, k: od.setdefault("a", 5))
run("setdefault new", lambda od, k: od.setdefault("new", 5))
run("ior", lambda od, k: od.__ior__({"q": 1}))
run("keys view add", lambda od, k: od.__setitem__(k + "x", 1), lambda od: od.keys())
run("values view delete", lambda od, k: od.__delitem__("c"), lambda od: od.values())
run("items view move", lambda od, k: od.move_to_end("a"), lambda od: od.items())
run("items view value", lambda od, k: od.__setitem__("b", 7), lambda od: od.items())
run("reversed add", lambda od, k: od.__setitem__(k + "x", 1), reversed)
run("reversed clear", lambda od, k: od.clear(), reversed)
run("reversed keys move", lambda od, k: od.move_to_end("c", last=False), lambda od: reversed(od.keys()))

# The mutation error ends the iterator; the size error sticks.
od = OrderedDict.fromkeys("abc")
it = iter(od)
print(next(it))
od["z"] = 1
for i in range(3):
    try:
        print(next(it))
    except Exception as e:
        print(type(e).__name__, e)
od = OrderedDict.fromkeys("abc")
it = iter(od.items())
print(next(it))
od.clear()
for i in range(3):
    try:
        print(next(it))
    except Exception as e:
        print(type(e).__name__, e)
# An exhausted iterator stays exhausted; an iterator made on an empty
# OrderedDict ends at once even if keys were added since.
od = OrderedDict(a=1)
it = iter(od)
print(list(it))
od["b"] = 2
print(list(it))
od = OrderedDict()
it = iter(od)
od["a"] = 1
print(list(it))
# A mutation made before the first next() is caught too.
od = OrderedDict(a=1, b=2)
it = reversed(od)
od.move_to_end("a")
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)

# The loop from the bug report terminates.
od = OrderedDict.fromkeys("abc")
try:
    for k in od:
        od[k + "x"] = 1
except RuntimeError as e:
    print("RuntimeError:", e, len(od))

# Comparing the orders of two OrderedDicts follows their live keys: a key
# added by a key's __eq__ is seen (3.11 raises nothing here).
class Sneaky:
    def __init__(self, name, result):
        self.name, self.od, self.result = name, None, result

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        print("eq", self.name, getattr(other, "name", other))
        if self.od is not None:
            self.od["extra"] = 1
            self.od = None
        return self.result or isinstance(other, Sneaky) and self.name == other.name


for result in (False, True):
    k1, k2 = Sneaky("k1", result), Sneaky("k2", result)
    x = OrderedDict([(k1, 1), (k2, 2)])
    y = OrderedDict([(k2, 2), (k1, 1)])
    print(x == dict(y), dict(x) == y)
    k1.od = y
    print(x == y, len(y))


# A generator function and a hot loop (the JIT compiles these) see the same.
def gen(od):
    for k in od:
        yield k


def hot():
    total = 0
    for i in range(300):
        od = OrderedDict.fromkeys(range(5))
        try:
            for k in od:
                total += k
                if k == 3:
                    od[10 + i] = 0
        except RuntimeError:
            total += 100
    return total


od = OrderedDict.fromkeys("ab")
g = gen(od)
print(next(g))
od.move_to_end("a")
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e)
print(hot())
