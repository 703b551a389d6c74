# __str__ and __repr__
class Both:
    def __str__(self):
        return "str-form"
    def __repr__(self):
        return "Both()"
class OnlyRepr:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"OnlyRepr({self.v!r})"
class OnlyStr:
    def __str__(self):
        return "just str"
b = Both()
print(b, str(b), repr(b))
print([b], (b,), {"k": b})
print(f"{b} {b!r}")
o = OnlyRepr("q")
print(o, str(o), [o])
s = OnlyStr()
print(s, str(s))
print(repr(s).startswith("<__main__.OnlyStr object at "))
