# Unbounded recursion raises RecursionError
def down(n):
    return down(n - 1)
try:
    down(0)
except RecursionError as e:
    print(type(e).__name__)
def mutual_a(n):
    return mutual_b(n + 1)
def mutual_b(n):
    return mutual_a(n + 1)
try:
    mutual_a(0)
except RecursionError as e:
    print(type(e).__name__)
print("recovered", down.__name__)
