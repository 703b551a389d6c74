# A float formatted with a precision and no presentation type: like 'g',
# but fixed notation keeps a digit after the point, so exponent notation
# starts one digit earlier than with 'g'.
import random

r = random.Random(3)
vals = [341.333, 34.1333, 341.0, 5.0, 0.5, 1e16, 12345.678, 0.0001234, 0.00001234,
        99.99, 9.99, 999.5, 1.0, 10.0, 100.0, -341.3, 1e-5, 123456789.0, -0.0, 0.0]
for _ in range(60):
    vals.append(r.uniform(-1e6, 1e6) * 10 ** r.randint(-8, 8))
for v in vals:
    print(" ".join(format(v, spec) for spec in (".0", ".1", ".2", ".3", ".5", "#.3", "10.4", "g", ".3g")))
print("{:.3}".format(341.333), "%s" % format(341.333, ".3"), f"{341.333:.3}", f"{2.5:.1}")
