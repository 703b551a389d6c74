# generators closing over enclosing variables; values are read when the generator runs
def make_gen(step):
    def gen(n):
        for i in range(n):
            yield i * step
    return gen

by3 = make_gen(3)
by5 = make_gen(5)
print(list(by3(4)), list(by5(3)))

def counter_gen():
    state = {"calls": 0}
    def gen():
        while state["calls"] < 3:
            state["calls"] += 1
            yield state["calls"]
    return gen, state

gen, state = counter_gen()
print(list(gen()), state)

factor = 2
def scaled(xs):
    for x in xs:
        yield x * factor

g = scaled([1, 2, 3])
print(next(g))
factor = 10
print(list(g))

def outer():
    prefix = "a"
    def inner():
        yield prefix + "1"
        yield prefix + "2"
    it = inner()
    first = next(it)
    prefix = "b"
    return first, next(it)

print(outer())
gens = [(lambda k: (k * j for j in range(3)))(k) for k in range(3)]
print([list(g) for g in gens])
late = [(x for _ in range(2)) for x in range(3)]
print([list(g) for g in late])
