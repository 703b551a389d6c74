# Benchmark: naive recursive Fibonacci (function call overhead, int arithmetic).
# Usage: fib.py [N]   -- prints fib(N) as the checksum.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 35
    print(f"fib({n}) = {fib(n)}")


main()
