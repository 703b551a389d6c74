# Errors raised inside native modules leave no frames of their own in the
# traceback (egret writes parts of some of them in Python: sqlite3, mmap,
# io.StringIO), as CPython's C modules leave none. (pyexpat is left out:
# CPython's adds a frame naming pyexpat.c for a handler's exception.)
import io
import mmap
import sqlite3
import traceback


def frames(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__, [fr.name for fr in traceback.extract_tb(e.__traceback__)]


con = sqlite3.connect(":memory:")
print(frames(lambda: con.execute("selec 1")))
print(frames(lambda: con.execute("select ?", (object(),))))
print(frames(lambda: io.StringIO().write(5)))
print(frames(lambda: mmap.mmap(-1, 10).seek(100)))
