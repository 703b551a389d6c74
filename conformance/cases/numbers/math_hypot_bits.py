# math.hypot and math.dist are bit-identical to CPython 3.11's vector_norm
# (scaled, exactly squared and summed, one differential correction), for
# two or more coordinates, subnormals, huge values, infinities and nans.
import math
import random
import struct

random.seed(17)


def rnd():
    k = random.random()
    if k < 0.15:
        return struct.unpack("<d", struct.pack("<Q", random.getrandbits(64)))[0]
    if k < 0.25:
        return random.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324,
                              2.2250738585072014e-308, 1.7976931348623157e308, 1.0, 3.0, 4.0])
    if k < 0.35:
        return random.random() * 2.0 ** random.randint(-1074, -1000)
    if k < 0.45:
        return random.random() * 2.0 ** random.randint(1000, 1023)
    if k < 0.6:
        return float(random.randint(-1000, 1000))
    return random.uniform(-1, 1) * 10.0 ** random.randint(-20, 20)


def show(r):
    return r.hex() if r == r else "nan"


rows = []
for i in range(3000):
    n = random.choice([2, 2, 2, 3, 4, 5, 10])
    v = [rnd() for _ in range(n)]
    if random.random() < 0.3:
        e = random.randint(-1070, 1020)
        v = [random.random() * 2.0 ** e for _ in range(n)]
    q = [rnd() for _ in range(n)]
    rows.append(show(math.hypot(*v)) + " " + show(math.dist(v, q)))
for i in range(0, len(rows), 4):
    print(" ".join(rows[i : i + 4]))

print(math.hypot(), math.hypot(-3.0), math.hypot(math.nan, math.inf), math.hypot(math.nan, 1))
print(math.hypot(3, 4), math.hypot(True, 2**40), math.hypot(-math.inf, math.nan, 1.0))
print(math.hypot(1e308, 1e308), math.hypot(5e-324, 5e-324), math.hypot(1e-310, 3e-310, 2e-311))
print(math.dist((1, 2), (4, 6)), math.dist([0.0], [-2.5]), math.dist((), ()))
for bad in [lambda: math.hypot("x"), lambda: math.hypot(2**1024), lambda: math.dist((1,), (1, 2))]:
    try:
        bad()
    except (TypeError, OverflowError, ValueError) as e:
        print(type(e).__name__, e)
