# Attribute lookups on classes are cached; every change to a class (or a
# base class) must be seen at once: methods replaced, added and deleted,
# special methods added after instances exist, class attributes rebound,
# and classes created in a loop (a new class may reuse a freed one's memory).
class Base:
    kind = "base"
    def hello(self):
        return "Base.hello"
class Mid(Base):
    pass
class Leaf(Mid):
    pass
x = Leaf()
for i in range(3):
    print(x.hello(), x.kind)
Base.hello = lambda self: "patched Base.hello"
print(x.hello())
Mid.hello = lambda self: "Mid.hello"
print(x.hello())
del Mid.hello
print(x.hello())
Base.kind = "rebound"
print(x.kind, Leaf.kind)
try:
    print(x + 1)
except TypeError as e:
    print("TypeError", e)
Mid.__add__ = lambda self, o: ("added", o)
print(x + 1)
del Mid.__add__
try:
    print(x + 2)
except TypeError as e:
    print("TypeError", e)
setattr(Leaf, "__len__", lambda self: 7)
print(len(x))
x.hello = lambda: "instance attribute"
print(x.hello())
del x.hello
print(x.hello())
out = []
for i in range(200):
    class C:
        n = i
        def get(self):
            return self.n * 2
    out.append(C().get())
    del C
print(sum(out), out[:3], out[-1])
def make(v):
    class K:
        def val(self):
            return v
    return K()
print([make(i).val() for i in range(5)])
class Meta(type):
    pass
class WithMeta(metaclass=Meta):
    def f(self):
        return 1
w = WithMeta()
print(w.f())
WithMeta.f = lambda self: 2
print(w.f())
