# Subclasses of tuple and list that define __iter__ are iterated through it
# everywhere an iterable is consumed (unpacking, list(), f(*t), ...), as
# platform.uname_result does; the exact types take their fast paths.
import platform


class T(tuple):
    def __iter__(self):
        yield from (1, 2, 3)


class L(list):
    def __iter__(self):
        return iter(["a", "b", "c"])


t = T((7, 8))
a, b, c = t
print(a, b, c)
x, *y = t
print(x, y)
print(list(t), tuple(t), sorted(t, reverse=True), [*t], (*t,), set(t) == {1, 2, 3})
print(min(t), max(t), sum(t), len(t), t[0], 7 in t, 3 in t)


def f(*args):
    return args


print(f(*t), f(*L([0])))
l = L([9])
p, q, r = l
print(p, q, r, list(l), [*l], len(l), l[0])
print(dict.fromkeys(t), [i for i in t])

# A subclass without __iter__ unpacks its items.
class Plain(tuple):
    pass

m, n = Plain((5, 6))
print(m, n, list(Plain((1, 2))))

u = platform.uname()
system, node, release, version, machine, processor = u
print(len(u), type(processor).__name__, system == u.system)
