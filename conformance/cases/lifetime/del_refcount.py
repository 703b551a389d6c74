# __del__ runs as soon as the last reference goes, as in CPython.


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  __del__", self.name)


print("del statement")
t = Tracked("a")
del t
print("after del")

print("rebinding")
t = Tracked("b")
t = Tracked("c")
print("after rebinding")
t = None

print("function locals")


def scope():
    x = Tracked("local")
    print("  leaving scope")


scope()
print("after scope")

print("containers")
items = [Tracked("in list 1"), Tracked("in list 2")]
items.pop(0)
print("  popped")
items.clear()
print("  cleared")
d = {"k": Tracked("in dict")}
del d["k"]
print("after containers")

print("temporaries")
Tracked("temporary").name
print("after temporary")

print("exception in __del__ is reported, not raised")


class Bad:
    def __del__(self):
        raise ValueError("in __del__")


b = Bad()
del b
print("program goes on")

print("resurrection")
saved = []


class Phoenix:
    def __del__(self):
        print("  Phoenix.__del__ (runs once)")
        saved.append(self)


p = Phoenix()
del p
print("  saved:", len(saved))
saved.clear()
print("  cleared again, no second __del__")

print("__del__ added to a class later")


class Late:
    pass


Late.__del__ = lambda self: print("  late __del__")
x = Late()
del x

print("subclass inherits __del__")


class Child(Tracked):
    pass


c = Child("child")
del c

print("globals at exit, in order")
g1 = Tracked("global 1")
g2 = Tracked("global 2")
print("end of program")
