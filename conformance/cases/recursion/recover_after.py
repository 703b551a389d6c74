# After a RecursionError, normal recursion still works
import sys
def inf(n):
    return inf(n + 1)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
for attempt in range(3):
    try:
        inf(0)
    except RecursionError:
        print("attempt", attempt, "RecursionError")
    print(depth(500))
sys.setrecursionlimit(100)
try:
    depth(500)
except RecursionError as e:
    print("limit 100:", type(e).__name__)
sys.setrecursionlimit(1000)
print(depth(800))
