# Loop variable persists after loop; loop over mutated copies
for i in range(5):
    pass
print(i)
for c in "xyz":
    last = c
print(c, last)
items = [1, 2, 3, 4]
for x in items[:]:
    if x % 2 == 0:
        items.remove(x)
print(items)
total = 0
for a, b in [(1, 2), (3, 4)]:
    total += a * b
print(total)
d = {"a": 1, "b": 2}
for k in list(d):
    if d[k] == 1:
        del d[k]
print(d)
