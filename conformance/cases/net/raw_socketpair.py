# _socket.socketpair: echo both ways, recv_into, timeouts and non-blocking
# errors, descriptors (dup, detach, close), attributes.
import _socket as S

a, b = S.socketpair()
print(type(a).__name__, type(a).__module__, a.family == S.AF_UNIX, a.type, a.proto)
print(a.timeout, a.gettimeout(), a.getblocking())
print(repr(a.getsockname()), repr(b.getpeername()))

a.sendall(b"hello world")
print(b.recv(5), b.recv(100))
b.send(b"back")
print(a.recv(100))

buf = bytearray(10)
a.sendall(b"abcdef")
print(b.recv_into(buf, 4), buf)
print(b.recv_into(memoryview(buf)), buf)
try:
    b.recv_into(bytearray(2), 5)
except ValueError as e:
    print("ValueError", e)

b.settimeout(0.05)
print(b.timeout, b.getblocking())
try:
    b.recv(1)
except TimeoutError as e:
    print(type(e).__name__, e.args, e.errno)
try:
    b.recv(1)
except S.timeout as e:
    print("socket.timeout is TimeoutError:", S.timeout is TimeoutError)

b.setblocking(False)
print(b.timeout, b.getblocking())
try:
    b.recv(1)
except BlockingIOError as e:
    print(type(e).__name__, e.errno == 11)
b.setblocking(True)
print(b.timeout, b.getblocking())

c = S.socket(fileno=S.dup(a.fileno()))
print(type(c).__name__, c.fileno() != a.fileno(), c.family == a.family)
c.sendall(b"via dup")
print(b.recv(100))
c.close()
print(c.fileno())

fd = b.detach()
print(b.fileno(), fd >= 0)
d = S.socket(fileno=fd)
print(d.family == S.AF_UNIX, d.type == S.SOCK_STREAM, d.proto)
a.sendall(b"after detach")
print(d.recv(100))
a.shutdown(S.SHUT_WR)
print(d.recv(100))
d.close()
a.close()
a.close()
try:
    a.recv(1)
except OSError as e:
    print(type(e).__name__, e.errno == 9)

x, y = S.socketpair(S.AF_UNIX, S.SOCK_DGRAM)
x.send(b"one")
x.send(b"two")
print(y.recvfrom(10), y.recv(1))
x.close()
y.close()
