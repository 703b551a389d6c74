# @property (getter only)
class Circle:
    def __init__(self, r):
        self.r = r
    @property
    def diameter(self):
        return self.r * 2
    @property
    def area(self):
        return round(3.14159 * self.r ** 2, 2)
c = Circle(3)
print(c.diameter, c.area)
c.r = 10
print(c.diameter, c.area)
try:
    c.diameter = 5
except AttributeError as e:
    print("AttributeError")
