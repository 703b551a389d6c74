class MyInt(int): pass
m = MyInt(5)
print(m == 5, m < 6, hash(m) == hash(5), {m: 'a'}[5], {5: 'b'}[m], m * 2.0, -m, ~m, abs(m), int(m), type(int(m)).__name__)
print(str(m), f"{m:03d}", "%d" % m, format(m, 'x'), m.bit_length(), divmod(m, 2), m ** 2, 7 // m)
class L(list): pass
l = L("abc")
for x in l: print(x, end=" ")
print(list(l), l + [1], [0] + l, l * 2, l == ['a','b','c'], sorted(l, reverse=True), l[1:], type(l[1:]).__name__)
class D(dict): pass
d = D({'a': 1}); d['b'] = 2
print(list(d), list(d.items()), 'a' in d, d.get('c', 9), dict(d), {**d}, d == {'a': 1, 'b': 2}, type(d.copy()).__name__)
class S(str): pass
s = S("Hello")
print(s.lower(), s[1:], s * 2, "x" + s, s.split("l"), len(s), f"{s}", "%s!" % s, s in "Hello world", "ell" in s, type(s.upper()).__name__)
class T(tuple): pass
t = T([1, 2])
a, b = t
print(a, b, t + (3,), type(t + (3,)).__name__, t.count(1), t.index(2), repr(t))
class Named(tuple):
    __slots__ = ()
    def __repr__(self): return "Named" + super().__repr__()
print(Named((1, 2)), repr(Named([3])), str(Named([4])))
class Strish(str):
    def __str__(self): return "custom"
print(str(Strish("x")), Strish("x"), repr(Strish("x")))
class Cmp(int):
    def __eq__(self, o): return "eq"
    def __lt__(self, o): return "lt"
    __hash__ = int.__hash__ if hasattr(int, '__hash__') else None
print(Cmp(1) == 2, Cmp(1) < 2, 2 > Cmp(1))
class Lenny(dict):
    def __len__(self): return 0
print(bool(Lenny(a=1)), len(Lenny(a=1)))
class Keyed(dict):
    def __getitem__(self, k): return k.upper()
kd = Keyed()
print(kd['x'], kd.get('x', 'default'))
class Ba(bytes): pass
print(Ba(b"ab"), Ba(b"ab") + b"c", Ba([65]))
class Fl(float):
    def __repr__(self): return "Fl!"
print(Fl(2.0), [Fl(1)], Fl(2) * 3)
