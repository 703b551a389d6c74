# List comprehensions
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0])
print([(x, y) for x in range(3) for y in range(3) if x != y])
print([c.upper() for c in "abc"])
print([x if x > 2 else 0 for x in range(5)])
print([[j for j in range(i)] for i in range(4)])
print([x for x in range(10) if x % 2 if x % 3])
words = ["a", "bb", "ccc"]
print([len(w) for w in words])
print([i * j for i in range(1, 4) for j in range(1, 4)])
print([n for n in [3, -1, 4, -1, 5] if n > 0])
