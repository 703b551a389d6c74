# frozenset
f = frozenset([3, 1, 2, 1])
print(f, len(f), 2 in f)
print(frozenset(), type(f).__name__)
print(f | {9}, type(f | {9}).__name__)
print({5} | f, type({5} | f).__name__)
print(f == {1, 2, 3}, hash(f) == hash(frozenset([1, 2, 3])))
d = {f: "fs"}
print(d[frozenset({1, 2, 3})])
print({frozenset({1}), frozenset({1})})
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError:", e)
