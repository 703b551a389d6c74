# Assorted class-model and language details checked against CPython.
class A: pass
class B(A): pass
try:
    class C(A, B): pass
except TypeError as e: print(e)
class D:
    def __set_name__(self, owner, name): print("set_name", owner.__name__, name)
    def __get__(self, obj, objtype=None): return 42 if obj else self
class E:
    d = D()
print(E().d)
def f(a, b, /, c, *, d): return a, b, c, d
try: f(1, b=2, c=3, d=4)
except TypeError as e: print(e)
try: f(1, 2, 3, 4)
except TypeError as e: print(e)
try: f(1, 2, 3)
except TypeError as e: print(e)
try: f(1, 2, c=3, d=4, e=5)
except TypeError as e: print(e)
g = {}
exec("x = 1\ny = x + 1", g)
print(g["y"], eval("x * 10", g), eval("z", {"z": 5}, {"z": 6}))
l = {}
exec("a = 5", None, l)
print(l)
def h():
    x = 1
    return sorted(locals())
print(h())
print(sorted(vars(E).keys())[:3])
class M(type):
    def __call__(cls, *a): print("meta call"); return super().__call__(*a)
class N(metaclass=M): pass
N()
class O:
    def __getattr__(self, n): return n.upper()
print(O().foo)
class P:
    def __getitem__(self, i):
        if i > 2: raise IndexError
        return i
print(list(P()), 1 in P())
print((n := 5) + n)
a, *b, c = range(5); print(a, b, c)
print([*range(2), *"ab"], {**{"a": 1}, "b": 2})
import weakref
class V: pass
wd = weakref.WeakValueDictionary()
v = V(); wd["k"] = v; print(len(wd)); del v; print(len(wd))
class Q:
    def __eq__(self, o): return True
print(Q.__hash__)
try: hash(Q())
except TypeError as e: print(e)
class R:
    def __index__(self): return 3
print([1,2,3,4][R()], bin(R()))
print(format(E(), "").startswith("<__main__.E object at"), f"{3.14159:.2f}")
def outer():
    x = 1
    def inner():
        nonlocal x
        x += 1
        return x
    return inner()
print(outer())
try:
    raise ValueError("a") from KeyError("b")
except ValueError as e:
    print(repr(e.__cause__), e.__suppress_context__)
def fin():
    try:
        return 1
    finally:
        print("finally")
print(fin())
def fin2():
    for i in range(3):
        try:
            continue
        finally:
            print("f", i)
fin2()
import sys
try:
    1/0
except ZeroDivisionError:
    print(sys.exc_info()[0].__name__)
print(sys.exc_info())

class E2: pass
class F2(E2): pass
class X2(Exception): pass
class L2(list): pass
class S2: __slots__ = ('a',)
class S3: __slots__ = ('a', '__dict__')
class G2(S2): pass
for c in (E2, F2, X2, L2, S2, S3, G2):
    print(c.__name__, list(c.__dict__))
print(E2.__dict__['__dict__'], E2().__weakref__, E2.__qualname__)
def factory():
    class Local:
        pass
    return Local
Local = factory()
print(Local.__qualname__, Local.__name__, repr(Local).split("'")[1])
Local.__qualname__ = "Renamed"
print(Local.__qualname__, "__qualname__" in Local.__dict__)
try:
    Local.__qualname__ = 5
except TypeError as e:
    print(e)
class H:
    def __eq__(self, o): return NotImplemented
    def __hash__(self): return 7
class I(H):
    def __eq__(self, o): return False
print(hash(H()), I.__hash__)
