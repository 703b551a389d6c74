# chained comparisons evaluate each operand at most once and short-circuit left to right
log = []
def v(x):
    log.append(x)
    return x

print(v(1) < v(2) < v(3), log)
log.clear()
print(v(3) < v(2) < v(1), log)
log.clear()
print(v(1) < v(5) > v(2) == v(2), log)
log.clear()
print(v(1) == v(1) != v(2) is not None, log)
log.clear()
print(v(5) > v(9) > v(0) > v(-1), log)
log.clear()
r = v(2) in v([1, 2]) not in v([[1]])
print(r, log)
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 <= 5, x == 5 == 5.0)
print(1 < 2 > 1 < 2, "a" < "b" < "c", [1] < [2] < [2, 0])
calls = 0
def count():
    global calls
    calls += 1
    return 3
for i in range(6):
    if 0 < count() < i:
        pass
print("count called", calls, "times")
try:
    print(1 < "a" < 2)
except TypeError as e:
    print("TypeError:", e)
print(not 1 < 2 < 3, (1 < 2) < 3, 1 < (2 < 3))
