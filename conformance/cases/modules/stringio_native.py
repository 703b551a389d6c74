# io.StringIO as CPython's C class: closed-file errors (and which end in a
# period), newline translation and line splitting for every newline
# argument, positions past the end, non-ASCII text, pickling, subclasses.
import io
s=io.StringIO(); s.close()
for f in (lambda: s.write('x'), lambda: s.read(), lambda: s.readable(), lambda: s.line_buffering, lambda: s.newlines, lambda: s.flush(), lambda: iter(s), lambda: s.getvalue(), lambda: s.tell(), lambda: s.__getstate__(), lambda: s.readlines(), lambda: s.writelines([]), lambda: s.detach(), lambda: s.fileno(), lambda: s.isatty()):
    try: f(); print('ok')
    except Exception as e: print(type(e).__name__, e)
s=io.StringIO('a\r\nb\rc\n', newline=None); print(repr(s.getvalue()), s.newlines)
s=io.StringIO('a\r\nb\rc\n', newline=''); print(s.readlines(), s.newlines)
s=io.StringIO('a\r\nb\rc\n', newline='\r'); print(s.readlines(), s.newlines, repr(s.getvalue()))
s=io.StringIO('a\r\nb\rc\n', newline='\r\n'); print(s.readlines(), s.newlines, repr(s.getvalue()))
print(io.StringIO.__module__, io.StringIO.__name__, isinstance(io.StringIO(), io.TextIOBase), isinstance(io.StringIO(), io.IOBase))
s=io.StringIO(); s.seek(5); s.write('x'); print(repr(s.getvalue()))
try: s.seek(1,1)
except Exception as e: print(type(e).__name__, e)
try: s.seek(0,3)
except Exception as e: print(type(e).__name__, e)
try: s.seek(-1)
except Exception as e: print(type(e).__name__, e)
try: s.read('x')
except Exception as e: print(type(e).__name__, e)
try: s.write(b'x')
except Exception as e: print(type(e).__name__, e)
try: s.truncate(-1)
except Exception as e: print(type(e).__name__, e)
print(s.__getstate__(), vars(s))
s = io.StringIO("héllo wörld\nline two\nthree")
print(s.read(3), s.tell(), s.readline(), s.readline(4), s.tell(), s.read(), s.tell(), repr(s.read()))
s.seek(2); print(s.write("ÉÉ"), repr(s.getvalue()), s.tell())
s.seek(1); print(s.truncate(), repr(s.getvalue()), s.tell(), s.write("Z"), repr(s.getvalue()))
print(s.truncate(0), repr(s.getvalue()), s.tell()); s.write("q"); print(repr(s.getvalue()))
print(list(io.StringIO("a\nb\nc")), io.StringIO("x\ny").readlines(), io.StringIO("abc").read(None), io.StringIO("abc").read(-5))
for nl in (None, '', '\n', '\r', '\r\n'):
    s = io.StringIO(newline=nl); s.write("a\nb\r\nc\rd"); s.seek(0)
    print(repr(nl), repr(s.getvalue()), s.readlines(), s.newlines)
import pickle, copy
s = io.StringIO("abc\ndef", newline=None); s.read(2); s.foo = 1
t = pickle.loads(pickle.dumps(s)); print(repr(t.getvalue()), t.tell(), t.foo, t.newlines)
u = copy.deepcopy(s); print(repr(u.getvalue()), u.tell())
class Sub(io.StringIO):
    def readline(self, *a): return "X" if self.tell() == 0 and self.read(1) else ""
print(list(Sub("abc")))
with io.StringIO() as f:
    print("hello", file=f); print("x", 1, sep="-", file=f); print(repr(f.getvalue()))
print(f.closed)
try: io.StringIO(newline='x')
except Exception as e: print(type(e).__name__, e)
try: io.StringIO(5)
except Exception as e: print(type(e).__name__, e)
try: io.StringIO(newline=5)
except Exception as e: print(type(e).__name__, e)
s = io.StringIO(); print(s.write(''), s.encoding, s.errors, s.seekable(), s.readable(), s.writable(), s.line_buffering)
s.writelines(["a", "b\n"]); print(repr(s.getvalue()))
print(repr(io.StringIO(None).getvalue()))
