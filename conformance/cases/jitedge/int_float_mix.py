# mixed int/float/bool arithmetic in loops: promotion rules, true division, comparisons
acc_i = 0
acc_f = 0
for i in range(1, 1001):
    acc_i += i // 3
    acc_f += i / 3
print(acc_i, acc_f, type(acc_f).__name__)
b = 0
for flag in [True, False, True, True] * 250:
    b += flag
print(b, type(b).__name__, True + True, True * 2.5, -True, ~True)
mixed = 0
for i in range(100):
    mixed = mixed + (i if i % 2 else 0.5)
print(mixed)
print(7 / 7, type(7 / 7).__name__, 2 ** -1, 2 ** 10, 2.0 ** 10, 10 ** 20 / 10 ** 10)
print(1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53), 0.1 + 0.2 == 0.3)
print(int(2.9), int(-2.9), float(3), 3 * 1.0, 10 // 4.0, 10 % 4.0, -10 // 4, -10 % 4)
big = 10 ** 20
print(big + 0.5, big * 1.0, big / 3, big // 3.0, (big + 1) == float(big + 1), big < float("inf"))
x = 1
for i in range(60):
    x = x * 2 if i < 55 else x / 2
print(x, type(x).__name__)
pts = [(1, 2), (3.5, -1), (True, 4)]
print([a * b for a, b in pts], sum(a for a, _ in pts), max(b for _, b in pts))
h = 0
for i in range(500):
    h = (h * 31 + i) % 1000000007
print(h)
