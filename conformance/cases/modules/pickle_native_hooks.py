# _pickle's Pickler and Unpickler subclassed from Python (persistent ids,
# find_class, reducer_override, dispatch tables, memo), and its errors:
# bad and truncated pickles raise, they never crash.
import _pickle, copyreg, io, pickle


class P(_pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, str) and obj.startswith("@"):
            return "pid:" + obj
        return None


class U(_pickle.Unpickler):
    def persistent_load(self, pid):
        return pid.upper()

    def find_class(self, module, name):
        if name == "Foo":
            return dict
        return super().find_class(module, name)


for proto in range(6):
    f = io.BytesIO()
    P(f, proto).dump(["@x", "y", "@z"])
    print(proto, f.getvalue(), U(io.BytesIO(f.getvalue())).load())
print(U(io.BytesIO(b"c__main__\nFoo\n)R.")).load())


class R(_pickle.Pickler):
    def reducer_override(self, obj):
        if obj == 42.5:
            return (str, ("forty-two",))
        return NotImplemented


f = io.BytesIO()
R(f, 4).dump([42.5, 1.5])
print(f.getvalue(), _pickle.loads(f.getvalue()))


class D:
    pass


f = io.BytesIO()
p = _pickle.Pickler(f, 3)
p.dispatch_table = {D: lambda o: (int, (7,))}
p.dump([D()])
print(f.getvalue(), _pickle.loads(f.getvalue()))

p = _pickle.Pickler(io.BytesIO(), 2)
p.dump([1, "s" * 3])
print(sorted(v[0] for v in p.memo.copy().values()))
p.clear_memo()
print(p.memo.copy(), p.fast, p.bin)
u = _pickle.Unpickler(io.BytesIO(b"\x80\x04]\x94."))
print(u.load(), u.memo.copy())

# Several pickles in one file, then its end.
m = io.BytesIO()
for x in range(3):
    _pickle.dump([x], m, 0)
m.seek(0)
print([_pickle.load(m) for _ in range(3)])
try:
    _pickle.load(m)
except EOFError as e:
    print("EOFError", e)

# Protocol 0 and 1 strings of Python 2, and the name mappings.
print(_pickle.loads(b'S"\\x41\\101"\n.'), _pickle.loads(b"U\x03abc.", encoding="bytes"),
      _pickle.loads(b"U\x03\xe9bc.", encoding="latin1"))
print(_pickle.loads(b"c__builtin__\nset\n(]tR."), _pickle.loads(b"\x80\x02cUserDict\nUserDict\n)\x81.").__class__)
print(_pickle.dumps(set, 2), _pickle.dumps(ValueError, 1), _pickle.dumps(ValueError, 3))
print(_pickle.loads(b"I010\n."), _pickle.loads(b"I01\n."), _pickle.loads(b"L12L\n."), _pickle.loads(b"F1.25\n."))

bad = [b"", b"K", b"(.", b"0.", b"X\x05\x00\x00\x00ab", b"h\x05.", b"g5\n.", b"}(K\x01u.",
       b"\xff", b"\x80\x06N.", b"K\x01)\x81.", b"c__builtin__\nint\nK\x01\x81.",
       b"S'abc\n.", b"I12x\n.", b"F1.5x\n.", b"K\x01K\x02b.", b"\x95\x05\x00\x00\x00\x00\x00\x00\x00N.",
       b"\x82\x05.", b"K\x01R.", b"c__builtin__\nint\nK\x01R.", b"P1\n.", b"Q.", b"N\x93.", b"1.",
       b"\x8a\x02\x01", b"]K\x01a0.", b"t.", b"\x97.", b"\x98.", b"\x8c\x03ab"]
for data in bad:
    try:
        print(repr(_pickle.loads(data)))
    except Exception as e:
        print(data, type(e).__name__, e)

for args in [(io.BytesIO(), 9), (None,), (io.BytesIO(), 4, True, print)]:
    try:
        _pickle.Pickler(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    _pickle.Unpickler(None)
except TypeError as e:
    print(e)


class NotInit(_pickle.Pickler):
    def __init__(self):
        pass


try:
    NotInit().dump(1)
except pickle.PicklingError as e:
    print(e)
print(pickle.Pickler is _pickle.Pickler, pickle.PicklingError is _pickle.PicklingError)

deep = []
for i in range(50000):
    deep = [deep]
try:
    _pickle.dumps(deep)
except RecursionError:
    print("RecursionError")


def local():
    class L:
        pass
    return L


for proto in (0, 4):
    try:
        _pickle.dumps(local(), proto)
    except (AttributeError, pickle.PicklingError) as e:
        print(type(e).__name__, e)
