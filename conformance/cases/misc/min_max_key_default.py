# min/max with key=, default=, multiple arguments, ties, and empty inputs
words = ["pear", "fig", "banana", "kiwi", "plum"]
print(min(words), max(words), min(words, key=len), max(words, key=len))
print(max(words, key=lambda w: w[-1]), min(words, key=lambda w: (len(w), w[::-1])))
print(min([], default="empty"), max((), default=None), max([], key=len, default=-1))
print(min([3], default=0), max(iter([5, 9, 2]), default=0))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    max(x for x in [])
except ValueError as e:
    print("ValueError:", e)
try:
    max(1, 2, default=0)
except TypeError as e:
    print("TypeError:", e)
try:
    min(5)
except TypeError as e:
    print("TypeError:", e)
print(max(3, 7, 5), min(3, 7, 5, key=lambda n: -n), max("abc", "abd", "ab"))
print(max([1, 2], [1, 2, 0]), min((2, "b"), (2, "a")), max(True, 1), max(1, True))
ties = [("a", 2), ("b", 3), ("c", 3), ("d", 2)]
print(max(ties, key=lambda t: t[1]), min(ties, key=lambda t: t[1]))
d = {"x": 5, "y": 9, "z": 1}
print(max(d), max(d, key=d.get), min(d.items(), key=lambda kv: kv[1]))
print(max(range(10), key=lambda n: n % 4), min(range(-5, 5), key=abs), max("hello"))
print(min(1, 2.5, -3), max(-0.0, 0.0), max([0.1, 0.2], key=lambda f: -f))
try:
    max(1, "a")
except TypeError as e:
    print("TypeError:", e)
