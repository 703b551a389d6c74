# Exponentiation
print(2 ** 10)
print(2 ** 0, 0 ** 0)
print((-2) ** 3, -2 ** 2)
print(2 ** -1, 10 ** -2)
print(2 ** 3 ** 2)
print(3 ** 40)
print(4 ** 0.5, 2.0 ** 3)
print((-8) ** 2, (-1) ** 101)
x = 3
x **= 4
print(x)
