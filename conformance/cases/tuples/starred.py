# Starred unpacking
a, *b, c = range(6)
print(a, b, c)
first, *rest = [1]
print(first, rest)
*init, last = "hello"
print(init, last)
a, *b = (1, 2, 3)
print(a, b, type(b).__name__)
x, *y, z = [1, 2]
print(x, y, z)
print([*range(3), *"ab"])
print((*[1, 2], 3))
for h, *t in [(1, 2, 3), (4,)]:
    print(h, t)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
