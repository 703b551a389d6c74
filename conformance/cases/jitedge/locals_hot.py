# locals() inside a frequently called function reflects current values of simple locals
def snapshot(a, b=2):
    c = a + b
    name = "n" + str(a)
    return sorted(locals().items())

for i in range(2000):
    r = snapshot(i)
print(r)
print(snapshot(1, 10))
print(snapshot(0.5))

def loop_locals(n):
    acc = 0
    for i in range(n):
        acc += i
        if i == n - 1:
            seen = sorted(locals().items())
    return seen
print(loop_locals(100))
print(loop_locals(1))

def kinds(*args, **kwargs):
    total = len(args)
    return sorted(locals().keys())
print(kinds(1, 2, x=3))

def unbound_later():
    before = sorted(locals())
    x = 1
    after = sorted(locals())
    return before, after
print(unbound_later())
