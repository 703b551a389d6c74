import zlib, gzip, io, zipfile
for f in [lambda: zlib.decompress(b'abc'), lambda: zlib.decompress(zlib.compress(b'hello')[:-3]), lambda: zlib.compress(b'x', 10), lambda: zlib.compressobj(10), lambda: zlib.decompress(b'x', 99), lambda: zlib.compressobj(wbits=99), lambda: zlib.decompressobj(99), lambda: zlib.decompressobj().decompress(b'x', -1), lambda: zlib.decompress(zlib.compress(b'ab')+b'junk'), lambda: zlib.compress('s'), lambda: zlib.decompressobj().flush(0),lambda: zlib.decompress(b'', -15)]:
  try: print(repr(f()))
  except Exception as e: print(type(e).__name__, e)
c = zlib.compressobj(); x = c.compress(b'a'*100); y = c.flush();
try: c.compress(b'x')
except Exception as e: print(type(e).__name__, e)
try: print(c.flush())
except Exception as e: print(type(e).__name__, e)
d = zlib.decompressobj(); print(d.decompress(x+y+b'tail', 5), d.unconsumed_tail[:5], d.unused_data, d.eof)
print(d.decompress(d.unconsumed_tail), d.unused_data, d.eof)
print(type(c), type(d))
data = bytes(range(256)) * 1000 + b'hello world' * 5000
for w in (15, -15, 31, 9, -9):
    comp = zlib.compress(data, 6, w)
    for dw in ([w, 47, 0] if w > 0 and w < 16 else [w, 47] if w > 16 else [w]):
        assert zlib.decompress(comp, dw) == data, (w, dw)
    do = zlib.decompressobj(w)
    out = b''.join(do.decompress(comp[i:i+1000]) for i in range(0, len(comp), 1000)) + do.flush()
    assert out == data and do.eof
print(zlib.crc32(data), zlib.crc32(data, 12345), zlib.adler32(data), zlib.adler32(data, 99), zlib.crc32(b''), zlib.adler32(b''))
buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode='wb', mtime=0) as g: g.write(data)
print(gzip.decompress(buf.getvalue()) == data, gzip.decompress(gzip.compress(b'xyz')))
zb = io.BytesIO()
with zipfile.ZipFile(zb, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('a.txt', data); z.writestr('b/c.txt', b'cc' * 100)
with zipfile.ZipFile(io.BytesIO(zb.getvalue())) as z:
    print(z.namelist(), z.read('a.txt') == data, z.read('b/c.txt')[:6], z.testzip())
c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=b'hello world')
comp = c.compress(b'hello world hello') + c.flush(zlib.Z_SYNC_FLUSH) + c.flush()
d = zlib.decompressobj(-15, zdict=b'hello world'); print(d.decompress(comp))
c = zlib.compressobj(zdict=b'hello world'); comp = c.compress(b'hello world hello') + c.flush()
print(zlib.decompressobj(zdict=b'hello world').decompress(comp))
try: zlib.decompress(comp)
except zlib.error as e: print(e)
d = zlib.decompressobj(); x = zlib.compress(b'abcdef' * 1000)
print(len(d.decompress(x, 100)), len(d.unconsumed_tail) > 0, len(d.flush()), d.eof)
