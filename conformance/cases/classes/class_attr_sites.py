# Reads of attributes on classes themselves (`C.name`, `C.method(...)`)
# and method calls on instances of builtin types and their subclasses, each
# at one site run many times while the classes and values change under it.


class Strength:
    REQUIRED = None

    def __init__(self, n):
        self.n = n

    @classmethod
    def stronger(cls, a, b):
        return (cls.__name__, a.n < b.n)

    @staticmethod
    def plain(x):
        return x * 2

    def method(self):
        return "method", self.n


Strength.REQUIRED = Strength(0)


def read_required(C):
    return C.REQUIRED


def call_stronger(C, a, b):
    return C.stronger(a, b)


def call_plain(C, x):
    return C.plain(x)


def read_method(C):
    return C.method


def read_stronger(C):
    return C.stronger


out = []
for i in range(30):
    r = read_required(Strength)
    out.append(r.n)
    if i == 10:
        Strength.REQUIRED = Strength(1)
    if i == 20:
        del Strength.REQUIRED
        try:
            read_required(Strength)
        except AttributeError as e:
            out.append(str(e))
        Strength.REQUIRED = Strength(2)
print(out)


class Sub(Strength):
    pass


a, b = Strength(1), Strength(2)
res = []
for C in [Strength, Sub, Strength, Sub]:
    for _ in range(3):
        res.append(call_stronger(C, a, b))
        res.append(call_plain(C, 5))
        res.append(read_stronger(C)(b, a))
        res.append(read_method(C)(a))
print(res)

# A classmethod replaced by a staticmethod and by a plain function.
res = []
for i in range(12):
    if i == 4:
        Strength.stronger = staticmethod(lambda a, b: ("static", a.n, b.n))
    if i == 8:
        Strength.stronger = lambda a, b: ("function", a.n, b.n)
    res.append(call_stronger(Strength, a, b))
print(res)


# A class attribute whose value's class gains a __get__ later.
class Value:
    pass


class Holder:
    v = Value()


def read_v():
    return Holder.v


res = []
for i in range(10):
    if i == 5:
        Value.__get__ = lambda self, inst, owner: ("got", inst, owner.__name__)
    r = read_v()
    res.append(r if isinstance(r, tuple) else type(r).__name__)
print(res)


# A class attribute whose value changes class (to one with a __get__).
class Getter:
    def __get__(self, inst, owner):
        return "descriptor result"


class Plain:
    pass


class Holder2:
    v = Plain()


def read_v2():
    return Holder2.v


res = []
for i in range(10):
    if i == 5:
        Holder2.__dict__["v"].__class__ = Getter
    r = read_v2()
    res.append(r if isinstance(r, str) else type(r).__name__)
print(res)


# A metaclass that gains __getattribute__ after the site has warmed up.
class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    x = "class x"


def read_x(C):
    return C.x


res = []
for i in range(10):
    if i == 5:
        Meta.__getattribute__ = lambda cls, name: "meta says " + name
    res.append(read_x(WithMeta))
print(res)


# A class whose metaclass is reassigned.
class Meta2(type):
    def __getattribute__(cls, name):
        return "meta2 says " + name


class M1(type):
    pass


class K(metaclass=M1):
    x = 1


res = []
for i in range(8):
    if i == 4:
        K.__class__ = Meta2
    res.append(read_x(K))
print(res)


# Methods of builtin types at one site; an instance of a list subclass
# that later gets an attribute shadowing the method.
class OrderedCollection(list):
    pass


def add(coll, x):
    coll.append(x)
    return len(coll)


res = []
plain = []
oc = OrderedCollection()
for i in range(10):
    res.append(add(plain, i))
    res.append(add(oc, i))
    if i == 5:
        oc.append = lambda x: res.append(("shadowed", x))
print(res, plain, list(oc))

# The same site, receivers of several builtin types with a method of the
# same name.
def count_of(seq, x):
    return seq.count(x)


res = []
for seq in [[1, 2, 1], (1, 1, 1), "a1b1", [1], (2,), b"\x01\x01"] * 3:
    try:
        res.append(count_of(seq, 1))
    except TypeError as e:
        res.append(type(e).__name__)
print(res)


# A builtin method replaced on a subclass after the site warmed up.
class L(list):
    pass


def pop_of(x):
    return x.pop()


res = []
for i in range(8):
    if i == 4:
        L.pop = lambda self: "overridden pop"
    res.append(pop_of(L([1, 2, 3])))
print(res)
class M(type): pass
class A: pass
try:
    A.__class__ = M
except TypeError as e: print(e)
try:
    int.__class__ = M
except TypeError as e: print(e)
class B(metaclass=M): pass
class N(type): pass
B.__class__ = N
print(type(B))
try:
    B.__class__ = int
except TypeError as e: print(e)
try:
    B.__class__ = 5
except TypeError as e: print(e)
