import sys
def g():
    try:
        yield 1
    except Exception:
        t, v, tb = sys.exc_info()
        print("caught", repr(v), v.__context__)
    yield 2
x = g(); next(x)
e = AssertionError("msg")
print(x.throw(AssertionError, e, None))
x = g(); next(x)
print(x.throw(e))
x = g(); next(x)
print(x.throw(ValueError, "hi"))
x = g(); next(x)
print(x.throw(ValueError, ("a", 1)))
x = g(); next(x)
try:
    raise KeyError(3)
except KeyError as k:
    print(x.throw(type(k), k, k.__traceback__))
x = g(); next(x)
for bad in [(1,), (ValueError(), 1), (ValueError, None, 5)]:
    try:
        x.throw(*bad)
    except TypeError as e:
        print("TypeError", e)
