# array.array as a native type: subclasses with their own __init__,
# read-only typecode/itemsize, results of the base type, in-place
# repetition, weak proxies, pickling and MutableSequence.
import array
import collections.abc
import copy
import pickle
import weakref


class A(array.array):
    def __init__(self, code, init=(), extra=None):
        self.extra = extra


a = A("i", [1, 2], extra=5)
print(a, a.extra, a.typecode, a.itemsize, type(a[:1]).__name__, type(a + a).__name__, type(a * 2).__name__, type(2 * a).__name__)
print(type(copy.copy(a)).__name__, pickle.loads(pickle.dumps(a)).extra)
for stmt in ["a.typecode = 'b'", "array.array('d').x = 1", "array.array('i', [1], x=2)",
             "array.array('xx')", "array.array('x')", "array.array()", "a.tolist(1)",
             "a.reverse(1)", "a.buffer_info(0)"]:
    try:
        exec(stmt)
        print(stmt, "ok")
    except Exception as e:
        print(stmt, type(e).__name__, e)
b = array.array("h", [1, 2])
c = b
b *= 3
print(b is c, b, 3 * array.array("b", [7]), array.array("q", [2 ** 62]) * 2)
p = weakref.proxy(b)
print(len(p), p.tolist())
del b, c
try:
    len(p)
except ReferenceError as e:
    print("ReferenceError", e)
print(isinstance(array.array("B"), collections.abc.MutableSequence), array.array.__name__, array.array.__module__)
print(repr(A("d")), repr(array.array("u", "hi")), array.array("I", [2 ** 32 - 1]))


class Big:
    def __index__(self):
        return 2 ** 40


print(array.array("q", [Big()]))
try:
    array.array("i", [Big()])
except OverflowError as e:
    print("OverflowError", e)
x = array.array("i", [1, 2, 3])
x[1:2] = array.array("i", [7, 8])
print(x)
for bad in ([9], array.array("h", [1])):
    try:
        x[0:1] = bad
    except TypeError as e:
        print("TypeError", e)
