import io
s = io.StringIO()
s.write("hello\n")
print("world", file=s)
print(repr(s.getvalue()), s.tell())
s.seek(0)
print(s.readline(), s.read())
b = io.BytesIO(b"abc\ndef")
print(b.read(2), b.tell(), b.readline(), b.read(), b.getvalue())
b.seek(1)
b.write(b"ZZ")
print(b.getvalue())
print(isinstance(s, io.TextIOBase), isinstance(b, io.BufferedIOBase), io.SEEK_END, issubclass(io.StringIO, io.IOBase))
for line in io.StringIO("a\nb\nc"):
    print(repr(line))
with io.StringIO("x y") as f:
    print(f.read().split())
print(f.closed)
try:
    f.read()
except ValueError:
    # (egret's io is CPython's _pyio, whose message ends with a period.)
    print("ValueError")
