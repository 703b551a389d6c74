# Python subclasses of the native OrderedDict: overridden special methods
# are honoured by the methods that CPython's C OrderedDict routes through
# them (update, __init__, setdefault, copy, fromkeys, |), and not by those
# that work on the table directly (pop, popitem, move_to_end).
from collections import OrderedDict
import copy
import pickle

log = []


class Logged(OrderedDict):
    def __setitem__(self, key, value):
        log.append(("set", key, value))
        super().__setitem__(key, value)

    def __getitem__(self, key):
        log.append(("get", key))
        return super().__getitem__(key)

    def __delitem__(self, key):
        log.append(("del", key))
        super().__delitem__(key)

    def __contains__(self, key):
        log.append(("contains", key))
        return super().__contains__(key)


def flush(label):
    print(label, log)
    log.clear()


d = Logged([("a", 1)], b=2)
flush("init")
print(d, type(d).__name__, isinstance(d, OrderedDict), isinstance(d, dict))
d.update({"c": 3}, d=4)
flush("update")
d["e"] = 5
flush("setitem")
print(d.setdefault("a", 0), d.setdefault("z", 26))
flush("setdefault")
c = d.copy()
flush("copy")
print(type(c).__name__, c)
print(d.pop("z"), d.popitem(), d.popitem(last=False))
flush("pop/popitem")
d.move_to_end("b", last=False)
flush("move_to_end")
print(Logged.fromkeys("xy", 0))
flush("fromkeys")
print(d | {"q": 1}, type(d | {"q": 1}).__name__)
flush("or")
print({"q": 1} | d, type({"q": 1} | d).__name__)
flush("ror")
d |= {"r": 2}
flush("ior")
print(repr(d), list(d), list(reversed(d)))
flush("repr")
del d["r"]
flush("delitem")
print(d == OrderedDict(d), d == Logged(reversed(list(d.items()))))
flush("eq")


class Rev(OrderedDict):
    """Overrides that the base's repr and copy use."""

    def items(self):
        return reversed(list(super().items()))

    def __iter__(self):
        return iter(["only"])


r = Rev(a=1, b=2)
print(repr(r), list(r), r.copy())
print(dict.__repr__(r))


class WithMissing(OrderedDict):
    def __missing__(self, key):
        return key * 2


w = WithMissing(a=1)
print(w["a"], w["zz"], "zz" in w)


class Slotted(OrderedDict):
    __slots__ = ("x",)


s = Slotted(a=1)
s.x = 5
print(s, s.x, s.__reduce__()[:4][:2])


class Named(OrderedDict):
    pass


n = Named(k=1)
n.extra = "e"
n2 = pickle.loads(pickle.dumps(n))
print(n2, type(n2).__name__, n2.extra, copy.deepcopy(n), copy.copy(n).extra)
print(Named.__mro__)
try:
    hash(n)
except TypeError as e:
    print(e)


class InitOverride(OrderedDict):
    def __init__(self, *args, **kwargs):
        self.inits = getattr(self, "inits", 0) + 1
        super().__init__(*args, **kwargs)


i = InitOverride(a=1)
i.__init__(b=2)
print(i, i.inits)


class ReprOverride(OrderedDict):
    def __repr__(self):
        return "RO" + super().__repr__()


print(repr(ReprOverride(a=1)), str(ReprOverride()))
