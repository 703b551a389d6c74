# infinite generators consumed with break, next() and zip; the rest is never computed
def naturals(start=0):
    n = start
    while True:
        yield n
        n += 1

for n in naturals():
    if n * n > 50:
        print("first square over 50 from", n)
        break

def primes():
    found = []
    for n in naturals(2):
        if all(n % p for p in found):
            found.append(n)
            yield n

first = []
for p in primes():
    first.append(p)
    if len(first) == 10:
        break
print(first)

gen = naturals(100)
print([next(gen) for _ in range(3)])
print(next(gen))
print(list(zip("abc", naturals(1))))

def cycle(items):
    while True:
        for it in items:
            yield it

c = cycle(["r", "g", "b"])
print("".join(next(c) for _ in range(8)))
count = 0
for x in naturals():
    if x % 3 == 0:
        continue
    count += 1
    if count == 5:
        print("fifth non-multiple of 3 is", x)
        break
