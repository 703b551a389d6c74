# Eight threads increment a shared counter under a Lock and under an RLock;
# default thread names, active_count() and enumerate() around start/join.
import threading

N_THREADS = 8
N_INCR = 1000

print("active before", threading.active_count())
print("enumerate before", [t.name for t in threading.enumerate()])

counter = 0
lock = threading.Lock()


def worker():
    global counter
    for _ in range(N_INCR):
        with lock:
            counter += 1


threads = [threading.Thread(target=worker) for _ in range(N_THREADS)]
print("names", [t.name for t in threads])
for t in threads:
    t.start()
for t in threads:
    t.join()
print("lock counter", counter)
print("alive after join", [t.is_alive() for t in threads])
print("active after", threading.active_count())

# The same with an RLock, taken twice (re-entrantly) on each increment.
rcounter = 0
rlock = threading.RLock()


def rworker(n):
    global rcounter
    for _ in range(n):
        with rlock:
            with rlock:
                rcounter += 1


threads = [threading.Thread(target=rworker, args=(N_INCR,), name=f"r{i}") for i in range(N_THREADS)]
print("names", [t.name for t in threads])
for t in threads:
    t.start()
for t in threads:
    t.join()
print("rlock counter", rcounter)
print("active after", threading.active_count())


# A list of per-thread results, combined after join.
results = []
results_lock = threading.Lock()


def summer(i):
    s = sum(range(i * 100))
    with results_lock:
        results.append((i, s))


threads = [threading.Thread(target=summer, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("results", sorted(results))

# Thread-N numbering with and without a target; a subclass gets 'Thread-N';
# explicitly named threads do not use up a number.
class MyThread(threading.Thread):
    pass


print(threading.Thread().name, threading.Thread(target=print).name, MyThread().name)
print(threading.Thread(target=summer, name="explicit").name)
t = threading.Thread(target=lambda: None)
print(t.name)
t.name = "renamed"
print(t.name)
print("active end", threading.active_count())
