# repr of builtins and nested containers
print(repr(1), repr(1.5), repr("a"), repr([1, "a"]), repr((1, "a")), repr({"a": [1.0]}))
print(repr(None), repr(True), repr(b"\x00a"), repr(range(2, 5)))
print(repr(set()), repr(frozenset()), repr(()), repr([]), repr({}))
print(repr(-0.0), repr(1e-7), repr(1.0e21), repr(123456789.125))
print(repr({1: {2: {3: "deep"}}}))
print(repr(int), repr(str), repr(len).startswith("<built-in function len"))
