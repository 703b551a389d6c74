# io.BytesIO: reads, writes past the end, lines, seeks, truncation, views
# from getbuffer() blocking resizes, closing, pickling and subclasses.
import io
import pickle
import copy


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


b = io.BytesIO(b"hello\nworld\n\nlast")
print(b.read(3), b.tell(), b.read1(2), b.tell())
print(b.readline(), b.readline(2), b.readline(), b.tell())
print(b.readlines(), b.read(), b.read(5), b.tell())
b.seek(0)
print(list(b))
b.seek(0)
print(b.readlines(7), b.tell())
print(b.seek(-3, 2), b.read(), b.seek(2, 0), b.seek(-10, 1), b.tell())
print(b.seek(100), b.read(), b.tell())

w = io.BytesIO()
print(w.write(b"abc"), w.write(bytearray(b"de")), w.write(memoryview(b"fgh")[1:]))
print(w.getvalue(), w.tell())
w.seek(10)
print(w.write(b"Z"), w.getvalue())
w.seek(2)
w.write(b"XYZW")
print(w.getvalue(), w.tell())
print(w.truncate(4), w.getvalue(), w.tell())
print(w.truncate(), w.getvalue(), w.truncate(100), w.getvalue())
w.writelines([b"1", bytearray(b"23"), memoryview(b"45")])
print(w.getvalue(), w.tell())
w.seek(0)
print(w.write(b""), w.tell())

r = io.BytesIO(b"0123456789")
buf = bytearray(4)
print(r.readinto(buf), buf, r.tell())
arr = memoryview(bytearray(20))
print(r.readinto(arr), bytes(arr[:8]), r.tell(), r.readinto(bytearray(3)))

v = io.BytesIO(b"abcdef")
view = v.getbuffer()
print(len(view), view.readonly, bytes(view[1:3]))
view[0] = ord("X")
print(v.getvalue())
attempt("write while exported", lambda: v.write(b"q"))
attempt("truncate while exported", lambda: v.truncate(1))
attempt("close while exported", v.close)
attempt("setstate while exported", lambda: v.__setstate__((b"x", 0, None)))
print(v.read(2), v.tell())
view.release()
print(v.write(b"!!"), v.getvalue())

c = io.BytesIO(b"data")
print(c.closed, c.readable(), c.writable(), c.seekable(), c.isatty(), c.flush())
c.close()
c.close()
print(c.closed)
for name, args in [("read", ()), ("write", (b"x",)), ("getvalue", ()), ("tell", ()),
                   ("seek", (0,)), ("truncate", ()), ("readline", ()), ("readlines", ()),
                   ("getbuffer", ()), ("readable", ()), ("flush", ()), ("__getstate__", ())]:
    attempt(name, lambda: getattr(c, name)(*args))
attempt("iter", lambda: iter(c) is c)
attempt("next", lambda: next(c))
attempt("with", lambda: c.__enter__())

e = io.BytesIO(b"abc")
attempt("read float", lambda: e.read(1.5))
attempt("read kw", lambda: e.read(size=1))
attempt("read two", lambda: e.read(1, 2))
attempt("seek float", lambda: e.seek(1.5))
attempt("seek whence", lambda: e.seek(0, 3))
attempt("seek negative", lambda: e.seek(-1))
attempt("truncate negative", lambda: e.truncate(-1))
attempt("write str", lambda: e.write("x"))
attempt("write int", lambda: e.write(1))
attempt("init int", lambda: io.BytesIO(1))
attempt("readlines float", lambda: e.readlines(1.5))
attempt("setstate int", lambda: e.__setstate__(1))
attempt("setstate short", lambda: e.__setstate__((b"", 0)))
attempt("setstate pos", lambda: e.__setstate__((b"", "x", None)))
attempt("setstate neg", lambda: e.__setstate__((b"", -1, None)))
attempt("setstate dict", lambda: e.__setstate__((b"", 1, 1)))
attempt("setstate value", lambda: e.__setstate__(("x", 1, None)))
print(e.read(None), e.read(-1), e.readline(None))

s = io.BytesIO(b"state")
s.seek(2)
s.extra = 5
st = s.__getstate__()
print(st)
t = pickle.loads(pickle.dumps(s))
print(t.getvalue(), t.tell(), t.extra, type(t).__name__)
u = copy.copy(s)
print(u.getvalue(), u.tell(), u.extra)
s.__setstate__((b"new value", 4, {"other": 1}))
print(s.getvalue(), s.tell(), s.other, s.extra)

s.__init__(b"again")
print(s.getvalue(), s.tell())
s.__init__()
print(s.getvalue(), s.tell())


class Sub(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.note = "sub"


x = Sub(b"one\ntwo\n")
print(list(x), x.note, isinstance(x, io.BufferedIOBase), isinstance(x, io.IOBase))
attempt("sub setstate", lambda: x.__setstate__(1))
print(io.BytesIO.__module__, io.BytesIO.__name__, type(io.BytesIO()).__name__)
with io.BytesIO(b"ctx") as m:
    print(m.read())
print(m.closed)
print(io.BytesIO(initial_bytes=b"kw").getvalue(), io.BytesIO(None).getvalue())
