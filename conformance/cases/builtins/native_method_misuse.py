# Native methods and functions called without their receiver or
# arguments, or on the wrong type, raise TypeError (never crash).
import array, codecs, collections, os, _struct
def attempt(label, f, *args, message=True):
    try:
        f(*args)
    except Exception as e:
        print(label, type(e).__name__, e if message else "")
attempt("list.append()", list.append)
attempt("list.append(None, 1)", list.append, None, 1)
attempt("dict.keys(1)", dict.keys, 1)
attempt("list.__init__(None)", list.__init__, None)
attempt("str.upper(b'x')", str.upper, b"x")
attempt("list.__reversed__(1)", list.__reversed__, 1)
attempt("dict.update()", dict.update)
d = collections.deque()
attempt("deque.__contains__", d.__contains__, message=False)
attempt("deque.__getitem__", d.__getitem__, message=False)
a = array.array("i")
attempt("array.__eq__", a.__eq__, message=False)
attempt("array.__delitem__", a.__delitem__, message=False)
attempt("codecs.utf_8_encode", codecs.utf_8_encode, message=False)
attempt("struct.unpack_from", _struct.unpack_from, message=False)
attempt("os.fstat(-1)", os.fstat, -1, message=False)
attempt("type.__call__(None)", type.__call__, None, message=False)
attempt("property.getter", property().getter, message=False)
attempt("BaseException.__str__(None)", BaseException.__str__, None)
