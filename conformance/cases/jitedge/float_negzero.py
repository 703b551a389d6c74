# negative zero survives arithmetic and prints with its sign
import math
nz = -0.0
print(nz, repr(nz), str(nz), 0.0 * -1, -0.0 + 0.0, -0.0 - 0.0, -0.0 * -0.0)
print(nz == 0.0, nz < 0.0, math.copysign(1.0, nz), math.copysign(1.0, 0.0))
vals = []
x = 1.0
for i in range(3000):
    x = x / -2.0
vals.append(x)
print(vals, math.copysign(1.0, x))
print(-(0.0), -(0), abs(-0.0), round(-0.4), round(-0.4, 1), -1e-320 * 1e-10)
print(float("-0"), int(-0.0), f"{-0.0:.2f}", "%.1f" % -0.0, format(-0.0, "g"))
print(max(0.0, -0.0), max(-0.0, 0.0), min(0.0, -0.0))
print(math.fmod(-4.0, 2.0), -4.0 % 2.0, 4.0 % -2.0, math.sqrt(-0.0))
def neg(v):
    return -v
acc = []
for v in [0.0, 0, 1.5, -0.0]:
    for _ in range(500):
        r = neg(v)
    acc.append(r)
print(acc)
print(1 / float("inf") * -1, -0.0 ** 2, (-0.0) ** 2, (-0.0) ** 3)
