# super().__init__ and super().method()
class Base:
    def __init__(self, x):
        self.x = x
        print("Base init", x)
    def describe(self):
        return f"x={self.x}"
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
        print("Child init", y)
    def describe(self):
        return super().describe() + f", y={self.y}"
class GrandChild(Child):
    def __init__(self):
        super().__init__(1, 2)
    def describe(self):
        return "[" + super().describe() + "]"
c = Child(3, 4)
print(c.describe())
g = GrandChild()
print(g.describe(), g.x, g.y)
