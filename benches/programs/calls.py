# Benchmark: a loop of calls of small functions (call overhead, int arithmetic).
# Usage: calls.py [N]  -- prints the accumulated total as the checksum.
import sys


def clamp(x, lo, hi):
    return max(lo, min(x, hi))


def mix(a, b):
    return (a * 31 + b) % 1000003


def step(acc, i):
    return mix(acc, clamp(i % 97 - 40, 0, 50)) + abs(i % 7 - 3)


def run(n):
    acc = 0
    for i in range(n):
        acc = step(acc, i)
    return acc


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    print("total =", run(n))


main()
