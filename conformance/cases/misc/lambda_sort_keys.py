# sorting with lambda keys: tuples, multiple keys, reverse, stability
people = [("ann", 31, 5.5), ("bob", 25, 6.1), ("cy", 31, 5.9), ("dee", 25, 5.2), ("ed", 40, 6.1)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (p[1], -p[2])))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[2], reverse=True))
words = ["banana", "Apple", "cherry", "apple", "Banana", "date"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (len(w), w)))
print(sorted(words, key=lambda w: w[::-1]))
nums = [5, -3, 2, -8, 0, 7, -1]
print(sorted(nums, key=abs), sorted(nums, key=lambda n: (n < 0, n)))
pairs = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
stable = sorted(pairs, key=lambda t: t[0])
print(stable)
lst = list(nums)
lst.sort(key=lambda n: n % 3)
print(lst)
d = {"x": 3, "y": 1, "z": 2}
print(sorted(d, key=d.get), sorted(d.items(), key=lambda kv: kv[1], reverse=True))
print(max(people, key=lambda p: p[2]), min(words, key=len))
data = [[3, 1], [1, 2], [3, 0], [1, 1]]
data.sort(key=lambda r: r[1])
data.sort(key=lambda r: r[0])
print(data)
