# *args and **kwargs collected and forwarded through wrapper functions
def target(a, b, c=3, *rest, key=None, **extra):
    return f"a={a} b={b} c={c} rest={rest} key={key} extra={sorted(extra.items())}"

def wrapper(*args, **kwargs):
    print("wrapper got", args, sorted(kwargs.items()))
    return target(*args, **kwargs)

print(wrapper(1, 2))
print(wrapper(1, 2, 4, 5, 6, key="k", z=26, y=25))
print(wrapper(*[1], **{"b": 2}))
print(target(*(1, 2), *[3, 4], **{"key": 0}, **{"q": 1}))
def call_with(f, *a, **kw):
    return f(*a, **kw)
print(call_with(max, 3, 9, 4), call_with(sorted, [3, 1, 2], reverse=True))
print(call_with(dict, [("a", 1)], b=2))
def count_args(*args, **kwargs):
    return len(args), len(kwargs)
print(count_args(), count_args(*range(5)), count_args(*"abc", **dict(x=1)))
try:
    target(1, 2, **{"a": 5})
except TypeError as e:
    print("TypeError:", e)
try:
    wrapper(1, 2, **{"key": 1}, **{"key": 2})
except TypeError as e:
    print("TypeError for duplicate key in ** merge")
first, *middle, last = range(6)
print(first, middle, last)
print(*[1, 2, 3], sep="-")
print([*range(3), *"xy"], {**{"a": 1}, "b": 2, **{"a": 3}})
def defaults(x, y=10, *args):
    return x, y, args
print(defaults(1), defaults(*[1, 2, 3]))
