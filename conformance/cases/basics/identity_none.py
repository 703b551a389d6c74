# is / is not and None
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, None is not None)
x = None
print(x is None, x == None, type(x).__name__)
print(repr(None), str(None))
def f():
    pass
print(f() is None)
print(True is True, False is not True)
print(bool(None))
y = 0
print(y is None, y is not None)
