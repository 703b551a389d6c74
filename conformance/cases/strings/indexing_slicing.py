# Indexing, negative indices, slicing with steps
s = "abcdefghij"
print(s[0], s[3], s[-1], s[-3])
print(s[2:5], s[:3], s[7:], s[:])
print(s[-4:-1], s[-3:], s[:-7])
print(s[::2], s[1::2], s[::-1])
print(s[8:2:-2], s[-1:-5:-1])
print(s[100:], s[5:2], repr(s[20:30]))
print(s[::3], s[2:9:3])
print(s[-100:3], s[3:-100])
print(len(s[1:-1]))
