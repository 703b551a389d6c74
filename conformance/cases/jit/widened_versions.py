# A function whose compiled version keeps leaving (its ints overflow the
# inline range, its list holds mixed items) is recompiled with boxed values
# and gives the same results.
def cube_sum(n):
    t = 0
    for i in range(n):
        t = t + i * i * i * 1000003
    return t


def first_plus(xs, k):
    return xs[0] + k


results = []
for r in range(200):
    results.append(cube_sum(2000 + r))
print(results[0], results[-1], len(results))
mixed = [[1, 2], [2.5], [10**30], [3]]
out = [first_plus(mixed[i % 4], i) for i in range(800)]
print(out[:4], out[-4:])
# jit-compiles: cube_sum
