# Benchmark: nested integer loops and float arithmetic on local variables.
# Usage: loops.py [N]   -- prints a checksum that depends on every iteration.
import sys


def int_loops(n):
    total = 0
    for i in range(n):
        j = 0
        while j < n:
            total = (total + i * j + (i ^ j)) % 1000003
            j += 1
    return total


def float_loops(n):
    x = 0.0
    y = 1.0
    acc = 0.0
    for i in range(n * n):
        x = x * 0.5 + y * 0.25 + 1.0
        y = y * 0.75 - x * 0.125 + 0.5
        acc += x * y / (1.0 + i % 7)
    return acc


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    a = int_loops(n)
    b = float_loops(n)
    print(f"int checksum = {a}")
    print(f"float checksum = {b:.6f}")


main()
