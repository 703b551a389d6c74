# generator expressions: the first iterable is evaluated eagerly, the rest lazily
log = []
def src(name, n):
    log.append(name)
    return range(n)

g = (x for x in src("outer", 3))
print(log)
h = (x + y for x in src("a", 2) for y in src("b", 2))
print(log)
print(list(h))
print(log)

try:
    bad = (x for x in 42)
except TypeError as e:
    print("TypeError at creation:", e)

lazy = (1 // x for x in [1, 0])
print("created lazy")
try:
    print(list(lazy))
except ZeroDivisionError as e:
    print("ZeroDivisionError at consumption:", e)

x = "outer x"
g = (x for x in range(2))
print(list(g), x)

data = [1, 2, 3]
g = (d * 2 for d in data)
data.append(4)
print(list(g))
data = [100]
g = (d for d in data)
data = [200]
print(list(g))
nested = ((i, j) for i in range(3) for j in range(i))
print(list(nested))
matrix = [[1, 2], [3, 4]]
print(list(sum(row) for row in matrix), list(x for row in matrix for x in row))
