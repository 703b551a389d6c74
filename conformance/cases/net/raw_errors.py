# Bad arguments and failing calls raise what CPython raises.
import _socket as S


def attempt(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print("ok", repr(r))
    except Exception as e:
        print(type(e).__name__, e)


s = S.socket()
attempt(s.bind, "x")
attempt(s.bind, ("127.0.0.1",))
attempt(s.bind, ("127.0.0.1", 70000))
attempt(s.bind, ("127.0.0.1", -1))
attempt(s.bind, (1, 80))
attempt(s.bind, ("127.0.0.1", "80"))
attempt(s.settimeout, -1)
attempt(s.settimeout, "x")
attempt(s.settimeout, float("nan"))
attempt(s.recv, -1)
attempt(s.recv_into, b"abc")
attempt(s.getsockopt, S.SOL_SOCKET, S.SO_TYPE, 2000)
attempt(s.send, "str")
attempt(s.getpeername)
attempt(S.socket, S.AF_INET, S.SOCK_STREAM, 0, -5)
attempt(S.setdefaulttimeout, -2)
s6 = S.socket(S.AF_INET6)
attempt(s6.bind, ("::1", 0, 1 << 21))
attempt(s6.bind, "x")
attempt(s6.bind, ("x",))
u = S.socket(S.AF_UNIX)
attempt(u.bind, 1)
attempt(u.bind, "a" * 200)
attempt(u.connect, "/nonexistent/egret/path")
print(u.connect_ex("/nonexistent/egret/path"))
for x in (s, s6, u):
    x.close()

S.setdefaulttimeout(1.5)
t = S.socket()
print(t.timeout, S.getdefaulttimeout(), t.getblocking())
S.setdefaulttimeout(None)
print(S.getdefaulttimeout())
t.close()
n = S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_NONBLOCK)
print(n.type == S.SOCK_STREAM, n.timeout, n.getblocking())
n.close()
print(S.SocketType is S.socket, S.error is OSError, S.timeout is TimeoutError)
print(S.gaierror.__mro__[1:3], S.gaierror.__module__, S.herror.__module__)
attempt(S.socket.family.__get__, 1)
