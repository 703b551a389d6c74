# List creation and repr
print([], [1], [1, 2, 3])
print(list(), list("abc"), list(range(4)), list((1, 2)))
print([None, True, 1.5, "s", [2, [3]]])
print(len([]), len([[], []]))
print(repr(["a'b", 'c"d']))
print(type([]).__name__)
print([1, 2] * 0, [0] * 5)
e = []
e.append(e)
print(e)
