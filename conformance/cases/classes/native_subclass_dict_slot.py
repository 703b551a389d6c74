# __slots__ with __dict__ on classes derived from native types, and native
# types whose instances have no __dict__.
from collections import deque
class D(deque):
    __slots__ = ('x', '__dict__')
d = D([1, 2])
d.x = 1
d.y = 2
print(d, d.x, d.y, d.__dict__)
class L(list):
    __slots__ = ()
try:
    L().x = 1
except AttributeError as e:
    print("AttributeError", e)
class M(list):
    __slots__ = ('a',)
m = M([5])
m.a = 1
print(m, m.a)
try:
    m.b = 1
except AttributeError as e:
    print("AttributeError", e)
try:
    deque().x = 1
except AttributeError:
    print("deque instances have no __dict__")
