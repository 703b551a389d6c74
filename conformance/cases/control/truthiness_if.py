# Truthiness in conditions
values = [0, 1, -1, 0.0, 0.5, "", "a", [], [0], (), (None,), {}, {0: 0}, set(), None, True, False]
for v in values:
    if v:
        print(repr(v), "truthy")
    else:
        print(repr(v), "falsy")
class Sized:
    def __len__(self):
        return 0
class Flag:
    def __bool__(self):
        return False
print(bool(Sized()), bool(Flag()), bool(object()))
print("yes" if Sized() else "no")
