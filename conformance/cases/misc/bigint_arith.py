# big-int arithmetic: factorials, powers, division, comparisons and conversions
import math
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
print(fact(25), fact(50))
print(fact(100) == math.factorial(100), len(str(fact(100))), str(fact(100))[-30:])
print(2 ** 100, 3 ** 80, (-2) ** 127, 10 ** 40 - 1)
print(pow(2, 200, 10 ** 9 + 7), pow(3, 1000, 1000), pow(-7, 3), pow(7, -1, 11))
a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, a * b)
print(b // a, b % a, -b // a, -b % a, b / a)
print(a == a + 0, a < b, -a > -b, a * 0, abs(-a), -(-a))
print(str(2 ** 200)[:20], len(str(7 ** 500)), sum(int(d) for d in str(2 ** 1000)))
print(math.gcd(fact(30), 2 ** 40 * 3 ** 5), math.isqrt(10 ** 41), int(math.sqrt(10 ** 40)))
print(hex(2 ** 100 - 1), bin(2 ** 70)[:10], oct(8 ** 30))
print((10 ** 30) // 7 * 7 + (10 ** 30) % 7 == 10 ** 30, float(2 ** 100), 2 ** 100 == float(2 ** 100))
x = 1
for i in range(1, 40):
    x = x * (2 ** 61 - 1) % (10 ** 50 + 151)
print(x)
print(int(str(fact(40))) == fact(40), fact(20) < 2 ** 63 <= fact(21), -(2 ** 63) - 1)
