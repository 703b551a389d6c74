# str() of OSError built with errno and strerror (and file names).
import os

print(OSError(28, "No space left on device"))
print(OSError(2, "x", "f"))
print(OSError(2, "x", "f", None, "g"))
print(OSError(2, "x", None))
print(OSError(1))
print(OSError(1, 2, 3, 4, 5, 6))
print(BrokenPipeError(32, "Broken pipe"))
print(repr(OSError(28, "No space")))
try:
    open("/nonexistent/file")
except OSError as e:
    print(type(e).__name__, e, e.errno, e.strerror, e.filename)
try:
    os.kill(2**22 + 12345, 0)
except OSError as e:
    print(type(e).__name__, e)
