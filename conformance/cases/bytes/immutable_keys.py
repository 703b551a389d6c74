# bytes are immutable; comparisons and hashing as dict keys
b = b"key"
d = {b: 1, b"other": 2}
print(d[b"key"], d[b"other"], b"key" in d)
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
print(sorted([b"b", b"a", b"ab"]))
print(b"abc" < b"abd", b"ab" < b"abc", max(b"xyz"))
print(sum(b"\x01\x02\x03"))
