class MyInt(int):
    def double(self):
        return self * 2
a = MyInt(21)
print(a, a.double(), type(a).__name__, a + 1, isinstance(a, int), repr(a))
a.tag = "x"
print(a.tag, a.__dict__)

class Pt(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self): return self[0]
p = Pt(3, 4)
print(p, p.x, len(p), p[1], type(p).__name__, p == (3, 4), hash(p) == hash((3, 4)))

class L(list):
    def total(self): return sum(self)
l = L([1, 2, 3])
l.append(4)
print(l, l.total(), len(l), l[0], type(l).__name__)

class D(dict):
    def __missing__(self, k):
        return k * 2
d = D(a=1)
print(d['a'], d['zz'], d, len(d))

class S(str):
    def shout(self): return self.upper() + "!"
s = S("hi")
print(s, s.shout(), s + "x", s == "hi", {s: 1}["hi"], repr(s))

class F(float): pass
print(F(1.5) + 1, F("2.5"))

class OverL(list):
    def __getitem__(self, i):
        return "over" + str(i)
    def __len__(self):
        return 99
o = OverL([1])
print(o[0], len(o), bool(o))

class AddInt(int):
    def __add__(self, other):
        return "added"
print(AddInt(1) + 2, 2 + AddInt(1))

class Cnt(dict):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.extra = 1
c = Cnt({'q': 1}, w=2)
print(c, c.extra, sorted(c))
class E(Exception): pass
try:
    class Bad(bool): pass
except TypeError as e:
    print(e)
class FS(frozenset): pass
print(FS([1,2]) == frozenset([1,2]), len(FS("abc")))
class SetSub(set): pass
ss = SetSub([1, 2, 2]); ss.add(5); print(sorted(ss), len(ss))
print(int.__new__(MyInt, 7), type(int.__new__(MyInt, 7)).__name__)
print(tuple.__new__(tuple, [1, 2]))
