# An argument the called function lets go of dies there, also when the
# function is compiled (the caller's stack gives its arguments up).
class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def consume(obj, n):
    label = obj.name
    obj = None
    print("after rebinding", label)
    return n + 1


def keep(obj, n):
    print("keeping", obj.name)
    return n


total = 0
for i in range(1200):
    if i % 400 == 0:
        total = consume(Tracked("t%d" % i), total)
        total = keep(Tracked("k%d" % i), total)
    else:
        total = consume(Tracked("quiet"), total) if i < 0 else total + 1
print(total)


def consume_kw(n, *, obj):
    label = obj.name
    obj = None
    print("after rebinding keyword", label)
    return n


def driver(n):
    t = 0
    for i in range(n):
        if i % 500 == 0:
            t = consume_kw(t, obj=Tracked("kw%d" % i))
        t += 1
    return t


print(driver(1200))
# jit-compiles: <module>, driver
