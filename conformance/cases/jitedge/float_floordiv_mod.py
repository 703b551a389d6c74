# float // and % follow the sign of the divisor, also inside a hot loop
pairs = [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (1.0, 0.1), (-1.0, 0.1),
         (0.0, -3.0), (-0.0, 3.0), (5, -0.5), (1e300, 7.0), (-3.5, 3.5), (2, 1.5)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b))

def fl(a, b):
    return a // b, a % b

acc = []
for i in range(-6, 7):
    for _ in range(50):
        r = fl(i * 1.25, -2.5 if i % 2 else 2.5)
    acc.append(r)
print(acc)
for a, b in [(1.0, 0.0), (1, 0.0), (0.0, 0.0)]:
    try:
        a // b
    except ZeroDivisionError as e:
        print("//", e)
    try:
        a % b
    except ZeroDivisionError as e:
        print("%", e)
print(-7 // 2.0, -7 % 2.0, 7 // -2, 7 % -2, -0.5 // 1, -0.5 % 1)
s = 0.0
for i in range(1, 1001):
    s += (i * -0.37) % 3.1
print(round(s, 6))
