# Attribute reads and writes in functions are cached per name and class:
# every change that matters (a class gaining __setattr__, a property or a
# __getattribute__, an instance changing class, a shadowing instance
# attribute) is honoured at once.
class Plain:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


def write_all(objs, value):
    for o in objs:
        o.v = value
    return [o.v for o in objs]


def call_all(objs):
    return [o.get() for o in objs]


objs = [Plain(i) for i in range(4)]
print(write_all(objs, 1), call_all(objs))

log = []


def logging_setattr(self, name, value):
    log.append((name, value))
    object.__setattr__(self, name, value * 10)


Plain.__setattr__ = logging_setattr
print(write_all(objs, 2), log[:2], len(log))
del Plain.__setattr__
print(write_all(objs, 3), len(log))


def prop_get(self):
    return "prop"


def prop_set(self, value):
    log.append(("prop", value))


Plain.v = property(prop_get, prop_set)
print(write_all(objs, 4), log[-1])
del Plain.v
print(write_all(objs, 5))


class Other:
    def get(self):
        return "other"

    def __setattr__(self, name, value):
        log.append(("other", name, value))


o = objs[0]
o.__class__ = Other
print(write_all(objs, 6), call_all(objs), log[-1])
o.__class__ = Plain
print(write_all(objs, 7), call_all(objs))

objs[1].get = lambda: "shadowed"
print(call_all(objs))
del objs[1].get
print(call_all(objs))


class Slotted:
    __slots__ = ("v",)


s = Slotted()
print(write_all([s, s], 8), s.v)
try:
    s.w = 1
except AttributeError as e:
    print("AttributeError:", e)


class Getattribute(Plain):
    def __getattribute__(self, name):
        if name == "v":
            return "intercepted"
        return object.__getattribute__(self, name)


g = Getattribute(1)
print(write_all([g, objs[2]], 9), call_all([g]))


class Base:
    def get(self):
        return "base"


class Derived(Base):
    pass


d = Derived()
print(call_all([d, d]))
Derived.get = lambda self: "derived"
print(call_all([d, d]))
Base.get = lambda self: "new base"
del Derived.get
print(call_all([d, d]))
