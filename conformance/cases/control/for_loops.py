# for with break / continue / else
for x in [1, 2, 3]:
    print("item", x)
for x in range(10):
    if x == 2:
        continue
    if x == 5:
        break
    print("x", x)
else:
    print("not printed")
for x in range(3):
    pass
else:
    print("for-else ran, last x =", x)
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print("prime", n)
for ch in "":
    print("never")
else:
    print("empty loop else")
