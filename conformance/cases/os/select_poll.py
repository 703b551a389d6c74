# select.select, select.poll and select.epoll on pipes: readiness, EOF,
# registration errors, timeouts and the constants.
import os
import select
import selectors

print(select.error is OSError, select.PIPE_BUF)
print(select.POLLIN, select.POLLPRI, select.POLLOUT, select.POLLERR,
      select.POLLHUP, select.POLLNVAL)
print(select.EPOLLIN, select.EPOLLOUT, select.EPOLLET, select.EPOLLONESHOT)


class Wrapper:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd

    def __repr__(self):
        return "Wrapper(%d)" % self.fd


r, w = os.pipe()
names = {r: "r", w: "w"}

# select.select
print(select.select([r], [w], [], 0) == ([], [w], []))
os.write(w, b"data")
rl, wl, xl = select.select([r, Wrapper(r)], [Wrapper(w)], [], 1.5)
print(rl[0] == r, rl[1], wl, xl)
print(os.read(r, 100))
print(select.select([r], [], [], 0.01))
print(select.select([], [], [], 0))
print(select.select((), (), (), None if False else 0.0))
for bad in [(1, [], []), ([-1], [], [], 0), (["x"], [], [], 0), ([], [], [], -1),
            ([], [], [], "1"), ([5000], [], [], 0)]:
    try:
        select.select(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# select.poll
p = select.poll()
p.register(r, select.POLLIN)
p.register(Wrapper(w), select.POLLOUT)
print(sorted((names[fd], ev) for fd, ev in p.poll(0)))
os.write(w, b"more")
print(sorted((names[fd], ev) for fd, ev in p.poll(1000)))
p.modify(w, select.POLLIN)
print(sorted((names[fd], ev) for fd, ev in p.poll()))
print(os.read(r, 100))
print(p.poll(10))
print(p.poll(2.5))
p.unregister(w)
try:
    p.unregister(w)
except KeyError as e:
    print("KeyError", e.args[0] == w)
try:
    p.modify(w, select.POLLIN)
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
for bad in [(-1,), ("x",), (r, -1), (r, 1 << 16)]:
    try:
        p.register(*bad)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    p.poll("soon")
except TypeError as e:
    print("TypeError", e)

# A closed write end: the read end reports EOF (POLLHUP) and is readable.
r2, w2 = os.pipe()
os.close(w2)
p2 = select.poll()
p2.register(r2, select.POLLIN)
print([ev & select.POLLHUP != 0 for fd, ev in p2.poll(0)])
print(select.select([r2], [], [], 0)[0] == [r2])
print(os.read(r2, 10))
# A closed descriptor: POLLNVAL from poll, EBADF from select.
os.close(r2)
print([ev for fd, ev in p2.poll(0)] == [select.POLLNVAL])
try:
    select.select([r2], [], [], 0)
except OSError as e:
    print("OSError", e.errno)

# select.epoll
ep = select.epoll()
print(ep.closed, ep.fileno() > 2)
ep.register(r, select.EPOLLIN)
ep.register(w, select.EPOLLOUT)
print(sorted((names[fd], ev) for fd, ev in ep.poll(0)))
os.write(w, b"epoll")
print(sorted((names[fd], ev) for fd, ev in ep.poll(1)))
print(len(ep.poll(timeout=0, maxevents=1)))
ep.modify(w, 0)
print(sorted((names[fd], ev) for fd, ev in ep.poll(-1)))
print(os.read(r, 100))
print(ep.poll(0.01))
ep.unregister(w)
try:
    ep.register(r)
except FileExistsError as e:
    print("FileExistsError", e.errno)
try:
    ep.unregister(w)
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
try:
    ep.poll(0, 0)
except ValueError as e:
    print("ValueError", e)
ep.close()
ep.close()
print(ep.closed)
for call in [ep.fileno, lambda: ep.poll(0), lambda: ep.register(r)]:
    try:
        call()
    except ValueError as e:
        print("ValueError", e)
with select.epoll() as ep2:
    ep2.register(w, select.EPOLLOUT)
    print(ep2.poll(0) == [(w, select.EPOLLOUT)])
print(ep2.closed)
try:
    select.epoll(0)
except ValueError as e:
    print("ValueError", e)

# selectors, which subprocess uses, on top of poll and epoll.
for cls in [selectors.SelectSelector, selectors.PollSelector, selectors.EpollSelector,
            selectors.DefaultSelector]:
    with cls() as sel:
        sel.register(r, selectors.EVENT_READ, "reader")
        sel.register(w, selectors.EVENT_WRITE, "writer")
        print(cls.__name__, sorted(k.data for k, ev in sel.select(0)))
        os.write(w, b"x")
        print(cls.__name__, sorted((k.data, ev) for k, ev in sel.select(1)))
        os.read(r, 1)
        sel.unregister(w)
        print(cls.__name__, sel.select(0.01))
os.close(r)
os.close(w)
