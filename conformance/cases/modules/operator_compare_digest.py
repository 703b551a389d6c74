# _operator._compare_digest (hmac.compare_digest).
import _operator as op
import hmac
import array

print(hmac.compare_digest(b'a', b'a'), hmac.compare_digest('a', 'b'))
cases = [
    (b'abc', b'abc'), (b'abc', b'abd'), (b'abc', b'ab'), (b'', b''), (b'', b'a'),
    ('abc', 'abc'), ('abc', 'abd'), ('ab', 'abc'),
    (bytearray(b'ab'), b'ab'), (memoryview(b'ab'), bytearray(b'ab')),
    (array.array('B', b'ab'), b'ab'),
    ('a', 'é'), ('é', 'é'), ('a', b'a'), (b'a', 'a'), (1, 1), (None, b'a'), (b'a', None),
]
for a, b in cases:
    try:
        print(repr(op._compare_digest(a, b)))
    except TypeError as e:
        print('TypeError', e)
for args in [(), (b'a',), (b'a', b'a', b'a')]:
    try:
        op._compare_digest(*args)
    except TypeError as e:
        print('TypeError', e)
