# sqlite3: adapters and converters, BLOB handles, backup, serialization,
# file databases (no descriptor left open).
import datetime
import os
import sqlite3
import tempfile


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


class Conforming:
    def __conform__(self, proto):
        if proto is sqlite3.PrepareProtocol:
            return "conformed"


sqlite3.register_adapter(Point, lambda p: "%s;%s" % (p.x, p.y))
sqlite3.register_converter("point", lambda b: Point(*map(float, b.split(b";"))))
sqlite3.register_converter("Upper", lambda b: b.decode().upper())

con = sqlite3.connect(":memory:", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
con.execute("create table p (pt point, d date, ts timestamp, n number(10), b blob)")
con.execute("insert into p values (?, ?, ?, ?, ?)",
            (Point(1, 2.5), datetime.date(2024, 2, 29),
             datetime.datetime(2024, 1, 2, 3, 4, 5, 678), 42, b""))
print(con.execute("select pt, d, ts, n, b from p").fetchone())
print(con.execute('select pt as "p [upper]", n as "n [UPPER]" from p').fetchone())
print(con.execute('select pt as "p [upper]" from p').description)
print(con.execute("select ?", (Conforming(),)).fetchone())
print(sqlite3.adapt(Point(3, 4)), sqlite3.adapt(5, sqlite3.PrepareProtocol, "alt"))
print(sorted(k for k in sqlite3.converters if k in ("POINT", "UPPER", "DATE", "TIMESTAMP")))
con.close()

# BLOB handles
con = sqlite3.connect(":memory:")
con.execute("create table b (data blob)")
con.execute("insert into b values (?)", (b"0123456789abcdef",))
blob = con.blobopen("b", "data", 1)
print(type(blob).__name__, len(blob), blob.read(4), blob.tell())
blob.seek(-3, os.SEEK_END)
print(blob.read(), blob.tell(), blob.read())
blob.seek(2)
blob.write(b"XY")
print(blob[0], blob[-1], blob[1:6], blob[::4], blob[2:11:3])
blob[0] = 65
blob[12:16] = b"WXYZ"
blob[0:6:2] = b"!!!"
print(con.execute("select data from b").fetchone())
for label, f in [
    ("write past end", lambda: blob.write(b"x" * 100)),
    ("seek out of range", lambda: blob.seek(100)),
    ("bad origin", lambda: blob.seek(0, 7)),
    ("index", lambda: blob[16]),
    ("byte range", lambda: blob.__setitem__(0, 256)),
    ("slice size", lambda: blob.__setitem__(slice(0, 3), b"a")),
    ("delete", lambda: blob.__delitem__(0)),
    ("float index", lambda: blob[1.5]),
    ("iterate", lambda: list(blob) and None or "iterable"),
    ("readonly", lambda: con.blobopen("b", "data", 1, readonly=True).write(b"z")),
]:
    try:
        f()
    except TypeError as e:
        # (CPython names the type 'sqlite3.Blob' in messages)
        print(label, "->", type(e).__name__ + ":", str(e).replace("sqlite3.", ""))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
with con.blobopen("b", "data", 1) as b2:
    print("context", b2.read(3))
try:
    b2.read()
except sqlite3.ProgrammingError as e:
    print("closed blob ->", e)
blob.close()

# Backup with progress, serialize / deserialize
src = sqlite3.connect(":memory:")
src.execute("create table big (v)")
src.executemany("insert into big values (?)", ((("x" * 500),) for _ in range(40)))
src.commit()
dst = sqlite3.connect(":memory:")
steps = []
src.backup(dst, pages=5, progress=lambda status, remaining, total: steps.append((status, remaining)))
print(dst.execute("select count(*), length(max(v)) from big").fetchone(), len(steps) > 1, steps[-1])
data = src.serialize()
print(type(data).__name__, len(data) > 1000, data[:15])
copy = sqlite3.connect(":memory:")
copy.deserialize(data)
print(copy.execute("select count(*) from big").fetchone())

# A file database; every descriptor it opened is closed again.
def fds():
    return len(os.listdir("/proc/self/fd"))


before = fds()
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "test.db")
    c1 = sqlite3.connect(path)
    c1.execute("create table f (a)")
    c1.execute("insert into f values (1)")
    c1.commit()
    c2 = sqlite3.connect(path, timeout=0.1)
    c1.execute("insert into f values (2)")
    try:
        c2.execute("insert into f values (3)")
    except sqlite3.OperationalError as e:
        print("locked ->", e)
    c1.commit()
    print(c2.execute("select * from f").fetchall())
    c1.close()
    c2.close()
    c3 = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    try:
        c3.execute("insert into f values (4)")
    except sqlite3.OperationalError as e:
        print("readonly ->", e)
    c3.close()
print("descriptors left open:", fds() - before)
