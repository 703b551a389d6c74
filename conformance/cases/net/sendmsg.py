# sendmsg/recvmsg/recvmsg_into without ancillary data: gathered and
# scattered buffers, datagrams with an address.
import _socket as S
a, b = S.socketpair()
print(a.sendmsg([b"ab", bytearray(b"cd"), memoryview(b"ef")]))
print(b.recvmsg(100))
a.sendmsg([b"xyz"], [], 0)
bufs = [bytearray(2), bytearray(5)]
print(b.recvmsg_into(bufs), bufs)
try:
    b.recvmsg(-1)
except ValueError as e:
    print(e)
u1 = S.socket(S.AF_INET, S.SOCK_DGRAM); u1.bind(("127.0.0.1", 0))
u2 = S.socket(S.AF_INET, S.SOCK_DGRAM); u2.bind(("127.0.0.1", 0))
u2.sendmsg([b"dgram"], [], 0, u1.getsockname())
d, anc, fl, addr = u1.recvmsg(100)
print(d, anc, fl, addr == u2.getsockname())
for s in (a, b, u1, u2): s.close()
