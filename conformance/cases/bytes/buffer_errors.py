# Buffer errors: read-only views, resizing while exported, released
# views, bad casts and bad items, non-contiguous simple buffers.
import array
import binascii
import struct


def check(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "ok", r)


ro = memoryview(b"abc")
check("write readonly", lambda: ro.__setitem__(0, 1))
check("slice readonly", lambda: ro.__setitem__(slice(0, 1), b"x"))
check("pack_into bytes", lambda: struct.pack_into("b", b"abc", 0, 1))
check("pack_into readonly view", lambda: struct.pack_into("b", ro, 0, 1))
check("pack_into small", lambda: struct.pack_into("<I", bytearray(2), 0, 1))
check("pack_into negative", lambda: struct.pack_into("<I", bytearray(10), -2, 1))
check("pack_into out of range", lambda: struct.pack_into("<B", bytearray(10), -11, 1))
check("unpack_from negative", lambda: struct.unpack_from("<I", bytearray(10), -2))

b = bytearray(b"abcdef")
m = memoryview(b)
for name, op in [
    ("append", lambda: b.append(1)),
    ("extend", lambda: b.extend(b"x")),
    ("pop", lambda: b.pop()),
    ("remove", lambda: b.remove(97)),
    ("insert", lambda: b.insert(0, 1)),
    ("clear", lambda: b.clear()),
    ("iadd", lambda: b.__iadd__(b"x")),
    ("imul", lambda: b.__imul__(2)),
    ("del item", lambda: b.__delitem__(0)),
    ("del slice", lambda: b.__delitem__(slice(0, 2))),
    ("grow slice", lambda: b.__setitem__(slice(0, 1), b"xy")),
    ("same-size slice", lambda: b.__setitem__(slice(0, 2), b"AB")),
    ("extended empty", lambda: b.__setitem__(slice(0, 4, 2), b"")),
]:
    check(name, op)
print(b)
m.release()
b.append(ord("!"))
print(b)

a = array.array("i", [1, 2, 3])
v = memoryview(a)
for name, op in [
    ("array append", lambda: a.append(4)),
    ("array extend", lambda: a.extend([4])),
    ("array pop", lambda: a.pop()),
    ("array frombytes", lambda: a.frombytes(b"\0\0\0\0")),
    ("array imul", lambda: a.__imul__(2)),
    ("array del", lambda: a.__delitem__(0)),
    ("array setitem", lambda: a.__setitem__(0, 9)),
]:
    check(name, op)
print(a)
with v:
    pass
a.append(4)
print(a)

r = memoryview(bytearray(b"xyz"))
r.release()
for op in ["len(r)", "r[0]", "r.tobytes()", "r.format", "bytes(r)", "hash(r)",
           "r.obj", "r.tolist()", "r.cast('B')", "r.hex()", "memoryview(r)",
           "r.__enter__()", "b'x' + r"]:
    check(op, lambda: eval(op))
r.release()
print("double release ok")

w = memoryview(bytearray(8))
check("cast bad format", lambda: w.cast("x"))
check("cast e", lambda: w.cast("e"))
check("cast multiple", lambda: memoryview(b"abc").cast("I"))
check("cast non-byte", lambda: w.cast("i").cast("h"))
check("cast shape product", lambda: w.cast("i", [3]))
check("cast shape zero", lambda: w.cast("B", [0, 8]))
check("cast shape type", lambda: w.cast("B", 8))
check("cast format type", lambda: w.cast(1))
check("cast noncontiguous", lambda: w[::2].cast("B"))
check("cast ND to ND", lambda: w.cast("B", [2, 4]).cast("B", [4, 2]))
for fmt, val in [("B", 256), ("B", -1), ("B", 1.0), ("B", "x"), ("b", 128),
                 ("c", b"ab"), ("c", "a"), ("d", "1"), ("q", 2 ** 63), ("Q", -1)]:
    check("set %s %r" % (fmt, val), lambda: w.cast(fmt).__setitem__(0, val))
check("index", lambda: w[8])
check("index type", lambda: w["a"])
check("index float", lambda: w[1.0])
check("del", lambda: w.__delitem__(0))
check("slice struct", lambda: w.__setitem__(slice(0, 2), b"abc"))
check("slice format", lambda: w.__setitem__(slice(0, 2), memoryview(b"ab").cast("c")))
check("sub-view", lambda: w.cast("B", [2, 4])[0])
check("ND slicing", lambda: w.cast("B", [2, 4])[0:1, 0:1])
check("0-dim index", lambda: memoryview(b"x").cast("B", [])[0])
check("tobytes order", lambda: w.tobytes("X"))
check("not a buffer", lambda: memoryview("abc"))
check("no argument", lambda: memoryview())
check("not subclassable", lambda: type("M", (memoryview,), {}))
check("attr readonly", lambda: setattr(w, "format", "B"))
check("no dict", lambda: setattr(w, "x", 1))

nc = memoryview(b"abcdef")[::2]
check("find noncontiguous", lambda: b"abc".find(nc))
check("hexlify noncontiguous", lambda: binascii.hexlify(nc))
check("concat noncontiguous", lambda: b"x" + nc)
check("join noncontiguous", lambda: b"-".join([nc]))
check("str noncontiguous", lambda: str(nc, "ascii"))
check("extend noncontiguous", lambda: bytearray().extend(nc))
check("frombytes str", lambda: array.array("b").frombytes("ab"))
check("array typecode", lambda: setattr(array.array("b"), "typecode", "h"))
check("join released", lambda: b"-".join([r]))
check("extend released", lambda: bytearray().extend(r))
check("str released", lambda: str(r, "ascii"))
check("bytes released", lambda: bytes(r))
