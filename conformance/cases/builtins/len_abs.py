# len and abs
print(len("abc"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(range(7)), len(b"xy"))
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(-(2 ** 80)))
print(abs(True), abs(-True))
class L:
    def __len__(self):
        return 42
print(len(L()))
try:
    len(42)
except TypeError as e:
    print("TypeError:", e)
