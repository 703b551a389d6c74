# Small while-loop algorithms
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
print(gcd(48, 18), gcd(17, 5), gcd(0, 9))
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(n) for n in range(1, 12)])
def digits(n):
    out = []
    while n > 0:
        n, d = divmod(n, 10)
        out.append(d)
    return out[::-1]
print(digits(90210), digits(2 ** 70))
lo, hi = 0, 100
target = 37
tries = 0
while lo <= hi:
    mid = (lo + hi) // 2
    tries += 1
    if mid == target:
        break
    elif mid < target:
        lo = mid + 1
    else:
        hi = mid - 1
print("found", mid, "in", tries)
