# The builtin open() takes path-like objects, bytes paths and file
# descriptors, not only strs.
import os
import pathlib
import tempfile

d = tempfile.mkdtemp()
p = pathlib.Path(d) / "data.txt"
with open(p, "w") as f:
    f.write("first line\nsecond\n")
with open(p) as f:
    print(f.readline().strip(), f.name == p)
with open(os.fsencode(p), "rb") as f:
    print(f.read(), type(f.name).__name__)


class Custom:
    def __fspath__(self):
        return str(p)


with open(Custom(), "a") as f:
    f.write("third\n")
print(open(str(p)).read().splitlines())
fd = os.open(p, os.O_RDONLY)
with open(fd, closefd=True) as f:
    print(f.read().count("\n"), f.name == fd)
for bad in (3.5, None, [str(p)]):
    try:
        open(bad)
    except TypeError as e:
        print("TypeError", e)
os.remove(p)
os.rmdir(d)
