# Boxed floats that the interpreter's feedback says are numbers are unboxed
# in compiled generic code; when the operation itself then fails (division
# by zero, a pow that overflows or meets inf/nan), the exit must hand the
# interpreter live values, not the boxes already released.
import math


def div_by_zero_caught():
    y = 0.5
    n = 0
    for i in range(4000):
        if y != y:
            y = float(y)
        try:
            w = y / (i % 5)
        except ZeroDivisionError:
            n += 1
    return n, y


def pow_overflow_caught():
    y = 1e308
    n = 0
    taken = []
    for i in range(4000):
        if y == math.inf or y == -math.inf:
            taken.append((i, y))
            y = math.copysign(2.0, y)
        try:
            w = y ** 2
        except OverflowError:
            n += 1
    return n, y, taken[:2]


def pow_of_inf():
    b = -1.5
    for i in range(3000):
        v = (math.inf ** 2 < 255, b)
    return v


def pow_special(xs):
    out = []
    for x in xs:
        for e in (2, 0.5, -1, 3.0):
            try:
                out.append(x ** e)
            except (ZeroDivisionError, OverflowError) as err:
                out.append(type(err).__name__)
    return out


def floordiv_mod(xs):
    out = []
    for x in xs:
        for d in (0.0, -0.0, 2.5, -3, math.inf):
            try:
                out.append((x // d, x % d))
            except ZeroDivisionError:
                out.append("zd")
    return out


print(div_by_zero_caught())
print(pow_overflow_caught())
print(pow_of_inf())
xs = [1.5, -2.0, 0.0, -0.0, 1e200, math.inf, -1e300, math.nan, 3]
for _ in range(40):
    r = pow_special(xs)
print(r)
for _ in range(40):
    r = floordiv_mod(xs)
print(r)
