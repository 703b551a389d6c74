# mmap: anonymous and file-backed maps, the file-like and sequence
# interfaces, resize, and CPython's errors.
import mmap
import os
import tempfile

m = mmap.mmap(-1, 16)
print(len(m), m.tell(), m[:4], m.closed)
try:
    m.size()
except OSError as e:
    print("size of an anonymous map:", e.errno)
m.write(b"hello world\n")
print(m.tell(), m[:12], m[0], m[-1], m.find(b"o"), m.rfind(b"o"), m.find(b"o", 5), m.find(b"zz"))
m.seek(0)
print(m.readline(), m.read(2), m.read_byte(), m.tell())
m[0] = 72
m[1:3] = b"EL"
print(m[:5], m[::2][:3], m[10:2:-3])
m.move(0, 6, 5)
print(m[:12])
m.seek(0, 2)
print(m.tell())
for bad in (lambda: m.seek(1, 2), lambda: m.read_byte(), lambda: m.write(b"x"),
            lambda: m.write_byte(1), lambda: m[16], lambda: m.__setitem__(0, 256),
            lambda: m.__setitem__(slice(0, 2), b"abc"), lambda: m.__delitem__(0),
            lambda: m.seek(0, 3), lambda: m.move(10, 10, 10)):
    try:
        bad()
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
print(repr(m))
m.resize(32)
print(len(m), m[:12])
print(list(m)[:3], bytes(m)[:5])
m.close()
print(m.closed, repr(m))
try:
    m[0]
except ValueError as e:
    print(e)
m.close()

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "f")
    with open(path, "wb") as f:
        f.write(b"0123456789" * 500)
    with open(path, "r+b") as f:
        with mmap.mmap(f.fileno(), 0) as mm:
            print(len(mm), mm.size(), mm[:10], mm[-3:])
            mm[0:4] = b"abcd"
            mm.flush()
            mm.resize(6000)
            print(len(mm), mm.size())
        print(mm.closed)
    with open(path, "rb") as f:
        print(f.read(6))
        ro = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            ro[0] = 1
        except TypeError as e:
            print(e)
        try:
            ro.resize(10)
        except TypeError as e:
            print(e)
        print(repr(ro))
        ro.close()
        cp = mmap.mmap(f.fileno(), 10, access=mmap.ACCESS_COPY, offset=mmap.ALLOCATIONGRANULARITY)
        cp[0:2] = b"ZZ"
        print(cp[:10])
        cp.close()
        for kw in ({'length': -1}, {'length': 10**6}, {'length': 10, 'access': 9},
                   {'length': 10, 'access': mmap.ACCESS_READ, 'prot': mmap.PROT_READ}):
            try:
                mmap.mmap(f.fileno(), **kw)
            except (ValueError, OverflowError) as e:
                print(type(e).__name__, e)
    with open(path, "wb") as f:
        pass
    with open(path, "rb") as f:
        try:
            mmap.mmap(f.fileno(), 0)
        except ValueError as e:
            print(e)

class Sub(mmap.mmap):
    pass
s = Sub(-1, 4)
print(type(s).__name__, len(s), isinstance(s, mmap.mmap))
s.close()
print(mmap.PAGESIZE > 0, mmap.ACCESS_DEFAULT, mmap.ACCESS_READ, mmap.ACCESS_WRITE,
      mmap.ACCESS_COPY, mmap.MAP_SHARED, mmap.MAP_PRIVATE, mmap.PROT_READ, mmap.MADV_NORMAL,
      mmap.error is OSError)
