# Dict comprehensions
print({x: x * x for x in range(5)})
print({k: v for k, v in [("a", 1), ("b", 2)] if v > 1})
words = ["apple", "bob", "cat"]
print({w: len(w) for w in words})
inv = {v: k for k, v in {"x": 1, "y": 2}.items()}
print(inv)
print({i % 3: i for i in range(10)})
print({(i, j): i * j for i in range(2) for j in range(2)})
