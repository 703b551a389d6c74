# __slots__: fixed attributes, no __dict__ unless asked for, errors, copying.
class A:
    __slots__ = ('x', 'y')
a = A(); a.x = 1
try:
    a.z = 2
except AttributeError as e: print(e)
try:
    a.y
except AttributeError as e: print(e)
print(hasattr(a, '__dict__'), a.x, A.x, type(A.x).__name__)
try: vars(a)
except TypeError as e: print(e)
del a.x
try: del a.x
except AttributeError as e: print(e)
class B(A): pass
b = B(); b.x = 5; b.q = 6
print(b.__dict__, b.x, vars(b))
class C(A):
    __slots__ = ('__dict__', '__priv')
    def setp(self): self.__priv = 3; return self.__priv
c = C(); c.w = 1; print(c.__dict__, c.setp(), C.__slots__, sorted(k for k in C.__dict__ if not k.startswith('__')))
try:
    class D:
        __slots__ = 'x'
        x = 1
except ValueError as e: print(e)
try:
    class E(int): __slots__ = ('a',)
except TypeError as e: print(e)
class F(int): __slots__ = ()
print(F(3) + 1, hasattr(F(3), '__dict__'))
try:
    class G: __slots__ = (1,)
except TypeError as e: print(e)
try:
    class H: __slots__ = ('a b',)
except TypeError as e: print(e)
class P: __slots__ = ('a',)
class Q: __slots__ = ('b',)
try:
    class R(P, Q): pass
except TypeError as e: print(e)
class S: __slots__ = ()
class T(S, P): pass
t = T(); t.a = 1; t.other = 2; print(t.a, t.other)
print(A.__slots__, A.x.__name__, A.x.__objclass__)
class U:
    __slots__ = ['a']
    def __init__(self): self.a = 10
print(U().a)
import copy
class V:
    __slots__ = ('p', 'q')
    def __init__(self, p, q): self.p, self.q = p, q
v2 = copy.copy(V(1, 2)); print(v2.p, v2.q)
