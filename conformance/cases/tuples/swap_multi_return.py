# Tuples for swaps and multiple return values
def minmax(seq):
    return min(seq), max(seq)
lo, hi = minmax([4, 8, 1, 9])
print(lo, hi)
r = minmax("hello")
print(r, type(r).__name__)
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
def fib_pair(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a, b
print(fib_pair(10))
