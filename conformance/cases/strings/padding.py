# center, ljust, rjust, zfill
print("[" + "hi".center(8) + "]")
print("[" + "hi".center(7, "*") + "]")
print("[" + "hi".ljust(6) + "]", "[" + "hi".rjust(6, ".") + "]")
print("[" + "toolong".center(3) + "]")
print("42".zfill(5), "-42".zfill(6), "+7".zfill(4), "abc".zfill(2))
for w in ["a", "bb", "ccc"]:
    print(w.ljust(5, "-") + "|" + w.rjust(5) + "|")
