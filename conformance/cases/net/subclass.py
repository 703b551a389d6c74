# Python classes derived from _socket.socket, as socket.py defines its
# own: slots, weak references, properties through super(), the fd closed
# when the object dies.
import _socket as S
import gc
import weakref


class Sock(S.socket):
    __slots__ = ["__weakref__", "_io_refs", "_closed"]

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None:
            family = S.AF_INET if family == -1 else family
            type = S.SOCK_STREAM if type == -1 else type
            proto = 0 if proto == -1 else proto
        S.socket.__init__(self, family, type, proto, fileno)
        self._io_refs = 0
        self._closed = False

    @property
    def family(self):
        return ("family", super().family)

    def close(self):
        self._closed = True
        S.socket.close(self)


s = Sock()
print(type(s).__name__, isinstance(s, S.socket), s.family, s.type, s._closed)
w = weakref.ref(s)
print(w() is s)
try:
    s.other = 1
except AttributeError as e:
    print("AttributeError")
try:
    weakref.ref(S.socket())
except TypeError as e:
    print(e)
s.close()
print(s._closed, s.fileno())
del s
gc.collect()
print(w())


class Plain(S.socket):
    pass


p = Plain(S.AF_UNIX, S.SOCK_DGRAM)
p.note = "has a dict"
print(p.note, p.family == S.AF_UNIX, p.type == S.SOCK_DGRAM)
fd = p.fileno()
del p
gc.collect()
# The descriptor was closed with the object: a new socket may reuse it.
q = S.socket()
print(q.fileno() == fd)
q.close()
print(S.socket.__name__, S.socket.__qualname__, S.socket.__module__)
print(sorted(n for n in ("family", "type", "proto", "timeout") if hasattr(S.socket, n)))
