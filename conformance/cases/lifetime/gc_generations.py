# The cycle collector's generations: thresholds, counts, collecting one
# generation, promotion of survivors, freeze, untracked tuples, and
# collections started from finalizers.
import gc

print(gc.get_threshold())
gc.set_threshold(500, 5, 5)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)

gc.collect()
print(gc.get_count())


def in_generation(obj, g):
    return any(o is obj for o in gc.get_objects(g))


x = [1, 2]
print("young", in_generation(x, 0), in_generation(x, 1), in_generation(x, 2))
gc.collect(0)
print("after collect(0)", in_generation(x, 0), in_generation(x, 1))
gc.collect(1)
print("after collect(1)", in_generation(x, 1), in_generation(x, 2))
gc.collect()
print("after collect()", in_generation(x, 2))

# Counts: the first counts containers made, the next ones collections.
gc.disable()
gc.collect()
before = gc.get_count()
made = [[] for _ in range(50)]
after = gc.get_count()
print(after[0] - before[0] >= 50, after[1:] == before[1:])
gc.collect(0)
print(gc.get_count()[0], gc.get_count()[1] >= 1)
gc.enable()

# A cycle in the youngest generation is found by collecting it alone.
class Node:
    pass

a = Node(); b = Node()
a.other = b; b.other = a
del a, b
print("young cycle collected", gc.collect(0) >= 2)

# A cycle that reached the oldest generation is left by young
# collections and found by a full one.
c = Node(); c.me = c
gc.collect()
del c
print("old cycle by collect(0)", gc.collect(0))
print("old cycle by collect()", gc.collect() >= 1)

# Tuples of non-containers stop being tracked once they survive a
# collection; tuples holding containers stay tracked.
t1 = tuple([1, "a", 2.5])
t2 = tuple([1, [2]])
print(gc.is_tracked(t1), gc.is_tracked(t2))
gc.collect()
print(gc.is_tracked(t1), gc.is_tracked(t2))
print(sorted(gc.get_referents(t1), key=repr))

# Statistics per generation.
s = gc.get_stats()
print(len(s), sorted(s[0]), all(g["collections"] > 0 for g in s))

# freeze moves everything to a permanent generation collections ignore.
gc.collect()
gc.freeze()
print("frozen", gc.get_freeze_count() > 0, len(gc.get_objects(2)))
d = Node(); d.me = d
e = Node(); e.me = e
gc.collect()  # d, e are young: collected normally later
gc.unfreeze()
print("unfrozen", gc.get_freeze_count())
del d, e
print("collected after unfreeze", gc.collect() >= 2)

# gc.collect() inside __del__ during a collection returns 0 and does not
# disturb the running one; the finalizer's object is freed afterwards.
log = []
class Collects:
    def __del__(self):
        log.append(("inner", gc.collect()))

f = Collects(); f.me = f
del f
n = gc.collect()
print(log, n >= 1)

# A finalizer that resurrects its object: the object is kept, once.
saved = []
class Phoenix:
    def __del__(self):
        saved.append(self)

p = Phoenix(); p.me = p
del p
gc.collect()
print(len(saved), type(saved[0]).__name__)
saved[0].me = None
saved.clear()
print(gc.collect())

# Generation arguments.
for f in (gc.collect, gc.get_objects):
    for g in (-1, 3, 5, "x", None, -2):
        try:
            r = f(g)
            print(f.__name__, g, "ok", type(r).__name__)
        except (TypeError, ValueError) as exc:
            print(f.__name__, g, type(exc).__name__, exc)
