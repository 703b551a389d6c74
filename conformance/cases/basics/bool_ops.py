# and/or/not return operands
print(1 and 2, 0 and 2, 1 or 2, 0 or 2)
print("" or "default", "x" or "default")
print(None and 1, None or 0)
print([] or [1], [0] and "yes")
print(not 0, not 1, not "", not [1])
print(0 or "" or None)
print(1 and 2 and 3, 1 and 0 and 3)
def f(v):
    print("called", v)
    return v
r = f(0) and f(1)
print(r)
r = f(2) or f(3)
print(r)
r = f(0) or f(0.0) or f("last")
print(r)
print(not (1 and 0))
