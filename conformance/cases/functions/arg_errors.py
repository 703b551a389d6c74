# TypeError messages for wrong argument counts
def two(a, b):
    return a + b
def kwonly(*, k):
    return k
def opt(a, b=1):
    return a
tests = [
    lambda: two(1),
    lambda: two(1, 2, 3),
    lambda: two(),
    lambda: two(1, b=2, a=3),
    lambda: two(1, 2, c=3),
    lambda: kwonly(1),
    lambda: kwonly(),
    lambda: opt(),
    lambda: opt(1, 2, 3),
]
for t in tests:
    try:
        t()
    except TypeError as e:
        print("TypeError:", e)
