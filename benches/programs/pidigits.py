# Benchmark: big integers (digits of pi from Machin's formula in scaled integers).
# Usage: pidigits.py [N]  -- prints the last 10 of N digits and the digit sum.
import sys


def arctan_inv(x, scale):
    # arctan(1/x) * scale, by the alternating series, in integers.
    total = term = scale // x
    x2 = x * x
    k = 1
    while term:
        term //= x2
        k += 2
        if k % 4 == 3:
            total -= term // k
        else:
            total += term // k
    return total


def decimal(x):
    # str() of a huge int in 1000-digit pieces (Python limits the size of a
    # single int-to-str conversion).
    piece = 10 ** 1000
    parts = []
    while x >= piece:
        x, r = divmod(x, piece)
        parts.append(str(r).zfill(1000))
    parts.append(str(x))
    return "".join(reversed(parts))


def pi_digits(n):
    guard = 10
    scale = 10 ** (n + guard)
    pi = 4 * (4 * arctan_inv(5, scale) - arctan_inv(239, scale))
    return decimal(pi // 10 ** guard)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 42000
    digits = pi_digits(n)
    print(f"{digits[-10:]} digit sum {sum(int(d) for d in digits)}")


main()
