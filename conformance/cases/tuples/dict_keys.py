# Tuples as dict keys and hashing
grid = {}
for r in range(2):
    for c in range(3):
        grid[(r, c)] = r * 10 + c
print(grid)
print(grid[(1, 2)], grid[1, 0], (0, 0) in grid)
print(hash((1, 2)) == hash((1, 2)), hash((1, 2)) == hash((1.0, 2)))
seen = {(1, "a"), (1, "a"), (2, "b")}
print(len(seen))
try:
    {([1],): 1}
except TypeError as e:
    print("TypeError:", e)
