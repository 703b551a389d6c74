# The interpreter switches between threads that never block: two threads
# hand a turn back and forth with pure-Python busy loops, which only works if
# the running thread is preempted.  Also sys.getswitchinterval/
# setswitchinterval and their errors.
import sys
import threading

print("default interval", sys.getswitchinterval())


def ping_pong(rounds):
    turn = [0]
    log = []

    def player(me, other, name):
        for i in range(rounds):
            while turn[0] != me:  # busy wait: no blocking call at all
                pass
            log.append(f"{name}{i}")
            turn[0] = other

    a = threading.Thread(target=player, args=(0, 1, "A"))
    b = threading.Thread(target=player, args=(1, 0, "B"))
    a.start()
    b.start()
    a.join()
    b.join()
    return log


print("ping pong", ping_pong(5))

# The main thread busy-waits on flags set by a thread that also busy-waits.
flags = {"a": False, "b": False}


def spinner():
    flags["a"] = True
    while not flags["b"]:
        pass
    flags["a"] = "done"


t = threading.Thread(target=spinner)
t.start()
while not flags["a"]:
    pass
flags["b"] = True
while flags["a"] != "done":
    pass
t.join()
print("main spin", flags)

# A thread in an endless computation is stopped by the main thread, which
# gets to run in between.
stop = False
count = [0]


def busy():
    n = 0
    while not stop:
        n += 1
    count[0] = n


t = threading.Thread(target=busy)
t.start()
total = sum(i * i for i in range(20000))  # main thread keeps computing
stop = True
t.join()
print("busy stopped", total, count[0] >= 0, t.is_alive())

# Several CPU-bound threads all make progress and produce exact results.
def work(i, out):
    s = 0
    for j in range(20000):
        s += (i * j) % 7
    out[i] = s


out = {}
threads = [threading.Thread(target=work, args=(i, out)) for i in range(4)]
for th in threads:
    th.start()
for th in threads:
    th.join()
print("cpu results", sorted(out.items()))

# setswitchinterval round trips (stored with microsecond precision).
for value in (0.001, 0.0001, 1e-06, 1e-07, 0.5, 0.005):
    sys.setswitchinterval(value)
    print("set", value, "get", sys.getswitchinterval())
for bad in (0, 0.0, -1, -0.005, float("-inf")):
    try:
        sys.setswitchinterval(bad)
    except ValueError as e:
        print("set", bad, "->", type(e).__name__, e)
for bad in ("x", None):
    try:
        sys.setswitchinterval(bad)
    except TypeError as e:
        print("set", repr(bad), "->", type(e).__name__, e)
print("unchanged", sys.getswitchinterval())

# A very short interval: the ping pong still works.
sys.setswitchinterval(0.0001)
print("short interval ping pong", ping_pong(5))
sys.setswitchinterval(0.005)
print("final interval", sys.getswitchinterval())
