# Changing a dict while iterating over it: a size change, or keys replaced
# at the same size, raise RuntimeError (CPython's dict iterator counts the
# entries it may still produce).
def attempt(label, body):
    try:
        body()
        print(label, "no error")
    except RuntimeError as e:
        print(label, "RuntimeError:", e)


def replace_keys():
    d = {1: 1, 2: 2}
    for k in d:
        del d[k]
        d[k + 10] = 1


def replace_via_values():
    d = {1: 1, 2: 2, 3: 3}
    for v in d.values():
        d.pop(1, None)
        d[4] = 4


def replace_via_items():
    d = {"a": 1, "b": 2}
    for k, v in d.items():
        d.pop(k)
        d[k * 2] = v


def grow():
    d = {1: 1}
    for k in d:
        d[k + 1] = 1


def shrink():
    d = {1: 1, 2: 2}
    for k in d:
        del d[2]


def update_values_only():
    d = {1: 1, 2: 2}
    for k in d:
        d[k] = k * 10
    return d


def replace_then_stop():
    d = {1: 1, 2: 2}
    it = iter(d)
    next(it)
    del d[1]
    d[3] = 3
    return list(it)


for f in (replace_keys, replace_via_values, replace_via_items, grow, shrink):
    for _ in range(3):
        attempt(f.__name__, f)
print(update_values_only())
attempt("replace_then_stop", replace_then_stop)
s = {1, 2, 3}
for x in list(s):
    s.discard(x)
    s.add(x + 10)
print(sorted(s))
