# Locals that change type inside compiled code (widened to boxed values),
# return values of several types, deleted and unbound locals.
def mixed(n):
    x = 0
    out = []
    for i in range(n):
        if i % 4 == 0:
            x = i
        elif i % 4 == 1:
            x = str(i)
        elif i % 4 == 2:
            x = None
        else:
            x = float(i) / 2
        out.append(x)
    return out[-4:], len(out)


def pick(flag, v):
    if flag == 0:
        return v
    if flag == 1:
        return str(v)
    if flag == 2:
        return [v]
    return v / 2


def deleted(n):
    acc = []
    for i in range(n):
        tmp = [i]
        acc.append(tmp)
        del tmp
    try:
        return tmp
    except UnboundLocalError as e:
        return len(acc), str(e)


def maybe(n):
    for i in range(n):
        if i > 10**9:
            late = i
    return late


for r in range(3):
    print(mixed(2000))
print([pick(f % 4, f) for f in range(12)] * 1 == [pick(f % 4, f) for f in range(12)])
total = []
for f in range(4000):
    total.append(pick(f % 4, f))
print(total[-8:])
print(deleted(1500))
try:
    maybe(1500)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
# jit-compiles: <module>, deleted, maybe, mixed, pick
