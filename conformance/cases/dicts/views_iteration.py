# keys/values/items views and iteration order
d = {}
d["zeta"] = 1
d["alpha"] = 2
d["mid"] = 3
print(list(d.keys()), list(d.values()), list(d.items()))
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(k, "->", v)
ks = d.keys()
d["new"] = 4
print(list(ks), len(ks))
print("alpha" in d.keys(), 3 in d.values(), ("mid", 3) in d.items())
del d["zeta"]
d["zeta"] = 5
print(list(d))
print(sorted(d), sorted(d.values()))
d["alpha"] = 99
print(list(d.items()))
