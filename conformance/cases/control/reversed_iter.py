# reversed on sequences
print(list(reversed([1, 2, 3])))
print("".join(reversed("stressed")))
print(tuple(reversed((1, "a", None))))
for i in reversed(range(3)):
    print("countdown", i)
r = reversed([10, 20])
print(next(r), next(r), next(r, "done"))
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
