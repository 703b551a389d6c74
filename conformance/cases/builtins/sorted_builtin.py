# sorted with key and reverse; stability
data = [("b", 2), ("a", 2), ("c", 1), ("d", 3)]
print(sorted(data))
print(sorted(data, key=lambda p: p[1]))
print(sorted(data, key=lambda p: p[1], reverse=True))
print(sorted("python"), sorted((3, 1, 2), reverse=True))
print(sorted({3: "c", 1: "a"}), sorted([]))
print(sorted([-3, 2, -1], key=abs))
print(sorted(["b", "A", "c"], key=str.lower))
nums = [5, 2, 9]
s = sorted(nums)
print(s, nums, s is nums)
print(sorted([True, False, 0, 1, -1]))
