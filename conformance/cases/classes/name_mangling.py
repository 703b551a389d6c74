# Private names (__x) are mangled with the enclosing class's name.
class K:
    __cls_var = 1
    def __m(self, __arg=2): return __arg
    def go(self):
        __local = 5
        import os as __os
        d = dict(__kw=1)
        return self.__m(), self._K__m(), __local, sorted(vars().keys()), d, getattr(self, '__cls_var', 'nope'), self.__cls_var
    class __Inner: pass
    def __init__(self):
        self.__x = 1
        global __g
print(sorted(k for k in K.__dict__ if 'K' in k or 'Inner' in k))
print(K().go(), vars(K()))
try:
    K.__m
except AttributeError as e:
    print("AttributeError:", e)
print(K._K__m.__name__, K._K__Inner.__qualname__, K._K__Inner.__name__)
class _U:
    def f(self): return self.__y
try: _U().f()
except AttributeError as e: print(e)
class __V:
    def f(self): self.__z = 1; return vars(self)
print(__V().f())


def f(__a, **kw):
    return __a, kw


class W:
    def call(self):
        return f(__a=1)

    def params(self, __p):
        return __p


print(W().call())
print(W().params(__p=3) if False else W().params(4), W.params.__code__.co_varnames)
try:
    W().params(__p=5)
except TypeError as e:
    print("TypeError:", e)
