# Set comprehensions
print({x % 4 for x in range(20)})
print({x * x for x in [-2, -1, 0, 1, 2]})
print(sorted({w.lower() for w in ["A", "a", "B"]}))
print({(x, y) for x in range(2) for y in range(2) if x <= y} == {(0, 0), (0, 1), (1, 1)})
print(len({c for c in "hello world"}))
