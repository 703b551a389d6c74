# A dict's repr walks the live dict: entries added or removed by the repr
# of an element while it runs are seen as CPython sees them.
import sys

d = {}


class Adds:
    def __repr__(self):
        d["added"] = 1
        return "Adds"


class Removes:
    def __repr__(self):
        d.pop("later", None)
        return "Removes"


d["a"] = Adds()
print(repr(d))
d.clear()
d["first"] = Removes()
d["later"] = 2
d["last"] = 3
print(repr(d))


class LooksAtFrame:
    def __repr__(self):
        return "R" + str(len(sys._getframe(1).f_locals))


def frame_locals():
    r = LooksAtFrame()
    mine = locals()
    return repr(mine)


print(frame_locals())
