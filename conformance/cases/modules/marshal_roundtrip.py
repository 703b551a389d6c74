import marshal, io
vals = [None, True, False, ..., StopIteration, 0, 1, -1, 2**31-1, -2**31, 2**31, -2**31-1, 2**100, -(2**200)+7, 1.5, -0.0, float('inf'), 1+2j,
        'abc', '', 'é' * 3, 'x' * 300, '\U0001f600', b'', b'\x00\xff' * 10, bytearray(b'ba'), (), (1,), tuple(range(300)), [1, [2, [3]]],
        {'a': 1, 2: (3, 4)}, {1, 2, 3}, frozenset({'x'}), {}]
for v in vals:
    d = marshal.dumps(v)
    back = marshal.loads(d)
    print(repr(v)[:60], type(back).__name__, back == v or (v != v), marshal.loads(d) == back)
for bad in [object(), [object()], {1: print}]:
    try: marshal.dumps(bad)
    except ValueError as e: print('ValueError', e)
for data in [b'', b'i\x01', b'?', b'l\x01\x00\x00\x00\xff\xff', b'{i\x01\x00\x00\x00']:
    try: print(marshal.loads(data))
    except (EOFError, ValueError) as e: print(type(e).__name__, e)
f = io.BytesIO()
marshal.dump([1, 'two'], f); marshal.dump(3.0, f)
f.seek(0)
print(marshal.load(f), marshal.load(f))
# data with back-references, as CPython writes it
print(marshal.loads(b'\xdb\x02\x00\x00\x00\xe9\x05\x00\x00\x00r\x01\x00\x00\x00'))
print(marshal.version)
x = [1]
try:
    y = [x] * 3
    print(marshal.loads(marshal.dumps(y)))
except Exception as e: print(e)
deep = []
for i in range(3000): deep = [deep]
try: marshal.dumps(deep)
except ValueError as e: print(e)
# What CPython wrote (with its back-references) reads back the same.
for data in [b'\xe9\x00\x00\x00\x00', b'\xec\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00',
             b'\xa9\x02\xda\x03abcr\x01\x00\x00\x00', b'\xf5\x06\x00\x00\x00\xed\xa0\x80abc']:
    print(repr(marshal.loads(data)))
print(ascii(marshal.loads(marshal.dumps('\ud800x'))))
co = compile('x = 6 * 7', 'f', 'exec')
ns = {}
exec(marshal.loads(marshal.dumps(co)), ns)
print(ns['x'])
