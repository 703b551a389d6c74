# types.MethodType(func, obj) binds any callable to an object.
import types


class Callable:
    def __call__(self, *args):
        return args


def f(self, x):
    return (self, x)


m = types.MethodType(f, 42)
print(m(1), m.__self__, m.__func__ is f)
c = types.MethodType(Callable(), "obj")
print(c(), c(1, 2))
for args in [(), (f,), (f, None), (1, 2), (f, 1, 2)]:
    try:
        types.MethodType(*args)
    except TypeError as e:
        print("TypeError", e)
