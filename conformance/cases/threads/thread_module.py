# The low-level _thread module: start_new_thread, _count, stack_size, exit,
# error, interrupt_main, and threading's view of threads it did not start
# (_DummyThread).
import _thread
import signal
import threading
import time


def attempt(label, f, *args):
    try:
        r = f(*args)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


print("error is RuntimeError", _thread.error is RuntimeError)
print("count", _thread._count())
print("stack_size", _thread.stack_size(), threading.stack_size())
attempt("stack_size(1000)", _thread.stack_size, 1000)
attempt("stack_size(-1)", _thread.stack_size, -1)
print("stack_size(0)", _thread.stack_size(0))
print("stack_size(1 MiB) returns old", _thread.stack_size(1 << 20), "now", _thread.stack_size())
done = threading.Event()
res = []
_thread.start_new_thread(lambda: (res.append(sum(range(1000))), done.set()), ())
done.wait()
print("thread with 1 MiB stack", res)
_thread.stack_size(0)


def wait_count_zero():
    # A thread that has signalled it is done may still be tearing down.
    for _ in range(2000):
        if _thread._count() == 0:
            return 0
        time.sleep(0.001)
    return _thread._count()


print("count after raw thread", wait_count_zero())

# _count() counts running threads started by _thread, including threading's.
release = threading.Event()
started = threading.Barrier(4)


def parked():
    started.wait()
    release.wait()


threads = [threading.Thread(target=parked) for _ in range(3)]
for t in threads:
    t.start()
started.wait()
print("count with 3 parked", _thread._count(), threading.active_count())
release.set()
for t in threads:
    t.join()
print("count after join", wait_count_zero())

# _thread.exit() / SystemExit end a raw thread silently.
done.clear()
out = []


def exiting():
    out.append("before exit")
    done.set()
    _thread.exit()
    out.append("not reached")


_thread.start_new_thread(exiting, ())
done.wait()
print("exit", out, wait_count_zero())

# threading.current_thread() in a thread threading did not start.
info = []
done.clear()


def raw():
    cur = threading.current_thread()
    info.append((type(cur).__name__, cur.name.split("-")[0], cur.daemon, cur.is_alive(),
                 cur.ident == _thread.get_ident(), cur in threading.enumerate()))
    done.set()


_thread.start_new_thread(raw, ())
done.wait()
print("dummy", info)

# interrupt_main() raises KeyboardInterrupt in the main thread. (SIGINT's
# Python handler is set explicitly: a process started with SIGINT ignored,
# as a background job is, has none, and interrupt_main then does nothing.)
signal.signal(signal.SIGINT, signal.default_int_handler)


def interrupter():
    _thread.interrupt_main()


try:
    _thread.start_new_thread(interrupter, ())
    while True:
        time.sleep(0.001)
except KeyboardInterrupt as e:
    print("main interrupted", type(e).__name__, e.args)

# interrupt_main(signum) runs the Python handler for that signal.
got = []
signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum == signal.SIGUSR1))
_thread.start_new_thread(_thread.interrupt_main, (signal.SIGUSR1,))
while not got:
    time.sleep(0.001)
print("handler ran", got)
attempt("interrupt_main(bad signal)", _thread.interrupt_main, 1000)
# With the signal ignored, interrupt_main does nothing.
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGUSR2)
time.sleep(0.001)
print("ignored signal: still running")

# Locks from allocate_lock work across raw threads.
lk = _thread.allocate_lock()
lk.acquire()
box = []
_thread.start_new_thread(lambda: (box.append("in thread"), lk.release()), ())
print("acquire released by raw thread", lk.acquire(timeout=30), box)
lk.release()
print("done")
