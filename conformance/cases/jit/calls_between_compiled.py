# Compiled functions calling other compiled functions directly; rebinding a callee is honoured
def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
def sq(x):
    return x * x
def row(i, n):
    s = 0.0
    for j in range(n):
        s = s + a(i, j) * sq(j + 0.5)
    return s
def big(x):
    return x * 3
def chain(n):
    x = 1
    for i in range(n):
        x = big(x)
    return x
for k in range(5):
    print(row(3, 100), chain(10), chain(50))
def sq(x):
    return -1.0
print(row(3, 10))
