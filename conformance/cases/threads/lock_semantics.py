# Lock and RLock semantics: acquire/release/locked, non-blocking and timed
# acquires, argument errors, release errors, ownership, context managers,
# releasing a Lock from a thread other than the acquirer.
import _thread
import re
import threading
import time


def attempt(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


def in_thread(f):
    """Run f() in a new thread, wait for it, return its result or exception."""
    box = []

    def run():
        try:
            box.append(("ok", f()))
        except Exception as e:
            box.append((type(e).__name__, str(e)))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box[0]


print("types", type(_thread.allocate_lock()).__name__, type(threading.Lock()).__name__,
      _thread.LockType is type(threading.Lock()), threading.Lock is _thread.allocate_lock)
print("TIMEOUT_MAX positive", threading.TIMEOUT_MAX > 0, _thread.TIMEOUT_MAX == threading.TIMEOUT_MAX)

for make in (_thread.allocate_lock, threading.Lock, _thread.allocate):
    lock = make()
    print("--", make.__name__)
    print("locked", lock.locked())
    print("acquire", lock.acquire())
    print("locked", lock.locked())
    print("acquire nonblocking", lock.acquire(False))
    print("acquire blocking=False", lock.acquire(blocking=False))
    t0 = time.monotonic()
    print("acquire timeout=0.01", lock.acquire(timeout=0.01))
    print("waited", time.monotonic() - t0 >= 0.005)
    print("acquire True, 0", lock.acquire(True, 0))
    print("release", lock.release())
    print("locked", lock.locked())
    attempt("release unlocked", lock.release)
    print("acquire_lock", lock.acquire_lock(), lock.locked_lock())
    lock.release_lock()
    print("locked", lock.locked())

lock = threading.Lock()
attempt("acquire(False, 1)", lock.acquire, False, 1)
attempt("acquire(blocking=False, timeout=0.5)", lock.acquire, blocking=False, timeout=0.5)
attempt("acquire(False, -1)", lock.acquire, False, -1)
attempt("acquire(timeout=-2)", lock.acquire, timeout=-2)
attempt("acquire(timeout=-0.5)", lock.acquire, timeout=-0.5)
print("locked after errors", lock.locked())
lock.release()
attempt("acquire(timeout=-1)", lock.acquire, timeout=-1)
lock.release()
attempt("acquire(timeout=1e100)", lock.acquire, timeout=1e100)
attempt("acquire(timeout='x')", lock.acquire, timeout="x")
attempt("acquire(blocking='yes')", lock.acquire, blocking="yes")
attempt("acquire(blocking=None)", lock.acquire, blocking=None)
print("locked", lock.locked())
attempt("acquire(blocking=2)", lock.acquire, blocking=2)
print("locked", lock.locked())
lock.release()
attempt("acquire(1, 2, 3)", lock.acquire, 1, 2, 3)
attempt("acquire(bogus=1)", lock.acquire, bogus=1)

# Context manager.
with lock as v:
    print("in with", v, lock.locked())
print("after with", lock.locked())
try:
    with lock:
        raise KeyError("boom")
except KeyError as e:
    print("with raised", repr(e), lock.locked())

# A Lock held by the main thread: another thread cannot take it, but may
# release it (Lock has no owner).
lock.acquire()
print("other thread nonblocking", in_thread(lambda: lock.acquire(False)))
print("other thread timeout", in_thread(lambda: lock.acquire(timeout=0.01)))
print("other thread release", in_thread(lock.release))
print("locked", lock.locked())
# And the reverse: acquired in a thread, released here.
print("thread acquires", in_thread(lock.acquire))
print("locked", lock.locked())
lock.release()
print("main released", lock.locked())

# A thread blocked in acquire() is woken by a release in the main thread.
lock.acquire()
got = threading.Event()


def blocked():
    lock.acquire()
    got.set()
    lock.release()


t = threading.Thread(target=blocked)
t.start()
print("blocked waiter got it", got.wait(0.02))
lock.release()
t.join()
print("after release waiter got it", got.is_set(), lock.locked())

# repr, checked with a pattern because it contains an address.
lock = threading.Lock()
print("lock repr unlocked", bool(re.fullmatch(r"<unlocked _thread\.lock object at 0x[0-9a-f]+>", repr(lock))))
lock.acquire()
print("lock repr locked", bool(re.fullmatch(r"<locked _thread\.lock object at 0x[0-9a-f]+>", repr(lock))))
lock.release()

print("== RLock")
r = threading.RLock()
print("type", type(r).__name__, type(r).__module__, type(r) is _thread.RLock)
print("is_owned", r._is_owned())
print("acquire", r.acquire(), r.acquire(), r.acquire(blocking=False), r.acquire(timeout=0.01))
print("is_owned", r._is_owned())
rep = repr(r)
m = re.fullmatch(r"<locked _thread\.RLock object owner=(\d+) count=(\d+) at 0x[0-9a-f]+>", rep)
print("repr locked", m is not None, m and int(m.group(1)) == threading.get_ident(), m and m.group(2))
print("other thread nonblocking", in_thread(lambda: r.acquire(False)))
print("other thread timeout", in_thread(lambda: r.acquire(timeout=0.01)))
print("other thread is_owned", in_thread(r._is_owned))
print("other thread release", in_thread(r.release))
for i in range(4):
    r.release()
    print("released", i, r._is_owned())
attempt("release unowned", r.release)
rep = repr(r)
print("repr unlocked", bool(re.fullmatch(r"<unlocked _thread\.RLock object owner=0 count=0 at 0x[0-9a-f]+>", rep)))
attempt("rlock acquire(False, 1)", r.acquire, False, 1)
attempt("rlock acquire(timeout=-2)", r.acquire, timeout=-2)
print("is_owned", r._is_owned())
with r:
    with r:
        print("nested with", r._is_owned())
print("after with", r._is_owned())

# RLock taken in another thread: main can't take it until it is fully released.
hold = threading.Event()
go = threading.Event()


def holder():
    with r:
        with r:
            hold.set()
            go.wait()


t = threading.Thread(target=holder)
t.start()
hold.wait()
print("main nonblocking while held", r.acquire(False))
print("main release while held elsewhere", end=" ")
attempt("", r.release)
go.set()
t.join()
print("main acquire after holder done", r.acquire(timeout=5))
r.release()

# The pure-Python RLock behaves the same for these checks.
pr = threading._PyRLock()
print("py rlock", pr.acquire(), pr.acquire(), pr._is_owned())
print("py rlock other release", in_thread(pr.release))
pr.release()
pr.release()
attempt("py rlock release unowned", pr.release)
