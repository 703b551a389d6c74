# Indexing, slicing and searching long non-ASCII strs (through the offset index)
s = "héllo wörld " * 20 + "ü"
print(len(s), s[5], s[100], s[-1], s[200:210], s[::-7][:10])
print(s.find("ü"), s.find("wör", 100), s.rfind("h"), s.count("ö"), s.count("", 3, 9), s.startswith("wör", 6), s.endswith("ü"))
print(s.index("l", 230), ord(s[239]))
t = "".join(chr(0x100 + i % 500) for i in range(1000))
print(all(t[i] == chr(0x100 + i % 500) for i in range(1000)), t[999:], t[31:34], t[32], t[63:65], t[64])
print([t.find(chr(0x100 + k)) for k in (0, 31, 32, 33, 499)])
print(t[1000:], t[990:2000], len(t[-40:-7]))
