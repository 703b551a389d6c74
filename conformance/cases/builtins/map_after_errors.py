# map keeps going after its function raises, over one iterable and several;
# a map advanced from inside its own function; sorting stability with
# Python __lt__ on runs and on equal keys.
it = map(lambda x: 1 / x, [1, 0, 2, 4])
print(next(it))
try:
    next(it)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
print(next(it), list(it), list(it))

it2 = map(lambda a, b: a / b, [1, 2, 3], [1, 0, 3])
print(next(it2))
try:
    next(it2)
except ZeroDivisionError:
    print("ZeroDivisionError")
print(list(it2))

src = iter(range(10))
m = None


def pull(x):
    # Advances the same map from inside its function.
    if x == 2:
        return ("inner", next(m))
    return x


m = map(pull, src)
print(list(m))


def gen():
    yield 1
    raise ValueError("from the iterable")


it3 = map(str, gen())
print(next(it3))
try:
    next(it3)
except ValueError as e:
    print("ValueError", e)
print(list(it3))


class K:
    def __init__(self, v, tag):
        self.v, self.tag = v, tag

    def __lt__(self, other):
        return self.v < other.v


data = [K(i % 7, i) for i in range(300)]
out = sorted(data)
print([k.tag for k in out[:20]], all(a.v <= b.v for a, b in zip(out, out[1:])))
print([k.tag for k in sorted(data, reverse=True)[:20]])
runs = [K(v, i) for i, v in enumerate(list(range(50)) * 4 + list(range(100, 0, -1)))]
print([k.tag for k in sorted(runs)][:30])
