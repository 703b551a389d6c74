# Benchmark: sequence packing and unpacking (swaps, tuple returns, starred targets, pairs).
# Usage: unpack_seq.py [N]  -- prints the accumulated values as the checksum.
import sys


def divmod_pair(a, b):
    return a // b, a % b


def rotate(t):
    first, *rest = t
    return (*rest, first)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    a, b = 1, 2
    acc = 0
    point = (3, 4, 5)
    pairs = [(i, i * i % 17) for i in range(64)]
    for i in range(n):
        a, b = b, a + i % 5
        q, r = divmod_pair(a + 7, 3 + i % 4)
        x, y, z = point
        point = y, z, x + (i & 1)
        acc += q - r + x * y - z
        if i % 64 == 0:
            for k, v in pairs:
                acc += k ^ v
            point = rotate(point)
    print(acc, a, b, point)


main()
