# Nested unpacking
(a, b), c = (1, 2), 3
print(a, b, c)
x, (y, z) = "p", "qr"
print(x, y, z)
data = [(1, ("one", "uno")), (2, ("two", "dos"))]
for n, (en, es) in data:
    print(n, en, es)
[a, [b, [c, d]]] = [1, [2, [3, 4]]]
print(a, b, c, d)
(p, *q), r = [1, 2, 3], 4
print(p, q, r)
