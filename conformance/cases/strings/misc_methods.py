# Other commonly used str methods and operations
s = "Mississippi"
print(s.lower().count("s"), s.index("ss"), s.rfind("ss"))
print(sorted(set(s)) == sorted("Misp"))
print("a" * 3 < "b", "abc" < "abcd", max("hello"), min("hello"))
print(list("abc"), tuple("xy"))
print("x".join(["1", "2"]).split("x"))
print("hello".encode(), str(123) + "4")
print("%s has %d items costing %.2f" % ("cart", 3, 9.5))
print("%5s|%-5s|%05d" % ("a", "b", 42))
print("%r %x %%" % ("q", 255))
print(str.upper("abc"), "Abc".casefold())
print("tab\there".expandtabs(4))
print("a-b_c".replace("-", " ").replace("_", " ").split())
