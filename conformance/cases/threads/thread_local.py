# threading.local / _thread._local: per-thread attribute values, subclasses
# whose __init__ runs once per thread, missing attributes in other threads,
# per-thread __dict__, __slots__, deletion, and the constructor errors.
# Error messages are printed without the leading type name: CPython's
# threading.local is the C type '_thread._local', egret uses the standard
# library's pure-Python _threading_local.local (named 'local').
import re
import threading


def text(e):
    return re.sub(r"^'[^']*' object", "object", str(e))


def attempt(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, text(e))


def in_thread(f, *args):
    box = []

    def run():
        try:
            box.append(f(*args))
        except Exception as e:
            box.append((type(e).__name__, text(e)))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box[0]


loc = threading.local()
loc.x = "main"
loc.y = [1]


def read_x():
    return getattr(loc, "x", "<absent>")


print("main x", loc.x)
print("thread x", in_thread(read_x))
print("thread AttributeError", in_thread(lambda: loc.x))
print("thread hasattr", in_thread(hasattr, loc, "y"))


# Each thread sets its own value; the main thread's stays put.
results = []
rlock = threading.Lock()
barrier = threading.Barrier(5)


def setter(i):
    loc.x = i
    barrier.wait()  # every thread has set its value before anyone reads
    with rlock:
        results.append((i, loc.x, sorted(loc.__dict__)))


threads = [threading.Thread(target=setter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("per thread", sorted(results))
print("main after", loc.x, sorted(loc.__dict__))

# __dict__ is per thread, and assigning to it is refused.
print("dict main", loc.__dict__)
print("dict thread", in_thread(lambda: loc.__dict__))
print("dict thread mutated", in_thread(lambda: (loc.__dict__.update(z=1), loc.z, loc.__dict__)[1:]))
print("dict main unchanged", loc.__dict__)
attempt("assign __dict__", setattr, loc, "__dict__", {})
attempt("delete __dict__", delattr, loc, "__dict__")

# Deleting attributes.
del loc.y
attempt("after del", getattr, loc, "y")
attempt("del missing", delattr, loc, "y")
print("thread del missing", in_thread(delattr, loc, "x"))
print("main x still", loc.x)

# Constructor arguments: refused for plain local, allowed for subclasses
# that define __init__.
attempt("local(1)", threading.local, 1)
attempt("local(a=1)", threading.local, a=1)


class Counted(threading.local):
    created = 0  # class attribute: shared by all threads

    def __init__(self, start, *, step=1):
        Counted.created += 1
        self.value = start
        self.step = step

    def bump(self):
        self.value += self.step
        return self.value


c = Counted(10, step=5)
print("main", c.value, c.bump(), c.bump(), "created", Counted.created)
print("thread", in_thread(lambda: (c.value, c.bump(), c.bump())), "created", Counted.created)
print("thread again (fresh thread, fresh init)", in_thread(lambda: c.value), "created", Counted.created)
print("main still", c.value, "created", Counted.created)


# __init__ runs lazily, on first access from each thread, once per thread.
calls = []


class Lazy(threading.local):
    def __init__(self, tag):
        calls.append(tag)
        self.tag = tag


lz = Lazy("t")
print("calls after create", calls)


def touch_twice():
    return (lz.tag, lz.tag, len(calls))


print("thread", in_thread(touch_twice), "calls", calls)


# __init__ raising in a thread surfaces there.
class Failing(threading.local):
    def __init__(self):
        if threading.current_thread() is not threading.main_thread():
            raise ValueError("no locals here")
        self.ok = True


f = Failing()
print("failing main", f.ok)
print("failing thread", in_thread(lambda: f.ok))


# __slots__ on a local subclass: the slots are shared across threads (they
# are not in the per-thread dict). (A subclass naming '__dict__' in its
# slots is left out: the C type allows it, the pure-Python one does not.)
class SlotsOnly(threading.local):
    __slots__ = ("a",)


so = SlotsOnly()
so.a = 1
print("slots only a", so.a, "thread sees", in_thread(lambda: getattr(so, "a", "<absent>")))
attempt("slots only other attr", setattr, so, "b", 2)


# Methods and properties of a subclass see the per-thread state.
class WithProp(threading.local):
    def __init__(self):
        self._v = threading.current_thread().name

    @property
    def v(self):
        return self._v


wp = WithProp()
print("prop", wp.v, in_thread(lambda: wp.v).split(" ")[0] != "MainThread")

# Many locals in many threads do not interfere.
locs = [threading.local() for _ in range(4)]
out = []


def many(i):
    for j, l in enumerate(locs):
        l.v = i * 10 + j
    barrier4.wait()
    with rlock:
        out.append(tuple(l.v for l in locs))


barrier4 = threading.Barrier(3)
threads = [threading.Thread(target=many, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("many", sorted(out))
print("main sees none", [hasattr(l, "v") for l in locs])
