# min and max
print(min(3, 1, 2), max(3, 1, 2))
print(min([4, 2, 8]), max((4, 2, 8)), max("hello"))
print(min(["bb", "a", "ccc"], key=len), max(["bb", "a", "ccc"], key=len))
print(min([], default="empty"), max([], default=None))
print(max([1, 5, 3], key=lambda x: -x))
print(max(1, 2.5), min(-1, -1.0))
print(max([(1, "b"), (1, "a")]), min("b", "a", "c"))
print(max([3, 7, 7, 1], key=lambda x: x % 5))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    max(1, "a")
except TypeError as e:
    print("TypeError:", e)
