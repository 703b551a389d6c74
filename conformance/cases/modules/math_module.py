# import math
import math
print(math.sqrt(16), math.sqrt(2))
print(math.pi, math.e)
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1))
print(type(math.floor(1.5)).__name__)
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6))
print(math.isqrt(17), math.isqrt(10 ** 20), math.isqrt(0))
print(math.inf, -math.inf, math.inf > 10 ** 300)
print(math.isnan(float("nan")), math.isinf(math.inf), math.isfinite(1.0))
print(math.fabs(-3), math.trunc(-3.9), math.factorial(20))
print(math.sin(0), math.cos(0), round(math.log(math.e), 6), math.log10(1000), math.log2(1024))
print(math.hypot(3, 4), math.pow(2, 10))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
