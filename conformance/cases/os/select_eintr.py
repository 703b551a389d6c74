# A signal arriving while select/poll/epoll/waitpid wait: the Python handler
# runs and the wait goes on (PEP 475), or the handler's exception ends it.
import os
import select
import signal
import subprocess

log = []
signal.signal(signal.SIGUSR1, lambda signum, frame: log.append("usr1"))


def child_signals_then_writes():
    r, w = os.pipe()
    p = subprocess.Popen(["sh", "-c", "sleep 0.3; kill -USR1 $PPID; sleep 0.3; echo done >&%d" % w],
                         pass_fds=[w])
    os.close(w)
    return p, r


p, r = child_signals_then_writes()
print(select.select([r], [], [], 10)[0] == [r], log)
print(os.read(r, 10), p.wait())
os.close(r)

p, r = child_signals_then_writes()
po = select.poll()
po.register(r, select.POLLIN)
print([fd for fd, ev in po.poll(10000) if ev & select.POLLIN] == [r], log)
print(os.read(r, 10), p.wait())
os.close(r)

p, r = child_signals_then_writes()
with select.epoll() as ep:
    ep.register(r, select.EPOLLIN)
    print([fd for fd, ev in ep.poll(10) if ev & select.EPOLLIN] == [r], log)
print(os.read(r, 10), p.wait())
os.close(r)

# waitpid itself is interrupted and resumed.
p = subprocess.Popen(["sh", "-c", "sleep 0.3; kill -USR1 $PPID; sleep 0.3; exit 4"])
print(p.wait(), log)


class Stop(Exception):
    pass


def stop(signum, frame):
    raise Stop("stopped")


signal.signal(signal.SIGUSR1, stop)
p, r = child_signals_then_writes()
try:
    select.select([r], [], [], 10)
except Stop as e:
    print("select ended by", e)
print(os.read(r, 10), p.wait())
os.close(r)
