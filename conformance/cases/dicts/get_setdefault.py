# get and setdefault
d = {"a": 1}
print(d.get("a"), d.get("z"), d.get("z", 0))
print(d.setdefault("a", 100), d)
print(d.setdefault("b", []), d)
d.setdefault("b", []).append(5)
d.setdefault("c", []).append(6)
print(d)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
groups = {}
for w in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups.setdefault(w[0], []).append(w)
print(groups)
