# Nested loops and breaking out with a flag
for i in range(1, 4):
    row = ""
    for j in range(1, 4):
        row += str(i * j).rjust(3)
    print(row)
found = None
for i in range(10):
    for j in range(10):
        if i * j == 42:
            found = (i, j)
            break
    if found:
        break
print(found)
count = 0
for a in range(5):
    for b in range(a):
        for c in range(b):
            count += 1
print(count)
