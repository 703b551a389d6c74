# Bound methods are equal when bound to the same object and their
# functions are equal (CPython 3.8+); equal ones hash alike.
class A:
    def m(self):
        pass

    def n(self):
        pass

    @classmethod
    def c(cls):
        pass


class Eq:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def m(self):
        pass


a, b = A(), A()
print(a.m == a.m, a.m != a.m, a.m == b.m, a.m == a.n, A.c == A.c)
print(hash(a.m) == hash(a.m), {a.m: 1}[a.m], len({a.m, a.m, b.m}))
x, y = Eq(), Eq()
print(x == y, x.m == y.m)
l1, l2 = [], []
print(l1.append == l1.append, l1.append == l2.append, l1.append == l1.pop)
print(hash(l1.append) == hash(l1.append), len({l1.append, l1.append}))
print(float.fromhex == float.fromhex, "".join == "".join, a.m == A.m)
