# Attribute lookup through the class chain
class A:
    x = "A.x"
    def who(self):
        return "A.who"
    def call_who(self):
        return self.who()
class B(A):
    y = "B.y"
class C(B):
    x = "C.x"
    def who(self):
        return "C.who"
c = C()
print(c.x, c.y, c.who(), c.call_who())
b = B()
print(b.x, b.y, b.call_who())
print(hasattr(b, "who"), getattr(C, "y"))
B.y = "changed"
print(c.y)
