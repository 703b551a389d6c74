# Dedupe patterns and unhashable elements
data = [5, 3, 5, 1, 3, 9]
print(sorted(set(data)))
seen = set()
out = []
for x in data:
    if x not in seen:
        seen.add(x)
        out.append(x)
print(out)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
try:
    set([[1]])
except TypeError as e:
    print("TypeError:", e)
print(set([(1, 2), (1, 2)]))
print(bool(set()), bool({0}))
