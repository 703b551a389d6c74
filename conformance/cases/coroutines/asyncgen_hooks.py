# sys.set_asyncgen_hooks / get_asyncgen_hooks: the firstiter hook runs at an async
# generator's first step, the finalizer when it is collected unfinished.
import sys, gc
print(sys.get_asyncgen_hooks())
seen = []
def first(g): seen.append(('first', g.__name__))
def fin(g): seen.append(('fin', g.__name__))
sys.set_asyncgen_hooks(first, finalizer=fin)
h = sys.get_asyncgen_hooks()
print(h.firstiter is first, h.finalizer is fin, type(h).__name__, len(h))
async def agen():
    try:
        yield 1
        yield 2
    finally:
        pass
g = agen()
c = g.__anext__()
try:
    c.send(None)
except StopIteration as e:
    print("got", e.value)
del c, g
gc.collect()
print(seen)
try: sys.set_asyncgen_hooks(1)
except TypeError as e: print(e)
try: sys.set_asyncgen_hooks(finalizer=2)
except TypeError as e: print(e)
sys.set_asyncgen_hooks(None, None)
print(sys.get_asyncgen_hooks())
