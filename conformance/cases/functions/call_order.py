# Argument evaluation order
def trace(label, value):
    print("eval", label)
    return value
def f(a, b, c=0, *args, **kw):
    return a + b + c + sum(args) + sum(kw.values())
print(f(trace("a", 1), trace("b", 2), trace("c", 3)))
print(f(trace("x", 1), b=trace("kb", 2), c=trace("kc", 3)))
print(f(*[trace("s1", 1), trace("s2", 2)], z=trace("z", 5)))
print(trace("left", 2) * trace("right", 3))
d = {trace("k1", "a"): trace("v1", 1), trace("k2", "b"): trace("v2", 2)}
print(d)
