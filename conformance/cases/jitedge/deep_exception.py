# exceptions raised several calls deep inside a hot loop, caught outside the loop or per iteration
def level3(x):
    if x == 777:
        raise ValueError("bad input " + str(x))
    if x == 900:
        return [][x]
    return x * 2
def level2(x):
    return level3(x) + 1
def level1(x):
    return level2(x) - 1
total = 0
try:
    for i in range(1000):
        total += level1(i)
except ValueError as e:
    print("caught outside:", e)
print("total before error", total, "stopped at", i)
errors = []
ok = 0
for i in range(700, 1000):
    try:
        level1(i)
        ok += 1
    except ValueError as e:
        errors.append(str(e))
    except IndexError as e:
        errors.append("IndexError: " + str(e))
print(ok, errors)
def recurse(n):
    if n == 0:
        raise KeyError("bottom")
    return recurse(n - 1)
for depth in [1, 10, 100]:
    try:
        recurse(depth)
    except KeyError as e:
        print("depth", depth, "KeyError", e)
def finally_counter(n, log):
    try:
        return level1(n)
    finally:
        log.append(n)
log = []
for n in [1, 777, 2]:
    try:
        finally_counter(n, log)
    except ValueError:
        pass
print(log)
