# the same function called 10000 times with ints, then floats, then strings, then mixed
def combine(a, b):
    return a * 2 + b

def run(args, n=10000):
    r = None
    for _ in range(n):
        r = combine(*args)
    return r

print(run((3, 4)))
print(run((1.5, 0.25)))
print(run(("ab", "c")))
print(run(([1], [2])))
print(run((True, 1)))
print(run((2 ** 70, 1)))
print(run((3, 4)))

def describe(x):
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int"
    if isinstance(x, float):
        return "float"
    return type(x).__name__

counts = {}
values = [1, 2.0, "s", True, None, 10 ** 30, (1,), [], 0.0]
for i in range(10000):
    k = describe(values[i % len(values)])
    counts[k] = counts.get(k, 0) + 1
print(sorted(counts.items()))

def halve(x):
    return x / 2
print(halve(10), halve(7), halve(7.0), halve(2 ** 60 + 1), halve(True))
try:
    for i, v in enumerate([4] * 5000 + ["x"]):
        halve(v)
except TypeError as e:
    print("TypeError at", i, ":", e)
