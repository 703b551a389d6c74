# A float object that compiled code receives, loads or computes keeps its
# identity: an argument returned, a value stored twice, a chained assignment,
# a constant, a list item, max() of two floats, NaN found in a list by
# identity. (Compiled code once unboxed them and boxed them afresh.)
def ident(x):
    return x
def stored_twice(x):
    l = []
    y = x * 2.0
    l.append(y)
    l.append(y)
    return l
def chained(a, b):
    x = y = a * b
    return x, y
def const():
    return 2.5
def item(xs, i):
    v = xs[i]
    return v
def bigger(a, b):
    return max(a, b)
def accumulate(v):
    s = 0.0
    for i in range(3000):
        s += v * i
    return s
nan = float("nan")
xs = [0.5, 1.5, nan]
counts = [0] * 8
for i in range(1500):
    f = 1.5 + i
    counts[0] += ident(f) is f
    l = stored_twice(f)
    counts[1] += l[0] is l[1]
    x, y = chained(f, 2.0)
    counts[2] += x is y
    counts[3] += const() is const()
    counts[4] += item(xs, 1) is xs[1]
    counts[5] += bigger(f, 1.0) is f
    counts[6] += ident(nan) in [nan]
    counts[7] += [item(xs, 2)] == [nan]
print(counts)
print(accumulate(0.25), accumulate(3))
# jit-compiles: ident, stored_twice, chained, const, item, bigger, accumulate
