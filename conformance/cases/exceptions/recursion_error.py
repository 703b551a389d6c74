# RecursionError from unbounded recursion
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError as e:
    print(type(e).__name__)
    print(isinstance(e, RuntimeError))
def count_depth(n):
    try:
        return count_depth(n + 1)
    except RecursionError:
        return n
print(count_depth(0) > 100)
print("still works", forever.__name__)
