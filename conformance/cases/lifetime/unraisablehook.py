import sys, gc
print(sys.__displayhook__ is sys.displayhook, sys.__unraisablehook__ is sys.unraisablehook, sys.__breakpointhook__ is sys.breakpointhook)
class D:
    def __del__(self):
        raise ValueError('in del')
seen = []
def hook(u):
    seen.append((u.exc_type.__name__, str(u.exc_value), u.err_msg, type(u.object).__name__, u.exc_traceback is not None))
sys.unraisablehook = hook
d = D(); del d
gc.collect()
print(seen)
sys.unraisablehook = sys.__unraisablehook__
d = D(); del d
gc.collect()
def bad(u): raise RuntimeError('hook failed')
sys.unraisablehook = bad
d = D(); del d
gc.collect()
sys.unraisablehook = sys.__unraisablehook__
import weakref
class O: pass
o = O()
def cb(r): raise KeyError('cb')
r = weakref.ref(o, cb)
del o
gc.collect()
calls = []
sys.breakpointhook = lambda *a, **k: calls.append((a, k))
breakpoint(1, x=2)
print(calls)
import os
os.environ['PYTHONBREAKPOINT'] = '0'
print(sys.__breakpointhook__())
os.environ['PYTHONBREAKPOINT'] = 'builtins.print'
sys.__breakpointhook__('via', 'print')
os.environ['PYTHONBREAKPOINT'] = 'nosuchmod.f'
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    sys.__breakpointhook__()
print([str(x.message) for x in w])
print(type(sys.displayhook).__name__)
