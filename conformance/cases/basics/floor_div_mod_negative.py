# Floor division and modulo with negative operands follow floor semantics
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (-1, 5), (1, -5), (6, 3), (-6, 3)]
for a, b in pairs:
    print(a, b, a // b, a % b, (a // b) * b + a % b == a)
print(-7.5 // 2, -7.5 % 2)
print(7.5 // -2, 7.5 % -2)
print(divmod(-13, 4), divmod(13, -4))
