# Values of different types meeting where control flow joins, inside
# compiled code: conditional expressions, boolean operators, loops.
def pick(flag, x):
    return (0.5 if flag else x) if x is not None else "none"


def tally(items):
    out = []
    for it in items:
        v = 1.5 if isinstance(it, str) else len(it) if isinstance(it, list) else it
        out.append(v)
    return out[-5:]


def chooser(n):
    total = 0
    for i in range(n):
        total += (i if i % 3 else 2.5) * (1 if i % 2 else -1)
    return total


def shortcut(xs):
    hits = 0
    for x in xs:
        if x and x > 2 or x == -1:
            hits += 1
        y = x or "empty"
        hits += len(str(y)) > 1
    return hits


for r in range(3):
    print([pick(i % 2, i) for i in range(6)], pick(1, None))
print(tally(["a", [1, 2], 3, 4.5, "bb"] * 300))
print(chooser(3000))
print(shortcut([0, 1, 2, 3, -1, None, 10] * 300))
# jit-compiles: chooser, shortcut, tally
