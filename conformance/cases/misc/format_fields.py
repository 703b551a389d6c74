# str.format field names with attributes and indexes, nested specs and conversions
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)
    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)
    def __format__(self, spec):
        return "P<" + spec + ">"

p = Point(3, 4)
print("{0.x} {0.y}".format(p))
print("{p.x}-{p.y}".format(p=p))
print("{0[0]} {0[2]} {1[key]} {1[2]}".format("abc", {"key": "v", 2: "int-key"}))
print("{data[1][0]} {data[0]}".format(data=[[9], ["nested"]]))
print("{!r} {!s} {}".format(p, p, p))
print("{0!r:>20}|{0!s:^12}|".format(p))
print("{:xyz}".format(p))
print("{!r} {!a}".format("caf\u00e9", "caf\u00e9"))
width, prec = 10, 3
print("[{:{}.{}f}]".format(3.14159265, width, prec))
print("[{val:{fill}{align}{w}}]".format(val="mid", fill="*", align="^", w=9))
print("[{0:>{1}}] [{0:<{1}}]".format("ab", 6))
print("{0:{1}}".format(255, "#06x"))
print("{:>8.2%}".format(0.4567), "{:08.3f}".format(-3.14159))
print("{:=+8d}|{:^+9.1f}|".format(42, 2.25))
rows = [("apple", 3, 0.5), ("kiwi", 12, 0.25)]
for name, qty, price in rows:
    print("{:<8}{:>4}{:>8.2f}".format(name, qty, qty * price))
try:
    "{0.missing}".format(p)
except AttributeError as e:
    print("AttributeError:", e)
