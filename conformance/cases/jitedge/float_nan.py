# NaN compares unequal to everything, including itself, in hot loops and containers
import math
nan = float("nan")
print(nan, repr(nan), -nan, nan == nan, nan != nan, nan < 1.0, nan > 1.0, nan >= nan)
print(math.isnan(nan), math.isnan(1.0), nan is nan)
count_eq = count_ne = count_lt = 0
for i in range(1000):
    x = nan if i % 4 == 0 else float(i)
    if x == x:
        count_eq += 1
    if x != x:
        count_ne += 1
    if x < 500.0:
        count_lt += 1
print(count_eq, count_ne, count_lt)
lst = [nan, 1.0]
print(nan in lst, float("nan") in lst, lst.count(nan), lst.index(nan))
print(float("nan") == float("nan"), [nan] == [nan], (nan,) == (nan,))
inf = float("inf")
print(inf - inf, inf * 0, 0 * nan, nan + 1, nan ** 0, 1 ** nan)
print(sorted([3.0, 1.0, 2.0]), min(1.0, 2.0), max([1.0, 5.0, 3.0]))
print(max(nan, 1.0), max(1.0, nan), min(nan, 1.0), min(1.0, nan))
s = 0.0
for v in [1.0, 2.0, nan, 3.0]:
    s += v
print(s, s == s)
try:
    int(nan)
except ValueError as e:
    print("ValueError:", e)
print(round(2.5), f"{nan:.3f}", "%f" % nan, str(nan).upper())
