import os, tempfile, time
fd, p = tempfile.mkstemp()
os.utime(p, (1000000000.75, 1200000000.25))
st = os.stat(p); print(st.st_atime, st.st_mtime, st.st_mtime_ns)
os.utime(p, ns=(5 * 10**9 + 7, 6 * 10**9 + 9))
st = os.stat(p); print(st.st_atime_ns, st.st_mtime_ns)
os.utime(p, (-1.5, 3))
print(os.stat(p).st_atime_ns, os.stat(p).st_mtime)
os.utime(fd, (7, 8)); print(os.stat(p).st_mtime)
os.utime(p); print(abs(os.stat(p).st_mtime - time.time()) < 5)
for args, kw in [((p, (1, 2)), {'ns': (1, 2)}), ((p, 5), {}), ((p,), {'ns': 5}), (('/nonexistent/x', (1, 2)), {})]:
    try: os.utime(*args, **kw)
    except (ValueError, TypeError, OSError) as e: print(type(e).__name__, e)
os.close(fd); os.unlink(p)
