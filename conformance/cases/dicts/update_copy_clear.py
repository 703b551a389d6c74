# update, copy, clear
d = {"a": 1, "b": 2}
d.update({"b": 20, "c": 30})
print(d)
d.update(d=4)
d.update([("e", 5)])
print(d)
c = d.copy()
c["a"] = 100
print(d["a"], c["a"], c is d)
nested = {"l": [1]}
sh = nested.copy()
sh["l"].append(2)
print(nested)
d.clear()
print(d, len(d), c == d)
m = {"a": 1} | {"b": 2}
print(m)
m |= {"a": 0}
print(m)
