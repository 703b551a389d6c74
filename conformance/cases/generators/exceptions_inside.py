# exceptions raised inside a generator reach the caller; the generator is then finished
def risky(items):
    for x in items:
        yield 10 // x

g = risky([5, 2, 0, 1])
print(next(g), next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print("caught:", e)
print(next(g, "finished"))

def guarded(items):
    for x in items:
        try:
            yield 10 // x
        except ZeroDivisionError:
            print("guarded caught the division inside its own try")
            yield None

def safe(items):
    for x in items:
        try:
            v = 10 // x
        except ZeroDivisionError:
            v = "inf"
        yield v

print(list(safe([5, 0, 3])))
print(list(guarded([1, 0, 2])))

def raises_stop():
    yield 1
    raise StopIteration("manual")

try:
    list(raises_stop())
except RuntimeError as e:
    print("RuntimeError:", e)

def keyed(d, keys):
    for k in keys:
        yield d[k]

try:
    for v in keyed({"a": 1}, ["a", "b"]):
        print("value", v)
except KeyError as e:
    print("KeyError", e)
