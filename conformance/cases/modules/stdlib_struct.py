import struct
for fmt, vals in [("<i", (1,)), (">h", (-2,)), ("@bi", (1, 2)), ("=bi", (1, 2)), ("<q", (-5,)), (">Q", (2**63,)), ("<f", (1.5,)), (">d", (-0.1,)), ("<e", (0.333,)), ("3s", (b"abcdef",)), ("5p", (b"ab",)), ("<?c", (True, b"x")), ("!HH", (1, 65535)), ("<2i", (3, 4))]:
    b = struct.pack(fmt, *vals)
    print(fmt, b, struct.unpack(fmt, b), struct.calcsize(fmt))
print(struct.calcsize("@ci d"), struct.calcsize("@hq"), struct.calcsize("<hq"))
for e in ["struct.pack('b', 200)", "struct.pack('<I', -1)", "struct.pack('i', 'x')", "struct.pack('ii', 1)", "struct.unpack('i', b'ab')", "struct.calcsize('z')", "struct.pack('B', 256)", "struct.pack('H', -1)", "struct.pack('<b', 999)"]:
    try:
        eval(e)
    except struct.error as x:
        print("error:", x)
s = struct.Struct("<hhl")
print(s.size, s.format, s.pack(1, 2, 3), s.unpack(b"\x01\x00\x02\x00\x03\x00\x00\x00"), list(struct.iter_unpack("<h", b"\x01\x00\x02\x00")))
buf = bytearray(8)
struct.pack_into("<i", buf, 2, 7)
print(buf, struct.unpack_from("<i", buf, 2), struct.unpack_from(">H", b"\x00\x01\x02", offset=1))
