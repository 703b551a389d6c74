# hash, id, callable
print(hash(1) == hash(1.0), hash(True) == hash(1), hash(0) == hash(0.0) == hash(False))
print(hash((1, 2)) == hash((1, 2)), hash(42), hash(-7))
a = [1]
print(id(a) == id(a), id(a) == id([1]))
print(callable(len), callable(print), callable(int), callable("s"), callable(lambda: 1))
class C:
    def m(self):
        pass
print(callable(C), callable(C()), callable(C().m))
try:
    hash([1])
except TypeError as e:
    print("TypeError:", e)
try:
    hash({})
except TypeError as e:
    print("TypeError:", e)
