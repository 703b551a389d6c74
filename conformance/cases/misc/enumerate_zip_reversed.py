# enumerate, zip and reversed combined with each other and with start values
names = ["ann", "bob", "cy"]
ages = [31, 25, 40, 99]
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n, a)
for i, n in enumerate(reversed(names), start=1):
    print(i, n)
print(list(zip(*[(1, "a"), (2, "b"), (3, "c")])))
print(list(reversed(list(enumerate("xyz")))))
print(list(zip(range(3), reversed(range(3)), "abc")))
print(dict(enumerate("ab", 10)), list(enumerate([], 5)))
print(list(zip()), list(zip([1, 2])), list(zip("ab", [])))
print(list(reversed(range(0, 10, 3))), list(reversed("hello")), list(reversed((1, 2))))
print(list(reversed({"a": 1, "b": 2})))
e = enumerate("abc")
print(next(e), next(e), list(e))
z = zip("ab", "cd")
print(next(z), list(z), list(z))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*matrix)], list(map(sum, zip(*matrix))))
print([i * v for i, v in enumerate(reversed([10, 20, 30]))])
try:
    reversed(x for x in [1])
except TypeError as e:
    print("TypeError:", e)
try:
    list(zip([1, 2], [3], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(zip([1, 2], "ab", strict=True)), sum(i for i, _ in enumerate(range(100))))
