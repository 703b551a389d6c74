# nested list comprehensions with conditions at several levels
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x % 2])
print([[x * 10 for x in row if x != 5] for row in matrix if sum(row) > 6])
print([(i, j) for i in range(4) if i % 2 == 0 for j in range(i) if j != 1])
print([x if x > 4 else -x for row in matrix for x in row])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
words = ["alpha", "beta", "gamma"]
print([c for w in words if len(w) > 4 for c in w if c not in "aeiou"])
print([[c.upper() for c in w[:2]] for w in words])
flat = [y for x in [[1, [2, 3]], [[4], 5]] for y in x]
print(flat)
print([sum(row) for row in [[j for j in range(i)] for i in range(6)]])
grid = [[(r, c) for c in range(3) if (r + c) % 2 == 0] for r in range(3)]
print(grid)
x = "outer"
print([x for x in range(3)], x)
print([[n for n in range(k)] for k in range(4)])
print([a + b for a in "ab" for b in "xy"], [i for i in range(20) if i % 3 == 0 if i % 2 == 0])
