# memoryview over bytes, bytearray and array: attributes, writes through
# the view, slices of slices, casts, tolist/tobytes/hex, views of views.
import array


def attrs(m):
    return (m.format, m.itemsize, m.ndim, m.shape, m.strides, m.nbytes,
            m.readonly, m.c_contiguous, m.f_contiguous, m.contiguous)


b = bytearray(b"abcdefgh")
m = memoryview(b)
print(attrs(m), m.obj is b, len(m))
m[0] = ord("A")
m[-1] = 90
print(b, m[1], m[-2])
s = m[1:7]
ss = s[::2]
print(attrs(s), attrs(ss), ss.tobytes(), ss.tolist())
ss[1] = ord("!")
print(b, s.tobytes())
m[2:4] = b"XY"
m[4:6] = memoryview(b"PQ")
print(b)
print(m[::-1].tobytes(), m[::-2].strides, m[5:1:-1].tolist())
print(m.hex(), m[:3].hex(":"), m.cast("H").hex("-", 2))

# array exporters: every typecode
for code in "bBhHiIlLqQfd":
    a = array.array(code, [1, 2, 3])
    v = memoryview(a)
    print(code, v.format, v.itemsize, v.shape, v.tolist(), v.tobytes() == a.tobytes(), v[1])
    v[0] = 7
    print(a)
u = memoryview(array.array("u", "hi"))
print(u.format, u.itemsize, u.nbytes)

# casts: format and shape
raw = bytearray(range(12))
c = memoryview(raw).cast("i")
print(attrs(c), c.tolist() == list(array.array("i", bytes(range(12)))))
g = memoryview(raw).cast("B", [3, 4])
print(attrs(g), g.tolist(), g[1, 2], g[-1, -1])
g[0, 0] = 99
print(raw[0], g.cast("B").tolist()[:4], g.tobytes("F")[:4], g.tobytes("A")[:4])
h = memoryview(raw).cast("h", (2, 3))
print(attrs(h), h.tolist(), h[1:].tolist())
z = memoryview(b"x").cast("B", [])
print(z.ndim, z.shape, z.strides, z.tolist(), z[()], len(z))
cc = memoryview(b"ab").cast("c")
print(cc.tolist(), cc[0], memoryview(b"\x01\x00").cast("?").tolist())
f = memoryview(bytearray(8)).cast("d")
f[0] = 2.5
print(f.tolist(), f.cast("B").cast("f").tolist())

# views of views share the exporter
mm = memoryview(memoryview(b))
print(mm.obj is b, mm.tobytes() == bytes(b), memoryview(m[2:])[1:3].tobytes())
print(m.toreadonly().readonly, m.toreadonly().tobytes() == bytes(b))
print(list(memoryview(b"xyz")), list(reversed(memoryview(b"xyz"))), 121 in memoryview(b"xyz"))
with memoryview(b"ctx") as cm:
    print(cm.tobytes())
print(repr(cm).startswith("<released memory at 0x"), repr(memoryview(b"")).startswith("<memory at 0x"))
