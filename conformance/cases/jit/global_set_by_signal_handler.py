# A compiled loop that reads a global (held as a constant by typed compiled
# code) sees it change when a signal handler, run at the loop's back-edge,
# rebinds it: the loop ends, as in the interpreter.
import signal

stop = False


def handler(signum, frame):
    global stop
    stop = True


signal.signal(signal.SIGALRM, handler)


def spin():
    n = 0
    while not stop:
        n += 1
    return n > 0


signal.alarm(1)
print("stopped", spin())
