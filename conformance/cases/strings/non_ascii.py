# Non-ASCII strings
s = "naïve café"
print(s, len(s), s[2], s[-1])
print(s.upper())
print("ß".upper(), len("ß".upper()), "STRASSE".lower())
print("ÀÉÎ".lower(), "ǅ".lower())
print("中文字符", len("中文字符"), "中文字符"[1:3])
e = "😀 ok"
print(len(e), e[0] == "😀", e[2:])
print("é" == "\u00e9", "café".find("é"))
print("ﬁ".upper())
print("Ωmega".swapcase())
print("αβγ"[::-1])
print(sorted("cäb"))
