# closures called and created inside hot loops; cells updated with nonlocal
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c = make_counter()
for i in range(10000):
    c()
print(c(), c(0))
adders = [(lambda x, k=k: x + k) for k in range(5)]
late = [lambda x: x + k for k in range(5)]
print([f(10) for f in adders], [f(10) for f in late])
def outer(n):
    total = 0
    def add(v):
        nonlocal total
        total += v
    for i in range(n):
        add(i)
        if i == n // 2:
            snapshot = total
    return total, snapshot
print(outer(1000))
def make_multiplier(m):
    return lambda v: v * m
funcs = [make_multiplier(m) for m in (2, 2.5, "x")]
out = []
for f in funcs:
    for _ in range(3000):
        r = f(3)
    out.append(r)
print(out)
def shared():
    x = 0
    def get():
        return x
    def set_(v):
        nonlocal x
        x = v
    return get, set_
get, set_ = shared()
vals = []
for i in range(5000):
    set_(i * i)
    if i % 1250 == 0:
        vals.append(get())
print(vals, get())
