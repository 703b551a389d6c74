# Item and slice assignment and deletion on bytearrays and lists whose
# __index__ changes the sequence first (the indices are taken after it).
ba = bytearray(b"abcdefgh")
class Shrink:
    def __index__(self):
        del ba[2:]
        return 5
for label, f in [
    ("del slice", lambda: ba.__delitem__(slice(Shrink(), None))),
    ("del slice stop", lambda: ba.__delitem__(slice(0, Shrink()))),
    ("del index", lambda: ba.__delitem__(Shrink())),
    ("set slice", lambda: ba.__setitem__(slice(Shrink(), None), b"xy")),
    ("set slice step", lambda: ba.__setitem__(slice(0, None, Shrink()), b"xy")),
    ("set index", lambda: ba.__setitem__(Shrink(), 65)),
    ("list del", lambda: lst.__delitem__(slice(ClearL(), None))),
    ("list set", lambda: lst.__setitem__(slice(0, 10, ClearL()), [1,2])),
    ("list set idx", lambda: lst.__setitem__(ClearL(), 1)),
    ("list get idx", lambda: lst[ClearL()]),
    ("list del idx", lambda: lst.__delitem__(ClearL())),
]:
    ba[:] = b"abcdefgh"
    lst = list(range(10))
    class ClearL:
        def __index__(self):
            lst.clear()
            return 3
    try:
        print(label, f(), ba, lst)
    except Exception as e:
        print(label, type(e).__name__, e, ba, lst)

# Extended-slice deletion of many items.
big = list(range(100000))
del big[::2]
print(len(big), big[:5], big[-3:])
bb = bytearray(range(256)) * 400
del bb[1::3]
print(len(bb), bb[:6])
bb[::5] = b""
print(len(bb), bb[:6])
