# Attribute reads and stores at one site whose instances keep their
# attributes in different orders, slots read and stored through a site
# (deleted, aliased under another name, shadowed later), and classes
# changed while a site has cached them.


class P:
    pass


def make(order):
    p = P()
    for name in order:
        setattr(p, name, name.upper())
    return p


def read_x(o):
    return o.x


def store_x(o, v):
    o.x = v


objs = [make("xyz"), make("zyx"), make("yx"), make("x"), make("abcx")]
for _ in range(3):
    print([read_x(o) for o in objs])
for i, o in enumerate(objs):
    store_x(o, i)
print([read_x(o) for o in objs], [sorted(vars(o)) for o in objs])

# An attribute deleted and added back lands at the end of the dict.
o = make("xyz")
for _ in range(3):
    read_x(o)
del o.x
try:
    read_x(o)
except AttributeError as e:
    print("AttributeError", e)
o.x = "again"
print(read_x(o), list(vars(o)))
store_x(o, "stored")
print(list(vars(o).items()))

# The same name as a key that is an equal but distinct str.
q = P()
q.__dict__["".join(["x"])] = "equal key"
print(read_x(q))
store_x(q, "replaced")
print(vars(q))

# __dict__ replaced under a cached site.
o = make("x")
read_x(o)
o.__dict__ = {"y": 1, "x": "new dict"}
print(read_x(o))
store_x(o, "into new dict")
print(o.__dict__)


# Slots.
class S:
    __slots__ = ("a", "b", "x")


def read_a(o):
    return o.a


def store_a(o, v):
    o.a = v


s = S()
for i in range(5):
    store_a(s, i)
    s.x = i * 10
print(read_a(s), s.x)
del s.a
try:
    read_a(s)
except AttributeError as e:
    print("AttributeError", e)
store_a(s, "back")
print(read_a(s), s.x)
t = S()
try:
    read_a(t)
except AttributeError as e:
    print("AttributeError", e)
t.b = 1
store_a(t, "t")
print(read_a(t), read_a(s))


# A slot descriptor under another name reads the slot it stands for.
class Alias:
    __slots__ = ("real",)


Alias.a = Alias.__dict__["real"]
al = Alias()
al.real = "real value"
print(read_a(al))
store_a(al, "via alias")
print(al.real)


# A slotted class with a __dict__ too.
class SD:
    __slots__ = ("a", "__dict__")


sd = SD()
store_a(sd, 1)
sd.x = 2
print(read_a(sd), read_x(sd), sd.__dict__)
store_x(sd, 3)
print(sd.__dict__, read_a(sd))


# A property added to the class after sites cached it.
class C:
    pass


c = C()
c.x = 1
c.a = 2
for _ in range(3):
    read_x(c)
    read_a(c)
    store_x(c, 5)
C.x = property(lambda self: "property", lambda self, v: print("setter", v))
print(read_x(c))
store_x(c, 7)
print(c.__dict__)


# __setattr__ and __getattribute__ added to a class while sites cache it.
class D:
    pass


d = D()
for i in range(3):
    store_x(d, i)
    read_x(d)


def setattr_hook(self, name, v):
    print("__setattr__", name, v)
    object.__setattr__(self, name, v * 2)


D.__setattr__ = setattr_hook
store_x(d, 21)
print(read_x(d))
D.__getattribute__ = lambda self, name: "getattribute " + name
print(read_x(d))
del D.__getattribute__
del D.__setattr__
store_x(d, 1)
print(read_x(d))


# A subclass adding slots over a dict-based base.
class Base:
    pass


class Sub(Base):
    __slots__ = ("x",)


b = Base()
store_x(b, "base")
sub = Sub()
store_x(sub, "sub slot")
print(read_x(b), read_x(sub), vars(b), vars(sub))
