# Parameters and locals are per-call
def f(a, depth=0):
    b = a * 2
    if depth < 2:
        inner = f(a + 1, depth + 1)
    else:
        inner = None
    return (a, b, inner)
print(f(1))
def counter():
    count = 0
    count += 1
    return count
print(counter(), counter())
def modifies(lst, n):
    lst.append(n)
    n = 100
    lst = ["rebound"]
    return lst, n
data = [0]
num = 5
print(modifies(data, num), data, num)
