# The main script ends with an uncaught exception while a non-daemon thread
# is still running: the traceback is printed, the thread is still waited
# for, and the exit status is 1.
import threading
import time

go = threading.Event()


def worker():
    go.wait()
    time.sleep(0.02)
    print("worker: finished after the main script failed")


threading.Thread(target=worker).start()
print("main: about to fail")
go.set()
raise ValueError("main failed")
