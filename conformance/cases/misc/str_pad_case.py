# center/ljust/rjust/zfill, expandtabs, title, swapcase, capitalize, casefold
for w in ["ab", "abc", "", "toolongword"]:
    print("[" + w.center(7) + "]", "[" + w.center(8, "*") + "]", "[" + w.ljust(5, ".") + "]", "[" + w.rjust(5) + "]")
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(6), "12345".zfill(3), "".zfill(2), "-".zfill(3))
print(repr("a\tb\tc".expandtabs()), repr("a\tbc\tdef".expandtabs(4)), repr("\t".expandtabs(2)))
print(repr("12345\t6\n\tx".expandtabs(3)), repr("ab\t".expandtabs(0)))
print("hello world".title(), "they're bill's friends".title(), "HELLO wORLD".title(), "a1b2 c3".title())
print("Hello World".swapcase(), "ßtraße".swapcase(), "MiXeD 123".swapcase())
print("hello WORLD".capitalize(), "  lead".capitalize(), "ÉCOLE".lower(), "straße".upper())
print("Straße".casefold(), "ABC".casefold() == "abc")
print("Hello World".istitle(), "Hello world".istitle(), "ABC".isupper(), "abc1".islower())
print("{:^9}|{:-<6}|{:>6}".format("mid", "L", "R"))
table = [("id", "name"), ("1", "ann"), ("22", "bob")]
for a, b in table:
    print(a.rjust(3), "|", b.ljust(5), "|", b.center(9, "~"))
print("x".center(4), "|", "xy".center(5, "-"), "|", "xyz".center(6, "-"))
try:
    "a".center(5, "ab")
except TypeError as e:
    print("TypeError:", e)
