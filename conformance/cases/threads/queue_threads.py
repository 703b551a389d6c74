# queue.Queue between threads: producer/consumer with a sentinel,
# task_done()/join(), timeouts raising Empty/Full, LifoQueue, PriorityQueue
# and SimpleQueue ordering.
import queue
import threading
import time


def attempt(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, repr(str(e)))


# Producer/consumer with a sentinel; several producers, one consumer.
q = queue.Queue()
STOP = object()
got = []


def producer(base):
    for i in range(5):
        q.put(base + i)


def consumer():
    stops = 0
    while True:
        item = q.get()
        if item is STOP:
            stops += 1
            if stops == 3:
                return
            continue
        got.append(item)


c = threading.Thread(target=consumer)
c.start()
producers = [threading.Thread(target=producer, args=(b,)) for b in (0, 100, 200)]
for p in producers:
    p.start()
for p in producers:
    p.join()
for _ in range(3):
    q.put(STOP)
c.join()
print("consumed", sorted(got), len(got))
print("empty", q.empty(), q.qsize())

# One producer, one consumer: FIFO order is preserved.
q = queue.Queue(maxsize=2)
order = []


def fifo_consumer():
    while (item := q.get()) is not None:
        order.append(item)


c = threading.Thread(target=fifo_consumer)
c.start()
for i in range(10):
    q.put(i)  # blocks while the queue is full
q.put(None)
c.join()
print("fifo order", order)

# task_done()/join(): join returns only after every item is processed.
q = queue.Queue()
processed = []
plock = threading.Lock()


def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        time.sleep(0.001)
        with plock:
            processed.append(item * 2)
        q.task_done()


workers = [threading.Thread(target=worker) for _ in range(3)]
for w in workers:
    w.start()
for i in range(12):
    q.put(i)
q.join()
print("after join", sorted(processed), q.unfinished_tasks)
for _ in workers:
    q.put(None)
for w in workers:
    w.join()
attempt("task_done too many", q.task_done)

# Timeouts.
q = queue.Queue(maxsize=1)
attempt("get_nowait empty", q.get_nowait)
attempt("get(block=False)", q.get, False)
t0 = time.monotonic()
attempt("get(timeout=0.02)", q.get, timeout=0.02)
print("waited", time.monotonic() - t0 >= 0.015)
attempt("get(timeout=-1)", q.get, timeout=-1)
q.put("x")
print("full", q.full(), q.qsize())
attempt("put_nowait full", q.put_nowait, "y")
attempt("put(block=False)", q.put, "y", False)
t0 = time.monotonic()
attempt("put(timeout=0.02)", q.put, "y", timeout=0.02)
print("waited", time.monotonic() - t0 >= 0.015)
attempt("put(timeout=-1)", q.put, "y", timeout=-1)
print("exception classes", queue.Empty.__mro__[1].__name__, queue.Full.__mro__[1].__name__)

# A blocked get() is woken by a put() from another thread; a blocked put()
# by a get().
q = queue.Queue(maxsize=1)
results = []
started = threading.Event()


def blocked_getter():
    started.set()
    results.append(q.get(timeout=30))


t = threading.Thread(target=blocked_getter)
t.start()
started.wait()
q.put("delivered")
t.join()
print("blocked get", results)
q.put("first")
started.clear()


def blocked_putter():
    started.set()
    q.put("second", timeout=30)


t = threading.Thread(target=blocked_putter)
t.start()
started.wait()
print("get", q.get())
t.join()
print("get", q.get(), q.empty())

# LifoQueue and PriorityQueue ordering (filled from threads, drained here).
lq = queue.LifoQueue()
for i in range(5):
    lq.put(i)
print("lifo", [lq.get() for _ in range(5)])

pq = queue.PriorityQueue()
fill = [threading.Thread(target=lambda b=b: [pq.put((b * 7 + i) % 23) for i in range(5)]) for b in range(4)]
for t in fill:
    t.start()
for t in fill:
    t.join()
print("priority", [pq.get() for _ in range(pq.qsize())])
pq.put((2, "b"))
pq.put((1, "z"))
pq.put((2, "a"))
print("priority tuples", [pq.get_nowait() for _ in range(3)])

# SimpleQueue.
sq = queue.SimpleQueue()
print("simple", sq.empty(), sq.qsize())
attempt("simple get_nowait empty", sq.get_nowait)
attempt("simple get(timeout=0.01)", sq.get, timeout=0.01)
attempt("simple get(timeout=-1)", sq.get, timeout=-1)
out = []


def simple_consumer():
    while (item := sq.get()) is not None:
        out.append(item)


t = threading.Thread(target=simple_consumer)
t.start()
for i in range(5):
    sq.put(i)
sq.put_nowait(None)
t.join()
print("simple fifo", out, sq.empty())
print("has task_done", hasattr(sq, "task_done"), "has maxsize", hasattr(sq, "maxsize"))
