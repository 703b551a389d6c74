# printf-style % on bytes, and bytes.hex() with separators.
print(b"%s %d" % (b"x", 5))
print(b"%b|%s|%r|%a|%c|%c" % (b"ab", bytearray(b"cd"), b"q'", "é", 65, b"z"))
print(b"%5s|%-5s|%.1s" % (b"ab", b"cd", b"ef"))
print(b"%(k)s=%(v)d" % {b"k": b"key", b"v": 3})
print(b"\xff%s\x00" % b"\xfe")
print(b"%x %o %e %%" % (255, 8, 1.5))


class B:
    def __bytes__(self):
        return b"custom"


print(b"%s" % B())
print(b"%s" % memoryview(b"mv"))
for bad in [(b"%s", "text"), (b"%s", 5), (b"%c", 256), (b"%c", b"ab")]:
    try:
        bad[0] % bad[1]
    except (TypeError, OverflowError) as e:
        print(type(e).__name__ + ":", e)

data = bytes(range(250, 256)) + b"\x00\x01"
print(data.hex(), data.hex(":"), data.hex("-", 2), data.hex(" ", -3), data.hex(b"_", 4))
print(bytearray(b"\x01\x02\x03").hex("."), b"".hex(":"))
for bad in [("::",), (1,), ("é",)]:
    try:
        data.hex(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(slice(1, 10, 2).indices(5), slice(None, None, -1).indices(4), slice(-100, 100).indices(7))
try:
    slice(0, 1, 0).indices(3)
except ValueError as e:
    print("ValueError:", e)
print((1.5).hex(), (0.1).hex(), (-0.0).hex(), (5e-324).hex(), float.fromhex((1e300).hex()) == 1e300)
