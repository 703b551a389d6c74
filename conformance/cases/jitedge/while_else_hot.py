# while loops with break/continue/else inside hot code: else runs only without break
def find_first(limit, pred):
    i = 0
    while i < limit:
        i += 1
        if i % 2:
            continue
        if pred(i):
            break
    else:
        return ("none", i)
    return ("found", i)
print(find_first(100, lambda v: v % 17 == 0))
print(find_first(10, lambda v: v > 50))
print(find_first(0, lambda v: True))
results = []
for n in range(2, 60):
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        results.append(n)
print(results)
count = outer = 0
while outer < 200:
    outer += 1
    inner = 0
    while True:
        inner += 1
        if inner > outer % 7:
            break
        if inner == 3:
            continue
        count += inner
print(count, outer)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz 27:", steps)
k = 10
while k:
    k -= 1
    if k == 100:
        break
else:
    print("else after exhaustion, k =", k)
