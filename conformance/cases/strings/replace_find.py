# replace, find, rfind, index, count
s = "the cat sat on the mat"
print(s.replace("at", "og"))
print(s.replace("the", "a", 1))
print(s.replace("zzz", "y"))
print(s.find("at"), s.rfind("at"), s.find("dog"))
print(s.find("at", 6), s.find("t", 2, 5))
print(s.index("sat"), s.rindex("the"))
print(s.count("at"), s.count("t"), s.count(""), "aaaa".count("aa"))
try:
    s.index("dog")
except ValueError as e:
    print("ValueError:", e)
print("abc".replace("", "-"))
