# Lambdas, comprehensions and names in annotations
def f(a: (lambda: int)() = 1, *args: [t for t in (str,)][0], b: {k: v for k, v in [(1, 2)]} = 2, **kw: (lambda x: x)(float)) -> (lambda: bytes)():
    return a
print(f.__annotations__)
print(f())

def outer():
    y = list
    def g(x: (lambda: y)()) -> [y for _ in range(1)]:
        return x
    return g
print(outer().__annotations__)

class C:
    x: (lambda: int)() = 3
    z: [i for i in range(3)]
    def m(self, p: (lambda: C)) -> None: pass
print(C.__annotations__ if False else sorted(C.__annotations__))
print(C.__annotations__['z'])

v: (lambda: dict)() = {}
w: [n * 2 for n in range(2)]
print(__annotations__['v'], __annotations__['w'])

def h():
    q: int
    try:
        print(q)
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
h()

def k():
    r: (lambda: undefined_name)
    return 5
print(k())

def gen():
    def inner(a: (yield 1)) -> None: pass
    return inner
g = gen()
print(next(g))
try:
    g.send(str)
except StopIteration as e:
    print(e.value.__annotations__)
