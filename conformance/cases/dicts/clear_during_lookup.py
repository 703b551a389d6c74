# A key's __eq__ that clears the dict being searched: the lookup starts
# over on the emptied dict instead of using the stale entry.
class K:
    def __init__(self, name, target=None):
        self.name, self.target = name, target

    def __hash__(self):
        return 42

    def __eq__(self, other):
        if self.target is not None:
            t, self.target = self.target, None
            t.clear()
        return True

    def __repr__(self):
        return "K(%s)" % self.name


d = {}
k1 = K("one")
d[k1] = 1
k1.target = d
print(d.get(K("two")), d)
d[k1] = 1
k1.target = d
print(K("three") in d, d)
d[k1] = 1
k1.target = d
d[K("four")] = 4
print(d)
d = {}
d[k1] = 1
k1.target = d
try:
    d[K("five")]
except KeyError as e:
    print("KeyError", e)
print(len(d))
