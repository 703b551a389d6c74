# isinstance with tuples, type()
for v in [1, 1.0, "s", True, None, [1], (1,), {1: 1}, {1}]:
    print(repr(v), type(v).__name__, isinstance(v, (int, float)), isinstance(v, (list, tuple, dict, set)))
print(type(3) == int, type(True) == int, type(True) is bool)
print(isinstance("x", str), isinstance(str, type), type(type).__name__)
print(type(len).__name__, type(lambda: 0).__name__)
