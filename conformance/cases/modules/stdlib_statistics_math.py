import math, statistics, numbers
print(math.erf(0.5), math.erfc(0.5), math.ulp(1.0), math.nextafter(1, 2), math.remainder(5, 3), math.acosh(2), math.atanh(0.5), math.asinh(1), math.exp2(10))
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.stdev([1, 2, 3, 4]), statistics.NormalDist(0, 1).cdf(1.0), statistics.mode([1, 1, 2]))
print(isinstance(0, numbers.Integral), isinstance(0.5, numbers.Rational), issubclass(int, numbers.Real), isinstance(1j, numbers.Complex))
class A: pass
class B(A): pass
class C(A): pass
print(A.__subclasses__())
try:
    math.acosh(0)
except ValueError as e:
    print("ValueError:", e)
