# Operator overloading
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
a, b = Vec(1, 2), Vec(3, 5)
print(a + b, b - a, a * 3, 2 * b, -a)
print(a + b == Vec(4, 7))
c = a
c += b
print(c, a)
try:
    a + 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    a / 2
except TypeError as e:
    print("TypeError:", e)
