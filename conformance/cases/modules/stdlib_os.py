import os, os.path, stat, contextlib
print(os.name, os.sep, os.linesep == "\n", os.curdir, os.pardir)
here = os.path.dirname(os.path.abspath(__file__))
print(os.path.basename(__file__), os.path.isdir(here), os.path.isfile(__file__), os.path.exists("/nonexistent"))
print(os.path.join("a", "b", "c.txt"), os.path.splitext("x/y.tar.gz"), os.path.split("/a/b/c"), os.path.normpath("a//b/../c"))
d = os.path.join(here, "tmp_os_case_%d" % os.getpid())
if os.path.exists(d):
    for n in os.listdir(d): os.remove(os.path.join(d, n))
    os.rmdir(d)
os.mkdir(d)
with open(os.path.join(d, "f.txt"), "w") as f:
    f.write("hello")
st = os.stat(os.path.join(d, "f.txt"))
print(st.st_size, stat.S_ISREG(st.st_mode), stat.S_ISDIR(os.stat(d).st_mode), st[6])
os.rename(os.path.join(d, "f.txt"), os.path.join(d, "g.txt"))
print(sorted(os.listdir(d)), [e.name for e in os.scandir(d)], [e.is_file() for e in os.scandir(d)])
for root, dirs, files in os.walk(d):
    print(os.path.basename(root).startswith("tmp_os_case_"), dirs, files)
try:
    os.remove(os.path.join(d, "nope"))
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno, e.strerror)
try:
    os.mkdir(d)
except FileExistsError as e:
    print("FileExistsError", e.errno)
os.remove(os.path.join(d, "g.txt"))
os.rmdir(d)
print(os.path.exists(d), isinstance(os.getpid(), int), os.getcwd() == os.path.abspath("."))
os.environ["EGRET_TEST_VAR"] = "v1"
print(os.environ["EGRET_TEST_VAR"], os.getenv("EGRET_TEST_VAR"), "EGRET_TEST_VAR" in os.environ, os.environ.get("NOPE_X", "dflt"))
del os.environ["EGRET_TEST_VAR"]
print(os.getenv("EGRET_TEST_VAR"), len(os.urandom(8)), os.fspath("p"), os.strerror(2))
fd = os.open(__file__, os.O_RDONLY)
print(os.read(fd, 6), os.lseek(fd, 0, os.SEEK_SET))
os.close(fd)
with contextlib.suppress(KeyError):
    {}["x"]
print("suppressed")
@contextlib.contextmanager
def tag(n):
    print("<" + n + ">")
    yield n
    print("</" + n + ">")
with tag("b") as t:
    print("inside", t)
print(os.path.expanduser("~") != "~", os.path.isabs("/x"), os.path.commonprefix(["abc", "abd"]))
