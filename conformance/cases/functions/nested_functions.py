# Nested function definitions
def outer(a):
    def helper(b):
        return a * b
    def twice(b):
        return helper(helper(b))
    return twice(3)
print(outer(2))
def make_ops():
    def add(a, b):
        return a + b
    def sub(a, b):
        return a - b
    return [add, sub]
for op in make_ops():
    print(op.__name__, op(10, 3))
def fact(n):
    def go(k, acc):
        return acc if k <= 1 else go(k - 1, acc * k)
    return go(n, 1)
print(fact(10))
