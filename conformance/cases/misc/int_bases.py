# int() with explicit bases, base 0 prefixes, underscores, whitespace and signs
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("777", 8), int("0o777", 0))
print(int("1010", 2), int("0b1010", 0), int("z", 36), int("Zz", 36), int("10", 3))
print(int("1_000_000"), int("0x_ff", 16), int("0b_1_0", 0), int("1_0", 16), 1_000_000 + 0x_10)
print(int("  -42  "), int("+7"), int("\t13\n"), int("-0x1f", 16), int("-0b11", 0))
print(int("0", 0), int("00", 0), int("000"), int("-0"), int(" 0x10 ", 0))
for bad, base in [("1__0", 10), ("_1", 10), ("1_", 10), ("012", 0), ("9", 8), ("0x", 16), ("", 10), ("1 2", 10), ("2", 2)]:
    try:
        print(int(bad, base))
    except ValueError as e:
        print("ValueError:", e)
try:
    int("10", 37)
except ValueError as e:
    print("ValueError:", e)
try:
    int(10, 2)
except TypeError as e:
    print("TypeError:", e)
print(int("9" * 30), int("-" + "1" * 70, 2), int("ZZZZZZZZZZZZZZ", 36))
print(hex(int("deadbeef", 16)), oct(int("755", 8)), bin(int("255")))
print(int(b"42"), int(bytearray(b"-7")), int(3.99), int(-3.99), int(True))
print(0b1111, 0o17, 0xF, 0B11, 0O7, 0XaB, 1_2_3)
