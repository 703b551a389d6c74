# int / int is correctly rounded down to subnormal results and up to overflow,
# and math.ldexp rounds once: big random quotients, exact powers of two,
# halfway cases and the overflow boundary, compared by repr.
import math, random
vals = []
for x in [1.0, 0.5, 3.0, 2**52 + 1.0, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, -7.25, 0.0, float('inf')]:
    for e in [0, 1, -1, 1023, 1024, -1022, -1074, -1075, -1100, -2000, 2000, 60, -60, -1050, -1024]:
        try:
            vals.append(repr(math.ldexp(x, e)))
        except OverflowError:
            vals.append("overflow")
print(hash(tuple(vals)), vals[:12])
random.seed(5)
out = []
for _ in range(3000):
    x = random.randrange(2**random.randrange(1000))
    y = random.randrange(1, 2**random.randrange(1, 1000))
    for a, b in [(x, y), (-x, y), (x, -y)]:
        try:
            out.append(repr(a / b))
        except OverflowError:
            out.append("overflow")
print(hash(tuple(out)), out[:5])
for a, b in [(0, -3), (2**2000, 1), (1, 2**1100), (1, 2**1074), (1, 2**1075), (3, 2**1076), (2**1024 - 2**970, 1), (2**1024 - 2**969, 1), (12345, 345678 * 2**1127)]:
    try:
        print(repr(a / b))
    except OverflowError as e:
        print("OverflowError", e)
import math
for e in [2.0, "x", True, 2**100, -2**100]:
    try: print(math.ldexp(1.5, e))
    except Exception as x: print(type(x).__name__, x)
