# recursive functions (fib(20) and friends) invoked repeatedly from a loop
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

results = []
for i in range(3):
    results.append(fib(20))
print(results)
print([fib(k) for k in range(15)])

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print([ackermann(2, n) for n in range(5)], ackermann(3, 3))

def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print([is_even(k) for k in range(6)], is_odd(301))

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
for k in (5, 20, 21, 30):
    print(k, fact(k))

def depth_sum(n, acc):
    if n == 0:
        return acc
    return depth_sum(n - 1, acc + n * 0.5)
print(depth_sum(500, 0), depth_sum(500, 0.0), depth_sum(3, 1))

def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    return rest + [[items[0]] + r for r in rest]
print(len(power_set(list(range(10)))), power_set([1, 2, 3]))
