import array, pickle
from array import _array_reconstructor as r
for code, mf, data in [('i', 8, b'\x01\x00\x00\x00\xff\xff\xff\xff'), ('i', 9, b'\x00\x00\x00\x01'), ('H', 3, b'\x01\x02'), ('d', 15, b'?\xf0\x00\x00\x00\x00\x00\x00'), ('u', 18, b'a\x00b\x00'), ('b', 1, b'\xff'), ('Q', 11, bytes(range(8)))]:
    print(r(array.array, code, mf, data))
for bad in [(1, 'i', 8, b''), (list, 'i', 8, b''), (array.array, 'z', 8, b''), (array.array, 'i', 99, b''), (array.array, 'i', 8, 'x'), (array.array, 'i', 8, b'\x00')]:
    try:
        r(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
a = array.array('i', [1, -2, 3])
for p in range(5):
    b = pickle.loads(pickle.dumps(a, p))
    print(p, b, type(b).__name__)
print(a.__reduce_ex__(4))
