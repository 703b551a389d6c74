# A value a thread stored in a threading.local is freed once the thread
# has finished (CPython's C _thread._local drops the thread's dict when the
# thread ends).
import gc
import threading
import weakref

loc = threading.local()


class Obj:
    pass


refs = []


def keep():
    o = Obj()
    loc.obj = o
    refs.append(weakref.ref(o))


t = threading.Thread(target=keep)
t.start()
t.join()
gc.collect()
print("thread value released", refs[0]() is None)
