# infinities, overflow to inf, and operations that raise OverflowError instead
import math
inf = float("inf")
print(inf, -inf, repr(inf), inf + 1, inf * -2, 1 / inf, -1 / inf, inf / 1e308)
print(1e308 * 10, -1e308 * 10, 1e308 + 1e308, 1e308 * 10 == inf, math.isinf(1e308 * 10))
print(inf > 10 ** 400, -inf < -(10 ** 400), inf == inf, inf - 1e308)
x = 1.0
steps = 0
while x != inf:
    x *= 2.0
    steps += 1
print("doubled to inf in", steps, "steps")
y = 1.0
for i in range(2000):
    y *= 1.5
print(y)
checks = [("2.0 ** 5000", lambda: 2.0 ** 5000), ("math.exp(1000)", lambda: math.exp(1000)),
          ("float(10 ** 400)", lambda: float(10 ** 400)), ("10 ** 400 / 1", lambda: 10 ** 400 / 1),
          ("int(inf)", lambda: int(inf)), ("2 ** 0.5 * 1e308", lambda: 2 ** 0.5 * 1e308)]
for label, fn in checks:
    try:
        print(label, fn())
    except (OverflowError, ValueError) as e:
        print(label, type(e).__name__)
try:
    int(-inf)
except OverflowError as e:
    print("OverflowError:", e)
print(inf // 1, inf % 5, divmod(7.5, inf), divmod(-7.5, inf))
print(5.0 % inf, -5.0 % inf, 5.0 // inf, -5.0 // inf)
print(math.inf == inf, float("-inf") == -math.inf, max(inf, 1), min(-inf, 0))
print(f"{inf:.2f} {-inf:e} {inf:>6}", "%g" % inf, int(1e308) % 10 ** 9)
total = 0.0
for v in [1e308, 1e308, -1e308]:
    total += v
print(total)
