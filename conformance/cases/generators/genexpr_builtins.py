# generator expressions passed straight to sum/any/all/list/sorted/min/max
nums = [5, -3, 8, 0, 12, -7, 4]
print(sum(x * x for x in nums))
print(sum(x for x in nums if x > 0))
print(sum((x for x in nums), 100))
print(any(x > 10 for x in nums), any(x > 100 for x in nums))
print(all(isinstance(x, int) for x in nums), all(x > -5 for x in nums))
print(list(x // 2 for x in nums))
print(sorted(abs(x) for x in nums))
print(sorted((x for x in nums), reverse=True))
print(min(x for x in nums if x != 0), max(-x for x in nums))
print(max((len(w), w) for w in ["pear", "fig", "banana", "kiwi"]))
print(tuple(c for c in "hello" if c not in "l"))
print("-".join(str(i) for i in range(5)))
print(sum(1 for _ in range(1000) if _ % 7 == 0))
print(any(x for x in []), all(x for x in []))
seen = []
def check(x):
    seen.append(x)
    return x > 2
print(any(check(x) for x in [1, 2, 3, 4, 5]))
print("any stopped after", seen)
seen.clear()
print(all(check(x) for x in [3, 4, 1, 5]))
print("all stopped after", seen)
g = (n * 10 for n in range(3))
print(type(g).__name__, list(g), list(g))
print(sum(x * y for x in range(4) for y in range(3) if x != y))
