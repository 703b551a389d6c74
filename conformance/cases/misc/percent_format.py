# printf-style % formatting: conversions, widths, flags, mapping keys and %%
print("%s and %s" % ("spam", "eggs"))
print("%d items" % 42, "%d" % 3.99, "%d" % -7.5, "%i" % True)
print("[%5.2f] [%-8.3f] [%08.2f] [%+.1f]" % (3.14159, 2.5, -1.5, 7.0))
print("[%-5s] [%5s] [%.2s]" % ("ab", "cd", "xyz"))
print("%x %X %#x %o %#o" % (255, 255, 255, 8, 8))
print("%r %s" % ("quote", "quote"), "%r" % [1, "a"])
print("100%% sure, %d%%" % 50)
print("%c%c" % (72, "i"), "%e" % 12345.678, "%g %g" % (0.00001, 1e20))
print("%(name)s is %(age)d years" % {"name": "Bo", "age": 7})
print("%s" % ((1, 2),), "%s|%s" % (1, 2), "%d%s" % (1, ""))
print("%s" % [1, 2], "%s" % None, "%5d|%-5d|%05d" % (42, 42, 42))
print("%*d|%-*d|%.*f" % (6, 1, 4, 2, 2, 3.14159))
print("%s %s" % ("a", 1.0), "%.3s" % 12345, "%+d %+d" % (5, -5), "% d" % 5)
for bad in [("%d", "x"), ("%s %s", ("one",)), ("%s", (1, 2)), ("%z", 1)]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
b = "%s-%s"
print(b % ("x", "y"), "%%s" % (), "%.0f %.0f %.0f" % (0.5, 1.5, 2.5))
