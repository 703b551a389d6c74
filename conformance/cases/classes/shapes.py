# Instance attributes kept by shape (hidden class) and in dict form:
# the same results whichever form an instance is in, and conversions at
# every point (__dict__ read, vars(), deletion, __dict__ assignment,
# non-str keys, many attributes, slots with and without __dict__).


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


def reads(ps):
    return [(p.x, p.y, p.norm()) for p in ps]


# Same shape, different orders, extra attributes.
a = P(1, 2)
b = P(3, 4)
b.z = 5
c = P.__new__(P)
c.y = 7
c.x = 6
print(reads([a, b, c, a, b, c]))
print(vars(a), vars(b), vars(c))
print(list(c.__dict__), list(b.__dict__))

# Reading __dict__ converts; later stores still show in it.
d = P(1, 1)
dd = d.__dict__
d.x = 10
d.w = 11
print(dd, d.x, d.w, reads([d]))
dd["x"] = 12
print(d.x, "x" in dd, hasattr(d, "w"))

# Deletion.
e = P(2, 3)
del e.x
print(hasattr(e, "x"), vars(e))
try:
    e.x
except AttributeError as exc:
    print("AttributeError:", exc)
e.x = 4
print(vars(e), reads([e]))
try:
    del e.nope
except AttributeError as exc:
    print("AttributeError:", exc)

# __dict__ assignment.
f = P(1, 2)
f.__dict__ = {"x": 100, "y": 200, "q": 1}
print(reads([f]), vars(f))
g = P(5, 6)
g.__dict__ = f.__dict__
g.x = -1
print(f.x, g.x, f.__dict__ is g.__dict__)

# Method shadowed by an instance attribute, then unshadowed.
h = P(1, 2)
print(h.norm())
h.norm = lambda: "instance"
print(h.norm())
del h.norm
print(h.norm())
i = P(1, 2)
for k in range(3):
    if k == 1:
        i.norm = lambda: "late"
    print(i.norm())

# setattr/getattr with computed and non-interned names.
j = P(0, 0)
name = "".join(["x"])
setattr(j, name, 42)
print(j.x, getattr(j, "".join(["y"])), vars(j))
for n in range(40):
    setattr(j, "a%d" % n, n)
print(len(vars(j)), j.a39, j.x, list(vars(j))[:4])


# __setattr__ / __getattr__ / __getattribute__ on the class.
class Logged(P):
    log = []

    def __setattr__(self, n, v):
        Logged.log.append(n)
        super().__setattr__(n, v)


class Fallback(P):
    def __getattr__(self, n):
        return "missing " + n


lg = Logged(1, 2)
lg.z = 3
print(Logged.log, vars(lg))
fb = Fallback(1, 2)
print(fb.x, fb.q, reads([fb]))

# Slots with and without __dict__.
class S:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class SD:
    __slots__ = ("x", "__dict__")

    def __init__(self, x):
        self.x = x
        self.extra = x + 1


s = S(1, 2)
print(s.x, s.y, hasattr(s, "__dict__"))
try:
    s.z = 3
except AttributeError as exc:
    print("AttributeError:", exc)
del s.y
print(hasattr(s, "y"))
s.y = 9
print(s.y)
sd = SD(5)
print(sd.x, sd.extra, vars(sd))
sd.more = 1
print(vars(sd), sd.x)

# Class attribute vs instance attribute, and class changes.
class C:
    v = "class"


cs = [C() for _ in range(3)]
cs[1].v = "instance"
print([x.v for x in cs])
C.v = "changed"
print([x.v for x in cs])
del cs[1].v
print([x.v for x in cs])


class D:
    pass


o = D()
o.a = 1
o.__class__ = C
print(o.a, o.v, type(o).__name__)

# Cycles through attributes are collected.
import gc
import weakref


class Node:
    pass


n1, n2 = Node(), Node()
n1.other, n2.other = n2, n1
r = weakref.ref(n1)
del n1, n2
gc.collect()
print(r() is None)

# Copies and pickles.
import copy
import pickle

q = P(3, 4)
q.extra = [1, 2]
q2 = copy.deepcopy(q)
q3 = pickle.loads(pickle.dumps(q))
print(vars(q2), vars(q3), q2.extra is q.extra, reads([q2, q3]))
