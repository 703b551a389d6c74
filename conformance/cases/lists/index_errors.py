# Index errors and assignments
a = [1, 2, 3]
a[0] = "first"
a[-1] = "last"
print(a)
for i in [2, 3, -3, -4]:
    try:
        print(i, a[i])
    except IndexError as e:
        print(i, "IndexError:", e)
try:
    a[5] = 0
except IndexError as e:
    print("IndexError:", e)
try:
    a["x"]
except TypeError as e:
    print("TypeError:", e)
