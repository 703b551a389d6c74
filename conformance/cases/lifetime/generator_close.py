# A generator dropped while suspended in try/finally or with is closed.


class CM:
    def __enter__(self):
        print("  enter")
        return self

    def __exit__(self, *exc):
        print("  exit", exc[0].__name__ if exc[0] else None)
        return False


def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("  finally")


def with_cm():
    with CM():
        yield "x"


def plain():
    yield 1
    yield 2


print("finally on del")
g = with_finally()
print(next(g))
del g
print("after del")

print("with block on del")
g = with_cm()
print(next(g))
g = None
print("after rebinding")

print("not started: nothing runs")
g = with_finally()
del g

print("exhausted: nothing runs")
g = with_finally()
print(list(g))
del g

print("plain generator")
g = plain()
next(g)
del g

print("break out of a for loop over a generator")
for x in with_finally():
    print("  got", x)
    break
print("after loop")


def catches():
    try:
        yield 1
    except GeneratorExit:
        print("  caught GeneratorExit")
        raise


g = catches()
next(g)
del g

print("a generator that yields in finally is reported")


def stubborn():
    try:
        yield 1
    finally:
        yield 2


g = stubborn()
next(g)
del g
print("end")
