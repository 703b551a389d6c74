# math.fsum is exact and correctly rounded (half even across partials);
# intermediate overflow of finite values is an OverflowError, infinities
# and nans are summed apart (inf + -inf is a ValueError).
import math
import random

cases = [
    [1e308, 1e308], [1e308, 1e308, -1e308], [-1e308, -1e308], [1.7976931348623157e308, 1e292],
    [1.7976931348623157e308, 9.979201547673598e291], [math.inf, 1.0], [-math.inf, 1e308, 1e308],
    [math.inf, -math.inf], [math.inf, math.inf], [math.nan, 1.0], [math.inf, math.nan],
    [math.nan, math.inf, -math.inf], [1e308, 1e308, math.inf], [math.inf, 1e308, 1e308],
    [0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50], [1e-16, 1, 1e16],
    [2.0**53, -0.5, -2.0**-54], [2.0**53, 1.0, 2.0**-100], [1.0, 1e-100, -1.0], [],
    [-0.0], [-0.0, -0.0], [0.0, -0.0], [1, 2, 3], [True, 2**53, 1], [5e-324, 5e-324, -5e-324],
    [1e16, 1.0, 1e-16], [3.0, -2.0**-52 * 3, 2.0**-105], [2.0**1023, 2.0**1023, -2.0**1023],
    [1.0, -1.0, 1e-308, -1e-308, 5e-324],
]
for c in cases:
    try:
        print(math.fsum(c).hex(), repr(math.fsum(c)))
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)

for bad in ([1, "x"], 5, [2**1024]):
    try:
        math.fsum(bad)
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)

# Sums of random magnitudes, each checked against the exact rational sum.
from fractions import Fraction

random.seed(23)
ok = 0
for i in range(400):
    xs = [random.uniform(-1, 1) * 2.0 ** random.randint(-60, 60) for _ in range(random.randint(1, 30))]
    xs += [-x for x in random.sample(xs, len(xs) // 3)]
    random.shuffle(xs)
    exact = float(sum(map(Fraction, xs), Fraction(0)))
    ok += math.fsum(xs) == exact
    if i < 20:
        print(math.fsum(xs).hex())
print("exact", ok)
print(math.fsum(iter([0.5] * 7)), math.fsum(x / 8 for x in range(20)), math.fsum(range(10)))
