# Benchmark: permutations with list mutation (prefix reversals, "pancake flips").
# Usage: fannkuch.py [N]  -- prints the checksum and the maximum flip count.
import sys


def fannkuch(n):
    perm = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    r = n
    while True:
        while r > 1:
            count[r - 1] = r
            r -= 1
        # Count the flips of this permutation.
        p = perm[:]
        flips = 0
        first = p[0]
        while first != 0:
            i, j = 0, first
            while i < j:
                p[i], p[j] = p[j], p[i]
                i += 1
                j -= 1
            flips += 1
            first = p[0]
        max_flips = max(max_flips, flips)
        checksum += sign * flips
        sign = -sign
        # Next permutation by rotating prefixes.
        while True:
            if r == n:
                return checksum, max_flips
            head = perm[0]
            for i in range(r):
                perm[i] = perm[i + 1]
            perm[r] = head
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    # Twice, so that the default size runs for 1-2 s under CPython.
    for _ in range(2):
        checksum, flips = fannkuch(n)
    print(f"{checksum}\nPfannkuchen({n}) = {flips}")


main()
