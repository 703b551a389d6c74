# User classes with __hash__/__eq__ as keys
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __eq__(self, other):
        return isinstance(other, Point) and self.x == other.x and self.y == other.y
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
d = {Point(1, 2): "a"}
d[Point(1, 2)] = "b"
d[Point(2, 1)] = "c"
print(d, len(d))
print(Point(2, 1) in d, Point(3, 3) in d)
class Plain:
    pass
p = Plain()
q = Plain()
e = {p: 1, q: 2}
print(len(e), e[p], e[q])
class NoHash:
    def __eq__(self, other):
        return True
try:
    {NoHash(): 1}
except TypeError as err:
    print("TypeError:", err)
