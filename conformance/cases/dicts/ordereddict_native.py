# collections.OrderedDict is the C (here: native) type: a dict subclass
# with order-aware methods, views, repr, comparison and pickling.
import collections
import collections.abc
import copy
import pickle
from collections import OrderedDict


def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("->", repr(r))


print(OrderedDict, OrderedDict.__name__, OrderedDict.__qualname__, OrderedDict.__module__)
print(OrderedDict.__mro__)
print(isinstance(OrderedDict(), dict), issubclass(OrderedDict, dict))
import _collections
print(_collections.OrderedDict is OrderedDict)

# Construction and update: mappings, pairs, keywords.
print(OrderedDict())
print(OrderedDict([("b", 1), ("a", 2)]))
print(OrderedDict({"b": 1, "a": 2}, c=3))
print(OrderedDict(OrderedDict(z=1, y=2)))
print(OrderedDict(self=1, other=2))
print(OrderedDict(["ab", "cd"]))
show(lambda: OrderedDict(1, 2))
show(lambda: OrderedDict([1]))
show(lambda: OrderedDict([(1,)]))
show(lambda: OrderedDict([()]))
show(lambda: OrderedDict([(1, 2, 3)]))
show(lambda: OrderedDict(1))
show(lambda: OrderedDict(None))
od = OrderedDict(a=1)
show(lambda: od.update(1, 2))
od.update([("b", 2)], c=3)
od.update({"d": 4})
od.update(OrderedDict(e=5))


class KeysOnly:
    def keys(self):
        return ["k1", "k2"]

    def __getitem__(self, k):
        return k.upper()


class ItemsOnly:
    def items(self):
        return [("i1", 1), ("i2", 2)]


od.update(KeysOnly())
od.update(ItemsOnly())
print(od)
print(len(od), "a" in od, od["b"], od.get("zz", "dflt"))

# Order-specific methods.
od = OrderedDict.fromkeys("abcde", 0)
od.move_to_end("b")
print(list(od))
od.move_to_end("d", last=False)
print(list(od))
od.move_to_end("d", False)
od.move_to_end("b", True)
print(list(od))
show(lambda: od.move_to_end("zz"))
show(lambda: OrderedDict().move_to_end("zz"))
show(lambda: od.move_to_end())
show(lambda: od.move_to_end("a", x=1))
show(lambda: od.move_to_end("a", key="a"))
show(lambda: od.move_to_end("a", True, 3))
print(od.popitem(), od.popitem(last=False), od.popitem(0), list(od))
show(lambda: OrderedDict().popitem())
show(lambda: OrderedDict().popitem(last=False))
show(lambda: od.popitem(1, 2))
show(lambda: od.popitem(x=1))
# Many moves (the table compacts itself) keep everything findable.
big = OrderedDict((i, i * i) for i in range(50))
for r in range(3):
    for i in range(0, 50, 3):
        big.move_to_end(i)
    for i in range(1, 50, 7):
        big.move_to_end(i, last=False)
print(list(big)[:12], sum(big.values()), all(big[i] == i * i for i in range(50)))
big[100] = 1
del big[0]
print(list(big)[-3:], len(big))

# reversed() and the views.
od = OrderedDict([("x", 1), ("y", 2), ("z", 3)])
print(list(reversed(od)), list(reversed(od.keys())), list(reversed(od.values())))
print(list(reversed(od.items())))
print(od.keys(), od.values(), od.items())
print(OrderedDict().keys(), OrderedDict().items())
print(type(od.keys()).__name__, type(od.values()).__name__, type(od.items()).__name__)
print(type(od.keys()).__mro__)
print(type(iter(od)).__name__, type(iter(od.items())).__name__, type(reversed(od.values())).__name__)
print(od.keys() == {"x", "y", "z"}, od.keys() & {"x", "q"}, "y" in od.keys(), ("z", 3) in od.items())
print(len(od.values()), list(od.items()), list(od.values()))
print(repr(od.keys().mapping))
print(isinstance(od.keys(), collections.abc.KeysView), isinstance(od.items(), collections.abc.ItemsView))

# Equality: order matters between two OrderedDicts only.
a = OrderedDict(a=1, b=2)
b = OrderedDict(b=2, a=1)
print(a == b, a != b, a == dict(b), dict(b) == a, a != dict(b), a == OrderedDict(a=1, b=2))
print(a == OrderedDict(a=1, b=3), a == OrderedDict(a=1), a.__eq__(3), a.__eq__({"a": 1, "b": 2}))
show(lambda: a < b)
show(lambda: a.__lt__(b))
show(lambda: hash(a))

# repr, including recursive ones and subclasses.
od = OrderedDict(a=1)
od["self"] = od
print(repr(od))
print(od.items())
print(str(OrderedDict(a=[1, 2])), repr(OrderedDict()))

# fromkeys, copy, setdefault, pop, clear.
print(OrderedDict.fromkeys("ab"), OrderedDict.fromkeys("ab", value=3), OrderedDict.fromkeys(iterable="xy"))
show(lambda: OrderedDict.fromkeys())
show(lambda: OrderedDict.fromkeys(3))
show(lambda: OrderedDict.fromkeys("a", 1, 2))
od = OrderedDict(b=1, a=2)
c = od.copy()
print(c, type(c).__name__, c is od, c == od)
print(od.setdefault("a", 9), od.setdefault("c", 3), od.setdefault("d"), od)
print(od.setdefault(key="e", default=5))
show(lambda: od.setdefault())
print(od.pop("a"), od.pop("zz", "dflt"), od.pop(key="b"), od.pop("c", default=0), od)
show(lambda: od.pop("zz"))
show(lambda: od.pop())
show(lambda: od.pop("a", 1, 2))
od.clear()
print(od, len(od))

# | and |=
print(OrderedDict(a=1) | {"b": 2}, {"b": 2} | OrderedDict(a=1), OrderedDict(a=1) | OrderedDict(a=3, c=4))
show(lambda: OrderedDict(a=1) | [("b", 2)])
show(lambda: [("b", 2)] | OrderedDict(a=1))
print(OrderedDict(a=1).__or__([("b", 2)]), OrderedDict(a=1).__ror__({"z": 2}))
od = OrderedDict(a=1)
alias = od
od |= [("b", 2)]
od |= {"c": 3}
print(od, od is alias)

# __reduce__, copy, deepcopy, pickle.
od = OrderedDict([("k", [1, 2]), ("j", 2)])
r = od.__reduce__()
print(r[0], r[1], r[2], r[3], list(r[4]))
od.attr = "x"
print(od.__reduce__()[2], vars(od))
c = copy.copy(od)
d = copy.deepcopy(od)
print(c, c.attr, c["k"] is od["k"], d, d["k"] is od["k"], d.attr)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    p = pickle.loads(pickle.dumps(od, proto))
    print(proto, p, type(p).__name__, list(p) == list(od), p.attr)

# Descriptor and argument errors.
show(lambda: OrderedDict.keys({}))
show(lambda: OrderedDict.move_to_end({}, "a"))
show(lambda: OrderedDict.__init__({}))
show(lambda: OrderedDict.__repr__({}))
show(lambda: OrderedDict.__iter__({}))
show(lambda: OrderedDict.__eq__({}, {}))
show(lambda: OrderedDict.update())
show(lambda: OrderedDict().keys(1))
show(lambda: OrderedDict().keys(x=1))
show(lambda: OrderedDict().copy(1))
show(lambda: OrderedDict().__reversed__(1))
show(lambda: OrderedDict[int, str])
v = OrderedDict(a=1).values()
show(lambda: type(v).__iter__(5))
show(lambda: type(v).__reversed__(5))
show(lambda: type(v).__reversed__(v, 1))
show(lambda: type(OrderedDict().items()).__iter__({}.items()))
show(lambda: list(type(OrderedDict().keys()).__reversed__(OrderedDict(x=1, y=2).keys())))
