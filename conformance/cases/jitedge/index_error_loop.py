# out-of-range indexing inside a loop, caught on every iteration without disturbing the loop
data = [10, 20, 30]
hits, misses = [], 0
for i in range(-5, 8):
    try:
        hits.append(data[i])
    except IndexError as e:
        misses += 1
        last = str(e)
print(hits, misses, last)
s = "abc"
caught = 0
for i in range(1000):
    try:
        s[i % 7]
    except IndexError as e:
        caught += 1
print(caught, "string index errors")
try:
    (1, 2)[5]
except IndexError as e:
    print("tuple:", e)
d = {}
for k in range(5):
    try:
        d[k] += 1
    except KeyError as e:
        d[k] = 100 + e.args[0]
print(d)
grid = [[1, 2], [3]]
total = 0
for r in range(3):
    for c in range(2):
        try:
            total += grid[r][c]
        except IndexError:
            total += 1000
print(total)
lst = list(range(5))
popped = []
for _ in range(7):
    try:
        popped.append(lst.pop())
    except IndexError as e:
        popped.append(str(e))
print(popped)
try:
    data[2 ** 70]
except IndexError as e:
    print("huge index:", e)
