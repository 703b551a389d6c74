# Blocking calls in one thread let the other threads run: os.read/os.write
# on pipes, socket recv/sendall, select.select, lock waits, subprocess.run
# and time.sleep.  Each check only finishes if the blocked thread does not
# keep the interpreter to itself (a thread waits for something that only
# another thread can provide).
import os
import select
import socket
import subprocess
import threading
import time


def run(target, *args):
    box = []

    def wrapper():
        try:
            box.append(target(*args))
        except Exception as e:
            box.append((type(e).__name__, str(e)))

    t = threading.Thread(target=wrapper)
    t.start()
    return t, box


# time.sleep in four threads at once; they all meet at a barrier afterwards,
# and each slept at least as long as asked.
barrier = threading.Barrier(4)
slept = []
lock = threading.Lock()


def sleeper(i):
    t0 = time.monotonic()
    time.sleep(0.02)
    ok = time.monotonic() - t0 >= 0.015
    idx = barrier.wait()
    with lock:
        slept.append((i, ok))
    return idx


threads = [run(sleeper, i) for i in range(4)]
for t, _ in threads:
    t.join()
print("sleepers", sorted(slept), sorted(box[0] for _, box in threads))

# os.read on an empty pipe blocks in a thread until the main thread writes.
r, w = os.pipe()
about_to_read = threading.Event()


def reader():
    about_to_read.set()
    return os.read(r, 100)


t, box = run(reader)
about_to_read.wait()
os.write(w, b"through the pipe")
t.join()
print("os.read", box)

# os.write of more than a pipe buffer blocks until the main thread reads.
data = bytes(range(256)) * 1024  # 256 KiB


def writer():
    view = memoryview(data)
    while view:
        n = os.write(w, view)
        view = view[n:]
    return "written"


t, box = run(writer)
got = bytearray()
while len(got) < len(data):
    got += os.read(r, 65536)
t.join()
print("os.write", box, len(got), bytes(got) == data)

# EOF: closing the write end in the main thread wakes a blocked reader.
t, box = run(os.read, r, 10)
os.close(w)
t.join()
print("read at EOF", box)
os.close(r)

# select.select in a thread on a pipe, woken by a write from main.
r, w = os.pipe()
t, box = run(lambda: select.select([r], [], [])[0] == [r])
os.write(w, b"x")
t.join()
print("select", box, os.read(r, 10))
t, box = run(lambda: select.select([r], [], [], 0.01))
t.join()
print("select timeout", box)
if hasattr(select, "poll"):
    p = select.poll()
    p.register(r, select.POLLIN)
    t, box = run(lambda: [(fd == r, ev & select.POLLIN != 0) for fd, ev in p.poll()])
    os.write(w, b"y")
    t.join()
    print("poll", box, os.read(r, 10))
os.close(r)
os.close(w)

# socket.socketpair: recv in a thread while main sends, and a large sendall in
# a thread while main receives.
a, b = socket.socketpair()
t, box = run(b.recv, 100)
a.sendall(b"hello over socketpair")
t.join()
print("recv", box)
payload = b"0123456789abcdef" * 65536  # 1 MiB, more than the socket buffers
t, box = run(lambda: a.sendall(payload))
received = bytearray()
while len(received) < len(payload):
    received += b.recv(65536)
t.join()
print("sendall", box, len(received), bytes(received) == payload)
# recv with a timeout set on the socket.
b.settimeout(0.01)
t, box = run(b.recv, 10)
t.join()
print("recv timeout", box)
b.settimeout(None)
# accept() on a loopback listener in a thread while main connects.
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()


def accept_one():
    conn, _ = srv.accept()
    with conn:
        return conn.recv(100)


t, box = run(accept_one)
with socket.create_connection(srv.getsockname()) as c:
    c.sendall(b"via accept")
    t.join()
print("accept", box)
srv.close()
# shutdown() from main wakes a recv blocked in a thread with b"".
t, box = run(b.recv, 10)
a.shutdown(socket.SHUT_WR)
t.join()
print("recv after shutdown", box)
a.close()
b.close()

# subprocess.run from two threads at once.
results = []


def sub(word):
    p = subprocess.run(["echo", word], capture_output=True)
    with lock:
        results.append((word, p.returncode, p.stdout, p.stderr))


threads = [threading.Thread(target=sub, args=(w,)) for w in ("hi", "there")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("subprocess", sorted(results))

# A thread blocked in Lock.acquire / Event.wait / Thread.join is woken by the
# main thread.
gate = threading.Lock()
gate.acquire()
t, box = run(lambda: gate.acquire() and "acquired")
t2, box2 = run(t.join)  # joining a blocked thread blocks too
gate.release()
t.join()
t2.join()
print("lock wait", box, box2)
