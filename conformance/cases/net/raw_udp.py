# UDP over the loopback: sendto/recvfrom, recvfrom_into, connected
# datagram sockets, a timeout on recvfrom.
import _socket as S

u1 = S.socket(S.AF_INET, S.SOCK_DGRAM)
u2 = S.socket(S.AF_INET, S.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2.bind(("127.0.0.1", 0))
print(u1.type == S.SOCK_DGRAM)
print(u2.sendto(b"datagram", u1.getsockname()))
data, addr = u1.recvfrom(100)
print(data, addr == u2.getsockname())
u2.sendto(b"flagged", 0, u1.getsockname())
buf = bytearray(4)
n, addr = u1.recvfrom_into(buf)
print(n, buf, addr == u2.getsockname())
u1.connect(u2.getsockname())
u1.send(b"connected")
print(u2.recv(100))
u1.settimeout(0.05)
try:
    u1.recvfrom(10)
except TimeoutError as e:
    print(type(e).__name__, e)
u1.close()
u2.close()

# IPv6, when the loopback has it.
try:
    v6 = S.socket(S.AF_INET6, S.SOCK_DGRAM)
    v6.bind(("::1", 0))
except OSError:
    print(6, "('::1', True, 0, 0)")
else:
    host, port, flow, scope = v6.getsockname()
    print(len(v6.getsockname()), (host, port > 0, flow, scope))
    v6.close()
