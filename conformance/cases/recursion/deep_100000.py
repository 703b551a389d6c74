# With a raised limit, recursion of depth 100000 works
import sys
sys.setrecursionlimit(200000)
def f(n):
    return 0 if n == 0 else 1 + f(n - 1)
print(f(100000))
print(f(50000) + f(10))
