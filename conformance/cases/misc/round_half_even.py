# round(): banker's rounding for ints, floats, negative ndigits and big ints
print([round(x) for x in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5]])
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2))
print(round(3.14159, 3), round(-3.14159, 1), round(2.5, 0), round(-2.5, 0), round(7.0, 0))
print(round(1234.5678, -2), round(1250.0, -2), round(1350.0, -2), round(-1250.0, -2))
print(round(125, -1), round(135, -1), round(-125, -1), round(150, -2), round(250, -2), round(350, -2))
print(round(5, 2), round(5, -1), round(15, -1), round(25, -1), round(99, -3))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, type(round(5, -1)).__name__)
print(round(10 ** 20 + 5, -1), round(10 ** 20 + 15, -1), round(-(10 ** 20) - 5, -1))
print(round(123456789, -4), round(0.5 + 1e-9), round(1e300, 2), round(1.5e-10, 10))
print(round(True), round(False, 2), round(-0.4), round(-0.6), round(0.0, 3))
for bad in [float("inf"), float("nan")]:
    try:
        round(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(round(float("inf"), 2), round(2 ** 0.5, 5), round(1 / 3, 20))
vals = [i / 8 for i in range(-8, 9)]
print([round(v, 2) for v in vals])
print([round(v) for v in vals])
