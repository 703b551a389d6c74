# OSError(errno, strerror, ...) creates the subclass for the errno (what
# subprocess relies on to raise FileNotFoundError from the child's report);
# BaseException.__new__ keeps the arguments even when __init__ does not;
# staticmethod objects are callable.
import errno

for n in [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EEXIST, errno.ECHILD,
          errno.EPIPE, errno.EAGAIN, errno.EINTR, errno.ESRCH, errno.ETIMEDOUT,
          errno.ECONNREFUSED, errno.EISDIR, errno.ENOTDIR, errno.EINVAL]:
    e = OSError(n, "message")
    print(n, type(e).__name__, e.errno, e.strerror, e)
e = OSError(errno.ENOENT, "No such file", "name")
print(type(e).__name__, e.filename, e)
print(type(OSError(errno.ENOENT)).__name__, type(OSError()).__name__)
print(type(OSError("2", "x")).__name__)
try:
    raise OSError(errno.ENOENT, "gone")
except FileNotFoundError as e:
    print("caught", repr(e))


class Mine(OSError):
    pass


print(type(Mine(errno.ENOENT, "x")).__name__)
print(type(FileNotFoundError(errno.EACCES, "x")).__name__)


class Quiet(Exception):
    def __init__(self, x):
        pass


print(Quiet(5).args, Quiet("a").args)


def f(x):
    return x * 2


s = staticmethod(f)
print(callable(s), s(21))
