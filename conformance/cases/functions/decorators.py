# Plain function decorators
def logged(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__, args)
        result = fn(*args, **kwargs)
        print("returned", result)
        return result
    return wrapper
@logged
def add(a, b):
    return a + b
add(2, 3)
def repeat(n):
    def deco(fn):
        def wrapper(x):
            for _ in range(n):
                x = fn(x)
            return x
        return wrapper
    return deco
@repeat(3)
def double(x):
    return x * 2
print(double(1))
calls = []
def register(fn):
    calls.append(fn.__name__)
    return fn
@register
def a():
    return "a"
@register
@logged
def b():
    return "b"
print(calls, a(), b())
