# iter and next with default
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "end"), next(it, None))
try:
    next(it)
except StopIteration:
    print("StopIteration")
s = iter("ab")
print(next(s), next(s), next(s, "?"))
d = iter({"k": 1, "j": 2})
print(next(d), next(d))
r = iter(range(10, 13))
print(list(r), list(r))
t = iter((5,))
print(iter(t) is t, next(t))
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
