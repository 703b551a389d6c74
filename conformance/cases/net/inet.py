# Address conversions, byte order and numeric name resolution.
import _socket as S


def attempt(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print("ok", repr(r))
    except Exception as e:
        print(type(e).__name__, e)


for text in ("127.0.0.1", "127.1", "0x7f.1", "255.255.255.255", "1.2.3.400", ""):
    attempt(S.inet_aton, text)
attempt(S.inet_aton, b"1.2.3.4")
attempt(S.inet_ntoa, b"\x7f\x00\x00\x01")
attempt(S.inet_ntoa, bytearray(b"\x0a\x00\x00\xff"))
attempt(S.inet_ntoa, b"123")
for text in ("10.1.2.3", "::1", "::", "fe80::1:2", "::ffff:1.2.3.4", "2001:db8::8:800:200c:417a"):
    fam = S.AF_INET6 if ":" in text else S.AF_INET
    packed = S.inet_pton(fam, text)
    print(text, packed.hex(), S.inet_ntop(fam, packed))
attempt(S.inet_pton, S.AF_INET, "1.2.3")
attempt(S.inet_pton, S.AF_INET6, "1:::2")
attempt(S.inet_pton, 99, "1.2.3.4")
attempt(S.inet_ntop, 99, b"1234")
attempt(S.inet_ntop, S.AF_INET, b"12345")

print(S.htons(1), S.ntohs(256), S.htonl(1), S.ntohl(0x12345678))
attempt(S.htons, -1)
attempt(S.htons, 70000)
attempt(S.htonl, -1)
attempt(S.htonl, 2**32)
attempt(S.htonl, 1.5)
attempt(S.htons, 1.5)

print(S.getaddrinfo("127.0.0.1", 80, type=S.SOCK_STREAM))
print(S.getaddrinfo("127.0.0.1", "80", S.AF_INET, S.SOCK_DGRAM))
print(S.getaddrinfo(None, 0, S.AF_INET, S.SOCK_STREAM, 0, S.AI_PASSIVE))
print(S.getaddrinfo("::1", 443, S.AF_INET6, S.SOCK_STREAM))
attempt(S.getaddrinfo, "127.0.0.1", [80])
attempt(S.getaddrinfo, "localhost", "\uD800")
attempt(S.getaddrinfo, "127.0.0.1", "http-nonexistent-service")
print(S.getnameinfo(("127.0.0.1", 80), S.NI_NUMERICHOST | S.NI_NUMERICSERV))
print(S.getnameinfo(("::1", 8080, 0, 0), S.NI_NUMERICHOST | S.NI_NUMERICSERV))
attempt(S.getnameinfo, "x", 0)
attempt(S.getnameinfo, ("127.0.0.1", 80, 0, 0), 0)
print(S.gethostbyname("127.0.0.1"), S.gethostbyname(""), S.gethostbyname("<broadcast>"))
print(type(S.gethostname()).__name__)
attempt(S.getservbyport, 70000)
print(S.CMSG_LEN(0) > 0, S.CMSG_SPACE(4) >= S.CMSG_LEN(4))
print(S.AF_INET, S.AF_INET6, S.AF_UNIX, S.SOCK_STREAM, S.SOCK_DGRAM, S.SOL_SOCKET, S.SO_REUSEADDR)
print(S.IPPROTO_TCP, S.TCP_NODELAY, S.SHUT_RDWR, S.MSG_PEEK, S.AI_PASSIVE, S.NI_NUMERICHOST, S.has_ipv6)
