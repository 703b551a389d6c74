# Iterating lists with builtins
a = [5, 3, 8, 1]
print(sum(a), min(a), max(a), len(a))
total = 0
for i, v in enumerate(a):
    total += i * v
print(total)
print(list(reversed(a)), a)
print(list(zip(a, "abcd")))
print(list(map(str, a)), list(filter(lambda v: v > 3, a)))
print(any(v > 7 for v in a), all(v > 0 for v in a))
it = iter(a)
print(next(it), next(it))
print(list(it))
