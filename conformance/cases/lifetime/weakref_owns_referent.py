# A weakref subclass instance whose attribute holds the last reference to its
# referent: freeing the weakref frees the referent, and no callback runs.
import weakref
class C: pass
class MyRef(weakref.ref):
    pass
n = 0
def callback(w):
    global n
    n += 1
o = C()
r1 = MyRef(o, callback)
r1.o = o
del o
del r1
print("one", n)
o = C()
r1 = MyRef(o, callback)
r2 = MyRef(o, callback)
r1.r = r2
r2.o = o
del o
del r2
del r1
print("two", n)
