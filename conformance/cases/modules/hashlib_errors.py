# The errors of hashlib's builtin hash modules, and blake2's parameters.
import hashlib
import _md5, _sha1, _sha256, _sha3, _blake2


def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(r.hexdigest() if hasattr(r, 'hexdigest') else repr(r))
    except Exception as e:
        print(type(e).__name__, e)


for cons in [_md5.md5, _sha256.sha256, _sha3.sha3_256, _sha3.shake_128, _blake2.blake2b]:
    show(cons, 'text')
    show(cons, 1)
    show(cons, b'', b'')
    show(cons, zz=1)
    show(cons, data=b'')
    show(cons, usedforsecurity=False)
show(_md5.md5, string=b'x')
show(_sha3.sha3_256, string=b'x')
h = _sha1.sha1()
show(h.update, 'text')
show(h.update, 1)
show(h.update)
show(h.update, b'a', b'b')
show(h.digest, 1)
show(h.hexdigest, 1)
show(h.copy, 1)
for attr in ['name', 'digest_size']:
    try:
        setattr(h, attr, 1)
    except AttributeError:
        print('AttributeError', attr)
try:
    type(h).x = 1
except TypeError as e:
    print(e)
try:
    h.x = 1
except AttributeError:
    print('AttributeError x')
show(type(h))
show(hashlib.new, 'nope')

# blake2 parameters
b2b, b2s = _blake2.blake2b, _blake2.blake2s
print(b2b.SALT_SIZE, b2b.PERSON_SIZE, b2b.MAX_KEY_SIZE, b2b.MAX_DIGEST_SIZE)
print(b2s.SALT_SIZE, b2s.PERSON_SIZE, b2s.MAX_KEY_SIZE, b2s.MAX_DIGEST_SIZE)
print(_blake2.BLAKE2B_SALT_SIZE, _blake2.BLAKE2S_MAX_DIGEST_SIZE)
show(b2b, b'abc', digest_size=16, key=b'bar', salt=b'baz', person=b'bing')
show(b2s, b'abc', digest_size=16, key=b'bar', salt=b'baz', person=b'bing')
show(b2b, key=b'k' * 64, salt=b's' * 16, person=b'p' * 16)
show(b2s, key=b'k' * 32, salt=b's' * 8, person=b'p' * 8)
show(b2b, b'x' * 128, key=b'key')
show(b2s, b'x' * 64, key=b'key', digest_size=1)
print(b2b().hexdigest() == b2b(key=b'').hexdigest())
print(b2b(digest_size=20).digest_size, b2s(digest_size=5).hexdigest())
# the defaults of the tree parameters are accepted
show(b2b, b'', fanout=1, depth=1, leaf_size=0, node_offset=0, node_depth=0,
     inner_size=0, last_node=False, usedforsecurity=True)
for cons, big in [(b2b, 64), (b2s, 32)]:
    for kw in [dict(digest_size=0), dict(digest_size=big + 1), dict(digest_size=-1),
               dict(key=b'x' * (big + 1)), dict(salt=b'x' * (big // 4 + 1)),
               dict(person=b'x' * (big // 4 + 1)), dict(fanout=-1), dict(fanout=256),
               dict(depth=0), dict(depth=256), dict(leaf_size=-1), dict(leaf_size=1 << 32),
               dict(node_offset=-1), dict(node_depth=-1), dict(node_depth=256),
               dict(inner_size=-1), dict(inner_size=big + 1), dict(digest_size='a'),
               dict(key='a'), dict(salt=1)]:
        try:
            cons(**kw)
            print('ok', kw)
        except (ValueError, OverflowError, TypeError) as e:
            print(type(e).__name__, e)
