# pop and popitem
d = {"a": 1, "b": 2, "c": 3}
print(d.pop("b"), d)
print(d.pop("zz", "default"))
print(d.popitem(), d)
d["x"] = 9
print(d.popitem(), d.popitem(), d)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError:", e)
try:
    d.popitem()
except KeyError as e:
    print("KeyError:", e)
