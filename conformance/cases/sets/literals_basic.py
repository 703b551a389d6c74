# Set literals of ints and basic operations
s = {3, 1, 2, 3, 1}
print(s, len(s))
print(set(), set([4, 4, 5]), set(range(3)))
print(1 in s, 9 in s, 9 not in s)
print(sorted({"b", "a", "c"}))
print(type(s).__name__, type({}).__name__)
print({1, 1.0, True})
print(set("aab") == {"a", "b"})
