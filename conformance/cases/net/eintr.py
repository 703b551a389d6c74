# A blocking recv interrupted by a signal runs the Python handler and is
# retried (PEP 475); an exception from the handler ends it.
import _socket as S, signal
a, b = S.socketpair()
calls = []
def handler(signum, frame):
    calls.append(signum)
    if len(calls) == 1:
        a.send(b"woken")   # the retried recv then gets data
    else:
        raise KeyboardInterrupt("second")
signal.signal(signal.SIGALRM, handler)
signal.alarm(1)
print(b.recv(10), calls)
signal.alarm(1)
try:
    b.recv(10)
except KeyboardInterrupt as e:
    print("interrupted", e, len(calls))
