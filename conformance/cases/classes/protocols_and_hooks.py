# Class hooks and protocols: __init_subclass__ kwargs, metaclass __prepare__/__new__/__call__,
# operator and container dunders, properties, __getattribute__/__setattr__, cooperative super.
class Base:
    def __init_subclass__(cls, /, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
class Sub(Base, tag="x"): pass
print(Sub.tag)
class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        print("prepare", name, kw)
        return {"injected": 1}
    def __new__(mcs, name, bases, ns, **kw):
        print("new", name, sorted(k for k in ns if not k.startswith("__")))
        return super().__new__(mcs, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
class WithMeta(metaclass=Meta, flag=True):
    x = 1
print(WithMeta.injected)
class G:
    def __class_getitem__(cls, item): return f"G[{item}]"
print(G[int])
class V:
    def __init__(self, v): self.v = v
    def __add__(self, o): return V(self.v + (o.v if isinstance(o, V) else o))
    def __radd__(self, o): return V(o + self.v)
    def __iadd__(self, o): self.v += o; return self
    def __lt__(self, o): return self.v < o.v
    def __eq__(self, o): return isinstance(o, V) and self.v == o.v
    def __hash__(self): return hash(self.v)
    def __repr__(self): return f"V({self.v})"
    def __bool__(self): return bool(self.v)
    def __len__(self): return 3
    def __contains__(self, x): return x == self.v
    def __call__(self, *a): return a
    def __neg__(self): return V(-self.v)
    def __invert__(self): return V(~self.v)
    def __matmul__(self, o): return "matmul"
    def __rshift__(self, o): return "rshift"
    def __rpow__(self, o): return "rpow"
    def __format__(self, spec): return f"V<{spec}>"
    def __getitem__(self, k): return ("item", k)
    def __setitem__(self, k, v): print("set", k, v)
    def __delitem__(self, k): print("del", k)
a = V(1); b = V(2)
print(a + b, 5 + a, sorted([b, a]), a == V(1), a != b, a > b, bool(V(0)), len(a), 1 in a, a(1, 2), -a, ~a, a @ b, a >> 1, 2 ** a, f"{a:xy}")
a += 10; print(a, a[1:2], a[1, ...])
a["k"] = 1; del a["k"]
print(sorted({a, V(11)}, key=lambda x: x.v))
class Prop:
    def __init__(self): self._x = 0
    @property
    def x(self): return self._x
    @x.setter
    def x(self, v): self._x = v * 2
    @x.deleter
    def x(self): print("deleting")
p = Prop(); p.x = 5; print(p.x); del p.x
try: Prop.x.fset(p, 1); print(p._x)
except Exception as e: print(e)
class GA:
    def __getattribute__(self, n):
        if n == "magic": return 42
        return object.__getattribute__(self, n)
    def __setattr__(self, n, v): object.__setattr__(self, n, v * 10)
    def __delattr__(self, n): print("delattr", n)
g = GA(); g.q = 1; print(g.magic, g.q); del g.q
class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B" + super().who()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def who(self): return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class SM:
    @staticmethod
    def s(x): return x
    @classmethod
    def c(cls): return cls.__name__
print(SM.s(1), SM().s(2), SM.c(), SM().c())
def deco(arg):
    def wrap(cls): cls.decorated = arg; return cls
    return wrap
@deco("yes")
class Decorated: pass
print(Decorated.decorated)
class MyInt(int):
    def __add__(self, o): return "overridden"
print(MyInt(1) + 1, MyInt(5) * 2, type(MyInt(5) * 2).__name__)
class MyDict(dict):
    def __missing__(self, k): return k * 2
print(MyDict()["ab"])
class MyList(list):
    def append(self, x): super().append(x * 10)
ml = MyList(); ml.append(1); print(ml)
class MyErr(Exception):
    def __str__(self): return "custom str"
try: raise MyErr("a", "b")
except MyErr as e: print(e, e.args)
class Ctx:
    def __enter__(self): return "entered"
    def __exit__(self, t, v, tb): print("exit", t.__name__ if t else None); return True
with Ctx() as c:
    print(c); raise ValueError
print("suppressed")
class It:
    def __init__(self): self.n = 0
    def __iter__(self): return self
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
print(list(It()), sum(It()))
class Slotted:
    __slots__ = ("a",)
print(type(Slotted.a).__name__)
class Desc:
    def __get__(self, obj, typ=None): return "get"
    def __set__(self, obj, v): print("set desc", v)
    def __delete__(self, obj): print("del desc")
class HasDesc:
    d = Desc()
h = HasDesc(); h.d = 5; print(h.d); del h.d
print(HasDesc.__dict__["d"].__class__.__name__)
