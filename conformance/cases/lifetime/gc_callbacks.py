# gc.callbacks: called with "start" and "stop" around each collection, with
# the generation and what was collected; a callback's exception is
# reported and the collection goes on; callbacks may change the list.
import gc

# Only the collections asked for below (no automatic ones in between).
gc.disable()
events = []


def record(phase, info):
    events.append((phase, info["generation"], sorted(info)))


gc.collect()
gc.callbacks.append(record)


class Node:
    pass


def make_cycle():
    a, b = Node(), Node()
    a.other, b.other = b, a


make_cycle()
n = gc.collect()
print(events)
print(n > 0)
events.clear()

# The stop phase reports the number collected.
stops = []
gc.callbacks.append(lambda phase, info: stops.append(info["collected"]) if phase == "stop" else None)
make_cycle()
found = gc.collect()
print(stops == [found], found > 0)
gc.callbacks.pop()

# A generation given to gc.collect reaches the callbacks.
events.clear()
gc.collect(0)
gc.collect(1)
print([e[:2] for e in events])


# An exception in a callback is reported as unraisable; others still run.
def bad(phase, info):
    raise ValueError("bad callback " + phase)


import sys
reports = []
sys.unraisablehook = lambda u: reports.append((type(u.exc_value).__name__, str(u.exc_value), u.object is bad))
gc.callbacks.insert(0, bad)
events.clear()
gc.collect()
print(reports)
print([e[:2] for e in events])
gc.callbacks.remove(bad)


# A callback that removes itself: the current collection still calls the
# callbacks it started with.
def once(phase, info):
    events.append(("once", phase))
    if once in gc.callbacks:
        gc.callbacks.remove(once)


events.clear()
gc.callbacks.append(once)
gc.collect()
gc.collect()
print(events)

# A collection started from a callback does nothing.
inner = []


def nested(phase, info):
    if phase == "start":
        inner.append(gc.collect())


gc.callbacks.append(nested)
gc.collect()
gc.callbacks.remove(nested)
print(inner)
gc.callbacks.clear()
