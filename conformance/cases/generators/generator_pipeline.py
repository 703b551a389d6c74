# generators mixed with map/filter/zip/enumerate and partial consumption
def evens():
    n = 0
    while True:
        yield n
        n += 2

def words():
    for w in "the quick brown fox jumps".split():
        yield w

print(list(zip(words(), evens())))
print(list(enumerate(words(), 1)))
print(list(map(len, words())))
print(list(filter(lambda w: "o" in w, words())))
g = words()
print(next(g))
print([w.upper() for w in g])
print(sorted(words(), key=len))
print(dict(zip(words(), map(len, words()))))
it = iter(evens())
print(next(it), next(it))
print("fox" in words(), "cat" in words())
g = words()
print("quick" in g, list(g))
a, b, *rest = words()
print(a, b, rest)
print(max(words(), key=len), min(words()))
def running_total(src):
    total = 0
    for x in src:
        total += x
        yield total
print(list(running_total(range(1, 8))))
print(list(running_total(running_total([1, 1, 1, 1]))))
