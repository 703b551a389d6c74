import types, sys
class M(types.ModuleType):
    x = 5
    def hello(self):
        return "hello " + self.__name__
    @property
    def prop(self):
        return "prop"
m = M("mymod", "doc here")
print(m.__name__, m.__doc__, m.x, m.hello(), m.prop, type(m).__name__)
m.y = 3
print(m.y, m.__dict__["y"], sorted(k for k in m.__dict__))
print(isinstance(m, types.ModuleType), repr(m))
try:
    m.nope
except AttributeError as e:
    print("AE", e)
class G(types.ModuleType):
    def __getattr__(self, name):
        return "got " + name
g = G("g")
print(g.zzz, g.__name__)
class S(types.ModuleType):
    def __setattr__(self, k, v):
        print("set", k, v)
        super().__setattr__(k, v)
s = S("s")
s.a = 1
print(s.a)
mod = types.ModuleType("plain")
mod.__class__ = M
print(type(mod).__name__, mod.hello())
print(mod.__class__ is M)
print(types.ModuleType("q").__class__)
print(M.__init__ is types.ModuleType.__init__)
print(dir(m)[:3])
del m.y
print(hasattr(m, "y"))
m2 = types.ModuleType("m2")
print(m2.__spec__, m2.__loader__, m2.__package__)
class Z(types.ModuleType):
    def __init__(self, name):
        super().__init__(name)
        self.extra = 1
z = Z("zz")
print(z.extra, z.__name__)
