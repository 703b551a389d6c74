# object.__reduce_ex__ for protocols 0 and 1 (copyreg._reconstructor with the
# builtin base and its value): int/str/list/dict subclasses keep their value.
import pickle, copy
class S(int): pass
class T(str): pass
class L(list): pass
class D(dict): pass
class P:
    def __init__(self): self.a = 1
class Q: pass
class Sl:
    __slots__ = ("a",)
s = S(5); s.x = 1
for o in [s, T("ab"), L([1, 2]), D(a=1), P(), Q()]:
    for proto in (0, 1):
        r = o.__reduce_ex__(proto)
        print(proto, r[1], r[2:] , pickle.dumps(o, proto))
        b = pickle.loads(pickle.dumps(o, proto))
        print("  ", type(b).__name__, b if not isinstance(b, (P, Q)) else vars(b), getattr(b, "x", None))
try: Sl().__reduce_ex__(1)
except TypeError as e: print(e)
print(copy.copy(s), copy.copy(s).x)
