# `a != b` without __ne__ inverts __eq__ in the order __ne__ itself would
# be tried: a subclass's (reflected) first, then the other operand's
# reflected __eq__ when the first gives NotImplemented.
class A:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        print("A.eq", type(self).__name__, type(o).__name__)
        return isinstance(o, A) and self.v == o.v


class B(A):
    def __eq__(self, o):
        print("B.eq", type(self).__name__, type(o).__name__)
        if isinstance(o, B):
            return self.v == o.v
        return False


print(A(1) != B(1))
print(B(1) != A(1))
print(A(1) != A(1), A(1) != A(2))


class C:
    def __eq__(self, o):
        print("C.eq")
        return NotImplemented


class D:
    def __eq__(self, o):
        print("D.eq")
        return True


print(C() != D())
print(D() != C())
c = C()
print(c != c, c != C())
