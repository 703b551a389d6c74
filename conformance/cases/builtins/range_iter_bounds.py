# Iterating ranges whose bounds sit at and beyond the 64-bit limits, with
# positive and negative steps, empty and one-item ranges: the values and
# the lengths, iterated directly and through iter()/next().
big = 2 ** 63
cases = [
    (0, 10, 1),
    (10, 0, -1),
    (0, 10, 3),
    (10, 0, -3),
    (5, 5, 1),
    (5, 5, -1),
    (5, 4, 1),
    (4, 5, -1),
    (-10, 10, 7),
    (big - 3, big, 1),
    (big - 3, big + 2, 1),
    (-big, -big + 3, 1),
    (-big + 2, -big - 2, -1),
    (big - 1, big - 10, -4),
    (0, 2 ** 64, 2 ** 62),
    (2 ** 64, 0, -(2 ** 62)),
    (big - 2, big - 1, 5),
    (-(2 ** 62), 2 ** 62, 2 ** 61),
    (0, 1, big - 1),
    (0, -1, -big),
]
for start, stop, step in cases:
    r = range(start, stop, step)
    items = list(r)
    it = iter(r)
    first = next(it, "empty")
    print(start, stop, step, len(r), items[:4], items[-2:], first,
          sum(1 for _ in r) == len(r))

# A range iterator's length hint and what is left after a few steps.
it = iter(range(big - 5, big))
next(it)
next(it)
print(it.__length_hint__(), list(it))
it = iter(range(10, -10, -4))
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it))
