# range with start/stop/step, negative step
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)))
print(list(range(10, 0, -2)), list(range(5, -5, -3)), list(range(3, 3)))
print(list(range(0, -5)), list(range(-5, 0)))
r = range(1, 20, 4)
print(len(r), r[0], r[-1], r[2], 9 in r, 10 in r)
print(r, range(5), range(0, 5, 1))
print(list(r[1:3]), list(range(10)[::-3]))
print(sum(range(101)), len(range(10 ** 12)))
try:
    range(0, 5, 0)
except ValueError as e:
    print("ValueError:", e)
print(list(reversed(range(4))))
print(range(0, 3) == range(0, 3), range(2).index(1), range(10).count(3))
