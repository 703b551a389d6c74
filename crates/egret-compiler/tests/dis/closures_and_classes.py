# Cells, free variables, and a class body that binds a name a method reads.
def outer(a):
    b = a + 1
    class C:
        a = 2
        def m(self):
            return a + b
    return C().m
