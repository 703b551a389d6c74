# hmac and hashlib.pbkdf2_hmac over the builtin hash modules, and
# hashlib.file_digest.
import hashlib
import hmac
import io
import warnings

for name in ['md5', 'sha1', 'sha256', 'sha512', 'sha3_256', 'blake2b']:
    m = hmac.new(b'key', b'The quick brown fox', name)
    m.update(b' jumps')
    c = m.copy()
    c.update(b' over')
    print(name, m.name, m.digest_size, m.block_size, m.hexdigest(), c.hexdigest()[:16])
    print(' ', hmac.digest(b'key', b'msg', name).hex()[:32],
          hmac.new(b'k' * 200, b'msg', getattr(hashlib, name)).hexdigest()[:32])
print(hmac.compare_digest(hmac.new(b'k', b'm', 'sha256').digest(),
                          hmac.new(b'k', b'm', 'sha256').digest()))
try:
    hmac.new(b'key')
except TypeError as e:
    print(e)

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    for name in ['sha1', 'sha256', 'sha512']:
        print(name, hashlib.pbkdf2_hmac(name, b'password', b'salt', 1).hex(),
              hashlib.pbkdf2_hmac(name, b'password', b'salt', 50, dklen=10).hex())

print(hashlib.file_digest(io.BytesIO(b'abc' * 1000), 'sha256').hexdigest())
print(hashlib.file_digest(io.BytesIO(b''), hashlib.md5).hexdigest())
print(sorted(hashlib.algorithms_guaranteed))
