# array.fromfile and array.tofile: whole items read, EOFError (after
# appending) when the file ends early, and the checks on what read() gives.
import array
import io
import os
import tempfile

a = array.array("i", [1, -2, 3, 1 << 30])
path = os.path.join(tempfile.mkdtemp(), "arr.bin")
with open(path, "wb") as f:
    a.tofile(f)
print(os.path.getsize(path))
b = array.array("i")
with open(path, "rb") as f:
    b.fromfile(f, 2)
    b.fromfile(f, 2)
print(b, b == a)
c = array.array("h")
with open(path, "rb") as f:
    try:
        c.fromfile(f, 100)
    except EOFError as e:
        print("EOFError", e, len(c))
d = array.array("B")
d.fromfile(io.BytesIO(b"\x01\x02\x03"), 3)
print(d)
for bad in [lambda: d.fromfile(io.BytesIO(b""), -1), lambda: d.fromfile(io.StringIO("x"), 1),
            lambda: d.fromfile(io.BytesIO(b"x"))]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
os.remove(path)

# An array of another kind initializes an array item by item.
print(array.array("q", array.array("i", [1, -2])), array.array("d", array.array("b", [65])))
for bad in [lambda: array.array("u", array.array("i", [65])),
            lambda: array.array("i", array.array("u", "ab")),
            lambda: array.array("q").extend(array.array("i", [1]))]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
