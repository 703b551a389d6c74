import os, tempfile
p = os.path.join(tempfile.gettempdir(), "egret_file_case_%d.txt" % os.getpid())
with open(p, "w") as f:
    f.write("héllo\nwörld\nlast")
with open(p) as f:
    print(repr(f.read(3)), f.tell() > 0, repr(f.readline()), repr(f.read()))
    f.seek(0)
    print(repr(f.read(1)), f.readable(), f.writable(), f.seekable())
with open(p, "rb") as f:
    print(f.read(3), f.tell(), f.seek(1), f.read(2), f.seek(-4, 2), f.read())
import linecache, traceback
print(linecache.getline(p, 2))
os.remove(p)
try:
    1 / 0
except ZeroDivisionError:
    s = traceback.format_exc()
print(s.splitlines()[0], s.splitlines()[-1])
