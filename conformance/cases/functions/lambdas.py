# Lambdas
sq = lambda x: x * x
print(sq(7), (lambda: "no args")())
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
print(list(map(lambda x: x + 1, [1, 2, 3])))
print(list(filter(lambda x: x % 2, range(10))))
ops = {"+": lambda a, b: a + b, "*": lambda a, b: a * b}
print(ops["+"](3, 4), ops["*"](3, 4))
print(sq.__name__)
compose = lambda f, g: lambda x: f(g(x))
inc_then_sq = compose(sq, lambda x: x + 1)
print(inc_then_sq(4))
print((lambda *a, **k: (a, k))(1, 2, z=3))
