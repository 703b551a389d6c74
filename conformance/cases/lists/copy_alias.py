# Copying vs aliasing
a = [1, [2, 3]]
b = a
c = a[:]
d = list(a)
e = a.copy()
a.append(4)
print(a, b, c, d, e)
a[1].append(99)
print(c, d, e)
print(b is a, c is a, c == a[:2])
def mutate(lst):
    lst.append("m")
x = []
mutate(x)
mutate(x)
print(x)
y = x
y = y + ["n"]
print(x, y)
a.clear()
print(a, b)
