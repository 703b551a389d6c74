# egret's io.StringIO: CPython's _io.StringIO interface over a native text
# buffer (see stringio.rs). Run once when _io loads, in a namespace holding
# TextIOBase (the _pyio class io.TextIOBase stands for), UnsupportedOperation
# and the native primitives (_new_buffer and friends). The hot methods
# (write, read, readline, getvalue, tell, seek, truncate, __next__) are
# native methods stringio.rs adds to the class afterwards.


class StringIO(TextIOBase):
    """Text I/O implementation using an in-memory buffer.

    The initial_value argument sets the value of object.  The newline
    argument is like the one of TextIOWrapper's constructor.
    """

    __slots__ = ("_buf",)

    def __init__(self, initial_value="", newline="\n"):
        if newline is not None and not isinstance(newline, str):
            raise TypeError(
                "newline must be str or None, not %s" % type(newline).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        if initial_value is not None and not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s"
                            % type(initial_value).__name__)
        self._buf = _new_buffer(newline)
        if initial_value:
            _buffer_write(self._buf, initial_value)
            _buffer_seek0(self._buf)

    def _check(self):
        # (The message of CPython's StringIO methods: IOBase's ends in a
        # period.)
        if _buffer_closed(self._buf):
            raise ValueError("I/O operation on closed file")

    def close(self):
        _buffer_close(self._buf)

    @property
    def closed(self):
        return _buffer_closed(self._buf)

    @property
    def line_buffering(self):
        self._check()
        return False

    @property
    def newlines(self):
        self._check()
        return _buffer_newlines(self._buf)

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def flush(self):
        pass

    def detach(self):
        raise UnsupportedOperation("detach")

    def fileno(self):
        raise UnsupportedOperation("fileno")

    def __repr__(self):
        return object.__repr__(self)

    def __getstate__(self):
        self._check()
        d = getattr(self, "__dict__", None)
        return (self.getvalue(), _buffer_newline_arg(self._buf), self.tell(),
                None if not d else d.copy())

    def __setstate__(self, state):
        buf = getattr(self, "_buf", None)
        if buf is not None and _buffer_closed(buf):
            raise ValueError("I/O operation on closed file")
        if not isinstance(state, tuple) or len(state) < 4:
            raise TypeError("%s.__setstate__ argument should be 4-tuple, got %s"
                            % (type(self).__name__, type(state).__name__))
        value, newline, pos, d = state[:4]
        # As CPython: __init__ sees the value (the newlines it holds are
        # counted), then the buffer takes it as it is (it was translated
        # when first written).
        StringIO.__init__(self, value, newline)
        if value:
            _buffer_set_value(self._buf, value)
        if not isinstance(pos, int):
            raise TypeError("third item of state must be an integer, got %s"
                            % type(pos).__name__)
        if pos < 0:
            raise ValueError("position value cannot be negative")
        self.seek(pos)
        if d is not None:
            if not isinstance(d, dict):
                raise TypeError("fourth item of state should be a dict, got a %s"
                                % type(d).__name__)
            self.__dict__.update(d)


StringIO.__module__ = "_io"
