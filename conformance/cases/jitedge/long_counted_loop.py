# a long counted loop with occasional branches; results must match exactly
total = 0
evens = odds = 0
specials = []
for i in range(100000):
    if i % 2 == 0:
        evens += 1
        total += i
    else:
        odds += 1
        total -= i // 3
    if i % 9973 == 0:
        specials.append(i)
    if i == 54321:
        total *= 2
print(total, evens, odds)
print(specials)

def sum_squares(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
print(sum_squares(100000), sum_squares(0), sum_squares(1))

def count_down(n):
    hits = 0
    while n > 0:
        n -= 1
        if n & 1023 == 0:
            hits += 1
    return hits, n
print(count_down(100000))
acc = 0
for i in range(0, 100000, 7):
    acc ^= i
print(acc)
f = 0.0
for i in range(1, 100001):
    f += 1.0 / i
print(f)
s = 0
for i in range(100000, 0, -3):
    s += i if i % 5 else -i
print(s)
