# dict and set comprehensions (sets of ints printed; string sets printed sorted)
squares = {n: n * n for n in range(6)}
print(squares)
print({k: v for k, v in squares.items() if v % 2 == 0})
print({v: k for k, v in {"a": 1, "b": 2, "c": 1}.items()})
words = ["apple", "avocado", "banana", "blueberry", "cherry"]
print({w[0]: w for w in words})
print({w: len(w) for w in words if "e" in w})
print({n % 5 for n in range(20)})
print(sorted({w[0] for w in words}))
print({x * y for x in range(4) for y in range(4) if x < y})
print({i: [j for j in range(i)] for i in range(4)})
print({(i, j): i * j for i in range(2) for j in range(3)})
print(len({c for c in "mississippi"}), sorted({c for c in "mississippi"}))
counts = {}
text = "the cat and the hat and the bat"
counts = {w: text.split().count(w) for w in text.split()}
print(counts)
print({k: v for k, v in zip("abc", range(10, 13))})
nested = {outer: {inner: outer * inner for inner in range(3)} for outer in (1, 2)}
print(nested)
print({1: "x", **{n: str(n) for n in range(2, 4)}}, {frozenset([1, 2]): 0} == {frozenset([2, 1]): 0})
print(sorted({len(w) for w in words}), {n for n in range(10) if n % 3 == 0} == {0, 3, 6, 9})
