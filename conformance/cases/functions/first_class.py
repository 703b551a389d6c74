# Functions as values, __name__
def square(x):
    return x * x
def cube(x):
    return x ** 3
fns = [square, cube, abs]
print([f(-3) for f in fns])
print(square.__name__, cube.__name__, abs.__name__)
alias = square
print(alias(5), alias.__name__, alias is square)
def apply(f, *args):
    return f(*args)
print(apply(max, 3, 9, 2), apply(square, 6))
table = {"sq": square, "cu": cube}
print(table["cu"](2))
print(callable(square), callable(5))
def returns_fn():
    return square
print(returns_fn()(12))
print(type(square).__name__)
