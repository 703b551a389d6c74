# Nested lists
grid = [[0] * 3 for _ in range(3)]
grid[1][2] = 5
print(grid)
bad = [[0] * 3] * 3
bad[1][2] = 5
print(bad)
m = [[1, 2, 3], [4, 5, 6]]
print(m[1][0], m[-1][-1], len(m), len(m[0]))
t = [[row[i] for row in m] for i in range(3)]
print(t)
flat = [x for row in m for x in row]
print(flat)
m[0].append(99)
print(m)
