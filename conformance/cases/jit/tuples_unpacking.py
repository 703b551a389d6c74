# Tuples and lists in compiled code: element reads, len(), unpacking (with
# the length and element kinds guarded), and the interpreter's errors after
# an exit (wrong length, IndexError, a str element).
def norm2(p):
    x, y, z = p
    return x * x + y * y + z * z
def total(t):
    s = 0
    for i in range(len(t)):
        s += t[i] * t[-1 - i]
    return s
def pairsum(ps, n):
    s = 0
    for i in range(n):
        a, b = ps[i % 2], ps[(i + 1) % 2]
        s += a - b
    return s
acc = 0.0
for i in range(3000):
    acc += norm2((1.5, 2.0, i * 0.001))
print(acc)
print(total((1, 2, 3, 4, 5)), total([3, 4]), total(tuple(range(100))))
for i in range(3000):
    total((i, i + 1))
print(total((2**70, 1)))
print(total((1, "a")) if False else "skip")
try:
    norm2((1.0, 2.0))
except ValueError as e:
    print("ValueError", e)
try:
    norm2([1.0, 2.0, 3.0, 4.0])
except ValueError as e:
    print("ValueError", e)
print(norm2([1.0, 2.0, 3.0]), norm2((1.0, 2, 3.0)))
try:
    print(norm2((1.0, "b", 3.0)))
except TypeError as e:
    print("TypeError", e)
print(pairsum((3, 5), 4001), pairsum([7, 1], 3000))
# jit-compiles: <module>, norm2, pairsum
