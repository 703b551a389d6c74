# egret's mmap: the mmap class over the native mapping `_map` (see mod.rs).
# Run once in the module's namespace at first import.

import sys as _sys
import os as _os

error = OSError

ACCESS_DEFAULT = 0
ACCESS_READ = 1
ACCESS_WRITE = 2
ACCESS_COPY = 3
MAP_SHARED = 1
MAP_PRIVATE = 2
MAP_DENYWRITE = 2048
MAP_EXECUTABLE = 4096
MAP_ANON = 32
MAP_ANONYMOUS = 32
MAP_POPULATE = 32768
MAP_STACK = 131072
PROT_READ = 1
PROT_WRITE = 2
PROT_EXEC = 4
MADV_NORMAL = 0
MADV_RANDOM = 1
MADV_SEQUENTIAL = 2
MADV_WILLNEED = 3
MADV_DONTNEED = 4
MADV_FREE = 8
MADV_REMOVE = 9
MADV_DONTFORK = 10
MADV_DOFORK = 11
MADV_MERGEABLE = 12
MADV_UNMERGEABLE = 13
MADV_HUGEPAGE = 14
MADV_NOHUGEPAGE = 15
MADV_DONTDUMP = 16
MADV_DODUMP = 17
MADV_HWPOISON = 100

_ACCESS_NAMES = ('ACCESS_DEFAULT', 'ACCESS_READ', 'ACCESS_WRITE', 'ACCESS_COPY')


def _idx(v):
    # operator.index: ints and objects with __index__.
    if isinstance(v, int):
        return int(v)
    m = getattr(type(v), '__index__', None)
    if m is None:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)
    r = m(v)
    if not isinstance(r, int):
        raise TypeError('__index__ returned non-int (type %s)' % type(r).__name__)
    return int(r)


class mmap:
    """Windows: mmap(fileno, length[, tagname[, access[, offset]]])

Maps length bytes from the file specified by the file handle fileno,
and returns a mmap object.  If length is larger than the current size
of the file, the file is extended to contain length bytes.  If length
is 0, the maximum length of the map is the current size of the file,
except that if the file is empty Windows raises an exception (you cannot
create an empty mapping on Windows).

Unix: mmap(fileno, length[, flags[, prot[, access[, offset]]]])

Maps length bytes from the file specified by the file descriptor fileno,
and returns a mmap object.  If length is 0, the maximum length of the map
will be the current size of the file when mmap is called.
flags specifies the nature of the mapping. MAP_PRIVATE creates a
private copy-on-write mapping, so changes to the contents of the mmap
object will be private to this process, and MAP_SHARED creates a mapping
that's shared with all other processes mapping the same areas of the file.
The default value is MAP_SHARED.

To map anonymous memory, pass -1 as the fileno (both versions)."""

    __slots__ = ('_m', '_pos', '_access', '_offset', '_fd', '__weakref__')

    def __new__(cls, fileno, length, flags=MAP_SHARED, prot=PROT_WRITE | PROT_READ,
                access=ACCESS_DEFAULT, offset=0):
        fileno = _idx(fileno)
        length = _idx(length)
        flags = _idx(flags)
        prot = _idx(prot)
        access = _idx(access)
        offset = _idx(offset)
        if length < 0:
            raise OverflowError('memory mapped length must be positive')
        if offset < 0:
            raise OverflowError('memory mapped offset must be positive')
        if (flags != MAP_SHARED or prot != (PROT_WRITE | PROT_READ)) and access != ACCESS_DEFAULT:
            raise ValueError("mmap can't specify both access and flags, prot.")
        if access == ACCESS_READ:
            flags = MAP_SHARED
            prot = PROT_READ
        elif access == ACCESS_WRITE:
            flags = MAP_SHARED
            prot = PROT_READ | PROT_WRITE
        elif access == ACCESS_COPY:
            flags = MAP_PRIVATE
            prot = PROT_READ | PROT_WRITE
        elif access == ACCESS_DEFAULT:
            if (prot & PROT_READ) and (prot & PROT_WRITE):
                pass
            elif prot & PROT_WRITE:
                access = ACCESS_WRITE
            else:
                access = ACCESS_READ
        else:
            raise ValueError('mmap invalid access parameter.')
        _sys.audit('mmap.__new__', fileno, length, access, offset)
        if fileno != -1:
            import stat
            st = _os.fstat(fileno)
            if stat.S_ISREG(st.st_mode):
                size = st.st_size
                if length == 0:
                    if size == 0:
                        raise ValueError('cannot mmap an empty file')
                    if offset >= size:
                        raise ValueError('mmap offset is greater than file size')
                    length = size - offset
                elif offset > size or size - offset < length:
                    raise ValueError('mmap length is greater than file size')
        elif length == 0:
            raise OSError(22, 'Invalid argument')
        self = object.__new__(cls)
        self._m = _map(fileno, length, flags, prot, offset)
        self._pos = 0
        self._access = access
        self._offset = offset
        self._fd = fileno
        return self

    def __repr__(self):
        if _closed(self._m):
            return '<mmap.mmap closed=True>'
        return '<mmap.mmap closed=False, access=%s, length=%d, pos=%d, offset=%d>' % (
            _ACCESS_NAMES[self._access], _len(self._m), self._pos, self._offset)

    def __reduce__(self):
        raise TypeError("cannot pickle 'mmap.mmap' object")

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'mmap.mmap' object")

    def _writable(self):
        if self._access == ACCESS_READ:
            raise TypeError("mmap can't modify a readonly memory map.")

    def _valid(self):
        return _len(self._m)

    @property
    def closed(self):
        return _closed(self._m)

    def close(self):
        _close(self._m)

    def __enter__(self):
        self._valid()
        return self

    def __exit__(self, *args):
        self.close()

    def __len__(self):
        return _len(self._m)

    def __bytes__(self):
        return _get(self._m, 0, _len(self._m))

    def size(self):
        return _fsize(self._m)

    def tell(self):
        self._valid()
        return self._pos

    def seek(self, pos, whence=0):
        size = self._valid()
        pos = _idx(pos)
        if whence == 0:
            where = pos
        elif whence == 1:
            where = self._pos + pos
        elif whence == 2:
            where = size + pos
        else:
            raise ValueError('unknown seek type')
        if where > size or where < 0:
            raise ValueError('seek out of range')
        self._pos = where

    def read(self, n=None):
        size = self._valid()
        if n is None:
            n = -1
        else:
            n = _idx(n)
        pos = self._pos
        remaining = size - pos if pos < size else 0
        if n < 0 or n > remaining:
            n = remaining
        data = _get(self._m, pos, pos + n)
        self._pos = pos + n
        return data

    def read_byte(self):
        size = self._valid()
        if self._pos >= size:
            raise ValueError('read byte out of range')
        b = _get(self._m, self._pos, self._pos + 1)[0]
        self._pos += 1
        return b

    def readline(self):
        size = self._valid()
        pos = self._pos
        if pos >= size:
            return b''
        i = _find(self._m, b'\n', pos, size, False)
        end = size if i < 0 else i + 1
        data = _get(self._m, pos, end)
        self._pos = end
        return data

    def write(self, data):
        size = self._valid()
        self._writable()
        data = bytes(memoryview(data)) if not isinstance(data, bytes) else data
        pos = self._pos
        if pos > size or size - pos < len(data):
            raise ValueError('data out of range')
        _set(self._m, pos, data)
        self._pos = pos + len(data)
        return len(data)

    def write_byte(self, byte):
        size = self._valid()
        self._writable()
        byte = _idx(byte)
        size = self._valid()
        if not 0 <= byte <= 255:
            raise OverflowError('unsigned byte integer is greater than maximum' if byte > 255
                                else 'unsigned byte integer is less than minimum')
        if self._pos >= size:
            raise ValueError('write byte out of range')
        _set(self._m, self._pos, bytes((byte,)))
        self._pos += 1

    def _range(self, start, end, size):
        start = self._pos if start is None else _idx(start)
        end = size if end is None else _idx(end)
        if start < 0:
            start += size
            if start < 0:
                start = 0
        elif start > size:
            start = size
        if end < 0:
            end += size
            if end < 0:
                end = 0
        elif end > size:
            end = size
        return start, end

    def find(self, sub, start=None, end=None):
        size = self._valid()
        start, end = self._range(start, end, size)
        return _find(self._m, sub, start, end, False)

    def rfind(self, sub, start=None, end=None):
        size = self._valid()
        start, end = self._range(start, end, size)
        return _find(self._m, sub, start, end, True)

    def flush(self, offset=0, size=None):
        n = self._valid()
        offset = _idx(offset)
        size = n - offset if size is None else _idx(size)
        if size < 0 or offset < 0 or n - offset < size:
            raise ValueError('flush values out of range')
        if self._access in (ACCESS_READ, ACCESS_COPY):
            return None
        _flush(self._m, offset, size)
        return None

    def move(self, dest, src, count):
        self._valid()
        self._writable()
        _move(self._m, _idx(dest), _idx(src), _idx(count))

    def resize(self, newsize):
        self._valid()
        newsize = _idx(newsize)
        if self._access in (ACCESS_READ, ACCESS_COPY):
            raise TypeError("mmap can't resize a readonly or copy-on-write memory map.")
        if newsize < 0 or newsize > _sys.maxsize - self._offset:
            raise ValueError('new size out of range')
        _resize(self._m, newsize)
        if self._pos > newsize:
            self._pos = newsize

    def madvise(self, option, start=0, length=None):
        size = self._valid()
        option = _idx(option)
        start = _idx(start)
        length = size - start if length is None else _idx(length)
        if start < 0 or start >= size:
            raise ValueError('madvise start out of bounds')
        if length < 0:
            raise ValueError('madvise length invalid')
        if _sys.maxsize - start < length:
            raise OverflowError('madvise length too large')
        if start + length > size:
            length = size - start
        _madvise(self._m, option, start, length)

    def __getitem__(self, key):
        size = self._valid()
        if isinstance(key, slice):
            start, stop, step = key.indices(size)
            if step == 1:
                return _get(self._m, start, max(start, stop))
            n = len(range(start, stop, step))
            if n == 0:
                return b''
            return _getstep(self._m, start, step, n)
        try:
            i = _idx(key)
        except TypeError:
            raise TypeError('mmap indices must be integers') from None
        if i < 0:
            i += size
        if i < 0 or i >= size:
            raise IndexError('mmap index out of range')
        return _get(self._m, i, i + 1)[0]

    def __setitem__(self, key, value):
        size = self._valid()
        self._writable()
        if isinstance(key, slice):
            start, stop, step = key.indices(size)
            n = len(range(start, stop, step))
            if isinstance(value, (bytes, bytearray, memoryview, mmap)):
                data = bytes(value)
            elif hasattr(value, 'tobytes') and not isinstance(value, (int, str)):
                data = value.tobytes()
            else:
                raise TypeError("a bytes-like object is required, not '%s'" % type(value).__name__)
            if len(data) != n:
                raise IndexError('mmap slice assignment is wrong size')
            if n == 0:
                return
            if step == 1:
                _set(self._m, start, data)
            else:
                _setstep(self._m, start, step, data)
            return
        try:
            i = _idx(key)
        except TypeError:
            raise TypeError('mmap indices must be integer') from None
        if i < 0:
            i += size
        if i < 0 or i >= size:
            raise IndexError('mmap index out of range')
        try:
            v = _idx(value)
        except TypeError:
            raise TypeError('mmap item value must be an int') from None
        if not 0 <= v <= 255:
            raise ValueError('mmap item value must be in range(0, 256)')
        _set(self._m, i, bytes((v,)))

    def __delitem__(self, key):
        raise TypeError("mmap doesn't support item deletion")

    def __iter__(self):
        i = 0
        while True:
            size = _len(self._m)
            if i >= size:
                return
            yield _get(self._m, i, i + 1)
            i += 1


mmap.__module__ = 'mmap'
