# while with break / continue / else
i = 0
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print("odd", i)
print("after", i)
n = 0
while n < 3:
    n += 1
else:
    print("else ran, n =", n)
n = 0
while True:
    n += 1
    if n == 4:
        break
else:
    print("never")
print("broke at", n)
total, k = 0, 10
while k:
    total += k
    k -= 1
print(total)
