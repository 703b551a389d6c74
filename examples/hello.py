# A small tour of what egret runs today.
from math import sqrt


class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __abs__(self):
        return sqrt(self.x ** 2 + self.y ** 2)

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"


def primes(limit):
    found = []
    for n in range(2, limit):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
    return found


v = Vector(3, 4) + Vector(0.5, -1)
print("hello from egret:", v, f"|v| = {abs(v):.3f}")
print("primes:", primes(50))
print("2**100 =", 2 ** 100)
words = "the quick brown fox jumps over the lazy dog".split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
try:
    {}["missing"]
except KeyError as e:
    print("caught KeyError", e)
