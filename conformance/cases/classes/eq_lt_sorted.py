# __eq__ and __lt__ with sorted
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __repr__(self):
        return "v" + ".".join(str(p) for p in self.parts)
vs = [Version("1.10"), Version("1.2"), Version("0.9.9"), Version("1.2.0")]
print(sorted(vs))
print(max(vs), min(vs))
print(Version("1.0") == Version("1.0"), Version("1.0") != Version("1.1"))
print(Version("2.0") > Version("1.9"))
print(Version("1.0") in vs, Version("1.2") in vs)
class NoEq:
    pass
a = NoEq()
print(a == a, a == NoEq(), a != NoEq())
