# Arithmetic on attribute values compiled for the types the interpreter saw
# (floats, small ints), then given other types: float subclasses, big ints,
# strings, mixed ints and floats. Every result must stay Python's.
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class MyFloat(float):
    def __mul__(self, other):
        return "mul"

    def __add__(self, other):
        return "add"


def dot(a, b):
    return a.x * b.x + a.y * b.y


def below(a, b):
    return a.x < b.x


def scaled(a, k):
    return a.x * k - a.y


floats = [V(i * 0.5, -i * 0.25) for i in range(50)]
for rep in range(60):
    for i in range(49):
        r = dot(floats[i], floats[i + 1]), below(floats[i], floats[i + 1]), scaled(floats[i], 3)
print(r)
odd = [V(2, 3), V(10**20, 7), V("ab", "c"), V(MyFloat(1.5), 2.0), V(1.5, 2), V(-0.0, 0.0), V(float("nan"), 1.0)]
for a in odd:
    for b in odd:
        try:
            print(repr(dot(a, b)), end=" ")
        except (TypeError, OverflowError) as e:
            print(type(e).__name__, end=" ")
        try:
            print(below(a, b), end=" ")
        except TypeError:
            print("TypeError", end=" ")
    print()
ints = [V(i, i + 1) for i in range(50)]
for rep in range(60):
    for i in range(49):
        r = dot(ints[i], ints[i + 1]), scaled(ints[i], 7)
print(r, dot(V(2**40, 2**40), V(2**40, 1)), scaled(V(2**61, 0), 4))
# jit-compiles: <module>
