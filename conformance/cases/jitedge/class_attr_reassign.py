# hot method calls whose class attributes or methods are reassigned midway
class Shape:
    scale = 1
    def area(self):
        return self.size * self.size * self.scale
    def __init__(self, size):
        self.size = size
shapes = [Shape(i) for i in range(1, 4)]
totals = []
for it in range(9):
    if it == 3:
        Shape.scale = 10
    if it == 6:
        Shape.area = lambda self: -self.size
    totals.append(sum(s.area() for s in shapes))
print(totals)
shapes[0].scale = 1000
del Shape.area
try:
    shapes[0].area()
except AttributeError as e:
    print("AttributeError:", e)
class Base:
    def kind(self):
        return "base"
class Child(Base):
    pass
c = Child()
out = []
for i in range(6):
    if i == 2:
        Base.kind = lambda self: "patched base"
    if i == 4:
        Child.kind = lambda self: "child override"
    out.append(c.kind())
print(out)
c.kind = lambda: "instance attr"
print(c.kind(), Child.kind(c))
class Counter:
    step = 1
    def __init__(self):
        self.n = 0
    def bump(self):
        self.n += self.step
k = Counter()
for i in range(1000):
    if i == 500:
        Counter.step = 2.5
    k.bump()
print(k.n)
