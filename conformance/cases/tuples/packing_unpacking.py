# Tuple packing and unpacking
t = 1, 2, 3
print(t, type(t).__name__)
a, b, c = t
print(a, b, c)
x, y = y, x = 1, 2
print(x, y)
p, q = "ab"
print(p, q)
m, n = [10, 20]
print(m, n)
m, n = n, m
print(m, n)
for k, v in [("a", 1), ("b", 2)]:
    print(k, v)
try:
    a, b = (1, 2, 3)
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = (1, 2)
except ValueError as e:
    print("ValueError:", e)
