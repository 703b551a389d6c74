# egret's io.BytesIO: CPython's _io.BytesIO interface over a native byte
# buffer (see bytesio.rs). Run once when _io loads, in a namespace holding
# BufferedIOBase (the _pyio class io.BufferedIOBase stands for) and the
# native primitives (_new_buffer and friends). The hot methods (read,
# read1, readline, readlines, write, getvalue, tell, seek, truncate,
# __next__, ...) are native methods bytesio.rs adds to the class afterwards.


class BytesIO(BufferedIOBase):
    """Buffered I/O implementation using an in-memory bytes buffer."""

    __slots__ = ("_buf",)

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        self._buf = _new_buffer()
        return self

    def __init__(self, initial_bytes=None):
        _buffer_init(self._buf, initial_bytes)

    @property
    def closed(self):
        """True if the file is closed."""
        return _buffer_closed(self._buf)

    def close(self):
        _buffer_close(self._buf)

    def getbuffer(self):
        """Get a read-write view over the contents of the BytesIO object."""
        return memoryview(_buffer_data(self._buf))

    def __iter__(self):
        return self

    def __repr__(self):
        return object.__repr__(self)

    def __getstate__(self):
        d = getattr(self, "__dict__", None)
        return (self.getvalue(), self.tell(), None if not d else d.copy())

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) < 3:
            raise TypeError("%s.__setstate__ argument should be 3-tuple, got %s"
                            % ("_io.BytesIO" if type(self) is BytesIO
                               else type(self).__name__,
                               type(state).__name__))
        value, pos, d = state[:3]
        _buffer_set_state(self._buf, value, pos)
        if d is not None:
            if not isinstance(d, dict):
                raise TypeError("third item of state should be a dict, got a %s"
                                % type(d).__name__)
            self.__dict__.update(d)


BytesIO.__module__ = "_io"
