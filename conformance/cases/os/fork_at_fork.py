# os.fork and os.register_at_fork: the hooks run in CPython's order (before
# hooks newest first, child and parent hooks in registration order), a
# hook that raises is reported and the fork goes on, and the child of a
# process with a running thread has that one thread only, which is its
# main thread and can start threads and take locks.
import os
import sys
import threading
import time

ready = threading.Event()
stop = threading.Event()


def spin():
    ready.set()
    while not stop.is_set():
        time.sleep(0.001)


worker = threading.Thread(target=spin, daemon=True)
worker.start()
ready.wait()

calls = []
sys.unraisablehook = lambda u: calls.append(
    f"unraisable {u.exc_type.__name__}: {u.exc_value} in {u.object.__name__}")


def failing_hook():
    raise ValueError("hook failed")


os.register_at_fork(before=lambda: calls.append("before1"),
                    after_in_parent=lambda: calls.append("parent1"),
                    after_in_child=lambda: calls.append("child1"))
os.register_at_fork(before=lambda: calls.append("before2"),
                    after_in_parent=lambda: calls.append("parent2"),
                    after_in_child=lambda: calls.append("child2"))
os.register_at_fork(after_in_child=failing_hook)
sys.stdout.flush()

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    sys.stderr.flush()
    n = threading.active_count()
    t2 = threading.Thread(target=lambda: calls.append("child thread"))
    t2.start()
    t2.join()
    lock = threading.Lock()
    with lock:
        pass
    rl = threading.RLock()
    with rl, rl:
        pass
    msg = (f"child: {n} thread(s), main={threading.current_thread() is threading.main_thread()}, "
           f"worker alive={worker.is_alive()}, {calls}")
    os.write(w, msg.encode())
    os._exit(5)

os.close(w)
data = b""
while chunk := os.read(r, 1000):
    data += chunk
os.close(r)
got, status = os.waitpid(pid, 0)
print(data.decode())
print("parent:", got == pid, os.waitstatus_to_exitcode(status), calls, threading.active_count())
stop.set()
worker.join()

# A child that dies of a signal, and one that calls sys.exit.
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), 9)
    os._exit(0)
print("killed:", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    try:
        sys.exit(3)
    finally:
        os._exit(3)
print("exit code:", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))

for bad in [dict(), dict(before=1), dict(after_in_child="x"), dict(foo=print)]:
    try:
        os.register_at_fork(**bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    os.register_at_fork(print)
except TypeError as e:
    print("TypeError:", e)
try:
    os.fork(1)
except TypeError as e:
    print("TypeError:", e)
