# Globals holding numbers are constants of compiled code, guarded: a
# rebinding (to another number, another type, or deletion) is honoured.
SCALE = 3
OFFSET = 0.5
FLAG = True
def f(n):
    s = 0.0
    for i in range(n):
        s += i * SCALE + OFFSET
        if FLAG:
            s += 1
    return s
print(f(3000))
SCALE = 4
print(f(3000))
OFFSET = 2**70
print(f(3000))
OFFSET = 0.25
FLAG = False
print(f(3000))
del SCALE
try:
    f(10)
except NameError as e:
    print("NameError:", e)
SCALE = "x"
try:
    f(10)
except TypeError as e:
    print("TypeError:", e)
def g():
    t = 0
    for i in range(5000):
        t += LIMIT
    return t
LIMIT = 7
print(g())
LIMIT = 8
print(g())
# jit-compiles: f, g
