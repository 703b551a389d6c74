# divmod, // and % with negative operands: quotient floors, remainder takes divisor's sign
for a in (7, -7, 0, 6, -6):
    for b in (3, -3, 1, -1):
        q, r = divmod(a, b)
        print(a, b, q, r, q * b + r == a, a // b == q, a % b == r)
print(divmod(-1, 10), divmod(1, -10), divmod(-10 ** 20, 7), divmod(10 ** 20, -7))
print(divmod(7.5, -2), divmod(-7.5, 2), divmod(-0.0, 1), divmod(2 ** 70, 2 ** 35 - 1))
print(-(7 // 2), (-7) // 2, -7 // 2, int(-7 / 2), -(-7 // 2))
print(divmod(True, 2), divmod(-5, True))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    divmod(1.0, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
seconds = 100000
m, s = divmod(seconds, 60)
h, m = divmod(m, 60)
d, h = divmod(h, 24)
print(f"{d}d {h:02d}:{m:02d}:{s:02d}")
neg = -3725
print(divmod(neg, 60), divmod(abs(neg), 60))
