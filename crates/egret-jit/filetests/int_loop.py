# Overflow guards on every int operation of a while loop.
# args: Int
def f(n):
    s = 0
    i = 0
    while i < n:
        s = s + i * i
        i += 1
    return s
