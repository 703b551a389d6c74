# Instance attribute stores at a cached site: fresh instances (every store
# adds a key), keys of other types sharing a name's hash in __dict__,
# str subclasses as names, and classes made abstract by assignment after
# instances were created the fast way.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


ps = [P(i, -i) for i in range(50)]
print(sum(p.x for p in ps), sum(p.y for p in ps), vars(ps[7]))


class Key:
    """Hashes like the str 'x' and says it equals it."""

    calls = 0

    def __hash__(self):
        return hash("x")

    def __eq__(self, other):
        Key.calls += 1
        return other == "x"


def store(o, n):
    for i in range(n):
        o.x = i


q = P(1, 2)
store(q, 5)
q2 = P(1, 2)
del q2.x
q2.__dict__[Key()] = "weird"
store(q2, 3)
print(len(q2.__dict__), Key.calls > 0, sorted(str(k) for k in q2.__dict__ if isinstance(k, str)))


class Name(str):
    def __hash__(self):
        return hash(str(self))


r = P(0, 0)
setattr(r, Name("z"), 9)
print(r.z, [type(k).__name__ for k in vars(r)])


class A:
    def __init__(self):
        self.v = 1


for _ in range(3):
    print(A().v)
A.__abstractmethods__ = frozenset({"f"})
try:
    A()
except TypeError as e:
    print("TypeError:", e)
A.__abstractmethods__ = frozenset()
print(A().v)
del A.__abstractmethods__
for _ in range(3):
    print(A().v)


class B(A):
    pass


B.__abstractmethods__ = frozenset({"g", "h"})
for _ in range(2):
    try:
        B()
    except TypeError as e:
        print("TypeError:", e)
