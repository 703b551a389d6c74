# Recursion that runs through native code (comparing, repr'ing and freeing
# nested containers) counts against the recursion limit, as CPython's
# Py_EnterRecursiveCall does: RecursionError, never a native stack overflow.
import copy


def attempt(label, fn):
    try:
        r = fn()
    except RecursionError as e:
        print(label, "RecursionError", str(e).startswith("maximum recursion depth exceeded"))
    else:
        print(label, r)


a = []
a.append(a)
b = []
b.append(b)
attempt("self-list ==", lambda: a == b)
attempt("self-list repr", lambda: repr(a))

d1 = {}
d1[1] = d1
d2 = {}
d2[1] = d2
attempt("self-dict ==", lambda: d1 == d2)
attempt("deepcopy ==", lambda: copy.deepcopy(d1) == d1)
attempt("deepcopy repr", lambda: repr(copy.deepcopy(d1)))

d = {}
d[42] = d.values()
print(repr(d))
k = {}
k[1] = k.items()
print(repr(k))

nested = []
for i in range(100000):
    nested = [nested]
other = []
for i in range(100000):
    other = [other]
attempt("nested repr", lambda: repr(nested))
attempt("nested ==", lambda: nested == other)
attempt("nested <", lambda: nested < other)
t1 = t2 = ()
for i in range(50000):
    t1 = (t1, i)
    t2 = (t2, i)
attempt("nested tuple ==", lambda: t1 == t2)
nd = {}
for i in range(100000):
    nd = {"k": nd}
attempt("nested dict repr", lambda: len(repr(nd)) > 0)
# Freeing deeply nested containers.
del nested, other, t1, t2, nd
chain = None
for i in range(300000):
    chain = [chain, i]
chain = None
print("freed")


class Eq:
    def __eq__(self, other):
        return self == other


class Repr:
    def __repr__(self):
        return repr(self)


attempt("user __eq__", lambda: Eq() == Eq())
attempt("user __repr__", lambda: repr(Repr()))
attempt("after", lambda: [1, [2, [3]]] == [1, [2, [3]]])


# An instance whose class's __call__ is an instance of that class.
class Callable:
    pass


Callable.__call__ = Callable()
attempt("__call__ instance", lambda: Callable()())
