# Integer arithmetic: + - * / // % and unary ops
a = 17
b = 5
print(a + b, a - b, a * b)
print(a / b)
print(a // b, a % b)
print(-a, +a, -(-a))
print(10 / 2, type(10 / 2).__name__)
print(2 + 3 * 4 - 6 // 2)
print((2 + 3) * (4 - 6))
print(0 * -1, 7 - 7)
print(1_000_000 + 1)
print(0x1F, 0o17, 0b1011)
print(100 - 3 * 33)
