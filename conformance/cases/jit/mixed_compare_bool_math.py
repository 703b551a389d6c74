# Comparisons of ints with floats in compiled code are exact: through a
# double while the int has at most 53 significant bits, in the interpreter
# (after an exit) beyond that; nan and infinities compare as in Python.
def count_below(xs, n, limit):
    c = 0
    for i in range(n):
        if xs[i] < limit:
            c += 1
        if i > xs[i]:
            c += 100
    return c
def cmp_all(a, b):
    return (a < b) + 2 * (a <= b) + 4 * (a == b) + 8 * (a != b) + 16 * (a > b) + 32 * (a >= b)
xs = [0.5 * k - 10.0 for k in range(50)]
for r in range(100):
    t = count_below(xs, 50, 3)
print(t)
for k in range(3000):
    cmp_all(k, 2.5)
big = 2**53 + 1
print(cmp_all(big, float(2**53)), cmp_all(2**53, float(2**53)), cmp_all(-big, -float(2**53)))
print(cmp_all(2**62 - 1, 4.611686018427388e18), cmp_all(-(2**62), -4.611686018427388e18))
print(cmp_all(3, float("nan")), cmp_all(3, float("inf")), cmp_all(-3, float("-inf")), cmp_all(0, -0.0))
for k in range(3000):
    cmp_all(2.5, k)
print(cmp_all(float(2**53), big), cmp_all(float("nan"), 0), cmp_all(1e300, 10**15))
def boolmath(a, b, n):
    t = 0
    for i in range(n):
        p = (i % 3 == 0)
        q = (i % 5 == 0)
        t += p + q * 2 + (p & q) * 10 + (p | q) * 100 + (p ^ q) * 1000 + a * p - b * q
    return t, p & q, p | q, p ^ q
print(boolmath(3, 7, 5000))
print(boolmath(True, 2.5, 4000))
# jit-compiles: <module>, boolmath, count_below
