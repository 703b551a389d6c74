# Comprehension variables do not leak
x = "outer"
squares = [x for x in range(3)]
print(x, squares)
print({y: 0 for y in "ab"})
try:
    print(y)
except NameError as e:
    print("NameError:", e)
def f():
    n = 10
    return [n + i for i in range(3)]
print(f())
k = 5
print([k * j for j in range(3)], k)
