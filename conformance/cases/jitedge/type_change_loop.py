# a loop variable whose type changes mid-loop: int -> float -> str -> back to int
v = 0
for i in range(30):
    if i < 10:
        v = v + i
    elif i < 20:
        if i == 10:
            v = float(v)
        v = v * 1.5
    else:
        if i == 20:
            v = str(int(v))
        v = v + str(i % 10)
    if i % 5 == 4:
        print(i, type(v).__name__, v)
v = len(v)
print("final", type(v).__name__, v)

def combine(a, b):
    return a + b

results = []
for pair in [(1, 2), (1.5, 2), (2, 0.25), ("a", "b"), ([1], [2]), ((1,), (2,)), (True, True)]:
    for _ in range(200):
        r = combine(*pair)
    results.append(r)
print(results)
total = 0
for k in range(100):
    total = total + (k if k % 3 else k / 2)
print(total, type(total).__name__)
flag = 0
for k in range(10):
    flag = flag or (k > 6 and "big")
print(flag)
