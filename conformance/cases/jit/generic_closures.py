# Closures in compiled code: cells read and written by compiled code and by
# the functions it creates, shared with the interpreter after an exit.
def counter_factory(start):
    count = start

    def bump(k):
        nonlocal count
        count += k
        return count

    def peek():
        return count

    return bump, peek


def make_adders(n):
    adders = []
    for i in range(n):
        adders.append(lambda x, i=i: x + i)
    total = 0
    for f in adders:
        total = total + f(10)
    return total


def outer(n):
    acc = []

    def push(v):
        acc.append(v)

    for i in range(n):
        push(i * 2)
    return len(acc), acc[-3:]


def shadow(n):
    x = 0

    def get():
        return x

    seen = []
    for i in range(n):
        x = i
        if i % 700 == 0:
            seen.append(get())
    return seen


def unbound_cell(n):
    def use():
        return late
    for i in range(n):
        pass
    try:
        return use()
    except NameError as e:
        r = "NameError: " + str(e)
    late = 1
    return r, use()


bump, peek = counter_factory(5)
for i in range(2000):
    bump(1)
print(peek(), bump(0))
print(make_adders(1500))
print(outer(3000))
print(shadow(3000))
print(unbound_cell(1200))
# jit-compiles: <module>, counter_factory.<locals>.bump, make_adders, outer, outer.<locals>.push, shadow, unbound_cell
