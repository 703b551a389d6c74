# At the end of the main script the interpreter waits for non-daemon threads
# (including one started by another thread while shutting down), then runs
# atexit callbacks; a daemon thread blocked forever does not prevent exit.
import atexit
import threading
import time

main_finished = threading.Event()


def later():
    time.sleep(0.01)
    print("later: started by a thread during shutdown")


def late():
    main_finished.wait()
    # Once the main script is over, the main thread counts as stopped while
    # the interpreter waits for the other threads.
    for _ in range(200):
        if not threading.main_thread().is_alive():
            break
        time.sleep(0.01)
    print("late: after the main script ended, main alive:", threading.main_thread().is_alive())
    threading.Thread(target=later).start()


def on_exit(tag):
    print("atexit", tag, "threads:", sorted(t.name for t in threading.enumerate()))


atexit.register(on_exit, "first registered")
atexit.register(on_exit, "second registered")

forever = threading.Event()
d = threading.Thread(target=forever.wait, name="daemon-forever", daemon=True)
d.start()
t = threading.Thread(target=late, name="late-thread")
t.start()
print("daemon", d.daemon, d.is_alive(), "non-daemon", t.daemon, t.is_alive())
print("main: last line")
main_finished.set()
