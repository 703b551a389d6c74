# in, len, del
d = {1: "a", 2: "b", 3: "c"}
print(1 in d, 4 in d, "a" in d, 4 not in d)
print(len(d))
del d[2]
print(d, len(d))
try:
    del d[2]
except KeyError as e:
    print("KeyError:", e)
d[2] = "again"
print(d)
print(bool({}), bool({0: 0}))
