# A class body that binds a name which one of its methods reads as a free
# variable of the enclosing function: the method sees the function's
# variable, the class namespace holds its own binding.
def f():
    method_and_var = "var"

    class Test:
        def method_and_var(self):
            return "method"

        def test(self):
            return method_and_var

    return Test()


t = f()
print(t.test(), t.method_and_var())


def g():
    x = 1

    class A:
        x = 2

        class B:
            x = 3

            def get(self):
                return x

        def get(self):
            return x

    return A, x


A, x = g()
print(A.x, A.B.x, A().get(), A.B().get(), x)


def h():
    v = "outer"

    class C:
        v = "class"
        w = v

        def m(self):
            nonlocal v
            v = v + "!"
            return v

    c = C()
    return C.w, c.m(), c.m(), v


print(h())
