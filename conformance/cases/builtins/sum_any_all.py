# sum, any, all
print(sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum(range(5), start=100))
print(sum([0.1] * 10), sum([1, 2.5]))
print(sum([[1], [2, 3]], []))
print(sum(x * x for x in range(4)))
print(any([]), all([]), any([0, "", None]), any([0, 1]))
print(all([1, "a", [0]]), all([1, 0]))
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in [1, -1]))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
