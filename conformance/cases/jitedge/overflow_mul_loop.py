# a hot loop whose int leaves the machine-word range midway must switch to big ints silently
x = 1
checkpoints = {}
for i in range(200):
    x *= 3
    if i in (38, 39, 40, 63, 199):
        checkpoints[i] = x
print(x)
print(type(x).__name__, x.bit_length())
for k, v in checkpoints.items():
    print(k, v)

def add_loop(start, step, n):
    total = start
    for _ in range(n):
        total += step
    return total

big = 2 ** 62
print(add_loop(big, big, 3), add_loop(-big, -big, 3))
print(add_loop(2 ** 63 - 5, 1, 10), add_loop(-(2 ** 63) + 5, -1, 10))

acc = 1
for i in range(1, 30):
    acc = acc * i - i
print(acc)
y = 2 ** 64
for i in range(65):
    y //= 2
print(y, type(y).__name__)
z = 1
for i in range(70):
    z <<= 1
print(z, z >> 69, -z >> 68)
n = -1
for i in range(40):
    n = n * 7
print(n, n % 1000, n // 10 ** 30)
