# Hot loops at a module's top level run compiled (on-stack replacement with
# names in the module's namespace), and the names they bind are visible.
total = 0
squares = []
for i in range(3000):
    total += i * i
    if i % 1000 == 0:
        squares.append(total)
print(total, squares, i)

text = ""
for word in ["alpha", "beta", "gamma"] * 400:
    if len(text) < 40:
        text = text + word[0]
print(text, len(text))

counts = {}
for n in range(2500):
    key = n % 7
    counts[key] = counts.get(key, 0) + 1
print(sorted(counts.items()))


class Table:
    rows = []
    for r in range(1500):
        if r % 500 == 0:
            rows.append(r)
    width = len(rows)


print(Table.rows, Table.width, "r" in dir(Table))
try:
    for k in range(2000):
        if k == 1500:
            undefined_name_here
except NameError as e:
    print("NameError:", e, k)
# jit-compiles: <module>
