# hex, oct, bin (including negative), ord, chr
for n in [0, 1, 10, 255, -1, -255, 2 ** 64]:
    print(n, hex(n), oct(n), bin(n))
print(ord("a"), chr(0x263A), ord(chr(1000)))
print(int(hex(12345), 16), int(bin(-9), 2), int(oct(64), 8))
