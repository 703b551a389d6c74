# The JIT computes abs/min/max inline on ints and floats: nan and -0.0
# follow Python's rules, abs of the most negative small int leaves the
# small-int range (a guard), and rebinding the builtin's name is honoured.
def f(n):
    s = 0
    t = 0.0
    for i in range(n):
        s += abs(i - 500) + min(i, 300) - max(i, 700)
        t += abs(-0.5 * i) + min(1.5, i * 0.1) + max(-2.0, i * -0.01)
    return s, t
def g(n):
    s = 0
    for i in range(n):
        s += abs(i - 500) + min(i, 300) - max(i, 700)
    return s
def h(n):
    t = 0.0
    for i in range(n):
        t += abs(-0.5 * i) + min(1.5, i * 0.1) + max(-2.0, i * -0.01)
    return t
print(f(3000), g(3000), h(3000))
nan = float("nan")
def mm(a, b):
    return min(a, b)
def xx(a, b):
    return max(a, b)
for i in range(2000):
    mm(1.0, 2.0); xx(1.0, 2.0)
print(mm(nan, 1.0), mm(1.0, nan), xx(nan, 1.0), xx(1.0, nan), mm(-0.0, 0.0), mm(0.0, -0.0))
print(xx(-0.0, 0.0), xx(0.0, -0.0), mm(2.5, -1e300), xx(float('inf'), 1.0))
def ab(x):
    return abs(x)
for i in range(2000):
    ab(-i)
print(ab(-(2**62)), ab(-(2**62)+1), ab(2**62-1))
abs = lambda x: "rebound"
print(g.__name__, end=" ")
try:
    print(g(10))
except TypeError as e:
    print("TypeError", e)
# jit-compiles: <module>, f, g, h, mm, xx
