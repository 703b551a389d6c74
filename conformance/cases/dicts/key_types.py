# int/str/tuple keys and numeric key collapse
d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d, len(d))
e = {True: "t"}
e[1] = "one"
print(e)
f = {0: "zero", False: "false", 0.0: "float"}
print(f)
g = {"1": "str", 1: "int", (1,): "tuple"}
print(g, len(g))
print(g[1.0], {2: "x"}.get(2.0))
print(hash(1) == hash(1.0) == hash(True))
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
