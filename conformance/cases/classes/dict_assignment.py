class A:
    def __init__(self): self.x = 1; self.y = 2
a = A()
b = A.__new__(A)
b.__dict__ = a.__dict__.copy()
print(b.x, b.__dict__)
b.z = 3
print(b.z, vars(b), vars(a))
b.__dict__ = {'q': 5}
print(vars(b), hasattr(b, 'x'))
def make(): return {'w': 1}
b.__dict__ = make()
print(b.w)
try:
    b.__dict__ = [1]
except TypeError as e:
    print(e)
class S:
    __slots__ = ('a',)
try:
    S().__dict__ = {}
except AttributeError as e:
    print(e)
class Borg:
    _shared = {}
    def __init__(self):
        self.__dict__ = self._shared
a, b = Borg(), Borg()
a.x = 1
print(b.x, a.__dict__ is b.__dict__ is Borg._shared)
class AttrDict(dict):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.__dict__ = self
d = AttrDict(p=1)
d.q = 2
print(d, d.p, d['q'], d.__dict__ is d)
class S:
    __slots__ = ('a', '__dict__')
s = S(); s.a = 1; s.z = 2
nd = {'w': 3}
s.__dict__ = nd
print(s.a, s.w, hasattr(s, 'z'), s.__dict__ is nd)
nd['v'] = 4
print(s.v)
import functools, pickle
p = functools.partial(print, 1, sep='-')
p.attr = 'x'
q = pickle.loads(pickle.dumps(p))
print(q.attr, q.args, q.keywords)
e = ValueError('m')
e.__dict__ = {'k': 1}
print(e.k)
for i in range(3000):
    o = Borg.__new__(Borg)
    o.__dict__ = {'i': i}
print(o.i)
