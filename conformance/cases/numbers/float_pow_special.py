# float ** float settles C99 Annex F's special cases as CPython's float_pow
# does: x**0 == 1 (even nan), 1**y == 1 (even nan), (-1)**±inf == 1,
# infinite bases and exponents, signed zeros, 0.0 ** negative is a
# ZeroDivisionError, a negative base with a fractional exponent is complex,
# overflow is an OverflowError. int ** negative int goes the same way.
import math

inf, nan = math.inf, math.nan
xs = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, inf, -inf, nan, 1e308, -1e308, 5e-324, -8.0]
ys = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 1.5, -1.5, inf, -inf, nan, 1e308, -1e308,
      2.0**53 + 2, 2.0**53 - 1, 1/3]


def show(v):
    if isinstance(v, complex):
        return "c(" + show(v.real) + "," + show(v.imag) + ")"
    return repr(v) if v == v else "nan"


for x in xs:
    row = []
    for y in ys:
        try:
            row.append(show(x ** y))
        except (ZeroDivisionError, OverflowError) as e:
            row.append(type(e).__name__[:4])
    print(repr(x), " ".join(row))

for x, y in [(-inf, 0.5), (-inf, 3.0), (-inf, -3.0), (-inf, -2.0), (-1.0, inf), (-1.0, -inf), (1.0, nan),
             (nan, 0.0), (-1.0, 2.0**60 + 1), (-1.0, 1e300), (-2.0, 1e300), (-0.5, 1e300), (-0.5, -1e300)]:
    try:
        print(show(x), show(y), show(x ** y), show(pow(x, y)), show(math.pow(x, y)) if x == x else "-")
    except (ZeroDivisionError, OverflowError, ValueError) as e:
        print(show(x), show(y), type(e).__name__, e)

for x, y in [(10.0, 400.0), (-10.0, 401.0), (1e300, 1.5), (-1e300, 1.5), (-1e200, 2.5), (2.0, 1024.0),
             (2.0, -1080.0), (-2.0, -1075.0), (0.0, -1.0), (-0.0, -3.0), (0.0, -inf), (-8.0, 1 / 3)]:
    try:
        print(show(x), show(y), show(x ** y))
    except (ZeroDivisionError, OverflowError) as e:
        print(show(x), show(y), type(e).__name__, e)

for x, y in [(2, -1), (-2, -3), (0, -1), (10, -400), (-1, -(2**100)), (1, -(2**100)), (2**1100, -1),
             (2, -(2**1100)), (7, -2), (3, -5), (-7, -1), (2**60 + 1, -1), (True, -2)]:
    try:
        print(x if abs(x) < 2**64 else "big", y if abs(y) < 2**64 else "-big", show(x ** y), show(pow(x, y)))
    except (ZeroDivisionError, OverflowError) as e:
        print(x if abs(x) < 2**64 else "big", type(e).__name__, e)


def loop(xs, y):
    # A hot loop, so the JIT compiles float ** float too.
    out = []
    for x in xs:
        try:
            out.append(show(x ** y))
        except (ZeroDivisionError, OverflowError) as e:
            out.append(type(e).__name__)
    return out


for i in range(30):
    r = loop([2.0, -2.0, 0.5, -inf, 1.0, -1.0, 0.0, 10.0], [0.5, 3.0, -1.0, 1024.0, inf][i % 5])
print(r, loop([1.5] * 3 + [-inf], 0.5))

# math.pow: the same special values, but ValueError for a negative base with
# a fractional exponent and for 0 ** negative.
for x in xs:
    row = []
    for y in ys:
        try:
            row.append(show(math.pow(x, y)))
        except (ValueError, OverflowError) as e:
            row.append(type(e).__name__[:4])
    print("math", repr(x), " ".join(row))
print(math.pow(2, 3), math.pow(10, -400), math.pow(-10, -401), math.pow(True, 2**62))
