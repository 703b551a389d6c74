# augmented assignment on attributes and subscripts evaluates the target expression once
log = []
class Box:
    def __init__(self):
        self.items = [1, 2, 3]
        self.count = 0
        self.name = "n"
b = Box()
b.count += 5
b.count *= 3
b.name += "!"
b.items[0] += 100
b.items[-1] **= 2
print(b.count, b.name, b.items)
class Recorder:
    def __init__(self):
        self.data = {"a": 1}
    def __getitem__(self, k):
        log.append(("get", k))
        return self.data[k]
    def __setitem__(self, k, val):
        log.append(("set", k, val))
        self.data[k] = val
def key():
    log.append("key evaluated")
    return "a"
r = Recorder()
r[key()] += 10
print(log, r.data)
d = {"x": [1]}
d["x"] += [2]
d["x"] *= 2
print(d)
matrix = [[0] * 3 for _ in range(2)]
for i in range(2):
    for j in range(3):
        matrix[i][j] += i * 3 + j
        matrix[i][j] <<= 1
print(matrix)
t = ([1], 2)
try:
    t[0] += [9]
except TypeError as e:
    print("TypeError:", e)
print(t)
s = "ab"
s *= 3
n = 17
n //= 5; n %= 3; n |= 8; n ^= 1; n &= 14; n >>= 1; n -= 10; n /= 4
print(s, n)
