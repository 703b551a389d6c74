# Tuple methods and operations
t = (3, 1, 4, 1, 5, 9, 2, 6)
print(t.count(1), t.index(4), t.index(1, 2))
print(len(t), t[2], t[-1], t[1:4], t[::-2])
print(t + (0,), (1, 2) * 2)
print(4 in t, 7 in t)
print(sorted(t), tuple(sorted(t)))
print(min(t), max(t), sum(t))
try:
    t[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(42)
except ValueError as e:
    print("ValueError:", e)
