# open() in update modes (r+, w+, a+, rb+): reading and writing one file.
import os
import tempfile

p = os.path.join(tempfile.mkdtemp(), "upd.txt")
with open(p, "w") as f: f.write("hello\nworld\n")
with open(p, "r+") as f:
    print(repr(f.readline()))
    f.write("XY")
    f.seek(0)
    print(repr(f.read()))
    print(f.tell(), f.readable(), f.writable(), f.seekable())
with open(p, "a+") as f:
    f.write("more\n")
    f.seek(0)
    print(repr(f.read()))
with open(p, "w+") as f:
    f.write("fresh")
    f.seek(0)
    print(repr(f.read()))
with open(p, "rb+") as f:
    f.seek(1); f.write(b"R"); f.seek(0); print(f.read())
with open(p, "r") as f:
    try: f.write("x")
    except OSError as e: print(type(e).__name__, e)
os.remove(p)
print("removed", os.path.exists(p))
