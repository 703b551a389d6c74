m = memoryview(b"abcdef")
print(m[0], m[-1], m.tobytes(), m.tolist(), len(m), m.nbytes, m.readonly, m.format, m.itemsize)
print(m[1:4].tobytes(), bytes(m[::2]), m == b"abcdef", m == memoryview(b"abcdef"), m != b"x")
print(m.hex(), list(m)[:3], bytes(memoryview(bytearray(b"xy"))))
with memoryview(b"q") as v:
    print(v.tobytes())
try:
    v.tobytes()
except ValueError as e:
    print("ValueError:", e)
try:
    memoryview("text")
except TypeError as e:
    print("TypeError:", e)
print(hash(memoryview(b"ab")) == hash(b"ab"), memoryview(bytearray(b"ab")).readonly)
