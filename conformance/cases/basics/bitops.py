# Bitwise operators on ints
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b)
print(~a, ~0, ~-1)
print(1 << 4, 256 >> 3, -16 >> 2, -1 >> 10)
print(-5 & 0xFF, -5 | 2, -5 ^ 3)
print(bin(a & b), bin(a | b))
x = 0xF0
x &= 0x3C
print(x)
x |= 1
print(x)
x ^= 0xFF
print(x)
x <<= 2
print(x)
x >>= 1
print(x)
print((1 << 100) | 1)
print((2 ** 70 - 1) & 0xFFFF)
