# round() with huge, tiny and negative ndigits: floats round their exact
# binary value half to even (overflow is an OverflowError), ndigits beyond
# an index saturates for floats, ints round half to even too.
cases = [
    (1e308, -308), (1e308, -309), (1e308, -307), (1.5, 400), (1.5, 10**20),
    (1.5, -10**20), (-1.5, -10**20), (5e-324, 323), (5e-324, 324), (5e-324, 400),
    (-5e-324, -400), (1.7976931348623157e308, -308), (1.7976931348623157e308, -307),
    (-1.7976931348623157e308, -308), (1.7976931348623157e308, -306),
    (2.5, 0), (3.5, 0), (-2.5, 0), (0.125, 2), (0.375, 2), (2.675, 2), (-0.0, 1),
    (-0.4, 0), (123.456, -1), (125.0, -1), (135.0, -1), (1e22, -22), (1e300, -300),
    (5e15 + 0.5, 0), (1e-300, 300), (1e-320, 321), (0.5e-323, 323), (1e16 + 2, -1),
    (1.5, True), (1.23456789e-5, 7), (9.999999999999999e22, -22), (4.5e-308, 308),
    (float("inf"), 2), (float("-inf"), -400), (float("nan"), -2), (0.0, -10**30),
]
for x, n in cases:
    try:
        print(repr(x), n, repr(round(x, n)))
    except Exception as e:
        print(repr(x), n, type(e).__name__, e)

for v in (0, 5, 15, 25, 149, 150, 151, -150, -250, 10**20 + 5 * 10**19, 123456789, -(10**40)):
    print(v, [round(v, n) for n in range(-6, 3)])
print(round(123, -400), round(-123, -400), round(10**30, -29), round(10**30, -31))
print(round(123, 10**20), round(-(10**50), 2**70))


class I:
    def __index__(self):
        return -2


print(round(1234.5, I()), round(1250, I()), round(1.5, I()))
