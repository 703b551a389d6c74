# A threading.local subclass may name '__dict__' in its __slots__ (the C
# type _thread._local has no __dict__ slot of its own); its slots are
# shared between threads, its other attributes are per thread.
import threading


class Slotted(threading.local):
    __slots__ = ("s", "__dict__")


sl = Slotted()
sl.s = "main slot"
sl.d = "main dict"
box = []
t = threading.Thread(target=lambda: box.append((getattr(sl, "s", "<absent>"), getattr(sl, "d", "<absent>"))))
t.start()
t.join()
print("slotted thread", box)
