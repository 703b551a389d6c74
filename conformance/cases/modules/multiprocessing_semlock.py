# _multiprocessing.SemLock directly: the two kinds, counts and ownership,
# timeouts, values, errors, re-opening by name (_rebuild), sem_unlink.
import _multiprocessing
import os
import threading

SemLock = _multiprocessing.SemLock
print(sorted(_multiprocessing.flags.items()), SemLock.SEM_VALUE_MAX)

name = f"/egret-case-{os.getpid()}"
m = SemLock(0, 1, 1, name, True)
print(m.kind, m.maxvalue, m.name, type(m.handle).__name__)
print(m.acquire(), m._count(), m._is_mine(), m.acquire(), m._count())
m.release()
print(m._count(), m._is_mine(), m._get_value(), m._is_zero())
m.release()
print(m._count(), m._get_value(), m._is_zero())
try:
    m.release()
except AssertionError as e:
    print("AssertionError:", e)

s = SemLock(1, 2, 3, name + "-s", False)
print(s.name == name + "-s", s._get_value())
print(s.acquire(), s.acquire(), s.acquire(False), s.acquire(True, 0.02), s.acquire(timeout=-1))
print(s._count(), s._is_zero())
s.release()
s.release()
s.release()
try:
    s.release()
except ValueError as e:
    print("ValueError:", e)
print(s._get_value())

# Re-opened by name: the same semaphore.
s2 = SemLock._rebuild(s.handle, s.kind, s.maxvalue, s.name)
print(s2.acquire(False), s._get_value(), s2._count(), s._count())
s2.release()
s._after_fork()
print(s._count())
_multiprocessing.sem_unlink(name + "-s")
try:
    _multiprocessing.sem_unlink(name + "-s")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
try:
    SemLock._rebuild(0, 1, 1, name + "-s")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)

# Another thread waits on the semaphore until this one releases it.
w = SemLock(1, 0, 1, name + "-w", True)
print(w.name)
got = []
t = threading.Thread(target=lambda: got.append(w.acquire(timeout=5)))
t.start()
w.release()
t.join()
print(got, w._get_value())

# A lock held by another thread is not this thread's to release.
r = SemLock(0, 1, 1, name + "-r", True)
t = threading.Thread(target=r.acquire)
t.start()
t.join()
print(r._is_mine(), r._count(), r.acquire(False))
try:
    r.release()
except AssertionError as e:
    print("AssertionError:", e)

with SemLock(0, 1, 1, name + "-c", True) as c:
    print("entered", c)

for args in [(2, 1, 1, name + "-k", True), (0, 1, 1, name + "\0", True)]:
    try:
        SemLock(*args)
    except ValueError as e:
        print("ValueError:", e)
try:
    SemLock(0, 1, 1, 5, True)
except TypeError as e:
    print("TypeError:", e)
x = SemLock(1, 1, 1, name + "-x", False)
try:
    SemLock(1, 1, 1, name + "-x", False)
except FileExistsError as e:
    print("FileExistsError", e.errno)
_multiprocessing.sem_unlink(name + "-x")
try:
    SemLock()
except TypeError as e:
    print("TypeError:", type(e).__name__)
