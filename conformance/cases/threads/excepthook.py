# Thread lifecycle: exceptions in threads go to threading.excepthook and the
# program continues; SystemExit in a thread is silent; Thread subclasses that
# override run(); is_alive/join(timeout); daemon; start/join errors;
# current_thread/main_thread/enumerate/get_ident/get_native_id.
import sys
import threading
import _thread

hooked = []


def hook(args):
    hooked.append((args.exc_type.__name__, str(args.exc_value), args.thread.name,
                   args.exc_traceback is not None))


print("default hook", threading.excepthook is threading.__excepthook__)
threading.excepthook = hook


def boom():
    raise ValueError("boom in thread")


t = threading.Thread(target=boom, name="raiser")
t.start()
t.join()
print("hooked", hooked)
print("program continues", t.is_alive())

hooked.clear()
# A custom hook sees SystemExit too; only the default hook ignores it.
t = threading.Thread(target=sys.exit, args=(3,), name="exiter")
t.start()
t.join()
t = threading.Thread(target=lambda: (_ for _ in ()).throw(SystemExit("quiet")), name="exiter2")
t.start()
t.join()
print("SystemExit hooked", hooked)


class KeyErr(threading.Thread):
    def run(self):
        raise KeyError("k")


t = KeyErr(name="keyerr")
t.start()
t.join()
print("hooked", hooked)
hooked.clear()

# The default hook prints "Exception in thread NAME:" and the traceback to
# sys.stderr, and is silent for SystemExit.
import io

threading.excepthook = threading.__excepthook__
real_stderr = sys.stderr
for target, name in ((boom, "loud"), (sys.exit, "silent"), (lambda: sys.exit("msg"), "silent-msg")):
    sys.stderr = io.StringIO()
    t = threading.Thread(target=target, name=name)
    t.start()
    t.join()
    text = sys.stderr.getvalue()
    sys.stderr = real_stderr
    lines = text.splitlines()
    print("default hook", name, lines[:2], lines[-1:])
threading.excepthook = hook

# excepthook args is a structseq-like object with four fields.
seen = []
threading.excepthook = lambda args: seen.append((type(args).__name__, len(args),
                                                 [f for f in ("exc_type", "exc_value", "exc_traceback", "thread") if hasattr(args, f)]))
t = threading.Thread(target=boom)
t.start()
t.join()
print("args", seen)


# A hook that itself raises: the failure goes to sys.excepthook (stderr);
# the program still continues.
def bad_hook(args):
    raise RuntimeError("hook failed")


caught = []
sys.excepthook = lambda tp, val, tb: caught.append((tp.__name__, str(val)))
threading.excepthook = bad_hook
sys.stderr = io.StringIO()
t = threading.Thread(target=boom)
t.start()
t.join()
text = sys.stderr.getvalue()
sys.stderr = real_stderr
print("hook raising ->", caught, repr(text))
sys.excepthook = sys.__excepthook__
threading.excepthook = hook


# Overriding run(); args/kwargs go to the target only in the default run().
class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name=f"worker-{n}")
        self.n = n
        self.result = None

    def run(self):
        self.result = (self.n * self.n, threading.current_thread() is self, threading.current_thread().name)


ws = [Worker(i) for i in range(3)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print("run overridden", [w.result for w in ws])

out = []
t = threading.Thread(target=lambda *a, **k: out.append((a, k)), args=(1, 2), kwargs={"x": 3})
t.start()
t.join()
print("args kwargs", out)

# is_alive and join(timeout) on a thread waiting on an Event.
import re

ev = threading.Event()
t = threading.Thread(target=ev.wait, name="waiter")
print("before start alive", t.is_alive(), "ident", t.ident, "native_id", t.native_id, repr(t))
t.start()
print("alive", t.is_alive(), "ident is int", isinstance(t.ident, int),
      bool(re.fullmatch(r"<Thread\(waiter, started \d+\)>", repr(t))))
print("join(timeout) returns", t.join(0.01), "still alive", t.is_alive())
print("join(0)", t.join(0), t.is_alive())
ev.set()
t.join()
print("after set alive", t.is_alive(), "ident kept", isinstance(t.ident, int))
t.join()  # joining a finished thread again is fine
print("repr stopped", bool(re.fullmatch(r"<Thread\(waiter, stopped \d+\)>", repr(t))))
print("main repr", bool(re.fullmatch(r"<_MainThread\(MainThread, started \d+\)>", repr(threading.main_thread()))))

# daemon attribute.
print("main daemon", threading.current_thread().daemon)
t = threading.Thread(target=ev.wait)
print("default daemon", t.daemon, t.isDaemon.__name__)
t2 = threading.Thread(target=ev.wait, daemon=True)
print("daemon kw", t2.daemon)
t.daemon = True
print("set daemon", t.daemon)


def daemon_of_child():
    child = threading.Thread(target=lambda: None)
    return child.daemon


inherited = []
t3 = threading.Thread(target=lambda: inherited.append(daemon_of_child()), daemon=True)
t3.start()
t3.join()
print("inherited daemon", inherited)

# Errors.
def attempt(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


t = threading.Thread(target=lambda: None)
attempt("join before start", t.join)
t.start()
attempt("start twice", t.start)
t.join()
attempt("start after finish", t.start)
attempt("set daemon on started", setattr, t, "daemon", True)
attempt("join current thread", threading.current_thread().join)
attempt("join main from main", threading.main_thread().join)
attempt("start main", threading.main_thread().start)
errors = []


def self_join():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        errors.append(str(e))


t = threading.Thread(target=self_join)
t.start()
t.join()
print("self join in thread", errors)
attempt("Thread(bogus=1)", threading.Thread, bogus=1)
attempt("Thread target not callable", lambda: (lambda th: (th.start(), th.join()))(threading.Thread(target=42)))
print("hooked", hooked)
hooked.clear()
attempt("start_new_thread non-callable", _thread.start_new_thread, 42, ())
attempt("start_new_thread args not tuple", _thread.start_new_thread, print, [1])
attempt("start_new_thread kwargs not dict", _thread.start_new_thread, print, (), [])

# Identity.
print("main name", threading.current_thread().name, threading.main_thread().name)
print("main_thread is current", threading.main_thread() is threading.current_thread())
print("main class", type(threading.main_thread()).__name__)
info = {}


def identify():
    cur = threading.current_thread()
    info["name"] = cur.name
    info["is_main"] = cur is threading.main_thread()
    info["ident_match"] = cur.ident == threading.get_ident() == _thread.get_ident()
    info["ident_differs"] = threading.get_ident() != main_ident
    info["native_int"] = isinstance(threading.get_native_id(), int)
    info["native_match"] = cur.native_id == threading.get_native_id()
    info["native_differs"] = threading.get_native_id() != main_native
    info["enumerate"] = sorted(t.name for t in threading.enumerate())
    info["active"] = threading.active_count()


main_ident = threading.get_ident()
main_native = threading.get_native_id()
print("main ident match", threading.main_thread().ident == main_ident,
      "native", isinstance(main_native, int), threading.main_thread().native_id == main_native)
t = threading.Thread(target=identify, name="identity")
t.start()
t.join()
for k in sorted(info):
    print(" ", k, info[k])
print("enumerate after", [t.name for t in threading.enumerate()], threading.active_count())

# Raw _thread.start_new_thread: returns an int ident; exceptions go to the
# threading excepthook via _thread._excepthook-like reporting through
# sys.unraisablehook.
done = threading.Event()
res = []
ident = _thread.start_new_thread(lambda a, b=0: (res.append(a + b), done.set()), (1,), {"b": 2})
done.wait()
print("start_new_thread", isinstance(ident, int), res)
unraisable = []
sys.unraisablehook = lambda u: (unraisable.append((u.exc_type.__name__, str(u.exc_value))), done.set())
done.clear()
_thread.start_new_thread(boom, ())
done.wait()
print("start_new_thread exception", unraisable, hooked)
sys.unraisablehook = sys.__unraisablehook__
print("done")
