# fileno() of files from open() is the real descriptor (select, poll and
# subprocess take files through it).
import os
import select

with open(__file__, "rb") as a, open(__file__, "r") as b, open("/dev/null", "w") as c:
    fds = [a.fileno(), b.fileno(), c.fileno()]
    print(len(set(fds)) == 3, all(fd > 2 for fd in fds))
    print(os.fstat(a.fileno()).st_size == os.path.getsize(__file__))
    print(os.read(b.fileno(), 7))
    print(select.select([a], [c], [], 0) == ([a], [c], []))
try:
    a.fileno()
except ValueError as e:
    print("ValueError", e)
print(sys_fds := [__import__("sys").stdin.fileno(), __import__("sys").stdout.fileno()])
