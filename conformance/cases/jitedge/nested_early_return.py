# early return out of deeply nested loops, from hot functions called many times
def find_pair(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return i, j
    return None

nums = list(range(0, 200, 3))
hits = 0
for t in range(400):
    if find_pair(nums, t) is not None:
        hits += 1
print(hits, find_pair(nums, 9), find_pair(nums, 10), find_pair(nums, 591))

def search3(limit):
    for a in range(1, limit):
        for b in range(a, limit):
            for c in range(b, limit):
                if a * a + b * b == c * c and a + b + c == 24:
                    return (a, b, c)
    return "no triple"
print(search3(20), search3(5))

def first_negative(matrix):
    for r, row in enumerate(matrix):
        for c, v in enumerate(row):
            if v < 0:
                return "row %d col %d" % (r, c)
            if v == 0:
                break
    return "none"
print(first_negative([[1, 2], [3, 0, -1], [4, -5]]))
print(first_negative([[1], [0, -2]]))

def try_return():
    for i in range(5):
        try:
            for j in range(5):
                if i * j == 6:
                    return i, j
        finally:
            if i == 2:
                print("finally for i =", i)
print(try_return())
calls = 0
for _ in range(3000):
    calls += len(find_pair([1, 2, 3, 4], 7))
print(calls)
