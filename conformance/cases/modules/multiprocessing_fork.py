# multiprocessing with the fork start method: processes, queues, pipes,
# locks, semaphores, events, conditions, pools (map, imap, apply, async
# results, an exception raised in a worker), exit codes and terminate.
import multiprocessing as mp
import os
import time


def work(q, n):
    q.put((n, n * n))


def locked(lock, path, n):
    with lock:
        with open(path, "a") as f:
            f.write(f"{n}\n")


def leave(code):
    raise SystemExit(code)


def square(x):
    return x * x


def fails(x):
    if x == 3:
        raise KeyError(x)
    return x


if __name__ == "__main__":
    mp.set_start_method("fork")
    q = mp.Queue()
    ps = [mp.Process(target=work, args=(q, i)) for i in range(4)]
    for p in ps:
        p.start()
    res = sorted(q.get() for _ in ps)
    for p in ps:
        p.join()
    print(res, [p.exitcode for p in ps])

    lock = mp.Lock()
    path = f"/tmp/egret_mp_case_{os.getpid()}.txt"
    ps = [mp.Process(target=locked, args=(lock, path, i)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(sorted(open(path).read().split()))
    os.remove(path)

    p = mp.Process(target=leave, args=(3,))
    p.start()
    p.join()
    print("exit", p.exitcode)
    p = mp.Process(target=time.sleep, args=(10,))
    p.start()
    p.terminate()
    p.join()
    print("terminated", p.exitcode, p.is_alive())

    a, b = mp.Pipe()
    a.send({"x": [1, 2]})
    print(b.recv(), b.poll(0))
    a.close()
    try:
        b.recv()
    except EOFError:
        print("EOFError")

    s = mp.Semaphore(2)
    print(s.acquire(), s.acquire(), s.acquire(False), s.acquire(timeout=0.01), s.get_value())
    s.release()
    print(s.get_value())
    bs = mp.BoundedSemaphore(1)
    try:
        bs.release()
    except ValueError as e:
        print("ValueError:", e)
    rl = mp.RLock()
    rl.acquire()
    rl.acquire()
    rl.release()
    rl.release()
    try:
        rl.release()
    except AssertionError as e:
        print("AssertionError:", e)
    ev = mp.Event()
    print(ev.is_set(), ev.wait(0.01))
    ev.set()
    print(ev.wait(1))
    c = mp.Condition()
    with c:
        print(c.wait(0.01))

    with mp.Pool(2) as pool:
        print(pool.map(square, range(8)), pool.apply(square, (7,)))
        print(pool.map_async(square, [1, 2, 3]).get(timeout=10))
        print(sorted(pool.imap_unordered(square, range(5))), list(pool.imap(square, range(3))))
        print(pool.starmap(pow, [(2, 3), (3, 2)]))
        try:
            pool.map(fails, range(5))
        except KeyError as e:
            print("KeyError from a worker:", e)
    print(mp.cpu_count() > 0, mp.current_process().name, mp.parent_process())
