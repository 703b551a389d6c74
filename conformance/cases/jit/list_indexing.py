# The JIT reads and stores list elements through runtime helpers: index
# checks (negative indexes, IndexError raised by the interpreter after an
# exit), element-type guards (a str or a big int in an int list), stores of
# ints into a float list, len() in range(), and nested compiled calls in a
# loop that stores its results.
def dot(u, v, n):
    s = 0.0
    for i in range(n):
        s += u[i] * v[i]
    return s
def scale(u, k, n):
    for i in range(n):
        u[i] = u[i] * k
    return n
def total(xs):
    s = 0
    for i in range(len(xs)):
        s += xs[i] + xs[-1 - i]
    return s
def A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
def mult(u, out, n):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += A(i, j) * u[j]
        out[i] = s
    return 0
u = [1.0] * 100
v = [0.5 * i for i in range(100)]
for k in range(300):
    d = dot(u, v, 100)
print(d)
w = [1.5, 2.5, 3.5]
for k in range(2000):
    scale(w, 1.0, 3)
scale(w, 2, 3)
print(w)
print(total(list(range(50))))
xs = [1, 2, 3]
for k in range(2000):
    total(xs)
xs[1] = "a"
try:
    print(total(xs))
except TypeError as e:
    print("TypeError", e)
xs = [1, 2**70, 3]
print(total(xs))
try:
    dot(u, v, 101)
except IndexError as e:
    print("IndexError", e)
ys = [1.0] * 5
for k in range(2000):
    scale(ys, 1.0, 5)
try:
    scale(ys, 3.0, 6)
except IndexError as e:
    print("IndexError", e)
print(ys)
out = [0.0] * 60
uu = [1.0] * 60
for k in range(20):
    mult(uu, out, 60)
print(sum(out))
# jit-compiles: <module>, A, dot, mult, scale
