# Functions the JIT compiles (int/float/bool kernels, self-recursion) must
# behave exactly like the interpreter: overflow into big ints, division by
# zero, recursion limits and a rebound function name all take the same path.
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def grow(n):
    x = 1
    i = 0
    while i < n:
        x = x * 3          # leaves the small-int range after ~39 steps
        i += 1
    return x


def floor_ops(a, b):
    return a // b, a % b


def floats(n):
    x = 0.0
    i = 0
    while i < n:
        x = x * 0.5 + 1.0
        i = i + 1
    return x


def neg_zero(x):
    return -x


def down(n):
    return 0 if n == 0 else 1 + down(n - 1)


for _ in range(3):
    print(fib(15), grow(10), grow(45), type(grow(45)).__name__)
    print(floor_ops(7, 2), floor_ops(-7, 2), floor_ops(7, -2))
    print(floats(60), neg_zero(0.0), neg_zero(5), 7 / 2)
for a, b in [(1, 0), (5, 0)]:
    try:
        floor_ops(a, b)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
print(down(500))
try:
    down(10 ** 6)
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(20000)
print(down(15000))
old_fib = fib


def fib(n):
    return -1


print(old_fib(10))
print(floor_ops(2 ** 62, 1) == (2 ** 62, 0))
print(floor_ops(-(2 ** 62), -1))
# jit-compiles: down, fib
