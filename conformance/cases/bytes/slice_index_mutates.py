# Slices and indexes of bytes, bytearrays, lists and tuples whose
# __index__ changes the sequence being indexed; full slices of tuples.
ba = bytearray(b"abcdefgh")


class Shrink:
    def __index__(self):
        del ba[2:]
        return 5


class Grow:
    def __index__(self):
        ba.extend(b"XYZ")
        return 1


print(ba[0:Shrink()], ba)
ba[:] = b"abcdefgh"
print(ba[Grow():], ba)
ba[:] = b"abcdefgh"
try:
    print(ba[Shrink()])
except IndexError as e:
    print("IndexError", e)
ba[:] = b"abcdefgh"
print(ba[Grow()], ba)
print(ba[::Grow()], ba[1:100:3], ba[-100:3], ba[5:1], ba[5:1:-1], ba[::-2])

items = list(range(10))


class Clear:
    def __index__(self):
        items.clear()
        return 8


print(items[2:Clear()], items)
t = (1, 2, 3)
print(t[:] is t, t[0:3] is t, t[0:] is t, t[::1] is t, t[0:2], t[::-1], t[5:], t[-100:100])


class T(tuple):
    pass


u = T((1, 2))
print(type(u[:]).__name__, u[:] is u)
b = b"bytes"
print(b[1:Shrink()], b[::2], b[10:], b[-2:])
big = 10 ** 30
print(items[-big:big], t[-big:big], b[big:], b[-big:2], t[::big], t[::-big])
