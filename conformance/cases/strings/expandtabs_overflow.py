# str/bytes.expandtabs: the tab size is a C int (OverflowError beyond it, as
# CPython), arguments checked as Argument Clinic does.
import sys
def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "->", repr(r)[:60], len(r) if isinstance(r, (str, bytes, bytearray)) else "")
show("maxsize", lambda: 'abc'.expandtabs(sys.maxsize))
show("2**62", lambda: 'a\tb'.expandtabs(2**62))
show("2**31", lambda: 'a\tb'.expandtabs(2**31))
show("2**31-1 notab", lambda: 'ab'.expandtabs(2**31 - 1))
show("-2**31", lambda: 'a\tb'.expandtabs(-2**31))
show("-2**31-1", lambda: 'a\tb'.expandtabs(-2**31 - 1))
show("neg", lambda: 'a\tb\tc'.expandtabs(-1))
show("zero", lambda: 'a\tb\tc'.expandtabs(0))
show("kw", lambda: 'a\tb'.expandtabs(tabsize=3))
show("float", lambda: 'a\tb'.expandtabs(1.5))
show("str", lambda: 'a\tb'.expandtabs('1'))
show("bool", lambda: 'a\tb'.expandtabs(True))
show("two", lambda: 'a\tb'.expandtabs(1, 2))
show("badkw", lambda: 'a\tb'.expandtabs(size=2))
show("newline", lambda: 'ab\tc\nd\te\r\tf'.expandtabs(4))
show("bytes maxsize", lambda: b'abc'.expandtabs(sys.maxsize))
show("bytes 2**62", lambda: b'a\tb'.expandtabs(2**62))
show("bytes 2**31", lambda: b'a\tb'.expandtabs(2**31))
show("bytearray", lambda: bytearray(b'a\tb').expandtabs(2**31))
show("bytes kw", lambda: b'a\tb'.expandtabs(tabsize=3))
show("bytes neg", lambda: b'a\tb'.expandtabs(-3))
show("big tab", lambda: 'a\tb'.expandtabs(10**6))
show("bytes big tab", lambda: bytearray(b'a\tb').expandtabs(1000))
class I:
    def __index__(self): return 4
show("index", lambda: 'a\tb'.expandtabs(I()))
