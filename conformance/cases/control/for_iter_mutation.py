# `for` over lists, tuples and ranges while the loop (or code it calls)
# changes the list, advances the same iterator, or reuses an exhausted one;
# ranges at the edges of machine integers. The interpreter reads these
# iterators on a fast path; the results must be the generic protocol's.

# Appending while iterating sees the new items; stop by count.
items = [1, 2, 3]
seen = []
for x in items:
    seen.append(x)
    if len(items) < 6:
        items.append(x * 10)
print(seen)

# Removing ahead of the iterator skips items, as CPython's index does.
items = list(range(8))
out = []
for x in items:
    out.append(x)
    if x == 2:
        del items[3:5]
print(out, items)

# Clearing the list ends the loop; the iterator stays exhausted after the
# list grows again.
items = [1, 2, 3, 4]
it = iter(items)
out = []
for x in it:
    out.append(x)
    if x == 2:
        items.clear()
items.extend([7, 8])
print(out, list(it), next(it, "done"))

# An iterator shared between the loop and next() calls inside it.
it = iter([1, 2, 3, 4, 5, 6, 7])
pairs = []
for a in it:
    pairs.append((a, next(it, None)))
print(pairs)

# The same iterator run by two nested loops.
it = iter((10, 20, 30, 40, 50))
out = []
for a in it:
    for b in it:
        out.append((a, b))
        break
print(out)

# A list replaced element by element while iterating.
items = [1, 2, 3]
for i, x in enumerate(items):
    items[len(items) - 1 - i] = x * 100
print(items)

# Tuples, including an empty one and a tuple of mixed objects.
for t in ((), (1,), ("a", None, 2.5, [1])):
    print([type(v).__name__ for v in t])

# Ranges: negative steps, empty ranges, the edges of 64-bit integers, and
# the switch between small and big integers inside one loop.
print(list(range(10, 0, -3)), list(range(0)), list(range(5, 5)))
big = 2**63
print(list(range(big - 3, big + 2)))
print(list(range(-big - 2, -big + 2)))
print(list(range(big - 1, big - 10, -4)))
total = 0
for v in range(2**62 - 2, 2**62 + 2):
    total += v
print(total)
r = range(3)
it = iter(r)
print(list(it), list(it), next(it, "end"))

# A range iterator advanced inside its own loop.
it = iter(range(10))
out = []
for v in it:
    out.append(v)
    next(it, None)
print(out)

# A list subclass with __iter__ overridden is not read as a plain list.
class Rev(list):
    def __iter__(self):
        return reversed(list.__iter__(self).__reduce__()[1][0])
print([x for x in Rev([1, 2, 3])])

# Exceptions raised by the loop body leave the iterator where it was.
it = iter([1, 2, 3, 4])
try:
    for x in it:
        if x == 2:
            raise ValueError(x)
except ValueError as e:
    print("raised", e, list(it))
