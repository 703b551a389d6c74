# The cycle collector: gc.collect() frees unreachable cycles and runs their
# finalizers once; weak references to them die.
import gc
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

    def __del__(self):
        print("  __del__", self.name)


print("two nodes in a cycle")
a = Node("a")
b = Node("b")
a.peer = b
b.peer = a
del a, b
print("  nothing freed yet")
print("  collected something:", gc.collect() > 0)

print("a list that contains itself")
lst = []
lst.append(lst)
r = weakref.ref(Node("holder"))  # dies at once: no cycle
del lst
print("  collected:", gc.collect() > 0)

print("cycle through a closure")


def make_closure():
    n = Node("closure")

    def f():
        return n
    n.f = f
    return weakref.ref(n)


wr = make_closure()
print("  alive before collect:", wr() is not None)
gc.collect()
print("  alive after collect:", wr() is not None)

print("a reachable cycle survives")
keep = Node("kept")
keep.peer = keep
gc.collect()
print("  still there:", keep.name)

print("resurrection in __del__")
saved = []


class Saver:
    def __del__(self):
        print("  Saver.__del__")
        saved.append(self)


s = Saver()
s.me = s
del s
gc.collect()
print("  resurrected:", len(saved), gc.is_finalized(saved[0]))
saved.clear()
gc.collect()
print("  collected again without a second __del__")

print("a generator suspended in try, in a cycle")


def gen():
    try:
        yield 1
    finally:
        print("  generator finally")


holder = [gen()]
next(holder[0])
holder.append(holder)
del holder
gc.collect()

print("interface")
print(gc.isenabled(), gc.get_threshold())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked({}),
      gc.is_tracked({"k": []}), gc.is_tracked(Node("t")))
print(type(gc.get_objects()).__name__, type(gc.get_stats()).__name__, len(gc.get_stats()))
x = [1, 2]
holder2 = {"x": x}
print(any(o is holder2 for o in gc.get_referrers(x)))
print(gc.get_referents([x])[0] is x)
try:
    gc.collect(5)
except ValueError as e:
    print("ValueError:", e)
print("done")
