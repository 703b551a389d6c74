# Condition (wait/notify/notify_all/wait_for), Event, Semaphore,
# BoundedSemaphore, Barrier and Timer, including their error messages.
import threading
import time


def attempt(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


print("== Condition")
cond = threading.Condition()
attempt("wait without lock", cond.wait)
attempt("notify without lock", cond.notify)
attempt("notify_all without lock", cond.notify_all)
with cond:
    print("wait timeout", cond.wait(0.01))
    print("wait_for timeout", cond.wait_for(lambda: 0, timeout=0.01))
    print("wait_for already true", cond.wait_for(lambda: "yes"))
    print("notify nobody", cond.notify(), cond.notify_all())
print("default condition lock", type(threading.Condition()._lock).__name__)
print("condition with Lock", type(threading.Condition(threading.Lock())._lock).__name__)

# A producer/consumer hand-off with wait_for.
items = []
consumed = []


def consumer():
    for _ in range(5):
        with cond:
            cond.wait_for(lambda: items)
            consumed.append(items.pop(0))


t = threading.Thread(target=consumer)
t.start()
for i in range(5):
    with cond:
        items.append(i * 10)
        cond.notify()
t.join()
print("consumed", consumed)

# N waiters parked in cond.wait(); notify(1), notify(2) then notify_all wake
# exactly that many.  The waiters report to the main thread through a second
# Condition sharing the same lock, so that reporting does not wake them.
N = 6
shared = threading.Lock()
cond = threading.Condition(shared)
main_cond = threading.Condition(shared)
waiting = 0
woken = 0


def waiter():
    global waiting, woken
    with cond:
        waiting += 1
        main_cond.notify()
        cond.wait()
        woken += 1
        main_cond.notify()


threads = [threading.Thread(target=waiter) for _ in range(N)]
for th in threads:
    th.start()
with shared:
    main_cond.wait_for(lambda: waiting == N)
    # All N are now inside cond.wait() (they only released the lock there).
    print("waiting", waiting, "woken", woken)
    cond.notify(1)
    main_cond.wait_for(lambda: woken >= 1)
    main_cond.wait(0.01)  # give a wrongly woken extra waiter a chance to show up
    print("after notify(1)", woken)
    cond.notify(2)
    main_cond.wait_for(lambda: woken >= 3)
    main_cond.wait(0.01)
    print("after notify(2)", woken)
    cond.notify_all()
    main_cond.wait_for(lambda: woken == N)
    print("after notify_all", woken)
for th in threads:
    th.join()

# wait() returns True when notified (no timeout), and with a timeout when
# notified before it runs out.
results = []
ready = threading.Event()


def notified_waiter():
    with cond:
        ready.set()
        results.append(cond.wait(timeout=30))


t = threading.Thread(target=notified_waiter)
t.start()
ready.wait()
with cond:  # the waiter has released the lock inside wait()
    cond.notify()
t.join()
print("wait returned", results)

print("== Event")
ev = threading.Event()
print("is_set", ev.is_set(), ev.isSet.__name__)
print("wait timeout", ev.wait(0.01))
print("wait zero", ev.wait(0))
ev.set()
print("is_set", ev.is_set(), "wait", ev.wait(), ev.wait(0))
ev.clear()
print("cleared", ev.is_set(), ev.wait(timeout=0.01))
t0 = time.monotonic()
ev.wait(0.02)
print("waited at least timeout", time.monotonic() - t0 >= 0.015)

# Several threads released together by one set().
ev = threading.Event()
gate_results = []
gl = threading.Lock()


def gated(i):
    r = ev.wait()
    with gl:
        gate_results.append((i, r))


threads = [threading.Thread(target=gated, args=(i,)) for i in range(4)]
for th in threads:
    th.start()
print("before set", gate_results)
ev.set()
for th in threads:
    th.join()
print("after set", sorted(gate_results))

print("== Semaphore")
attempt("Semaphore(-1)", threading.Semaphore, -1)
attempt("BoundedSemaphore(-1)", threading.BoundedSemaphore, -1)
s = threading.Semaphore(2)
print("acquire", s.acquire(), s.acquire(), s.acquire(blocking=False), s.acquire(timeout=0.01))
s.release()
print("after release", s.acquire(False), s.acquire(False))
s.release(2)
print("after release(2)", s.acquire(False), s.acquire(False), s.acquire(False))
attempt("release(0)", s.release, 0)
attempt("acquire(False, 1)", s.acquire, False, 1)
s.release(5)  # a plain Semaphore may go above its initial value
print("plain semaphore over initial", [s.acquire(False) for _ in range(6)])
one = threading.Semaphore(1)
with one as v:
    print("with value", v, one.acquire(False))
print("after with", one.acquire(False))

b = threading.BoundedSemaphore(2)
b.acquire()
b.release()
attempt("bounded over-release", b.release)
b.acquire()
attempt("bounded release(2) with one taken", b.release, 2)
print("bounded still usable", b.acquire(False), b.acquire(False))
b.release()
b.release()

# At most 3 threads inside a Semaphore(3) at once.
sem = threading.Semaphore(3)
inside = 0
max_inside = 0
count_lock = threading.Lock()
done = []


def limited(i):
    global inside, max_inside
    with sem:
        with count_lock:
            inside += 1
            max_inside = max(max_inside, inside)
        time.sleep(0.002)
        with count_lock:
            inside -= 1
            done.append(i)


threads = [threading.Thread(target=limited, args=(i,)) for i in range(8)]
for th in threads:
    th.start()
for th in threads:
    th.join()
print("limited", sorted(done), "max inside <= 3", 1 <= max_inside <= 3, "inside", inside)

print("== Barrier")
print("Barrier(0) parties", threading.Barrier(0).parties)
bar = threading.Barrier(4)
print("parties", bar.parties, "n_waiting", bar.n_waiting, "broken", bar.broken)
indices = []
il = threading.Lock()


def at_barrier():
    i = bar.wait()
    with il:
        indices.append(i)


threads = [threading.Thread(target=at_barrier) for _ in range(3)]
for th in threads:
    th.start()
while bar.n_waiting < 3:
    time.sleep(0.001)
print("n_waiting", bar.n_waiting)
indices.append(bar.wait())
for th in threads:
    th.join()
print("indices", sorted(indices), "n_waiting", bar.n_waiting, "broken", bar.broken)

# The barrier is reusable, and the action runs once per cycle.
actions = []
bar = threading.Barrier(3, action=lambda: actions.append("action"))
for cycle in range(2):
    threads = [threading.Thread(target=bar.wait) for _ in range(2)]
    for th in threads:
        th.start()
    bar.wait()
    for th in threads:
        th.join()
print("actions", actions)

# abort() breaks the waiters out with BrokenBarrierError.
bar = threading.Barrier(3)
outcomes = []


def breaker():
    try:
        bar.wait()
        outcomes.append("passed")
    except threading.BrokenBarrierError as e:
        outcomes.append((type(e).__name__, str(e), isinstance(e, RuntimeError)))


threads = [threading.Thread(target=breaker) for _ in range(2)]
for th in threads:
    th.start()
while bar.n_waiting < 2:
    time.sleep(0.001)
bar.abort()
for th in threads:
    th.join()
print("aborted", outcomes, "broken", bar.broken)
attempt("wait on broken barrier", bar.wait)
bar.reset()
print("after reset broken", bar.broken)

# A timeout on wait() breaks the barrier too.
bar = threading.Barrier(2, timeout=0.01)
attempt("barrier timeout", bar.wait)
print("broken after timeout", bar.broken)
bar = threading.Barrier(2)
attempt("barrier wait(timeout)", bar.wait, 0.01)
print("broken", bar.broken)
# An action that raises breaks the barrier for the others.
bar = threading.Barrier(2, action=lambda: 1 / 0)
outcomes = []
th = threading.Thread(target=breaker)
th.start()
while bar.n_waiting < 1:
    time.sleep(0.001)
# The main thread arrives last, so it runs the action and gets its exception.
attempt("action raising", bar.wait)
th.join()
print("other waiter", outcomes, "broken", bar.broken)

print("== Timer")
fired = []
t = threading.Timer(30, fired.append, args=("never",))  # cancel() wakes it at once
print("timer name", t.name, "interval", t.interval, "is subclass", isinstance(t, threading.Thread))
t.start()
t.cancel()
t.join()
print("cancelled timer fired", fired, "finished", t.finished.is_set(), "alive", t.is_alive())

t = threading.Timer(0.01, lambda *a, **k: fired.append((a, k)), args=(1, 2), kwargs={"k": 3})
t0 = time.monotonic()
t.start()
t.join()
print("timer fired", fired, "waited", time.monotonic() - t0 >= 0.005)
t.cancel()  # cancelling a finished timer is harmless
print("cancel after firing", fired)
t = threading.Timer(0.01, fired.append)
t.cancel()  # cancelled before start: the function never runs
t.start()
t.join()
print("cancelled before start", fired)
