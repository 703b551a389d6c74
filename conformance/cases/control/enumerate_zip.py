# enumerate and zip
names = ["ann", "bob", "cy"]
for i, n in enumerate(names):
    print(i, n)
for i, n in enumerate(names, 1):
    print(i, n)
print(list(enumerate("ab", start=10)))
ages = [30, 25]
for n, a in zip(names, ages):
    print(n, a)
print(list(zip()), list(zip([1, 2, 3])))
print(list(zip("abc", range(3), [True, False, None])))
pairs = list(zip(names, ages))
un_n, un_a = zip(*pairs)
print(un_n, un_a)
print(dict(zip(names, range(100))))
