# Containers, f-strings, slices and keyword calls built inside compiled code.
def shapes(n):
    out = []
    for i in range(n):
        d = {"i": i, "sq": i * i}
        s = {i % 3, i % 5}
        name = f"item-{i:04d}-{d['sq']!r:>8}"
        out.append((d, sorted(s), name[:10], name[-3:], name[::2][:4]))
    return out[-2:]


def squares(xs):
    return [x * x for x in xs if x % 2], {x: str(x) for x in xs[:4]}, {x % 4 for x in xs}


def kw(a, b=2, *, c=3):
    return a + b * c


def use_kw(n):
    t = 0
    for i in range(n):
        t += kw(i, c=2) + kw(a=1, b=i) + kw(i, b=1, c=i)
    return t


def sort_words(words):
    return sorted(words, key=len, reverse=True)[:3]


for r in range(3):
    print(shapes(1000))
print(squares(list(range(20))))
print(use_kw(2000))
print(sort_words(["pear", "fig", "banana", "kiwi", "cherry"] * 50))
try:
    {[]: 1}
except TypeError as e:
    print("TypeError:", e)
def bad_key(n):
    for i in range(n):
        d = {i: [i]}
        if i == n - 1:
            d = {d[i]: 0}
    return d
try:
    bad_key(1500)
except TypeError as e:
    print("TypeError:", e)
# jit-compiles: bad_key, shapes, use_kw
