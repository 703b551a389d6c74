# rebinding a builtin name halfway through a hot loop, then deleting the override
data = [1, 2, 3]
seen = []
for i in range(10):
    if i == 4:
        len = lambda x: 42
    if i == 7:
        del len
    seen.append(len(data))
print(seen)

def uses_abs(v):
    return abs(v)

out = []
for i in range(6):
    if i == 2:
        abs = lambda v: "patched"
    if i == 4:
        del abs
    out.append(uses_abs(-5))
print(out)

def pick(a, b):
    return max(a, b)
res = []
for i in range(6):
    if i == 3:
        max = min
    res.append(pick(1, 2))
del max
res.append(pick(1, 2))
print(res)

def f():
    return str("a")
calls = []
for i in range(4):
    if i == 2:
        str = repr
    calls.append(f())
del str
calls.append(f())
print(calls)
try:
    del len
except NameError as e:
    print("NameError:", e)
