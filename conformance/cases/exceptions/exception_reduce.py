# BaseException.__reduce__: (type, args) and the instance dict when it has
# anything; exceptions pickle and copy with their arguments.
import pickle, copy
class MyErr(Exception):
    pass
e2 = MyErr("x", 2); e2.extra = 5
for e in [ValueError("bad", 1), KeyError("k"), MyErr(), e2, OSError(2, "No such file")]:
    print(e.__reduce__())
    for proto in range(6):
        b = pickle.loads(pickle.dumps(e, proto))
        print(" ", proto, type(b).__name__, b.args, getattr(b, "extra", None), pickle.dumps(e, proto) if proto in (0, 2, 4) else "")
    c = copy.copy(e); print(" copy", type(c).__name__, c.args)
