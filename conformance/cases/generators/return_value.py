# return inside a generator ends iteration; the value rides on StopIteration.value
def gen_with_return(n):
    for i in range(n):
        yield i
    return "done:" + str(n)

g = gen_with_return(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("value", repr(e.value))
    print("args", e.args)

def bare_return():
    yield 1
    return

g = bare_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("bare value", e.value)

def early(flag):
    yield "first"
    if flag:
        return [1, 2]
    yield "second"
    return None

print(list(early(True)), list(early(False)))
g = early(True)
next(g)
try:
    next(g)
except StopIteration as e:
    print(e.value, type(e.value).__name__)

def drive(gen):
    results = []
    while True:
        try:
            results.append(next(gen))
        except StopIteration as e:
            return results, e.value

print(drive(gen_with_return(3)))
print(drive(gen_with_return(0)))
