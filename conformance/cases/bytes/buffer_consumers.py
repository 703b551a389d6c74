# Every consumer of "a bytes-like object" accepts any buffer: memoryview,
# array, bytearray, bytes.
import array
import binascii
import io
import struct

mv = memoryview(b"hello")
ar = array.array("B", b"hello")
ba = bytearray(b"hello")
for src in (mv, ar, ba, b"hello"):
    print(type(src).__name__,
          bytes(src), bytearray(src), b"<" + src, bytearray(b"<") + src,
          b"hello world".find(src), b"hello world".startswith(src), src in b"oh hello",
          b"-".join([src, src]), int.from_bytes(src, "big"), str(src, "ascii"),
          io.BytesIO(src).read(), binascii.hexlify(src), binascii.crc32(src),
          struct.unpack("5s", src), struct.unpack_from("2s", src, 3),
          b"a,hello,b".split(src), b"xhellox".replace(src, b"."), b"%s!" % src)
x = bytearray(b"ab")
x += memoryview(b"cd")
x += array.array("B", [101])
x.extend(memoryview(b"f"))
x[0:1] = memoryview(b"A")
print(x)
a = array.array("h")
a.frombytes(memoryview(b"\x01\x00\x02\x00"))
print(a, array.array("B", memoryview(b"ab")))
print(bytes(memoryview(b"abcdef")[::2]), bytearray(memoryview(b"abcdef")[::-2]))
print(int.from_bytes(memoryview(b"\x01\x02\x03")[::2], "little"))

# struct.pack_into and unpack_from on writable buffers
buf = bytearray(8)
struct.pack_into("<hh", memoryview(buf), 2, 1, 2)
print(buf)
arr = array.array("b", [0] * 4)
struct.pack_into("bb", arr, 1, 5, 6)
print(arr)
struct.pack_into("<H", memoryview(buf)[4:], 0, 0xFFFF)
print(buf, struct.unpack_from("<h", memoryview(b"\x00\x01\x02"), 1))
struct.Struct("2s").pack_into(memoryview(buf).cast("B"), 6, b"zz")
print(buf)

# io.BytesIO reading into and writing from views
f = io.BytesIO(b"hello")
target = bytearray(4)
print(f.readinto(memoryview(target)[1:]), target)
print(f.write(memoryview(b"XY")), f.write(array.array("B", [66])), f.getvalue())

# arrays of every typecode to and from bytes
for code in "bBuhHiIlLqQfd":
    src = array.array(code, "ab" if code == "u" else [1, 2])
    raw = src.tobytes()
    back = array.array(code)
    back.frombytes(raw)
    print(code, back == src, len(raw) == 2 * src.itemsize, bytes(src) == raw, memoryview(src).nbytes)
