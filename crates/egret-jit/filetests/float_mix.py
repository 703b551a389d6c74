# Float arithmetic stays unboxed; int / int becomes a float.
# args: Float, Int
def f(x, n):
    i = 0
    while i < n:
        x = x * 0.5 + i / 2
        i = i + 1
    return x
