# yield from: values, send, throw and close are delegated; the return value is the result
def inner():
    try:
        x = yield 1
        print("inner got", x)
        y = yield 2
        print("inner got", y)
    finally:
        print("inner finally")
    return "inner-result"

def outer():
    r = yield from inner()
    print("outer got", r)
    yield from [10, 20]
    yield from range(2)
    return "done"

g = outer()
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(list(g))
def catcher():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught in inner", e)
        yield "recovered"
def deleg():
    v = yield from catcher()
    yield "after"
g = deleg()
print(next(g))
print(g.throw(ValueError("boom")))
print(next(g))
g2 = deleg()
next(g2)
g2.close()
print("closed")
def gen_ret():
    yield 1
    return 42
def take():
    x = yield from gen_ret()
    print("x =", x)
print(list(take()))
