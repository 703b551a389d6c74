# Calls nested in the arguments of other calls, all compiled: a failure
# inside a nested callee (overflow, ZeroDivisionError, recursion budget)
# re-evaluates the whole expression in the interpreter, which is exact
# because compiled callees have no side effects; rebinding a nested callee
# is honoured.
def clamp(x, lo, hi):
    return max(lo, min(x, hi))
def mix(a, b):
    return (a * 31 + b) % 1000003
def inv(x):
    return 1.0 / x
def grow(x):
    return x * 1000003
def step(acc, i):
    return mix(acc, clamp(i % 97 - 40, 0, 50)) + abs(i % 7 - 3)
def run(n):
    acc = 0
    for i in range(n):
        acc = step(acc, i)
    return acc
def invsum(n, k):
    s = 0.0
    for i in range(n):
        s += inv(i - k) + inv(k + 1)
    return s
def blow(x, n):
    for i in range(n):
        x = grow(grow(x) % 1000) + 1
    return grow(grow(grow(grow(x))))
print(run(5000))
try:
    print(invsum(3000, 2500))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(invsum(3000, -5))
print(blow(7, 3000))
def clamp(x, lo, hi):
    return lo
print(run(5000))
# jit-compiles: blow, clamp, grow, inv, invsum, mix, run, step
