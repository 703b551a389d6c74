# @classmethod
class Shape:
    sides = 0
    def __init__(self, label):
        self.label = label
    @classmethod
    def make(cls, label):
        return cls(label)
    @classmethod
    def describe(cls):
        return f"{cls.__name__} with {cls.sides} sides"
class Triangle(Shape):
    sides = 3
s = Shape.make("s")
t = Triangle.make("t")
print(type(s).__name__, type(t).__name__, t.label)
print(Shape.describe(), Triangle.describe(), t.describe())
