# Special float values: inf, nan, -0.0
inf = float("inf")
nan = float("nan")
print(inf + 1, inf - inf, inf * 0)
print(nan == nan, nan != nan, nan < 1, nan > 1)
print(inf > 10 ** 100, -inf < -10 ** 100)
print(-0.0 == 0.0, repr(-0.0))
print(1 / inf, -1 / inf)
print(inf == inf, inf * -1)
print(abs(-0.0), abs(-inf))
x = 0.0
print(-x)
print(min(inf, 3), max(-inf, -3))
print(int(2.9), int(-2.9))
