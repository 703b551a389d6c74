# str() and repr() of various objects
values = [1, -2.5, True, None, "s", [1, "a"], (1,), (), {"k": [1, 2]}, {3}, set(), 10 ** 20, 1e100]
for v in values:
    print(str(v), "|", repr(v))
print(str([1.0, 0.1]), repr((None, False)))
print(str({1: "one", "two": 2}))
print(str(b"bytes"), repr(b"q'"))
print(repr([[]]), repr([()]))
