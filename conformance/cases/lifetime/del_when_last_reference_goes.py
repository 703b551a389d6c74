# __del__ runs when the last reference goes, before the next instruction,
# whatever drops it: rebinding, del, pop, a temporary, a function's
# locals on return, an exception handler's name; in hot loops too.
import weakref

log = []


class A:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        log.append(self.n)


def rebinding():
    a = A(1)
    a = None
    s1 = log[:]
    b = A(2)
    del b
    s2 = log[:]
    x = [A(3)]
    x.pop()
    s3 = log[:]
    A(4)
    s4 = log[:]
    return s1, s2, s3, s4


def returns():
    def make():
        local = A(5)
        return 0

    make()
    return log[-1]


def in_handler():
    try:
        raise ValueError(A(6))
    except ValueError as e:
        pass
    return log[-1]


def hot(n):
    seen = []
    for i in range(n):
        a = A(i)
        a = None
        seen.append(log[-1] == i)
    return all(seen)


def attr_and_item():
    class Box:
        pass

    b = Box()
    b.x = A(7)
    b.x = None
    s1 = log[-1]
    d = {"k": A(8)}
    del d["k"]
    s2 = log[-1]
    return s1, s2


print(rebinding())
print(returns(), in_handler(), attr_and_item())
for _ in range(3):
    print(hot(100))


class B:
    pass


def weak(n):
    dead = 0
    for i in range(n):
        b = B()
        r = weakref.ref(b)
        b = None
        dead += r() is None
    return dead


print(weak(200))
