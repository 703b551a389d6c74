# slicing lists and strings with negative steps, omitted bounds and out-of-range bounds
lst = list(range(10))
s = "abcdefghij"
print(lst[::-1], s[::-1])
print(lst[::-2], s[::-3])
print(lst[8:2:-1], s[8:2:-2])
print(lst[2:8:-1], s[2:8:-1])
print(lst[-1:-4:-1], s[-2::-2])
print(lst[:3:-1], s[:-4:-1])
print(lst[100:-100:-3], s[-100:100:4])
print(lst[5::-1], s[5::-1], lst[-11::-1])
print(s[::-1][::-1] == s, s[::-1][2:5], s[-3:], s[:-3])
t = tuple(lst)
print(t[::-4], t[7:1:-3])
r = range(20)
print(r[::-5], list(r[15:3:-4]))
b = lst[:]
b[::-2] = ["a", "b", "c", "d", "e"]
print(b)
c = list(range(6))
del c[::-2]
print(c)
try:
    b[::-2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    lst[::0]
except ValueError as e:
    print("ValueError:", e)
print(s[slice(None, None, -2)], lst[slice(-3, None)], "racecar"[::-1] == "racecar")
print([row[::-1] for row in ["abc", "de"]], [1, 2, 3][::-1][0])
