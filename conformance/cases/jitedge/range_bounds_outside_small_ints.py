# Counted loops over ranges whose bounds are ints too big for an unboxed
# small int (beyond +-2**62): the counter must keep its value, in compiled
# code as in the interpreter (found by the differential fuzzer).
G = 0


def last_of(a, b):
    last = None
    for q in range(a, b):
        last = q
    return last


def summed(n):
    global G
    s = 0
    for i in range(n):
        for q in range(-2**62 - 5, -2**62):
            s = s + q
        G = G
    return s


def descending():
    out = []
    for q in range(2**62 + 2, 2**62 - 3, -1):
        out.append(q)
    return out


for _ in range(20):
    r = (last_of(-2**62 - 2, -2**62), last_of(2**62 - 3, 2**62 + 1), last_of(0, 5))
print(r)
print(summed(3), descending())
for q in range(2**63 - 3, 2**63):
    pass
print(q)
