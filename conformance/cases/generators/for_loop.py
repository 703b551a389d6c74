# for-loops over generators; locals survive across yields; two generators are independent
def squares(n):
    for i in range(n):
        yield i * i

for s in squares(5):
    print("sq", s)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for x in fib():
    if x > 100:
        break
    out.append(x)
print(out)

g1 = squares(4)
g2 = squares(4)
print(next(g1), next(g1), next(g2))
print(list(g1), list(g2))
print(list(g1))

def letters(word):
    idx = 0
    for ch in word:
        yield idx, ch.upper()
        idx += 1

for i, c in letters("gen"):
    print(i, c)
total = 0
for v in squares(10):
    if v % 2:
        continue
    total += v
print("even squares sum", total)
print(tuple(squares(3)), dict(letters("ab")))
