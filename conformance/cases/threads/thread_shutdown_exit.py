# sys.exit(3) in the main thread still waits for a running non-daemon
# thread; SystemExit inside a thread does not end the program; the exit
# status is the main thread's.
import sys
import threading
import time

go = threading.Event()


def worker():
    go.wait()
    time.sleep(0.02)
    print("worker: finished after sys.exit in main")


def exits():
    sys.exit(5)


t = threading.Thread(target=exits)
t.start()
t.join()
print("thread called sys.exit(5); main continues")
threading.Thread(target=worker).start()
print("main: calling sys.exit(3)")
go.set()
sys.exit(3)
