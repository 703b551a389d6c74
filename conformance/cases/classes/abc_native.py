# abc.ABCMeta over the native _abc: registration, caches, subclass hooks,
# abstract methods, collection flags for match, typing protocols
import abc, collections.abc as cabc, typing

class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
    @classmethod
    def __subclasshook__(cls, C):
        if cls is A and any("quack" in B.__dict__ for B in C.__mro__):
            return True
        return NotImplemented

class B(A):
    def f(self): return 1

print(sorted(A.__abstractmethods__), sorted(B.__abstractmethods__))
try:
    A()
except TypeError as e:
    print("TypeError", e)
print(B().f(), isinstance(B(), A), issubclass(B, A))

class Duck:
    def quack(self): pass
print(issubclass(Duck, A), isinstance(Duck(), A), issubclass(int, A))

class Reg: pass
tok = abc.get_cache_token()
print(A.register(Reg) is Reg, abc.get_cache_token() > tok, issubclass(Reg, A), isinstance(Reg(), A))
class SubReg(Reg): pass
print(issubclass(SubReg, A))
try:
    A.register(3)
except TypeError as e:
    print("TypeError", e)
try:
    Reg.register = None
    class X(abc.ABC): pass
    X.register(A)
    A.register(X)
except RuntimeError as e:
    print("RuntimeError", e)

reg, cache, neg, ver = abc._get_dump(A)
print(sorted(r().__name__ for r in reg), sorted(r().__name__ for r in cache), type(ver).__name__)
A._abc_caches_clear()
print(len(abc._get_dump(A)[1]), len(abc._get_dump(A)[2]))
A._abc_registry_clear()
print(issubclass(Reg, A))

class Seq: 
    def __len__(self): return 2
    def __getitem__(self, i): return [10, 20][i]
cabc.Sequence.register(Seq)
class SubSeq(Seq): pass
for subject in (Seq(), SubSeq(), {"k": 1}, "str"):
    match subject:
        case [a, b]:
            print("sequence", a, b)
        case {"k": v}:
            print("mapping", v)
        case _:
            print("other")
print("__abc_tpflags__" in cabc.Sequence.__dict__)

class M(cabc.Mapping):
    def __getitem__(self, k): return 5
    def __iter__(self): return iter(["k"])
    def __len__(self): return 1
match M():
    case {"k": v}: print("mapping", v)

@typing.runtime_checkable
class P(typing.Protocol):
    x: int
    def meth(self): ...
class HasBoth:
    x = 1
    def meth(self): pass
print(isinstance(HasBoth(), P), isinstance(object(), P))
try:
    issubclass(HasBoth, P)
except TypeError as e:
    print("TypeError", e)

class Bad(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C): return 42
try:
    issubclass(int, Bad)
except AssertionError as e:
    print("AssertionError", e)
print(isinstance([], cabc.Iterable), isinstance(3, cabc.Iterable), issubclass(dict, cabc.MutableMapping))
