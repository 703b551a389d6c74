# TCP over the loopback with _socket alone (no threads, no select): a
# listening socket, a non-blocking connect, accept, data both ways,
# shutdown, and a refused connection.
import _socket as S

srv = S.socket(S.AF_INET, S.SOCK_STREAM)
srv.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
print(srv.getsockopt(S.SOL_SOCKET, S.SO_REUSEADDR) != 0)
print(srv.getsockopt(S.SOL_SOCKET, S.SO_TYPE) == S.SOCK_STREAM)
srv.bind(("127.0.0.1", 0))
srv.listen(5)
host, port = srv.getsockname()
print(host, 0 < port < 65536)

cli = S.socket(S.AF_INET, S.SOCK_STREAM)
cli.setblocking(False)
r = cli.connect_ex((host, port))
print("connect_ex:", r in (0, 115))
srv.settimeout(5)
fd, addr = srv._accept()
conn = S.socket(S.AF_INET, S.SOCK_STREAM, 0, fd)
print(addr[0], addr == cli.getsockname(), conn.getpeername() == cli.getsockname())
print(conn.getsockname() == cli.getpeername())
cli.setblocking(True)
cli.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
print(cli.getsockopt(S.IPPROTO_TCP, S.TCP_NODELAY) != 0)

print(cli.send(b"ping"))
print(conn.recv(100))
conn.sendall(b"x" * 100000)
got = 0
while got < 100000:
    got += len(cli.recv(65536))
print(got)
conn.shutdown(S.SHUT_WR)
print(cli.recv(10))
conn.settimeout(0.05)
try:
    conn.recv(10)
except TimeoutError as e:
    print("timed out:", e)
for s in (conn, cli):
    s.close()

# Accepting with nothing to accept.
srv.setblocking(False)
try:
    srv._accept()
except BlockingIOError:
    print("BlockingIOError")
srv.settimeout(0.05)
try:
    srv._accept()
except TimeoutError as e:
    print("TimeoutError", e)
srv.close()

# Nobody listens on the port any more.
c = S.socket()
try:
    c.connect((host, port))
except ConnectionRefusedError as e:
    print(type(e).__name__, e.errno, e.strerror)
c.close()
c = S.socket()
print(c.connect_ex((host, port)))
c.close()
