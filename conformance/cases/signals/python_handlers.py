# Python signal handlers: run when the signal arrives (before os.kill or
# signal.raise_signal returns for a signal sent to this process, and at
# the next back-edge of a hot loop, compiled or not); what they raise is
# raised there, `finally` blocks run.
import os
import signal

log = []


def on_usr1(signum, frame):
    log.append(("usr1", signum == signal.SIGUSR1, frame is not None))


class Stop(Exception):
    pass


def stop(signum, frame):
    raise Stop(signum)


old = signal.signal(signal.SIGUSR1, on_usr1)
print(old == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is on_usr1)
os.kill(os.getpid(), signal.SIGUSR1)
print(log)
signal.raise_signal(signal.SIGUSR1)
print(len(log))


def hot(n, at):
    total = 0
    i = 0
    try:
        while i < n:
            if i == at:
                os.kill(os.getpid(), signal.SIGUSR2)
            total += i
            i += 1
    except Stop as e:
        return ("stopped at", i, e.args[0] == signal.SIGUSR2)
    finally:
        log.append("finally")
    return total


signal.signal(signal.SIGUSR2, stop)
for at in (10, 500, 3000, 10**9):
    print(hot(5000, at))
print(log.count("finally"))


def counted(n):
    seen = []
    signal.signal(signal.SIGUSR1, lambda s, f: seen.append(s))
    for i in range(n):
        if i % 100 == 0:
            signal.raise_signal(signal.SIGUSR1)
    return len(seen)


print(counted(2000))

# KeyboardInterrupt from the default SIGINT handler. (A program started as
# a background job starts with SIGINT ignored: the default handler is
# installed again for the checks below.)
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
try:
    signal.raise_signal(signal.SIGINT)
    print("not raised")
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", e.args)
try:
    os.kill(os.getpid(), signal.SIGINT)
except KeyboardInterrupt:
    print("KeyboardInterrupt from kill")

# Ignored signals do nothing; SIG_DFL comes back.
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
os.kill(os.getpid(), signal.SIGUSR1)
print(signal.getsignal(signal.SIGUSR1) == signal.SIG_IGN)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
for bad in ("x", 3.5):
    try:
        signal.signal(signal.SIGUSR1, bad)
    except TypeError as e:
        print("TypeError", e)
try:
    signal.signal(signal.SIGKILL, on_usr1)
except OSError as e:
    print("OSError", e.errno)
try:
    signal.signal(1000, on_usr1)
except ValueError as e:
    print("ValueError", e)
