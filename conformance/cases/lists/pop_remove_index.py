# pop, remove, index, count
a = [10, 20, 30, 20, 40]
print(a.pop(), a)
print(a.pop(0), a)
print(a.pop(-2), a)
a.remove(20)
print(a)
b = [1, 2, 3, 2, 1, 2]
print(b.index(2), b.index(2, 2), b.index(1, 1))
print(b.count(2), b.count(9))
try:
    b.remove(99)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    b.index(42)
except ValueError as e:
    print("ValueError:", e)
