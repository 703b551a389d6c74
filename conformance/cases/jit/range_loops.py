# for-loops over range() compiled by the JIT: steps, nesting, break/continue/else, overflow inside the loop, and a rebound range
def s1(n):
    t = 0
    for i in range(n):
        t = t + i * i % 7
    return t
def s2(n):
    t = 0.0
    for i in range(1, n, 2):
        for j in range(n, 0, -3):
            t = t + i / (j + 1)
    return t
def s3(n):
    t = 0
    for i in range(n):
        if i % 5 == 0:
            continue
        if i > 50:
            break
        t += i
    else:
        t = -1
    return t
def s4(n):
    x = 1
    for i in range(n):
        x = x * 7
    return x
for k in range(3):
    print(s1(1000), s2(30), s3(100), s3(10), s4(10), s4(40))
range = lambda *a: [10, 20]
print(s1(5))
# jit-compiles: s1
