# Classes derived from dict: __init__ takes what dict() takes, super()
# reaches dict's own __getitem__, fromkeys makes an instance of the class,
# and dict(x) / {**x} read a subclass through keys() when it overrides
# __iter__.
import collections


def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("->", type(r).__name__, r)


class D(dict):
    pass


show(lambda: D({1: 2}))
show(lambda: D([(1, 2), ("a", "b")], c=3))
show(lambda: D(["xy"]))
show(lambda: D([1]))
show(lambda: D([(1, 2, 3)]))
show(lambda: D(1, 2))
show(lambda: D(zip("ab", range(2))))
show(lambda: collections.defaultdict(int, {1: 2}))
show(lambda: collections.defaultdict(list, [(1, [2])], x=[3]))
show(lambda: collections.defaultdict(None, [(1, 2)], [3]))


class Logged(dict):
    def __setitem__(self, k, v):
        print("set", k, v)
        super().__setitem__(k, v)


show(lambda: Logged({"a": 1}, b=2))  # dict.__init__ does not call __setitem__
d = Logged()
d.__init__([("c", 3)])
print(d)

# super().__getitem__ and dict.__getitem__ from an override.


class Upper(dict):
    def __getitem__(self, k):
        return super().__getitem__(k.upper())


class WithMissing(dict):
    def __missing__(self, k):
        return "missing " + k

    def __getitem__(self, k):
        return dict.__getitem__(self, k) + "!"


u = Upper(A=1)
print(u["a"], u.get("a"), "a" in u)
show(lambda: u["b"])
w = WithMissing(a="x")
print(w["a"], w["zz"], dict.__getitem__(w, "q"))

# fromkeys on subclasses.


class Counting(dict):
    calls = 0

    def __setitem__(self, k, v):
        Counting.calls += 1
        super().__setitem__(k, v)


for cls in (dict, D, Counting, collections.defaultdict):
    r = cls.fromkeys("ab", 0)
    print(type(r).__name__, r)
print(Counting.calls)
show(lambda: D.fromkeys(3))
show(lambda: D.fromkeys())


# dict() of a dict whose class overrides __iter__ or keys().
class OwnIter(dict):
    def __iter__(self):
        return iter(["a"])

    def keys(self):
        return ["a"]

    def __getitem__(self, k):
        return "via getitem"


class OwnKeys(dict):
    def keys(self):
        return ["a"]


oi = OwnIter(a=1, b=2)
ok = OwnKeys(a=1, b=2)
print(dict(oi), {**oi}, dict(ok), {**ok})
x = {}
x.update(oi)
print(x)
