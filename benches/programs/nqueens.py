# Benchmark: backtracking search (N-queens with sets of attacked columns and diagonals).
# Usage: nqueens.py [N]  -- prints the number of solutions as the checksum.
import sys


def solve(n, row, cols, diag1, diag2):
    if row == n:
        return 1
    count = 0
    for c in range(n):
        if c in cols or (row + c) in diag1 or (row - c) in diag2:
            continue
        cols.add(c)
        diag1.add(row + c)
        diag2.add(row - c)
        count += solve(n, row + 1, cols, diag1, diag2)
        cols.remove(c)
        diag1.remove(row + c)
        diag2.remove(row - c)
    return count


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    total = 0
    for size in range(4, n + 1):
        total += solve(size, 0, set(), set(), set())
    print(f"solutions for 4..{n} queens: {total}")


main()
