# Zero-argument super() in methods, class methods, properties, lambdas, generators,
# comprehensions and nested functions, and its errors outside methods.
class A:
    def m(self): return "A.m"
    @classmethod
    def c(cls): return "A.c " + cls.__name__
    @property
    def p(self): return "A.p"
    def __init_subclass__(cls, **kw): cls.seen = "init_subclass"
class B(A):
    def m(self): return "B>" + super().m()
    @classmethod
    def c(cls): return "B>" + super().c()
    @property
    def p(self): return "B>" + super().p
    def lam(self):
        f = lambda: super().m()
        return f
    def gen(self):
        yield super().m()
    def comp(self):
        return [super().m() for _ in range(1)]
    def nested(self):
        def inner():
            return super().m()
        return inner
    def explicit(self): return super(B, self).m()
    def __repr__(self): return "B()"
b = B()
print(b.m(), B.c(), b.c(), b.p, next(b.gen()), b.explicit(), B.seen)
for f in [lambda: b.lam()(), lambda: b.comp(), lambda: b.nested()()]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
print(super(B, b).__repr__()[:9], super(B, B).c())
try: super()
except RuntimeError as e: print(e)
class C:
    def f(self):
        __class__
        return super()
print(type(C().f()).__name__)
def outside(self): return super().m()
class D(A): pass
D.outside = outside
try: D().outside()
except RuntimeError as e: print(e)
