# _pickle directly: the bytes of every protocol for the builtin types, a
# shared and a recursive object, classes, reduce values, frames, and the
# round trip of each.
import _pickle, copyreg, io


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return type(other) is Point and (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


class Slots:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 10


class WithState:
    def __init__(self):
        self.v = [1, 2]

    def __getstate__(self):
        return {"v": self.v, "extra": True}

    def __setstate__(self, st):
        self.__dict__.update(st)


class NewArgs:
    def __new__(cls, v, *, tag):
        o = object.__new__(cls)
        o.v = v
        o.tag = tag
        return o

    def __reduce_ex__(self, proto):
        return (copyreg.__newobj_ex__, (NewArgs, (self.v,), {"tag": self.tag}), None)


class Outer:
    class Inner:
        pass


def word(n):
    return "w%d" % n


shared = word(7) * 2
objs = [
    None, True, False, 0, 7, 255, 256, 65535, 65536, -1, -2**31, 2**31 - 1,
    2**31, -2**31 - 1, 2**64, -2**200, 1.5, -0.0, 1e300, float("inf"),
    word(1), "é€" + word(2), "\U0001f600" + word(3), "\\back\nslash\r\x1a\x00",
    b"bytes" + bytes(3), bytearray(b"ba" + bytes(2)), (), (1,), (1, 2), (1, 2, 3),
    (1, 2, 3, 4), [], [1], [1, 2, 3], {}, {1: 2}, {word(4): [1, 2], word(5): None},
    set(), {1, 2, 3}, frozenset(), frozenset([4, 5]), [shared, shared, (shared,)],
    Point(1, word(6)), Point, Outer.Inner, len, print, Slots, type(None),
    list(range(1001)), {i: i * 2 for i in range(1001)}, set(range(1001)),
    complex(1, 2), 3 + 0j,
]
rec = [1]
rec.append(rec)
tup = ([],)
tup[0].append(tup)

for proto in range(6):
    print("protocol", proto)
    for o in objs:
        b = _pickle.dumps(o, proto)
        back = _pickle.loads(b)
        same = back == o or (back is o) or repr(back) == repr(o)
        print(" ", repr(o)[:40], b if len(b) < 120 else (len(b), b[:60], b[-30:]), same)
    b = _pickle.dumps(rec, proto)
    back = _pickle.loads(b)
    print("  recursive list", b, back[1] is back)
    b = _pickle.dumps(tup, proto)
    back = _pickle.loads(b)
    print("  recursive tuple", b, back[0][0] is back)
    s = Slots()
    back = _pickle.loads(_pickle.dumps(s, max(proto, 2)))
    print("  slots", back.a, hasattr(back, "b"))
    w = _pickle.loads(_pickle.dumps(WithState(), proto))
    print("  state", w.v, w.extra)
    if proto >= 2:
        n = NewArgs(5, tag=word(8))
        b = _pickle.dumps(n, proto)
        back = _pickle.loads(b)
        print("  newobj_ex", b, back.v, back.tag, type(back).__name__)

# Frames: a pickle bigger than one frame, in memory and through a file.
data = [{"k%d" % i: [i, "s%d" % i * 10, float(i), (i, i + 1)], "x": (b"y%d" % i) * 3}
        for i in range(3000)]
big = _pickle.dumps(data, 4)
f = io.BytesIO()
_pickle.dump(data, f, 4)
print(len(big), f.getvalue() == big, big.count(b"\x95"), _pickle.loads(big) == data)
f.seek(0)
print(_pickle.load(f) == data)
large = [b"z" * 70000, "w" * 70000, bytearray(b"q" * 70000)]
for proto in (3, 4, 5):
    b = _pickle.dumps(large, proto)
    print(proto, len(b), b[:40], _pickle.loads(b) == large)
