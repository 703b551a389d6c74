# list.insert/pop/index and friends with indexes beyond a C ssize_t:
# CPython converts such arguments with __index__ and raises OverflowError
# (subscripts raise IndexError; the start/stop of index() are clamped).
import sys


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "->", r)


big = 2**100
for i in (big, -big, sys.maxsize, -sys.maxsize - 1, sys.maxsize + 1, -sys.maxsize - 2, 2**63, -(2**63)):
    l = [1, 2, 3]
    show("insert %d" % i, lambda: (l.insert(i, "x"), l)[1])
    l = [1, 2, 3]
    show("pop %d" % i, lambda: l.pop(i))
    show("index start %d" % i, lambda: [1, 2, 3].index(2, i))
    show("index stop %d" % i, lambda: [1, 2, 3].index(2, 0, i))
    show("getitem %d" % i, lambda: [1, 2, 3][i])
    show("setitem %d" % i, lambda: [1, 2, 3].__setitem__(i, 0))
    show("delitem %d" % i, lambda: [1, 2, 3].__delitem__(i))
    show("tuple index %d" % i, lambda: (1, 2, 3).index(3, i))
    show("str index %d" % i, lambda: "abc".index("c", 0, i))


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


show("insert Idx(big)", lambda: [1, 2].insert(Idx(big), 0))
show("insert Idx(1)", lambda: (lambda l: (l.insert(Idx(1), 0), l)[1])([1, 2]))
show("pop Idx(-1)", lambda: [1, 2].pop(Idx(-1)))
show("pop Idx(big)", lambda: [1, 2].pop(Idx(big)))
show("insert 1.5", lambda: [1].insert(1.5, 0))
show("pop 'a'", lambda: [1].pop("a"))
show("pop empty", lambda: [].pop())
show("pop out of range", lambda: [1].pop(5))
show("bytearray insert", lambda: bytearray(b"ab").insert(big, 1))
show("bytearray pop", lambda: bytearray(b"ab").pop(big))
show("deque insert", lambda: __import__("collections").deque([1]).insert(big, 1))
show("list * big", lambda: [1] * big)
show("insert str-index", lambda: [1].insert(Idx("x"), 0))
show("ljust", lambda: "a".ljust(big))
show("ljust-", lambda: "a".ljust(-big))
show("center", lambda: "a".center(big))
show("zfill", lambda: "a".zfill(big))
show("split", lambda: "a b".split(None, big))
show("split-", lambda: "a b".split(None, -big))
show("rsplit", lambda: "a b".rsplit(" ", big))
show("replace", lambda: "a b".replace(" ", "", big))
show("bytes split", lambda: b"a b".split(None, big))
show("bytes ljust", lambda: b"a".ljust(big))
show("bytearray pop empty", lambda: bytearray().pop(big))
show("deque rotate", lambda: __import__("collections").deque([1]).rotate(big))
show("deque maxlen", lambda: __import__("collections").deque([1], big))
show("to_bytes", lambda: (1).to_bytes(big, "big"))
show("ljust maxsize", lambda: len("a".ljust(-sys.maxsize - 1)))
show("split maxsize", lambda: "a b c".split(" ", sys.maxsize))
