# Union, intersection, difference, symmetric difference with operators
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
c = set(a)
c |= {10}
print(c)
c &= {1, 10, 20}
print(c)
c -= {1}
print(c)
c ^= {10, 11}
print(c)
print(a, b)
