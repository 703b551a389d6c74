# **kwargs and keyword-only arguments
def show(**kw):
    for k, v in kw.items():
        print(k, "=", v)
    return len(kw)
print(show(a=1, b=2))
print(show())
def f(a, *, b, c=3):
    return (a, b, c)
print(f(1, b=2), f(1, b=2, c=4), f(a=0, b=0))
def g(a, b=2, *args, key="k", **rest):
    return a, b, args, key, rest
print(g(1))
print(g(1, 2, 3, 4, key="x", z=26))
opts = {"b": 20, "c": 30}
print(f(10, **opts))
print(g(*[1, 2, 3], **{"key": "K", "extra": True}))
def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3))
