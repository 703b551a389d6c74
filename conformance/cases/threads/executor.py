# concurrent.futures.ThreadPoolExecutor: map, submit/as_completed, wait,
# exceptions carried by futures, shutdown and use after shutdown, callbacks,
# thread names.
import concurrent.futures as cf
import threading
import time


def square(x):
    return x * x


def fail(x):
    raise ValueError(f"bad {x}")


with cf.ThreadPoolExecutor(max_workers=4) as ex:
    print("map", list(ex.map(square, range(20))))
    print("map two iterables", list(ex.map(pow, [2, 3, 4], [5, 6, 7])))
    futs = [ex.submit(square, i) for i in range(10)]
    print("as_completed", sorted(f.result() for f in cf.as_completed(futs)))
    done, not_done = cf.wait(futs)
    print("wait", len(done), len(not_done))
    f = ex.submit(lambda a, b=0: a + b, 1, b=41)
    print("kwargs", f.result())

# A task raising: exception() returns it, result() re-raises it.
ex = cf.ThreadPoolExecutor(max_workers=2)
f = ex.submit(fail, 7)
e = f.exception()
print("exception()", type(e).__name__, e)
try:
    f.result()
except ValueError as e:
    print("result() raised", type(e).__name__, e)
print("done", f.done(), "cancelled", f.cancelled(), "running", f.running())
try:
    list(ex.map(lambda x: 10 // x, [5, 2, 0, 1]))
except ZeroDivisionError as e:
    print("map raised", type(e).__name__, e)
it = ex.map(lambda x: 10 // x, [5, 0])
print("map first", next(it))
try:
    next(it)
except ZeroDivisionError as e:
    print("map second raised", e)

# Futures finish in a forced order; as_completed yields in completion order.
gates = [threading.Event() for _ in range(3)]
order = []


def gated(i):
    gates[i].wait()
    return i


two = cf.ThreadPoolExecutor(max_workers=2)  # fresh pool: both tasks get a thread
fs = {two.submit(gated, i): i for i in range(2)}
gates[1].set()
it = cf.as_completed(fs)
first = next(it)
print("first completed", first.result())
gates[0].set()
print("second completed", next(it).result())
two.shutdown()

# Callbacks run (in the worker, or immediately if already done).
cb = []
ev = threading.Event()
cb_ran = threading.Event()
f = ex.submit(ev.wait)
f.add_done_callback(lambda fut: (cb.append(("late", fut.result(), fut.done())), cb_ran.set()))
print("callbacks before", cb)
ev.set()
f.result()
cb_ran.wait()  # the callback may run just after result() returns
f.add_done_callback(lambda fut: cb.append(("immediate", fut.result(), threading.current_thread() is threading.main_thread())))
print("callbacks", cb)

# Timeouts.
blocker = threading.Event()
f = ex.submit(blocker.wait)
try:
    f.result(timeout=0.01)
except cf.TimeoutError as e:
    print("result timeout", type(e).__name__, repr(str(e)), cf.TimeoutError is TimeoutError)
done, not_done = cf.wait([f], timeout=0.01)
print("wait timeout", len(done), len(not_done))
try:
    list(cf.as_completed([f], timeout=0.01))
except cf.TimeoutError as e:
    print("as_completed timeout", e)
blocker.set()
print("then", f.result())

# Cancelling a queued future.
hold = threading.Event()
started = threading.Event()
one = cf.ThreadPoolExecutor(max_workers=1)
running = one.submit(lambda: (started.set(), hold.wait())[1])
started.wait()
print("running", running.running(), running.done())
queued = one.submit(square, 3)
print("queued running", queued.running())
print("cancel queued", queued.cancel(), queued.cancelled(), queued.done())
try:
    queued.result()
except cf.CancelledError as e:
    print("CancelledError", type(e).__name__, repr(str(e)))
print("cancel running", running.cancel())
hold.set()
one.shutdown(wait=True)
print("after shutdown", running.result(), running.done())

# shutdown(wait=True) waits for submitted work.
results = []
ex2 = cf.ThreadPoolExecutor(max_workers=3)
for i in range(6):
    ex2.submit(lambda i=i: (time.sleep(0.002), results.append(i)))
ex2.shutdown(wait=True)
print("shutdown waited", sorted(results))
try:
    ex2.submit(square, 2)
except RuntimeError as e:
    print("submit after shutdown", type(e).__name__, e)
try:
    ex2.map(square, [1])
except RuntimeError as e:
    print("map after shutdown", type(e).__name__, e)
ex2.shutdown()  # a second shutdown is fine
ex.shutdown()

# shutdown(cancel_futures=True) cancels queued work.
hold = threading.Event()
started = threading.Event()
ex3 = cf.ThreadPoolExecutor(max_workers=1)
r = ex3.submit(lambda: (started.set(), hold.wait())[1])
started.wait()
pending = [ex3.submit(square, i) for i in range(3)]
ex3.shutdown(wait=False, cancel_futures=True)
print("cancel_futures", [p.cancelled() for p in pending], r.done())
hold.set()
ex3.shutdown(wait=True)
print("running one finished", r.result())

# Worker thread names use the prefix.
names = set()
with cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool") as ex4:
    ex4.submit(lambda: names.add(threading.current_thread().name)).result()
print("names", sorted(names))
try:
    cf.ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print("max_workers=0", e)

# initializer, and a failing initializer breaks the pool.
init_seen = []
with cf.ThreadPoolExecutor(max_workers=1, initializer=init_seen.append, initargs=("init",)) as ex5:
    print("with initializer", ex5.submit(square, 5).result(), init_seen)
ex6 = cf.ThreadPoolExecutor(max_workers=1, initializer=fail, initargs=(1,))
import logging
logging.disable(logging.CRITICAL)  # the pool logs the initializer failure
f = ex6.submit(square, 1)
try:
    f.result()
except cf.BrokenExecutor as e:
    print("broken", type(e).__name__, e)
try:
    ex6.submit(square, 1)
except cf.BrokenExecutor as e:
    print("submit to broken", type(e).__name__, e)
ex6.shutdown()
print("threads left", threading.active_count())
