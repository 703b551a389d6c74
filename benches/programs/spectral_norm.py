# Benchmark: nested calls on float lists (spectral norm of an implicit matrix).
# Usage: spectral_norm.py [N]  -- prints the norm (9 decimals) as the checksum.
import sys


def entry(i, j):
    # Element (i, j) of the infinite matrix 1 / (1 + (i+j)(i+j+1)/2 + i).
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(v, out, n):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += entry(i, j) * v[j]
        out[i] = s
    return 0


def times_transposed(v, out, n):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += entry(j, i) * v[j]
        out[i] = s
    return 0


def times_ata(v, out, tmp, n):
    times(v, tmp, n)
    times_transposed(tmp, out, n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        times_ata(u, v, tmp, n)
        times_ata(v, u, tmp, n)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print("%.9f" % ((vbv / vv) ** 0.5))


main()
