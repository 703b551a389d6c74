# Attribute reads and method calls in compiled code stay right while the
# classes involved change under them.
class A:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class B(A):
    def get(self):
        return -self.v


def read_all(objs, when, action):
    out = []
    for i, o in enumerate(objs):
        if i == when:
            action(objs)
        out.append((o.v, o.get()))
    return out[when - 1: when + 2]


def add_property(objs):
    A.v = property(lambda self: 99, lambda self, x: self.__dict__.__setitem__("v", x))


def drop_property(objs):
    del A.v


def shadow_method(objs):
    for o in objs:
        o.get = lambda: "shadowed"


def swap_class(objs):
    for o in objs:
        o.__class__ = B


def replace_method(objs):
    A.get = lambda self: self.v * 10


def add_getattribute(objs):
    A.__getattribute__ = lambda self, name: "intercepted" if name == "v" else object.__getattribute__(self, name)


for action in (add_property, drop_property, shadow_method, swap_class, replace_method, add_getattribute):
    objs = [A(i) for i in range(2000)]
    print(action.__name__, read_all(objs, 1500, action))


# One site seeing more classes than it remembers, some with a property or
# a method of the same name.
def make(i):
    class K:
        pass
    if i % 3 == 1:
        K.v = property(lambda self: "prop")
    if i % 3 == 2:
        K.get = lambda self: "method"
    else:
        K.get = lambda self: self.__class__.__name__
    return K


classes = [make(i) for i in range(6)]
objs = []
for i in range(1800):
    o = classes[i % 6]()
    if i % 3 != 1:
        o.v = i
    objs.append(o)


def poly(objs):
    out = []
    for o in objs:
        out.append((o.v, o.get()))
    return out


print(poly(objs)[-6:], len(poly(objs)))
# jit-compiles: <module>, A.__init__, A.get, poly, read_all
