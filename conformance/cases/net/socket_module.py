# socket.py on top of _socket: the enums, socket objects with context
# managers, accept() making socket objects, makefile, socketpair,
# create_server/create_connection on the loopback.
import socket

print(repr(socket.AF_INET), repr(socket.SOCK_STREAM), repr(socket.AF_UNIX))
print(socket.MsgFlag.MSG_PEEK in socket.MsgFlag, repr(socket.AddressInfo.AI_PASSIVE))
print(socket.timeout is TimeoutError, socket.error is OSError)

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    print(repr(srv.family), repr(srv.type))
    cli = socket.socket()
    cli.setblocking(False)
    print(cli.connect_ex(srv.getsockname()) in (0, 115))
    conn, addr = srv.accept()
    print(type(conn).__name__, repr(conn.family), addr == cli.getsockname())
    cli.setblocking(True)
    with conn, cli:
        cli.sendall(b"ping\n")
        f = conn.makefile("rb")
        print(f.readline())
        f.close()
        conn.sendall(b"pong")
        print(cli.recv(10))
    print(conn._closed, cli._closed, conn.fileno(), "[closed]" in repr(conn))

a, b = socket.socketpair()
print(type(a).__name__, repr(a.family), repr(b.type))
w = b.makefile("wb", buffering=0)
w.write(b"through makefile")
print(a.recv(100))
w.close()
a.close()
b.close()

srv = socket.create_server(("127.0.0.1", 0))
cli = socket.create_connection(srv.getsockname(), timeout=5)
conn, _ = srv.accept()
print(cli.gettimeout(), conn.gettimeout())
cli.sendall(b"x")
print(conn.recv(1))
for s in (conn, cli, srv):
    s.close()

print(socket.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_STREAM))
print(socket.inet_ntoa(socket.inet_aton("10.0.0.1")), socket.htons(0x1234) == 0x3412)
try:
    socket.create_connection(("127.0.0.1", 1), timeout=1)
except ConnectionRefusedError as e:
    print(type(e).__name__, e.errno)
