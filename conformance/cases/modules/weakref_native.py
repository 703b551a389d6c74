import _weakref
class Obj:
    def __init__(self, n): self.n = n
    def hello(self): return "hi " + str(self.n)
o = Obj(1)
r = _weakref.ref(o)
print(r() is o, r().n, _weakref.getweakrefcount(o), r is _weakref.ref(o))
def cb(ref):
    print("callback, dead:", ref() is None)
r2 = _weakref.ref(o, cb)
print(_weakref.getweakrefcount(o), r2.__callback__ is cb)
p = _weakref.proxy(o)
print(p.n, p.hello())
p.n = 5
print(o.n)
del o
print("after del", r(), r2())
try:
    p.n
except ReferenceError as e:
    print("ReferenceError:", e)
try:
    _weakref.ref(3)
except TypeError as e:
    print(e)
d = {}
class K(_weakref.ref):
    def __new__(cls, ob, callback, key):
        self = super().__new__(cls, ob, callback)
        self.key = key
        return self
    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)
o2 = Obj(2)
k = K(o2, lambda r: print("keyed gone", r.key), "thekey")
print(k.key, k().n, type(k).__name__, isinstance(k, _weakref.ref))
o2 = None
print(len([1]))
def f(): pass
rf = _weakref.ref(f)
print(rf() is f, hash(rf) == hash(f))
