# Cycles through instances' attribute dicts: kept only by the instance,
# handed out with __dict__ or vars(), replaced by assignment, shared by
# two instances; the collector frees what is unreachable and keeps the rest.
import gc
import weakref


class Node:
    pass


def cycle_collected(make):
    gc.collect()
    obj = make()
    ref = weakref.ref(obj)
    del obj
    gc.collect()
    return ref() is None


def self_loop():
    n = Node()
    n.me = n
    return n


def through_list():
    n = Node()
    n.items = [1, n]
    return n


def escaped_dict():
    n = Node()
    d = n.__dict__
    d["me"] = n
    return n


def vars_dict():
    n = Node()
    vars(n)["me"] = n
    return n


def assigned_dict():
    n = Node()
    n.__dict__ = {"me": n}
    return n


def two_nodes():
    a, b = Node(), Node()
    a.b = b
    b.a = a
    return a


def dict_in_own_dict():
    n = Node()
    n.d = n.__dict__
    return n


for make in (self_loop, through_list, escaped_dict, vars_dict, assigned_dict,
             two_nodes, dict_in_own_dict):
    print(make.__name__, cycle_collected(make))

# A dict kept alive by a variable keeps what it holds, even when its
# instance is garbage.
n = Node()
n.me = n
n.payload = [1, 2, 3]
d = n.__dict__
del n
gc.collect()
print(d["payload"], d["me"].payload is d["payload"], d["me"].me is d["me"])
del d
print(gc.collect() > 0)

# The same with the dict reached only through a list held outside.
n = Node()
n.me = n
n.data = {"k": [4, 5]}
holder = [n.__dict__]
del n
gc.collect()
print(holder[0]["data"], holder[0]["me"].data is holder[0]["data"])

# Two instances sharing one dict.
a, b = Node(), Node()
b.__dict__ = a.__dict__
a.x = [a, b]
wa, wb = weakref.ref(a), weakref.ref(b)
del a, b
gc.collect()
print(wa() is None, wb() is None)

# Finalizers of instances in a cycle run once, then the cycle is freed.
log = []


class Final:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        log.append(self.name)


x, y = Final("x"), Final("y")
x.other, y.other = y, x
del x, y
gc.collect()
print(sorted(log))

# Instances made in bulk: survivors stay intact across many collections.
keep = []
for i in range(20000):
    o = Node()
    o.i = i
    o.pair = (i, [i])
    keep.append(o)
    if i % 3 == 0:
        o.me = o
gc.collect()
print(sum(o.i for o in keep), sum(o.pair[1][0] for o in keep))
print(all(o.me is o for o in keep[::3]))
del keep, o
print(gc.collect() >= 6667)
