# hashlib's builtin hash modules (_md5, _sha1, _sha256, _sha512, _sha3,
# _blake2): known digests, streaming updates, copies and attributes.
import hashlib
import _md5, _sha1, _sha256, _sha512, _sha3, _blake2
import array

data = [b'', b'abc', b'a' * 1000, bytes(range(256)) * 5]
fixed = [_md5.md5, _sha1.sha1, _sha256.sha224, _sha256.sha256, _sha512.sha384,
         _sha512.sha512, _sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384,
         _sha3.sha3_512, _blake2.blake2b, _blake2.blake2s]
for cons in fixed:
    h = cons()
    print(h.name, h.digest_size, h.block_size, type(h).__name__, type(h).__module__)
    for d in data:
        print(' ', cons(d).hexdigest())
    # one update at a time gives the same digest as all at once
    whole = b''.join(data)
    h = cons()
    for d in data:
        h.update(d)
        h.update(memoryview(d))
    h2 = cons(b''.join(d + d for d in data), usedforsecurity=False)
    print('  stream', h.hexdigest() == h2.hexdigest(), h.digest() == h2.digest(),
          h.digest().hex() == h.hexdigest(), len(h.digest()) == h.digest_size)
    # digest() does not end the hash; copy() is independent
    c = h.copy()
    c.update(b'more')
    h3 = cons(b''.join(d + d for d in data) + b'more')
    print('  copy', c.hexdigest() == h3.hexdigest(), h.hexdigest() == h2.hexdigest(),
          type(c) is type(h), c.name == h.name)

for name in ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224',
             'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s',
             'shake_128', 'shake_256']:
    h = hashlib.new(name, b'hello')
    print(name, getattr(hashlib, name)(b'hello').name == h.name,
          h.hexdigest(16) if name.startswith('shake') else h.hexdigest())
print(hashlib.new('SHA256', b'x').hexdigest()[:16])

# the shakes take the length wanted
for cons in [_sha3.shake_128, _sha3.shake_256]:
    h = cons(b'abc')
    print(h.name, h.digest_size, h.block_size, h.digest(0), h.hexdigest(1), h.hexdigest(40))
    print(' ', h._capacity_bits, h._rate_bits, h._suffix, h.digest(5) == h.digest(10)[:5])
    for n in [-1, 2 ** 29, 2 ** 64, 'a']:
        try:
            h.digest(n)
        except Exception as e:
            print(' ', type(e).__name__, e)
    for args in [(), (1, 2)]:
        try:
            h.hexdigest(*args)
        except TypeError as e:
            print(' ', e)
for cons in [_sha3.sha3_224, _sha3.sha3_512]:
    h = cons()
    print(h._capacity_bits, h._rate_bits, h._suffix)

# bytes-like data
print(_md5.md5(bytearray(b'abc')).hexdigest(), _md5.md5(memoryview(b'abc')).hexdigest(),
      _md5.md5(array.array('B', b'abc')).hexdigest(), _md5.md5(string=b'abc').hexdigest())
