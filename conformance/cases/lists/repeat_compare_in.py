# Repetition, comparisons, membership
print([1, 2] * 3, 2 * ["a"])
print([1, 2, 3] == [1, 2, 3], [1, 2] != [2, 1])
print([1, 2] < [1, 2, 3], [2] > [1, 9], [] < [0])
print([1, [2, 3]] == [1, [2, 3]])
print(3 in [1, 2, 3], 4 not in [1, 2, 3], [2] in [[2], 3])
print(1.0 in [1, 2], "a" in ["abc"])
print(max([[1, 2], [1, 3], [0, 9]]))
try:
    [1] < ["a"]
except TypeError as e:
    print("TypeError:", e)
