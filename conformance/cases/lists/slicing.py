# Slicing lists
a = list(range(10))
print(a[2:5], a[:3], a[-3:], a[::3], a[::-1])
print(a[8:2:-2], a[100:], a[-100:2])
b = a[:]
b[0] = 99
print(a[0], b[0])
print(a[5:5], a[7:3])
print(a[1:-1:4])
