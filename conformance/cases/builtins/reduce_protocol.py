# __reduce__/__reduce_ex__ of builtin objects, as pickle and copy use them:
# range, slice, Ellipsis, NotImplemented, deque, set subclasses,
# __getnewargs_ex__, and the objects that cannot be pickled.
import collections, copy, pickle


print(range(1, 10, 2).__reduce__(), slice(1, None, 3).__reduce__())
print(Ellipsis.__reduce__(), NotImplemented.__reduce__())
d = collections.deque([1, 2])
r = d.__reduce__()
print(r[0], r[1], r[2], list(r[3]))
r = collections.deque([3], maxlen=4).__reduce__()
print(r[0], r[1], r[2], list(r[3]))


class S(set):
    pass


s = S([1, 2])
s.x = 5
r = s.__reduce__()
print(r[0].__name__, sorted(r[1][0]), r[2])
c = copy.copy(s)
print(type(c).__name__, sorted(c), c.x)


class KwOnly:
    def __new__(cls, a, *, b):
        o = object.__new__(cls)
        o.a, o.b = a, b
        return o

    def __getnewargs_ex__(self):
        return (self.a,), {"b": self.b}


k = KwOnly(1, b=2)
r = k.__reduce_ex__(2)
print(r[0].__name__, r[1][1:], r[2])
for proto in range(2, 6):
    back = pickle.loads(pickle.dumps(k, proto))
    print(proto, back.a, back.b)


class BadArgs:
    def __init__(self, r):
        self.r = r

    def __getnewargs_ex__(self):
        return self.r


for ret in [1, (1,), (1, {}), ((), 1)]:
    try:
        BadArgs(ret).__reduce_ex__(2)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

for obj in [staticmethod(len), classmethod(len), property(), (x for x in ()), {}.keys()]:
    for proto in (2, 4):
        try:
            pickle.dumps(obj, proto)
        except TypeError as e:
            print(proto, e)
print(pickle.loads(pickle.dumps([range(3), slice(1, 2), ..., NotImplemented, d], 2)))


class M:
    def m(self):
        return "bound"

    @classmethod
    def c(cls):
        return "class"


mo = M()
print(mo.m.__reduce__()[1][1], copy.copy(mo.m)())
for proto in range(6):
    print(proto, pickle.loads(pickle.dumps(mo.m, proto))(), pickle.dumps(M.c, proto))
