# bitwise operators on negative and big ints use infinite two's complement semantics
big = 2 ** 100 + 12345
nbig = -big
print(big & 0xFFFF, nbig & 0xFFFF, nbig & (2 ** 128 - 1))
print(big | 1, nbig | 1, nbig | 0xFF, -1 | big)
print(big ^ -1, nbig ^ -1, ~big, ~nbig, ~big == -big - 1)
print(nbig >> 1, nbig >> 50, nbig >> 200, big >> 200, -1 >> 1000)
print(nbig << 3, 1 << 130, -1 << 70, (1 << 64) - 1)
print(big & nbig, big | nbig, big ^ nbig)
print((-5) & 3, (-5) | 3, (-5) ^ 3, ~(-5), -5 >> 1, -5 << 2)
print(-(2 ** 64) & (2 ** 64 + 7), -(2 ** 64) | 5, (2 ** 64) ^ -(2 ** 65))
print(big.bit_length(), nbig.bit_length(), (-1).bit_length(), (2 ** 64).bit_length())
print(bin(nbig & 0xFF), bin(-37), hex(-(2 ** 70) + 1), format(-255, "x"))
mask = (1 << 80) - 1
v = -12345678901234567890123
print(v & mask, (v & mask) - (1 << 80) == v, (v >> 40) << 40 == v & ~((1 << 40) - 1))
acc = 0
for i in range(100):
    acc ^= (-i) << (i % 67)
print(acc)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    1 >> -2
except ValueError as e:
    print("ValueError:", e)
print(int.from_bytes(b"\xff" * 10, "big", signed=True), (-1).to_bytes(10, "big", signed=True))
print((2 ** 80 + 1).to_bytes(11, "little"), int.from_bytes(b"\x01" + b"\x00" * 12, "little"))
