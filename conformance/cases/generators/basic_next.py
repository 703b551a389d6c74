# generator functions driven by next(): values in order, StopIteration at exhaustion
def count_to(n):
    print("start")
    i = 1
    while i <= n:
        yield i
        i += 1
    print("end")

g = count_to(3)
print(type(g).__name__)
print("created, nothing run yet")
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", repr(e.value), e.args)
try:
    next(g)
except StopIteration:
    print("still exhausted")
print(next(g, "default"))

def empty():
    return
    yield

print(list(empty()))
print(next(empty(), "nothing"))
g2 = count_to(0)
try:
    next(g2)
except StopIteration:
    print("count_to(0) stops at once")
print(iter(g2) is g2)
