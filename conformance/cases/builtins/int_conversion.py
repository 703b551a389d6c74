# int() conversions
print(int("42"), int("-17"), int("  8  "), int("+3"), int("1_000"))
print(int("ff", 16), int("0xff", 16), int("777", 8), int("1010", 2), int("z", 36), int("0b11", 0))
print(int(3.99), int(-3.99), int(1e20), int(True), int())
print(int("123456789012345678901234567890"))
print(int(2.5e10))
for bad in ["", "1.5", "0x10", "abc", "1 2"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
