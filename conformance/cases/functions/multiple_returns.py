# Returning multiple values and early returns
def divmod_str(a, b):
    q, r = divmod(a, b)
    return str(q), str(r)
print(divmod_str(17, 5))
def find(items, target):
    for i, x in enumerate(items):
        if x == target:
            return i, x
    return None
print(find([5, 6, 7], 6), find([], 1))
def stats(nums):
    n = len(nums)
    mean = sum(nums) / n
    return n, mean, min(nums), max(nums)
count, mean, lo, hi = stats([2, 4, 6, 8])
print(count, mean, lo, hi)
def early(x):
    if x > 0:
        return "pos"
    print("not positive")
print(early(1), early(-1))
