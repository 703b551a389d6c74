# A class call runs the class's current __init__ and __new__, however
# often it was called before: methods replaced, added and deleted on the
# class and on its bases, between calls from the same place.


class Base:
    def __init__(self, x):
        self.x = ("base", x)


class C(Base):
    def __init__(self, x):
        self.x = ("C", x)


def make(cls, x):
    return cls(x)


for i in range(3):
    print(make(C, i).x)


def other_init(self, x):
    self.x = ("replaced", x)


C.__init__ = other_init
print(make(C, 3).x)
del C.__init__
print(make(C, 4).x)
Base.__init__ = lambda self, x: setattr(self, "x", ("lambda", x))
print(make(C, 5).x)


def new(cls, x):
    print("__new__", cls.__name__, x)
    return object.__new__(cls)


class E(Base):
    pass


print(make(E, 6).x)
E.__new__ = new
print(make(E, 7).x)


# __init__ returning a value, raising, and taking the wrong arguments.
class D:
    def __init__(self, x):
        if x == 1:
            raise ValueError("init failed")
        if x == 2:
            return 5


for x in (0, 1, 2):
    try:
        print(type(make(D, x)).__name__)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    D()
except TypeError as e:
    print("TypeError", e)


# A generator __init__ is an error at call time.
class G:
    def __init__(self, x):
        yield x


try:
    make(G, 1)
except TypeError as e:
    print("TypeError", e)


# Classes made in a loop, each called: every one runs its own __init__.
made = []
for i in range(4):
    class K:
        def __init__(self, x, i=i):
            self.v = (i, x)
    made.append(make(K, i * 10).v)
print(made)
